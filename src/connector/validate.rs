//! The rules of the connector format beyond the shape of the TOML: names, matching auth sections, templates
//! that only use what exists, https endpoints, consistent scopes.
//!
//! Guarantees: a connector that passes [`check`] can be rendered and used without surprises;
//! a failure names the key it is about, what is wrong and what to write instead.

use std::fmt::Write as _;

mod docker;
mod git;
mod identity;
mod jwt;
mod oauth2;
mod request;

use docker::check_docker;
use git::check_git;
use identity::check_identity;
use oauth2::{check_captures, check_oauth2};
use request::{check_api_key, check_fixed};

use super::env_table;
use super::file::ConnectorFile;
use super::id::id_problem;
use super::model::{AuthType, CLIENT_ID, Param, Placement};
use super::position::{Seg, key_path};
use super::template::{self, is_identifier};

/// The first thing wrong with a connector: where (a key path) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub path: Vec<Seg>,
    pub message: String,
}

type Check = std::result::Result<(), Problem>;

fn problem(path: impl Into<Vec<Seg>>, message: impl Into<String>) -> Problem {
    Problem {
        path: path.into(),
        message: message.into(),
    }
}

/// `oauth2.scopes[1]`, as a person reads a key path.
fn dotted(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(key) | Seg::Name(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Seg::Index(i) => {
                let _ = write!(out, "[{i}]");
            }
        }
    }
    out
}

/// Where a template is used, which decides the placeholders it may contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// `base_url`, the OAuth2 endpoints and extra parameters: printed, so no secrets.
    Url,
    /// `[basic]` username and password.
    Basic,
    /// `[api_key].value`.
    ApiKey,
    /// `[env]` values, exported to a child process.
    Env,
    /// `[oauth2].token_value`, the header that carries the access token.
    Token,
    /// `[headers]` and `[query]` values, sent with every request.
    Header,
    /// `[oauth2.revocation].url`: a URL that may also name the client app (`{client_id}`).
    Revocation,
}

impl Place {
    /// Printed and logged, so no secret may go in.
    fn is_url(self) -> bool {
        matches!(self, Self::Url | Self::Revocation)
    }
}

/// The placeholders tether itself provides, by auth type.
#[must_use]
pub(crate) fn builtin_placeholders(auth: AuthType) -> &'static [&'static str] {
    match auth {
        AuthType::Basic => &["username", "password"],
        AuthType::ApiKey => &["api_key"],
        AuthType::OAuth2 => &["access_token"],
    }
}

const LOOPBACK: [&str; 3] = ["127.0.0.1", "[::1]", "localhost"];

/// Runs every rule; the first problem found is returned.
pub(crate) fn check(c: &ConnectorFile) -> Check {
    if let Some(reason) = id_problem(&c.id) {
        return Err(problem(
            key_path!["id"],
            format!(
                "invalid connector id `{}`: {reason}; use 1 to 63 characters of a-z, 0-9 and `-`, starting with a letter or digit (e.g. `acme-files`)",
                c.id
            ),
        ));
    }
    if c.name.trim().is_empty() {
        return Err(problem(
            key_path!["name"],
            "`name` is empty; give the service's name as people know it (e.g. \"Acme Files\")",
        ));
    }
    if let Some(docs) = &c.docs
        && !(docs.starts_with("https://") || docs.starts_with("http://"))
    {
        return Err(problem(
            key_path!["docs"],
            format!("`docs` must be a web address starting with https:// (found `{docs}`)"),
        ));
    }
    if let Some(verified) = &c.verified {
        check_verified(verified)?;
    }
    check_params(c)?;
    check_sections(c)?;
    check_captures(c)?;
    if let Some(base_url) = &c.base_url {
        check_endpoint(c, &key_path!["base_url"], base_url, Place::Url)?;
    }
    check_fixed(c, Placement::Header)?;
    check_fixed(c, Placement::Query)?;
    if let Some(basic) = &c.basic {
        check_template(
            c,
            &key_path!["basic", "username"],
            &basic.username,
            Place::Basic,
        )?;
        check_template(
            c,
            &key_path!["basic", "password"],
            &basic.password,
            Place::Basic,
        )?;
        if basic.username.is_empty() {
            return Err(problem(
                key_path!["basic", "username"],
                "`basic.username` is empty; write a template such as \"{email}\"",
            ));
        }
        let secret = |t: &str| template::placeholders(t).iter().any(|n| is_secret(c, n));
        if !secret(&basic.username) && !secret(&basic.password) {
            return Err(problem(
                key_path!["basic", "password"],
                "neither `basic.username` nor `basic.password` uses a secret; use `{password}` or a param with `secret = true` so the secret is asked for instead of written here",
            ));
        }
    }
    if let Some(api_key) = &c.api_key {
        check_api_key(c, api_key)?;
    }
    if let Some(oauth2) = &c.oauth2 {
        check_oauth2(c, oauth2)?;
    }
    check_identity(c)?;
    check_git(c)?;
    check_docker(c)?;
    check_env(c)
}

/// `verified = "YYYY-MM"`: a month that exists.
fn check_verified(verified: &str) -> Check {
    let month = verified
        .split_once('-')
        .filter(|(y, m)| y.len() == 4 && m.len() == 2)
        .and_then(|(y, m)| Some((y.parse::<u16>().ok()?, m.parse::<u8>().ok()?)));
    match month {
        Some((2000..=2999, 1..=12)) => Ok(()),
        _ => Err(problem(
            key_path!["verified"],
            format!(
                "`verified` = \"{verified}\" is not a month; write the year and month the connector was checked against the provider's documentation, e.g. \"2026-12\""
            ),
        )),
    }
}

/// `[env]`: variable names, none that changes how programs run, values built on placeholders.
fn check_env(c: &ConnectorFile) -> Check {
    for (name, value) in &c.env {
        if !is_identifier(name) {
            return Err(problem(
                [Seg::from("env"), Seg::Name(name.clone())],
                format!(
                    "`{name}` is not a valid environment variable name; use letters, digits and `_`, not starting with a digit (e.g. ACME_TOKEN)"
                ),
            ));
        }
        if let Some(message) = env_table::name_problem(name) {
            return Err(problem(
                [Seg::from("env"), Seg::Name(name.clone())],
                message,
            ));
        }
        let at = key_path!["env", name.as_str()];
        check_template(c, &at, value, Place::Env)?;
        if let Some(message) = env_table::value_problem(name, value) {
            return Err(problem(at, message));
        }
    }
    Ok(())
}

fn check_params(c: &ConnectorFile) -> Check {
    for (i, param) in c.params.iter().enumerate() {
        let at = |key: &str| key_path!["params", i, key];
        if !is_identifier(&param.name) {
            return Err(problem(
                at("name"),
                format!(
                    "param name `{}` is not an identifier; use letters, digits and `_`, not starting with a digit (e.g. `api_token`)",
                    param.name
                ),
            ));
        }
        if param.name == "access_token" {
            return Err(problem(
                at("name"),
                "`access_token` is provided by tether for oauth2 connectors and cannot be a param; choose another name",
            ));
        }
        if c.params[..i].iter().any(|p| p.name == param.name) {
            return Err(problem(
                at("name"),
                format!(
                    "param `{}` is declared twice; give each param its own name",
                    param.name
                ),
            ));
        }
        if param.label.as_deref().is_some_and(|l| l.trim().is_empty()) {
            return Err(problem(
                at("label"),
                format!(
                    "the label of param `{}` is empty; remove it or say what to enter",
                    param.name
                ),
            ));
        }
        if param.secret && param.connection {
            return Err(problem(
                at("connection"),
                format!(
                    "param `{}` is secret, and a secret cannot be a value of the connection (those are stored in plain TOML); set `connection = false` or `secret = false`",
                    param.name
                ),
            ));
        }
        if param.secret && param.default.is_some() {
            return Err(problem(
                at("default"),
                format!(
                    "param `{}` is secret and must not have a default written in the connector file; remove `default`",
                    param.name
                ),
            ));
        }
        check_choices(param, &at)?;
    }
    Ok(())
}

fn check_choices(param: &Param, at: &dyn Fn(&str) -> [Seg; 3]) -> Check {
    if param.choices.is_empty() {
        return Ok(());
    }
    let name = &param.name;
    if param.secret {
        return Err(problem(
            at("choices"),
            format!(
                "param `{name}` is secret, and a secret cannot be picked from a list written in the connector file; remove `choices` or set `secret = false`"
            ),
        ));
    }
    for (i, choice) in param.choices.iter().enumerate() {
        if choice.trim().is_empty() || choice.chars().any(char::is_control) {
            return Err(problem(
                at("choices"),
                format!("a choice of param `{name}` is empty or has control characters; remove it"),
            ));
        }
        if param.choices[..i].contains(choice) {
            return Err(problem(
                at("choices"),
                format!("param `{name}` lists the choice `{choice}` twice; list each once"),
            ));
        }
    }
    if let Some(default) = param.default.as_deref().filter(|d| !param.allows(d)) {
        return Err(problem(
            at("default"),
            format!(
                "the default `{default}` of param `{name}` is not one of its choices ({}); make it one of them",
                param.choices.join(", ")
            ),
        ));
    }
    Ok(())
}

fn check_sections(c: &ConnectorFile) -> Check {
    let sections = [
        ("basic", AuthType::Basic, c.basic.is_some()),
        ("api_key", AuthType::ApiKey, c.api_key.is_some()),
        ("oauth2", AuthType::OAuth2, c.oauth2.is_some()),
    ];
    for (section, auth, present) in sections {
        if auth == c.auth && !present {
            let what = match auth {
                AuthType::Basic => "username and password templates",
                AuthType::ApiKey => "placement, name and value",
                AuthType::OAuth2 => "at least token_url",
            };
            return Err(problem(
                key_path!["auth"],
                format!("auth = \"{auth}\" needs a [{section}] section with {what}; add it"),
            ));
        }
        if auth != c.auth && present {
            return Err(problem(
                key_path![section],
                format!(
                    "[{section}] is for auth = \"{auth}\", but this connector's auth is \"{}\"; remove the section or change `auth`",
                    c.auth
                ),
            ));
        }
    }
    Ok(())
}

/// The name of the header or query parameter that carries a credential.
fn check_credential_name(at: &[Seg], placement: Placement, name: &str) -> Check {
    let at = at.to_vec();
    match placement {
        // RFC 9110 §5.6.2: a field name is a token.
        Placement::Header
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)) =>
        {
            Err(problem(
                at,
                format!(
                    "`{name}` is not a valid HTTP header name; use letters, digits and `-` (e.g. \"X-API-Key\" or \"Authorization\")"
                ),
            ))
        }
        Placement::Query
            if name.is_empty()
                || name
                    .chars()
                    .any(|c| c.is_whitespace() || "&=#?%".contains(c)) =>
        {
            Err(problem(
                at,
                format!(
                    "`{name}` is not a usable query parameter name; use letters, digits, `-` and `_` (e.g. \"appid\")"
                ),
            ))
        }
        _ => Ok(()),
    }
}

/// A URL template: placeholders valid here, `https://` unless the host is loopback.
fn check_endpoint(c: &ConnectorFile, at: &[Seg], url: &str, place: Place) -> Check {
    check_template(c, at, url, place)?;
    let key = dotted(at);
    let fail = |what: String| Err(problem(at.to_vec(), format!("`{key}` = \"{url}\" {what}")));
    if url.starts_with('{') && !url.starts_with("{{") {
        // The value (a server's address, or a captured `instance_url`) supplies scheme and
        // host; it is checked to be exactly an https:// origin when the template is filled.
        let rest = url.split_once('}').map_or("", |(_, rest)| rest);
        if !(rest.is_empty() || rest.starts_with('/')) {
            return fail(
                "starts with a placeholder that must stand for the whole https://host; follow it with `/` or nothing".into(),
            );
        }
        return Ok(());
    }
    let (rest, secure) = if let Some(rest) = url.strip_prefix("https://") {
        (rest, true)
    } else if let Some(rest) = url.strip_prefix("http://") {
        (rest, false)
    } else {
        return fail(
            "is not an https:// address; write the full URL, e.g. \"https://api.example.com\""
                .into(),
        );
    };
    if url.chars().any(char::is_whitespace) {
        return fail("contains white space; encode it as %20".into());
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return fail("carries credentials before the host; declare them as params instead".into());
    }
    let host = if authority.starts_with('[') {
        authority
            .find(']')
            .map_or(authority, |end| &authority[..=end])
    } else {
        authority.split(':').next().unwrap_or_default()
    };
    if host.is_empty() {
        return fail("has no host; write the full URL, e.g. \"https://api.example.com\"".into());
    }
    let port = &authority[host.len()..];
    if !port.is_empty() && port[1..].parse::<u16>().map_or(true, |p| p == 0) {
        return fail("has an invalid port; write host:PORT with PORT from 1 to 65535".into());
    }
    if !secure && !LOOPBACK.contains(&host.to_ascii_lowercase().as_str()) {
        return fail(format!(
            "uses http://, which would send credentials in clear text; use https:// (http:// is accepted only for loopback hosts: {})",
            LOOPBACK.join(", ")
        ));
    }
    Ok(())
}

fn is_secret(c: &ConnectorFile, name: &str) -> bool {
    match c.param(name) {
        Some(param) => param.secret,
        None => match c.auth {
            AuthType::Basic => name == "password",
            AuthType::ApiKey => name == "api_key",
            AuthType::OAuth2 => name == "access_token",
        },
    }
}

/// That every placeholder of `value` is a non-secret param of the connection
/// (`connection = true`): those are kept in plain metadata, so `what` (a git host, a docker
/// registry) is known without opening the vault, and may be shown.
fn connection_params_only(c: &ConnectorFile, at: &[Seg], value: &str, what: &str) -> Check {
    let kept = |p: &&Param| p.connection && !p.secret;
    for name in template::placeholders(value) {
        if c.param(&name).as_ref().is_some_and(kept) {
            continue;
        }
        let available: Vec<String> = c
            .params
            .iter()
            .filter(kept)
            .map(|p| format!("{{{}}}", p.name))
            .collect();
        let available = if available.is_empty() {
            "none".to_owned()
        } else {
            available.join(", ")
        };
        return Err(problem(
            at.to_vec(),
            format!(
                "`{}` uses `{{{name}}}`, which is not a non-secret param of the connection; {what} may use only params with `connection = true` (available: {available})",
                dotted(at)
            ),
        ));
    }
    Ok(())
}

/// A template's syntax, and that each placeholder exists where it is used.
fn check_template(c: &ConnectorFile, at: &[Seg], value: &str, place: Place) -> Check {
    let key = dotted(at);
    template::parse(value).map_err(|e| {
        problem(
            at.to_vec(),
            format!("`{key}` is not a valid template: {}", e.message),
        )
    })?;
    for name in template::placeholders(value) {
        if let Some(param) = c.param(&name) {
            if param.secret && place.is_url() {
                return Err(problem(
                    at.to_vec(),
                    format!(
                        "`{key}` uses the secret param `{name}`, but URLs are printed and logged; keep secrets out of URLs (use [api_key] with placement = \"query\" for keys in the query string)"
                    ),
                ));
            }
            continue;
        }
        let captured = c
            .oauth2
            .as_ref()
            .is_some_and(|o| o.capture.contains_key(&name));
        if captured || (place == Place::Revocation && name == CLIENT_ID) {
            continue;
        }
        let builtins = builtin_placeholders(c.auth);
        let provided_here = match c.auth {
            AuthType::Basic => matches!(place, Place::Basic | Place::Env),
            AuthType::ApiKey => matches!(place, Place::ApiKey | Place::Env),
            AuthType::OAuth2 => matches!(place, Place::Env | Place::Token),
        };
        if provided_here && builtins.contains(&name.as_str()) {
            continue;
        }
        let mut available: Vec<String> = c
            .params
            .iter()
            .filter(|p| !place.is_url() || !p.secret)
            .map(|p| format!("{{{}}}", p.name))
            .chain(
                c.oauth2
                    .iter()
                    .flat_map(|o| o.capture.keys())
                    .map(|name| format!("{{{name}}}")),
            )
            .collect();
        if provided_here {
            available.extend(builtins.iter().map(|b| format!("{{{b}}}")));
        }
        let available = if available.is_empty() {
            "none".to_owned()
        } else {
            available.join(", ")
        };
        let why = if ["access_token", "username", "password", "api_key"].contains(&name.as_str()) {
            format!(
                "`{{{name}}}` is not available here for a {} connector",
                c.auth
            )
        } else {
            format!("unknown placeholder `{{{name}}}`")
        };
        return Err(problem(
            at.to_vec(),
            format!(
                "`{key}` uses {why}; declare it as a param ([[params]] name = \"{name}\") or use one of the placeholders available here: {available}"
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_paths_read_naturally() {
        assert_eq!(
            dotted(&key_path!["oauth2", "scopes", 1]),
            "oauth2.scopes[1]"
        );
        assert_eq!(dotted(&key_path!["params", 0, "name"]), "params[0].name");
    }
}
