//! `[oauth2]`: grants, endpoints, scopes, where the token goes, captured values, revocation
//! and the extra parameters of the authorization and token requests.

use super::jwt::check_jwt;
use super::{
    Check, LOOPBACK, Place, check_credential_name, check_endpoint, check_template, problem,
};
use crate::connector::file::ConnectorFile;
use crate::connector::model::{
    Capture, ClientAuth, Grant, OAuth2, Placement, RevocationAuth, RevocationBody,
    TETHER_TOKEN_PARAMS,
};
use crate::connector::position::{Seg, key_path};
use crate::connector::template::{self, is_identifier};

/// `[oauth2.capture]`: names free for templates; values from a redirect need one.
pub(super) fn check_captures(c: &ConnectorFile) -> Check {
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
        // Captured values are kept and shown as plain metadata, so never a credential.
        let credential = match capture {
            Capture::Token(pointer) => {
                let field = pointer.trim_start_matches('/');
                ["access_token", "refresh_token", "id_token"].contains(&field)
            }
            Capture::Callback(param) => ["code", "state"].contains(&param.as_str()),
        };
        if credential {
            return Err(problem(
                at,
                format!(
                    "`{name}` would capture a credential, which tether keeps in the vault itself; capture a non-secret value such as an instance URL or an account id"
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

pub(super) fn check_oauth2(c: &ConnectorFile, o: &OAuth2) -> Check {
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
            check_endpoint(c, &at(key), url, Place::Url)?;
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
    check_endpoint(c, &at("url"), &r.url, Place::Revocation)?;
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
    for (table, params, reserved) in [
        (
            "authorization_params",
            &o.authorization_params,
            &reserved_auth[..],
        ),
        ("token_params", &o.token_params, &TETHER_TOKEN_PARAMS[..]),
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
