//! kubectl's exec credential plugin protocol (client.authentication.k8s.io): which version of
//! the `ExecCredential` document kubectl asks for, the document itself, and the kubeconfig
//! `exec` stanza that makes kubectl run `tether kube-credential`.
//!
//! Guarantees: the document is of the version kubectl asked for in `KUBERNETES_EXEC_INFO`, or
//! nothing is printed; the stanza never lets kubectl give the plugin a terminal to prompt on.

use std::fmt::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// The variable kubectl describes the request in (a partial `ExecCredential` document).
pub(crate) const EXEC_INFO_VAR: &str = "KUBERNETES_EXEC_INFO";

/// A version of the exec credential API that tether speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum ApiVersion {
    /// `client.authentication.k8s.io/v1`, kubectl 1.22 and later.
    #[default]
    V1,
    /// `client.authentication.k8s.io/v1beta1`, for older kubeconfigs.
    V1Beta1,
}

impl ApiVersion {
    pub(crate) const ALL: [Self; 2] = [Self::V1, Self::V1Beta1];

    #[must_use]
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::V1 => "client.authentication.k8s.io/v1",
            Self::V1Beta1 => "client.authentication.k8s.io/v1beta1",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == name)
    }

    /// `v1`, `v1beta1`, or the full name.
    pub(crate) fn from_typed(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|v| v.short() == text || v.as_str() == text)
    }

    #[must_use]
    pub(crate) fn short(self) -> &'static str {
        match self {
            Self::V1 => "v1",
            Self::V1Beta1 => "v1beta1",
        }
    }
}

/// Why the request kubectl described cannot be answered.
#[derive(Debug, thiserror::Error)]
pub enum KubeError {
    #[error("kubectl asked for ExecCredential apiVersion `{version}`, which tether does not speak")]
    UnknownApiVersion { version: String },

    #[error("{EXEC_INFO_VAR} is not an ExecCredential document: {reason}")]
    BadExecInfo { reason: String },
}

/// The version kubectl asked for in `exec_info` (the value of [`EXEC_INFO_VAR`]); v1 when
/// there is none (the plugin run by hand).
pub(crate) fn requested(exec_info: Option<&str>) -> Result<ApiVersion, KubeError> {
    #[derive(Deserialize)]
    struct Info {
        #[serde(rename = "apiVersion")]
        api_version: Option<String>,
    }
    let Some(text) = exec_info.filter(|t| !t.trim().is_empty()) else {
        return Ok(ApiVersion::default());
    };
    let info: Info = serde_json::from_str(text).map_err(|e| KubeError::BadExecInfo {
        reason: e.to_string(),
    })?;
    match info.api_version {
        None => Ok(ApiVersion::default()),
        Some(version) => {
            ApiVersion::from_name(&version).ok_or(KubeError::UnknownApiVersion { version })
        }
    }
}

/// The `ExecCredential` document kubectl reads on the plugin's stdout.
#[derive(Debug, Serialize)]
pub(crate) struct ExecCredential<'a> {
    kind: &'static str,
    #[serde(rename = "apiVersion")]
    api_version: &'static str,
    status: Status<'a>,
}

#[derive(Debug, Serialize)]
struct Status<'a> {
    token: &'a str,
    /// RFC 3339; kubectl runs the plugin again after it (and on a 401 before it).
    #[serde(
        rename = "expirationTimestamp",
        skip_serializing_if = "Option::is_none"
    )]
    expiration_timestamp: Option<String>,
}

impl<'a> ExecCredential<'a> {
    /// A bearer `token` valid until `expires_at` (RFC 3339), when that is known.
    #[must_use]
    pub(crate) fn new(version: ApiVersion, token: &'a str, expires_at: Option<String>) -> Self {
        Self {
            kind: "ExecCredential",
            api_version: version.as_str(),
            status: Status {
                token,
                expiration_timestamp: expires_at,
            },
        }
    }
}

/// The `users[].user.exec` stanza of a kubeconfig that runs `command args…`. Never
/// interactive: kubectl neither hands the plugin a terminal nor waits for one, and a missing
/// authorization fails at once with the command that fixes it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ExecStanza {
    api_version: &'static str,
    command: String,
    args: Vec<String>,
    interactive_mode: &'static str,
    provide_cluster_info: bool,
}

impl ExecStanza {
    #[must_use]
    pub(crate) fn new(version: ApiVersion, command: &Path, args: Vec<String>) -> Self {
        Self {
            api_version: version.as_str(),
            command: command.to_string_lossy().into_owned(),
            args,
            interactive_mode: "Never",
            provide_cluster_info: false,
        }
    }

    /// As YAML for the `exec:` key it goes under, with a comment line saying where that is.
    #[must_use]
    pub(crate) fn to_yaml(&self) -> String {
        let mut out = String::from(
            "# kubeconfig: paste under `exec:` of the user in `users:` that your context names\n",
        );
        let _ = writeln!(out, "apiVersion: {}", self.api_version);
        let _ = writeln!(out, "command: {}", scalar(&self.command));
        out.push_str("args:\n");
        for arg in &self.args {
            let _ = writeln!(out, "- {}", scalar(arg));
        }
        let _ = writeln!(out, "interactiveMode: {}", self.interactive_mode);
        let _ = writeln!(out, "provideClusterInfo: {}", self.provide_cluster_info);
        out
    }
}

/// `text` as a YAML scalar: plain when it can only be read back as that same string, else
/// double-quoted (a JSON string is a YAML double-quoted scalar).
fn scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-".contains(c))
        && text.chars().any(|c| c.is_ascii_alphabetic() || c == '/')
        && ![
            "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~",
        ]
        .contains(&text.to_ascii_lowercase().as_str())
        && !text.starts_with("- ")
        && text != "-";
    if plain {
        text.to_owned()
    } else {
        serde_json::to_string(text).unwrap_or_else(|_| format!("\"{text}\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_is_the_one_kubectl_asks_for() {
        assert_eq!(requested(None).unwrap(), ApiVersion::V1);
        assert_eq!(requested(Some("")).unwrap(), ApiVersion::V1);
        let info = |v: &str| {
            format!(
                r#"{{"kind":"ExecCredential","apiVersion":"{v}","spec":{{"interactive":false}}}}"#
            )
        };
        assert_eq!(
            requested(Some(&info("client.authentication.k8s.io/v1beta1"))).unwrap(),
            ApiVersion::V1Beta1
        );
        assert_eq!(
            requested(Some(&info("client.authentication.k8s.io/v1"))).unwrap(),
            ApiVersion::V1
        );
        assert!(matches!(
            requested(Some(&info("client.authentication.k8s.io/v1alpha1"))),
            Err(KubeError::UnknownApiVersion { .. })
        ));
        assert!(matches!(
            requested(Some("{not json")),
            Err(KubeError::BadExecInfo { .. })
        ));
    }

    #[test]
    fn the_document_has_the_expiry_only_when_known() {
        let doc = ExecCredential::new(ApiVersion::V1, "t0k", None);
        assert_eq!(
            serde_json::to_string(&doc).unwrap(),
            r#"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","status":{"token":"t0k"}}"#
        );
        let doc = ExecCredential::new(
            ApiVersion::V1Beta1,
            "t0k",
            Some("2026-12-02T18:00:00Z".into()),
        );
        let value: serde_json::Value = serde_json::to_value(&doc).unwrap();
        assert_eq!(
            value["status"]["expirationTimestamp"],
            "2026-12-02T18:00:00Z"
        );
        assert_eq!(value["apiVersion"], "client.authentication.k8s.io/v1beta1");
    }

    #[test]
    fn odd_paths_are_quoted_in_the_stanza() {
        let args = [
            "kube-credential".to_owned(),
            "gh".to_owned(),
            "--env".to_owned(),
        ];
        let stanza = ExecStanza::new(
            ApiVersion::V1,
            Path::new("/opt/my tools/tether"),
            args.to_vec(),
        )
        .to_yaml();
        assert!(
            stanza.contains("command: \"/opt/my tools/tether\"\n"),
            "{stanza}"
        );
        assert!(
            stanza.contains("- kube-credential\n- gh\n- --env\n"),
            "{stanza}"
        );
        assert_eq!(scalar("true"), "\"true\"");
        assert_eq!(scalar("123"), "\"123\"");
        assert_eq!(scalar("development"), "development");
    }
}
