//! The error type of the library. What the user is told about each, and the exit code, is
//! decided in one place in the command layer (`cli::diagnose`).
//!
//! Every message says what went wrong and what to do next.

use std::path::PathBuf;

use crate::environment::Environment;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A connector definition or a template in it.
    #[error(transparent)]
    Connector(#[from] crate::connector::ConnectorError),

    /// Tether's state on disk: connections, accounts, custom connectors, client apps.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// Authorizing, refreshing or revoking at an OAuth provider.
    #[error(transparent)]
    OAuth(#[from] crate::oauth::OAuthError),

    /// An HTTP call that got no usable answer, or `invoke --fail`'s status.
    #[error(transparent)]
    Http(#[from] crate::http::HttpError),

    /// An `invoke` request that cannot be sent as asked.
    #[error(transparent)]
    Invoke(#[from] crate::invoke::InvokeError),

    // ---- exit 2: usage and invalid input ----
    /// Anything the person typed that cannot be used; `hint` says what to type instead.
    #[error("{message}\n  hint: {hint}")]
    Invalid { message: String, hint: String },

    /// A value that is needed but was neither given nor could be prompted for.
    #[error(
        "{what} is required and no prompt is possible here (--no-input, CI, or no terminal)\n  hint: pass {flag}"
    )]
    MissingValue { what: String, flag: String },

    // ---- exit 3: authorization required ----
    #[error(
        "the authorization of `{link}` in {env} was rejected by the provider ({reason})\n  hint: run `tether connection reauthorize {link} --env {env} --account NAME`"
    )]
    NeedsReauthorization {
        link: String,
        env: Environment,
        reason: String,
    },

    /// No authorization was obtained: the person or the provider refused (`access_denied`), the
    /// device code expired, or nobody completed the browser step in time.
    #[error("{message}\n  hint: {hint}")]
    Authorization { message: String, hint: String },

    // ---- exit 4: vault unavailable ----
    /// The vault: no key, a wrong key, a damaged or changed vault (and a few usage errors).
    #[error(transparent)]
    Vault(#[from] crate::vault::VaultError),

    /// A path of tether's home that another user could have planted or changed.
    #[error(transparent)]
    Refused(#[from] crate::safe_fs::Refused),

    /// Vault failures of other layers that still carry their hint in their text.
    #[error("{message}\n  hint: {hint}")]
    VaultMessage { message: String, hint: String },

    // ---- exit 126 and 127: `exec` could not start the command (as shells do) ----
    #[error(
        "command `{program}` not found\n  hint: check the spelling, or give its full path; it is looked up in PATH, not run through a shell"
    )]
    CommandNotFound { program: String },

    #[error("cannot run `{program}`: {reason}\n  hint: {hint}")]
    CommandNotRunnable {
        program: String,
        reason: String,
        hint: String,
    },

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

    /// Builds an [`Error::MissingValue`].
    pub fn missing(what: impl Into<String>, flag: impl Into<String>) -> Self {
        Self::MissingValue {
            what: what.into(),
            flag: flag.into(),
        }
    }

    /// Builds an [`Error::VaultMessage`].
    pub fn vault(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self::VaultMessage {
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
}

/// What to do about a file that could not be used (standard streams get no hint).
fn io_hint(path: &std::path::Path) -> &'static str {
    if path.is_absolute() {
        "\n  hint: check that the path is a directory or file you may read and write; tether keeps its files under --home or TETHER_HOME when set"
    } else {
        ""
    }
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
        let link = "a".to_owned();
        let not_authorized = crate::store::StoreError::NotAuthorized { link, env };
        assert_eq!(Error::from(not_authorized).exit_code(), 3);
        assert_eq!(Error::vault("m", "h").exit_code(), 4);
        let denied = Error::from(crate::store::StoreError::AccessDenied {
            link: "a".into(),
            app: "b".into(),
        });
        let diagnosis = crate::cli::diagnose::diagnose(&denied);
        assert_eq!(diagnosis.exit, 6);
        assert!(
            diagnosis
                .hint
                .unwrap()
                .contains("tether connection access a --enable b")
        );
        let failed = Error::from(crate::http::HttpError::Status {
            status: 404,
            reason: Some("Not Found".into()),
        });
        assert_eq!(failed.exit_code(), 22);
        assert_eq!(failed.to_string(), "the server answered HTTP 404 Not Found");
        let missing = Error::CommandNotFound {
            program: "nope".into(),
        };
        assert_eq!(missing.exit_code(), 127);
    }
}
