//! The one place that speaks to the user about a failure: any error becomes a message, a
//! recommendation and an exit code, shown as text or, with `--json`, as one JSON object.

mod authorization;
mod credential;
mod discovery;
mod docker;
mod exec;
mod git;
mod http;
mod invoke;
mod kube;
mod oauth;
mod reference;
mod status;
mod usage;

use serde::Serialize;

use crate::error::Error;

mod connector;
mod safe_fs;
mod store;
mod vault;

/// What the user is told about a failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnosis {
    /// Stable, machine-readable name of the failure (`not_authorized`, `vault_locked`, …).
    pub code: &'static str,
    /// What went wrong.
    pub message: String,
    /// What to do next.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The process exit code (listed in `tether --help`).
    #[serde(skip)]
    pub exit: u8,
}

impl Diagnosis {
    pub fn new(code: &'static str, exit: u8, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            hint: None,
            exit,
        }
    }

    #[must_use]
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The text shown on stderr: `error: MESSAGE` and, when there is one, `  hint: HINT`.
    pub fn to_text(&self) -> String {
        match &self.hint {
            Some(hint) => format!("error: {}\n  hint: {hint}\n", self.message),
            None => format!("error: {}\n", self.message),
        }
    }

    /// The JSON object shown on stderr with `--json`: `{"error":{"code","message","hint"}}`.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Wrapper<'a> {
            error: &'a Diagnosis,
        }
        let mut text = serde_json::to_string(&Wrapper { error: self })
            .unwrap_or_else(|_| format!("{{\"error\":{{\"code\":\"{}\"}}}}", self.code));
        text.push('\n');
        text
    }
}

/// Turns any error into what the user is told.
pub fn diagnose(error: &Error) -> Diagnosis {
    match error {
        Error::Connector(e) => connector::connector(e),
        Error::Store(e) => store::store(e),
        Error::Journal(e) => store::journal(e),
        Error::Vault(e) => vault::vault(e),
        Error::Refused(e) => safe_fs::safe_fs(e),
        Error::OAuth(e) => oauth::oauth(e),
        Error::Discovery(e) => discovery::discovery(e),
        Error::Http(e) => http::http(e),
        Error::Invoke(e) => invoke::invoke(e),
        Error::Usage(e) => usage::usage(e),
        Error::Authorize(e) => authorization::authorization(e),
        Error::Credential(e) => credential::credential(e),
        Error::NotExported(e) => credential::not_exported(e),
        Error::NotReady(e) => status::not_ready(e),
        Error::Probe(e) => status::probe(e),
        Error::Exec(e) => exec::exec(e),
        Error::Git(e) => git::git(e),
        Error::Kube(e) => kube::kube(e),
        Error::Docker(e) => docker::docker(e),
        Error::Reference(e) => reference::reference(e),
        Error::Dotenv(e) => reference::dotenv(e),
        Error::Io { path, .. } => {
            let diagnosis = Diagnosis::new("io", 1, error.to_string());
            // Standard streams get no hint: there is nothing to fix about them.
            if path.is_absolute() {
                diagnosis.hint(
                    "check that the path is a directory or file you may read and write; tether keeps its files under --home or TETHER_HOME when set",
                )
            } else {
                diagnosis
            }
        }
        Error::NoHome => Diagnosis::new("no_home", 2, error.to_string())
            .hint("set TETHER_HOME or pass --home DIR"),
        Error::Internal(_) => Diagnosis::new("internal", 1, error.to_string()),
    }
}

/// A failure of docker's credential helper, where docker reads it: on stdout, the protocol's
/// "not found" bare (docker compares the text), anything else with its hint.
pub fn print_for_docker(diagnosis: &Diagnosis) {
    use std::io::Write as _;
    let text = if diagnosis.code == docker::NOT_FOUND {
        format!("{}\n", diagnosis.message)
    } else {
        diagnosis.to_text()
    };
    let mut out = std::io::stdout().lock();
    // Nothing is left to tell anyone if stdout is gone.
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// A command line clap could not parse: its first line, and clap's tip when it has one.
pub fn usage(error: &clap::Error) -> Diagnosis {
    let text = error.render().to_string();
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let message = lines.next().unwrap_or_default();
    let message = message.strip_prefix("error: ").unwrap_or(message);
    let hint = lines
        .find_map(|l| l.strip_prefix("tip: "))
        .unwrap_or("run the command with --help to see its usage");
    Diagnosis::new("usage", 2, message).hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_errors_carry_code_message_and_hint() {
        let d = Diagnosis::new("not_authorized", 3, "connection `gh` is not authorized")
            .hint("run `tether connection authorize gh`");
        let value: serde_json::Value = serde_json::from_str(&d.to_json()).unwrap();
        assert_eq!(value["error"]["code"], "not_authorized");
        assert_eq!(
            value["error"]["message"],
            "connection `gh` is not authorized"
        );
        assert_eq!(
            value["error"]["hint"],
            "run `tether connection authorize gh`"
        );
        assert_eq!(
            d.to_text(),
            "error: connection `gh` is not authorized\n  hint: run `tether connection authorize gh`\n"
        );
    }

    #[test]
    fn typed_errors_get_their_hint_from_the_command_layer() {
        let cancelled = diagnose(&crate::usage::UsageError::Cancelled.into());
        assert_eq!(
            cancelled.to_text(),
            "error: cancelled\n  hint: run the command again when ready\n"
        );
        assert_eq!((cancelled.code, cancelled.exit), ("cancelled", 130));
        let exists =
            diagnose(&crate::store::StoreError::ConnectionExists { link: "gh".into() }.into());
        assert_eq!(
            exists.to_text(),
            "error: connection `gh` already exists\n  hint: choose another link name, or `tether connection delete gh` first\n"
        );
    }
}
