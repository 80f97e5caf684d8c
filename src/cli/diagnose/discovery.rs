//! What to tell the user about provider discovery and `connector check`.

use super::Diagnosis;
use crate::discovery::DiscoveryError;

pub(super) fn discovery(error: &DiscoveryError) -> Diagnosis {
    let message = error.to_string();
    match error {
        DiscoveryError::BadUrl { .. } => Diagnosis::new("bad_discovery_url", 2, message).hint(
            "give the provider's issuer (e.g. https://idp.example) or the address of its metadata document (…/.well-known/openid-configuration)",
        ),
        DiscoveryError::NotFound { .. } => Diagnosis::new("metadata_not_found", 5, message).hint(
            "check the issuer address in the provider's documentation, or give the metadata document's address itself",
        ),
        DiscoveryError::BadMetadata { .. } => Diagnosis::new("bad_metadata", 5, message).hint(
            "the provider's metadata is not usable as published; write the connector by hand and import it with `tether connector import FILE`",
        ),
        DiscoveryError::IssuerMismatch { expected, found, .. } => {
            Diagnosis::new("issuer_mismatch", 5, message).hint(format!(
                "metadata may only be used for the issuer it names (RFC 8414 §3.3); if `{found}` is the provider you meant, discover from it instead of `{expected}`"
            ))
        }
        DiscoveryError::NoIssuer { id } => Diagnosis::new("no_issuer", 2, message).hint(format!(
            "add the provider's `issuer` to [oauth2] of a custom copy (`tether connector export {id}`, edit, `tether connector import FILE`), or check those that have one with `tether connector check --all`"
        )),
        DiscoveryError::CheckFailed { .. } => Diagnosis::new("connector_drift", 5, message).hint(
            "update the endpoints that differ to the provider's values (`tether connector export ID`, edit, `tether connector import FILE`); for connectors that could not be checked, check the network and try again",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_addresses_are_usage_errors_and_provider_trouble_is_exit_5() {
        let d = discovery(&DiscoveryError::BadUrl {
            url: "http://idp.example".into(),
            reason: "it uses http://".into(),
        });
        assert_eq!((d.code, d.exit), ("bad_discovery_url", 2));
        let d = discovery(&DiscoveryError::IssuerMismatch {
            url: "https://a.example/.well-known/openid-configuration".into(),
            expected: "https://a.example".into(),
            found: "https://b.example".into(),
        });
        assert_eq!((d.code, d.exit), ("issuer_mismatch", 5));
        assert!(d.message.contains("`https://b.example`"), "{}", d.message);
        let d = discovery(&DiscoveryError::CheckFailed {
            drifted: 1,
            failed: 2,
        });
        assert_eq!(d.exit, 5);
        assert_eq!(
            d.message,
            "1 connector differs from its provider's metadata, and 2 connectors could not be checked"
        );
    }
}
