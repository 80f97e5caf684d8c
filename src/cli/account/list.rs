use std::collections::HashMap;

use clap::Args;
use serde::Serialize;

use crate::cli::output::{self, Column, rfc3339};
use crate::context::Context;
use crate::environment::Environment;
use crate::error::Result;
use crate::store::{account, connection};

/// List every authorized account, named or not, and what uses it
#[derive(Debug, Args)]
#[command(after_long_help = "Examples:
  tether account list
  tether account list --json")]
pub struct ListArgs {}

#[derive(Debug, Serialize)]
struct Row {
    name: String,
    named: bool,
    connector: String,
    authorized_by: String,
    authorized_at: String,
    status: String,
    granted_scopes: Vec<String>,
    /// Who the account is signed in as, when it was read.
    identity: Option<output::IdentityJson>,
    used_by: Vec<Use>,
}

#[derive(Debug, Serialize)]
struct Use {
    link_name: String,
    environment: Environment,
}

pub(super) fn run(ctx: &Context, _args: &ListArgs) -> Result<()> {
    // Who uses each account, in one pass over the connections: looking it up per account
    // would read every connection once for every account.
    let mut uses: HashMap<String, Vec<Use>> = HashMap::new();
    connection::for_each(&ctx.paths, |c: connection::Summary| {
        for (env, binding) in c.environments {
            uses.entry(binding.account).or_default().push(Use {
                link_name: c.link_name.clone(),
                environment: env,
            });
        }
        Ok(())
    })?;
    let now = ctx.now();
    let mut rows: Vec<Row> = Vec::new();
    account::for_each(&ctx.paths, |a: account::Account| {
        rows.push(Row {
            used_by: uses.remove(&a.id).unwrap_or_default(),
            name: a.label(),
            named: a.name.is_some(),
            status: account::env_status(Some(&a), now).to_string(),
            identity: a.identity.as_ref().map(output::IdentityJson::from),
            authorized_at: rfc3339(a.authorized_at),
            connector: a.configuration.connector,
            authorized_by: a.authorized_by,
            granted_scopes: a.granted_scopes,
        });
        Ok(())
    })?;
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    if ctx.json {
        let mut array = output::JsonArray::start();
        for row in &rows {
            array.push(row)?;
        }
        return array.finish();
    }
    if rows.is_empty() {
        ctx.ui().notice("no authorized accounts yet; `tether connection authorize LINK --account NAME` makes one");
        return Ok(());
    }
    // The column appears once some account's identity is known.
    let signed_in = rows.iter().any(|r| r.identity.is_some());

    // Rows are moved into cells, so the listing is held once.
    let cells: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| {
            let uses: Vec<String> = r
                .used_by
                .iter()
                .map(|u| format!("{}@{}", u.link_name, u.environment))
                .collect();
            let mut row = vec![
                if r.named {
                    r.name
                } else {
                    format!("{} (unnamed)", r.name)
                },
                r.connector,
                r.status,
                r.authorized_by,
                output::relative_rfc3339(&r.authorized_at, now),
                if uses.is_empty() {
                    "-".to_owned()
                } else {
                    uses.join(", ")
                },
            ];
            if signed_in {
                let login = r.identity.map(|i| i.login);
                row.insert(1, login.unwrap_or_else(|| "-".to_owned()));
            }
            row
        })
        .collect();
    let mut columns = vec![
        Column::new("ACCOUNT", 0),
        Column::new("CONNECTOR", 3),
        Column::new("STATUS", 1),
        Column::new("AUTHORIZED BY", 5),
        Column::new("AUTHORIZED", 4),
        Column::new("USED BY", 2),
    ];
    if signed_in {
        columns.insert(1, Column::new("SIGNED IN AS", 3));
    }
    output::page(&output::table_of(&columns, &cells))
}
