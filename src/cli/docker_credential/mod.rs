//! `tether docker-credential …` (also run as `docker-credential-tether`): dispatch, and
//! reading what docker writes on stdin.
//!
//! docker's credential-helper protocol fixes the output whatever `--json` says: a JSON answer
//! on stdout, and on failure the message on stdout (docker shows that, not stderr) with exit 1.

use std::io::Read as _;

use clap::Subcommand;

use crate::context::Context;
use crate::error::{Error, Result};

mod erase;
mod get;
mod list;
mod store;

/// The most docker writes on stdin: a server URL, or one login as JSON.
const MAX_REQUEST: u64 = 64 * 1024;

#[derive(Debug, Subcommand)]
pub enum DockerCredentialCommand {
    Get(get::GetArgs),
    Store(store::StoreArgs),
    Erase(erase::EraseArgs),
    List(list::ListArgs),
}

pub(super) fn run(ctx: &Context, command: &DockerCredentialCommand) -> Result<()> {
    match command {
        DockerCredentialCommand::Get(args) => get::run(ctx, args),
        DockerCredentialCommand::Store(args) => store::run(ctx, args),
        DockerCredentialCommand::Erase(args) => erase::run(ctx, args),
        DockerCredentialCommand::List(args) => list::run(ctx, args),
    }
}

/// Everything docker wrote on stdin (it may hold a password: wiped when dropped).
fn request() -> Result<zeroize::Zeroizing<String>> {
    let bytes = crate::secret::read_all(std::io::stdin().lock().take(MAX_REQUEST))
        .map_err(|e| Error::io("reading", "standard input", e))?;
    let text = std::str::from_utf8(&bytes).map_err(|_| crate::docker::DockerError::BadRequest {
        reason: "it is not UTF-8 text".to_owned(),
    })?;
    Ok(zeroize::Zeroizing::new(text.to_owned()))
}
