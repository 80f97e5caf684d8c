//! Who an authorized account is at the provider, read once after authorizing: from the
//! connector's `[identity]` URL (a GET with the credential applied exactly as `invoke` applies
//! it), or else from the claims of the OpenID Connect `id_token` the token endpoint sent.
//!
//! Guarantees: the credential goes only to the identity URL (redirects are never followed);
//! a failure is a reason to show, never an error of the authorization; the provider's answer
//! is never repeated, only the values taken from it, made safe to show.

use std::io::Read as _;
use std::time::Duration;

use base64::Engine as _;
use reqwest::Method;
use reqwest::header::{ACCEPT, HeaderValue};
use serde_json::Value;
use url::Url;

use crate::connector::{Connector, IdentityLookup, template};
use crate::context::Context;
use crate::credential::Credential;
use crate::http::{self, Timeouts};
use crate::sanitize::for_terminal;
use crate::store::account::Identity;
use crate::store::connection::Connection;
use crate::store::secrets::Secrets;

/// The identity URL must answer quickly: the person is waiting, and it is only a courtesy.
const TIMEOUT: Duration = Duration::from_secs(10);

/// More than any "who am I" answer needs.
const MAX_BODY: u64 = 256 * 1024;

/// What reading the identity came to.
#[derive(Debug)]
pub(crate) enum Reading {
    Known(Identity),
    /// Nothing to read it from: no `[identity]`, and no `id_token` naming a login.
    Unknown,
    /// Why it could not be read, safe to show.
    Failed(String),
}

impl Reading {
    #[must_use]
    pub(crate) fn identity(&self) -> Option<&Identity> {
        match self {
            Self::Known(identity) => Some(identity),
            _ => None,
        }
    }
}

/// Whether authorizing `connector` with `scopes` may tell who signed in: it has `[identity]`,
/// or it is OAuth2 and asks for `openid` (so the token endpoint sends an `id_token`).
#[must_use]
pub(crate) fn may_be_known(connector: &Connector, scopes: &[String]) -> bool {
    connector.identity.is_some()
        || (connector.oauth2().is_some() && scopes.iter().any(|s| s == "openid"))
}

/// Reads who `secrets` authorize, for `connection` of `connector`. `client_id` is the OAuth2
/// client the tokens were issued to.
pub(crate) fn read(
    ctx: &Context,
    connector: &Connector,
    connection: &Connection,
    secrets: &Secrets,
    client_id: Option<&str>,
) -> Reading {
    if let Some(lookup) = &connector.identity {
        return match fetch(ctx, connector, connection, secrets, lookup) {
            Ok((login, subject)) => Reading::Known(Identity {
                login,
                subject,
                read_at: ctx.now(),
            }),
            Err(why) => Reading::Failed(why),
        };
    }
    let Some(id_token) = secrets.oauth.as_ref().and_then(|t| t.id_token.as_ref()) else {
        return Reading::Unknown;
    };
    let issuer = connector.oauth2().and_then(|o| o.issuer.as_deref());
    match from_id_token(id_token.expose(), issuer, client_id) {
        Ok(Some((login, subject))) => Reading::Known(Identity {
            login,
            subject,
            read_at: ctx.now(),
        }),
        Ok(None) => Reading::Unknown,
        Err(why) => Reading::Failed(why),
    }
}

/// The GET of the identity URL, and the values its JSON answer holds at the pointers.
fn fetch(
    ctx: &Context,
    connector: &Connector,
    connection: &Connection,
    secrets: &Secrets,
    lookup: &IdentityLookup,
) -> Result<(String, Option<String>), String> {
    let credential = Credential::new(connector, connection, secrets).map_err(|e| e.to_string())?;
    let url = identity_url(connector, connection, secrets, lookup)?;
    let shown = url.to_string();
    ctx.ui().diagnostic(
        crate::context::Verbosity::Verbose,
        &format!(
            "identity GET {} ({})",
            http::shown_url(&shown),
            http::route(&shown)
        ),
    );
    let request = crate::invoke::Request {
        method: Method::GET,
        target: shown.clone(),
        headers: vec![(ACCEPT, HeaderValue::from_static("application/json"))],
        body: None,
        allow_any_host: true,
        timeout: TIMEOUT,
    };
    let timeouts = Timeouts {
        connect: TIMEOUT,
        request: TIMEOUT,
    };
    let client = http::client(timeouts).map_err(|e| e.to_string())?;
    let response = crate::invoke::attempt(&client, &request, &url, &credential, &shown)
        .map_err(|e| e.to_string())?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("{shown} answered HTTP {}", status.as_u16()));
    }
    read_answer(response, lookup, &shown)
}

/// The login and subject in the JSON answer of the identity URL `shown`.
pub(crate) fn read_answer(
    response: reqwest::blocking::Response,
    lookup: &IdentityLookup,
    shown: &str,
) -> Result<(String, Option<String>), String> {
    let mut body = Vec::new();
    response
        .take(MAX_BODY + 1)
        .read_to_end(&mut body)
        .map_err(|e| format!("the answer of {shown} could not be read ({})", e.kind()))?;
    if body.len() as u64 > MAX_BODY {
        return Err(format!(
            "the answer of {shown} is larger than {MAX_BODY} bytes"
        ));
    }
    let document: Value =
        serde_json::from_slice(&body).map_err(|_| format!("the answer of {shown} is not JSON"))?;
    let login = text_at(&document, &lookup.field).ok_or_else(|| {
        format!(
            "the answer of {shown} has no text at `{}`",
            for_terminal(&lookup.field)
        )
    })?;
    let subject = lookup
        .subject
        .as_deref()
        .and_then(|pointer| text_at(&document, pointer));
    Ok((login, subject))
}

/// The identity URL with the connection's non-secret values filled in: a full URL, one that
/// starts with `{base_url}`, or a path appended to the base URL as `invoke` appends one.
fn identity_url(
    connector: &Connector,
    connection: &Connection,
    secrets: &Secrets,
    lookup: &IdentityLookup,
) -> Result<Url, String> {
    // Only values that may be printed: the URL is shown in messages.
    let value = |name: &str| {
        connection
            .params
            .get(name)
            .cloned()
            .or_else(|| {
                connector
                    .param(name)
                    .filter(|p| !p.secret)
                    .and_then(|_| secrets.params.get(name))
                    .map(|v| v.expose().to_owned())
            })
            .or_else(|| {
                let tokens = secrets.oauth.as_ref()?;
                tokens.captured.get(name).cloned()
            })
    };
    lookup_url(connector, lookup, value)
}

/// The identity URL of `lookup`, its placeholders filled in by `value`, which must give only
/// values that may be shown: a full URL, one that starts with `{base_url}`, or a path
/// appended to the base URL as `invoke` appends one.
pub(crate) fn lookup_url(
    connector: &Connector,
    lookup: &IdentityLookup,
    value: impl Fn(&str) -> Option<String>,
) -> Result<Url, String> {
    let value = &value;
    let url = lookup.url.as_str();
    let Some(rest) = url
        .strip_prefix("{base_url}")
        .or_else(|| url.starts_with('/').then_some(url))
    else {
        let text = template::render_url(url, value).map_err(|e| e.to_string())?;
        return crate::invoke::target_url(None, &text, true).map_err(|e| e.to_string());
    };
    let base = connector
        .base_url
        .as_deref()
        .ok_or("the connector has no base_url for its identity URL")?;
    let base = template::render_url(base, value).map_err(|e| e.to_string())?;
    let rest = template::render_url(rest, value).map_err(|e| e.to_string())?;
    let base =
        Url::parse(&base).map_err(|e| format!("the base URL `{base}` is not a URL ({e})"))?;
    let full = if rest.starts_with('/') {
        crate::invoke::target_url(Some(&base), &rest, false).map_err(|e| e.to_string())?
    } else {
        Url::parse(&format!("{base}{rest}")).map_err(|e| format!("not a URL ({e})"))?
    };
    // The same rules as any other URL the credential goes to: http(s), no clear text.
    crate::invoke::target_url(None, full.as_str(), true).map_err(|e| e.to_string())
}

/// The text at `pointer` in `document`: a non-empty string, or a number as its text. Made
/// safe to show, as it comes from outside.
fn text_at(document: &Value, pointer: &str) -> Option<String> {
    let text = match document.pointer(pointer)? {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let text = for_terminal(&text);
    (!text.is_empty()).then_some(text)
}

/// The login and subject the claims of an `id_token` name; `None` when they name no login.
///
/// The signature is not checked: the token came straight from the token endpoint, over TLS,
/// in answer to this client's own request, and OpenID Connect Core 1.0 §3.1.3.7 (item 6)
/// lets the TLS validation of the token endpoint stand in for it in the code flow. `iss` and
/// `aud` are still compared, as that section asks.
fn from_id_token(
    token: &str,
    issuer: Option<&str>,
    client_id: Option<&str>,
) -> Result<Option<(String, Option<String>)>, String> {
    let not_jwt = || "the id_token is not a JWT".to_owned();
    let payload = token.split('.').nth(1).ok_or_else(not_jwt)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| not_jwt())?;
    let claims: Value = serde_json::from_slice(&bytes).map_err(|_| not_jwt())?;
    if let (Some(issuer), Some(iss)) = (issuer, claims.get("iss").and_then(Value::as_str))
        && iss != issuer
    {
        return Err(format!(
            "the id_token was issued by `{}`, not by the connector's issuer",
            for_terminal(iss)
        ));
    }
    let audience = match claims.get("aud") {
        Some(Value::String(one)) => vec![one.as_str()],
        Some(Value::Array(many)) => many.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if let Some(client_id) = client_id
        && !audience.is_empty()
        && !audience.contains(&client_id)
    {
        return Err("the id_token was issued to another client".to_owned());
    }
    let login = ["email", "preferred_username", "name"]
        .into_iter()
        .find_map(|claim| text_at(&claims, &format!("/{claim}")));
    Ok(login.map(|login| (login, text_at(&claims, "/sub"))))
}

/// An account name made of `login` (`Alice.Smith@example.com` → `alice-smith-example-com`),
/// when one can be.
#[must_use]
pub(crate) fn name_for(login: &str) -> Option<String> {
    let name = slug(login);
    // Room for the `-2` that tells two such accounts of one configuration apart.
    let name = name.get(..60).unwrap_or(&name).trim_end_matches('-');
    crate::connector::validate_id("account name", name)
        .is_ok()
        .then(|| name.to_owned())
}

/// Whether an account named `name` but signed in as `login` looks misnamed: the name is
/// another login made into a name (one of `others`, the logins tether has seen on other
/// accounts of the same service), or another person at the login's own e-mail domain (`bob-example-com` for
/// alice@example.com). Names that say nothing of a person (`work`, `ci`) never are.
#[must_use]
pub(crate) fn misnamed(name: &str, login: &str, others: &[String]) -> bool {
    if names(name, login) {
        return false;
    }
    let same_domain = login
        .rsplit_once('@')
        .map(|(_, domain)| format!("-{}", slug(domain)))
        .is_some_and(|domain| domain.len() > 1 && name.ends_with(&domain));
    same_domain
        || others
            .iter()
            .any(|other| other != login && names(name, other))
}

/// Whether `name` is `login` made into a name, or starts with its user part
/// (`alice`, `alice-work` for alice@example.com).
fn names(name: &str, login: &str) -> bool {
    let user = slug(login.split('@').next().unwrap_or(login));
    name == slug(login)
        || (user.len() >= 3
            && name
                .strip_prefix(user.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('-')))
}

/// Lower case ASCII letters and digits, every run of anything else one `-`.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(claims: &Value) -> String {
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        format!(
            "{}.{}.sig",
            engine.encode(br#"{"alg":"RS256"}"#),
            engine.encode(claims.to_string())
        )
    }

    #[test]
    fn id_token_claims_name_the_login_and_subject() {
        let token = jwt(&serde_json::json!({
            "iss": "https://id.example", "aud": "cid", "sub": 248_289_761_001_u64,
            "preferred_username": "alice", "email": "alice@example.com"
        }));
        let read = from_id_token(&token, Some("https://id.example"), Some("cid")).unwrap();
        assert_eq!(
            read,
            Some(("alice@example.com".into(), Some("248289761001".into())))
        );
        let only_name = jwt(&serde_json::json!({"sub": "s", "name": "Alice\u{1b}[2J"}));
        assert_eq!(
            from_id_token(&only_name, None, None).unwrap(),
            Some(("Alice[2J".into(), Some("s".into()))),
            "control characters are dropped"
        );
        let no_login = jwt(&serde_json::json!({"sub": "s"}));
        assert_eq!(from_id_token(&no_login, None, None).unwrap(), None);
    }

    #[test]
    fn an_id_token_of_another_issuer_or_client_is_not_read() {
        let token = jwt(&serde_json::json!({
            "iss": "https://evil.example", "aud": ["other"], "email": "a@b.c"
        }));
        assert!(from_id_token(&token, Some("https://id.example"), None).is_err());
        assert!(from_id_token(&token, None, Some("cid")).is_err());
        assert!(from_id_token("not-a-jwt", None, None).is_err());
    }

    #[test]
    fn values_are_read_at_pointers_as_text() {
        let doc = serde_json::json!({"user": {"email": " a@b.c ", "id": 7, "ok": true}});
        assert_eq!(text_at(&doc, "/user/email").as_deref(), Some("a@b.c"));
        assert_eq!(text_at(&doc, "/user/id").as_deref(), Some("7"));
        assert_eq!(text_at(&doc, "/user/ok"), None);
        assert_eq!(text_at(&doc, "/nothing"), None);
    }

    #[test]
    fn logins_become_account_names() {
        assert_eq!(
            name_for("Alice.Smith@example.com").as_deref(),
            Some("alice-smith-example-com")
        );
        assert_eq!(name_for("octocat").as_deref(), Some("octocat"));
        assert_eq!(name_for("--").as_deref(), None);
        assert_eq!(name_for(&"a".repeat(80)).map(|n| n.len()), Some(60));
    }

    #[test]
    fn a_name_of_another_person_is_misnamed() {
        let alice = "alice@example.com";
        for fine in ["alice", "alice-work", "alice-example-com", "work", "ci-bot"] {
            assert!(!misnamed(fine, alice, &[]), "{fine}");
        }
        assert!(misnamed("bob-example-com", alice, &[]));
        assert!(misnamed("bob", alice, &["bob@example.com".into()]));
        assert!(misnamed("octocat", "hubot", &["octocat".into()]));
        assert!(!misnamed("octocat", "octocat", &["octocat".into()]));
    }
}
