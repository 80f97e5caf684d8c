//! Env files (`exec --env-file`): the dotenv lines tether reads, and the ones it refuses,
//! each with its line number; what an error says never includes a value.
//!
//! What is read, exactly, one entry per line:
//! - blank lines, and lines whose first non-blank character is `#`, are skipped;
//! - `KEY=VALUE` or `export KEY=VALUE`; KEY is `[A-Za-z_][A-Za-z0-9_]*`; blanks around KEY,
//!   `=` and VALUE are ignored; a line ending in `\r\n` is read as if it ended in `\n`;
//! - VALUE unquoted: up to the end of the line, or up to a blank followed by `#` (a comment);
//! - VALUE in single quotes: every character as written, no escapes;
//! - VALUE in double quotes: `\\`, `\"`, `\$`, `\n`, `\r` and `\t` are escapes;
//! - after a closing quote, only blanks and a `#` comment.
//!
//! Refused, so that no file means something other than it seems to: a line without `=`,
//! an invalid KEY, a quote not closed on its line (values span one line), another backslash
//! escape, `$NAME` or `${…}` outside single quotes (tether does not expand variables; write
//! `\$` or use single quotes), text after a closing quote, a NUL byte, and a file that is not
//! UTF-8. The same KEY twice: the later line wins, as when a shell sources the file.
//! References (`tether://…`) are resolved in every VALUE, quoted or not.

use std::path::{Path, PathBuf};

use crate::secret::Secret;

/// One `KEY=VALUE` of the file; VALUE as read (references not resolved yet).
#[derive(Debug)]
pub(crate) struct Entry {
    pub line: usize,
    pub key: String,
    pub value: Secret,
}

/// An env file that cannot be read as written.
#[derive(Debug, thiserror::Error)]
pub enum DotenvError {
    #[error("{}: not an env file tether reads:{}", path.display(), listed(problems))]
    Syntax {
        path: PathBuf,
        /// Each line and what is wrong with it, in the order of the file.
        problems: Vec<(usize, &'static str)>,
    },

    #[error("{}: not UTF-8 text", path.display())]
    NotText { path: PathBuf },
}

fn listed(problems: &[(usize, &'static str)]) -> String {
    use std::fmt::Write as _;
    let mut text = String::new();
    for (line, why) in problems {
        let _ = write!(text, "\n  line {line}: {why}");
    }
    text
}

/// Reads the entries of `text`, the content of `path`; every line that cannot be read is
/// reported at once.
pub(crate) fn parse(path: &Path, text: &[u8]) -> Result<Vec<Entry>, DotenvError> {
    let text = std::str::from_utf8(text).map_err(|_| DotenvError::NotText {
        path: path.to_owned(),
    })?;
    // Editors on Windows may start a UTF-8 file with a byte order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    for (index, line) in text.split('\n').enumerate() {
        let line_no = index + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        match parse_line(line) {
            Ok(None) => {}
            Ok(Some((key, value))) => entries.push(Entry {
                line: line_no,
                key,
                value,
            }),
            Err(why) => problems.push((line_no, why)),
        }
    }
    if problems.is_empty() {
        Ok(entries)
    } else {
        Err(DotenvError::Syntax {
            path: path.to_owned(),
            problems,
        })
    }
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

fn parse_line(line: &str) -> Result<Option<(String, Secret)>, &'static str> {
    if line.contains('\0') {
        return Err("holds a NUL byte");
    }
    let line = line.trim_start_matches(is_blank);
    if line.is_empty() || line.starts_with('#') {
        return Ok(None);
    }
    let line = match line.strip_prefix("export") {
        Some(rest) if rest.starts_with(is_blank) => rest.trim_start_matches(is_blank),
        _ => line,
    };
    let Some((key, rest)) = line.split_once('=') else {
        return Err("expected KEY=VALUE");
    };
    let key = key.trim_end_matches(is_blank);
    if !crate::connector::template::is_identifier(key) {
        return Err("the name before `=` is not a variable name ([A-Za-z_][A-Za-z0-9_]*)");
    }
    let rest = rest.trim_start_matches(is_blank);
    let value = if let Some(quoted) = rest.strip_prefix('\'') {
        let Some(end) = quoted.find('\'') else {
            return Err("single quote not closed on this line");
        };
        after_quote(&quoted[end + 1..])?;
        Secret::from(&quoted[..end])
    } else if let Some(quoted) = rest.strip_prefix('"') {
        double_quoted(quoted)?
    } else {
        unquoted(rest)?
    };
    Ok(Some((key.to_owned(), value)))
}

/// What may follow a closing quote: blanks, then nothing or a comment.
fn after_quote(rest: &str) -> Result<(), &'static str> {
    let rest = rest.trim_start_matches(is_blank);
    if rest.is_empty() || rest.starts_with('#') {
        Ok(())
    } else {
        Err("text after the closing quote")
    }
}

/// `$NAME` or `${`: what a shell or another dotenv reader would expand.
fn expands(value: &str) -> bool {
    value
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == b'$' && starts_name(w[1]))
}

/// What may follow `$` in an expansion.
fn starts_name(b: u8) -> bool {
    b == b'{' || b == b'_' || b.is_ascii_alphabetic()
}

const NO_EXPANSION: &str = "`$NAME` and `${...}` are not expanded; write \\$ in double quotes, or use single quotes, for a literal $";

fn unquoted(rest: &str) -> Result<Secret, &'static str> {
    let end = rest
        .char_indices()
        .find(|&(i, c)| c == '#' && rest[..i].ends_with(is_blank))
        .map_or(rest.len(), |(i, _)| i);
    let value = rest[..end].trim_end_matches(is_blank);
    if expands(value) {
        return Err(NO_EXPANSION);
    }
    Ok(Secret::from(value))
}

fn double_quoted(quoted: &str) -> Result<Secret, &'static str> {
    let mut value = zeroize::Zeroizing::new(String::with_capacity(quoted.len()));
    let mut chars = quoted.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                after_quote(&quoted[i + 1..])?;
                return Ok(Secret::from(value.as_str()));
            }
            '\\' => match chars.next().map(|(_, c)| c) {
                Some('\\') => value.push('\\'),
                Some('"') => value.push('"'),
                Some('$') => value.push('$'),
                Some('n') => value.push('\n'),
                Some('r') => value.push('\r'),
                Some('t') => value.push('\t'),
                Some(_) => return Err("unknown escape; use \\\\, \\\", \\$, \\n, \\r or \\t"),
                None => return Err("double quote not closed on this line"),
            },
            '$' if quoted
                .as_bytes()
                .get(i + 1)
                .is_some_and(|&b| starts_name(b)) =>
            {
                return Err(NO_EXPANSION);
            }
            c => value.push(c),
        }
    }
    Err("double quote not closed on this line")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<(String, String)> {
        parse(Path::new("t.env"), text.as_bytes())
            .unwrap()
            .into_iter()
            .map(|e| (e.key, e.value.expose().to_owned()))
            .collect()
    }

    fn refused(text: &str) -> Vec<(usize, &'static str)> {
        match parse(Path::new("t.env"), text.as_bytes()).unwrap_err() {
            DotenvError::Syntax { problems, .. } => problems,
            DotenvError::NotText { .. } => panic!("not text"),
        }
    }

    #[test]
    fn the_supported_forms() {
        let text = "# comment\n\n  A=plain value  \nexport B = 'single $HOME \\n # kept'  # c\r\nC=\"a \\\"q\\\" \\$HOME\\n\\t\\\\ $ 5$\" # c\nD=\nE=x#not-a-comment # comment\nexport_F=1\nA=later\n";
        assert_eq!(
            read(text),
            [
                ("A", "plain value"),
                ("B", "single $HOME \\n # kept"),
                ("C", "a \"q\" $HOME\n\t\\ $ 5$"),
                ("D", ""),
                ("E", "x#not-a-comment"),
                ("export_F", "1"),
                ("A", "later"),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
        );
        let entries = parse(Path::new("t"), b"\n\nK=tether://db/token").unwrap();
        assert_eq!(entries[0].line, 3);
        assert_eq!(read("\u{feff}BOM=1"), [("BOM".to_owned(), "1".to_owned())]);
    }

    #[test]
    fn everything_else_is_refused_with_its_line() {
        let text = "OK=1\nno equals\n1KEY=x\nA='open\nB=\"open\nC=\"x\" y\nD=\"\\q\"\nE=$HOME\nF=\"${X}\"\nexport\nG=a\0b\n";
        let lines: Vec<usize> = refused(text).into_iter().map(|(l, _)| l).collect();
        assert_eq!(lines, [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
        assert!(matches!(
            parse(Path::new("t"), b"A=\xff"),
            Err(DotenvError::NotText { .. })
        ));
    }

    #[test]
    fn errors_never_hold_a_value() {
        let e = parse(Path::new("t.env"), b"A=\"s3cr3t\\q\"\nB='s3cr3t").unwrap_err();
        let text = e.to_string();
        assert!(text.contains("line 1") && text.contains("line 2"), "{text}");
        assert!(!text.contains("s3cr3t"), "{text}");
    }
}
