//! `tether connection test`: proves that a connection's credential works.

use clap::Args;
use serde::Serialize;

use crate::cli::output;
use crate::context::Context;
use crate::environment::Environment;
use crate::error::Result;
use crate::probe::{self, Target};

/// Prove that a connection's credential works, and say who it is
///
/// One authenticated GET of the connector's [identity] URL (whose answer says who it is),
/// else of its base URL, with the access token refreshed first when due, as `tether token`
/// does. Exit 3 when the credential is refused (HTTP 401 or 403), 5 when the service fails
/// or cannot be reached.
#[derive(Debug, Args)]
#[command(
    after_long_help = "Examples:\n  tether connection test gh\n  tether connection test deploy --env production --json"
)]
pub struct TestArgs {
    /// Link name of the connection
    #[arg(add = crate::cli::complete::links())]
    pub link: String,

    /// The application asking; it must be enabled on the connection
    #[arg(long, value_name = "APP", env = "TETHER_APP")]
    pub app: Option<String>,
}

/// `connection test --json`.
#[derive(Debug, Serialize)]
struct TestJson<'a> {
    link_name: &'a str,
    environment: Environment,
    ok: bool,
    /// The HTTP status of the answer (`status` is a connection's state elsewhere).
    http_status: u16,
    url: &'a str,
    /// `identity` (the connector's identity URL) or `base_url`.
    target: &'static str,
    /// Who the credential belongs to, when the identity URL said.
    login: Option<&'a str>,
    elapsed_ms: u128,
}

pub(super) fn run(ctx: &Context, args: &TestArgs) -> Result<()> {
    let checked = probe::check(ctx, &args.link, args.app.as_deref())?;
    let problem = checked.problem();
    if ctx.json {
        output::print_json(&TestJson {
            link_name: &checked.link,
            environment: checked.env,
            ok: problem.is_none(),
            http_status: checked.status,
            url: &checked.url,
            target: match checked.target {
                Target::Identity => "identity",
                Target::BaseUrl => "base_url",
            },
            login: checked.login.as_deref(),
            elapsed_ms: checked.elapsed.as_millis(),
        })?;
    }
    if let Some(problem) = problem {
        return Err(problem.into());
    }
    if let Some(why) = &checked.identity_problem {
        ctx.ui()
            .notice(&format!("warning: could not tell who it is: {why}"));
    }
    if !ctx.json {
        let who = checked
            .login
            .as_ref()
            .map_or_else(String::new, |login| format!(" as {login}"));
        output::print(&format!(
            "`{}` works in {}{who}: HTTP {} from {} in {} ms\n",
            checked.link,
            checked.env,
            checked.status,
            checked.url,
            checked.elapsed.as_millis()
        ))?;
    }
    Ok(())
}
