//! Positions in a connector file: byte offsets to 1-based line and column, and key paths
//! (`oauth2.default_scopes[1]`) to the place in the text where they are written.
//!
//! Only used when something is wrong, so the happy path never parses a file twice.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// One step of a key path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
    /// The key itself rather than its value (a bad name): only meaningful last.
    Name(String),
}

impl From<&str> for Seg {
    fn from(key: &str) -> Self {
        Self::Key(key.to_owned())
    }
}

impl From<usize> for Seg {
    fn from(index: usize) -> Self {
        Self::Index(index)
    }
}

/// Builds a key path: `key_path!["oauth2", "scopes", 2]`.
macro_rules! key_path {
    ($($seg:expr),* $(,)?) => {
        [$($crate::connector::position::Seg::from($seg)),*]
    };
}
pub(crate) use key_path;

/// The 1-based line and column (in characters) of byte `offset` in `text`.
#[must_use]
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

/// Where toml's parse error `e` over `text` is, or the start when it does not say.
#[must_use]
pub(crate) fn of_toml_error(text: &str, e: &toml::de::Error) -> (usize, usize) {
    e.span()
        .map_or((1, 1), |span| line_column(text, span.start))
}

/// Where `path` is written in `text`: the value for a scalar or an array element, the key for a
/// table. When the path is only partly there (a missing key), the deepest part that is.
#[must_use]
pub(crate) fn locate(text: &str, path: &[Seg]) -> (usize, usize) {
    let offset = DeTable::parse(text)
        .ok()
        .and_then(|root| span_of(root.get_ref(), path))
        .map_or(0, |span| span.start);
    line_column(text, offset)
}

fn span_of(root: &DeTable<'_>, path: &[Seg]) -> Option<Range<usize>> {
    let mut best = None;
    let mut table = Some(root);
    let mut array: Option<&[Spanned<DeValue<'_>>]> = None;
    for seg in path {
        let found = match seg {
            Seg::Key(key) | Seg::Name(key) => table
                .and_then(|t| t.iter().find(|(k, _)| k.get_ref() == key))
                .map(|(k, v)| {
                    let at_key = matches!(seg, Seg::Name(_)) || v.get_ref().is_table();
                    (if at_key { k.span() } else { v.span() }, v)
                }),
            Seg::Index(i) => array.and_then(|a| a.get(*i)).map(|v| (v.span(), v)),
        };
        let Some((span, value)) = found else { break };
        best = Some(span);
        table = value.get_ref().as_table();
        array = value.get_ref().as_array().map(|a| &a[..]);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 4), (1, 5));
        assert_eq!(line_column(text, 6), (2, 1));
        // after the two-byte `é`, the column counts characters
        assert_eq!(line_column(text, 9), (2, 3));
        assert_eq!(line_column(text, 999), (3, 1));
    }

    #[test]
    fn key_paths_point_at_their_text() {
        let text = "id = \"x\"\n\n[[params]]\nname = \"a\"\n\n[[params]]\nname = \"b\"\n\n[oauth2]\nscopes = [\"r\", \"w\"]\n";
        assert_eq!(locate(text, &key_path!["id"]), (1, 6));
        assert_eq!(locate(text, &key_path!["params", 1, "name"]), (7, 8));
        assert_eq!(locate(text, &key_path!["oauth2", "scopes", 1]), (10, 16));
        assert_eq!(locate(text, &key_path!["oauth2"]), (9, 2));
        // a missing key points at the deepest part that exists
        assert_eq!(locate(text, &key_path!["oauth2", "token_url"]), (9, 2));
        assert_eq!(locate(text, &key_path!["nothing"]), (1, 1));
        assert_eq!(
            locate(text, &[Seg::from("oauth2"), Seg::Name("scopes".into())]),
            (10, 1)
        );
    }
}
