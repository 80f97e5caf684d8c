//! `tether vault lock`: end the unlocked session at once.

use clap::Args;

use crate::context::Context;
use crate::error::Result;
use crate::vault::Vault;

/// End the session `tether vault unlock` started: commands ask for the key again
#[derive(Debug, Args)]
#[command(after_long_help = "Examples:
  tether vault lock")]
pub struct LockArgs {}

pub(super) fn run(ctx: &Context, _args: &LockArgs) -> Result<()> {
    let was_unlocked = Vault::end_session(&ctx.paths)?;
    if ctx.json {
        crate::cli::output::print_json(&serde_json::json!({ "was_unlocked": was_unlocked }))?;
    }
    let message = if was_unlocked {
        "Locked: commands ask for the vault's key again."
    } else {
        "The vault was not unlocked; nothing to lock."
    };
    ctx.ui().notice(message);
    Ok(())
}
