//! tether: connections to third-party services for people, scripts and CI pipelines.
//!
//! The library is the command line's implementation. Its public modules are the surface the
//! integration tests and benchmarks drive directly (the OAuth2 engine against a real provider,
//! the vault against a real keyring, the connector catalog, the store); everything else is
//! private to the crate.

pub mod audit;
mod authorization;
pub mod cli;
pub mod connector;
pub mod context;
pub mod credential;
mod discovery;
mod docker;
mod dotenv;
mod duration;
pub mod environment;
pub mod error;
// Public for the tests, which drive it against a real cluster; no command uses it yet.
#[cfg(feature = "etcd")]
pub mod etcd;
mod exec;
mod expiry;
mod fault;
mod git;
mod harden;
pub mod http;
mod identity;
mod invoke;
mod journal;
mod kube;
mod mask;
mod nested;
pub mod oauth;
pub mod paths;
mod probe;
pub mod prompt;
mod reference;
#[cfg(unix)]
mod relay;
pub mod safe_fs;
mod sanitize;
pub mod secret;
mod status;
pub mod store;
pub mod ui;
mod usage;
mod value_source;
pub mod vault;

use std::ffi::OsString;
use std::process::ExitCode;

/// The whole program: parse, run, and turn the outcome into an exit code.
#[must_use]
pub fn main() -> ExitCode {
    // Before anything can read a secret (the environment, a file, the keyring).
    harden::process();
    // A shell asking for completions gets them here, before anything reads the home.
    cli::complete::answer_if_asked();
    run_with(&std::env::args_os().collect::<Vec<_>>())
}

/// `docker-credential-tether ACTION`, the name docker runs a credential helper by: exactly
/// `tether docker-credential ACTION`.
#[must_use]
pub fn docker_credential_main() -> ExitCode {
    harden::process();
    let mut args: Vec<OsString> = vec!["tether".into(), "docker-credential".into()];
    args.extend(std::env::args_os().skip(1));
    run_with(&args)
}

fn run_with(args: &[OsString]) -> ExitCode {
    let cli = match cli::parse(args) {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() && json_requested(args) => {
            cli::ui::eprint(&cli::diagnose::usage(&e).to_json());
            return ExitCode::from(2);
        }
        Err(e) => {
            cli::help::print(&e);
            // clap uses 2 for usage errors and 0 for --help/--version, as tether's exit codes say.
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let json = cli.global.json;
    let on_stdout = cli.command.errors_on_stdout();
    match cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let diagnosis = cli::diagnose::diagnose(&e);
            if on_stdout {
                cli::diagnose::print_for_docker(&diagnosis);
            } else {
                cli::ui::eprint(&if json {
                    diagnosis.to_json()
                } else {
                    diagnosis.to_text()
                });
            }
            cli::ui::die_if_interrupted();
            ExitCode::from(diagnosis.exit)
        }
    }
}

/// Whether `--json` was among the options of a command line clap could not parse (anything
/// after `--` belongs to the command `exec` runs).
fn json_requested(args: &[OsString]) -> bool {
    args.iter()
        .skip(1)
        .take_while(|arg| *arg != "--")
        .any(|arg| arg == "--json")
}
