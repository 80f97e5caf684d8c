//! Checking a connector's endpoints against its provider's current metadata: each endpoint
//! the connector names must be the one the metadata lists.

use serde::Serialize;

use super::{DiscoveryError, Found, Target, fetch};
use crate::connector::{Connector, OAuth2, template};
use crate::error::Error;

/// One endpoint that differs: the connector's value and the provider's (`None`: the metadata
/// no longer lists that endpoint).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Drift {
    pub(crate) field: &'static str,
    pub(crate) connector: String,
    pub(crate) provider: Option<String>,
}

/// What checking one connector found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Every endpoint matches the metadata at `url`.
    Ok { url: String },
    /// Some endpoints differ from the metadata at `url`.
    Drift { url: String, drifts: Vec<Drift> },
    /// The provider could not be reached (network, time limit).
    Unreachable { reason: String },
    /// The provider answered, but with no usable metadata.
    Failed { reason: String },
    /// Not checked; `reason` says why.
    Skipped { reason: String },
}

impl Outcome {
    /// The status word of `connector check` output.
    #[must_use]
    pub(crate) fn status(&self) -> &'static str {
        match self {
            Self::Ok { .. } => "ok",
            Self::Drift { .. } => "drift",
            Self::Unreachable { .. } => "unreachable",
            Self::Failed { .. } => "error",
            Self::Skipped { .. } => "skipped",
        }
    }
}

/// Checks `connector` against its provider's metadata; `None` when it names no issuer.
/// Params in its URLs are filled with their defaults; without a default for each, it is
/// skipped. Only the issuer's well-known addresses are fetched, with a plain GET.
#[must_use]
pub(crate) fn check(connector: &Connector) -> Option<Outcome> {
    let issuer = connector.oauth2()?.issuer.as_deref()?;
    let filled = match fill_defaults(connector) {
        Ok(filled) => filled,
        Err(reason) => return Some(Outcome::Skipped { reason }),
    };
    let o = filled.oauth2()?;
    let issuer = o.issuer.as_deref().unwrap_or(issuer);
    let found = Target::of_issuer(issuer)
        .map_err(Error::from)
        .and_then(|target| fetch(&target));
    Some(match found {
        Ok(found) => compare(o, &found),
        // The document is another issuer's: nothing else in it may be trusted.
        Err(Error::Discovery(DiscoveryError::IssuerMismatch { url, found, .. })) => {
            Outcome::Drift {
                url,
                drifts: vec![Drift {
                    field: "issuer",
                    connector: issuer.to_owned(),
                    provider: Some(found),
                }],
            }
        }
        Err(e @ Error::Http(_)) => Outcome::Unreachable {
            reason: e.to_string(),
        },
        Err(e) => Outcome::Failed {
            reason: e.to_string(),
        },
    })
}

/// The connector with the params of its `[oauth2]` URLs filled with their defaults, or why
/// that is not possible.
fn fill_defaults(connector: &Connector) -> Result<Connector, String> {
    let Some(o) = connector.oauth2() else {
        return Ok(connector.clone());
    };
    let urls = [
        o.issuer.as_deref(),
        o.authorization_url.as_deref(),
        Some(o.token_url.as_str()),
        o.device_authorization_url.as_deref(),
        o.revocation_url.as_deref(),
    ];
    let mut missing: Vec<String> = Vec::new();
    for name in urls.into_iter().flatten().flat_map(template::placeholders) {
        let has_default = connector.param(&name).is_some_and(|p| p.default.is_some());
        if !has_default && !missing.contains(&name) {
            missing.push(name);
        }
    }
    if !missing.is_empty() {
        let names = missing
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let have = if missing.len() == 1 { "has" } else { "have" };
        return Err(format!(
            "its endpoints use {names}, which {have} no default"
        ));
    }
    connector
        .with_params(|name| connector.param(name).and_then(|p| p.default.clone()))
        .map_err(|e| e.to_string())
}

/// The endpoints of `o` that differ from `found`'s metadata.
fn compare(o: &OAuth2, found: &Found) -> Outcome {
    let m = &found.metadata;
    let pairs = [
        ("issuer", o.issuer.as_ref(), Some(&found.issuer)),
        (
            "authorization_url",
            o.authorization_url.as_ref(),
            m.authorization_endpoint.as_ref(),
        ),
        ("token_url", Some(&o.token_url), m.token_endpoint.as_ref()),
        (
            "device_authorization_url",
            o.device_authorization_url.as_ref(),
            m.device_authorization_endpoint.as_ref(),
        ),
        (
            "revocation_url",
            o.revocation_url.as_ref(),
            m.revocation_endpoint.as_ref(),
        ),
    ];
    let drifts: Vec<Drift> = pairs
        .into_iter()
        .filter_map(|(field, ours, theirs)| {
            let ours = ours?;
            // An endpoint the connector does not use is not drift; one it uses must match
            // exactly (the issuer too: the `iss` check compares strings).
            (Some(ours) != theirs).then(|| Drift {
                field,
                connector: ours.clone(),
                provider: theirs.map(|t| crate::sanitize::for_terminal(t)),
            })
        })
        .collect();
    let url = found.url.clone();
    if drifts.is_empty() {
        Outcome::Ok { url }
    } else {
        Outcome::Drift { url, drifts }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discovery::Metadata;

    const CONNECTOR: &str = "id = \"acme\"\nname = \"Acme\"\nauth = \"oauth2\"\n\n[[params]]\nname = \"tenant\"\ndefault = \"common\"\n\n[oauth2]\nissuer = \"https://idp.example/{tenant}\"\nauthorization_url = \"https://idp.example/{tenant}/auth\"\ntoken_url = \"https://idp.example/{tenant}/token\"\nrevocation_url = \"https://idp.example/{tenant}/revoke\"\n";

    fn connector(text: &str) -> Connector {
        crate::connector::parse(text, std::path::Path::new("acme.toml")).unwrap()
    }

    #[test]
    fn only_endpoints_the_connector_names_are_compared() {
        let c = fill_defaults(&connector(CONNECTOR)).unwrap();
        let o = c.oauth2().unwrap();
        assert_eq!(o.token_url, "https://idp.example/common/token");
        let mut metadata = Metadata {
            issuer: Some("https://idp.example/common".into()),
            authorization_endpoint: Some("https://idp.example/common/auth".into()),
            token_endpoint: Some("https://idp.example/common/token".into()),
            revocation_endpoint: Some("https://idp.example/common/revoke".into()),
            device_authorization_endpoint: Some("https://idp.example/common/device".into()),
            ..Metadata::default()
        };
        let found = |metadata: &Metadata| Found {
            url: "u".into(),
            issuer: metadata.issuer.clone().unwrap(),
            metadata: metadata.clone(),
        };
        assert_eq!(
            compare(o, &found(&metadata)),
            Outcome::Ok { url: "u".into() }
        );
        metadata.token_endpoint = Some("https://idp.example/common/oauth2/token".into());
        metadata.revocation_endpoint = None;
        let Outcome::Drift { drifts, .. } = compare(o, &found(&metadata)) else {
            panic!("drift");
        };
        assert_eq!(
            drifts,
            [
                Drift {
                    field: "token_url",
                    connector: "https://idp.example/common/token".into(),
                    provider: Some("https://idp.example/common/oauth2/token".into()),
                },
                Drift {
                    field: "revocation_url",
                    connector: "https://idp.example/common/revoke".into(),
                    provider: None,
                },
            ]
        );
    }

    #[test]
    fn params_without_defaults_skip_the_check() {
        let text = CONNECTOR.replace("default = \"common\"\n", "");
        let outcome = check(&connector(&text)).unwrap();
        assert_eq!(outcome.status(), "skipped");
        let Outcome::Skipped { reason } = outcome else {
            unreachable!()
        };
        assert!(reason.contains("`tenant`"), "{reason}");
        let without_issuer = CONNECTOR.replace("issuer = \"https://idp.example/{tenant}\"\n", "");
        assert_eq!(check(&connector(&without_issuer)), None);
    }
}
