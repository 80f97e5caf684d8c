//! Authorizing a connection in one or more environments: choosing (or reusing) the account,
//! collecting the secrets, and recording the result. Shared by `connection create
//! --authorize`, `connection authorize` and `connection reauthorize`.

use std::collections::BTreeMap;

use crate::connector::{self, AuthType, Connector};
use crate::context::{Context, Verbosity};
use crate::environment::Environment;
use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::store::account::{self, Account, AccountStatus};
use crate::store::connection::{self, Binding, Connection};
use crate::store::fingerprint::Configuration;
use crate::store::secrets::Secrets;
use crate::store::{self};
use crate::values::ValueReader;

/// What the person asked for.
#[derive(Debug, Default)]
pub struct Request {
    /// Environments to authorize; empty means "ask, or development".
    pub envs: Vec<Environment>,
    pub all_envs: bool,
    /// `--account NAME`.
    pub account: Option<String>,
    /// `--param K=V` as typed (values not yet read).
    pub params: Vec<(String, String)>,
    /// Whether an environment that is already authorized may be switched to another account.
    pub replace: bool,
    pub oauth: OAuthOptions,
}

/// How to run the OAuth2 flow, as the person asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OAuthOptions {
    /// `None`: client credentials for machine connectors, else the browser.
    pub flow: Option<Flow>,
    /// False with `--no-browser`: the URL is only printed.
    pub open_browser: bool,
    pub port: Option<u16>,
    /// `None`: 300 s for the browser, the code's own lifetime for the device flow.
    pub timeout_secs: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Browser,
    Device,
    Paste,
    ClientCredentials,
}

/// What happened, for the message and for callers that clean up.
#[derive(Debug)]
pub struct Outcome {
    pub account: Account,
    pub envs: Vec<Environment>,
    pub reused: bool,
    /// Accounts no longer used anywhere (their secrets were removed from the vault).
    pub released: Vec<(Account, Option<Secrets>)>,
}

/// Authorizes `link` as `request` says and records it.
pub fn authorize(ctx: &Context, link: &str, request: &Request) -> Result<Outcome> {
    let connection = connection::load(&ctx.paths, link)?;
    let connector = connector::load(&ctx.paths, &connection.connector)?;
    let envs = choose_envs(ctx, &connection, request)?;
    if !request.replace {
        refuse_authorized(&connection, &envs)?;
    }
    let client = match connector.auth {
        AuthType::OAuth2 => Some(crate::credential::oauth_client(ctx, &connector)?),
        _ => None,
    };
    let configuration = Configuration::new(
        &connector.id,
        client.as_ref().map(|c| c.id.as_str()),
        &connection.scopes,
        &connection.params,
    );
    let (os_user, authorized_by) = account::current_user();

    let (account, secrets, reused) = match choose_account(
        ctx,
        &connection,
        &configuration,
        &os_user,
        request,
    )? {
        Choice::Reuse(account) => {
            let account = *account;
            if !request.params.is_empty() {
                ctx.say(format!(
                    "account `{}` already authorizes this configuration; the --param values were not needed",
                    account.label()
                ));
            }
            (account, None, true)
        }
        Choice::New(name) => {
            let params = collect_params(ctx, &connector, &connection, &request.params)?;
            let mut secrets = Secrets {
                params,
                oauth: None,
            };
            let mut granted = Vec::new();
            if let Some(client) = &client {
                let tokens =
                    obtain_tokens(ctx, &connector, client, &connection.scopes, &request.oauth)?;
                report_narrower_grant(ctx, &connection.scopes, &tokens.scopes);
                granted.clone_from(&tokens.scopes);
                secrets.oauth = Some(tokens);
            }
            let account = Account {
                id: account::new_id()?,
                name,
                fingerprint: configuration.fingerprint(),
                configuration: configuration.clone(),
                os_user,
                authorized_by,
                authorized_at: ctx.now(),
                origin_link: connection.link_name.clone(),
                origin_env: envs[0],
                granted_scopes: granted,
                expires_at: secrets.oauth.as_ref().and_then(|t| t.expires_at),
                refreshable: secrets
                    .oauth
                    .as_ref()
                    .is_some_and(|t| t.refresh_token.is_some()),
                status: AccountStatus::Connected,
            };
            (account, Some(secrets), false)
        }
    };

    let released = record(
        ctx,
        link,
        &envs,
        &account,
        secrets.as_ref(),
        request.replace,
    )?;
    Ok(Outcome {
        account,
        envs,
        reused,
        released,
    })
}

/// Saves a new authorization under the state lock: vault record, account, then the bindings.
fn record(
    ctx: &Context,
    link: &str,
    envs: &[Environment],
    account: &Account,
    secrets: Option<&Secrets>,
    replace: bool,
) -> Result<Vec<(Account, Option<Secrets>)>> {
    let _lock = store::lock_state(&ctx.paths)?;
    // Re-read: another process may have changed the connection while we were prompting.
    let mut connection = connection::load(&ctx.paths, link)?;
    if !replace {
        refuse_authorized(&connection, envs)?;
    }
    if let Some(name) = account.name.as_ref().filter(|_| secrets.is_some())
        && account::find_by_label(&ctx.paths, name)?.is_some()
    {
        return Err(name_taken(name));
    }
    if let Some(secrets) = secrets {
        secrets.save(ctx.vault()?, &account.record())?;
    }
    account::save(&ctx.paths, account)?;
    let mut replaced = Vec::new();
    for env in envs {
        let binding = Binding {
            account: account.id.clone(),
        };
        if let Some(old) = connection
            .environments
            .insert(*env, binding)
            .filter(|old| old.account != account.id)
        {
            replaced.push(old.account);
        }
    }
    connection::save(&ctx.paths, &connection)?;
    release_unused(ctx, replaced)
}

/// Removes the secrets of accounts nothing uses any more; returns them for revocation.
/// The caller holds the state lock.
pub fn release_unused(
    ctx: &Context,
    candidates: Vec<String>,
) -> Result<Vec<(Account, Option<Secrets>)>> {
    let mut released = Vec::new();
    if candidates.is_empty() {
        return Ok(released);
    }
    let connections = connection::list(&ctx.paths)?;
    for id in candidates {
        let used = connections
            .iter()
            .any(|c| c.environments.values().any(|b| b.account == id));
        if used || released.iter().any(|(a, _): &(Account, _)| a.id == id) {
            continue;
        }
        let old = account::load(&ctx.paths, &id)?;
        let secrets = Secrets::load(ctx.vault()?, &old.record())?;
        ctx.vault()?.delete(&old.record())?;
        // A named account stays listed (it can be reused by authorizing again); an unnamed
        // one has no way back, so it goes.
        if old.name.is_none() {
            account::remove(&ctx.paths, &id)?;
        }
        released.push((old, secrets));
    }
    Ok(released)
}

enum Choice {
    Reuse(Box<Account>),
    /// A new account, named or not.
    New(Option<String>),
}

fn choose_account(
    ctx: &Context,
    connection: &Connection,
    configuration: &Configuration,
    os_user: &str,
    request: &Request,
) -> Result<Choice> {
    if let Some(label) = &request.account {
        let Some(existing) = account::find_by_label(&ctx.paths, label)? else {
            connector::validate_id("account name", label)?;
            return Ok(Choice::New(Some(label.clone())));
        };
        return check_reusable(existing, configuration, os_user)
            .map(|a| Choice::Reuse(Box::new(a)));
    }
    let Some(prompter) = ctx.try_prompter() else {
        // Non-interactive and no name: an unnamed account, listed as LINK@ENV.
        return Ok(Choice::New(None));
    };
    let fingerprint = configuration.fingerprint();
    let matching: Vec<Account> = account::list(&ctx.paths)?
        .into_iter()
        .filter(|a| a.name.is_some() && a.fingerprint == fingerprint && a.os_user == os_user)
        .collect();
    if !matching.is_empty() {
        let mut items: Vec<String> = matching
            .iter()
            .map(|a| format!("{} (authorized by {})", a.label(), a.authorized_by))
            .collect();
        items.push("authorize a new account".to_owned());
        let question = if let [only] = matching.as_slice() {
            format!(
                "{} already authorizes this configuration. Reuse it?",
                only.label()
            )
        } else {
            "These accounts already authorize this configuration. Reuse one?".to_owned()
        };
        let picked = prompter.select(&question, &items, 0)?;
        if let Some(account) = matching.into_iter().nth(picked) {
            return Ok(Choice::Reuse(Box::new(account)));
        }
    }
    let suggestion = suggest_name(ctx, os_user, &connection.connector)?;
    loop {
        let name = prompter.input("Name for the authorized account", Some(&suggestion))?;
        if let Err(e) = connector::validate_id("account name", &name) {
            ctx.say(e.to_string());
            continue;
        }
        match account::find_by_label(&ctx.paths, &name)? {
            None => return Ok(Choice::New(Some(name))),
            Some(existing) => match check_reusable(existing, configuration, os_user) {
                Ok(account) => return Ok(Choice::Reuse(Box::new(account))),
                Err(e) => ctx.say(e.to_string()),
            },
        }
    }
}

/// An existing account may back this configuration only if it is named, the current OS
/// user's, and of the same fingerprint.
fn check_reusable(
    account: Account,
    configuration: &Configuration,
    os_user: &str,
) -> Result<Account> {
    let label = account.label();
    if account.name.is_none() {
        return Err(Error::invalid(
            format!("account `{label}` has no name yet, so it cannot be reused"),
            format!("name it first: `tether account rename {label} NEW`"),
        ));
    }
    if account.os_user != os_user {
        return Err(Error::invalid(
            format!("account `{label}` belongs to OS user `{}`", account.os_user),
            "authorize a new account under another name",
        ));
    }
    if account.fingerprint != configuration.fingerprint() {
        let differences = account.configuration.differences(configuration).join("; ");
        return Err(Error::invalid(
            format!("account `{label}` authorizes a different configuration ({differences})"),
            "choose another --account name to authorize a new account",
        ));
    }
    Ok(account)
}

fn suggest_name(ctx: &Context, os_user: &str, connector: &str) -> Result<String> {
    let user: String = os_user
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let base = format!("{}-{connector}", user.trim_matches('-'));
    let taken: Vec<String> = account::list(&ctx.paths)?
        .iter()
        .map(Account::label)
        .collect();
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}-{n}");
        n += 1;
    }
    Ok(name)
}

fn name_taken(name: &str) -> Error {
    Error::invalid(
        format!("an account named `{name}` already exists"),
        "choose another --account name, or reuse it with `tether connection reuse`",
    )
}

fn choose_envs(
    ctx: &Context,
    connection: &Connection,
    request: &Request,
) -> Result<Vec<Environment>> {
    if request.all_envs || connection.same_for_all_environments {
        return Ok(Environment::ALL.to_vec());
    }
    let given = if request.envs.is_empty() {
        ctx.envs()
    } else {
        request.envs.clone()
    };
    if !given.is_empty() {
        return Ok(given);
    }
    let Some(prompter) = ctx.try_prompter() else {
        return Ok(vec![Environment::Development]);
    };
    let items: Vec<String> = Environment::ALL.iter().map(ToString::to_string).collect();
    // Tick one environment: development (the default), or the first one still unauthorized.
    let first_open = Environment::ALL
        .into_iter()
        .find(|e| !connection.environments.contains_key(e))
        .unwrap_or(Environment::Development);
    let checked: Vec<bool> = Environment::ALL.iter().map(|e| *e == first_open).collect();
    loop {
        let picked = prompter.multi_select("Environments to authorize", &items, &checked)?;
        if !picked.is_empty() {
            return Ok(picked.into_iter().map(|i| Environment::ALL[i]).collect());
        }
        ctx.say("pick at least one environment (space toggles, enter confirms)");
    }
}

fn refuse_authorized(connection: &Connection, envs: &[Environment]) -> Result<()> {
    let link = &connection.link_name;
    for env in envs {
        if connection.environments.contains_key(env) {
            return Err(Error::invalid(
                format!("connection `{link}` is already authorized in {env}"),
                format!(
                    "to link another account, run `tether connection reauthorize {link} --env {env} --account NAME`"
                ),
            ));
        }
    }
    Ok(())
}

/// Reads the authorization's params: `--param` values, then defaults, then prompts.
fn collect_params(
    ctx: &Context,
    connector: &Connector,
    connection: &Connection,
    given: &[(String, String)],
) -> Result<BTreeMap<String, Secret>> {
    let mut reader = ValueReader::default();
    let mut values = BTreeMap::new();
    for (name, raw) in given {
        let Some(param) = connector.param(name) else {
            return Err(unknown_param(connector, name));
        };
        if param.connection {
            let stored = connection.params.get(name);
            let value = reader.read(name, raw)?;
            if stored.map(String::as_str) != Some(value.expose()) {
                return Err(Error::invalid(
                    format!(
                        "`{name}` is a value of the connection `{}`, set when it was created",
                        connection.link_name
                    ),
                    "create another connection to use another value",
                ));
            }
            continue;
        }
        values.insert(name.clone(), reader.read(name, raw)?);
    }
    for param in connector.params.iter().filter(|p| !p.connection) {
        if values.contains_key(&param.name) {
            continue;
        }
        if let Some(default) = &param.default {
            values.insert(param.name.clone(), Secret::from(default.as_str()));
            continue;
        }
        if !param.required {
            continue;
        }
        let what = format!("the {} of connector `{}`", param.label(), connector.id);
        let prompter = ctx.prompter(&what, &format!("--param {}=…", param.name))?;
        let value = if param.secret {
            prompter.secret(param.label())?
        } else {
            Secret::new(prompter.input(param.label(), None)?)
        };
        values.insert(param.name.clone(), value);
    }
    ctx.log(
        Verbosity::Debug,
        format!("collected {} authorization values", values.len()),
    );
    Ok(values)
}

/// The error for a `--param` the connector does not declare.
pub fn unknown_param(connector: &Connector, name: &str) -> Error {
    let known: Vec<&str> = connector.params.iter().map(|p| p.name.as_str()).collect();
    Error::invalid(
        format!("connector `{}` has no param `{name}`", connector.id),
        if known.is_empty() {
            "this connector takes no params".to_owned()
        } else {
            format!("its params are: {}", known.join(", "))
        },
    )
}

/// Runs the OAuth2 flow. Without `--flow`: client credentials for machine connectors,
/// otherwise the browser (its URL is always printed, so it also serves SSH sessions).
fn obtain_tokens(
    ctx: &Context,
    connector: &Connector,
    client: &crate::oauth::Client,
    scopes: &[String],
    options: &OAuthOptions,
) -> Result<crate::oauth::Tokens> {
    use crate::oauth::Flow as F;
    let flow = match options.flow {
        Some(Flow::Browser) => F::Browser,
        Some(Flow::Device) => F::Device,
        Some(Flow::Paste) => F::Paste,
        Some(Flow::ClientCredentials) => F::ClientCredentials,
        None => connector.oauth2.as_ref().map_or(F::Browser, F::default_for),
    };
    let flow_options = crate::oauth::FlowOptions {
        open_browser: options.open_browser,
        port: options.port,
        timeout: options.timeout_secs.map(std::time::Duration::from_secs),
    };
    crate::oauth::authorize(ctx, connector, client, scopes, flow, &flow_options)
}

fn report_narrower_grant(ctx: &Context, requested: &[String], granted: &[String]) {
    let missing: Vec<&str> = requested
        .iter()
        .filter(|s| !granted.contains(s))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() && !granted.is_empty() {
        ctx.say(format!(
            "note: the provider granted fewer scopes than requested; not granted: {}",
            missing.join(" ")
        ));
    }
}
