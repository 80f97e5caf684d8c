//! Durable file operations: private directories, atomic writes, and cross-process locks.
//!
//! Guarantees: a file written here is either the old or the new content, never a mix, even
//! if the process is killed at any instant; directories are `0700` and files `0600` from the
//! moment they exist.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Creates `dir` and its missing parents with mode `0700`. Each new directory's entry is
/// synced in its parent, so a file written durably into it cannot vanish with the directory.
pub fn ensure_private_dir(dir: &Path) -> Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    let parent = parent(dir);
    ensure_private_dir(parent)?;
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    match builder.create(dir) {
        // Another process made it meanwhile; it synced it.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        Err(e) => Err(Error::io("creating directory", dir, e)),
        Ok(()) => sync_dir_io(parent).map_err(|e| Error::io("syncing", parent, e)),
    }
}

/// Reads a file, or `None` when it does not exist.
pub fn read_optional(path: &Path) -> Result<Option<Vec<u8>>> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io("reading", path, e)),
    }
}

/// Replaces `path` with `contents`: temp file in the same directory, fsync, rename, fsync dir.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let dir = parent(path);
    ensure_private_dir(dir)?;
    let tmp = temp_path(path);
    let result = (|| {
        write_synced(&tmp, contents)?;
        fs::rename(&tmp, path)?;
        sync_dir_io(dir)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(|e| Error::io("writing", path, e))
}

/// Writes a new file with its data synced but no rename, for filling a directory that
/// nothing reads yet (a rekey's new records); the caller then calls [`sync_dir`] once.
pub fn write_new(path: &Path, contents: &[u8]) -> Result<()> {
    write_synced(path, contents).map_err(|e| Error::io("writing", path, e))
}

/// Makes the entries of `dir` (creations, renames, removals) durable.
pub fn sync_dir(dir: &Path) -> Result<()> {
    sync_dir_io(dir).map_err(|e| Error::io("syncing", dir, e))
}

/// Removes `path` durably; a missing file is not an error.
pub fn remove_durable(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Ok(()) => sync_dir_io(parent(path)).map_err(|e| Error::io("removing", path, e)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io("removing", path, e)),
    }
}

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
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(|e| Error::io("opening lock", &path, e))?;
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

fn parent(path: &Path) -> &Path {
    path.parent().unwrap_or_else(|| Path::new("."))
}

fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(Default::default, |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

/// Creates (or truncates) `path` with mode `0600` from the start, writes and syncs it.
fn write_synced(path: &Path, contents: &[u8]) -> io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(contents)?;
    file.sync_all()
}

fn sync_dir_io(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    let _ = dir;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_content_with_private_modes() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a/b/file.toml");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&path), 0o600);
            assert_eq!(mode(&tmp.path().join("a")), 0o700);
            assert_eq!(mode(&tmp.path().join("a/b")), 0o700);
        }
        let leftovers: Vec<_> = fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temp file is left behind");
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

    #[test]
    fn read_optional_distinguishes_missing() {
        let tmp = tempfile::tempdir().unwrap();
        assert_eq!(read_optional(&tmp.path().join("nope")).unwrap(), None);
        remove_durable(&tmp.path().join("nope")).unwrap();
    }
}
