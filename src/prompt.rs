//! Asking a person for values. Commands get a `Prompter` only when one is allowed, so a
//! non-interactive run can never block on a question.

use std::collections::VecDeque;
use std::sync::Mutex;

use crate::error::{Error, Result};
use crate::secret::Secret;

/// The questions tether asks. Implemented for a terminal and, in tests, from a script.
pub trait Prompter {
    /// Free text, with a suggested answer.
    fn input(&self, prompt: &str, default: Option<&str>) -> Result<String>;
    /// Hidden input.
    fn secret(&self, prompt: &str) -> Result<Secret>;
    fn confirm(&self, prompt: &str, default: bool) -> Result<bool>;
    /// One of `items`; returns its index.
    fn select(&self, prompt: &str, items: &[String], default: usize) -> Result<usize>;
    /// One of many `items`, narrowed down by typing; returns its index.
    fn search(&self, prompt: &str, items: &[String]) -> Result<usize> {
        self.select(prompt, items, 0)
    }
    /// Any of `items`, with `checked` ticked at first; returns the chosen indexes.
    fn multi_select(&self, prompt: &str, items: &[String], checked: &[bool]) -> Result<Vec<usize>>;
}

/// Prompts on the terminal (stderr), with `dialoguer`.
pub struct TerminalPrompter;

fn prompt_failed(e: dialoguer::Error) -> Error {
    match e {
        dialoguer::Error::IO(e) if e.kind() == std::io::ErrorKind::Interrupted => {
            Error::invalid("cancelled", "run the command again when ready")
        }
        dialoguer::Error::IO(e) => Error::io("prompting on", "the terminal", e),
    }
}

impl Prompter for TerminalPrompter {
    fn input(&self, prompt: &str, default: Option<&str>) -> Result<String> {
        let theme = dialoguer::theme::ColorfulTheme::default();
        let mut input = dialoguer::Input::<String>::with_theme(&theme).with_prompt(prompt);
        if let Some(default) = default {
            input = input.default(default.to_owned());
        }
        input.interact_text().map_err(prompt_failed)
    }

    fn secret(&self, prompt: &str) -> Result<Secret> {
        let theme = dialoguer::theme::ColorfulTheme::default();
        dialoguer::Password::with_theme(&theme)
            .with_prompt(prompt)
            .allow_empty_password(false)
            .interact()
            .map(Secret::new)
            .map_err(prompt_failed)
    }

    fn search(&self, prompt: &str, items: &[String]) -> Result<usize> {
        let theme = dialoguer::theme::ColorfulTheme::default();
        dialoguer::FuzzySelect::with_theme(&theme)
            .with_prompt(format!("{prompt} (type to filter)"))
            .items(items)
            .default(0)
            .max_length(12)
            .interact()
            .map_err(prompt_failed)
    }

    fn confirm(&self, prompt: &str, default: bool) -> Result<bool> {
        let theme = dialoguer::theme::ColorfulTheme::default();
        dialoguer::Confirm::with_theme(&theme)
            .with_prompt(prompt)
            .default(default)
            .interact()
            .map_err(prompt_failed)
    }

    fn select(&self, prompt: &str, items: &[String], default: usize) -> Result<usize> {
        let theme = dialoguer::theme::ColorfulTheme::default();
        dialoguer::Select::with_theme(&theme)
            .with_prompt(prompt)
            .items(items)
            .default(default)
            .interact()
            .map_err(prompt_failed)
    }

    fn multi_select(&self, prompt: &str, items: &[String], checked: &[bool]) -> Result<Vec<usize>> {
        let theme = dialoguer::theme::ColorfulTheme::default();
        dialoguer::MultiSelect::with_theme(&theme)
            .with_prompt(prompt)
            .items(items)
            .defaults(checked)
            .interact()
            .map_err(prompt_failed)
    }
}

/// Answers questions from a list, in order; for tests of interactive paths.
#[derive(Debug, Default)]
pub struct ScriptedPrompter {
    answers: Mutex<VecDeque<String>>,
    /// Every prompt asked, in order, so tests can check what a person would have seen.
    pub asked: Mutex<Vec<String>>,
}

impl ScriptedPrompter {
    #[must_use]
    pub fn new<I: IntoIterator<Item = S>, S: Into<String>>(answers: I) -> Self {
        Self {
            answers: Mutex::new(answers.into_iter().map(Into::into).collect()),
            asked: Mutex::default(),
        }
    }

    fn next(&self, prompt: &str) -> Result<String> {
        self.asked
            .lock()
            .expect("prompt log")
            .push(prompt.to_owned());
        self.answers
            .lock()
            .expect("scripted answers")
            .pop_front()
            .ok_or_else(|| Error::Internal(format!("no scripted answer for prompt `{prompt}`")))
    }
}

impl Prompter for ScriptedPrompter {
    fn input(&self, prompt: &str, default: Option<&str>) -> Result<String> {
        let answer = self.next(prompt)?;
        Ok(match (answer.is_empty(), default) {
            (true, Some(default)) => default.to_owned(),
            _ => answer,
        })
    }

    fn secret(&self, prompt: &str) -> Result<Secret> {
        self.next(prompt).map(Secret::new)
    }

    fn confirm(&self, prompt: &str, default: bool) -> Result<bool> {
        let answer = self.next(prompt)?;
        Ok(match answer.as_str() {
            "" => default,
            a => a.starts_with('y'),
        })
    }

    fn select(&self, prompt: &str, items: &[String], default: usize) -> Result<usize> {
        let answer = self.next(prompt)?;
        if answer.is_empty() {
            return Ok(default);
        }
        items
            .iter()
            .position(|i| *i == answer || i.starts_with(&format!("{answer} ")))
            .ok_or_else(|| Error::Internal(format!("scripted answer `{answer}` is not an item")))
    }

    /// The answer is a comma-separated list of items; empty keeps the ticked ones.
    fn multi_select(&self, prompt: &str, items: &[String], checked: &[bool]) -> Result<Vec<usize>> {
        let answer = self.next(prompt)?;
        if answer.is_empty() {
            return Ok((0..items.len())
                .filter(|&i| checked.get(i) == Some(&true))
                .collect());
        }
        answer
            .split(',')
            .map(|a| {
                items
                    .iter()
                    .position(|i| i == a.trim() || i.starts_with(&format!("{} ", a.trim())))
                    .ok_or_else(|| Error::Internal(format!("scripted answer `{a}` is not an item")))
            })
            .collect()
    }
}
