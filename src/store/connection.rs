//! A connection: a named use of a connector, with one binding to an account per environment.
//! Stored as `connections/<link>.toml`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::environment::Environment;
use crate::error::Result;
use crate::paths::Paths;
use crate::store::{StateLock, StoreError, Transaction};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Connection {
    /// Immutable id, same pattern as connector ids.
    pub link_name: String,
    pub display_name: String,
    pub connector: String,
    #[serde(default)]
    pub scopes: Vec<String>,
    /// Non-secret values of the connection (`connection = true` params).
    #[serde(default)]
    pub params: BTreeMap<String, String>,
    #[serde(default)]
    pub same_for_all_environments: bool,
    /// Applications allowed to use the connection with `--app`.
    #[serde(default)]
    pub access: Vec<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// The account behind each authorized environment.
    #[serde(default)]
    pub environments: BTreeMap<Environment, EnvAccount>,
}

/// What listings show of a connection: read without its scopes, params and access list.
#[derive(Debug, Clone, Deserialize)]
pub struct Summary {
    pub link_name: String,
    pub display_name: String,
    pub connector: String,
    #[serde(default)]
    pub same_for_all_environments: bool,
    #[serde(default)]
    pub environments: BTreeMap<Environment, EnvAccount>,
}

/// The account that backs one environment of a connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvAccount {
    /// The account's id (its name can change; the id cannot).
    pub account: String,
}

impl Connection {
    /// The account id behind `env`, or the error that says how to authorize it.
    pub fn account_for(&self, env: Environment) -> Result<&str> {
        self.environments
            .get(&env)
            .map(|b| b.account.as_str())
            .ok_or_else(|| {
                StoreError::NotAuthorized {
                    link: self.link_name.clone(),
                    env,
                }
                .into()
            })
    }

    /// Refuses `app` unless it is on the access list.
    pub fn check_access(&self, app: Option<&str>) -> Result<()> {
        match app {
            Some(app) if !self.access.iter().any(|a| a == app) => Err(StoreError::AccessDenied {
                link: self.link_name.clone(),
                app: app.to_owned(),
            }
            .into()),
            _ => Ok(()),
        }
    }
}

fn path(paths: &Paths, link: &str) -> PathBuf {
    paths.connections_dir().join(format!("{link}.toml"))
}

/// Loads a connection; an unknown link name gets a "did you mean".
pub fn load(paths: &Paths, link: &str) -> Result<Connection> {
    if let Some(connection) = find(paths, link)? {
        return Ok(connection);
    }
    let links = list_links(paths)?;
    Err(StoreError::UnknownConnection {
        link: link.to_owned(),
        suggestion: crate::error::closest(link, links.iter().map(String::as_str)),
    }
    .into())
}

/// Loads a connection if it exists. `link` must be a valid link name (no path tricks).
pub fn find(paths: &Paths, link: &str) -> Result<Option<Connection>> {
    crate::connector::validate_id("link name", link)?;
    super::file::read(&path(paths, link))
}

/// Writes a connection's file alone, atomically.
pub fn save(paths: &Paths, lock: &StateLock, connection: &Connection) -> Result<()> {
    let mut txn = Transaction::new();
    stage(paths, &mut txn, connection)?;
    txn.commit(paths, lock)
}

/// Adds the write of a connection's file to `txn`.
pub fn stage(paths: &Paths, txn: &mut Transaction, connection: &Connection) -> Result<()> {
    let path = path(paths, &connection.link_name);
    let bytes = super::file::encode(&path, connection)?;
    txn.write(path, bytes);
    Ok(())
}

/// Adds the removal of a connection's file to `txn`.
pub fn stage_removal(paths: &Paths, txn: &mut Transaction, link: &str) {
    txn.remove(path(paths, link));
}

/// Every link name, sorted.
pub fn list_links(paths: &Paths) -> Result<Vec<String>> {
    super::file::list_stems(&paths.connections_dir())
}

/// Every connection, sorted by link name.
pub fn list(paths: &Paths) -> Result<Vec<Connection>> {
    super::cached::list(paths, &paths.connections_dir(), "connections")
}

/// Calls `each` with every connection, in file order, without holding them all, as `T`:
/// a `Connection` or a view of it (a struct of some of its fields, read by serde alike).
pub fn for_each<T: serde::de::DeserializeOwned>(
    paths: &Paths,
    each: impl FnMut(T) -> Result<()>,
) -> Result<()> {
    super::cached::for_each::<Connection, T>(paths, &paths.connections_dir(), "connections", each)
}
