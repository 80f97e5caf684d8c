//! The connector file format as written: `auth` plus the section it names, kept field for
//! field so that reading and writing a file changes nothing. [`validate`](super::validate)
//! checks this form, where a missing or extra section can still be pointed at.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::model::{
    ApiKey, Auth, AuthType, Basic, Connector, Git, IdentityLookup, KeyPlacement, OAuth2, Param,
    Placement,
};

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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<Param>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub query: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basic: Option<Basic>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<ApiKeySection>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth2: Option<OAuth2>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<IdentityLookup>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub env: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub git: Option<Git>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docker: Option<super::Docker>,
}

/// `[api_key]` as written: one key as `placement`, `name` and `value`, or several as `headers`
/// and `query` tables of name → template.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiKeySection {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placement: Option<Placement>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub query: BTreeMap<String, String>,
}

impl ApiKeySection {
    /// Every placement written, the single form first; `None` when the two forms are mixed
    /// or the single form is incomplete (validation says which).
    #[must_use]
    pub fn placements(&self) -> Option<Vec<KeyPlacement>> {
        let tables = self
            .headers
            .iter()
            .map(|(n, v)| (Placement::Header, n, v))
            .chain(self.query.iter().map(|(n, v)| (Placement::Query, n, v)))
            .map(|(placement, name, value)| KeyPlacement {
                placement,
                name: name.clone(),
                value: value.clone(),
            });
        match (&self.placement, &self.name, &self.value) {
            (None, None, None) if !self.headers.is_empty() || !self.query.is_empty() => {
                Some(tables.collect())
            }
            (Some(placement), Some(name), Some(value))
                if self.headers.is_empty() && self.query.is_empty() =>
            {
                Some(vec![KeyPlacement {
                    placement: *placement,
                    name: name.clone(),
                    value: value.clone(),
                }])
            }
            _ => None,
        }
    }
}

impl From<ApiKey> for ApiKeySection {
    /// One key in the single form, as files were written before several were possible.
    fn from(api_key: ApiKey) -> Self {
        if let [only] = api_key.placements.as_slice() {
            return Self {
                placement: Some(only.placement),
                name: Some(only.name.clone()),
                value: Some(only.value.clone()),
                ..Self::default()
            };
        }
        let mut section = Self::default();
        for p in api_key.placements {
            let table = match p.placement {
                Placement::Header => &mut section.headers,
                Placement::Query => &mut section.query,
            };
            table.insert(p.name, p.value);
        }
        section
    }
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
            (AuthType::ApiKey, None, Some(section), None) => Auth::ApiKey(ApiKey {
                placements: section.placements().ok_or_else(|| {
                    "[api_key] needs placement, name and value, or headers or query".to_owned()
                })?,
            }),
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
            verified: file.verified,
            params: file.params,
            auth,
            headers: file.headers,
            query: file.query,
            identity: file.identity,
            env: file.env,
            git: file.git,
            docker: file.docker,
        })
    }
}

impl From<Connector> for ConnectorFile {
    fn from(c: Connector) -> Self {
        let auth = c.auth.kind();
        let (basic, api_key, oauth2) = match c.auth {
            Auth::Basic(basic) => (Some(basic), None, None),
            Auth::ApiKey(api_key) => (None, Some(api_key.into()), None),
            Auth::OAuth2(oauth2) => (None, None, Some(oauth2)),
        };
        Self {
            id: c.id,
            name: c.name,
            auth,
            description: c.description,
            base_url: c.base_url,
            docs: c.docs,
            verified: c.verified,
            params: c.params,
            headers: c.headers,
            query: c.query,
            basic,
            api_key,
            oauth2,
            identity: c.identity,
            env: c.env,
            git: c.git,
            docker: c.docker,
        }
    }
}
