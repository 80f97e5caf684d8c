//! `tether exec`: runs a command with the credentials of one or more connections in its
//! environment — only there: never on its argv, in a file, or on tether's own output.

use std::ffi::OsString;
use std::process::Command;

use clap::Args;

use crate::connector::Connector;
use crate::context::{Context, Verbosity};
use crate::credential::Credential;
use crate::error::{Error, Result};
use crate::exec::ExecError;
use crate::nested::{self, Exported};
use crate::secret::Secret;

/// Run a command with the credentials of connections in its environment
///
/// For each connection, OAuth2 tokens are refreshed first if due, then every entry of the
/// connector's [env] table is rendered and exported. A connector without an [env] table
/// exports TETHER_<LINK>_TOKEN (the link name upper-cased, `-` as `_`) holding the bare secret
/// that `tether token LINK` prints. `tether connector show ID` lists what a connector exports.
/// An [env] table cannot set variables that change how programs run or what they load (PATH,
/// LD_*, BASH_ENV, proxies and the like), nor fixed values: each value uses a placeholder.
///
/// The variables are added to tether's own environment (replacing variables of the same name)
/// and exist only in the command's environment. TETHER_VAULT_KEY, TETHER_NEW_VAULT_KEY and
/// TETHER_PASSPHRASE are removed from it, so tether does not hand the command the key to the
/// whole vault. Two connections that export the same variable are refused (exit 2) and nothing
/// is run.
///
/// Nested use: the command's environment also gets TETHER_EXEC, naming what was exported
/// (e.g. gh@production). A tether run that finds it (a script calling `tether token`,
/// `header`, `invoke` or `exec`) hands out only those connections, in that environment, and
/// refuses any other with exit 2, unless TETHER_ALLOW_NESTED=1 is set for it (or, for a
/// nested exec, --allow-nested is given). This stops a command from getting other credentials
/// by accident; it is not a sandbox: the command runs as you, and with a keyring vault it can
/// still unset TETHER_EXEC and open the vault as you would.
///
/// COMMAND is run directly, not through a shell; on Unix it replaces tether (exec), so signals
/// reach it unchanged and its exit status is tether's (128+N when killed by signal N, as shells
/// report it). A command that is not found exits 127; one that cannot be run, 126.
///
/// tether itself prints nothing on stdout: what appears there is the command's. With --json,
/// an error of tether's (before the command runs) is a JSON object on stderr.
#[derive(Debug, Args)]
#[command(after_long_help = EXAMPLES)]
pub struct ExecArgs {
    /// Link names of the connections, separated by commas
    #[arg(
        value_name = "LINK[,LINK...]",
        value_delimiter = ',',
        required = true,
        num_args = 1,
        add = crate::cli::complete::links()
    )]
    pub links: Vec<String>,

    /// The application asking; it must be enabled on every connection
    #[arg(long, value_name = "APP", env = "TETHER_APP")]
    pub app: Option<String>,

    /// Run even inside another `tether exec`, for connections it did not export (as
    /// TETHER_ALLOW_NESTED=1 does)
    #[arg(long)]
    pub allow_nested: bool,

    /// The command to run and its arguments, after `--`
    #[arg(last = true, required = true, value_name = "COMMAND")]
    pub command: Vec<OsString>,
}

// In `after_long_help` because clap re-wraps doc-comment paragraphs, which would join the lines.
const EXAMPLES: &str = r#"Examples:
  tether exec gh -- gh repo list
  tether exec gh,openai --env production -- ./deploy.sh
  tether exec api -- sh -c 'curl -H "Authorization: Bearer $TETHER_API_TOKEN" https://…'"#;

/// One variable for the child, and the connection it comes from.
struct Export {
    name: String,
    value: Secret,
    link: String,
}

pub(super) fn run(ctx: &Context, args: &ExecArgs) -> Result<()> {
    let mut exports: Vec<Export> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for link in &args.links {
        if seen.contains(&link.as_str()) {
            continue;
        }
        seen.push(link);
        let resolved = crate::credential::resolve(ctx, link, args.app.as_deref())?;
        for (name, value) in variables(link, &resolved.connector, &resolved.credential)? {
            if let Some(other) = exports.iter().find(|e| e.name == name) {
                return Err(conflict(&other.link, link, &name));
            }
            exports.push(Export {
                name,
                value,
                link: link.clone(),
            });
        }
    }

    let (program, rest) = args
        .command
        .split_first()
        .ok_or_else(|| Error::missing("the command to run", "it after `--`"))?;
    let shown = crate::sanitize::for_terminal(&program.to_string_lossy());
    ctx.ui().diagnostic(
        Verbosity::Verbose,
        &format!(
            "running `{shown}` with {}",
            exports
                .iter()
                .map(|e| format!("{} (from {})", e.name, e.link))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    let mut command = command_for(program, &shown)?;
    command.args(rest);
    for name in WITHHELD {
        command.env_remove(name);
    }
    for export in &exports {
        command.env(&export.name, export.value.expose());
    }
    let env = ctx.env()?;
    let exported: Vec<Exported> = seen
        .iter()
        .map(|link| Exported {
            link: (*link).to_owned(),
            env,
        })
        .collect();
    command.env(nested::MARKER_VAR, ctx.nesting().marker_for(&exported));
    // The credentials are handed over now: after `exec` nothing of tether's runs any more.
    super::audited::finish(ctx, &Ok(()));
    run_in_place(command, &shown)
}

/// Variables of tether's environment the command does not get: the vault's keys are tether's,
/// not the command's; with them, it could read every credential in the vault, not only the
/// ones of the connections named here.
const WITHHELD: [&str; 3] = [
    crate::vault::source::VAULT_KEY_VAR,
    crate::vault::source::NEW_VAULT_KEY_VAR,
    crate::vault::source::PASSPHRASE_VAR,
];

/// The variables one connection exports: its connector's `[env]` table rendered over the
/// credential's values, or `TETHER_<LINK>_TOKEN` when the table is empty.
fn variables(
    link: &str,
    connector: &Connector,
    credential: &Credential,
) -> Result<Vec<(String, Secret)>> {
    if connector.env.is_empty() {
        return Ok(vec![(default_name(link), credential.token.clone())]);
    }
    connector
        .env
        .iter()
        .map(|(name, template)| {
            let value = crate::connector::template::render_secret(template, |placeholder| {
                credential.values.get(placeholder)
            })?;
            Ok((name.clone(), value))
        })
        .collect()
}

/// `TETHER_<LINK>_TOKEN`: link names are `[a-z0-9-]`, so this is always a valid name.
fn default_name(link: &str) -> String {
    format!(
        "TETHER_{}_TOKEN",
        link.to_ascii_uppercase().replace('-', "_")
    )
}

fn conflict(first: &str, second: &str, name: &str) -> Error {
    ExecError::SameVariable {
        first: first.to_owned(),
        second: second.to_owned(),
        name: name.to_owned(),
    }
    .into()
}

/// The command for `program`, found along PATH here rather than by `execvp`, which would try
/// an `execve` in each directory before the one that holds it.
#[cfg(unix)]
fn command_for(program: &std::ffi::OsStr, shown: &str) -> Result<Command> {
    use std::os::unix::process::CommandExt as _;
    // The command's PATH is tether's: an [env] table cannot set PATH.
    let found = crate::exec::locate(program, std::env::var_os("PATH").as_deref())
        .map_err(|error| start_error(shown, error))?;
    let mut command = Command::new(found);
    // The name as typed, as `execvp` and shells pass it.
    command.arg0(program);
    Ok(command)
}

#[cfg(not(unix))]
fn command_for(program: &std::ffi::OsStr, _shown: &str) -> Result<Command> {
    Ok(Command::new(program))
}

/// Replaces tether with the command (Unix `execvp`). This is the simplest correct way to hand
/// over: the command gets tether's pid, so SIGINT, SIGTERM and job control reach it directly,
/// and its exit status (or the signal that killed it) is what tether's parent sees. Open files
/// are close-on-exec in Rust, so no lock or vault file is inherited. Returns only on failure.
#[cfg(unix)]
fn run_in_place(mut command: Command, program: &str) -> Result<()> {
    use std::os::unix::process::CommandExt as _;
    let _core = crate::harden::release_for_command();
    let error = command.exec();
    Err(start_error(program, error))
}

/// Without `exec`, tether waits for the command and exits with its status. The status is the
/// command's, not a failure of tether's, so it does not go through [`Error`].
#[cfg(not(unix))]
fn run_in_place(mut command: Command, program: &str) -> Result<()> {
    let status = command
        .status()
        .map_err(|error| start_error(program, error))?;
    std::process::exit(status.code().unwrap_or(1))
}

/// Why the command could not be started.
fn start_error(program: &str, error: std::io::Error) -> Error {
    ExecError::not_started(program, error).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_variable_names_are_shell_identifiers() {
        assert_eq!(default_name("gh"), "TETHER_GH_TOKEN");
        assert_eq!(default_name("my-api-2"), "TETHER_MY_API_2_TOKEN");
        assert_eq!(default_name("1pass"), "TETHER_1PASS_TOKEN");
        assert!(crate::connector::template::is_identifier(&default_name(
            "a-b-c"
        )));
    }

    #[test]
    fn start_errors_use_the_shell_exit_codes() {
        let not_found = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(start_error("x", not_found).exit_code(), 127);
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert_eq!(start_error("x", denied).exit_code(), 126);
    }

    #[test]
    fn conflicts_name_both_links_and_the_variable() {
        let e = conflict("a", "b", "API_TOKEN");
        assert_eq!(e.exit_code(), 2);
        let text = e.to_string();
        assert!(
            text.contains("`a`") && text.contains("`b`") && text.contains("API_TOKEN"),
            "{text}"
        );
    }
}
