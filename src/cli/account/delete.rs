use clap::Args;

use crate::authorization::release::{self, Release};
use crate::authorization::removal;
use crate::connector::AuthType;
use crate::context::Context;
use crate::error::Result;
use crate::store::account::{Account, AccountStatus};

/// Delete an account no connection uses: its secrets leave the vault and its OAuth2 tokens are
/// revoked at the provider (unless --keep-remote); NAME may be LINK@ENV for an unnamed account
#[derive(Debug, Args)]
#[command(after_long_help = "Examples:
  tether account delete alice-old
  tether account delete alice-old --yes --keep-remote")]
pub struct DeleteArgs {
    /// The account's name, or LINK@ENV for an unnamed account
    #[arg(add = crate::cli::complete::accounts())]
    pub name: String,

    /// Do not revoke OAuth2 tokens at the provider
    #[arg(long)]
    pub keep_remote: bool,

    /// Do not ask for confirmation (needed without a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

pub(super) fn run(ctx: &Context, args: &DeleteArgs) -> Result<()> {
    let account = super::label::one(ctx, &args.name)?;
    // Refused before the question: the answer could not change anything.
    removal::refuse_used(ctx, &account)?;
    crate::cli::confirm::deletion(
        ctx,
        || Ok(question(ctx, &account, args.keep_remote)),
        args.yes,
    )?;
    let removed = removal::delete_unused(ctx, &account)?;
    for note in &removed.notes {
        ctx.ui().notice(note);
    }
    let label = account.label();
    ctx.ui().notice(&format!("deleted account `{label}`"));
    for Release { tokens, .. } in
        release::revoke_released(ctx, vec![removed.released], args.keep_remote)
    {
        if let Some(fate) = tokens {
            ctx.ui().notice(&format!(
                "account `{label}`: {}",
                crate::cli::connection::report::token_fate(fate)
            ));
        }
    }
    if ctx.json {
        return crate::cli::output::print_json(&serde_json::json!({
            "name": label,
            "connector": account.configuration.connector,
            "deleted": true,
        }));
    }
    Ok(())
}

fn question(ctx: &Context, account: &Account, keep_remote: bool) -> String {
    let label = account.label();
    if account.status == AccountStatus::Released {
        return format!("Delete account `{label}` (its secrets already left the vault)?");
    }
    let oauth = crate::store::connectors::load(&ctx.paths, &account.configuration.connector)
        .is_ok_and(|c| c.auth.kind() == AuthType::OAuth2);
    if oauth && !keep_remote {
        format!("Delete account `{label}` and revoke its tokens at the provider?")
    } else {
        format!("Delete account `{label}` and its secrets?")
    }
}
