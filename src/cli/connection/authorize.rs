use clap::Args;

use super::flags::AuthorizeFlags;
use crate::context::Context;
use crate::error::Result;

/// Authorize a connection in one or more environments with a named account
#[derive(Debug, Args)]
#[command(
    after_long_help = "Examples:\n  tether connection authorize wx --account me --param api_key=env:WX_KEY\n  tether connection authorize deploy --env production --account ci-bot --param token=@-"
)]
pub struct AuthorizeArgs {
    /// Link name of the connection
    #[arg(add = crate::cli::complete::links())]
    pub link: String,

    /// A value the connector asks for: K=V, K=@FILE, K=@- (stdin) or K=env:VAR
    #[arg(long, value_name = "K=V")]
    pub param: Vec<String>,

    #[command(flatten)]
    pub flags: AuthorizeFlags,
}

pub(super) fn run(ctx: &Context, args: &AuthorizeArgs) -> Result<()> {
    let request = args.flags.request(&args.param)?;
    let outcome = crate::authorization::authorize(ctx, &args.link, &request)?;
    super::report::authorization(ctx, &args.link, outcome);
    super::details::print_if_json(ctx, &args.link)
}
