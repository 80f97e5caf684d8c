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
pub mod secrets;

pub use crate::journal::{StateLock, Transaction, settle};
pub use error::StoreError;

use crate::error::Result;
use crate::paths::Paths;

/// The lock that serializes every write of metadata and vault records across processes;
/// taking it finishes any change a crashed process left half-applied.
pub fn lock_state(paths: &Paths) -> Result<StateLock> {
    StateLock::acquire(paths)
}
