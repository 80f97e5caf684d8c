//! Running a command whose output is masked: tether stays its parent, passes its stdout and
//! stderr on through a [`Masker`] each, forwards the signals a person or a supervisor sends,
//! and reports how it ended.
//!
//! Guarantees: stdin is the command's own (inherited); output is passed on as it comes, with
//! no line buffering, holding back only what could be the start of a secret; a signal sent to
//! tether (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH) is sent on to the
//! command, except that a signal the terminal generates for its foreground process group
//! (Ctrl-C, Ctrl-\, a resize, a hang-up) already reached the command, which shares tether's
//! group, and is not sent twice. When tether's own stdout or stderr is closed (`… | head`),
//! the command's pipe is closed too, so it sees a broken pipe as it would without tether.

use std::io::{Read, Write};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};

use crate::mask::Masker;

/// How the command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ended {
    Exited(i32),
    /// Killed by this signal number.
    Signalled(i32),
}

impl Ended {
    /// The exit status a shell reports for it: the code, or 128 + the signal.
    #[must_use]
    pub(crate) fn shell_code(self) -> i32 {
        match self {
            Self::Exited(code) => code,
            Self::Signalled(signal) => 128 + signal,
        }
    }

    fn from_status(status: ExitStatus) -> Self {
        use std::os::unix::process::ExitStatusExt as _;
        match (status.code(), status.signal()) {
            (Some(code), _) => Self::Exited(code),
            (None, Some(signal)) => Self::Signalled(signal),
            (None, None) => Self::Exited(1),
        }
    }
}

/// The signals passed on to the command.
const FORWARDED: [i32; 7] = [
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGQUIT,
    signal_hook::consts::SIGUSR1,
    signal_hook::consts::SIGUSR2,
    signal_hook::consts::SIGWINCH,
];

/// Those a terminal sends to its whole foreground process group.
const FROM_TERMINAL: [i32; 4] = [
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGQUIT,
    signal_hook::consts::SIGWINCH,
];

/// Starts `command` with piped stdout and stderr, relays them through maskers of `secrets`
/// to `stdout` and `stderr`, and waits until it has ended and both pipes are closed (a
/// program it left running in the background with the pipes open is waited for too, as a
/// shell pipeline would).
///
/// # Errors
///
/// Why the command could not be started; once it runs, how it ends is the answer.
pub(crate) fn run<O, E>(
    mut command: Command,
    secrets: &[&[u8]],
    stdout: O,
    stderr: E,
) -> std::io::Result<Ended>
where
    O: Write + Send + 'static,
    E: Write + Send + 'static,
{
    command
        .stdin(Stdio::inherit())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // Taken before the command starts, so a signal that comes at once is not lost; until the
    // command runs it is held in the pipes and sent on once there is someone to send it to.
    let signals = Signals::register()?;
    let mut child = command.spawn()?;
    let out_pipe = child.stdout.take().expect("stdout is piped");
    let err_pipe = child.stderr.take().expect("stderr is piped");
    let copies = [
        copy(out_pipe, Masker::new(secrets.iter().copied()), stdout),
        copy(err_pipe, Masker::new(secrets.iter().copied()), stderr),
    ];
    let reaped = Arc::new(Mutex::new(false));
    signals.forward(&child, Arc::clone(&reaped));
    let status = wait(&mut child, &reaped)?;
    for copy in copies {
        let _ = copy.join();
    }
    Ok(Ended::from_status(status))
}

/// Waits for the command to end without reaping it first, so the forwarder cannot signal a
/// process id the system has already given to another process; then reaps it.
fn wait(child: &mut Child, reaped: &Mutex<bool>) -> std::io::Result<ExitStatus> {
    use rustix::process::{WaitId, WaitIdOptions, waitid};
    let pid = pid_of(child);
    loop {
        match waitid(
            WaitId::Pid(pid),
            WaitIdOptions::EXITED | WaitIdOptions::NOWAIT,
        ) {
            Ok(_) => break,
            Err(rustix::io::Errno::INTR) => {}
            Err(e) => return Err(e.into()),
        }
    }
    *reaped
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner) = true;
    child.wait()
}

/// The process id of a child that has not been reaped.
fn pid_of(child: &Child) -> rustix::process::Pid {
    i32::try_from(child.id())
        .ok()
        .and_then(rustix::process::Pid::from_raw)
        .expect("a child's process id is positive")
}

/// Copies `from` to `to` through `masker` on a thread of its own, writing each read as soon
/// as it is read. When `to` is closed, `from` is dropped, so the command gets EPIPE or
/// SIGPIPE on its next write.
fn copy(
    mut from: impl Read + Send + 'static,
    mut masker: Masker,
    mut to: impl Write + Send + 'static,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let mut buffer = zeroize::Zeroizing::new(vec![0u8; 64 * 1024]);
        loop {
            let read = match from.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            };
            let passed = zeroize::Zeroizing::new(masker.push(&buffer[..read]));
            if to.write_all(&passed).and_then(|()| to.flush()).is_err() {
                return;
            }
        }
        let rest = zeroize::Zeroizing::new(masker.finish());
        let _ = to.write_all(&rest).and_then(|()| to.flush());
    })
}

/// The signals taken from their default action, each announced on a socket of its own.
struct Signals {
    pending: Vec<(i32, std::os::unix::net::UnixStream)>,
}

impl Signals {
    fn register() -> std::io::Result<Self> {
        let mut pending = Vec::with_capacity(FORWARDED.len());
        for signal in FORWARDED {
            let (read, write) = std::os::unix::net::UnixStream::pair()?;
            signal_hook::low_level::pipe::register(signal, write)?;
            read.set_nonblocking(true)?;
            pending.push((signal, read));
        }
        Ok(Self { pending })
    }

    /// Sends each signal that arrives on to `child`, until it has been reaped.
    fn forward(self, child: &Child, reaped: Arc<Mutex<bool>>) {
        let pid = pid_of(child);
        std::thread::spawn(move || {
            use rustix::event::{PollFd, PollFlags, poll};
            loop {
                let mut fds: Vec<PollFd<'_>> = self
                    .pending
                    .iter()
                    .map(|(_, read)| PollFd::new(read, PollFlags::IN))
                    .collect();
                match poll(&mut fds, None) {
                    Ok(_) | Err(rustix::io::Errno::INTR) => {}
                    Err(_) => return,
                }
                drop(fds);
                for (signal, mut read) in self.pending.iter().map(|(s, r)| (*s, r)) {
                    let mut drained = [0u8; 64];
                    let mut arrived = false;
                    while matches!(read.read(&mut drained), Ok(n) if n > 0) {
                        arrived = true;
                    }
                    if !arrived || (FROM_TERMINAL.contains(&signal) && in_foreground()) {
                        continue;
                    }
                    let gone = reaped
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    if *gone {
                        return;
                    }
                    if let Some(signal) = rustix::process::Signal::from_named_raw(signal) {
                        let _ = rustix::process::kill_process(pid, signal);
                    }
                }
            }
        });
    }
}

/// Whether tether's process group is the foreground group of its controlling terminal: then
/// a signal the terminal generated was delivered to the command as well. Without a
/// controlling terminal (a service, CI, a pipeline started by a script), every signal came
/// from a process, and only tether got it.
fn in_foreground() -> bool {
    std::fs::File::open("/dev/tty")
        .ok()
        .and_then(|tty| rustix::termios::tcgetpgrp(&tty).ok())
        .is_some_and(|foreground| foreground == rustix::process::getpgrp())
}

// Running commands is tested through the binary (tests/it/references.rs): the handlers this
// module installs would outlive a unit test and keep Ctrl-C from stopping the test run.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_is_reported_as_a_shell_does() {
        use std::os::unix::process::ExitStatusExt as _;
        let exited = Ended::from_status(ExitStatus::from_raw(7 << 8));
        assert_eq!((exited, exited.shell_code()), (Ended::Exited(7), 7));
        let killed = Ended::from_status(ExitStatus::from_raw(15));
        assert_eq!((killed, killed.shell_code()), (Ended::Signalled(15), 143));
    }
}
