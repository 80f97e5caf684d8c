//! `[docker]`: registry hosts and a username, over the connection's non-secret params only
//! (`docker-credential-tether list` shows both without opening the vault).

use super::{Check, Place, check_template, connection_params_only, problem};
use crate::connector::docker::{IDENTITY_TOKEN_USERNAME, registry};
use crate::connector::file::ConnectorFile;
use crate::connector::position::{Seg, key_path};
use crate::connector::template;

pub(super) fn check_docker(c: &ConnectorFile) -> Check {
    let Some(docker) = &c.docker else {
        return Ok(());
    };
    if docker.registries.is_empty() {
        return Err(problem(
            key_path!["docker", "registries"],
            "`docker.registries` is empty; list the registry hosts this credential logs in to, e.g. [\"ghcr.io\"]",
        ));
    }
    for (i, entry) in docker.registries.iter().enumerate() {
        let at = [Seg::from("docker"), Seg::from("registries"), Seg::Index(i)];
        connection_values_only(c, &at, entry)?;
        // Each placeholder stands for a plain name; what is left must be a bare host.
        let sample = template::render(entry, |_| Some("x".to_owned())).unwrap_or_default();
        let bare = registry(&sample).is_some_and(|key| {
            key == sample.to_ascii_lowercase() || crate::connector::docker::is_hub(&key)
        });
        if !bare {
            return Err(problem(
                at,
                format!(
                    "`docker.registries[{i}]` = \"{entry}\" is not a registry host; write the host (and port) as `docker login` names it, without scheme or path, e.g. \"ghcr.io\" or \"registry.{{host}}\""
                ),
            ));
        }
        if docker.registries[..i].contains(entry) {
            return Err(problem(
                at,
                format!("`{entry}` is listed twice in `docker.registries`; list it once"),
            ));
        }
    }
    if let Some(username) = &docker.username {
        let at = key_path!["docker", "username"];
        connection_values_only(c, &at, username)?;
        if username.trim().is_empty() || username == IDENTITY_TOKEN_USERNAME {
            return Err(problem(
                at,
                format!(
                    "`docker.username` = \"{username}\" cannot be used: docker reads an empty username or {IDENTITY_TOKEN_USERNAME} as something else than a login; write the name the registry expects, or remove the key to use the account's login"
                ),
            ));
        }
    }
    Ok(())
}

/// A template over the connection's non-secret params only.
fn connection_values_only(c: &ConnectorFile, at: &[Seg], value: &str) -> Check {
    check_template(c, at, value, Place::Url)?;
    connection_params_only(c, at, value, "[docker]")
}
