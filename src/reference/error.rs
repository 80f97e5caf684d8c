//! What can be wrong with the references of a file: the facts, for the command layer to
//! explain. No value appears here, only what the file says and the names of fields.

use std::path::PathBuf;

/// Why one reference cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// It does not follow the grammar; `text` is what was read of it.
    Malformed {
        text: String,
        why: &'static str,
    },
    UnknownEnvironment {
        reference: String,
        env: String,
    },
    UnknownLink {
        link: String,
        suggestion: Option<String>,
    },
    /// The connection offers no such field; `fields` are the ones it offers.
    UnknownField {
        reference: String,
        fields: Vec<String>,
    },
    /// A field the connection has, without a value in this environment (an optional param
    /// left empty, a value the provider did not send, `header` of a credential sent in the
    /// query).
    NoValue {
        reference: String,
    },
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Malformed { text, why } => write!(f, "malformed reference `{text}`: {why}"),
            Self::UnknownEnvironment { reference, env } => write!(
                f,
                "`{reference}`: unknown environment `{env}` (development/dev, stage/staging/stg, production/prod)"
            ),
            Self::UnknownLink { link, suggestion } => write!(
                f,
                "unknown connection `{link}`{}",
                crate::error::did_you_mean(suggestion.as_deref())
            ),
            Self::UnknownField { reference, fields } => write!(
                f,
                "`{reference}`: no such field; it has {}",
                fields.join(", ")
            ),
            Self::NoValue { reference } => write!(f, "`{reference}` has no value"),
        }
    }
}

/// A problem and the file and line (from 1) where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadReference {
    pub path: PathBuf,
    pub line: usize,
    pub problem: Problem,
}

/// References that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ReferenceError {
    /// Every bad reference, in the order of the files.
    #[error("{} bad reference{}:{}", problems.len(), if problems.len() == 1 { "" } else { "s" }, listed(problems))]
    Bad { problems: Vec<BadReference> },

    /// `inject -o` names the template itself.
    #[error("{}: the output would replace the template", path.display())]
    OutputIsTemplate { path: PathBuf },

    /// An env file or template that cannot be read.
    #[error("cannot read {}: {source}", path.display())]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },

    /// A template that is not UTF-8 text.
    #[error("{}: not UTF-8 text", path.display())]
    NotText { path: PathBuf },
}

fn listed(problems: &[BadReference]) -> String {
    use std::fmt::Write as _;
    let mut text = String::new();
    for p in problems {
        let _ = write!(text, "\n  {}:{}: {}", p.path.display(), p.line, p.problem);
    }
    text
}
