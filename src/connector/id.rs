//! Connector ids and link names: `[a-z0-9][a-z0-9-]{0,62}`, safe as file names.

use super::error::ConnectorError;

/// Why `id` is not a valid connector id or link name, if it is not.
pub(crate) fn id_problem(id: &str) -> Option<&'static str> {
    if id.is_empty() {
        Some("it is empty")
    } else if id.len() > 63 {
        Some("it is longer than 63 characters")
    } else if id.contains('/') || id.contains('\\') {
        Some("it contains a path separator")
    } else if id.contains("..") {
        Some("it contains `..`")
    } else if id.chars().any(char::is_whitespace) {
        Some("it contains white space")
    } else if id.chars().any(|c| c.is_ascii_uppercase()) {
        Some("it contains upper-case letters")
    } else if id.starts_with('-') {
        Some("it starts with `-`")
    } else if !id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        Some("it contains characters other than a-z, 0-9 and `-`")
    } else {
        None
    }
}

/// Checks a connector id or link name against `[a-z0-9][a-z0-9-]{0,62}`.
pub fn validate_id(kind: &'static str, id: &str) -> Result<(), ConnectorError> {
    match id_problem(id) {
        None => Ok(()),
        Some(reason) => Err(ConnectorError::InvalidName {
            kind,
            name: id.to_owned(),
            reason,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_pattern() {
        for good in ["a", "acme", "acme-files", "0day", "a-", &"a".repeat(63)] {
            assert!(validate_id("connector id", good).is_ok(), "{good}");
        }
        let cases = [
            ("", "empty"),
            ("Acme", "upper-case"),
            ("a/b", "path separator"),
            ("..", "`..`"),
            ("a b", "white space"),
            ("-a", "starts with `-`"),
            ("a_b", "characters other than"),
            ("é", "characters other than"),
        ];
        for (bad, reason) in cases {
            let err = validate_id("link name", bad).unwrap_err();
            assert!(matches!(err, ConnectorError::InvalidName { .. }));
            assert!(err.to_string().contains(reason), "{bad}: {err}");
            assert!(err.to_string().contains("invalid link name"), "{err}");
        }
        assert!(
            validate_id("connector id", &"a".repeat(64))
                .unwrap_err()
                .to_string()
                .contains("longer than 63")
        );
    }
}
