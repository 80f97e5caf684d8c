use clap::Args;

use crate::context::Context;
use crate::error::{Error, Result};

/// Create the vault and its master key
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Protect the key with a passphrase (TETHER_PASSPHRASE or a hidden prompt) instead of the OS keyring
    #[arg(long)]
    pub passphrase: bool,
}

pub fn run(_ctx: &Context, _args: &InitArgs) -> Result<()> {
    Err(Error::Internal("not built yet".into()))
}
