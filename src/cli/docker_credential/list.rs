//! `tether docker-credential list`: every registry tether serves.

use std::collections::BTreeMap;

use clap::Args;

use crate::context::Context;
use crate::error::Result;

/// Print every registry tether serves in the environment with its username, as
/// {"SERVER URL": "USERNAME"} (docker's credential-helper protocol)
#[derive(Debug, Args)]
#[command(after_long_help = "Examples:
  tether docker-credential list
  TETHER_ENV=production docker-credential-tether list")]
pub struct ListArgs {}

pub(super) fn run(ctx: &Context, _args: &ListArgs) -> Result<()> {
    let served = crate::docker::served(ctx, ctx.env()?)?;
    let listing: BTreeMap<&str, &str> = served
        .iter()
        .map(|s| (s.server_url.as_str(), s.username.as_str()))
        .collect();
    crate::cli::output::print_json(&listing)
}
