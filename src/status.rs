//! The state of every connection in every environment, at a glance: one row per connection
//! and environment, read from the listing caches (no vault, no file per connection), and what
//! makes the checked environments not ready.

use std::collections::HashMap;

use time::OffsetDateTime;

use crate::environment::Environment;
use crate::error::Result;
use crate::paths::Paths;
use crate::store::account::{self, Account, EnvStatus, Identity};
use crate::store::connection;

/// What a status row shows of the account behind it.
#[derive(Debug)]
pub(crate) struct Facts {
    /// The account's id.
    pub(crate) id: String,
    pub(crate) label: String,
    pub(crate) identity: Option<Identity>,
    pub(crate) status: EnvStatus,
    pub(crate) authorized_at: OffsetDateTime,
    pub(crate) expires_at: Option<OffsetDateTime>,
    pub(crate) refresh_expires_at: Option<OffsetDateTime>,
    pub(crate) refreshed_at: Option<OffsetDateTime>,
    /// What stops working next, while the grant is live.
    pub(crate) lapse: Option<account::Lapse>,
    /// The scopes the account was authorized with (its configuration's).
    pub(crate) requested_scopes: Vec<String>,
    /// The scopes the provider granted, as it last said.
    pub(crate) granted_scopes: Vec<String>,
    /// Whether the grant renews itself (a refresh token, or a grant made again when due).
    pub(crate) renewable: bool,
}

impl Facts {
    fn of(account: Account, now: OffsetDateTime, window: time::Duration) -> Self {
        let status = account::env_status_within(Some(&account), now, window);
        // A dead grant's stored expiry promises nothing.
        let live = status.shows_expiry();
        Self {
            label: account.label(),
            id: account.id.clone(),
            status,
            authorized_at: account.authorized_at,
            expires_at: account.credential_expires_at().filter(|_| live),
            lapse: account.lapse().filter(|_| live),
            refresh_expires_at: account.refresh_expires_at.filter(|_| live),
            refreshed_at: account.refreshed_at,
            requested_scopes: account.configuration.scopes,
            granted_scopes: account.granted_scopes,
            renewable: account.refreshable,
            identity: account.identity,
        }
    }

    /// The requested scopes the provider did not grant.
    #[must_use]
    pub(crate) fn missing_scopes(&self) -> Vec<String> {
        account::scopes_not_granted(&self.requested_scopes, &self.granted_scopes, self.renewable)
    }
}

/// One connection in one environment.
#[derive(Debug)]
pub(crate) struct Row<'a> {
    pub(crate) link: &'a str,
    pub(crate) display_name: &'a str,
    pub(crate) connector: &'a str,
    pub(crate) same_for_all_environments: bool,
    pub(crate) env: Environment,
    pub(crate) status: EnvStatus,
    /// `None` when no account backs it.
    pub(crate) account: Option<&'a Facts>,
    /// Whether `env` is one of the environments checked.
    pub(crate) checked: bool,
}

/// A checked environment of a connection that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub(crate) link: String,
    pub(crate) env: Environment,
    pub(crate) status: EnvStatus,
    /// The account label, when one backs it.
    pub(crate) account: Option<String>,
}

/// The checked environments are not all ready.
#[derive(Debug, thiserror::Error)]
#[error("{}", not_ready(.problems, *.total))]
pub struct NotReady {
    /// The first problems, in link order (at most [`NotReady::SHOWN`]).
    pub(crate) problems: Vec<Problem>,
    /// How many there are in all.
    pub(crate) total: usize,
}

impl NotReady {
    /// How many problems a message names; the rest are counted.
    pub(crate) const SHOWN: usize = 5;
}

fn not_ready(problems: &[Problem], total: usize) -> String {
    let named: Vec<String> = problems
        .iter()
        .map(|p| format!("`{}` in {} is {}", p.link, p.env, p.status))
        .collect();
    let more = total.saturating_sub(problems.len());
    let tail = if more > 0 {
        format!(", and {more} more")
    } else {
        String::new()
    };
    format!("not everything is connected: {}{tail}", named.join(", "))
}

/// Calls `each` with a row for every connection in every environment it is authorized in and
/// every environment of `checked`, in link order, then returns what is not ready in `checked`
/// (`Err` of [`NotReady`] only through the caller: the rows come first).
pub(crate) fn each_row(
    paths: &Paths,
    now: OffsetDateTime,
    window: time::Duration,
    checked: &[Environment],
    mut each: impl FnMut(&Row<'_>) -> Result<()>,
) -> Result<Option<NotReady>> {
    // Every account once, in one pass over the listing cache: far cheaper than a read per
    // environment. Boxed, so that the table the map grows by doubling holds pointers, not
    // whole facts, twice over while it grows.
    let mut accounts: HashMap<String, Box<Facts>> = HashMap::new();
    account::for_each(paths, |a: Account| {
        accounts.insert(a.id.clone(), Box::new(Facts::of(a, now, window)));
        Ok(())
    })?;
    let mut problems = Vec::new();
    let mut total = 0;
    connection::for_each(paths, |c: connection::Summary| {
        for env in Environment::ALL {
            let binding = c.environments.get(&env);
            let is_checked = checked.contains(&env);
            if binding.is_none() && !is_checked {
                continue;
            }
            let facts = binding
                .map(|b| {
                    accounts
                        .get(&b.account)
                        .map(Box::as_ref)
                        .ok_or_else(|| account::missing(&b.account))
                })
                .transpose()?;
            let status = facts.map_or(EnvStatus::NotAuthorized, |f| f.status);
            let row = Row {
                link: &c.link_name,
                display_name: &c.display_name,
                connector: &c.connector,
                same_for_all_environments: c.same_for_all_environments,
                env,
                status,
                account: facts,
                checked: is_checked,
            };
            each(&row)?;
            if is_checked && !status.usable() {
                total += 1;
                if problems.len() < NotReady::SHOWN {
                    problems.push(Problem {
                        link: c.link_name.clone(),
                        env,
                        status,
                        account: facts.map(|f| f.label.clone()),
                    });
                }
            }
        }
        Ok(())
    })?;
    Ok((total > 0).then_some(NotReady { problems, total }))
}
