//! `tether completions SHELL`: the shell's completion script on stdout. The script asks tether
//! itself for candidates as the person types (the `COMPLETE=SHELL tether` protocol of
//! clap_complete), so connection names, connector ids, account names and environments
//! complete from the home.

use clap::Args;

use crate::error::{Error, Result};

/// Print a shell completion script (bash, zsh, fish, elvish, powershell)
#[derive(Debug, Args)]
#[command(after_long_help = INSTALL)]
pub struct CompletionsArgs {
    /// The shell to complete for
    pub shell: clap_complete::Shell,
}

/// How to install each shell's script; printed verbatim.
const INSTALL: &str = "\
The script asks `tether` (found on PATH) for candidates as you type: subcommands and options,
connection names, connector ids, account names and environments. Nothing is read from the
vault. `COMPLETE=bash tether` prints the same script.

Installing:
  bash        echo 'source <(tether completions bash)' >> ~/.bashrc
              or: tether completions bash > ~/.local/share/bash-completion/completions/tether
  zsh         echo 'source <(tether completions zsh)' >> ~/.zshrc    (after compinit)
  fish        tether completions fish > ~/.config/fish/completions/tether.fish
  elvish      echo 'eval (tether completions elvish | slurp)' >> ~/.config/elvish/rc.elv
  powershell  add to $PROFILE: tether completions powershell | Out-String | Invoke-Expression

Examples:
  tether completions bash > ~/.local/share/bash-completion/completions/tether
  tether completions fish > ~/.config/fish/completions/tether.fish";

pub(super) fn run(args: &CompletionsArgs, json: bool) -> Result<()> {
    let script = script(args.shell)?;
    if json {
        // The script is the output; the document carries it whole.
        return crate::cli::output::print_json(&serde_json::json!({
            "shell": args.shell.to_string(),
            "script": script,
        }));
    }
    crate::cli::output::print(&script)
}

/// The completion script for `shell`, calling `tether` on PATH.
pub fn script(shell: clap_complete::Shell) -> Result<String> {
    let name = shell.to_string();
    let shells = clap_complete::env::Shells::builtins();
    let completer = shells
        .completer(&name)
        .ok_or_else(|| Error::Internal(format!("no completion script for {name}")))?;
    let mut script = Vec::new();
    completer
        .write_registration("COMPLETE", "tether", "tether", "tether", &mut script)
        .map_err(|e| Error::Internal(format!("cannot write the completion script: {e}")))?;
    String::from_utf8(script)
        .map_err(|_| Error::Internal("a completion script is not UTF-8".into()))
}
