//! Where the master key comes from, in order: `TETHER_VAULT_KEY`, a passphrase
//! (`TETHER_PASSPHRASE` or a prompt) for a passphrase vault, the OS keyring.
//!
//! Guarantees: a key is accepted only if it opens the header's key-check value; an explicit
//! source that is wrong is an error, never a reason to try the next one; when no source can
//! hold a new key, the error lists the three ways to provide one — there is no plain-text
//! fallback.

use std::fmt;

use super::crypto::{self, Kdf, MasterKey};
use super::header::{Header, KeyKind, Wrapped};
use super::keyring::{self, Keyring, KeyringError};
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
        }
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
            Some(p) if p.is_empty() => Err(Error::vault(
                format!("{PASSPHRASE_VAR} is set but empty"),
                format!(
                    "set {PASSPHRASE_VAR} to the vault passphrase (in CI, check that the secret exists), or unset it to be asked"
                ),
            )),
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
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Env => "env",
            Self::Passphrase => "passphrase",
            Self::Keyring => "keyring",
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
            return Err(Error::vault(
                format!(
                    "{VAULT_KEY_VAR} is not the key of this vault (key id {})",
                    header.key_id
                ),
                if header.kind == KeyKind::Env {
                    format!(
                        "this vault's key is kept only outside tether: set {VAULT_KEY_VAR} to the key it was made with"
                    )
                } else {
                    format!(
                        "set {VAULT_KEY_VAR} to the key this vault was made with, or unset it to use the vault's own key source ({})",
                        header.kind
                    )
                },
            ));
        }
        return Ok(Unlocked {
            key,
            source: Source::Env,
            passphrase: None,
        });
    }
    match header.kind {
        KeyKind::Env => Err(Error::vault(
            format!("this vault is keyed by {VAULT_KEY_VAR}, which is not set"),
            format!(
                "set {VAULT_KEY_VAR} to the key the vault was made with; if that key is lost, the secrets cannot be \
                 recovered: move the vault directory away and authorize the connections again"
            ),
        )),
        KeyKind::Passphrase => {
            let wrapped = header.passphrase.as_ref().expect("validated header");
            let passphrase = match sources.env_passphrase()? {
                Some(p) => p.clone(),
                None => match prompter {
                    Some(prompter) => prompter.secret("Vault passphrase")?,
                    None => return Err(no_passphrase()),
                },
            };
            let key = unwrap_with(header, wrapped, &passphrase)?;
            Ok(Unlocked {
                key,
                source: Source::Passphrase,
                passphrase: Some(passphrase),
            })
        }
        KeyKind::Keyring => {
            let key = read_keyring(header, sources.keyring)?;
            Ok(Unlocked {
                key,
                source: Source::Keyring,
                passphrase: None,
            })
        }
    }
}

/// Whether [`create`] will store the new key in the OS keyring (no passphrase, no env key).
pub fn will_use_keyring(sources: &KeySources, plan: &Plan<'_>) -> Result<bool> {
    Ok(match plan {
        Plan::Passphrase(_) => false,
        Plan::Auto => sources.env_key()?.is_none() && sources.env_passphrase()?.is_none(),
        Plan::NoPassphrase => sources.env_key()?.is_none(),
    })
}

/// The master key wrapped in `header` under `passphrase`; exit 4 when it is the wrong one.
pub fn unwrap_with(header: &Header, wrapped: &Wrapped, passphrase: &Secret) -> Result<MasterKey> {
    let kek = wrapped.kdf.derive(passphrase.expose().as_bytes())?;
    let key = crypto::unwrap_key(&kek, &header.key_id, &wrapped.wrapped_key).ok_or_else(|| {
        Error::vault(
            "wrong vault passphrase",
            format!("try again with the passphrase given to `tether vault init --passphrase` (or in {PASSPHRASE_VAR})"),
        )
    })?;
    if !key.verifies(&header.key_id, &header.key_check) {
        return Err(Error::vault(
            "the vault header is inconsistent: the unwrapped key does not match its key check",
            "restore vault.toml from a backup; the file was changed outside tether",
        ));
    }
    Ok(key)
}

fn read_keyring(header: &Header, keyring: Keyring) -> Result<MasterKey> {
    let stored = keyring
        .get(&keyring::entry_user(&header.key_id))
        .map_err(|e| keyring_unusable(&e))?;
    check_keyring_value(header, stored.as_deref().map(String::as_str))
}

/// The key held in the keyring entry of `header`'s vault (`None`: there is no entry),
/// accepted only if it opens the key check.
pub fn check_keyring_value(header: &Header, stored: Option<&str>) -> Result<MasterKey> {
    let user = keyring::entry_user(&header.key_id);
    let Some(stored) = stored else {
        return Err(Error::vault(
            format!(
                "the {} has no key for this vault (entry `{}` / `{user}`)",
                keyring::BACKEND,
                keyring::SERVICE
            ),
            format!(
                "if the vault was made by another user or on another machine, set {VAULT_KEY_VAR} to its key; \
                 if the key is lost, the secrets cannot be recovered: move the vault directory away and authorize \
                 the connections again"
            ),
        ));
    };
    let key = MasterKey::from_base64(stored).map_err(|why| {
        Error::vault(
            format!("the keyring entry `{user}` does not hold a tether key ({why})"),
            format!("set {VAULT_KEY_VAR} to the vault key, or restore the keyring entry"),
        )
    })?;
    if !key.verifies(&header.key_id, &header.key_check) {
        return Err(Error::vault(
            format!("the key in the keyring entry `{user}` is not the key of this vault"),
            format!("set {VAULT_KEY_VAR} to the vault key, or restore the keyring entry"),
        ));
    }
    Ok(key)
}

/// The error for a keyring vault whose keyring cannot be used.
#[must_use]
pub fn keyring_unusable(error: &KeyringError) -> Error {
    let hint = match error {
        KeyringError::Locked(_) => {
            "unlock the keyring (log in to the desktop session, or start `gnome-keyring-daemon --unlock`), \
             or set TETHER_VAULT_KEY to the vault key"
        }
        KeyringError::TimedOut(_) => {
            "check that the Secret Service answers (e.g. `secret-tool search service tether`), raise the limit \
             with TETHER_KEYRING_TIMEOUT_MS, or set TETHER_VAULT_KEY to the vault key"
        }
        KeyringError::Unavailable(_) | KeyringError::Failed(_) => {
            "start a Secret Service (e.g. gnome-keyring) on the D-Bus session bus, or set TETHER_VAULT_KEY to the \
             vault key"
        }
    };
    Error::vault(format!("cannot read the vault key: {error}"), hint)
}

fn no_passphrase() -> Error {
    Error::vault(
        format!(
            "the vault is protected by a passphrase, and {PASSPHRASE_VAR} is not set and no prompt is possible here"
        ),
        format!(
            "set {PASSPHRASE_VAR}, run the command in a terminal without --no-input, or set {VAULT_KEY_VAR}"
        ),
    )
}

/// The three ways to provide a key, for the "no key source" error.
#[must_use]
pub fn three_ways() -> String {
    format!(
        "provide a key in one of three ways:\n    \
         1. set {VAULT_KEY_VAR} to 32 random bytes in base64, e.g. `export {VAULT_KEY_VAR}=$(head -c32 /dev/urandom | base64)` \
         (keep that value: it is the only key);\n    \
         2. run `tether vault init --passphrase` with {PASSPHRASE_VAR} set or in a terminal;\n    \
         3. use the OS keyring: a Secret Service such as gnome-keyring, running and unlocked on the D-Bus session \
         bus (e.g. `gnome-keyring-daemon --unlock`)."
    )
}

/// Whether a vault made now could get a key from `sources`, without making it: checked
/// before anything is asked for, so nobody types a secret that could not then be stored.
/// `Ok(Some(error))`: there is no key source at all (the error says how to provide one);
/// `Err`: a source was given (`TETHER_VAULT_KEY`, `TETHER_PASSPHRASE`) but cannot be used.
pub fn missing_for_new(sources: &KeySources) -> Result<Option<Error>> {
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
    Ok(probe.err().map(|e| no_key_source(&e)))
}

fn no_key_source(error: &KeyringError) -> Error {
    Error::vault(
        format!("no key source for a new vault: {VAULT_KEY_VAR} is not set and {error}"),
        three_ways(),
    )
}

/// A new passphrase typed twice at `prompter`, long enough to protect a vault.
pub fn ask_new_passphrase(prompter: &dyn Prompter) -> Result<Secret> {
    let first = prompter.secret("New vault passphrase")?;
    check_new_passphrase(&first, "the passphrase")?;
    let second = prompter.secret("Repeat the passphrase")?;
    if !bool::from(subtle::ConstantTimeEq::ct_eq(
        first.expose().as_bytes(),
        second.expose().as_bytes(),
    )) {
        return Err(Error::invalid(
            "the two passphrases differ; no vault was created",
            "run the command again and type the same passphrase twice",
        ));
    }
    Ok(first)
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
    let (kind, key, wrapped) = if let Some(passphrase) = &passphrase {
        let key = match env_key {
            Some(_) => {
                return Err(Error::invalid(
                    format!("both a passphrase and {VAULT_KEY_VAR} were given for the new vault"),
                    format!(
                        "unset {VAULT_KEY_VAR} to make a passphrase vault, or drop --passphrase to use {VAULT_KEY_VAR}"
                    ),
                ));
            }
            None => MasterKey::generate()?,
        };
        check_new_passphrase(passphrase, PASSPHRASE_VAR)?;
        let kdf = Kdf::generate(crypto::DEFAULT_ITERATIONS)?;
        let kek = kdf.derive(passphrase.expose().as_bytes())?;
        let wrapped_key = crypto::wrap_key(&kek, &key_id, &key)?;
        (KeyKind::Passphrase, key, Some(Wrapped { kdf, wrapped_key }))
    } else if let Some(key) = env_key {
        (KeyKind::Env, key, None)
    } else {
        let key = MasterKey::generate()?;
        sources
            .keyring
            .set(&keyring::entry_user(&key_id), &key.to_base64())
            .map_err(|e| no_key_source(&e))?;
        (KeyKind::Keyring, key, None)
    };
    let header = Header {
        key_check: key.key_check(&key_id)?,
        key_id,
        kind,
        passphrase: wrapped,
    };
    let source = match kind {
        KeyKind::Env => Source::Env,
        KeyKind::Passphrase => Source::Passphrase,
        KeyKind::Keyring => Source::Keyring,
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
pub fn check_new_passphrase(passphrase: &Secret, what: &str) -> Result<()> {
    if passphrase.expose().chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(Error::invalid(
            format!(
                "{what} is shorter than {MIN_PASSPHRASE_CHARS} characters; no vault was created"
            ),
            "choose a longer passphrase (a few random words work well)",
        ));
    }
    Ok(())
}

/// Decodes a key variable, with the fix in the message when it is not a key.
pub fn parse_env_key(var: &str, value: &Secret) -> Result<MasterKey> {
    MasterKey::from_base64(value.expose()).map_err(|why| {
        Error::vault(
            format!("{var} is not a vault key: {why}"),
            format!(
                "set {var} to 32 bytes in base64, as made by `head -c32 /dev/urandom | base64`{}",
                if value.is_empty() {
                    " (in CI, check that the secret exists)"
                } else {
                    ""
                }
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_absence_of_every_key_source_is_missing() {
        let none = missing_for_new(&KeySources::none()).unwrap();
        assert!(matches!(none, Some(Error::Vault { .. })));
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
