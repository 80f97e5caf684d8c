//! `tether header`: the HTTP header that carries the credential.

use clap::Args;

use crate::context::Context;
use crate::error::{Error, Result};

/// Print the HTTP header that carries the credential, e.g. "Authorization: Bearer …"
#[derive(Debug, Args)]
pub struct HeaderArgs {
    /// Link name of the connection
    pub link: String,
}

pub fn run(_ctx: &Context, _args: &HeaderArgs) -> Result<()> {
    Err(Error::Internal("not built yet".into()))
}
