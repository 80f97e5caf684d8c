//! `tether account …`: dispatch only.

use clap::Subcommand;

use crate::context::Context;
use crate::error::Result;

mod list;
mod rename;

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    List(list::ListArgs),
    Rename(rename::RenameArgs),
}

pub(super) fn run(ctx: &Context, command: AccountCommand) -> Result<()> {
    match command {
        AccountCommand::List(args) => list::run(ctx, &args),
        AccountCommand::Rename(args) => rename::run(ctx, &args),
    }
}
