//! Nested use under `tether exec`: the marker `exec` leaves in its command's environment, and
//! the rule a tether run inside that command follows before it hands out a credential.
//!
//! Guarantees: inside `tether exec`, `token`, `header`, `exec` and `invoke` hand out only the
//! connections, in the environments, that the enclosing `exec` exported, unless nesting was
//! allowed (`TETHER_ALLOW_NESTED=1`, or `exec --allow-nested`). This keeps a program run with
//! one connection's credentials from getting others by accident, as aws-vault refuses nested
//! sessions; it is not a sandbox: the command runs as the same user.

use std::ffi::OsStr;

use crate::environment::Environment;
use crate::error::Result;

/// Set by `tether exec` in its command's environment: what it exported, as
/// `LINK@ENV,LINK@ENV`.
pub(crate) const MARKER_VAR: &str = "TETHER_EXEC";

/// A credential this run may not read: inside `tether exec`, which exported only `exported`
/// (a list, or "nothing tether can read").
#[derive(Debug, thiserror::Error)]
#[error(
    "refusing to hand out the credentials of `{link}` in {env}: this tether runs inside `tether exec`, which exported only {exported} ({MARKER_VAR} is set)"
)]
pub struct NotExported {
    pub link: String,
    pub env: Environment,
    pub exported: String,
    /// The environment in which the enclosing exec exported this same link, if it did.
    pub exported_env: Option<Environment>,
    /// The links the enclosing exec exported, then this one.
    pub links: Vec<String>,
}
/// `1` allows a nested run to hand out any connection's credentials.
pub(crate) const ALLOW_VAR: &str = "TETHER_ALLOW_NESTED";

/// One connection in one environment, as the marker names it (`gh@production`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    pub link: String,
    pub env: Environment,
}

impl std::fmt::Display for Exported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}@{}", self.link, self.env)
    }
}

/// What this process knows about an enclosing `tether exec`.
#[derive(Debug, Clone, Default)]
pub struct Nesting {
    /// What the enclosing `tether exec` exported; `None` outside one.
    outer: Option<Vec<Exported>>,
    /// `TETHER_ALLOW_NESTED=1`, or `exec --allow-nested`.
    allowed: bool,
}

impl Nesting {
    /// This process's marker and `TETHER_ALLOW_NESTED`; `allow_flag` is `exec --allow-nested`.
    #[must_use]
    pub fn from_env(allow_flag: bool) -> Self {
        Self::from_values(
            std::env::var_os(MARKER_VAR).as_deref(),
            std::env::var_os(ALLOW_VAR).as_deref(),
            allow_flag,
        )
    }

    /// As [`Nesting::from_env`], from the variables' values.
    #[must_use]
    pub fn from_values(marker: Option<&OsStr>, allow: Option<&OsStr>, allow_flag: bool) -> Self {
        // An entry that does not parse matches nothing, so a damaged marker refuses more, not
        // less.
        let outer = marker.filter(|m| !m.is_empty()).map(|m| {
            m.to_string_lossy()
                .split(',')
                .filter_map(|entry| {
                    let (link, env) = entry.split_once('@')?;
                    Some(Exported {
                        link: link.to_owned(),
                        env: env.parse().ok()?,
                    })
                })
                .collect()
        });
        let allowed = allow_flag
            || allow.is_some_and(|v| {
                ["1", "true", "yes", "on"]
                    .iter()
                    .any(|yes| v.eq_ignore_ascii_case(yes))
            });
        Self { outer, allowed }
    }

    /// Refuses the credential of `link` in `env` to a run inside `tether exec` that did not
    /// export it, unless nesting is allowed.
    pub fn check(&self, link: &str, env: Environment) -> Result<()> {
        let Some(outer) = &self.outer else {
            return Ok(());
        };
        if self.allowed || outer.iter().any(|e| e.link == link && e.env == env) {
            return Ok(());
        }
        let exported = if outer.is_empty() {
            "nothing tether can read".to_owned()
        } else {
            outer
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut links: Vec<String> = Vec::new();
        for e in outer {
            if !links.contains(&e.link) {
                links.push(e.link.clone());
            }
        }
        links.push(link.to_owned());
        Err(NotExported {
            link: link.to_owned(),
            env,
            exported,
            exported_env: outer.iter().find(|e| e.link == link).map(|e| e.env),
            links,
        }
        .into())
    }

    /// The marker for a command that gets `exported`: what this run inherited, and those.
    #[must_use]
    pub fn marker_for(&self, exported: &[Exported]) -> String {
        let mut all: Vec<&Exported> = Vec::new();
        for e in self.outer.iter().flatten().chain(exported) {
            if !all.contains(&e) {
                all.push(e);
            }
        }
        all.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nesting(marker: Option<&str>, allow: Option<&str>, flag: bool) -> Nesting {
        Nesting::from_values(marker.map(OsStr::new), allow.map(OsStr::new), flag)
    }

    const DEV: Environment = Environment::Development;
    const PROD: Environment = Environment::Production;

    #[test]
    fn outside_exec_everything_is_handed_out() {
        assert!(nesting(None, None, false).check("gh", DEV).is_ok());
        assert!(nesting(Some(""), None, false).check("gh", DEV).is_ok());
    }

    #[test]
    fn inside_exec_only_what_it_exported() {
        let inside = nesting(Some("gh@production,api@development"), None, false);
        assert!(inside.check("gh", PROD).is_ok());
        assert!(inside.check("api", DEV).is_ok());

        let other = inside.check("db", DEV).unwrap_err();
        assert_eq!(other.exit_code(), 2);
        let text = other.shown();
        assert!(
            text.contains("`db` in development")
                && text.contains("gh@production, api@development")
                && text.contains("`tether exec gh,api,db -- …`")
                && text.contains("TETHER_ALLOW_NESTED=1"),
            "{text}"
        );

        let elsewhere = inside.check("gh", DEV).unwrap_err().shown();
        assert!(elsewhere.contains("--env production"), "{elsewhere}");
    }

    #[test]
    fn a_damaged_marker_refuses() {
        for marker in ["1", "gh", "gh@nowhere"] {
            let e = nesting(Some(marker), None, false).check("gh", DEV);
            assert!(e.is_err(), "{marker}");
        }
    }

    #[test]
    fn nesting_is_allowed_by_the_variable_or_the_flag() {
        for yes in ["1", "true", "YES", "on"] {
            assert!(
                nesting(Some("gh@development"), Some(yes), false)
                    .check("db", DEV)
                    .is_ok()
            );
        }
        for no in ["0", "", "false", "no"] {
            assert!(
                nesting(Some("gh@development"), Some(no), false)
                    .check("db", DEV)
                    .is_err()
            );
        }
        assert!(
            nesting(Some("gh@development"), None, true)
                .check("db", DEV)
                .is_ok()
        );
    }

    #[test]
    fn the_commands_marker_adds_to_the_inherited_one() {
        let exported = |link: &str| Exported {
            link: link.into(),
            env: DEV,
        };
        assert_eq!(
            nesting(None, None, false).marker_for(&[exported("gh"), exported("api")]),
            "gh@development,api@development"
        );
        assert_eq!(
            nesting(Some("gh@development,db@stg"), Some("1"), false)
                .marker_for(&[exported("gh"), exported("api")]),
            "gh@development,db@stage,api@development"
        );
    }
}
