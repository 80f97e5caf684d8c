//! "Press Enter to …" while something else goes on (the device flow's polling): a thread
//! waits for a line on the terminal, and the waiting side asks whether Enter was pressed
//! between its own steps, so the wait is never held up by it. The thread reads only a whole
//! line that is already there, and is joined when the watch ends, so it never takes a
//! keystroke meant for a later question.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::prompt::EnterWatch;

/// How often the thread looks at the stop flag while no line is there.
const LOOK: Duration = Duration::from_millis(100);

/// A running watch for Enter on standard input (a terminal in line mode).
pub(super) struct Watch {
    pressed: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Watch {
    /// Starts the thread; `None` if it cannot be started.
    pub(super) fn start() -> Option<Self> {
        let pressed = Arc::new(AtomicBool::new(false));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (pressed, stop) = (pressed.clone(), stop.clone());
            std::thread::Builder::new()
                .name("enter".into())
                .spawn(move || wait_for_line(&pressed, &stop))
                .ok()?
        };
        Some(Self {
            pressed,
            stop,
            thread: Some(thread),
        })
    }
}

fn wait_for_line(pressed: &AtomicBool, stop: &AtomicBool) {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    let stdin = std::io::stdin();
    let look = Timespec {
        tv_sec: 0,
        tv_nsec: i64::from(LOOK.subsec_nanos()),
    };
    while !stop.load(Ordering::Relaxed) {
        match poll(&mut [PollFd::new(&stdin, PollFlags::IN)], Some(&look)) {
            Ok(0) | Err(rustix::io::Errno::INTR) => {}
            // In line mode the terminal reports input only once a whole line is there.
            Ok(_) => {
                let mut line = String::new();
                if stdin.read_line(&mut line).is_ok_and(|n| n > 0) {
                    pressed.store(true, Ordering::Relaxed);
                }
                return;
            }
            Err(_) => return,
        }
    }
}

impl EnterWatch for Watch {
    fn pressed(&self) -> bool {
        self.pressed.swap(false, Ordering::Relaxed)
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
