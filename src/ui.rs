//! How the core talks to the person running it without printing: notices, diagnostics at a
//! verbosity, instructions a flow cannot go on without, the progress of a long wait, and
//! questions (through a [`Prompter`], when someone can answer). The command layer renders
//! these for a terminal, for runs without one, and for `--json`.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use crate::error::Error;
use crate::prompt::Prompter;

/// How much is said on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
    Debug,
    Trace,
}

/// What the core may tell and ask the person. Nothing here fails a command: a message that
/// cannot be shown is dropped, so work already done (a rotated token, a new grant) is kept.
pub trait Ui {
    /// How much the person asked to be told.
    fn verbosity(&self) -> Verbosity;
    /// A message for the person; silent with `-q`.
    fn notice(&self, message: &str);
    /// A diagnostic, shown at `level` and above. Never pass it a secret.
    fn diagnostic(&self, level: Verbosity, message: &str);
    /// What the person must read to go on (the URL to open, the code to enter): shown even
    /// with `-q`.
    fn instruction(&self, text: &str);
    /// The cue for a line the core reads from stdin itself (no line break after it).
    fn cue(&self, text: &str);
    /// A failure the run goes on after (an answer that cannot be used and is asked for again,
    /// a missing key source about to be offered): its message, and its recommendation when
    /// `hint`. Silent with `-q`.
    fn problem(&self, error: &Error, hint: bool);
    /// The visible side of a wait for `what` (e.g. "the browser") of at most `total`.
    fn progress(&self, what: &str, total: Duration) -> Box<dyn Progress>;
    /// Asks questions, or `None` when nobody can answer them.
    fn prompter(&self) -> Option<&dyn Prompter>;
}

/// How a long wait is shown while it lasts; dropping it removes what it drew.
pub trait Progress {
    /// Shows that time passes (called about every half second).
    fn tick(&mut self, remaining: Duration);
    /// A diagnostic (at `-v`) that arrived during the wait.
    fn note(&mut self, message: &str);
}

/// A deadline and how it is shown.
pub struct Countdown {
    started: Instant,
    total: Duration,
    shown: Box<dyn Progress>,
}

impl Countdown {
    /// Starts the wait for `what`, ending `total` from now, shown by `ui`.
    pub fn start(ui: &dyn Ui, what: &str, total: Duration) -> Self {
        let mut countdown = Self {
            started: Instant::now(),
            total,
            shown: ui.progress(what, total),
        };
        countdown.tick();
        countdown
    }

    /// A wait that shows nothing (tests).
    #[must_use]
    pub fn silent(total: Duration) -> Self {
        Self {
            started: Instant::now(),
            total,
            shown: Box::new(Unseen),
        }
    }

    #[must_use]
    pub fn remaining(&self) -> Duration {
        self.total.saturating_sub(self.started.elapsed())
    }

    #[must_use]
    pub fn total(&self) -> Duration {
        self.total
    }

    /// Shows the time left.
    pub fn tick(&mut self) {
        let remaining = self.remaining();
        self.shown.tick(remaining);
    }

    /// A diagnostic (at `-v`) during the wait.
    pub fn note(&mut self, message: &str) {
        self.shown.note(message);
    }
}

/// A wait nobody sees.
pub struct Unseen;

impl Progress for Unseen {
    fn tick(&mut self, _: Duration) {}
    fn note(&mut self, _: &str) {}
}

/// A ui that keeps everything it is told in memory and answers questions only through the
/// prompter it is given; for tests and for callers of the library that show nothing.
pub struct Recording {
    verbosity: Verbosity,
    prompter: Option<Box<dyn Prompter>>,
    said: Transcript,
}

/// What a [`Recording`] was told, one entry per message as the terminal would show it; a
/// handle that stays readable after the recording moved into a context.
#[derive(Debug, Clone, Default)]
pub struct Transcript(Rc<RefCell<Vec<String>>>);

impl Transcript {
    #[must_use]
    pub fn lines(&self) -> Vec<String> {
        self.0.borrow().clone()
    }

    fn push(&self, text: String) {
        self.0.borrow_mut().push(text);
    }
}

impl Default for Recording {
    fn default() -> Self {
        Self::new(Verbosity::Normal)
    }
}

impl Recording {
    /// Records what would be shown at `verbosity`.
    #[must_use]
    pub fn new(verbosity: Verbosity) -> Self {
        Self {
            verbosity,
            prompter: None,
            said: Transcript::default(),
        }
    }

    /// Questions go to `prompter`.
    #[must_use]
    pub fn with_prompter(mut self, prompter: Box<dyn Prompter>) -> Self {
        self.prompter = Some(prompter);
        self
    }

    /// What this recording is told, from now on too.
    #[must_use]
    pub fn transcript(&self) -> Transcript {
        self.said.clone()
    }

    fn keep(&self, text: String) {
        self.said.push(text);
    }
}

impl Ui for Recording {
    fn verbosity(&self) -> Verbosity {
        self.verbosity
    }

    fn notice(&self, message: &str) {
        if self.verbosity > Verbosity::Quiet {
            self.keep(message.to_owned());
        }
    }

    fn diagnostic(&self, level: Verbosity, message: &str) {
        if self.verbosity >= level {
            self.keep(format!("tether: {message}"));
        }
    }

    fn instruction(&self, text: &str) {
        self.keep(text.to_owned());
    }

    fn cue(&self, text: &str) {
        self.keep(text.to_owned());
    }

    fn problem(&self, error: &Error, _hint: bool) {
        if self.verbosity > Verbosity::Quiet {
            self.keep(error.to_string());
        }
    }

    fn progress(&self, _: &str, _: Duration) -> Box<dyn Progress> {
        Box::new(Unseen)
    }

    fn prompter(&self) -> Option<&dyn Prompter> {
        self.prompter.as_deref()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_follow_the_verbosity_and_instructions_always_show() {
        let ui = Recording::new(Verbosity::Quiet);
        ui.notice("hidden");
        ui.diagnostic(Verbosity::Verbose, "hidden too");
        ui.instruction("open this URL");
        assert_eq!(ui.transcript().lines(), ["open this URL"]);
        let ui = Recording::new(Verbosity::Verbose);
        ui.notice("shown");
        ui.diagnostic(Verbosity::Verbose, "listening");
        ui.diagnostic(Verbosity::Debug, "not at -v");
        assert_eq!(ui.transcript().lines(), ["shown", "tether: listening"]);
    }
}
