//! `[oauth2.jwt]`: the signed assertion of the JWT bearer grant (RFC 7523).

use super::{Check, problem};
use crate::connector::file::ConnectorFile;
use crate::connector::model::{ClientAuth, Grant, OAuth2};
use crate::connector::position::{Seg, key_path};
use crate::connector::template;

/// The longest an assertion may live: Google's limit, and RFC 7523 §3 asks for short ones.
const MAX_ASSERTION_SECS: u64 = 3600;

/// Claims tether sets on every assertion.
const JWT_CLAIMS_BY_TETHER: [&str; 3] = ["iat", "exp", "jti"];

/// Placeholders a claim may use besides the params.
const JWT_PLACEHOLDERS: [&str; 2] = ["scope", "token_url"];

/// `grant = "jwt_bearer"` and `[oauth2.jwt]` go together: a secret param holds the key, the
/// algorithm is one tether signs with, the claims name the issuer and the audience and use
/// only what exists.
pub(super) fn check_jwt(c: &ConnectorFile, o: &OAuth2) -> Check {
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
