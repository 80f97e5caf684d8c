//! The command line as data: the cases under `tests/cli/` hold each command's help, output and
//! exit code, run through the real binary by trycmd. A change of output shows in their diff.
//!
//! Rewrite them after an intended change with `TRYCMD=overwrite cargo test --test it cli::cases`
//! (then check the diff, and keep the `[..]` elisions of times and user names).
//!
//! Every case runs in a fresh temp directory (its sandbox) with tether's home at `home/` in
//! it, the vault key from `TETHER_VAULT_KEY`, no session bus (so no keyring), a fixed terminal
//! width, and a local HTTP server instead of the network.

use std::process::Command;

use crate::common::server::Server;

/// Set in the child process that runs the cases.
const CASES_CHILD: &str = "TETHER_TEST_CLI_CASES";

/// The vault key of every case: 32 bytes in base64.
const VAULT_KEY: &str = "dGV0aGVyLWNsaS1jYXNlcy12YXVsdC1rZXktMzJieXQ=";

/// The port of the local server, as `tests/cli/*/*.in/local-api.toml` names it: below the
/// range the kernel hands out to other tests' servers.
const API_PORT: u16 = 17893;

/// What the local server answers every request with.
const API_ANSWER: &str = r#"{"city":"Oslo","temp":4}"#;

#[test]
fn cases() {
    if std::env::var_os(CASES_CHILD).is_some() {
        run_cases();
        return;
    }
    // trycmd gives every case the environment of the process that runs it (a case may add to
    // it). That process is a child of this one with the environment below and nothing else,
    // so that a variable set where the tests run (CI, TETHER_*, BROWSER, a proxy) cannot
    // change what a case prints.
    let mut child = Command::new(std::env::current_exe().unwrap());
    child
        .args(["--exact", "cli::cases", "--nocapture", "--test-threads=1"])
        .args(std::env::args().filter(|a| a.starts_with("trycmd=")))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env(CASES_CHILD, "1")
        .env("TETHER_HOME", "home")
        .env("TETHER_VAULT_KEY", VAULT_KEY)
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    if let Some(mode) = std::env::var_os("TRYCMD") {
        child.env("TRYCMD", mode);
    }
    let out = child.output().unwrap();
    assert!(
        out.status.success(),
        "{}{}\nthe CLI cases differ; if the change is intended, rewrite them with \
         `TRYCMD=overwrite cargo test --test it cli::cases` and review the diff",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn run_cases() {
    let _server = Server::start_on(API_PORT, 200, "application/json", API_ANSWER);
    trycmd::TestCases::new()
        .default_bin_name("tether")
        .register_bin("tether", std::path::Path::new(env!("CARGO_BIN_EXE_tether")))
        .case("tests/cli/*/*.toml")
        .case("tests/cli/*/*.md")
        .run();
}
