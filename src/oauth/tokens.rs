//! What an authorization yields: the tokens (as stored in the vault) and the client app.

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
    /// The scopes granted: the response's `scope`, else the ones requested.
    #[serde(default)]
    pub scopes: Vec<String>,
}

impl Tokens {
    /// Whether the access token should be refreshed before use: it expires within
    /// `buffer_secs` of `now`. An unknown expiry is never due: there is nothing to go by, and
    /// refreshing on every use would burn rotating refresh tokens.
    #[must_use]
    pub fn is_due(&self, now: OffsetDateTime, buffer_secs: u64) -> bool {
        let Some(expires_at) = self.expires_at else {
            return false;
        };
        let buffer = time::Duration::seconds(i64::try_from(buffer_secs).unwrap_or(i64::MAX));
        expires_at.saturating_sub(buffer) <= now
    }
}

/// The OAuth client app a connector is used with.
#[derive(Debug, Clone)]
pub struct Client {
    pub id: String,
    pub secret: Option<Secret>,
}
