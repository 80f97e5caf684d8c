//! What happens to an account that stops being used: its secrets leave the vault and, for
//! OAuth2, its tokens are revoked at the provider (best-effort, reported).

use crate::connector::{self, AuthType};
use crate::context::Context;
use crate::error::Result;
use crate::oauth::Tokens;
use crate::store::account::{self, Account, AccountStatus};
use crate::store::connection;
use crate::store::secrets::Secrets;

/// Tokens that no longer serve anything, with the account they belonged to.
#[derive(Debug)]
pub struct Released {
    pub account: Account,
    pub tokens: Option<Tokens>,
    /// Whether the account's secrets were removed (false when the account was renewed).
    pub removed: bool,
}

/// Removes the secrets of the accounts in `candidates` that no connection uses any more, and
/// the metadata of unnamed ones. The caller holds the state lock.
pub fn release_unused(ctx: &Context, candidates: Vec<String>) -> Result<Vec<Released>> {
    let mut released: Vec<Released> = Vec::new();
    if candidates.is_empty() {
        return Ok(released);
    }
    let connections = connection::list(&ctx.paths)?;
    for id in candidates {
        if released.iter().any(|r| r.account.id == id) {
            continue;
        }
        let uses: Vec<String> = connections
            .iter()
            .flat_map(|c| {
                c.environments
                    .iter()
                    .filter(|(_, b)| b.account == id)
                    .map(|(env, _)| format!("{}@{env}", c.link_name))
            })
            .collect();
        if !uses.is_empty() {
            let label = account::load(&ctx.paths, &id).map_or_else(|_| id.clone(), |a| a.label());
            ctx.say(format!(
                "account `{label}` still backs {}; kept",
                uses.join(", ")
            ));
            continue;
        }
        let old = account::load(&ctx.paths, &id)?;
        // A record that no longer opens is removed all the same: the change it belongs to is
        // already saved, and only its revocation is lost.
        let secrets = Secrets::load(ctx.vault()?, &old.record()).unwrap_or_else(|e| {
            ctx.say(format!(
                "warning: the secrets of account `{}` could not be read, so they cannot be revoked: {}",
                old.label(),
                e.to_string().lines().next().unwrap_or_default()
            ));
            None
        });
        // Marked released first, so a kill at any point never leaves an account that looks
        // usable without its secrets. A named account then stays listed, without secrets, so
        // its name and history remain and `--account NAME` can authorize it again; an unnamed
        // one has no way back, so it goes.
        let mut marked = old.clone();
        marked.status = AccountStatus::Released;
        account::save(&ctx.paths, &marked)?;
        ctx.vault()?.delete(&old.record())?;
        if old.name.is_none() {
            account::remove(&ctx.paths, &id)?;
        }
        released.push(Released {
            account: old,
            tokens: secrets.and_then(|s| s.oauth),
            removed: true,
        });
    }
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
    let loaded = connector::load(&ctx.paths, &account.configuration.connector)
        .and_then(|c| c.with_params(|name| params.get(name).cloned()));
    let connector = match loaded {
        Ok(c) if c.auth == AuthType::OAuth2 => c,
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
