//! `Secret`: a string that never prints, is wiped on drop, and is read only by an explicit call.
//!
//! Built on `zeroize` rather than `secrecy::SecretString` on purpose. `SecretString` keeps a
//! `Box<str>`, and its `From<String>` shrinks the string into one (`into_boxed_str`), which
//! reallocates whenever capacity exceeds length and frees the old buffer unwiped; values
//! here often have spare capacity (a lossy [`Secret::from_os_string`] sizes for the worst
//! case so it never grows). It also has no `Serialize` for strings (records and tokens are
//! serialized into the vault) and no `Eq` (`ClientApp` is compared), so wrapping it would
//! mean adding back here what this type already does in a few lines.

use std::ffi::OsString;
use std::fmt;
use std::io::Read;

use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// A secret value (password, API key, token). `Debug` prints `(redacted)`;
/// there is no `Display`, so it cannot end up in a message by accident.
#[derive(Clone, Default, PartialEq, Eq, Zeroize, ZeroizeOnDrop, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    #[must_use]
    pub fn new(value: String) -> Self {
        Self(value)
    }

    /// The secret itself. Call sites are the places where it may leave the process.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `parts` joined, in a buffer of the exact size: building it with `format!` or `push_str`
    /// could grow the buffer, and each move would leave a copy in freed memory, unwiped.
    #[must_use]
    pub fn concat(parts: &[&str]) -> Self {
        let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
        for part in parts {
            out.push_str(part);
        }
        Self(out)
    }

    /// A value from the environment, taken over without a copy. Bytes that are not UTF-8 are
    /// replaced (as `to_string_lossy` does), and the original is wiped.
    #[must_use]
    pub fn from_os_string(value: OsString) -> Self {
        match value.into_string() {
            Ok(text) => Self(text),
            Err(value) => {
                let bytes = Zeroizing::new(value.into_encoded_bytes());
                // Sized for the worst case (each byte replaced by the 3-byte U+FFFD), so the
                // text never grows.
                let mut text = String::with_capacity(bytes.len() * 3);
                for chunk in bytes.utf8_chunks() {
                    text.push_str(chunk.valid());
                    if !chunk.invalid().is_empty() {
                        text.push(char::REPLACEMENT_CHARACTER);
                    }
                }
                Self(text)
            }
        }
    }
}

/// Reads `reader` to its end into a buffer that is wiped on drop. `read_to_end` would grow its
/// buffer by reallocation and free the old one as it is, with the secret in it; here each
/// smaller buffer is wiped when the bytes move on.
pub fn read_all(mut reader: impl Read) -> std::io::Result<Zeroizing<Vec<u8>>> {
    // At least the 8 KiB of std's stdin buffer: reads that large go around it, so the value
    // is not also left in that buffer, which is never wiped.
    let mut buf = Zeroizing::new(Vec::with_capacity(8 * 1024));
    loop {
        if buf.len() == buf.capacity() {
            let mut bigger = Zeroizing::new(Vec::with_capacity(buf.capacity() * 2));
            bigger.extend_from_slice(&buf);
            buf = bigger;
        }
        let filled = buf.len();
        let capacity = buf.capacity();
        buf.resize(capacity, 0);
        match reader.read(&mut buf[filled..]) {
            Ok(0) => {
                buf.truncate(filled);
                return Ok(buf);
            }
            Ok(n) => buf.truncate(filled + n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => buf.truncate(filled),
            Err(e) => return Err(e),
        }
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(redacted)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let secret = Secret::from("hunter2");
        assert_eq!(format!("{secret:?}"), "(redacted)");
        assert_eq!(format!("{:?}", Some(&secret)), "Some((redacted))");
    }

    #[test]
    fn concat_joins_the_parts() {
        assert_eq!(
            Secret::concat(&["Bearer", " ", "t0k"]).expose(),
            "Bearer t0k"
        );
        assert_eq!(Secret::concat(&[]).expose(), "");
    }

    #[cfg(unix)]
    #[test]
    fn values_from_the_environment_keep_their_text() {
        use std::os::unix::ffi::OsStringExt as _;
        let valid = OsString::from("k3y=+/");
        assert_eq!(Secret::from_os_string(valid).expose(), "k3y=+/");
        let invalid = OsString::from_vec(b"a\xffb\xe2\x82".to_vec());
        let lossy = String::from_utf8_lossy(b"a\xffb\xe2\x82").into_owned();
        assert_eq!(Secret::from_os_string(invalid).expose(), lossy);
    }

    #[test]
    fn read_all_reads_past_any_buffer_size() {
        for len in [0, 1, 8191, 8192, 8193, 40_000] {
            let data: Vec<u8> = (0..=250u8).cycle().take(len).collect();
            assert_eq!(*read_all(data.as_slice()).unwrap(), data, "{len}");
        }
    }
}
