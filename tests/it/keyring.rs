//! The keyring key source against a real Secret Service (gnome-keyring on a private D-Bus
//! session bus), a locked keyring, and a bus that never answers.
//!
//! Secrets are written and read by separate processes: the test binary re-runs itself as a
//! child (`child_vault_operation`) that opens the vault exactly as tether does, from its
//! environment, so nothing here sets process-wide environment variables.
#![cfg(target_os = "linux")]

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::common::keyring::{SecretService, SilentBus};
use crate::common::library;
use crate::common::{Home, stderr, stdout, tree};
use tether::context::Verbosity;
use tether::vault::RecordId;

const CHILD_OP: &str = "TETHER_TEST_CHILD_OP";

/// Not a test: the child process of [`child`]. Does nothing unless `TETHER_TEST_CHILD_OP` is set.
#[test]
#[ignore = "helper, run as a child process by the other tests"]
fn child_vault_operation() {
    let Ok(op) = std::env::var(CHILD_OP) else {
        return;
    };
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let ctx = library::context(Path::new(&var("TETHER_HOME")), Verbosity::Quiet);
    let record: RecordId = var("TEST_RECORD").parse().unwrap();
    let result = ctx.vault().and_then(|vault| match op.as_str() {
        "put" => vault.put(&record, var("TEST_VALUE").as_bytes()),
        "get" => vault.get(&record).map(|value| {
            let shown = value.map_or_else(
                || "<none>".to_owned(),
                |v| String::from_utf8_lossy(&v).into_owned(),
            );
            println!("\nVALUE={shown}");
        }),
        other => panic!("unknown child operation {other}"),
    });
    if let Err(e) = result {
        let diagnosis = tether::cli::diagnose::diagnose(&e);
        eprint!("{}", diagnosis.to_text());
        std::process::exit(i32::from(diagnosis.exit));
    }
}

/// Runs one vault operation in a child process with `env` (and nothing else but PATH).
fn child(home: &Home, env: &[(&str, String)], op: &str, record: &str, value: &str) -> Output {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "keyring::child_vault_operation",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .env("TETHER_HOME", home.state())
        .env(CHILD_OP, op)
        .env("TEST_RECORD", record)
        .env("TEST_VALUE", value)
        .output()
        .unwrap()
}

/// The value a child process reads back, or its exit code and stderr.
fn child_get(home: &Home, env: &[(&str, String)], record: &str) -> Result<String, (i32, String)> {
    let out = child(home, env, "get", record, "");
    if out.status.success() {
        let text = String::from_utf8(out.stdout).unwrap();
        // The test harness prints its own text around ours, on the same line.
        let line = text
            .lines()
            .find_map(|l| l.split_once("VALUE=").map(|(_, v)| v))
            .unwrap_or_else(|| panic!("the child printed no value: {text}"));
        Ok(line.to_owned())
    } else {
        Err((
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        ))
    }
}

fn child_put(home: &Home, env: &[(&str, String)], record: &str, value: &str) {
    let out = child(home, env, "put", record, value);
    assert!(
        out.status.success(),
        "put failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `tether ARGS…` against `service` (no TETHER_VAULT_KEY).
fn tether(home: &Home, env: &[(&str, String)], args: &[&str]) -> assert_cmd::assert::Assert {
    home.bare()
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .args(args)
        .write_stdin("")
        .assert()
}

/// `vault status --json`, whose exit status is 4 exactly when the key cannot be read.
fn status_json(home: &Home, env: &[(&str, String)]) -> serde_json::Value {
    let out = tether(home, env, &["vault", "status", "--json"]);
    let status: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let expected = if status["key_available"] == false {
        4
    } else {
        0
    };
    assert_eq!(out.get_output().status.code(), Some(expected), "{status}");
    status
}

#[test]
fn a_keyring_vault_round_trips_across_processes() {
    let Some(service) = SecretService::start() else {
        return;
    };
    let home = Home::new();
    let env = service.env();

    let init = tether(&home, &env, &["vault", "init"]).success();
    assert!(
        stderr(&init).contains("Secret Service"),
        "{}",
        stderr(&init)
    );
    let status = status_json(&home, &env);
    assert_eq!(status["key_kind"], "keyring");
    assert_eq!(status["key_source"], "keyring");
    assert_eq!(status["key_available"], true);
    assert_eq!(status["keyring_reachable"], true);
    assert_eq!(status["backend"], "Secret Service");
    let key_id = status["key_id"].as_str().unwrap().to_owned();
    assert_eq!(status["keyring_entry"], format!("tether/vault-{key_id}"));

    // The keyring holds the key itself, in the form TETHER_VAULT_KEY takes.
    let stored = service
        .lookup("tether", &format!("vault-{key_id}"))
        .expect("the key is in the keyring");
    assert_eq!(stored.len(), 44, "32 bytes in base64");

    child_put(&home, &env, "account/alice", "s3cret-value");
    assert_eq!(
        child_get(&home, &env, "account/alice").unwrap(),
        "s3cret-value"
    );
    assert_eq!(child_get(&home, &env, "account/bob").unwrap(), "<none>");
    assert_eq!(status_json(&home, &env)["records"], 1);
    // The value is nowhere in plain text.
    for entry in tree::files(&home.state()) {
        let bytes = std::fs::read(&entry).unwrap();
        assert!(
            !bytes.windows(12).any(|w| w == b"s3cret-value"),
            "{}",
            entry.display()
        );
    }

    // The key from the keyring also works as TETHER_VAULT_KEY, with no keyring at all.
    let no_bus = vec![
        (
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/bus".to_owned(),
        ),
        ("TETHER_VAULT_KEY", stored.clone()),
    ];
    assert_eq!(
        child_get(&home, &no_bus, "account/alice").unwrap(),
        "s3cret-value"
    );
}

#[test]
fn the_first_secret_creates_a_keyring_vault() {
    let Some(service) = SecretService::start() else {
        return;
    };
    let home = Home::new();
    let env = service.env();
    assert_eq!(status_json(&home, &env)["exists"], false);
    assert_eq!(
        status_json(&home, &env)["key_available"],
        true,
        "the keyring can take a new key"
    );
    child_put(&home, &env, "client/github", "client-secret");
    let status = status_json(&home, &env);
    assert_eq!(status["exists"], true);
    assert_eq!(status["key_kind"], "keyring");
    assert_eq!(
        child_get(&home, &env, "client/github").unwrap(),
        "client-secret"
    );
}

#[test]
fn rekey_replaces_the_keyring_entry_and_removes_the_old_one() {
    let Some(service) = SecretService::start() else {
        return;
    };
    let home = Home::new();
    let env = service.env();
    tether(&home, &env, &["vault", "init"]).success();
    for i in 0..3 {
        child_put(&home, &env, &format!("account/{i}"), &format!("value-{i}"));
    }
    let old_id = status_json(&home, &env)["key_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let old_key = service
        .lookup("tether", &format!("vault-{old_id}"))
        .unwrap();

    let rekey = tether(&home, &env, &["vault", "rekey"]).success();
    let said = stderr(&rekey);
    assert!(said.contains("Re-sealed 3 records"), "{said}");
    assert!(said.contains("old entry was removed"), "{said}");
    assert!(!said.contains(&old_key), "no secret on stderr");

    let status = status_json(&home, &env);
    let new_id = status["key_id"].as_str().unwrap().to_owned();
    assert_ne!(new_id, old_id);
    assert_eq!(status["records"], 3);
    assert_eq!(
        service.lookup("tether", &format!("vault-{old_id}")),
        None,
        "old entry removed"
    );
    let new_key = service
        .lookup("tether", &format!("vault-{new_id}"))
        .expect("new entry stored");
    assert_ne!(new_key, old_key);
    for i in 0..3 {
        assert_eq!(
            child_get(&home, &env, &format!("account/{i}")).unwrap(),
            format!("value-{i}")
        );
    }
    assert!(
        !home
            .state()
            .join(format!("vault/records-{old_id}"))
            .exists()
    );
    // The old key opens nothing any more.
    let with_old = vec![("TETHER_VAULT_KEY", old_key)];
    let (code, message) = child_get(&home, &with_old, "account/0").unwrap_err();
    assert_eq!(code, 4, "{message}");
    assert!(message.contains("not the key of this vault"), "{message}");
}

#[test]
fn a_missing_keyring_entry_is_exit_4_with_a_way_out() {
    let Some(service) = SecretService::start() else {
        return;
    };
    let home = Home::new();
    let env = service.env();
    tether(&home, &env, &["vault", "init"]).success();
    let key_id = status_json(&home, &env)["key_id"]
        .as_str()
        .unwrap()
        .to_owned();
    service.clear("tether", &format!("vault-{key_id}"));
    let (code, message) = child_get(&home, &env, "account/x").unwrap_err();
    assert_eq!(code, 4);
    assert!(message.contains("has no key for this vault"), "{message}");
    assert!(message.contains("TETHER_VAULT_KEY"), "{message}");
    let status = status_json(&home, &env);
    assert_eq!(status["key_available"], false);
    assert_eq!(status["keyring_reachable"], true);
}

#[test]
fn a_locked_keyring_is_exit_4_and_says_so() {
    let Some(service) = SecretService::start_locked() else {
        return;
    };
    let home = Home::new();
    let env = service.env();
    let started = Instant::now();
    let out = tether(&home, &env, &["vault", "init"]).code(4);
    let message = stderr(&out);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
    assert!(message.contains("Secret Service is locked"), "{message}");
    assert!(
        message.contains("TETHER_VAULT_KEY"),
        "the three ways are listed: {message}"
    );
    assert!(message.contains("--passphrase"), "{message}");
    assert!(
        !home.state().join("vault/vault.toml").exists(),
        "no vault without a key"
    );
}

#[test]
fn a_keyring_vault_whose_keyring_got_locked_is_exit_4() {
    let Some(mut service) = SecretService::start() else {
        return;
    };
    let home = Home::new();
    tether(&home, &service.env(), &["vault", "init"]).success();
    child_put(&home, &service.env(), "account/a", "v");
    let before = tree::snapshot(&home.state().join("vault"));
    service.restart_locked();
    let env = service.env();
    let (code, message) = child_get(&home, &env, "account/a").unwrap_err();
    assert_eq!(code, 4, "{message}");
    assert!(message.contains("locked"), "{message}");
    assert!(message.contains("unlock the keyring"), "{message}");
    let out = tether(&home, &env, &["vault", "rekey"]).code(4);
    assert!(stderr(&out).contains("locked"), "{}", stderr(&out));
    let status = status_json(&home, &env);
    assert_eq!(status["key_available"], false);
    assert_eq!(status["keyring_reachable"], true);
    assert_eq!(
        tree::snapshot(&home.state().join("vault")),
        before,
        "nothing changed"
    );
}

#[test]
fn a_bus_that_never_answers_is_cut_off_by_the_time_limit() {
    let bus = SilentBus::start();
    let home = Home::new();
    let env = vec![
        ("DBUS_SESSION_BUS_ADDRESS", bus.address()),
        ("TETHER_KEYRING_TIMEOUT_MS", "1000".to_owned()),
    ];
    let started = Instant::now();
    let out = tether(&home, &env, &["vault", "init"]).code(4);
    let elapsed = started.elapsed();
    let message = stderr(&out);
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
    assert!(
        message.contains("did not answer within 1000 ms"),
        "{message}"
    );
    assert!(
        message.contains("head -c32 /dev/urandom | base64"),
        "{message}"
    );

    let started = Instant::now();
    let status = status_json(&home, &env);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(status["key_available"], false);
    assert_eq!(status["keyring_reachable"], false);
}

#[test]
fn a_keyring_vault_on_a_hung_bus_fails_within_the_limit() {
    let Some(service) = SecretService::start() else {
        return;
    };
    let home = Home::new();
    tether(&home, &service.env(), &["vault", "init"]).success();
    child_put(&home, &service.env(), "account/a", "v");
    let bus = SilentBus::start();
    let env = vec![
        ("DBUS_SESSION_BUS_ADDRESS", bus.address()),
        ("TETHER_KEYRING_TIMEOUT_MS", "800".to_owned()),
    ];
    let started = Instant::now();
    let (code, message) = child_get(&home, &env, "account/a").unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(code, 4);
    assert!(
        message.contains("did not answer within 800 ms"),
        "{message}"
    );
    assert!(message.contains("TETHER_KEYRING_TIMEOUT_MS"), "{message}");
}

/// Readers racing a rekey either get the key in use or read the vault under the new key as
/// the rekey left it; none is told the key is lost.
#[test]
fn readers_racing_rekeys_never_fail() {
    let Some(service) = SecretService::start() else {
        return;
    };
    let home = Home::new();
    let env = service.env();
    let weather = home.write("weather.toml", include_str!("../fixtures/weather.toml"));
    tether(
        &home,
        &env,
        &["connector", "import", weather.to_str().unwrap()],
    )
    .success();
    home.bare()
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .env("KEY", "the-key")
        .args(crate::common::create_wx("me"))
        .write_stdin("")
        .assert()
        .success();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let readers: Vec<_> = (0..3)
        .map(|_| {
            let (stop, env) = (std::sync::Arc::clone(&stop), env.clone());
            let bare = |args: &[&str]| {
                let mut cmd = home.bare();
                cmd.envs(env.iter().map(|(k, v)| (*k, v.as_str())))
                    .args(args);
                cmd
            };
            let mut cmd = bare(&["token", "wx"]);
            std::thread::spawn(move || {
                let mut failures = Vec::new();
                let mut reads = 0;
                while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                    let out = cmd.output().unwrap();
                    reads += 1;
                    if !out.status.success() || out.stdout != b"the-key\n" {
                        failures.push(String::from_utf8_lossy(&out.stderr).into_owned());
                    }
                }
                (reads, failures)
            })
        })
        .collect();
    for _ in 0..8 {
        tether(&home, &env, &["vault", "rekey"]).success();
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let mut total = 0;
    for reader in readers {
        let (reads, failures) = reader.join().unwrap();
        total += reads;
        assert!(
            failures.is_empty(),
            "{} of {reads} reads failed: {:?}",
            failures.len(),
            failures.first()
        );
    }
    assert!(total > 8, "the readers ran during the rekeys: {total}");
}

/// A rekey killed after storing its new key, or after committing, leaves no master key of a
/// vault that does not exist in the keyring once the next write has run.
#[cfg(feature = "fault-injection")]
#[test]
fn a_killed_rekey_leaves_no_dead_key_in_the_keyring() {
    let Some(service) = SecretService::start() else {
        return;
    };
    for step in ["rekey-key-stored", "rekey-committed"] {
        let home = Home::new();
        let env = service.env();
        tether(&home, &env, &["vault", "init"]).success();
        child_put(&home, &env, "account/1", "value");
        let before = status_json(&home, &env)["key_id"]
            .as_str()
            .unwrap()
            .to_owned();
        home.bare()
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .env("TETHER_FAULT", format!("{step}:kill"))
            .args(["vault", "rekey"])
            .write_stdin("")
            .assert()
            .failure();
        // The next write cleans up.
        child_put(&home, &env, "account/2", "value");
        let after = status_json(&home, &env)["key_id"]
            .as_str()
            .unwrap()
            .to_owned();
        let keys = service.secret_tool(&["search", "--all", "service", "tether"], "");
        let listed = String::from_utf8_lossy(&keys.stdout).into_owned()
            + &String::from_utf8_lossy(&keys.stderr);
        let live: Vec<&str> = listed
            .lines()
            .filter_map(|l| l.strip_prefix("attribute.username = vault-"))
            .collect();
        assert_eq!(
            live,
            [after.as_str()],
            "{step}: only the live vault's key remains ({before} before)"
        );
        assert_eq!(child_get(&home, &env, "account/1").unwrap(), "value");
        // The next round starts from an empty keyring.
        service.clear("tether", &format!("vault-{after}"));
    }
}

#[test]
fn d_bus_error_text_is_shown_only_with_verbose() {
    let Some(bus) = SecretService::bus_only() else {
        return;
    };
    let home = Home::new();
    let env = bus.env();
    let out = tether(&home, &env, &["vault", "init"]).code(4);
    let message = stderr(&out);
    assert!(
        message.contains("no Secret Service on the D-Bus session bus"),
        "{message}"
    );
    assert!(message.contains("-v shows the details"), "{message}");
    assert!(!message.contains("org.freedesktop.DBus.Error"), "{message}");
    let out = tether(&home, &env, &["-v", "vault", "init"]).code(4);
    let message = stderr(&out);
    assert!(message.contains("org.freedesktop.DBus.Error"), "{message}");
}
