use clap::Args;

use super::flags::AuthorizeFlags;
use crate::authorization::Mode;
use crate::context::Context;
use crate::error::Result;

/// Link another account to a connection (or authorize the same one again); the old one stops
/// being used there at once, and its tokens are revoked when nothing else uses them
#[derive(Debug, Args)]
#[command(
    after_long_help = "Examples:\n  tether connection reauthorize deploy --env production --account ci-bot-2 --param token=@-\n  tether connection reauthorize files --account alice        # after needs-reauthorization"
)]
pub struct ReauthorizeArgs {
    /// Link name of the connection
    #[arg(add = crate::cli::complete::links())]
    pub link: String,

    /// A value the connector asks for: K=V, K=@FILE, K=@- (stdin) or K=env:VAR
    #[arg(long, value_name = "K=V")]
    pub param: Vec<String>,

    #[command(flatten)]
    pub flags: AuthorizeFlags,
}

pub(super) fn run(ctx: &Context, args: &ReauthorizeArgs) -> Result<()> {
    let mut request = args.flags.request(&args.param)?;
    request.mode = Mode::Reauthorize;
    let outcome = crate::authorization::authorize(ctx, &args.link, &request)?;
    super::report::authorization(ctx, &args.link, outcome);
    super::details::print_if_json(ctx, &args.link)
}
