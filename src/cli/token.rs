//! `tether token`: the bare secret on stdout.

use clap::Args;

use crate::context::Context;
use crate::error::{Error, Result};

/// Print the bare secret of a connection (refreshed if needed)
#[derive(Debug, Args)]
pub struct TokenArgs {
    /// Link name of the connection
    pub link: String,
}

pub fn run(_ctx: &Context, _args: &TokenArgs) -> Result<()> {
    Err(Error::Internal("not built yet".into()))
}
