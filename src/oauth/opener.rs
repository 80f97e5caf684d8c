//! Opening a URL in the person's browser: `$BROWSER` when set, else the system opener. The
//! opener is started and left to run: the flow never waits for it, and a failure only means
//! the person opens the printed URL by hand.

use std::ffi::OsString;
use std::process::{Command, Stdio};

/// Something that can show a URL to a person.
pub trait Opener {
    /// Starts opening `url`; returns once the opener was started.
    fn open(&self, url: &str) -> std::io::Result<()>;

    /// Whether someone chose this way of opening URLs. The system opener starts even where
    /// no browser can appear (`xdg-open` with no display), so without `$BROWSER` nothing
    /// says a page will ever be shown.
    fn chosen(&self) -> bool {
        true
    }

    /// Whether a page opened now could appear in front of the person: worth offering to.
    fn can_show(&self) -> bool {
        true
    }
}

/// `$BROWSER` (a program, given the URL as its one argument; no shell), else `xdg-open`
/// (Linux, BSD), `open` (macOS) or the URL handler of Windows.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemOpener;

impl Opener for SystemOpener {
    fn open(&self, url: &str) -> std::io::Result<()> {
        spawn(command(browser_variable(), url))
    }

    fn chosen(&self) -> bool {
        browser_variable().is_some()
    }

    /// `$BROWSER`, or a desktop: macOS, Windows, or an X11 or Wayland display elsewhere.
    fn can_show(&self) -> bool {
        let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
        self.chosen()
            || cfg!(any(target_os = "macos", windows))
            || set("DISPLAY")
            || set("WAYLAND_DISPLAY")
    }
}

fn browser_variable() -> Option<OsString> {
    std::env::var_os("BROWSER").filter(|b| !b.is_empty())
}

fn command(browser: Option<OsString>, url: &str) -> Command {
    if let Some(browser) = browser {
        let mut command = Command::new(browser);
        command.arg(url);
        return command;
    }
    if cfg!(target_os = "macos") {
        let mut command = Command::new("open");
        command.arg(url);
        command
    } else if cfg!(windows) {
        // `start` is a cmd.exe builtin that would reparse `&` in the URL; the URL handler
        // takes the URL as one argument.
        let mut command = Command::new("rundll32");
        command.arg("url.dll,FileProtocolHandler").arg(url);
        command
    } else {
        let mut command = Command::new("xdg-open");
        command.arg(url);
        command
    }
}

/// Starts `command` detached from our terminal streams and reaps it in the background.
fn spawn(mut command: Command) -> std::io::Result<()> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    // Reaped by a thread so no zombie is left; the flow does not wait for it.
    std::thread::spawn(move || {
        let _ = child.wait();
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_variable_is_run_as_a_program_with_the_url_as_its_one_argument() {
        let url = "http://127.0.0.1/a?b=c&d='e f'";
        let command = command(Some("my browser;rm".into()), url);
        assert_eq!(command.get_program(), "my browser;rm");
        let args: Vec<_> = command.get_args().collect();
        assert_eq!(args, [url]);
    }

    #[test]
    fn a_missing_browser_program_is_reported_not_fatal() {
        let err = spawn(command(Some("/nonexistent/browser".into()), "http://x")).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
    }
}
