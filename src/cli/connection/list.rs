use std::collections::{BTreeMap, HashMap};

use clap::Args;
use serde::Serialize;

use super::details::EnvDetails;
use crate::cli::output::{self, Column};
use crate::context::Context;
use crate::environment::Environment;
use crate::error::Result;
use crate::store::account;
use crate::store::connection;

/// List connections and the state of each environment
#[derive(Debug, Args)]
pub struct ListArgs {}

#[derive(Debug, Serialize)]
struct Row {
    link_name: String,
    display_name: String,
    connector: String,
    same_for_all_environments: bool,
    authorized: Vec<Environment>,
    /// Every environment, as `connection details --json` shows it.
    environments: BTreeMap<Environment, EnvDetails>,
}

pub(super) fn run(ctx: &Context, _args: &ListArgs) -> Result<()> {
    // What the rows need of every account, gathered in one pass: far cheaper than a read
    // per environment, and small beside the accounts themselves.
    let now = ctx.now();
    let mut accounts: HashMap<String, EnvDetails> = HashMap::new();
    account::for_each(&ctx.paths, |a: account::Account| {
        accounts.insert(a.id.clone(), EnvDetails::of(Some(&a), now));
        Ok(())
    })?;
    let environments = |c: &connection::Summary| -> Result<BTreeMap<Environment, EnvDetails>> {
        let mut environments = BTreeMap::new();
        for env in Environment::ALL {
            let details = match c.environments.get(&env) {
                Some(binding) => accounts
                    .get(&binding.account)
                    .ok_or_else(|| account::missing(&binding.account))?
                    .clone(),
                None => EnvDetails::of(None, now),
            };
            environments.insert(env, details);
        }
        Ok(environments)
    };
    if ctx.json {
        // Streamed: connections come in link order already.
        let mut array = output::JsonArray::start();
        connection::for_each(&ctx.paths, |c: connection::Summary| {
            array.push(&Row {
                authorized: c.environments.keys().copied().collect(),
                environments: environments(&c)?,
                link_name: c.link_name,
                display_name: c.display_name,
                connector: c.connector,
                same_for_all_environments: c.same_for_all_environments,
            })
        })?;
        return array.finish();
    }
    let color = output::color();
    let mut cells = Vec::new();
    connection::for_each(&ctx.paths, |c: connection::Summary| {
        let state = states(&environments(&c)?, color);
        cells.push(vec![c.link_name, c.display_name, c.connector, state]);
        Ok(())
    })?;
    if cells.is_empty() {
        ctx.ui().notice(
            "no connections yet; create one with `tether connection create LINK --connector ID`",
        );
        return Ok(());
    }
    output::page(&output::table_of(
        &[
            Column::new("LINK", 0),
            Column::new("DISPLAY NAME", 3),
            Column::new("CONNECTOR", 2),
            Column::new("ENVIRONMENTS", 1),
        ],
        &cells,
    ))
}

/// The environments of a connection grouped by state, what needs attention first:
/// `needs-reauthorization: prod; connected: dev stage`. Environments not authorized are left
/// out; a connection authorized nowhere reads `not authorized`.
fn states(environments: &BTreeMap<Environment, EnvDetails>, color: bool) -> String {
    let mut groups: Vec<(&'static str, Vec<&'static str>)> = Vec::new();
    for (env, details) in environments {
        if details.account.is_none() || details.status == "not-authorized" {
            continue;
        }
        match groups
            .iter_mut()
            .find(|(status, _)| *status == details.status)
        {
            Some((_, envs)) => envs.push(short(*env)),
            None => groups.push((details.status, vec![short(*env)])),
        }
    }
    if groups.is_empty() {
        return "not authorized".to_owned();
    }
    // A stable sort: healthy last, the others in the order their environments come.
    groups.sort_by_key(|(status, _)| *status == "connected");
    let parts: Vec<String> = groups
        .into_iter()
        .map(|(status, envs)| format!("{}: {}", paint(status, color), envs.join(" ")))
        .collect();
    parts.join("; ")
}

/// The state in its colour: green when it works, yellow when it soon will not, red otherwise.
fn paint(status: &str, color: bool) -> String {
    let style = dialoguer::console::Style::new().force_styling(color);
    let style = match status {
        "connected" => style.green(),
        "expiring" => style.yellow(),
        _ => style.red(),
    };
    style.apply_to(status).to_string()
}

/// The environment's shortest alias, so three fit a narrow column.
fn short(env: Environment) -> &'static str {
    match env {
        Environment::Development => "dev",
        Environment::Stage => "stage",
        Environment::Production => "prod",
    }
}
