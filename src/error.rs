//! The error type of the library. What the user is told about each, and the exit code, is
//! decided in one place in the command layer (`cli::diagnose`).
//!
//! Every message says what went wrong and what to do next.

use std::path::PathBuf;

// The errors of the crate-private layers, so that users of `Error` can name them.
pub use crate::authorization::AuthorizeError;
pub use crate::discovery::DiscoveryError;
pub use crate::docker::DockerError;
pub use crate::dotenv::DotenvError;
pub use crate::exec::ExecError;
pub use crate::git::GitError;
pub use crate::invoke::InvokeError;
pub use crate::journal::JournalAltered;
pub use crate::kube::KubeError;
pub use crate::nested::NotExported;
pub use crate::reference::ReferenceError;
pub use crate::usage::UsageError;
pub use crate::value_source::ValueError;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A connector definition or a template in it.
    #[error(transparent)]
    Connector(#[from] crate::connector::ConnectorError),

    /// Tether's state on disk: connections, accounts, custom connectors, client apps.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),

    /// A journal of an interrupted change that tether did not write.
    #[error(transparent)]
    Journal(#[from] crate::journal::JournalAltered),

    /// Authorizing, refreshing or revoking at an OAuth provider.
    #[error(transparent)]
    OAuth(#[from] crate::oauth::OAuthError),

    /// A provider's metadata: finding it, reading it, checking a connector against it.
    #[error(transparent)]
    Discovery(#[from] crate::discovery::DiscoveryError),

    /// An HTTP call that got no usable answer, or `invoke --fail`'s status.
    #[error(transparent)]
    Http(#[from] crate::http::HttpError),

    /// An `invoke` request that cannot be sent as asked.
    #[error(transparent)]
    Invoke(#[from] crate::invoke::InvokeError),

    /// What the person typed, or could not be asked for, cannot be used.
    #[error(transparent)]
    Usage(#[from] crate::usage::UsageError),

    /// An authorization refused before anything was changed.
    #[error(transparent)]
    Authorize(#[from] crate::authorization::AuthorizeError),

    /// A credential that cannot be handed out.
    #[error(transparent)]
    Credential(#[from] crate::credential::CredentialError),

    /// `status`: an environment it checked is not connected.
    #[error(transparent)]
    NotReady(#[from] crate::status::NotReady),

    /// `connection test`: the credential was refused, or the check got no usable answer.
    #[error(transparent)]
    Probe(#[from] crate::probe::ProbeError),

    /// A run inside `tether exec` asked for a credential it was not given.
    #[error(transparent)]
    NotExported(#[from] crate::nested::NotExported),

    /// A git credential request that cannot be answered, or git's configuration unchanged.
    #[error(transparent)]
    Git(#[from] crate::git::GitError),
    /// References in an env file or a template that cannot be used.
    #[error(transparent)]
    Reference(#[from] crate::reference::ReferenceError),

    /// An env file that cannot be read as written.
    #[error(transparent)]
    Dotenv(#[from] crate::dotenv::DotenvError),

    /// `tether exec` could not hand over to its command.
    #[error(transparent)]
    Exec(#[from] crate::exec::ExecError),

    /// kubectl's exec credential request.
    #[error(transparent)]
    Kube(#[from] crate::kube::KubeError),

    /// docker's credential-helper request.
    #[error(transparent)]
    Docker(#[from] crate::docker::DockerError),

    /// The vault: no key, a wrong key, a damaged or changed vault (and a few usage errors).
    #[error(transparent)]
    Vault(#[from] crate::vault::VaultError),

    /// A path of tether's home that another user could have planted or changed.
    #[error(transparent)]
    Refused(#[from] crate::safe_fs::Refused),

    /// A file tether could not read or write.
    #[error("{action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// There is no home directory to keep tether's files in.
    #[error("cannot find a home directory for tether's files")]
    NoHome,

    /// A bug: a state the code does not expect.
    #[error("{0}")]
    Internal(String),
}

impl Error {
    /// A value that is needed but was neither given nor could be prompted for; `flag`
    /// supplies it.
    pub fn missing(what: impl Into<String>, flag: impl Into<String>) -> Self {
        crate::usage::UsageError::Missing {
            what: what.into(),
            flag: flag.into(),
        }
        .into()
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

/// The suggestion of [`closest`] as the end of a sentence, or nothing.
pub(crate) fn did_you_mean(suggestion: Option<&str>) -> String {
    suggestion.map_or_else(String::new, |s| format!("; did you mean `{s}`?"))
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
    use crate::environment::Environment;

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
        let missing = Error::from(crate::exec::ExecError::NotFound {
            program: "nope".into(),
        });
        assert_eq!(missing.exit_code(), 127);
    }
}
