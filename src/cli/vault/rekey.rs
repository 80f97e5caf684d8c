use clap::Args;

use crate::context::Context;
use crate::error::{Error, Result};

/// Make a new master key, re-seal every record, and remove the old key
#[derive(Debug, Args)]
pub struct RekeyArgs {

}

pub fn run(_ctx: &Context, _args: &RekeyArgs) -> Result<()> {
    Err(Error::Internal("not built yet".into()))
}
