//! Keyring entries a killed `vault init` or `vault rekey` may leave behind: each key id is
//! noted in `keyring-pending` before its entry is stored, and the next write removes every
//! noted entry the header does not name, so no master key of a vault that never came to be
//! (or no longer exists) stays in the OS keyring.

use std::path::{Path, PathBuf};

use super::header::is_key_id;
use super::keyring::{self, Keyring};
use crate::error::Result;
use crate::safe_fs;

const FILE_NAME: &str = "keyring-pending";

fn path(vault_dir: &Path) -> PathBuf {
    vault_dir.join(FILE_NAME)
}

/// Notes `key_ids` durably before their keyring entries are stored or become obsolete.
pub(super) fn note(vault_dir: &Path, key_ids: &[&str]) -> Result<()> {
    let mut ids = noted(vault_dir)?;
    for id in key_ids {
        if !ids.iter().any(|known| known == id) {
            ids.push((*id).to_owned());
        }
    }
    safe_fs::write_atomic(&path(vault_dir), ids.join("\n").as_bytes())
}

/// Forgets `key_id` without touching the keyring: its entry was never stored.
pub(super) fn forget(vault_dir: &Path, key_id: &str) -> Result<()> {
    let ids: Vec<String> = noted(vault_dir)?
        .into_iter()
        .filter(|id| id != key_id)
        .collect();
    if ids.is_empty() {
        safe_fs::remove_durable(&path(vault_dir))
    } else {
        safe_fs::write_atomic(&path(vault_dir), ids.join("\n").as_bytes())
    }
}

/// Under the state lock: deletes the keyring entries of noted key ids other than `current`
/// (the header's), then forgets them. An entry that cannot be deleted now stays noted.
pub(super) fn clear(vault_dir: &Path, keyring: &Keyring, current: Option<&str>) -> Result<()> {
    let ids = noted(vault_dir)?;
    if ids.is_empty() {
        return Ok(());
    }
    let mut kept = Vec::new();
    for id in ids {
        if Some(id.as_str()) == current {
            continue;
        }
        if keyring.delete(&keyring::entry_user(&id)).is_err() {
            kept.push(id);
        }
    }
    if kept.is_empty() {
        safe_fs::remove_durable(&path(vault_dir))
    } else {
        safe_fs::write_atomic(&path(vault_dir), kept.join("\n").as_bytes())
    }
}

/// The noted key ids; anything that is not a key id is ignored (it names no entry of ours).
fn noted(vault_dir: &Path) -> Result<Vec<String>> {
    let Some(bytes) = safe_fs::read_optional(&path(vault_dir))? else {
        return Ok(Vec::new());
    };
    Ok(String::from_utf8_lossy(&bytes)
        .lines()
        .filter(|id| is_key_id(id))
        .map(str::to_owned)
        .collect())
}
