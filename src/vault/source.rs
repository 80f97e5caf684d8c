//! Where the master key comes from, in order: `TETHER_VAULT_KEY`, a passphrase
//! (`TETHER_PASSPHRASE` or a prompt) for a passphrase vault, the OS keyring.
//!
//! Guarantees: a key is accepted only if it opens the header's key-check value; an explicit
//! source that is wrong is an error, never a reason to try the next one; when no source can
//! hold a new key, the error lists the three ways to provide one — there is no plain-text
//! fallback.

use std::fmt;

use super::crypto::{self, Kdf, MasterKey};
use super::error::VaultError;
use super::header::{Header, KeyHolder, KeyKind, Wrapped};
use super::keyring::{self, Keyring};
use super::session;
use crate::error::{Error, Result};
use crate::prompt::Prompter;
use crate::secret::Secret;

pub const VAULT_KEY_VAR: &str = "TETHER_VAULT_KEY";
pub const NEW_VAULT_KEY_VAR: &str = "TETHER_NEW_VAULT_KEY";
pub const PASSPHRASE_VAR: &str = "TETHER_PASSPHRASE";
/// Shortest passphrase `vault init --passphrase` accepts.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// The inputs a key can come from, gathered once. Tests build one directly instead of
/// setting process-wide environment variables.
#[derive(Debug, Clone)]
pub struct KeySources {
    /// `TETHER_VAULT_KEY`: the master key itself, base64.
    pub vault_key: Option<Secret>,
    /// `TETHER_NEW_VAULT_KEY`: the next key, for `vault rekey` of a vault keyed by the former.
    pub new_vault_key: Option<Secret>,
    /// `TETHER_PASSPHRASE`.
    pub passphrase: Option<Secret>,
    pub keyring: Keyring,
    /// Whether an unlocked session (`vault unlock`) may provide the key.
    pub sessions: bool,
}

impl KeySources {
    /// The sources of this process: its environment and the system keyring.
    #[must_use]
    pub fn from_env() -> Self {
        // Taken over without a plain copy. A non-UTF-8 value is kept lossily: a key then
        // fails to decode with a clear message, and a passphrase stays the same from one run
        // to the next.
        let var = |name: &str| std::env::var_os(name).map(Secret::from_os_string);
        Self {
            vault_key: var(VAULT_KEY_VAR),
            new_vault_key: var(NEW_VAULT_KEY_VAR),
            passphrase: var(PASSPHRASE_VAR),
            keyring: Keyring::from_env(),
            sessions: true,
        }
    }

    /// The same sources without unlocked sessions: for proving the real key source.
    #[must_use]
    pub fn without_sessions(mut self) -> Self {
        self.sessions = false;
        self
    }

    /// Keeps the keyring's raw error text in messages (`-v`).
    #[must_use]
    pub fn with_details(mut self, details: bool) -> Self {
        self.keyring = self.keyring.with_details(details);
        self
    }

    /// No key at all and no keyring: a starting point for tests.
    #[must_use]
    pub fn none() -> Self {
        Self {
            vault_key: None,
            new_vault_key: None,
            passphrase: None,
            keyring: Keyring::disabled(),
            sessions: false,
        }
    }

    /// `TETHER_VAULT_KEY` decoded, if it is set.
    pub fn env_key(&self) -> Result<Option<MasterKey>> {
        self.vault_key
            .as_ref()
            .map(|v| parse_env_key(VAULT_KEY_VAR, v))
            .transpose()
    }

    /// `TETHER_PASSPHRASE`, if it is set; set but empty is an error (a missing CI secret).
    pub fn env_passphrase(&self) -> Result<Option<&Secret>> {
        match &self.passphrase {
            Some(p) if p.is_empty() => Err(VaultError::EmptyPassphraseVar.into()),
            other => Ok(other.as_ref()),
        }
    }
}

/// Which source gave the key in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// `TETHER_VAULT_KEY` (for any vault).
    Env,
    Passphrase,
    Keyring,
    /// An unlocked session (`vault unlock`), in the kernel keyring.
    Session,
}

impl Source {
    /// The source of a vault's own key, held as `kind` says.
    #[must_use]
    pub fn of(kind: KeyKind) -> Self {
        match kind {
            KeyKind::Env => Self::Env,
            KeyKind::Passphrase => Self::Passphrase,
            KeyKind::Keyring => Self::Keyring,
        }
    }
}

impl Source {
    /// Where the key came from, as `-v` says it.
    #[must_use]
    pub fn described(self) -> &'static str {
        match self {
            Self::Env => "TETHER_VAULT_KEY (env key)",
            Self::Passphrase => "the passphrase",
            Self::Keyring => "the OS keyring",
            Self::Session => "the unlocked session (`tether vault unlock`)",
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Env => "env",
            Self::Passphrase => "passphrase",
            Self::Keyring => "keyring",
            Self::Session => "session",
        })
    }
}

/// A master key that opened the header's key check, and where it came from.
#[derive(Debug)]
pub struct Unlocked {
    pub key: MasterKey,
    pub source: Source,
    /// Kept for a passphrase vault so `vault rekey` can wrap the new key without asking again.
    pub passphrase: Option<Secret>,
}

/// Reads the master key of the vault described by `header`. `prompter` is used only for a
/// passphrase vault when `TETHER_PASSPHRASE` is not set.
pub fn unlock(
    header: &Header,
    sources: &KeySources,
    prompter: Option<&dyn Prompter>,
) -> Result<Unlocked> {
    if let Some(key) = sources.env_key()? {
        if !key.verifies(&header.key_id, &header.key_check) {
            return Err(VaultError::EnvKeyMismatch {
                key_id: header.key_id.clone(),
                kind: header.kind(),
            }
            .into());
        }
        return Ok(Unlocked {
            key,
            source: Source::Env,
            passphrase: None,
        });
    }
    if let Some((key, _)) = session_key(header, sources) {
        return Ok(Unlocked {
            key,
            source: Source::Session,
            passphrase: None,
        });
    }
    match &header.holder {
        KeyHolder::Env => Err(VaultError::EnvKeyMissing.into()),
        KeyHolder::Passphrase(wrapped) => {
            let (key, passphrase) = match (sources.env_passphrase()?, prompter) {
                (Some(p), _) => (unwrap_with(header, wrapped, p)?, p.clone()),
                (None, Some(prompter)) => ask_passphrase(header, wrapped, prompter)?,
                (None, None) => return Err(VaultError::PassphraseUnavailable.into()),
            };
            Ok(Unlocked {
                key,
                source: Source::Passphrase,
                passphrase: Some(passphrase),
            })
        }
        KeyHolder::Keyring => {
            let key = read_keyring(header, sources.keyring)?;
            Ok(Unlocked {
                key,
                source: Source::Keyring,
                passphrase: None,
            })
        }
    }
}

/// The key of an unlocked session of this vault, and when the session ends, when the
/// sources allow sessions and the key still opens the vault (a rekey made it stale).
pub(super) fn session_key(
    header: &Header,
    sources: &KeySources,
) -> Option<(MasterKey, time::OffsetDateTime)> {
    if !sources.sessions {
        return None;
    }
    let (key, until) = session::find(&header.key_id, time::OffsetDateTime::now_utc())?;
    key.verifies(&header.key_id, &header.key_check)
        .then_some((key, until))
}

/// Whether [`create`] will store the new key in the OS keyring (no passphrase, no env key).
pub fn will_use_keyring(sources: &KeySources, plan: &Plan<'_>) -> Result<bool> {
    Ok(match plan {
        Plan::Passphrase(_) => false,
        Plan::Auto => sources.env_key()?.is_none() && sources.env_passphrase()?.is_none(),
        Plan::NoPassphrase => sources.env_key()?.is_none(),
    })
}

/// The master key wrapped in `header` under `passphrase`; an error when it is the wrong one.
pub fn unwrap_with(header: &Header, wrapped: &Wrapped, passphrase: &Secret) -> Result<MasterKey> {
    let kek = wrapped.kdf.derive(passphrase.expose().as_bytes())?;
    let key = crypto::unwrap_key(&kek, &header.key_id, &wrapped.wrapped_key)
        .ok_or(VaultError::WrongPassphrase)?;
    if !key.verifies(&header.key_id, &header.key_check) {
        return Err(VaultError::HeaderInconsistent.into());
    }
    Ok(key)
}

fn read_keyring(header: &Header, keyring: Keyring) -> Result<MasterKey> {
    let stored = keyring
        .get(&keyring::entry_user(&header.key_id))
        .map_err(VaultError::KeyringUnusable)?;
    check_keyring_value(header, stored.as_deref().map(String::as_str))
}

/// The key held in the keyring entry of `header`'s vault (`None`: there is no entry),
/// accepted only if it opens the key check.
pub fn check_keyring_value(header: &Header, stored: Option<&str>) -> Result<MasterKey> {
    let user = keyring::entry_user(&header.key_id);
    let Some(stored) = stored else {
        return Err(VaultError::KeyringEntryMissing { user }.into());
    };
    let key = match MasterKey::from_base64(stored) {
        Ok(key) => key,
        Err(why) => return Err(VaultError::KeyringEntryInvalid { user, why }.into()),
    };
    if !key.verifies(&header.key_id, &header.key_check) {
        return Err(VaultError::KeyringKeyMismatch { user }.into());
    }
    Ok(key)
}

/// Whether a vault made now could get a key from `sources`, without making it: checked
/// before anything is asked for, so nobody types a secret that could not then be stored.
/// `Ok(Some(error))`: there is no key source at all (the error says how to provide one);
/// `Err`: a source was given (`TETHER_VAULT_KEY`, `TETHER_PASSPHRASE`) but cannot be used.
pub fn missing_for_new(sources: &KeySources) -> Result<Option<VaultError>> {
    if sources.env_key()?.is_some() {
        return Ok(None);
    }
    if let Some(passphrase) = sources.env_passphrase()? {
        return check_new_passphrase(passphrase, PASSPHRASE_VAR).map(|()| None);
    }
    // Looking up an entry that does not exist tells whether the keyring answers.
    let probe = sources
        .keyring
        .get(&keyring::entry_user("0000000000000000"));
    Ok(probe.err().map(VaultError::NoKeySource))
}

/// How many times a passphrase is asked for before the last error stands.
pub const PASSPHRASE_TRIES: usize = 3;

/// The vault passphrase asked at `prompter` until it opens `wrapped`, at most
/// [`PASSPHRASE_TRIES`] times: a typo is not fatal.
pub(crate) fn ask_passphrase(
    header: &Header,
    wrapped: &Wrapped,
    prompter: &dyn Prompter,
) -> Result<(MasterKey, Secret)> {
    let mut tries = 1;
    loop {
        let passphrase = prompter.secret("Vault passphrase")?;
        match unwrap_with(header, wrapped, &passphrase) {
            Ok(key) => return Ok((key, passphrase)),
            Err(Error::Vault(VaultError::WrongPassphrase)) if tries < PASSPHRASE_TRIES => {
                prompter.reject("wrong passphrase; try again");
                tries += 1;
            }
            Err(e) => return Err(e),
        }
    }
}

/// A new passphrase typed twice at `prompter`, long enough to protect a vault; a short or
/// mistyped one is asked again, at most [`PASSPHRASE_TRIES`] times.
pub fn ask_new_passphrase(prompter: &dyn Prompter) -> Result<Secret> {
    let mut tries = 1;
    loop {
        let error = match new_passphrase_once(prompter)? {
            Ok(passphrase) => return Ok(passphrase),
            Err(error) => error,
        };
        if tries == PASSPHRASE_TRIES {
            return Err(error.into());
        }
        let why = match error {
            VaultError::PassphrasesDiffer => "the two passphrases differ".to_owned(),
            _ => format!("shorter than {MIN_PASSPHRASE_CHARS} characters"),
        };
        prompter.reject(&format!("{why}; try again"));
        tries += 1;
    }
}

/// One round of [`ask_new_passphrase`]: the outer error ends the questions (cancelled), the
/// inner one is an answer that cannot be used.
fn new_passphrase_once(prompter: &dyn Prompter) -> Result<Result<Secret, VaultError>> {
    let first = prompter.secret(&format!(
        "New vault passphrase (at least {MIN_PASSPHRASE_CHARS} characters)"
    ))?;
    if first.expose().chars().count() < MIN_PASSPHRASE_CHARS {
        return Ok(Err(VaultError::PassphraseTooShort {
            what: "the passphrase",
        }));
    }
    let second = prompter.secret("Repeat the passphrase")?;
    if !bool::from(subtle::ConstantTimeEq::ct_eq(
        first.expose().as_bytes(),
        second.expose().as_bytes(),
    )) {
        return Ok(Err(VaultError::PassphrasesDiffer));
    }
    Ok(Ok(first))
}

/// How a new vault's key is held, and the key.
pub struct NewKey {
    pub header: Header,
    pub unlocked: Unlocked,
}

/// What to make a new vault with.
pub enum Plan<'a> {
    /// The first secret stored: `TETHER_VAULT_KEY` if set, else `TETHER_PASSPHRASE` if set,
    /// else the keyring (the documented order).
    Auto,
    /// `vault init`: `TETHER_VAULT_KEY` if set, else the keyring.
    NoPassphrase,
    /// `vault init --passphrase` with this passphrase.
    Passphrase(&'a Secret),
}

/// Makes the key and header of a new vault (nothing is written to disk here; a keyring
/// vault's key is stored in the keyring, which is the one step that can fail for lack of a
/// key source).
pub fn create(sources: &KeySources, plan: &Plan<'_>, key_id: String) -> Result<NewKey> {
    let env_key = sources.env_key()?;
    let passphrase = match plan {
        Plan::Passphrase(p) => Some((*p).clone()),
        Plan::Auto if env_key.is_none() => sources.env_passphrase()?.cloned(),
        Plan::Auto | Plan::NoPassphrase => None,
    };
    let (key, holder) = if let Some(passphrase) = &passphrase {
        let key = match env_key {
            Some(_) => return Err(VaultError::PassphraseAndEnvKey.into()),
            None => MasterKey::generate()?,
        };
        check_new_passphrase(passphrase, PASSPHRASE_VAR)?;
        let kdf = Kdf::generate(crypto::DEFAULT_ITERATIONS)?;
        let kek = kdf.derive(passphrase.expose().as_bytes())?;
        let wrapped_key = crypto::wrap_key(&kek, &key_id, &key)?;
        (key, KeyHolder::Passphrase(Wrapped { kdf, wrapped_key }))
    } else if let Some(key) = env_key {
        (key, KeyHolder::Env)
    } else {
        let key = MasterKey::generate()?;
        sources
            .keyring
            .set(&keyring::entry_user(&key_id), &key.to_base64())
            .map_err(VaultError::NoKeySource)?;
        (key, KeyHolder::Keyring)
    };
    let source = Source::of(holder.kind());
    let header = Header {
        key_check: key.key_check(&key_id)?,
        key_id,
        holder,
    };
    Ok(NewKey {
        header,
        unlocked: Unlocked {
            key,
            source,
            passphrase,
        },
    })
}

/// Refuses a passphrase too short to protect a new vault; `what` names where it came from.
pub fn check_new_passphrase(passphrase: &Secret, what: &'static str) -> Result<()> {
    if passphrase.expose().chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(VaultError::PassphraseTooShort { what }.into());
    }
    Ok(())
}

/// Decodes a key variable, with the fix in the message when it is not a key.
pub fn parse_env_key(var: &'static str, value: &Secret) -> Result<MasterKey> {
    MasterKey::from_base64(value.expose()).map_err(|why| {
        VaultError::EnvKeyInvalid {
            var,
            why,
            empty: value.is_empty(),
        }
        .into()
    })
}

#[cfg(test)]
mod tests {
    use super::super::keyring::KeyringError;
    use super::*;

    #[test]
    fn only_the_absence_of_every_key_source_is_missing() {
        let none = missing_for_new(&KeySources::none()).unwrap();
        assert!(matches!(
            none,
            Some(VaultError::NoKeySource(KeyringError::Unavailable(_)))
        ));
        let key = KeySources {
            vault_key: Some(Secret::from("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")),
            ..KeySources::none()
        };
        assert!(missing_for_new(&key).unwrap().is_none());
        // A source that was given but is wrong is an error, not a reason to offer another.
        let bad_key = KeySources {
            vault_key: Some(Secret::from("not a key")),
            ..KeySources::none()
        };
        assert!(missing_for_new(&bad_key).is_err());
        let short = KeySources {
            passphrase: Some(Secret::from("short")),
            ..KeySources::none()
        };
        assert!(missing_for_new(&short).is_err());
    }
}
