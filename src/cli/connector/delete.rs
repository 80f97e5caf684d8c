use clap::Args;

use crate::connector::custom;
use crate::context::Context;
use crate::error::Result;

/// Delete a custom connector (refused for built-ins, and while a connection uses it)
#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Connector id
    pub id: String,
}

pub fn run(ctx: &Context, args: &DeleteArgs) -> Result<()> {
    custom::delete(&ctx.paths, &args.id)?;
    ctx.ui()
        .notice(&format!("deleted custom connector `{}`", args.id));
    Ok(())
}
