//! `tether connection …`: dispatch only.

use clap::Subcommand;

use crate::context::Context;
use crate::error::Result;

#[derive(Debug, Subcommand)]
pub enum ConnectionCommand {}

pub fn run(_ctx: &Context, command: ConnectionCommand) -> Result<()> {
    match command {}
}
