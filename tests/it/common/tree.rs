//! Directory trees as data: every entry or file below a directory (links not followed), its
//! files with their bytes, and putting such a snapshot back.

use std::path::{Path, PathBuf};

/// Every directory and file below `dir`, sorted; a link is listed, never followed. Empty when
/// `dir` does not exist.
#[must_use]
pub(crate) fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(entry.path());
            }
            out.push(entry.path());
        }
    }
    out.sort();
    out
}

/// Every file below `dir` (anything but a directory), sorted.
#[must_use]
pub(crate) fn files(dir: &Path) -> Vec<PathBuf> {
    entries(dir)
        .into_iter()
        .filter(|p| std::fs::symlink_metadata(p).is_ok_and(|m| !m.is_dir()))
        .collect()
}

/// Every file below `dir` with its bytes, sorted: equal snapshots mean nothing changed.
#[must_use]
pub(crate) fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    files(dir)
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect()
}

/// Replaces `dir` with the files of `saved`, a [`snapshot`] of it: what copying an old backup
/// of a directory back does.
pub(crate) fn restore(dir: &Path, saved: &[(PathBuf, Vec<u8>)]) {
    std::fs::remove_dir_all(dir).unwrap();
    for (path, bytes) in saved {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

/// Copies every file below `from` to the same place below `to`.
pub(crate) fn copy(from: &Path, to: &Path) {
    for (path, bytes) in snapshot(from) {
        let target = to.join(path.strip_prefix(from).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, bytes).unwrap();
    }
}
