//! `tether account …`: dispatch only.

use clap::Subcommand;

use crate::context::Context;
use crate::error::Result;

#[derive(Debug, Subcommand)]
pub enum AccountCommand {}

pub fn run(_ctx: &Context, command: AccountCommand) -> Result<()> {
    match command {}
}
