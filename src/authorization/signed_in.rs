//! What an authorization says about who signed in: that it could not be read, that an
//! environment is now authorized as another person, or that the account's name suggests
//! someone else.

use crate::context::Context;
use crate::environment::Environment;
use crate::error::Result;
use crate::identity::Reading;
use crate::store::account::{self, Account, Identity};
use crate::store::connection::Connection;

/// Who signed in where `envs` were authorized before, for telling a change.
pub(super) fn before(
    ctx: &Context,
    connection: &Connection,
    envs: &[Environment],
) -> Result<Vec<(Environment, Identity)>> {
    let mut before = Vec::new();
    for env in envs {
        let Some(binding) = connection.environments.get(env) else {
            continue;
        };
        if let Some(identity) =
            account::find(&ctx.paths, &binding.account)?.and_then(|a| a.identity)
        {
            before.push((*env, identity));
        }
    }
    Ok(before)
}

/// What the person should know of who signed in: that it could not be read, that it is
/// another person than before in these environments, or that the account's name suggests
/// someone else.
pub(super) fn notes(
    ctx: &Context,
    link: &str,
    account: &Account,
    reading: &Reading,
    before: &[(Environment, Identity)],
) -> Result<Vec<String>> {
    let mut notes = Vec::new();
    let identity = match reading {
        Reading::Failed(why) => {
            notes.push(format!(
                "warning: could not read who account `{}` is signed in as: {why}; it stays unknown",
                account.label()
            ));
            return Ok(notes);
        }
        Reading::Unknown => return Ok(notes),
        Reading::Known(identity) => identity,
    };
    let mut changed: Vec<(&Identity, Vec<&str>)> = Vec::new();
    for (env, old) in before.iter().filter(|(_, old)| identity.differs_from(old)) {
        match changed.iter_mut().find(|(seen, _)| *seen == old) {
            Some((_, envs)) => envs.push(env.as_str()),
            None => changed.push((old, vec![env.as_str()])),
        }
    }
    for (old, envs) in changed {
        let (now, was) = if old.login == identity.login {
            (
                format!(
                    "{} (id {})",
                    identity.login,
                    identity.subject.as_deref().unwrap_or("?")
                ),
                format!(
                    "{} (id {})",
                    old.login,
                    old.subject.as_deref().unwrap_or("?")
                ),
            )
        } else {
            (identity.login.clone(), old.login.clone())
        };
        notes.push(format!(
            "the connection `{link}` in {} is now authorized as {now} (was {was})",
            envs.join(", ")
        ));
    }
    if let Some(name) = &account.name {
        let others: Vec<String> = account::list(&ctx.paths)?
            .into_iter()
            // Logins at the same service only: one person may have other logins elsewhere.
            .filter(|a| {
                a.id != account.id && a.configuration.connector == account.configuration.connector
            })
            .filter_map(|a| a.identity.map(|i| i.login))
            .collect();
        if crate::identity::misnamed(name, &identity.login, &others) {
            notes.push(format!(
                "warning: account `{name}` is signed in as {}, which its name does not suggest; `tether account rename {name} NEW` renames it",
                identity.login
            ));
        }
    }
    Ok(notes)
}
