//! An account's secrets as one vault record: the secret params (password, API key …) and,
//! for OAuth2, the tokens.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::vault::Vault;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Secrets {
    /// Values given when authorizing (`--param`), by param name.
    #[serde(default)]
    pub params: BTreeMap<String, Secret>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth: Option<crate::oauth::Tokens>,
}

impl Secrets {
    /// Reads the record `record`; `None` when it is not in the vault.
    pub fn load(vault: &Vault, record: &str) -> Result<Option<Self>> {
        let Some(bytes) = vault.get(record)? else {
            return Ok(None);
        };
        serde_json::from_slice(&bytes).map(Some).map_err(|_| {
            Error::vault(
                format!("vault record `{record}` does not hold what tether expects"),
                "reauthorize the connection that uses it",
            )
        })
    }

    /// Seals these secrets as the record `record`. The caller holds the state lock.
    pub fn save(&self, vault: &Vault, record: &str) -> Result<()> {
        let bytes = Zeroizing::new(
            serde_json::to_vec(self)
                .map_err(|e| Error::Internal(format!("cannot encode secrets: {e}")))?,
        );
        vault.put(record, &bytes)
    }
}
