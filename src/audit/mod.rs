//! The audit log: one JSON line for each use of a credential and each change of the home,
//! naming what was used or changed and how it ended, never a value (no secret, no token or
//! part of one, no param value, no text a provider sent).
//!
//! Guarantees:
//! - An event is one `write` of one line, well under `PIPE_BUF`, to a file opened with
//!   `O_APPEND`: lines of processes writing at once land whole, one after the other.
//! - The log lives in the home's `audit/` directory and is checked like every file there (no
//!   link, no other owner, `0600` in a `0700` directory).
//! - At [`LIMIT`] bytes the log is rotated under a lock of its own, so two processes never
//!   both rotate: `log.jsonl` becomes `log.1.jsonl`, `log.1.jsonl` becomes `log.2.jsonl`, and
//!   so on; [`KEEP`] rotated files are kept, the oldest is dropped.
//! - Nothing is synced: a line written just before a power cut may be lost. Writing costs one
//!   open, one write and one close, as `token` runs in a few milliseconds.

mod read;
mod trail;

pub use read::{Reading, read};
pub use trail::{Subject, Trail};

use std::io::{self, Write};
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::environment::Environment;
use crate::error::{Error, Result};
use crate::paths::Paths;
use crate::safe_fs;

/// The size at which the log is rotated.
pub const LIMIT: u64 = 1024 * 1024;

/// How many rotated files are kept beside the log.
pub const KEEP: usize = 3;

/// The longest name (command, link, account, application, connector) written whole; longer
/// ones are cut, so that a line stays far below `PIPE_BUF` (4096 bytes on Linux).
const LONGEST_NAME: usize = 200;

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// When it happened (RFC 3339, UTC, to the second).
    #[serde(with = "time::serde::rfc3339")]
    pub time: OffsetDateTime,
    /// The command (`token`, `connection authorize`) or what the core did on its way
    /// (`refresh`, `revoke`).
    pub command: String,
    pub link: Option<String>,
    pub environment: Option<Environment>,
    /// The account's label (its name, or `LINK@ENV` while unnamed).
    pub account: Option<String>,
    /// The application that asked (`--app`, `TETHER_APP`).
    pub app: Option<String>,
    /// The connector a connector command acted on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connector: Option<String>,
    #[serde(flatten)]
    pub outcome: Outcome,
    pub pid: u32,
    /// The effective user id (unix).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<u32>,
}

/// How an event ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "lowercase")]
pub enum Outcome {
    Ok,
    /// `reason` is a kind from a fixed list (`needs_reauthorization`, `unknown_connection`),
    /// never a message; `exit` is the command's exit code, when it failed with one.
    Error {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        exit: Option<u8>,
        reason: String,
    },
}

impl Outcome {
    /// A failure of kind `reason`: a fixed word, so that no value can slip into the log.
    #[must_use]
    pub fn error(exit: Option<u8>, reason: &'static str) -> Self {
        Self::Error {
            exit,
            reason: reason.to_owned(),
        }
    }
}

impl Event {
    /// An event of `command`, now, by this process; ok until said otherwise.
    #[must_use]
    pub fn new(command: &str) -> Self {
        let now = OffsetDateTime::now_utc();
        Self {
            time: now.replace_nanosecond(0).unwrap_or(now),
            command: name(command),
            link: None,
            environment: None,
            account: None,
            app: None,
            connector: None,
            outcome: Outcome::Ok,
            pid: std::process::id(),
            uid: uid(),
        }
    }

    #[must_use]
    pub fn link(mut self, link: &str) -> Self {
        self.link = Some(name(link));
        self
    }

    #[must_use]
    pub fn env(mut self, env: Environment) -> Self {
        self.environment = Some(env);
        self
    }

    /// The account, by its label.
    #[must_use]
    pub fn account(mut self, label: &str) -> Self {
        self.account = Some(name(label));
        self
    }

    #[must_use]
    pub fn app(mut self, app: Option<&str>) -> Self {
        self.app = app.map(name);
        self
    }

    #[must_use]
    pub fn connector(mut self, id: &str) -> Self {
        self.connector = Some(name(id));
        self
    }

    #[must_use]
    pub fn outcome(mut self, outcome: Outcome) -> Self {
        self.outcome = outcome;
        self
    }
}

/// Appends `event` to the home's audit log, rotating the log first when the line would take
/// it past [`LIMIT`].
pub fn append(paths: &Paths, event: &Event) -> Result<()> {
    let mut line = serde_json::to_string(event)
        .map_err(|e| Error::Internal(format!("cannot encode an audit event: {e}")))?;
    line.push('\n');
    let incoming = line.len() as u64;
    let path = log_file(paths, 0);
    let (mut file, size) = safe_fs::open_append(&path)?;
    if size > 0 && size + incoming > LIMIT {
        drop(file);
        rotate(paths, incoming)?;
        file = safe_fs::open_append(&path)?.0;
    }
    // One call for one short line: it lands whole.
    file.write_all(line.as_bytes())
        .map_err(|e| Error::io("writing", &path, e))
}

/// The log (`n` = 0) or its `n`th rotated file, 1 being the newest.
#[must_use]
pub fn log_file(paths: &Paths, n: usize) -> PathBuf {
    let dir = paths.audit_dir();
    if n == 0 {
        dir.join("log.jsonl")
    } else {
        dir.join(format!("log.{n}.jsonl"))
    }
}

/// Moves each file one place down the rotation, dropping the oldest, unless another process
/// did while this one waited for the lock.
fn rotate(paths: &Paths, incoming: u64) -> Result<()> {
    let _lock = safe_fs::FileLock::acquire(&paths.locks_dir().join("audit.lock"))?;
    let current = log_file(paths, 0);
    match std::fs::symlink_metadata(&current) {
        Ok(meta) if meta.len() + incoming > LIMIT => {}
        Err(e) if e.kind() != io::ErrorKind::NotFound => {
            return Err(Error::io("checking", &current, e));
        }
        _ => return Ok(()),
    }
    for n in (1..=KEEP).rev() {
        let from = log_file(paths, n - 1);
        match std::fs::rename(&from, log_file(paths, n)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => {
                return Err(Error::io("rotating", &from, e));
            }
            _ => {}
        }
    }
    Ok(())
}

/// A name as written: cut at [`LONGEST_NAME`] bytes, on a character boundary.
fn name(text: &str) -> String {
    let mut end = text.len().min(LONGEST_NAME);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_owned()
}

#[cfg(unix)]
#[allow(clippy::unnecessary_wraps)] // `None` elsewhere
fn uid() -> Option<u32> {
    Some(rustix::process::geteuid().as_raw())
}

#[cfg(not(unix))]
fn uid() -> Option<u32> {
    None
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn home() -> (tempfile::TempDir, Paths) {
        let tmp = tempfile::tempdir().unwrap();
        let paths = Paths::under(&tmp.path().join("home"));
        (tmp, paths)
    }

    #[test]
    fn an_event_is_one_line_of_json_with_every_field() {
        let event = Event::new("token")
            .link("gh")
            .env(Environment::Production)
            .account("alice")
            .app(Some("ci"))
            .outcome(Outcome::error(Some(3), "needs_reauthorization"));
        let (_tmp, paths) = home();
        append(&paths, &event).unwrap();
        append(&paths, &Event::new("vault init")).unwrap();
        let path = log_file(&paths, 0);
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        let first: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
        assert_eq!(first["command"], "token");
        assert_eq!(first["link"], "gh");
        assert_eq!(first["environment"], "production");
        assert_eq!(first["account"], "alice");
        assert_eq!(first["app"], "ci");
        assert_eq!(first["outcome"], "error");
        assert_eq!(first["exit"], 3);
        assert_eq!(first["reason"], "needs_reauthorization");
        assert_eq!(first["pid"], std::process::id());
        assert!(first["time"].as_str().unwrap().ends_with('Z'));
        let second: serde_json::Value = serde_json::from_str(lines[1]).unwrap();
        assert_eq!(second["outcome"], "ok");
        assert!(second["link"].is_null() && second.get("exit").is_none());
        assert_eq!(serde_json::from_str::<Event>(lines[0]).unwrap(), event);
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&paths.audit_dir()), 0o700);
    }

    #[test]
    fn long_names_are_cut_so_a_line_stays_short() {
        let long = "é".repeat(1000);
        let event = Event::new(&long)
            .link(&long)
            .account(&long)
            .app(Some(&long));
        let line = serde_json::to_string(&event).unwrap();
        assert!(line.len() < 1200, "{}", line.len());
        assert_eq!(event.link.unwrap().len(), LONGEST_NAME);
    }

    #[test]
    fn the_log_is_rotated_at_the_limit_and_keeps_a_few_files() {
        let (_tmp, paths) = home();
        append(&paths, &Event::new("first")).unwrap();
        let log = log_file(&paths, 0);
        let full = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
        full.set_len(LIMIT - 10).unwrap();
        for n in 1..=KEEP {
            std::fs::write(log_file(&paths, n), format!("{n}\n")).unwrap();
        }
        append(&paths, &Event::new("second")).unwrap();
        let text = std::fs::read_to_string(&log).unwrap();
        assert!(
            text.starts_with("{\"time\"") && text.contains("second"),
            "{text}"
        );
        assert_eq!(
            std::fs::metadata(log_file(&paths, 1)).unwrap().len(),
            LIMIT - 10
        );
        assert_eq!(std::fs::read_to_string(log_file(&paths, 2)).unwrap(), "1\n");
        assert_eq!(
            std::fs::read_to_string(log_file(&paths, KEEP)).unwrap(),
            "2\n"
        );
        assert!(
            !log_file(&paths, KEEP + 1).exists(),
            "the oldest is dropped"
        );
    }

    #[test]
    fn a_link_in_place_of_the_log_is_refused() {
        let (tmp, paths) = home();
        std::fs::create_dir_all(paths.audit_dir()).unwrap();
        let elsewhere = tmp.path().join("elsewhere");
        std::fs::write(&elsewhere, "").unwrap();
        std::os::unix::fs::symlink(&elsewhere, log_file(&paths, 0)).unwrap();
        let err = append(&paths, &Event::new("token")).unwrap_err();
        assert!(matches!(err, Error::Refused(_)), "{err:?}");
        assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "");
    }
}
