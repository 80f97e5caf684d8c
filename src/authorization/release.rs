//! What happens to an account that stops being used: its secrets leave the vault and, for
//! OAuth2, its tokens are revoked at the provider (best-effort). What happened to each is
//! returned for the command to tell.

use std::collections::BTreeMap;

use crate::audit::{self, Event};
use crate::connector::AuthType;
use crate::context::Context;
use crate::error::Result;
use crate::oauth::{RevokeOutcome, Tokens};
use crate::store::account::Account;
use crate::store::bindings::{self, Rebinding};
use crate::store::connection::{self, Connection};
use crate::store::{StateLock, Transaction};

pub(crate) use crate::store::bindings::Released;

/// What a change of bindings did to the accounts it involved.
#[derive(Debug, Default)]
pub(crate) struct Rebound {
    /// Accounts (or old tokens) that no longer serve anything.
    pub released: Vec<Released>,
    /// What the change did to the accounts, one sentence each.
    pub notes: Vec<String>,
}

/// Stores `connection` with its new bindings (or removes it, when `deleted`) as one
/// transaction, re-sealing the records of the accounts involved and releasing those nothing
/// uses any more. The vault must be open (see [`open_vault_before_locking`]) when bindings
/// change.
pub(crate) fn commit_bindings(
    ctx: &Context,
    lock: &StateLock,
    connection: &Connection,
    deleted: bool,
) -> Result<Rebound> {
    let before = bindings::stored_bindings(&ctx.paths, &connection.link_name)?;
    let after = if deleted {
        BTreeMap::new()
    } else {
        connection.environments.clone()
    };
    let mut txn = Transaction::new();
    if deleted {
        connection::stage_removal(&ctx.paths, &mut txn, &connection.link_name);
    } else {
        connection::stage(&ctx.paths, &mut txn, connection)?;
    }
    let mut rebound = Rebound::default();
    if before != after {
        let mut rebinding = Rebinding::new(&ctx.paths, ctx.vault()?);
        rebinding.rebind(&connection.link_name, &before, &after)?;
        let (released, notes) = rebinding.stage(&mut txn)?;
        rebound = Rebound { released, notes };
    }
    txn.commit(&ctx.paths, lock)?;
    Ok(rebound)
}

/// Opens the vault before the caller takes the state lock: opening may ask for the passphrase
/// or wait for the keyring, and no other tether process should wait on a person meanwhile.
pub(crate) fn open_vault_before_locking(ctx: &Context) -> Result<()> {
    ctx.vault().map(|_| ())
}

/// What became of one released account.
#[derive(Debug)]
pub(crate) struct Release {
    /// The account's label.
    pub account: String,
    /// Its secrets were removed from the vault (nothing uses it any more).
    pub removed: bool,
    /// What became of its OAuth2 tokens; `None` when it had none.
    pub tokens: Option<TokenFate>,
}

/// What became of the OAuth2 tokens of a released account.
#[derive(Debug)]
pub(crate) enum TokenFate {
    /// Left valid at the provider (`--keep-remote`).
    Kept,
    /// The provider's answer to the revocation.
    Revoked(RevokeOutcome),
    /// The connector is no longer OAuth2.
    NothingToRevoke,
    /// Why the revocation could not be attempted.
    NotRevoked(String),
}

/// Revokes the OAuth2 tokens of `released` accounts (unless `keep_remote`). Never fails the
/// command: the local change is already done; what happened to each account is returned.
pub(crate) fn revoke_released(
    ctx: &Context,
    released: Vec<Released>,
    keep_remote: bool,
) -> Vec<Release> {
    released
        .into_iter()
        .map(
            |Released {
                 account,
                 tokens,
                 removed,
             }| Release {
                account: account.label(),
                removed,
                tokens: tokens.map(|tokens| {
                    if keep_remote {
                        TokenFate::Kept
                    } else {
                        revoke(ctx, &account, &tokens)
                    }
                }),
            },
        )
        .collect()
}

/// Revokes `account`'s tokens, an event of the audit log of its own.
fn revoke(ctx: &Context, account: &Account, tokens: &Tokens) -> TokenFate {
    let fate = attempt_revocation(ctx, account, tokens);
    let outcome = match &fate {
        TokenFate::Revoked(RevokeOutcome::Revoked) => Some(audit::Outcome::Ok),
        TokenFate::Revoked(RevokeOutcome::NotSupported) => {
            Some(audit::Outcome::error(None, "revocation_not_supported"))
        }
        TokenFate::Revoked(RevokeOutcome::Failed { .. }) => {
            Some(audit::Outcome::error(None, "revocation_failed"))
        }
        TokenFate::NotRevoked(_) => Some(audit::Outcome::error(None, "not_revoked")),
        TokenFate::Kept | TokenFate::NothingToRevoke => None,
    };
    if let Some(outcome) = outcome {
        let event = Event::new("revoke")
            .account(&account.label())
            .outcome(outcome);
        ctx.audit().record(event);
    }
    fate
}

fn attempt_revocation(ctx: &Context, account: &Account, tokens: &Tokens) -> TokenFate {
    let params = &account.configuration.params;
    let loaded = crate::store::connectors::load(&ctx.paths, &account.configuration.connector)
        .and_then(|c| c.with_params(|name| params.get(name).cloned()));
    let connector = match loaded {
        Ok(c) if c.auth.kind() == AuthType::OAuth2 => c,
        Ok(_) => return TokenFate::NothingToRevoke,
        Err(e) => return TokenFate::NotRevoked(first_line(&e.to_string()).to_owned()),
    };
    let outcome = crate::credential::oauth_client(ctx, &connector)
        .and_then(|client| crate::oauth::revoke(ctx, &connector, &client, tokens));
    match outcome {
        Ok(outcome) => TokenFate::Revoked(outcome),
        Err(e) => TokenFate::NotRevoked(first_line(&e.to_string()).to_owned()),
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}
