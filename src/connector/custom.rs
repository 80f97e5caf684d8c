//! Custom connectors on disk: `connectors/<id>.toml` under the config directory, written
//! atomically under the state lock, and the connections that use a connector.
//!
//! Guarantees: a stored file is exactly the text that was validated; nothing is written or
//! removed unless every check passed.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::paths::Paths;
use crate::safe_fs;

use super::builtin;
use super::model::Connector;

/// Where the custom connector `id` lives. `id` must already be a valid id.
#[must_use]
pub(crate) fn file(paths: &Paths, id: &str) -> PathBuf {
    paths.connectors_dir().join(format!("{id}.toml"))
}

/// The text of the custom connector `id`, if there is one.
pub(crate) fn read(path: &Path) -> Result<Option<String>> {
    let Some(bytes) = safe_fs::read_optional(path)? else {
        return Ok(None);
    };
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| Error::ConnectorFile {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            message: "the file is not UTF-8 text; save it as UTF-8".into(),
        })
}

/// The ids of the custom connectors on disk, sorted. Temporary and hidden files are skipped.
pub fn ids(paths: &Paths) -> Result<Vec<String>> {
    let dir = paths.connectors_dir();
    let Some(entries) = safe_fs::read_dir(&dir)? else {
        return Ok(Vec::new());
    };
    let mut ids = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io("listing", &dir, e))?;
        let name = entry.file_name();
        let Some(id) = name.to_str().and_then(|n| n.strip_suffix(".toml")) else {
            continue;
        };
        if super::validate_id("connector id", id).is_ok() {
            ids.push(id.to_owned());
        }
    }
    ids.sort();
    Ok(ids)
}

/// Stores `text` (already parsed and validated into `connector`) as a custom connector.
/// Returns whether a previous definition was replaced.
pub fn save(paths: &Paths, connector: &Connector, text: &str) -> Result<bool> {
    refuse_builtin_id(&connector.id)?;
    let _lock = crate::store::lock_state(paths)?;
    let path = file(paths, &connector.id);
    let replaced = path.exists();
    safe_fs::write_atomic(&path, text.as_bytes())?;
    Ok(replaced)
}

/// A custom connector may not take a built-in's id: `load` would then resolve the id to
/// something other than what the catalog documents.
pub(crate) fn refuse_builtin_id(id: &str) -> Result<()> {
    if builtin::is_builtin(id) {
        return Err(Error::invalid(
            format!(
                "`{id}` is the id of a built-in connector; a custom connector needs an id of its own"
            ),
            format!("change `id` in the file (e.g. `{id}-custom`) and import it again"),
        ));
    }
    Ok(())
}

/// Removes the custom connector `id`, refusing while a connection uses it.
pub fn delete(paths: &Paths, id: &str) -> Result<()> {
    super::validate_id("connector id", id)?;
    let _lock = crate::store::lock_state(paths)?;
    let path = file(paths, id);
    if !path.exists() {
        if builtin::is_builtin(id) {
            return Err(Error::invalid(
                format!("`{id}` is a built-in connector and cannot be deleted"),
                "only custom connectors (see `tether connector list --custom`) can be deleted",
            ));
        }
        return Err(super::unknown(paths, id));
    }
    let users = users(paths, id)?;
    if !users.is_empty() {
        let names = users
            .iter()
            .map(|u| format!("`{u}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let first = &users[0];
        return Err(Error::invalid(
            format!("connector `{id}` is used by connection(s) {names}; it was not deleted"),
            format!("delete those connections first (e.g. `tether connection delete {first}`)"),
        ));
    }
    safe_fs::remove_durable(&path)
}

/// The fields of a connection file this module needs; everything else is ignored.
#[derive(Debug, Deserialize)]
struct ConnectionRef {
    connector: Option<String>,
    link_name: Option<String>,
}

/// The link names of the connections that use connector `id`, sorted. Connection files that
/// cannot be read as TOML are skipped: they belong to another module, which reports them.
pub fn users(paths: &Paths, id: &str) -> Result<Vec<String>> {
    let dir = paths.connections_dir();
    let Some(entries) = safe_fs::read_dir(&dir)? else {
        return Ok(Vec::new());
    };
    let mut users = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| Error::io("listing", &dir, e))?.path();
        let Some(stem) = path
            .file_name()
            .and_then(|n| n.to_str())
            .filter(|n| !n.starts_with('.'))
            .and_then(|n| n.strip_suffix(".toml"))
        else {
            continue;
        };
        // A file that cannot be read as TOML is skipped, but one that is refused is not.
        let Some(bytes) = safe_fs::read_optional(&path)? else {
            continue;
        };
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        let Ok(connection) = toml::from_str::<ConnectionRef>(&text) else {
            continue;
        };
        if connection.connector.as_deref() == Some(id) {
            users.push(connection.link_name.unwrap_or_else(|| stem.to_owned()));
        }
    }
    users.sort();
    Ok(users)
}
