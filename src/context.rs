//! The services a command needs, in one value: paths, the vault, the prompter, the clock and
//! output settings. Tests build one with a scripted prompter and a fixed clock.

use std::cell::OnceCell;
use std::io::IsTerminal;

use time::OffsetDateTime;

use crate::environment::Environment;
use crate::error::{Error, Result};
use crate::nested::Nesting;
use crate::paths::Paths;
use crate::prompt::{Prompter, TerminalPrompter};
use crate::vault::{KeySources, Vault};

/// How much is said on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
    Debug,
    Trace,
}

/// What a command runs with. Built once per process by [`Context::new`].
pub struct Context {
    pub paths: Paths,
    /// `--env` as given (possibly several, or none).
    envs: Vec<Environment>,
    pub json: bool,
    pub verbosity: Verbosity,
    pub color: bool,
    /// `None` when prompting is not allowed.
    prompter: Option<Box<dyn Prompter>>,
    /// `--no-input` or `CI`: no person is expected at all, not even to open a URL.
    unattended: bool,
    clock: fn() -> OffsetDateTime,
    vault: OnceCell<Vault>,
    /// Whether this run is inside `tether exec`, and what that allows.
    nesting: Nesting,
}

/// The settings a context is built from (the resolved global options).
#[derive(Debug, Clone)]
pub struct Settings {
    pub paths: Paths,
    pub envs: Vec<Environment>,
    pub json: bool,
    pub verbosity: Verbosity,
    pub color: bool,
}

impl Context {
    /// A context for a real run: prompts only when a person can answer them.
    #[must_use]
    pub fn new(settings: Settings, no_input: bool) -> Self {
        // Prompts draw on stderr: `--color never` and NO_COLOR turn their colours off too
        // (otherwise the terminal library decides, as it knows TERM).
        if !settings.color {
            dialoguer::console::set_colors_enabled_stderr(false);
        }
        let prompter: Option<Box<dyn Prompter>> = if can_prompt(no_input) {
            Some(Box::new(TerminalPrompter))
        } else {
            None
        };
        let mut ctx = Self::with_prompter(settings, prompter);
        ctx.unattended = no_input || in_ci();
        ctx
    }

    /// A context with an explicit prompter (or none), for tests.
    #[must_use]
    pub fn with_prompter(settings: Settings, prompter: Option<Box<dyn Prompter>>) -> Self {
        Self {
            paths: settings.paths,
            envs: settings.envs,
            json: settings.json,
            verbosity: settings.verbosity,
            color: settings.color,
            prompter,
            unattended: false,
            clock: OffsetDateTime::now_utc,
            vault: OnceCell::new(),
            nesting: Nesting::default(),
        }
    }

    /// Sets what this run knows about an enclosing `tether exec`.
    #[must_use]
    pub fn with_nesting(mut self, nesting: Nesting) -> Self {
        self.nesting = nesting;
        self
    }

    #[must_use]
    pub fn nesting(&self) -> &Nesting {
        &self.nesting
    }

    /// Uses `vault` instead of opening one with this process's key sources (library tests).
    #[must_use]
    pub fn with_vault(self, vault: Vault) -> Self {
        let _ = self.vault.set(vault);
        self
    }

    /// Replaces the clock (tests of expiry).
    #[must_use]
    pub fn with_clock(mut self, clock: fn() -> OffsetDateTime) -> Self {
        self.clock = clock;
        self
    }

    #[must_use]
    pub fn now(&self) -> OffsetDateTime {
        (self.clock)()
    }

    /// The environments given with `--env`, in order, without repeats.
    #[must_use]
    pub fn envs(&self) -> Vec<Environment> {
        let mut envs = Vec::new();
        for env in &self.envs {
            if !envs.contains(env) {
                envs.push(*env);
            }
        }
        envs
    }

    /// The one environment a command acts in: `--env`, `TETHER_ENV`, else development.
    pub fn env(&self) -> Result<Environment> {
        match self.envs().as_slice() {
            [] => Ok(Environment::Development),
            [env] => Ok(*env),
            _ => Err(Error::invalid(
                "this command acts in one environment, but --env was given more than once",
                "pass a single --env",
            )),
        }
    }

    #[must_use]
    pub fn interactive(&self) -> bool {
        self.prompter.is_some()
    }

    /// Whether the run was declared unattended (`--no-input` or `CI`): nobody will open a
    /// browser or type anything, whatever is connected to stdin.
    #[must_use]
    pub fn unattended(&self) -> bool {
        self.unattended
    }

    /// The prompter, or the error naming the flag that supplies `what`.
    pub fn prompter(&self, what: &str, flag: &str) -> Result<&dyn Prompter> {
        self.prompter
            .as_deref()
            .ok_or_else(|| Error::missing(what, flag))
    }

    /// The prompter when a person can answer, for optional questions.
    #[must_use]
    pub fn try_prompter(&self) -> Option<&dyn Prompter> {
        self.prompter.as_deref()
    }

    /// The vault, opened (and its key read) once per process.
    pub fn vault(&self) -> Result<&Vault> {
        if let Some(vault) = self.vault.get() {
            return Ok(vault);
        }
        let prompter = self
            .prompter("the vault passphrase", crate::vault::source::PASSPHRASE_VAR)
            .ok();
        let sources = KeySources::from_env().with_details(self.verbosity >= Verbosity::Verbose);
        let vault = Vault::open(&self.paths, sources, prompter)?;
        Ok(self.vault.get_or_init(|| vault))
    }

    /// The vault, made sure to be usable before anything secret is asked for: an existing
    /// vault's key is read now (its passphrase asked for now), and for a vault not made yet a
    /// key source must be there. In a terminal, a person without one is offered a passphrase
    /// vault on the spot; otherwise the error lists the ways to provide a key (exit 4).
    pub fn vault_for_secrets(&self) -> Result<&Vault> {
        let vault = self.vault()?;
        let Some(no_source) = vault.missing_key_source()? else {
            return Ok(vault);
        };
        let Some(prompter) = self.try_prompter() else {
            return Err(no_source);
        };
        if let Error::Vault(no_source) = &no_source {
            self.say(no_source.to_string());
        }
        if !prompter.confirm(
            "Create a vault protected by a passphrase now? (you will need it for every use of the secrets)",
            true,
        )? {
            return Err(no_source);
        }
        let passphrase = crate::vault::source::ask_new_passphrase(prompter)?;
        vault.create_with_passphrase(&passphrase)?;
        self.say(format!(
            "Created the vault in {}, protected by your passphrase (set {} to use it without a prompt).\n\
             Without the passphrase its secrets cannot be recovered.",
            vault.dir().display(),
            crate::vault::source::PASSPHRASE_VAR
        ));
        Ok(vault)
    }

    /// A message for the person, on stderr; silent with `-q`.
    pub fn say(&self, message: impl AsRef<str>) {
        if self.verbosity > Verbosity::Quiet {
            crate::output::eprint_line(message.as_ref());
        }
    }

    /// A diagnostic shown at `-v` and above. Never pass it a secret.
    pub fn log(&self, level: Verbosity, message: impl AsRef<str>) {
        if self.verbosity >= level {
            crate::output::eprint_line(&format!("tether: {}", message.as_ref()));
        }
    }
}

/// Prompting needs a person: no `--no-input`, no `CI`, and a terminal on stdin and stderr.
fn can_prompt(no_input: bool) -> bool {
    !no_input && !in_ci() && std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "0" && v != "false")
}
