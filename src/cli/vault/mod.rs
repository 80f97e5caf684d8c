//! `tether vault …`: dispatch only.

use clap::Subcommand;

use crate::context::Context;
use crate::error::Result;

mod init;
mod lock;
mod rekey;
mod status;
mod unlock;

#[derive(Debug, Subcommand)]
pub enum VaultCommand {
    Status(status::StatusArgs),
    Init(init::InitArgs),
    Rekey(rekey::RekeyArgs),
    Unlock(unlock::UnlockArgs),
    Lock(lock::LockArgs),
}

pub(super) fn run(ctx: &Context, command: VaultCommand) -> Result<()> {
    // A new key for a shared vault would have to reach every machine of the team at once.
    let changes_key = match &command {
        VaultCommand::Init(_) => Some("vault init"),
        VaultCommand::Rekey(_) => Some("vault rekey"),
        _ => None,
    };
    if let Some(what) = changes_key
        && crate::store::is_shared(&ctx.paths)?
    {
        return Err(crate::store::StoreError::NotOnSharedStore {
            what: what.to_owned(),
        }
        .into());
    }
    match command {
        VaultCommand::Status(args) => status::run(ctx, &args),
        VaultCommand::Init(args) => init::run(ctx, &args),
        VaultCommand::Rekey(args) => rekey::run(ctx, &args),
        VaultCommand::Unlock(args) => unlock::run(ctx, &args),
        VaultCommand::Lock(args) => lock::run(ctx, &args),
    }
}
