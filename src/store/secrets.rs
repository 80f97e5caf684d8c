//! An account's secrets as one vault record: the secret params (password, API key …) and,
//! for OAuth2, the tokens; sealed with them, what the record may serve.
//!
//! Guarantee: a record serves only the account, configuration and `LINK@ENV` uses it was
//! sealed for, at the revision its account file names. A record or file of the home replaced
//! by an older copy, or by another one, is reported as an altered vault instead of served.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::account::Account;
use super::connection::Connection;
use super::fingerprint::Configuration;
use super::{StoreError, Transaction};
use crate::environment::Environment;
use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::vault::{RecordId, Vault};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Secrets {
    /// Values given when authorizing (`--param`), by param name.
    #[serde(default)]
    pub params: BTreeMap<String, Secret>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth: Option<crate::oauth::Tokens>,
    /// The account's revision when this record was sealed (0: sealed before revisions).
    #[serde(default)]
    pub revision: u64,
    /// The configuration fingerprint of the account the record belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    /// The `LINK@ENV` pairs this account serves.
    #[serde(default)]
    pub uses: BTreeSet<String>,
}

/// How a use of an account is named in its record.
#[must_use]
pub fn use_label(link: &str, env: Environment) -> String {
    format!("{link}@{env}")
}

impl Secrets {
    /// Reads the record `record`; `None` when it is not in the vault.
    pub fn load(vault: &Vault, record: &RecordId) -> Result<Option<Self>> {
        let Some(bytes) = vault.get(record)? else {
            return Ok(None);
        };
        serde_json::from_slice(&bytes).map(Some).map_err(|_| {
            StoreError::RecordUnreadable {
                record: record.clone(),
            }
            .into()
        })
    }

    /// Seals these secrets as `account`'s record in `txn`, stamped with the account's
    /// revision and fingerprint (the caller bumps the revision and stages the account file in
    /// the same transaction).
    pub fn stage(&mut self, vault: &Vault, txn: &mut Transaction, account: &Account) -> Result<()> {
        self.revision = account.revision;
        self.fingerprint = Some(account.fingerprint.clone());
        let bytes = Zeroizing::new(
            serde_json::to_vec(self)
                .map_err(|e| Error::Internal(format!("cannot encode secrets: {e}")))?,
        );
        let (path, blob) = vault.seal_record(&account.record(), &bytes)?;
        txn.write(path, blob);
        Ok(())
    }

    /// Whether this record may serve `connection` in `env` for `account`: same revision,
    /// same configuration, and the use is one the record was sealed for.
    pub fn check_serves(
        &self,
        account: &Account,
        connection: &Connection,
        env: Environment,
    ) -> std::result::Result<(), Altered> {
        if self.revision != account.revision {
            return Err(Altered::new(
                account,
                format!(
                    "its vault record is at revision {} but its account file expects {}",
                    self.revision, account.revision
                ),
            ));
        }
        let sealed = self.fingerprint.as_deref();
        if sealed.is_some_and(|f| f != account.fingerprint)
            || account.configuration.fingerprint() != account.fingerprint
        {
            return Err(Altered::new(
                account,
                "its account file does not describe the configuration its record was sealed for",
            ));
        }
        let expected = Configuration::new(
            &connection.connector,
            account.configuration.client_id.as_deref(),
            &connection.scopes,
            &connection.params,
        );
        if expected != account.configuration {
            return Err(Altered::new(
                account,
                format!(
                    "it was authorized for another configuration than connection `{}` has",
                    connection.link_name
                ),
            ));
        }
        // Records sealed before uses were recorded (revision 0) carry none to check.
        let label = use_label(&connection.link_name, env);
        if self.revision > 0 && !self.uses.contains(&label) {
            return Err(Altered::new(
                account,
                format!("its record does not serve `{label}`"),
            ));
        }
        Ok(())
    }
}

/// A record that does not match the metadata that leads to it.
#[derive(Debug)]
pub struct Altered {
    account: String,
    why: String,
}

impl Altered {
    fn new(account: &Account, why: impl Into<String>) -> Self {
        Self {
            account: account.label(),
            why: why.into(),
        }
    }

    /// The error a person sees: the vault (or the metadata beside it) was altered.
    #[must_use]
    pub fn into_error(self, paths: &crate::paths::Paths, link: &str, env: Environment) -> Error {
        StoreError::Altered {
            account: self.account,
            link: link.to_owned(),
            env,
            why: self.why,
            config_dir: paths.config_dir().to_path_buf(),
        }
        .into()
    }
}
