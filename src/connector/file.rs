//! The connector file format as written: `auth` plus the section it names, kept field for
//! field so that reading and writing a file changes nothing. [`validate`](super::validate)
//! checks this form, where a missing or extra section can still be pointed at.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::model::{ApiKey, Auth, AuthType, Basic, Connector, IdentityLookup, OAuth2, Param};

/// One connector file, before `auth` and its section are checked to agree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConnectorFile {
    pub id: String,
    pub name: String,
    pub auth: AuthType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<Param>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basic: Option<Basic>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<ApiKey>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth2: Option<OAuth2>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<IdentityLookup>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub env: BTreeMap<String, String>,
}

impl ConnectorFile {
    #[must_use]
    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name == name)
    }
}

impl TryFrom<ConnectorFile> for Connector {
    type Error = String;

    /// Fails only when `auth` and the sections disagree, which validation reports first.
    fn try_from(file: ConnectorFile) -> Result<Self, String> {
        let auth = match (file.auth, file.basic, file.api_key, file.oauth2) {
            (AuthType::Basic, Some(basic), None, None) => Auth::Basic(basic),
            (AuthType::ApiKey, None, Some(api_key), None) => Auth::ApiKey(api_key),
            (AuthType::OAuth2, None, None, Some(oauth2)) => Auth::OAuth2(oauth2),
            (auth, ..) => {
                return Err(format!(
                    "auth = \"{auth}\" needs its own section ([basic], [api_key] or [oauth2]) and no other"
                ));
            }
        };
        Ok(Self {
            id: file.id,
            name: file.name,
            description: file.description,
            base_url: file.base_url,
            docs: file.docs,
            params: file.params,
            auth,
            identity: file.identity,
            env: file.env,
        })
    }
}

impl From<Connector> for ConnectorFile {
    fn from(c: Connector) -> Self {
        let auth = c.auth.kind();
        let (basic, api_key, oauth2) = match c.auth {
            Auth::Basic(basic) => (Some(basic), None, None),
            Auth::ApiKey(api_key) => (None, Some(api_key), None),
            Auth::OAuth2(oauth2) => (None, None, Some(oauth2)),
        };
        Self {
            id: c.id,
            name: c.name,
            auth,
            description: c.description,
            base_url: c.base_url,
            docs: c.docs,
            params: c.params,
            basic,
            api_key,
            oauth2,
            identity: c.identity,
            env: c.env,
        }
    }
}
