//! A connector drafted from a provider's metadata: what the metadata settles (endpoints,
//! grant, PKCE, client authentication, scopes, `iss` support), what had to be assumed, and the
//! connector file it becomes once a person (or the flags) named it.

use std::fmt::Write as _;

use url::Url;

use super::{DiscoveryError, Found, Metadata, metadata::bad};
use crate::connector::{ClientAuth, Grant, builtin};

/// What the metadata says, as `[oauth2]` settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Draft {
    /// Where the metadata was found.
    pub(crate) metadata_url: String,
    /// The document's `issuer`, exactly as it says it.
    pub(crate) issuer: String,
    pub(crate) authorization_url: Option<String>,
    pub(crate) token_url: String,
    pub(crate) device_authorization_url: Option<String>,
    pub(crate) revocation_url: Option<String>,
    pub(crate) grant: Grant,
    pub(crate) pkce: bool,
    pub(crate) client_auth: ClientAuth,
    pub(crate) scopes: Vec<String>,
    pub(crate) default_scopes: Vec<String>,
    /// Whether the provider says it sends `iss` in authorization responses (RFC 9207).
    pub(crate) sends_iss: bool,
    /// What was assumed where the metadata is silent or offers nothing tether can use.
    pub(crate) notes: Vec<String>,
}

/// What the metadata cannot say: how the person calls the connector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Naming {
    pub(crate) id: String,
    pub(crate) name: String,
    /// The API's base URL for `invoke` (not the provider's; optional).
    pub(crate) base_url: Option<String>,
}

/// Scopes asked for by default when the provider offers them: the identity (OpenID Connect)
/// and a refresh token.
const DEFAULT_SCOPES: [&str; 2] = ["openid", "offline_access"];

/// Host labels that say "this is the login server", dropped from a suggested id.
const GENERIC_LABELS: [&str; 12] = [
    "www", "auth", "login", "accounts", "account", "id", "identity", "oauth", "oauth2", "sso",
    "idp", "signin",
];

impl Draft {
    /// The draft of `found`'s metadata, or why it cannot make a connector.
    pub(crate) fn from_found(found: &Found) -> Result<Self, DiscoveryError> {
        let m = &found.metadata;
        let url = found.url.as_str();
        let endpoint =
            |key: &str, value: &Option<String>| -> Result<Option<String>, DiscoveryError> {
                value
                    .as_deref()
                    .map(|v| checked(url, key, v).map(str::to_owned))
                    .transpose()
            };
        checked(url, "issuer", &found.issuer)?;
        let authorization_url = endpoint("authorization_endpoint", &m.authorization_endpoint)?;
        let token_url = endpoint("token_endpoint", &m.token_endpoint)?
            .ok_or_else(|| bad(url, "it names no `token_endpoint`"))?;
        let mut notes = Vec::new();
        let grant = grant(m, authorization_url.is_some()).ok_or_else(|| {
            bad(
                url,
                "it offers neither the authorization_code grant (with an `authorization_endpoint`) nor client_credentials",
            )
        })?;
        let client_auth = client_auth(m, grant, &mut notes);
        let pkce = pkce(m, &mut notes);
        let scopes = scopes(m, &mut notes);
        let default_scopes = DEFAULT_SCOPES
            .iter()
            .filter(|s| scopes.iter().any(|x| x == *s))
            .map(|s| (*s).to_owned())
            .collect();
        let sends_iss = m.authorization_response_iss_parameter_supported == Some(true);
        if !sends_iss && grant == Grant::AuthorizationCode {
            notes.push(
                "the provider does not say it sends `iss` in redirects (RFC 9207); `iss` is checked when sent, not required".to_owned(),
            );
        }
        Ok(Self {
            metadata_url: found.url.clone(),
            issuer: found.issuer.clone(),
            authorization_url,
            token_url,
            device_authorization_url: endpoint(
                "device_authorization_endpoint",
                &m.device_authorization_endpoint,
            )?,
            revocation_url: endpoint("revocation_endpoint", &m.revocation_endpoint)?,
            grant,
            pkce,
            client_auth,
            scopes,
            default_scopes,
            sends_iss,
            notes,
        })
    }

    /// The host of the issuer (what a suggested id and name are made from).
    fn host(&self) -> String {
        Url::parse(&self.issuer)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_default()
    }

    /// An id made from the issuer's host (`accounts.acme.example` → `acme`), never a
    /// built-in's.
    #[must_use]
    pub(crate) fn suggested_id(&self) -> String {
        let id = id_from_host(&self.host());
        if builtin::is_builtin(&id) {
            format!("{id}-custom")
        } else {
            id
        }
    }

    /// A display name: the issuer's host.
    #[must_use]
    pub(crate) fn suggested_name(&self) -> String {
        self.host()
    }

    /// What was found, as (label, value) pairs to show.
    #[must_use]
    pub(crate) fn summary(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![
            ("metadata", Some(&self.metadata_url)),
            ("issuer", Some(&self.issuer)),
            ("authorization URL", self.authorization_url.as_ref()),
            ("token URL", Some(&self.token_url)),
            ("device URL", self.device_authorization_url.as_ref()),
            ("revocation URL", self.revocation_url.as_ref()),
        ]
        .into_iter()
        .filter_map(|(label, value)| value.map(|v| (label, v.clone())))
        .collect::<Vec<_>>();
        pairs.push(("grant", self.grant.as_str().to_owned()));
        pairs.push((
            "PKCE",
            if self.pkce { "yes (S256)" } else { "no" }.to_owned(),
        ));
        pairs.push(("client auth", self.client_auth.as_str().to_owned()));
        let list = |v: &[String]| {
            if v.is_empty() {
                "-".to_owned()
            } else {
                v.join(" ")
            }
        };
        pairs.push(("scopes", list(&self.scopes)));
        pairs.push(("default scopes", list(&self.default_scopes)));
        pairs.push((
            "iss in redirects",
            if self.sends_iss {
                "sent (required)"
            } else {
                "not promised (checked when sent)"
            }
            .to_owned(),
        ));
        pairs
            .into_iter()
            .map(|(k, v)| (k, crate::sanitize::for_terminal(&v)))
            .collect()
    }

    /// The connector file: `naming` and the `[oauth2]` settings found.
    #[must_use]
    pub(crate) fn to_toml(&self, naming: &Naming) -> String {
        let mut t = String::new();
        let _ = writeln!(t, "# Discovered from {}", one_line(&self.metadata_url));
        let _ = writeln!(t, "id = {}", quoted(&naming.id));
        let _ = writeln!(t, "name = {}", quoted(&naming.name));
        t.push_str("auth = \"oauth2\"\n");
        if let Some(base_url) = &naming.base_url {
            let _ = writeln!(t, "base_url = {}", quoted(base_url));
        }
        t.push_str("\n[oauth2]\n");
        let _ = writeln!(t, "grant = {}", quoted(self.grant.as_str()));
        let _ = writeln!(t, "issuer = {}", quoted(&self.issuer));
        for (key, value) in [
            ("authorization_url", self.authorization_url.as_ref()),
            ("token_url", Some(&self.token_url)),
            (
                "device_authorization_url",
                self.device_authorization_url.as_ref(),
            ),
            ("revocation_url", self.revocation_url.as_ref()),
        ] {
            if let Some(value) = value {
                let _ = writeln!(t, "{key} = {}", quoted(value));
            }
        }
        if !self.scopes.is_empty() {
            let _ = writeln!(t, "scopes = {}", array(&self.scopes));
            let _ = writeln!(t, "default_scopes = {}", array(&self.default_scopes));
        }
        let _ = writeln!(t, "pkce = {}", self.pkce);
        let _ = writeln!(t, "client_auth = {}", quoted(self.client_auth.as_str()));
        if !self.sends_iss {
            t.push_str("# The provider does not promise `iss` in redirects (RFC 9207).\n");
            t.push_str("require_iss = false\n");
        }
        t
    }
}

/// The grant: authorization code when offered with an authorization endpoint, else client
/// credentials when offered. RFC 8414 §2: without the list, authorization_code and implicit.
fn grant(m: &Metadata, has_authorization_endpoint: bool) -> Option<Grant> {
    let grants = m.grant_types_supported.as_deref();
    let offers = |g: &str| grants.is_none_or(|list| list.iter().any(|x| x == g));
    if offers("authorization_code") && has_authorization_endpoint {
        Some(Grant::AuthorizationCode)
    } else if grants.is_some_and(|list| list.iter().any(|x| x == "client_credentials")) {
        Some(Grant::ClientCredentials)
    } else {
        None
    }
}

/// How the client authenticates at the token endpoint. RFC 8414 §2: without the list,
/// client_secret_basic.
fn client_auth(m: &Metadata, grant: Grant, notes: &mut Vec<String>) -> ClientAuth {
    let methods = m
        .token_endpoint_auth_methods_supported
        .clone()
        .unwrap_or_else(|| vec!["client_secret_basic".to_owned()]);
    let has = |method: &str| methods.iter().any(|x| x == method);
    // Basic first: RFC 6749 §2.3.1 makes it the one every server supports, and with a public
    // client (no secret) tether sends only the client id, as `none` would.
    if has("client_secret_basic") {
        ClientAuth::Basic
    } else if has("client_secret_post") {
        ClientAuth::Post
    } else if has("none") && grant == Grant::AuthorizationCode {
        ClientAuth::None
    } else {
        notes.push(format!(
            "the token endpoint lists only {}, none of which tether supports (client_secret_basic, client_secret_post, none); client_auth is basic",
            crate::sanitize::for_terminal(&methods.join(", "))
        ));
        ClientAuth::Basic
    }
}

/// Whether PKCE (S256) is used.
fn pkce(m: &Metadata, notes: &mut Vec<String>) -> bool {
    let Some(methods) = &m.code_challenge_methods_supported else {
        // RFC 7636 §5: a server without PKCE ignores the parameters, so they cost nothing and
        // protect the code where PKCE is supported but not advertised.
        notes.push("the provider does not list its PKCE methods; S256 is sent anyway".to_owned());
        return true;
    };
    let s256 = methods.iter().any(|x| x == "S256");
    if !s256 {
        notes.push("the provider does not offer PKCE with S256; pkce is off".to_owned());
    }
    s256
}

/// The scopes a connector file can list, once each.
fn scopes(m: &Metadata, notes: &mut Vec<String>) -> Vec<String> {
    let Some(supported) = &m.scopes_supported else {
        notes.push(
            "the provider does not list its scopes; give them with --scope when authorizing"
                .to_owned(),
        );
        return Vec::new();
    };
    let mut scopes: Vec<String> = Vec::new();
    for scope in supported {
        if scope.is_empty() || scope.chars().any(|c| c.is_whitespace() || c.is_control()) {
            notes.push(format!(
                "scope `{}` cannot be listed (empty or white space) and was left out",
                crate::sanitize::for_terminal(scope)
            ));
        } else if !scopes.contains(scope) {
            scopes.push(scope.clone());
        }
    }
    scopes
}

/// `value` if it is an address tether may call: https, or http to this machine, and no
/// braces (which a connector file reads as placeholders).
fn checked<'a>(url: &str, key: &str, value: &'a str) -> Result<&'a str, DiscoveryError> {
    let problem = match Url::parse(value) {
        Err(_) => Some("is not a URL"),
        Ok(u) if u.scheme() == "https" => None,
        Ok(u) if u.scheme() == "http" && crate::http::is_loopback(&u) => None,
        Ok(_) => Some("is not an https:// address"),
    }
    .or_else(|| {
        (value.contains(['{', '}']) || value.chars().any(char::is_whitespace))
            .then_some("contains braces or white space")
    });
    match problem {
        Some(problem) => Err(bad(url, &format!("its `{key}` (`{value}`) {problem}"))),
        None => Ok(value),
    }
}

fn quoted(value: &str) -> String {
    toml::Value::String(value.to_owned()).to_string()
}

fn array(values: &[String]) -> String {
    toml::Value::Array(values.iter().cloned().map(toml::Value::String).collect()).to_string()
}

/// `text` safe inside a TOML comment.
fn one_line(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).collect()
}

/// A connector id made of a host's distinctive labels.
fn id_from_host(host: &str) -> String {
    let host = host.trim_matches(['[', ']']).to_ascii_lowercase();
    let is_ip = host.parse::<std::net::IpAddr>().is_ok();
    let mut labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    if !is_ip {
        if labels.len() > 1 {
            labels.pop(); // the top-level domain
        }
        while labels.len() > 1 && GENERIC_LABELS.contains(&labels[0]) {
            labels.remove(0);
        }
    }
    let mut id = String::new();
    for c in labels.join("-").chars() {
        let c = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            c
        } else {
            '-'
        };
        if !(c == '-' && (id.is_empty() || id.ends_with('-'))) {
            id.push(c);
        }
    }
    id.truncate(63);
    let id = id.trim_end_matches('-').to_owned();
    if id.is_empty() {
        "discovered".to_owned()
    } else {
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discovery::Metadata;

    fn found(json: serde_json::Value) -> Found {
        let metadata: Metadata = serde_json::from_value(json).unwrap();
        Found {
            url: "https://idp.example/.well-known/openid-configuration".into(),
            issuer: metadata.issuer.clone().unwrap(),
            metadata,
        }
    }

    #[test]
    fn ids_come_from_the_distinctive_part_of_the_host() {
        assert_eq!(id_from_host("accounts.acme.example"), "acme");
        assert_eq!(id_from_host("login.microsoftonline.com"), "microsoftonline");
        assert_eq!(id_from_host("dev-123.okta.com"), "dev-123-okta");
        assert_eq!(id_from_host("127.0.0.1"), "127-0-0-1");
        assert_eq!(id_from_host("[::1]"), "1");
        assert_eq!(id_from_host("localhost"), "localhost");
        assert_eq!(id_from_host("auth.example"), "auth");
        assert_eq!(id_from_host("Idp_Corp.example"), "idp-corp");
        assert_eq!(id_from_host(""), "discovered");
    }

    #[test]
    fn a_full_openid_document_maps_to_every_setting() {
        let draft = Draft::from_found(&found(serde_json::json!({
            "issuer": "https://idp.example",
            "authorization_endpoint": "https://idp.example/auth",
            "token_endpoint": "https://idp.example/token",
            "device_authorization_endpoint": "https://idp.example/device",
            "revocation_endpoint": "https://idp.example/revoke",
            "scopes_supported": ["openid", "offline_access", "files.read", "files.read"],
            "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "none"],
            "code_challenge_methods_supported": ["plain", "S256"],
            "authorization_response_iss_parameter_supported": true,
            "jwks_uri": "https://idp.example/jwks"
        })))
        .unwrap();
        assert_eq!(draft.grant, Grant::AuthorizationCode);
        assert_eq!(draft.client_auth, ClientAuth::Post);
        assert!(draft.pkce && draft.sends_iss);
        assert_eq!(draft.scopes, ["openid", "offline_access", "files.read"]);
        assert_eq!(draft.default_scopes, ["openid", "offline_access"]);
        assert!(draft.notes.is_empty(), "{:?}", draft.notes);
        let naming = Naming {
            id: "acme".into(),
            name: "Acme \"IdP\"".into(),
            base_url: Some("https://api.acme.example".into()),
        };
        let text = draft.to_toml(&naming);
        let c = crate::connector::parse(&text, std::path::Path::new("d.toml")).unwrap();
        let o = c.oauth2().unwrap();
        assert_eq!(c.name, "Acme \"IdP\"");
        assert_eq!(o.issuer.as_deref(), Some("https://idp.example"));
        assert_eq!(
            o.revocation_url.as_deref(),
            Some("https://idp.example/revoke")
        );
        assert_eq!(
            o.device_authorization_url.as_deref(),
            Some("https://idp.example/device")
        );
        assert!(o.require_iss);
    }

    #[test]
    fn silence_gets_the_standard_defaults_and_a_note() {
        let draft = Draft::from_found(&found(serde_json::json!({
            "issuer": "https://idp.example/",
            "authorization_endpoint": "https://idp.example/auth",
            "token_endpoint": "https://idp.example/token"
        })))
        .unwrap();
        assert_eq!(
            (draft.grant, draft.client_auth, draft.pkce, draft.sends_iss),
            (Grant::AuthorizationCode, ClientAuth::Basic, true, false)
        );
        assert!(draft.scopes.is_empty());
        assert_eq!(draft.notes.len(), 3, "{:?}", draft.notes);
        let text = draft.to_toml(&Naming {
            id: draft.suggested_id(),
            name: draft.suggested_name(),
            base_url: None,
        });
        let c = crate::connector::parse(&text, std::path::Path::new("d.toml")).unwrap();
        assert_eq!(c.id, "idp");
        assert_eq!(
            c.oauth2().unwrap().issuer.as_deref(),
            Some("https://idp.example/")
        );
        assert!(!c.oauth2().unwrap().require_iss);
    }

    #[test]
    fn machine_only_and_unusable_documents() {
        let draft = Draft::from_found(&found(serde_json::json!({
            "issuer": "https://idp.example",
            "token_endpoint": "https://idp.example/token",
            "grant_types_supported": ["client_credentials"],
            "token_endpoint_auth_methods_supported": ["none", "client_secret_post"]
        })))
        .unwrap();
        assert_eq!(
            (draft.grant, draft.client_auth),
            (Grant::ClientCredentials, ClientAuth::Post)
        );
        for (json, why) in [
            (
                serde_json::json!({"issuer": "https://idp.example", "authorization_endpoint": "https://idp.example/a"}),
                "token_endpoint",
            ),
            (
                serde_json::json!({"issuer": "https://idp.example", "token_endpoint": "http://idp.example/t"}),
                "https",
            ),
            (
                serde_json::json!({"issuer": "https://idp.example", "token_endpoint": "https://idp.example/{t}"}),
                "braces",
            ),
            (
                serde_json::json!({"issuer": "https://idp.example", "token_endpoint": "https://idp.example/t",
                    "grant_types_supported": ["implicit"]}),
                "neither",
            ),
        ] {
            let err = Draft::from_found(&found(json)).unwrap_err();
            assert!(matches!(err, DiscoveryError::BadMetadata { .. }));
            assert!(err.to_string().contains(why), "{err}");
        }
    }
}
