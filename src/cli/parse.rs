//! Reading the command line into [`Cli`], with usage errors that show what was typed.

use clap::CommandFactory;

use super::Cli;

/// Parses the process's arguments (`args`, the program's name first). On a usage error, clap
/// counts an option whose value came from the environment (`TETHER_HOME`, `TETHER_ENV`,
/// `TETHER_APP`) as typed, and its usage line then shows it as if it were required
/// (`tether token --env <ENV> --home <DIR> <LINK>`); the same arguments parsed without those
/// variables give the same error with the usage line of what was actually typed.
pub fn parse(args: &[std::ffi::OsString]) -> Result<Cli, clap::Error> {
    let error = match parse_from(args.iter().cloned()) {
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

/// `args` parsed as [`clap::Parser::try_parse_from`] does, without dropping clap's tree of every
/// command and option afterwards: the process is short, and that drop costs a seventh of all
/// that `tether token` does.
fn parse_from(args: impl IntoIterator<Item = std::ffi::OsString>) -> Result<Cli, clap::Error> {
    use clap::FromArgMatches as _;
    let mut command = std::mem::ManuallyDrop::new(Cli::command());
    let mut matches = command.try_get_matches_from_mut(args)?;
    Cli::from_arg_matches_mut(&mut matches).map_err(|e| e.format(&mut command))
}

/// `command` with no option read from the environment, in every subcommand.
fn without_env(command: clap::Command) -> clap::Command {
    command
        .mut_args(|arg| arg.env(None))
        .mut_subcommands(without_env)
}
