//! The encrypted vault: every secret tether keeps, one sealed file per record, under a
//! random master key held by the OS keyring, a passphrase, or `TETHER_VAULT_KEY`.
//!
//! Guarantees (SPEC §4): records are sealed with ChaCha20-Poly1305 and bound to their own id
//! and vault, so a swapped, moved or changed record is reported (exit 4) and the others still
//! read; a wrong key is detected at open and nothing is ever overwritten with it; writes are
//! atomic and serialized by the state lock; reading a record touches only that record's file
//! and takes no lock; nothing is ever stored in plain text.
//!
//! Layout under `vault_dir`: `vault.toml` (the [`header`]) and `records-<key id>/` holding
//! one `<encoded id>.sealed` file per record ([`records`]).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use zeroize::Zeroizing;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::fsx::{self, FileLock};
use crate::paths::Paths;
use crate::prompt::Prompter;
use crate::secret::Secret;

pub mod crypto;
pub mod header;
pub mod keyring;
pub mod records;
mod rekey;
pub mod source;
mod status;

use crypto::Binding;
pub use header::{Header, KeyKind};
pub use rekey::{OldKey, RekeyReport};
pub use source::{KeySources, Source};
pub use status::{KdfStatus, Status};

/// The vault of one tether home. Cheap to open when it does not exist yet; otherwise the
/// master key is read once, at open.
pub struct Vault {
    dir: PathBuf,
    lock_path: PathBuf,
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
    /// Opens the vault of `ctx.paths` with the key sources of this process, reading the
    /// master key once. A vault that does not exist yet is not an error: the first
    /// [`Vault::put`] creates it.
    pub fn open(ctx: &Context) -> Result<Self> {
        let prompter = ctx
            .prompter("the vault passphrase", source::PASSPHRASE_VAR)
            .ok();
        let sources = KeySources::from_env()
            .with_details(ctx.verbosity >= crate::context::Verbosity::Verbose);
        Self::open_with(&ctx.paths, sources, prompter)
    }

    /// [`Vault::open`] with explicit key sources; `prompter` may ask for a passphrase.
    pub fn open_with(
        paths: &Paths,
        sources: KeySources,
        prompter: Option<&dyn Prompter>,
    ) -> Result<Self> {
        let vault = Self::unopened(paths, sources);
        if let Some(header) = Header::read(&vault.dir)? {
            let unlocked = source::unlock(&header, &vault.sources, prompter)?;
            let _ = vault.keyed.set(Keyed { header, unlocked });
        }
        Ok(vault)
    }

    /// Creates the vault explicitly (`vault init`): with `passphrase`, a passphrase vault;
    /// otherwise keyed by `TETHER_VAULT_KEY` when set, else by a new key in the keyring.
    /// Refused when a vault exists.
    pub fn init(paths: &Paths, sources: KeySources, passphrase: Option<&Secret>) -> Result<Self> {
        let vault = Self::unopened(paths, sources);
        let _lock = vault.lock()?;
        if Header::read(&vault.dir)?.is_some() {
            return Err(Error::invalid(
                format!("a vault already exists in {}", vault.dir.display()),
                "to change its key, run `tether vault rekey`; `tether vault status` describes it",
            ));
        }
        let plan = passphrase.map_or(source::Plan::NoPassphrase, source::Plan::Passphrase);
        vault.create(&plan)?;
        Ok(vault)
    }

    /// Before the vault exists, whether a key source could hold its key (nothing is made):
    /// `Ok(Some(error))` when there is none at all, `Err` when a given one cannot be used.
    /// An open vault has its key.
    pub fn missing_key_source(&self) -> Result<Option<Error>> {
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
            return Err(Error::invalid(
                format!("a vault already exists in {}", self.dir.display()),
                "run the command again: it uses that vault",
            ));
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
            lock_path: paths.state_lock(),
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
        self.keyed.get().map(|k| k.header.kind)
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

    /// The plaintext of `record`, or `None` when there is no such record. Reads only that
    /// record's file; takes no lock (writes are atomic renames).
    pub fn get(&self, record: &str) -> Result<Option<Zeroizing<Vec<u8>>>> {
        let name = records::file_name(record)?;
        let Some(keyed) = self.keyed.get() else {
            return Ok(None);
        };
        let key_id = &keyed.header.key_id;
        let path = records::dir(&self.dir, key_id).join(name);
        if let Some(blob) = fsx::read_optional(&path)? {
            return keyed
                .unlocked
                .key
                .open(Binding::Record { key_id, record }, &blob)
                .map(Some)
                .ok_or_else(|| tampered(record, &path));
        }
        // A miss may mean another process rekeyed the vault since it was opened.
        if Header::read(&self.dir)?.is_none_or(|h| h.key_id != *key_id) {
            return Err(changed_underneath());
        }
        Ok(None)
    }

    /// Seals `plaintext` as `record`, replacing any previous value atomically. Creates the
    /// vault when it does not exist yet (key source per SPEC §4).
    pub fn put(&self, record: &str, plaintext: &[u8]) -> Result<()> {
        let name = records::file_name(record)?;
        let _lock = self.lock()?;
        let keyed = match self.current()? {
            Some(keyed) => keyed,
            None => self.create(&source::Plan::Auto)?,
        };
        let key_id = &keyed.header.key_id;
        records::remove_stale(&self.dir, key_id)?;
        let blob = keyed
            .unlocked
            .key
            .seal(Binding::Record { key_id, record }, plaintext)?;
        fsx::write_atomic(&records::dir(&self.dir, key_id).join(name), &blob)
    }

    /// Removes `record`; a record that does not exist is not an error. Needs no key.
    pub fn delete(&self, record: &str) -> Result<()> {
        let name = records::file_name(record)?;
        let _lock = self.lock()?;
        let Some(header) = Header::read(&self.dir)? else {
            return Ok(());
        };
        if self
            .keyed
            .get()
            .is_some_and(|k| k.header.key_id != header.key_id)
        {
            return Err(changed_underneath());
        }
        records::remove_stale(&self.dir, &header.key_id)?;
        fsx::remove_durable(&records::dir(&self.dir, &header.key_id).join(name))
    }

    fn lock(&self) -> Result<FileLock> {
        FileLock::acquire(&self.lock_path)
    }

    /// Under the state lock: the vault as it is on disk now, unlocked. Fails when another
    /// process replaced the key since this one opened the vault.
    fn current(&self) -> Result<Option<&Keyed>> {
        let on_disk = Header::read(&self.dir)?;
        match (self.keyed.get(), on_disk) {
            (Some(keyed), Some(header)) if header.key_id == keyed.header.key_id => Ok(Some(keyed)),
            (Some(_), _) => Err(changed_underneath()),
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
        let new = source::create(&self.sources, plan)?;
        if let Err(e) = new.header.write(&self.dir) {
            if new.header.kind == KeyKind::Keyring {
                // Best effort: the entry names a vault that never came to be.
                let _ = self
                    .sources
                    .keyring
                    .delete(&keyring::entry_user(&new.header.key_id));
            }
            return Err(e);
        }
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
                return Err(Error::vault(
                    format!(
                        "the vault header {} is missing, but {} holds records",
                        Header::path(&self.dir).display(),
                        dir.display()
                    ),
                    format!(
                        "restore vault.toml from a backup; or, to start over without those secrets, move {} away",
                        self.dir.display()
                    ),
                ));
            }
            records::remove_dir(&dir)?;
        }
        Ok(())
    }
}

fn tampered(record: &str, path: &Path) -> Error {
    Error::vault(
        format!(
            "vault record `{record}` is corrupt or was tampered with ({})",
            path.display()
        ),
        "the other records are unaffected; restore the file from a backup, or authorize again what uses it \
         (e.g. `tether connection reauthorize`) to replace it",
    )
}

fn changed_underneath() -> Error {
    Error::vault(
        "the vault was rekeyed or replaced by another tether process while this one ran",
        "run the command again",
    )
}
