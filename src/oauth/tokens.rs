//! What an authorization yields: the tokens (as stored in the vault), and the client app it
//! is obtained with.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::secret::Secret;

/// The tokens of one authorized account, as stored in the vault (JSON).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tokens {
    pub access_token: Secret,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<Secret>,
    /// `Bearer`: token responses of any other type are refused.
    pub token_type: String,
    /// `None` when the provider did not say (`expires_in` omitted).
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
    /// When the access token was obtained; `None` in records written before it was kept.
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub issued_at: Option<OffsetDateTime>,
    /// When the refresh token stops working, when the provider says
    /// (`refresh_token_expires_in`, as GitHub Apps send it); `None` when unknown.
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub refresh_expires_at: Option<OffsetDateTime>,
    /// Whether the provider was seen to rotate the refresh token (a new one on each refresh):
    /// a rejected one then most likely went to another copy of this home first.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub refresh_rotates: bool,
    /// The scopes granted: the response's `scope`, else the ones requested.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// Values the connector's `[oauth2.capture]` took from the authorization (an API host,
    /// an instance URL, a company id), by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub captured: BTreeMap<String, String>,
    /// The OpenID Connect `id_token` of the response these tokens came in: read once for the
    /// account's identity, never stored.
    #[serde(skip)]
    pub id_token: Option<Secret>,
}

impl Tokens {
    /// Whether the access token should be refreshed before use: it expires within
    /// `buffer_secs` of `now`. An unknown expiry is never due: there is nothing to go by, and
    /// refreshing on every use would burn rotating refresh tokens. For a token that lives
    /// shorter than twice the buffer, the buffer shrinks to half its lifetime: otherwise it
    /// would be due from the moment it was issued, and every call would refresh it.
    #[must_use]
    pub fn is_due(&self, now: OffsetDateTime, buffer_secs: u64) -> bool {
        let Some(expires_at) = self.expires_at else {
            return false;
        };
        let mut buffer = time::Duration::seconds(i64::try_from(buffer_secs).unwrap_or(i64::MAX));
        if let Some(issued_at) = self.issued_at {
            let lifetime = expires_at - issued_at;
            if lifetime.is_positive() {
                buffer = buffer.min(lifetime / 2);
            }
        }
        expires_at.saturating_sub(buffer) <= now
    }
}

/// The OAuth client app (its registration at the provider) a connector is used with.
#[derive(Debug, Clone)]
pub struct ClientApp {
    pub id: String,
    pub secret: Option<Secret>,
}

impl ClientApp {
    /// No client app: the JWT bearer grant authenticates with its signed assertion.
    #[must_use]
    pub fn none() -> Self {
        Self {
            id: String::new(),
            secret: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn living(issued: i64, lifetime: i64) -> Tokens {
        let start = OffsetDateTime::UNIX_EPOCH + time::Duration::seconds(issued);
        Tokens {
            access_token: Secret::from("a"),
            refresh_token: None,
            token_type: "Bearer".into(),
            expires_at: Some(start + time::Duration::seconds(lifetime)),
            issued_at: Some(start),
            refresh_expires_at: None,
            refresh_rotates: false,
            scopes: Vec::new(),
            captured: BTreeMap::new(),
            id_token: None,
        }
    }

    fn at(secs: i64) -> OffsetDateTime {
        OffsetDateTime::UNIX_EPOCH + time::Duration::seconds(secs)
    }

    #[test]
    fn a_token_shorter_lived_than_the_buffer_is_used_for_half_its_life() {
        let tokens = living(0, 30);
        assert!(!tokens.is_due(at(1), 60), "not due as soon as it is issued");
        assert!(!tokens.is_due(at(14), 60));
        assert!(tokens.is_due(at(15), 60));
    }

    #[test]
    fn a_long_lived_token_keeps_the_whole_buffer() {
        let tokens = living(0, 3600);
        assert!(!tokens.is_due(at(3539), 60));
        assert!(tokens.is_due(at(3540), 60));
    }

    #[test]
    fn without_an_issue_time_the_whole_buffer_applies() {
        let mut tokens = living(0, 30);
        tokens.issued_at = None;
        assert!(tokens.is_due(at(0), 60));
    }
}
