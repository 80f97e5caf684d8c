//! A token the resource server refused, reported by a client that cannot retry itself (git
//! calls its helper's `erase`): marked so that the next use refreshes it. The authorization
//! itself is kept; only its access token is made due.

use subtle::ConstantTimeEq as _;

use crate::context::Context;
use crate::error::Result;
use crate::secret::Secret;
use crate::store::account::AccountStatus;
use crate::store::secrets::Secrets;
use crate::store::{self};

/// Marks the OAuth2 access token of `link` in the context's environment as expired now, when
/// `rejected` is that token. `false` when it is not (already replaced, or not an OAuth2
/// account): then nothing is changed.
pub fn mark_rejected(ctx: &Context, link: &str, rejected: &Secret) -> Result<bool> {
    let env = ctx.env()?;
    let connection = store::connection::load(&ctx.paths, link)?;
    let id = connection.account_for(env)?.to_owned();
    // The refresh lock first, as a refresh takes it: a refresh in progress finishes, and its
    // fresh token, which nobody rejected, is then left alone.
    let account = store::account::load(&ctx.paths, &id)?;
    let _refresh = crate::safe_fs::FileLock::acquire(&super::refresh_lock(ctx, &account))?;
    let lock = store::lock_state(&ctx.paths)?;
    let mut account = store::account::load(&ctx.paths, &id)?;
    if account.status == AccountStatus::Released {
        return Ok(false);
    }
    let vault = ctx.vault()?;
    let Some(mut secrets) = Secrets::load(vault, &account.record())? else {
        return Ok(false);
    };
    let now = ctx.now();
    let Some(tokens) = secrets.oauth.as_mut() else {
        return Ok(false);
    };
    let same: bool = tokens
        .access_token
        .expose()
        .as_bytes()
        .ct_eq(rejected.expose().as_bytes())
        .into();
    if !same {
        return Ok(false);
    }
    tokens.expires_at = Some(now);
    account.expires_at = Some(now);
    // The record and the account file move to the next revision together.
    account.revision = account.revision.max(secrets.revision) + 1;
    let mut txn = store::Transaction::new();
    secrets.stage(vault, &mut txn, &account)?;
    store::account::stage(&ctx.paths, &mut txn, &account)?;
    txn.commit(&ctx.paths, &lock)?;
    Ok(true)
}
