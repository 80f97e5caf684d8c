//! Hides the secrets a request carried in what the provider answers. Some providers repeat the
//! request in their error text, as they received it or re-encoded: the client secret inside an
//! HTTP Basic header, a form body, a percent-encoded query. Every such form of every secret sent
//! is replaced by `(redacted)` before anything is shown or stored.

use std::fmt::Write as _;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE};
use url::form_urlencoded;
use zeroize::Zeroizing;

use crate::secret::Secret;

const REDACTED: &str = "(redacted)";

/// The secrets of one request, each in every form a provider may repeat it in.
#[derive(Default)]
pub(crate) struct Redactor {
    needles: Vec<Secret>,
}

impl Redactor {
    /// A secret sent as a form or query value (a token, a code, a verifier, a client secret):
    /// itself, form-encoded, percent-encoded (RFC 3986 and JavaScript's `encodeURIComponent`
    /// differ in a few characters), and escaped inside a JSON string.
    pub(crate) fn value(&mut self, value: &str) {
        if value.is_empty() {
            return;
        }
        self.add(value.to_owned());
        self.add(form_urlencoded::byte_serialize(value.as_bytes()).collect());
        self.add(percent(value, b"-._~"));
        self.add(percent(value, b"-_.!~*'()"));
        let json = Zeroizing::new(serde_json::to_string(value).unwrap_or_default());
        self.add(json.trim_matches('"').to_owned());
    }

    /// Client credentials. With HTTP Basic (RFC 6749 §2.3.1) the id and secret are
    /// form-encoded, joined by `:` and base64-encoded; a provider may echo that header, or
    /// decode it and encode the plain pair again, in either base64 alphabet. The unpadded
    /// forms are prefixes of the padded ones, which the case-insensitive search finds.
    pub(crate) fn client(&mut self, id: &str, secret: &str) {
        if secret.is_empty() {
            return;
        }
        self.value(secret);
        let form = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
        let pairs = [
            Zeroizing::new(format!("{}:{}", form(id), form(secret))),
            Zeroizing::new(format!("{id}:{secret}")),
            Zeroizing::new(secret.to_owned()),
        ];
        for pair in &pairs {
            for engine in [STANDARD, URL_SAFE] {
                let encoded = engine.encode(pair.as_bytes());
                self.add(encoded.trim_end_matches('=').to_owned());
                self.add(encoded);
            }
        }
    }

    fn add(&mut self, needle: String) {
        let needle = Secret::new(needle);
        if !needle.is_empty() && !self.needles.contains(&needle) {
            self.needles.push(needle);
        }
    }

    /// `text` with every form of every secret replaced. Longer forms go first, so that one
    /// containing another (`…==` and its unpadded prefix) is replaced whole. The search
    /// ignores ASCII case, which covers `%3a` next to `%3A`; it may hide a little more than
    /// needed, never less.
    pub(crate) fn hide(&self, text: &str) -> String {
        let mut needles: Vec<&Secret> = self.needles.iter().collect();
        needles.sort_by_key(|n| std::cmp::Reverse(n.expose().len()));
        needles.into_iter().fold(text.to_owned(), |text, needle| {
            replace_ignoring_case(&text, needle.expose())
        })
    }
}

/// Percent-encoding of every byte but ASCII letters, digits and `keep`.
fn percent(value: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || keep.contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// `text` with each occurrence of `needle` (ASCII case ignored) replaced by `(redacted)`.
/// Bytes outside ASCII compare exactly, so a match never starts or ends inside a character.
fn replace_ignoring_case(text: &str, needle: &str) -> String {
    let (hay, pin) = (text.as_bytes(), needle.as_bytes());
    if pin.is_empty() || hay.len() < pin.len() {
        return text.to_owned();
    }
    let mut out = Vec::with_capacity(hay.len());
    let mut i = 0;
    while i < hay.len() {
        if hay.len() - i >= pin.len() && hay[i..i + pin.len()].eq_ignore_ascii_case(pin) {
            out.extend_from_slice(REDACTED.as_bytes());
            i += pin.len();
        } else {
            out.push(hay[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_encoding_of_the_client_secret_is_hidden() {
        let (id, secret) = ("my client", "s3:cr%t+v/alue x");
        let mut r = Redactor::default();
        r.client(id, secret);
        let sent = STANDARD.encode("my+client:s3%3Acr%25t%2Bv%2Falue+x");
        let plain = URL_SAFE.encode(format!("{id}:{secret}"));
        for shown in [
            format!("Basic {sent}"),
            format!("got {}", sent.trim_end_matches('=')),
            format!("pair {plain}"),
            "secret s3:cr%t+v/alue x".to_owned(),
            "client_secret=s3%3Acr%25t%2Bv%2Falue+x".to_owned(),
            "client_secret=s3%3acr%25t%2bv%2falue%20x".to_owned(),
        ] {
            let hidden = r.hide(&shown);
            assert!(hidden.contains(REDACTED), "{shown} -> {hidden}");
            assert!(!hidden.contains("alue"), "{shown} -> {hidden}");
            assert!(!hidden.contains(&sent[..8]), "{shown} -> {hidden}");
        }
    }

    #[test]
    fn text_around_the_secrets_and_outside_ascii_is_kept() {
        let mut r = Redactor::default();
        r.value("tök");
        assert_eq!(r.hide("ä tök ü TÖK"), "ä (redacted) ü TÖK");
        assert_eq!(r.hide("t%C3%B6k"), REDACTED);
        assert_eq!(Redactor::default().hide("as is"), "as is");
    }
}
