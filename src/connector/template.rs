//! Connector templates: `{name}` placeholders, `{{` and `}}` for literal braces.
//!
//! Guarantees: a template either renders completely or fails naming the placeholder that
//! has no value; nothing is ever left half-substituted.

use super::error::ConnectorError;
use crate::secret::Secret;

/// One piece of a parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    Text(&'a str),
    /// A literal `{` or `}` written doubled.
    Brace(char),
    Placeholder(&'a str),
}

/// A syntax error in a template, at a byte offset into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

/// Splits `template` into pieces, or says where it is malformed.
pub(crate) fn parse(template: &str) -> Result<Vec<Piece<'_>>, SyntaxError> {
    let bytes = template.as_bytes();
    let mut pieces = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'}' if bytes.get(i + 1) == Some(&bytes[i]) => {
                if text_start < i {
                    pieces.push(Piece::Text(&template[text_start..i]));
                }
                pieces.push(Piece::Brace(char::from(bytes[i])));
                i += 2;
                text_start = i;
            }
            b'{' => {
                let Some(len) = template[i + 1..].find(['}', '{']) else {
                    return Err(SyntaxError {
                        offset: i,
                        message: "`{` opens a placeholder that is never closed; write `{{` for a literal brace".into(),
                    });
                };
                let end = i + 1 + len;
                let name = &template[i + 1..end];
                if bytes[end] == b'{' || !is_identifier(name) {
                    let shown = &template[i..=end];
                    return Err(SyntaxError {
                        offset: i,
                        message: format!(
                            "`{shown}` is not a placeholder: write `{{name}}` with a name of letters, digits and `_`, or `{{{{` and `}}}}` for literal braces"
                        ),
                    });
                }
                if text_start < i {
                    pieces.push(Piece::Text(&template[text_start..i]));
                }
                pieces.push(Piece::Placeholder(name));
                i = end + 1;
                text_start = i;
            }
            b'}' => {
                return Err(SyntaxError {
                    offset: i,
                    message: "`}` closes nothing; write `}}` for a literal brace".into(),
                });
            }
            _ => i += 1,
        }
    }
    if text_start < bytes.len() {
        pieces.push(Piece::Text(&template[text_start..]));
    }
    Ok(pieces)
}

/// `[A-Za-z_][A-Za-z0-9_]*`: the names of params, placeholders and (with `[env]`) variables.
#[must_use]
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Fills every `{name}` of `template` with `lookup(name)`. For templates over non-secret
/// values (URLs, extra OAuth2 parameters); [`render_secret`] is for the rest.
///
/// A placeholder without a value is an error naming it; the template is checked whole before
/// anything is looked up, so a malformed one fails the same way every time.
pub fn render(
    template: &str,
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<String, ConnectorError> {
    let pieces = parse(template).map_err(|e| malformed(template, &e))?;
    let mut out = String::with_capacity(template.len());
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Brace(brace) => out.push(brace),
            Piece::Placeholder(name) => match lookup(name) {
                Some(value) => out.push_str(&value),
                None => return Err(no_value(name, template)),
            },
        }
    }
    Ok(out)
}

/// [`render`] over secrets, into a [`Secret`]. The values are borrowed and copied once, into a
/// buffer of the exact final size, so no copy is left behind in memory that is freed without
/// being wiped.
pub fn render_secret<'v>(
    template: &str,
    lookup: impl Fn(&str) -> Option<&'v Secret>,
) -> Result<Secret, ConnectorError> {
    let pieces = parse(template).map_err(|e| malformed(template, &e))?;
    let parts = pieces
        .iter()
        .map(|piece| match piece {
            Piece::Text(text) => Ok(*text),
            Piece::Brace('{') => Ok("{"),
            Piece::Brace(_) => Ok("}"),
            Piece::Placeholder(name) => lookup(name)
                .map(Secret::expose)
                .ok_or_else(|| no_value(name, template)),
        })
        .collect::<Result<Vec<&str>, ConnectorError>>()?;
    Ok(Secret::concat(&parts))
}

fn malformed(template: &str, e: &SyntaxError) -> ConnectorError {
    ConnectorError::MalformedTemplate {
        template: template.to_owned(),
        message: e.message.clone(),
    }
}

fn no_value(name: &str, template: &str) -> ConnectorError {
    ConnectorError::NoValue {
        name: name.to_owned(),
        template: template.to_owned(),
    }
}

/// [`render`] for a URL template. A value holding `/`, `\\`, `?`, `#`, `@`, `%`, white space or
/// a control character is refused: filled into `https://{subdomain}.example.com` it could
/// move the request (and the credential) to another host, or to another path than the one the
/// connector names. A template that starts with a placeholder (`{instance_url}/services`)
/// takes the scheme and host from it: that value must be exactly an `https://` origin (or
/// `http://` on a loopback host), without path, query or user name.
pub fn render_url(
    template: &str,
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<String, ConnectorError> {
    let leading = match parse(template)
        .map_err(|e| malformed(template, &e))?
        .first()
    {
        Some(Piece::Placeholder(name)) => Some((*name).to_owned()),
        _ => None,
    };
    let unsafe_param = std::cell::RefCell::new(None);
    let rendered = render(template, |name| {
        let value = lookup(name)?;
        if leading.as_deref() == Some(name) {
            if let Some(origin) = as_origin(&value) {
                return Some(origin);
            }
            unsafe_param
                .borrow_mut()
                .get_or_insert_with(|| name.to_owned());
            return Some(value);
        }
        if value.chars().any(|c| {
            matches!(c, '/' | '\\' | '?' | '#' | '@' | '%') || c.is_whitespace() || c.is_control()
        }) {
            unsafe_param
                .borrow_mut()
                .get_or_insert_with(|| name.to_owned());
        }
        Some(value)
    })?;
    if let Some(name) = unsafe_param.into_inner() {
        return Err(ConnectorError::UnsafeUrlValue {
            name,
            template: template.to_owned(),
        });
    }
    Ok(rendered)
}

/// `value` as `scheme://host[:port]` when it is an https origin (or http on a loopback
/// host), a trailing `/` allowed; `None` otherwise.
fn as_origin(value: &str) -> Option<String> {
    let url = url::Url::parse(value).ok()?;
    let secure = match url.scheme() {
        "https" => true,
        "http" => crate::http::is_loopback(&url),
        _ => false,
    };
    let bare = url.username().is_empty()
        && url.password().is_none()
        && url.path() == "/"
        && url.query().is_none()
        && url.fragment().is_none()
        && !value.chars().any(|c| c.is_whitespace() || c.is_control());
    (secure && bare && url.host().is_some()).then(|| url.origin().ascii_serialization())
}

/// The placeholder names of `template`, in order of first use, without repeats. A malformed
/// template yields the placeholders before the error (validation reports the error itself).
#[must_use]
pub fn placeholders(template: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut push = |name: &str| {
        if !names.iter().any(|n| n == name) {
            names.push(name.to_owned());
        }
    };
    let pieces = parse(template)
        .or_else(|e| parse(&template[..e.offset]))
        .unwrap_or_default();
    for piece in pieces {
        if let Piece::Placeholder(name) = piece {
            push(name);
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(name: &str) -> Option<String> {
        match name {
            "site" => Some("acme".into()),
            "api_key" => Some("k3y".into()),
            _ => None,
        }
    }

    #[test]
    fn renders_placeholders() {
        assert_eq!(
            render("https://{site}.atlassian.net", values).unwrap(),
            "https://acme.atlassian.net"
        );
        assert_eq!(render("Bearer {api_key}", values).unwrap(), "Bearer k3y");
        assert_eq!(render("{site}{site}", values).unwrap(), "acmeacme");
        assert_eq!(render("", values).unwrap(), "");
        assert_eq!(render("plain", values).unwrap(), "plain");
    }

    #[test]
    fn secret_templates_render_like_plain_ones() {
        let secrets: std::collections::BTreeMap<&str, Secret> = [
            ("site", Secret::from("acme")),
            ("api_key", Secret::from("k3y")),
        ]
        .into();
        let secret = |template: &str| render_secret(template, |name| secrets.get(name));
        for template in [
            "Bearer {api_key}",
            "{site}:{api_key}",
            "{{{api_key}}}",
            "plain",
            "",
        ] {
            assert_eq!(
                secret(template).unwrap().expose(),
                render(template, values).unwrap(),
                "{template}"
            );
        }
        assert!(matches!(
            secret("x-{nope}").unwrap_err(),
            ConnectorError::NoValue { .. }
        ));
        assert!(matches!(
            secret("{api_key").unwrap_err(),
            ConnectorError::MalformedTemplate { .. }
        ));
    }

    #[test]
    fn doubled_braces_are_literal() {
        assert_eq!(render("{{site}}", values).unwrap(), "{site}");
        assert_eq!(render("{{{site}}}", values).unwrap(), "{acme}");
        assert_eq!(
            render(r#"{{"key": "{api_key}"}}"#, values).unwrap(),
            r#"{"key": "k3y"}"#
        );
        assert!(placeholders("{{site}}").is_empty());
    }

    #[test]
    fn unknown_placeholder_is_named() {
        let err = render("x-{nope}-y", values).unwrap_err();
        assert!(matches!(err, ConnectorError::NoValue { .. }));
        assert!(err.to_string().contains("{nope}"), "{err}");
    }

    #[test]
    fn malformed_templates_are_refused() {
        for bad in ["{site", "site}", "{}", "{a b}", "{a{b}}", "{-x}", "{1x}"] {
            assert!(parse(bad).is_err(), "{bad} should be refused");
            assert!(matches!(
                render(bad, values).unwrap_err(),
                ConnectorError::MalformedTemplate { .. }
            ));
        }
        assert_eq!(parse("ab}").unwrap_err().offset, 2);
        assert_eq!(parse("a{b").unwrap_err().offset, 1);
    }

    #[test]
    fn a_leading_placeholder_is_exactly_an_https_origin() {
        let url =
            |value: &str| render_url("{instance_url}/services/data", |_| Some(value.to_owned()));
        assert_eq!(
            url("https://acme.my.salesforce.com").unwrap(),
            "https://acme.my.salesforce.com/services/data"
        );
        assert_eq!(
            url("https://www.zohoapis.eu/").unwrap(),
            "https://www.zohoapis.eu/services/data"
        );
        assert_eq!(
            url("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080/services/data"
        );
        for hostile in [
            "http://acme.example",
            "https://acme.example/other",
            "https://x@acme.example",
            "https://acme.example?q=1",
            "ftp://acme.example",
            "acme.example",
            "https://acme.example\n",
        ] {
            assert!(
                matches!(url(hostile), Err(ConnectorError::UnsafeUrlValue { .. })),
                "{hostile}"
            );
        }
        // Only the leading placeholder may carry an origin.
        let later = render_url("https://{a}.example/{b}", |_| {
            Some("https://evil.example".to_owned())
        });
        assert!(matches!(later, Err(ConnectorError::UnsafeUrlValue { .. })));
    }

    #[test]
    fn url_values_cannot_change_the_host_or_path() {
        let url =
            |value: &str| render_url("https://{site}.example.com/api", |_| Some(value.to_owned()));
        assert_eq!(url("acme").unwrap(), "https://acme.example.com/api");
        assert_eq!(url("eu.acme").unwrap(), "https://eu.acme.example.com/api");
        for hostile in [
            "evil.example/",
            "evil.example?",
            "evil.example#",
            "x@evil.example",
            "evil.example\\",
            "evil%2eexample%2F",
            "a b",
            "a\n",
        ] {
            let err = url(hostile).unwrap_err();
            assert!(
                matches!(err, ConnectorError::UnsafeUrlValue { .. }),
                "{hostile}"
            );
            assert!(err.to_string().contains("`site`"), "{err}");
            assert!(!err.to_string().contains(hostile), "{err}");
        }
    }

    #[test]
    fn placeholders_in_order_without_repeats() {
        assert_eq!(placeholders("{a}/{b}/{a}/{{c}}"), ["a", "b"]);
        assert_eq!(placeholders("{a} {b"), ["a"]);
        assert_eq!(placeholders("{_x1}"), ["_x1"]);
    }

    #[test]
    fn identifiers() {
        assert!(is_identifier("api_key"));
        assert!(is_identifier("_x"));
        assert!(is_identifier("GH_TOKEN"));
        assert!(!is_identifier(""));
        assert!(!is_identifier("1x"));
        assert!(!is_identifier("a-b"));
        assert!(!is_identifier("é"));
    }
}
