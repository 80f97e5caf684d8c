//! What to do when a credential cannot be handed out.

use super::Diagnosis;
use crate::credential::CredentialError as E;
use crate::nested::{ALLOW_VAR, NotExported};

pub(super) fn credential(error: &E) -> Diagnosis {
    let (code, exit, hint) = match error {
        E::NeedsReauthorization { link, env, .. } => (
            "needs_reauthorization",
            3,
            format!("run `tether connection reauthorize {link} --env {env} --account NAME`"),
        ),
        E::RefreshedElsewhere {
            account, link, env, ..
        } => (
            "refreshed_elsewhere",
            3,
            format!(
                "run `tether connection reauthorize {link} --env {env} --account {account}`; give each \
                 machine or copy of the home its own authorization, as the provider keeps only one \
                 refresh token valid"
            ),
        ),
        E::ReleasedMeanwhile { .. } => (
            "released_meanwhile",
            3,
            "run the command again; `tether connection details LINK` shows what backs the connection now"
                .to_owned(),
        ),
        E::SecretsMissing { link, env, .. } => (
            "secrets_missing",
            4,
            format!("run `tether connection reauthorize {link} --env {env} --account NAME`"),
        ),
        E::TokensMissing { .. } => ("tokens_missing", 4, "reauthorize the connection".to_owned()),
        E::NoClientId { connector } => (
            "no_client_id",
            2,
            format!(
                "register an app with the provider, then run `tether connector configure {connector} --client-id ID [--client-secret @FILE]`"
            ),
        ),
    };
    Diagnosis::new(code, exit, error.to_string()).hint(hint)
}

/// What to do when a run inside `tether exec` asks for a credential it was not given.
pub(super) fn not_exported(error: &NotExported) -> Diagnosis {
    let NotExported {
        link,
        env,
        exported_env,
        links,
        ..
    } = error;
    let hint = match exported_env {
        Some(exported_env) => format!(
            "pass --env {exported_env} to use what the enclosing `tether exec` exported; if this command may also use `{link}` in {env}, set {ALLOW_VAR}=1 for it"
        ),
        None => format!(
            "name `{link}` in the enclosing exec (`tether exec {} -- …`); or, if this command may use other connections, set {ALLOW_VAR}=1 for it (for a nested `tether exec`, --allow-nested does the same)",
            links.join(",")
        ),
    };
    Diagnosis::new("not_exported", 2, error.to_string()).hint(hint)
}
