//! git over HTTPS: git's credential helper protocol, which connection serves a host (from the
//! connectors' `[git]` hosts filled in with each connection's params), and the helper entries
//! of git's global configuration.
//!
//! Guarantees: a request is answered only for a host a connection's connector names, over
//! https (http only on a loopback host); a host several connections serve is never answered
//! by a guess; no value with a line break ever reaches git.

mod config;
mod error;
mod hosts;
mod protocol;

pub(crate) use config::{
    helper_command, helper_keys, helper_path, is_tether_helper, set_all, unset_all,
};
pub use error::GitError;
pub(crate) use hosts::{Served, choose, is_loopback, same_host, served, under_prefix};
pub(crate) use protocol::{Answer, Request};
