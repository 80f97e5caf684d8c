//! The configuration fingerprint of an authorized account: connector id, client id, sorted
//! scopes and non-secret connection params. Two authorizations with the same fingerprint are
//! interchangeable, which is what makes an account reusable.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What a fingerprint is computed from, kept beside it to explain differences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Configuration {
    pub connector: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(default)]
    pub scopes: Vec<String>,
    #[serde(default)]
    pub params: BTreeMap<String, String>,
}

impl Configuration {
    #[must_use]
    pub fn new(
        connector: &str,
        client_id: Option<&str>,
        scopes: &[String],
        params: &BTreeMap<String, String>,
    ) -> Self {
        let mut scopes = scopes.to_vec();
        scopes.sort();
        scopes.dedup();
        Self {
            connector: connector.to_owned(),
            client_id: client_id.map(str::to_owned),
            scopes,
            params: params.clone(),
        }
    }

    /// A stable SHA-256 over an unambiguous encoding of the configuration, in hex.
    #[must_use]
    pub fn fingerprint(&self) -> String {
        let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
        let mut field = |label: &str, value: &str| {
            for part in [label, value] {
                ctx.update(&(part.len() as u64).to_be_bytes());
                ctx.update(part.as_bytes());
            }
        };
        field("connector", &self.connector);
        field("client_id", self.client_id.as_deref().unwrap_or(""));
        for scope in &self.scopes {
            field("scope", scope);
        }
        for (name, value) in &self.params {
            field("param", name);
            field("value", value);
        }
        hex(ctx.finish().as_ref())
    }

    /// What differs from `other`, in words, for a refusal message.
    #[must_use]
    pub fn differences(&self, other: &Self) -> Vec<String> {
        let mut out = Vec::new();
        if self.connector != other.connector {
            out.push(format!(
                "connector `{}` vs `{}`",
                self.connector, other.connector
            ));
        }
        if self.client_id != other.client_id {
            out.push("OAuth2 client id".to_owned());
        }
        if self.scopes != other.scopes {
            out.push(format!(
                "scopes [{}] vs [{}]",
                self.scopes.join(" "),
                other.scopes.join(" ")
            ));
        }
        for name in self.params.keys().chain(other.params.keys()) {
            let (a, b) = (self.params.get(name), other.params.get(name));
            if a != b
                && !out
                    .iter()
                    .any(|d| d.starts_with(&format!("param `{name}`")))
            {
                out.push(format!(
                    "param `{name}`: {} vs {}",
                    a.map_or("(none)", String::as_str),
                    b.map_or("(none)", String::as_str)
                ));
            }
        }
        out
    }
}

/// Lower-case hex of `bytes`.
#[must_use]
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(scopes: &[&str], site: &str) -> Configuration {
        let scopes: Vec<String> = scopes.iter().map(|s| (*s).to_owned()).collect();
        let params = BTreeMap::from([("site".to_owned(), site.to_owned())]);
        Configuration::new("jira", Some("cid"), &scopes, &params)
    }

    #[test]
    fn scope_order_does_not_matter() {
        assert_eq!(
            config(&["b", "a"], "x").fingerprint(),
            config(&["a", "b", "a"], "x").fingerprint()
        );
    }

    #[test]
    fn any_part_changes_the_fingerprint_and_is_explained() {
        let base = config(&["a"], "x");
        let other = config(&["a"], "y");
        assert_ne!(base.fingerprint(), other.fingerprint());
        assert_eq!(base.differences(&other), ["param `site`: x vs y"]);
        assert_ne!(base.fingerprint(), config(&["a", "b"], "x").fingerprint());
        // Field boundaries are encoded, so moving characters between fields changes it.
        let a = Configuration::new("ab", Some("c"), &[], &BTreeMap::new());
        let b = Configuration::new("a", Some("bc"), &[], &BTreeMap::new());
        assert_ne!(a.fingerprint(), b.fingerprint());
    }
}
