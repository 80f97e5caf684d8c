//! The error type of the library. What the user is told about each, and the exit code, is
//! decided in one place in the command layer (`cli::diagnose`).
//!
//! Every message says what went wrong and what to do next.

use std::path::PathBuf;

use crate::environment::Environment;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// What the person typed, or could not be asked for, cannot be used.
    #[error(transparent)]
    Usage(#[from] crate::usage::UsageError),

    /// An authorization refused before anything was changed.
    #[error(transparent)]
    Authorize(#[from] crate::authorization::AuthorizeError),

    /// A credential that cannot be handed out.
    #[error(transparent)]
    Credential(#[from] crate::credential::CredentialError),

    /// `tether exec` could not hand over to its command.
    #[error(transparent)]
    Exec(#[from] crate::exec::ExecError),

    // ---- exit 2: usage and invalid input ----
    /// Anything the person typed that cannot be used; `hint` says what to type instead.
    #[error("{message}\n  hint: {hint}")]
    Invalid { message: String, hint: String },

    #[error(
        "invalid {kind} `{name}`: {reason}\n  hint: use 1 to 63 characters of a-z, 0-9 and `-`, starting with a letter or digit"
    )]
    InvalidName {
        kind: &'static str,
        name: String,
        reason: &'static str,
    },

    #[error("unknown connector `{id}`{}\n  hint: run `tether connector list` to see the connectors", did_you_mean(.suggestion.as_deref()))]
    UnknownConnector {
        id: String,
        suggestion: Option<String>,
    },

    #[error("unknown connection `{link}`{}\n  hint: run `tether connection list` to see the connections", did_you_mean(.suggestion.as_deref()))]
    UnknownConnection {
        link: String,
        suggestion: Option<String>,
    },

    #[error(
        "{path}:{line}:{column}: {message}\n  hint: fix the connector file and import it again; nothing was stored"
    )]
    ConnectorFile {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },

    // ---- exit 3: authorization required ----
    #[error(
        "connection `{link}` is not authorized in {env}\n  hint: run `tether connection authorize {link} --env {env} --account NAME`"
    )]
    NotAuthorized { link: String, env: Environment },

    /// No authorization was obtained: the person or the provider refused (`access_denied`), the
    /// device code expired, or nobody completed the browser step in time.
    #[error("{message}\n  hint: {hint}")]
    Authorization { message: String, hint: String },

    /// The provider rejected a grant (`invalid_grant`): a refresh token that was revoked,
    /// expired or already used, or an authorization code that is no longer valid.
    #[error(
        "the provider rejected the authorization grant ({reason})\n  hint: authorize again with `tether connection reauthorize LINK --account NAME`"
    )]
    InvalidGrant { reason: String },

    // ---- exit 4: vault unavailable ----
    #[error("{message}\n  hint: {hint}")]
    Vault { message: String, hint: String },

    // ---- exit 5: provider or network failure ----
    #[error("{message}\n  hint: {hint}")]
    Provider { message: String, hint: String },

    // ---- exit 6: access denied ----
    #[error(
        "application `{app}` may not use connection `{link}`\n  hint: run `tether connection access {link} --enable {app}`"
    )]
    AccessDenied { link: String, app: String },

    // ---- exit 22: `invoke --fail` ----
    /// The server answered `invoke --fail` with a status of 400 or above (curl's exit code).
    #[error(
        "the server answered HTTP {status}{}\n  hint: the body of the answer went to stdout; without --fail, tether exits 0 whatever the status",
        reason_suffix(.reason.as_deref())
    )]
    HttpStatus { status: u16, reason: Option<String> },

    // ---- exit 1: unexpected ----
    #[error("{action} {path}: {source}{}", io_hint(.path))]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{0}")]
    Internal(String),
}

impl Error {
    /// Builds an [`Error::Invalid`].
    pub fn invalid(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self::Invalid {
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// A value that is needed but was neither given nor could be prompted for; `flag`
    /// supplies it.
    pub fn missing(what: impl Into<String>, flag: impl Into<String>) -> Self {
        crate::usage::UsageError::Missing {
            what: what.into(),
            flag: flag.into(),
        }
        .into()
    }

    /// Builds an [`Error::Vault`].
    pub fn vault(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self::Vault {
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// Builds an [`Error::Provider`].
    pub fn provider(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self::Provider {
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// Wraps an I/O error with what was being done and to which path.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

#[cfg(test)]
impl Error {
    /// Tests state the exit code next to the failure they provoke; the command layer decides it.
    pub(crate) fn exit_code(&self) -> u8 {
        crate::cli::diagnose::diagnose(self).exit
    }

    /// What the person is shown: the message and the recommendation.
    pub(crate) fn shown(&self) -> String {
        crate::cli::diagnose::diagnose(self).to_text()
    }
}

/// What to do about a file that could not be used (standard streams get no hint).
fn io_hint(path: &std::path::Path) -> &'static str {
    if path.is_absolute() {
        "\n  hint: check that the path is a directory or file you may read and write; tether keeps its files under --home or TETHER_HOME when set"
    } else {
        ""
    }
}

fn did_you_mean(suggestion: Option<&str>) -> String {
    suggestion.map_or_else(String::new, |s| format!("; did you mean `{s}`?"))
}

fn reason_suffix(reason: Option<&str>) -> String {
    reason.map_or_else(String::new, |r| format!(" {r}"))
}

/// The candidate closest to `input`, if one is close enough to be a likely typo.
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(input, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_offered_for_typos_only() {
        assert_eq!(
            closest("githb", ["github", "gitlab", "slack"]),
            Some("github".to_owned())
        );
        assert_eq!(closest("zzz", ["github", "slack"]), None);
    }

    #[test]
    fn exit_codes_follow_the_spec() {
        assert_eq!(Error::missing("x", "--x").exit_code(), 2);
        let env = Environment::Production;
        assert_eq!(
            Error::NotAuthorized {
                link: "a".into(),
                env
            }
            .exit_code(),
            3
        );
        assert_eq!(Error::vault("m", "h").exit_code(), 4);
        assert_eq!(Error::provider("m", "h").exit_code(), 5);
        let denied = Error::AccessDenied {
            link: "a".into(),
            app: "b".into(),
        };
        assert_eq!(denied.exit_code(), 6);
        assert!(
            denied
                .to_string()
                .contains("tether connection access a --enable b")
        );
        let failed = Error::HttpStatus {
            status: 404,
            reason: Some("Not Found".into()),
        };
        assert_eq!(failed.exit_code(), 22);
        assert!(
            failed
                .to_string()
                .starts_with("the server answered HTTP 404 Not Found\n")
        );
        let missing = Error::from(crate::exec::ExecError::NotFound {
            program: "nope".into(),
        });
        assert_eq!(missing.exit_code(), 127);
    }
}
