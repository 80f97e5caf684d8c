//! What to do about references and env files that cannot be used (exit 2): nothing was run
//! or written.

use super::Diagnosis;
use crate::dotenv::DotenvError;
use crate::reference::{Problem, ReferenceError};

pub(super) fn reference(error: &ReferenceError) -> Diagnosis {
    let problems = match error {
        ReferenceError::Bad { problems } => problems,
        ReferenceError::OutputIsTemplate { .. } => {
            return Diagnosis::new("output_is_template", 2, error.to_string())
                .hint("pass another path to -o; nothing was written");
        }
        ReferenceError::Unreadable { .. } => {
            return Diagnosis::new("unreadable_file", 2, error.to_string())
                .hint("check the path; nothing was run or written");
        }
        ReferenceError::NotText { .. } => {
            return Diagnosis::new("not_text", 2, error.to_string())
                .hint("pass a text file in UTF-8; nothing was written");
        }
    };
    let mut hints: Vec<&str> = Vec::new();
    for p in problems {
        let hint = match p.problem {
            Problem::Malformed { .. } => {
                "write references as tether://LINK/FIELD or tether://LINK@ENV/FIELD"
            }
            Problem::UnknownEnvironment { .. } => {
                "use development (dev), stage (staging, stg) or production (prod) after `@`"
            }
            Problem::UnknownLink { .. } => "`tether connection list` shows the link names",
            Problem::UnknownField { .. } | Problem::NoValue { .. } => {
                "`tether connection details LINK` and `tether connector show ID` show what a connection holds"
            }
        };
        if !hints.contains(&hint) {
            hints.push(hint);
        }
    }
    hints.push("nothing was run or written");
    Diagnosis::new("bad_reference", 2, error.to_string()).hint(hints.join("; "))
}

pub(super) fn dotenv(error: &DotenvError) -> Diagnosis {
    let hint = match error {
        DotenvError::Syntax { .. } => {
            "write one KEY=VALUE per line (`export` and # comments allowed; 'literal' or \"escaped\" values); see `tether exec --help`; nothing was run"
        }
        DotenvError::NotText { .. } => "pass a text file in UTF-8; nothing was run",
    };
    Diagnosis::new("invalid_env_file", 2, error.to_string()).hint(hint)
}
