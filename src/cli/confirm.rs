//! The question before a deletion: asked in a terminal, skipped by `--yes`, and never assumed
//! when nobody can answer (a script must say `--yes`).

use crate::context::Context;
use crate::error::Result;
use crate::usage::UsageError;

/// Goes on when `yes` was given or the person agrees to `question` (worked out only when it
/// is asked). Without a terminal (or with `--no-input`/`CI`) and without `yes`, fails naming
/// `--yes`; a "no" cancels.
pub(super) fn deletion(
    ctx: &Context,
    question: impl FnOnce() -> Result<String>,
    yes: bool,
) -> Result<()> {
    if yes {
        return Ok(());
    }
    let prompter = ctx.prompter("confirmation of the deletion", "--yes")?;
    if prompter.confirm(&question()?, false)? {
        Ok(())
    } else {
        Err(UsageError::Cancelled.into())
    }
}
