use clap::Args;

use crate::context::Context;
use crate::error::{Error, Result};

/// Show a connector: endpoints, scopes, params and exported variables
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Connector id
    pub id: String,
}

pub fn run(_ctx: &Context, _args: &ShowArgs) -> Result<()> {
    Err(Error::Internal("not built yet".into()))
}
