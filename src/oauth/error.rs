//! What can go wrong while authorizing, refreshing or revoking, as facts: which connector,
//! endpoint, flag or answer. Provider-supplied text in a variant is already made safe for a
//! terminal and has the request's secrets hidden; what to do about each is said by the
//! command layer.

use crate::connector::Capture;
use std::net::IpAddr;

/// An OAuth failure. `Display` is the message only.
#[derive(Debug, thiserror::Error)]
pub enum OAuthError {
    // ---- the connector cannot be used for this ----
    #[error("connector `{connector}` is not an OAuth2 connector")]
    NotOAuth { connector: String },

    /// An endpoint that is not a URL, or not https:// (http:// only for loopback hosts).
    #[error("connector `{connector}`: {field} `{url}` {problem}")]
    BadEndpoint {
        connector: String,
        field: &'static str,
        url: String,
        problem: String,
    },

    #[error("connector `{connector}` uses client credentials, which involve no person or browser")]
    NoPersonInvolved { connector: String },

    #[error(
        "connector `{connector}` needs a person to authorize; client credentials are not for it"
    )]
    NeedsPerson { connector: String },

    #[error(
        "connector `{connector}` has no device_authorization_url, so the device flow is not available"
    )]
    NoDeviceEndpoint { connector: String },

    #[error("connector `{connector}` has no authorization_url")]
    NoAuthorizationEndpoint { connector: String },

    #[error("connector `{connector}`: authorization_params may not set `{name}`; tether sets it")]
    ReservedParam { connector: String, name: String },

    /// The private key of a JWT bearer grant cannot be used; nothing of the key is in it.
    #[error(
        "connector `{connector}`: the private key in param `{param}` cannot be used: {problem}"
    )]
    BadKey {
        connector: String,
        param: String,
        problem: super::private_key::KeyProblem,
    },

    /// A claim of a JWT bearer assertion names a param that has no value.
    #[error(
        "connector `{connector}`: claim `{claim}` of the assertion needs `{{{name}}}`, which has no value"
    )]
    ClaimWithoutValue {
        connector: String,
        claim: String,
        name: String,
    },

    #[error(
        "connector `{connector}` signs its own assertion (JWT bearer grant); there is no other flow for it"
    )]
    JwtBearerOnly { connector: String },

    #[error(
        "the JWT bearer flow is for connectors with grant = \"jwt_bearer\"; connector `{connector}` is not one"
    )]
    NotJwtBearer { connector: String },

    #[error("redirect URI `{uri}`: {problem}")]
    BadRedirectUri { uri: String, problem: String },

    // ---- the loopback listener ----
    #[error("redirect_host `{host}` is not a loopback address")]
    NotLoopback { host: String },

    #[error(
        "port {port} on {ip} is already in use, so the authorization callback cannot be received there"
    )]
    PortInUse { ip: IpAddr, port: u16 },

    #[error("not allowed to listen on port {port} of {ip}")]
    PortForbidden { ip: IpAddr, port: u16 },

    #[error("cannot listen on {ip}: the address is not available on this machine")]
    AddressUnavailable { ip: IpAddr },

    // ---- no person to approve, or nobody did ----
    #[error(
        "the browser flow needs a person with a browser, and this run is unattended (CI or --no-input) with no $BROWSER set"
    )]
    Unattended,

    #[error("no browser could be started ({reason}) and no one is at a terminal to open the URL")]
    NoBrowser { reason: String },

    #[error("no authorization came back from the browser within {secs} s")]
    BrowserTimedOut { secs: u64 },

    #[error("the code was not approved within {secs} s (--timeout)")]
    DeviceTimedOut { secs: u64 },

    /// The device code lived out its `expires_in` without approval.
    #[error("the code expired after {secs} s without being approved")]
    DeviceCodeExpired { secs: u64 },

    /// The provider said `expired_token` while polling.
    #[error("the code expired before it was approved (expired_token)")]
    DeviceCodeExpiredEarly,

    #[error("the request was denied on the verification page (access_denied)")]
    DeviceDenied,

    // ---- the redirect back from the provider ----
    /// The provider redirected with `error=` (`access_denied` when the person said no).
    #[error("the provider refused the authorization ({error}{})", detail(.description.as_deref()))]
    AuthorizationRefused {
        error: String,
        description: Option<String>,
    },

    /// The redirect came from another issuer (RFC 9207); `expected` describes the rule.
    #[error(
        "the authorization response came from issuer `{iss}`, but {expected} was expected (RFC 9207); it was refused"
    )]
    WrongIssuer { iss: String, expected: String },

    #[error(
        "the authorization response carried no `iss`, but {expected} must be named in it (RFC 9207); it was refused"
    )]
    MissingIssuer { expected: String },

    // ---- what was pasted in the paste flow ----
    #[error("nothing was pasted")]
    NothingPasted,

    #[error("the pasted text looks like an address but cannot be read as one")]
    PastedNotAnAddress,

    #[error(
        "a bare code was pasted, but it cannot be checked against this authorization: it carries \
         no state, and the connector does not use PKCE to bind the code to this request"
    )]
    BareCodeWithoutPkce,

    #[error("the pasted address is not the redirect (its path is not {path})")]
    PastedWrongPath { path: String },

    #[error("the pasted address was not accepted: {reason}")]
    PastedRejected { reason: &'static str },

    /// The token endpoint refused the code from the pasted address (`invalid_grant`).
    #[error("the provider did not accept the pasted authorization code ({reason})")]
    PastedCodeRejected { reason: String },

    // ---- the provider's endpoints said no ----
    /// `invalid_grant`: a refresh token that was revoked, expired or already used, or an
    /// authorization code that is no longer valid.
    #[error("the provider rejected the authorization grant ({reason})")]
    InvalidGrant { reason: String },

    /// `invalid_client` or `unauthorized_client`.
    #[error(
        "the {what} rejected the client app of connector `{connector}` ({error}{})",
        detail(.description.as_deref())
    )]
    ClientRejected {
        what: &'static str,
        connector: String,
        error: String,
        description: Option<String>,
    },

    #[error("the {what} refused the requested scopes ({error}{})", detail(.description.as_deref()))]
    ScopeRefused {
        what: &'static str,
        connector: String,
        error: String,
        description: Option<String>,
    },

    /// `access_denied` from an endpoint.
    #[error("the {what} denied the request ({error}{})", detail(.description.as_deref()))]
    RequestDenied {
        what: &'static str,
        error: String,
        description: Option<String>,
    },

    /// Any other OAuth error code.
    #[error(
        "the {what} refused the request with HTTP {status} ({error}{})",
        detail(.description.as_deref())
    )]
    Refused {
        what: &'static str,
        status: u16,
        error: String,
        description: Option<String>,
    },

    /// The access token has run out and there is nothing to renew it with.
    #[error("the access token cannot be renewed: the provider gave no refresh token")]
    NoRefreshToken { connector: String },

    /// A value the connector captures was not in the token response or the redirect.
    #[error("the provider did not return `{name}` ({}), which connector `{connector}` needs for its requests", describe_capture(.from))]
    NotCaptured {
        connector: String,
        name: String,
        from: Capture,
        /// The person pasted a bare code, which carries no redirect parameters.
        pasted_code: bool,
    },

    // ---- the provider's answers cannot be used ----
    #[error(
        "the {what} ({url}) answered with a redirect (HTTP {status}){}, which tether does not follow",
        .location.as_deref().map_or_else(String::new, |l| format!(" to {l}"))
    )]
    Redirected {
        what: &'static str,
        url: String,
        status: u16,
        location: Option<String>,
    },

    /// An answer that is not an OAuth answer at all (an HTML error page, for one).
    #[error(
        "the {what} ({url}) answered HTTP {status} with {} instead of an OAuth2 answer",
        describe_type(.content_type.as_deref())
    )]
    NotAnOAuthAnswer {
        what: &'static str,
        url: String,
        status: u16,
        content_type: Option<String>,
    },

    #[error(
        "the {what} ({url}) answered HTTP {status} with {}: {problem}",
        describe_type(.content_type.as_deref())
    )]
    Malformed {
        what: &'static str,
        url: String,
        status: u16,
        content_type: Option<String>,
        problem: &'static str,
    },

    #[error(
        "the device authorization endpoint ({url}) answered without what the device flow needs: {problem}"
    )]
    DeviceAnswer { url: String, problem: &'static str },

    #[error("the token endpoint ({url}) answered without a usable token: no `access_token` in it")]
    NoAccessToken { url: String },

    /// A token with characters outside RFC 6749's `1*VSCHAR`.
    #[error(
        "the token endpoint ({url}) answered with a `{field}` that holds characters no token may hold \
         (line breaks, control characters or non-ASCII; RFC 6749 allows printable ASCII only); \
         it was refused and nothing was stored"
    )]
    TokenCharacters { url: String, field: &'static str },

    /// A `token_type` other than Bearer.
    #[error(
        "the token endpoint ({url}) issued a token of type `{token_type}`, which tether cannot use \
         (it sends Bearer tokens only, RFC 6750); it was refused and nothing was stored"
    )]
    TokenType {
        url: String,
        connector: String,
        token_type: String,
    },
}

impl OAuthError {
    /// Whether this is about what was pasted in the paste flow, so that pasting again can fix
    /// it (a refusal by the provider or a wrong issuer cannot be fixed that way).
    pub(crate) fn pasted_again(&self) -> bool {
        matches!(
            self,
            Self::NothingPasted
                | Self::PastedNotAnAddress
                | Self::BareCodeWithoutPkce
                | Self::PastedWrongPath { .. }
                | Self::PastedRejected { .. }
        )
    }
}

/// `: description`, or nothing.
fn detail(description: Option<&str>) -> String {
    description.map_or_else(String::new, |d| format!(": {d}"))
}

/// The body's content type as messages name it.
fn describe_type(content_type: Option<&str>) -> String {
    content_type.map_or_else(
        || "a body of no content type".to_owned(),
        |t| format!("a `{t}` body"),
    )
}

fn describe_capture(from: &Capture) -> String {
    match from {
        Capture::Token(pointer) => format!("`{pointer}` of the token response"),
        Capture::Callback(name) => format!("the `{name}` parameter of the redirect"),
    }
}
