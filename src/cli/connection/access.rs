use clap::Args;

use crate::cli::output;
use crate::connector;
use crate::context::Context;
use crate::error::Result;
use crate::store::{self, connection};
use crate::usage::UsageError;

/// Enable or disable applications on a connection (shows the access list without options)
///
/// An application names itself with `--app APP` (or TETHER_APP) on token, header, exec and
/// invoke; it is refused with exit 6 unless it is enabled here.
#[derive(Debug, Args)]
#[command(after_long_help = "Examples:
  tether connection access deploy
  tether connection access deploy --enable release-pipeline
  tether connection access deploy --disable old-script")]
pub struct AccessArgs {
    /// Link name of the connection
    #[arg(add = crate::cli::complete::links())]
    pub link: String,

    /// Allow an application (repeatable)
    #[arg(long, value_name = "APP")]
    pub enable: Vec<String>,

    /// Remove an application (repeatable)
    #[arg(long, value_name = "APP")]
    pub disable: Vec<String>,
}

pub(super) fn run(ctx: &Context, args: &AccessArgs) -> Result<()> {
    for app in args.enable.iter().chain(&args.disable) {
        connector::validate_id("application name", app)?;
    }
    if let Some(app) = args.enable.iter().find(|a| args.disable.contains(a)) {
        return Err(UsageError::EnabledAndDisabled { app: app.clone() }.into());
    }
    let access = {
        let lock = store::lock_state(&ctx.paths)?;
        let mut connection = connection::load(&ctx.paths, &args.link)?;
        for app in &args.enable {
            if !connection.access.contains(app) {
                connection.access.push(app.clone());
                ctx.ui()
                    .notice(&format!("enabled `{app}` on `{}`", args.link));
            }
        }
        for app in &args.disable {
            if connection.access.contains(app) {
                connection.access.retain(|a| a != app);
                ctx.ui()
                    .notice(&format!("disabled `{app}` on `{}`", args.link));
            } else {
                ctx.ui()
                    .notice(&format!("`{app}` was not enabled on `{}`", args.link));
            }
        }
        connection.access.sort();
        if !args.enable.is_empty() || !args.disable.is_empty() {
            connection::save(&ctx.paths, &lock, &connection)?;
        }
        connection.access
    };
    if ctx.json {
        return output::print_json(&access);
    }
    if access.is_empty() {
        ctx.ui().notice(&format!(
            "no application is enabled on `{}`; only uses without --app are allowed",
            args.link
        ));
        return Ok(());
    }
    output::print(&(access.join("\n") + "\n"))
}
