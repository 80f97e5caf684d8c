//! Which connections serve which git hosts: each connection's connector's `[git]` hosts, filled
//! in with the connection's params, and the one connection a request is answered with.

use std::collections::BTreeMap;

use super::error::GitError;
use crate::connector::{Connector, host_problem, template};
use crate::error::Result;
use crate::paths::Paths;

/// One connection and the git hosts its connector serves for it.
#[derive(Debug, Clone)]
pub(crate) struct Served {
    pub(crate) link: String,
    /// `host` or `host:port`, lower case, as filled in; an entry whose params the connection
    /// lacks, or that does not fill in to a host, is left out.
    pub(crate) hosts: Vec<String>,
}

impl Served {
    /// Whether this connection serves `host` as git names it for a `scheme` request.
    #[must_use]
    pub(crate) fn serves(&self, host: &str, scheme: &str) -> bool {
        self.hosts.iter().any(|h| same_host(h, host, scheme))
    }
}

/// Every connection whose connector has `[git]` hosts, by link name.
pub(crate) fn served(paths: &Paths) -> Result<Vec<Served>> {
    let mut connectors: BTreeMap<String, Option<Connector>> = BTreeMap::new();
    let mut out = Vec::new();
    for connection in crate::store::connection::list(paths)? {
        if !connectors.contains_key(&connection.connector) {
            // A connection whose connector is gone serves nothing; `connection details`
            // reports that, not a git request.
            let loaded = crate::store::connectors::load(paths, &connection.connector).ok();
            connectors.insert(connection.connector.clone(), loaded);
        }
        let Some(git) = connectors[&connection.connector]
            .as_ref()
            .and_then(|c| c.git.as_ref())
        else {
            continue;
        };
        let hosts: Vec<String> = git
            .hosts
            .iter()
            .filter_map(|entry| {
                template::render(entry, |name| connection.params.get(name).cloned()).ok()
            })
            .map(|host| host.to_ascii_lowercase())
            .filter(|host| host_problem(host).is_none())
            .collect();
        out.push(Served {
            link: connection.link_name,
            hosts,
        });
    }
    out.sort_by(|a, b| a.link.cmp(&b.link));
    Ok(out)
}

/// The connection that answers for `host` over `scheme`: `link` when given (`None` when it does
/// not serve the host), else the only one serving it. Several and no `link` is an error.
pub(crate) fn choose<'a>(
    served: &'a [Served],
    host: &str,
    scheme: &str,
    link: Option<&str>,
) -> std::result::Result<Option<&'a Served>, GitError> {
    let mut serving = served.iter().filter(|s| s.serves(host, scheme));
    if let Some(link) = link {
        return Ok(serving.find(|s| s.link == link));
    }
    let all: Vec<&Served> = serving.collect();
    match all.as_slice() {
        [] => Ok(None),
        [only] => Ok(Some(only)),
        several => Err(GitError::Ambiguous {
            host: host.to_owned(),
            links: several.iter().map(|s| s.link.clone()).collect(),
        }),
    }
}

/// Whether the repository path git sent (`org/repo.git`) is under `prefix` (`org`, `org/`,
/// `/org/team`): whole path segments match, so `org` is not a prefix of `organisation/x`.
#[must_use]
pub(crate) fn under_prefix(path: &str, prefix: &str) -> bool {
    let segments = |text: &str| -> Vec<String> {
        text.split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let wanted = segments(prefix);
    let given = segments(path);
    given.len() >= wanted.len() && given.iter().zip(&wanted).all(|(g, w)| g == w)
}

/// Whether `entry` (a `[git]` host) and `requested` (as git sends it) are the same host: names
/// compared without case, a missing port being the default one of `scheme`.
#[must_use]
pub(crate) fn same_host(entry: &str, requested: &str, scheme: &str) -> bool {
    let default = match scheme {
        "http" => "80",
        _ => "443",
    };
    let split = |host: &str| -> (String, String) {
        let host = host.to_ascii_lowercase();
        let (name, port) = match host.rfind(':') {
            // `[::1]` alone has colons but no port.
            Some(i) if !host[i..].contains(']') => (host[..i].to_owned(), host[i + 1..].to_owned()),
            _ => (host.clone(), default.to_owned()),
        };
        (name, port)
    };
    split(entry) == split(requested)
}

/// Whether `host` (`name` or `name:port`) is a loopback address, where plain http is allowed.
#[must_use]
pub(crate) fn is_loopback(host: &str) -> bool {
    let name = match host.rfind(':') {
        Some(i) if !host[i..].contains(']') => &host[..i],
        _ => host,
    };
    let name = name.trim_start_matches('[').trim_end_matches(']');
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_prefix_matches_whole_segments() {
        assert!(under_prefix("org/repo.git", "org"));
        assert!(under_prefix("org/team/repo.git", "/org/team/"));
        assert!(under_prefix("org", "org"));
        assert!(!under_prefix("organisation/repo.git", "org"));
        assert!(!under_prefix("org", "org/team"));
        assert!(!under_prefix("other/org/repo.git", "org"));
    }

    fn served(link: &str, hosts: &[&str]) -> Served {
        Served {
            link: link.into(),
            hosts: hosts.iter().map(|h| (*h).to_owned()).collect(),
        }
    }

    #[test]
    fn hosts_match_without_case_and_with_default_ports() {
        assert!(same_host("github.com", "GitHub.com", "https"));
        assert!(same_host("github.com", "github.com:443", "https"));
        assert!(!same_host("github.com", "github.com:8443", "https"));
        assert!(same_host("127.0.0.1:8080", "127.0.0.1:8080", "http"));
        assert!(!same_host("127.0.0.1", "127.0.0.1:8080", "http"));
        assert!(same_host("[::1]", "[::1]:443", "https"));
        assert!(is_loopback("127.0.0.1:9") && is_loopback("localhost") && is_loopback("[::1]:80"));
        assert!(!is_loopback("example.com") && !is_loopback("10.0.0.1"));
    }

    #[test]
    fn one_connection_answers_and_several_need_a_link() {
        let all = [
            served("a", &["h.example"]),
            served("b", &["h.example"]),
            served("c", &["other"]),
        ];
        assert_eq!(
            choose(&all, "other", "https", None).unwrap().unwrap().link,
            "c"
        );
        assert!(choose(&all, "nobody", "https", None).unwrap().is_none());
        let e = choose(&all, "h.example", "https", None).unwrap_err();
        assert!(matches!(e, GitError::Ambiguous { links, .. } if links == ["a", "b"]));
        assert_eq!(
            choose(&all, "h.example", "https", Some("b"))
                .unwrap()
                .unwrap()
                .link,
            "b"
        );
        assert!(
            choose(&all, "h.example", "https", Some("c"))
                .unwrap()
                .is_none()
        );
    }
}
