use clap::Args;

use crate::connector;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::store::{self, account};

/// Rename an authorized account; OLD may be LINK@ENV to name an unnamed one
#[derive(Debug, Args)]
pub struct RenameArgs {
    /// The account's name, or LINK@ENV for an unnamed account
    pub old: String,
    /// The new name
    pub new: String,
}

pub fn run(ctx: &Context, args: &RenameArgs) -> Result<()> {
    connector::validate_id("account name", &args.new)?;
    let _lock = store::lock_state(&ctx.paths)?;
    let Some(mut found) = account::find_by_label(&ctx.paths, &args.old)? else {
        return Err(Error::invalid(
            format!("no account named `{}`", args.old),
            "run `tether account list` to see the accounts",
        ));
    };
    if account::find_by_label(&ctx.paths, &args.new)?.is_some_and(|other| other.id != found.id) {
        return Err(Error::invalid(
            format!("an account named `{}` already exists", args.new),
            "choose another name",
        ));
    }
    found.name = Some(args.new.clone());
    account::save(&ctx.paths, &found)?;
    ctx.say(format!("renamed account `{}` to `{}`", args.old, args.new));
    Ok(())
}
