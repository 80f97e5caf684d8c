use std::collections::{BTreeMap, HashMap};

use clap::Args;
use serde::Serialize;
use serde_json::value::RawValue;

use super::details::EnvDetails;
use crate::cli::output::{self, Column};
use crate::context::Context;
use crate::environment::Environment;
use crate::error::{Error, Result};
use crate::store::account::{self, EnvStatus};
use crate::store::connection;

/// List connections and the state of each environment
#[derive(Debug, Args)]
#[command(after_long_help = "Examples:
  tether connection list
  tether connection list --json")]
pub struct ListArgs {}

#[derive(Debug, Serialize)]
struct Row<'a> {
    link_name: String,
    display_name: String,
    connector: String,
    same_for_all_environments: bool,
    authorized: Vec<Environment>,
    /// Every environment, as `connection details --json` shows it.
    environments: BTreeMap<Environment, &'a RawValue>,
}

pub(super) fn run(ctx: &Context, _args: &ListArgs) -> Result<()> {
    if ctx.json {
        return print_json(ctx);
    }
    // The state of every account, gathered in one pass: far cheaper than a read per
    // environment.
    let now = ctx.now();
    let mut states: HashMap<String, EnvStatus> = HashMap::new();
    account::for_each(&ctx.paths, |a: account::Account| {
        states.insert(a.id.clone(), account::env_status(Some(&a), now));
        Ok(())
    })?;
    let color = output::color();
    let mut cells = Vec::new();
    connection::for_each(&ctx.paths, |c: connection::Summary| {
        let mut envs = Vec::with_capacity(c.environments.len());
        for (env, binding) in &c.environments {
            let state = states
                .get(&binding.account)
                .ok_or_else(|| account::missing(&binding.account))?;
            envs.push((*env, *state));
        }
        cells.push(vec![
            c.link_name,
            c.display_name,
            c.connector,
            grouped(&envs, color),
        ]);
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

/// The rows as a JSON array, streamed: connections come in link order already.
fn print_json(ctx: &Context) -> Result<()> {
    // What the rows need of every account, gathered in one pass.
    let now = ctx.now();
    // Each rendered once: an account backs many environments.
    let mut accounts: HashMap<String, Box<RawValue>> = HashMap::new();
    account::for_each(&ctx.paths, |a: account::Account| {
        accounts.insert(a.id.clone(), rendered(&EnvDetails::of(Some(&a), now))?);
        Ok(())
    })?;
    let not_authorized = rendered(&EnvDetails::of(None, now))?;
    let mut array = output::JsonArray::start();
    connection::for_each(&ctx.paths, |c: connection::Summary| {
        let mut environments = BTreeMap::new();
        for env in Environment::ALL {
            let details = match c.environments.get(&env) {
                Some(binding) => accounts
                    .get(&binding.account)
                    .ok_or_else(|| account::missing(&binding.account))?,
                None => &*not_authorized,
            };
            environments.insert(env, details);
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

/// An environment's JSON object as a row shows it, indented for its depth there (a raw
/// value is written as it is).
fn rendered(details: &EnvDetails) -> Result<Box<RawValue>> {
    let text = serde_json::to_string_pretty(details)
        .map_err(|e| Error::Internal(format!("cannot encode JSON: {e}")))?;
    RawValue::from_string(text.replace('\n', "\n    "))
        .map_err(|e| Error::Internal(format!("cannot encode JSON: {e}")))
}

/// The environments of a connection grouped by state, what needs attention first:
/// `needs-reauthorization: prod; connected: dev stage`. Environments not authorized are left
/// out; a connection authorized nowhere reads `not authorized`.
fn grouped(envs: &[(Environment, EnvStatus)], color: bool) -> String {
    let mut groups: Vec<(EnvStatus, Vec<&'static str>)> = Vec::new();
    for &(env, state) in envs {
        if state == EnvStatus::NotAuthorized {
            continue;
        }
        match groups.iter_mut().find(|(s, _)| *s == state) {
            Some((_, envs)) => envs.push(short(env)),
            None => groups.push((state, vec![short(env)])),
        }
    }
    if groups.is_empty() {
        return "not authorized".to_owned();
    }
    // A stable sort: healthy last, the others in the order their environments come.
    groups.sort_by_key(|(state, _)| *state == EnvStatus::Connected);
    let parts: Vec<String> = groups
        .into_iter()
        .map(|(state, envs)| format!("{}: {}", output::state(state, color), envs.join(" ")))
        .collect();
    parts.join("; ")
}

/// A short name of the environment, so three fit a narrow column.
fn short(env: Environment) -> &'static str {
    match env {
        Environment::Development => "dev",
        Environment::Stage => "stage",
        Environment::Production => "prod",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environments_are_grouped_by_state_with_trouble_first() {
        use EnvStatus::{Connected, Expired, NeedsReauthorization, NotAuthorized};
        use Environment::{Development as Dev, Production as Prod, Stage};
        let plain = |envs: &[(Environment, EnvStatus)]| grouped(envs, false);
        assert_eq!(plain(&[]), "not authorized");
        assert_eq!(
            plain(&[(Dev, Connected), (Stage, Connected), (Prod, Connected)]),
            "connected: dev stage prod"
        );
        assert_eq!(
            plain(&[
                (Dev, Connected),
                (Stage, Expired),
                (Prod, NeedsReauthorization)
            ]),
            "expired: stage; needs-reauthorization: prod; connected: dev"
        );
        assert_eq!(
            plain(&[(Dev, NotAuthorized), (Prod, Connected)]),
            "connected: prod"
        );
        let coloured = grouped(&[(Dev, Connected), (Prod, Expired)], true);
        assert!(
            coloured.contains("\x1b[32mconnected\x1b[0m"),
            "{coloured:?}"
        );
        assert!(coloured.contains("\x1b[31mexpired\x1b[0m"), "{coloured:?}");
        assert_eq!(
            dialoguer::console::strip_ansi_codes(&coloured),
            "expired: prod; connected: dev"
        );
    }
}
