//! Long listings through a pager when stdout is a terminal, as git and gh do: `TETHER_PAGER`,
//! else `PAGER`, else `less` (with `LESS=FRX` unless `LESS` is set, so a listing that fits
//! on one screen is printed and the pager leaves at once).

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::Result;

/// Set once by `--no-pager`.
static OFF: AtomicBool = AtomicBool::new(false);

/// `--no-pager`: nothing is paged in this process.
pub(super) fn turn_off() {
    OFF.store(true, Ordering::Relaxed);
}

/// Prints `text` through the pager when stdout is a terminal and paging is on, else as
/// [`super::output::print`] does. A pager that quits before reading everything (`q`) is not
/// an error; one that cannot be started is skipped.
pub(super) fn page(text: &str) -> Result<()> {
    let pager = command(std::env::var_os("TETHER_PAGER"), std::env::var_os("PAGER"));
    match pager {
        Some(pager) if !OFF.load(Ordering::Relaxed) && std::io::stdout().is_terminal() => {
            if run(&pager, text).is_none() {
                super::output::print(text)?;
            }
            Ok(())
        }
        _ => super::output::print(text),
    }
}

/// The pager's program and arguments; `None` when paging is turned off (an empty value or
/// `cat`).
fn command(tether_pager: Option<OsString>, pager: Option<OsString>) -> Option<Vec<String>> {
    let chosen = tether_pager
        .or(pager)
        .map_or_else(|| "less".to_owned(), |v| v.to_string_lossy().into_owned());
    let words: Vec<String> = chosen.split_whitespace().map(str::to_owned).collect();
    match words.first().map(String::as_str) {
        None | Some("cat") => None,
        Some(_) => Some(words),
    }
}

/// Runs the pager with `text` on its stdin; `None` when it could not be started.
fn run(pager: &[String], text: &str) -> Option<()> {
    let mut command = Command::new(&pager[0]);
    command.args(&pager[1..]).stdin(Stdio::piped());
    if std::env::var_os("LESS").is_none() {
        // Quit when it fits one screen, keep colours, leave the screen as it is.
        command.env("LESS", "FRX");
    }
    let mut child = command.spawn().ok()?;
    if let Some(mut stdin) = child.stdin.take() {
        // An error here is the pager having quit: what it showed is what the person wanted.
        let _ = stdin.write_all(text.as_bytes());
    }
    let _ = child.wait();
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chosen(tether: Option<&str>, pager: Option<&str>) -> Option<Vec<String>> {
        command(tether.map(OsString::from), pager.map(OsString::from))
    }

    #[test]
    fn tether_pager_comes_first_then_pager_then_less() {
        let words = |w: &[&str]| Some(w.iter().map(|&w| w.to_owned()).collect::<Vec<_>>());
        assert_eq!(
            chosen(Some("most -s"), Some("more")),
            words(&["most", "-s"])
        );
        assert_eq!(chosen(None, Some("more")), words(&["more"]));
        assert_eq!(chosen(None, None), words(&["less"]));
    }

    #[test]
    fn an_empty_pager_or_cat_turns_paging_off() {
        assert_eq!(chosen(Some(""), Some("more")), None);
        assert_eq!(chosen(Some("cat"), None), None);
        assert_eq!(chosen(None, Some("  ")), None);
    }
}
