//! What the user is told about a vault failure, and what to do next.

use super::Diagnosis;
use crate::vault::KeyKind;
use crate::vault::VaultError;
use crate::vault::keyring::KeyringError;
use crate::vault::source::{NEW_VAULT_KEY_VAR, PASSPHRASE_VAR, VAULT_KEY_VAR};

/// Exit code of a request that cannot be done as asked.
const INVALID: u8 = 2;
/// Exit code of a vault that cannot be opened or was tampered with.
const UNAVAILABLE: u8 = 4;

pub(super) fn vault(error: &VaultError) -> Diagnosis {
    let (code, exit, hint) = facts(error);
    Diagnosis::new(code, exit, error.to_string()).hint(hint)
}

/// The stable code, the exit code and the hint of `error`.
// One arm per variant: a table reads better whole than split across functions.
#[allow(clippy::too_many_lines)]
fn facts(error: &VaultError) -> (&'static str, u8, String) {
    match error {
        VaultError::Exists { .. } => (
            "vault_exists",
            INVALID,
            "to change its key, run `tether vault rekey`; `tether vault status` describes it".into(),
        ),
        VaultError::CreatedMeanwhile { .. } => (
            "vault_exists",
            INVALID,
            "run the command again: it uses that vault".into(),
        ),
        VaultError::NothingToRekey { .. } => (
            "no_vault",
            INVALID,
            "`tether vault init` creates one (so does storing the first secret)".into(),
        ),
        VaultError::NothingToUnlock { .. } => (
            "no_vault",
            INVALID,
            "`tether vault init --passphrase` creates a vault with a passphrase".into(),
        ),
        VaultError::SessionForEnvKey => (
            "nothing_to_unlock",
            INVALID,
            format!("unset {VAULT_KEY_VAR} to unlock a passphrase or OS-keyring vault"),
        ),
        VaultError::SessionForKeyring => (
            "keyring_session_not_asked",
            INVALID,
            "`tether vault unlock --os-keyring` keeps it in the kernel keyring anyway, saving the keyring's round trip on every command".into(),
        ),
        VaultError::SessionsUnavailable(_) => (
            "sessions_unavailable",
            UNAVAILABLE,
            format!("set {PASSPHRASE_VAR} for the commands of a script, or run where the kernel keyring is available (outside a restricted container)"),
        ),
        VaultError::NewKeyIsCurrent => (
            "new_vault_key_is_current",
            INVALID,
            "make a new one with `head -c32 /dev/urandom | base64`".into(),
        ),
        VaultError::NewKeyRequired => (
            "new_vault_key_required",
            INVALID,
            format!(
                "run `{NEW_VAULT_KEY_VAR}=$(head -c32 /dev/urandom | base64) tether vault rekey` (keep \
                 {VAULT_KEY_VAR} set to the current key), then use the new value as {VAULT_KEY_VAR}"
            ),
        ),
        VaultError::PassphrasesDiffer => (
            "passphrases_differ",
            INVALID,
            "run the command again and type the same passphrase twice".into(),
        ),
        VaultError::PassphraseAndEnvKey => (
            "passphrase_and_vault_key",
            INVALID,
            format!(
                "unset {VAULT_KEY_VAR} to make a passphrase vault, or drop --passphrase to use {VAULT_KEY_VAR}"
            ),
        ),
        VaultError::PassphraseTooShort { .. } => (
            "passphrase_too_short",
            INVALID,
            "choose a longer passphrase (a few random words work well)".into(),
        ),
        VaultError::NoKeySource(_) => ("no_key_source", UNAVAILABLE, three_ways()),
        VaultError::EnvKeyInvalid { var, empty, .. } => (
            "vault_key_invalid",
            UNAVAILABLE,
            format!(
                "set {var} to 32 bytes in base64, as made by `head -c32 /dev/urandom | base64`{}",
                if *empty {
                    " (in CI, check that the secret exists)"
                } else {
                    ""
                }
            ),
        ),
        VaultError::EmptyPassphraseVar => (
            "passphrase_empty",
            UNAVAILABLE,
            format!(
                "set {PASSPHRASE_VAR} to the vault passphrase (in CI, check that the secret exists), or unset it to be asked"
            ),
        ),
        VaultError::EnvKeyMismatch { kind, .. } => (
            "vault_key_mismatch",
            UNAVAILABLE,
            if *kind == KeyKind::Env {
                format!(
                    "this vault's key is kept only outside tether: set {VAULT_KEY_VAR} to the key it was made with"
                )
            } else {
                format!(
                    "set {VAULT_KEY_VAR} to the key this vault was made with, or unset it to use the vault's own key source ({kind})"
                )
            },
        ),
        VaultError::EnvKeyMissing => (
            "vault_key_missing",
            UNAVAILABLE,
            format!(
                "set {VAULT_KEY_VAR} to the key the vault was made with; if that key is lost, the secrets cannot be \
                 recovered: move the vault directory away and authorize the connections again"
            ),
        ),
        VaultError::PassphraseUnavailable => (
            "passphrase_unavailable",
            UNAVAILABLE,
            format!(
                "set {PASSPHRASE_VAR}, run the command in a terminal without --no-input, or set {VAULT_KEY_VAR}"
            ),
        ),
        VaultError::WrongPassphrase => (
            "wrong_passphrase",
            UNAVAILABLE,
            format!(
                "try again with the passphrase given to `tether vault init --passphrase` (or in {PASSPHRASE_VAR})"
            ),
        ),
        VaultError::PassphraseNotCurrent => (
            "wrong_passphrase",
            UNAVAILABLE,
            "try again with the vault's passphrase".into(),
        ),
        VaultError::HeaderInconsistent => (
            "vault_header_inconsistent",
            UNAVAILABLE,
            "restore vault.toml from a backup; the file was changed outside tether".into(),
        ),
        VaultError::KeyringUnusable(e) => keyring_unusable(e),
        VaultError::KeyringEntryMissing { .. } => (
            "keyring_entry_missing",
            UNAVAILABLE,
            format!(
                "if the vault was made by another user or on another machine, set {VAULT_KEY_VAR} to its key; \
                 if the key is lost, the secrets cannot be recovered: move the vault directory away and authorize \
                 the connections again"
            ),
        ),
        VaultError::KeyringEntryInvalid { .. } => (
            "keyring_entry_invalid",
            UNAVAILABLE,
            format!("set {VAULT_KEY_VAR} to the vault key, or restore the keyring entry"),
        ),
        VaultError::KeyringKeyMismatch { .. } => (
            "keyring_key_mismatch",
            UNAVAILABLE,
            format!("set {VAULT_KEY_VAR} to the vault key, or restore the keyring entry"),
        ),
        VaultError::NewKeyNotStored(_) => (
            "new_vault_key_not_stored",
            UNAVAILABLE,
            "make the keyring reachable and unlocked, then run `tether vault rekey` again".into(),
        ),
        VaultError::HeaderUnreadable { .. } => (
            "vault_header_unreadable",
            UNAVAILABLE,
            "restore the file from a backup; if it is lost, the secrets cannot be recovered: move the vault \
             directory away and authorize the connections again"
                .into(),
        ),
        VaultError::HeaderMissing { vault_dir, .. } => (
            "vault_header_missing",
            UNAVAILABLE,
            format!(
                "restore vault.toml from a backup; or, to start over without those secrets, move {} away",
                vault_dir.display()
            ),
        ),
        VaultError::RecordTampered { .. } => (
            "vault_record_tampered",
            UNAVAILABLE,
            "the other records are unaffected; restore the file from a backup, or authorize again what uses it \
             (e.g. `tether connection reauthorize`) to replace it"
                .into(),
        ),
        VaultError::RekeyStoppedByRecord { .. } => (
            "vault_record_tampered",
            UNAVAILABLE,
            "restore the file from a backup, or remove what uses it, then run `tether vault rekey` again"
                .into(),
        ),
        VaultError::ChangedUnderneath => (
            "vault_changed",
            UNAVAILABLE,
            "run the command again".into(),
        ),
    }
}

/// A keyring vault whose keyring cannot be used: how to make it usable, or go around it.
fn keyring_unusable(error: &KeyringError) -> (&'static str, u8, String) {
    let (code, hint) = match error {
        KeyringError::Locked(_) => (
            "vault_locked",
            "unlock the keyring (log in to the desktop session, or start `gnome-keyring-daemon --unlock`), \
             or set TETHER_VAULT_KEY to the vault key",
        ),
        KeyringError::TimedOut(_) => (
            "keyring_timeout",
            "check that the Secret Service answers (e.g. `secret-tool search service tether`), raise the limit \
             with TETHER_KEYRING_TIMEOUT_MS, or set TETHER_VAULT_KEY to the vault key",
        ),
        KeyringError::Unavailable(_) | KeyringError::Failed(_) => (
            "keyring_unavailable",
            "start a Secret Service (e.g. gnome-keyring) on the D-Bus session bus, or set TETHER_VAULT_KEY to the \
             vault key",
        ),
    };
    (code, UNAVAILABLE, hint.to_owned())
}

/// The three ways to provide a key, for the "no key source" error.
fn three_ways() -> String {
    format!(
        "provide a key in one of three ways:\n    \
         1. set {VAULT_KEY_VAR} to 32 random bytes in base64, e.g. `export {VAULT_KEY_VAR}=$(head -c32 /dev/urandom | base64)` \
         (keep that value: it is the only key);\n    \
         2. run `tether vault init --passphrase` with {PASSPHRASE_VAR} set or in a terminal;\n    \
         3. use the OS keyring: a Secret Service such as gnome-keyring, running and unlocked on the D-Bus session \
         bus (e.g. `gnome-keyring-daemon --unlock`)."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_locked_keyring_is_its_own_code_with_the_unlock_hint() {
        let d = vault(&VaultError::KeyringUnusable(KeyringError::Locked(
            "x".into(),
        )));
        assert_eq!((d.code, d.exit), ("vault_locked", 4));
        assert!(
            d.message.starts_with("cannot read the vault key: "),
            "{}",
            d.message
        );
        assert!(d.hint.unwrap().contains("gnome-keyring-daemon --unlock"));
    }

    #[test]
    fn requests_that_cannot_be_done_are_usage_errors() {
        let d = vault(&VaultError::Exists { dir: "/v".into() });
        assert_eq!((d.code, d.exit), ("vault_exists", 2));
        assert_eq!(d.message, "a vault already exists in /v");
    }
}
