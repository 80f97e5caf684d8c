//! Cross-process locks: an exclusive advisory lock on a private (`0600`) lock file, re-entrant
//! within a thread, released on drop or when the process dies.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

use super::{ensure_private_dir, guard, open_guarded, parent, private_mode};

/// An exclusive advisory lock on a file, released on drop (or when the process dies).
///
/// Re-entrant within a thread: a command that holds the state lock can call code that takes
/// it again. Other threads and processes wait, since each holder opens the file itself.
#[derive(Debug)]
pub struct FileLock {
    path: PathBuf,
}

thread_local! {
    /// The locks this thread holds: path → (the locked file, how many guards share it).
    static HELD: RefCell<HashMap<PathBuf, (File, usize)>> = RefCell::new(HashMap::new());
}

impl FileLock {
    /// Blocks until the lock at `path` is held by this thread.
    pub fn acquire(path: &Path) -> Result<Self> {
        let path = path.to_path_buf();
        let nested = HELD
            .with_borrow_mut(|held| held.get_mut(&path).map(|(_, count)| *count += 1).is_some());
        if !nested {
            ensure_private_dir(parent(&path))?;
            let file = open_lock(&path)?;
            file.lock().map_err(|e| Error::io("locking", &path, e))?;
            HELD.with_borrow_mut(|held| held.insert(path.clone(), (file, 1)));
        }
        Ok(Self { path })
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        HELD.with_borrow_mut(|held| {
            if let Some((_, count)) = held.get_mut(&self.path) {
                *count -= 1;
                if *count == 0 {
                    // Closing the file releases the lock.
                    held.remove(&self.path);
                }
            }
        });
    }
}

/// Opens (creating `0600`) a lock file, which must be a file of this user's. Its content never
/// matters, so one left group-writable by an older tether under a loose umask is made `0600`
/// rather than refused.
fn open_lock(path: &Path) -> Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    private_mode(&mut options);
    match open_guarded(&options, path) {
        Ok(Some((file, _))) => Ok(file),
        Err(Error::Refused(_)) if fix_lock_mode(path)? => open_lock(path),
        // Created, so missing only if its directory vanished meanwhile.
        Ok(None) => Err(Error::io(
            "opening lock",
            path,
            io::ErrorKind::NotFound.into(),
        )),
        Err(e) => Err(e),
    }
}

/// Tightens a lock file of ours that others may write; true when it did.
fn fix_lock_mode(path: &Path) -> Result<bool> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let meta = std::fs::symlink_metadata(path).map_err(|e| Error::io("checking", path, e))?;
        if meta.is_file() && meta.uid() == guard::euid() && meta.mode() & 0o022 != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
                .map_err(|e| Error::io("securing", path, e))?;
            return Ok(true);
        }
    }
    let _ = path;
    Ok(false)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::fs;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_loose_lock_file_of_ours_is_tightened() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("home");
        super::super::register_home(&root, &root.join("locks/state.lock"));
        let lock = root.join("locks/other.lock");
        drop(FileLock::acquire(&lock).unwrap());
        fs::set_permissions(&lock, fs::Permissions::from_mode(0o666)).unwrap();
        drop(FileLock::acquire(&lock).unwrap());
        let mode = fs::metadata(&lock).unwrap().permissions().mode();
        assert_eq!(mode & 0o7777, 0o600);
    }

    #[test]
    fn locks_are_reentrant_in_a_thread_and_exclusive_across_threads() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicBool, Ordering};

        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("locks/state.lock");
        let outer = FileLock::acquire(&path).unwrap();
        let inner = FileLock::acquire(&path).unwrap();
        drop(inner);
        let entered = Arc::new(AtomicBool::new(false));
        let other = {
            let (path, entered) = (path.clone(), Arc::clone(&entered));
            std::thread::spawn(move || {
                let _lock = FileLock::acquire(&path).unwrap();
                entered.store(true, Ordering::SeqCst);
            })
        };
        std::thread::sleep(std::time::Duration::from_millis(100));
        assert!(
            !entered.load(Ordering::SeqCst),
            "another thread waits while the lock is held"
        );
        drop(outer);
        other.join().unwrap();
        assert!(entered.load(Ordering::SeqCst));
    }
}
