//! What can be wrong with a connector or its use of templates, as facts: the command layer
//! (`cli::diagnose::connector`) says what to do about each.

use std::path::PathBuf;

use super::model::AuthType;

#[derive(Debug, thiserror::Error)]
pub enum ConnectorError {
    /// A connector file that cannot be read, parsed or validated, at the place it goes wrong.
    #[error("{}:{line}:{column}: {message}", path.display())]
    File {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },

    #[error("unknown connector `{id}`{}", crate::error::did_you_mean(suggestion.as_deref()))]
    Unknown {
        id: String,
        suggestion: Option<String>,
    },

    /// A connector id or link name outside `[a-z0-9][a-z0-9-]{0,62}`.
    #[error("invalid {kind} `{name}`: {reason}")]
    InvalidName {
        kind: &'static str,
        name: String,
        reason: &'static str,
    },

    /// A client app was configured for a connector that does not use OAuth2.
    #[error(
        "connector `{id}` uses {auth} authentication; only oauth2 connectors have a client app"
    )]
    NotOAuth2 { id: String, auth: AuthType },

    /// A client app was configured for a JWT bearer connector, which signs its own assertion.
    #[error(
        "connector `{id}` uses the JWT bearer grant: the account's own key signs for it, and no client app is used"
    )]
    NoClientApp { id: String },

    #[error("malformed template `{template}`: {message}")]
    MalformedTemplate { template: String, message: String },

    #[error("no value for placeholder `{{{name}}}` in template `{template}`")]
    NoValue { name: String, template: String },

    /// A param value that would change where a URL template sends the request.
    #[error(
        "the value of `{name}` cannot be filled into `{template}`: it holds one of / \\ ? # @ % or white space, which would change where the request goes"
    )]
    UnsafeUrlValue { name: String, template: String },

    /// A `[docker]` registry whose filled-in value names no registry host.
    #[error(
        "`{template}` gives `{value}`, which is not a registry host; a value filled into `[docker] registries` must be a plain host name"
    )]
    NotARegistry { template: String, value: String },
}
