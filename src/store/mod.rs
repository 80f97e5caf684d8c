//! Everything tether keeps on disk: custom connectors, OAuth2 client apps, connections and
//! authorized accounts as human-readable TOML metadata, one file per record so that reading
//! one costs the same however many there are, and their secrets as vault records (see
//! [`secrets`]). Read through one reader ([`file`]); written only through a [`Transaction`]
//! under the [`StateLock`].

pub mod account;
pub mod bindings;
mod cached;
pub mod client_app;
pub mod connection;
pub mod connectors;
mod error;
mod file;
pub mod fingerprint;
mod index;
pub mod location;
pub mod secrets;
#[cfg(feature = "etcd")]
mod shared;

pub use crate::journal::{StateLock, Transaction, settle};
pub use error::StoreError;
#[cfg(feature = "etcd")]
use location::Cluster;
use location::Location;
#[cfg(feature = "etcd")]
pub use shared::{Attached, ClusterStatus, Migrated};

use crate::error::Result;
use crate::paths::Paths;

/// The lock that serializes every write of metadata and vault records across processes;
/// taking it finishes any change a crashed process left half-applied.
pub fn lock_state(paths: &Paths) -> Result<StateLock> {
    StateLock::acquire(paths)
}

/// Brings a shared home's copy of the state up to date and sends its changes upstream from
/// now on; nothing for a home that keeps its state in its own files. `Some(age)` when the
/// cluster could not be reached and the copy, as it was `age` ago, may be read only.
pub fn attach(paths: &Paths) -> Result<Option<std::time::Duration>> {
    match location::configured(paths)? {
        Location::Local => Ok(None),
        #[cfg(feature = "etcd")]
        Location::Etcd(cluster) => Ok(match shared::attach(paths, &cluster)? {
            Attached::Live => None,
            Attached::Cached { age } => Some(age),
        }),
        #[cfg(not(feature = "etcd"))]
        Location::Etcd(_) => Err(StoreError::NoEtcdSupport.into()),
    }
}

/// Whether this home's state is shared with other machines.
pub fn is_shared(paths: &Paths) -> Result<bool> {
    Ok(matches!(location::configured(paths)?, Location::Etcd(_)))
}

/// Brings a shared (and attached) home's copy up to date again; nothing otherwise.
pub fn catch_up() -> Result<()> {
    #[cfg(feature = "etcd")]
    {
        shared::catch_up()
    }
    #[cfg(not(feature = "etcd"))]
    {
        Ok(())
    }
}

/// Holds the fleet-wide lock `name` while the returned guard lives, when the home is shared
/// (and attached), with the state read again once it is held; nothing otherwise.
pub fn lock_shared(name: &str) -> Result<Option<Box<dyn std::any::Any>>> {
    #[cfg(feature = "etcd")]
    {
        Ok(shared::lock(name)?.map(|guard| Box::new(guard) as Box<dyn std::any::Any>))
    }
    #[cfg(not(feature = "etcd"))]
    {
        let _ = name;
        Ok(None)
    }
}

/// Makes the shared state in `cluster` this home's (`store use etcd`).
#[cfg(feature = "etcd")]
pub fn join_cluster(paths: &Paths, cluster: &Cluster) -> Result<()> {
    shared::join(paths, cluster)
}

/// Makes this home's own files its store again, brought up to date first (`store use local`,
/// `store migrate --to local`). With `stale_ok`, a cluster that cannot be reached leaves the
/// files as they were last brought up to date; whether they are up to date.
pub fn leave_cluster(paths: &Paths, stale_ok: bool) -> Result<bool> {
    match location::configured(paths)? {
        Location::Local => Ok(true),
        #[cfg(feature = "etcd")]
        Location::Etcd(cluster) => shared::leave(paths, &cluster, stale_ok),
        #[cfg(not(feature = "etcd"))]
        Location::Etcd(_) => {
            let _ = stale_ok;
            Err(StoreError::NoEtcdSupport.into())
        }
    }
}

/// Copies this home into `cluster` and makes it the home's store (`store migrate --to etcd`).
#[cfg(feature = "etcd")]
pub fn migrate_to_cluster(paths: &Paths, cluster: &Cluster) -> Result<Migrated> {
    shared::migrate_to_etcd(paths, cluster)
}

/// How `cluster` answers (`store status`).
#[cfg(feature = "etcd")]
pub fn cluster_status(cluster: &Cluster) -> Result<ClusterStatus> {
    shared::status(cluster)
}
