//! OAuth2 client apps: the client id in `clients/<connector>.toml` (no secret), the client
//! secret in the vault under `client/<connector>`.
//!
//! Guarantees: the client secret never touches a metadata file; the effective client id is the
//! configured one, else the connector's own `client_id`.

use serde::{Deserialize, Serialize};

use crate::context::Context;
use crate::error::{Error, Result};
use crate::paths::Paths;
use crate::safe_fs;
use crate::secret::Secret;
use crate::store::Transaction;
use crate::vault::RecordId;

use super::model::{AuthType, Connector};

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

fn file(paths: &Paths, id: &str) -> std::path::PathBuf {
    paths.clients_dir().join(format!("{id}.toml"))
}

/// The configured client of connector `id`, if any (no vault access).
pub fn configured(paths: &Paths, id: &str) -> Result<Option<ClientFile>> {
    let path = file(paths, id);
    let Some(bytes) = safe_fs::read_optional(&path)? else {
        return Ok(None);
    };
    let parsed = std::str::from_utf8(&bytes)
        .ok()
        .and_then(|text| toml::from_str::<ClientFile>(text).ok());
    parsed.map(Some).ok_or_else(|| {
        Error::invalid(
            format!("{} is not a valid client file", path.display()),
            format!("run `tether connector configure {id} --client-id ID` to write it again"),
        )
    })
}

/// Sets the client app of an oauth2 connector. Without a secret the client is public and a
/// previously stored secret is removed, so an old secret never pairs with a new client id.
pub fn configure(
    ctx: &Context,
    connector: &Connector,
    client_id: &str,
    secret: Option<&Secret>,
) -> Result<()> {
    let id = &connector.id;
    if connector.auth != AuthType::OAuth2 {
        return Err(Error::invalid(
            format!(
                "connector `{id}` uses {} authentication; only oauth2 connectors have a client app",
                connector.auth
            ),
            "configure a client only for oauth2 connectors (see `tether connector list --auth oauth2`)",
        ));
    }
    if client_id.is_empty()
        || client_id
            .chars()
            .any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(Error::invalid(
            format!("`{client_id}` is not a usable client id: it is empty or contains white space"),
            "copy the client id from the provider's app settings",
        ));
    }
    if secret.is_some_and(Secret::is_empty) {
        return Err(Error::invalid(
            "the client secret is empty",
            "pass the secret, or leave out --client-secret for a public client",
        ));
    }
    // One critical section for the vault record and the client file, so concurrent configures
    // cannot pair one's client id with the other's secret. The vault takes the same lock,
    // which is re-entrant within a thread (see `safe_fs::FileLock`).
    let lock = crate::store::lock_state(&ctx.paths)?;
    let previous = configured(&ctx.paths, id)?;
    let mut txn = Transaction::new();
    if let Some(secret) = secret {
        let (path, blob) = ctx
            .vault()?
            .seal_record(&vault_record(id), secret.expose().as_bytes())?;
        txn.write(path, blob);
    } else if previous.as_ref().is_some_and(|p| p.has_secret)
        && let Some(path) = ctx.vault()?.record_path(&vault_record(id))?
    {
        txn.remove(path);
    }
    let record = ClientFile {
        client_id: client_id.to_owned(),
        has_secret: secret.is_some(),
    };
    let text = toml::to_string(&record)
        .map_err(|e| Error::Internal(format!("cannot encode the client file: {e}")))?;
    txn.write(file(&ctx.paths, id), text.into_bytes());
    txn.commit(&ctx.paths, &lock)
}

/// The effective client of an oauth2 connector: the configured one (with its secret from the
/// vault), else the connector's `client_id`; `None` when there is neither.
pub fn client(ctx: &Context, connector: &Connector) -> Result<Option<ClientApp>> {
    let Some(oauth2) = &connector.oauth2 else {
        return Ok(None);
    };
    if let Some(configured) = configured(&ctx.paths, &connector.id)? {
        let client_secret = if configured.has_secret {
            let bytes = ctx.vault()?.get(&vault_record(&connector.id))?.ok_or_else(|| {
                Error::invalid(
                    format!("the client secret of connector `{}` is missing from the vault", connector.id),
                    format!(
                        "run `tether connector configure {} --client-id {} --client-secret @FILE` again",
                        connector.id, configured.client_id
                    ),
                )
            })?;
            let text = std::str::from_utf8(&bytes).map_err(|_| {
                Error::vault(
                    format!(
                        "the vault record `{}` is not text",
                        vault_record(&connector.id)
                    ),
                    "configure the client again",
                )
            })?;
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
