//! The ui of a real run, on stderr: notices and diagnostics as lines, questions through the
//! terminal when a person can answer them, waits as a spinner on a terminal or one plain line
//! otherwise. `--json` changes nothing here: stdout carries the one JSON document, stderr is
//! for the person, so the same lines go there.

#[cfg(unix)]
mod enter;
mod interrupt;
mod line;

pub(crate) use interrupt::{die_if_interrupted, errors_as_json};
mod prompt;
mod spinner;

use std::io::{IsTerminal, Write};
use std::time::Duration;

use crate::error::Error;
use crate::prompt::Prompter;
use crate::ui::{Progress, Ui, Unseen, Verbosity};

pub(crate) use prompt::TerminalPrompter;

/// Writes `text` to stderr. Messages never fail a command: a closed or broken stderr
/// (`tether … 2>&1 | head -1`) is ignored, so work already done (a rotated token, a new
/// grant) is kept and the command ends as it would have.
pub(crate) fn eprint(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

/// [`eprint`] with a newline.
pub(crate) fn eprint_line(text: &str) {
    eprint(&format!("{text}\n"));
}

/// The stderr ui of one run.
pub(crate) struct Console {
    verbosity: Verbosity,
    /// `None` under `--no-input`, in CI, or without a terminal: asking then fails with the
    /// flag that supplies the value.
    prompter: Option<TerminalPrompter>,
    /// Whether waits are drawn as a spinner (stderr is a terminal).
    spinner: bool,
}

impl Console {
    /// The ui for a run at `verbosity`; `no_input` (or `CI`) means nobody answers questions.
    #[must_use]
    pub(crate) fn new(verbosity: Verbosity, no_input: bool, color: bool) -> Self {
        // Prompts draw on stderr: `--color never` and NO_COLOR turn their colours off too
        // (otherwise the terminal library decides, as it knows TERM).
        if !color {
            dialoguer::console::set_colors_enabled_stderr(false);
        }
        Self {
            verbosity,
            prompter: can_prompt(no_input).then_some(TerminalPrompter),
            spinner: std::io::stderr().is_terminal(),
        }
    }
}

impl Ui for Console {
    fn verbosity(&self) -> Verbosity {
        self.verbosity
    }

    fn notice(&self, message: &str) {
        if self.verbosity > Verbosity::Quiet {
            eprint_line(message);
        }
    }

    fn diagnostic(&self, level: Verbosity, message: &str) {
        if self.verbosity >= level {
            eprint_line(&format!("tether: {message}"));
        }
    }

    fn instruction(&self, text: &str) {
        eprint_line(text);
    }

    fn cue(&self, text: &str) {
        eprint(text);
    }

    fn problem(&self, error: &Error, hint: bool) {
        let diagnosis = super::diagnose::diagnose(error);
        match &diagnosis.hint {
            Some(text) if hint => self.notice(&format!("{}\n  hint: {text}", diagnosis.message)),
            _ => self.notice(&diagnosis.message),
        }
    }

    fn progress(&self, what: &str, total: Duration) -> Box<dyn Progress> {
        match (self.verbosity, self.spinner) {
            (Verbosity::Quiet, _) => Box::new(Unseen),
            (_, true) => Box::new(spinner::Spinner::new(what, self.verbosity)),
            (_, false) => {
                spinner::announce(what, total);
                Box::new(spinner::Notes::new(self.verbosity))
            }
        }
    }

    fn prompter(&self) -> Option<&dyn Prompter> {
        self.prompter.as_ref().map(|p| p as &dyn Prompter)
    }
}

/// Prompting needs a person: no `--no-input`, no `CI`, and a terminal on stdin and stderr.
fn can_prompt(no_input: bool) -> bool {
    !no_input && !in_ci() && std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Whether `CI` says this is an unattended run.
#[must_use]
pub(crate) fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "0" && v != "false")
}
