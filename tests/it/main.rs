//! tether's integration tests, one binary: each module was once a test binary of its own,
//! and `common` is shared support compiled once, so a helper nobody uses is a warning.

mod common;

mod acceptance;
mod account_index;
mod audit;
mod catalog;
mod cli;
mod completion;
mod connection;
mod connector;
mod connector_format;
mod crash;
mod deletion;
mod discovery;
mod docker_credential;
mod environments;
#[cfg(feature = "etcd")]
mod etcd_client;
mod exec;
mod exec_hardening;
mod flow_polish;
mod generated;
mod git_credential;
mod help;
mod hostile_home;
mod identity;
mod interactive;
mod invoke;
mod jwt_bearer;
mod keyring;
mod kube_credential;
mod listing_cache;
mod module_map;
mod oauth_cli;
mod oauth_faults;
mod oauth_flows;
mod oauth_listener;
mod oauth_state;
mod oauth_trust;
mod output;
mod process;
mod prompts;
mod references;
#[cfg(feature = "etcd")]
mod shared_store;
mod stand_ins;
mod status;
mod tamper;
mod vault;
mod vault_session;
