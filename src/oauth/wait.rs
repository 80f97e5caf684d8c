//! The visible side of a long wait (browser redirect, device-code polling): a spinner line
//! with the time left, redrawn about every second on a terminal; one plain line otherwise.

use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::context::{Context, Verbosity};

const FRAMES: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/// A deadline and how it is shown on stderr.
pub struct Countdown {
    what: String,
    started: Instant,
    total: Duration,
    spinner: bool,
    verbosity: Verbosity,
    frame: usize,
    drawn: bool,
}

impl Countdown {
    /// Starts the wait for `what` (e.g. "the browser"), ending `total` from now.
    pub fn start(ctx: &Context, what: &str, total: Duration) -> Self {
        let shown = ctx.verbosity > Verbosity::Quiet;
        let spinner = shown && std::io::stderr().is_terminal();
        if shown && !spinner {
            crate::output::eprint_line(&format!("Waiting up to {} for {what}…", clock(total)));
        }
        let mut countdown = Self {
            what: what.to_owned(),
            started: Instant::now(),
            total,
            spinner,
            verbosity: ctx.verbosity,
            frame: 0,
            drawn: false,
        };
        countdown.tick();
        countdown
    }

    /// A wait that shows nothing (tests).
    #[must_use]
    pub fn silent(total: Duration) -> Self {
        Self {
            what: String::new(),
            started: Instant::now(),
            total,
            spinner: false,
            verbosity: Verbosity::Quiet,
            frame: 0,
            drawn: false,
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

    /// Redraws the spinner line (a no-op without a terminal).
    pub fn tick(&mut self) {
        if !self.spinner {
            return;
        }
        self.frame = (self.frame + 1) % FRAMES.len();
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r\x1b[2K{} Waiting for {} — {} left (Ctrl-C to cancel)",
            FRAMES[self.frame],
            self.what,
            clock(self.remaining())
        );
        let _ = err.flush();
        self.drawn = true;
    }

    /// A diagnostic line (at `-v`), printed above the spinner.
    pub fn note(&mut self, message: &str) {
        if self.verbosity >= Verbosity::Verbose {
            self.clear();
            crate::output::eprint_line(&format!("tether: {message}"));
        }
    }

    /// Removes the spinner line.
    pub fn clear(&mut self) {
        if self.drawn {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
            self.drawn = false;
        }
    }
}

impl Drop for Countdown {
    fn drop(&mut self) {
        self.clear();
    }
}

/// How polling waits pass. In production a second is a second; tests scale the waits down
/// (`Pace::scaled(1000)`: a 5 s interval lasts 5 ms) and read back the nominal schedule.
#[derive(Debug, Clone, Default)]
pub struct Pace {
    divisor: u32,
    waits: Arc<Mutex<Vec<Duration>>>,
}

impl Pace {
    /// Every wait lasts `1/divisor` of its nominal length.
    #[must_use]
    pub fn scaled(divisor: u32) -> Self {
        Self {
            divisor,
            waits: Arc::default(),
        }
    }

    /// The nominal waits so far, in order (shared between clones).
    #[must_use]
    pub fn waits(&self) -> Vec<Duration> {
        self.waits.lock().map(|w| w.clone()).unwrap_or_default()
    }

    /// How long `nominal` really lasts.
    #[must_use]
    pub fn real(&self, nominal: Duration) -> Duration {
        nominal / self.divisor.max(1)
    }

    /// Waits `nominal` (scaled), keeping the countdown moving.
    pub fn sleep(&self, nominal: Duration, countdown: &mut Countdown) {
        if let Ok(mut waits) = self.waits.lock() {
            waits.push(nominal);
        }
        let end = Instant::now() + self.real(nominal);
        loop {
            let left = end.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            std::thread::sleep(left.min(Duration::from_millis(500)));
            countdown.tick();
        }
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
