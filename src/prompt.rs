//! The questions tether asks, with typed answers. The core gets a `Prompter` only when a
//! person can answer (see [`crate::ui::Ui::prompter`]), so a run without one never blocks on a
//! question; the terminal implementation lives in the command layer.

use crate::error::Result;
use crate::secret::Secret;

/// The questions tether asks.
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
    /// Says why the last answer cannot be used, before the question is asked again.
    fn reject(&self, _why: &str) {}
    /// Starts watching for Enter without blocking (a "press Enter to …" offer while something
    /// else goes on); `None` where that cannot be done.
    fn watch_enter(&self) -> Option<Box<dyn EnterWatch>> {
        None
    }
}

/// A running watch for Enter; it ends when dropped.
pub trait EnterWatch {
    /// Whether Enter was pressed since the last call.
    fn pressed(&self) -> bool;
}
