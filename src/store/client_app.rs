//! The OAuth2 client app a person configures for a connector (`connector configure`): the
//! client id in `clients/<connector>.toml` (no secret), the client secret in the vault under
//! `client/<connector>`.
//!
//! Guarantees: the client secret never touches a metadata file; the effective client id is the
//! configured one, else the connector's own `client_id`.

use serde::{Deserialize, Serialize};

use super::{StateLock, StoreError, Transaction, file};
use crate::connector::{Connector, ConnectorError};
use crate::error::{Error, Result};
use crate::paths::Paths;
use crate::secret::Secret;
use crate::vault::RecordId;
use crate::vault::Vault;

/// The client app to use for a connector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientApp {
    pub client_id: String,
    /// `None` for a public client (PKCE only).
    pub client_secret: Option<Secret>,
    pub source: ClientSource,
}

/// Where the client id came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ClientSource {
    /// `tether connector configure`.
    Configured,
    /// The connector definition's `client_id`.
    Connector,
}

/// `clients/<connector>.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientFile {
    pub client_id: String,
    /// Whether a client secret is stored in the vault.
    #[serde(default)]
    pub has_secret: bool,
}

/// The vault record that holds the client secret of connector `id`.
#[must_use]
pub fn vault_record(id: &str) -> RecordId {
    RecordId::client(id)
}

fn path(paths: &Paths, id: &str) -> std::path::PathBuf {
    paths.clients_dir().join(format!("{id}.toml"))
}

/// The configured client of connector `id`, if any (no vault access).
pub fn configured(paths: &Paths, id: &str) -> Result<Option<ClientFile>> {
    file::read(&path(paths, id)).map_err(|e| match e {
        Error::Store(StoreError::Damaged {
            path,
            line,
            column,
            message,
        }) => StoreError::InvalidClientFile {
            id: id.to_owned(),
            path,
            line,
            column,
            message,
        }
        .into(),
        other => other,
    })
}

/// Sets the client app of an oauth2 connector. Without a secret the client is public and a
/// previously stored secret is removed, so an old secret never pairs with a new client id.
/// `vault` is opened only when a secret is stored or removed.
pub fn configure<'v>(
    paths: &Paths,
    lock: &StateLock,
    vault: impl FnOnce() -> Result<&'v Vault>,
    connector: &Connector,
    client_id: &str,
    secret: Option<&Secret>,
) -> Result<()> {
    let id = &connector.id;
    let Some(oauth) = connector.oauth2() else {
        return Err(ConnectorError::NotOAuth2 {
            id: id.clone(),
            auth: connector.auth.kind(),
        }
        .into());
    };
    if oauth.grant == crate::connector::Grant::JwtBearer {
        return Err(ConnectorError::NoClientApp { id: id.clone() }.into());
    }
    if client_id.is_empty()
        || client_id
            .chars()
            .any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(StoreError::InvalidClientId {
            client_id: client_id.to_owned(),
        }
        .into());
    }
    if secret.is_some_and(Secret::is_empty) {
        return Err(StoreError::EmptyClientSecret.into());
    }
    // One critical section (`lock`) for the vault record and the client file, so concurrent
    // configures cannot pair one's client id with the other's secret.
    let previous = configured(paths, id)?;
    let mut txn = Transaction::new();
    if let Some(secret) = secret {
        let (path, blob) = vault()?.seal_record(&vault_record(id), secret.expose().as_bytes())?;
        txn.write(path, blob);
    } else if previous.as_ref().is_some_and(|p| p.has_secret)
        && let Some(path) = vault()?.record_path(&vault_record(id))?
    {
        txn.remove(path);
    }
    let record = ClientFile {
        client_id: client_id.to_owned(),
        has_secret: secret.is_some(),
    };
    let path = path(paths, id);
    txn.write(path.clone(), file::encode(&path, &record)?);
    txn.commit(paths, lock)
}

/// The effective client of an oauth2 connector: the configured one (with its secret from the
/// vault, opened only then), else the connector's `client_id`; `None` when there is neither.
pub fn effective<'v>(
    paths: &Paths,
    vault: impl FnOnce() -> Result<&'v Vault>,
    connector: &Connector,
) -> Result<Option<ClientApp>> {
    let Some(oauth2) = connector.oauth2() else {
        return Ok(None);
    };
    let id = &connector.id;
    if let Some(configured) = configured(paths, id)? {
        let client_secret = if configured.has_secret {
            let bytes = vault()?.get(&vault_record(id))?.ok_or_else(|| {
                StoreError::ClientSecretMissing {
                    id: id.clone(),
                    client_id: configured.client_id.clone(),
                }
            })?;
            let text = std::str::from_utf8(&bytes)
                .map_err(|_| StoreError::ClientSecretNotText { id: id.clone() })?;
            Some(Secret::from(text))
        } else {
            None
        };
        return Ok(Some(ClientApp {
            client_id: configured.client_id,
            client_secret,
            source: ClientSource::Configured,
        }));
    }
    Ok(oauth2.client_id.as_ref().map(|client_id| ClientApp {
        client_id: client_id.clone(),
        client_secret: None,
        source: ClientSource::Connector,
    }))
}
