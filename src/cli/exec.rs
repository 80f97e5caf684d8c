//! `tether exec`: runs a command with the credentials of one or more connections in its
//! environment — only there: never on its argv, in a file, or on tether's own output.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Command;

use clap::Args;

use crate::connector::Connector;
use crate::context::{Context, Verbosity};
use crate::credential::Credential;
use crate::error::{Error, Result};
use crate::exec::ExecError;
use crate::nested::{self, Exported};
use crate::reference::resolve;
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
/// Env files (--env-file FILE, repeatable): every variable of each file is added too, after
/// the secret references in its values (tether://LINK[@ENV]/FIELD, as `tether inject --help`
/// describes) are replaced by their values; with --env-file, LINKs are optional. A file is
/// dotenv lines: KEY=VALUE or export KEY=VALUE, # comments and blank lines; VALUE unquoted (up
/// to a blank followed by #), in 'single quotes' (literal) or in "double quotes" (escapes \\ \"
/// \$ \n \r \t). Refused, with their line numbers: a quote not closed on its line, another
/// escape, $NAME or ${...} outside single quotes (nothing is expanded), text after a closing
/// quote. A later line or file wins over an earlier one; a variable a connection exports may
/// not be set by a file. Every reference is checked before the command runs: all bad ones
/// are reported together with their lines (exit 2), and nothing is run.
///
/// Masking: with --mask, and by default when tether's stdout is not a terminal (unless stdout
/// and stderr both go to /dev/null, where nothing is kept), every value
/// given to the command (tokens, API keys, passwords, headers, secret params, and exported
/// values made of them; not plain params, usernames or captured values such as an instance
/// URL) is replaced by `<concealed by tether>` wherever it appears in the command's stdout
/// and stderr. Output still flows as it comes (no line buffering; binary output unchanged);
/// only bytes that could begin a secret wait until the next bytes decide. Values shorter than
/// 4 bytes are not masked (they would replace ordinary text everywhere). --no-mask turns
/// masking off. Masking only hides accidents in logs: the command can still transform or
/// send the secret elsewhere.
///
/// COMMAND is run directly, not through a shell. Without masking, on Unix it replaces tether
/// (exec), so signals reach it unchanged and its exit status is tether's (128+N when killed by
/// signal N, as shells report it). With masking, tether stays its parent: stdin is the
/// command's, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 and SIGWINCH sent to tether
/// are sent on to it (those a terminal sends its foreground group reach it directly), and
/// tether exits with its status, 128+N when it was killed by signal N; its stdout and stderr
/// are pipes, so a program that colours only for a terminal does not. A command that is not
/// found exits 127; one that cannot be run, 126.
///
/// tether itself prints nothing on stdout: what appears there is the command's. With --json,
/// an error of tether's (before the command runs) is a JSON object on stderr.
#[derive(Debug, Args)]
#[command(after_long_help = EXAMPLES)]
pub struct ExecArgs {
    /// Link names of the connections, separated by commas (optional with --env-file)
    #[arg(
        value_name = "LINK[,LINK...]",
        value_delimiter = ',',
        required_unless_present = "env_files",
        num_args = 1,
        add = crate::cli::complete::links()
    )]
    pub links: Vec<String>,

    /// Add the variables of this dotenv file, with its tether:// references resolved
    /// (repeatable; a later file wins)
    #[arg(long = "env-file", value_name = "FILE")]
    pub env_files: Vec<PathBuf>,

    /// Conceal the secrets given to the command in its stdout and stderr (the default when
    /// stdout is not a terminal)
    #[arg(long, overrides_with = "no_mask")]
    pub mask: bool,

    /// Do not conceal secrets in the command's output; tether becomes the command (exec)
    #[arg(long, overrides_with = "mask")]
    pub no_mask: bool,

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
  tether exec api -- sh -c 'curl -H "Authorization: Bearer $TETHER_API_TOKEN" https://…'
  tether exec --env-file .env -- npm start        # .env: DATABASE_URL=postgres://app:tether://db/password@db:5432/app
  tether exec --env-file .env --env-file prod.env --mask -- ./migrate.sh
  tether exec gh --no-mask -- gh auth status | tee log.txt"#;

/// One variable for the child, and where it comes from (a connection, or FILE:LINE).
struct Export {
    name: String,
    value: Secret,
    from: Origin,
}

enum Origin {
    Link(String),
    File(PathBuf, usize),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Link(link) => f.write_str(link),
            Self::File(path, line) => write!(f, "{}:{line}", path.display()),
        }
    }
}

pub(super) fn run(ctx: &Context, args: &ExecArgs) -> Result<()> {
    // Env files are read and their references checked before any connection is resolved:
    // a bad file costs nothing.
    let (files, problems) = read_env_files(&args.env_files)?;
    resolve::check(ctx, &files.uses, problems)?;
    let mut exports: Vec<Export> = Vec::new();
    let mut secrets: Vec<Secret> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for link in &args.links {
        if seen.contains(&link.as_str()) {
            continue;
        }
        seen.push(link);
        let resolved = crate::credential::resolve(ctx, link, args.app.as_deref())?;
        for (name, value, used) in variables(link, &resolved.connector, &resolved.credential)? {
            if let Some(other) = exports.iter().find(|e| e.name == name) {
                return Err(conflict(&other.from.to_string(), link, &name));
            }
            secrets.extend(used);
            exports.push(Export {
                name,
                value,
                from: Origin::Link(link.clone()),
            });
        }
    }
    let mut exported: Vec<Exported> = Vec::new();
    if !seen.is_empty() {
        let env = ctx.env()?;
        exported.extend(seen.iter().map(|link| Exported {
            link: (*link).to_owned(),
            env,
        }));
    }
    let values = resolve::resolve(ctx, &files.uses, args.app.as_deref())?;
    for (link, env) in &values.used {
        let one = Exported {
            link: link.clone(),
            env: *env,
        };
        if !exported.contains(&one) {
            exported.push(one);
        }
    }
    add_file_variables(&mut exports, files, &values.each)?;
    secrets.extend(values.secrets);

    let (program, rest) = args
        .command
        .split_first()
        .ok_or_else(|| Error::missing("the command to run", "it after `--`"))?;
    let shown = crate::sanitize::for_terminal(&program.to_string_lossy());
    let masked = masking(args);
    ctx.ui().diagnostic(
        Verbosity::Verbose,
        &format!(
            "running `{shown}` with {}{}",
            exports
                .iter()
                .map(|e| format!(
                    "{} (from {})",
                    e.name,
                    crate::sanitize::for_terminal(&e.from.to_string())
                ))
                .collect::<Vec<_>>()
                .join(", "),
            if masked { "; its output masked" } else { "" }
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
    command.env(nested::MARKER_VAR, ctx.nesting().marker_for(&exported));
    drop(exports);
    // The credentials are handed over now: after `exec` nothing of tether's runs any more.
    super::audited::finish(ctx, &Ok(()));
    if masked {
        return run_masked(command, &shown, secrets);
    }
    drop(secrets);
    run_in_place(command, &shown)
}

/// `--mask`, `--no-mask`, else masked when stdout is not a terminal (a log, a pipe, CI),
/// unless stdout and stderr both go to /dev/null, where nothing is kept to conceal.
fn masking(args: &ExecArgs) -> bool {
    use std::io::IsTerminal as _;
    if args.no_mask {
        false
    } else {
        args.mask
            || !(std::io::stdout().is_terminal()
                || both_discarded(std::io::stdout(), std::io::stderr()))
    }
}

/// Whether `first` and `second` are both /dev/null.
#[cfg(unix)]
fn both_discarded(first: impl std::os::fd::AsFd, second: impl std::os::fd::AsFd) -> bool {
    use rustix::fs::{FileType, Stat};
    let device = |stat: Stat| {
        (FileType::from_raw_mode(stat.st_mode) == FileType::CharacterDevice).then_some(stat.st_rdev)
    };
    let Some(null) = rustix::fs::stat("/dev/null").ok().and_then(device) else {
        return false;
    };
    [rustix::fs::fstat(first), rustix::fs::fstat(second)]
        .into_iter()
        .all(|stat| stat.ok().and_then(device) == Some(null))
}

#[cfg(not(unix))]
fn both_discarded(_first: impl Sized, _second: impl Sized) -> bool {
    false
}

/// The env files as read: their entries, and the references in their values.
struct EnvFiles {
    entries: Vec<(PathBuf, crate::dotenv::Entry)>,
    /// Each entry's references, in the order of `entries`.
    found: Vec<Vec<crate::reference::Found>>,
    uses: Vec<resolve::Use>,
}

/// Reads every env file and finds the references in its values, with the problems of those
/// that are malformed (reported with the others' by [`resolve::check`]).
fn read_env_files(paths: &[PathBuf]) -> Result<(EnvFiles, Vec<crate::reference::BadReference>)> {
    let mut files = EnvFiles {
        entries: Vec::new(),
        found: Vec::new(),
        uses: Vec::new(),
    };
    let mut problems = Vec::new();
    for path in paths {
        let bytes = zeroize::Zeroizing::new(std::fs::read(path).map_err(|source| {
            crate::reference::ReferenceError::Unreadable {
                path: path.clone(),
                source,
            }
        })?);
        for entry in crate::dotenv::parse(path, &bytes)? {
            let line = entry.line;
            let (found, uses, bad) = resolve::uses_in(path, entry.value.expose(), |_| line);
            files.uses.extend(uses);
            problems.extend(bad);
            files.found.push(found);
            files.entries.push((path.clone(), entry));
        }
    }
    Ok((files, problems))
}

/// Adds each variable of the env files, its references replaced by `values` (in the order of
/// the files' references); a later line replaces an earlier one of the same name.
fn add_file_variables(exports: &mut Vec<Export>, files: EnvFiles, values: &[Secret]) -> Result<()> {
    let mut next = 0;
    for ((path, entry), found) in files.entries.into_iter().zip(&files.found) {
        let value = resolve::render(
            entry.value.expose(),
            found,
            &values[next..next + found.len()],
        );
        next += found.len();
        if let Some(i) = exports.iter().position(|e| e.name == entry.key) {
            if let Origin::Link(link) = &exports[i].from {
                return Err(ExecError::FileAndConnection {
                    path,
                    line: entry.line,
                    link: link.clone(),
                    name: entry.key,
                }
                .into());
            }
            exports.remove(i);
        }
        exports.push(Export {
            name: entry.key,
            value,
            from: Origin::File(path, entry.line),
        });
    }
    Ok(())
}

/// Runs the command as tether's child with its output masked, then exits with its status.
#[cfg(unix)]
fn run_masked(command: Command, program: &str, secrets: Vec<Secret>) -> Result<()> {
    let patterns: Vec<&[u8]> = secrets.iter().map(|s| s.expose().as_bytes()).collect();
    let core = crate::harden::release_for_command();
    let ended = crate::relay::run(command, &patterns, std::io::stdout(), std::io::stderr())
        .map_err(|error| start_error(program, error));
    drop(core);
    drop(patterns);
    drop(secrets);
    std::process::exit(ended?.shell_code())
}

#[cfg(not(unix))]
fn run_masked(command: Command, program: &str, _secrets: Vec<Secret>) -> Result<()> {
    run_in_place(command, program)
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
/// Each comes with the secrets masking conceals: the secret values its template used, and
/// the value itself when it holds one.
fn variables(
    link: &str,
    connector: &Connector,
    credential: &Credential,
) -> Result<Vec<(String, Secret, Vec<Secret>)>> {
    if connector.env.is_empty() {
        return Ok(vec![(
            default_name(link),
            credential.token.clone(),
            vec![credential.token.clone()],
        )]);
    }
    connector
        .env
        .iter()
        .map(|(name, template)| {
            let value = crate::connector::template::render_secret(template, |placeholder| {
                credential.values.get(placeholder)
            })?;
            // The secrets the value was made of, and the value itself when it holds one.
            let mut secrets: Vec<Secret> = crate::connector::template::placeholders(template)
                .iter()
                .filter(|p| resolve::is_secret(connector, p))
                .filter_map(|p| credential.values.get(p).cloned())
                .collect();
            if !secrets.is_empty() {
                secrets.push(value.clone());
            }
            Ok((name.clone(), value, secrets))
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
