//! What an authorization or a change of bindings did, told to the person on stderr.

use crate::authorization::Outcome;
use crate::authorization::release::{self, Release, Released, TokenFate};
use crate::context::Context;

/// What an authorization found or did on the way, before it is reported as done.
pub(super) fn authorization_notes(ctx: &Context, outcome: &Outcome) {
    if outcome.same_values {
        ctx.ui().notice(&format!(
            "account `{}` already authorizes this configuration with these values; reused",
            outcome.account.label()
        ));
    }
    notes(ctx, &outcome.notes);
    if !outcome.not_granted.is_empty() {
        ctx.ui().notice(&format!(
            "note: the provider granted fewer scopes than requested; not granted: {}",
            outcome.not_granted.join(" ")
        ));
    }
}

/// Tells the person what an authorization did, and revokes what it replaced.
pub(super) fn authorized(ctx: &Context, link: &str, outcome: Outcome) {
    ctx.audit()
        .authorized(link, &outcome.envs, &outcome.account.label());
    let envs: Vec<&str> = outcome.envs.iter().map(|e| e.as_str()).collect();
    let how = if outcome.reused { "reusing" } else { "as" };
    let signed_in = outcome
        .account
        .identity
        .as_ref()
        .map_or_else(String::new, |i| format!(" (signed in as {})", i.login));
    ctx.ui().notice(&format!(
        "authorized `{link}` in {} {how} account `{}`{signed_in}",
        envs.join(", "),
        outcome.account.label()
    ));
    let renewed = outcome.account.label();
    told_released(ctx, outcome.released, false, Some(&renewed));
}

/// [`authorization_notes`], then [`authorized`].
pub(super) fn authorization(ctx: &Context, link: &str, outcome: Outcome) {
    authorization_notes(ctx, &outcome);
    authorized(ctx, link, outcome);
}

/// What a change did to the accounts involved.
pub(super) fn notes(ctx: &Context, notes: &[String]) {
    for note in notes {
        ctx.ui().notice(note);
    }
}

/// Revokes the tokens of `released` accounts (unless `keep_remote`) and says what became of
/// each.
pub(super) fn released(ctx: &Context, released: Vec<Released>, keep_remote: bool) {
    told_released(ctx, released, keep_remote, None);
}

/// [`released`]; `renewed` is the account just authorized again, whose released tokens are
/// the ones its new tokens replace: it keeps its access, which the message must not deny.
fn told_released(ctx: &Context, released: Vec<Released>, keep_remote: bool, renewed: Option<&str>) {
    for Release {
        account,
        removed,
        tokens,
    } in release::revoke_released(ctx, released, keep_remote)
    {
        if removed {
            ctx.ui().notice(&format!(
                "account `{account}` is no longer used; its secrets were removed from the vault"
            ));
        }
        let Some(fate) = tokens else { continue };
        let told = token_fate(fate);
        // An account of the same name that was removed is another one (a new unnamed account
        // replacing an old one has its `LINK@ENV` label).
        if renewed == Some(account.as_str()) && !removed {
            ctx.ui().notice(&format!(
                "account `{account}` now uses its new tokens; the tokens they replace: {told}"
            ));
        } else {
            ctx.ui().notice(&format!("account `{account}`: {told}"));
        }
    }
}

/// What became of an account's OAuth2 tokens, for the person.
pub(in crate::cli) fn token_fate(fate: TokenFate) -> String {
    match fate {
        TokenFate::Kept => "tokens left valid at the provider (--keep-remote)".to_owned(),
        TokenFate::Revoked(outcome) => outcome.to_string(),
        TokenFate::NothingToRevoke => "nothing to revoke".to_owned(),
        TokenFate::NotRevoked(reason) => format!("not revoked: {reason}"),
    }
}
