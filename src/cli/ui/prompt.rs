//! Questions on the terminal (stderr), with `dialoguer`. Ctrl-C and ESC cancel any of them
//! (exit 130, the terminal as it was); a multi-select marks the cursor row and says which keys
//! do what, so it reads the same without colour.

use std::fmt;

use dialoguer::theme::{ColorfulTheme, Theme};

use super::interrupt::{self, Reading};
use crate::error::{Error, Result};
use crate::prompt::Prompter;
use crate::secret::Secret;
use crate::usage::UsageError;

/// Prompts on the terminal.
pub(crate) struct TerminalPrompter;

/// How a question ended without an answer.
enum Ended {
    /// ESC (or `q` in a list).
    Escaped,
    /// Ctrl-C.
    Interrupted,
    Failed(std::io::Error),
}

/// Asks one question read as `reading`; `None` from `question` is ESC (or `q` in a list).
fn ask<T>(reading: Reading, question: impl FnOnce() -> dialoguer::Result<Option<T>>) -> Result<T> {
    let asked = interrupt::asking(reading);
    let ended = match question() {
        Ok(Some(answer)) => return Ok(answer),
        Ok(None) => Ended::Escaped,
        Err(dialoguer::Error::IO(e)) if e.kind() == std::io::ErrorKind::Interrupted => {
            Ended::Interrupted
        }
        Err(dialoguer::Error::IO(e)) => Ended::Failed(e),
    };
    // dialoguer hides the cursor in lists and leaves it hidden when a read fails.
    super::eprint(interrupt::SHOW_CURSOR);
    match ended {
        Ended::Escaped => asked.cancelled(),
        Ended::Interrupted => asked.interrupted(),
        Ended::Failed(e) => return Err(Error::io("prompting on", "the terminal", e)),
    }
    Err(UsageError::Cancelled.into())
}

fn theme() -> ColorfulTheme {
    ColorfulTheme::default()
}

impl Prompter for TerminalPrompter {
    fn input(&self, prompt: &str, default: Option<&str>) -> Result<String> {
        let theme = theme();
        let line = ask(Reading::Keys, || {
            super::line::read(&theme, prompt, default, false)
        })?;
        Ok(line.as_str().to_owned())
    }

    fn secret(&self, prompt: &str) -> Result<Secret> {
        let theme = theme();
        let mut line = ask(Reading::Line, || {
            super::line::read(&theme, prompt, None, true)
        })?;
        Ok(Secret::new(std::mem::take(&mut *line)))
    }

    fn search(&self, prompt: &str, items: &[String]) -> Result<usize> {
        let theme = theme();
        let select = dialoguer::FuzzySelect::with_theme(&theme)
            .with_prompt(format!("{prompt} (type to filter)"))
            .items(items)
            .default(0)
            .max_length(12);
        ask(Reading::Keys, || select.interact_opt())
    }

    fn confirm(&self, prompt: &str, default: bool) -> Result<bool> {
        let theme = theme();
        let confirm = dialoguer::Confirm::with_theme(&theme)
            .with_prompt(prompt)
            .default(default);
        ask(Reading::Keys, || confirm.interact_opt())
    }

    fn select(&self, prompt: &str, items: &[String], default: usize) -> Result<usize> {
        let theme = theme();
        let select = dialoguer::Select::with_theme(&theme)
            .with_prompt(prompt)
            .items(items)
            .default(default);
        ask(Reading::Keys, || select.interact_opt())
    }

    fn multi_select(&self, prompt: &str, items: &[String], checked: &[bool]) -> Result<Vec<usize>> {
        let theme = MultiSelectTheme(theme());
        let select = dialoguer::MultiSelect::with_theme(&theme)
            .with_prompt(format!("{prompt} ({MULTI_SELECT_KEYS})"))
            .items(items)
            .defaults(checked);
        ask(Reading::Keys, || select.interact_opt())
    }

    fn watch_enter(&self) -> Option<Box<dyn crate::prompt::EnterWatch>> {
        #[cfg(unix)]
        return super::enter::Watch::start()
            .map(|w| Box::new(w) as Box<dyn crate::prompt::EnterWatch>);
        #[cfg(not(unix))]
        None
    }

    fn reject(&self, why: &str) {
        let mut line = String::new();
        let _ = theme().format_error(&mut line, why);
        super::eprint_line(&line);
    }
}

/// The keys of a multi-select, shown with its question.
const MULTI_SELECT_KEYS: &str = "space to select, enter to confirm";

/// The colourful theme, with the cursor row of a multi-select marked by a character, not only
/// by its colour (which `NO_COLOR` and `--color never` take away).
struct MultiSelectTheme(ColorfulTheme);

impl Theme for MultiSelectTheme {
    fn format_multi_select_prompt(&self, f: &mut dyn fmt::Write, prompt: &str) -> fmt::Result {
        self.0.format_multi_select_prompt(f, prompt)
    }

    fn format_multi_select_prompt_selection(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        selections: &[&str],
    ) -> fmt::Result {
        self.0
            .format_multi_select_prompt_selection(f, prompt, selections)
    }

    fn format_multi_select_prompt_item(
        &self,
        f: &mut dyn fmt::Write,
        text: &str,
        checked: bool,
        active: bool,
    ) -> fmt::Result {
        let cursor = if active {
            &self.0.active_item_prefix
        } else {
            &self.0.inactive_item_prefix
        };
        write!(f, "{cursor} ")?;
        self.0
            .format_multi_select_prompt_item(f, text, checked, active)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_multi_select_cursor_row_is_marked_without_colour() {
        dialoguer::console::set_colors_enabled_stderr(false);
        let theme = MultiSelectTheme(theme());
        let mut active = String::new();
        theme
            .format_multi_select_prompt_item(&mut active, "files.read", false, true)
            .unwrap();
        let mut other = String::new();
        theme
            .format_multi_select_prompt_item(&mut other, "files.read", false, false)
            .unwrap();
        assert_ne!(active, other);
        assert!(active.starts_with('❯'), "{active:?}");
        assert!(!active.contains('\x1b'), "no colour asked for: {active:?}");
    }
}
