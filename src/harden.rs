//! Keeps the secrets in tether's memory away from other processes of the same user and out of
//! core files: at start-up, before anything reads a secret, the process is made non-dumpable
//! (no ptrace, no `gcore`, `/proc/PID/environ` and `mem` owned by root) and its core file size
//! limit is set to 0.
//!
//! Guarantees: nothing here stops tether; what could not be done is kept for [`notes`] (shown
//! at `-v`). A command that `tether exec` runs starts with the core limit tether started with
//! ([`release_for_command`]); the kernel makes the new program dumpable again by itself.

use std::sync::OnceLock;

/// What start-up did, once per process.
struct State {
    /// What could not be done, for `-v`.
    notes: Vec<String>,
    /// The core limit tether started with, when it was lowered.
    #[cfg(unix)]
    core: Option<rustix::process::Rlimit>,
}

static STATE: OnceLock<State> = OnceLock::new();

/// Applies the protections to this process. Call it first thing; later calls do nothing.
pub(crate) fn process() {
    STATE.get_or_init(apply);
}

/// What [`process`] could not do, one sentence each.
pub(crate) fn notes() -> &'static [String] {
    STATE.get().map_or(&[], |state| state.notes.as_slice())
}

#[cfg(unix)]
fn apply() -> State {
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};

    let mut notes = Vec::new();
    #[cfg(any(target_os = "linux", target_os = "android"))]
    if let Err(e) =
        rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable)
    {
        notes.push(format!(
            "could not make this process non-dumpable ({e}); a debugger running as the same user could read its memory"
        ));
    }
    let original = getrlimit(Resource::Core);
    // Only the soft limit: the hard one stays where it was, so that the limit can be raised
    // again for the command `exec` runs.
    let core = match setrlimit(
        Resource::Core,
        Rlimit {
            current: Some(0),
            maximum: original.maximum,
        },
    ) {
        Ok(()) => Some(original),
        Err(e) => {
            notes.push(format!(
                "could not turn off core files ({e}); a crash could write tether's memory to disk"
            ));
            None
        }
    };
    State { notes, core }
}

#[cfg(not(unix))]
fn apply() -> State {
    State { notes: Vec::new() }
}

/// Gives the command `exec` is about to become the core limit tether started with: whether it
/// may dump core is the person's setting, not tether's. Dropping the returned value (when the
/// command could not be started) turns core files off again.
#[cfg(unix)]
#[must_use]
pub(crate) fn release_for_command() -> CoreReleased {
    let original = STATE.get().and_then(|state| state.core);
    if let Some(limit) = original {
        let _ = rustix::process::setrlimit(rustix::process::Resource::Core, limit);
    }
    CoreReleased { original }
}

/// The core limit given back by [`release_for_command`], lowered again on drop.
#[cfg(unix)]
pub(crate) struct CoreReleased {
    original: Option<rustix::process::Rlimit>,
}

#[cfg(unix)]
impl Drop for CoreReleased {
    fn drop(&mut self) {
        if let Some(original) = self.original {
            let _ = rustix::process::setrlimit(
                rustix::process::Resource::Core,
                rustix::process::Rlimit {
                    current: Some(0),
                    maximum: original.maximum,
                },
            );
        }
    }
}
