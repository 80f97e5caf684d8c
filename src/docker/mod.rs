//! docker's credential helper (docker/docker-credential-helpers): which connection serves a
//! registry in the current environment, and with which username.
//!
//! Guarantees: a registry is served by the one connection whose connector's `[docker]` names
//! it and that is authorized in the environment (or by the one named); nothing docker sends
//! (`store`, `erase`) changes or removes an authorization.

mod error;

pub use error::DockerError;

use crate::connector::docker::{DEFAULT_USERNAME, registry, server_url};
use crate::context::Context;
use crate::environment::Environment;
use crate::error::Result;
use crate::store::connection::Connection;

/// A registry one connection serves, as `list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Served {
    /// The registry's [`registry`] key.
    pub(crate) registry: String,
    /// The server URL docker files it under.
    pub(crate) server_url: String,
    pub(crate) link: String,
    pub(crate) username: String,
}

/// Every registry served in `env`, each once: for a registry several connections serve, the
/// first by link name (`get` asks for one to be named).
pub(crate) fn served(ctx: &Context, env: Environment) -> Result<Vec<Served>> {
    let mut once: Vec<Served> = Vec::new();
    for served in every_served(ctx, env)? {
        if !once.iter().any(|s| s.registry == served.registry) {
            once.push(served);
        }
    }
    Ok(once)
}

/// What every connection serves in `env`, in link name order.
fn every_served(ctx: &Context, env: Environment) -> Result<Vec<Served>> {
    let mut all: Vec<Served> = Vec::new();
    let mut tables = Tables::default();
    for connection in crate::store::connection::list(&ctx.paths)? {
        all.extend(serving(ctx, &mut tables, &connection, env)?);
    }
    Ok(all)
}

/// The registry key of what docker sent (a host, or a URL).
pub(crate) fn registry_of(server_url: &str) -> Result<String> {
    registry(server_url).ok_or_else(|| {
        DockerError::NotAServerUrl {
            text: server_url.trim().to_owned(),
        }
        .into()
    })
}

/// The connection that serves the registry of `server_url` in the context's environment, and
/// the username that goes with it; `link` picks among several (a registry it does not serve
/// is answered as without it, so one name set for docker leaves other registries be).
pub(crate) fn choose(ctx: &Context, server_url: &str, link: Option<&str>) -> Result<Served> {
    let env = ctx.env()?;
    let key = registry_of(server_url)?;
    let mut candidates: Vec<Served> = every_served(ctx, env)?
        .into_iter()
        .filter(|s| s.registry == key)
        .collect();
    if let Some(named) = link.and_then(|l| candidates.iter().position(|s| s.link == l)) {
        candidates = vec![candidates.swap_remove(named)];
    }
    if candidates.len() > 1 {
        return Err(DockerError::Ambiguous {
            registry: key,
            links: candidates.into_iter().map(|s| s.link).collect(),
        }
        .into());
    }
    Ok(candidates
        .pop()
        .ok_or(DockerError::NotFound { registry: key })?)
}

/// Whether `docker login` to `server_url` may go on: tether serves that registry (and keeps
/// managing its credential), or the refusal.
pub(crate) fn store(ctx: &Context, server_url: &str) -> Result<()> {
    let key = registry_of(server_url)?;
    let env = ctx.env()?;
    if served(ctx, env)?.iter().any(|s| s.registry == key) {
        return Ok(());
    }
    Err(DockerError::StoreRefused { registry: key }.into())
}

/// The `[docker]` table of each connector read so far: many connections share a connector,
/// which is parsed once.
type Tables = std::collections::BTreeMap<String, Option<crate::connector::Docker>>;

/// The registries `connection` serves in `env`: none unless its connector has `[docker]` and
/// it is authorized there.
fn serving(
    ctx: &Context,
    tables: &mut Tables,
    connection: &Connection,
    env: Environment,
) -> Result<Vec<Served>> {
    let Ok(account_id) = connection.account_for(env) else {
        return Ok(Vec::new());
    };
    if !tables.contains_key(&connection.connector) {
        let connector = crate::store::connectors::load(&ctx.paths, &connection.connector)?;
        tables.insert(connection.connector.clone(), connector.docker);
    }
    let Some(Some(docker)) = tables.get(&connection.connector) else {
        return Ok(Vec::new());
    };
    let params = |name: &str| connection.params.get(name).cloned();
    let registries = docker.registries(params)?;
    let username = match docker.username(params)? {
        Some(username) => username,
        None => crate::store::account::find(&ctx.paths, account_id)?
            .and_then(|a| a.identity)
            .map_or_else(|| DEFAULT_USERNAME.to_owned(), |i| i.login),
    };
    Ok(registries
        .into_iter()
        .map(|registry| Served {
            server_url: server_url(&registry),
            registry,
            link: connection.link_name.clone(),
            username: username.clone(),
        })
        .collect())
}
