use clap::Args;

use crate::context::Context;
use crate::error::{Error, Result};

/// Set the OAuth2 client app (client id and secret) of a connector
#[derive(Debug, Args)]
pub struct ConfigureArgs {
    /// Connector id
    pub id: String,
    /// The OAuth2 client id
    #[arg(long, value_name = "ID")]
    pub client_id: String,
    /// The OAuth2 client secret: a value, @FILE, @- (stdin) or env:VAR
    #[arg(long, value_name = "VALUE")]
    pub client_secret: Option<String>,
}

pub fn run(_ctx: &Context, _args: &ConfigureArgs) -> Result<()> {
    Err(Error::Internal("not built yet".into()))
}
