//! What the browser and the terminal are shown of a redirect: small self-contained HTML pages,
//! and provider-supplied text made harmless for either (HTML-escaped, control characters gone).

/// The longest provider-supplied text shown, in characters; the rest is cut with `…`.
const MAX_SHOWN: usize = 300;

/// Provider text for the terminal: control characters (escape sequences, newlines, bidi
/// overrides) removed, so a redirect cannot rewrite the screen, and the length bounded.
#[must_use]
pub fn for_terminal(text: &str) -> String {
    let mut out: String = text
        .chars()
        .filter(|c| !c.is_control() && !is_bidi_control(*c))
        .take(MAX_SHOWN)
        .collect();
    if text.chars().filter(|c| !c.is_control()).count() > MAX_SHOWN {
        out.push('…');
    }
    out
}

/// Provider text without the characters [`for_terminal`] drops, but not yet shortened: what
/// secrets are looked for in, so that one split by a control character is still found.
pub(crate) fn without_controls(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() && !is_bidi_control(*c))
        .collect()
}

/// Text for an HTML page: escaped after the same cleaning as for the terminal.
#[must_use]
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in for_terminal(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

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

/// The callback was accepted.
#[must_use]
pub fn success(connector_name: &str) -> String {
    page(
        "Authorized",
        &format!(
            "tether received the authorization for {}. You can close this tab and go back to the terminal.",
            escape_html(connector_name)
        ),
    )
}

/// The provider redirected with `error=`.
#[must_use]
pub fn denied(error: &str, description: Option<&str>) -> String {
    let detail = description.map_or_else(String::new, |d| format!(": {}", escape_html(d)));
    page(
        "Authorization refused",
        &format!(
            "The provider answered <code>{}</code>{detail}. Nothing was stored. \
             You can close this tab; the terminal says what to do next.",
            escape_html(error)
        ),
    )
}

/// A request on the callback path that cannot be the expected redirect; the wait goes on.
#[must_use]
pub fn rejected(reason: &str) -> String {
    page(
        "Not accepted",
        &format!(
            "This request was not accepted: {}. tether is still waiting for the authorization.",
            escape_html(reason)
        ),
    )
}

/// The redirect came from another issuer than expected (RFC 9207); the flow ends.
#[must_use]
pub fn wrong_issuer() -> String {
    page(
        "Authorization refused",
        "The authorization response came from an unexpected issuer and was refused. \
         Nothing was stored; the terminal says more.",
    )
}

/// The redirect named no issuer where the connector requires one (RFC 9207); the flow ends.
#[must_use]
pub fn missing_issuer() -> String {
    page(
        "Authorization refused",
        "The authorization response did not name the issuer that sent it, which this provider must do, \
         so it was refused. Nothing was stored; the terminal says more.",
    )
}

/// Anything else: favicon requests, other paths.
#[must_use]
pub fn not_found() -> String {
    page("Not found", "Nothing here.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escaping_neutralises_markup_from_the_provider() {
        let nasty = "<script>alert('x')</script> & \"quotes\"";
        let escaped = escape_html(nasty);
        assert_eq!(
            escaped,
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"
        );
        let page = denied("access_denied", Some(nasty));
        assert!(!page.contains("<script>"));
        assert!(page.contains("&lt;script&gt;"));
    }

    #[test]
    fn terminal_text_loses_control_characters_and_is_bounded() {
        assert_eq!(
            for_terminal("evil\x1b[2J\r\nline\u{202e}txt\x07"),
            "evil[2Jlinetxt"
        );
        let long = "a".repeat(1000);
        let shown = for_terminal(&long);
        assert_eq!(shown.chars().count(), MAX_SHOWN + 1);
        assert!(shown.ends_with('…'));
    }

    #[test]
    fn pages_are_self_contained() {
        for page in [
            success("Acme"),
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
