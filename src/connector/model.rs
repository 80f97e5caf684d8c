//! A connector as the rest of tether uses it: one [`Auth`] variant per way to authenticate,
//! each with its own settings. The file format is `file.rs`; validation lives in `validate.rs`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::file::ConnectorFile;

/// How a connector authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AuthType {
    #[serde(rename = "basic")]
    Basic,
    #[serde(rename = "api-key")]
    ApiKey,
    #[serde(rename = "oauth2")]
    OAuth2,
}

impl AuthType {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Basic => "basic",
            Self::ApiKey => "api-key",
            Self::OAuth2 => "oauth2",
        }
    }
}

impl std::fmt::Display for AuthType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for AuthType {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "basic" => Ok(Self::Basic),
            "api-key" | "apikey" | "api_key" => Ok(Self::ApiKey),
            "oauth2" | "oauth" => Ok(Self::OAuth2),
            _ => Err(format!(
                "unknown auth type `{s}`; use basic, api-key or oauth2"
            )),
        }
    }
}

/// A connector: how to talk to one service. Read and written as the file format
/// ([`ConnectorFile`]), where `auth` names the one section that holds its settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ConnectorFile", into = "ConnectorFile")]
pub struct Connector {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub base_url: Option<String>,
    pub docs: Option<String>,
    /// `YYYY-MM`: when its facts were last checked against the provider's documentation.
    pub verified: Option<String>,
    pub params: Vec<Param>,
    /// How it authenticates, with the settings of that kind.
    pub auth: Auth,
    /// Headers sent with every request besides the credential: name → template.
    pub headers: BTreeMap<String, String>,
    /// Query parameters added to every request (an organization, an API version).
    pub query: BTreeMap<String, String>,
    /// `[identity]`: how to read who an authorized account is.
    pub identity: Option<IdentityLookup>,
    /// What `exec` exports: variable name → template.
    pub env: BTreeMap<String, String>,
    /// `[git]`: the hosts whose git over HTTPS the credential opens.
    pub git: Option<Git>,
    /// `[docker]`: the container registries the credential logs in to.
    pub docker: Option<super::Docker>,
}

impl Connector {
    #[must_use]
    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name == name)
    }

    /// The `[oauth2]` settings of an oauth2 connector.
    #[must_use]
    pub fn oauth2(&self) -> Option<&OAuth2> {
        match &self.auth {
            Auth::OAuth2(o) => Some(o),
            _ => None,
        }
    }

    /// The `[oauth2]` settings, to change (tests and [`Connector::with_params`]).
    pub fn oauth2_mut(&mut self) -> Option<&mut OAuth2> {
        match &mut self.auth {
            Auth::OAuth2(o) => Some(o),
            _ => None,
        }
    }
}

/// How a connector authenticates, with its section of the file.
#[derive(Debug, Clone, PartialEq)]
// One connector is loaded per command; boxing the large variant would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum Auth {
    /// `auth = "basic"` with `[basic]`.
    Basic(Basic),
    /// `auth = "api-key"` with `[api_key]`.
    ApiKey(ApiKey),
    /// `auth = "oauth2"` with `[oauth2]`.
    OAuth2(OAuth2),
}

impl Auth {
    #[must_use]
    pub fn kind(&self) -> AuthType {
        match self {
            Self::Basic(_) => AuthType::Basic,
            Self::ApiKey(_) => AuthType::ApiKey,
            Self::OAuth2(_) => AuthType::OAuth2,
        }
    }
}

impl std::fmt::Display for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.kind().fmt(f)
    }
}

/// A value a person supplies: asked for when authorizing (secret ones hidden), or at create
/// when `connection = true`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Param {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default)]
    pub secret: bool,
    /// A non-secret value of the connection (e.g. a subdomain), part of the fingerprint.
    #[serde(default)]
    pub connection: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub required: bool,
    /// The only values allowed (e.g. a data centre); a prompt offers them as a list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
}

impl Param {
    /// What a prompt calls this param.
    #[must_use]
    pub fn label(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.name)
    }

    /// Whether `value` may be given: any value, or one of the choices when there are some.
    #[must_use]
    pub fn allows(&self, value: &str) -> bool {
        self.choices.is_empty() || self.choices.iter().any(|c| c == value)
    }
}

/// `[identity]`: a GET with the credential applied, whose JSON answer names the account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentityLookup {
    /// A URL template over the non-secret params and `{base_url}`, or a path (`/user`)
    /// appended to `base_url` as `invoke` appends one.
    pub url: String,
    /// JSON pointer (RFC 6901) to the login or e-mail address.
    pub field: String,
    /// JSON pointer to a stable id of the account (a number is read as its text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

/// `[git]`: the hosts that serve git over HTTPS with this connector's credential, for
/// `tether git-credential` and `tether setup-git`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Git {
    /// `host` or `host:port`, each a template over the connection's non-secret params
    /// (`"{host}"` for a self-managed instance).
    pub hosts: Vec<String>,
    /// The username sent with the token: a template over non-secret params (and `{username}`
    /// for basic connectors). [`Git::DEFAULT_USERNAME`] when not set (a basic connector's
    /// own username).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Whether the hosts take the token as `Authorization: Bearer` on git requests: then git
    /// 2.46 and later, which can send it so, are answered with it. Many hosts accept a token
    /// over git only as a Basic password (GitHub, GitLab), so this is off by default.
    #[serde(default, skip_serializing_if = "is_false")]
    pub bearer: bool,
}

impl Git {
    /// The username for hosts that ignore it when the password is a token; GitHub documents it
    /// for its tokens.
    pub const DEFAULT_USERNAME: &'static str = "x-access-token";

    /// The username template in effect for a connector authenticating with `auth`.
    #[must_use]
    pub fn username_template(&self, auth: AuthType) -> &str {
        match (&self.username, auth) {
            (Some(username), _) => username,
            (None, AuthType::Basic) => "{username}",
            (None, _) => Self::DEFAULT_USERNAME,
        }
    }
}

/// `[basic]`: templates over params for the username and password.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Basic {
    pub username: String,
    pub password: String,
}

/// `[api_key]`: where the key, or each of several keys, goes on a request.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiKey {
    /// Never empty. The first is the one `token` and `header` print.
    pub placements: Vec<KeyPlacement>,
}

/// One header or query parameter that carries a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPlacement {
    pub placement: Placement,
    pub name: String,
    /// A template over the params, e.g. `Bearer {api_key}`.
    pub value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Placement {
    Header,
    Query,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grant {
    #[default]
    AuthorizationCode,
    ClientCredentials,
    /// RFC 7523 §2.1: a JWT signed with the account's own key is the grant (Google service
    /// accounts); settings in [`Jwt`].
    JwtBearer,
}

impl Grant {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AuthorizationCode => "authorization_code",
            Self::ClientCredentials => "client_credentials",
            Self::JwtBearer => "jwt_bearer",
        }
    }
}

/// `[oauth2.jwt]`: how the assertion of the JWT bearer grant is made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Jwt {
    /// `{param}`: the secret param holding the PKCS#8 PEM key (or a Google JSON key file).
    pub key: String,
    #[serde(default)]
    pub algorithm: JwtAlgorithm,
    /// Claim name → template over the params, `{scope}` and `{token_url}`; `iat` and `exp`
    /// are added by tether.
    pub claims: BTreeMap<String, String>,
    /// How long each assertion is valid.
    #[serde(default = "hour")]
    pub lifetime_secs: u64,
}

/// The signature algorithm of a JWT assertion (RFC 7518 §3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum JwtAlgorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    #[default]
    RS256,
    /// ECDSA with P-256 and SHA-256.
    ES256,
}

impl JwtAlgorithm {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RS256 => "RS256",
            Self::ES256 => "ES256",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClientAuth {
    #[default]
    Basic,
    Post,
    None,
}

impl ClientAuth {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Basic => "basic",
            Self::Post => "post",
            Self::None => "none",
        }
    }
}

/// The token request parameters tether sets itself, which `token_params` may not change
/// (except `grant_type`, which renames a client credentials grant).
pub const TETHER_TOKEN_PARAMS: [&str; 10] = [
    "grant_type",
    "assertion",
    "code",
    "redirect_uri",
    "code_verifier",
    "refresh_token",
    "device_code",
    "scope",
    "client_id",
    "client_secret",
];

/// `[oauth2]`: endpoints, scopes and client settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OAuth2 {
    #[serde(default)]
    pub grant: Grant,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// With `issuer` set, whether a redirect without `iss` is refused (RFC 9207 §2.4); false
    /// for providers that do not send it, whose `iss` is then checked only when present.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub require_iss: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_url: Option<String>,
    pub token_url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_authorization_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revocation_url: Option<String>,
    #[serde(default)]
    pub scopes: Vec<String>,
    #[serde(default)]
    pub default_scopes: Vec<String>,
    /// What each scope allows, shown by `connector show`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub scope_descriptions: BTreeMap<String, String>,
    #[serde(default = "space")]
    pub scope_separator: String,
    #[serde(default = "yes")]
    pub pkce: bool,
    #[serde(default)]
    pub client_auth: ClientAuth,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub authorization_params: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub token_params: BTreeMap<String, String>,
    #[serde(default = "loopback")]
    pub redirect_host: String,
    #[serde(default = "callback")]
    pub redirect_path: String,
    #[serde(default)]
    pub redirect_port: u16,
    #[serde(default = "sixty")]
    pub expiry_buffer_secs: u64,
    /// The header that carries the access token (default `Authorization`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_header: Option<String>,
    /// The header's value, a template over `{access_token}` and the params (default
    /// `Bearer {access_token}`), e.g. `Zoho-oauthtoken {access_token}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_value: Option<String>,
    /// A query parameter that carries the access token instead of a header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_query: Option<String>,
    /// A JSON pointer to the access token in token responses that nest it
    /// (`/authed_user/access_token`); the top-level `access_token` otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_pointer: Option<String>,
    /// Revocation that is not RFC 7009 as `revocation_url` does it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revocation: Option<Revocation>,
    /// Values kept from the authorization for templates: name → where it comes from.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub capture: BTreeMap<String, Capture>,
    /// `[oauth2.jwt]`, with `grant = "jwt_bearer"` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwt: Option<Jwt>,
}

impl OAuth2 {
    /// The revocation endpoint and how to call it, from `[oauth2.revocation]` or, as RFC 7009
    /// describes it, from `revocation_url`.
    #[must_use]
    pub fn revocation(&self) -> Option<Revocation> {
        self.revocation.clone().or_else(|| {
            self.revocation_url.as_ref().map(|url| Revocation {
                url: url.clone(),
                auth: None,
                body: RevocationBody::Form,
                token_param: default_token_param(),
                method: RevocationMethod::Post,
            })
        })
    }
}

/// The placeholder a revocation URL may use for the client app's id (GitHub's
/// `/applications/{client_id}/token`), filled in when the client app is known.
pub const CLIENT_ID: &str = "client_id";

/// Where a captured value comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Capture {
    /// `token:/pointer`: a JSON pointer into the token response.
    Token(String),
    /// `callback:name`: a query parameter of the redirect back from the provider.
    Callback(String),
}

impl TryFrom<String> for Capture {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        if let Some(pointer) = text.strip_prefix("token:") {
            if pointer.starts_with('/') {
                return Ok(Self::Token(pointer.to_owned()));
            }
        } else if let Some(name) = text.strip_prefix("callback:")
            && !name.is_empty()
            && !name
                .chars()
                .any(|c| c.is_whitespace() || "&=#?".contains(c))
        {
            return Ok(Self::Callback(name.to_owned()));
        }
        Err(format!(
            "`{text}` is not a capture; write \"token:/json/pointer\" for a field of the token response or \"callback:name\" for a query parameter of the redirect"
        ))
    }
}

impl From<Capture> for String {
    fn from(c: Capture) -> Self {
        match c {
            Capture::Token(pointer) => format!("token:{pointer}"),
            Capture::Callback(name) => format!("callback:{name}"),
        }
    }
}

/// `[oauth2.revocation]`: a revocation endpoint and the shape of its request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revocation {
    pub url: String,
    /// How the request authenticates; as the token endpoint when not set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<RevocationAuth>,
    #[serde(default, skip_serializing_if = "is_form")]
    pub body: RevocationBody,
    /// The field that carries the token.
    #[serde(
        default = "default_token_param",
        skip_serializing_if = "is_default_token_param"
    )]
    pub token_param: String,
    #[serde(default, skip_serializing_if = "is_post")]
    pub method: RevocationMethod,
}

/// How a revocation request authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RevocationAuth {
    /// The client id and secret, as HTTP Basic.
    Basic,
    /// The token being revoked, as a Bearer token.
    Bearer,
    None,
}

/// The body of a revocation request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RevocationBody {
    /// `token_param=TOKEN` form-encoded, with `token_type_hint`.
    #[default]
    Form,
    /// `{"token_param": "TOKEN"}`.
    Json,
    /// Nothing: the token is in the `Authorization` header.
    None,
    /// No body: the token is a query parameter of the URL (Zoho's `?token=`).
    Query,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum RevocationMethod {
    #[default]
    Post,
    Delete,
}

fn default_token_param() -> String {
    "token".to_owned()
}

fn is_default_token_param(name: &str) -> bool {
    name == "token"
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_form(body: &RevocationBody) -> bool {
    *body == RevocationBody::Form
}

#[allow(clippy::trivially_copy_pass_by_ref)] // as for is_form
fn is_post(method: &RevocationMethod) -> bool {
    *method == RevocationMethod::Post
}

pub(super) fn yes() -> bool {
    true
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
pub(super) fn is_true(value: &bool) -> bool {
    *value
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_false(value: &bool) -> bool {
    !*value
}

fn space() -> String {
    " ".to_owned()
}

fn loopback() -> String {
    "127.0.0.1".to_owned()
}

fn callback() -> String {
    "/callback".to_owned()
}

fn sixty() -> u64 {
    60
}

fn hour() -> u64 {
    3600
}
