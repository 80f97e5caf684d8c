//! Which directories are tether's homes (registered by [`crate::paths::Paths`]), the state
//! lock of each, and which directories under them this process has already checked.
//!
//! Process-wide because files are opened from many modules that only hold a path; the set only
//! grows, and a directory is checked once per process, which keeps the hot path at one
//! `lstat` per directory per run.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// One home: everything under `root` is tether's, and `state_lock` serializes its writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Home {
    pub root: PathBuf,
    pub state_lock: PathBuf,
}

struct Registry {
    homes: Vec<Home>,
    checked: BTreeSet<PathBuf>,
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    homes: Vec::new(),
    checked: BTreeSet::new(),
});

fn registry() -> MutexGuard<'static, Registry> {
    // A panic elsewhere while holding it leaves the sets consistent (each change is one insert).
    REGISTRY
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Declares `root` a home of tether's whose writes take `state_lock`.
pub(super) fn register(root: &Path, state_lock: &Path) {
    let home = Home {
        root: root.to_path_buf(),
        state_lock: state_lock.to_path_buf(),
    };
    let mut registry = registry();
    if !registry.homes.contains(&home) {
        registry.homes.push(home);
    }
}

/// The home `path` lies in (the innermost one when homes nest), if any.
pub(super) fn home_of(path: &Path) -> Option<Home> {
    registry()
        .homes
        .iter()
        .filter(|home| path.starts_with(&home.root))
        .max_by_key(|home| home.root.components().count())
        .cloned()
}

pub(super) fn is_checked(dir: &Path) -> bool {
    registry().checked.contains(dir)
}

pub(super) fn mark_checked(dir: &Path) {
    registry().checked.insert(dir.to_path_buf());
}

/// `root` and each directory below it down to `dir`, outermost first. `dir` must be in `root`.
pub(super) fn chain(root: &Path, dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![root.to_path_buf()];
    if let Ok(rest) = dir.strip_prefix(root) {
        let mut current = root.to_path_buf();
        for part in rest.components() {
            current.push(part);
            out.push(current.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_innermost_home_wins_and_chains_start_at_it() {
        register(Path::new("/h-test"), Path::new("/h-test/locks/state.lock"));
        register(Path::new("/h-test/in"), Path::new("/x/state.lock"));
        let home = home_of(Path::new("/h-test/in/connections/a.toml")).unwrap();
        assert_eq!(home.root, Path::new("/h-test/in"));
        assert_eq!(home.state_lock, Path::new("/x/state.lock"));
        assert_eq!(home_of(Path::new("/h-testing/a")), None);
        assert_eq!(
            chain(Path::new("/h"), Path::new("/h/vault/records-1")),
            [
                Path::new("/h"),
                Path::new("/h/vault"),
                Path::new("/h/vault/records-1")
            ]
        );
    }
}
