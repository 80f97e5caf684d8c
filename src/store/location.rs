//! Where a home keeps its state: in its own files, or shared with other machines through an
//! etcd cluster. Chosen with `tether store use`, kept in `store.toml` in the config directory
//! (a setting of this machine, never shared), and overridden by `TETHER_STORE`.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::{StateLock, StoreError, Transaction, file};
use crate::error::{Error, Result};
use crate::paths::Paths;
use crate::value_source::ValueSource;

/// The variable that overrides the home's setting: `local`, `etcd` (the home's endpoints), or
/// `etcd://HOST:PORT[,HOST:PORT…][/PREFIX]`.
pub const VAR: &str = "TETHER_STORE";

/// Where shared state lives in the cluster unless `--prefix` says otherwise.
pub const DEFAULT_PREFIX: &str = "/tether";

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "backend", rename_all = "lowercase")]
pub enum Location {
    #[default]
    Local,
    Etcd(Cluster),
}

/// An etcd cluster and the prefix of the home's keys in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cluster {
    /// `http://HOST:PORT` of each member.
    pub endpoints: Vec<String>,
    /// Starts with `/`, never ends with one.
    pub prefix: String,
    /// While the cluster cannot be reached, commands that only read may use this machine's
    /// copy if it was brought up to date within this many seconds; `None`: they fail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_secs: Option<u64>,
    /// The cluster's user, when it checks who connects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// Where that user's password is read from: `@FILE` or `env:VAR`, never the password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// The PEM file of the authority that signed the members' certificates (TLS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cacert: Option<PathBuf>,
    /// This machine's certificate and key (PEM), when the cluster asks clients for one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cert: Option<PathBuf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<PathBuf>,
}

impl Cluster {
    /// A cluster of `endpoints` (`HOST:PORT` gains `http://`) under `prefix`, checked.
    pub fn new(endpoints: &[String], prefix: Option<&str>) -> Result<Self> {
        let endpoints: Vec<String> = endpoints
            .iter()
            .flat_map(|e| e.split(','))
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(|e| {
                if e.contains("://") {
                    e.to_owned()
                } else {
                    format!("http://{e}")
                }
            })
            .collect();
        if endpoints.is_empty() {
            return Err(bad("no etcd endpoint was given"));
        }
        let prefix = normal_prefix(prefix.unwrap_or(DEFAULT_PREFIX))?;
        Ok(Self {
            endpoints,
            prefix,
            cache_secs: None,
            user: None,
            password: None,
            cacert: None,
            cert: None,
            key: None,
        })
    }

    /// This cluster with a user and where the password is read, checked: `@FILE` (made
    /// absolute) or `env:VAR`, so that the setting never holds the password itself.
    pub fn with_user(self, user: Option<&str>, password: Option<&str>) -> Result<Self> {
        let password = match (user, password) {
            (None, None) => None,
            (Some(_), Some(source)) => Some(password_source(source)?),
            _ => return Err(bad("--user and --password go together")),
        };
        Ok(Self {
            user: user.map(str::to_owned),
            password,
            ..self
        })
    }

    /// This cluster reached over TLS: the members' CA, and this machine's certificate and key.
    pub fn with_tls(
        self,
        cacert: Option<PathBuf>,
        cert: Option<PathBuf>,
        key: Option<PathBuf>,
    ) -> Result<Self> {
        if cacert.is_none() && (cert.is_some() || key.is_some()) {
            return Err(bad(
                "--cert and --key need --cacert, the members' authority",
            ));
        }
        if cert.is_some() != key.is_some() {
            return Err(bad("--cert and --key go together"));
        }
        let absolute = |path: Option<PathBuf>| path.map(|p| std::path::absolute(&p).unwrap_or(p));
        Ok(Self {
            cacert: absolute(cacert),
            cert: absolute(cert),
            key: absolute(key),
            ..self
        })
    }
}

/// `@FILE` (absolute) or `env:VAR`: a password the setting can name without holding it.
fn password_source(source: &str) -> Result<String> {
    match ValueSource::parse(source) {
        ValueSource::Env(var) if !var.is_empty() => Ok(format!("env:{var}")),
        ValueSource::File(path) if !path.as_os_str().is_empty() => {
            let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
            Ok(format!("@{}", path.display()))
        }
        _ => Err(bad(
            "--password takes @FILE or env:VAR (the setting keeps where it is, never the password)",
        )),
    }
}

fn bad(why: &str) -> Error {
    StoreError::BadStoreSetting {
        why: why.to_owned(),
    }
    .into()
}

/// `/team/ci` from `team/ci/`: one leading slash, no trailing one, plain segments.
fn normal_prefix(text: &str) -> Result<String> {
    let segments: Vec<&str> = text.split('/').filter(|s| !s.is_empty()).collect();
    let plain = |s: &&str| {
        *s != "."
            && *s != ".."
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    };
    if segments.is_empty() || !segments.iter().all(plain) {
        return Err(bad(&format!(
            "the prefix `{}` is not a path of letters, digits, `-`, `_` and `.` such as /tether/team",
            crate::sanitize::for_terminal(text)
        )));
    }
    Ok(format!("/{}", segments.join("/")))
}

/// The home's setting.
pub(super) fn setting_file(paths: &Paths) -> PathBuf {
    paths.config_dir().join("store.toml")
}

/// Where this home's state is: `TETHER_STORE`, else the home's setting, else its own files.
pub fn configured(paths: &Paths) -> Result<Location> {
    let saved = || file::read::<Location>(&setting_file(paths)).map(Option::unwrap_or_default);
    let Ok(value) = std::env::var(VAR) else {
        return saved();
    };
    match value.trim() {
        "" => saved(),
        "local" => Ok(Location::Local),
        "etcd" => match saved()? {
            Location::Etcd(cluster) => Ok(Location::Etcd(cluster)),
            Location::Local => Err(bad(
                "TETHER_STORE is `etcd`, but this home names no etcd endpoints",
            )),
        },
        other => {
            let Some(rest) = other.strip_prefix("etcd://") else {
                return Err(bad(&format!(
                    "TETHER_STORE is `{}`: it is `local`, `etcd` or etcd://HOST:PORT[,HOST:PORT…][/PREFIX]",
                    crate::sanitize::for_terminal(other)
                )));
            };
            let (hosts, prefix) = match rest.split_once('/') {
                Some((hosts, prefix)) => (hosts, Some(prefix)),
                None => (rest, None),
            };
            Cluster::new(&[hosts.to_owned()], prefix).map(Location::Etcd)
        }
    }
}

/// Keeps `location` as this home's setting.
pub fn save(paths: &Paths, lock: &StateLock, location: &Location) -> Result<()> {
    let mut txn = Transaction::new();
    match location {
        Location::Local => txn.remove(setting_file(paths)),
        Location::Etcd(_) => {
            let path = setting_file(paths);
            txn.write(path.clone(), file::encode(&path, location)?);
        }
    }
    // The setting is this machine's: it never goes upstream.
    txn.commit_here(paths, lock)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_gain_a_scheme_and_prefixes_are_made_plain() {
        let cluster = Cluster::new(
            &["10.0.0.5:2379, http://10.0.0.6:2379".to_owned()],
            Some("team/ci/"),
        )
        .unwrap();
        assert_eq!(
            cluster.endpoints,
            ["http://10.0.0.5:2379", "http://10.0.0.6:2379"]
        );
        assert_eq!(cluster.prefix, "/team/ci");
        assert_eq!(
            Cluster::new(&["h:1".into()], None).unwrap().prefix,
            "/tether"
        );
        for bad in ["/", "a/../b", "a b", "x\u{1b}"] {
            assert!(Cluster::new(&["h:1".into()], Some(bad)).is_err(), "{bad}");
        }
        assert!(Cluster::new(&[" , ".into()], None).is_err());
    }

    #[test]
    fn a_password_is_named_by_where_it_is_never_given() {
        let cluster = Cluster::new(&["h:1".into()], None).unwrap();
        let with = |user, password| cluster.clone().with_user(user, password);
        assert_eq!(
            with(Some("ci"), Some("env:ETCD_PASSWORD"))
                .unwrap()
                .password
                .as_deref(),
            Some("env:ETCD_PASSWORD")
        );
        let file = with(Some("ci"), Some("@/etc/tether/etcd")).unwrap();
        assert_eq!(file.password.as_deref(), Some("@/etc/tether/etcd"));
        for (user, password) in [
            (Some("ci"), Some("hunter2")),
            (Some("ci"), Some("@-")),
            (Some("ci"), None),
            (None, Some("env:X")),
        ] {
            assert!(with(user, password).is_err(), "{user:?} {password:?}");
        }
        assert!(
            cluster
                .clone()
                .with_tls(None, Some("c".into()), Some("k".into()))
                .is_err()
        );
        assert!(
            cluster
                .clone()
                .with_tls(Some("ca".into()), Some("c".into()), None)
                .is_err()
        );
        let tls = cluster.with_tls(Some("ca.pem".into()), None, None).unwrap();
        assert!(tls.cacert.unwrap().is_absolute());
    }
}
