//! `tether header`: the HTTP header that carries the credential.

use clap::Args;
use serde::Serialize;

use crate::context::Context;
use crate::error::Result;
use crate::secret::Secret;

/// Print the HTTP header that carries a connection's credential, e.g.
/// "Authorization: Bearer …"
#[derive(Debug, Args)]
#[command(
    after_long_help = "Examples:\n  curl -H \"$(tether header gh)\" https://api.github.com/user\n  mapfile -t h < <(tether header notion --all); curl \"${h[@]/#/-H}\" https://api.notion.com/v1/users/me"
)]
pub struct HeaderArgs {
    /// Link name of the connection
    #[arg(add = crate::cli::complete::links())]
    pub link: String,

    /// The application asking; it must be enabled on the connection
    #[arg(long, value_name = "APP", env = "TETHER_APP")]
    pub app: Option<String>,

    /// Every header a request needs, one per line: each one carrying a credential, then the
    /// connector's fixed ones (an API version, a tenant)
    #[arg(long)]
    pub all: bool,
}

/// `header --json`: the headers in the order a request carries them.
#[derive(Serialize)]
struct Headers<'a> {
    headers: Vec<Named<'a>>,
}

#[derive(Serialize)]
struct Named<'a> {
    name: &'a str,
    value: &'a str,
}

/// A header as `invoke --json` shows one of the answer's.
#[derive(Serialize)]
pub(super) struct HeaderJson {
    pub name: String,
    pub value: String,
}

pub(super) fn run(ctx: &Context, args: &HeaderArgs) -> Result<()> {
    let resolved = crate::credential::resolve(ctx, &args.link, args.app.as_deref())?;
    let credential = &resolved.credential;
    let lines = match args.all.then(|| credential.header_lines()).flatten() {
        Some(lines) => lines,
        // Without a header that carries the credential, this says why.
        None => vec![credential.header_line(&args.link)?],
    };
    if ctx.json {
        // `Name: value` lines: a header name holds no colon.
        let headers: Vec<Named<'_>> = lines
            .iter()
            .filter_map(|line| line.expose().split_once(": "))
            .map(|(name, value)| Named { name, value })
            .collect();
        return crate::cli::output::print_secret_json(&Headers { headers });
    }
    let mut parts: Vec<&str> = Vec::with_capacity(lines.len() * 2);
    for line in &lines {
        parts.extend([line.expose(), "\n"]);
    }
    crate::cli::output::print(Secret::concat(&parts).expose())
}
