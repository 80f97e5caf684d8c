use std::collections::BTreeMap;

use clap::Args;
use serde::Serialize;

use crate::cli::output;
use crate::context::Context;
use crate::environment::Environment;
use crate::error::Result;
use crate::store::{account, connection};

/// List connections and where each is authorized
#[derive(Debug, Args)]
pub struct ListArgs {}

#[derive(Debug, Serialize)]
struct Row {
    link_name: String,
    display_name: String,
    connector: String,
    same_for_all_environments: bool,
    authorized: Vec<Environment>,
    /// Per authorized environment: the account and its status, as `details` shows them.
    environments: BTreeMap<Environment, EnvRow>,
}

#[derive(Debug, Serialize)]
struct EnvRow {
    account: String,
    status: &'static str,
}

pub(super) fn run(ctx: &Context, _args: &ListArgs) -> Result<()> {
    let mut rows = Vec::new();
    for c in connection::list(&ctx.paths)? {
        let mut environments = BTreeMap::new();
        for (env, binding) in &c.environments {
            let account = account::load(&ctx.paths, &binding.account)?;
            let status = account::env_status(Some(&account), ctx.now()).as_str();
            environments.insert(
                *env,
                EnvRow {
                    account: account.label(),
                    status,
                },
            );
        }
        rows.push(Row {
            authorized: c.environments.keys().copied().collect(),
            environments,
            link_name: c.link_name,
            display_name: c.display_name,
            connector: c.connector,
            same_for_all_environments: c.same_for_all_environments,
        });
    }
    if ctx.json {
        return output::print_json(&rows);
    }
    if rows.is_empty() {
        ctx.ui().notice(
            "no connections yet; create one with `tether connection create LINK --connector ID`",
        );
        return Ok(());
    }
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let envs: Vec<&str> = r.authorized.iter().map(|e| e.as_str()).collect();
            vec![
                r.link_name.clone(),
                r.display_name.clone(),
                r.connector.clone(),
                if envs.is_empty() {
                    "-".to_owned()
                } else {
                    envs.join(",")
                },
            ]
        })
        .collect();
    output::print(&output::table(
        &["LINK", "DISPLAY NAME", "CONNECTOR", "AUTHORIZED"],
        &cells,
    ))
}
