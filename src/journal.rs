//! Changes to several files of the home made atomic as a whole.
//!
//! Guarantee: after a crash (kill, power loss, full disk) at any instant, the home holds
//! exactly the state before a change or exactly the state after it. A change of more than one
//! file is first written whole to `journal.json` (one atomic rename: the commit point), then
//! applied file by file, then the journal is removed. Whoever next takes the state lock rolls
//! an unfinished journal forward; a reader that sees a journal waits for the lock, so no one
//! acts on a half-applied change. Applying is idempotent (each file is replaced or removed
//! whole), so a crash during roll-forward is rolled forward again.

use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::fault;
use crate::paths::Paths;
use crate::safe_fs::{self, FileLock};

const FILE_NAME: &str = "journal.json";

/// A journal of an interrupted change that tether did not write.
#[derive(Debug, thiserror::Error)]
#[error(
    "the vault was altered: the journal {} of an interrupted change is not one tether wrote",
    path.display()
)]
pub struct JournalAltered {
    pub path: PathBuf,
}

/// Proof that this thread holds the state lock, with any interrupted change rolled forward.
/// Everything that writes state takes one by reference.
#[derive(Debug)]
pub struct StateLock {
    _lock: FileLock,
}

impl StateLock {
    /// Blocks until the state lock is held, then finishes a change a crashed writer left.
    pub fn acquire(paths: &Paths) -> Result<Self> {
        let lock = FileLock::acquire(&paths.state_lock())?;
        roll_forward(paths)?;
        Ok(Self { _lock: lock })
    }
}

/// Makes sure no change is half-applied before this process reads the home: when a journal
/// is present, waits for its writer (the state lock) and finishes it if that writer died.
/// Costs one `stat` when there is nothing to do.
pub fn settle(paths: &Paths) -> Result<()> {
    if journal_path(paths).exists() {
        StateLock::acquire(paths)?;
    }
    Ok(())
}

/// The files one change replaces or removes, in order.
#[derive(Debug, Default)]
pub struct Transaction {
    ops: Vec<Op>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Root {
    Config,
    Data,
}

#[derive(Debug, Serialize, Deserialize)]
struct Op {
    root: Root,
    /// Relative to the root, with normal components only.
    path: PathBuf,
    /// The new contents (base64 in the journal); `None` removes the file.
    #[serde(with = "contents")]
    contents: Option<Vec<u8>>,
}

#[derive(Serialize, Deserialize)]
struct Journal {
    ops: Vec<Op>,
}

impl Transaction {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Replaces (or creates) `path` with `contents` when the change commits. A later
    /// operation on the same path supersedes an earlier one.
    pub fn write(&mut self, path: PathBuf, contents: Vec<u8>) {
        self.push(path, Some(contents));
    }

    /// Removes `path` when the change commits; a file that does not exist is not an error.
    pub fn remove(&mut self, path: PathBuf) {
        self.push(path, None);
    }

    fn push(&mut self, path: PathBuf, contents: Option<Vec<u8>>) {
        // Stored absolute until commit, when the roots are known.
        self.ops.retain(|op| op.path != path);
        self.ops.push(Op {
            root: Root::Config,
            path,
            contents,
        });
    }

    /// What this change will leave at `path`, when it touches it: `Some(None)` for a removal.
    #[must_use]
    pub fn staged(&self, path: &Path) -> Option<Option<&[u8]>> {
        self.ops
            .iter()
            .find(|op| op.path == path)
            .map(|op| op.contents.as_deref())
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// Applies the change atomically as a whole, under the state lock. In a home whose state
    /// is shared, the shared files go upstream first, all or nothing: a change refused there
    /// is not made here either.
    pub fn commit(self, paths: &Paths, lock: &StateLock) -> Result<()> {
        let mut ops = self.relative_ops(paths)?;
        if let Some(upstream) = UPSTREAM.get() {
            let staged: Vec<Staged<'_>> = ops
                .iter()
                .map(|op| Staged {
                    path: &op.path,
                    contents: op.contents.as_deref(),
                })
                .collect();
            for (path, contents) in upstream.push(&staged)? {
                ops.push(relative(paths, &path, Some(contents))?);
            }
        }
        apply_all(paths, lock, ops)
    }

    /// Applies the change to this home's files only, under the state lock: for what was read
    /// from upstream.
    pub fn commit_here(self, paths: &Paths, lock: &StateLock) -> Result<()> {
        let ops = self.relative_ops(paths)?;
        apply_all(paths, lock, ops)
    }

    fn relative_ops(self, paths: &Paths) -> Result<Vec<Op>> {
        self.ops
            .into_iter()
            .map(|op| relative(paths, &op.path, op.contents))
            .collect()
    }
}

/// One file of a change as upstream sees it: its path relative to tether's home (the same
/// whichever root it lies under) and its new contents, `None` for a removal.
// Only a shared home (the `etcd` feature) has an upstream.
#[cfg_attr(not(feature = "etcd"), allow(dead_code))]
#[derive(Debug)]
pub(crate) struct Staged<'a> {
    pub(crate) path: &'a Path,
    pub(crate) contents: Option<&'a [u8]>,
}

/// Where the shared part of every change goes before this home's files, when the home's
/// state is shared with other machines.
pub(crate) trait Upstream: Send + Sync {
    /// Makes the shared files of `change` upstream, all or none; returns further files to
    /// write here with the change (what upstream's answer says about this copy).
    fn push(&self, change: &[Staged<'_>]) -> Result<Vec<(PathBuf, Vec<u8>)>>;
}

/// The upstream of this process, set once when the home is found to be shared. A process
/// serves one home, and the store's writers reach the journal from many places: a global
/// spares each of them a parameter that only a shared home uses.
static UPSTREAM: std::sync::OnceLock<Box<dyn Upstream>> = std::sync::OnceLock::new();

/// Sends every later change through `upstream` first. Only the first call counts.
#[cfg_attr(not(feature = "etcd"), allow(dead_code))]
pub(crate) fn set_upstream(upstream: Box<dyn Upstream>) {
    let _ = UPSTREAM.set(upstream);
}

/// Writes `ops` as one atomic change: a single file alone, several through the journal.
fn apply_all(paths: &Paths, _lock: &StateLock, ops: Vec<Op>) -> Result<()> {
    fault::point("before-commit")?;
    if let [op] = ops.as_slice() {
        // One file is atomic on its own: no journal needed.
        return apply(paths, op);
    }
    let journal = Journal { ops };
    let bytes = serde_json::to_vec(&journal)
        .map_err(|e| Error::Internal(format!("cannot encode the journal: {e}")))?;
    safe_fs::write_atomic(&journal_path(paths), &bytes)?;
    fault::point("committed")?;
    finish(paths, &journal.ops)
}

fn journal_path(paths: &Paths) -> PathBuf {
    paths.data_dir().join(FILE_NAME)
}

/// Under the state lock: applies an unfinished journal, if any.
fn roll_forward(paths: &Paths) -> Result<()> {
    let path = journal_path(paths);
    let Some(bytes) = safe_fs::read_optional(&path)? else {
        return Ok(());
    };
    let journal: Journal = serde_json::from_slice(&bytes).map_err(|_| altered(&path))?;
    if journal.ops.iter().any(|op| !is_plain_relative(&op.path)) {
        return Err(altered(&path));
    }
    finish(paths, &journal.ops)
}

fn finish(paths: &Paths, ops: &[Op]) -> Result<()> {
    for op in ops {
        apply(paths, op)?;
        fault::point("applied")?;
    }
    safe_fs::remove_durable(&journal_path(paths))
}

fn apply(paths: &Paths, op: &Op) -> Result<()> {
    let root = match op.root {
        Root::Config => paths.config_dir(),
        Root::Data => paths.data_dir(),
    };
    let path = root.join(&op.path);
    match &op.contents {
        Some(contents) => safe_fs::write_atomic(&path, contents),
        None => safe_fs::remove_durable(&path),
    }
}

/// `path` relative to the root it lies under (the config root first: with one home, both
/// roots are the same directory).
fn relative(paths: &Paths, path: &Path, contents: Option<Vec<u8>>) -> Result<Op> {
    let roots = [
        (Root::Config, paths.config_dir()),
        (Root::Data, paths.data_dir()),
    ];
    for (root, dir) in roots {
        if let Ok(rel) = path.strip_prefix(dir)
            && is_plain_relative(rel)
        {
            return Ok(Op {
                root,
                path: rel.to_path_buf(),
                contents,
            });
        }
    }
    Err(Error::Internal(format!(
        "{} is outside tether's home",
        path.display()
    )))
}

fn is_plain_relative(path: &Path) -> bool {
    path.components().next().is_some()
        && path.components().all(|c| matches!(c, Component::Normal(_)))
}

fn altered(path: &Path) -> Error {
    JournalAltered {
        path: path.to_path_buf(),
    }
    .into()
}

/// Base64 for the journal's file contents.
mod contents {
    use base64::Engine as _;
    use serde::{Deserialize, Deserializer, Serializer};

    use super::base64_engine;

    #[allow(clippy::ref_option)] // serde's `with` hands over `&Option<T>`.
    pub(super) fn serialize<S: Serializer>(
        value: &Option<Vec<u8>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(bytes) => s.serialize_some(&base64_engine().encode(bytes)),
            None => s.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Vec<u8>>, D::Error> {
        let text: Option<String> = Option::deserialize(d)?;
        text.map(|t| base64_engine().decode(t).map_err(serde::de::Error::custom))
            .transpose()
    }
}

fn base64_engine() -> &'static base64::engine::GeneralPurpose {
    &base64::engine::general_purpose::STANDARD
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_applies_whole_and_leaves_no_journal() {
        let home = tempfile::tempdir().unwrap();
        let paths = Paths::under(home.path());
        let lock = StateLock::acquire(&paths).unwrap();
        std::fs::create_dir_all(home.path().join("a")).unwrap();
        std::fs::write(home.path().join("a/gone"), b"x").unwrap();
        let mut txn = Transaction::new();
        txn.write(home.path().join("a/one"), b"1".to_vec());
        txn.write(home.path().join("b/two"), b"2".to_vec());
        txn.remove(home.path().join("a/gone"));
        txn.commit(&paths, &lock).unwrap();
        assert_eq!(std::fs::read(home.path().join("a/one")).unwrap(), b"1");
        assert_eq!(std::fs::read(home.path().join("b/two")).unwrap(), b"2");
        assert!(!home.path().join("a/gone").exists());
        assert!(!journal_path(&paths).exists());
    }

    #[test]
    fn an_interrupted_change_is_rolled_forward_by_the_next_lock() {
        let home = tempfile::tempdir().unwrap();
        let paths = Paths::under(home.path());
        let journal = Journal {
            ops: vec![
                Op {
                    root: Root::Config,
                    path: "connections/x.toml".into(),
                    contents: Some(b"new".to_vec()),
                },
                Op {
                    root: Root::Data,
                    path: "vault/old".into(),
                    contents: None,
                },
            ],
        };
        std::fs::create_dir_all(home.path().join("vault")).unwrap();
        std::fs::write(home.path().join("vault/old"), b"x").unwrap();
        safe_fs::write_atomic(
            &journal_path(&paths),
            &serde_json::to_vec(&journal).unwrap(),
        )
        .unwrap();
        settle(&paths).unwrap();
        assert_eq!(
            std::fs::read(home.path().join("connections/x.toml")).unwrap(),
            b"new"
        );
        assert!(!home.path().join("vault/old").exists());
        assert!(!journal_path(&paths).exists());
    }

    #[test]
    fn a_journal_that_escapes_the_home_is_refused() {
        let home = tempfile::tempdir().unwrap();
        let paths = Paths::under(home.path());
        let text = br#"{"ops":[{"root":"config","path":"../escape","contents":"eA=="}]}"#;
        safe_fs::write_atomic(&journal_path(&paths), text).unwrap();
        let err = StateLock::acquire(&paths).unwrap_err();
        assert_eq!(err.exit_code(), 4);
        assert!(err.to_string().contains("altered"), "{err}");
        assert!(!home.path().parent().unwrap().join("escape").exists());
    }

    #[test]
    fn paths_outside_the_home_are_a_bug() {
        let home = tempfile::tempdir().unwrap();
        let paths = Paths::under(home.path());
        let lock = StateLock::acquire(&paths).unwrap();
        let mut txn = Transaction::new();
        txn.write("/etc/passwd".into(), Vec::new());
        assert!(txn.commit(&paths, &lock).is_err());
    }
}
