//! `[docker]`: the container registries a connector's credential logs in to, and the username
//! that goes with it, as docker's credential helper (`docker-credential-tether`) hands them out.
//! Also the one spelling of a registry that both the connector file and docker's requests are
//! read into, so `https://index.docker.io/v1/` and `docker.io` are the same registry.

use serde::{Deserialize, Serialize};

use super::ConnectorError;
use super::template;

/// `[docker]` of a connector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Docker {
    /// Registry hosts (`ghcr.io`, `registry.{host}`): templates over the connection's
    /// non-secret params.
    pub registries: Vec<String>,
    /// The username the registry expects with this credential: a template over the same
    /// params, or a literal. Without it: the authorized account's login when tether read one
    /// (`[identity]`), else [`DEFAULT_USERNAME`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

/// The username when neither `[docker] username` nor the account's login says one: registries
/// that check only the token (ghcr.io) accept any.
pub const DEFAULT_USERNAME: &str = "tether";

/// What docker's credential store reads a username of as "the secret is an identity token
/// (an OAuth2 refresh token of the registry)", which tether's credential is not.
pub const IDENTITY_TOKEN_USERNAME: &str = "<token>";

/// Docker Hub's registry, under every name docker uses for it.
const DOCKER_HUB: &str = "docker.io";
const DOCKER_HUB_ALIASES: [&str; 4] = [
    "docker.io",
    "index.docker.io",
    "registry-1.docker.io",
    "registry.hub.docker.com",
];

/// The key docker's credential store files Docker Hub under (what `docker login` stores).
pub const DOCKER_HUB_SERVER_URL: &str = "https://index.docker.io/v1/";

impl Docker {
    /// The registries, filled in with the connection's params and read as [`registry`] keys.
    pub fn registries(
        &self,
        params: impl Fn(&str) -> Option<String>,
    ) -> Result<Vec<String>, ConnectorError> {
        let mut keys = Vec::with_capacity(self.registries.len());
        for entry in &self.registries {
            let rendered = template::render(entry, &params)?;
            let key =
                registry(&rendered).filter(|k| *k == rendered.to_ascii_lowercase() || is_hub(k));
            match key {
                Some(key) if !keys.contains(&key) => keys.push(key),
                Some(_) => {}
                None => {
                    return Err(ConnectorError::NotARegistry {
                        template: entry.clone(),
                        value: rendered,
                    });
                }
            }
        }
        Ok(keys)
    }

    /// `username` filled in, when the connector sets one.
    pub fn username(
        &self,
        params: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<String>, ConnectorError> {
        self.username
            .as_deref()
            .map(|t| template::render(t, params))
            .transpose()
    }
}

/// A registry as docker names it (`ghcr.io`, `https://ghcr.io/v2/`, `localhost:5000`,
/// `https://index.docker.io/v1/`) read as one key: the host in lower case with its port, no
/// scheme or path, every name of Docker Hub as `docker.io`. `None` for what names no host.
#[must_use]
pub fn registry(server_url: &str) -> Option<String> {
    let text = server_url.trim();
    let rest = text.split_once("://").map_or(text, |(scheme, rest)| {
        if scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http") {
            rest
        } else {
            ""
        }
    });
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.is_empty()
        || authority.contains('@')
        || authority
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '\\' || c == '%')
    {
        return None;
    }
    let host = if authority.starts_with('[') {
        authority.find(']').map(|end| &authority[..=end])?
    } else {
        authority.split(':').next().unwrap_or_default()
    };
    let port = &authority[host.len()..];
    if host.is_empty() || host == "[]" || host.starts_with('.') || host.ends_with('.') {
        return None;
    }
    if !port.is_empty() && port[1..].parse::<u16>().map_or(true, |p| p == 0) {
        return None;
    }
    let key = authority.to_ascii_lowercase();
    if DOCKER_HUB_ALIASES.contains(&key.as_str()) {
        return Some(DOCKER_HUB.to_owned());
    }
    Some(key)
}

/// Whether a [`registry`] key is Docker Hub.
#[must_use]
pub fn is_hub(key: &str) -> bool {
    key == DOCKER_HUB
}

/// The server URL docker files a registry's credential under: Docker Hub's is
/// [`DOCKER_HUB_SERVER_URL`], every other registry's is its host.
#[must_use]
pub fn server_url(key: &str) -> String {
    if is_hub(key) {
        DOCKER_HUB_SERVER_URL.to_owned()
    } else {
        key.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_a_registry_is_one_key() {
        for url in [
            "ghcr.io",
            "GHCR.io",
            "https://ghcr.io",
            "https://ghcr.io/",
            "https://ghcr.io/v2/",
            "http://ghcr.io/v1/",
            " ghcr.io\n",
        ] {
            assert_eq!(registry(url).as_deref(), Some("ghcr.io"), "{url:?}");
        }
        for hub in [
            "https://index.docker.io/v1/",
            "index.docker.io",
            "docker.io",
            "registry-1.docker.io",
            "https://registry-1.docker.io/v2/",
            "registry.hub.docker.com",
        ] {
            assert_eq!(registry(hub).as_deref(), Some("docker.io"), "{hub:?}");
        }
        assert_eq!(
            registry("localhost:5000").as_deref(),
            Some("localhost:5000")
        );
        assert_eq!(
            registry("https://[::1]:5000/v2/").as_deref(),
            Some("[::1]:5000")
        );
        for bad in [
            "",
            "https://",
            "ftp://ghcr.io",
            "user@ghcr.io",
            "ghcr.io:0",
            "ghcr.io:x",
            "gh cr.io",
        ] {
            assert_eq!(registry(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn docker_hub_is_filed_under_its_v1_url() {
        assert_eq!(server_url("docker.io"), "https://index.docker.io/v1/");
        assert_eq!(server_url("ghcr.io"), "ghcr.io");
    }

    #[test]
    fn registries_are_filled_in_and_must_be_bare_hosts() {
        let docker = Docker {
            registries: vec!["registry.{host}".into(), "index.docker.io".into()],
            username: Some("{user}".into()),
        };
        let params = |name: &str| match name {
            "host" => Some("gitlab.example".to_owned()),
            "user" => Some("ci".to_owned()),
            _ => None,
        };
        assert_eq!(
            docker.registries(params).unwrap(),
            ["registry.gitlab.example", "docker.io"]
        );
        assert_eq!(docker.username(params).unwrap().as_deref(), Some("ci"));
        let moved = |_: &str| Some("evil.example/x".to_owned());
        assert!(docker.registries(moved).is_err());
    }
}
