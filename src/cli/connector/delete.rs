use clap::Args;

use crate::context::Context;
use crate::error::Result;
use crate::store;

/// Delete a custom connector (refused for built-ins, and while a connection uses it)
#[derive(Debug, Args)]
#[command(after_long_help = "Examples:
  tether connector delete acme")]
pub struct DeleteArgs {
    /// Connector id
    #[arg(add = crate::cli::complete::connector_ids())]
    pub id: String,
}

pub(super) fn run(ctx: &Context, args: &DeleteArgs) -> Result<()> {
    let lock = store::lock_state(&ctx.paths)?;
    store::connectors::delete(&ctx.paths, &lock, &args.id)?;
    ctx.ui()
        .notice(&format!("deleted custom connector `{}`", args.id));
    if ctx.json {
        return crate::cli::output::print_json(&serde_json::json!({
            "id": args.id,
            "deleted": true,
        }));
    }
    Ok(())
}
