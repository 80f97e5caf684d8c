//! How polling waits pass: a second is a second in production; tests scale the waits down and
//! read back the nominal schedule.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::ui::Countdown;

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

    /// Waits `nominal` (scaled), keeping the countdown moving and calling `meanwhile` at every
    /// tick of it (twice a second).
    pub fn sleep_with(
        &self,
        nominal: Duration,
        countdown: &mut Countdown,
        meanwhile: &mut dyn FnMut(&mut Countdown),
    ) {
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
            meanwhile(countdown);
        }
    }
}
