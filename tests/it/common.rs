//! Shared test support: a hermetic tether run (temp home, clean environment, own vault key).

#[cfg(feature = "etcd")]
pub(crate) mod etcd;
pub(crate) mod http;
#[cfg(target_os = "linux")]
pub(crate) mod keyring;
pub(crate) mod library;
pub(crate) mod oidc;
pub(crate) mod paste;
pub(crate) mod server;
pub(crate) mod tree;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use base64::Engine as _;

/// One isolated tether installation: its own home directory and vault key.
pub(crate) struct Home {
    pub(crate) dir: tempfile::TempDir,
    pub(crate) vault_key: String,
}

impl Home {
    /// A home whose vault key comes from `TETHER_VAULT_KEY`.
    #[must_use]
    pub(crate) fn new() -> Self {
        let mut key = [0u8; 32];
        ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut key).unwrap();
        Self {
            dir: tempfile::tempdir().unwrap(),
            vault_key: base64::engine::general_purpose::STANDARD.encode(key),
        }
    }

    #[must_use]
    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `tether` with a clean environment: only PATH, HOME and TETHER_HOME, no vault key.
    #[must_use]
    pub(crate) fn bare(&self) -> Command {
        let mut cmd = Command::cargo_bin("tether").unwrap();
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.path())
            .env("TETHER_HOME", self.path().join("home"))
            .env("NO_COLOR", "1");
        cmd
    }

    /// `tether` with this home's vault key.
    #[must_use]
    pub(crate) fn cmd(&self) -> Command {
        let mut cmd = self.bare();
        cmd.env("TETHER_VAULT_KEY", &self.vault_key);
        cmd
    }

    /// `tether` as a plain process to spawn (to kill it, or hold its pipes), with the same
    /// clean environment and vault key as [`Home::cmd`].
    #[must_use]
    pub(crate) fn process(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("tether"));
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.path())
            .env("TETHER_HOME", self.state())
            .env("TETHER_VAULT_KEY", &self.vault_key)
            .env("NO_COLOR", "1");
        cmd
    }

    /// Runs `tether ARGS…` with the vault key and no stdin.
    pub(crate) fn run(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        self.cmd().args(args).write_stdin("").assert()
    }

    /// Runs `tether ARGS…` with the vault key, no stdin, and `KEY` set to `key` (for
    /// `--param api_key=env:KEY`, so that no secret is on the command line).
    pub(crate) fn run_with_key(&self, key: &str, args: &[&str]) -> assert_cmd::assert::Assert {
        self.cmd()
            .env("KEY", key)
            .args(args)
            .write_stdin("")
            .assert()
    }

    /// A new home with the test connectors `weather`, `tracker` and `notes` imported.
    #[must_use]
    pub(crate) fn with_fixtures() -> Self {
        Self::new()
            .with_connector("weather.toml")
            .with_connector("tracker.toml")
            .with_connector("notes.toml")
    }

    /// Imports the connector `tests/fixtures/NAME` and returns the home.
    #[must_use]
    pub(crate) fn with_connector(self, name: &str) -> Self {
        self.run(&["connector", "import", &fixture(name)]).success();
        self
    }

    /// Runs `tether ARGS…`, expects success, and parses stdout as JSON.
    pub(crate) fn json(&self, args: &[&str]) -> serde_json::Value {
        let out = self.run(args).success();
        serde_json::from_str(&stdout(&out))
            .unwrap_or_else(|e| panic!("{args:?}: stdout is not JSON: {e}"))
    }

    /// Writes a file below the temp dir (outside tether's home) and returns its path.
    pub(crate) fn write(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.path().join(name);
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// Writes a connector file `name` (outside the home) and runs `connector import` on it.
    pub(crate) fn import_connector(&self, name: &str, text: &str) -> assert_cmd::assert::Assert {
        let path = self.write(name, text);
        self.run(&["connector", "import", path.to_str().unwrap()])
    }

    /// tether's state directory.
    #[must_use]
    pub(crate) fn state(&self) -> PathBuf {
        self.path().join("home")
    }

    /// Every file under tether's home except the vault, as (path, bytes): for leak checks.
    #[must_use]
    pub(crate) fn files_outside_vault(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let vault = self.state().join("vault");
        tree::snapshot(&self.state())
            .into_iter()
            .filter(|(path, _)| !path.starts_with(&vault))
            .collect()
    }
}

/// `connection create wx --connector weather --authorize --account ACCOUNT`, the API key read
/// from the variable `KEY` (see [`Home::run_with_key`]).
#[must_use]
pub(crate) fn create_wx(account: &str) -> [&str; 10] {
    [
        "connection",
        "create",
        "wx",
        "--connector",
        "weather",
        "--authorize",
        "--account",
        account,
        "--param",
        "api_key=env:KEY",
    ]
}

/// A home with the weather connector and two connections: `wx` authorized by account
/// `first` (key `k1`), `wx2` by account `second` (key `k2`).
pub(crate) fn two_weather_connections() -> Home {
    let home = Home::new().with_connector("weather.toml");
    home.run_with_key("k1", &create_wx("first")).success();
    let mut second = create_wx("second");
    second[2] = "wx2";
    home.run_with_key("k2", &second).success();
    home
}

/// The path of `tests/fixtures/NAME`, as tether's argument.
#[must_use]
pub(crate) fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// stdout of a finished command as text.
#[must_use]
pub(crate) fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).unwrap()
}

/// stderr of a finished command as text.
#[must_use]
pub(crate) fn stderr(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stderr.clone()).unwrap()
}

/// Whether this is a CI run (`CI` set to anything but empty, `0` or `false`): there a test
/// whose tools are missing fails instead of skipping, so that nothing passes untested.
#[must_use]
pub(crate) fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// Whether a test can run: `true` when `available`; otherwise it is skipped with `why` on
/// stderr, and under CI it fails with `why` instead.
#[must_use]
pub(crate) fn can_run(available: bool, why: &str) -> bool {
    assert!(available || !in_ci(), "{why}; CI must run this test");
    if !available {
        eprintln!("SKIPPED: {why}");
    }
    available
}
