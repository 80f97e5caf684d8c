//! The OS keyring seam (Secret Service, macOS Keychain, Windows Credential Manager through
//! the `keyring` crate), where a keyring vault keeps its master key.
//!
//! Guarantee: every call runs on its own thread with a time limit, so a keyring that never
//! answers (a bus that accepts and stays silent, a prompt nobody can see) costs at most the
//! limit, once per process; after one timeout the keyring is not asked again.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use zeroize::Zeroizing;

/// The keyring service name of every tether entry.
pub(crate) const SERVICE: &str = "tether";
/// How long one keyring call may take unless `TETHER_KEYRING_TIMEOUT_MS` says otherwise.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// The platform's keyring, by the name people know it.
pub(crate) const BACKEND: &str = if cfg!(target_os = "macos") {
    "macOS Keychain"
} else if cfg!(target_os = "windows") {
    "Windows Credential Manager"
} else {
    "Secret Service"
};

/// Set once a call timed out: later calls would only queue behind the hung one.
static HUNG: AtomicBool = AtomicBool::new(false);

/// The keyring entry name of vault `key_id`.
#[must_use]
pub(crate) fn entry_user(key_id: &str) -> String {
    format!("vault-{key_id}")
}

/// Access to the keyring, with its time limit; or no access at all (library tests).
#[derive(Debug, Clone, Copy)]
pub struct Keyring {
    timeout: Duration,
    enabled: bool,
    /// Whether errors keep the platform's own text (D-Bus error names, socket paths); off
    /// unless `-v`, as it helps a person debugging the bus, not one choosing a key source.
    details: bool,
}

/// Why the keyring could not do what was asked. Messages never contain a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyringError {
    /// No keyring service here (no D-Bus session bus, no Secret Service on it).
    Unavailable(String),
    /// The keyring is there but locked, and could not be unlocked without a person.
    Locked(String),
    /// The keyring did not answer in time.
    TimedOut(Duration),
    /// Anything else the keyring reported.
    Failed(String),
}

impl fmt::Display for KeyringError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unavailable(why) => write!(f, "the {BACKEND} is not available ({why})"),
            Self::Locked(why) => write!(f, "the {BACKEND} is locked ({why})"),
            Self::TimedOut(limit) => write!(
                f,
                "the {BACKEND} did not answer within {} ms",
                limit.as_millis()
            ),
            Self::Failed(why) => write!(f, "the {BACKEND} failed: {why}"),
        }
    }
}

impl KeyringError {
    /// The error with D-Bus's own text (error names, bus addresses) replaced by what it means.
    #[must_use]
    pub fn summarized(self) -> Self {
        match self {
            Self::Unavailable(why) => Self::Unavailable(summary(why)),
            Self::Locked(why) => Self::Locked(summary(why)),
            Self::Failed(why) => Self::Failed(summary(why)),
            timed_out @ Self::TimedOut(_) => timed_out,
        }
    }
}

/// What a raw platform message means, when it is D-Bus jargon; other text is kept.
fn summary(raw: String) -> String {
    let lower = raw.to_ascii_lowercase();
    let meaning = if lower.contains("serviceunknown") || lower.contains("org.freedesktop.secrets") {
        "no Secret Service on the D-Bus session bus"
    } else if lower.contains("failed to connect")
        || lower.contains("noserver")
        || lower.contains("dbus_session_bus_address")
    {
        "no D-Bus session bus"
    } else if lower.contains("locked") && lower.contains("org.freedesktop") {
        "the collection is locked"
    } else if lower.contains("org.freedesktop") || lower.contains("zbus") || lower.contains("d-bus")
    {
        "the D-Bus session bus answered with an error"
    } else {
        return raw;
    };
    format!("{meaning}; -v shows the details")
}

impl Keyring {
    /// The system keyring with the time limit from `TETHER_KEYRING_TIMEOUT_MS`, else 5 s.
    #[must_use]
    pub fn from_env() -> Self {
        let timeout = std::env::var("TETHER_KEYRING_TIMEOUT_MS")
            .ok()
            .and_then(|ms| ms.trim().parse::<u64>().ok())
            .filter(|&ms| ms > 0)
            .map_or(DEFAULT_TIMEOUT, Duration::from_millis);
        Self::system(timeout)
    }

    #[must_use]
    pub fn system(timeout: Duration) -> Self {
        Self {
            timeout,
            enabled: true,
            details: false,
        }
    }

    /// Keeps the platform's raw error text in errors (`-v`).
    #[must_use]
    pub fn with_details(mut self, details: bool) -> Self {
        self.details = details;
        self
    }

    /// A keyring that is never reachable: for tests that must not touch a person's keyring.
    #[must_use]
    pub fn disabled() -> Self {
        Self {
            timeout: Duration::ZERO,
            enabled: false,
            details: false,
        }
    }

    #[must_use]
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The secret of entry `user`, or `None` when there is no such entry.
    pub fn get(&self, user: &str) -> Result<Option<Zeroizing<String>>, KeyringError> {
        let user = user.to_owned();
        self.call(move || match entry(&user)?.get_password() {
            Ok(secret) => Ok(Some(Zeroizing::new(secret))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(classify(&e)),
        })
    }

    /// Creates or replaces entry `user`.
    pub fn set(&self, user: &str, secret: &str) -> Result<(), KeyringError> {
        let user = user.to_owned();
        let secret = Zeroizing::new(secret.to_owned());
        self.call(move || {
            entry(&user)?
                .set_password(&secret)
                .map_err(|e| classify(&e))
        })
    }

    /// Deletes entry `user`; `false` when there was none.
    pub fn delete(&self, user: &str) -> Result<bool, KeyringError> {
        let user = user.to_owned();
        self.call(move || match entry(&user)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(classify(&e)),
        })
    }

    /// Runs `op` with the time limit; after one timeout, fails at once.
    fn call<T: Send + 'static>(
        &self,
        op: impl FnOnce() -> Result<T, KeyringError> + Send + 'static,
    ) -> Result<T, KeyringError> {
        if !self.enabled {
            return Err(KeyringError::Unavailable(
                "keyring access is disabled".into(),
            ));
        }
        if HUNG.load(Ordering::Relaxed) {
            return Err(KeyringError::TimedOut(self.timeout));
        }
        let result = run_limited(self.timeout, op);
        if matches!(result, Err(KeyringError::TimedOut(_))) {
            HUNG.store(true, Ordering::Relaxed);
        }
        if self.details {
            result
        } else {
            result.map_err(KeyringError::summarized)
        }
    }
}

/// Runs `op` on its own thread and waits at most `limit` for it. A thread still waiting on
/// the keyring when the process ends is simply dropped with it.
fn run_limited<T: Send + 'static>(
    limit: Duration,
    op: impl FnOnce() -> Result<T, KeyringError> + Send + 'static,
) -> Result<T, KeyringError> {
    let (tx, rx) = mpsc::sync_channel(1);
    std::thread::Builder::new()
        .name("tether-keyring".into())
        .spawn(move || {
            let _ = tx.send(op());
        })
        .map_err(|e| KeyringError::Failed(format!("cannot start a thread: {e}")))?;
    match rx.recv_timeout(limit) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(KeyringError::TimedOut(limit)),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            Err(KeyringError::Failed("the keyring call panicked".into()))
        }
    }
}

fn entry(user: &str) -> Result<keyring::Entry, KeyringError> {
    keyring::Entry::new(SERVICE, user).map_err(|e| match e {
        keyring::Error::NoDefaultStore => {
            // The store's own start-up error says why (no bus, no Secret Service on it).
            let why = match keyring::Entry::store_status() {
                Err(cause) => cause.to_string(),
                Ok(()) => "no default credential store".to_owned(),
            };
            KeyringError::Unavailable(why)
        }
        other => classify(&other),
    })
}

fn classify(error: &keyring::Error) -> KeyringError {
    let text = error.to_string();
    match error {
        keyring::Error::NoStorageAccess(_) => KeyringError::Locked(text),
        keyring::Error::NoDefaultStore => KeyringError::Unavailable(text),
        // A locked collection surfaces as a platform failure when creating an item
        // ("Cannot create an item in a locked collection").
        _ if text.to_ascii_lowercase().contains("locked") => KeyringError::Locked(text),
        _ => KeyringError::Failed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_disabled_keyring_is_unavailable() {
        let err = Keyring::disabled().get("vault-x").unwrap_err();
        assert!(matches!(err, KeyringError::Unavailable(_)));
        assert!(err.to_string().contains(BACKEND));
    }

    #[test]
    fn d_bus_text_is_summarized_unless_details_are_asked_for() {
        let raw = "Platform failure: zbus error: org.freedesktop.DBus.Error.ServiceUnknown: \
                   The name org.freedesktop.secrets was not provided by any .service files";
        let short = KeyringError::Unavailable(raw.into())
            .summarized()
            .to_string();
        assert!(
            short.contains("no Secret Service on the D-Bus session bus"),
            "{short}"
        );
        assert!(short.contains("-v"), "{short}");
        assert!(!short.contains("org.freedesktop"), "{short}");
        let plain = KeyringError::Failed("Access denied".into()).summarized();
        assert_eq!(plain, KeyringError::Failed("Access denied".into()));
    }

    #[test]
    fn a_call_that_hangs_is_cut_off() {
        let started = std::time::Instant::now();
        let err = run_limited(Duration::from_millis(50), || {
            std::thread::sleep(Duration::from_secs(5));
            Ok(())
        })
        .unwrap_err();
        assert_eq!(err, KeyringError::TimedOut(Duration::from_millis(50)));
        assert!(started.elapsed() < Duration::from_secs(2));
        assert!(err.to_string().contains("50 ms"));
    }
}
