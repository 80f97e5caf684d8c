//! Writing data to stdout: JSON documents, plain lines, tables and bold headings, and a quiet
//! exit on a closed pipe.

use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

pub(super) use super::pager::page;
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

/// [`print_json`] of a document that holds a secret: its text is zeroed once written.
pub(super) fn print_secret_json<T: Serialize>(value: &T) -> Result<()> {
    // Measured first and sized exactly, so growing never leaves a copy in freed memory.
    let encode = |out: &mut dyn Write| {
        serde_json::to_writer_pretty(out, value)
            .map_err(|e| Error::Internal(format!("cannot encode JSON: {e}")))
    };
    let mut length = Counted(0);
    encode(&mut length)?;
    let mut text = zeroize::Zeroizing::new(Vec::with_capacity(length.0 + 1));
    encode(&mut *text)?;
    text.push(b'\n');
    let mut out = io::stdout().lock();
    ignore_closed_pipe(out.write_all(&text).and_then(|()| out.flush()))
}

/// A writer that only counts the bytes written to it.
struct Counted(usize);

impl Write for Counted {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0 += bytes.len();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A JSON array written to stdout element by element, as a listing produces them, in the
/// form [`print_json`] gives a whole array: a listing of any length holds one row at a time.
pub(super) struct JsonArray<W: Write = io::BufWriter<io::StdoutLock<'static>>> {
    out: W,
    empty: bool,
}

impl JsonArray {
    pub(super) fn start() -> Self {
        Self::to(stdout_buffer())
    }
}

fn stdout_buffer() -> io::BufWriter<io::StdoutLock<'static>> {
    io::BufWriter::with_capacity(1 << 16, io::stdout().lock())
}

impl<W: Write> JsonArray<W> {
    fn to(out: W) -> Self {
        Self { out, empty: true }
    }

    pub(super) fn push<T: Serialize>(&mut self, value: &T) -> Result<()> {
        let first = std::mem::replace(&mut self.empty, false);
        write_element(&mut self.out, first, "  ", value)
    }

    pub(super) fn finish(mut self) -> Result<()> {
        write_str(&mut self.out, if self.empty { "[]\n" } else { "\n]\n" })?;
        ignore_closed_pipe(self.out.flush())
    }
}

/// A JSON object written to stdout key by key, where one value may be an array streamed
/// element by element: a document of any length holds one element at a time. It reads as
/// [`print_json`] of the same object with its keys in the order they were written.
pub(super) struct JsonObject<W: Write = io::BufWriter<io::StdoutLock<'static>>> {
    out: W,
    keys: usize,
    /// While an array is open: whether it has no element yet.
    array_empty: Option<bool>,
}

impl JsonObject {
    pub(super) fn start() -> Self {
        Self::to(stdout_buffer())
    }
}

impl<W: Write> JsonObject<W> {
    fn to(out: W) -> Self {
        Self {
            out,
            keys: 0,
            array_empty: None,
        }
    }

    /// A key and its whole value.
    pub(super) fn field<T: Serialize>(&mut self, key: &str, value: &T) -> Result<()> {
        self.key(key)?;
        // The value follows its key on the same line.
        let text = indented("  ", value)?;
        write_str(&mut self.out, text.trim_start_matches("\n  "))
    }

    /// Opens an array under `key`, to which [`JsonObject::push`] adds elements until the next
    /// key or the end.
    pub(super) fn array(&mut self, key: &str) -> Result<()> {
        self.key(key)?;
        self.array_empty = Some(true);
        Ok(())
    }

    pub(super) fn push<T: Serialize>(&mut self, value: &T) -> Result<()> {
        let first = self.array_empty.replace(false) == Some(true);
        write_element(&mut self.out, first, "    ", value)
    }

    fn key(&mut self, key: &str) -> Result<()> {
        self.close_array()?;
        let quoted = serde_json::to_string(key)
            .map_err(|e| Error::Internal(format!("cannot encode JSON: {e}")))?;
        let open = if self.keys == 0 { "{" } else { "," };
        self.keys += 1;
        write_str(&mut self.out, &format!("{open}\n  {quoted}: "))
    }

    fn close_array(&mut self) -> Result<()> {
        match self.array_empty.take() {
            None => Ok(()),
            Some(true) => write_str(&mut self.out, "[]"),
            Some(false) => write_str(&mut self.out, "\n  ]"),
        }
    }

    pub(super) fn finish(mut self) -> Result<()> {
        self.close_array()?;
        write_str(&mut self.out, if self.keys == 0 { "{}\n" } else { "\n}\n" })?;
        ignore_closed_pipe(self.out.flush())
    }
}

/// One element of a streamed array: `[` before the first, `,` before the others.
fn write_element<T: Serialize>(
    out: &mut impl Write,
    first: bool,
    indent: &str,
    value: &T,
) -> Result<()> {
    let mut chunk = indented(indent, value)?;
    chunk.insert(0, if first { '[' } else { ',' });
    write_str(out, &chunk)
}

fn write_str(out: &mut impl Write, text: &str) -> Result<()> {
    ignore_closed_pipe(out.write_all(text.as_bytes()))
}

/// `value` as pretty JSON, each line on a new line after `indent`.
fn indented<T: Serialize>(indent: &str, value: &T) -> Result<String> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::Internal(format!("cannot encode JSON: {e}")))?;
    let mut chunk = String::with_capacity(text.len() + text.len() / 8);
    for line in text.lines() {
        let _ = write!(chunk, "\n{indent}{line}");
    }
    Ok(chunk)
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

/// Whether stdout itself gets colour: `--color always`, or `auto` with stdout a terminal
/// and NO_COLOR unset (set once by [`crate::cli::run`]).
static STDOUT_COLOR: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub(super) fn set_stdout_color(on: bool) {
    STDOUT_COLOR.store(on, std::sync::atomic::Ordering::Relaxed);
}

#[must_use]
pub(super) fn color() -> bool {
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

/// A state in its colour when `color` is on: green when it works, yellow when it soon will
/// not, red when it does not.
#[must_use]
pub(super) fn state(status: crate::store::account::EnvStatus, color: bool) -> String {
    use crate::store::account::EnvStatus;
    let style = dialoguer::console::Style::new().force_styling(color);
    let style = match status {
        EnvStatus::Connected => style.green(),
        EnvStatus::Expiring => style.yellow(),
        EnvStatus::NotAuthorized | EnvStatus::NeedsReauthorization | EnvStatus::Expired => {
            style.red()
        }
    };
    style.apply_to(status.as_str()).to_string()
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

/// A column of a [`table_of`]: its heading, and how readily it goes when the terminal is
/// narrow. Priority 0 marks what identifies a row (a link name, an id): never dropped, and cut
/// short only when nothing else can give. Among the others the highest number goes first.
#[derive(Debug, Clone, Copy)]
pub(super) struct Column<'a> {
    pub title: &'a str,
    pub priority: u8,
}

impl<'a> Column<'a> {
    pub(super) const fn new(title: &'a str, priority: u8) -> Self {
        Self { title, priority }
    }

    fn required(&self) -> bool {
        self.priority == 0
    }
}

/// Space between two columns.
const GAP: usize = 2;

/// A column cut shorter than this (or its heading) is not worth showing.
const COMFORTABLE: usize = 16;

/// The narrowest a column is truncated to (its values when they are shorter).
const NARROWEST: usize = 4;

/// The width tables are laid out for: the terminal's when stdout is one, else `COLUMNS` when
/// set (how tests and `COLUMNS=80 tether … | less` choose), else unlimited, so a script that
/// reads a table gets every value whole.
#[must_use]
pub(super) fn width() -> Option<usize> {
    use std::io::IsTerminal;
    if io::stdout().is_terminal()
        && let Some((_, columns)) = dialoguer::console::Term::stdout().size_checked()
    {
        return Some(usize::from(columns));
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .filter(|&w: &usize| w > 0)
}

/// Lays out rows as left-aligned columns separated by two spaces, fitted to [`width`]: the
/// columns after the first go from the right when the terminal is narrow.
#[must_use]
pub(super) fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let columns: Vec<Column> = (0..header.len())
        .map(|i| Column::new(header[i], u8::try_from(i).unwrap_or(u8::MAX)))
        .collect();
    table_of(&columns, rows)
}

/// Lays out rows under `columns`, fitted to [`width`].
#[must_use]
pub(super) fn table_of(columns: &[Column], rows: &[Vec<String>]) -> String {
    fitted(columns, rows, width())
}

/// Lays out rows under `columns` in at most `width` characters (unlimited when `None`): the
/// least important columns are cut short with "…" or dropped, so the important ones stay whole.
#[must_use]
pub(super) fn fitted(columns: &[Column], rows: &[Vec<String>], width: Option<usize>) -> String {
    use dialoguer::console::measure_text_width;
    let mut natural: Vec<usize> = columns
        .iter()
        .map(|c| measure_text_width(c.title))
        .collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            natural[i] = natural[i].max(measure_text_width(cell));
        }
    }
    let widths = layout(columns, &natural, width);
    let shown: Vec<usize> = (0..columns.len())
        .filter(|&i| widths[i].is_some())
        .collect();
    let line = |cells: &[&str]| {
        let mut out = String::new();
        for (n, &i) in shown.iter().enumerate() {
            let w = widths[i].unwrap_or_default();
            let cell = cells.get(i).copied().unwrap_or_default();
            let text = dialoguer::console::truncate_str(cell, w, "…");
            out.push_str(&text);
            if n + 1 < shown.len() {
                let pad = w.saturating_sub(measure_text_width(&text)) + GAP;
                out.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    };
    let titles: Vec<&str> = columns.iter().map(|c| c.title).collect();
    let mut out = line(&titles);
    for row in rows {
        let cells: Vec<&str> = row.iter().map(String::as_str).collect();
        out.push_str(&line(&cells));
    }
    out
}

/// The width of each column, `None` for one dropped. Columns get room by importance: those
/// that identify a row first, whole; then each other column whole when it fits, cut short when
/// at least a comfortable width is left (the less important ones then go), dropped otherwise.
fn layout(columns: &[Column], natural: &[usize], width: Option<usize>) -> Vec<Option<usize>> {
    let Some(width) = width else {
        return natural.iter().copied().map(Some).collect();
    };
    let heading = |i: usize| dialoguer::console::measure_text_width(columns[i].title);
    let mut order: Vec<usize> = (0..columns.len()).collect();
    order.sort_by_key(|&i| (columns[i].priority, i));
    let mut widths: Vec<Option<usize>> = vec![None; columns.len()];
    let mut used = 0;
    for i in order {
        let gap = if used == 0 { 0 } else { GAP };
        let left = width.saturating_sub(used + gap);
        let comfortable = natural[i].min(heading(i).max(COMFORTABLE));
        let w = if columns[i].required() || natural[i] <= left {
            natural[i]
        } else if left >= comfortable {
            left
        } else {
            continue;
        };
        widths[i] = Some(w);
        used += gap + w;
    }
    // What identifies the rows is wider than the terminal: the widest give.
    let narrowest = |i: usize| natural[i].min(heading(i).max(NARROWEST));
    while used > width {
        let widest = (0..columns.len())
            .filter_map(|i| widths[i].filter(|&w| w > narrowest(i)).map(|w| (w, i)))
            .max_by_key(|&(w, i)| (w, std::cmp::Reverse(i)));
        let Some((w, i)) = widest else { break };
        widths[i] = Some(w - 1);
        used -= 1;
    }
    widths
}

/// When `at` is, seen from `now`, as a table shows it: "just now", "in 42 min", "3 hours
/// ago", "in 5 days"; beyond two months the date. JSON has the RFC 3339 time instead.
#[must_use]
pub(super) fn relative(at: time::OffsetDateTime, now: time::OffsetDateTime) -> String {
    let seconds = (at - now).whole_seconds();
    let span = seconds.unsigned_abs();
    let (count, unit) = match span {
        0..60 => return "just now".to_owned(),
        60..3_600 => (span / 60, "min"),
        3_600..172_800 => (span / 3_600, if span < 7_200 { "hour" } else { "hours" }),
        172_800..5_184_000 => (span / 86_400, "days"),
        _ => {
            return at
                .to_offset(time::UtcOffset::UTC)
                .format(time::macros::format_description!("[year]-[month]-[day]"))
                .unwrap_or_default();
        }
    };
    if seconds < 0 {
        format!("{count} {unit} ago")
    } else {
        format!("in {count} {unit}")
    }
}

/// `45 s`, `15 min`, `2 h 30 min`.
pub(super) fn spoken(length: std::time::Duration) -> String {
    let secs = length.as_secs();
    match (secs / 3600, secs % 3600 / 60, secs % 60) {
        (0, 0, s) => format!("{s} s"),
        (0, m, 0) => format!("{m} min"),
        (h, 0, 0) => format!("{h} h"),
        (0, m, s) => format!("{m} min {s} s"),
        (h, m, _) => format!("{h} h {m} min"),
    }
}

/// [`relative`] of an RFC 3339 time as the JSON documents carry it; the text itself when it
/// is not one.
#[must_use]
pub(super) fn relative_rfc3339(at: &str, now: time::OffsetDateTime) -> String {
    time::OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339)
        .map_or_else(|_| at.to_owned(), |at| relative(at, now))
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
    fn a_streamed_object_reads_as_a_whole_one() {
        #[derive(Serialize)]
        struct Doc {
            checked: Vec<&'static str>,
            rows: Vec<serde_json::Value>,
            ready: bool,
        }
        let streamed = |doc: &Doc| {
            let mut out = Vec::new();
            let mut object = JsonObject::to(&mut out);
            object.field("checked", &doc.checked).unwrap();
            object.array("rows").unwrap();
            for row in &doc.rows {
                object.push(row).unwrap();
            }
            object.field("ready", &doc.ready).unwrap();
            object.finish().unwrap();
            String::from_utf8(out).unwrap()
        };
        let rows = vec![
            serde_json::json!({"link": "a", "scopes": ["x", "y"]}),
            serde_json::json!({"link": "b", "scopes": []}),
        ];
        for doc in [
            Doc {
                checked: vec!["development", "production"],
                rows,
                ready: false,
            },
            Doc {
                checked: Vec::new(),
                rows: Vec::new(),
                ready: true,
            },
        ] {
            let whole = serde_json::to_string_pretty(&doc).unwrap() + "\n";
            assert_eq!(streamed(&doc), whole);
        }
    }

    fn at(seconds: i64) -> time::OffsetDateTime {
        time::macros::datetime!(2026-03-01 12:00 UTC) + time::Duration::seconds(seconds)
    }

    #[test]
    fn times_read_relative_to_now() {
        let now = at(0);
        let cases = [
            (0, "just now"),
            (-59, "just now"),
            (59, "just now"),
            (60, "in 1 min"),
            (42 * 60 + 30, "in 42 min"),
            (-(42 * 60), "42 min ago"),
            (3_600, "in 1 hour"),
            (-(3 * 3_600 + 59), "3 hours ago"),
            (47 * 3_600, "in 47 hours"),
            (-(3 * 86_400), "3 days ago"),
            (59 * 86_400, "in 59 days"),
            (-(61 * 86_400), "2025-12-30"),
        ];
        for (offset, shown) in cases {
            assert_eq!(relative(at(offset), now), shown, "{offset} s");
        }
    }

    fn rows(cells: &[&[&str]]) -> Vec<Vec<String>> {
        cells
            .iter()
            .map(|row| row.iter().map(|&c| c.to_owned()).collect())
            .collect()
    }

    #[test]
    fn wide_tables_keep_every_value_whole() {
        let columns = [Column::new("NAME", 0), Column::new("NOTE", 1)];
        let rows = rows(&[&["a", "a long note that fits"], &["bb", "-"]]);
        let whole = "NAME  NOTE\na     a long note that fits\nbb    -\n";
        assert_eq!(fitted(&columns, &rows, None), whole);
        assert_eq!(fitted(&columns, &rows, Some(27)), whole);
    }

    #[test]
    fn narrow_tables_drop_the_least_important_columns_first() {
        let columns = [
            Column::new("LINK", 0),
            Column::new("DISPLAY NAME", 3),
            Column::new("CONNECTOR", 2),
            Column::new("STATE", 1),
        ];
        let rows = rows(&[&[
            "deploy",
            "The deployment pipeline",
            "github",
            "connected: dev prod",
        ]]);
        assert_eq!(
            fitted(&columns, &rows, Some(40)),
            "LINK    CONNECTOR  STATE\ndeploy  github     connected: dev prod\n"
        );
        assert_eq!(
            fitted(&columns, &rows, Some(28)),
            "LINK    STATE\ndeploy  connected: dev prod\n"
        );
    }

    #[test]
    fn what_still_does_not_fit_is_cut_short_at_the_widest_column() {
        let columns = [Column::new("LINK", 0), Column::new("STATE", 0)];
        let rows = rows(&[&["deploy", "needs-reauthorization: prod"]]);
        let fitted = fitted(&columns, &rows, Some(24));
        assert_eq!(fitted, "LINK    STATE\ndeploy  needs-reauthori…\n");
        assert!(fitted.lines().all(|l| l.chars().count() <= 24), "{fitted}");
    }

    #[test]
    fn the_columns_that_identify_a_row_are_cut_last() {
        let columns = [Column::new("LINK", 0), Column::new("STATE", 1)];
        let rows = rows(&[&["storefront-deploy", "needs-reauthorization: dev prod"]]);
        // The wider STATE gives before LINK loses a character.
        assert_eq!(
            fitted(&columns, &rows, Some(36)),
            "LINK               STATE\nstorefront-deploy  needs-reauthoriz…\n"
        );
    }

    #[test]
    fn a_less_important_column_goes_before_a_more_important_one_is_cut() {
        let columns = [
            Column::new("LINK", 0),
            Column::new("DISPLAY NAME", 3),
            Column::new("STATE", 1),
        ];
        let rows = rows(&[&[
            "deploy",
            "Weather for the storefront deployment pipeline",
            "needs-reauthorization: dev prod",
        ]]);
        assert_eq!(
            fitted(&columns, &rows, Some(50)),
            "LINK    STATE\ndeploy  needs-reauthorization: dev prod\n"
        );
        // With a comfortable width left over, it is shown cut short.
        assert_eq!(
            fitted(&columns, &rows, Some(60)),
            "LINK    DISPLAY NAME         STATE\ndeploy  Weather for the st…  needs-reauthorization: dev prod\n"
        );
    }

    #[test]
    fn bold_is_plain_without_colour() {
        assert_eq!(bold("Vault", false), "Vault");
        assert_eq!(bold("Vault", true), "\x1b[1mVault\x1b[0m");
    }
}
