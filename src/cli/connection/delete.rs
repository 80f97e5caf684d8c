use clap::Args;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::store::{self, connection};

/// Delete a connection; OAuth2 tokens nothing else uses are revoked at the provider unless
/// --keep-remote
#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Link name of the connection
    pub link: String,

    /// Do not revoke OAuth2 tokens at the provider
    #[arg(long)]
    pub keep_remote: bool,

    /// Delete even though applications still have access
    #[arg(long)]
    pub force: bool,
}

pub fn run(ctx: &Context, args: &DeleteArgs) -> Result<()> {
    if !connection::load(&ctx.paths, &args.link)?
        .environments
        .is_empty()
    {
        crate::authorize::release::open_vault_unlocked(ctx)?;
    }
    let released = {
        let lock = store::lock_state(&ctx.paths)?;
        let connection = connection::load(&ctx.paths, &args.link)?;
        if !connection.access.is_empty() && !args.force {
            return Err(Error::invalid(
                format!(
                    "applications still have access to `{}`: {}",
                    args.link,
                    connection.access.join(", ")
                ),
                format!(
                    "disable them first (`tether connection access {} --disable APP`), or pass --force",
                    args.link
                ),
            ));
        }
        crate::authorize::release::commit_bindings(ctx, &lock, &connection, true)?
    };
    ctx.say(format!("deleted connection `{}`", args.link));
    crate::authorize::release::report(ctx, released, args.keep_remote);
    Ok(())
}
