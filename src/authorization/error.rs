//! Why an authorization cannot go ahead as asked: the facts, for the command layer to explain.

use crate::environment::Environment;

/// An authorization refused before anything was changed.
#[derive(Debug, thiserror::Error)]
pub enum AuthorizeError {
    /// Switching the account of an environment is `reauthorize`'s job.
    #[error("connection `{link}` is already authorized in {env}")]
    AlreadyAuthorized { link: String, env: Environment },

    /// A `--param` that belongs to the connection, with another value than it was created with.
    #[error("`{name}` is a value of the connection `{link}`, set when it was created")]
    ConnectionParam { name: String, link: String },

    /// Reusing `account` with a `--param` value other than the one it holds.
    #[error(
        "account `{account}` already authorizes this configuration with another `{name}`; nothing was changed"
    )]
    OtherValue {
        account: String,
        link: String,
        name: String,
    },

    /// `known` are the params the connector declares.
    #[error("connector `{connector}` has no param `{name}`")]
    UnknownParam {
        connector: String,
        name: String,
        known: Vec<String>,
    },

    /// A new account would get the name of one that authorizes the same configuration.
    #[error("an account named `{name}` already authorizes this configuration")]
    NameTaken { name: String },

    /// `--name-account` for an account that already has a name.
    #[error("account `{label}` already has a name")]
    AlreadyNamed { label: String },

    /// A released account: its secrets are gone, so it cannot be mapped as it is.
    #[error(
        "account `{label}` holds no secrets any more (they were removed when nothing used it), so it cannot be reused"
    )]
    Released { label: String, link: String },

    #[error("account `{label}` has no name yet, so it cannot be reused")]
    Unnamed { label: String },

    #[error("account `{label}` belongs to OS user `{os_user}`")]
    OtherOsUser { label: String, os_user: String },

    /// `--expires` for an OAuth2 connector: its provider says when its tokens expire.
    #[error(
        "--expires records when an API key or password stops working; connector `{connector}` uses OAuth2, whose provider says when its tokens expire"
    )]
    ExpiresForOAuth { connector: String },

    /// `--expires` while reusing an account: no new key is stored, so there is nothing to date.
    #[error(
        "account `{label}` is reused with the key it holds; --expires dates a key being stored"
    )]
    ExpiresOnReuse { label: String, link: String },

    /// `--expires` at a time that has passed.
    #[error("--expires {at} is in the past")]
    ExpiresInPast { at: String },

    /// `differences` says what differs, `; `-separated.
    #[error(
        "account `{label}` authorizes a different configuration than this connection ({differences})"
    )]
    OtherConfiguration { label: String, differences: String },
}
