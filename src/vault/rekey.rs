//! `vault rekey`: a new master key and key id, every record re-sealed, the old key removed.
//!
//! Guarantee: a kill at any instant leaves the old or the new vault fully usable. The new
//! records go to a fresh `records-<new id>/` that nothing reads; the new key is stored; then
//! the header is replaced by one atomic rename (the commit point); only then are the old
//! records and the old keyring entry removed. Leftover directories are removed by the next
//! write. Everything happens under the state lock.

use std::sync::OnceLock;

use super::crypto::{self, Binding, Kdf, MasterKey};
use super::header::{Header, KeyKind, Wrapped};
use super::source::{self, Source, Unlocked};
use super::{Keyed, Vault, records};
use super::{keyring, leftovers};
use crate::error::{Error, Result};
use crate::fsx;
use crate::prompt::Prompter;
use crate::secret::Secret;

/// What a rekey did. Holds no secret.
#[derive(Debug, Clone)]
pub struct RekeyReport {
    pub records: usize,
    pub old_key_id: String,
    pub new_key_id: String,
    pub kind: KeyKind,
    pub old_key: OldKey,
    /// The key in use came from `TETHER_VAULT_KEY`, which is now the old key.
    pub env_key_replaced: bool,
}

/// What became of the old key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OldKey {
    /// Its keyring entry was deleted.
    RemovedFromKeyring,
    /// It was kept nowhere but in the header (passphrase) or outside tether (env).
    NotStored,
    /// Its keyring entry could not be deleted: the reason.
    LeftInKeyring(String),
}

impl Vault {
    /// Replaces the master key (see the module docs for the order of the steps).
    ///
    /// The new key: `TETHER_NEW_VAULT_KEY` when set (required for a vault keyed by
    /// `TETHER_VAULT_KEY`), else a random one. A passphrase vault keeps its passphrase, with
    /// a fresh salt; `prompter` asks for it if this process does not know it yet.
    pub fn rekey(&mut self, prompter: Option<&dyn Prompter>) -> Result<RekeyReport> {
        let _lock = self.lock()?;
        let old = self.current()?.ok_or_else(|| {
            Error::invalid(
                format!(
                    "there is no vault in {} yet, so there is nothing to rekey",
                    self.dir.display()
                ),
                "`tether vault init` creates one (so does storing the first secret)",
            )
        })?;
        let kind = old.header.kind;
        records::remove_stale(&self.dir, &old.header.key_id)?;
        let new_key = self.next_key(old)?;
        let passphrase = match kind {
            KeyKind::Passphrase => Some(self.known_passphrase(old, prompter)?),
            _ => None,
        };
        let new_id = crypto::new_key_id()?;
        let wrapped = match &passphrase {
            Some(p) => {
                let old_iterations = old
                    .header
                    .passphrase
                    .as_ref()
                    .map_or(0, |w| w.kdf.iterations);
                let kdf = Kdf::generate(old_iterations)?;
                let wrapped_key =
                    crypto::wrap_key(&kdf.derive(p.expose().as_bytes())?, &new_id, &new_key)?;
                Some(Wrapped { kdf, wrapped_key })
            }
            None => None,
        };
        let new_header = Header {
            key_check: new_key.key_check(&new_id)?,
            key_id: new_id.clone(),
            kind,
            passphrase: wrapped,
        };

        // 1. Re-seal every record into a directory that nothing reads yet.
        let new_dir = records::dir(&self.dir, &new_id);
        let count = match self.reseal(old, &new_key, &new_id) {
            Ok(count) => count,
            Err(e) => {
                let _ = records::remove_dir(&new_dir);
                return Err(e);
            }
        };
        // 2. Store the new key where the vault keeps it.
        if kind == KeyKind::Keyring
            && let Err(e) = self.store_in_keyring(&new_key, &new_id, &old.header.key_id)
        {
            let _ = records::remove_dir(&new_dir);
            return Err(e);
        }
        crate::fault::point("rekey-key-stored")?;
        // 3. Commit: the header names the new key id from this rename on.
        if let Err(e) = new_header.write(&self.dir) {
            let _ = records::remove_dir(&new_dir);
            if kind == KeyKind::Keyring {
                let _ = self.sources.keyring.delete(&keyring::entry_user(&new_id));
            }
            return Err(e);
        }
        crate::fault::point("rekey-committed")?;
        // 4. Remove what belongs to the old key. The rekey is done whatever happens here: a
        // records directory left behind is removed by the next write.
        let old_id = old.header.key_id.clone();
        let env_key_replaced = old.unlocked.source == Source::Env;
        if records::remove_dir(&records::dir(&self.dir, &old_id)).is_ok() {
            let _ = fsx::sync_dir(&self.dir);
        }
        let old_key = if kind == KeyKind::Keyring {
            match self.sources.keyring.delete(&keyring::entry_user(&old_id)) {
                Ok(_) => {
                    let _ = leftovers::clear(&self.dir, &self.sources.keyring, Some(&new_id));
                    OldKey::RemovedFromKeyring
                }
                Err(e) => OldKey::LeftInKeyring(e.to_string()),
            }
        } else {
            OldKey::NotStored
        };
        let source = match kind {
            KeyKind::Env => Source::Env,
            KeyKind::Passphrase => Source::Passphrase,
            KeyKind::Keyring => Source::Keyring,
        };
        self.keyed = OnceLock::from(Keyed {
            header: new_header,
            unlocked: Unlocked {
                key: new_key,
                source,
                passphrase,
            },
        });
        Ok(RekeyReport {
            records: count,
            old_key_id: old_id,
            new_key_id: new_id,
            kind,
            old_key,
            env_key_replaced,
        })
    }

    /// Stores the new key in the keyring. Both key ids are noted first, so a kill from here
    /// on leaves no keyring entry of a vault that is gone.
    fn store_in_keyring(&self, new_key: &MasterKey, new_id: &str, old_id: &str) -> Result<()> {
        leftovers::note(&self.dir, &[new_id, old_id])?;
        self.sources
            .keyring
            .set(&keyring::entry_user(new_id), &new_key.to_base64())
            .map_err(|e| {
                Error::vault(
                    format!("cannot store the new vault key: {e}; the vault is unchanged"),
                    "make the keyring reachable and unlocked, then run `tether vault rekey` again",
                )
            })
    }

    /// The new master key: `TETHER_NEW_VAULT_KEY` when set (and required for a vault keyed
    /// by `TETHER_VAULT_KEY`), else a random one.
    fn next_key(&self, old: &Keyed) -> Result<MasterKey> {
        match &self.sources.new_vault_key {
            Some(value) => {
                let key = source::parse_env_key(source::NEW_VAULT_KEY_VAR, value)?;
                if key.same_as(&old.unlocked.key) {
                    return Err(Error::invalid(
                        format!("{} is the vault's current key", source::NEW_VAULT_KEY_VAR),
                        "make a new one with `head -c32 /dev/urandom | base64`",
                    ));
                }
                Ok(key)
            }
            None if old.header.kind == KeyKind::Env => Err(Error::invalid(
                format!(
                    "this vault is keyed by {}, so its new key must be given too",
                    source::VAULT_KEY_VAR
                ),
                format!(
                    "run `{new}=$(head -c32 /dev/urandom | base64) tether vault rekey` (keep {old} set to the \
                     current key), then use the new value as {old}",
                    new = source::NEW_VAULT_KEY_VAR,
                    old = source::VAULT_KEY_VAR
                ),
            )),
            None => MasterKey::generate(),
        }
    }

    /// Opens every record with the old key and seals it for the new one in
    /// `records-<new_id>/`. Stops at the first record that does not open.
    fn reseal(&self, old: &Keyed, new_key: &MasterKey, new_id: &str) -> Result<usize> {
        let old_id = &old.header.key_id;
        let new_dir = records::dir(&self.dir, new_id);
        fsx::ensure_private_dir(&new_dir)?;
        let list = records::list(&records::dir(&self.dir, old_id))?;
        for (record, path) in &list {
            let blob = fsx::read(path)?;
            let plain = old
                .unlocked
                .key
                .open(Binding::Record { key_id: old_id, record }, &blob)
                .ok_or_else(|| {
                    Error::vault(
                        format!(
                            "vault record `{record}` is corrupt or was tampered with ({}); the vault was not rekeyed",
                            path.display()
                        ),
                        "restore the file from a backup, or remove what uses it, then run `tether vault rekey` again",
                    )
                })?;
            let sealed = new_key.seal(
                Binding::Record {
                    key_id: new_id,
                    record,
                },
                &plain,
            )?;
            fsx::write_new(&new_dir.join(records::file_name(record)?), &sealed)?;
        }
        fsx::sync_dir(&new_dir)?;
        fsx::sync_dir(&self.dir)?;
        Ok(list.len())
    }

    /// The passphrase of a passphrase vault: the one it was opened with, else
    /// `TETHER_PASSPHRASE` or a prompt, checked against the current header.
    fn known_passphrase(&self, old: &Keyed, prompter: Option<&dyn Prompter>) -> Result<Secret> {
        if let Some(p) = &old.unlocked.passphrase {
            return Ok(p.clone());
        }
        let passphrase = match self.sources.env_passphrase()? {
            Some(p) => p.clone(),
            None => prompter
                .ok_or_else(|| Error::missing("the vault passphrase", source::PASSPHRASE_VAR))?
                .secret("Vault passphrase")?,
        };
        let wrapped = old.header.passphrase.as_ref().expect("validated header");
        let key = source::unwrap_with(&old.header, wrapped, &passphrase)?;
        if !key.same_as(&old.unlocked.key) {
            return Err(Error::vault(
                "wrong vault passphrase",
                "try again with the vault's passphrase",
            ));
        }
        Ok(passphrase)
    }
}
