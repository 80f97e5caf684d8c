//! What `vault status` reports: where the key comes from and whether it can be read, the
//! keyring backend, the paths, the record count. Never a secret.
//!
//! Guarantee: a key that cannot be read is reported, not raised, so the diagnosis works
//! exactly when it is needed; nothing is prompted for and nothing is written.

use std::path::PathBuf;

use serde::Serialize;

use super::error::VaultError;
use super::header::{self, Header, KeyHolder, KeyKind};
use super::keyring::{self, KeyringError};
use super::source::{self, KeySources};
use super::{crypto, records};
use crate::error::{Error, Result};
use crate::paths::Paths;

/// The state of a vault, as shown by `vault status` (`--json` prints this).
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    /// Whether the vault has been created.
    pub exists: bool,
    pub format: Option<u32>,
    pub key_id: Option<String>,
    /// How the vault's key is held: `keyring`, `passphrase` or `env`.
    pub key_kind: Option<KeyKind>,
    /// The source this run takes the key from (`env`, `passphrase`, `keyring`); for a vault
    /// not created yet, the source its key would go to.
    pub key_source: &'static str,
    /// `true`: the key can be read (or, before the vault exists, stored); `false`: it
    /// cannot, see `key_problem`; `null`: not checked without asking (a passphrase vault
    /// without `TETHER_PASSPHRASE`).
    pub key_available: Option<bool>,
    pub key_problem: Option<String>,
    /// What to do about `key_error`: filled in by the command layer, which decides hints.
    pub key_hint: Option<String>,
    /// Why the key cannot be read, when `key_available` is `false`.
    #[serde(skip)]
    pub key_error: Option<VaultError>,
    /// The OS keyring of this platform, when it is the key source; `null` otherwise.
    pub backend: Option<&'static str>,
    /// The keyring entry (`service/user`) of a keyring vault.
    pub keyring_entry: Option<String>,
    /// Whether the keyring answered; `null` when it was not asked (it is not the source).
    pub keyring_reachable: Option<bool>,
    /// When the unlocked session (`vault unlock`) this run takes the key from ends; `null`
    /// without one.
    #[serde(with = "time::serde::rfc3339::option")]
    pub unlocked_until: Option<time::OffsetDateTime>,
    pub cipher: &'static str,
    pub kdf: Option<KdfStatus>,
    pub records: usize,
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
    pub vault_dir: PathBuf,
}

/// The key derivation of a passphrase vault.
#[derive(Debug, Clone, Serialize)]
pub struct KdfStatus {
    pub algorithm: &'static str,
    pub iterations: u32,
}

/// Describes the vault of `paths` with the key sources in `sources`. Fails only when the
/// header itself cannot be read or the disk fails.
pub(super) fn status(paths: &Paths, sources: &KeySources) -> Result<Status> {
    let vault_dir = paths.vault_dir();
    let header = Header::read(&vault_dir)?;
    let mut status = Status {
        exists: header.is_some(),
        format: header.as_ref().map(|_| header::FORMAT),
        key_id: header.as_ref().map(|h| h.key_id.clone()),
        key_kind: header.as_ref().map(Header::kind),
        key_source: "keyring",
        key_available: None,
        key_problem: None,
        key_hint: None,
        key_error: None,
        backend: None,
        keyring_entry: header
            .as_ref()
            .filter(|h| h.kind() == KeyKind::Keyring)
            .map(|h| format!("{}/{}", keyring::SERVICE, keyring::entry_user(&h.key_id))),
        keyring_reachable: None,
        unlocked_until: None,
        cipher: crypto::CIPHER,
        kdf: match header.as_ref().map(|h| &h.holder) {
            Some(KeyHolder::Passphrase(w)) => Some(KdfStatus {
                algorithm: crypto::KDF,
                iterations: w.kdf.iterations,
            }),
            _ => None,
        },
        records: match &header {
            Some(h) => records::count(&records::dir(&vault_dir, &h.key_id))?,
            None => 0,
        },
        config_dir: paths.config_dir().to_path_buf(),
        data_dir: paths.data_dir().to_path_buf(),
        vault_dir,
    };
    let outcome = match &header {
        Some(header) => status.check_existing(header, sources),
        None => status.check_new(sources),
    };
    match outcome {
        Ok(available) => status.key_available = available,
        Err(Error::Vault(error)) => {
            status.key_available = Some(false);
            status.key_problem = Some(error.to_string());
            status.key_error = Some(error);
        }
        Err(other) => return Err(other),
    }
    status.backend = (status.key_source == "keyring").then_some(keyring::BACKEND);
    Ok(status)
}

impl Status {
    /// Whether the key of an existing vault can be read; `Ok(None)` when that needs a prompt.
    fn check_existing(&mut self, header: &Header, sources: &KeySources) -> Result<Option<bool>> {
        if sources.vault_key.is_some() {
            self.key_source = "env";
            return source::unlock(header, sources, None).map(|_| Some(true));
        }
        if let Some((_, until)) = source::session_key(header, sources) {
            self.key_source = "session";
            self.unlocked_until = Some(until);
            return Ok(Some(true));
        }
        match header.kind() {
            kind @ (KeyKind::Env | KeyKind::Passphrase) => {
                self.key_source = if kind == KeyKind::Env {
                    "env"
                } else {
                    "passphrase"
                };
                if kind == KeyKind::Passphrase && sources.passphrase.is_none() {
                    self.key_problem = Some(format!(
                        "not checked: the passphrase is asked for when needed ({} is not set)",
                        source::PASSPHRASE_VAR
                    ));
                    return Ok(None);
                }
                source::unlock(header, sources, None).map(|_| Some(true))
            }
            KeyKind::Keyring => {
                self.key_source = "keyring";
                let fetched = sources.keyring.get(&keyring::entry_user(&header.key_id));
                self.keyring_reachable = Some(reachable(fetched.as_ref().err()));
                let stored = fetched.map_err(VaultError::KeyringUnusable)?;
                source::check_keyring_value(header, stored.as_deref().map(String::as_str))
                    .map(|_| Some(true))
            }
        }
    }

    /// Whether a new vault's key could be held by the source it would use.
    fn check_new(&mut self, sources: &KeySources) -> Result<Option<bool>> {
        if sources.vault_key.is_some() {
            self.key_source = "env";
            return sources.env_key().map(|_| Some(true));
        }
        if sources.passphrase.is_some() {
            self.key_source = "passphrase";
            return sources.env_passphrase().map(|_| Some(true));
        }
        self.key_source = "keyring";
        // Looking up an entry that does not exist tells whether the keyring answers.
        let probe = sources
            .keyring
            .get(&keyring::entry_user("0000000000000000"));
        self.keyring_reachable = Some(reachable(probe.as_ref().err()));
        match probe {
            Ok(_) => Ok(Some(true)),
            Err(e) => Err(VaultError::NoKeySource(e).into()),
        }
    }
}

fn reachable(error: Option<&KeyringError>) -> bool {
    !matches!(
        error,
        Some(KeyringError::Unavailable(_) | KeyringError::TimedOut(_))
    )
}
