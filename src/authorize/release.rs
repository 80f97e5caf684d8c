//! What happens to an account that stops being used: its secrets leave the vault and, for
//! OAuth2, its tokens are revoked at the provider (best-effort, reported).

use std::collections::BTreeMap;

use crate::connector::AuthType;
use crate::context::Context;
use crate::error::Result;
use crate::oauth::Tokens;
use crate::store::account::Account;
use crate::store::bindings::{self, Rebinding};
use crate::store::connection::{self, Connection};
use crate::store::{StateLock, Transaction};

pub use crate::store::bindings::Released;

/// Stores `connection` with its new bindings (or removes it, when `deleted`) as one
/// transaction, re-sealing the records of the accounts involved and releasing those nothing
/// uses any more. The vault must be open (see [`open_vault_unlocked`]) when bindings change.
pub fn commit_bindings(
    ctx: &Context,
    lock: &StateLock,
    connection: &Connection,
    deleted: bool,
) -> Result<Vec<Released>> {
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
    let mut released = Vec::new();
    if before != after {
        let mut rebinding = Rebinding::new(&ctx.paths, ctx.vault()?);
        rebinding.rebind(&connection.link_name, &before, &after)?;
        let (unused, notes) = rebinding.stage(&mut txn)?;
        for note in notes {
            ctx.say(note);
        }
        released = unused;
    }
    txn.commit(&ctx.paths, lock)?;
    Ok(released)
}

/// Opens the vault before the caller takes the state lock: opening may ask for the passphrase
/// or wait for the keyring, and no other tether process should wait on a person meanwhile.
pub fn open_vault_unlocked(ctx: &Context) -> Result<()> {
    ctx.vault().map(|_| ())
}

/// Revokes the OAuth2 tokens of `released` accounts (unless `keep_remote`) and says what
/// happened to each. Never fails the command: the local change is already done.
pub fn report(ctx: &Context, released: Vec<Released>, keep_remote: bool) {
    for Released {
        account,
        tokens,
        removed,
    } in released
    {
        let label = account.label();
        if removed {
            ctx.say(format!(
                "account `{label}` is no longer used; its secrets were removed from the vault"
            ));
        }
        let Some(tokens) = tokens else { continue };
        if keep_remote {
            ctx.say(format!(
                "account `{label}`: tokens left valid at the provider (--keep-remote)"
            ));
            continue;
        }
        let outcome = revoke(ctx, &account, &tokens);
        ctx.say(format!("account `{label}`: {outcome}"));
    }
}

fn revoke(ctx: &Context, account: &Account, tokens: &Tokens) -> String {
    let params = &account.configuration.params;
    let loaded = crate::store::connectors::load(&ctx.paths, &account.configuration.connector)
        .and_then(|c| c.with_params(|name| params.get(name).cloned()));
    let connector = match loaded {
        Ok(c) if c.auth.kind() == AuthType::OAuth2 => c,
        Ok(_) => return "nothing to revoke".to_owned(),
        Err(e) => return format!("not revoked: {}", first_line(&e.to_string())),
    };
    let outcome = crate::credential::oauth_client(ctx, &connector)
        .and_then(|client| crate::oauth::revoke(ctx, &connector, &client, tokens));
    match outcome {
        Ok(outcome) => outcome.to_string(),
        Err(e) => format!("not revoked: {}", first_line(&e.to_string())),
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}
