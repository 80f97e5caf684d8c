use std::collections::BTreeMap;
use std::fmt::Write as _;

use clap::Args;
use serde::Serialize;

use crate::cli::output::{self, Column, rfc3339};
use crate::context::Context;
use crate::environment::Environment;
use crate::error::Result;
use crate::store::account::{self, Account, EnvStatus};
use crate::store::connection::{self, Connection};

/// Show a connection: names, connector, scopes, access, and per environment who authorized
/// it, with which account, when, and its status
#[derive(Debug, Args)]
#[command(after_long_help = "Examples:
  tether connection details gh
  tether connection details gh --json | jq .environments")]
pub struct DetailsArgs {
    /// Link name of the connection
    #[arg(add = crate::cli::complete::links())]
    pub link: String,
}

/// `connection details --json`, whose keys scripts rely on.
#[derive(Debug, Serialize)]
pub(super) struct Details {
    pub link_name: String,
    pub display_name: String,
    pub connector: String,
    pub auth: String,
    pub scopes: Vec<String>,
    pub same_for_all_environments: bool,
    pub access: Vec<String>,
    pub params: BTreeMap<String, String>,
    pub created_at: String,
    pub environments: BTreeMap<Environment, EnvDetails>,
}

/// One environment of a connection, as `connection details --json` and `connection list
/// --json` both show it.
#[derive(Debug, Serialize)]
pub(super) struct EnvDetails {
    pub account: Option<String>,
    pub authorized_by: Option<String>,
    pub authorized_at: Option<String>,
    pub status: &'static str,
    /// The access token's expiry; `None` when unknown, and for a dead grant (rejected or
    /// released), whose stored expiry promises nothing.
    pub expires_at: Option<String>,
    /// When the refresh token expires, when the provider said.
    pub refresh_expires_at: Option<String>,
    /// When the access token was last refreshed.
    pub refreshed_at: Option<String>,
    pub granted_scopes: Option<Vec<String>>,
    /// Who the account is signed in as, when it was read.
    pub identity: Option<output::IdentityJson>,
}

impl EnvDetails {
    /// An environment backed by `account`, or not authorized.
    pub(super) fn of(account: Option<&Account>, now: time::OffsetDateTime) -> Self {
        let status = account::env_status(account, now);
        let live = account.filter(|_| status.shows_expiry());
        Self {
            account: account.map(Account::label),
            authorized_by: account.map(|a| a.authorized_by.clone()),
            authorized_at: account.map(|a| rfc3339(a.authorized_at)),
            // The documented states of this document; `expiring` still works, and
            // `refresh_expires_at` says when it stops. `tether status` names it.
            status: match status {
                EnvStatus::Expiring => EnvStatus::Connected.as_str(),
                other => other.as_str(),
            },
            expires_at: live.and_then(Account::credential_expires_at).map(rfc3339),
            refresh_expires_at: live.and_then(|a| a.refresh_expires_at).map(rfc3339),
            refreshed_at: account.and_then(|a| a.refreshed_at).map(rfc3339),
            granted_scopes: account.map(|a| a.granted_scopes.clone()),
            identity: account
                .and_then(|a| a.identity.as_ref())
                .map(output::IdentityJson::from),
        }
    }
}

pub(super) fn details(ctx: &Context, connection: &Connection) -> Result<Details> {
    // A connector that is gone or invalid still lets the details show; a refused (altered or
    // hostile) one stops them, as it stops every other use.
    let auth = match crate::store::connectors::load(&ctx.paths, &connection.connector) {
        Ok(c) => c.auth.to_string(),
        Err(e) if crate::cli::diagnose::diagnose(&e).exit == 4 => return Err(e),
        Err(_) => "unknown".to_owned(),
    };
    let mut environments = BTreeMap::new();
    for env in Environment::ALL {
        let account = connection
            .environments
            .get(&env)
            .map(|b| account::load(&ctx.paths, &b.account))
            .transpose()?;
        environments.insert(env, EnvDetails::of(account.as_ref(), ctx.now()));
    }
    Ok(Details {
        link_name: connection.link_name.clone(),
        display_name: connection.display_name.clone(),
        connector: connection.connector.clone(),
        auth,
        scopes: connection.scopes.clone(),
        same_for_all_environments: connection.same_for_all_environments,
        access: connection.access.clone(),
        params: connection.params.clone(),
        created_at: rfc3339(connection.created_at),
        environments,
    })
}

/// With `--json`, what a command that created or changed the connection `link` prints: the
/// connection as `connection details --json` shows it.
pub(super) fn print_if_json(ctx: &Context, link: &str) -> Result<()> {
    if !ctx.json {
        return Ok(());
    }
    let connection = connection::load(&ctx.paths, link)?;
    output::print_json(&details(ctx, &connection)?)
}

pub(super) fn run(ctx: &Context, args: &DetailsArgs) -> Result<()> {
    let connection = connection::load(&ctx.paths, &args.link)?;
    let details = details(ctx, &connection)?;
    if ctx.json {
        return output::print_json(&details);
    }
    output::print(&human(&details, output::color(), ctx.now()))
}

fn human(d: &Details, color: bool, now: time::OffsetDateTime) -> String {
    let none = "-".to_owned();
    let list = |items: &[String]| {
        if items.is_empty() {
            none.clone()
        } else {
            items.join(" ")
        }
    };
    let mut out = format!("{}\n", output::bold(&d.display_name, color));
    let mut field = |name: &str, value: &str| {
        let _ = writeln!(out, "  {name:<26}{value}");
    };
    field("link name", &d.link_name);
    field("connector", &format!("{} ({})", d.connector, d.auth));
    field("scopes", &list(&d.scopes));
    for (name, value) in &d.params {
        field(name, value);
    }
    field(
        "environments",
        if d.same_for_all_environments {
            "same authorization for all"
        } else {
            "authorized one by one"
        },
    );
    field("access", &list(&d.access));
    field("created", &d.created_at);
    // The column appears once some account's identity is known.
    let signed_in = d.environments.values().any(|e| e.identity.is_some());
    let rows: Vec<Vec<String>> = d
        .environments
        .iter()
        .map(|(env, e)| {
            let mut row = vec![
                env.to_string(),
                e.status.to_owned(),
                e.account.clone().unwrap_or_else(|| none.clone()),
                e.authorized_by.clone().unwrap_or_else(|| none.clone()),
                e.authorized_at
                    .as_ref()
                    .map_or_else(|| none.clone(), |at| output::relative_rfc3339(at, now)),
                e.expires_at
                    .as_ref()
                    .map_or_else(|| none.clone(), |at| output::relative_rfc3339(at, now)),
                e.granted_scopes
                    .as_ref()
                    .filter(|s| !s.is_empty())
                    .map_or_else(|| none.clone(), |s| s.join(" ")),
            ];
            if signed_in {
                let login = e.identity.as_ref().map(|i| i.login.clone());
                row.insert(3, login.unwrap_or_else(|| none.clone()));
            }
            row
        })
        .collect();
    let mut columns = vec![
        Column::new("ENVIRONMENT", 0),
        Column::new("STATUS", 0),
        Column::new("ACCOUNT", 1),
        Column::new("AUTHORIZED BY", 5),
        Column::new("AUTHORIZED", 4),
        Column::new("EXPIRES", 2),
        Column::new("GRANTED SCOPES", 6),
    ];
    if signed_in {
        columns.insert(3, Column::new("SIGNED IN AS", 3));
    }
    out.push('\n');
    out.push_str(&output::table_of(&columns, &rows));
    out
}
