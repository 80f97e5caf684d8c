//! `[identity]`: where tether reads who an authorized account is.

use super::{Check, Place, check_endpoint, check_template, problem};
use crate::connector::file::ConnectorFile;
use crate::connector::position::key_path;

/// `[identity]`: a URL that gets the credential (so https, no secret in it), either a full
/// one, one starting with `{base_url}`, or a path appended to `base_url`; JSON pointers.
pub(super) fn check_identity(c: &ConnectorFile) -> Check {
    const BASE: &str = "{base_url}";
    let Some(identity) = &c.identity else {
        return Ok(());
    };
    let at = key_path!["identity", "url"];
    let url = identity.url.as_str();
    let path = url
        .strip_prefix(BASE)
        .or_else(|| url.starts_with('/').then_some(url));
    if path.unwrap_or(url).contains(BASE) {
        return Err(problem(
            at,
            format!("`identity.url` = \"{url}\" may use {BASE} only at its start"),
        ));
    }
    match path {
        Some(_) if c.base_url.is_none() => {
            return Err(problem(
                at,
                format!(
                    "`identity.url` = \"{url}\" is relative to base_url, but the connector has none; add `base_url` or write the full https:// URL"
                ),
            ));
        }
        Some(rest) if !(rest.is_empty() || rest.starts_with('/') || rest.starts_with('?')) => {
            return Err(problem(
                at,
                format!(
                    "`identity.url` = \"{url}\" must go on with `/` after {BASE}, e.g. \"{BASE}/user\""
                ),
            ));
        }
        Some(rest) => check_template(c, &at, rest, Place::Url)?,
        None => check_endpoint(c, &at, url, Place::Url)?,
    }
    let pointers = [
        ("field", Some(identity.field.as_str())),
        ("subject", identity.subject.as_deref()),
    ];
    for (key, pointer) in pointers {
        if let Some(pointer) = pointer.filter(|p| !is_json_pointer(p)) {
            return Err(problem(
                key_path!["identity", key],
                format!(
                    "`identity.{key}` = \"{pointer}\" is not a JSON pointer (RFC 6901); write `/` before each key, e.g. \"/login\" or \"/user/email\" (`~0` for `~`, `~1` for `/`)"
                ),
            ));
        }
    }
    Ok(())
}

/// A JSON pointer (RFC 6901 §3) to a value inside the document: `/` before each reference
/// token, and `~` only as `~0` or `~1`.
fn is_json_pointer(pointer: &str) -> bool {
    pointer.len() > 1
        && pointer.starts_with('/')
        && pointer
            .split('~')
            .skip(1)
            .all(|after| after.starts_with('0') || after.starts_with('1'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_pointers_follow_rfc_6901() {
        for good in ["/login", "/user/email", "/a~1b", "/m~0n", "/0"] {
            assert!(is_json_pointer(good), "{good}");
        }
        for bad in ["", "/", "login", "user/email", "/a~2", "/a~"] {
            assert!(!is_json_pointer(bad), "{bad}");
        }
    }
}
