//! Writing data to stdout: JSON documents, plain lines, and a quiet exit on a closed pipe.

use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

use crate::error::{Error, Result};

/// Writes `text` to stdout. A closed pipe (`tether … | head`) is not an error.
pub fn print(text: &str) -> Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(Error::io("writing", "standard output", e))
        }
        _ => Ok(()),
    }
}

/// Writes `text` to stderr. Messages never fail a command: a closed or broken stderr
/// (`tether … 2>&1 | head -1`) is ignored, so work already done (a rotated token, a new
/// grant) is kept and the command ends as it would have.
pub fn eprint(text: &str) {
    let mut err = io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

/// [`eprint`] with a newline.
pub fn eprint_line(text: &str) {
    eprint(&format!("{text}\n"));
}

/// Writes one pretty JSON document and a newline to stdout.
pub fn print_json<T: Serialize>(value: &T) -> Result<()> {
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::Internal(format!("cannot encode JSON: {e}")))?;
    text.push('\n');
    print(&text)
}

/// Bold text when colour is on.
#[must_use]
pub fn bold(text: &str, color: bool) -> String {
    if color {
        format!("\x1b[1m{text}\x1b[0m")
    } else {
        text.to_owned()
    }
}

/// Formats a time as RFC 3339 in UTC, as every output does.
#[must_use]
pub fn rfc3339(at: time::OffsetDateTime) -> String {
    at.to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .unwrap_or(at)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Lays out rows as left-aligned columns separated by two spaces.
#[must_use]
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
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
