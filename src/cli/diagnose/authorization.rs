//! What to do when an authorization is refused before anything changed (exit 2).

use super::Diagnosis;
use crate::authorization::AuthorizeError as E;

pub(super) fn authorization(error: &E) -> Diagnosis {
    let (code, hint) = match error {
        E::AlreadyAuthorized { link, env } => (
            "already_authorized",
            format!(
                "to link another account, run `tether connection reauthorize {link} --env {env} --account NAME`"
            ),
        ),
        E::ConnectionParam { .. } => (
            "connection_param",
            "create another connection to use another value".to_owned(),
        ),
        E::OtherValue {
            account,
            link,
            name,
        } => (
            "other_value",
            format!(
                "to reuse the account as it is, leave out --param; to replace its credentials everywhere it \
                 is used, run `tether connection reauthorize {link} --account {account} --param {name}=…`; \
                 or choose another account name"
            ),
        ),
        E::UnknownParam { known, .. } => (
            "unknown_param",
            if known.is_empty() {
                "this connector takes no params".to_owned()
            } else {
                format!("its params are: {}", known.join(", "))
            },
        ),
        E::NameTaken { .. } => (
            "account_name_taken",
            "choose another name, or reuse that account with `tether connection reuse`".to_owned(),
        ),
        E::AlreadyNamed { .. } => (
            "account_named",
            "--name-account names an unnamed account (LINK@ENV); use `tether account rename` to rename"
                .to_owned(),
        ),
        E::Released { label, link } => (
            "account_released",
            format!("authorize it again: `tether connection authorize {link} --account {label} --param …`"),
        ),
        E::Unnamed { label } => (
            "account_unnamed",
            format!(
                "name it first: `tether account rename {label} NEW`, or pass --name-account NEW to `tether connection reuse`"
            ),
        ),
        E::ExpiresForOAuth { .. } => (
            "expires_for_oauth",
            "leave out --expires; `tether status` shows when the tokens and the refresh token expire"
                .to_owned(),
        ),
        E::ExpiresOnReuse { label, link } => (
            "expires_on_reuse",
            format!(
                "to store a new key with its expiry, run `tether connection reauthorize {link} --account {label} --expires WHEN`"
            ),
        ),
        E::ExpiresInPast { .. } => (
            "expires_in_past",
            "give a time to come: a date (2027-03-31), an RFC 3339 time, or a length of time (90d)"
                .to_owned(),
        ),
        E::OtherOsUser { .. } => (
            "other_os_user",
            "authorize a new account under another name".to_owned(),
        ),
        E::OtherConfiguration { .. } => (
            "other_configuration",
            "reuse an account authorized for the same configuration, or authorize a new one with `tether connection authorize … --account NAME`"
                .to_owned(),
        ),
    };
    Diagnosis::new(code, 2, error.to_string()).hint(hint)
}
