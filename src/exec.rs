//! Finding the program `tether exec` runs along PATH, and why it could not hand over to it: the
//! facts, for the command layer to explain (with the exit codes shells use).

/// The command could not be started, or the connections to give it conflict.
#[derive(Debug, thiserror::Error)]
pub enum ExecError {
    #[error("command `{program}` not found")]
    NotFound { program: String },

    #[error("cannot run `{program}`: permission denied")]
    PermissionDenied { program: String },

    /// Any other reason the system gave.
    #[error("cannot run `{program}`: {source}")]
    NotRunnable {
        program: String,
        source: std::io::Error,
    },

    /// Two connections export the same variable.
    #[error("connections `{first}` and `{second}` both export `{name}`; nothing was run")]
    SameVariable {
        first: String,
        second: String,
        name: String,
    },

    /// An env file sets a variable a connection exports.
    #[error("{}:{line} sets `{name}`, which connection `{link}` exports; nothing was run", path.display())]
    FileAndConnection {
        path: std::path::PathBuf,
        line: usize,
        link: String,
        name: String,
    },
}

impl ExecError {
    /// Why `program` could not be started.
    #[must_use]
    pub fn not_started(program: &str, error: std::io::Error) -> Self {
        let program = program.to_owned();
        match error.kind() {
            std::io::ErrorKind::NotFound => Self::NotFound { program },
            std::io::ErrorKind::PermissionDenied => Self::PermissionDenied { program },
            _ => Self::NotRunnable {
                program,
                source: error,
            },
        }
    }
}

/// Where `program` is, found the way `execvp` finds it: a name with a `/` is used as is;
/// otherwise each directory of `path` in turn (`/bin:/usr/bin` when PATH is unset; an empty
/// entry is the current directory) holds the first executable file of that name. A match that
/// may not be run (or is a directory) is passed over and reported only when nothing else is
/// found, as `execvp` does. It costs one `access` per directory where `execvp` tries a whole
/// `execve` in each.
///
/// # Errors
///
/// `NotFound` when no directory holds it, `PermissionDenied` when only files that may not be
/// run were found, and what the system said when a directory could not be searched otherwise.
#[cfg(unix)]
pub(crate) fn locate(
    program: &std::ffi::OsStr,
    path: Option<&std::ffi::OsStr>,
) -> std::io::Result<std::path::PathBuf> {
    use std::io::ErrorKind;
    use std::os::unix::ffi::OsStrExt as _;
    use std::path::PathBuf;

    if program.is_empty() {
        return Err(ErrorKind::NotFound.into());
    }
    if program.as_bytes().contains(&b'/') {
        return Ok(PathBuf::from(program));
    }
    // glibc's default search path (confstr _CS_PATH), which execvp uses without PATH.
    let path = path.unwrap_or_else(|| std::ffi::OsStr::new("/bin:/usr/bin"));
    let mut denied = false;
    for dir in path.as_bytes().split(|&b| b == b':') {
        let candidate = candidate(dir, program);
        match rustix::fs::access(&candidate, rustix::fs::Access::EXEC_OK) {
            // A directory passes X_OK (it is searchable) but, like any non-regular file, cannot
            // be run.
            Ok(()) if std::fs::metadata(&candidate).is_ok_and(|m| m.is_file()) => {
                return Ok(candidate);
            }
            Ok(()) | Err(rustix::io::Errno::ACCESS) => denied = true,
            // The errors execvp passes over: nothing runnable under that directory.
            Err(
                rustix::io::Errno::NOENT
                | rustix::io::Errno::NOTDIR
                | rustix::io::Errno::STALE
                | rustix::io::Errno::NODEV
                | rustix::io::Errno::TIMEDOUT,
            ) => {}
            Err(other) => return Err(other.into()),
        }
    }
    Err(if denied {
        ErrorKind::PermissionDenied
    } else {
        ErrorKind::NotFound
    }
    .into())
}

/// `DIR/NAME`, or `./NAME` for an empty entry: a bare `NAME` would be searched along PATH again.
#[cfg(unix)]
fn candidate(dir: &[u8], program: &std::ffi::OsStr) -> std::path::PathBuf {
    use std::os::unix::ffi::OsStrExt as _;
    let dir = if dir.is_empty() { b"." } else { dir };
    std::path::Path::new(std::ffi::OsStr::from_bytes(dir)).join(program)
}

#[cfg(all(test, unix))]
mod tests {
    use std::ffi::{OsStr, OsString};
    use std::io::ErrorKind;
    use std::os::unix::fs::PermissionsExt as _;
    use std::path::{Path, PathBuf};

    use super::{candidate, locate};

    fn file(dir: &Path, name: &str, mode: u32) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        path
    }

    fn search(dirs: &[&Path]) -> OsString {
        std::env::join_paths(dirs).unwrap()
    }

    #[test]
    fn a_name_with_a_slash_is_used_as_is() {
        for name in ["./tool", "/no/such/tool", "sub/tool"] {
            assert_eq!(
                locate(OsStr::new(name), Some(OsStr::new("/bin"))).unwrap(),
                Path::new(name)
            );
        }
    }

    #[test]
    fn the_first_executable_file_along_the_path_wins() {
        let root = tempfile::tempdir().unwrap();
        let [empty, denied, dir, found, later] =
            ["empty", "denied", "dir", "found", "later"].map(|d| {
                let path = root.path().join(d);
                std::fs::create_dir(&path).unwrap();
                path
            });
        file(&denied, "tool", 0o644);
        std::fs::create_dir(dir.join("tool")).unwrap();
        let expected = file(&found, "tool", 0o755);
        file(&later, "tool", 0o755);
        let path = search(&[&empty, &denied, &dir, &found, &later]);
        assert_eq!(locate(OsStr::new("tool"), Some(&path)).unwrap(), expected);
    }

    #[test]
    fn nothing_runnable_is_not_found_or_denied() {
        let root = tempfile::tempdir().unwrap();
        let path = search(&[root.path()]);
        let missing = locate(OsStr::new("tool"), Some(&path)).unwrap_err();
        assert_eq!(missing.kind(), ErrorKind::NotFound);
        file(root.path(), "tool", 0o644);
        let denied = locate(OsStr::new("tool"), Some(&path)).unwrap_err();
        assert_eq!(denied.kind(), ErrorKind::PermissionDenied);
        std::fs::create_dir(root.path().join("dir")).unwrap();
        let dir = locate(OsStr::new("dir"), Some(&path)).unwrap_err();
        assert_eq!(dir.kind(), ErrorKind::PermissionDenied);
        let empty = locate(OsStr::new(""), Some(&path)).unwrap_err();
        assert_eq!(empty.kind(), ErrorKind::NotFound);
    }

    #[test]
    fn an_empty_entry_is_the_current_directory_and_no_path_is_the_default() {
        assert_eq!(candidate(b"", OsStr::new("tool")), Path::new("./tool"));
        assert_eq!(
            candidate(b"/bin", OsStr::new("tool")),
            Path::new("/bin/tool")
        );
        assert_eq!(
            locate(OsStr::new("sh"), None).unwrap(),
            Path::new("/bin/sh")
        );
    }
}
