//! Which account an authorization uses: an existing one with the same configuration (reuse),
//! the same one authorized again (renew), or a new one, named or not.

use crate::connector;
use crate::context::Context;
use crate::environment::Environment;
use crate::error::{Error, Result};
use crate::store::account::{self, Account, AccountStatus, Identity};
use crate::store::connection::Connection;
use crate::store::fingerprint::Configuration;
use crate::usage::UsageError;

use super::{AuthorizeError, Mode};

pub(super) enum Choice {
    /// Map an existing account; no credentials are asked for.
    Reuse(Box<Account>),
    /// Authorize an account that is already linked here again (new secrets, same account).
    Renew(Box<Account>),
    /// A new account, named or not.
    New(Option<String>),
    /// A new account whose name is asked for once the authorization has told who signed in.
    NameAfter,
}

/// The account a name asked for after authorizing stands for.
pub(super) enum Named {
    /// A released account of this configuration, authorized again.
    Renew(Box<Account>),
    New(String),
}

/// What the person asked for, as far as the account is concerned.
pub(super) struct Wanted<'a> {
    pub mode: Mode,
    /// In a terminal, ask for a new account's name after authorizing: the identity read then
    /// makes the suggestion.
    pub name_after: bool,
    pub account: Option<&'a str>,
    pub name_account: Option<&'a str>,
    pub envs: &'a [Environment],
}

pub(super) fn choose(
    ctx: &Context,
    connection: &Connection,
    configuration: &Configuration,
    wanted: &Wanted<'_>,
) -> Result<Choice> {
    let (os_user, _) = account::current_user();
    let label = match wanted.account {
        Some(label) => label.to_owned(),
        None if wanted.mode == Mode::Authorize => {
            return offer_or_ask(ctx, connection, configuration, &os_user, wanted.name_after);
        }
        None => {
            let prompter = ctx.prompter("the account", "--account NAME")?;
            prompter.input("Account", None)?
        }
    };
    let existing = match find(ctx, &label, configuration)? {
        Found::Same(existing) => existing,
        // A name may stand for several configurations, but a reference to one place
        // (`LINK@ENV`) or a reuse means that very account, which does not fit.
        Found::Other(other) if wanted.mode == Mode::Reuse || label.contains('@') => {
            return Err(different_configuration(&other, configuration));
        }
        Found::Other(_) | Found::Nothing if wanted.mode == Mode::Reuse => {
            return Err(unknown_account(ctx, &label));
        }
        Found::Other(_) | Found::Nothing => {
            connector::validate_id("account name", &label)?;
            return Ok(Choice::New(Some(label)));
        }
    };
    if wanted.mode == Mode::Reuse {
        refuse_released(&existing, connection)?;
    }
    if wanted.mode == Mode::Reuse && existing.name.is_none() {
        let mut existing = existing;
        existing.name = Some(name_for_unnamed(ctx, &label, wanted.name_account)?);
        return check_reusable(existing, configuration, &os_user)
            .map(|a| Choice::Reuse(Box::new(a)));
    }
    if wanted.name_account.is_some() {
        return Err(AuthorizeError::AlreadyNamed { label }.into());
    }
    let linked_here = wanted.envs.iter().any(|e| {
        connection
            .environments
            .get(e)
            .is_some_and(|b| b.account == existing.id)
    });
    if wanted.mode == Mode::Reauthorize
        && (linked_here || existing.status == AccountStatus::NeedsReauthorization)
    {
        let account = check_same_configuration(existing, configuration)?;
        return Ok(Choice::Renew(Box::new(account)));
    }
    reuse_or_renew(existing, configuration, &os_user)
}

/// An existing account named for an authorization: mapped as it is, or, when it was released
/// (its secrets are gone), authorized again under the same name.
fn reuse_or_renew(
    existing: Account,
    configuration: &Configuration,
    os_user: &str,
) -> Result<Choice> {
    let account = check_reusable(existing, configuration, os_user)?;
    Ok(if account.status == AccountStatus::Released {
        Choice::Renew(Box::new(account))
    } else {
        Choice::Reuse(Box::new(account))
    })
}

/// `reuse` maps an account without asking for credentials, which a released account no
/// longer has.
fn refuse_released(account: &Account, connection: &Connection) -> Result<()> {
    if account.status != AccountStatus::Released {
        return Ok(());
    }
    Err(AuthorizeError::Released {
        label: account.label(),
        link: connection.link_name.clone(),
    }
    .into())
}

/// In a terminal: offer the accounts that already authorize this configuration, then ask for
/// a name. Elsewhere: an unnamed account, listed as LINK@ENV.
fn offer_or_ask(
    ctx: &Context,
    connection: &Connection,
    configuration: &Configuration,
    os_user: &str,
    name_after: bool,
) -> Result<Choice> {
    let Some(prompter) = ctx.try_prompter() else {
        return Ok(Choice::New(None));
    };
    let fingerprint = configuration.fingerprint();
    let matching: Vec<Account> = account::with_fingerprint(&ctx.paths, &fingerprint)?
        .into_iter()
        .filter(|a| {
            a.name.is_some()
                && a.status != AccountStatus::Released
                && a.fingerprint == fingerprint
                && a.os_user == os_user
        })
        .collect();
    if !matching.is_empty() {
        let mut items: Vec<String> = matching
            .iter()
            .map(|a| format!("{} (authorized by {})", a.label(), a.authorized_by))
            .collect();
        items.push("authorize a new account".to_owned());
        let question = if let [only] = matching.as_slice() {
            format!(
                "{} already authorizes this configuration. Reuse it?",
                only.label()
            )
        } else {
            "These accounts already authorize this configuration. Reuse one?".to_owned()
        };
        let picked = prompter.select(&question, &items, 0)?;
        if let Some(account) = matching.into_iter().nth(picked) {
            return Ok(Choice::Reuse(Box::new(account)));
        }
    }
    if name_after {
        return Ok(Choice::NameAfter);
    }
    let suggestion = suggest_name(ctx, os_user, &connection.connector)?;
    loop {
        let name = prompter.input("Name for the authorized account", Some(&suggestion))?;
        if let Err(e) = connector::validate_id("account name", &name) {
            ctx.ui().problem(&e.into(), true);
            continue;
        }
        match find(ctx, &name, configuration)? {
            Found::Other(_) | Found::Nothing => return Ok(Choice::New(Some(name))),
            Found::Same(existing) => match reuse_or_renew(existing, configuration, os_user) {
                Ok(choice) => return Ok(choice),
                Err(e) => ctx.ui().problem(&e, true),
            },
        }
    }
}

/// Asks for the name of the new account just authorized, suggesting one made of the login it
/// signed in as (else the usual `user-connector`). A name of this configuration's released
/// account authorizes it again; one of an account in use is asked again, as the person already
/// chose not to reuse it.
pub(super) fn name_after(
    ctx: &Context,
    connection: &Connection,
    configuration: &Configuration,
    identity: Option<&Identity>,
) -> Result<Named> {
    let (os_user, _) = account::current_user();
    let prompter = ctx.prompter("the account name", "--account NAME")?;
    let from_login = identity.and_then(|i| crate::identity::name_for(&i.login));
    let suggestion = match from_login {
        Some(name) => free_name(ctx, &name, &configuration.fingerprint())?,
        None => suggest_name(ctx, &os_user, &connection.connector)?,
    };
    if let Some(identity) = identity {
        ctx.ui().notice(&format!("signed in as {}", identity.login));
    }
    loop {
        let name = prompter.input("Name for the authorized account", Some(&suggestion))?;
        if let Err(e) = connector::validate_id("account name", &name) {
            ctx.ui().problem(&e.into(), true);
            continue;
        }
        let existing = match find(ctx, &name, configuration)? {
            Found::Other(_) | Found::Nothing => return Ok(Named::New(name)),
            Found::Same(existing) => existing,
        };
        match reuse_or_renew(existing, configuration, &os_user) {
            Ok(Choice::Renew(account)) => return Ok(Named::Renew(account)),
            Ok(_) => ctx
                .ui()
                .problem(&AuthorizeError::NameTaken { name }.into(), true),
            Err(e) => ctx.ui().problem(&e, true),
        }
    }
}

/// `name`, or `name-2`, `name-3`… when an account of this configuration has it. Accounts of
/// other configurations may share it: the same login at two services is one person.
fn free_name(ctx: &Context, name: &str, fingerprint: &str) -> Result<String> {
    first_free(name, |candidate| {
        Ok(account::with_label(&ctx.paths, candidate)?
            .iter()
            .any(|a| a.fingerprint == fingerprint))
    })
}

/// `base`, else the first of `base-2`, `base-3`… that `taken` says is free.
fn first_free(base: &str, taken: impl Fn(&str) -> Result<bool>) -> Result<String> {
    let mut candidate = base.to_owned();
    let mut n = 2;
    while taken(&candidate)? {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    Ok(candidate)
}

/// What a label names, for this configuration.
enum Found {
    /// An account of this very configuration.
    Same(Account),
    /// Only accounts of other configurations (the first of them).
    Other(Account),
    Nothing,
}

fn find(ctx: &Context, label: &str, configuration: &Configuration) -> Result<Found> {
    let fingerprint = configuration.fingerprint();
    let mut found = account::with_label(&ctx.paths, label)?;
    Ok(
        match found.iter().position(|a| a.fingerprint == fingerprint) {
            Some(i) => Found::Same(found.swap_remove(i)),
            None if found.is_empty() => Found::Nothing,
            None => Found::Other(found.swap_remove(0)),
        },
    )
}

/// An unnamed account needs a name before it can back another connection.
fn name_for_unnamed(ctx: &Context, label: &str, given: Option<&str>) -> Result<String> {
    let name = if let Some(name) = given {
        name.to_owned()
    } else {
        let what =
            format!("a name for the unnamed account `{label}` (it must be named before reuse)");
        let prompter = ctx.prompter(&what, "--name-account NEW")?;
        prompter.input(&format!("Name for the account `{label}`"), None)?
    };
    connector::validate_id("account name", &name)?;
    Ok(name)
}

/// An existing account may back this configuration only if it is named, the current OS
/// user's, and of the same fingerprint.
pub(super) fn check_reusable(
    account: Account,
    configuration: &Configuration,
    os_user: &str,
) -> Result<Account> {
    let label = account.label();
    if account.name.is_none() {
        return Err(AuthorizeError::Unnamed { label }.into());
    }
    if account.os_user != os_user {
        return Err(AuthorizeError::OtherOsUser {
            label,
            os_user: account.os_user,
        }
        .into());
    }
    check_same_configuration(account, configuration)
}

fn check_same_configuration(account: Account, configuration: &Configuration) -> Result<Account> {
    if account.fingerprint == configuration.fingerprint() {
        return Ok(account);
    }
    Err(different_configuration(&account, configuration))
}

fn different_configuration(account: &Account, configuration: &Configuration) -> Error {
    AuthorizeError::OtherConfiguration {
        label: account.label(),
        differences: account.configuration.differences(configuration).join("; "),
    }
    .into()
}

fn unknown_account(ctx: &Context, label: &str) -> Error {
    let labels: Vec<String> = account::list(&ctx.paths)
        .map(|all| all.iter().map(Account::label).collect())
        .unwrap_or_default();
    UsageError::UnknownAccount {
        label: label.to_owned(),
        suggestion: crate::error::closest(label, labels.iter().map(String::as_str)),
    }
    .into()
}

fn suggest_name(ctx: &Context, os_user: &str, connector: &str) -> Result<String> {
    let user: String = os_user
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let base = format!("{}-{connector}", user.trim_matches('-'));
    first_free(&base, |candidate| {
        Ok(!account::with_label(&ctx.paths, candidate)?.is_empty())
    })
}
