//! The command line: clap types that hold only what was typed, and the dispatch to each
//! command's `run`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::context::{Context, Settings, Verbosity};
use crate::environment::Environment;
use crate::error::Result;
use crate::nested::Nesting;
use crate::paths::Paths;

pub use parse::parse;

mod account;
mod audited;
pub(crate) mod complete;
pub mod completions;
mod confirm;
pub(crate) mod connection;
mod connector;
pub mod diagnose;
pub(crate) mod docker_credential;
mod exec;
mod git_credential;
mod header;
pub(crate) mod help;
mod inject;
mod invoke;
mod kube_credential;
mod log;
mod output;
mod pager;
mod parse;
pub mod reference;
mod setup_git;
mod status;
mod store;
mod token;
pub(crate) mod ui;
mod vault;

/// Connect people, scripts and CI pipelines to third-party services.
///
/// tether keeps connectors (how to talk to a service), connections (a named use of a
/// connector), and the authorized accounts behind them, per environment. Secrets live in an
/// encrypted vault whose key is kept in the OS keyring, in TETHER_VAULT_KEY, or behind a
/// passphrase.
#[derive(Debug, Parser)]
#[command(
    name = "tether",
    version,
    propagate_version = true,
    max_term_width = 100
)]
#[command(after_long_help = EXIT_CODES)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// The exit codes, shown by `--help` and in the man page.
pub const EXIT_CODES: &str = "\
Exit status:
  0   success
  1   unexpected failure (I/O, bug)
  2   usage error, invalid input, or a value that could not be prompted for
  3   authorization required (not authorized, refresh rejected, revoked)
  4   vault unavailable (no key source, wrong key or passphrase, tampered record)
  5   provider or network failure (timeout, 5xx, malformed response)
  6   access denied (the application is not enabled on the connection)
  22  `invoke --fail` and the HTTP status was 400 or above
  126 `exec`: the command could not be run (not executable)
  127 `exec`: the command was not found
  130 cancelled: Ctrl-C or ESC at a question, or a confirmation declined; nothing was changed
  Otherwise `exec` exits with the command's own status. `docker-credential` exits 1 for a
  registry no connection serves and for a refused `docker login` (docker's protocol).";

/// Options accepted in any position.
// Each flag is an independent switch typed on the command line, not a state machine.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Environment to act in: development (dev), stage (staging, stg), production (prod)
    #[arg(
        long = "env",
        value_name = "ENV",
        global = true,
        env = "TETHER_ENV",
        add = complete::environments()
    )]
    pub env: Vec<Environment>,

    /// Print one JSON document on stdout
    #[arg(long, global = true)]
    pub json: bool,

    /// Never prompt; fail with exit 2 when a value is missing (also when CI is set)
    #[arg(long, global = true)]
    pub no_input: bool,

    /// Say more on stderr (-v, -vv, -vvv); secrets are never logged
    #[arg(short, long, action = clap::ArgAction::Count, global = true, conflicts_with = "quiet")]
    pub verbose: u8,

    /// Say nothing on stderr but errors
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// When to use colour (NO_COLOR turns it off)
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    /// Never use a pager (TETHER_PAGER, PAGER, less) for long listings
    #[arg(long, global = true)]
    pub no_pager: bool,

    /// Keep every file under DIR
    #[arg(long, value_name = "DIR", global = true, env = "TETHER_HOME")]
    pub home: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Browse, import, export and configure connectors
    #[command(subcommand)]
    Connector(connector::ConnectorCommand),
    /// Create, authorize and inspect connections
    #[command(subcommand)]
    Connection(connection::ConnectionCommand),
    /// List, rename and delete authorized accounts
    #[command(subcommand)]
    Account(account::AccountCommand),
    Token(token::TokenArgs),
    Header(header::HeaderArgs),
    Exec(exec::ExecArgs),
    Inject(inject::InjectArgs),
    Invoke(invoke::InvokeArgs),
    Status(status::StatusArgs),
    /// Inspect and manage the encrypted vault
    #[command(subcommand)]
    Vault(vault::VaultCommand),
    Log(log::LogArgs),
    /// Where this home keeps its state: its own files, or an etcd cluster shared with other
    /// machines
    #[command(subcommand)]
    Store(store::StoreCommand),
    GitCredential(git_credential::GitCredentialArgs),
    SetupGit(setup_git::SetupGitArgs),
    KubeCredential(kube_credential::KubeCredentialArgs),
    /// docker's credential helper (docker-credential-tether): logins for the registries of
    /// connections whose connector has [docker]
    ///
    /// Each subcommand speaks docker's protocol whatever --json says: JSON on stdin and stdout,
    /// and a failure's message on stdout with a non-zero exit, where docker reads it.
    #[command(subcommand)]
    DockerCredential(docker_credential::DockerCredentialCommand),
    Completions(completions::CompletionsArgs),
}

impl Command {
    /// A helper run by another program that speaks that program's protocol: it never prompts,
    /// and its output is the protocol's whatever `--json` says.
    fn is_protocol_helper(&self) -> bool {
        matches!(
            self,
            Self::GitCredential(_) | Self::KubeCredential(_) | Self::DockerCredential(_)
        )
    }

    /// docker reads a helper's failure on stdout (docker/docker-credential-helpers).
    #[must_use]
    pub fn errors_on_stdout(&self) -> bool {
        matches!(self, Self::DockerCredential(_))
    }
}

impl GlobalArgs {
    /// The resolve step: typed options into validated settings.
    pub fn settings(&self) -> Result<Settings> {
        Ok(Settings {
            paths: Paths::resolve(self.home.clone())?,
            envs: self.env.clone(),
            json: self.json,
        })
    }

    /// How much is said on stderr.
    #[must_use]
    pub fn verbosity(&self) -> Verbosity {
        match (self.quiet, self.verbose) {
            (true, _) => Verbosity::Quiet,
            (false, 0) => Verbosity::Normal,
            (false, 1) => Verbosity::Verbose,
            (false, 2) => Verbosity::Debug,
            (false, _) => Verbosity::Trace,
        }
    }

    /// Whether data on stdout is coloured: as [`GlobalArgs::color`], but `auto` asks whether
    /// stdout is a terminal (a pipe gets no escape codes).
    #[must_use]
    pub fn stdout_color(&self) -> bool {
        use std::io::IsTerminal;
        self.color_for(std::io::stdout().is_terminal())
    }

    /// Whether messages on stderr are coloured.
    #[must_use]
    pub fn color(&self) -> bool {
        use std::io::IsTerminal;
        self.color_for(std::io::stderr().is_terminal())
    }

    /// `--color`, where `auto` means colour on a terminal unless NO_COLOR is set.
    fn color_for(&self, terminal: bool) -> bool {
        match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && terminal
            }
        }
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let allow_nested = matches!(&cli.command, Command::Exec(args) if args.allow_nested);
    let color = cli.global.color();
    dialoguer::console::set_colors_enabled(color);
    output::set_stdout_color(cli.global.stdout_color());
    ui::errors_as_json(cli.global.json);
    if cli.global.no_pager {
        pager::turn_off();
    }
    // git, kubectl and docker run their credential helpers with stdin as the protocol's pipe,
    // perhaps from a terminal session: a question would hang them or read the request as an
    // answer.
    let no_input = cli.global.no_input || cli.command.is_protocol_helper();
    let ui = ui::Console::new(cli.global.verbosity(), no_input, color);
    let ctx = Context::new(cli.global.settings()?, Box::new(ui))
        .with_unattended(no_input || ui::in_ci())
        .with_nesting(Nesting::from_env(allow_nested));
    ctx.audit().begin(audited::subject(&ctx, &cli.command));
    let typed = Typed {
        home: cli.global.home.as_deref(),
        // clap fills `--env` from TETHER_ENV too: typed only when that variable is not set.
        env: !cli.global.env.is_empty() && std::env::var_os("TETHER_ENV").is_none(),
    };
    let result = dispatch(&ctx, cli.command, &typed);
    audited::finish(&ctx, &result);
    result
}

/// What was chosen for this run rather than defaulted, which `setup-git` and
/// `kube-credential --print-config` write into the command lines git and kubectl run, so that
/// their runs of tether make the same choice.
pub(crate) struct Typed<'a> {
    /// `--home` or TETHER_HOME.
    pub home: Option<&'a std::path::Path>,
    /// Whether `--env` was typed.
    pub env: bool,
}

impl Typed<'_> {
    /// The chosen home as an absolute path: the command line runs from another directory.
    pub(crate) fn absolute_home(&self) -> Result<Option<PathBuf>> {
        self.home
            .map(|home| {
                std::path::absolute(home)
                    .map_err(|e| crate::error::Error::io("find the absolute path of", home, e))
            })
            .transpose()
    }
}

/// The path of this program, for a command line that another program runs (git, kubectl).
fn this_program() -> Result<PathBuf> {
    std::env::current_exe()
        .map_err(|e| crate::error::Error::io("find the path of", "the running tether", e))
}

fn dispatch(ctx: &Context, command: Command, typed: &Typed<'_>) -> Result<()> {
    if !matches!(command, Command::Completions(_)) {
        // Nothing is read while a change another process left half-applied is pending.
        crate::store::settle(&ctx.paths)?;
    }
    // A shared home's copy is brought up to date first; `store` and `log` need no cluster.
    let needs_state = !matches!(
        command,
        Command::Completions(_) | Command::Store(_) | Command::Log(_)
    );
    if needs_state && let Some(age) = crate::store::attach(&ctx.paths)? {
        ctx.ui().notice(&format!(
            "warning: the etcd cluster cannot be reached; reading this machine's copy of {} ago, which cannot be changed now",
            output::spoken(age)
        ));
    }
    for note in crate::harden::notes() {
        ctx.ui().diagnostic(Verbosity::Verbose, note);
    }
    match command {
        Command::Connector(command) => connector::run(ctx, command),
        Command::Connection(command) => connection::run(ctx, command),
        Command::Account(command) => account::run(ctx, command),
        Command::Token(args) => token::run(ctx, &args),
        Command::Header(args) => header::run(ctx, &args),
        Command::Exec(args) => exec::run(ctx, &args),
        Command::Inject(args) => inject::run(ctx, &args),
        Command::Invoke(args) => invoke::run(ctx, &args),
        Command::Status(args) => status::run(ctx, &args),
        Command::Vault(command) => vault::run(ctx, command),
        Command::Log(args) => log::run(ctx, &args),
        Command::Store(command) => store::run(ctx, command),
        Command::GitCredential(args) => git_credential::run(ctx, &args),
        Command::SetupGit(args) => setup_git::run(ctx, &args, typed),
        Command::KubeCredential(args) => kube_credential::run(ctx, &args, typed),
        Command::DockerCredential(command) => docker_credential::run(ctx, &command),
        Command::Completions(args) => completions::run(&args, ctx.json),
    }
}
