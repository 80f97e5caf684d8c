//! The id of a vault record (`account/<account id>`, `client/<connector>`), made only here, and
//! its file name: an injective, lowercase-only encoding, safe on every file system
//! (case-insensitive ones included).

use std::fmt::{self, Write as _};
use std::str::FromStr;

use crate::error::{Error, Result};

/// Every record file ends with this.
const SUFFIX: &str = ".sealed";
/// Longest file name we make (most file systems allow 255 bytes).
const MAX_FILE_NAME: usize = 240;

const ACCOUNT: &str = "account/";
const CLIENT: &str = "client/";

/// What a vault record holds, and whose it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RecordId(String);

impl RecordId {
    /// The record of an account's secrets.
    #[must_use]
    pub fn account(account_id: &str) -> Self {
        Self(format!("{ACCOUNT}{account_id}"))
    }

    /// The record of the client secret configured for connector `connector_id`.
    #[must_use]
    pub fn client(connector_id: &str) -> Self {
        Self(format!("{CLIENT}{connector_id}"))
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The file name of the record: `a-z`, `0-9` and `-` stay, every other byte becomes `_`
    /// and two lowercase hex digits (so `account/3f9a` is `account_2f3f9a.sealed`).
    pub fn file_name(&self) -> Result<String> {
        let record = &self.0;
        if record.is_empty() || record.chars().any(char::is_control) {
            return Err(Error::Internal(format!(
                "invalid vault record id {record:?}"
            )));
        }
        let mut name = String::with_capacity(record.len() + SUFFIX.len());
        for b in record.bytes() {
            if b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' {
                name.push(char::from(b));
            } else {
                let _ = write!(name, "_{b:02x}");
            }
        }
        name.push_str(SUFFIX);
        if name.len() > MAX_FILE_NAME {
            return Err(Error::Internal(format!(
                "vault record id {record:?} is too long"
            )));
        }
        Ok(name)
    }

    /// The record of a file name made by [`RecordId::file_name`]; `None` for anything else.
    #[must_use]
    pub fn from_file_name(file_name: &str) -> Option<Self> {
        let stem = file_name.strip_suffix(SUFFIX)?;
        let mut bytes = Vec::with_capacity(stem.len());
        let mut rest = stem.as_bytes();
        while let Some((&b, tail)) = rest.split_first() {
            if b == b'_' {
                let hex = tail.get(..2)?;
                if !hex
                    .iter()
                    .all(|h| h.is_ascii_digit() || (b'a'..=b'f').contains(h))
                {
                    return None;
                }
                bytes.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
                rest = &tail[2..];
            } else if b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' {
                bytes.push(b);
                rest = tail;
            } else {
                return None;
            }
        }
        // Any id is taken, not only the kinds made today, so a rekey re-seals every record.
        let record = Self(String::from_utf8(bytes).ok()?);
        // Only the canonical spelling counts, so one record never has two files.
        (record.file_name().ok()? == file_name).then_some(record)
    }
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Not a record id: neither `account/ID` nor `client/CONNECTOR`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a vault record id (account/ID or client/CONNECTOR)")]
pub struct NotARecordId(String);

/// A record id as written (`account/ID`, `client/CONNECTOR`), for tests and tools.
impl FromStr for RecordId {
    type Err = NotARecordId;

    fn from_str(text: &str) -> std::result::Result<Self, Self::Err> {
        match text.split_once('/') {
            Some(("account", id)) if !id.is_empty() => Ok(Self::account(id)),
            Some(("client", id)) if !id.is_empty() => Ok(Self::client(id)),
            _ => Err(NotARecordId(text.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_and_reversible() {
        let cases = [
            (RecordId::account("3f9a"), "account_2f3f9a.sealed"),
            (RecordId::client("github"), "client_2fgithub.sealed"),
            (RecordId::account("Upper"), "account_2f_55pper.sealed"),
            (RecordId::account(".."), "account_2f_2e_2e.sealed"),
            (RecordId::account("a_b"), "account_2fa_5fb.sealed"),
            (RecordId::account("é"), "account_2f_c3_a9.sealed"),
        ];
        for (record, name) in cases {
            assert_eq!(record.file_name().unwrap(), name);
            assert_eq!(RecordId::from_file_name(name), Some(record));
        }
    }

    #[test]
    fn invalid_ids_and_foreign_files_are_refused() {
        assert!(RecordId::account("a\nb").file_name().is_err());
        assert!(RecordId::account(&"x".repeat(300)).file_name().is_err());
        for name in [
            ".account_2f1.sealed.123.tmp",
            "account_2f1",
            "A.sealed",
            "a_2F.sealed",
            "a_2.sealed",
            "_61.sealed",
            ".sealed",
        ] {
            assert_eq!(RecordId::from_file_name(name), None, "{name}");
        }
    }

    #[test]
    fn ids_parse_as_written() {
        assert_eq!("account/a".parse(), Ok(RecordId::account("a")));
        assert_eq!("client/github".parse(), Ok(RecordId::client("github")));
        for text in ["other/x", "account/", "account", ""] {
            assert!(text.parse::<RecordId>().is_err(), "{text}");
        }
    }
}
