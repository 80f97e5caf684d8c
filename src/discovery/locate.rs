//! Where a provider's metadata is: the well-known addresses of an issuer (RFC 8414 §3.1 and
//! OpenID Connect Discovery §4), or the document's own address.

use url::{Position, Url};

use super::DiscoveryError;

const RFC8414: &str = "/.well-known/oauth-authorization-server";
const OIDC: &str = "/.well-known/openid-configuration";

/// What to fetch for one issuer: the addresses to try in order, and the issuer the document
/// must name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    /// The issuer as given (or as read from a metadata address): the document's `issuer` must
    /// be this string.
    pub(crate) issuer: String,
    /// The addresses to try, first the one that answers is used.
    pub(crate) candidates: Vec<String>,
}

impl Target {
    /// The target for `input`: an issuer identifier, or the address of a metadata document
    /// itself (a `/.well-known/oauth-authorization-server…` or `…/.well-known/openid-configuration`
    /// address), whose issuer then follows from it.
    pub(crate) fn parse(input: &str) -> Result<Self, DiscoveryError> {
        let input = input.trim();
        let url = usable(input)?;
        let origin = &url[..Position::BeforePath];
        let path = url.path();
        if let Some(rest) = path.strip_prefix(RFC8414)
            && (rest.is_empty() || rest.starts_with('/'))
        {
            return Ok(Self {
                issuer: format!("{origin}{rest}"),
                candidates: vec![url[..Position::AfterPath].to_owned()],
            });
        }
        if let Some(before) = path.strip_suffix(OIDC) {
            return Ok(Self {
                issuer: format!("{origin}{before}"),
                candidates: vec![url[..Position::AfterPath].to_owned()],
            });
        }
        Ok(Self::issuer(input, &url))
    }

    /// The target of a connector's `issuer` (already a valid https or loopback address).
    pub(crate) fn of_issuer(issuer: &str) -> Result<Self, DiscoveryError> {
        let url = usable(issuer)?;
        Ok(Self::issuer(issuer, &url))
    }

    fn issuer(issuer: &str, url: &Url) -> Self {
        let origin = &url[..Position::BeforePath];
        // Both rules drop a terminating `/` of the path before adding to it.
        let path = url.path().trim_end_matches('/');
        Self {
            issuer: issuer.to_owned(),
            candidates: vec![
                format!("{origin}{RFC8414}{path}"),
                format!("{origin}{path}{OIDC}"),
            ],
        }
    }

    /// Whether `found`, a document's `issuer`, is the issuer this target is for: the same
    /// string, or the same but for a terminating `/`, which leads to the same metadata
    /// address and so identifies the same provider (some providers' issuers end in `/`).
    #[must_use]
    pub(crate) fn accepts(&self, found: &str) -> bool {
        let expected = self.issuer.as_str();
        found == expected
            || found.strip_suffix('/') == Some(expected)
            || expected.strip_suffix('/') == Some(found)
    }
}

/// `input` as an address metadata may be fetched from: https, or http to this machine; no
/// credentials, query or fragment (an issuer has none, RFC 8414 §2).
fn usable(input: &str) -> Result<Url, DiscoveryError> {
    let parsed = Url::parse(input);
    // The address as shown in a refusal: without the user name and password it may carry.
    let shown = match &parsed {
        Ok(url) if !url.username().is_empty() || url.password().is_some() => {
            let mut bare = url.clone();
            let _ = bare.set_username("");
            let _ = bare.set_password(None);
            bare.to_string()
        }
        _ => input.to_owned(),
    };
    let bad = |reason: &str| DiscoveryError::BadUrl {
        url: crate::sanitize::for_terminal(&shown),
        reason: reason.to_owned(),
    };
    let url = parsed.map_err(|e| bad(&format!("it is not a URL ({e})")))?;
    match url.scheme() {
        "https" => {}
        "http" if crate::http::is_loopback(&url) => {}
        "http" => {
            return Err(bad(
                "it uses http://, which anyone on the way could answer; use https:// (http:// is accepted only for loopback hosts)",
            ));
        }
        _ => return Err(bad("it is not an https:// address")),
    }
    if url.host().is_none() {
        return Err(bad("it has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("it carries credentials before the host"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("an issuer has no query or fragment (RFC 8414 §2)"));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_issuer_without_a_path_has_both_well_known_addresses() {
        let t = Target::parse("https://idp.example").unwrap();
        assert_eq!(t.issuer, "https://idp.example");
        assert_eq!(
            t.candidates,
            [
                "https://idp.example/.well-known/oauth-authorization-server",
                "https://idp.example/.well-known/openid-configuration",
            ]
        );
        assert!(t.accepts("https://idp.example"));
        assert!(t.accepts("https://idp.example/"));
        assert!(!t.accepts("https://idp.example:443"));
        assert!(!t.accepts("https://evil.example"));
    }

    #[test]
    fn an_issuer_with_a_path_is_inserted_or_appended() {
        let t = Target::parse("https://idp.example/tenant/v2/").unwrap();
        assert_eq!(t.issuer, "https://idp.example/tenant/v2/");
        assert_eq!(
            t.candidates,
            [
                "https://idp.example/.well-known/oauth-authorization-server/tenant/v2",
                "https://idp.example/tenant/v2/.well-known/openid-configuration",
            ]
        );
        assert!(t.accepts("https://idp.example/tenant/v2"));
        assert!(!t.accepts("https://idp.example/tenant"));
    }

    #[test]
    fn a_metadata_address_names_its_issuer() {
        let t = Target::parse("https://idp.example/t1/.well-known/openid-configuration").unwrap();
        assert_eq!(t.issuer, "https://idp.example/t1");
        assert_eq!(
            t.candidates,
            ["https://idp.example/t1/.well-known/openid-configuration"]
        );
        let t = Target::parse("http://127.0.0.1:8080/.well-known/oauth-authorization-server/t1")
            .unwrap();
        assert_eq!(t.issuer, "http://127.0.0.1:8080/t1");
        let t =
            Target::parse("https://idp.example/.well-known/oauth-authorization-server").unwrap();
        assert_eq!(t.issuer, "https://idp.example");
    }

    #[test]
    fn only_https_or_loopback_addresses_without_extras_are_fetched() {
        for bad in [
            "http://idp.example",
            "ftp://idp.example",
            "idp.example",
            "https://user:pw@idp.example",
            "https://idp.example?x=1",
            "https://idp.example#f",
        ] {
            assert!(
                matches!(Target::parse(bad), Err(DiscoveryError::BadUrl { .. })),
                "{bad}"
            );
        }
        for good in [
            "http://127.0.0.1:9",
            "http://localhost",
            "http://[::1]:80/x",
        ] {
            assert!(Target::parse(good).is_ok(), "{good}");
        }
    }

    #[test]
    fn a_refused_address_is_shown_without_its_password() {
        let Err(e) = Target::parse("https://user:hunter2@idp.example/") else {
            panic!("accepted");
        };
        let text = e.to_string();
        assert!(
            !text.contains("hunter2") && !text.contains("user"),
            "{text}"
        );
        assert!(text.contains("https://idp.example/"), "{text}");
    }
}
