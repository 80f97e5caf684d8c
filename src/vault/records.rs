//! Where records live: one file per record in `records-<key id>/`, named by its
//! [`RecordId::file_name`].
//!
//! Guarantees: reading or writing one record touches only its own file (no directory scan),
//! so the cost is flat in the number of records; temp files (dot files) are never taken for
//! records.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::record_id::RecordId;
use crate::error::{Error, Result};
use crate::safe_fs;

/// The directory holding the records sealed with key `key_id`.
#[must_use]
pub(super) fn dir(vault_dir: &Path, key_id: &str) -> PathBuf {
    vault_dir.join(format!("records-{key_id}"))
}

/// The key id named by a records directory name, if it is one.
fn key_id_of(dir_name: &str) -> Option<&str> {
    dir_name.strip_prefix("records-")
}

/// Every record file in `dir` as (record id, path), sorted; an absent directory is empty.
/// Files that are not records (temp files of an interrupted write) are skipped.
pub(super) fn list(dir: &Path) -> Result<Vec<(RecordId, PathBuf)>> {
    let Some(entries) = safe_fs::read_dir(dir)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io("listing", dir, e))?;
        if let Some(record) = entry
            .file_name()
            .to_str()
            .and_then(RecordId::from_file_name)
        {
            out.push((record, entry.path()));
        }
    }
    out.sort();
    Ok(out)
}

/// The number of record files in `dir`.
pub(super) fn count(dir: &Path) -> Result<usize> {
    list(dir).map(|records| records.len())
}

/// The records directories in `vault_dir` other than the one of `keep`, with their key ids.
pub(super) fn other_dirs(vault_dir: &Path, keep: Option<&str>) -> Result<Vec<PathBuf>> {
    let Some(entries) = safe_fs::read_dir(vault_dir)? else {
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
pub(super) fn remove_stale(vault_dir: &Path, current: &str) -> Result<usize> {
    let stale = other_dirs(vault_dir, Some(current))?;
    for dir in &stale {
        remove_dir(dir)?;
    }
    if !stale.is_empty() {
        safe_fs::sync_dir(vault_dir)?;
    }
    Ok(stale.len())
}

/// Removes a records directory and everything in it.
pub(super) fn remove_dir(dir: &Path) -> Result<()> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(Error::io("removing", dir, e)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listing_skips_temp_files_and_stale_dirs_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let vault = tmp.path();
        let current = dir(vault, "0123456789abcdef");
        fs::create_dir_all(&current).unwrap();
        let (a, b) = (RecordId::account("1"), RecordId::client("2"));
        safe_fs::write_new(&current.join(b.file_name().unwrap()), b"x").unwrap();
        safe_fs::write_new(&current.join(a.file_name().unwrap()), b"x").unwrap();
        fs::write(current.join(".account_2f1.sealed.77.tmp"), b"x").unwrap();
        let listed: Vec<RecordId> = list(&current)
            .unwrap()
            .into_iter()
            .map(|(r, _)| r)
            .collect();
        assert_eq!(listed, [a, b]);
        assert_eq!(count(&dir(vault, "ffffffffffffffff")).unwrap(), 0);

        fs::create_dir_all(dir(vault, "ffffffffffffffff")).unwrap();
        fs::write(vault.join("records-note.txt"), b"not a dir").unwrap();
        assert_eq!(remove_stale(vault, "0123456789abcdef").unwrap(), 1);
        assert!(current.exists());
        assert!(vault.join("records-note.txt").exists());
        assert!(!dir(vault, "ffffffffffffffff").exists());
    }
}
