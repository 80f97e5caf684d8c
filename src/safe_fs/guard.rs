//! Refuses what another user could have planted under tether's home: a symbolic link, a
//! directory or file owned by someone else, one that others may write, or a file far larger
//! than tether ever writes. Each refusal names the path, what it is to tether and the problem.

use std::fs::Metadata;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// What a checked path is to tether; the fix offered depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The top of tether's state (`TETHER_HOME`, `--home`, or a platform directory).
    Home,
    Dir,
    File,
}

/// A path of tether's home that tether will not use, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("refusing {}: {problem}", path.display())]
pub struct Refused {
    pub path: PathBuf,
    pub role: Role,
    pub problem: Problem,
}

/// Why a path was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error(
        "it is a symbolic link, and tether never follows links in its home (another user could point it elsewhere)"
    )]
    Symlink,
    /// Owned by `owner`, not by the effective user `me`.
    #[error(
        "it is owned by uid {owner}, not by you (uid {me}), so that user could change what tether reads"
    )]
    ForeignOwner { owner: u32, me: u32 },
    /// Its permission bits (`mode & 0o7777`) let its group or other users write it.
    #[error("its mode {mode:04o} lets {} change it", writers(*.mode))]
    Writable { mode: u32 },
    #[error(
        "it is {size} bytes, more than the {cap} bytes tether ever writes there, so tether did not write it"
    )]
    TooBig { size: u64, cap: u64 },
}

fn writers(mode: u32) -> &'static str {
    match (mode & 0o020 != 0, mode & 0o002 != 0) {
        (true, true) => "its group and other users",
        (true, false) => "its group",
        _ => "other users",
    }
}

/// The effective uid: the user whose files tether may trust (root included: a file owned by
/// `nobody` in root's home is foreign too).
/// Asked once: tether never changes its uid, and listings check thousands of files.
#[cfg(unix)]
pub(super) fn euid() -> u32 {
    static EUID: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *EUID.get_or_init(|| rustix::process::geteuid().as_raw())
}

/// Checks a directory's own metadata, taken without following links (`lstat`).
pub(super) fn dir(path: &Path, meta: &Metadata, role: Role) -> Result<()> {
    if meta.file_type().is_symlink() {
        return Err(symlink(path, role));
    }
    if !meta.is_dir() {
        return Err(wrong_kind(path, "a directory", meta));
    }
    owner_and_mode(path, meta, role)
}

/// Checks an opened file's metadata (`fstat` of the descriptor, so it is the file read).
pub(super) fn file(path: &Path, meta: &Metadata) -> Result<()> {
    if !meta.is_file() {
        return Err(wrong_kind(path, "a regular file", meta));
    }
    owner_and_mode(path, meta, Role::File)
}

/// A file of `size` bytes where tether never writes more than `cap`.
pub(super) fn too_big(path: &Path, size: u64, cap: u64) -> Error {
    refusal(path, Role::File, Problem::TooBig { size, cap })
}

/// A symbolic link where tether expects its own directory or file.
pub(super) fn symlink(path: &Path, role: Role) -> Error {
    refusal(path, role, Problem::Symlink)
}

/// Windows has ACLs rather than an owner and mode bits; only links and kinds are checked there.
#[cfg(not(unix))]
fn owner_and_mode(_: &Path, _: &Metadata, _: Role) -> Result<()> {
    Ok(())
}

#[cfg(unix)]
fn owner_and_mode(path: &Path, meta: &Metadata, role: Role) -> Result<()> {
    use std::os::unix::fs::MetadataExt;

    let me = euid();
    if meta.uid() != me {
        let owner = meta.uid();
        return Err(refusal(path, role, Problem::ForeignOwner { owner, me }));
    }
    let mode = meta.mode() & 0o7777;
    if mode & 0o022 != 0 {
        return Err(refusal(path, role, Problem::Writable { mode }));
    }
    Ok(())
}

/// Something other than what tether keeps at `path`: a mistake more likely than an attack
/// (`--home` naming a file), so an I/O error, as when the path is used.
fn wrong_kind(path: &Path, expected: &str, meta: &Metadata) -> Error {
    let message = format!("tether keeps {expected} there, but it is {}", kind(meta));
    Error::io("opening", path, std::io::Error::other(message))
}

fn refusal(path: &Path, role: Role, problem: Problem) -> Error {
    Refused {
        path: path.to_path_buf(),
        role,
        problem,
    }
    .into()
}

fn kind(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a directory";
    } else if t.is_file() {
        return "a file";
    } else if t.is_symlink() {
        return "a symbolic link";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe";
        } else if t.is_socket() {
            return "a socket";
        }
    }
    "a device"
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn loose_modes_name_who_may_write() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("d");
        std::fs::create_dir(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o775)).unwrap();
        let meta = std::fs::symlink_metadata(&dir).unwrap();
        let err = self::dir(&dir, &meta, Role::Dir).unwrap_err();
        let Error::Refused(refused) = &err else {
            panic!("{err:?}");
        };
        assert_eq!(refused.problem, Problem::Writable { mode: 0o775 });
        assert_eq!(refused.role, Role::Dir);
        let text = err.to_string();
        assert!(
            text.contains("mode 0775 lets its group change it"),
            "{text}"
        );
    }
}
