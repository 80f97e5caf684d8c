//! The vault header `vault.toml`: format version, key id, how the master key is held, the
//! key-check value and, for passphrase vaults, the KDF parameters and the wrapped key.
//!
//! Guarantees: a header is validated completely on read (key id shape, cipher, KDF bounds,
//! base64 fields), so nothing later trusts a tampered value; it is replaced atomically, and
//! that rename is the commit point of `vault init` and `vault rekey`.

use std::fmt;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use serde::{Deserialize, Serialize};

use super::crypto::{self, Kdf};
use super::error::VaultError;
use crate::error::Result;
use crate::safe_fs;

/// The on-disk format this build reads and writes.
pub(crate) const FORMAT: u32 = 1;
pub(crate) const FILE_NAME: &str = "vault.toml";

/// Where the master key of a vault is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyKind {
    /// In the OS keyring, entry `tether` / `vault-<key id>`.
    Keyring,
    /// Wrapped in the header under a key derived from a passphrase.
    Passphrase,
    /// Nowhere: whoever runs tether supplies it in `TETHER_VAULT_KEY`.
    Env,
}

impl fmt::Display for KeyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Keyring => "keyring",
            Self::Passphrase => "passphrase",
            Self::Env => "env",
        })
    }
}

/// The parsed, validated header.
#[derive(Debug, Clone)]
pub struct Header {
    pub key_id: String,
    pub key_check: Vec<u8>,
    pub holder: KeyHolder,
}

/// Where the master key is kept, with what a passphrase vault needs to unwrap it.
#[derive(Debug, Clone)]
pub enum KeyHolder {
    Keyring,
    Passphrase(Wrapped),
    Env,
}

impl KeyHolder {
    #[must_use]
    pub fn kind(&self) -> KeyKind {
        match self {
            Self::Keyring => KeyKind::Keyring,
            Self::Passphrase(_) => KeyKind::Passphrase,
            Self::Env => KeyKind::Env,
        }
    }
}

impl Header {
    /// How the master key is held.
    #[must_use]
    pub fn kind(&self) -> KeyKind {
        self.holder.kind()
    }
}

/// The master key wrapped under a passphrase.
#[derive(Debug, Clone)]
pub struct Wrapped {
    pub kdf: Kdf,
    pub wrapped_key: Vec<u8>,
}

#[derive(Serialize, Deserialize)]
struct Raw {
    format: u32,
    cipher: String,
    key_id: String,
    key: KeyKind,
    key_check: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    passphrase: Option<RawPassphrase>,
}

#[derive(Serialize, Deserialize)]
struct RawPassphrase {
    kdf: String,
    iterations: u32,
    salt: String,
    wrapped_key: String,
}

const PREAMBLE: &str = "\
# tether vault header. Do not edit: a changed value makes the vault unreadable.
# The secrets are in records-<key_id>/, sealed with the master key; `tether vault status`
# describes this vault.
";

impl Header {
    #[must_use]
    pub fn path(vault_dir: &Path) -> PathBuf {
        vault_dir.join(FILE_NAME)
    }

    /// Reads the header of the vault in `vault_dir`; `None` when there is no vault.
    pub fn read(vault_dir: &Path) -> Result<Option<Self>> {
        let path = Self::path(vault_dir);
        let Some(bytes) = safe_fs::read_optional(&path)? else {
            return Ok(None);
        };
        Self::parse(&bytes)
            .map(Some)
            .map_err(|reason| corrupt(&path, &reason).into())
    }

    fn parse(bytes: &[u8]) -> std::result::Result<Self, String> {
        let text = std::str::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_owned())?;
        let table: toml::Table = toml::from_str(text).map_err(|e| e.message().to_owned())?;
        // The format is checked before the fields, so a newer tether's header is reported
        // as newer rather than as corrupt.
        match table.get("format").and_then(toml::Value::as_integer) {
            Some(f) if f == i64::from(FORMAT) => {}
            Some(f) if f > i64::from(FORMAT) => {
                return Err(format!(
                    "it has format {f}, made by a newer tether (this one reads format {FORMAT}); upgrade tether"
                ));
            }
            _ => return Err("it has no valid `format`".to_owned()),
        }
        let raw: Raw = table
            .try_into()
            .map_err(|e: toml::de::Error| e.message().to_owned())?;
        if raw.cipher != crypto::CIPHER {
            return Err(format!("unknown cipher `{}`", raw.cipher));
        }
        if !is_key_id(&raw.key_id) {
            return Err("`key_id` is not 16 lowercase hex digits".to_owned());
        }
        let key_check = decode("key_check", &raw.key_check)?;
        let holder = match (raw.key, raw.passphrase) {
            (KeyKind::Passphrase, Some(p)) => {
                if p.kdf != crypto::KDF {
                    return Err(format!("unknown key derivation `{}`", p.kdf));
                }
                let kdf = Kdf {
                    salt: decode("passphrase.salt", &p.salt)?,
                    iterations: p.iterations,
                };
                kdf.check_bounds()?;
                KeyHolder::Passphrase(Wrapped {
                    kdf,
                    wrapped_key: decode("passphrase.wrapped_key", &p.wrapped_key)?,
                })
            }
            (KeyKind::Passphrase, None) => {
                return Err("the [passphrase] section is missing".to_owned());
            }
            (_, Some(_)) => {
                return Err(
                    "a [passphrase] section is present for a vault without passphrase".to_owned(),
                );
            }
            (KeyKind::Keyring, None) => KeyHolder::Keyring,
            (KeyKind::Env, None) => KeyHolder::Env,
        };
        Ok(Self {
            key_id: raw.key_id,
            key_check,
            holder,
        })
    }

    fn render(&self) -> String {
        let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
        let raw = Raw {
            format: FORMAT,
            cipher: crypto::CIPHER.to_owned(),
            key_id: self.key_id.clone(),
            key: self.kind(),
            key_check: b64(&self.key_check),
            passphrase: match &self.holder {
                KeyHolder::Passphrase(p) => Some(RawPassphrase {
                    kdf: crypto::KDF.to_owned(),
                    iterations: p.kdf.iterations,
                    salt: b64(&p.kdf.salt),
                    wrapped_key: b64(&p.wrapped_key),
                }),
                KeyHolder::Keyring | KeyHolder::Env => None,
            },
        };
        let body = toml::to_string(&raw).expect("the header serializes");
        format!("{PREAMBLE}{body}")
    }

    /// Writes (or replaces) the header atomically.
    pub fn write(&self, vault_dir: &Path) -> Result<()> {
        safe_fs::write_atomic(&Self::path(vault_dir), self.render().as_bytes())
    }
}

/// Whether `id` has the shape of a key id; it becomes part of paths, so nothing else passes.
#[must_use]
pub(crate) fn is_key_id(id: &str) -> bool {
    id.len() == 16
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn decode(field: &str, text: &str) -> std::result::Result<Vec<u8>, String> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|_| format!("`{field}` is not base64"))
}

fn corrupt(path: &Path, reason: &str) -> VaultError {
    VaultError::HeaderUnreadable {
        path: path.to_path_buf(),
        reason: reason.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(kind: KeyKind) -> Header {
        let holder = match kind {
            KeyKind::Keyring => KeyHolder::Keyring,
            KeyKind::Env => KeyHolder::Env,
            KeyKind::Passphrase => KeyHolder::Passphrase(Wrapped {
                kdf: Kdf {
                    salt: vec![5; 16],
                    iterations: 700_000,
                },
                wrapped_key: vec![4; 61],
            }),
        };
        Header {
            key_id: "0123456789abcdef".into(),
            key_check: vec![1, 2, 3],
            holder,
        }
    }

    #[test]
    fn headers_round_trip() {
        for kind in [KeyKind::Keyring, KeyKind::Passphrase, KeyKind::Env] {
            let text = sample(kind).render();
            let back = Header::parse(text.as_bytes()).unwrap();
            assert_eq!(back.kind(), kind);
            assert_eq!(back.key_id, "0123456789abcdef");
            assert_eq!(back.key_check, vec![1, 2, 3]);
            let iterations = match back.holder {
                KeyHolder::Passphrase(p) => Some(p.kdf.iterations),
                KeyHolder::Keyring | KeyHolder::Env => None,
            };
            assert_eq!(iterations, (kind == KeyKind::Passphrase).then_some(700_000));
            // Byte for byte what this build writes, so existing homes keep opening.
            assert_eq!(Header::parse(text.as_bytes()).unwrap().render(), text);
        }
    }

    /// A header as earlier builds wrote it: it must keep reading, and be written back the same.
    #[test]
    fn existing_headers_read_and_write_back_byte_for_byte() {
        let keyring = format!(
            "{PREAMBLE}format = 1\ncipher = \"chacha20-poly1305\"\nkey_id = \"0123456789abcdef\"\n\
             key = \"keyring\"\nkey_check = \"AQID\"\n"
        );
        let passphrase = format!(
            "{PREAMBLE}format = 1\ncipher = \"chacha20-poly1305\"\nkey_id = \"0123456789abcdef\"\n\
             key = \"passphrase\"\nkey_check = \"AQID\"\n\n[passphrase]\nkdf = \"pbkdf2-hmac-sha256\"\n\
             iterations = 700000\nsalt = \"BQUFBQUFBQUFBQUFBQUFBQ==\"\nwrapped_key = \"BAQE\"\n"
        );
        for text in [keyring, passphrase] {
            let header = Header::parse(text.as_bytes()).unwrap();
            assert_eq!(header.render(), text);
        }
    }

    fn parse_edited(from: &str, to: &str) -> std::result::Result<Header, String> {
        let text = sample(KeyKind::Passphrase).render();
        assert!(text.contains(from), "{text}");
        Header::parse(text.replace(from, to).as_bytes())
    }

    #[test]
    fn tampered_parameters_are_refused() {
        assert!(
            parse_edited("iterations = 700000", "iterations = 1000")
                .unwrap_err()
                .contains("iterations")
        );
        assert!(parse_edited("iterations = 700000", "iterations = 4000000000").is_err());
        assert!(parse_edited("key_id = \"0123456789abcdef\"", "key_id = \"../../etc\"").is_err());
        assert!(parse_edited("cipher = \"chacha20-poly1305\"", "cipher = \"none\"").is_err());
        assert!(parse_edited("key = \"passphrase\"", "key = \"env\"").is_err());
        assert!(
            parse_edited("salt = \"BQUFBQUFBQUFBQUFBQUFBQ==\"", "salt = \"BQUF\"")
                .unwrap_err()
                .contains("salt")
        );
        assert!(
            parse_edited("format = 1", "format = 2")
                .unwrap_err()
                .contains("newer")
        );
        assert!(Header::parse(b"\xff").is_err());
        assert!(Header::parse(b"format = 1").is_err());
    }
}
