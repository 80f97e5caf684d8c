//! Provider discovery: finding an OAuth2 provider's published metadata (RFC 8414, OpenID
//! Connect Discovery), drafting a connector from it, and checking a connector's endpoints
//! against it.
//!
//! Guarantees: metadata is fetched with a plain GET that carries no secret and no client id;
//! only https (or loopback) addresses are fetched; a document is used only when its `issuer`
//! is the issuer it was fetched for.

mod draft;
mod drift;
mod error;
mod locate;
mod metadata;

pub(crate) use draft::{Draft, Naming};
pub(crate) use drift::{Drift, Outcome, check};
pub use error::DiscoveryError;
pub(crate) use locate::Target;
pub(crate) use metadata::{Found, Metadata, fetch};

/// Time limits of a metadata request: a provider's metadata is small and served fast.
pub(crate) const TIMEOUTS: crate::http::Timeouts = crate::http::Timeouts {
    connect: std::time::Duration::from_secs(10),
    request: std::time::Duration::from_secs(20),
};
