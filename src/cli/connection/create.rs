use clap::Args;

use super::flags::AuthorizeFlags;
use crate::connector::{self, Connector};
use crate::context::Context;
use crate::error::Result;
use crate::store::connection::{self, Connection};
use crate::store::{self};
use crate::usage::UsageError;
use crate::value_source::{self, ValueReader};

/// Create a connection: a named use of a connector (add --authorize to authorize it too)
#[derive(Debug, Args)]
#[command(
    after_long_help = "Examples:\n  tether connection create wx --connector openweather --authorize --account me --param api_key=env:WX_KEY\n  tether connection create files --connector acme --scope files.read --param subdomain=eu"
)]
pub struct CreateArgs {
    /// Link name: the connection's permanent id (a-z, 0-9, `-`)
    pub link: String,

    /// The connector to use (asked for in a terminal)
    #[arg(long, value_name = "ID", add = crate::cli::complete::connector_ids())]
    pub connector: Option<String>,

    /// Display name (default: the link name)
    #[arg(long, value_name = "NAME")]
    pub display_name: Option<String>,

    /// An OAuth2 scope to request besides the connector's default scopes, which are always
    /// requested (repeatable)
    #[arg(long = "scope", value_name = "S")]
    pub scopes: Vec<String>,

    /// One authorization serves every environment
    #[arg(long)]
    pub same_for_all_envs: bool,

    /// A param value: K=V, K=@FILE, K=@- (stdin) or K=env:VAR
    #[arg(long, value_name = "K=V")]
    pub param: Vec<String>,

    /// An application allowed to use the connection (repeatable)
    #[arg(long = "access", value_name = "APP")]
    pub access: Vec<String>,

    /// Authorize the new connection right away ("Create and Authorize")
    #[arg(long)]
    pub authorize: bool,

    #[command(flatten)]
    pub flags: AuthorizeFlags,
}

pub(super) fn run(ctx: &Context, args: &CreateArgs) -> Result<()> {
    connector::validate_id("link name", &args.link)?;
    for app in &args.access {
        connector::validate_id("application name", app)?;
    }
    if connection::find(&ctx.paths, &args.link)?.is_some() {
        return Err(crate::store::StoreError::ConnectionExists {
            link: args.link.clone(),
        }
        .into());
    }
    // Before any question or param is read: nothing typed is lost for want of a vault key.
    if args.authorize {
        ctx.vault_for_secrets()?;
    }
    let connector = choose_connector(ctx, args.connector.as_deref())?;
    let pairs = args
        .param
        .iter()
        .map(|p| value_source::split_pair(p, "--param"))
        .collect::<Result<Vec<_>>>()?;
    let (connection_params, authorize_params): (Vec<_>, Vec<_>) = pairs
        .into_iter()
        .partition(|(name, _)| connector.param(name).is_some_and(|p| p.connection));
    if let Some((name, _)) = authorize_params.first().filter(|_| !args.authorize) {
        return Err(match connector.param(name) {
            None => crate::authorization::unknown_param(&connector, name),
            Some(_) => UsageError::ParamNeedsAuthorize { name: name.clone() }.into(),
        });
    }
    if let Some(flag) = args.flags.given().filter(|_| !args.authorize) {
        return Err(UsageError::FlagNeedsAuthorize {
            flag: flag.to_string(),
        }
        .into());
    }

    let connection = Connection {
        link_name: args.link.clone(),
        display_name: args
            .display_name
            .clone()
            .unwrap_or_else(|| args.link.clone()),
        connector: connector.id.clone(),
        scopes: choose_scopes(ctx, &connector, &args.scopes)?,
        params: connection_params_of(ctx, &connector, &connection_params)?,
        same_for_all_environments: args.same_for_all_envs || ask_same_for_all(ctx, args)?,
        access: dedup(&args.access),
        created_at: ctx.now(),
        environments: std::collections::BTreeMap::new(),
    };
    if args.authorize {
        let mut request = args.flags.request(&[])?;
        request.params = authorize_params;
        let outcome = crate::authorization::create_and_authorize(ctx, &connection, &request)?;
        super::report::authorization_notes(ctx, &outcome);
        ctx.ui().notice(&format!(
            "created connection `{}` ({})",
            args.link, connector.name
        ));
        super::report::authorized(ctx, &args.link, outcome);
        return super::details::print_if_json(ctx, &args.link);
    }
    {
        let lock = store::lock_state(&ctx.paths)?;
        if connection::find(&ctx.paths, &args.link)?.is_some() {
            return Err(crate::store::StoreError::ConnectionExists {
                link: args.link.clone(),
            }
            .into());
        }
        connection::save(&ctx.paths, &lock, &connection)?;
    }
    ctx.ui().notice(&format!(
        "created connection `{}` ({})",
        args.link, connector.name
    ));
    ctx.ui().notice(&format!(
        "next: tether connection authorize {} --account NAME",
        args.link
    ));
    super::details::print_if_json(ctx, &args.link)
}

fn choose_connector(ctx: &Context, id: Option<&str>) -> Result<Connector> {
    if let Some(id) = id {
        return crate::store::connectors::load(&ctx.paths, id);
    }
    let prompter = ctx.prompter("the connector", "--connector ID")?;
    let catalog = crate::store::connectors::catalog(&ctx.paths)?;
    let items: Vec<String> = catalog
        .iter()
        .map(|(c, _)| format!("{} ({}, {})", c.id, c.name, c.auth))
        .collect();
    let picked = prompter.search("Connector", &items)?;
    Ok(catalog
        .into_iter()
        .nth(picked)
        .map(|(c, _)| c)
        .expect("a listed item"))
}

/// The scopes to request: validated `--scope`s, else a prompt with the defaults ticked, else
/// the defaults. Only OAuth2 connectors have scopes.
fn choose_scopes(ctx: &Context, connector: &Connector, given: &[String]) -> Result<Vec<String>> {
    let Some(oauth2) = connector.oauth2() else {
        if given.is_empty() {
            return Ok(Vec::new());
        }
        return Err(UsageError::NoScopes {
            connector: connector.id.clone(),
            auth: connector.auth.to_string(),
        }
        .into());
    };
    for scope in given {
        if !oauth2.scopes.contains(scope) {
            return Err(UsageError::UnknownScope {
                connector: connector.id.clone(),
                scope: scope.clone(),
                scopes: oauth2.scopes.clone(),
            }
            .into());
        }
    }
    if !given.is_empty() {
        return Ok(with_defaults(dedup(given), &oauth2.default_scopes));
    }
    let Some(prompter) = ctx.try_prompter().filter(|_| !oauth2.scopes.is_empty()) else {
        return Ok(oauth2.default_scopes.clone());
    };
    let items: Vec<String> = oauth2
        .scopes
        .iter()
        .map(|s| {
            // Unticking one of these changes nothing; the list says so rather than ignore it.
            let always = if oauth2.default_scopes.contains(s) {
                "  (always requested)"
            } else {
                ""
            };
            match oauth2.scope_descriptions.get(s) {
                Some(d) => format!("{s}  {d}{always}"),
                None => format!("{s}{always}"),
            }
        })
        .collect();
    let checked: Vec<bool> = oauth2
        .scopes
        .iter()
        .map(|s| oauth2.default_scopes.contains(s))
        .collect();
    let picked = prompter.multi_select("Scopes", &items, &checked)?;
    let picked = picked
        .into_iter()
        .map(|i| oauth2.scopes[i].clone())
        .collect();
    Ok(with_defaults(picked, &oauth2.default_scopes))
}

/// Default scopes (like `offline_access`) are always requested along with the chosen ones.
fn with_defaults(mut scopes: Vec<String>, defaults: &[String]) -> Vec<String> {
    for scope in defaults {
        if !scopes.contains(scope) {
            scopes.push(scope.clone());
        }
    }
    scopes
}

/// The connection's own values (`connection = true` params): given, default, or asked.
fn connection_params_of(
    ctx: &Context,
    connector: &Connector,
    given: &[(String, String)],
) -> Result<std::collections::BTreeMap<String, String>> {
    let mut reader = ValueReader::default();
    let mut out = std::collections::BTreeMap::new();
    for (name, raw) in given {
        let value = reader.read(name, raw)?.expose().to_owned();
        if let Some(param) = connector.param(name) {
            crate::authorization::check_choice(param, &value)?;
        }
        out.insert(name.clone(), value);
    }
    for param in connector.params.iter().filter(|p| p.connection) {
        if out.contains_key(&param.name) {
            continue;
        }
        if let Some(default) = &param.default {
            out.insert(param.name.clone(), default.clone());
        } else if param.required {
            let what = format!("the {} of connector `{}`", param.label(), connector.id);
            let prompter = ctx.prompter(&what, &format!("--param {}=…", param.name))?;
            out.insert(
                param.name.clone(),
                crate::authorization::ask_value(prompter, param)?,
            );
        }
    }
    Ok(out)
}

fn ask_same_for_all(ctx: &Context, args: &CreateArgs) -> Result<bool> {
    if args.flags.all_envs || !ctx.envs().is_empty() {
        return Ok(false);
    }
    match ctx.try_prompter() {
        Some(prompter) => {
            prompter.confirm("Use the same authorization for all environments?", false)
        }
        None => Ok(false),
    }
}

fn dedup(items: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        if !out.contains(item) {
            out.push(item.clone());
        }
    }
    out
}
