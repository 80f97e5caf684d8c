use clap::Args;

use crate::context::Context;
use crate::error::{Error, Result};

/// List built-in and custom connectors
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only built-in connectors
    #[arg(long, conflicts_with = "custom")]
    pub builtin: bool,
    /// Only custom connectors
    #[arg(long)]
    pub custom: bool,
    /// Only connectors of this auth type (basic, api-key, oauth2)
    #[arg(long, value_name = "TYPE")]
    pub auth: Option<crate::connector::AuthType>,
    /// Only connectors whose id, name or description contains TEXT
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
}

pub fn run(_ctx: &Context, _args: &ListArgs) -> Result<()> {
    Err(Error::Internal("not built yet".into()))
}
