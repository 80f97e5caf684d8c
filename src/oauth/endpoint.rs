//! HTTP to the provider's endpoints: one client (rustls, redirects not followed, connect and
//! request time limits, `HTTPS_PROXY`/`NO_PROXY` honoured), client authentication, and token
//! responses turned into [`Tokens`] or an error that names the status and content type but
//! never repeats the body.

use std::io::Read;
use std::time::Duration;

use base64::Engine as _;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue, LOCATION};
use serde_json::{Map, Value};
use time::OffsetDateTime;
use url::form_urlencoded;
use zeroize::Zeroizing;

use super::page::{for_terminal, without_controls};
use super::redact::Redactor;
use super::tokens::{Client, Tokens};
use crate::connector::ClientAuth;
use crate::error::{Error, Result};
use crate::secret::Secret;

/// Time limits of every call to the provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Establishing the TCP and TLS connection.
    pub connect: Duration,
    /// The whole request, from sending to the last byte of the answer.
    pub request: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(10),
            request: Duration::from_secs(30),
        }
    }
}

/// Answers bigger than this are refused; a token response is a few kilobytes.
const MAX_BODY: u64 = 1024 * 1024;

/// The HTTP client every endpoint call goes through.
pub(crate) struct Http {
    client: reqwest::blocking::Client,
    timeouts: Timeouts,
}

/// A raw answer, kept only long enough to be parsed; the body may hold tokens.
pub(crate) struct Answer {
    pub status: StatusCode,
    pub content_type: String,
    pub location: Option<String>,
    pub body: Zeroizing<Vec<u8>>,
    /// The secrets the request carried (code, verifier, tokens, client secret), hidden from
    /// the provider's error text: some providers repeat what they refuse.
    sent: Redactor,
}

/// Form parameters whose values are secrets.
const SECRET_PARAMS: [&str; 6] = [
    "code",
    "code_verifier",
    "refresh_token",
    "device_code",
    "token",
    "client_secret",
];

/// Why an endpoint call did not succeed.
pub(crate) enum Failure {
    /// The request did not get an answer: connection refused, timed out, cut.
    Transport(Error),
    /// A standard OAuth error answer (RFC 6749 §5.2).
    OAuth {
        status: StatusCode,
        error: String,
        description: Option<String>,
    },
    /// Any other answer that cannot be used, already described.
    Other(Error),
}

impl Failure {
    /// The failure as the error a person sees, for calls that treat every OAuth error the
    /// same way (everything but device polling and revocation).
    pub(crate) fn into_error(self, what: &str, connector_id: &str) -> Error {
        match self {
            Self::Transport(e) | Self::Other(e) => e,
            Self::OAuth {
                status,
                error,
                description,
            } => oauth_error(what, connector_id, status, &error, description.as_deref()),
        }
    }
}

/// One OAuth error code turned into the error a person can act on.
fn oauth_error(
    what: &str,
    connector_id: &str,
    status: StatusCode,
    error: &str,
    description: Option<&str>,
) -> Error {
    let error = for_terminal(error);
    let detail = description.map_or_else(String::new, |d| format!(": {}", for_terminal(d)));
    match error.as_str() {
        // GitHub's name for a refresh token it no longer accepts.
        "invalid_grant" | "bad_refresh_token" => Error::InvalidGrant {
            reason: format!("invalid_grant{detail}"),
        },
        "invalid_client" | "unauthorized_client" => Error::invalid(
            format!(
                "the {what} rejected the client app of connector `{connector_id}` ({error}{detail})"
            ),
            format!(
                "check the client id and secret: `tether connector configure {connector_id} --client-id ID --client-secret @FILE`"
            ),
        ),
        "invalid_scope" => Error::invalid(
            format!("the {what} refused the requested scopes ({error}{detail})"),
            format!(
                "choose scopes the provider allows; `tether connector show {connector_id}` lists them"
            ),
        ),
        "access_denied" => Error::Authorization {
            message: format!("the {what} denied the request ({error}{detail})"),
            hint: "ask the provider's administrator for access, then authorize again".into(),
        },
        _ => Error::provider(
            format!(
                "the {what} refused the request with HTTP {} ({error}{detail})",
                status.as_u16()
            ),
            "check the connector's endpoints and parameters; if the provider is having trouble, try again later",
        ),
    }
}

impl Http {
    pub(crate) fn new(timeouts: Timeouts) -> Result<Self> {
        let client = reqwest::blocking::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(timeouts.connect)
            .timeout(timeouts.request)
            .user_agent(concat!("tether/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::Internal(format!("cannot set up the HTTP client: {e}")))?;
        Ok(Self { client, timeouts })
    }

    /// POSTs `params` as a form to `url`, authenticating as `client` the way `auth` says
    /// (RFC 6749 §2.3.1). A client without a secret is a public client: its id goes in the
    /// form whatever `auth` says.
    pub(crate) fn post_form(
        &self,
        what: &str,
        url: &str,
        client: &Client,
        auth: ClientAuth,
        params: &[(&str, &str)],
    ) -> Result<Answer, Failure> {
        let mut form = form_urlencoded::Serializer::new(String::new());
        form.extend_pairs(params);
        let mut request = self
            .client
            .post(url)
            .header(ACCEPT, "application/json")
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded");
        match (auth, &client.secret) {
            (ClientAuth::Basic, Some(secret)) => {
                request = request.header(AUTHORIZATION, basic_auth(&client.id, secret));
            }
            (ClientAuth::Post, Some(secret)) => {
                form.append_pair("client_id", &client.id);
                form.append_pair("client_secret", secret.expose());
            }
            (ClientAuth::None, _) | (_, None) => {
                form.append_pair("client_id", &client.id);
            }
        }
        let body = Zeroizing::new(form.finish());
        let response = request
            .body(body.as_bytes().to_vec())
            .send()
            .map_err(|e| Failure::Transport(self.transport_error(what, url, &e)))?;
        let status = response.status();
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
                .map(str::to_owned)
        };
        let content_type = header(CONTENT_TYPE).unwrap_or_else(|| "no content type".to_owned());
        let location = header(LOCATION);
        let mut body = Zeroizing::new(Vec::new());
        response
            .take(MAX_BODY + 1)
            .read_to_end(&mut body)
            .map_err(|e| Failure::Transport(self.read_error(what, url, &e)))?;
        if body.len() as u64 > MAX_BODY {
            return Err(Failure::Other(Error::provider(
                format!("the {what} ({url}) sent an answer of more than {MAX_BODY} bytes"),
                "check the connector's endpoints",
            )));
        }
        let mut sent = Redactor::default();
        for (name, value) in params {
            if SECRET_PARAMS.contains(name) {
                sent.value(value);
            }
        }
        if let Some(secret) = &client.secret {
            sent.client(&client.id, secret.expose());
        }
        Ok(Answer {
            status,
            content_type,
            location,
            body,
            sent,
        })
    }

    fn transport_error(&self, what: &str, url: &str, e: &reqwest::Error) -> Error {
        if e.is_timeout() {
            let limit = if e.is_connect() {
                self.timeouts.connect
            } else {
                self.timeouts.request
            };
            return Error::provider(
                format!(
                    "the {what} ({url}) did not answer within {} s",
                    limit.as_secs_f32()
                ),
                "check the network and the provider's status, then try again",
            );
        }
        let cause = innermost(e);
        if e.is_connect() {
            return Error::provider(
                format!("cannot connect to the {what} ({url}): {cause}"),
                "check the network, the proxy settings (HTTPS_PROXY, NO_PROXY) and the connector's endpoints",
            );
        }
        Error::provider(
            format!("the request to the {what} ({url}) failed: {cause}"),
            "check the network and the provider's status, then try again",
        )
    }

    fn read_error(&self, what: &str, url: &str, e: &std::io::Error) -> Error {
        if e.kind() == std::io::ErrorKind::TimedOut
            || e.get_ref()
                .and_then(|inner| inner.downcast_ref::<reqwest::Error>())
                .is_some_and(reqwest::Error::is_timeout)
        {
            return Error::provider(
                format!(
                    "the {what} ({url}) did not finish its answer within {} s",
                    self.timeouts.request.as_secs_f32()
                ),
                "check the network and the provider's status, then try again",
            );
        }
        Error::provider(
            format!("the answer of the {what} ({url}) was cut off: {e}"),
            "check the network and the provider's status, then try again",
        )
    }
}

/// The innermost cause of a transport error (e.g. "Connection refused"): the useful part, and
/// free of the URL that reqwest's own message repeats (which could hold a query-string
/// credential), made safe for a terminal.
pub(crate) fn innermost(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cause: &dyn std::error::Error = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    for_terminal(&cause.to_string())
}

/// `Basic base64(urlencode(id) ":" urlencode(secret))` — RFC 6749 §2.3.1 form-encodes both
/// before joining them, which matters for secrets with `:`, `%` or `+`.
fn basic_auth(id: &str, secret: &Secret) -> HeaderValue {
    let encode = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let joined = Zeroizing::new(format!("{}:{}", encode(id), encode(secret.expose())));
    let value = Zeroizing::new(format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(joined.as_bytes())
    ));
    let mut header = HeaderValue::from_str(&value).expect("base64 is a valid header value");
    header.set_sensitive(true);
    header
}

impl Answer {
    /// The JSON object of a successful answer, or the failure it stands for.
    pub(crate) fn into_json(self, what: &str, url: &str) -> Result<Map<String, Value>, Failure> {
        let parsed = serde_json::from_slice::<Value>(&self.body).ok();
        let has_error =
            |object: &Map<String, Value>| matches!(object.get("error"), Some(Value::String(_)));
        if self.status.is_success() {
            return match parsed {
                // GitHub answers its OAuth errors (authorization_pending while the device flow
                // polls, bad_refresh_token, …) with HTTP 200.
                Some(Value::Object(object))
                    if has_error(&object) && !object.contains_key("access_token") =>
                {
                    Err(self.oauth_failure(&object))
                }
                Some(Value::Object(object)) => Ok(object),
                _ => Err(Failure::Other(self.malformed(
                    what,
                    url,
                    "not a JSON object",
                ))),
            };
        }
        match &parsed {
            Some(Value::Object(object)) if has_error(object) => Err(self.oauth_failure(object)),
            _ => Err(Failure::Other(self.unusable(what, url))),
        }
    }

    /// The OAuth error (RFC 6749 §5.2) in `object`, which has a string `error`.
    fn oauth_failure(&self, object: &Map<String, Value>) -> Failure {
        let error = match object.get("error") {
            Some(Value::String(error)) => self.hide_sent(error),
            _ => String::new(),
        };
        let description = match object.get("error_description") {
            Some(Value::String(d)) if !d.is_empty() => Some(self.hide_sent(d)),
            _ => None,
        };
        Failure::OAuth {
            status: self.status,
            error,
            description,
        }
    }

    /// `text` from the provider with every secret of the request, in any encoding, replaced
    /// by `(redacted)`. Control characters go first, as they would before the text is shown:
    /// one inside a secret must not hide it from the search.
    fn hide_sent(&self, text: &str) -> String {
        self.sent.hide(&without_controls(text))
    }

    /// An answer without a usable OAuth error: say the status and content type, never the body.
    pub(crate) fn unusable(&self, what: &str, url: &str) -> Error {
        let status = self.status.as_u16();
        if self.status.is_redirection() {
            let to = self.location.as_deref().map_or_else(String::new, |l| {
                format!(" to {}", for_terminal(&self.hide_sent(l)))
            });
            return Error::provider(
                format!(
                    "the {what} ({url}) answered with a redirect (HTTP {status}){to}, which tether does not follow"
                ),
                "check the connector's endpoint URLs (an http:// URL for an https:// site, or a moved endpoint)",
            );
        }
        let hint = if self.status.is_server_error() {
            "the provider is having trouble; try again later"
        } else {
            "check the connector's endpoint URLs and client settings"
        };
        Error::provider(
            format!(
                "the {what} ({url}) answered HTTP {status} with {} instead of an OAuth2 answer",
                describe_type(&self.hide_sent(&self.content_type))
            ),
            hint,
        )
    }

    fn malformed(&self, what: &str, url: &str, problem: &str) -> Error {
        Error::provider(
            format!(
                "the {what} ({url}) answered HTTP {} with {}: {problem}",
                self.status.as_u16(),
                describe_type(&self.hide_sent(&self.content_type))
            ),
            "check the connector's endpoint URLs; if they are right, the provider is misbehaving: try again later",
        )
    }
}

fn describe_type(content_type: &str) -> String {
    if content_type == "no content type" {
        "a body of no content type".to_owned()
    } else {
        format!("a `{}` body", for_terminal(content_type))
    }
}

/// Why a token response cannot be used. Nothing of such a response is stored.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Unusable {
    NoAccessToken,
    /// A token (`access_token` or `refresh_token`) with characters outside RFC 6749's
    /// `1*VSCHAR` (printable ASCII): a line break in it would add lines to `tether header`'s
    /// output and to every request it is sent with.
    Characters(&'static str),
    /// A `token_type` other than Bearer (RFC 6749 §7.1): `mac` or `DPoP` tokens need a proof
    /// with every request, which tether does not make; sent as Bearer they would fail, or
    /// work where they should not.
    TokenType(String),
}

impl Unusable {
    /// The error a person sees; `url` names the provider, and no token is repeated.
    pub(crate) fn into_error(self, url: &str, connector_id: &str) -> Error {
        match self {
            Self::NoAccessToken => Error::provider(
                format!(
                    "the token endpoint ({url}) answered without a usable token: no `access_token` in it"
                ),
                "check the connector's token_url and token_params",
            ),
            Self::Characters(field) => Error::provider(
                format!(
                    "the token endpoint ({url}) answered with a `{field}` that holds characters no token may hold \
                     (line breaks, control characters or non-ASCII; RFC 6749 allows printable ASCII only); \
                     it was refused and nothing was stored"
                ),
                "try again later; if it persists, the provider (or something between it and this machine) \
                 is corrupting its answers: check the connector's token_url and report it to the provider",
            ),
            Self::TokenType(token_type) => Error::provider(
                format!(
                    "the token endpoint ({url}) issued a token of type `{token_type}`, which tether cannot use \
                     (it sends Bearer tokens only, RFC 6750); it was refused and nothing was stored"
                ),
                format!(
                    "check connector `{connector_id}`'s token_params and authorization_params for a parameter that asks \
                     for another token type; a provider that issues only `{token_type}` tokens cannot be used with tether"
                ),
            ),
        }
    }
}

/// `1*VSCHAR` (RFC 6749 Appendix A): one or more characters from space to `~`.
fn is_token(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| (0x20..=0x7e).contains(&b))
}

/// Reads a token response (RFC 6749 §5.1). `requested` are the scopes to record when the
/// answer has no `scope`; `now` is when the request was sent, so the expiry errs early.
/// A missing `token_type` is taken as Bearer: RFC 6749 requires it, but some providers leave
/// it out and nothing suggests another type then.
pub(crate) fn tokens_from(
    object: &Map<String, Value>,
    now: OffsetDateTime,
    requested: &[String],
    separator: &str,
) -> Result<Tokens, Unusable> {
    let access_token = match object.get("access_token") {
        Some(Value::String(token)) if is_token(token) => Secret::from(token.as_str()),
        Some(Value::String(token)) if !token.is_empty() => {
            return Err(Unusable::Characters("access_token"));
        }
        _ => return Err(Unusable::NoAccessToken),
    };
    let refresh_token = match object.get("refresh_token") {
        Some(Value::String(token)) if is_token(token) => Some(Secret::from(token.as_str())),
        Some(Value::String(token)) if !token.is_empty() => {
            return Err(Unusable::Characters("refresh_token"));
        }
        _ => None,
    };
    match object.get("token_type") {
        Some(Value::String(t)) if t.eq_ignore_ascii_case("bearer") || t.is_empty() => {}
        None | Some(Value::Null) => {}
        Some(Value::String(t)) => return Err(Unusable::TokenType(for_terminal(t))),
        Some(other) => return Err(Unusable::TokenType(for_terminal(&other.to_string()))),
    }
    let expires_at = expires_in(object.get("expires_in"))
        .map(|secs| now + time::Duration::seconds(i64::try_from(secs).unwrap_or(i64::MAX)));
    let scopes = match object.get("scope") {
        Some(Value::String(scope)) => split_scopes(scope, separator),
        _ => requested.to_vec(),
    };
    Ok(Tokens {
        access_token,
        refresh_token,
        token_type: "Bearer".to_owned(),
        expires_at,
        issued_at: Some(now),
        refresh_rotates: false,
        scopes,
    })
}

/// `expires_in` as seconds: a number, or a number in a string as some providers send it.
/// Absent, negative or absurd (over ten years) values mean "unknown".
fn expires_in(value: Option<&Value>) -> Option<u64> {
    const TEN_YEARS: u64 = 10 * 365 * 24 * 3600;
    let secs = match value? {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| (0.0..=f64::from(u32::MAX)).contains(f))
                .map(seconds_from_float)
        }),
        Value::String(s) => s.trim().parse::<u64>().ok(),
        _ => None,
    }?;
    (secs <= TEN_YEARS).then_some(secs)
}

/// A fractional `expires_in`, already checked to be in `0..=u32::MAX`.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // range checked by the caller
fn seconds_from_float(secs: f64) -> u64 {
    u64::from(secs.round() as u32)
}

/// The granted scopes: RFC 6749 uses spaces; providers with another separator use theirs.
fn split_scopes(scope: &str, separator: &str) -> Vec<String> {
    let mut scopes: Vec<String> = Vec::new();
    for part in
        scope.split(|c: char| c.is_whitespace() || (!separator.is_empty() && separator.contains(c)))
    {
        if !part.is_empty() && !scopes.iter().any(|s| s == part) {
            scopes.push(part.to_owned());
        }
    }
    scopes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_auth_form_encodes_id_and_secret_first() {
        let header = basic_auth("my client", &Secret::from("s3:cr%t+value"));
        assert!(header.is_sensitive());
        let encoded = header
            .to_str()
            .unwrap()
            .strip_prefix("Basic ")
            .unwrap()
            .to_owned();
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .unwrap();
        assert_eq!(
            String::from_utf8(decoded).unwrap(),
            "my+client:s3%3Acr%25t%2Bvalue"
        );
    }

    #[test]
    fn token_responses_are_read_leniently_where_providers_differ() {
        let now = OffsetDateTime::UNIX_EPOCH;
        let object = |json: &str| match serde_json::from_str(json).unwrap() {
            Value::Object(o) => o,
            _ => unreachable!(),
        };
        let t = tokens_from(
            &object(
                r#"{"access_token":"a","token_type":"bearer","expires_in":"3600","scope":"x,y z"}"#,
            ),
            now,
            &[],
            ",",
        )
        .unwrap();
        assert_eq!(t.token_type, "Bearer");
        assert_eq!(t.expires_at, Some(now + time::Duration::hours(1)));
        assert_eq!(t.scopes, ["x", "y", "z"]);
        assert!(t.refresh_token.is_none());

        let requested = vec!["files.read".to_owned()];
        let t = tokens_from(
            &object(r#"{"access_token":"a","refresh_token":"r"}"#),
            now,
            &requested,
            " ",
        )
        .unwrap();
        assert_eq!(t.expires_at, None, "no expires_in: unknown expiry");
        assert_eq!(t.scopes, requested, "no scope: the requested ones");
        assert_eq!(t.refresh_token.unwrap().expose(), "r");

        let err = tokens_from(&object(r#"{"token_type":"Bearer"}"#), now, &[], " ").unwrap_err();
        assert_eq!(err, Unusable::NoAccessToken);
        assert_eq!(expires_in(Some(&Value::from(-5))), None);
        assert_eq!(expires_in(Some(&Value::from(59.6))), Some(60));
    }

    #[test]
    fn tokens_must_be_printable_ascii_and_bearer() {
        let now = OffsetDateTime::UNIX_EPOCH;
        let read = |json: &str| match serde_json::from_str(json).unwrap() {
            Value::Object(o) => tokens_from(&o, now, &[], " "),
            _ => unreachable!(),
        };
        assert!(read(r#"{"access_token":" !~ a|b","token_type":"Bearer"}"#).is_ok());
        for (json, expected) in [
            (
                r#"{"access_token":"a\r\nb"}"#,
                Unusable::Characters("access_token"),
            ),
            (
                r#"{"access_token":"a\u007f"}"#,
                Unusable::Characters("access_token"),
            ),
            (
                r#"{"access_token":"ä"}"#,
                Unusable::Characters("access_token"),
            ),
            (
                r#"{"access_token":"a","refresh_token":"r\n"}"#,
                Unusable::Characters("refresh_token"),
            ),
            (
                r#"{"access_token":"a","token_type":"mac"}"#,
                Unusable::TokenType("mac".into()),
            ),
            (
                r#"{"access_token":"a","token_type":"DPoP"}"#,
                Unusable::TokenType("DPoP".into()),
            ),
            (
                r#"{"access_token":"a","token_type":7}"#,
                Unusable::TokenType("7".into()),
            ),
        ] {
            assert_eq!(read(json).unwrap_err(), expected, "{json}");
        }
        let error =
            Unusable::TokenType("mac".into()).into_error("https://idp.example/token", "acme");
        assert_eq!(error.exit_code(), 5);
        assert!(
            error.to_string().contains("https://idp.example/token"),
            "{error}"
        );
    }
}
