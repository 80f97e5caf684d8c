//! `tether connection …`: dispatch only.

use clap::Subcommand;

use crate::context::Context;
use crate::error::Result;

mod access;
mod authorize;
mod create;
mod delete;
mod details;
mod flags;
mod list;
mod reauthorize;
mod rename;
pub(super) mod report;
mod reuse;
mod same_for_all;
mod test;

#[derive(Debug, Subcommand)]
pub enum ConnectionCommand {
    Create(create::CreateArgs),
    Authorize(authorize::AuthorizeArgs),
    Reauthorize(reauthorize::ReauthorizeArgs),
    Reuse(reuse::ReuseArgs),
    Details(details::DetailsArgs),
    List(list::ListArgs),
    Access(access::AccessArgs),
    Rename(rename::RenameArgs),
    SameForAll(same_for_all::SameForAllArgs),
    Delete(delete::DeleteArgs),
    Test(test::TestArgs),
}

pub(super) fn run(ctx: &Context, command: ConnectionCommand) -> Result<()> {
    match command {
        ConnectionCommand::Create(args) => create::run(ctx, &args),
        ConnectionCommand::Authorize(args) => authorize::run(ctx, &args),
        ConnectionCommand::Reauthorize(args) => reauthorize::run(ctx, &args),
        ConnectionCommand::Reuse(args) => reuse::run(ctx, &args),
        ConnectionCommand::Access(args) => access::run(ctx, &args),
        ConnectionCommand::Rename(args) => rename::run(ctx, &args),
        ConnectionCommand::SameForAll(args) => same_for_all::run(ctx, &args),
        ConnectionCommand::Details(args) => details::run(ctx, &args),
        ConnectionCommand::List(args) => list::run(ctx, &args),
        ConnectionCommand::Delete(args) => delete::run(ctx, &args),
        ConnectionCommand::Test(args) => test::run(ctx, &args),
    }
}
