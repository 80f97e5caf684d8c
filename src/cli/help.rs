//! Help as written: clap fits the text after the options (`after_long_help`: examples, exit
//! codes, install steps) to the terminal's width, which would break an example command over
//! two lines and make it useless to copy. That text is put back exactly as written.

use std::ffi::OsString;

use clap::CommandFactory;
use clap::error::ErrorKind;

use super::Cli;

/// Prints what clap could not parse, or the help or version it was asked for.
pub(crate) fn print(error: &clap::Error) {
    let restored = (error.kind() == ErrorKind::DisplayHelp)
        .then(|| verbatim(error, std::env::args_os().skip(1)))
        .flatten();
    match restored {
        Some(help) => {
            use std::io::Write as _;
            // anstream drops the styles when stdout is not a terminal, as clap does.
            let _ = write!(anstream::stdout(), "{help}");
        }
        None => {
            let _ = error.print();
        }
    }
}

/// The help `error` shows, with the after-help text of the command it is for restored as
/// written; `None` when there is none to restore.
fn verbatim(error: &clap::Error, args: impl Iterator<Item = OsString>) -> Option<String> {
    let command = helped(Cli::command(), args);
    let rendered = error.render().ansi().to_string();
    // `--help` shows the long text, `-h` the short one: whichever the help ends with.
    [command.get_after_long_help(), command.get_after_help()]
        .into_iter()
        .flatten()
        .map(ToString::to_string)
        .find_map(|written| {
            let start = start_of(&rendered, &written)?;
            Some(format!("{}{written}\n", &rendered[..start]))
        })
}

/// The command whose help `args` ask for: the subcommands named in them, in order (the
/// `help` subcommand names them too).
fn helped(mut command: clap::Command, args: impl Iterator<Item = OsString>) -> clap::Command {
    for arg in args {
        let Some(arg) = arg.to_str() else { break };
        if arg == "--" {
            break;
        }
        if arg.starts_with('-') || arg == "help" {
            continue;
        }
        match command.find_subcommand(arg) {
            Some(sub) => command = sub.clone(),
            None => break,
        }
    }
    command
}

/// Where, at the end of `rendered`, clap's re-wrapped copy of `written` starts. Wrapping only
/// turns spaces into line breaks, so the copy has the same characters but for whitespace.
fn start_of(rendered: &str, written: &str) -> Option<usize> {
    let wanted: String = written.chars().filter(|c| !c.is_whitespace()).collect();
    let mut seen = 0;
    for (at, c) in rendered.char_indices().rev() {
        if c.is_whitespace() {
            continue;
        }
        seen += c.len_utf8();
        if seen == wanted.len() {
            let copy: String = rendered[at..]
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            return (copy == wanted).then_some(at);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_rewrapped_copy() {
        let written = "Examples:\n  tether token gh --env production";
        let rendered = "Usage: x\n\nExamples:\n  tether token gh\n--env production\n";
        assert_eq!(start_of(rendered, written), Some(10));
        assert_eq!(start_of("Usage: x\n\nother text", written), None);
    }
}
