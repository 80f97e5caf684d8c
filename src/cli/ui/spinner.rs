//! The spinner line of a long wait (browser redirect, device-code polling), with the time left,
//! redrawn as time passes; without a terminal, one plain line when the wait starts instead.

use std::io::Write;
use std::time::Duration;

use dialoguer::console::Term;

use super::eprint_line;
use crate::ui::{Progress, Verbosity};

const FRAMES: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/// The one line said when a wait starts without a terminal.
pub(super) fn announce(what: &str, total: Duration) {
    eprint_line(&format!("Waiting up to {} for {what}…", clock(total)));
}

/// A wait without a terminal: only its diagnostics are shown.
pub(super) struct Notes {
    verbosity: Verbosity,
}

impl Notes {
    pub(super) fn new(verbosity: Verbosity) -> Self {
        Self { verbosity }
    }
}

impl Progress for Notes {
    fn tick(&mut self, _: Duration) {}

    fn note(&mut self, message: &str) {
        if self.verbosity >= Verbosity::Verbose {
            eprint_line(&format!("tether: {message}"));
        }
    }
}

/// A spinner line on the terminal's stderr.
pub(super) struct Spinner {
    what: String,
    verbosity: Verbosity,
    term: Term,
    frame: usize,
    drawn: bool,
}

impl Spinner {
    pub(super) fn new(what: &str, verbosity: Verbosity) -> Self {
        Self {
            what: what.to_owned(),
            verbosity,
            term: Term::stderr(),
            frame: 0,
            drawn: false,
        }
    }

    fn clear(&mut self) {
        if self.drawn {
            let _ = self.term.clear_line();
            self.drawn = false;
        }
    }
}

impl Progress for Spinner {
    fn tick(&mut self, remaining: Duration) {
        self.frame = (self.frame + 1) % FRAMES.len();
        let _ = self.term.clear_line();
        let _ = write!(
            self.term,
            "{} Waiting for {} — {} left (Ctrl-C to cancel)",
            FRAMES[self.frame],
            self.what,
            clock(remaining)
        );
        let _ = self.term.flush();
        self.drawn = true;
    }

    /// Printed above the spinner, which the next tick draws again.
    fn note(&mut self, message: &str) {
        if self.verbosity >= Verbosity::Verbose {
            self.clear();
            eprint_line(&format!("tether: {message}"));
        }
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.clear();
    }
}

/// `4:59` or `1:02:03`.
fn clock(d: Duration) -> String {
    let secs = d.as_secs() + u64::from(d.subsec_nanos() > 0);
    if secs >= 3600 {
        format!("{}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
    } else {
        format!("{}:{:02}", secs / 60, secs % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_rounds_up_to_whole_seconds() {
        assert_eq!(clock(Duration::from_secs(300)), "5:00");
        assert_eq!(clock(Duration::from_millis(299_001)), "5:00");
        assert_eq!(clock(Duration::from_secs(3723)), "1:02:03");
        assert_eq!(clock(Duration::ZERO), "0:00");
    }
}
