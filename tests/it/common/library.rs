//! The library driven directly, as tether's commands drive it: a context for a home.

use std::path::Path;

use tether::context::{Context, Settings, Verbosity};
use tether::paths::Paths;

/// A context for the home `dir`, as quiet or talkative as `verbosity`, with no prompter.
#[must_use]
pub(crate) fn context(dir: &Path, verbosity: Verbosity) -> Context {
    let settings = Settings {
        paths: Paths::under(dir),
        envs: Vec::new(),
        json: false,
    };
    Context::new(settings, Box::new(tether::ui::Recording::new(verbosity)))
}
