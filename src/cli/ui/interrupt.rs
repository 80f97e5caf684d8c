//! Ctrl-C while tether asks something: the terminal is given back as it was before the
//! question (cursor shown, echo on) and the run ends, before anything was written.
//!
//! Questions read the terminal in two ways. Key by key (selects, confirms, text) the terminal
//! is raw, Ctrl-C is a key, and `console` answers it by sending SIGINT to this process; the
//! question then returns an interruption, which the command reports as "cancelled". A hidden
//! passphrase is read as a line with echo off: Ctrl-C is the terminal's SIGINT and the read
//! cannot be interrupted, so the watcher thread here ends the run itself. Either way the
//! default action of SIGINT (death, cursor hidden, echo off) must not happen while asking, so
//! the watcher holds SIGINT from the first question on. Once the terminal is given back and
//! the cancel reported, the run dies of SIGINT after all: a shell running tether from a script
//! stops only when its child died of the signal, not when it exited 130.

use std::sync::{Mutex, MutexGuard, PoisonError};

/// How a question reads the terminal, which decides who ends the run on Ctrl-C.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reading {
    /// Key by key: the question returns the interruption and the command reports it.
    Keys,
    /// A line with echo off: nothing returns, the watcher ends the run.
    Line,
}

/// What the terminal is doing, as the watcher sees it.
enum State {
    Idle,
    Asking {
        id: u64,
        reading: Reading,
        /// The terminal's settings before the question, put back on Ctrl-C.
        #[cfg(unix)]
        before: Option<rustix::termios::Termios>,
    },
    /// A question returned an interruption; the command is on its way out and says so.
    Cancelled,
}

static STATE: Mutex<State> = Mutex::new(State::Idle);

fn state() -> MutexGuard<'static, State> {
    STATE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Held while a question is on the terminal.
pub(super) struct Question {
    id: u64,
}

/// Marks the start of a question read in `reading` mode.
pub(super) fn asking(reading: Reading) -> Question {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    watch();
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    *state() = State::Asking {
        id,
        reading,
        #[cfg(unix)]
        before: rustix::termios::tcgetattr(std::io::stdin()).ok(),
    };
    Question { id }
}

impl Question {
    /// The question was cancelled (ESC): the command reports it, the watcher stays out of it.
    pub(super) fn cancelled(self) {
        *state() = State::Cancelled;
        std::mem::forget(self);
    }

    /// [`Question::cancelled`] by Ctrl-C: once reported, the run dies of SIGINT.
    pub(super) fn interrupted(self) {
        INTERRUPTED.store(true, std::sync::atomic::Ordering::Relaxed);
        self.cancelled();
    }
}

/// Whether errors are written as JSON (`--json`), for the cancel the watcher reports itself.
static JSON: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Says whether errors are written as JSON (set once by [`crate::cli::run`]).
pub(crate) fn errors_as_json(on: bool) {
    JSON.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// Whether a question was ended by Ctrl-C.
static INTERRUPTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// After a question ended by Ctrl-C was reported: dies of SIGINT, as the run would have
/// without the watcher. Returns otherwise.
pub(crate) fn die_if_interrupted() {
    if INTERRUPTED.load(std::sync::atomic::Ordering::Relaxed) {
        die();
    }
}

/// Dies of SIGINT (its default action), or exits 130 where that cannot be done.
fn die() -> ! {
    #[cfg(unix)]
    let _ = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGINT);
    std::process::exit(130);
}

impl Drop for Question {
    fn drop(&mut self) {
        let mut state = state();
        if matches!(*state, State::Asking { id, .. } if id == self.id) {
            *state = State::Idle;
        }
    }
}

/// Starts the watcher once. If SIGINT cannot be taken, Ctrl-C kills the run as it always did.
#[cfg(unix)]
fn watch() {
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| {
        let Ok(signals) = async_signal::Signals::new([async_signal::Signal::Int]) else {
            return;
        };
        let _ = std::thread::Builder::new()
            .name("ctrl-c".into())
            .spawn(move || watcher(&signals));
    });
}

#[cfg(not(unix))]
fn watch() {}

/// Waits for each SIGINT and decides who ends the run.
#[cfg(unix)]
fn watcher(signals: &async_signal::Signals) {
    use rustix::event::{PollFd, PollFlags, poll};
    loop {
        match poll(&mut [PollFd::new(signals, PollFlags::IN)], None) {
            Ok(_) => {}
            Err(rustix::io::Errno::INTR) => continue,
            Err(_) => return,
        }
        // Drain the notification so the next poll waits again.
        let _ = rustix::io::read(signals, &mut [0u8; 64]);
        let asking = match &*state() {
            State::Cancelled => continue,
            State::Idle => None,
            State::Asking { id, reading, .. } => Some((*id, *reading)),
        };
        if let Some((id, Reading::Keys)) = asking {
            // The question returns the interruption itself. A Ctrl-C that fell between two
            // keys (the terminal briefly not raw) is a plain SIGINT the question never sees:
            // if it is still asking a moment later, end the run here.
            std::thread::sleep(std::time::Duration::from_millis(300));
            if !matches!(*state(), State::Asking { id: now, .. } if now == id) {
                continue;
            }
        }
        end();
    }
}

/// Puts the terminal back as it was before the question and exits with 130.
#[cfg(unix)]
fn end() -> ! {
    let asked = std::mem::replace(&mut *state(), State::Cancelled);
    if let State::Asking { before, .. } = asked {
        if let Some(before) = before {
            let _ = rustix::termios::tcsetattr(
                std::io::stdin(),
                rustix::termios::OptionalActions::Now,
                &before,
            );
        }
        let cancelled =
            super::super::diagnose::diagnose(&crate::usage::UsageError::Cancelled.into());
        let told = if JSON.load(std::sync::atomic::Ordering::Relaxed) {
            cancelled.to_json()
        } else {
            cancelled.to_text()
        };
        super::eprint(&format!("{SHOW_CURSOR}\n{told}"));
    }
    die();
}

/// The escape sequence that makes the cursor visible again (DECTCEM).
pub(super) const SHOW_CURSOR: &str = "\x1b[?25h";
