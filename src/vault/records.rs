//! Where records live: one file per record in `records-<key id>/`, named by an injective,
//! lowercase-only encoding of the record id.
//!
//! Guarantees: reading or writing one record touches only its own file (no directory scan),
//! so the cost is flat in the number of records; file names are safe on every file system,
//! case-insensitive ones included; temp files (dot files) are never taken for records.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::fsx;

/// Every record file ends with this.
const SUFFIX: &str = ".sealed";
/// Longest file name we make (most file systems allow 255 bytes).
const MAX_FILE_NAME: usize = 240;

/// The directory holding the records sealed with key `key_id`.
#[must_use]
pub fn dir(vault_dir: &Path, key_id: &str) -> PathBuf {
    vault_dir.join(format!("records-{key_id}"))
}

/// The key id named by a records directory name, if it is one.
fn key_id_of(dir_name: &str) -> Option<&str> {
    dir_name.strip_prefix("records-")
}

/// The file name of `record`: `a-z`, `0-9` and `-` stay, every other byte becomes `_` and
/// two lowercase hex digits (so `account/3f9a` is `account_2f3f9a.sealed`).
pub fn file_name(record: &str) -> Result<String> {
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

/// The record id of a file name made by [`file_name`]; `None` for anything else.
#[must_use]
pub fn record_of(file_name: &str) -> Option<String> {
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
    let record = String::from_utf8(bytes).ok()?;
    // Only the canonical spelling counts, so one record never has two files.
    (self::file_name(&record).ok()? == file_name).then_some(record)
}

/// Every record file in `dir` as (record id, path), sorted; an absent directory is empty.
/// Files that are not records (temp files of an interrupted write) are skipped.
pub fn list(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let Some(entries) = fsx::read_dir(dir)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io("listing", dir, e))?;
        if let Some(record) = entry.file_name().to_str().and_then(record_of) {
            out.push((record, entry.path()));
        }
    }
    out.sort();
    Ok(out)
}

/// The number of record files in `dir`.
pub fn count(dir: &Path) -> Result<usize> {
    list(dir).map(|records| records.len())
}

/// The records directories in `vault_dir` other than the one of `keep`, with their key ids.
pub fn other_dirs(vault_dir: &Path, keep: Option<&str>) -> Result<Vec<PathBuf>> {
    let Some(entries) = fsx::read_dir(vault_dir)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io("listing", vault_dir, e))?;
        let name = entry.file_name();
        let Some(id) = name.to_str().and_then(key_id_of) else {
            continue;
        };
        if Some(id) != keep && entry.file_type().is_ok_and(|t| t.is_dir()) {
            out.push(entry.path());
        }
    }
    Ok(out)
}

/// Removes records directories left by an interrupted rekey: those the header does not name.
pub fn remove_stale(vault_dir: &Path, current: &str) -> Result<usize> {
    let stale = other_dirs(vault_dir, Some(current))?;
    for dir in &stale {
        remove_dir(dir)?;
    }
    if !stale.is_empty() {
        fsx::sync_dir(vault_dir)?;
    }
    Ok(stale.len())
}

/// Removes a records directory and everything in it.
pub fn remove_dir(dir: &Path) -> Result<()> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(Error::io("removing", dir, e)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_and_reversible() {
        let cases = [
            ("account/3f9a", "account_2f3f9a.sealed"),
            ("client/github", "client_2fgithub.sealed"),
            ("Upper", "_55pper.sealed"),
            ("..", "_2e_2e.sealed"),
            ("a_b", "a_5fb.sealed"),
            ("é", "_c3_a9.sealed"),
        ];
        for (record, name) in cases {
            assert_eq!(file_name(record).unwrap(), name);
            assert_eq!(record_of(name).as_deref(), Some(record));
        }
    }

    #[test]
    fn invalid_ids_and_foreign_files_are_refused() {
        assert!(file_name("").is_err());
        assert!(file_name("a\nb").is_err());
        assert!(file_name(&"x".repeat(300)).is_err());
        for name in [
            ".account_2f1.sealed.123.tmp",
            "account_2f1",
            "A.sealed",
            "a_2F.sealed",
            "a_2.sealed",
            "_61.sealed",
        ] {
            assert_eq!(record_of(name), None, "{name}");
        }
    }

    #[test]
    fn listing_skips_temp_files_and_stale_dirs_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let vault = tmp.path();
        let current = dir(vault, "0123456789abcdef");
        fs::create_dir_all(&current).unwrap();
        fsx::write_new(&current.join(file_name("b/2").unwrap()), b"x").unwrap();
        fsx::write_new(&current.join(file_name("a/1").unwrap()), b"x").unwrap();
        fs::write(current.join(".a_2f1.sealed.77.tmp"), b"x").unwrap();
        let listed: Vec<String> = list(&current)
            .unwrap()
            .into_iter()
            .map(|(r, _)| r)
            .collect();
        assert_eq!(listed, ["a/1", "b/2"]);
        assert_eq!(count(&dir(vault, "ffffffffffffffff")).unwrap(), 0);

        fs::create_dir_all(dir(vault, "ffffffffffffffff")).unwrap();
        fs::write(vault.join("records-note.txt"), b"not a dir").unwrap();
        assert_eq!(remove_stale(vault, "0123456789abcdef").unwrap(), 1);
        assert!(current.exists());
        assert!(vault.join("records-note.txt").exists());
        assert!(!dir(vault, "ffffffffffffffff").exists());
    }
}
