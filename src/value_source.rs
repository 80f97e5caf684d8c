//! Values given on the command line: `K=V` pairs, and `V` as a literal, `@FILE`, `@-` (stdin)
//! or `env:VAR`, so that secrets never need to appear in argv.

use std::io::Read;
use std::path::{Path, PathBuf};

use zeroize::{Zeroize as _, Zeroizing};

use crate::error::{Error, Result};
use crate::secret::Secret;

/// Splits `K=V`; the key is checked, the value is kept as typed. A malformed pair is not
/// echoed: without its `=` it may well be a pasted secret.
pub(crate) fn split_pair(pair: &str, flag: &str) -> Result<(String, String)> {
    match pair.split_once('=') {
        Some((key, value)) if !key.trim().is_empty() => {
            Ok((key.trim().to_owned(), value.to_owned()))
        }
        _ => Err(ValueError::NotKeyValue {
            flag: flag.to_owned(),
        }
        .into()),
    }
}

/// Where a value comes from.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ValueSource<'a> {
    Literal(&'a str),
    File(&'a Path),
    Stdin,
    Env(&'a str),
}

impl<'a> ValueSource<'a> {
    #[must_use]
    pub(crate) fn parse(raw: &'a str) -> Self {
        if raw == "@-" {
            Self::Stdin
        } else if let Some(path) = raw.strip_prefix('@') {
            Self::File(Path::new(path))
        } else if let Some(var) = raw.strip_prefix("env:") {
            Self::Env(var)
        } else {
            Self::Literal(raw)
        }
    }
}

/// The longest value accepted, in bytes: far above any real key, token or certificate, and
/// small enough that a wrong `@FILE` (a disk image, `/dev/zero`) is refused instead of read.
pub(crate) const MAX_VALUE: usize = 64 * 1024;

/// Reads values from their sources. Standard input can be read only once per command.
#[derive(Debug, Default)]
pub(crate) struct ValueReader {
    stdin_used: bool,
}

impl ValueReader {
    /// Resolves `raw` for the value called `name` (used in messages only).
    pub(crate) fn read(&mut self, name: &str, raw: &str) -> Result<Secret> {
        match ValueSource::parse(raw) {
            ValueSource::Literal(value) => checked(name, value.to_owned()),
            ValueSource::File(path) => {
                let bytes = std::fs::File::open(path)
                    .and_then(read_capped)
                    .map_err(|source| ValueError::Unreadable {
                        name: name.to_owned(),
                        path: path.to_owned(),
                        source,
                    })?;
                text(name, bytes)
            }
            ValueSource::Stdin => {
                if std::mem::replace(&mut self.stdin_used, true) {
                    return Err(ValueError::StdinTwice {
                        name: name.to_owned(),
                    }
                    .into());
                }
                let bytes = read_capped(std::io::stdin().lock())
                    .map_err(|e| Error::io("reading", "standard input", e))?;
                text(name, bytes)
            }
            ValueSource::Env(var) => match std::env::var(var) {
                Ok(value) if !value.is_empty() => checked(name, value),
                _ => Err(ValueError::EnvVarUnset {
                    name: name.to_owned(),
                    var: var.to_owned(),
                }
                .into()),
            },
        }
    }
}

/// Reads at most what [`text`] can accept (the cap and a trailing CRLF) plus one byte, so an
/// endless source is cut short and still refused as too long.
fn read_capped(source: impl Read) -> std::io::Result<Zeroizing<Vec<u8>>> {
    crate::secret::read_all(source.take(MAX_VALUE as u64 + 3))
}

/// Turns file or stdin bytes into a value: UTF-8, one trailing newline dropped (as `$(cat)` does).
fn text(name: &str, mut bytes: Zeroizing<Vec<u8>>) -> Result<Secret> {
    let mut value = String::from_utf8(std::mem::take(&mut *bytes)).map_err(|e| {
        e.into_bytes().zeroize();
        ValueError::NotText {
            name: name.to_owned(),
        }
    })?;
    if value.ends_with('\n') {
        value.pop();
        if value.ends_with('\r') {
            value.pop();
        }
    }
    checked(name, value)
}

/// Refuses an empty value, one over [`MAX_VALUE`], and one with a NUL byte (which no header,
/// URL or environment variable can carry, and which usually means a binary file was named).
fn checked(name: &str, value: String) -> Result<Secret> {
    let value = Secret::new(value);
    let text = value.expose();
    if text.is_empty() {
        return Err(ValueError::Empty {
            name: name.to_owned(),
        }
        .into());
    }
    if text.len() > MAX_VALUE {
        return Err(ValueError::TooLong {
            name: name.to_owned(),
        }
        .into());
    }
    if text.contains('\0') {
        return Err(ValueError::Nul {
            name: name.to_owned(),
        }
        .into());
    }
    Ok(value)
}

/// A value that cannot be used; the value itself is never in the message.
#[derive(Debug, thiserror::Error)]
pub enum ValueError {
    #[error("a {flag} value is not of the form KEY=VALUE")]
    NotKeyValue { flag: String },

    #[error("cannot read the value of `{name}` from {}: {source}", .path.display())]
    Unreadable {
        name: String,
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("`{name}=@-` reads standard input, which another value already read")]
    StdinTwice { name: String },

    #[error("`{name}=env:{var}` names an environment variable that is not set or empty")]
    EnvVarUnset { name: String, var: String },

    #[error("the value of `{name}` is not UTF-8 text")]
    NotText { name: String },

    #[error("the value of `{name}` is empty")]
    Empty { name: String },

    #[error("the value of `{name}` is longer than 64 KiB, the most tether accepts")]
    TooLong { name: String },

    #[error("the value of `{name}` contains a NUL byte")]
    Nul { name: String },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_parse() {
        assert_eq!(ValueSource::parse("abc"), ValueSource::Literal("abc"));
        assert_eq!(ValueSource::parse("@-"), ValueSource::Stdin);
        assert_eq!(
            ValueSource::parse("@/tmp/x"),
            ValueSource::File(Path::new("/tmp/x"))
        );
        assert_eq!(ValueSource::parse("env:KEY"), ValueSource::Env("KEY"));
    }

    #[test]
    fn pairs_split_on_the_first_equals() {
        assert_eq!(
            split_pair("password=a=b", "--param").unwrap(),
            ("password".to_owned(), "a=b".to_owned())
        );
        assert_eq!(split_pair("=x", "--param").unwrap_err().exit_code(), 2);
        let err = split_pair("hunter2", "--param").unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(!err.to_string().contains("hunter2"), "{err}");
        assert!(err.to_string().contains("--param"), "{err}");
    }

    #[test]
    fn files_lose_one_trailing_newline() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v");
        std::fs::write(&path, "s3cret\n\n").unwrap();
        let raw = format!("@{}", path.display());
        assert_eq!(
            ValueReader::default().read("k", &raw).unwrap().expose(),
            "s3cret\n"
        );
        let missing = format!("@{}", dir.path().join("nope").display());
        assert_eq!(
            ValueReader::default()
                .read("k", &missing)
                .unwrap_err()
                .exit_code(),
            2
        );
    }

    #[test]
    fn values_are_capped_and_nul_free() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v");
        let read = |contents: &[u8]| {
            std::fs::write(&path, contents).unwrap();
            ValueReader::default().read("k", &format!("@{}", path.display()))
        };
        let most = "x".repeat(MAX_VALUE);
        assert_eq!(
            read(format!("{most}\r\n").as_bytes()).unwrap().expose(),
            most
        );
        let err = read(format!("{most}y").as_bytes()).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("64 KiB"), "{err}");
        let err = read(b"top\0secret").unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("NUL"), "{err}");
        assert!(!err.to_string().contains("secret"), "{err}");
        // An endless source is cut short, then refused.
        #[cfg(unix)]
        {
            let err = ValueReader::default().read("k", "@/dev/zero").unwrap_err();
            assert_eq!(err.exit_code(), 2);
        }
        let long = "x".repeat(MAX_VALUE + 1);
        assert_eq!(
            ValueReader::default()
                .read("k", &long)
                .unwrap_err()
                .exit_code(),
            2
        );
    }
}
