//! `tether header`: the HTTP header that carries the credential.

use clap::Args;

use crate::context::Context;
use crate::error::Result;

/// Print the HTTP header that carries a connection's credential, e.g.
/// "Authorization: Bearer …"
#[derive(Debug, Args)]
#[command(
    after_long_help = "Examples:\n  curl -H \"$(tether header gh)\" https://api.github.com/user"
)]
pub struct HeaderArgs {
    /// Link name of the connection
    pub link: String,

    /// The application asking; it must be enabled on the connection
    #[arg(long, value_name = "APP", env = "TETHER_APP")]
    pub app: Option<String>,
}

pub(super) fn run(ctx: &Context, args: &HeaderArgs) -> Result<()> {
    let resolved = crate::credential::resolve(ctx, &args.link, args.app.as_deref())?;
    let header = resolved.credential.header_line(&args.link)?;
    let line = crate::secret::Secret::concat(&[header.expose(), "\n"]);
    crate::cli::output::print(line.expose())
}
