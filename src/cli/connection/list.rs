use std::collections::{BTreeMap, HashMap};

use clap::Args;
use serde::Serialize;

use crate::cli::output;
use crate::context::Context;
use crate::environment::Environment;
use crate::error::Result;
use crate::store::account::{self, EnvStatus};
use crate::store::connection;

/// List connections and where each is authorized
#[derive(Debug, Args)]
#[command(after_long_help = "Examples:
  tether connection list
  tether connection list --json")]
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
    if ctx.json {
        return print_json(ctx);
    }
    let mut cells = Vec::new();
    connection::for_each(&ctx.paths, |c: connection::Summary| {
        let envs: Vec<&str> = c.environments.keys().map(|e| e.as_str()).collect();
        let authorized = if envs.is_empty() {
            "-".to_owned()
        } else {
            envs.join(",")
        };
        cells.push(vec![c.link_name, c.display_name, c.connector, authorized]);
        Ok(())
    })?;
    if cells.is_empty() {
        ctx.ui().notice(
            "no connections yet; create one with `tether connection create LINK --connector ID`",
        );
        return Ok(());
    }
    output::print(&output::table(
        &["LINK", "DISPLAY NAME", "CONNECTOR", "AUTHORIZED"],
        &cells,
    ))
}

/// The rows as a JSON array, streamed: connections come in link order already.
fn print_json(ctx: &Context) -> Result<()> {
    // What the rows need of every account, gathered in one pass: far cheaper than a read
    // per environment, and small beside the accounts themselves.
    let now = ctx.now();
    let mut accounts: HashMap<String, (String, EnvStatus)> = HashMap::new();
    account::for_each(&ctx.paths, |a: account::Account| {
        let status = account::env_status(Some(&a), now);
        accounts.insert(a.id.clone(), (a.label(), status));
        Ok(())
    })?;
    let mut array = output::JsonArray::start();
    connection::for_each(&ctx.paths, |c: connection::Summary| {
        let mut environments = BTreeMap::new();
        for (env, binding) in &c.environments {
            let (label, status) = accounts
                .get(&binding.account)
                .ok_or_else(|| account::missing(&binding.account))?;
            environments.insert(
                *env,
                EnvRow {
                    account: label.clone(),
                    status: status.as_str(),
                },
            );
        }
        array.push(&Row {
            authorized: c.environments.keys().copied().collect(),
            environments,
            link_name: c.link_name,
            display_name: c.display_name,
            connector: c.connector,
            same_for_all_environments: c.same_for_all_environments,
        })
    })?;
    array.finish()
}
