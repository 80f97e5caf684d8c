//! Dynamic shell completion: the candidates for connection link names, connector ids, account
//! names and environments, read from the home's metadata the way the listings read it (the
//! listing caches, directory listings, the embedded catalog). Completion never opens the
//! vault, never prompts, and fails silently: a home that cannot be read completes nothing.

use std::ffi::OsString;
use std::path::PathBuf;

use clap_complete::engine::{ArgValueCandidates, CompletionCandidate};
use serde::Deserialize;

use crate::environment::Environment;
use crate::paths::Paths;
use crate::store::{account, connection, connectors};

/// Answers a completion request when the shell's script asked for one (`COMPLETE=SHELL`), and
/// exits; otherwise returns at once.
pub(crate) fn answer_if_asked() {
    clap_complete::CompleteEnv::with_factory(<super::Cli as clap::CommandFactory>::command)
        .complete();
}

/// Link names of the connections, with their display names.
pub(crate) fn links() -> ArgValueCandidates {
    ArgValueCandidates::new(|| {
        let mut out = Vec::new();
        if let Some(paths) = home() {
            let _ = connection::for_each(&paths, |c: connection::Summary| {
                out.push(CompletionCandidate::new(c.link_name).help(Some(c.display_name.into())));
                Ok(())
            });
        }
        out
    })
}

/// Connector ids: the built-in catalog and the custom connectors.
pub(crate) fn connector_ids() -> ArgValueCandidates {
    ArgValueCandidates::new(|| {
        let mut ids: Vec<String> = crate::connector::builtin::ids()
            .map(str::to_owned)
            .collect();
        if let Some(paths) = home() {
            ids.extend(connectors::ids(&paths).unwrap_or_default());
        }
        ids.sort();
        ids.dedup();
        ids.into_iter().map(CompletionCandidate::new).collect()
    })
}

/// What completion reads of an account.
#[derive(Deserialize)]
struct AccountView {
    name: Option<String>,
    origin_link: String,
    origin_env: Environment,
    configuration: ConnectorOf,
}

#[derive(Deserialize)]
struct ConnectorOf {
    connector: String,
}

/// Account labels (names, and `LINK@ENV` for unnamed accounts), with their connectors.
pub(crate) fn accounts() -> ArgValueCandidates {
    ArgValueCandidates::new(|| {
        let mut out = Vec::new();
        if let Some(paths) = home() {
            let _ = account::for_each(&paths, |a: AccountView| {
                let label = a
                    .name
                    .unwrap_or_else(|| format!("{}@{}", a.origin_link, a.origin_env));
                out.push(
                    CompletionCandidate::new(label).help(Some(a.configuration.connector.into())),
                );
                Ok(())
            });
        }
        out.sort_by(|a, b| a.get_value().cmp(b.get_value()));
        out.dedup_by(|a, b| a.get_value() == b.get_value());
        out
    })
}

/// The environments, by their full names.
pub(crate) fn environments() -> ArgValueCandidates {
    ArgValueCandidates::new(|| {
        Environment::ALL
            .iter()
            .map(|e| CompletionCandidate::new(e.as_str()))
            .collect()
    })
}

/// The home the completed command line acts on: its `--home DIR`, else `TETHER_HOME`, else
/// the platform directories.
fn home() -> Option<Paths> {
    let words: Vec<OsString> = std::env::args_os().collect();
    let typed = words.iter().enumerate().find_map(|(i, word)| {
        let word = word.to_str()?;
        if word == "--home" {
            words.get(i + 1).map(PathBuf::from)
        } else {
            word.strip_prefix("--home=").map(PathBuf::from)
        }
    });
    let home = typed.or_else(|| {
        std::env::var_os("TETHER_HOME")
            .filter(|h| !h.is_empty())
            .map(PathBuf::from)
    });
    Paths::resolve(home).ok()
}
