//! Deleting an account nothing uses: its vault record, its file and its index entries go in
//! one change, and its OAuth2 tokens are handed back to be revoked.

use crate::context::Context;
use crate::error::Result;
use crate::store::account::{self, Account, AccountStatus};
use crate::store::bindings::{self, Released};
use crate::store::secrets::Secrets;
use crate::store::{self, Transaction};
use crate::usage::UsageError;

/// What deleting an account did.
#[derive(Debug)]
pub(crate) struct Removed {
    /// The account as it was, with the tokens that may need revoking.
    pub released: Released,
    /// What the person should know (a record that could not be read, so not revoked).
    pub notes: Vec<String>,
}

/// Removes `account` when no connection uses it, refusing (naming the uses) otherwise. A
/// released account has no secrets left, so the vault is opened only for one that has some.
pub(crate) fn delete_unused(ctx: &Context, account: &Account) -> Result<Removed> {
    let has_secrets = account.status != AccountStatus::Released;
    if has_secrets {
        super::release::open_vault_before_locking(ctx)?;
    }
    let lock = store::lock_state(&ctx.paths)?;
    let Some(account) = account::find(&ctx.paths, &account.id)? else {
        return Err(UsageError::UnknownAccount {
            label: account.label(),
            suggestion: None,
        }
        .into());
    };
    refuse_used(ctx, &account)?;
    let mut txn = Transaction::new();
    let mut notes = Vec::new();
    let mut tokens = None;
    if has_secrets {
        let vault = ctx.vault()?;
        match Secrets::load(vault, &account.record()) {
            Ok(secrets) => tokens = secrets.and_then(|s| s.oauth),
            // The account goes all the same: only its revocation is lost.
            Err(e) => notes.push(format!(
                "warning: the secrets of account `{}` could not be read, so they cannot be revoked: {}",
                account.label(),
                e.to_string().lines().next().unwrap_or_default()
            )),
        }
        account::stage_deletion(&ctx.paths, vault, &mut txn, &account)?;
    } else {
        account::stage_removal(&ctx.paths, &mut txn, &account.id)?;
    }
    txn.commit(&ctx.paths, &lock)?;
    Ok(Removed {
        released: Released {
            account,
            tokens,
            removed: true,
        },
        notes,
    })
}

/// Refuses while a connection is bound to `account`.
pub(crate) fn refuse_used(ctx: &Context, account: &Account) -> Result<()> {
    let uses = bindings::uses_of(&ctx.paths, &account.id)?;
    if uses.is_empty() {
        return Ok(());
    }
    Err(UsageError::AccountInUse {
        account: account.label(),
        uses: uses.into_iter().collect(),
    }
    .into())
}
