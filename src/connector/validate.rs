//! The rules of the connector format beyond the shape of the TOML: names, matching auth sections, templates
//! that only use what exists, https endpoints, consistent scopes.
//!
//! Guarantees: a connector that passes [`check`] can be rendered and used without surprises;
//! a failure names the key it is about, what is wrong and what to write instead.

use std::fmt::Write as _;

use super::env_table;
use super::file::{ApiKeySection, ConnectorFile};
use super::id::id_problem;
use super::model::{
    AuthType, Capture, ClientAuth, Grant, OAuth2, Param, Placement, RevocationAuth, RevocationBody,
};
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
        check_endpoint(c, &key_path!["base_url"], base_url)?;
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
    check_env(c)
}

/// `[identity]`: a URL that gets the credential (so https, no secret in it), either a full
/// one, one starting with `{base_url}`, or a path appended to `base_url`; JSON pointers.
fn check_identity(c: &ConnectorFile) -> Check {
    const BASE: &str = "{base_url}";
    let Some(identity) = &c.identity else {
        return Ok(());
    };
    let at = key_path!["identity", "url"];
    let url = identity.url.as_str();
    let path = url
        .strip_prefix(BASE)
        .or_else(|| url.starts_with('/').then_some(url));
    if path.unwrap_or(url).contains(BASE) {
        return Err(problem(
            at,
            format!("`identity.url` = \"{url}\" may use {BASE} only at its start"),
        ));
    }
    match path {
        Some(_) if c.base_url.is_none() => {
            return Err(problem(
                at,
                format!(
                    "`identity.url` = \"{url}\" is relative to base_url, but the connector has none; add `base_url` or write the full https:// URL"
                ),
            ));
        }
        Some(rest) if !(rest.is_empty() || rest.starts_with('/') || rest.starts_with('?')) => {
            return Err(problem(
                at,
                format!(
                    "`identity.url` = \"{url}\" must go on with `/` after {BASE}, e.g. \"{BASE}/user\""
                ),
            ));
        }
        Some(rest) => check_template(c, &at, rest, Place::Url)?,
        None => check_endpoint(c, &at, url)?,
    }
    let pointers = [
        ("field", Some(identity.field.as_str())),
        ("subject", identity.subject.as_deref()),
    ];
    for (key, pointer) in pointers {
        if let Some(pointer) = pointer.filter(|p| !is_json_pointer(p)) {
            return Err(problem(
                key_path!["identity", key],
                format!(
                    "`identity.{key}` = \"{pointer}\" is not a JSON pointer (RFC 6901); write `/` before each key, e.g. \"/login\" or \"/user/email\" (`~0` for `~`, `~1` for `/`)"
                ),
            ));
        }
    }
    Ok(())
}

/// A JSON pointer (RFC 6901 §3) to a value inside the document: `/` before each reference
/// token, and `~` only as `~0` or `~1`.
fn is_json_pointer(pointer: &str) -> bool {
    pointer.len() > 1
        && pointer.starts_with('/')
        && pointer
            .split('~')
            .skip(1)
            .all(|after| after.starts_with('0') || after.starts_with('1'))
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

/// `[api_key]`: one key as placement, name and value, or several as `headers` and `query`
/// tables; each value a template built on a secret.
fn check_api_key(c: &ConnectorFile, api_key: &ApiKeySection) -> Check {
    let Some(placements) = api_key.placements() else {
        let mixed = !api_key.headers.is_empty() || !api_key.query.is_empty();
        let message = if mixed {
            "[api_key] mixes one key (`placement`, `name`, `value`) with `headers` or `query`; write one key as placement, name and value, or every key in `headers` and `query`"
        } else {
            "[api_key] needs `placement`, `name` and `value` for one key, or `headers` and `query` tables of name = template for several"
        };
        return Err(problem(key_path!["api_key"], message));
    };
    let single = api_key.placement.is_some();
    for (i, p) in placements.iter().enumerate() {
        let (name_at, value_at): (Vec<Seg>, Vec<Seg>) = if single {
            (
                key_path!["api_key", "name"].to_vec(),
                key_path!["api_key", "value"].to_vec(),
            )
        } else {
            let table = match p.placement {
                Placement::Header => "headers",
                Placement::Query => "query",
            };
            let at = vec![
                Seg::from("api_key"),
                Seg::from(table),
                Seg::Name(p.name.clone()),
            ];
            (at.clone(), at)
        };
        check_credential_name(&name_at, p.placement, &p.name)?;
        if placements[..i].iter().any(|q| {
            q.placement == p.placement
                && (q.name == p.name
                    || (p.placement == Placement::Header && q.name.eq_ignore_ascii_case(&p.name)))
        }) {
            return Err(problem(
                name_at,
                format!("`{}` is listed twice in [api_key]; list it once", p.name),
            ));
        }
        check_template(c, &value_at, &p.value, Place::ApiKey)?;
    }
    if !placements.iter().any(|p| {
        template::placeholders(&p.value)
            .iter()
            .any(|n| is_secret(c, n))
    }) {
        let at = if single {
            key_path!["api_key", "value"].to_vec()
        } else {
            key_path!["api_key"].to_vec()
        };
        let first = &placements[0].value;
        return Err(problem(
            at,
            format!(
                "[api_key] = \"{first}\" uses no secret; write the key as a placeholder, e.g. \"{{api_key}}\" or \"Bearer {{api_key}}\", never the key itself"
            ),
        ));
    }
    Ok(())
}

/// `[headers]` and `[query]`: valid names, templates, and none that would carry or replace the
/// credential.
fn check_fixed(c: &ConnectorFile, placement: Placement) -> Check {
    let (table, entries) = match placement {
        Placement::Header => ("headers", &c.headers),
        Placement::Query => ("query", &c.query),
    };
    let carrying = credential_names(c, placement);
    for (name, value) in entries {
        let at = [Seg::from(table), Seg::Name(name.clone())];
        check_credential_name(&at, placement, name)?;
        let same = |taken: &&String| match placement {
            Placement::Header => taken.eq_ignore_ascii_case(name),
            Placement::Query => *taken == name,
        };
        if let Some(taken) = carrying.iter().find(same) {
            return Err(problem(
                at,
                format!(
                    "`{name}` carries the credential already (`{taken}`); remove it from [{table}]"
                ),
            ));
        }
        check_template(c, &at, value, Place::Header)?;
    }
    Ok(())
}

/// The names of the headers or query parameters that carry the credential.
fn credential_names(c: &ConnectorFile, placement: Placement) -> Vec<String> {
    if let Some(api_key) = &c.api_key {
        return api_key
            .placements()
            .unwrap_or_default()
            .into_iter()
            .filter(|p| p.placement == placement)
            .map(|p| p.name)
            .collect();
    }
    match (&c.oauth2, placement) {
        (Some(o), Placement::Query) => o.token_query.iter().cloned().collect(),
        (Some(o), Placement::Header) if o.token_query.is_none() => {
            vec![
                o.token_header
                    .clone()
                    .unwrap_or_else(|| "Authorization".into()),
            ]
        }
        (None, Placement::Header) if c.basic.is_some() => vec!["Authorization".into()],
        _ => Vec::new(),
    }
}

/// `[oauth2.capture]`: names free for templates; values from a redirect need one.
fn check_captures(c: &ConnectorFile) -> Check {
    let Some(o) = &c.oauth2 else { return Ok(()) };
    for (name, capture) in &o.capture {
        let at = [
            Seg::from("oauth2"),
            Seg::from("capture"),
            Seg::Name(name.clone()),
        ];
        if !is_identifier(name) || name == "access_token" || c.param(name).is_some() {
            return Err(problem(
                at,
                format!(
                    "`{name}` cannot name a captured value: use letters, digits and `_`, and a name that is neither a param nor `access_token`"
                ),
            ));
        }
        if matches!(capture, Capture::Callback(_)) && o.grant != Grant::AuthorizationCode {
            return Err(problem(
                at,
                format!(
                    "`{name}` is captured from the redirect, but grant \"{}\" has none; capture it from the token response (\"token:/field\")",
                    o.grant.as_str()
                ),
            ));
        }
    }
    Ok(())
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

/// Where the access token goes: a header (`token_header`, `token_value`) or a query parameter
/// (`token_query`), not both.
fn check_token_placement(c: &ConnectorFile, o: &OAuth2) -> Check {
    let at = |key: &str| key_path!["oauth2", key];
    if let Some(query) = &o.token_query {
        if o.token_header.is_some() || o.token_value.is_some() {
            return Err(problem(
                at("token_query"),
                "the access token goes either in a header (`token_header`, `token_value`) or in the query (`token_query`), not both; remove one",
            ));
        }
        return check_credential_name(&at("token_query"), Placement::Query, query);
    }
    if let Some(header) = &o.token_header {
        check_credential_name(&at("token_header"), Placement::Header, header)?;
    }
    if let Some(value) = &o.token_value {
        check_template(c, &at("token_value"), value, Place::Token)?;
        if !template::placeholders(value)
            .iter()
            .any(|n| n == "access_token")
        {
            return Err(problem(
                at("token_value"),
                format!(
                    "`oauth2.token_value` = \"{value}\" does not use the token; write it with the placeholder, e.g. \"Zoho-oauthtoken {{access_token}}\""
                ),
            ));
        }
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

fn check_oauth2(c: &ConnectorFile, o: &OAuth2) -> Check {
    let at = |key: &str| key_path!["oauth2", key];
    if o.grant == Grant::AuthorizationCode && o.authorization_url.is_none() {
        return Err(problem(
            at("grant"),
            "grant \"authorization_code\" needs `authorization_url` in [oauth2]; add it, or use grant = \"client_credentials\"",
        ));
    }
    if o.grant == Grant::ClientCredentials && o.client_auth == ClientAuth::None {
        return Err(problem(
            at("client_auth"),
            "grant \"client_credentials\" authenticates the client, so client_auth cannot be \"none\"; use \"basic\" or \"post\"",
        ));
    }
    let endpoints = [
        ("issuer", o.issuer.as_deref()),
        ("authorization_url", o.authorization_url.as_deref()),
        ("token_url", Some(o.token_url.as_str())),
        (
            "device_authorization_url",
            o.device_authorization_url.as_deref(),
        ),
        ("revocation_url", o.revocation_url.as_deref()),
    ];
    for (key, url) in endpoints {
        if let Some(url) = url {
            check_endpoint(c, &at(key), url)?;
        }
    }
    check_scopes(o)?;
    check_token_placement(c, o)?;
    check_revocation(c, o)?;
    if let Some(pointer) = &o.access_token_pointer
        && !pointer.starts_with('/')
    {
        return Err(problem(
            at("access_token_pointer"),
            format!(
                "`access_token_pointer` = \"{pointer}\" is not a JSON pointer; start it with `/`, e.g. \"/authed_user/access_token\""
            ),
        ));
    }
    check_jwt(c, o)?;
    if o.client_id
        .as_deref()
        .is_some_and(|id| id.trim().is_empty() || id.chars().any(char::is_whitespace))
    {
        return Err(problem(
            at("client_id"),
            "`client_id` is empty or contains white space; remove it (and use `tether connector configure`) or fix it",
        ));
    }
    if !LOOPBACK.contains(&o.redirect_host.as_str()) {
        return Err(problem(
            at("redirect_host"),
            format!(
                "redirect_host `{}` is not a loopback address; use \"127.0.0.1\" (RFC 8252 §7.3), \"localhost\" or \"[::1]\"",
                o.redirect_host
            ),
        ));
    }
    if !o.redirect_path.starts_with('/')
        || o.redirect_path
            .chars()
            .any(|c| c.is_whitespace() || c == '?' || c == '#')
    {
        return Err(problem(
            at("redirect_path"),
            format!(
                "redirect_path `{}` must be a path starting with `/`, without spaces, `?` or `#` (e.g. \"/callback\")",
                o.redirect_path
            ),
        ));
    }
    if o.expiry_buffer_secs > 3600 {
        return Err(problem(
            at("expiry_buffer_secs"),
            format!(
                "expiry_buffer_secs = {} would refresh tokens long before they expire; use 0 to 3600 (60 is usual)",
                o.expiry_buffer_secs
            ),
        ));
    }
    check_extra_params(c, o)
}

/// `[oauth2.revocation]`: an endpoint, and a request that carries the token somewhere.
fn check_revocation(c: &ConnectorFile, o: &OAuth2) -> Check {
    let Some(r) = &o.revocation else {
        return Ok(());
    };
    let at = |key: &str| key_path!["oauth2", "revocation", key];
    if o.revocation_url.is_some() {
        return Err(problem(
            key_path!["oauth2", "revocation_url"],
            "both `revocation_url` and [oauth2.revocation] are set; keep [oauth2.revocation] and move the URL into it",
        ));
    }
    // `{client_id}` is the client app's id, filled in when revoking (GitHub names it in the
    // path); any other placeholder must be a param.
    let url = if c.param("client_id").is_none() {
        r.url.replace("{client_id}", "CLIENT_ID")
    } else {
        r.url.clone()
    };
    check_endpoint(c, &at("url"), &url)?;
    if r.body == RevocationBody::None && r.auth != Some(RevocationAuth::Bearer) {
        return Err(problem(
            at("body"),
            "body = \"none\" sends no token unless auth = \"bearer\" carries it; set auth = \"bearer\" or send a body",
        ));
    }
    if r.body != RevocationBody::None {
        check_credential_name(&at("token_param"), Placement::Query, &r.token_param)?;
    }
    Ok(())
}

/// The longest an assertion may live: Google's limit, and RFC 7523 §3 asks for short ones.
const MAX_ASSERTION_SECS: u64 = 3600;

/// Claims tether sets on every assertion.
const JWT_CLAIMS_BY_TETHER: [&str; 3] = ["iat", "exp", "jti"];

/// Placeholders a claim may use besides the params.
const JWT_PLACEHOLDERS: [&str; 2] = ["scope", "token_url"];

/// `grant = "jwt_bearer"` and `[oauth2.jwt]` go together: a secret param holds the key, the
/// algorithm is one tether signs with, the claims name the issuer and the audience and use
/// only what exists.
fn check_jwt(c: &ConnectorFile, o: &OAuth2) -> Check {
    let at = |key: &str| key_path!["oauth2", "jwt", key];
    let jwt = match (&o.jwt, o.grant) {
        (None, Grant::JwtBearer) => {
            return Err(problem(
                key_path!["oauth2", "grant"],
                "grant \"jwt_bearer\" needs an [oauth2.jwt] section with `key` (the secret param holding the private key, e.g. \"{private_key}\") and `claims` (at least `iss` and `aud`); add it",
            ));
        }
        (None, _) => return Ok(()),
        (Some(_), grant) if grant != Grant::JwtBearer => {
            return Err(problem(
                key_path!["oauth2", "jwt"],
                format!(
                    "[oauth2.jwt] is for grant = \"jwt_bearer\", and this connector uses \"{}\"; remove the section or change the grant",
                    grant.as_str()
                ),
            ));
        }
        (Some(jwt), _) => jwt,
    };
    if o.client_auth != ClientAuth::None {
        return Err(problem(
            key_path!["oauth2", "client_auth"],
            "grant \"jwt_bearer\" is authenticated by the signed assertion and needs no client app; set client_auth = \"none\"",
        ));
    }
    let names = template::placeholders(&jwt.key);
    let key_param = match names.as_slice() {
        [name] if jwt.key == format!("{{{name}}}") => c.param(name),
        _ => None,
    };
    if !key_param.is_some_and(|p| p.secret) {
        return Err(problem(
            at("key"),
            format!(
                "`oauth2.jwt.key` = \"{}\" must name one secret param and nothing else, e.g. \"{{private_key}}\" with [[params]] name = \"private_key\", secret = true",
                jwt.key
            ),
        ));
    }
    for claim in ["iss", "aud"] {
        if !jwt.claims.contains_key(claim) {
            return Err(problem(
                key_path!["oauth2", "jwt", "claims"],
                format!(
                    "the claims must include `{claim}` (RFC 7523 §3); add it, e.g. iss = \"{{client_email}}\", aud = \"{{token_url}}\""
                ),
            ));
        }
    }
    check_jwt_claims(c, &jwt.claims)?;
    if !(60..=MAX_ASSERTION_SECS).contains(&jwt.lifetime_secs) {
        return Err(problem(
            at("lifetime_secs"),
            format!(
                "lifetime_secs = {} is out of range; use 60 to {MAX_ASSERTION_SECS} (providers such as Google accept at most an hour)",
                jwt.lifetime_secs
            ),
        ));
    }
    Ok(())
}

/// Each claim a template over non-secret params, `{scope}` and `{token_url}`, and none that
/// tether sets itself.
fn check_jwt_claims(
    c: &ConnectorFile,
    claims: &std::collections::BTreeMap<String, String>,
) -> Check {
    for (name, value) in claims {
        let here = [
            Seg::from("oauth2"),
            Seg::from("jwt"),
            Seg::from("claims"),
            Seg::Name(name.clone()),
        ];
        if JWT_CLAIMS_BY_TETHER.contains(&name.as_str()) || name.is_empty() {
            return Err(problem(
                here,
                format!("claim `{name}` is set by tether itself on each assertion; remove it"),
            ));
        }
        template::parse(value).map_err(|e| {
            problem(
                here.to_vec(),
                format!("claim `{name}` is not a valid template: {}", e.message),
            )
        })?;
        for placeholder in template::placeholders(value) {
            if JWT_PLACEHOLDERS.contains(&placeholder.as_str()) {
                continue;
            }
            match c.param(&placeholder) {
                Some(param) if !param.secret => {}
                Some(_) => {
                    return Err(problem(
                        here.to_vec(),
                        format!(
                            "claim `{name}` uses the secret param `{placeholder}`, but the claims of an assertion can be read by anyone who sees it; use a param that is not secret"
                        ),
                    ));
                }
                None => {
                    return Err(problem(
                        here.to_vec(),
                        format!(
                            "claim `{name}` uses unknown placeholder `{{{placeholder}}}`; declare it as a param or use {{scope}} or {{token_url}}"
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Scopes are single tokens, listed once; defaults and descriptions refer to listed scopes.
fn check_scopes(o: &OAuth2) -> Check {
    if o.scope_separator.is_empty() {
        return Err(problem(
            key_path!["oauth2", "scope_separator"],
            "`scope_separator` is empty; most providers use \" \" (RFC 6749 §3.3), some \",\"",
        ));
    }
    for (i, scope) in o.scopes.iter().enumerate() {
        let at = key_path!["oauth2", "scopes", i];
        if scope.is_empty()
            || scope.chars().any(char::is_whitespace)
            || scope.contains(o.scope_separator.as_str())
        {
            return Err(problem(
                at,
                format!(
                    "scope `{scope}` is empty or contains white space or the scope separator; list each scope as its own string"
                ),
            ));
        }
        if o.scopes[..i].contains(scope) {
            return Err(problem(
                at,
                format!("scope `{scope}` is listed twice; list it once"),
            ));
        }
    }
    for (i, scope) in o.default_scopes.iter().enumerate() {
        if !o.scopes.contains(scope) {
            return Err(problem(
                key_path!["oauth2", "default_scopes", i],
                format!(
                    "default scope `{scope}` is not in `scopes`; add it to `scopes` or remove it from `default_scopes`"
                ),
            ));
        }
    }
    if let Some(scope) = o.scope_descriptions.keys().find(|s| !o.scopes.contains(s)) {
        return Err(problem(
            [
                Seg::from("oauth2"),
                Seg::from("scope_descriptions"),
                Seg::Name(scope.clone()),
            ],
            format!(
                "`scope_descriptions` describes `{scope}`, which is not in `scopes`; add it to `scopes` or remove the description"
            ),
        ));
    }
    Ok(())
}

/// Extra authorization and token parameters: templates, and nothing tether sets itself.
fn check_extra_params(c: &ConnectorFile, o: &OAuth2) -> Check {
    let reserved_auth = [
        "response_type",
        "client_id",
        "redirect_uri",
        "scope",
        "state",
        "code_challenge",
        "code_challenge_method",
    ];
    let reserved_token = [
        "grant_type",
        "code",
        "redirect_uri",
        "code_verifier",
        "client_id",
        "client_secret",
        "refresh_token",
        "scope",
        "assertion",
    ];
    for (table, params, reserved) in [
        (
            "authorization_params",
            &o.authorization_params,
            &reserved_auth[..],
        ),
        ("token_params", &o.token_params, &reserved_token[..]),
    ] {
        for (key, value) in params {
            let at = key_path!["oauth2", table, key.as_str()];
            // A client credentials grant under another name (Zoom's account_credentials).
            let renamed_grant = table == "token_params"
                && key == "grant_type"
                && o.grant == Grant::ClientCredentials;
            if key.is_empty() || (reserved.contains(&key.as_str()) && !renamed_grant) {
                let at = [
                    Seg::from("oauth2"),
                    Seg::from(table),
                    Seg::Name(key.clone()),
                ];
                return Err(problem(
                    at,
                    format!("`{key}` in `{table}` is set by tether itself; remove it"),
                ));
            }
            check_template(c, &at, value, Place::Url)?;
        }
    }
    Ok(())
}

/// A URL template: placeholders valid here, `https://` unless the host is loopback.
fn check_endpoint(c: &ConnectorFile, at: &[Seg], url: &str) -> Check {
    check_template(c, at, url, Place::Url)?;
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
            if param.secret && place == Place::Url {
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
        if captured {
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
            .filter(|p| place != Place::Url || !p.secret)
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
    #[test]
    fn json_pointers_follow_rfc_6901() {
        for good in ["/login", "/user/email", "/a~1b", "/m~0n", "/0"] {
            assert!(is_json_pointer(good), "{good}");
        }
        for bad in ["", "/", "login", "user/email", "/a~2", "/a~"] {
            assert!(!is_json_pointer(bad), "{bad}");
        }
    }
}
