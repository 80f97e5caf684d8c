use clap::Args;

use crate::context::Context;
use crate::error::{Error, Result};

/// Delete a custom connector (refused while a connection uses it)
#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Connector id
    pub id: String,
}

pub fn run(_ctx: &Context, _args: &DeleteArgs) -> Result<()> {
    Err(Error::Internal("not built yet".into()))
}
