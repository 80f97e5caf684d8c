//! Writing data to stdout: JSON documents, plain lines, tables and bold headings, and a quiet
//! exit on a closed pipe.

use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

use crate::error::{Error, Result};
pub(super) use crate::ui::rfc3339;

/// Writes `text` to stdout. A closed pipe (`tether … | head`) is not an error.
pub(super) fn print(text: &str) -> Result<()> {
    let mut out = io::stdout().lock();
    ignore_closed_pipe(out.write_all(text.as_bytes()).and_then(|()| out.flush()))
}

/// Writes one pretty JSON document and a newline to stdout.
pub(super) fn print_json<T: Serialize>(value: &T) -> Result<()> {
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::Internal(format!("cannot encode JSON: {e}")))?;
    text.push('\n');
    print(&text)
}

/// A JSON array written to stdout element by element, as a listing produces them, in the
/// form [`print_json`] gives a whole array: a listing of any length holds one row at a time.
pub(super) struct JsonArray<W: Write = io::BufWriter<io::StdoutLock<'static>>> {
    out: W,
    empty: bool,
}

impl JsonArray {
    pub(super) fn start() -> Self {
        Self::to(io::BufWriter::with_capacity(1 << 16, io::stdout().lock()))
    }
}

impl<W: Write> JsonArray<W> {
    fn to(out: W) -> Self {
        Self { out, empty: true }
    }

    pub(super) fn push<T: Serialize>(&mut self, value: &T) -> Result<()> {
        let text = serde_json::to_string_pretty(value)
            .map_err(|e| Error::Internal(format!("cannot encode JSON: {e}")))?;
        let mut chunk = String::with_capacity(text.len() + text.len() / 8);
        chunk.push_str(if self.empty { "[" } else { "," });
        self.empty = false;
        for line in text.lines() {
            let _ = write!(chunk, "\n  {line}");
        }
        self.write(&chunk)
    }

    pub(super) fn finish(mut self) -> Result<()> {
        self.write(if self.empty { "[]\n" } else { "\n]\n" })?;
        ignore_closed_pipe(self.out.flush())
    }

    fn write(&mut self, text: &str) -> Result<()> {
        ignore_closed_pipe(self.out.write_all(text.as_bytes()))
    }
}

fn ignore_closed_pipe(result: io::Result<()>) -> Result<()> {
    match result {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(Error::io("writing", "standard output", e))
        }
        _ => Ok(()),
    }
}

/// `14:05`: the time of day of `at` as written beside "UTC".
pub(super) fn hour_minute(at: time::OffsetDateTime) -> String {
    at.to_offset(time::UtcOffset::UTC)
        .format(time::macros::format_description!("[hour]:[minute]"))
        .unwrap_or_default()
}

/// Whether stdout gets colour (`--color`, NO_COLOR; set once by [`crate::cli::run`]).
#[must_use]
pub(super) fn color() -> bool {
    dialoguer::console::colors_enabled()
}

/// Whether stdout itself gets colour: `--color always`, or `auto` with stdout a terminal
/// and NO_COLOR unset (set once by [`crate::cli::run`]).
static STDOUT_COLOR: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub(super) fn set_stdout_color(on: bool) {
    STDOUT_COLOR.store(on, std::sync::atomic::Ordering::Relaxed);
}

#[must_use]
pub(super) fn stdout_color() -> bool {
    STDOUT_COLOR.load(std::sync::atomic::Ordering::Relaxed)
}

/// Bold text when `color` is on.
#[must_use]
pub(super) fn bold(text: &str, color: bool) -> String {
    dialoguer::console::style(text)
        .bold()
        .force_styling(color)
        .to_string()
}

/// Who an account is signed in as, as `--json` shows it.
#[derive(Debug, Serialize)]
pub(super) struct IdentityJson {
    pub login: String,
    pub subject: Option<String>,
    pub read_at: String,
}

impl From<&crate::store::account::Identity> for IdentityJson {
    fn from(identity: &crate::store::account::Identity) -> Self {
        Self {
            login: identity.login.clone(),
            subject: identity.subject.clone(),
            read_at: rfc3339(identity.read_at),
        }
    }
}

/// Lays out rows as left-aligned columns separated by two spaces.
#[must_use]
pub(super) fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                out.push_str(cell);
            } else {
                let _ = write!(out, "{cell:<w$}  ", w = widths[i]);
            }
        }
        out.trim_end().to_owned() + "\n"
    };
    let mut out = line(header.to_vec());
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_streamed_array_reads_as_a_whole_one() {
        #[derive(Serialize)]
        struct Row {
            name: &'static str,
            tags: Vec<&'static str>,
        }
        let rows = [
            Row {
                name: "a",
                tags: vec!["x", "y"],
            },
            Row {
                name: "b",
                tags: Vec::new(),
            },
        ];
        let whole = serde_json::to_string_pretty(&rows).unwrap() + "\n";
        let empty: [Row; 0] = [];
        let streamed = |rows: &[Row]| {
            let mut out = Vec::new();
            let mut array = JsonArray::to(&mut out);
            for row in rows {
                array.push(row).unwrap();
            }
            array.finish().unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(streamed(&rows), whole);
        assert_eq!(streamed(&empty), "[]\n");
    }

    #[test]
    fn bold_is_plain_without_colour() {
        assert_eq!(bold("Vault", false), "Vault");
        assert_eq!(bold("Vault", true), "\x1b[1mVault\x1b[0m");
    }
}
