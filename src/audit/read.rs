//! Reading the audit log back: the rotated files oldest first, then the log, one event a
//! line; a damaged line is counted and skipped, never fatal.

use std::io::Read as _;

use super::{Event, KEEP, LIMIT, log_file};
use crate::error::{Error, Result};
use crate::paths::Paths;
use crate::safe_fs;

/// The most read of one file: processes racing the rotation may take a file a few lines past
/// [`LIMIT`]; a file grown far beyond it was not written by tether, and its tail is dropped.
const CAP: u64 = 2 * LIMIT;

/// What the audit log holds.
#[derive(Debug, Default)]
pub struct Reading {
    /// Every event, oldest first.
    pub events: Vec<Event>,
    /// How many lines could not be read as an event.
    pub damaged: usize,
}

/// Reads every event of the home's audit log, oldest first; an empty reading when there is
/// no log yet.
pub fn read(paths: &Paths) -> Result<Reading> {
    let mut reading = Reading::default();
    for n in (0..=KEEP).rev() {
        let path = log_file(paths, n);
        let Some(mut stream) = safe_fs::open_stream(&path, CAP)? else {
            continue;
        };
        let mut bytes = Vec::new();
        stream
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io("reading", &path, e))?;
        for line in bytes.split(|b| *b == b'\n') {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match serde_json::from_slice::<Event>(line) {
                Ok(event) => reading.events.push(event),
                Err(_) => reading.damaged += 1,
            }
        }
    }
    Ok(reading)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::audit::append;

    #[test]
    fn rotated_files_come_first_and_damaged_lines_are_counted() {
        let tmp = tempfile::tempdir().unwrap();
        let paths = Paths::under(&tmp.path().join("home"));
        assert!(read(&paths).unwrap().events.is_empty());
        append(&paths, &Event::new("older")).unwrap();
        std::fs::rename(log_file(&paths, 0), log_file(&paths, 2)).unwrap();
        append(&paths, &Event::new("newer")).unwrap();
        let log = log_file(&paths, 0);
        let mut bytes = std::fs::read(&log).unwrap();
        bytes.extend_from_slice(b"{\"time\": \"not a time\"}\n\xff garbage\n");
        std::fs::write(&log, bytes).unwrap();
        append(&paths, &Event::new("newest")).unwrap();
        let reading = read(&paths).unwrap();
        let commands: Vec<&str> = reading.events.iter().map(|e| e.command.as_str()).collect();
        assert_eq!(commands, ["older", "newer", "newest"]);
        assert_eq!(reading.damaged, 2);
    }
}
