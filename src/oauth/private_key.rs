//! The private key of a JWT bearer grant, read from a param's value: a PKCS#8 PEM
//! (`-----BEGIN PRIVATE KEY-----`) or a Google service-account JSON key file that holds one.
//!
//! Guarantees: the decoded key bytes live only in buffers wiped on drop; a key that cannot be
//! used is a [`KeyProblem`] that says what is wrong and never repeats any of the key.

use base64::Engine as _;
use ring::rand::SystemRandom;
use ring::signature::{
    ECDSA_P256_SHA256_FIXED_SIGNING, ECDSA_P384_SHA384_FIXED_SIGNING, EcdsaKeyPair, RsaKeyPair,
};
use serde::Deserialize;
use zeroize::Zeroizing;

use crate::connector::JwtAlgorithm;
use crate::secret::Secret;

/// A key ready to sign, with what a Google JSON key file said about it.
pub(crate) struct SigningKey {
    pub(super) pair: Pair,
    /// `private_key_id` of a JSON key file: the JWT header's `kid`.
    pub kid: Option<String>,
    /// `client_email` of a JSON key file.
    pub client_email: Option<String>,
}

pub(super) enum Pair {
    Rsa(RsaKeyPair),
    Ecdsa(EcdsaKeyPair),
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

/// Why a value is not a usable key; never any part of the value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyProblem {
    #[error("it has no value")]
    Missing,
    #[error(
        "it is neither a PEM private key (-----BEGIN PRIVATE KEY-----) nor a service-account JSON key file"
    )]
    NotPem,
    #[error("it is JSON, but has no `private_key` text field as a service-account key file has")]
    JsonWithoutKey,
    #[error("it is JSON that cannot be read ({0})")]
    BadJson(String),
    #[error("it holds a `{0}`, not a private key")]
    NotPrivate(String),
    #[error("it is an encrypted key; tether needs it unencrypted")]
    Encrypted,
    #[error("it is in the -----BEGIN {0}----- format, not PKCS#8 (-----BEGIN PRIVATE KEY-----)")]
    NotPkcs8(String),
    #[error("its PEM has no matching -----END {0}----- line")]
    Unterminated(String),
    #[error("its PEM body is not valid base64")]
    BadBase64,
    #[error("it is {found}, and the connector signs with {expected}")]
    WrongAlgorithm {
        found: &'static str,
        expected: &'static str,
    },
    #[error("it is not a key tether can sign {algorithm} with ({reason})")]
    Rejected {
        algorithm: &'static str,
        reason: String,
    },
}

impl KeyProblem {
    /// Whether converting the file with `openssl pkey` would help.
    #[must_use]
    pub fn convertible(&self) -> bool {
        matches!(self, Self::Encrypted | Self::NotPkcs8(_))
    }
}

/// The fields of a Google service-account key file that matter here.
#[derive(Deserialize)]
struct KeyFile {
    private_key: Option<Secret>,
    private_key_id: Option<String>,
    client_email: Option<String>,
}

/// Reads `value` as a key to sign with `algorithm`.
pub(crate) fn read(value: &Secret, algorithm: JwtAlgorithm) -> Result<SigningKey, KeyProblem> {
    let text = value.expose().trim_start();
    if text.starts_with('{') {
        // serde_json may copy escaped strings through a scratch buffer it does not wipe; the
        // PEM itself ends up in a `Secret`.
        let file: KeyFile =
            serde_json::from_str(text).map_err(|e| KeyProblem::BadJson(json_problem(&e)))?;
        let pem = file.private_key.ok_or(KeyProblem::JsonWithoutKey)?;
        let pair = pair(&pkcs8_der(pem.expose())?, algorithm)?;
        return Ok(SigningKey {
            pair,
            kid: file.private_key_id.filter(|id| !id.is_empty()),
            client_email: file.client_email.filter(|e| !e.is_empty()),
        });
    }
    Ok(SigningKey {
        pair: pair(&pkcs8_der(text)?, algorithm)?,
        kid: None,
        client_email: None,
    })
}

/// serde_json's message names a line and column, never the text around them.
fn json_problem(e: &serde_json::Error) -> String {
    format!("line {}, column {}", e.line(), e.column())
}

/// The DER bytes of the first PEM block of `text`, which must be an unencrypted PKCS#8 key.
fn pkcs8_der(text: &str) -> Result<Zeroizing<Vec<u8>>, KeyProblem> {
    const BEGIN: &str = "-----BEGIN ";
    let start = text.find(BEGIN).ok_or(KeyProblem::NotPem)?;
    let rest = &text[start + BEGIN.len()..];
    let label_end = rest.find("-----").ok_or(KeyProblem::NotPem)?;
    let label = &rest[..label_end];
    // Labels are short ASCII words; anything else is not a PEM header and is not repeated.
    if label.len() > 40 || !label.chars().all(|c| c.is_ascii_uppercase() || c == ' ') {
        return Err(KeyProblem::NotPem);
    }
    match label {
        "PRIVATE KEY" => {}
        "ENCRYPTED PRIVATE KEY" => return Err(KeyProblem::Encrypted),
        "RSA PRIVATE KEY" | "EC PRIVATE KEY" => {
            // An encrypted PKCS#1 or SEC1 key says so in a header line.
            if rest.contains("Proc-Type: 4,ENCRYPTED") {
                return Err(KeyProblem::Encrypted);
            }
            return Err(KeyProblem::NotPkcs8(label.to_owned()));
        }
        other if other.contains("PRIVATE KEY") => {
            return Err(KeyProblem::NotPkcs8(other.to_owned()));
        }
        other => return Err(KeyProblem::NotPrivate(other.to_owned())),
    }
    let body_and_end = &rest[label_end + "-----".len()..];
    let end_marker = "-----END PRIVATE KEY-----";
    let body_end = body_and_end
        .find(end_marker)
        .ok_or_else(|| KeyProblem::Unterminated(label.to_owned()))?;
    let body = &body_and_end[..body_end];
    let mut compact = Zeroizing::new(Vec::with_capacity(body.len()));
    compact.extend(body.bytes().filter(|b| !b.is_ascii_whitespace()));
    let engine = &base64::engine::general_purpose::STANDARD;
    let mut der = Zeroizing::new(vec![0u8; base64::decoded_len_estimate(compact.len())]);
    let written = engine
        .decode_slice(&compact, &mut der)
        .map_err(|_| KeyProblem::BadBase64)?;
    der.truncate(written);
    Ok(der)
}

/// The key pair for `algorithm`, or what the key is instead.
fn pair(der: &[u8], algorithm: JwtAlgorithm) -> Result<Pair, KeyProblem> {
    let rng = SystemRandom::new();
    let rejected = |reason: String| KeyProblem::Rejected {
        algorithm: algorithm.as_str(),
        reason,
    };
    match algorithm {
        JwtAlgorithm::RS256 => match RsaKeyPair::from_pkcs8(der) {
            Ok(pair) => Ok(Pair::Rsa(pair)),
            Err(e) => Err(match ec_curve(der, &rng) {
                Some(found) => KeyProblem::WrongAlgorithm {
                    found,
                    expected: "RS256 (an RSA key)",
                },
                None => rejected(describe_rejection(&e.to_string())),
            }),
        },
        JwtAlgorithm::ES256 => {
            match EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, der, &rng) {
                Ok(pair) => Ok(Pair::Ecdsa(pair)),
                Err(e) => Err(if RsaKeyPair::from_pkcs8(der).is_ok() {
                    KeyProblem::WrongAlgorithm {
                        found: "an RSA key",
                        expected: "ES256 (a P-256 EC key)",
                    }
                } else if ec_curve(der, &rng).is_some() {
                    KeyProblem::WrongAlgorithm {
                        found: "an EC key on another curve than P-256",
                        expected: "ES256 (a P-256 EC key)",
                    }
                } else {
                    rejected(describe_rejection(&e.to_string()))
                }),
            }
        }
    }
}

/// Which EC key `der` is, if it is one ring knows.
fn ec_curve(der: &[u8], rng: &SystemRandom) -> Option<&'static str> {
    if EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, der, rng).is_ok() {
        Some("a P-256 EC key")
    } else if EcdsaKeyPair::from_pkcs8(&ECDSA_P384_SHA384_FIXED_SIGNING, der, rng).is_ok() {
        Some("a P-384 EC key")
    } else {
        None
    }
}

/// ring's reason (`InvalidEncoding`, `TooSmall`, …) in words.
fn describe_rejection(reason: &str) -> String {
    match reason {
        "InvalidEncoding" | "VersionNotSupported" | "WrongAlgorithm" => {
            "not a PKCS#8 key of a kind tether knows".to_owned()
        }
        "TooSmall" => "the RSA key is shorter than 2048 bits".to_owned(),
        "TooLarge" => "the RSA key is longer than 8192 bits".to_owned(),
        other => other.to_owned(),
    }
}

#[cfg(test)]
impl SigningKey {
    /// The public key, to verify signatures with.
    pub(super) fn public_key(&self) -> &[u8] {
        use ring::signature::KeyPair as _;
        match &self.pair {
            Pair::Rsa(pair) => pair.public_key().as_ref(),
            Pair::Ecdsa(pair) => pair.public_key().as_ref(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSA_PEM: &str = include_str!("../../tests/fixtures/jwt/rs256-test-key.pem");
    const EC_PEM: &str = include_str!("../../tests/fixtures/jwt/es256-test-key.pem");
    const KEY_FILE: &str = include_str!("../../tests/fixtures/jwt/service-account.json");

    fn problem(text: &str, algorithm: JwtAlgorithm) -> KeyProblem {
        read(&Secret::from(text), algorithm).unwrap_err()
    }

    #[test]
    fn pkcs8_keys_of_both_kinds_are_read() {
        let rsa = read(&Secret::from(RSA_PEM), JwtAlgorithm::RS256).unwrap();
        assert!(matches!(rsa.pair, Pair::Rsa(_)));
        assert_eq!(rsa.kid, None);
        let ec = read(&Secret::from(EC_PEM), JwtAlgorithm::ES256).unwrap();
        assert!(matches!(ec.pair, Pair::Ecdsa(_)));
    }

    #[test]
    fn a_google_key_file_gives_the_key_its_id_and_the_account() {
        let key = read(&Secret::from(KEY_FILE), JwtAlgorithm::RS256).unwrap();
        assert_eq!(key.kid.as_deref(), Some("test-key-1"));
        assert_eq!(
            key.client_email.as_deref(),
            Some("tether-test@tether-tests.iam.gserviceaccount.com")
        );
        let plain = read(&Secret::from(RSA_PEM), JwtAlgorithm::RS256).unwrap();
        assert_eq!(key.public_key(), plain.public_key());
    }

    #[test]
    fn a_key_of_the_other_kind_is_named() {
        assert_eq!(
            problem(EC_PEM, JwtAlgorithm::RS256),
            KeyProblem::WrongAlgorithm {
                found: "a P-256 EC key",
                expected: "RS256 (an RSA key)"
            }
        );
        assert_eq!(
            problem(RSA_PEM, JwtAlgorithm::ES256),
            KeyProblem::WrongAlgorithm {
                found: "an RSA key",
                expected: "ES256 (a P-256 EC key)"
            }
        );
    }

    #[test]
    fn what_is_not_a_pkcs8_key_is_said_without_repeating_it() {
        let cases = [
            ("hunter2-not-a-key", KeyProblem::NotPem),
            (
                "-----BEGIN RSA PRIVATE KEY-----\nMIIEsecret\n-----END RSA PRIVATE KEY-----",
                KeyProblem::NotPkcs8("RSA PRIVATE KEY".into()),
            ),
            (
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIEsecret\n-----END ENCRYPTED PRIVATE KEY-----",
                KeyProblem::Encrypted,
            ),
            (
                "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----",
                KeyProblem::NotPrivate("PUBLIC KEY".into()),
            ),
            (
                "-----BEGIN PRIVATE KEY-----\nMIIE$$$secret\n-----END PRIVATE KEY-----",
                KeyProblem::BadBase64,
            ),
            (
                "-----BEGIN PRIVATE KEY-----\nMIIEsecret",
                KeyProblem::Unterminated("PRIVATE KEY".into()),
            ),
            (
                "{\"type\": \"service_account\"}",
                KeyProblem::JsonWithoutKey,
            ),
        ];
        for (text, expected) in cases {
            let found = problem(text, JwtAlgorithm::RS256);
            assert_eq!(found, expected, "{text}");
            assert!(!found.to_string().contains("secret"), "{found}");
        }
        let garbage = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0c2VjcmV0\n-----END PRIVATE KEY-----";
        assert!(matches!(
            problem(garbage, JwtAlgorithm::RS256),
            KeyProblem::Rejected { .. }
        ));
        assert!(matches!(
            problem("{\"private_key\": \"secret", JwtAlgorithm::RS256),
            KeyProblem::BadJson(m) if !m.contains("secret")
        ));
    }
}
