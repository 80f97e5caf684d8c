use clap::Args;

use crate::connector;
use crate::context::Context;
use crate::error::Result;
use crate::store::{self, account};
use crate::usage::UsageError;

/// Rename an authorized account; OLD may be LINK@ENV: the account behind LINK in ENV (named or not)
#[derive(Debug, Args)]
#[command(after_long_help = "Examples:
  tether account rename alice alice-work
  tether account rename gh@production ci-bot")]
pub struct RenameArgs {
    /// The account's name, or LINK@ENV for an unnamed account
    #[arg(add = crate::cli::complete::accounts())]
    pub old: String,
    /// The new name
    pub new: String,
}

pub(super) fn run(ctx: &Context, args: &RenameArgs) -> Result<()> {
    connector::validate_id("account name", &args.new)?;
    let lock = store::lock_state(&ctx.paths)?;
    let mut found = super::label::one(ctx, &args.old)?;
    let clash = account::with_label(&ctx.paths, &args.new)?
        .into_iter()
        .any(|other| other.id != found.id && other.fingerprint == found.fingerprint);
    if clash {
        return Err(UsageError::AccountNameClash {
            name: args.new.clone(),
        }
        .into());
    }
    found.name = Some(args.new.clone());
    account::save(&ctx.paths, &lock, &found)?;
    ctx.ui()
        .notice(&format!("renamed account `{}` to `{}`", args.old, args.new));
    if ctx.json {
        return crate::cli::output::print_json(&serde_json::json!({
            "name": args.new,
            "previous": args.old,
            "connector": found.configuration.connector,
        }));
    }
    Ok(())
}
