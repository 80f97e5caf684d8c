//! `tether token`: the bare secret on stdout.

use clap::Args;
use serde::Serialize;

use crate::context::Context;
use crate::error::Result;

/// Print the bare secret of a connection: the OAuth2 access token (refreshed if needed), the
/// API key, or the password
#[derive(Debug, Args)]
#[command(
    after_long_help = "Examples:\n  curl -H \"Authorization: Bearer $(tether token gh)\" https://api.github.com/user\n  tether token deploy --env production --app release-pipeline"
)]
pub struct TokenArgs {
    /// Link name of the connection
    #[arg(add = crate::cli::complete::links())]
    pub link: String,

    /// The application asking; it must be enabled on the connection
    #[arg(long, value_name = "APP", env = "TETHER_APP")]
    pub app: Option<String>,
}

/// `token --json`: the secret and, for an OAuth2 access token, when it expires.
#[derive(Serialize)]
struct Token<'a> {
    token: &'a str,
    expires_at: Option<String>,
}

pub(super) fn run(ctx: &Context, args: &TokenArgs) -> Result<()> {
    let resolved = crate::credential::resolve(ctx, &args.link, args.app.as_deref())?;
    if ctx.json {
        return crate::cli::output::print_secret_json(&Token {
            token: resolved.credential.token.expose(),
            expires_at: resolved.expires_at.map(crate::cli::output::rfc3339),
        });
    }
    let line = crate::secret::Secret::concat(&[resolved.credential.token.expose(), "\n"]);
    crate::cli::output::print(line.expose())
}
