//! What can go wrong finding, reading or checking a provider's metadata.

/// A discovery failure. Network failures are [`crate::http::HttpError`]s.
#[derive(Debug, thiserror::Error)]
pub enum DiscoveryError {
    /// The address given cannot be an issuer or a metadata document.
    #[error("`{url}` cannot be used for discovery: {reason}")]
    BadUrl { url: String, reason: String },

    /// None of the well-known addresses served a metadata document; `tried` pairs each
    /// address with what it answered.
    #[error("no OAuth2 metadata found for `{issuer}`: {}", describe_tried(.tried))]
    NotFound {
        issuer: String,
        tried: Vec<(String, String)>,
    },

    /// A document was found but cannot be used.
    #[error("the metadata at {url} cannot be used: {reason}")]
    BadMetadata { url: String, reason: String },

    /// The document names another issuer than the one it was fetched for (RFC 8414 §3.3,
    /// OpenID Connect Discovery §4.3): it must not be used.
    #[error(
        "the metadata at {url} names issuer `{found}`, but it was fetched for issuer `{expected}`; it was refused"
    )]
    IssuerMismatch {
        url: String,
        expected: String,
        found: String,
    },

    /// `connector check ID` of a connector without an `issuer` to discover from.
    #[error(
        "connector `{id}` has no `issuer` in [oauth2], so there is no metadata to check it against"
    )]
    NoIssuer { id: String },

    /// `connector check` found connectors that differ from their provider's metadata, or
    /// could not check some.
    #[error("{}", describe_check(*.drifted, *.failed))]
    CheckFailed { drifted: usize, failed: usize },
}

fn describe_tried(tried: &[(String, String)]) -> String {
    tried
        .iter()
        .map(|(url, answer)| format!("{url} answered {answer}"))
        .collect::<Vec<_>>()
        .join("; ")
}

fn describe_check(drifted: usize, failed: usize) -> String {
    let differ = match drifted {
        1 => "1 connector differs from its provider's metadata".to_owned(),
        n => format!("{n} connectors differ from their provider's metadata"),
    };
    let unchecked = match failed {
        1 => "1 connector could not be checked".to_owned(),
        n => format!("{n} connectors could not be checked"),
    };
    match (drifted, failed) {
        (_, 0) => differ,
        (0, _) => unchecked,
        _ => format!("{differ}, and {unchecked}"),
    }
}
