//! What references stand for: every reference of a file checked against the connections
//! first (all problems reported together, before anything is resolved), then each
//! connection resolved once per environment, refreshed when due, through
//! [`crate::credential::resolve_in`] (so access lists and the nested-exec rules apply).

use std::path::{Path, PathBuf};

use super::{BadReference, Problem, Reference, ReferenceError};
use crate::connector::{Auth, Connector};
use crate::context::Context;
use crate::credential::Resolved;
use crate::environment::Environment;
use crate::error::Result;
use crate::secret::Secret;
use crate::store;

/// A reference and the file and line (from 1) it is on.
#[derive(Debug, Clone)]
pub(crate) struct Use {
    pub path: PathBuf,
    pub line: usize,
    pub reference: Reference,
}

/// What the references of a file stand for.
#[derive(Debug)]
pub(crate) struct Values {
    /// The value of each use, in the order given.
    pub(crate) each: Vec<Secret>,
    /// Every secret these values hold, for masking: each value of a secret field
    /// ([`is_secret`]), and the bare token inside a header.
    pub secrets: Vec<Secret>,
    /// Each connection and environment used, once, in order.
    pub used: Vec<(String, Environment)>,
}

/// The fields a reference to a connection of `connector` may name.
#[must_use]
pub(crate) fn fields(connector: &Connector) -> Vec<String> {
    let mut names: Vec<String> = vec!["token".into(), "header".into()];
    let builtin: &[&str] = match &connector.auth {
        Auth::Basic(_) => &["username", "password"],
        Auth::ApiKey(_) => &["api_key"],
        Auth::OAuth2(_) => &["access_token"],
    };
    let captured = connector
        .oauth2()
        .map(|o| o.capture.keys().cloned().collect::<Vec<_>>())
        .unwrap_or_default();
    for name in builtin
        .iter()
        .map(|s| (*s).to_owned())
        .chain(connector.params.iter().map(|p| p.name.clone()))
        .chain(captured)
    {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// Whether `field` of a connection of `connector` is a secret, which masking conceals: the
/// token, the header, access tokens, API keys, passwords and secret params. Plain params (a
/// site name), usernames and captured values (an instance URL) are not.
#[must_use]
pub(crate) fn is_secret(connector: &Connector, field: &str) -> bool {
    match field {
        "token" | "header" | "access_token" | "api_key" | "password" => true,
        name => connector.param(name).is_some_and(|p| p.secret),
    }
}

/// Checks every use against the connections and their connectors, without reading the vault
/// or resolving anything, and reports every problem at once, with `problems` found earlier
/// (malformed references).
///
/// # Errors
///
/// [`ReferenceError::Bad`] with every problem.
pub(crate) fn check(ctx: &Context, uses: &[Use], mut problems: Vec<BadReference>) -> Result<()> {
    let mut links: Vec<(&str, Option<Vec<String>>)> = Vec::new();
    for u in uses {
        if links.iter().any(|(l, _)| *l == u.reference.link) {
            continue;
        }
        let offered = match store::connection::find(&ctx.paths, &u.reference.link)? {
            Some(connection) => Some(fields(&store::connectors::load(
                &ctx.paths,
                &connection.connector,
            )?)),
            None => None,
        };
        links.push((&u.reference.link, offered));
    }
    let mut all_links: Option<Vec<String>> = None;
    for u in uses {
        let offered = links
            .iter()
            .find(|(l, _)| *l == u.reference.link)
            .and_then(|(_, f)| f.as_ref());
        let problem = match offered {
            None => {
                let known = match &all_links {
                    Some(known) => known,
                    None => all_links.insert(store::connection::list_links(&ctx.paths)?),
                };
                Problem::UnknownLink {
                    link: u.reference.link.clone(),
                    suggestion: crate::error::closest(
                        &u.reference.link,
                        known.iter().map(String::as_str),
                    ),
                }
            }
            Some(fields) if !fields.contains(&u.reference.field) => Problem::UnknownField {
                reference: u.reference.to_string(),
                fields: fields.clone(),
            },
            Some(_) => continue,
        };
        problems.push(BadReference {
            path: u.path.clone(),
            line: u.line,
            problem,
        });
    }
    bad(&mut problems)
}

/// Resolves each connection of `uses` (checked with [`check`]) once per environment and
/// returns the values.
///
/// # Errors
///
/// What resolving a connection failed with (not authorized, access denied, the vault, the
/// provider); [`ReferenceError::Bad`] for fields without a value.
pub(crate) fn resolve(ctx: &Context, uses: &[Use], app: Option<&str>) -> Result<Values> {
    let mut problems = Vec::new();
    let default_env = if uses.iter().any(|u| u.reference.env.is_none()) {
        Some(ctx.env()?)
    } else {
        None
    };
    let env_of = |r: &Reference| {
        r.env
            .or(default_env)
            .expect("the run's environment is known when a reference has none")
    };
    let mut resolved: Vec<((String, Environment), Resolved)> = Vec::new();
    for u in uses {
        let key = (u.reference.link.clone(), env_of(&u.reference));
        if resolved.iter().any(|(k, _)| *k == key) {
            continue;
        }
        ctx.audit().using(&key.0, key.1);
        let one = crate::credential::resolve_in(ctx, &key.0, key.1, app)?;
        resolved.push((key, one));
    }

    let mut values = Vec::with_capacity(uses.len());
    let mut secrets = Vec::new();
    for u in uses {
        let env = env_of(&u.reference);
        let Resolved {
            connector,
            credential,
            ..
        } = resolved
            .iter()
            .find(|((l, e), _)| *l == u.reference.link && *e == env)
            .map(|(_, r)| r)
            .expect("every connection used was resolved");
        let field = u.reference.field.as_str();
        let value = match field {
            "token" => Some(credential.token.clone()),
            "header" => {
                secrets.push(credential.token.clone());
                credential.header_line(&u.reference.link).ok()
            }
            field => credential.values.get(field).cloned(),
        };
        if let Some(value) = value {
            if is_secret(connector, field) {
                secrets.push(value.clone());
            }
            values.push(value);
        } else {
            problems.push(BadReference {
                path: u.path.clone(),
                line: u.line,
                problem: Problem::NoValue {
                    reference: u.reference.to_string(),
                },
            });
        }
    }
    bad(&mut problems)?;
    Ok(Values {
        each: values,
        secrets,
        used: resolved.into_iter().map(|(key, _)| key).collect(),
    })
}

/// Every problem at once, in the order of the files (as given) and their lines.
fn bad(problems: &mut Vec<BadReference>) -> Result<()> {
    if problems.is_empty() {
        return Ok(());
    }
    let mut order: Vec<PathBuf> = Vec::new();
    for p in problems.iter() {
        if !order.contains(&p.path) {
            order.push(p.path.clone());
        }
    }
    problems.sort_by_key(|p| (order.iter().position(|o| *o == p.path), p.line));
    Err(ReferenceError::Bad {
        problems: std::mem::take(problems),
    }
    .into())
}

/// The uses of the references of `text`, the content of `path`, whose lines are given by
/// `line_of` (from a byte offset); and the problems of those that do not follow the grammar.
pub(crate) fn uses_in(
    path: &Path,
    text: &str,
    line_of: impl Fn(usize) -> usize,
) -> (Vec<super::Found>, Vec<Use>, Vec<BadReference>) {
    let (found, problems) = super::find(text);
    let uses = found
        .iter()
        .map(|f| Use {
            path: path.to_owned(),
            line: line_of(f.start),
            reference: f.reference.clone(),
        })
        .collect();
    let problems = problems
        .into_iter()
        .map(|(at, problem)| BadReference {
            path: path.to_owned(),
            line: line_of(at),
            problem,
        })
        .collect();
    (found, uses, problems)
}

/// `text` with each found reference replaced by its value (`values` in the order of
/// `found`).
#[must_use]
pub(crate) fn render(text: &str, found: &[super::Found], values: &[Secret]) -> Secret {
    let mut parts: Vec<&str> = Vec::with_capacity(found.len() * 2 + 1);
    let mut from = 0;
    for (f, value) in found.iter().zip(values) {
        parts.push(&text[from..f.start]);
        parts.push(value.expose());
        from = f.end;
    }
    parts.push(&text[from..]);
    Secret::concat(&parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_replaced_by_their_values() {
        let text = "a=tether://x/token;b=tether://y@prod/header!";
        let (found, problems) = super::super::find(text);
        assert!(problems.is_empty());
        let values = [Secret::from("ONE"), Secret::from("TWO")];
        assert_eq!(render(text, &found, &values).expose(), "a=ONE;b=TWO!");
        assert_eq!(render("plain", &[], &[]).expose(), "plain");
    }

    #[test]
    fn fields_and_which_of_them_are_secret() {
        let text = "id = \"acme\"\nname = \"Acme\"\nauth = \"basic\"\n\n[[params]]\nname = \"site\"\nconnection = true\n\n[[params]]\nname = \"otp_seed\"\nsecret = true\n\n[basic]\nusername = \"{username}\"\npassword = \"{password}\"\n";
        let connector = crate::connector::parse(text, Path::new("acme.toml")).unwrap();
        let all = fields(&connector);
        for name in [
            "token", "header", "username", "password", "site", "otp_seed",
        ] {
            assert!(all.iter().any(|f| f == name), "{name}: {all:?}");
        }
        let secret: Vec<&str> = all
            .iter()
            .map(String::as_str)
            .filter(|f| is_secret(&connector, f))
            .collect();
        assert_eq!(secret, ["token", "header", "password", "otp_seed"]);
    }
}
