//! The vault's cryptography: the master key, sealing with ChaCha20-Poly1305 bound to what is
//! sealed, and wrapping the master key under a passphrase with PBKDF2-HMAC-SHA256.
//!
//! Guarantees: a sealed blob opens only with the same key *and* the same associated data, so
//! a record moved to another name, another vault or another key fails to open; a nonce is
//! never chosen twice on purpose (96 random bits per seal); key material is wiped on drop.

use std::fmt::{self, Write as _};
use std::num::NonZeroU32;

use base64::Engine as _;
use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::rand::{SecureRandom, SystemRandom};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// Length of the master key, in bytes.
pub(crate) const KEY_LEN: usize = 32;
/// The first byte of every sealed blob; a later format changes it.
const BLOB_VERSION: u8 = 1;
const TAG_LEN: usize = 16;
/// Name of the cipher, as shown by `vault status` and written in the header.
pub(crate) const CIPHER: &str = "chacha20-poly1305";
/// Name of the key derivation, as written in the header.
pub(crate) const KDF: &str = "pbkdf2-hmac-sha256";

/// PBKDF2 work factor for new passphrase vaults (OWASP's 2023 figure for HMAC-SHA256).
pub(crate) const DEFAULT_ITERATIONS: u32 = 600_000;
/// Fewer iterations than this are refused on read: a tampered header must not lower the work.
pub(crate) const MIN_ITERATIONS: u32 = 600_000;
/// More than this is refused too: a tampered header must not make tether spin for minutes.
pub(crate) const MAX_ITERATIONS: u32 = 10_000_000;
pub(crate) const SALT_LEN: usize = 32;
pub(crate) const MIN_SALT_LEN: usize = 16;
pub(crate) const MAX_SALT_LEN: usize = 64;

/// What a sealed blob is: the associated data names its purpose, the vault's key id and,
/// for a record, the record id. Changing any of these makes the blob fail to open.
#[derive(Debug, Clone, Copy)]
pub enum Binding<'a> {
    /// A record of the vault.
    Record { key_id: &'a str, record: &'a str },
    /// The header's key-check value, which detects a wrong key before anything is read.
    KeyCheck { key_id: &'a str },
    /// The master key wrapped under a passphrase-derived key.
    WrappedKey { key_id: &'a str },
}

impl Binding<'_> {
    fn associated_data(self) -> Vec<u8> {
        // Fixed label, purpose, key id (fixed-length hex), and the record id last, so no two
        // different bindings can produce the same bytes.
        let (purpose, key_id, name) = match self {
            Binding::Record { key_id, record } => ("record", key_id, record),
            Binding::KeyCheck { key_id } => ("key-check", key_id, ""),
            Binding::WrappedKey { key_id } => ("wrapped-key", key_id, ""),
        };
        format!("tether-vault\0v1\0{purpose}\0{key_id}\0{name}").into_bytes()
    }
}

/// The known plaintext sealed into the header as the key-check value.
const KEY_CHECK_PLAINTEXT: &[u8] = b"tether vault key check";

/// A 256-bit key: the vault's master key, or a key derived from a passphrase.
/// `Debug` is redacted, there is no `Display`, and the bytes are wiped on drop.
pub struct MasterKey(Zeroizing<[u8; KEY_LEN]>);

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MasterKey(redacted)")
    }
}

impl MasterKey {
    /// A new random key from the system's secure random number generator.
    pub fn generate() -> Result<Self> {
        let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
        fill_random(bytes.as_mut())?;
        Ok(Self(bytes))
    }

    /// The key from exactly [`KEY_LEN`] bytes.
    #[must_use]
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        if bytes.len() != KEY_LEN {
            return None;
        }
        key.copy_from_slice(bytes);
        Some(Self(key))
    }

    /// The key from base64 (standard or URL-safe alphabet, padded or not), as people paste
    /// it into `TETHER_VAULT_KEY`. Surrounding whitespace is ignored.
    pub fn from_base64(text: &str) -> std::result::Result<Self, KeyFormatError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(KeyFormatError::Empty);
        }
        let trimmed = text.trim_end_matches('=');
        let engines = [
            &base64::engine::general_purpose::STANDARD_NO_PAD,
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        ];
        // Decoded in place into a wiped buffer: `decode` would drop a failed attempt's
        // partly decoded key unwiped.
        let mut buf = Zeroizing::new(vec![0u8; base64::decoded_len_estimate(trimmed.len())]);
        let len = engines
            .iter()
            .find_map(|engine| engine.decode_slice(trimmed, &mut buf[..]).ok())
            .ok_or(KeyFormatError::NotBase64)?;
        Self::from_bytes(&buf[..len]).ok_or(KeyFormatError::WrongLength(len))
    }

    /// The key as standard base64: the form kept in the keyring and accepted by
    /// `TETHER_VAULT_KEY`. The caller decides where it may go.
    #[must_use]
    pub fn to_base64(&self) -> Zeroizing<String> {
        Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(self.0.as_ref()))
    }

    /// The key's bytes, for the kernel keyring of an unlocked session.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.0.as_ref()
    }

    /// Compares two keys in constant time.
    #[must_use]
    pub fn same_as(&self, other: &Self) -> bool {
        subtle::ConstantTimeEq::ct_eq(self.0.as_ref(), other.0.as_ref()).into()
    }

    fn aead_key(&self) -> LessSafeKey {
        // Only fails for a wrong key length, which the type rules out.
        LessSafeKey::new(UnboundKey::new(&CHACHA20_POLY1305, self.0.as_ref()).expect("32-byte key"))
    }

    /// Seals `plaintext` for `binding`: version byte, random nonce, ciphertext and tag.
    pub fn seal(&self, binding: Binding<'_>, plaintext: &[u8]) -> Result<Vec<u8>> {
        let mut nonce = [0u8; NONCE_LEN];
        fill_random(&mut nonce)?;
        let mut blob = Vec::with_capacity(1 + NONCE_LEN + plaintext.len() + TAG_LEN);
        blob.push(BLOB_VERSION);
        blob.extend_from_slice(&nonce);
        let mut in_out = plaintext.to_vec();
        self.aead_key()
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(binding.associated_data()),
                &mut in_out,
            )
            .map_err(|_| Error::Internal("sealing a vault record failed".into()))?;
        blob.extend_from_slice(&in_out);
        in_out.fill(0);
        Ok(blob)
    }

    /// Opens a blob made by [`MasterKey::seal`] for the same `binding`; `None` when the key,
    /// the binding or any byte of the blob is wrong.
    #[must_use]
    pub fn open(&self, binding: Binding<'_>, blob: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        let (&version, rest) = blob.split_first()?;
        if version != BLOB_VERSION || rest.len() < NONCE_LEN + TAG_LEN {
            return None;
        }
        let (nonce, sealed) = rest.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
        let mut in_out = Zeroizing::new(sealed.to_vec());
        let len = self
            .aead_key()
            .open_in_place(nonce, Aad::from(binding.associated_data()), &mut in_out)
            .ok()?
            .len();
        in_out.truncate(len);
        Some(in_out)
    }

    /// The key-check value for the header of vault `key_id`.
    pub fn key_check(&self, key_id: &str) -> Result<Vec<u8>> {
        self.seal(Binding::KeyCheck { key_id }, KEY_CHECK_PLAINTEXT)
    }

    /// Whether this is the key that made `key_check` for vault `key_id`.
    #[must_use]
    pub fn verifies(&self, key_id: &str, key_check: &[u8]) -> bool {
        self.open(Binding::KeyCheck { key_id }, key_check)
            .is_some_and(|plain| plain.as_slice() == KEY_CHECK_PLAINTEXT)
    }
}

/// Why a `TETHER_VAULT_KEY` value is not a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyFormatError {
    Empty,
    NotBase64,
    WrongLength(usize),
}

impl fmt::Display for KeyFormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("it is empty"),
            Self::NotBase64 => f.write_str("it is not base64"),
            Self::WrongLength(n) => write!(f, "it decodes to {n} bytes, not {KEY_LEN}"),
        }
    }
}

/// PBKDF2-HMAC-SHA256 parameters of a passphrase vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kdf {
    pub salt: Vec<u8>,
    pub iterations: u32,
}

impl Kdf {
    /// Fresh parameters: a random salt and at least the default work factor.
    pub fn generate(iterations: u32) -> Result<Self> {
        let mut salt = vec![0u8; SALT_LEN];
        fill_random(&mut salt)?;
        Ok(Self {
            salt,
            iterations: iterations.max(DEFAULT_ITERATIONS),
        })
    }

    /// Refuses parameters outside the bounds, whatever the header says.
    pub fn check_bounds(&self) -> std::result::Result<(), String> {
        if !(MIN_ITERATIONS..=MAX_ITERATIONS).contains(&self.iterations) {
            return Err(format!(
                "PBKDF2 iterations {} are outside {MIN_ITERATIONS}..={MAX_ITERATIONS}",
                self.iterations
            ));
        }
        if !(MIN_SALT_LEN..=MAX_SALT_LEN).contains(&self.salt.len()) {
            return Err(format!(
                "the salt is {} bytes, not {MIN_SALT_LEN}..={MAX_SALT_LEN}",
                self.salt.len()
            ));
        }
        Ok(())
    }

    /// The key-encryption key for `passphrase`. Slow on purpose.
    pub fn derive(&self, passphrase: &[u8]) -> Result<MasterKey> {
        self.check_bounds()
            .map_err(|reason| Error::Internal(format!("refusing KDF parameters: {reason}")))?;
        let iterations = NonZeroU32::new(self.iterations).expect("bounds checked");
        let mut out = Zeroizing::new([0u8; KEY_LEN]);
        ring::pbkdf2::derive(
            ring::pbkdf2::PBKDF2_HMAC_SHA256,
            iterations,
            &self.salt,
            passphrase,
            out.as_mut(),
        );
        Ok(MasterKey(out))
    }
}

/// Wraps the master key of vault `key_id` under `kek`.
pub(crate) fn wrap_key(kek: &MasterKey, key_id: &str, master: &MasterKey) -> Result<Vec<u8>> {
    kek.seal(Binding::WrappedKey { key_id }, master.0.as_ref())
}

/// Unwraps a master key; `None` when `kek` (that is, the passphrase) is wrong.
#[must_use]
pub(crate) fn unwrap_key(kek: &MasterKey, key_id: &str, wrapped: &[u8]) -> Option<MasterKey> {
    let bytes = kek.open(Binding::WrappedKey { key_id }, wrapped)?;
    MasterKey::from_bytes(&bytes)
}

/// A new random key id: 16 lowercase hex digits. It names the records directory and the
/// keyring entry, so rekeys and several homes never collide.
pub(crate) fn new_key_id() -> Result<String> {
    let mut bytes = [0u8; 8];
    fill_random(&mut bytes)?;
    Ok(bytes.iter().fold(String::with_capacity(16), |mut id, b| {
        let _ = write!(id, "{b:02x}");
        id
    }))
}

fn fill_random(out: &mut [u8]) -> Result<()> {
    SystemRandom::new()
        .fill(out)
        .map_err(|_| Error::Internal("the system's secure random number generator failed".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0123456789abcdef";

    fn record(record: &str) -> Binding<'_> {
        Binding::Record { key_id: ID, record }
    }

    #[test]
    fn seal_open_round_trip() {
        let key = MasterKey::generate().unwrap();
        let blob = key.seal(record("account/1"), b"hunter2").unwrap();
        assert_eq!(blob[0], BLOB_VERSION);
        assert_eq!(blob.len(), 1 + NONCE_LEN + 7 + TAG_LEN);
        assert_eq!(
            key.open(record("account/1"), &blob).unwrap().as_slice(),
            b"hunter2"
        );
        let empty = key.seal(record("e"), b"").unwrap();
        assert_eq!(key.open(record("e"), &empty).unwrap().as_slice(), b"");
    }

    #[test]
    fn nonces_differ_between_seals() {
        let key = MasterKey::generate().unwrap();
        let a = key.seal(record("r"), b"same").unwrap();
        let b = key.seal(record("r"), b"same").unwrap();
        assert_ne!(a, b);
    }

    #[test]
    fn a_record_opened_under_another_identity_fails() {
        let key = MasterKey::generate().unwrap();
        let blob = key.seal(record("account/1"), b"secret").unwrap();
        assert!(key.open(record("account/2"), &blob).is_none());
        let other_vault = Binding::Record {
            key_id: "fedcba9876543210",
            record: "account/1",
        };
        assert!(key.open(other_vault, &blob).is_none());
        assert!(key.open(Binding::KeyCheck { key_id: ID }, &blob).is_none());
    }

    #[test]
    fn any_flipped_byte_fails() {
        let key = MasterKey::generate().unwrap();
        let blob = key.seal(record("r"), b"some secret value").unwrap();
        for i in 0..blob.len() {
            let mut bad = blob.clone();
            bad[i] ^= 0x01;
            assert!(key.open(record("r"), &bad).is_none(), "byte {i}");
        }
        assert!(key.open(record("r"), &blob[..blob.len() - 1]).is_none());
        assert!(key.open(record("r"), &[]).is_none());
    }

    #[test]
    fn a_wrong_key_fails_the_key_check() {
        let key = MasterKey::generate().unwrap();
        let check = key.key_check(ID).unwrap();
        assert!(key.verifies(ID, &check));
        assert!(!MasterKey::generate().unwrap().verifies(ID, &check));
        assert!(!key.verifies("fedcba9876543210", &check));
    }

    #[test]
    fn base64_keys_in_both_alphabets() {
        let key = MasterKey::generate().unwrap();
        let standard = key.to_base64();
        assert!(MasterKey::from_base64(&standard).unwrap().same_as(&key));
        let url = standard.replace('+', "-").replace('/', "_");
        assert!(MasterKey::from_base64(&url).unwrap().same_as(&key));
        let unpadded = format!(" {}\n", standard.trim_end_matches('='));
        assert!(MasterKey::from_base64(&unpadded).unwrap().same_as(&key));
        assert_eq!(
            MasterKey::from_base64("").unwrap_err(),
            KeyFormatError::Empty
        );
        assert_eq!(
            MasterKey::from_base64("not base64!").unwrap_err(),
            KeyFormatError::NotBase64
        );
        assert_eq!(
            MasterKey::from_base64("aGVsbG8=").unwrap_err(),
            KeyFormatError::WrongLength(5)
        );
    }

    #[test]
    fn debug_is_redacted() {
        let key = MasterKey::from_bytes(&[7u8; KEY_LEN]).unwrap();
        assert_eq!(format!("{key:?}"), "MasterKey(redacted)");
    }

    #[test]
    fn kdf_bounds_are_enforced() {
        let ok = Kdf {
            salt: vec![1; 16],
            iterations: 600_000,
        };
        assert!(ok.check_bounds().is_ok());
        let weak = Kdf {
            salt: vec![1; 16],
            iterations: 599_999,
        };
        assert!(weak.check_bounds().unwrap_err().contains("599999"));
        assert!(weak.derive(b"pw").is_err());
        let slow = Kdf {
            salt: vec![1; 16],
            iterations: MAX_ITERATIONS + 1,
        };
        assert!(slow.check_bounds().is_err());
        let short_salt = Kdf {
            salt: vec![1; 15],
            iterations: 600_000,
        };
        assert!(short_salt.check_bounds().is_err());
        let long_salt = Kdf {
            salt: vec![1; 65],
            iterations: 600_000,
        };
        assert!(long_salt.check_bounds().is_err());
        let fresh = Kdf::generate(0).unwrap();
        assert_eq!(fresh.iterations, DEFAULT_ITERATIONS);
        assert_eq!(fresh.salt.len(), SALT_LEN);
        assert!(fresh.check_bounds().is_ok());
    }

    #[test]
    fn wrapped_key_opens_only_with_the_passphrase() {
        let kdf = Kdf {
            salt: vec![9; 16],
            iterations: MIN_ITERATIONS,
        };
        let master = MasterKey::generate().unwrap();
        let kek = kdf.derive(b"correct horse").unwrap();
        let wrapped = wrap_key(&kek, ID, &master).unwrap();
        assert!(unwrap_key(&kek, ID, &wrapped).unwrap().same_as(&master));
        let wrong = kdf.derive(b"wrong horse").unwrap();
        assert!(unwrap_key(&wrong, ID, &wrapped).is_none());
        assert!(unwrap_key(&kek, "fedcba9876543210", &wrapped).is_none());
    }

    #[test]
    fn key_ids_are_hex() {
        let id = new_key_id().unwrap();
        assert_eq!(id.len(), 16);
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        assert_ne!(id, new_key_id().unwrap());
    }
}
