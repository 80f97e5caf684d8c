//! What the user is told when tether refuses a path of its home it could not trust.

use std::path::Path;

use super::Diagnosis;
use crate::safe_fs::{Problem, Refused, Role};

pub(super) fn safe_fs(error: &Refused) -> Diagnosis {
    let path = quote(&error.path);
    let hint = match &error.problem {
        Problem::Symlink => match error.role {
            Role::Home => format!(
                "give the real directory with --home DIR or TETHER_HOME (see `readlink -f {path}`), or replace the link with a directory"
            ),
            Role::Dir | Role::File => format!(
                "remove the link (`rm {path}`); if what it points to is yours, move that in its place instead"
            ),
        },
        Problem::ForeignOwner { me, .. } => {
            let (recursive, rm) = match error.role {
                Role::File => ("", "rm"),
                Role::Home | Role::Dir => (" -R", "rm -r"),
            };
            let take_back = if *me == 0 {
                format!("if it is yours, take it back with `chown{recursive} 0 {path}`")
            } else {
                format!(
                    "if it is yours (made by `sudo tether`, say), take it back with `sudo chown{recursive} {me} {path}`"
                )
            };
            match error.role {
                Role::Home => {
                    format!("use a home you own (--home DIR or TETHER_HOME); {take_back}")
                }
                Role::Dir | Role::File => {
                    format!("{take_back}; otherwise check and remove it (`{rm} {path}`)")
                }
            }
        }
        Problem::Writable { .. } => {
            let private = if error.role == Role::File {
                "600"
            } else {
                "700"
            };
            format!("run `chmod {private} {path}`")
        }
        Problem::TooBig { .. } => format!(
            "restore it from a backup, or move it away (`mv {path} {path}.bad`) after checking what it is"
        ),
    };
    Diagnosis::new("path_refused", 4, error.to_string()).hint(hint)
}

/// `path` as one shell word, so a hint can be pasted as is (macOS homes contain spaces).
fn quote(path: &Path) -> String {
    let text = path.display().to_string();
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+,:@%=".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_quote_paths_for_the_shell() {
        assert_eq!(quote(Path::new("/tmp/a/.b-c")), "/tmp/a/.b-c");
        assert_eq!(
            quote(Path::new("/Users/x/Library/Application Support/tether")),
            "'/Users/x/Library/Application Support/tether'"
        );
        assert_eq!(quote(Path::new("/it's")), r"'/it'\''s'");
    }

    #[test]
    fn loose_modes_name_the_chmod() {
        let refused = Refused {
            path: "/h/d".into(),
            role: Role::Dir,
            problem: Problem::Writable { mode: 0o775 },
        };
        let d = safe_fs(&refused);
        assert_eq!(d.exit, 4);
        assert_eq!(
            d.message,
            "refusing /h/d: its mode 0775 lets its group change it"
        );
        assert_eq!(d.hint.as_deref(), Some("run `chmod 700 /h/d`"));
    }
}
