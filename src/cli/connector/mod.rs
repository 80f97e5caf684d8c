//! `tether connector …`: dispatch only.

use clap::Subcommand;

use crate::context::Context;
use crate::error::Result;

mod check;
mod configure;
mod delete;
mod discover;
mod export;
mod import;
mod list;
mod show;

#[derive(Debug, Subcommand)]
pub enum ConnectorCommand {
    List(list::ListArgs),
    Show(show::ShowArgs),
    Import(import::ImportArgs),
    Check(check::CheckArgs),
    Export(export::ExportArgs),
    Configure(configure::ConfigureArgs),
    Delete(delete::DeleteArgs),
}

pub(super) fn run(ctx: &Context, command: ConnectorCommand) -> Result<()> {
    match command {
        ConnectorCommand::List(args) => list::run(ctx, &args),
        ConnectorCommand::Show(args) => show::run(ctx, &args),
        ConnectorCommand::Import(args) => import::run(ctx, &args),
        ConnectorCommand::Check(args) => check::run(ctx, &args),
        ConnectorCommand::Export(args) => export::run(ctx, &args),
        ConnectorCommand::Configure(args) => configure::run(ctx, &args),
        ConnectorCommand::Delete(args) => delete::run(ctx, &args),
    }
}
