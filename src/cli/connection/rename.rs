use clap::Args;

use crate::context::Context;
use crate::error::Result;
use crate::store::{self, connection};
use crate::usage::UsageError;

/// Change a connection's display name (the link name never changes)
#[derive(Debug, Args)]
#[command(after_long_help = r#"Examples:
  tether connection rename gh --display-name "GitHub (work)""#)]
pub struct RenameArgs {
    /// Link name of the connection
    #[arg(add = crate::cli::complete::links())]
    pub link: String,

    /// The new display name
    #[arg(long, value_name = "NAME")]
    pub display_name: String,
}

pub(super) fn run(ctx: &Context, args: &RenameArgs) -> Result<()> {
    let name = args.display_name.trim();
    if name.is_empty() || name.chars().any(char::is_control) {
        return Err(UsageError::BadDisplayName.into());
    }
    let lock = store::lock_state(&ctx.paths)?;
    let mut connection = connection::load(&ctx.paths, &args.link)?;
    let old = std::mem::replace(&mut connection.display_name, name.to_owned());
    connection::save(&ctx.paths, &lock, &connection)?;
    ctx.ui()
        .notice(&format!("renamed `{}`: \"{old}\" → \"{name}\"", args.link));
    super::details::print_if_json(ctx, &args.link)
}
