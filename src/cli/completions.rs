//! `tether completions SHELL`: a completion script on stdout.

use clap::{Args, CommandFactory};

use crate::error::Result;

/// Print a shell completion script (bash, zsh, fish, elvish, powershell)
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    pub shell: clap_complete::Shell,
}

pub(super) fn run(args: &CompletionsArgs, json: bool) -> Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(
        args.shell,
        &mut super::Cli::command(),
        "tether",
        &mut script,
    );
    let script = String::from_utf8_lossy(&script);
    if json {
        // The script is the output; the document carries it whole.
        return crate::cli::output::print_json(&serde_json::json!({
            "shell": args.shell.to_string(),
            "script": script,
        }));
    }
    crate::cli::output::print(&script)
}
