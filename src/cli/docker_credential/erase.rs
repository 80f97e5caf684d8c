//! `tether docker-credential erase`: what `docker logout` asks for.

use clap::Args;

use crate::context::Context;
use crate::error::Result;

/// Answer `docker logout`: nothing is erased, the authorization behind the registry stays
/// (`tether connection delete LINK` ends it)
#[derive(Debug, Args)]
#[command(after_long_help = "Examples:
  docker logout ghcr.io
  echo ghcr.io | tether docker-credential erase")]
pub struct EraseArgs {}

pub(super) fn run(ctx: &Context, _args: &EraseArgs) -> Result<()> {
    let request = super::request()?;
    let registry = crate::docker::registry_of(&request)?;
    // A logout must not cost the person the authorization other tools and environments use;
    // docker forgets nothing of its own either, as it never stored the password.
    ctx.ui().diagnostic(
        crate::context::Verbosity::Verbose,
        &format!(
            "nothing erased for {registry}: tether keeps its authorization; `tether connection delete LINK` ends it"
        ),
    );
    Ok(())
}
