//! Calls to the provider's endpoints over the one HTTP client ([`crate::http`]): client
//! authentication, and answers turned into [`Tokens`] or an error that names the status and
//! content type but never repeats the body.

use base64::Engine as _;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue, LOCATION};
use serde_json::{Map, Value};
use time::OffsetDateTime;
use url::form_urlencoded;
use zeroize::Zeroizing;

use super::error::OAuthError;
use super::redact::Redactor;
use super::tokens::{ClientApp, Tokens};
use crate::connector::{ClientAuth, Revocation, RevocationAuth, RevocationBody, RevocationMethod};
use crate::error::{Error, Result};
use crate::http::{self, HttpError, Peer, Timeouts};
use crate::sanitize::{for_terminal, without_controls};
use crate::secret::Secret;

/// Answers bigger than this are refused; a token response is a few kilobytes.
const MAX_BODY: u64 = 1024 * 1024;

/// The HTTP client every endpoint call goes through.
pub(crate) struct Endpoints {
    client: reqwest::blocking::Client,
    timeouts: Timeouts,
}

/// A raw answer, kept only long enough to be parsed; the body may hold tokens.
pub(crate) struct Answer {
    pub status: StatusCode,
    content_type: Option<String>,
    location: Option<String>,
    body: Zeroizing<Vec<u8>>,
    /// The secrets the request carried (code, verifier, tokens, client secret), hidden from
    /// the provider's error text: some providers repeat what they refuse.
    sent: Redactor,
}

/// Form parameters whose values are secrets.
const SECRET_PARAMS: [&str; 7] = [
    "assertion",
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
    Transport(HttpError),
    /// A standard OAuth error answer (RFC 6749 §5.2); both texts are already safe to show.
    OAuth {
        status: StatusCode,
        error: String,
        description: Option<String>,
    },
    /// Any other answer that cannot be used, already described.
    Other(Error),
}

impl From<OAuthError> for Failure {
    fn from(e: OAuthError) -> Self {
        Self::Other(e.into())
    }
}

impl Failure {
    /// The failure as an error, for calls that treat every OAuth error the same way
    /// (everything but device polling and revocation).
    pub(crate) fn into_error(self, what: &'static str, connector_id: &str) -> Error {
        match self {
            Self::Transport(e) => e.into(),
            Self::Other(e) => e,
            Self::OAuth {
                status,
                error,
                description,
            } => oauth_error(what, connector_id, status, error, description).into(),
        }
    }
}

/// One OAuth error code as the failure it stands for.
fn oauth_error(
    what: &'static str,
    connector_id: &str,
    status: StatusCode,
    error: String,
    description: Option<String>,
) -> OAuthError {
    let connector = connector_id.to_owned();
    match error.as_str() {
        // GitHub's name for a refresh token it no longer accepts.
        "invalid_grant" | "bad_refresh_token" => OAuthError::InvalidGrant {
            reason: format!(
                "invalid_grant{}",
                description.map_or_else(String::new, |d| format!(": {d}"))
            ),
        },
        "invalid_client" | "unauthorized_client" => OAuthError::ClientRejected {
            what,
            connector,
            error,
            description,
        },
        "invalid_scope" => OAuthError::ScopeRefused {
            what,
            connector,
            error,
            description,
        },
        "access_denied" => OAuthError::RequestDenied {
            what,
            error,
            description,
        },
        _ => OAuthError::Refused {
            what,
            status: status.as_u16(),
            error,
            description,
        },
    }
}

impl Endpoints {
    pub(crate) fn new(timeouts: Timeouts) -> Result<Self> {
        let client = http::client(timeouts)?;
        Ok(Self { client, timeouts })
    }

    /// POSTs `params` as a form to `url`, authenticating as `client` the way `auth` says
    /// (RFC 6749 §2.3.1). A client without a secret is a public client: its id goes in the
    /// form whatever `auth` says.
    pub(crate) fn post_form(
        &self,
        what: &'static str,
        url: &str,
        client: &ClientApp,
        auth: ClientAuth,
        params: &[(&str, &str)],
    ) -> Result<Answer, Failure> {
        let peer = Peer::Endpoint {
            what,
            url: url.to_owned(),
        };
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
            // The JWT bearer grant has no client app, so no id to send.
            (ClientAuth::None, _) | (_, None) if client.id.is_empty() => {}
            (ClientAuth::None, _) | (_, None) => {
                form.append_pair("client_id", &client.id);
            }
        }
        let body = Zeroizing::new(form.finish());
        let secrets: Vec<&str> = params
            .iter()
            .filter(|(name, _)| SECRET_PARAMS.contains(name))
            .map(|(_, value)| *value)
            .collect();
        self.send(
            &peer,
            request.body(body.as_bytes().to_vec()),
            &secrets,
            client,
        )
    }

    /// A revocation request shaped as `how` says, for `token`. `token_auth` is how the token
    /// endpoint authenticates the client, used when `how` does not say.
    pub(crate) fn revoke(
        &self,
        how: &Revocation,
        client: &ClientApp,
        token_auth: ClientAuth,
        token: &str,
        hint: &str,
    ) -> Result<Answer, Failure> {
        let what = "revocation endpoint";
        let auth = how.auth.unwrap_or(match token_auth {
            ClientAuth::Basic => RevocationAuth::Basic,
            ClientAuth::Post | ClientAuth::None => RevocationAuth::None,
        });
        if how.auth.is_none() && how.body == RevocationBody::Form {
            // RFC 7009: the form, the client authenticated as at the token endpoint.
            let params = [(how.token_param.as_str(), token), ("token_type_hint", hint)];
            return self.post_form(what, &how.url, client, token_auth, &params);
        }
        let peer = Peer::Endpoint {
            what,
            url: how.url.clone(),
        };
        let method = match how.method {
            RevocationMethod::Post => reqwest::Method::POST,
            RevocationMethod::Delete => reqwest::Method::DELETE,
        };
        let mut url = url::Url::parse(&how.url).map_err(|e| {
            Failure::Other(Error::Internal(format!(
                "revocation URL `{}`: {e}",
                how.url
            )))
        })?;
        if how.body == RevocationBody::Query {
            url.query_pairs_mut().append_pair(&how.token_param, token);
        }
        let mut request = self
            .client
            .request(method, url)
            .header(ACCEPT, "application/json");
        match (auth, &client.secret) {
            (RevocationAuth::Basic, Some(secret)) => {
                request = request.header(AUTHORIZATION, basic_auth(&client.id, secret));
            }
            (RevocationAuth::Bearer, _) => {
                let mut value = HeaderValue::from_str(&Zeroizing::new(format!("Bearer {token}")))
                    .map_err(|_| {
                    Failure::Other(Error::Internal("a token that is not a header value".into()))
                })?;
                value.set_sensitive(true);
                request = request.header(AUTHORIZATION, value);
            }
            (RevocationAuth::Basic | RevocationAuth::None, _) => {}
        }
        let body = match how.body {
            RevocationBody::Form => {
                let mut form = form_urlencoded::Serializer::new(String::new());
                form.append_pair(&how.token_param, token);
                request = request.header(CONTENT_TYPE, "application/x-www-form-urlencoded");
                Some(Zeroizing::new(form.finish()))
            }
            RevocationBody::Json => {
                let mut object = Map::new();
                object.insert(how.token_param.clone(), Value::String(token.to_owned()));
                request = request.header(CONTENT_TYPE, "application/json");
                Some(Zeroizing::new(Value::Object(object).to_string()))
            }
            RevocationBody::None | RevocationBody::Query => None,
        };
        if let Some(body) = &body {
            request = request.body(body.as_bytes().to_vec());
        }
        self.send(&peer, request, &[token], client)
    }

    /// Sends `request` and reads the answer; `secrets` (and the client secret) are hidden
    /// from whatever text of it is shown.
    fn send(
        &self,
        peer: &Peer,
        request: reqwest::blocking::RequestBuilder,
        secrets: &[&str],
        client: &ClientApp,
    ) -> Result<Answer, Failure> {
        let response = request.send().map_err(|e| {
            Failure::Transport(http::transport_error(peer.clone(), self.timeouts, e))
        })?;
        let status = response.status();
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
                .map(str::to_owned)
        };
        let content_type = header(CONTENT_TYPE);
        let location = header(LOCATION);
        let body = http::read_body(response, MAX_BODY, peer, self.timeouts.request).map_err(
            |e| match e {
                HttpError::TooLarge { .. } => Failure::Other(e.into()),
                e => Failure::Transport(e),
            },
        )?;
        let mut sent = Redactor::default();
        for value in secrets {
            sent.value(value);
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
    pub(crate) fn into_json(
        self,
        what: &'static str,
        url: &str,
    ) -> Result<Map<String, Value>, Failure> {
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
                _ => Err(OAuthError::Malformed {
                    what,
                    url: url.to_owned(),
                    status: self.status.as_u16(),
                    content_type: self.shown_type(),
                    problem: "not a JSON object",
                }
                .into()),
            };
        }
        match &parsed {
            Some(Value::Object(object)) if has_error(object) => Err(self.oauth_failure(object)),
            _ => Err(self.unusable(what, url).into()),
        }
    }

    /// The OAuth error (RFC 6749 §5.2) in `object`, which has a string `error`.
    fn oauth_failure(&self, object: &Map<String, Value>) -> Failure {
        let error = match object.get("error") {
            Some(Value::String(error)) => for_terminal(&self.hide_sent(error)),
            _ => String::new(),
        };
        let description = match object.get("error_description") {
            Some(Value::String(d)) if !d.is_empty() => Some(for_terminal(&self.hide_sent(d))),
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

    /// The content type, safe to show.
    fn shown_type(&self) -> Option<String> {
        self.content_type
            .as_deref()
            .map(|t| for_terminal(&self.hide_sent(t)))
    }

    /// An answer without a usable OAuth error: say the status and content type, never the body.
    pub(crate) fn unusable(&self, what: &'static str, url: &str) -> OAuthError {
        let status = self.status.as_u16();
        if self.status.is_redirection() {
            return OAuthError::Redirected {
                what,
                url: url.to_owned(),
                status,
                location: self
                    .location
                    .as_deref()
                    .map(|l| for_terminal(&self.hide_sent(l))),
            };
        }
        OAuthError::NotAnOAuthAnswer {
            what,
            url: url.to_owned(),
            status,
            content_type: self.shown_type(),
        }
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
    /// The error for this answer of the token endpoint at `url`; no token is repeated.
    pub(crate) fn into_error(self, url: &str, connector_id: &str) -> OAuthError {
        let url = url.to_owned();
        match self {
            Self::NoAccessToken => OAuthError::NoAccessToken { url },
            Self::Characters(field) => OAuthError::TokenCharacters { url, field },
            Self::TokenType(token_type) => OAuthError::TokenType {
                url,
                connector: connector_id.to_owned(),
                token_type,
            },
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
    let id_token = match object.get("id_token") {
        Some(Value::String(token)) if !token.is_empty() => Some(Secret::from(token.as_str())),
        _ => None,
    };
    let expires_at = expires_in(object.get("expires_in"))
        .map(|secs| now + time::Duration::seconds(i64::try_from(secs).unwrap_or(i64::MAX)));
    // Only with a refresh token: the lifetime of nothing is no news.
    let refresh_expires_at = expires_in(object.get("refresh_token_expires_in"))
        .filter(|_| refresh_token.is_some())
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
        refresh_expires_at,
        refresh_rotates: false,
        scopes,
        captured: std::collections::BTreeMap::new(),
        id_token,
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
        assert_eq!(t.refresh_expires_at, None, "unknown unless said");

        // GitHub Apps say when the refresh token expires; without one it means nothing.
        let said =
            r#"{"access_token":"a","refresh_token":"r","refresh_token_expires_in":15811200}"#;
        let t = tokens_from(&object(said), now, &[], " ").unwrap();
        assert_eq!(t.refresh_expires_at, Some(now + time::Duration::days(183)));
        let alone = r#"{"access_token":"a","refresh_token_expires_in":60}"#;
        let t = tokens_from(&object(alone), now, &[], " ").unwrap();
        assert_eq!(t.refresh_expires_at, None);

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
        assert!(
            error.to_string().contains("https://idp.example/token"),
            "{error}"
        );
        assert_eq!(Error::from(error).exit_code(), 5);
    }
}
