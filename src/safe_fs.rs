//! Durable, guarded file operations under tether's homes: private directories, capped reads
//! that never follow a link, atomic writes, and cross-process locks.
//!
//! Guarantees:
//! - A file written here is either the old or the new content, never a mix, even if the
//!   process is killed at any instant; directories are `0700` and files `0600` from the moment
//!   they exist, whatever the umask.
//! - Under a registered home ([`register_home`]), every directory from the home down is checked
//!   once per process and every file read is checked on its open descriptor: a symbolic link,
//!   another user's directory or file, one that others may write, or a file over
//!   [`MAX_FILE`] is refused ([`Refused`]). Files are opened with `O_NOFOLLOW`, so a
//!   link swapped in after a check fails to open instead of being followed.
//! - Temp files: a write stages its content in the home's `tmp/` directory under a name of its
//!   own (`O_EXCL`, `O_NOFOLLOW`, `0600`), then renames it into place. Every write holds the
//!   home's state lock (taken here if the caller does not hold it already), so the writer that
//!   holds it is the only one alive that can have a file in `tmp/`: it removes whatever is
//!   there first, which are orphans of killed writers. Orphans therefore never outlive the next
//!   write, and finding them costs one listing of a directory that is almost always empty.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{Error, Result};

mod guard;
mod homes;
mod lock;

pub use guard::{Problem, Refused, Role};
pub use lock::FileLock;

/// The largest file tether reads from its home. Far above anything it writes (a connector, a
/// connection, a sealed record), so only a file planted or damaged outside tether reaches it.
pub const MAX_FILE: u64 = 1024 * 1024;

/// The directory of each home where writes stage their temp files.
pub const TMP_DIR: &str = "tmp";

/// Declares `root` a home of tether's, whose writes are serialized by `state_lock`. Called by
/// [`crate::paths::Paths`] for every home it resolves; nothing is touched on disk.
pub fn register_home(root: &Path, state_lock: &Path) {
    homes::register(root, state_lock);
}

/// Creates `dir` and its missing parents with mode `0700`, checking each existing directory
/// from its home down. Each new directory's entry is synced in its parent, so a file written
/// durably into it cannot vanish with the directory.
pub fn ensure_private_dir(dir: &Path) -> Result<()> {
    walk(dir, Missing::Create)
}

/// Reads a file of tether's home, or `None` when it does not exist. Refuses a link,
/// another user's file, one that others may write, and one over [`MAX_FILE`].
pub fn read_optional(path: &Path) -> Result<Option<Vec<u8>>> {
    walk(parent(path), Missing::Stop)?;
    let mut options = OpenOptions::new();
    options.read(true);
    let Some((file, meta)) = open_guarded(&options, path)? else {
        return Ok(None);
    };
    let size = meta.len();
    if size > MAX_FILE {
        return Err(guard::too_big(path, size, MAX_FILE));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or_default());
    // The cap holds even for a file that grows after the check.
    file.take(MAX_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io("reading", path, e))?;
    if bytes.len() as u64 > MAX_FILE {
        return Err(guard::too_big(path, bytes.len() as u64, MAX_FILE));
    }
    Ok(Some(bytes))
}

/// Opens a file of tether's home for appending, created `0600` when missing, checked as
/// [`read_optional`] checks what it opens but for the size, which is returned with it. Each
/// `write` of the file then lands at its end, whoever else appends meanwhile (`O_APPEND`).
pub fn open_append(path: &Path) -> Result<(File, u64)> {
    ensure_private_dir(parent(path))?;
    let mut options = OpenOptions::new();
    options.append(true).create(true);
    private_mode(&mut options);
    match open_guarded(&options, path)? {
        Some((file, meta)) => Ok((file, meta.len())),
        // Created, so missing only if its directory vanished meanwhile.
        None => Err(Error::io("opening", path, io::ErrorKind::NotFound.into())),
    }
}

/// Marks the existing file `path` as changed now, checked as [`read_optional`] checks what it
/// opens; `false` when it does not exist.
pub fn touch(path: &Path) -> Result<bool> {
    let mut options = OpenOptions::new();
    options.write(true);
    let Some((file, _)) = open_guarded(&options, path)? else {
        return Ok(false);
    };
    file.set_modified(std::time::SystemTime::now())
        .map_err(|e| Error::io("marking the time of", path, e))?;
    Ok(true)
}

/// When `path` (a file or directory, not followed if a link) last changed, or `None` when it
/// does not exist.
pub fn modified(path: &Path) -> Result<Option<std::time::SystemTime>> {
    match fs::symlink_metadata(path).and_then(|meta| meta.modified()) {
        Ok(time) => Ok(Some(time)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io("checking", path, e)),
    }
}

/// Opens a file of tether's home for reading as a stream of at most `cap` bytes, checked as
/// [`read_optional`] checks it but for the size; `None` when it does not exist.
pub fn open_stream(path: &Path, cap: u64) -> Result<Option<io::Take<File>>> {
    walk(parent(path), Missing::Stop)?;
    let mut options = OpenOptions::new();
    options.read(true);
    Ok(open_guarded(&options, path)?.map(|(file, _)| file.take(cap)))
}

/// The version of a file of tether's home, taken without opening it and checked as
/// [`read_optional`] checks what it opens; `None` when it does not exist.
fn version(path: &Path) -> Result<Option<Version>> {
    let meta = match fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io("checking", path, e)),
    };
    if meta.file_type().is_symlink() {
        return Err(guard::symlink(path, Role::File));
    }
    guard::file(path, &meta)?;
    if meta.len() > MAX_FILE {
        return Err(guard::too_big(path, meta.len(), MAX_FILE));
    }
    Ok(Some(Version::of(&meta)))
}

/// A directory of tether's home held open, so that its files are checked by name without
/// walking the whole path each time (a listing checks thousands).
#[derive(Debug)]
pub struct OpenDir {
    path: std::path::PathBuf,
    #[cfg(unix)]
    fd: std::os::fd::OwnedFd,
}

/// Opens a directory of tether's home, checked like every directory on the way; `None` when
/// it does not exist.
pub fn open_dir(dir: &Path) -> Result<Option<OpenDir>> {
    walk(dir, Missing::Stop)?;
    #[cfg(unix)]
    {
        use rustix::fs::{Mode, OFlags};
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        match rustix::fs::open(dir, flags, Mode::empty()) {
            Ok(fd) => Ok(Some(OpenDir {
                path: dir.to_path_buf(),
                fd,
            })),
            Err(rustix::io::Errno::NOENT) => Ok(None),
            Err(e) => Err(Error::io("opening", dir, e.into())),
        }
    }
    #[cfg(not(unix))]
    Ok(dir.is_dir().then(|| OpenDir {
        path: dir.to_path_buf(),
    }))
}

impl OpenDir {
    /// The version of the directory itself: it changes whenever a file is added, removed or
    /// replaced by a rename in it (not when a file is rewritten in place).
    pub fn own_version(&self) -> Result<Version> {
        #[cfg(unix)]
        {
            let meta = rustix::fs::fstat(&self.fd)
                .map_err(|e| Error::io("checking", &self.path, e.into()))?;
            Ok(Version::of_stat(&meta))
        }
        #[cfg(not(unix))]
        fs::metadata(&self.path)
            .map(|meta| Version::of(&meta))
            .map_err(|e| Error::io("checking", &self.path, e))
    }

    /// The version of the file `name` in this directory, checked as [`version`] checks it;
    /// `None` when it does not exist.
    pub fn version(&self, name: &str) -> Result<Option<Version>> {
        #[cfg(unix)]
        {
            use rustix::fs::{AtFlags, FileType};
            let stat = match rustix::fs::statat(&self.fd, name, AtFlags::SYMLINK_NOFOLLOW) {
                Ok(stat) => stat,
                Err(rustix::io::Errno::NOENT) => return Ok(None),
                Err(e) => return Err(Error::io("checking", self.path.join(name), e.into())),
            };
            let size = u64::try_from(stat.st_size).unwrap_or(u64::MAX);
            let acceptable = FileType::from_raw_mode(stat.st_mode) == FileType::RegularFile
                && stat.st_uid == guard::euid()
                && stat.st_mode & 0o022 == 0
                && size <= MAX_FILE;
            if acceptable {
                return Ok(Some(Version::of_stat(&stat)));
            }
        }
        // Refused, or not unix: the checks of a path say exactly why.
        version(&self.path.join(name))
    }
}

/// What tells one version of a file from another without reading it: its inode, size, and
/// the times of its last write and of its last change of any kind (which no one can set).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Version {
    inode: u64,
    size: u64,
    modified_ns: i128,
    changed_ns: i128,
}

impl Version {
    #[cfg(unix)]
    fn of_stat(stat: &rustix::fs::Stat) -> Self {
        let ns = |secs: i128, nanos: i128| secs * 1_000_000_000 + nanos;
        Self {
            inode: stat.st_ino,
            size: u64::try_from(stat.st_size).unwrap_or(u64::MAX),
            modified_ns: ns(stat.st_mtime.into(), stat.st_mtime_nsec.into()),
            changed_ns: ns(stat.st_ctime.into(), stat.st_ctime_nsec.into()),
        }
    }

    #[cfg(unix)]
    fn of(meta: &fs::Metadata) -> Self {
        use std::os::unix::fs::MetadataExt;
        let ns = |secs: i64, nanos: i64| i128::from(secs) * 1_000_000_000 + i128::from(nanos);
        Self {
            inode: meta.ino(),
            size: meta.len(),
            modified_ns: ns(meta.mtime(), meta.mtime_nsec()),
            changed_ns: ns(meta.ctime(), meta.ctime_nsec()),
        }
    }

    #[cfg(not(unix))]
    fn of(meta: &fs::Metadata) -> Self {
        let ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos().try_into().unwrap_or(i128::MAX));
        Self {
            inode: 0,
            size: meta.len(),
            modified_ns: ns,
            changed_ns: ns,
        }
    }

    /// Whether the file last changed at least `margin` before `now`: a later change within
    /// the same tick of the file system's clock would then show in its times.
    #[must_use]
    pub fn settled(&self, now: std::time::SystemTime, margin: std::time::Duration) -> bool {
        let now = now
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos().try_into().unwrap_or(i128::MAX));
        self.changed_ns.max(self.modified_ns) + i128::try_from(margin.as_nanos()).unwrap_or(0)
            <= now
    }
}

/// [`read_optional`] for a file that must exist.
pub fn read(path: &Path) -> Result<Vec<u8>> {
    read_optional(path)?.ok_or_else(|| {
        Error::io(
            "reading",
            path,
            io::Error::new(io::ErrorKind::NotFound, "the file disappeared"),
        )
    })
}

/// The entries of a directory of tether's home, checked like every directory on the way;
/// `None` when it does not exist.
pub fn read_dir(dir: &Path) -> Result<Option<fs::ReadDir>> {
    walk(dir, Missing::Stop)?;
    match fs::read_dir(dir) {
        Ok(entries) => Ok(Some(entries)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io("listing", dir, e)),
    }
}

/// Replaces `path` with `contents`: temp file, fsync, rename, fsync of the directory. In a
/// home, under its state lock, with the temp file in the home's [`TMP_DIR`] (see the module
/// documentation); elsewhere, with a temp file of its own beside `path`.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    replace(path, true, |file| file.write_all(contents))
}

/// [`write_atomic`] for a cache, whose content `fill` streams into the file, without the
/// syncs: after a crash it may be the old content, the new one, or cut short, never a mix of
/// two writes; readers must accept all three.
pub fn write_cache(path: &Path, fill: impl FnOnce(&mut File) -> io::Result<()>) -> Result<()> {
    replace(path, false, fill)
}

fn replace(
    path: &Path,
    durable: bool,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> Result<()> {
    let dir = parent(path);
    ensure_private_dir(dir)?;
    let home = homes::home_of(path);
    let _lock = home
        .as_ref()
        .map(|home| FileLock::acquire(&home.state_lock))
        .transpose()?;
    let tmp = if let Some(home) = &home {
        let staging = home.root.join(TMP_DIR);
        ensure_private_dir(&staging)?;
        remove_orphans(&staging)?;
        staging.join(format!("{}.tmp", unique_name()))
    } else {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        dir.join(format!(".{name}.{}.tmp", unique_name()))
    };
    let result = (|| {
        let mut file = create_new_file(&tmp)?;
        write(&mut file)?;
        if durable {
            file.sync_all()?;
        }
        drop(file);
        fs::rename(&tmp, path)?;
        if durable {
            sync_dir_io(dir)?;
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(|e| Error::io("writing", path, e))
}

/// Writes a new file with its data synced but no rename, for filling a directory that
/// nothing reads yet (a rekey's new records); the caller then calls [`sync_dir`] once.
pub fn write_new(path: &Path, contents: &[u8]) -> Result<()> {
    walk(parent(path), Missing::Stop)?;
    write_synced(path, contents).map_err(|e| Error::io("writing", path, e))
}

/// Creates the new file `path` with `contents`, and its missing directories, all private,
/// without syncing anything: for filling a tree that nothing reads yet (a rebuilt index),
/// which the caller makes durable at once with [`sync_filesystem`] before publishing it.
pub fn create_unsynced(path: &Path, contents: &[u8]) -> Result<()> {
    let dir = parent(path);
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .map_err(|e| Error::io("creating directory", dir, e))?;
    create_new_file(path)
        .and_then(|mut file| file.write_all(contents))
        .map_err(|e| Error::io("writing", path, e))
}

/// Makes every write to the filesystem holding `dir` durable: one call for a whole tree made
/// by [`create_unsynced`] (each of its directories synced one by one would cost thousands).
pub fn sync_filesystem(dir: &Path) -> Result<()> {
    let synced = File::open(dir).and_then(|d| {
        #[cfg(target_os = "linux")]
        return rustix::fs::syncfs(&d).map_err(io::Error::from);
        #[cfg(not(target_os = "linux"))]
        return d.sync_all();
    });
    synced.map_err(|e| Error::io("syncing", dir, e))
}

/// Moves the directory `from` to `to` (which must not exist), durably; both lie in the same
/// directory of a home.
pub fn rename_dir(from: &Path, to: &Path) -> Result<()> {
    walk(parent(to), Missing::Stop)?;
    fs::rename(from, to)
        .and_then(|()| sync_dir_io(parent(to)))
        .map_err(|e| Error::io("renaming", from, e))
}

/// Removes a directory of a home and everything in it; a missing one is not an error.
pub fn remove_tree(dir: &Path) -> Result<()> {
    walk(parent(dir), Missing::Stop)?;
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(Error::io("removing", dir, e)),
        _ => Ok(()),
    }
}

/// Makes the entries of `dir` (creations, renames, removals) durable.
pub fn sync_dir(dir: &Path) -> Result<()> {
    sync_dir_io(dir).map_err(|e| Error::io("syncing", dir, e))
}

/// Removes `path` durably; a missing file is not an error.
pub fn remove_durable(path: &Path) -> Result<()> {
    walk(parent(path), Missing::Stop)?;
    match fs::remove_file(path) {
        Ok(()) => sync_dir_io(parent(path)).map_err(|e| Error::io("removing", path, e)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io("removing", path, e)),
    }
}

/// Opens `path` without following a link and checks the open file; `None` when it does not
/// exist (and `options` does not create it).
fn open_guarded(options: &OpenOptions, path: &Path) -> Result<Option<(File, fs::Metadata)>> {
    let mut options = options.clone();
    no_follow(&mut options);
    let file = match options.open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            // ELOOP on Linux, EMLINK on some BSDs: ask the file system rather than errno.
            if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
                return Err(guard::symlink(path, Role::File));
            }
            return Err(Error::io("opening", path, e));
        }
    };
    let meta = file
        .metadata()
        .map_err(|e| Error::io("checking", path, e))?;
    guard::file(path, &meta)?;
    Ok(Some((file, meta)))
}

/// What [`walk`] does at a directory that does not exist.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Missing {
    Create,
    /// Stop: what is below it does not exist either, and opening it will say so.
    Stop,
}

/// Checks each directory from the home of `dir` down to `dir`, each once per process. Outside a
/// home nothing is checked (the parents of a home are not tether's).
fn walk(dir: &Path, missing: Missing) -> Result<()> {
    let Some(home) = homes::home_of(dir) else {
        return match missing {
            Missing::Create => ensure_dir_unchecked(dir),
            Missing::Stop => Ok(()),
        };
    };
    if missing == Missing::Create && !homes::is_checked(&home.root) {
        ensure_dir_unchecked(parent(&home.root))?;
    }
    for step in homes::chain(&home.root, dir) {
        if homes::is_checked(&step) {
            continue;
        }
        let role = role_of(&home, &step);
        match fs::symlink_metadata(&step) {
            Ok(meta) => guard::dir(&step, &meta, role)?,
            Err(e) if e.kind() == io::ErrorKind::NotFound && missing == Missing::Stop => {
                return Ok(());
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => match create_dir(&step) {
                // Ours and 0700 (a umask only removes bits): nothing to check.
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    let meta =
                        fs::symlink_metadata(&step).map_err(|e| Error::io("checking", &step, e))?;
                    guard::dir(&step, &meta, role)?;
                }
                Err(e) => return Err(Error::io("creating directory", &step, e)),
            },
            Err(e) => return Err(Error::io("checking", &step, e)),
        }
        homes::mark_checked(&step);
    }
    Ok(())
}

fn role_of(home: &homes::Home, dir: &Path) -> Role {
    if dir == home.root {
        Role::Home
    } else {
        Role::Dir
    }
}

/// Removes every file in a home's staging directory. Only called under the home's state lock,
/// when no live writer can have a temp file there.
fn remove_orphans(staging: &Path) -> Result<()> {
    let entries = fs::read_dir(staging).map_err(|e| Error::io("listing", staging, e))?;
    let mut removed = false;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io("listing", staging, e))?;
        if entry.file_type().is_ok_and(|t| !t.is_dir()) {
            match fs::remove_file(entry.path()) {
                Ok(()) => removed = true,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io("removing", entry.path(), e)),
            }
        }
    }
    if removed {
        sync_dir(staging)?;
    }
    Ok(())
}

/// A name no other live writer uses: the process id and a per-process counter.
fn unique_name() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!(
        "{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// Creates missing directories `0700` without checks: the parents of a home are not tether's.
fn ensure_dir_unchecked(dir: &Path) -> Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    ensure_dir_unchecked(parent(dir))?;
    match create_dir(dir) {
        // Another process made it meanwhile; it synced it.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        Err(e) => Err(Error::io("creating directory", dir, e)),
        Ok(()) => Ok(()),
    }
}

/// Creates one directory `0700` and syncs its entry in the parent.
fn create_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)?;
    sync_dir_io(parent(dir))
}

/// The directory `path` is in; `.` for a bare file name (whose `parent` is the empty path).
fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."))
}

/// Creates `path` (which must not exist) with mode `0600` from the start, writes and syncs it.
fn write_synced(path: &Path, contents: &[u8]) -> io::Result<()> {
    let mut file = create_new_file(path)?;
    file.write_all(contents)?;
    file.sync_all()
}

/// Creates `path`, which must not exist, with mode `0600` from the start.
fn create_new_file(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    private_mode(&mut options);
    no_follow(&mut options);
    options.open(path)
}

fn private_mode(options: &mut OpenOptions) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let _ = options;
}

/// `O_NOFOLLOW`: a link in the last component fails to open. `O_NONBLOCK` too, so a named pipe
/// cannot hang the open (it is then refused as not a regular file); regular files ignore it.
fn no_follow(options: &mut OpenOptions) {
    #[cfg(unix)]
    {
        use rustix::fs::OFlags;
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags((OFlags::NOFOLLOW | OFlags::NONBLOCK).bits().cast_signed());
    }
    let _ = options;
}

fn sync_dir_io(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    let _ = dir;
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{PermissionsExt, symlink};
    use std::path::PathBuf;

    /// A registered home in a fresh temp dir.
    fn home() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("home");
        register_home(&root, &root.join("locks/state.lock"));
        (tmp, root)
    }

    fn mode(path: &Path) -> u32 {
        fs::symlink_metadata(path).unwrap().permissions().mode() & 0o7777
    }

    /// Checks that `err` refuses `path` for `problem`; the text shown, hint included.
    fn refusal(err: &Error, path: &Path, problem: &str) -> String {
        let Error::Refused(refused) = err else {
            panic!("not a refusal: {err:?}");
        };
        assert_eq!(refused.path, path);
        let text = crate::cli::diagnose::diagnose(err).to_text();
        assert!(text.contains(problem), "{text}");
        assert_eq!(err.exit_code(), 4, "{err}");
        text
    }

    #[test]
    fn atomic_write_replaces_content_with_private_modes() {
        let (_tmp, root) = home();
        let path = root.join("a/b/file.toml");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(read_optional(&path).unwrap().unwrap(), b"two");
        assert_eq!(mode(&path), 0o600);
        for dir in ["", "a", "a/b", TMP_DIR, "locks"] {
            assert_eq!(mode(&root.join(dir)), 0o700, "{dir}");
        }
        assert_eq!(mode(&root.join("locks/state.lock")), 0o600);
        let leftovers: Vec<_> = fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temp file is left beside the target");
        assert_eq!(fs::read_dir(root.join(TMP_DIR)).unwrap().count(), 0);
    }

    #[test]
    fn atomic_write_outside_a_home_leaves_nothing_behind() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("out/file");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read_dir(tmp.path().join("out")).unwrap().count(), 1);
    }

    #[test]
    fn the_next_write_removes_temp_files_of_killed_writers() {
        let (_tmp, root) = home();
        write_atomic(&root.join("x/a.toml"), b"a").unwrap();
        let staging = root.join(TMP_DIR);
        for orphan in ["123-0.tmp", "123-1.tmp", ".odd"] {
            fs::write(staging.join(orphan), b"half").unwrap();
        }
        write_atomic(&root.join("y/b.toml"), b"b").unwrap();
        assert_eq!(fs::read_dir(&staging).unwrap().count(), 0);
    }

    #[test]
    fn writes_wait_for_the_state_lock() {
        use std::sync::mpsc;

        let (_tmp, root) = home();
        let path = root.join("c/x.toml");
        let held = FileLock::acquire(&root.join("locks/state.lock")).unwrap();
        let (done, finished) = mpsc::channel();
        let writer = {
            let path = path.clone();
            std::thread::spawn(move || {
                write_atomic(&path, b"x").unwrap();
                done.send(()).unwrap();
            })
        };
        assert!(
            finished
                .recv_timeout(std::time::Duration::from_millis(200))
                .is_err(),
            "a write went ahead while another thread held the state lock"
        );
        drop(held);
        writer.join().unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"x");
    }

    #[test]
    fn links_are_never_followed() {
        let (tmp, root) = home();
        let outside = tmp.path().join("outside");
        fs::create_dir(&outside).unwrap();
        fs::write(outside.join("a.toml"), b"planted").unwrap();
        fs::create_dir_all(root.join("files")).unwrap();

        let file = root.join("files/a.toml");
        symlink(outside.join("a.toml"), &file).unwrap();
        refusal(&read_optional(&file).unwrap_err(), &file, "symbolic link");

        let dir = root.join("linked");
        symlink(&outside, &dir).unwrap();
        let err = read_optional(&dir.join("a.toml")).unwrap_err();
        refusal(&err, &dir, "symbolic link");
        refusal(&read_dir(&dir).unwrap_err(), &dir, "symbolic link");
        let err = write_atomic(&dir.join("a.toml"), b"mine").unwrap_err();
        refusal(&err, &dir, "symbolic link");
        assert_eq!(fs::read(outside.join("a.toml")).unwrap(), b"planted");
    }

    #[test]
    fn a_linked_home_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().join("real");
        fs::create_dir(&real).unwrap();
        let root = tmp.path().join("home");
        symlink(&real, &root).unwrap();
        register_home(&root, &root.join("locks/state.lock"));
        let err = read_optional(&root.join("a.toml")).unwrap_err();
        let text = refusal(&err, &root, "symbolic link");
        assert!(text.contains("--home"), "{text}");
    }

    #[test]
    fn what_others_may_write_is_refused() {
        let (_tmp, root) = home();
        fs::create_dir_all(root.join("open")).unwrap();
        fs::create_dir_all(root.join("shut")).unwrap();
        fs::set_permissions(root.join("open"), fs::Permissions::from_mode(0o777)).unwrap();
        let err = read_optional(&root.join("open/a.toml")).unwrap_err();
        let text = refusal(&err, &root.join("open"), "mode 0777");
        assert!(text.contains("chmod 700"), "{text}");

        let file = root.join("shut/a.toml");
        fs::write(&file, b"x").unwrap();
        fs::set_permissions(&file, fs::Permissions::from_mode(0o602)).unwrap();
        let err = read_optional(&file).unwrap_err();
        let text = refusal(&err, &file, "mode 0602 lets other users change it");
        assert!(text.contains("chmod 600"), "{text}");
    }

    #[test]
    fn what_another_user_owns_is_refused() {
        if guard::euid() != 0 {
            assert!(std::env::var_os("CI").is_none(), "CI runs this as root");
            return;
        }
        let (_tmp, root) = home();
        let file = root.join("d/a.toml");
        write_atomic(&file, b"x").unwrap();
        std::os::unix::fs::chown(&file, Some(65534), None).unwrap();
        refusal(
            &read_optional(&file).unwrap_err(),
            &file,
            "owned by uid 65534",
        );

        let dir = root.join("e");
        fs::create_dir(&dir).unwrap();
        std::os::unix::fs::chown(&dir, Some(65534), None).unwrap();
        refusal(&read_dir(&dir).unwrap_err(), &dir, "owned by uid 65534");
    }

    #[test]
    fn files_over_the_cap_are_refused_unread() {
        let (_tmp, root) = home();
        let path = root.join("big.toml");
        write_atomic(&path, b"x").unwrap();
        File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_len(MAX_FILE + 1)
            .unwrap();
        let err = read_optional(&path).unwrap_err();
        refusal(&err, &path, &format!("{} bytes", MAX_FILE + 1));
    }

    #[test]
    fn read_optional_distinguishes_missing() {
        let (_tmp, root) = home();
        assert_eq!(read_optional(&root.join("nope")).unwrap(), None);
        assert_eq!(read_optional(&root.join("no/dir/nope")).unwrap(), None);
        assert!(read_dir(&root.join("no")).unwrap().is_none());
        remove_durable(&root.join("nope")).unwrap();
    }
}
