//! Refuses what another user could have planted under tether's home: a symbolic link, a
//! directory or file owned by someone else, one that others may write, or a file far larger
//! than tether ever writes. Each refusal is exit 4 and names the path, the problem and the fix.

use std::fs::Metadata;
use std::path::Path;

use crate::error::{Error, Result};

/// What a checked path is to tether; the fix offered depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// The top of tether's state (`TETHER_HOME`, `--home`, or a platform directory).
    Home,
    Dir,
    File,
}

/// The effective uid: the user whose files tether may trust (root included: a file owned by
/// `nobody` in root's home is foreign too).
#[cfg(unix)]
pub(super) fn euid() -> u32 {
    rustix::process::geteuid().as_raw()
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
    refusal(
        path,
        &format!(
            "it is {size} bytes, more than the {cap} bytes tether ever writes there, so tether did not write it"
        ),
        &format!(
            "restore it from a backup, or move it away (`mv {0} {0}.bad`) after checking what it is",
            quote(path)
        ),
    )
}

/// A symbolic link where tether expects its own directory or file.
pub(super) fn symlink(path: &Path, role: Role) -> Error {
    let problem = "it is a symbolic link, and tether never follows links in its home (another user could point it elsewhere)";
    let fix = match role {
        Role::Home => format!(
            "give the real directory with --home DIR or TETHER_HOME (see `readlink -f {}`), or replace the link with a directory",
            quote(path)
        ),
        Role::Dir | Role::File => format!(
            "remove the link (`rm {}`); if what it points to is yours, move that in its place instead",
            quote(path)
        ),
    };
    refusal(path, problem, &fix)
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
        let (recursive, rm) = match role {
            Role::File => ("", "rm"),
            Role::Home | Role::Dir => (" -R", "rm -r"),
        };
        let take_back = if me == 0 {
            format!(
                "if it is yours, take it back with `chown{recursive} 0 {}`",
                quote(path)
            )
        } else {
            format!(
                "if it is yours (made by `sudo tether`, say), take it back with `sudo chown{recursive} {me} {}`",
                quote(path)
            )
        };
        let fix = match role {
            Role::Home => format!("use a home you own (--home DIR or TETHER_HOME); {take_back}"),
            Role::Dir | Role::File => {
                format!(
                    "{take_back}; otherwise check and remove it (`{rm} {}`)",
                    quote(path)
                )
            }
        };
        return Err(refusal(
            path,
            &format!(
                "it is owned by uid {}, not by you (uid {me}), so that user could change what tether reads",
                meta.uid()
            ),
            &fix,
        ));
    }
    let mode = meta.mode() & 0o7777;
    if mode & 0o022 != 0 {
        let who = match (mode & 0o020 != 0, mode & 0o002 != 0) {
            (true, true) => "its group and other users",
            (true, false) => "its group",
            _ => "other users",
        };
        let private = if role == Role::File { "600" } else { "700" };
        return Err(refusal(
            path,
            &format!("its mode {mode:04o} lets {who} change it"),
            &format!("run `chmod {private} {}`", quote(path)),
        ));
    }
    Ok(())
}

/// Something other than what tether keeps at `path`: a mistake more likely than an attack
/// (`--home` naming a file), so an I/O error, as when the path is used.
fn wrong_kind(path: &Path, expected: &str, meta: &Metadata) -> Error {
    let message = format!("tether keeps {expected} there, but it is {}", kind(meta));
    Error::io("opening", path, std::io::Error::other(message))
}

fn refusal(path: &Path, problem: &str, fix: &str) -> Error {
    Error::vault(format!("refusing {}: {problem}", path.display()), fix)
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

/// `path` as one shell word, so a hint can be pasted as is (macOS homes contain spaces).
fn quote(path: &Path) -> String {
    let text = path.display().to_string();
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+,:@%=".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn hints_quote_paths_for_the_shell() {
        assert_eq!(quote(Path::new("/tmp/a/.b-c")), "/tmp/a/.b-c");
        assert_eq!(
            quote(Path::new("/Users/x/Library/Application Support/tether")),
            "'/Users/x/Library/Application Support/tether'"
        );
        assert_eq!(quote(Path::new("/it's")), r"'/it'\''s'");
    }

    #[test]
    fn loose_modes_name_who_may_write_and_the_chmod() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("d");
        std::fs::create_dir(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o775)).unwrap();
        let meta = std::fs::symlink_metadata(&dir).unwrap();
        let err = self::dir(&dir, &meta, Role::Dir).unwrap_err();
        assert_eq!(err.exit_code(), 4);
        let text = err.to_string();
        assert!(
            text.contains("mode 0775 lets its group change it"),
            "{text}"
        );
        assert!(
            text.contains(&format!("chmod 700 {}", dir.display())),
            "{text}"
        );
    }
}
