//! Secret references, `tether://LINK[@ENV]/FIELD`, in env files and templates: where they
//! are in a text, and what each stands for (see [`resolve`]).
//!
//! The grammar, exactly:
//!
//! ```text
//! reference = "tether://" LINK [ "@" ENV ] "/" FIELD
//! LINK      = [a-z0-9][a-z0-9-]{0,62}        a connection's link name
//! ENV       = [A-Za-z]+                       an environment or alias (dev, stg, prod, …)
//! FIELD     = [A-Za-z0-9_]+                   token, header, a param or a captured value
//! ```
//!
//! A reference ends at the first character after FIELD that cannot be part of it, so in
//! `https://x:tether://db/password@host` the reference is `tether://db/password` and `@host`
//! is text. Every `tether://` in a text starts a reference: one that does not follow the
//! grammar is an error, never left as text, so a typo cannot reach a program unnoticed.

mod error;
pub(crate) mod resolve;

pub use error::ReferenceError;
pub(crate) use error::{BadReference, Problem};

use crate::environment::Environment;

/// What every reference starts with.
pub(crate) const SCHEME: &str = "tether://";

/// One reference: which value of which connection, in which environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reference {
    pub link: String,
    /// `@ENV`; otherwise the environment of the run (`--env`, `TETHER_ENV`).
    pub env: Option<Environment>,
    pub field: String,
}

impl std::fmt::Display for Reference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{SCHEME}{}", self.link)?;
        if let Some(env) = self.env {
            write!(f, "@{env}")?;
        }
        write!(f, "/{}", self.field)
    }
}

/// A reference found in a text, at bytes `start..end`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub reference: Reference,
}

/// Every reference in `text`, and what is wrong with those that do not follow the grammar
/// (with the byte offset where each starts).
#[must_use]
pub(crate) fn find(text: &str) -> (Vec<Found>, Vec<(usize, Problem)>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find(SCHEME) {
        let start = from + at;
        match parse_at(text, start) {
            Ok((end, reference)) => {
                found.push(Found {
                    start,
                    end,
                    reference,
                });
                from = end;
            }
            Err((end, problem)) => {
                problems.push((start, problem));
                from = end.max(start + SCHEME.len());
            }
        }
    }
    (found, problems)
}

/// Parses the reference that starts at `start`: where it ends and what it names, or where
/// reading stopped and why.
fn parse_at(text: &str, start: usize) -> Result<(usize, Reference), (usize, Problem)> {
    let bytes = text.as_bytes();
    let run = |from: usize, ok: fn(u8) -> bool| {
        from + bytes[from..].iter().take_while(|&&b| ok(b)).count()
    };
    let malformed = |end: usize, why: &'static str| {
        let shown = &text[start..end.min(text.len())];
        (
            end,
            Problem::Malformed {
                text: crate::sanitize::for_terminal(shown),
                why,
            },
        )
    };
    let link_start = start + SCHEME.len();
    let link_end = run(link_start, |b| {
        b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'
    });
    let link = &text[link_start..link_end];
    if link.is_empty() {
        return Err(malformed(link_end, "a link name follows `tether://`"));
    }
    if link.starts_with('-') || link.len() > 63 {
        return Err(malformed(
            link_end,
            "a link name starts with a letter or digit and has at most 63 characters",
        ));
    }
    let mut at = link_end;
    let mut env = None;
    if bytes.get(at) == Some(&b'@') {
        let env_end = run(at + 1, |b| b.is_ascii_alphabetic());
        let name = &text[at + 1..env_end];
        if name.is_empty() {
            return Err(malformed(env_end, "an environment follows `@`"));
        }
        if bytes.get(env_end) != Some(&b'/') {
            return Err(malformed(env_end, "`/FIELD` follows the environment"));
        }
        match name.parse::<Environment>() {
            Ok(parsed) => env = Some(parsed),
            Err(_) => {
                return Err((
                    env_end,
                    Problem::UnknownEnvironment {
                        reference: text[start..env_end].to_owned(),
                        env: name.to_owned(),
                    },
                ));
            }
        }
        at = env_end;
    }
    if bytes.get(at) != Some(&b'/') {
        return Err(malformed(
            at,
            "`/FIELD` (or `@ENV/FIELD`) follows the link name, e.g. tether://LINK/token",
        ));
    }
    let field_end = run(at + 1, |b| b.is_ascii_alphanumeric() || b == b'_');
    if field_end == at + 1 {
        return Err(malformed(
            field_end,
            "a field follows `/`: token, header or a param name",
        ));
    }
    Ok((
        field_end,
        Reference {
            link: link.to_owned(),
            env,
            field: text[at + 1..field_end].to_owned(),
        },
    ))
}

/// The line (from 1) of byte `offset` in `text`.
#[must_use]
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .split(|&b| b == b'\n')
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Found {
        let (found, problems) = find(text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(found.len(), 1, "{found:?}");
        found.into_iter().next().unwrap()
    }

    #[test]
    fn a_reference_ends_where_its_field_ends() {
        let text = "URL=https://x:tether://db/password@host";
        let f = one(text);
        assert_eq!(&text[f.start..f.end], "tether://db/password");
        assert_eq!(f.reference.link, "db");
        assert_eq!(f.reference.env, None);
        assert_eq!(f.reference.field, "password");

        let f = one("\"tether://gh@prod/token\"");
        assert_eq!(f.reference.env, Some(Environment::Production));
        assert_eq!(f.reference.to_string(), "tether://gh@production/token");
        let f = one("x tether://my-api-2/api_key.");
        assert_eq!((f.start, f.end), (2, 27));
    }

    #[test]
    fn several_references_and_text_between() {
        let (found, problems) = find("a tether://a/token b tether://b@dev/header\ntether://c/x");
        assert!(problems.is_empty());
        let names: Vec<String> = found.iter().map(|f| f.reference.to_string()).collect();
        assert_eq!(
            names,
            [
                "tether://a/token",
                "tether://b@development/header",
                "tether://c/x"
            ]
        );
        assert_eq!(line_of("a\nb\nc", 4), 3);
        assert_eq!(line_of("a\nb\nc", 0), 1);
    }

    #[test]
    fn anything_else_after_the_scheme_is_malformed() {
        for text in [
            "tether://",
            "tether:///token",
            "tether://DB/token",
            "tether://db",
            "tether://db token",
            "tether://db/",
            "tether://db@/token",
            "tether://db@prod",
            "tether://-db/token",
            "tether://db@prod1/token",
        ] {
            let (found, problems) = find(text);
            assert!(found.is_empty(), "{text}: {found:?}");
            assert!(
                matches!(problems.as_slice(), [(0, Problem::Malformed { .. })]),
                "{text}: {problems:?}"
            );
        }
        let long = format!("tether://{}/token", "a".repeat(64));
        assert!(find(&long).0.is_empty());
    }

    #[test]
    fn an_unknown_environment_is_its_own_problem() {
        let (found, problems) = find("tether://db@qa/token tether://db/token");
        assert_eq!(found.len(), 1);
        assert!(
            matches!(&problems[..], [(0, Problem::UnknownEnvironment { env, .. })] if env == "qa"),
            "{problems:?}"
        );
    }
}
