//! The HTTP request behind `tether invoke`: the target resolved against the connector's
//! `base_url` and kept to its origin, the credential applied the way the connector says, one
//! refresh and one retry when an OAuth2 token is answered with HTTP 401.
//!
//! Guarantees: the credential is sent only to the origin of the connector's `base_url` (or,
//! with `allow_any_host`, to a host the person named, and never over plain http to a
//! non-loopback host); redirects are not followed; every call has time limits; proxies come
//! from `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` (all three from [`crate::http`]); no secret is
//! ever put in a log line or an error.

mod pretty;

use std::io::Read;
use std::time::Duration;

use reqwest::blocking::{Client, Response};
use reqwest::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use url::Url;

use crate::context::{Context, Verbosity};
use crate::credential::{Applied, Credential, Resolved};
use crate::error::{Error, Result};
use crate::http::{self, Peer, Timeouts, is_loopback};
use crate::sanitize::for_terminal;

/// A request that cannot be sent as asked. `Display` is the message only.
#[derive(Debug, thiserror::Error)]
pub enum InvokeError {
    #[error(
        "the base_url of connector `{connector}` is `{text}` for this connection, which is not a URL ({problem})"
    )]
    BadBaseUrl {
        connector: String,
        text: String,
        problem: String,
    },

    #[error("`{target}` is a path, but the connector has no base_url to resolve it against")]
    PathWithoutBase { target: String },

    #[error("`{target}` is neither a path nor an http(s) URL")]
    NotPathOrUrl { target: String },

    #[error("`{target}` is not a valid URL ({problem})")]
    BadUrl { target: String, problem: String },

    #[error("the URL carries a user name or password before the host")]
    UserInfoInUrl,

    /// A full URL outside the connector's origin without `--allow-any-host`; `base` is the
    /// origin of the connector's base URL, if it has one.
    #[error("refusing to send the credential to {origin}: {}", .base.as_deref().map_or_else(
        || "the connector names no base_url".to_owned(),
        |b| format!("the connector's base URL is {b}")
    ))]
    OtherOrigin {
        origin: String,
        base: Option<String>,
    },

    #[error("refusing to send the credential in clear text to {url}")]
    ClearText { url: String },

    #[error("`-H {name}` would replace the credential of connection `{link}`")]
    HeaderReplacesCredential { link: String, name: String },

    #[error("the query parameter `{name}` would replace the credential of connection `{link}`")]
    QueryReplacesCredential { link: String, name: String },

    #[error("the credential for the `{name}` header contains characters a header cannot carry")]
    CredentialNotAHeader { name: String },

    /// A `-H` that cannot be a header; `raw` is already safe to show.
    #[error("`-H {raw}`: {problem}")]
    BadHeader { raw: String, problem: &'static str },
}

/// What the person asked for, already parsed.
#[derive(Debug)]
pub(crate) struct Request {
    pub method: Method,
    /// A path starting with `/` (resolved against `base_url`) or a full `http(s)://` URL.
    pub target: String,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub body: Option<Vec<u8>>,
    pub allow_any_host: bool,
    /// Limit for connecting, for the response headers, and between reads of the body.
    pub timeout: Duration,
}

/// The answer, with its body not yet read.
pub(crate) struct Outcome {
    pub response: Response,
    /// The URL the request went to, without the credential (for messages).
    pub url: String,
    /// Whether a 401 made tether refresh the access token and send the request again.
    pub retried: bool,
    pub timeout: Duration,
}

/// Sends `request` with the credential of `link` (checked for `app`) in the context's
/// environment. Any HTTP status is an [`Outcome`]; no answer at all is exit 5.
pub(crate) fn send(
    ctx: &Context,
    link: &str,
    app: Option<&str>,
    request: &Request,
) -> Result<Outcome> {
    let resolved = crate::credential::resolve(ctx, link, app)?;
    let base = base_url(&resolved)?;
    let url = target_url(base.as_ref(), &request.target, request.allow_any_host)?;
    send_resolved(ctx, link, &resolved, request, &url)
}

/// [`send`] with the credential already resolved and the URL already made: one request,
/// sent again once with a refreshed access token after an HTTP 401.
pub(crate) fn send_resolved(
    ctx: &Context,
    link: &str,
    resolved: &Resolved,
    request: &Request,
    url: &Url,
) -> Result<Outcome> {
    let url = url.clone();
    check_no_override(link, &resolved.credential, request, &url)?;
    let shown = url.to_string();
    let client = http::client(timeouts(request.timeout))?;
    ctx.ui().diagnostic(
        Verbosity::Verbose,
        &format!(
            "{} {shown} ({}; {})",
            request.method,
            describe(&resolved.credential.applied),
            http::route(&shown)
        ),
    );
    let first = attempt(&client, request, &url, &resolved.credential, &shown)?;
    let (response, retried) = if first.status() == StatusCode::UNAUTHORIZED
        && let Some(fresh) = crate::credential::refresh_rejected(ctx, link, resolved)?
    {
        // The 401's body is not needed; dropping it closes that connection.
        drop(first);
        ctx.ui().diagnostic(
            Verbosity::Verbose,
            "HTTP 401: sending the request again with the refreshed access token",
        );
        (attempt(&client, request, &url, &fresh, &shown)?, true)
    } else {
        (first, false)
    };
    Ok(Outcome {
        response,
        url: shown,
        retried,
        timeout: request.timeout,
    })
}

/// The connector's `base_url` with the connection's params filled in, if it has one.
pub(crate) fn base_url(resolved: &Resolved) -> Result<Option<Url>> {
    let Some(template) = &resolved.connector.base_url else {
        return Ok(None);
    };
    let values = &resolved.credential.values;
    let text = crate::connector::template::render_url(template, |name| {
        values.get(name).map(|v| v.expose().to_owned())
    })?;
    Url::parse(&text).map(Some).map_err(|e| {
        InvokeError::BadBaseUrl {
            connector: resolved.connector.id.clone(),
            text: text.clone(),
            problem: e.to_string(),
        }
        .into()
    })
}

/// Where the request goes. A path is appended to `base`'s path (`https://h/v2` + `/items` is
/// `https://h/v2/items`, not RFC 3986 resolution, which would drop `/v2`); a full URL must have
/// `base`'s origin unless `allow_any_host`.
pub(crate) fn target_url(base: Option<&Url>, target: &str, allow_any_host: bool) -> Result<Url> {
    if target.starts_with('/') {
        let Some(base) = base else {
            return Err(InvokeError::PathWithoutBase {
                target: target.to_owned(),
            }
            .into());
        };
        let mut joined = base.clone();
        joined.set_query(None);
        joined.set_fragment(None);
        let prefix = joined.path().trim_end_matches('/').to_owned();
        let full = format!("{}{prefix}{target}", joined.origin().ascii_serialization());
        let mut url = Url::parse(&full).map_err(|e| bad_target(target, e))?;
        url.set_fragment(None);
        if let Some(base_query) = base.query().filter(|q| !q.is_empty()) {
            let query = match url.query().filter(|q| !q.is_empty()) {
                Some(own) => format!("{base_query}&{own}"),
                None => base_query.to_owned(),
            };
            url.set_query(Some(&query));
        }
        return Ok(url);
    }
    if !(target.starts_with("https://") || target.starts_with("http://")) {
        return Err(InvokeError::NotPathOrUrl {
            target: target.to_owned(),
        }
        .into());
    }
    let mut url = Url::parse(target).map_err(|e| bad_target(target, e))?;
    url.set_fragment(None);
    if !url.username().is_empty() || url.password().is_some() {
        return Err(InvokeError::UserInfoInUrl.into());
    }
    let same_origin = base.is_some_and(|b| b.origin() == url.origin());
    if !same_origin && !allow_any_host {
        return Err(InvokeError::OtherOrigin {
            origin: url.origin().ascii_serialization(),
            base: base.map(|b| b.origin().ascii_serialization()),
        }
        .into());
    }
    if url.scheme() == "http" && !is_loopback(&url) {
        return Err(InvokeError::ClearText {
            url: url.to_string(),
        }
        .into());
    }
    Ok(url)
}

fn bad_target(target: &str, e: url::ParseError) -> Error {
    InvokeError::BadUrl {
        target: target.to_owned(),
        problem: e.to_string(),
    }
    .into()
}

/// A header or query parameter given by the person may not replace the credential: the
/// request would go out with two, or with the person's, and either is a surprise.
fn check_no_override(
    link: &str,
    credential: &Credential,
    request: &Request,
    url: &Url,
) -> Result<()> {
    for applied in &credential.applied {
        match applied {
            Applied::Header { name, .. } => {
                if request
                    .headers
                    .iter()
                    .any(|(given, _)| given.as_str().eq_ignore_ascii_case(name))
                {
                    return Err(InvokeError::HeaderReplacesCredential {
                        link: link.to_owned(),
                        name: name.clone(),
                    }
                    .into());
                }
            }
            Applied::Query { name, .. } => {
                if url.query_pairs().any(|(given, _)| given == name.as_str()) {
                    return Err(InvokeError::QueryReplacesCredential {
                        link: link.to_owned(),
                        name: name.clone(),
                    }
                    .into());
                }
            }
        }
    }
    Ok(())
}

fn describe(applied: &[Applied]) -> String {
    let (headers, query): (Vec<&Applied>, Vec<&Applied>) = applied
        .iter()
        .partition(|a| matches!(a, Applied::Header { .. }));
    let names = |list: &[&Applied]| {
        list.iter()
            .map(|a| format!("`{}`", a.name()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let part = |list: &[&Applied], what: &str| match list.len() {
        0 => None,
        1 => Some(format!("the {} {what}", names(list))),
        _ => Some(format!("the {} {what}s", names(list))),
    };
    let parts: Vec<String> = [part(&headers, "header"), part(&query, "query parameter")]
        .into_iter()
        .flatten()
        .collect();
    format!("credential in {}", parts.join(" and "))
}

/// One limit for connecting, for the answer's head and between reads of the body.
fn timeouts(timeout: Duration) -> Timeouts {
    Timeouts {
        connect: timeout,
        request: timeout,
    }
}

fn peer(shown: &str) -> Peer {
    Peer::Service {
        url: shown.to_owned(),
    }
}

/// A header value that is never shown by a debug print.
fn sensitive(name: &str, value: &crate::secret::Secret) -> Result<HeaderValue> {
    let mut header =
        HeaderValue::from_str(value.expose()).map_err(|_| InvokeError::CredentialNotAHeader {
            name: name.to_owned(),
        })?;
    header.set_sensitive(true);
    Ok(header)
}

/// One request with `credential` applied (also the GET of an account's identity URL). `shown`
/// is the URL without the credential.
pub(crate) fn attempt(
    client: &Client,
    request: &Request,
    url: &Url,
    credential: &Credential,
    shown: &str,
) -> Result<Response> {
    let mut url = url.clone();
    // A query parameter the person gives replaces the connector's, as a header does.
    let given: Vec<String> = url
        .query_pairs()
        .map(|(name, _)| name.into_owned())
        .collect();
    for (name, value) in &credential.query {
        if !given.contains(name) {
            url.query_pairs_mut().append_pair(name, value.expose());
        }
    }
    let mut credential_headers = Vec::new();
    for applied in &credential.applied {
        match applied {
            Applied::Header { name, value } => credential_headers.push((name, value)),
            Applied::Query { name, value } => {
                url.query_pairs_mut().append_pair(name, value.expose());
            }
        }
    }
    let mut builder = client.request(request.method.clone(), url);
    for (name, value) in credential_headers {
        builder = builder.header(name.as_str(), sensitive(name, value)?);
    }
    // A header the person gives replaces the connector's (another API version, say).
    for (name, value) in &credential.headers {
        if !request
            .headers
            .iter()
            .any(|(given, _)| given.as_str().eq_ignore_ascii_case(name))
        {
            builder = builder.header(name.as_str(), sensitive(name, value)?);
        }
    }
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    if let Some(body) = &request.body {
        if !request
            .headers
            .iter()
            .any(|(name, _)| *name == CONTENT_TYPE)
        {
            builder = builder.header(CONTENT_TYPE, default_content_type(body));
        }
        builder = builder.body(body.clone());
    }
    builder
        .send()
        .map_err(|e| http::transport_error(peer(shown), timeouts(request.timeout), e).into())
}

/// The Content-Type of a body given without one: JSON when it parses as JSON (what most APIs
/// take), else a form, as curl's `-d` does.
#[must_use]
pub(crate) fn default_content_type(body: &[u8]) -> &'static str {
    if serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok() {
        "application/json"
    } else {
        "application/x-www-form-urlencoded"
    }
}

/// A failure while reading the body of the answer from `url` (shown without the credential).
pub(crate) fn read_error(url: &str, timeout: Duration, e: &std::io::Error) -> Error {
    http::read_error(peer(url), timeout, e).into()
}

/// Reads the whole body (for pretty-printing), with the same failures as streaming it.
pub(crate) fn read_all(outcome: &mut Outcome) -> Result<Vec<u8>> {
    let mut body = Vec::new();
    outcome
        .response
        .read_to_end(&mut body)
        .map_err(|e| read_error(&outcome.url, outcome.timeout, &e))?;
    Ok(body)
}

/// Re-indents a JSON document for a terminal, keeping its key order and the spelling of its
/// numbers and strings. `None` when `body` is not one valid JSON document.
#[must_use]
pub(crate) fn pretty_json(body: &[u8]) -> Option<String> {
    pretty::pretty_json(body)
}

/// Whether a Content-Type names JSON (`application/json`, `application/problem+json`, …).
#[must_use]
pub(crate) fn is_json_type(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence == "text/json" || essence.ends_with("+json")
}

/// Parses `-H 'Name: value'`.
pub(crate) fn parse_header(raw: &str) -> Result<(HeaderName, HeaderValue)> {
    let invalid = |problem: &'static str| InvokeError::BadHeader {
        raw: for_terminal(raw),
        problem,
    };
    let (name, value) = raw.split_once(':').ok_or_else(|| invalid("no `:`"))?;
    let name = HeaderName::from_bytes(name.trim().as_bytes())
        .map_err(|_| invalid("not a valid header name"))?;
    let value = HeaderValue::from_str(value.trim())
        .map_err(|_| invalid("the value holds characters a header cannot carry"))?;
    Ok((name, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn paths_are_appended_to_the_base_path() {
        let b = base("http://127.0.0.1:8080/v2/");
        assert_eq!(
            target_url(Some(&b), "/items?x=1#frag", false)
                .unwrap()
                .as_str(),
            "http://127.0.0.1:8080/v2/items?x=1"
        );
        let b = base("https://api.example.com");
        assert_eq!(
            target_url(Some(&b), "/user", false).unwrap().as_str(),
            "https://api.example.com/user"
        );
        let b = base("https://api.example.com/base?api-version=2");
        assert_eq!(
            target_url(Some(&b), "/x?y=1", false).unwrap().as_str(),
            "https://api.example.com/base/x?api-version=2&y=1"
        );
    }

    #[test]
    fn paths_need_a_base_url() {
        let e = target_url(None, "/user", false).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("base_url"), "{e}");
        assert_eq!(target_url(None, "user", false).unwrap_err().exit_code(), 2);
    }

    #[test]
    fn full_urls_keep_to_the_base_origin() {
        let b = base("https://api.example.com/v1");
        assert!(target_url(Some(&b), "https://api.example.com:443/v2/x", false).is_ok());
        for other in [
            "https://evil.example/x",
            "http://api.example.com/x",
            "https://api.example.com:8443/x",
            "https://api.example.com.evil.example/x",
        ] {
            let e = target_url(Some(&b), other, false).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{other}");
        }
        assert!(target_url(Some(&b), "https://other.example/x", true).is_ok());
        assert!(target_url(None, "https://other.example/x", false).is_err());
        // Never in clear text to a remote host, even when allowed.
        assert!(target_url(Some(&b), "http://other.example/x", true).is_err());
        assert!(target_url(Some(&b), "http://127.0.0.1:9/x", true).is_ok());
        assert!(target_url(Some(&b), "https://u:p@api.example.com/x", false).is_err());
    }

    #[test]
    fn json_content_types() {
        assert!(is_json_type("application/json; charset=utf-8"));
        assert!(is_json_type("application/problem+json"));
        assert!(!is_json_type("text/html"));
        assert!(!is_json_type("application/x-ndjson"));
    }

    #[test]
    fn default_content_type_follows_the_data() {
        assert_eq!(default_content_type(br#"{"a":1}"#), "application/json");
        assert_eq!(
            default_content_type(b"a=1&b=2"),
            "application/x-www-form-urlencoded"
        );
    }

    #[test]
    fn headers_are_parsed() {
        let (name, value) = parse_header("X-Trace:  abc ").unwrap();
        assert_eq!(name.as_str(), "x-trace");
        assert_eq!(value, "abc");
        assert!(parse_header("no colon").is_err());
        assert!(parse_header("bad name: x").is_err());
    }
}
