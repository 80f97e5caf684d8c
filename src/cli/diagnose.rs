//! The one place that speaks to the user about a failure: any error becomes a message, a
//! recommendation and an exit code, shown as text or, with `--json`, as one JSON object.

mod authorization;
mod credential;
mod exec;
mod usage;

use serde::Serialize;

use crate::error::Error;

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
        Error::Usage(e) => usage::usage(e),
        Error::Authorize(e) => authorization::authorization(e),
        Error::Credential(e) => credential::credential(e),
        Error::Exec(e) => exec::exec(e),
        _ => legacy(error),
    }
}

/// Variants that still carry their hint in their text: split it off.
fn legacy(error: &Error) -> Diagnosis {
    let (code, exit) = match error {
        // Decided above.
        Error::Usage(_) | Error::Authorize(_) | Error::Credential(_) | Error::Exec(_) => {
            unreachable!("typed errors are diagnosed by their layer")
        }
        Error::Invalid { .. } => ("invalid", 2),
        Error::InvalidName { .. } => ("invalid_name", 2),
        Error::UnknownConnector { .. } => ("unknown_connector", 2),
        Error::UnknownConnection { .. } => ("unknown_connection", 2),
        Error::ConnectorFile { .. } => ("connector_file", 2),
        Error::NotAuthorized { .. } => ("not_authorized", 3),
        Error::Authorization { .. } => ("authorization_failed", 3),
        Error::InvalidGrant { .. } => ("invalid_grant", 3),
        Error::Vault { .. } => ("vault", 4),
        Error::Provider { .. } => ("provider", 5),
        Error::AccessDenied { .. } => ("access_denied", 6),
        Error::HttpStatus { .. } => ("http_status", 22),
        Error::Io { .. } => ("io", 1),
        Error::Internal(_) => ("internal", 1),
    };
    let text = error.to_string();
    match text.split_once("\n  hint: ") {
        Some((message, hint)) => Diagnosis::new(code, exit, message).hint(hint),
        None => Diagnosis::new(code, exit, text),
    }
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
        assert_eq!((cancelled.code, cancelled.exit), ("cancelled", 2));
        let exists =
            diagnose(&crate::usage::UsageError::ConnectionExists { link: "gh".into() }.into());
        assert_eq!(
            exists.to_text(),
            "error: connection `gh` already exists\n  hint: choose another link name, or `tether connection delete gh` first\n"
        );
    }
}
