use clap::Args;

use crate::connector::AuthType;
use crate::context::Context;
use crate::error::Result;
use crate::store::{self, account, bindings, connection, connection::Connection};
use crate::usage::UsageError;

/// Delete a connection; OAuth2 tokens nothing else uses are revoked at the provider unless
/// --keep-remote
#[derive(Debug, Args)]
#[command(after_long_help = "Examples:
  tether connection delete gh
  tether connection delete gh --yes --keep-remote")]
pub struct DeleteArgs {
    /// Link name of the connection
    #[arg(add = crate::cli::complete::links())]
    pub link: String,

    /// Do not revoke OAuth2 tokens at the provider
    #[arg(long)]
    pub keep_remote: bool,

    /// Delete even though applications still have access
    #[arg(long)]
    pub force: bool,

    /// Do not ask for confirmation (needed without a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

pub(super) fn run(ctx: &Context, args: &DeleteArgs) -> Result<()> {
    let found = connection::load(&ctx.paths, &args.link)?;
    refuse_accessed(&found, args.force)?;
    crate::cli::confirm::deletion(ctx, || question(ctx, &found, args.keep_remote), args.yes)?;
    if !found.environments.is_empty() {
        crate::authorization::release::open_vault_before_locking(ctx)?;
    }
    let rebound = {
        let lock = store::lock_state(&ctx.paths)?;
        let connection = connection::load(&ctx.paths, &args.link)?;
        refuse_accessed(&connection, args.force)?;
        crate::authorization::release::commit_bindings(ctx, &lock, &connection, true)?
    };
    super::report::notes(ctx, &rebound.notes);
    ctx.ui()
        .notice(&format!("deleted connection `{}`", args.link));
    super::report::released(ctx, rebound.released, args.keep_remote);
    if ctx.json {
        return crate::cli::output::print_json(&serde_json::json!({
            "link_name": args.link,
            "deleted": true,
        }));
    }
    Ok(())
}

fn refuse_accessed(connection: &Connection, force: bool) -> Result<()> {
    if connection.access.is_empty() || force {
        return Ok(());
    }
    Err(UsageError::StillAccessed {
        link: connection.link_name.clone(),
        apps: connection.access.clone(),
    }
    .into())
}

/// The question, naming what goes with the connection: the accounts nothing else uses (their
/// secrets leave the vault) and, for OAuth2, their tokens at the provider.
fn question(ctx: &Context, connection: &Connection, keep_remote: bool) -> Result<String> {
    let link = &connection.link_name;
    let mut going = Vec::new();
    let ids: std::collections::BTreeSet<&str> = connection
        .environments
        .values()
        .map(|b| b.account.as_str())
        .collect();
    for id in ids {
        let only_here = bindings::uses_of(&ctx.paths, id)?
            .iter()
            .all(|label| label.split_once('@').is_some_and(|(l, _)| l == link));
        if only_here && let Some(account) = account::find(&ctx.paths, id)? {
            going.push(format!("`{}`", account.label()));
        }
    }
    if going.is_empty() {
        return Ok(format!("Delete connection `{link}`?"));
    }
    let oauth = store::connectors::load(&ctx.paths, &connection.connector)
        .is_ok_and(|c| c.auth.kind() == AuthType::OAuth2);
    let accounts = format!(
        "account{} {}",
        if going.len() == 1 { "" } else { "s" },
        going.join(", ")
    );
    Ok(if oauth && !keep_remote {
        format!("Delete connection `{link}` and revoke its tokens at the provider ({accounts})?")
    } else {
        format!("Delete connection `{link}` and the secrets of {accounts}?")
    })
}
