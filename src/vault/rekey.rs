//! `vault rekey`: a new master key and key id, every record re-sealed, the old key removed.
//!
//! Guarantee: a kill at any instant leaves the old or the new vault fully usable. The new
//! records go to a fresh `records-<new id>/` that nothing reads; the new key is stored; then
//! the header is replaced by one atomic rename (the commit point); only then are the old
//! records and the old keyring entry removed. Leftover directories are removed by the next
//! write. Everything happens under the state lock.

use std::path::PathBuf;
use std::sync::OnceLock;

use super::crypto::{self, Binding, Kdf, MasterKey};
use super::error::VaultError;
use super::header::{Header, KeyHolder, KeyKind, Wrapped};
use super::keyring::{self, Keyring};
use super::source::{self, Source, Unlocked};
use super::{Keyed, Vault, leftovers, records};
use crate::error::{Error, Result};
use crate::prompt::Prompter;
use crate::safe_fs;
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
        let old = self.current()?.ok_or_else(|| VaultError::NothingToRekey {
            dir: self.dir.clone(),
        })?;
        records::remove_stale(&self.dir, &old.header.key_id)?;
        let new = self.successor(old, prompter)?;
        let new_id = new.header.key_id.clone();
        let old_id = old.header.key_id.clone();
        let kind = new.header.kind();
        let env_key_replaced = old.unlocked.source == Source::Env;

        let mut undo = Uncommitted::new(records::dir(&self.dir, &new_id), self.sources.keyring);
        // 1. Re-seal every record into a directory that nothing reads yet.
        let count = self.reseal(old, &new.unlocked.key, &new_id)?;
        // 2. Store the new key where the vault keeps it.
        if kind == KeyKind::Keyring {
            self.store_in_keyring(&new.unlocked.key, &new_id, &old_id)?;
            undo.key_stored(keyring::entry_user(&new_id));
        }
        crate::fault::point("rekey-key-stored")?;
        // 3. Commit: the header names the new key id from this rename on.
        new.header.write(&self.dir)?;
        undo.commit();
        crate::fault::point("rekey-committed")?;
        // 4. Remove what belongs to the old key.
        let old_key = self.retire(&old_id, kind, &new_id);
        self.keyed = OnceLock::from(new);
        Ok(RekeyReport {
            records: count,
            old_key_id: old_id,
            new_key_id: new_id,
            kind,
            old_key,
            env_key_replaced,
        })
    }

    /// The next key of the vault `old` describes, with its header (nothing is written): same
    /// kind, a new key id, and for a passphrase vault the same passphrase with a fresh salt.
    fn successor(&self, old: &Keyed, prompter: Option<&dyn Prompter>) -> Result<Keyed> {
        let key = self.next_key(old)?;
        let passphrase = match &old.header.holder {
            KeyHolder::Passphrase(wrapped) => Some(self.known_passphrase(old, wrapped, prompter)?),
            KeyHolder::Keyring | KeyHolder::Env => None,
        };
        let key_id = crypto::new_key_id()?;
        let holder = match (&old.header.holder, &passphrase) {
            (KeyHolder::Passphrase(wrapped), Some(passphrase)) => {
                let kdf = Kdf::generate(wrapped.kdf.iterations)?;
                let kek = kdf.derive(passphrase.expose().as_bytes())?;
                let wrapped_key = crypto::wrap_key(&kek, &key_id, &key)?;
                KeyHolder::Passphrase(Wrapped { kdf, wrapped_key })
            }
            (holder, _) => holder.clone(),
        };
        let source = Source::of(holder.kind());
        Ok(Keyed {
            header: Header {
                key_check: key.key_check(&key_id)?,
                key_id,
                holder,
            },
            unlocked: Unlocked {
                key,
                source,
                passphrase,
            },
        })
    }

    /// Stores the new key in the keyring. Both key ids are noted first, so a kill from here
    /// on leaves no keyring entry of a vault that is gone.
    fn store_in_keyring(&self, new_key: &MasterKey, new_id: &str, old_id: &str) -> Result<()> {
        leftovers::note(&self.dir, &[new_id, old_id])?;
        self.sources
            .keyring
            .set(&keyring::entry_user(new_id), &new_key.to_base64())
            .map_err(|e| VaultError::NewKeyNotStored(e).into())
    }

    /// After the commit, removes the old records and the old key's keyring entry. The rekey
    /// is done whatever happens here: a records directory left behind is removed by the next
    /// write, and a keyring entry that could not be deleted is reported.
    fn retire(&self, old_id: &str, kind: KeyKind, new_id: &str) -> OldKey {
        if records::remove_dir(&records::dir(&self.dir, old_id)).is_ok() {
            let _ = safe_fs::sync_dir(&self.dir);
        }
        // An unlocked session of the old key opens nothing now; best effort, as it would
        // never be used again anyway.
        let _ = super::session::end(old_id);
        if kind != KeyKind::Keyring {
            return OldKey::NotStored;
        }
        match self.sources.keyring.delete(&keyring::entry_user(old_id)) {
            Ok(_) => {
                let _ = leftovers::clear(&self.dir, &self.sources.keyring, Some(new_id));
                OldKey::RemovedFromKeyring
            }
            Err(e) => OldKey::LeftInKeyring(e.to_string()),
        }
    }

    /// The new master key: `TETHER_NEW_VAULT_KEY` when set (and required for a vault keyed
    /// by `TETHER_VAULT_KEY`), else a random one.
    fn next_key(&self, old: &Keyed) -> Result<MasterKey> {
        match &self.sources.new_vault_key {
            Some(value) => {
                let key = source::parse_env_key(source::NEW_VAULT_KEY_VAR, value)?;
                if key.same_as(&old.unlocked.key) {
                    return Err(VaultError::NewKeyIsCurrent.into());
                }
                Ok(key)
            }
            None if old.header.kind() == KeyKind::Env => Err(VaultError::NewKeyRequired.into()),
            None => MasterKey::generate(),
        }
    }

    /// Opens every record with the old key and seals it for the new one in
    /// `records-<new_id>/`. Stops at the first record that does not open.
    fn reseal(&self, old: &Keyed, new_key: &MasterKey, new_id: &str) -> Result<usize> {
        let old_id = &old.header.key_id;
        let new_dir = records::dir(&self.dir, new_id);
        safe_fs::ensure_private_dir(&new_dir)?;
        let list = records::list(&records::dir(&self.dir, old_id))?;
        for (record, path) in &list {
            let blob = safe_fs::read(path)?;
            let plain = old
                .unlocked
                .key
                .open(
                    Binding::Record {
                        key_id: old_id,
                        record: record.as_str(),
                    },
                    &blob,
                )
                .ok_or_else(|| VaultError::RekeyStoppedByRecord {
                    record: record.clone(),
                    path: path.clone(),
                })?;
            let sealed = new_key.seal(
                Binding::Record {
                    key_id: new_id,
                    record: record.as_str(),
                },
                &plain,
            )?;
            safe_fs::write_new(&new_dir.join(record.file_name()?), &sealed)?;
        }
        safe_fs::sync_dir(&new_dir)?;
        safe_fs::sync_dir(&self.dir)?;
        Ok(list.len())
    }

    /// The passphrase of a passphrase vault: the one it was opened with, else
    /// `TETHER_PASSPHRASE` or a prompt, checked against the current header.
    fn known_passphrase(
        &self,
        old: &Keyed,
        wrapped: &Wrapped,
        prompter: Option<&dyn Prompter>,
    ) -> Result<Secret> {
        if let Some(p) = &old.unlocked.passphrase {
            return Ok(p.clone());
        }
        let (key, passphrase) = match self.sources.env_passphrase()? {
            Some(p) => (source::unwrap_with(&old.header, wrapped, p)?, p.clone()),
            None => source::ask_passphrase(
                &old.header,
                wrapped,
                prompter.ok_or_else(|| {
                    Error::missing("the vault passphrase", source::PASSPHRASE_VAR)
                })?,
            )?,
        };
        if !key.same_as(&old.unlocked.key) {
            return Err(VaultError::PassphraseNotCurrent.into());
        }
        Ok(passphrase)
    }
}

/// What a rekey has made before its commit: the new records directory and, once stored, the
/// new key's keyring entry. Dropped before [`Uncommitted::commit`] (a step failed), it
/// removes both, so the vault is exactly as before the rekey.
struct Uncommitted {
    new_dir: PathBuf,
    keyring: Keyring,
    entry: Option<String>,
    committed: bool,
}

impl Uncommitted {
    fn new(new_dir: PathBuf, keyring: Keyring) -> Self {
        Self {
            new_dir,
            keyring,
            entry: None,
            committed: false,
        }
    }

    /// The new key is in keyring entry `user` now.
    fn key_stored(&mut self, user: String) {
        self.entry = Some(user);
    }

    /// The header names the new key: what was made is the vault now.
    fn commit(&mut self) {
        self.committed = true;
    }
}

impl Drop for Uncommitted {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        // Best effort: whatever stays is removed by the next write (records directories the
        // header does not name, keyring entries noted as pending).
        let _ = records::remove_dir(&self.new_dir);
        if let Some(user) = &self.entry {
            let _ = self.keyring.delete(user);
        }
    }
}
