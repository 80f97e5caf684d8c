//! The small self-contained HTML pages the loopback listener answers the browser with;
//! provider-supplied text on them is escaped ([`crate::sanitize::for_html`]).

use super::flow::Authorizing;
use crate::sanitize::for_html;

/// A page: title and message are already HTML. No scripts, images, fonts or links, so the
/// page loads nothing and leaks nothing (the headers add `no-store` and `no-referrer`).
fn page(title: &str, message: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>tether: {title}</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em;\
         line-height:1.5;color:#222}}h1{{font-size:1.4em}}</style></head>\
         <body><h1>{title}</h1><p>{message}</p></body></html>\n"
    )
}

/// The callback was accepted; `about` names what was authorized, when known.
#[must_use]
pub(super) fn success(connector_name: &str, about: Option<&Authorizing>) -> String {
    let what = match about {
        Some(about) => {
            let envs = about
                .environments
                .iter()
                .map(|e| format!("<b>{}</b>", for_html(e)))
                .collect::<Vec<_>>();
            let envs = match envs.len() {
                0 => String::new(),
                1 => format!(" in environment {}", envs[0]),
                _ => format!(" in environments {}", envs.join(", ")),
            };
            let account = about.account.as_deref().map_or_else(String::new, |a| {
                format!(" for account <b>{}</b>", for_html(a))
            });
            format!(
                "connection <b>{}</b> ({}){envs}{account}",
                for_html(&about.connection),
                for_html(connector_name)
            )
        }
        None => for_html(connector_name),
    };
    page(
        "Authorized",
        &format!(
            "tether received the authorization of {what}. You can close this tab and go back to the terminal."
        ),
    )
}

/// The provider redirected with `error=`.
#[must_use]
pub(super) fn denied(error: &str, description: Option<&str>) -> String {
    let detail = description.map_or_else(String::new, |d| format!(": {}", for_html(d)));
    page(
        "Authorization refused",
        &format!(
            "The provider answered <code>{}</code>{detail}. Nothing was stored. \
             You can close this tab; the terminal says what to do next.",
            for_html(error)
        ),
    )
}

/// A request on the callback path that cannot be the expected redirect; the wait goes on.
#[must_use]
pub(super) fn rejected(reason: &str) -> String {
    page(
        "Not accepted",
        &format!(
            "This request was not accepted: {}. tether is still waiting for the authorization.",
            for_html(reason)
        ),
    )
}

/// The redirect came from another issuer than expected (RFC 9207); the flow ends.
#[must_use]
pub(super) fn wrong_issuer() -> String {
    page(
        "Authorization refused",
        "The authorization response came from an unexpected issuer and was refused. \
         Nothing was stored; the terminal says more.",
    )
}

/// The redirect named no issuer where the connector requires one (RFC 9207); the flow ends.
#[must_use]
pub(super) fn missing_issuer() -> String {
    page(
        "Authorization refused",
        "The authorization response did not name the issuer that sent it, which this provider must do, \
         so it was refused. Nothing was stored; the terminal says more.",
    )
}

/// Anything else: favicon requests, other paths.
#[must_use]
pub(super) fn not_found() -> String {
    page("Not found", "Nothing here.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_markup_is_escaped_on_the_denied_page() {
        let page = denied("access_denied", Some("<script>alert('x')</script>"));
        assert!(!page.contains("<script>"));
        assert!(page.contains("&lt;script&gt;"));
    }

    #[test]
    fn the_success_page_names_connection_environment_and_account_escaped() {
        let about = Authorizing {
            connection: "files".into(),
            environments: vec!["development".into(), "stage".into()],
            account: Some("<i>alice</i>".into()),
        };
        let page = success("Acme & Co", Some(&about));
        assert!(
            page.contains("connection <b>files</b> (Acme &amp; Co)"),
            "{page}"
        );
        assert!(
            page.contains("environments <b>development</b>, <b>stage</b>"),
            "{page}"
        );
        assert!(
            page.contains("account <b>&lt;i&gt;alice&lt;/i&gt;</b>"),
            "{page}"
        );
        assert!(!page.contains("<i>"), "{page}");
    }

    #[test]
    fn pages_are_self_contained() {
        for page in [
            success("Acme", None),
            denied("e", None),
            rejected("r"),
            not_found(),
            wrong_issuer(),
            missing_issuer(),
        ] {
            for external in ["src=", "href=", "http://", "https://", "<script", "url("] {
                assert!(!page.contains(external), "{external} in {page}");
            }
        }
    }
}
