use std::fmt::Write as _;

use clap::Args;
use serde::Serialize;

use crate::cli::output;
use crate::connector::{Connector, OAuth2, Origin};
use crate::context::Context;
use crate::error::Result;
use crate::store::client_app::{self as client, ClientSource};

/// Show a connector: endpoints, scopes, params, how the credential is applied, exported variables
#[derive(Debug, Args)]
#[command(after_long_help = "Examples:
  tether connector show github
  tether connector show github --json")]
pub struct ShowArgs {
    /// Connector id
    #[arg(add = crate::cli::complete::connector_ids())]
    pub id: String,
}

/// `connector show --json`: the definition as in its TOML, plus what tether derives from it.
#[derive(Debug, Serialize)]
struct Shown<'a> {
    #[serde(flatten)]
    connector: &'a Connector,
    origin: Origin,
    /// How the credential is applied to a request, in words.
    applied: String,
    /// Every scope with its description and whether it is selected by default.
    scope_details: Vec<Scope<'a>>,
    /// The client app in effect (oauth2), without any secret.
    client: Option<ClientShown>,
}

#[derive(Debug, Serialize)]
struct Scope<'a> {
    name: &'a str,
    description: Option<&'a str>,
    default: bool,
}

#[derive(Debug, Serialize)]
struct ClientShown {
    client_id: String,
    source: ClientSource,
    has_secret: bool,
}

pub(super) fn run(ctx: &Context, args: &ShowArgs) -> Result<()> {
    let (c, origin) = crate::store::connectors::load_with_origin(&ctx.paths, &args.id)?;
    let scopes: Vec<Scope<'_>> = c
        .oauth2()
        .into_iter()
        .flat_map(|o| {
            o.scopes.iter().map(|s| Scope {
                name: s,
                description: o.scope_descriptions.get(s).map(String::as_str),
                default: o.default_scopes.contains(s),
            })
        })
        .collect();
    let client = effective_client(ctx, &c)?;
    if ctx.json {
        return output::print_json(&Shown {
            connector: &c,
            origin,
            applied: c.applied(),
            scope_details: scopes,
            client,
        });
    }
    output::print(&human(
        &c,
        origin,
        &scopes,
        client.as_ref(),
        output::color(),
    ))
}

/// The client in effect, read from metadata only (the secret stays in the vault).
fn effective_client(ctx: &Context, c: &Connector) -> Result<Option<ClientShown>> {
    let Some(oauth2) = c.oauth2() else {
        return Ok(None);
    };
    if let Some(file) = client::configured(&ctx.paths, &c.id)? {
        return Ok(Some(ClientShown {
            client_id: file.client_id,
            source: ClientSource::Configured,
            has_secret: file.has_secret,
        }));
    }
    Ok(oauth2.client_id.as_ref().map(|id| ClientShown {
        client_id: id.clone(),
        source: ClientSource::Connector,
        has_secret: false,
    }))
}

/// Aligned `key  value` lines under a heading.
fn section(out: &mut String, heading: &str, pairs: &[(&str, String)], color: bool) {
    let width = pairs.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let _ = writeln!(out, "\n{}", output::bold(heading, color));
    for (key, value) in pairs {
        let _ = writeln!(out, "  {key:<width$}  {value}");
    }
}

fn human(
    c: &Connector,
    origin: Origin,
    scopes: &[Scope<'_>],
    client: Option<&ClientShown>,
    color: bool,
) -> String {
    let mut out = format!("{} ({})\n", output::bold(&c.name, color), c.id);
    if let Some(description) = &c.description {
        let _ = writeln!(out, "{description}");
    }
    let mut about = vec![("auth", c.auth.to_string()), ("origin", origin.to_string())];
    if let Some(base_url) = &c.base_url {
        about.push(("base URL", base_url.clone()));
    }
    if let Some(docs) = &c.docs {
        about.push(("docs", docs.clone()));
    }
    if let Some(verified) = &c.verified {
        about.push(("verified", verified.clone()));
    }
    about.push(("credential", c.applied()));
    for (name, value) in &c.headers {
        about.push(("header", format!("{name}: {value}")));
    }
    for (name, value) in &c.query {
        about.push(("query", format!("{name}={value}")));
    }
    section(&mut out, "Connector", &about, color);
    params(&mut out, c, color);
    if let Some(o) = c.oauth2() {
        section(&mut out, "OAuth2", &oauth2_pairs(c, o, client), color);
        scope_lines(&mut out, scopes, color);
    }
    if let Some(identity) = &c.identity {
        let mut pairs = vec![
            ("URL", format!("GET {}", identity.url)),
            ("login", identity.field.clone()),
        ];
        pairs.extend(identity.subject.clone().map(|s| ("subject", s)));
        section(&mut out, "Identity (read after authorizing)", &pairs, color);
    }
    if let Some(git) = &c.git {
        let mut pairs = vec![
            ("hosts", git.hosts.join(", ")),
            ("username", git.username_template(c.auth.kind()).to_owned()),
        ];
        if git.bearer {
            pairs.push(("bearer", "yes, to git 2.46 and later".to_owned()));
        }
        section(
            &mut out,
            "Git over HTTPS (`tether setup-git`)",
            &pairs,
            color,
        );
    }
    if let Some(docker) = &c.docker {
        let username = docker.username.clone().unwrap_or_else(|| {
            format!(
                "the account's login, else `{}`",
                crate::connector::docker::DEFAULT_USERNAME
            )
        });
        let pairs = vec![
            ("registries", docker.registries.join(", ")),
            ("username", username),
        ];
        section(
            &mut out,
            "Docker (`docker-credential-tether` logs in with the credential)",
            &pairs,
            color,
        );
    }
    if !c.env.is_empty() {
        let pairs: Vec<(&str, String)> =
            c.env.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        section(
            &mut out,
            "Environment (exported by `tether exec`)",
            &pairs,
            color,
        );
    }
    out
}

/// The params as a table: what is asked for, what is secret, what belongs to the connection,
/// and the values allowed when a param lists them.
fn params(out: &mut String, c: &Connector, color: bool) {
    if c.params.is_empty() {
        return;
    }
    let with_choices = c.params.iter().any(|p| !p.choices.is_empty());
    let yes_no = |b: bool| if b { "yes" } else { "no" }.to_owned();
    let rows: Vec<Vec<String>> = c
        .params
        .iter()
        .map(|p| {
            let mut row = vec![
                p.name.clone(),
                p.label().to_owned(),
                yes_no(p.secret),
                yes_no(p.connection),
            ];
            if with_choices {
                row.push(p.choices.join(", "));
            }
            row
        })
        .collect();
    let mut header = vec!["NAME", "LABEL", "SECRET", "CONNECTION"];
    if with_choices {
        header.push("CHOICES");
    }
    let _ = writeln!(out, "\n{}", output::bold("Params", color));
    for line in output::table(&header, &rows).lines() {
        let _ = writeln!(out, "  {line}");
    }
}

fn oauth2_pairs(
    c: &Connector,
    o: &OAuth2,
    client: Option<&ClientShown>,
) -> Vec<(&'static str, String)> {
    let optional = |key: &'static str, value: &Option<String>| value.clone().map(|v| (key, v));
    let mut pairs = vec![("grant", o.grant.as_str().to_owned())];
    pairs.extend(optional("issuer", &o.issuer));
    if o.issuer.is_some() && !o.require_iss {
        pairs.push((
            "iss in redirects",
            "checked when sent, not required".to_owned(),
        ));
    }
    pairs.extend(optional("authorization URL", &o.authorization_url));
    pairs.push(("token URL", o.token_url.clone()));
    pairs.extend(optional("device URL", &o.device_authorization_url));
    if let Some(r) = o.revocation() {
        pairs.push(("revocation URL", r.url));
    }
    for (name, capture) in &o.capture {
        pairs.push((
            "captures",
            format!("{{{name}}} from {}", String::from(capture.clone())),
        ));
    }
    if let Some(jwt) = &o.jwt {
        // No person, no redirect, no client app: the signed assertion is the credential.
        let claims: Vec<String> = jwt.claims.iter().map(|(k, v)| format!("{k}={v}")).collect();
        pairs.push((
            "assertion",
            format!(
                "{} JWT signed with {}, valid {}s: {}",
                jwt.algorithm.as_str(),
                jwt.key,
                jwt.lifetime_secs,
                claims.join(", ")
            ),
        ));
        pairs.push((
            "token refresh",
            format!("a new assertion {}s before expiry", o.expiry_buffer_secs),
        ));
        pairs.push(("client", "none needed".to_owned()));
        return pairs;
    }
    pairs.push(("PKCE", if o.pkce { "yes (S256)" } else { "no" }.to_owned()));
    pairs.push(("client auth", o.client_auth.as_str().to_owned()));
    let port = if o.redirect_port == 0 {
        "<any free port>".to_owned()
    } else {
        o.redirect_port.to_string()
    };
    pairs.push((
        "redirect URI",
        format!("http://{}:{port}{}", o.redirect_host, o.redirect_path),
    ));
    pairs.push((
        "token refresh",
        format!("{}s before expiry", o.expiry_buffer_secs),
    ));
    let client_line = match client {
        Some(cl) => {
            let source = match cl.source {
                ClientSource::Configured => "configured",
                ClientSource::Connector => "from the connector",
            };
            let secret = if cl.has_secret {
                ", secret in the vault"
            } else {
                ""
            };
            format!("{} ({source}{secret})", cl.client_id)
        }
        None => format!(
            "not configured; run `tether connector configure {} --client-id ID`",
            c.id
        ),
    };
    pairs.push(("client", client_line));
    pairs
}

fn scope_lines(out: &mut String, scopes: &[Scope<'_>], color: bool) {
    if scopes.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n{} (* = selected by default)",
        output::bold("Scopes", color)
    );
    let width = scopes
        .iter()
        .map(|s| s.name.chars().count())
        .max()
        .unwrap_or(0);
    for s in scopes {
        let mark = if s.default { '*' } else { ' ' };
        let line = format!(
            "  {mark} {:<width$}  {}",
            s.name,
            s.description.unwrap_or("")
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
}
