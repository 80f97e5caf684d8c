use clap::Args;

use crate::connector;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::store::{self, account};

/// Rename an authorized account; OLD may be LINK@ENV: the account behind LINK in ENV (named or not)
#[derive(Debug, Args)]
pub struct RenameArgs {
    /// The account's name, or LINK@ENV for an unnamed account
    pub old: String,
    /// The new name
    pub new: String,
}

pub fn run(ctx: &Context, args: &RenameArgs) -> Result<()> {
    connector::validate_id("account name", &args.new)?;
    let lock = store::lock_state(&ctx.paths)?;
    let mut found = match account::with_label(&ctx.paths, &args.old)?.as_slice() {
        [one] => one.clone(),
        [] => {
            return Err(Error::invalid(
                format!("no account named `{}`", args.old),
                "run `tether account list` to see the accounts",
            ));
        }
        several => {
            let connectors: Vec<&str> = several
                .iter()
                .map(|a| a.configuration.connector.as_str())
                .collect();
            return Err(Error::invalid(
                format!(
                    "{} accounts are named `{}` (for {})",
                    several.len(),
                    args.old,
                    connectors.join(", ")
                ),
                "name the one you mean by where it is used: `tether account rename LINK@ENV NEW`",
            ));
        }
    };
    let clash = account::with_label(&ctx.paths, &args.new)?
        .into_iter()
        .any(|other| other.id != found.id && other.fingerprint == found.fingerprint);
    if clash {
        return Err(Error::invalid(
            format!(
                "an account named `{}` already authorizes the same configuration",
                args.new
            ),
            "choose another name",
        ));
    }
    found.name = Some(args.new.clone());
    account::save(&ctx.paths, &lock, &found)?;
    ctx.say(format!("renamed account `{}` to `{}`", args.old, args.new));
    Ok(())
}
