//! Connections and authorized accounts on disk: human-readable TOML metadata, one file per
//! record so that reading one costs the same however many there are. Secrets live in the
//! vault (see [`secrets`]).

pub mod account;
pub mod bindings;
pub mod connection;
pub mod fingerprint;
pub mod journal;
pub mod secrets;

pub use journal::{StateLock, Transaction, settle};

use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use crate::paths::Paths;
use crate::safe_fs;

/// The lock that serializes every write of metadata and vault records across processes;
/// taking it finishes any change a crashed process left half-applied.
pub fn lock_state(paths: &Paths) -> Result<StateLock> {
    StateLock::acquire(paths)
}

/// Reads one TOML record, or `None` when the file does not exist.
fn read_toml<T: DeserializeOwned>(path: &Path) -> Result<Option<T>> {
    let Some(bytes) = safe_fs::read_optional(path)? else {
        return Ok(None);
    };
    let text = String::from_utf8(bytes).map_err(|_| damaged(path, "it is not UTF-8"))?;
    toml::from_str(&text)
        .map(Some)
        .map_err(|e| damaged(path, e.message()))
}

/// One TOML record as the bytes a file or a transaction holds.
fn toml_bytes<T: Serialize>(path: &Path, value: &T) -> Result<Vec<u8>> {
    toml::to_string_pretty(value)
        .map(String::into_bytes)
        .map_err(|e| Error::Internal(format!("cannot encode {}: {e}", path.display())))
}

/// The TOML files of a directory, by stem, sorted. A missing directory is empty.
fn list_stems(dir: &Path) -> Result<Vec<String>> {
    let Some(entries) = safe_fs::read_dir(dir)? else {
        return Ok(Vec::new());
    };
    let mut stems = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| Error::io("listing", dir, e))?.path();
        let stem = path.file_stem().and_then(|s| s.to_str());
        if let Some(stem) =
            stem.filter(|s| !s.starts_with('.') && path.extension().is_some_and(|x| x == "toml"))
        {
            stems.push(stem.to_owned());
        }
    }
    stems.sort();
    Ok(stems)
}

fn damaged(path: &Path, why: &str) -> Error {
    Error::invalid(
        format!("{} cannot be read: {why}", path.display()),
        "fix or remove the file by hand; tether writes it atomically, so it was edited outside tether",
    )
}
