//! Questions on the terminal (stderr), with `dialoguer`.

use crate::error::{Error, Result};
use crate::prompt::Prompter;
use crate::secret::Secret;
use crate::usage::UsageError;

/// Prompts on the terminal.
pub(crate) struct TerminalPrompter;

fn prompt_failed(e: dialoguer::Error) -> Error {
    match e {
        dialoguer::Error::IO(e) if e.kind() == std::io::ErrorKind::Interrupted => {
            UsageError::Cancelled.into()
        }
        dialoguer::Error::IO(e) => Error::io("prompting on", "the terminal", e),
    }
}

fn theme() -> dialoguer::theme::ColorfulTheme {
    dialoguer::theme::ColorfulTheme::default()
}

impl Prompter for TerminalPrompter {
    fn input(&self, prompt: &str, default: Option<&str>) -> Result<String> {
        let theme = theme();
        let mut input = dialoguer::Input::<String>::with_theme(&theme).with_prompt(prompt);
        if let Some(default) = default {
            input = input.default(default.to_owned());
        }
        input.interact_text().map_err(prompt_failed)
    }

    fn secret(&self, prompt: &str) -> Result<Secret> {
        dialoguer::Password::with_theme(&theme())
            .with_prompt(prompt)
            .allow_empty_password(false)
            .interact()
            .map(Secret::new)
            .map_err(prompt_failed)
    }

    fn search(&self, prompt: &str, items: &[String]) -> Result<usize> {
        dialoguer::FuzzySelect::with_theme(&theme())
            .with_prompt(format!("{prompt} (type to filter)"))
            .items(items)
            .default(0)
            .max_length(12)
            .interact()
            .map_err(prompt_failed)
    }

    fn confirm(&self, prompt: &str, default: bool) -> Result<bool> {
        dialoguer::Confirm::with_theme(&theme())
            .with_prompt(prompt)
            .default(default)
            .interact()
            .map_err(prompt_failed)
    }

    fn select(&self, prompt: &str, items: &[String], default: usize) -> Result<usize> {
        dialoguer::Select::with_theme(&theme())
            .with_prompt(prompt)
            .items(items)
            .default(default)
            .interact()
            .map_err(prompt_failed)
    }

    fn multi_select(&self, prompt: &str, items: &[String], checked: &[bool]) -> Result<Vec<usize>> {
        dialoguer::MultiSelect::with_theme(&theme())
            .with_prompt(prompt)
            .items(items)
            .defaults(checked)
            .interact()
            .map_err(prompt_failed)
    }
}
