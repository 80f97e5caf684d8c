//! The refresh engine behind `token`, `header`, `exec` and `invoke`: hands out a valid access
//! token, refreshing it when it is within `expiry_buffer_secs` of expiry. Concurrent processes
//! refresh once: the per-authorization lock is taken, the tokens re-read, and a token another
//! process just stored is used as is. Rotated tokens are saved before the access token is
//! handed out, so a refresh token is never lost between two processes.

use std::path::Path;

use time::OffsetDateTime;

use subtle::ConstantTimeEq as _;

use super::error::OAuthError;
use super::provider::Provider;
use super::tokens::{ClientApp, Tokens};
use crate::connector::Connector;
use crate::context::{Context, Verbosity};
use crate::error::{Error, Result};
use crate::safe_fs::FileLock;
use crate::secret::Secret;

/// Where the tokens of one authorization live (the vault record of an account, in tether).
pub trait TokenStore {
    /// The current tokens.
    fn load(&self) -> Result<Tokens>;
    /// Replaces the tokens, atomically and durably.
    fn save(&self, tokens: &Tokens) -> Result<()>;
    /// Records that the provider rejected the refresh token (status `needs-reauthorization`).
    fn mark_needs_reauthorization(&self, reason: &str) -> Result<()>;
    /// Holds the right to refresh these tokens among the processes of this machine while the
    /// guard lives, through the lock file `lock_path`; what [`Self::load`] reads is current
    /// once it is held.
    fn lock_refresh(&self, lock_path: &Path) -> Result<Box<dyn std::any::Any>> {
        Ok(Box::new(FileLock::acquire(lock_path)?))
    }
    /// Where the tokens are shared beyond this machine: the same right among all the machines
    /// (taken after [`Self::lock_refresh`]), with what [`Self::load`] reads current once it is
    /// held. `None` where nothing is shared.
    fn lock_wider(&self) -> Result<Option<Box<dyn std::any::Any>>> {
        Ok(None)
    }
}

/// A valid access token for the authorization in `store`, refreshed if due. `lock_path` is
/// the per-authorization lock file. `invalid_grant` marks the store and returns
/// [`OAuthError::InvalidGrant`].
pub fn fresh_tokens(
    ctx: &Context,
    connector: &Connector,
    client: &ClientApp,
    lock_path: &Path,
    store: &dyn TokenStore,
) -> Result<Tokens> {
    fresh_tokens_with(&Provider::new(ctx, connector, client)?, lock_path, store)
}

/// [`fresh_tokens`] with a configured [`Provider`].
pub fn fresh_tokens_with(
    provider: &Provider<'_>,
    lock_path: &Path,
    store: &dyn TokenStore,
) -> Result<Tokens> {
    let ctx = provider.ctx;
    let buffer = provider.oauth.expiry_buffer_secs;
    let seen = store.load()?;
    if !seen.is_due(ctx.now(), buffer) {
        if seen.expires_at.is_none() {
            ctx.ui().diagnostic(
                Verbosity::Debug,
                "the provider did not say when the access token expires; using it as is",
            );
        }
        return Ok(seen);
    }
    let _lock = store.lock_refresh(lock_path)?;
    // Another process may have refreshed while this one waited for the lock. A token other
    // than the one seen before is that process's fresh one, even when the provider's tokens
    // live shorter than the buffer: refreshing again would burn a rotating refresh token.
    let refreshed_meanwhile = |tokens: &Tokens| {
        !same_secret(&tokens.access_token, &seen.access_token) || !tokens.is_due(ctx.now(), buffer)
    };
    let mut tokens = store.load()?;
    // Where the store reaches further than this machine, the wider lock is asked for only
    // when nobody here refreshed meanwhile, and the tokens are read again once it is held.
    let wider = if refreshed_meanwhile(&tokens) {
        None
    } else {
        store.lock_wider()?
    };
    if wider.is_some() {
        tokens = store.load()?;
    }
    if refreshed_meanwhile(&tokens) {
        ctx.ui().diagnostic(
            Verbosity::Verbose,
            "another process refreshed the access token; using it",
        );
        return Ok(tokens);
    }
    let now = ctx.now();
    ctx.ui()
        .diagnostic(Verbosity::Verbose, &expiry_note(&tokens, now));
    match refresh_and_store(provider, store, &tokens) {
        Ok(fresh) => Ok(fresh),
        e @ Err(Error::OAuth(OAuthError::InvalidGrant { .. })) => e,
        // Still valid for a moment (inside the buffer): better used than failing the command.
        Err(e) if still_valid(&tokens, now) => {
            let first_line = e.to_string().lines().next().unwrap_or_default().to_owned();
            ctx.ui().notice(&format!(
                "warning: could not refresh the access token ({first_line}); using the current one, valid until {}",
                format_time(tokens.expires_at)
            ));
            Ok(tokens)
        }
        Err(e) => Err(e),
    }
}

/// Fresh tokens after the resource server rejected `rejected` (HTTP 401) although it had not
/// expired by our clock: revoked, or cut short by the provider. Refreshes once, under the same
/// per-authorization lock as [`fresh_tokens_with`]; when the stored access token is no longer
/// `rejected`, another process already replaced it and that one is used. Rotated tokens are
/// saved before they are handed out. `invalid_grant` marks the store, as in
/// [`fresh_tokens_with`]; unlike it, a failed refresh is an error, since the current token is
/// known to be refused.
pub fn refresh_rejected(
    provider: &Provider<'_>,
    lock_path: &Path,
    store: &dyn TokenStore,
    rejected: &Secret,
) -> Result<Tokens> {
    let ctx = provider.ctx;
    let _lock = store.lock_refresh(lock_path)?;
    let mut tokens = store.load()?;
    let wider = if same_secret(&tokens.access_token, rejected) {
        store.lock_wider()?
    } else {
        None
    };
    if wider.is_some() {
        tokens = store.load()?;
    }
    if !same_secret(&tokens.access_token, rejected) {
        ctx.ui().diagnostic(
            Verbosity::Verbose,
            "another process replaced the rejected access token; using the new one",
        );
        return Ok(tokens);
    }
    ctx.ui().diagnostic(
        Verbosity::Verbose,
        "the access token was rejected (HTTP 401); refreshing it once",
    );
    refresh_and_store(provider, store, &tokens)
}

/// One refresh. The rotated tokens are saved before they are returned; `invalid_grant` marks
/// the store as needing reauthorization.
fn refresh_and_store(
    provider: &Provider<'_>,
    store: &dyn TokenStore,
    tokens: &Tokens,
) -> Result<Tokens> {
    match provider.refresh(tokens) {
        Ok(mut fresh) => {
            let rotated = match (&fresh.refresh_token, &tokens.refresh_token) {
                (Some(new), Some(old)) => !same_secret(new, old),
                _ => false,
            };
            fresh.refresh_rotates = tokens.refresh_rotates || rotated;
            // Saved before a word is written: a closed stderr must never cost the rotated
            // refresh token, which may be the only valid one left.
            store.save(&fresh)?;
            provider.ctx.ui().diagnostic(
                Verbosity::Verbose,
                &format!(
                    "refreshed the access token of connector `{}` ({})",
                    provider.connector.id,
                    if rotated {
                        "the refresh token was rotated"
                    } else if tokens.refresh_token.is_some() {
                        "same refresh token"
                    } else {
                        "obtained anew, as the first one was"
                    }
                ),
            );
            Ok(fresh)
        }
        Err(Error::OAuth(OAuthError::InvalidGrant { reason })) => {
            store.mark_needs_reauthorization(&reason)?;
            Err(OAuthError::InvalidGrant { reason }.into())
        }
        Err(e) => Err(e),
    }
}

/// Whether two tokens are the same, compared in constant time.
fn same_secret(a: &Secret, b: &Secret) -> bool {
    a.expose().as_bytes().ct_eq(b.expose().as_bytes()).into()
}

fn still_valid(tokens: &Tokens, now: OffsetDateTime) -> bool {
    tokens
        .expires_at
        .is_some_and(|at| at > now + time::Duration::seconds(5))
}

fn expiry_note(tokens: &Tokens, now: OffsetDateTime) -> String {
    match tokens.expires_at {
        Some(at) if at <= now => format!(
            "the access token expired at {}; refreshing",
            format_time(Some(at))
        ),
        Some(at) => format!(
            "the access token expires at {}; refreshing",
            format_time(Some(at))
        ),
        None => "refreshing the access token".to_owned(),
    }
}

fn format_time(at: Option<OffsetDateTime>) -> String {
    at.map_or_else(|| "an unknown time".to_owned(), crate::ui::rfc3339)
}
