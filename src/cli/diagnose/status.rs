//! What to do when `status` finds an environment not connected, or `connection test` finds
//! the credential refused or the service failing.

use super::Diagnosis;
use crate::probe::ProbeError as P;
use crate::status::{NotReady, Problem};
use crate::store::account::EnvStatus;

pub(super) fn not_ready(error: &NotReady) -> Diagnosis {
    let fixes: Vec<String> = error.problems.iter().map(fix).collect();
    let mut hint = format!("run {}", fixes.join("; "));
    if error.total > error.problems.len() {
        hint.push_str("; `tether status` lists the rest");
    }
    Diagnosis::new("not_connected", 3, error.to_string()).hint(hint)
}

/// The command that makes `problem` connected.
fn fix(problem: &Problem) -> String {
    let Problem {
        link, env, status, ..
    } = problem;
    match status {
        EnvStatus::NotAuthorized => format!("`tether connection authorize {link} --env {env}`"),
        _ => format!(
            "`tether connection reauthorize {link} --env {env} --account {}`",
            account_arg(problem.account.as_deref())
        ),
    }
}

/// The account to name in a reauthorize command: a named account, else a placeholder (an
/// unnamed one cannot be named on the command line).
fn account_arg(label: Option<&str>) -> &str {
    label.filter(|l| !l.contains('@')).unwrap_or("NAME")
}

pub(super) fn probe(error: &P) -> Diagnosis {
    let (code, exit, hint) = match error {
        P::Refused { link, env, .. } => (
            "credential_refused",
            3,
            format!("run `tether connection reauthorize {link} --env {env} --account NAME`"),
        ),
        P::Failed { .. } => (
            "check_failed",
            5,
            "check the service's status, then try again".to_owned(),
        ),
        P::NoTarget { connector, .. } => (
            "nothing_to_check",
            2,
            format!(
                "add an [identity] url or a base_url to connector `{connector}` (`tether connector export {connector}`, edit, `tether connector import FILE`)"
            ),
        ),
        P::BadIdentityUrl { connector, .. } => (
            "bad_identity_url",
            2,
            format!("fix the [identity] url of connector `{connector}`"),
        ),
    };
    Diagnosis::new(code, exit, error.to_string()).hint(hint)
}
