//! What the user is told about an `invoke` request that cannot be sent as asked.

use super::Diagnosis;
use crate::invoke::InvokeError;

pub(super) fn invoke(error: &InvokeError) -> Diagnosis {
    let (code, hint) = match error {
        InvokeError::BadBaseUrl { .. } => (
            "bad_base_url",
            "check the connection's params (`tether connection details LINK`) and the connector's base_url"
                .to_owned(),
        ),
        InvokeError::PathWithoutBase { .. } => (
            "no_base_url",
            "give the full URL with --allow-any-host, or add base_url to the connector (`tether connector export ID`, edit, `tether connector import FILE`)"
                .to_owned(),
        ),
        InvokeError::NotPathOrUrl { .. } => (
            "bad_target",
            "start a path with `/` (it is resolved against the connector's base_url), or give the full https:// URL"
                .to_owned(),
        ),
        InvokeError::BadUrl { .. } => (
            "bad_target",
            "check the URL; encode spaces and special characters (%20)".to_owned(),
        ),
        InvokeError::UserInfoInUrl => (
            "user_info_in_url",
            "remove them: tether sends the connection's credential".to_owned(),
        ),
        InvokeError::OtherOrigin { .. } => (
            "other_origin",
            "use a path (starting with `/`) on the connector's host, or pass --allow-any-host if this host should receive the credential"
                .to_owned(),
        ),
        InvokeError::ClearText { .. } => (
            "clear_text",
            "use https:// (http:// is accepted only for loopback hosts)".to_owned(),
        ),
        InvokeError::HeaderReplacesCredential { name, .. } => (
            "credential_override",
            format!(
                "drop that header: tether sends `{name}` itself; to send another credential, use curl"
            ),
        ),
        InvokeError::QueryReplacesCredential { name, .. } => (
            "credential_override",
            format!("drop `{name}=…` from the URL: tether adds it itself"),
        ),
        InvokeError::CredentialNotAHeader { .. } => (
            "credential_not_a_header",
            "check the connector's [api_key] value template and the stored key (reauthorize to replace it)"
                .to_owned(),
        ),
        InvokeError::BadHeader { .. } => (
            "bad_header",
            "write headers as -H 'Name: value'".to_owned(),
        ),
    };
    Diagnosis::new(code, 2, error.to_string()).hint(hint)
}
