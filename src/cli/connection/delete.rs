use clap::Args;

use crate::context::Context;
use crate::error::Result;
use crate::store::{self, connection};
use crate::usage::UsageError;

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

pub(super) fn run(ctx: &Context, args: &DeleteArgs) -> Result<()> {
    if !connection::load(&ctx.paths, &args.link)?
        .environments
        .is_empty()
    {
        crate::authorization::release::open_vault_before_locking(ctx)?;
    }
    let rebound = {
        let lock = store::lock_state(&ctx.paths)?;
        let connection = connection::load(&ctx.paths, &args.link)?;
        if !connection.access.is_empty() && !args.force {
            return Err(UsageError::StillAccessed {
                link: args.link.clone(),
                apps: connection.access.clone(),
            }
            .into());
        }
        crate::authorization::release::commit_bindings(ctx, &lock, &connection, true)?
    };
    super::report::notes(ctx, &rebound.notes);
    ctx.ui()
        .notice(&format!("deleted connection `{}`", args.link));
    super::report::released(ctx, rebound.released, args.keep_remote);
    if ctx.json {
        return crate::cli::output::print_json(&serde_json::json!({
            "link_name": args.link,
            "deleted": true,
        }));
    }
    Ok(())
}
