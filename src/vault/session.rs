//! Unlocked sessions: after `tether vault unlock`, the vault's master key waits in the kernel
//! keyring (keyutils) for a while, so commands need neither the passphrase nor the OS keyring
//! until it runs out or `tether vault lock` ends it.
//!
//! Guarantees: the key is kept in the session keyring of this login (every command of this
//! terminal sees it, other logins do not), readable by this user only, and the kernel
//! removes it when its time is up. A key that no longer opens the vault (after a rekey) is
//! never used. A kernel without keyrings (some containers) leaves everything as it was.

use std::time::Duration;

use time::OffsetDateTime;
use zeroize::Zeroizing;

use super::crypto::{KEY_LEN, MasterKey};

/// Why no session can be kept here, for people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Unavailable(pub String);

/// What the kernel keeps: when the session ends (Unix seconds), then the key.
const PAYLOAD_LEN: usize = 8 + KEY_LEN;

fn description(key_id: &str) -> String {
    format!("tether:vault:{key_id}")
}

/// Keeps `key` (of the vault key `key_id`) for `length` from `now`, replacing any session of
/// the same key; when it ends.
pub fn start(
    key_id: &str,
    key: &MasterKey,
    length: Duration,
    now: OffsetDateTime,
) -> Result<OffsetDateTime, Unavailable> {
    let until = now + length;
    let mut payload = Zeroizing::new([0u8; PAYLOAD_LEN]);
    payload[..8].copy_from_slice(&until.unix_timestamp().to_be_bytes());
    payload[8..].copy_from_slice(key.as_bytes());
    sys::keep(&description(key_id), payload.as_ref(), length)?;
    Ok(until)
}

/// The key of a session of `key_id` that has not ended, and when it ends.
#[must_use]
pub fn find(key_id: &str, now: OffsetDateTime) -> Option<(MasterKey, OffsetDateTime)> {
    let mut payload = Zeroizing::new([0u8; PAYLOAD_LEN]);
    sys::read(&description(key_id), &mut payload)?;
    let mut seconds = [0u8; 8];
    seconds.copy_from_slice(&payload[..8]);
    let until = OffsetDateTime::from_unix_timestamp(i64::from_be_bytes(seconds)).ok()?;
    // The kernel's timer is the real limit; this also covers a clock set back.
    (until > now).then_some(())?;
    Some((MasterKey::from_bytes(&payload[8..])?, until))
}

/// Ends the session of `key_id`; whether there was one.
pub fn end(key_id: &str) -> Result<bool, Unavailable> {
    sys::remove(&description(key_id))
}

#[cfg(target_os = "linux")]
mod sys {
    use std::time::Duration;

    use linux_keyutils::{KeyError, KeyPermissionsBuilder, KeyRing, KeyRingIdentifier, Permission};

    use super::{PAYLOAD_LEN, Unavailable};

    fn session_keyring() -> Result<KeyRing, Unavailable> {
        // A process without a session keyring of its own is given the user's session
        // keyring, which is what a login without a keyring daemon has.
        KeyRing::from_special_id(KeyRingIdentifier::Session, false).map_err(unavailable)
    }

    fn unavailable(e: KeyError) -> Unavailable {
        Unavailable(format!("the kernel keyring cannot be used here ({e:?})"))
    }

    pub(super) fn keep(
        description: &str,
        payload: &[u8],
        length: Duration,
    ) -> Result<(), Unavailable> {
        let ring = session_keyring()?;
        let key = ring.add_key(description, payload).map_err(unavailable)?;
        // Until the permissions are set, the defaults (this user's, possessor and view)
        // apply: no other user could read it meanwhile either.
        let perms = KeyPermissionsBuilder::builder()
            .posessor(Permission::ALL)
            .user(
                Permission::VIEW
                    | Permission::READ
                    | Permission::SEARCH
                    | Permission::WRITE
                    | Permission::SETATTR,
            )
            .build();
        let secs = usize::try_from(length.as_secs().max(1)).unwrap_or(usize::MAX);
        let set = key.set_timeout(secs).and_then(|()| key.set_perms(perms));
        if let Err(e) = set {
            let _ = key.invalidate();
            return Err(unavailable(e));
        }
        Ok(())
    }

    pub(super) fn read(description: &str, payload: &mut [u8; PAYLOAD_LEN]) -> Option<()> {
        let key = session_keyring().ok()?.search(description).ok()?;
        let len = key.read(payload).ok()?;
        (len == PAYLOAD_LEN).then_some(())
    }

    pub(super) fn remove(description: &str) -> Result<bool, Unavailable> {
        let ring = session_keyring()?;
        match ring.search(description) {
            Ok(key) => key.invalidate().map(|()| true).map_err(unavailable),
            Err(KeyError::KeyDoesNotExist | KeyError::KeyExpired | KeyError::KeyRevoked) => {
                Ok(false)
            }
            Err(e) => Err(unavailable(e)),
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod sys {
    use std::time::Duration;

    use super::{PAYLOAD_LEN, Unavailable};

    fn unavailable() -> Unavailable {
        Unavailable("unlocked sessions need the Linux kernel keyring".to_owned())
    }

    pub(super) fn keep(_: &str, _: &[u8], _: Duration) -> Result<(), Unavailable> {
        Err(unavailable())
    }

    pub(super) fn read(_: &str, _: &mut [u8; PAYLOAD_LEN]) -> Option<()> {
        None
    }

    pub(super) fn remove(_: &str) -> Result<bool, Unavailable> {
        Err(unavailable())
    }
}
