//! Text from outside (a provider's error, a server's header, a program name) made safe to
//! show: control characters removed for a terminal, markup escaped for an HTML page.

/// The longest outside text shown, in characters; the rest is cut with `…`.
const MAX_SHOWN: usize = 300;

/// Text for the terminal: control characters (escape sequences, newlines, bidi overrides)
/// removed, so the text cannot rewrite the screen, and the length bounded.
#[must_use]
pub(crate) fn for_terminal(text: &str) -> String {
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

/// Text without the characters [`for_terminal`] drops, but not yet shortened: what secrets
/// are looked for in, so that one split by a control character is still found.
pub(crate) fn without_controls(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() && !is_bidi_control(*c))
        .collect()
}

/// Text for an HTML page: escaped after the same cleaning as for the terminal.
#[must_use]
pub(crate) fn for_html(text: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escaping_neutralises_markup() {
        let nasty = "<script>alert('x')</script> & \"quotes\"";
        assert_eq!(
            for_html(nasty),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"
        );
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
}
