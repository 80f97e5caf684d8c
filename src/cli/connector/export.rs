use clap::Args;

use crate::context::Context;
use crate::error::{Error, Result};

/// Print a connector as TOML that  reads back
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Connector id
    pub id: String,
}

pub fn run(_ctx: &Context, _args: &ExportArgs) -> Result<()> {
    Err(Error::Internal("not built yet".into()))
}
