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
    pub params: Vec<Param>,
    /// How it authenticates, with the settings of that kind.
    pub auth: Auth,
    /// What `exec` exports: variable name → template.
    pub env: BTreeMap<String, String>,
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

/// `[basic]`: templates over params for the username and password.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Basic {
    pub username: String,
    pub password: String,
}

/// `[api_key]`: where the key goes on a request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiKey {
    pub placement: Placement,
    pub name: String,
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

/// `[oauth2]`: endpoints, scopes and client settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OAuth2 {
    #[serde(default)]
    pub grant: Grant,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
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
    /// `[oauth2.jwt]`, with `grant = "jwt_bearer"` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwt: Option<Jwt>,
}

pub(super) fn yes() -> bool {
    true
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
pub(super) fn is_true(value: &bool) -> bool {
    *value
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
