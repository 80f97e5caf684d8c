//! `tether account …`: dispatch only.

use clap::Subcommand;

use crate::context::Context;
use crate::error::Result;

mod delete;
mod label;
mod list;
mod rename;

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    List(list::ListArgs),
    Rename(rename::RenameArgs),
    Delete(delete::DeleteArgs),
}

pub(super) fn run(ctx: &Context, command: AccountCommand) -> Result<()> {
    match command {
        AccountCommand::List(args) => list::run(ctx, &args),
        AccountCommand::Rename(args) => rename::run(ctx, &args),
        AccountCommand::Delete(args) => delete::run(ctx, &args),
    }
}
