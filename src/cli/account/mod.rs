//! `tether account …`: dispatch only.

use clap::Subcommand;

use crate::context::Context;
use crate::error::Result;

mod list;

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    List(list::ListArgs),
}

pub fn run(ctx: &Context, command: AccountCommand) -> Result<()> {
    match command {
        AccountCommand::List(args) => list::run(ctx, &args),
    }
}
