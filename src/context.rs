//! The services a command needs, in one value: paths, the vault, the ui (what is said and
//! asked), the clock and the output mode. Tests build one with a recording ui.

use std::cell::OnceCell;

use time::OffsetDateTime;

use crate::audit::Trail;
use crate::environment::Environment;
use crate::error::{Error, Result};
use crate::nested::Nesting;
use crate::paths::Paths;
use crate::prompt::Prompter;
use crate::ui::Ui;
use crate::usage::UsageError;
use crate::vault::{KeySources, Vault};

pub use crate::ui::Verbosity;

/// What a command runs with. Built once per process by [`Context::new`].
pub struct Context {
    pub paths: Paths,
    /// `--env` as given (possibly several, or none).
    envs: Vec<Environment>,
    pub json: bool,
    /// Where notices, diagnostics, progress and questions go.
    ui: Box<dyn Ui>,
    /// `--no-input` or `CI`: no person is expected at all, not even to open a URL.
    unattended: bool,
    vault: OnceCell<Vault>,
    /// Whether this run is inside `tether exec`, and what that allows.
    nesting: Nesting,
    /// What this run leaves in the audit log.
    audit: Trail,
}

/// The settings a context is built from (the resolved global options).
#[derive(Debug, Clone)]
pub struct Settings {
    pub paths: Paths,
    pub envs: Vec<Environment>,
    pub json: bool,
}

impl Context {
    /// A context that reports to and asks through `ui`.
    #[must_use]
    pub fn new(settings: Settings, ui: Box<dyn Ui>) -> Self {
        Self {
            audit: Trail::new(&settings.paths),
            paths: settings.paths,
            envs: settings.envs,
            json: settings.json,
            ui,
            unattended: false,
            vault: OnceCell::new(),
            nesting: Nesting::default(),
        }
    }

    /// Declares the run unattended (`--no-input` or `CI`).
    #[must_use]
    pub fn with_unattended(mut self, unattended: bool) -> Self {
        self.unattended = unattended;
        self
    }

    /// Sets what this run knows about an enclosing `tether exec`.
    #[must_use]
    pub fn with_nesting(mut self, nesting: Nesting) -> Self {
        self.nesting = nesting;
        self
    }

    /// The audit log of this run: `ctx.audit().record(Event::new("refresh").link(link))`.
    #[must_use]
    pub fn audit(&self) -> &Trail {
        &self.audit
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

    #[must_use]
    pub fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }

    /// Where notices, diagnostics, progress and questions go.
    #[must_use]
    pub fn ui(&self) -> &dyn Ui {
        self.ui.as_ref()
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
            _ => Err(UsageError::OneEnvironment.into()),
        }
    }

    #[must_use]
    pub fn interactive(&self) -> bool {
        self.ui.prompter().is_some()
    }

    /// Whether the run was declared unattended (`--no-input` or `CI`): nobody will open a
    /// browser or type anything, whatever is connected to stdin.
    #[must_use]
    pub fn unattended(&self) -> bool {
        self.unattended
    }

    /// The prompter, or the error naming the flag that supplies `what`.
    pub fn prompter(&self, what: &str, flag: &str) -> Result<&dyn Prompter> {
        self.ui.prompter().ok_or_else(|| {
            UsageError::Missing {
                what: what.to_owned(),
                flag: flag.to_owned(),
            }
            .into()
        })
    }

    /// The prompter when a person can answer, for optional questions.
    #[must_use]
    pub fn try_prompter(&self) -> Option<&dyn Prompter> {
        self.ui.prompter()
    }

    /// The vault, opened (and its key read) once per process.
    pub fn vault(&self) -> Result<&Vault> {
        if let Some(vault) = self.vault.get() {
            return Ok(vault);
        }
        let prompter = self
            .prompter("the vault passphrase", crate::vault::source::PASSPHRASE_VAR)
            .ok();
        let sources =
            KeySources::from_env().with_details(self.ui.verbosity() >= Verbosity::Verbose);
        let vault = Vault::open(&self.paths, sources, prompter)?;
        if let Some(source) = vault.source() {
            self.ui.diagnostic(
                Verbosity::Verbose,
                &format!("vault key from {}", source.described()),
            );
        }
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
        let no_source = Error::from(no_source);
        let Some(prompter) = self.try_prompter() else {
            return Err(no_source);
        };
        self.ui.problem(&no_source, false);
        if !prompter.confirm(
            "Create a vault protected by a passphrase now? (you will need it for every use of the secrets)",
            true,
        )? {
            return Err(no_source);
        }
        let passphrase = crate::vault::source::ask_new_passphrase(prompter)?;
        vault.create_with_passphrase(&passphrase)?;
        // Said now, not with the command's outcome: the person is still answering questions.
        self.ui.notice(&format!(
            "Created the vault in {}, protected by your passphrase (set {} to use it without a prompt).\n\
             Without the passphrase its secrets cannot be recovered.",
            vault.dir().display(),
            crate::vault::source::PASSPHRASE_VAR
        ));
        Ok(vault)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::ui::Recording;

    fn context(envs: Vec<Environment>) -> Context {
        let settings = Settings {
            paths: Paths::under(std::path::Path::new("/nonexistent")),
            envs,
            json: false,
        };
        Context::new(settings, Box::new(Recording::default()))
    }

    #[test]
    fn asking_without_a_person_names_the_flag_that_supplies_the_value() {
        let ctx = context(Vec::new());
        assert!(!ctx.interactive());
        let Err(err) = ctx.prompter("the account", "--account NAME") else {
            panic!("no prompter without a person");
        };
        assert!(
            matches!(&err, Error::Usage(UsageError::Missing { flag, .. }) if flag == "--account NAME")
        );
        assert_eq!(err.exit_code(), 2);
        assert!(err.shown().ends_with("\n  hint: pass --account NAME\n"));
    }

    #[test]
    fn one_environment_is_one() {
        let ctx = context(vec![Environment::Production, Environment::Production]);
        assert_eq!(ctx.env().unwrap(), Environment::Production);
        let ctx = context(vec![Environment::Production, Environment::Development]);
        assert!(matches!(
            ctx.env(),
            Err(Error::Usage(UsageError::OneEnvironment))
        ));
    }
}
