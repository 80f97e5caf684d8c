//! `tether completions SHELL`: a completion script on stdout.

use clap::{Args, CommandFactory};

use crate::error::Result;

/// Print a shell completion script (bash, zsh, fish, elvish, powershell)
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    pub shell: clap_complete::Shell,
}

pub(super) fn run(args: &CompletionsArgs) -> Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(
        args.shell,
        &mut super::Cli::command(),
        "tether",
        &mut script,
    );
    crate::cli::output::print(&String::from_utf8_lossy(&script))
}
