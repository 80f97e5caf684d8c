use clap::Args;

use crate::context::Context;
use crate::error::{Error, Result};

/// Show where the vault key comes from, the paths and the record count; never a secret
#[derive(Debug, Args)]
pub struct StatusArgs {

}

pub fn run(_ctx: &Context, _args: &StatusArgs) -> Result<()> {
    Err(Error::Internal("not built yet".into()))
}
