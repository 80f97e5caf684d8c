use clap::Args;

use crate::authorization::{Mode, Request};
use crate::context::Context;
use crate::error::Result;

/// Back a connection with an existing account of the same configuration, without asking for
/// credentials again
#[derive(Debug, Args)]
#[command(
    after_long_help = "Examples:\n  tether connection reuse billing --account ci-bot --env production\n  tether connection reuse wx2 --account wx@development --name-account weather-team"
)]
pub struct ReuseArgs {
    /// Link name of the connection
    #[arg(add = crate::cli::complete::links())]
    pub link: String,

    /// The account to reuse: a name, or LINK@ENV for an unnamed one
    #[arg(long, value_name = "NAME", add = crate::cli::complete::accounts())]
    pub account: String,

    /// Reuse it in every environment
    #[arg(long)]
    pub all_envs: bool,

    /// Name an unnamed account (LINK@ENV) as it is reused
    #[arg(long, value_name = "NEW")]
    pub name_account: Option<String>,
}

pub(super) fn run(ctx: &Context, args: &ReuseArgs) -> Result<()> {
    let request = Request {
        mode: Mode::Reuse,
        all_envs: args.all_envs,
        account: Some(args.account.clone()),
        name_account: args.name_account.clone(),
        ..Request::default()
    };
    let outcome = crate::authorization::authorize(ctx, &args.link, &request)?;
    super::report::authorization(ctx, &args.link, outcome);
    super::details::print_if_json(ctx, &args.link)
}
