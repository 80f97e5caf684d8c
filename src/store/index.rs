//! Finding accounts by label or by configuration fingerprint without reading every account.
//!
//! The index is a tree of empty files, `index/label/<label>/<id>` and
//! `index/fingerprint/<fingerprint>/<id>`: a lookup lists one small directory however many
//! accounts there are, and a change adds or removes a few entries. Every change to an account
//! file stages its entries in the same transaction, followed by `index/stamp`, so after any
//! change tether makes the stamp is no older than the accounts directory.
//!
//! The index is derived data, rebuilt from the accounts under the state lock when the stamp
//! is missing or not ours, when the accounts directory changed after it (files added or
//! removed by something other than tether), or when an entry names an account that is gone
//! or no longer matches it. Lookups read the accounts they find, so an entry is never trusted
//! on its own.

use std::path::{Path, PathBuf};

use super::account::{self, Account};
use super::{StateLock, Transaction};
use crate::error::Result;
use crate::paths::Paths;
use crate::safe_fs;

/// The stamp's content: a rebuild follows any change to the index's layout.
const STAMP: &[u8] = b"tether account index 1\n";
const STAMP_FILE: &str = "stamp";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Label,
    Fingerprint,
}

impl Kind {
    fn dir(self) -> &'static str {
        match self {
            Self::Label => "label",
            Self::Fingerprint => "fingerprint",
        }
    }

    fn key_of(self, account: &Account) -> String {
        match self {
            Self::Label => account.label(),
            Self::Fingerprint => account.fingerprint.clone(),
        }
    }
}

/// The accounts whose label is `label` (a name, or `LINK@ENV` for an unnamed account).
pub(crate) fn labelled(paths: &Paths, label: &str) -> Result<Vec<Account>> {
    lookup(paths, Kind::Label, label)
}

/// The accounts of the configuration whose fingerprint is `fingerprint`.
pub(crate) fn with_fingerprint(paths: &Paths, fingerprint: &str) -> Result<Vec<Account>> {
    lookup(paths, Kind::Fingerprint, fingerprint)
}

/// Stages in `txn` the index entries of an account going from `before` to `after` (`None`
/// when it is created or removed). Call it after staging the account file itself.
pub(crate) fn stage(
    paths: &Paths,
    txn: &mut Transaction,
    before: Option<&Account>,
    after: Option<&Account>,
) -> Result<()> {
    // Entries added to a stale index would make it look whole.
    ensure_fresh(paths)?;
    for kind in [Kind::Label, Kind::Fingerprint] {
        let old = before.map(|a| (kind.key_of(a), a.id.as_str()));
        let new = after.map(|a| (kind.key_of(a), a.id.as_str()));
        if old == new {
            continue;
        }
        if let Some((key, id)) = old.filter(|(key, _)| indexable(key)) {
            txn.remove(entry(&paths.index_dir(), kind, &key, id));
        }
        if let Some((key, id)) = new.filter(|(key, _)| indexable(key)) {
            txn.write(entry(&paths.index_dir(), kind, &key, id), Vec::new());
        }
    }
    txn.write(paths.index_dir().join(STAMP_FILE), STAMP.to_vec());
    Ok(())
}

/// Rebuilds the index from the accounts: built whole beside the old one, made durable, then
/// swapped in, so a reader sees the old index, none (and waits for the lock), or the new one.
pub(crate) fn rebuild(paths: &Paths, _lock: &StateLock) -> Result<()> {
    let index = paths.index_dir();
    let building = index.with_extension("new");
    let retired = index.with_extension("old");
    // Leftovers of a rebuild that was killed.
    safe_fs::remove_tree(&building)?;
    safe_fs::remove_tree(&retired)?;
    safe_fs::ensure_private_dir(&building)?;
    for account in account::list(paths)? {
        for kind in [Kind::Label, Kind::Fingerprint] {
            let key = kind.key_of(&account);
            if indexable(&key) {
                safe_fs::create_unsynced(&entry(&building, kind, &key, &account.id), b"")?;
            }
        }
    }
    safe_fs::create_unsynced(&building.join(STAMP_FILE), STAMP)?;
    safe_fs::sync_filesystem(&building)?;
    crate::fault::point("index-built")?;
    if safe_fs::modified(&index)?.is_some() {
        safe_fs::rename_dir(&index, &retired)?;
    }
    safe_fs::rename_dir(&building, &index)?;
    safe_fs::remove_tree(&retired)
}

fn lookup(paths: &Paths, kind: Kind, key: &str) -> Result<Vec<Account>> {
    if !indexable(key) {
        return Ok(Vec::new());
    }
    ensure_fresh(paths)?;
    if let Some(found) = read(paths, kind, key)? {
        return Ok(found);
    }
    let lock = StateLock::acquire(paths)?;
    // Another process may have repaired it while this one waited for the lock.
    if let Some(found) = read(paths, kind, key)? {
        return Ok(found);
    }
    rebuild(paths, &lock)?;
    Ok(read(paths, kind, key)?.unwrap_or_default())
}

/// The accounts listed under `key`, or `None` when an entry is wrong: it names an account
/// that is gone or does not match, or is not an account id at all.
fn read(paths: &Paths, kind: Kind, key: &str) -> Result<Option<Vec<Account>>> {
    let dir = paths.index_dir().join(kind.dir()).join(key);
    let entries = match safe_fs::read_dir(&dir) {
        Ok(Some(entries)) => entries,
        Ok(None) => return Ok(Some(Vec::new())),
        // Damaged: a file where a directory belongs, a link, another user's directory.
        Err(_) => return Ok(None),
    };
    let mut found = Vec::new();
    for entry in entries {
        let Ok(entry) = entry else { return Ok(None) };
        let name = entry.file_name();
        let Some(id) = name.to_str().filter(|id| is_account_id(id)) else {
            return Ok(None);
        };
        match account::find(paths, id)? {
            Some(account) if kind.key_of(&account) == key => found.push(account),
            _ => return Ok(None),
        }
    }
    found.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Some(found))
}

/// Rebuilds the index unless its stamp is ours and no older than the accounts directory.
fn ensure_fresh(paths: &Paths) -> Result<()> {
    if is_fresh(paths)? {
        return Ok(());
    }
    let lock = StateLock::acquire(paths)?;
    if is_fresh(paths)? {
        return Ok(());
    }
    rebuild(paths, &lock)
}

fn is_fresh(paths: &Paths) -> Result<bool> {
    let stamp = paths.index_dir().join(STAMP_FILE);
    if safe_fs::read_optional(&stamp).ok().flatten().as_deref() != Some(STAMP) {
        return Ok(false);
    }
    Ok(
        match (
            safe_fs::modified(&stamp)?,
            safe_fs::modified(&paths.accounts_dir())?,
        ) {
            (Some(stamped), Some(changed)) => stamped >= changed,
            (Some(_), None) => true,
            (None, _) => false,
        },
    )
}

fn entry(index: &Path, kind: Kind, key: &str, id: &str) -> PathBuf {
    index.join(kind.dir()).join(key).join(id)
}

/// Whether `key` can name a directory of the index: the characters of names, link names,
/// `@` and hex, never a path of its own. An account file edited by hand may hold anything;
/// such an account is left out of the index (every name tether accepts can be indexed).
fn indexable(key: &str) -> bool {
    !key.is_empty()
        && !key.starts_with('.')
        && key.len() <= 200
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'@' | b'.'))
}

fn is_account_id(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_hexdigit())
}
