//! What can go wrong talking to etcd; every failure names the endpoints it tried.

use std::time::Duration;

/// An etcd operation that did not happen. A [`Error::Conflict`] is an answer (someone else
/// wrote first), every other variant is a failure to get one.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no etcd endpoint was given")]
    NoEndpoints,

    #[error("the etcd endpoint {endpoint:?} is not a URL: {reason}")]
    BadEndpoint { endpoint: String, reason: String },

    #[error("could not start the etcd client's runtime: {0}")]
    Runtime(#[source] std::io::Error),

    #[error("etcd did not answer {operation} within {}s (tried {}){}", limit.as_secs_f32(), endpoints.join(", "), last_error.as_ref().map(|e| format!("; last error: {e}")).unwrap_or_default())]
    Timeout {
        operation: &'static str,
        endpoints: Vec<String>,
        limit: Duration,
        /// Why the last attempt failed, when members answered with failures until the limit.
        last_error: Option<String>,
    },

    #[error("etcd refused {operation}: {reason} (tried {})", endpoints.join(", "))]
    Failed {
        operation: &'static str,
        endpoints: Vec<String>,
        reason: String,
    },

    #[error("changed since read: {}", keys.join(", "))]
    Conflict { keys: Vec<String> },

    #[error("the lock {name} was still held by another holder after {}s (tried {})", waited.as_secs_f32(), endpoints.join(", "))]
    LockBusy {
        name: String,
        endpoints: Vec<String>,
        waited: Duration,
    },
}

impl Error {
    /// Whether another writer got there first (re-read and try again), rather than a failure.
    pub fn is_conflict(&self) -> bool {
        matches!(self, Self::Conflict { .. })
    }
}
