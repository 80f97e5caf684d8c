//! A line typed at the terminal, read key by key so that ESC cancels it as it cancels a choice
//! (dialoguer's line input ignores ESC). A hidden line keeps echo off for the whole question,
//! not only while a key is read, so no character of a secret is ever shown.

use std::fmt;

use dialoguer::console::{Key, Term};
use dialoguer::theme::Theme;
use zeroize::Zeroizing;

/// Reads a line after `prompt`; `None` is ESC. An empty line is the `default`, or is not an
/// answer when there is none (the question stays).
pub(super) fn read(
    theme: &dyn Theme,
    prompt: &str,
    default: Option<&str>,
    hidden: bool,
) -> dialoguer::Result<Option<Zeroizing<String>>> {
    let term = Term::stderr();
    let _quiet = hidden.then(EchoOff::new);
    let mut question = String::new();
    if hidden {
        theme.format_password_prompt(&mut question, prompt)
    } else {
        theme.format_input_prompt(&mut question, prompt, default)
    }
    .map_err(formatting)?;
    term.write_str(&question)?;
    let mut line = Zeroizing::new(String::new());
    loop {
        match term.read_key()? {
            Key::Escape => {
                term.write_line("")?;
                return Ok(None);
            }
            Key::Enter if line.is_empty() => {
                if let Some(default) = default {
                    line.push_str(default);
                    break;
                }
            }
            Key::Enter => break,
            Key::Backspace if line.pop().is_some() && !hidden => term.clear_chars(1)?,
            Key::Char(c) if !c.is_control() => {
                line.push(c);
                if !hidden {
                    term.write_str(c.encode_utf8(&mut [0; 4]))?;
                }
            }
            _ => {}
        }
    }
    let mut answered = String::new();
    if hidden {
        theme.format_password_prompt_selection(&mut answered, prompt)
    } else {
        theme.format_input_prompt_selection(&mut answered, prompt, &line)
    }
    .map_err(formatting)?;
    term.clear_line()?;
    term.write_line(&answered)?;
    Ok(Some(line))
}

fn formatting(_: fmt::Error) -> dialoguer::Error {
    dialoguer::Error::IO(std::io::Error::other("cannot format the question"))
}

/// Echo off on the terminal while it lives; the settings before are put back on drop.
struct EchoOff {
    #[cfg(unix)]
    before: Option<rustix::termios::Termios>,
}

impl EchoOff {
    fn new() -> Self {
        #[cfg(unix)]
        {
            use rustix::termios::{LocalModes, OptionalActions, tcgetattr, tcsetattr};
            let stdin = std::io::stdin();
            let before = tcgetattr(&stdin).ok();
            if let Some(mut quiet) = before.clone() {
                quiet.local_modes.remove(LocalModes::ECHO);
                let _ = tcsetattr(&stdin, OptionalActions::Now, &quiet);
            }
            Self { before }
        }
        #[cfg(not(unix))]
        Self {}
    }
}

impl Drop for EchoOff {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some(before) = &self.before {
            let _ = rustix::termios::tcsetattr(
                std::io::stdin(),
                rustix::termios::OptionalActions::Now,
                before,
            );
        }
    }
}
