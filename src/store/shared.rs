//! A home whose state is shared with other machines through an etcd cluster.
//!
//! Each machine keeps a copy of the shared files (connectors, connections, accounts, client
//! apps, and the vault's header and sealed records), laid out as in any home, and the etcd
//! revision of each in `replica.json`. A command first brings the copy up to date with one
//! read of the prefix. Every change then goes to etcd first, as one transaction in which each
//! key is conditioned on the revision this process saw, and only then to the files here,
//! with the new revisions, through the journal: a change based on something another machine
//! has changed since is refused whole. etcd holds what the files hold: TOML without secrets,
//! and records sealed with the vault key, which never leaves a machine.
//!
//! A refresh that nobody on this machine has done meanwhile takes a lock in etcd held by a
//! lease, then reads the copy again: the fleet refreshes a token once, and a holder that dies
//! frees the lock when its lease runs out.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::Duration;

use super::location::Cluster;
use super::{StateLock, StoreError, Transaction};
use crate::error::{Error, Result};
use crate::etcd::{self, Change, Client, Expect, Limits, Write};
use crate::journal::{Staged, Upstream};
use crate::paths::Paths;
use crate::safe_fs;
use zeroize::Zeroizing;

/// The top-level entries of a home that are shared; the rest (index, caches, locks, the audit
/// log) is each machine's own.
const SHARED: [&str; 5] = ["accounts", "clients", "connections", "connectors", "vault"];

/// Files under `vault/` that belong to one machine: keyring entries it has yet to remove.
const MACHINE_FILES: [&str; 1] = ["keyring-pending"];

/// The revisions of this machine's copy, by key, in the data directory.
const REPLICA: &str = "replica.json";

/// How long a refresh lock outlives a holder that stopped renewing it.
const LOCK_TTL: Duration = Duration::from_secs(5);

/// How long a refresh waits for another machine's: a slow provider, a few times over.
const LOCK_WAIT: Duration = Duration::from_secs(120);

/// The shared home of this process, once attached.
struct SharedHome {
    client: Client,
    cluster: Cluster,
    paths: Paths,
    /// The revision of each key as this process last read or wrote it.
    revisions: Mutex<BTreeMap<String, i64>>,
}

/// A process serves one home; see [`crate::journal::set_upstream`].
static HOME: OnceLock<SharedHome> = OnceLock::new();

/// How a shared home was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attached {
    /// Up to date with the cluster; changes go there first.
    Live,
    /// The cluster cannot be reached, and the home's read cache allows this machine's copy,
    /// brought up to date `age` ago, to be read; nothing can be changed.
    Cached { age: Duration },
}

/// Brings this machine's copy of the shared state up to date, and sends every later change
/// upstream first. A cluster that cannot be reached fails, unless the home's read cache
/// allows the copy as it is (and then every change fails).
pub(super) fn attach(paths: &Paths, cluster: &Cluster) -> Result<Attached> {
    match SharedHome::connect(paths, cluster).and_then(|home| home.pull().map(|()| home)) {
        Ok(home) => {
            // The read cache's age starts again (no copy yet: nothing shared to read).
            safe_fs::touch(&replica_path(paths))?;
            if HOME.set(home).is_ok() {
                crate::journal::set_upstream(Box::new(ToEtcd));
            }
            Ok(Attached::Live)
        }
        Err(Error::Store(StoreError::StoreUnreachable { reason })) => {
            let Some(age) = cached_age(paths, cluster)? else {
                return Err(StoreError::StoreUnreachable { reason }.into());
            };
            crate::journal::set_upstream(Box::new(Unreachable { reason }));
            Ok(Attached::Cached { age })
        }
        Err(e) => Err(e),
    }
}

/// How long ago the copy was brought up to date, when the home's read cache allows it now.
fn cached_age(paths: &Paths, cluster: &Cluster) -> Result<Option<Duration>> {
    let Some(limit) = cluster.cache_secs.map(Duration::from_secs) else {
        return Ok(None);
    };
    let age = safe_fs::modified(&replica_path(paths))?
        .and_then(|at| std::time::SystemTime::now().duration_since(at).ok());
    Ok(age.filter(|age| *age <= limit))
}

/// The journal's way upstream while the cluster cannot be reached: none.
struct Unreachable {
    reason: String,
}

impl Upstream for Unreachable {
    fn push(&self, change: &[Staged<'_>]) -> Result<Vec<(PathBuf, Vec<u8>)>> {
        // What is this machine's own (the account index) may still change.
        if !change.iter().any(|staged| is_shared(staged.path)) {
            return Ok(Vec::new());
        }
        Err(StoreError::StoreUnreachable {
            reason: format!(
                "{}; this machine's copy may be read but not changed",
                self.reason
            ),
        }
        .into())
    }
}

/// Brings the copy up to date again, when the home is shared and attached.
pub(super) fn catch_up() -> Result<()> {
    HOME.get().map_or(Ok(()), SharedHome::pull)
}

/// Holds the fleet-wide lock named `name` when the home is shared, with the copy read again
/// once it is held; `None` for a home of its own.
pub(super) fn lock(name: &str) -> Result<Option<etcd::LockGuard>> {
    let Some(home) = HOME.get() else {
        return Ok(None);
    };
    let name = format!("{}/.locks/{name}", home.cluster.prefix);
    let guard = home
        .client
        .lock(&name, LOCK_TTL, LOCK_WAIT)
        .map_err(upstream_error)?;
    home.pull()?;
    Ok(Some(guard))
}

fn connect(cluster: &Cluster) -> Result<Client> {
    Client::connect(&cluster.endpoints, Limits::default(), security(cluster)?)
        .map_err(upstream_error)
}

/// The password and PEM files the setting names, read now.
fn security(cluster: &Cluster) -> Result<etcd::Security> {
    let user = match (&cluster.user, &cluster.password) {
        (Some(user), Some(source)) => {
            let password =
                crate::value_source::ValueReader::default().read("the etcd password", source)?;
            Some((user.clone(), Zeroizing::new(password.expose().to_owned())))
        }
        _ => None,
    };
    let pem = |path: &PathBuf| -> Result<Zeroizing<Vec<u8>>> {
        safe_fs::read_optional(path)?
            .map(Zeroizing::new)
            .ok_or_else(|| {
                StoreError::BadStoreSetting {
                    why: format!("{} does not exist", path.display()),
                }
                .into()
            })
    };
    let tls = match &cluster.cacert {
        None => None,
        Some(cacert) => Some(etcd::Tls {
            ca: pem(cacert)?.to_vec(),
            identity: match (&cluster.cert, &cluster.key) {
                (Some(cert), Some(key)) => Some((pem(cert)?.to_vec(), pem(key)?)),
                _ => None,
            },
        }),
    };
    Ok(etcd::Security { user, tls })
}

/// An etcd failure as the store says it: a conflict is another machine's change, a bad
/// endpoint a bad setting, anything else a cluster that did not answer (naming the endpoints
/// tried).
fn upstream_error(error: etcd::Error) -> Error {
    match error {
        etcd::Error::Conflict { keys } => StoreError::ChangedElsewhere { keys }.into(),
        e @ (etcd::Error::BadEndpoint { .. } | etcd::Error::NoEndpoints) => {
            StoreError::BadStoreSetting { why: e.to_string() }.into()
        }
        other => StoreError::StoreUnreachable {
            reason: other.to_string(),
        }
        .into(),
    }
}

impl SharedHome {
    fn connect(paths: &Paths, cluster: &Cluster) -> Result<Self> {
        Ok(Self {
            client: connect(cluster)?,
            cluster: cluster.clone(),
            paths: paths.clone(),
            revisions: Mutex::new(BTreeMap::new()),
        })
    }

    /// Makes the files here what the cluster holds, under the state lock.
    fn pull(&self) -> Result<()> {
        let entries = self
            .client
            .get_prefix(&format!("{}/", self.cluster.prefix))
            .map_err(upstream_error)?;
        let lock = StateLock::acquire(&self.paths)?;
        let here = read_replica(&self.paths)?;
        let mut txn = Transaction::new();
        let mut revisions = BTreeMap::new();
        for entry in entries {
            let Some(relative) = relative_of(&self.cluster, &entry.key) else {
                continue;
            };
            if here.get(&entry.key) != Some(&entry.mod_revision) {
                txn.write(local_path(&self.paths, &relative), entry.value);
            }
            revisions.insert(entry.key, entry.mod_revision);
        }
        for key in here.keys().filter(|key| !revisions.contains_key(*key)) {
            if let Some(relative) = relative_of(&self.cluster, key) {
                txn.remove(local_path(&self.paths, &relative));
            }
        }
        if !txn.is_empty() || here != revisions {
            txn.write(replica_path(&self.paths), encode_replica(&revisions)?);
            txn.commit_here(&self.paths, &lock)?;
        }
        *self
            .revisions
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = revisions;
        Ok(())
    }
}

/// The journal's way upstream.
struct ToEtcd;

impl Upstream for ToEtcd {
    fn push(&self, change: &[Staged<'_>]) -> Result<Vec<(PathBuf, Vec<u8>)>> {
        let Some(home) = HOME.get() else {
            return Ok(Vec::new());
        };
        let mut revisions = home
            .revisions
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let changes: Vec<Change> = change
            .iter()
            .filter(|staged| is_shared(staged.path))
            .map(|staged| {
                let key = key_of(&home.cluster, staged.path);
                Change {
                    expect: revisions
                        .get(&key)
                        .map_or(Expect::Absent, |r| Expect::ModRevision(*r)),
                    write: staged
                        .contents
                        .map_or(Write::Delete, |c| Write::Put(c.to_vec())),
                    key,
                }
            })
            .collect();
        if changes.is_empty() {
            return Ok(Vec::new());
        }
        let revision = home.client.commit(&changes).map_err(upstream_error)?;
        for change in changes {
            match change.write {
                Write::Put(_) => revisions.insert(change.key, revision),
                Write::Delete => revisions.remove(&change.key),
            };
        }
        Ok(vec![(
            replica_path(&home.paths),
            encode_replica(&revisions)?,
        )])
    }
}

/// Whether `relative` (to the home) is part of the shared state.
fn is_shared(relative: &Path) -> bool {
    let mut components = relative.components();
    let first = components.next();
    let plain = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    let machine_file = relative.parent() == Some(Path::new("vault"))
        && relative
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| MACHINE_FILES.contains(&n));
    plain
        && !machine_file
        && first.is_some_and(|c| SHARED.iter().any(|s| c.as_os_str() == *s))
        && components.next().is_some()
}

/// The key of the shared file at `relative`.
fn key_of(cluster: &Cluster, relative: &Path) -> String {
    let parts: Vec<_> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    format!("{}/{}", cluster.prefix, parts.join("/"))
}

/// The path relative to the home of the shared file at `key`; `None` for keys that are no
/// file of a home (locks, or anything not tether's).
fn relative_of(cluster: &Cluster, key: &str) -> Option<PathBuf> {
    let relative = PathBuf::from(key.strip_prefix(&format!("{}/", cluster.prefix))?);
    is_shared(&relative).then_some(relative)
}

/// Where the shared file at `relative` lives in this home: the vault in the data directory,
/// the metadata in the config directory.
fn local_path(paths: &Paths, relative: &Path) -> PathBuf {
    if relative.starts_with("vault") {
        paths.data_dir().join(relative)
    } else {
        paths.config_dir().join(relative)
    }
}

fn replica_path(paths: &Paths) -> PathBuf {
    paths.data_dir().join(REPLICA)
}

fn read_replica(paths: &Paths) -> Result<BTreeMap<String, i64>> {
    let path = replica_path(paths);
    let Some(bytes) = safe_fs::read_optional(&path)? else {
        return Ok(BTreeMap::new());
    };
    // A damaged copy's revisions are only a cache: everything is written again.
    Ok(serde_json::from_slice(&bytes).unwrap_or_default())
}

fn encode_replica(revisions: &BTreeMap<String, i64>) -> Result<Vec<u8>> {
    serde_json::to_vec(revisions)
        .map_err(|e| Error::Internal(format!("cannot encode the replica's revisions: {e}")))
}

/// The shared files of this home, by path relative to it, in order.
fn local_files(paths: &Paths) -> Result<Vec<(PathBuf, PathBuf)>> {
    let mut found = Vec::new();
    for top in SHARED {
        let relative = PathBuf::from(top);
        walk(&local_path(paths, &relative), &relative, &mut found)?;
    }
    found.retain(|(relative, _)| is_shared(relative));
    found.sort();
    Ok(found)
}

fn walk(dir: &Path, relative: &Path, found: &mut Vec<(PathBuf, PathBuf)>) -> Result<()> {
    let Some(entries) = safe_fs::read_dir(dir)? else {
        return Ok(());
    };
    for entry in entries {
        let entry = entry.map_err(|e| Error::io("listing", dir, e))?;
        let name = entry.file_name();
        // Temporary files of atomic writes start with a dot.
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let inner = relative.join(&name);
        let kind = entry
            .file_type()
            .map_err(|e| Error::io("reading the type of", &path, e))?;
        if kind.is_dir() {
            walk(&path, &inner, found)?;
        } else if kind.is_file() {
            found.push((inner, path));
        }
    }
    Ok(())
}

/// What a migration did.
#[derive(Debug, Default)]
pub struct Migrated {
    /// Files copied now.
    pub copied: usize,
    /// Files an earlier, interrupted run had copied already.
    pub present: usize,
}

/// Copies this home's shared files into `cluster` (files already there with the same contents
/// are left, so an interrupted run is finished by running it again), checks that the cluster
/// holds each one, and makes the cluster this home's store.
pub(super) fn migrate_to_etcd(paths: &Paths, cluster: &Cluster) -> Result<Migrated> {
    let client = connect(cluster)?;
    let lock = StateLock::acquire(paths)?;
    let files = local_copies(paths, cluster)?;
    let held = read_all(&client, cluster)?;
    let mut migrated = Migrated::default();
    for file in &files {
        match held.get(&file.key) {
            Some((_, value)) if *value == file.contents => migrated.present += 1,
            Some(_) => return Err(file.clash()),
            None => {
                client
                    .put_if(&file.key, &file.contents, Expect::Absent)
                    .map_err(upstream_error)?;
                migrated.copied += 1;
            }
        }
    }
    // Read back: every file is in the cluster as it is here.
    let held = read_all(&client, cluster)?;
    let mut revisions = BTreeMap::new();
    for file in files {
        match held.get(&file.key) {
            Some((revision, value)) if *value == file.contents => {
                revisions.insert(file.key, *revision);
            }
            _ => return Err(file.clash()),
        }
    }
    let mut txn = Transaction::new();
    txn.write(replica_path(paths), encode_replica(&revisions)?);
    let location = super::location::Location::Etcd(cluster.clone());
    let setting = super::location::setting_file(paths);
    txn.write(setting.clone(), super::file::encode(&setting, &location)?);
    txn.commit_here(paths, &lock)?;
    Ok(migrated)
}

/// A shared file of this home: its key in the cluster, its path here and what it holds.
struct LocalCopy {
    key: String,
    path: PathBuf,
    contents: Vec<u8>,
}

impl LocalCopy {
    fn clash(&self) -> Error {
        StoreError::MigrationClash {
            key: self.key.clone(),
            path: self.path.clone(),
        }
        .into()
    }
}

fn local_copies(paths: &Paths, cluster: &Cluster) -> Result<Vec<LocalCopy>> {
    local_files(paths)?
        .into_iter()
        .map(|(relative, path)| {
            Ok(LocalCopy {
                key: key_of(cluster, &relative),
                contents: safe_fs::read_optional(&path)?.unwrap_or_default(),
                path,
            })
        })
        .collect()
}

/// Every key the cluster holds under the prefix, with its revision and value.
fn read_all(client: &Client, cluster: &Cluster) -> Result<BTreeMap<String, (i64, Vec<u8>)>> {
    let entries = client
        .get_prefix(&format!("{}/", cluster.prefix))
        .map_err(upstream_error)?;
    Ok(entries
        .into_iter()
        .map(|e| (e.key, (e.mod_revision, e.value)))
        .collect())
}

/// Joins this home to the shared state in `cluster`: refused when the cluster holds no home
/// under the prefix, or when this home has state of its own that the cluster lacks (it would
/// be hidden; `migrate` is the way to share it).
pub(super) fn join(paths: &Paths, cluster: &Cluster) -> Result<()> {
    let held = read_all(&connect(cluster)?, cluster)?;
    if !held.contains_key(&key_of(cluster, Path::new("vault/vault.toml"))) {
        return Err(StoreError::SharedStoreEmpty {
            prefix: cluster.prefix.clone(),
            endpoints: cluster.endpoints.clone(),
        }
        .into());
    }
    let lock = StateLock::acquire(paths)?;
    let own = local_copies(paths, cluster)?
        .iter()
        .filter(|file| {
            held.get(&file.key)
                .is_none_or(|(_, value)| *value != file.contents)
        })
        .count();
    if own > 0 {
        return Err(StoreError::LocalStateUnshared { count: own }.into());
    }
    super::location::save(
        paths,
        &lock,
        &super::location::Location::Etcd(cluster.clone()),
    )
}

/// Makes this home's own files its store again, brought up to date first so that they hold
/// everything the cluster holds. With `stale_ok`, a cluster that cannot be reached leaves the
/// files as they were last brought up to date; whether they were now.
pub(super) fn leave(paths: &Paths, cluster: &Cluster, stale_ok: bool) -> Result<bool> {
    let fresh = match SharedHome::connect(paths, cluster).and_then(|home| home.pull()) {
        Ok(()) => true,
        Err(Error::Store(StoreError::StoreUnreachable { .. })) if stale_ok => false,
        Err(e) => return Err(e),
    };
    let lock = StateLock::acquire(paths)?;
    let mut txn = Transaction::new();
    txn.remove(replica_path(paths));
    txn.remove(super::location::setting_file(paths));
    txn.commit_here(paths, &lock)?;
    Ok(fresh)
}

/// How the cluster answers, member by member, and how many files it holds for the home.
pub struct ClusterStatus {
    pub health: Vec<etcd::EndpointHealth>,
    /// `None` when the cluster could not be read.
    pub files: Option<usize>,
}

pub(super) fn status(cluster: &Cluster) -> Result<ClusterStatus> {
    let client = connect(cluster)?;
    let health = client.health();
    let files = client
        .get_prefix(&format!("{}/", cluster.prefix))
        .ok()
        .map(|entries| {
            entries
                .iter()
                .filter(|e| relative_of(cluster, &e.key).is_some())
                .count()
        });
    Ok(ClusterStatus { health, files })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_files_of_the_shared_directories_are_shared() {
        for shared in [
            "connections/wx.toml",
            "accounts/0a.toml",
            "vault/vault.toml",
            "vault/records-0a/account_2f0a.sealed",
        ] {
            assert!(is_shared(Path::new(shared)), "{shared}");
        }
        for own in [
            "vault/keyring-pending",
            "index/stamp",
            "cache/connections.jsonl",
            "store.toml",
            "replica.json",
            "connections",
            "connections/../x",
        ] {
            assert!(!is_shared(Path::new(own)), "{own}");
        }
    }

    #[test]
    fn without_the_cluster_only_changes_to_shared_files_are_refused() {
        let away = Unreachable {
            reason: "tried http://h:1".to_owned(),
        };
        let stamp = [Staged {
            path: Path::new("index/stamp"),
            contents: Some(b"x"),
        }];
        assert!(away.push(&stamp).unwrap().is_empty());
        let connection = [Staged {
            path: Path::new("connections/wx.toml"),
            contents: None,
        }];
        let refused = away.push(&connection).unwrap_err();
        assert!(
            refused.to_string().contains("may be read but not changed"),
            "{refused}"
        );
    }

    #[test]
    fn keys_are_the_paths_under_the_prefix_and_back() {
        let cluster = Cluster::new(&["h:1".into()], Some("/team")).unwrap();
        let key = key_of(&cluster, Path::new("connections/wx.toml"));
        assert_eq!(key, "/team/connections/wx.toml");
        assert_eq!(
            relative_of(&cluster, &key),
            Some(PathBuf::from("connections/wx.toml"))
        );
        assert_eq!(relative_of(&cluster, "/team/.locks/refresh-0a/1"), None);
        assert_eq!(relative_of(&cluster, "/other/connections/wx.toml"), None);
    }
}
