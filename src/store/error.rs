//! What can be wrong with the state on disk or a request against it, as facts: the command
//! layer (`cli::diagnose::store`) says what to do about each.

use std::path::PathBuf;

use crate::environment::Environment;
use crate::vault::RecordId;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unknown connection `{link}`{}", crate::error::did_you_mean(suggestion.as_deref()))]
    UnknownConnection {
        link: String,
        suggestion: Option<String>,
    },

    #[error("connection `{link}` already exists")]
    ConnectionExists { link: String },

    #[error("connection `{link}` is not authorized in {env}")]
    NotAuthorized { link: String, env: Environment },

    /// `--app` names an application that is not on the connection's access list.
    #[error("application `{app}` may not use connection `{link}`")]
    AccessDenied { link: String, app: String },

    /// A metadata file that is not the TOML tether wrote: it was edited outside tether.
    #[error("{}:{line}:{column}: cannot be read: {message}", path.display())]
    Damaged {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },

    /// `clients/<id>.toml` is not the TOML tether wrote.
    #[error("{}:{line}:{column}: not a valid client file: {message}", path.display())]
    InvalidClientFile {
        id: String,
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },

    #[error("account {id} is referenced but its file is missing")]
    AccountMissing { id: String },

    /// A custom connector may not take a built-in's id.
    #[error("`{id}` is the id of a built-in connector; a custom connector needs an id of its own")]
    BuiltinConnectorId { id: String },

    #[error("`{id}` is a built-in connector and cannot be deleted")]
    BuiltinConnectorDelete { id: String },

    /// `users` is sorted and not empty.
    #[error(
        "connector `{id}` is used by connection(s) {}; it was not deleted",
        quoted(users)
    )]
    ConnectorInUse { id: String, users: Vec<String> },

    #[error("`{client_id}` is not a usable client id: it is empty or contains white space")]
    InvalidClientId { client_id: String },

    #[error("the client secret is empty")]
    EmptyClientSecret,

    #[error("the client secret of connector `{id}` is missing from the vault")]
    ClientSecretMissing { id: String, client_id: String },

    /// An account's vault record whose contents are not what tether seals into it.
    #[error("vault record `{record}` does not hold what tether expects")]
    RecordUnreadable { record: RecordId },

    #[error("the vault record `client/{id}` is not text")]
    ClientSecretNotText { id: String },

    /// `TETHER_STORE`, `--endpoints` or `--prefix` that cannot be used; `why` is safe to show.
    #[error("{why}")]
    BadStoreSetting { why: String },

    /// The home's state is in etcd, and this build cannot reach it.
    #[error("this home keeps its state in etcd, but this tether was built without etcd support")]
    NoEtcdSupport,

    /// The cluster did not answer; `reason` names the endpoints tried.
    #[error("the shared store cannot be reached: {reason}")]
    StoreUnreachable { reason: String },

    /// Another machine changed what this change was based on; nothing was changed.
    #[error(
        "another machine changed {} at the same time; nothing was changed",
        keys.join(", ")
    )]
    ChangedElsewhere { keys: Vec<String> },

    /// Something a shared store does not do (yet).
    #[error("{what} is not possible while this home's state is shared through etcd")]
    NotOnSharedStore { what: String },

    /// `store use etcd` on a prefix that holds no home.
    #[error("{prefix} holds no tether state in the cluster at {}", endpoints.join(", "))]
    SharedStoreEmpty {
        prefix: String,
        endpoints: Vec<String>,
    },

    /// `store use etcd` on a home with state of its own, which the shared one would hide.
    #[error("this home has state of its own ({count} files) that the cluster does not hold")]
    LocalStateUnshared { count: usize },

    /// A migration found a key holding something else than the file it copies.
    #[error("{key} already holds other contents than {}", path.display())]
    MigrationClash { key: String, path: PathBuf },

    /// A vault record, or the metadata that leads to it, that does not match the other.
    #[error(
        "the vault was altered: account `{account}` cannot serve `{link}` in {env}, since {why} (a file under {} was replaced or edited outside tether)",
        config_dir.display()
    )]
    Altered {
        account: String,
        link: String,
        env: Environment,
        why: String,
        config_dir: PathBuf,
    },
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
