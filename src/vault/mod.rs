//! The encrypted vault: every secret tether keeps, one sealed file per record, under a
//! random master key held by the OS keyring, a passphrase, or `TETHER_VAULT_KEY`.
//!
//! Guarantees: records are sealed with ChaCha20-Poly1305 and bound to their own id
//! and vault, so a swapped, moved or changed record is reported and the others still
//! read; a wrong key is detected at open and nothing is ever overwritten with it; writes are
//! atomic and serialized by the state lock; reading a record touches only that record's file
//! and takes no lock; nothing is ever stored in plain text.
//!
//! Layout under `vault_dir`: `vault.toml` (the [`header`]) and `records-<key id>/` holding
//! one `<encoded id>.sealed` file per record ([`records`]).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use zeroize::Zeroizing;

use crate::error::Result;
use crate::journal::StateLock;
use crate::paths::Paths;
use crate::prompt::Prompter;
use crate::safe_fs;
use crate::secret::Secret;

pub(crate) mod crypto;
mod error;
pub(crate) mod header;
pub(crate) mod keyring;
mod leftovers;
mod record_id;
mod records;
mod rekey;
pub mod session;
pub mod source;
mod status;

use crypto::Binding;
pub use error::VaultError;
pub use header::{Header, KeyHolder, KeyKind};
pub use record_id::{NotARecordId, RecordId};
pub use rekey::{OldKey, RekeyReport};
pub use source::{KeySources, Source};
pub use status::{KdfStatus, Status};

/// The vault of one tether home. Cheap to open when it does not exist yet; otherwise the
/// master key is read once, at open.
pub struct Vault {
    dir: PathBuf,
    /// The home's paths, for the state lock every write takes.
    paths: Paths,
    sources: KeySources,
    /// Set when the vault exists and its key is known (at open, or on the first write).
    keyed: OnceLock<Keyed>,
}

struct Keyed {
    header: Header,
    unlocked: source::Unlocked,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("vault_dir", &self.dir)
            .field("key_id", &self.key_id())
            .finish_non_exhaustive()
    }
}

impl Vault {
    /// Opens the vault of `paths`, reading the master key once from `sources`; `prompter`,
    /// when a person can answer, is asked for the passphrase of a passphrase vault that
    /// `TETHER_PASSPHRASE` does not open. A vault that does not exist yet is not an error: the
    /// first [`Vault::put`] creates it.
    pub fn open(
        paths: &Paths,
        sources: KeySources,
        prompter: Option<&dyn Prompter>,
    ) -> Result<Self> {
        let vault = Self::unopened(paths, sources);
        if let Some(keyed) = unlock_current(&vault.dir, &vault.sources, prompter)? {
            let _ = vault.keyed.set(keyed);
        }
        Ok(vault)
    }

    /// Keeps this vault's key in an unlocked session (the kernel keyring) for `length`, so
    /// that commands need no passphrase or OS keyring until it ends, and returns when that
    /// is. A vault keyed in the OS keyring only when `os_keyring` asks for it.
    pub fn start_session(
        &self,
        length: std::time::Duration,
        os_keyring: bool,
        now: time::OffsetDateTime,
    ) -> Result<time::OffsetDateTime> {
        let keyed = self
            .keyed
            .get()
            .ok_or_else(|| VaultError::NothingToUnlock {
                dir: self.dir.clone(),
            })?;
        match (keyed.header.kind(), keyed.unlocked.source) {
            (KeyKind::Env, _) | (_, source::Source::Env) => {
                return Err(VaultError::SessionForEnvKey.into());
            }
            (KeyKind::Keyring, _) if !os_keyring => {
                return Err(VaultError::SessionForKeyring.into());
            }
            _ => {}
        }
        session::start(&keyed.header.key_id, &keyed.unlocked.key, length, now)
            .map_err(|e| VaultError::SessionsUnavailable(e.0).into())
    }

    /// Ends the unlocked session of the vault of `paths`, if there is one; whether there was.
    pub fn end_session(paths: &Paths) -> Result<bool> {
        let dir = paths.vault_dir();
        let header = Header::read(&dir)?.ok_or(VaultError::NothingToUnlock { dir })?;
        session::end(&header.key_id).map_err(|e| VaultError::SessionsUnavailable(e.0).into())
    }

    /// Creates the vault explicitly (`vault init`): with `passphrase`, a passphrase vault;
    /// otherwise keyed by `TETHER_VAULT_KEY` when set, else by a new key in the keyring.
    /// Refused when a vault exists.
    pub fn init(paths: &Paths, sources: KeySources, passphrase: Option<&Secret>) -> Result<Self> {
        let vault = Self::unopened(paths, sources);
        let _lock = vault.lock()?;
        if Header::read(&vault.dir)?.is_some() {
            return Err(VaultError::Exists { dir: vault.dir }.into());
        }
        let plan = passphrase.map_or(source::Plan::NoPassphrase, source::Plan::Passphrase);
        vault.create(&plan)?;
        Ok(vault)
    }

    /// Before the vault exists, whether a key source could hold its key (nothing is made):
    /// `Ok(Some(error))` when there is none at all, `Err` when a given one cannot be used.
    /// An open vault has its key.
    pub fn missing_key_source(&self) -> Result<Option<VaultError>> {
        if self.exists() {
            return Ok(None);
        }
        source::missing_for_new(&self.sources)
    }

    /// Creates this vault now under `passphrase` (the offer made when no other key source is
    /// there). Refused when a vault exists.
    pub fn create_with_passphrase(&self, passphrase: &Secret) -> Result<()> {
        let _lock = self.lock()?;
        if self.current()?.is_some() {
            return Err(VaultError::CreatedMeanwhile {
                dir: self.dir.clone(),
            }
            .into());
        }
        self.create(&source::Plan::Passphrase(passphrase))
            .map(|_| ())
    }

    /// Describes the vault of `paths`; a key that cannot be read is reported, not raised.
    pub fn status(paths: &Paths, sources: &KeySources) -> Result<Status> {
        status::status(paths, sources)
    }

    /// Whether a vault exists in `paths` (its header is there and readable).
    pub fn exists_in(paths: &Paths) -> Result<bool> {
        Header::read(&paths.vault_dir()).map(|h| h.is_some())
    }

    fn unopened(paths: &Paths, sources: KeySources) -> Self {
        Self {
            dir: paths.vault_dir(),
            paths: paths.clone(),
            sources,
            keyed: OnceLock::new(),
        }
    }

    /// Whether the vault exists (as far as this process knows).
    #[must_use]
    pub fn exists(&self) -> bool {
        self.keyed.get().is_some()
    }

    /// The key id of the vault, once it exists.
    #[must_use]
    pub fn key_id(&self) -> Option<&str> {
        self.keyed.get().map(|k| k.header.key_id.as_str())
    }

    /// How the vault's key is held, once it exists.
    #[must_use]
    pub fn kind(&self) -> Option<KeyKind> {
        self.keyed.get().map(|k| k.header.kind())
    }

    /// Which source gave the key in use, once the vault exists.
    #[must_use]
    pub fn source(&self) -> Option<Source> {
        self.keyed.get().map(|k| k.unlocked.source)
    }

    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Opens every record sealed with the current key, proving each is whole and opens with
    /// it; how many there are.
    pub fn open_all(&self) -> Result<usize> {
        let Some(keyed) = self.keyed.get() else {
            return Ok(0);
        };
        let listed = records::list(&records::dir(&self.dir, &keyed.header.key_id))?;
        for (record, _) in &listed {
            self.get(record)?;
        }
        Ok(listed.len())
    }

    /// The plaintext of `record`, or `None` when there is no such record. Reads only that
    /// record's file; takes no lock (writes are atomic renames).
    pub fn get(&self, record: &RecordId) -> Result<Option<Zeroizing<Vec<u8>>>> {
        let name = record.file_name()?;
        let Some(keyed) = self.keyed.get() else {
            return Ok(None);
        };
        if let Some(plaintext) = self.read_record(keyed, record, &name)? {
            return Ok(Some(plaintext));
        }
        let key_id = &keyed.header.key_id;
        // A miss may mean another process rekeyed the vault since it was opened: then the
        // record is read under the new key, which the same sources give.
        match Header::read(&self.dir)? {
            Some(header) if header.key_id == *key_id => Ok(None),
            Some(_) => self.get_rekeyed(record, &name),
            None => Err(VaultError::ChangedUnderneath.into()),
        }
    }

    /// `record` read from the vault as another process's rekey left it.
    fn get_rekeyed(&self, record: &RecordId, name: &str) -> Result<Option<Zeroizing<Vec<u8>>>> {
        let mut sources = self.sources.clone();
        if let Some(known) = self.keyed.get().and_then(|k| k.unlocked.passphrase.clone()) {
            sources.passphrase = Some(known);
        }
        let Some(keyed) = unlock_current(&self.dir, &sources, None)? else {
            return Err(VaultError::ChangedUnderneath.into());
        };
        self.read_record(&keyed, record, name)
    }

    /// `record` (file `name`) opened with `keyed`'s key; `None` when it has no file.
    fn read_record(
        &self,
        keyed: &Keyed,
        record: &RecordId,
        name: &str,
    ) -> Result<Option<Zeroizing<Vec<u8>>>> {
        let key_id = &keyed.header.key_id;
        let path = records::dir(&self.dir, key_id).join(name);
        let Some(blob) = safe_fs::read_optional(&path)? else {
            return Ok(None);
        };
        let binding = Binding::Record {
            key_id,
            record: record.as_str(),
        };
        match keyed.unlocked.key.open(binding, &blob) {
            Some(plaintext) => Ok(Some(plaintext)),
            None => Err(VaultError::RecordTampered {
                record: record.clone(),
                path,
            }
            .into()),
        }
    }

    /// Seals `plaintext` as `record`, replacing any previous value atomically. Creates the
    /// vault when it does not exist yet.
    pub fn put(&self, record: &RecordId, plaintext: &[u8]) -> Result<()> {
        let _lock = self.lock()?;
        let (path, blob) = self.seal_record(record, plaintext)?;
        safe_fs::write_atomic(&path, &blob)
    }

    /// `plaintext` sealed as `record`, with the path it belongs at, for a [`Transaction`] to
    /// write. Creates the vault when it does not exist yet.
    ///
    /// [`Transaction`]: crate::store::Transaction
    pub fn seal_record(&self, record: &RecordId, plaintext: &[u8]) -> Result<(PathBuf, Vec<u8>)> {
        let name = record.file_name()?;
        let _lock = self.lock()?;
        let keyed = match self.current()? {
            Some(keyed) => keyed,
            None => self.create(&source::Plan::Auto)?,
        };
        let key_id = &keyed.header.key_id;
        records::remove_stale(&self.dir, key_id)?;
        let binding = Binding::Record {
            key_id,
            record: record.as_str(),
        };
        let blob = keyed.unlocked.key.seal(binding, plaintext)?;
        Ok((records::dir(&self.dir, key_id).join(name), blob))
    }

    /// Where `record` is stored, for a [`Transaction`] to remove; `None` when there is no
    /// vault. Needs no key.
    ///
    /// [`Transaction`]: crate::store::Transaction
    pub fn record_path(&self, record: &RecordId) -> Result<Option<PathBuf>> {
        let name = record.file_name()?;
        let Some(header) = Header::read(&self.dir)? else {
            return Ok(None);
        };
        if self
            .keyed
            .get()
            .is_some_and(|k| k.header.key_id != header.key_id)
        {
            return Err(VaultError::ChangedUnderneath.into());
        }
        Ok(Some(records::dir(&self.dir, &header.key_id).join(name)))
    }

    /// Removes `record`; a record that does not exist is not an error. Needs no key.
    pub fn delete(&self, record: &RecordId) -> Result<()> {
        let name = record.file_name()?;
        let _lock = self.lock()?;
        let Some(header) = Header::read(&self.dir)? else {
            return Ok(());
        };
        if self
            .keyed
            .get()
            .is_some_and(|k| k.header.key_id != header.key_id)
        {
            return Err(VaultError::ChangedUnderneath.into());
        }
        records::remove_stale(&self.dir, &header.key_id)?;
        safe_fs::remove_durable(&records::dir(&self.dir, &header.key_id).join(name))
    }

    /// The state lock; taking it first finishes a change another process left half-applied,
    /// so no write (a rekey above all) starts from a half-applied state.
    fn lock(&self) -> Result<StateLock> {
        StateLock::acquire(&self.paths)
    }

    /// Under the state lock: the vault as it is on disk now, unlocked. Fails when another
    /// process replaced the key since this one opened the vault.
    fn current(&self) -> Result<Option<&Keyed>> {
        let on_disk = Header::read(&self.dir)?;
        leftovers::clear(
            &self.dir,
            &self.sources.keyring,
            on_disk.as_ref().map(|h| h.key_id.as_str()),
        )?;
        match (self.keyed.get(), on_disk) {
            (Some(keyed), Some(header)) if header.key_id == keyed.header.key_id => Ok(Some(keyed)),
            (Some(_), _) => Err(VaultError::ChangedUnderneath.into()),
            (None, Some(header)) => {
                // Created by another process after this one looked.
                let unlocked = source::unlock(&header, &self.sources, None)?;
                Ok(Some(self.keyed.get_or_init(|| Keyed { header, unlocked })))
            }
            (None, None) => Ok(None),
        }
    }

    /// Under the state lock, with no header on disk: makes the key, then writes the header.
    fn create(&self, plan: &source::Plan<'_>) -> Result<&Keyed> {
        self.refuse_orphan_records()?;
        let key_id = crypto::new_key_id()?;
        if source::will_use_keyring(&self.sources, plan)? {
            leftovers::note(&self.dir, &[&key_id])?;
        }
        let new = match source::create(&self.sources, plan, key_id.clone()) {
            Ok(new) => new,
            Err(e) => {
                leftovers::forget(&self.dir, &key_id)?;
                return Err(e);
            }
        };
        if let Err(e) = new.header.write(&self.dir) {
            if new.header.kind() == KeyKind::Keyring {
                // Best effort: the entry names a vault that never came to be.
                let _ = self
                    .sources
                    .keyring
                    .delete(&keyring::entry_user(&new.header.key_id));
            }
            return Err(e);
        }
        // The header names the key now: its entry is no leftover.
        leftovers::forget(&self.dir, &new.header.key_id)?;
        Ok(self.keyed.get_or_init(|| Keyed {
            header: new.header,
            unlocked: new.unlocked,
        }))
    }

    /// A records directory with records but no header means the header was lost: making a
    /// new vault there would orphan those secrets for good, so stop and say so.
    fn refuse_orphan_records(&self) -> Result<()> {
        for dir in records::other_dirs(&self.dir, None)? {
            if records::count(&dir)? > 0 {
                return Err(VaultError::HeaderMissing {
                    header: Header::path(&self.dir),
                    records: dir,
                    vault_dir: self.dir.clone(),
                }
                .into());
            }
            records::remove_dir(&dir)?;
        }
        Ok(())
    }
}

/// The header on disk, unlocked. A key that cannot be read for a header that another
/// process's rekey has just replaced is read again for the new header, so a reader racing a
/// rekey gets the new key instead of being told the old one is lost.
fn unlock_current(
    dir: &Path,
    sources: &KeySources,
    prompter: Option<&dyn Prompter>,
) -> Result<Option<Keyed>> {
    const ATTEMPTS: usize = 3;
    let mut header = Header::read(dir)?;
    for attempt in 1..=ATTEMPTS {
        let Some(current) = header else {
            return Ok(None);
        };
        match source::unlock(&current, sources, prompter) {
            Ok(unlocked) => {
                return Ok(Some(Keyed {
                    header: current,
                    unlocked,
                }));
            }
            Err(e) => {
                let again = Header::read(dir)?;
                let rekeyed = again.as_ref().is_some_and(|h| h.key_id != current.key_id);
                if !rekeyed || attempt == ATTEMPTS {
                    return Err(e);
                }
                header = again;
            }
        }
    }
    unreachable!("the last attempt returns")
}
