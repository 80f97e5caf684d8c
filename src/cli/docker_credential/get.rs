//! `tether docker-credential get`: the login for the registry docker names on stdin.

use clap::Args;
use serde::Serialize;

use crate::audit::Subject;
use crate::context::Context;
use crate::error::Result;

/// Print the login for the registry whose server URL is on stdin: the connection's fresh
/// credential as the password, refreshed when due (docker's credential-helper protocol)
#[derive(Debug, Args)]
#[command(after_long_help = "Examples:
  echo ghcr.io | tether docker-credential get
  echo https://index.docker.io/v1/ | TETHER_ENV=production docker-credential-tether get
  echo ghcr.io | tether docker-credential get --link gh-work")]
pub struct GetArgs {
    /// The connection to use when several serve the registry
    #[arg(long, value_name = "LINK", env = "TETHER_DOCKER_LINK", add = crate::cli::complete::links())]
    pub link: Option<String>,

    /// The application asking; it must be enabled on the connection
    #[arg(long, value_name = "APP", env = "TETHER_APP")]
    pub app: Option<String>,
}

/// The protocol's answer.
#[derive(Serialize)]
struct Credentials<'a> {
    #[serde(rename = "ServerURL")]
    server_url: &'a str,
    #[serde(rename = "Username")]
    username: &'a str,
    #[serde(rename = "Secret")]
    secret: &'a str,
}

pub(super) fn run(ctx: &Context, args: &GetArgs) -> Result<()> {
    let request = super::request()?;
    let server_url = request.trim();
    let chosen = crate::docker::choose(ctx, server_url, args.link.as_deref())?;
    // The connection is known only now: this run is a use of its credential.
    ctx.audit().begin(Some(
        Subject::new("docker-credential get")
            .link(&chosen.link)
            .env(ctx.env().ok())
            .app(args.app.as_deref()),
    ));
    let resolved = crate::credential::resolve(ctx, &chosen.link, args.app.as_deref())?;
    crate::cli::output::print_secret_json(&Credentials {
        server_url,
        username: &chosen.username,
        secret: resolved.credential.token.expose(),
    })
}
