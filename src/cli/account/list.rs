use std::collections::HashMap;

use clap::Args;
use serde::Serialize;

use crate::cli::output::{self, rfc3339};
use crate::context::Context;
use crate::environment::Environment;
use crate::error::Result;
use crate::store::{account, connection};

/// List every authorized account, named or not, and what uses it
#[derive(Debug, Args)]
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
    for c in connection::list(&ctx.paths)? {
        for (env, binding) in c.environments {
            uses.entry(binding.account).or_default().push(Use {
                link_name: c.link_name.clone(),
                environment: env,
            });
        }
    }
    let mut rows: Vec<Row> = account::list(&ctx.paths)?
        .into_iter()
        .map(|a| Row {
            used_by: uses.remove(&a.id).unwrap_or_default(),
            name: a.label(),
            named: a.name.is_some(),
            connector: a.configuration.connector.clone(),
            authorized_by: a.authorized_by.clone(),
            authorized_at: rfc3339(a.authorized_at),
            status: account::env_status(Some(&a), ctx.now()).to_string(),
            identity: a.identity.as_ref().map(output::IdentityJson::from),
            granted_scopes: a.granted_scopes,
        })
        .collect();
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    if ctx.json {
        return output::print_json(&rows);
    }
    if rows.is_empty() {
        ctx.ui().notice("no authorized accounts yet; `tether connection authorize LINK --account NAME` makes one");
        return Ok(());
    }
    // The column appears once some account's identity is known.
    let signed_in = rows.iter().any(|r| r.identity.is_some());
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let uses: Vec<String> = r
                .used_by
                .iter()
                .map(|u| format!("{}@{}", u.link_name, u.environment))
                .collect();
            let mut row = vec![
                if r.named {
                    r.name.clone()
                } else {
                    format!("{} (unnamed)", r.name)
                },
                r.connector.clone(),
                r.status.clone(),
                r.authorized_by.clone(),
                r.authorized_at.clone(),
                if uses.is_empty() {
                    "-".to_owned()
                } else {
                    uses.join(", ")
                },
            ];
            if signed_in {
                let login = r.identity.as_ref().map(|i| i.login.clone());
                row.insert(1, login.unwrap_or_else(|| "-".to_owned()));
            }
            row
        })
        .collect();
    let mut header = vec![
        "ACCOUNT",
        "CONNECTOR",
        "STATUS",
        "AUTHORIZED BY",
        "AUTHORIZED AT",
        "USED BY",
    ];
    if signed_in {
        header.insert(1, "SIGNED IN AS");
    }
    output::print(&output::table(&header, &cells))
}
