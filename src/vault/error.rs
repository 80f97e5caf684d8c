//! What can go wrong with the vault, as facts: the paths, records, variables and keyring
//! errors involved. What the user is told to do about each is decided by the command layer.

use std::path::PathBuf;

use super::crypto::KeyFormatError;
use super::header::KeyKind;
use super::keyring::{self, KeyringError};
use super::record_id::RecordId;
use super::source::{MIN_PASSPHRASE_CHARS, NEW_VAULT_KEY_VAR, PASSPHRASE_VAR, VAULT_KEY_VAR};

/// A vault failure. `Display` is the message alone.
#[derive(Debug, Clone, thiserror::Error)]
pub enum VaultError {
    // ---- what was asked cannot be done ----
    /// `vault init` where a vault exists.
    #[error("a vault already exists in {}", dir.display())]
    Exists { dir: PathBuf },

    /// Another process made the vault while this one offered to make it.
    #[error("a vault already exists in {}", dir.display())]
    CreatedMeanwhile { dir: PathBuf },

    #[error("there is no vault in {} yet, so there is nothing to rekey", dir.display())]
    NothingToRekey { dir: PathBuf },

    #[error("{NEW_VAULT_KEY_VAR} is the vault's current key")]
    NewKeyIsCurrent,

    #[error("there is no vault in {} yet, so there is nothing to unlock", dir.display())]
    NothingToUnlock { dir: PathBuf },

    /// An unlocked session would only copy a key the environment already gives every command.
    #[error("this vault is keyed by {VAULT_KEY_VAR}: every command already has its key")]
    SessionForEnvKey,

    /// A session of an OS-keyring vault is asked for explicitly.
    #[error(
        "the key of this vault is in the OS keyring, which is unlocked with your login already"
    )]
    SessionForKeyring,

    /// The kernel keyring cannot hold a session here (a container without keyrings).
    #[error("{0}; commands go on asking for the key")]
    SessionsUnavailable(String),

    /// A vault keyed by `TETHER_VAULT_KEY` is rekeyed only to a key given the same way.
    #[error("this vault is keyed by {VAULT_KEY_VAR}, so its new key must be given too")]
    NewKeyRequired,

    #[error("the two passphrases differ; no vault was created")]
    PassphrasesDiffer,

    #[error("both a passphrase and {VAULT_KEY_VAR} were given for the new vault")]
    PassphraseAndEnvKey,

    /// A new passphrase too short; `what` names where it came from.
    #[error("{what} is shorter than {MIN_PASSPHRASE_CHARS} characters; no vault was created")]
    PassphraseTooShort { what: &'static str },

    // ---- the key cannot be had ----
    /// No key source for a new vault: no `TETHER_VAULT_KEY`, and the keyring failed so.
    #[error("no key source for a new vault: {VAULT_KEY_VAR} is not set and {0}")]
    NoKeySource(KeyringError),

    /// A key variable (`var`) holds no key; `empty` when it is set to nothing at all.
    #[error("{var} is not a vault key: {why}")]
    EnvKeyInvalid {
        var: &'static str,
        why: KeyFormatError,
        empty: bool,
    },

    /// `TETHER_PASSPHRASE` is set to nothing.
    #[error("{PASSPHRASE_VAR} is set but empty")]
    EmptyPassphraseVar,

    /// `TETHER_VAULT_KEY` does not open the vault whose key is held by `kind`.
    #[error("{VAULT_KEY_VAR} is not the key of this vault (key id {key_id})")]
    EnvKeyMismatch { key_id: String, kind: KeyKind },

    #[error("this vault is keyed by {VAULT_KEY_VAR}, which is not set")]
    EnvKeyMissing,

    #[error(
        "the vault is protected by a passphrase, and {PASSPHRASE_VAR} is not set and no prompt is possible here"
    )]
    PassphraseUnavailable,

    #[error("wrong vault passphrase")]
    WrongPassphrase,

    /// A passphrase that opens the header but not to the key this process holds.
    #[error("wrong vault passphrase")]
    PassphraseNotCurrent,

    #[error("the vault header is inconsistent: the unwrapped key does not match its key check")]
    HeaderInconsistent,

    /// The keyring cannot be used to read the key.
    #[error("cannot read the vault key: {0}")]
    KeyringUnusable(KeyringError),

    /// The keyring answered but has no entry `user` for this vault.
    #[error(
        "the {} has no key for this vault (entry `{}` / `{user}`)",
        keyring::BACKEND,
        keyring::SERVICE
    )]
    KeyringEntryMissing { user: String },

    #[error("the keyring entry `{user}` does not hold a tether key ({why})")]
    KeyringEntryInvalid { user: String, why: KeyFormatError },

    #[error("the key in the keyring entry `{user}` is not the key of this vault")]
    KeyringKeyMismatch { user: String },

    /// `vault rekey` could not store its new key; nothing was changed.
    #[error("cannot store the new vault key: {0}; the vault is unchanged")]
    NewKeyNotStored(KeyringError),

    // ---- the vault on disk is damaged or changed ----
    #[error("the vault header {} is unreadable: {reason}", path.display())]
    HeaderUnreadable { path: PathBuf, reason: String },

    /// Records but no header: making a new vault would orphan them.
    #[error("the vault header {} is missing, but {} holds records", header.display(), records.display())]
    HeaderMissing {
        header: PathBuf,
        records: PathBuf,
        vault_dir: PathBuf,
    },

    #[error("vault record `{record}` is corrupt or was tampered with ({})", path.display())]
    RecordTampered { record: RecordId, path: PathBuf },

    /// A record that does not open stopped a rekey before anything changed.
    #[error(
        "vault record `{record}` is corrupt or was tampered with ({}); the vault was not rekeyed",
        path.display()
    )]
    RekeyStoppedByRecord { record: RecordId, path: PathBuf },

    #[error("the vault was rekeyed or replaced by another tether process while this one ran")]
    ChangedUnderneath,
}
