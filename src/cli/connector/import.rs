use clap::Args;

use crate::context::Context;
use crate::error::{Error, Result};

/// Add or replace a custom connector from a TOML file (validated first)
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The connector file (`-` reads standard input)
    pub file: std::path::PathBuf,
}

pub fn run(_ctx: &Context, _args: &ImportArgs) -> Result<()> {
    Err(Error::Internal("not built yet".into()))
}
