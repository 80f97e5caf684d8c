//! Fetching a provider's metadata document and reading the fields tether uses. A plain GET:
//! no credential, no client id, no cookie; redirects are not followed.

use serde::Deserialize;

use super::{DiscoveryError, TIMEOUTS, Target};
use crate::error::Result;
use crate::http::{self, Peer};

/// Metadata documents are a few KiB; anything far larger is not one.
const MAX_SIZE: u64 = 512 * 1024;

/// The fields of RFC 8414 §2 / OpenID Connect Discovery §3 that tether reads; the others are
/// ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub(crate) struct Metadata {
    pub(crate) issuer: Option<String>,
    pub(crate) authorization_endpoint: Option<String>,
    pub(crate) token_endpoint: Option<String>,
    pub(crate) device_authorization_endpoint: Option<String>,
    pub(crate) revocation_endpoint: Option<String>,
    pub(crate) scopes_supported: Option<Vec<String>>,
    pub(crate) grant_types_supported: Option<Vec<String>>,
    pub(crate) token_endpoint_auth_methods_supported: Option<Vec<String>>,
    pub(crate) code_challenge_methods_supported: Option<Vec<String>>,
    /// RFC 9207 §3: the provider sends `iss` in every authorization response.
    pub(crate) authorization_response_iss_parameter_supported: Option<bool>,
}

/// A metadata document whose issuer was checked.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    /// Where it was found.
    pub(crate) url: String,
    pub(crate) metadata: Metadata,
    /// Its `issuer`, as it says it (and as a connector must compare `iss` with).
    pub(crate) issuer: String,
}

/// The first metadata document of `target`'s addresses, its issuer checked. An address that
/// answers with an error status or something that is not a JSON object is passed over; a
/// network failure ends the search (the other addresses are on the same host).
pub(crate) fn fetch(target: &Target) -> Result<Found> {
    let client = http::client(TIMEOUTS)?;
    let mut tried = Vec::new();
    for url in &target.candidates {
        let Some(metadata) = get(&client, url, &mut tried)? else {
            continue;
        };
        let issuer = metadata
            .issuer
            .clone()
            .ok_or_else(|| bad(url, "it names no `issuer`"))?;
        if !target.accepts(&issuer) {
            return Err(DiscoveryError::IssuerMismatch {
                url: url.clone(),
                expected: target.issuer.clone(),
                found: crate::sanitize::for_terminal(&issuer),
            }
            .into());
        }
        return Ok(Found {
            url: url.clone(),
            metadata,
            issuer,
        });
    }
    Err(DiscoveryError::NotFound {
        issuer: target.issuer.clone(),
        tried,
    }
    .into())
}

/// The document at `url`, or `None` (with what it answered added to `tried`).
fn get(
    client: &reqwest::blocking::Client,
    url: &str,
    tried: &mut Vec<(String, String)>,
) -> Result<Option<Metadata>> {
    let peer = || Peer::Endpoint {
        what: "metadata endpoint",
        url: url.to_owned(),
    };
    let response = client
        .get(url)
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .map_err(|e| http::transport_error(peer(), TIMEOUTS, e))?;
    let status = response.status();
    if !status.is_success() {
        tried.push((url.to_owned(), format!("HTTP {}", status.as_u16())));
        return Ok(None);
    }
    let body = http::read_body(response, MAX_SIZE, &peer(), TIMEOUTS.request)?;
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(&body) else {
        tried.push((url.to_owned(), "something that is not JSON".to_owned()));
        return Ok(None);
    };
    if !value.is_object() {
        tried.push((url.to_owned(), "JSON that is not an object".to_owned()));
        return Ok(None);
    }
    let metadata = serde_json::from_value::<Metadata>(value)
        .map_err(|e| bad(url, &format!("a field has the wrong type ({e})")))?;
    Ok(Some(metadata))
}

pub(super) fn bad(url: &str, reason: &str) -> DiscoveryError {
    DiscoveryError::BadMetadata {
        url: url.to_owned(),
        reason: crate::sanitize::for_terminal(reason),
    }
}
