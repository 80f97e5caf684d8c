//! Reading the command line into [`Cli`], with usage errors that show what was typed.

use clap::{CommandFactory, Parser};

use super::Cli;

/// Parses the process's arguments (`args`, the program's name first). On a usage error, clap counts an option whose value came
/// from the environment (`TETHER_HOME`, `TETHER_ENV`, `TETHER_APP`) as typed, and its usage
/// line then shows it as if it were required (`tether token --env <ENV> --home <DIR> <LINK>`);
/// the same arguments parsed without those variables give the same error with the usage line
/// of what was actually typed.
pub fn parse_from(args: &[std::ffi::OsString]) -> Result<Cli, clap::Error> {
    let error = match Cli::try_parse_from(args) {
        Ok(cli) => return Ok(cli),
        Err(error) => error,
    };
    if !error.use_stderr() {
        // --help and --version: not errors.
        return Err(error);
    }
    match without_env(Cli::command()).try_get_matches_from(args) {
        Err(typed) if typed.kind() == error.kind() => Err(typed),
        // The variables were the error (a bad TETHER_ENV), or there was none without them.
        _ => Err(error),
    }
}

/// `command` with no option read from the environment, in every subcommand.
fn without_env(command: clap::Command) -> clap::Command {
    command
        .mut_args(|arg| arg.env(None))
        .mut_subcommands(without_env)
}
