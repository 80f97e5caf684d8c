//! The one account a label names: a name, or `LINK@ENV` for an unnamed account.

use crate::context::Context;
use crate::error::Result;
use crate::store::account::{self, Account};
use crate::usage::UsageError;

/// The account `label` names; an error when none or several do.
pub(super) fn one(ctx: &Context, label: &str) -> Result<Account> {
    match account::with_label(&ctx.paths, label)?.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(UsageError::UnknownAccount {
            label: label.to_owned(),
            suggestion: None,
        }
        .into()),
        several => Err(UsageError::AmbiguousAccount {
            name: label.to_owned(),
            connectors: several
                .iter()
                .map(|a| a.configuration.connector.clone())
                .collect(),
        }
        .into()),
    }
}
