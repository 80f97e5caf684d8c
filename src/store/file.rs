//! The one way metadata files are read: text checked to be UTF-8, TOML parsed with the line
//! and column of any problem. Writes all go through [`super::Transaction`].

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::StoreError;
use crate::connector::position;
use crate::error::{Error, Result};
use crate::safe_fs;

/// The text of `path`, or `None` when the file does not exist. `not_text` is the error for
/// bytes that are not UTF-8, at the line and column of the first bad byte.
pub(crate) fn read_text(
    path: &Path,
    not_text: impl FnOnce(PathBuf, usize, usize) -> Error,
) -> Result<Option<String>> {
    let Some(bytes) = safe_fs::read_optional(path)? else {
        return Ok(None);
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Some(text)),
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let (line, column) = position::line_column(valid, valid.len());
            Err(not_text(path.to_path_buf(), line, column))
        }
    }
}

/// Reads one TOML record, or `None` when the file does not exist.
pub(crate) fn read<T: DeserializeOwned>(path: &Path) -> Result<Option<T>> {
    let damaged = |path, line, column, message: &str| StoreError::Damaged {
        path,
        line,
        column,
        message: message.to_owned(),
    };
    let not_text = |path, line, column| damaged(path, line, column, "it is not UTF-8").into();
    let Some(text) = read_text(path, not_text)? else {
        return Ok(None);
    };
    toml::from_str(&text).map(Some).map_err(|e| {
        let (line, column) = position::of_toml_error(&text, &e);
        damaged(path.to_path_buf(), line, column, e.message().trim()).into()
    })
}

/// One TOML record as the bytes a transaction writes.
pub(crate) fn encode<T: Serialize>(path: &Path, value: &T) -> Result<Vec<u8>> {
    toml::to_string_pretty(value)
        .map(String::into_bytes)
        .map_err(|e| Error::Internal(format!("cannot encode {}: {e}", path.display())))
}

/// The TOML files of a directory, by stem, sorted; hidden ones are skipped. A missing
/// directory is empty.
pub(crate) fn list_stems(dir: &Path) -> Result<Vec<String>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct Record {
        name: String,
    }

    #[test]
    fn a_damaged_file_is_reported_with_its_position() {
        let home = tempfile::tempdir().unwrap();
        let path = home.path().join("x.toml");
        assert!(read::<Record>(&path).unwrap().is_none());
        std::fs::write(&path, "name = \"a\"\n").unwrap();
        assert_eq!(read::<Record>(&path).unwrap().unwrap().name, "a");

        std::fs::write(&path, "# edited by hand\nname = 42\n").unwrap();
        let err = read::<Record>(&path).unwrap_err();
        let Error::Store(StoreError::Damaged { line, column, .. }) = &err else {
            panic!("{err}");
        };
        assert_eq!((*line, *column), (2, 8));
        assert!(
            err.to_string().contains("x.toml:2:8: cannot be read"),
            "{err}"
        );

        std::fs::write(&path, b"name = \"a\"\n\xff").unwrap();
        let err = read::<Record>(&path).unwrap_err();
        assert!(
            err.to_string()
                .contains(":2:1: cannot be read: it is not UTF-8"),
            "{err}"
        );
    }
}
