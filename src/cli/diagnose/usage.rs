//! What to do about usage and input failures (exit 2).

use super::Diagnosis;
use crate::usage::UsageError as E;
use crate::value_source::ValueError as V;

pub(super) fn usage(error: &E) -> Diagnosis {
    let (code, hint) = match error {
        E::Missing { flag, .. } => ("missing_value", format!("pass {flag}")),
        E::Cancelled => ("cancelled", "run the command again when ready".to_owned()),
        E::OneEnvironment => ("one_environment", "pass a single --env".to_owned()),
        E::NotAChoice { name, choices, .. } => (
            "not_a_choice",
            format!(
                "pass --param {name}=CHOICE with one of: {}",
                choices.join(", ")
            ),
        ),
        E::Value(e) => ("invalid_value", value_hint(e)),
        E::UnknownAccount { .. } => (
            "unknown_account",
            "run `tether account list` to see the accounts".to_owned(),
        ),
        E::AmbiguousAccount { .. } => (
            "ambiguous_account",
            "name the one you mean by where it is used: `tether account rename LINK@ENV NEW`"
                .to_owned(),
        ),
        E::AccountNameClash { .. } => ("account_name_taken", "choose another name".to_owned()),
        E::AccountInUse { uses, .. } => ("account_in_use", detach_hint(uses)),
        E::BadDisplayName => (
            "invalid_display_name",
            "pass a readable name, e.g. --display-name \"Deploy bot\"".to_owned(),
        ),
        E::StillAccessed { link, .. } => (
            "still_accessed",
            format!(
                "disable them first (`tether connection access {link} --disable APP`), or pass --force"
            ),
        ),
        E::EnabledAndDisabled { .. } => (
            "conflicting_flags",
            "pass it to one of --enable and --disable".to_owned(),
        ),
        E::DifferentAccounts { link, .. } => (
            "different_accounts",
            format!(
                "say whose account serves all with `tether connection same-for-all {link} on --from ENV`"
            ),
        ),
        E::ParamNeedsAuthorize { .. } | E::FlagNeedsAuthorize { .. } => (
            "needs_authorize",
            "add --authorize, or pass it to `tether connection authorize`".to_owned(),
        ),
        E::NoScopes { .. } => ("no_scopes", "drop --scope".to_owned()),
        E::UnknownScope { scopes, .. } => (
            "unknown_scope",
            format!("its scopes are: {}", scopes.join(" ")),
        ),
        E::ConnectorUnreadable { .. } => (
            "unreadable_file",
            "check the path, or pass `-` to read the connector from standard input".to_owned(),
        ),
        E::ConnectorTooLarge { .. } => (
            "file_too_large",
            "check that this is the right file".to_owned(),
        ),
        E::VaultExists { .. } => (
            "vault_exists",
            "to change its key, run `tether vault rekey`; `tether vault status` describes it"
                .to_owned(),
        ),
        E::PassphraseWithKey { var } => (
            "conflicting_key_source",
            format!("unset {var} to make a passphrase vault, or drop --passphrase to use {var}"),
        ),
        E::NotMethod { .. } => (
            "invalid_method",
            "use GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS".to_owned(),
        ),
        E::BodyUnreadable { .. } => (
            "unreadable_file",
            "check the path after `@`, or use -d @- to read standard input".to_owned(),
        ),
        E::QueryNotHeader { link, name } => (
            "not_a_header",
            format!("use `tether token {link}` and add ?{name}=… yourself, or `tether invoke`"),
        ),
        E::BadExpiryWarning { .. } => (
            "invalid_expiry_warning",
            "set it to days, hours or minutes (`7d`, `36h`, `90m`), or `0` for no warnings"
                .to_owned(),
        ),
        E::JsonNeedsOutput => (
            "json_needs_output",
            "drop --json, or pass -o OUT to get a JSON summary of what was written".to_owned(),
        ),
    };
    // A question cancelled with Ctrl-C or ESC ends as an interrupted program does (128 + SIGINT).
    let exit = if matches!(error, E::Cancelled) {
        130
    } else {
        2
    };
    Diagnosis::new(code, exit, error.to_string()).hint(hint)
}

/// How to free an account from its uses (`LINK@ENV`) before deleting it.
fn detach_hint(uses: &[String]) -> String {
    let (link, env) = uses
        .first()
        .and_then(|u| u.split_once('@'))
        .unwrap_or(("LINK", "ENV"));
    format!(
        "detach it first: authorize each with another account (`tether connection reauthorize {link} --env {env} --account OTHER`) or delete the connection (`tether connection delete {link}`)"
    )
}

/// What to do about a value given as K=V, @FILE, @- or env:VAR.
fn value_hint(error: &V) -> String {
    match error {
        V::NotKeyValue { flag } => {
            format!("write it as {flag} name=value (value may be @FILE, @- or env:VAR)")
        }
        V::Unreadable { .. } => {
            "check the path after `@`, or use @- to read standard input".to_owned()
        }
        V::StdinTwice { .. } => {
            "pass at most one value as @-; use @FILE or env:VAR for the others".to_owned()
        }
        V::EnvVarUnset { var, .. } => format!("export {var} first, or pass the value another way"),
        V::NotText { .. } => "pass the value as text".to_owned(),
        V::Empty { .. } => "pass a non-empty value".to_owned(),
        V::TooLong { .. } => "check that @FILE names the file holding just the value".to_owned(),
        V::Nul { .. } => {
            "pass the value as text; check that @FILE names the file holding just the value"
                .to_owned()
        }
    }
}
