//! Where tether keeps its files: `TETHER_HOME` / `--home`, else the platform directories.
//!
//! Every home resolved here is registered with [`crate::safe_fs`], which from then on checks each
//! directory and file tether opens under it (owner, mode, no links) and serializes its writes
//! with the state lock. A home's `tmp/` holds the temp files of writes in progress.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::safe_fs;

/// The resolved locations of tether's state. Nothing is created or checked here.
#[derive(Debug, Clone)]
pub struct Paths {
    /// Human-readable metadata: connectors, connections, accounts, settings.
    config: PathBuf,
    /// The vault and lock files.
    data: PathBuf,
}

impl Paths {
    /// `home` (from `--home` or `TETHER_HOME`) holds everything when given.
    pub fn resolve(home: Option<PathBuf>) -> Result<Self> {
        if let Some(home) = home {
            let home = if home.is_absolute() {
                home
            } else {
                std::env::current_dir()
                    .map_err(|e| Error::io("resolving", &home, e))?
                    .join(home)
            };
            return Ok(Self::under(&home));
        }
        let dirs = directories::ProjectDirs::from("", "", "tether").ok_or(Error::NoHome)?;
        Ok(Self::registered(
            dirs.config_dir().to_path_buf(),
            dirs.data_dir().to_path_buf(),
        ))
    }

    /// Every file below one directory (tests, CI, containers).
    #[must_use]
    pub fn under(home: &Path) -> Self {
        Self::registered(home.to_path_buf(), home.to_path_buf())
    }

    fn registered(config: PathBuf, data: PathBuf) -> Self {
        let paths = Self { config, data };
        let lock = paths.state_lock();
        safe_fs::register_home(&paths.config, &lock);
        safe_fs::register_home(&paths.data, &lock);
        paths
    }

    #[must_use]
    pub fn config_dir(&self) -> &Path {
        &self.config
    }

    #[must_use]
    pub fn data_dir(&self) -> &Path {
        &self.data
    }

    /// Custom connector definitions, one TOML file each.
    #[must_use]
    pub fn connectors_dir(&self) -> PathBuf {
        self.config.join("connectors")
    }

    /// Connections, one TOML file each.
    #[must_use]
    pub fn connections_dir(&self) -> PathBuf {
        self.config.join("connections")
    }

    /// The account index: lookups by name and configuration, derived from the accounts.
    #[must_use]
    pub fn index_dir(&self) -> PathBuf {
        self.data.join("index")
    }

    /// Copies of parsed metadata that make listings fast; derived, safe to delete.
    #[must_use]
    pub fn cache_dir(&self) -> PathBuf {
        self.data.join("cache")
    }

    /// Authorized accounts (without secrets), one TOML file each.
    #[must_use]
    pub fn accounts_dir(&self) -> PathBuf {
        self.config.join("accounts")
    }

    /// OAuth2 client apps configured for connectors (without secrets).
    #[must_use]
    pub fn clients_dir(&self) -> PathBuf {
        self.config.join("clients")
    }

    #[must_use]
    pub fn vault_dir(&self) -> PathBuf {
        self.data.join("vault")
    }

    /// The audit log and its rotated files.
    #[must_use]
    pub fn audit_dir(&self) -> PathBuf {
        self.data.join("audit")
    }

    /// Lock files: one for state writes, one per authorization for refreshes.
    #[must_use]
    pub fn locks_dir(&self) -> PathBuf {
        self.data.join("locks")
    }

    /// The lock every write of metadata or vault records takes.
    #[must_use]
    pub fn state_lock(&self) -> PathBuf {
        self.locks_dir().join("state.lock")
    }
}
