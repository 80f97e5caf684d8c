use clap::Args;

use crate::connector::{self, AuthType};
use crate::context::Context;
use crate::error::Result;
use crate::store::{self, connection};

/// Delete a connection; its tokens are revoked at the provider unless --keep-remote
#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Link name of the connection
    pub link: String,

    /// Do not revoke OAuth2 tokens at the provider
    #[arg(long)]
    pub keep_remote: bool,
}

pub fn run(ctx: &Context, args: &DeleteArgs) -> Result<()> {
    let released = {
        let _lock = store::lock_state(&ctx.paths)?;
        let connection = connection::load(&ctx.paths, &args.link)?;
        let accounts = connection
            .environments
            .values()
            .map(|b| b.account.clone())
            .collect();
        connection::remove(&ctx.paths, &args.link)?;
        crate::authorize::release_unused(ctx, accounts)?
    };
    ctx.say(format!("deleted connection `{}`", args.link));
    for (account, secrets) in released {
        let label = account.label();
        let tokens = secrets.and_then(|s| s.oauth);
        let (Some(tokens), false) = (tokens, args.keep_remote) else {
            ctx.say(format!(
                "removed the secrets of account `{label}`, which nothing uses any more"
            ));
            continue;
        };
        let connector = connector::load(&ctx.paths, &account.configuration.connector)?;
        if connector.auth != AuthType::OAuth2 {
            continue;
        }
        let client = crate::credential::oauth_client(ctx, &connector)?;
        let outcome = crate::credential::revoke(ctx, &connector, &client, &tokens);
        ctx.say(format!("account `{label}`: {outcome}"));
    }
    Ok(())
}
