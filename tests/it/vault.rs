//! The vault: the library API (`Vault::open_with`, `put`, `get`, `delete`, `rekey`) and the
//! `tether vault` commands, with `TETHER_VAULT_KEY` and passphrase keys. The keyring source
//! is tested against a real Secret Service in `keyring.rs`; here the session bus
//! always points nowhere, so no test can reach a person's own keyring.

use std::path::{Path, PathBuf};

use crate::common::{Home, stderr, stdout, tree};
use base64::Engine as _;
use tether::paths::Paths;
use tether::secret::Secret;
use tether::vault::{KeySources, RecordId, Vault};

const NO_BUS: &str = "unix:path=/nonexistent/tether-test-bus";
const PASSPHRASE: &str = "correct horse battery staple";

fn paths(home: &Home) -> Paths {
    Paths::under(&home.state())
}

fn with_key(key: &str) -> KeySources {
    KeySources {
        vault_key: Some(Secret::from(key)),
        ..KeySources::none()
    }
}

fn with_passphrase(passphrase: &str) -> KeySources {
    KeySources {
        passphrase: Some(Secret::from(passphrase)),
        ..KeySources::none()
    }
}

fn open(home: &Home, sources: KeySources) -> Vault {
    Vault::open(&paths(home), sources, None).unwrap()
}

fn new_key() -> String {
    let mut key = [0u8; 32];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut key).unwrap();
    base64::engine::general_purpose::STANDARD.encode(key)
}

/// A record id as written.
fn id(record: &str) -> RecordId {
    record.parse().unwrap()
}

fn value(vault: &Vault, record: &str) -> Option<String> {
    vault
        .get(&id(record))
        .unwrap()
        .map(|v| String::from_utf8(v.to_vec()).unwrap())
}

/// `tether` with the home's vault key and a session bus that does not exist.
fn tether(home: &Home) -> assert_cmd::Command {
    let mut cmd = home.cmd();
    cmd.env("DBUS_SESSION_BUS_ADDRESS", NO_BUS).write_stdin("");
    cmd
}

/// `tether` with no key at all and a session bus that does not exist.
fn bare(home: &Home) -> assert_cmd::Command {
    let mut cmd = home.bare();
    cmd.env("DBUS_SESSION_BUS_ADDRESS", NO_BUS).write_stdin("");
    cmd
}

/// `vault status --json`, whose exit status is 4 exactly when the key cannot be read, and
/// whose keyring backend is named only when the keyring is the key source.
fn status_json(cmd: &mut assert_cmd::Command) -> serde_json::Value {
    let out = cmd.args(["vault", "status", "--json"]).assert();
    let status: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let expected = if status["key_available"] == false {
        4
    } else {
        0
    };
    assert_eq!(out.get_output().status.code(), Some(expected), "{status}");
    assert_eq!(
        status["backend"].is_null(),
        status["key_source"] != "keyring",
        "{status}"
    );
    status
}

fn vault_dir(home: &Home) -> PathBuf {
    home.state().join("vault")
}

/// Every file under the vault directory with its bytes, to prove nothing changed.
fn snapshot(home: &Home) -> Vec<(PathBuf, Vec<u8>)> {
    tree::snapshot(&vault_dir(home))
}

/// The file holding `record` (the vault's only records directory).
fn record_file(home: &Home, record: &str) -> PathBuf {
    let dirs: Vec<PathBuf> = std::fs::read_dir(vault_dir(home))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    assert_eq!(dirs.len(), 1, "{dirs:?}");
    dirs[0].join(id(record).file_name().unwrap())
}

/// What the user is told about the error, hint included.
fn vault_error(result: tether::error::Result<impl std::fmt::Debug>) -> String {
    let err = result.expect_err("expected a vault error");
    let diagnosis = tether::cli::diagnose::diagnose(&err);
    assert_eq!(diagnosis.exit, 4, "{err}");
    diagnosis.to_text()
}

#[test]
fn put_get_delete_round_trip() {
    let home = Home::new();
    let vault = open(&home, with_key(&home.vault_key));
    assert!(!vault.exists(), "opening does not create a vault");
    assert_eq!(value(&vault, "account/a"), None);
    assert!(!vault_dir(&home).exists());

    vault.put(&id("account/a"), b"first secret").unwrap();
    assert!(vault.exists());
    assert_eq!(value(&vault, "account/a").as_deref(), Some("first secret"));
    vault.put(&id("account/a"), b"second secret").unwrap();
    vault.put(&id("client/github"), b"").unwrap();
    assert_eq!(value(&vault, "account/a").as_deref(), Some("second secret"));
    assert_eq!(value(&vault, "client/github").as_deref(), Some(""));

    // Another process (another `Vault`) sees the same records.
    let again = open(&home, with_key(&home.vault_key));
    assert_eq!(value(&again, "account/a").as_deref(), Some("second secret"));

    vault.delete(&id("account/a")).unwrap();
    vault.delete(&id("account/a")).unwrap();
    assert_eq!(value(&vault, "account/a"), None);
    assert_eq!(value(&again, "client/github").as_deref(), Some(""));

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&vault_dir(&home)), 0o700);
        assert_eq!(
            mode(record_file(&home, "client/github").parent().unwrap()),
            0o700
        );
        for path in tree::files(&vault_dir(&home)) {
            assert_eq!(mode(&path), 0o600, "{}", path.display());
        }
    }
    vault.put(&id("account/b"), b"plain-text-marker").unwrap();
    for (path, bytes) in snapshot(&home) {
        assert!(
            !bytes.windows(17).any(|w| w == b"plain-text-marker"),
            "{}",
            path.display()
        );
    }
}

#[test]
fn without_any_key_source_nothing_is_stored_and_the_three_ways_are_named() {
    let home = Home::new();
    let vault = open(&home, KeySources::none());
    let message = vault_error(vault.put(&id("account/a"), b"secret"));
    assert!(
        message.contains("TETHER_VAULT_KEY=$(head -c32 /dev/urandom | base64)"),
        "{message}"
    );
    assert!(
        message.contains("tether vault init --passphrase"),
        "{message}"
    );
    assert!(message.contains("gnome-keyring"), "{message}");
    assert!(
        snapshot(&home).is_empty(),
        "nothing written: {:?}",
        tree::files(&vault_dir(&home))
    );

    // The same through the binary, with no D-Bus session bus at all.
    let out = bare(&home).args(["vault", "init"]).assert().code(4);
    let message = stderr(&out);
    assert!(message.contains("no key source"), "{message}");
    assert!(message.contains("1. set TETHER_VAULT_KEY"), "{message}");
    assert!(
        message.contains("2. run `tether vault init --passphrase`"),
        "{message}"
    );
    assert!(message.contains("3. use the OS keyring"), "{message}");
    assert!(!vault_dir(&home).join("vault.toml").exists());

    let status = status_json(&mut bare(&home));
    assert_eq!(status["exists"], false);
    assert_eq!(status["key_source"], "keyring");
    assert_eq!(status["key_available"], false);
    assert_eq!(status["keyring_reachable"], false);
    assert!(status["key_hint"].as_str().unwrap().contains("three ways"));
}

#[test]
fn a_tampered_record_is_exit_4_and_the_others_still_read() {
    let home = Home::new();
    let vault = open(&home, with_key(&home.vault_key));
    vault.put(&id("account/a"), b"alpha").unwrap();
    vault.put(&id("account/b"), b"bravo").unwrap();
    let file = record_file(&home, "account/a");
    let mut bytes = std::fs::read(&file).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x80;
    std::fs::write(&file, &bytes).unwrap();

    let message = vault_error(vault.get(&id("account/a")));
    assert!(
        message.contains("`account/a` is corrupt or was tampered with"),
        "{message}"
    );
    assert_eq!(value(&vault, "account/b").as_deref(), Some("bravo"));

    // A rekey stops at the bad record and changes nothing.
    let before = snapshot(&home);
    let new = new_key();
    let out = tether(&home)
        .env("TETHER_NEW_VAULT_KEY", &new)
        .args(["vault", "rekey"])
        .assert()
        .code(4);
    assert!(
        stderr(&out).contains("`account/a` is corrupt"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("not rekeyed"), "{}", stderr(&out));
    assert_eq!(snapshot(&home), before);
    assert_eq!(
        value(&open(&home, with_key(&home.vault_key)), "account/b").as_deref(),
        Some("bravo")
    );
}

#[test]
fn swapped_or_moved_records_do_not_open() {
    let home = Home::new();
    let vault = open(&home, with_key(&home.vault_key));
    vault.put(&id("account/a"), b"alpha").unwrap();
    vault.put(&id("account/b"), b"bravo").unwrap();
    let (a, b) = (
        record_file(&home, "account/a"),
        record_file(&home, "account/b"),
    );
    let (bytes_a, bytes_b) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    std::fs::write(&a, &bytes_b).unwrap();
    std::fs::write(&b, &bytes_a).unwrap();
    assert!(vault_error(vault.get(&id("account/a"))).contains("account/a"));
    assert!(vault_error(vault.get(&id("account/b"))).contains("account/b"));

    // Another vault with the very same key (but its own key id) does not accept the record.
    let other = Home::new();
    let twin = open(&other, with_key(&home.vault_key));
    twin.put(&id("account/a"), b"twin").unwrap();
    std::fs::write(record_file(&other, "account/a"), &bytes_a).unwrap();
    vault_error(twin.get(&id("account/a")));
}

#[test]
fn a_wrong_vault_key_is_exit_4_and_changes_nothing() {
    let home = Home::new();
    tether(&home).args(["vault", "init"]).assert().success();
    let vault = open(&home, with_key(&home.vault_key));
    vault.put(&id("account/a"), b"alpha").unwrap();
    let before = snapshot(&home);

    let wrong = new_key();
    let message = vault_error(Vault::open(&paths(&home), with_key(&wrong), None));
    assert!(
        message.contains("TETHER_VAULT_KEY is not the key of this vault"),
        "{message}"
    );
    let out = tether(&home)
        .env("TETHER_VAULT_KEY", &wrong)
        .env("TETHER_NEW_VAULT_KEY", new_key())
        .args(["vault", "rekey"])
        .assert()
        .code(4);
    assert!(
        stderr(&out).contains("not the key of this vault"),
        "{}",
        stderr(&out)
    );
    let status = status_json(tether(&home).env("TETHER_VAULT_KEY", &wrong));
    assert_eq!(status["key_available"], false);
    assert_eq!(snapshot(&home), before, "nothing was overwritten");
    assert_eq!(
        value(&open(&home, with_key(&home.vault_key)), "account/a").as_deref(),
        Some("alpha")
    );
}

#[test]
fn a_malformed_vault_key_says_how_to_make_one() {
    let home = Home::new();
    for (key, why) in [
        ("not base64!", "not base64"),
        ("aGVsbG8=", "5 bytes, not 32"),
        ("", "empty"),
    ] {
        let out = tether(&home)
            .env("TETHER_VAULT_KEY", key)
            .args(["vault", "init"])
            .assert()
            .code(4);
        let message = stderr(&out);
        assert!(message.contains(why), "{message}");
        assert!(
            message.contains("head -c32 /dev/urandom | base64"),
            "{message}"
        );
    }
    assert!(!vault_dir(&home).exists());
    // URL-safe base64 without padding is accepted too.
    let url_safe = home
        .vault_key
        .replace('+', "-")
        .replace('/', "_")
        .trim_end_matches('=')
        .to_owned();
    tether(&home)
        .env("TETHER_VAULT_KEY", &url_safe)
        .args(["vault", "init"])
        .assert()
        .success();
    assert_eq!(status_json(&mut tether(&home))["key_available"], true);
}

#[test]
fn init_and_status_of_an_env_vault() {
    let home = Home::new();
    let status = status_json(&mut tether(&home));
    assert_eq!(status["exists"], false);
    assert_eq!(status["key_source"], "env");
    assert_eq!(status["key_available"], true);
    assert_eq!(status["records"], 0);

    let out = tether(&home).args(["vault", "init"]).assert().success();
    assert!(
        stderr(&out).contains("keyed by TETHER_VAULT_KEY"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains(&home.vault_key));
    let status = status_json(&mut tether(&home));
    assert_eq!(status["exists"], true);
    assert_eq!(status["format"], 1);
    assert_eq!(status["key_kind"], "env");
    assert_eq!(status["key_source"], "env");
    assert_eq!(status["key_available"], true);
    assert_eq!(status["cipher"], "chacha20-poly1305");
    assert_eq!(status["kdf"], serde_json::Value::Null);
    assert_eq!(
        status["keyring_reachable"],
        serde_json::Value::Null,
        "the keyring is not asked"
    );
    assert_eq!(status["vault_dir"], vault_dir(&home).display().to_string());
    assert_eq!(status["config_dir"], home.state().display().to_string());
    assert_eq!(status["key_id"].as_str().unwrap().len(), 16);

    let human = stdout(&tether(&home).args(["vault", "status"]).assert().success());
    assert!(human.contains("key id"), "{human}");
    assert!(human.contains("available"), "{human}");
    assert!(!human.contains(&home.vault_key));

    // Without the key the vault is reported, not an error.
    let status = status_json(&mut bare(&home));
    assert_eq!(status["key_available"], false);
    assert!(
        status["key_problem"]
            .as_str()
            .unwrap()
            .contains("TETHER_VAULT_KEY, which is not set")
    );

    let out = tether(&home).args(["vault", "init"]).assert().code(2);
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("tether vault rekey"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn rekey_of_an_env_vault_takes_the_new_key_from_tether_new_vault_key() {
    let home = Home::new();
    let vault = open(&home, with_key(&home.vault_key));
    for i in 0..5 {
        vault
            .put(
                &RecordId::account(&format!("{i}")),
                format!("value {i}").as_bytes(),
            )
            .unwrap();
    }
    let before = snapshot(&home);
    let out = tether(&home).args(["vault", "rekey"]).assert().code(2);
    assert!(
        stderr(&out).contains("TETHER_NEW_VAULT_KEY"),
        "{}",
        stderr(&out)
    );
    let out = tether(&home)
        .env("TETHER_NEW_VAULT_KEY", &home.vault_key)
        .args(["vault", "rekey"])
        .assert()
        .code(2);
    assert!(stderr(&out).contains("current key"), "{}", stderr(&out));
    assert_eq!(snapshot(&home), before);

    let new = new_key();
    let old_id = vault.key_id().unwrap().to_owned();
    let out = tether(&home)
        .env("TETHER_NEW_VAULT_KEY", &new)
        .args(["vault", "rekey"])
        .assert()
        .success();
    let said = stderr(&out);
    assert!(said.contains("Re-sealed 5 records"), "{said}");
    assert!(
        said.contains("set TETHER_VAULT_KEY to the value of TETHER_NEW_VAULT_KEY"),
        "{said}"
    );
    assert!(
        !said.contains(&new) && !said.contains(&home.vault_key),
        "no key on stderr"
    );

    let rekeyed = open(&home, with_key(&new));
    assert_ne!(rekeyed.key_id().unwrap(), old_id);
    for i in 0..5 {
        assert_eq!(
            value(&rekeyed, &format!("account/{i}")),
            Some(format!("value {i}"))
        );
    }
    assert!(!vault_dir(&home).join(format!("records-{old_id}")).exists());
    vault_error(Vault::open(&paths(&home), with_key(&home.vault_key), None));
    // The process that still holds the old key notices instead of writing where nobody reads.
    assert!(vault_error(vault.put(&id("account/9"), b"late")).contains("another tether process"));
    // A reader follows the rekey, and is told when its key is not the new one.
    assert!(vault_error(vault.get(&id("account/1"))).contains("is not the key of this vault"));
}

#[test]
fn library_rekey_keeps_every_record() {
    let home = Home::new();
    let mut vault = open(&home, with_key(&home.vault_key));
    vault.put(&id("client/github"), b"gh").unwrap();
    vault.put(&id("account/x"), b"x").unwrap();
    let new = new_key();
    let mut sources = with_key(&home.vault_key);
    sources.new_vault_key = Some(Secret::from(new.as_str()));
    let mut vault2 = Vault::open(&paths(&home), sources, None).unwrap();
    let report = vault2.rekey(None).unwrap();
    assert_eq!(report.records, 2);
    assert!(report.env_key_replaced);
    assert_eq!(vault2.key_id(), Some(report.new_key_id.as_str()));
    // The rekeyed handle keeps working with the new key.
    assert_eq!(value(&vault2, "client/github").as_deref(), Some("gh"));
    vault2.put(&id("account/y"), b"y").unwrap();
    assert_eq!(
        value(&open(&home, with_key(&new)), "account/y").as_deref(),
        Some("y")
    );
    // The first handle is out of date.
    vault_error(vault.rekey(None));
}

#[test]
fn a_passphrase_vault_from_init_to_rekey() {
    let home = Home::new();
    let out = bare(&home)
        .env("TETHER_PASSPHRASE", PASSPHRASE)
        .args(["vault", "init", "--passphrase"])
        .assert()
        .success();
    assert!(
        stderr(&out).contains("protected by your passphrase"),
        "{}",
        stderr(&out)
    );

    let status = status_json(&mut bare(&home));
    assert_eq!(status["key_kind"], "passphrase");
    assert_eq!(status["key_source"], "passphrase");
    assert_eq!(
        status["key_available"],
        serde_json::Value::Null,
        "not checked without the passphrase"
    );
    assert_eq!(status["kdf"]["algorithm"], "pbkdf2-hmac-sha256");
    assert_eq!(status["kdf"]["iterations"], 600_000);
    assert_eq!(
        status_json(bare(&home).env("TETHER_PASSPHRASE", PASSPHRASE))["key_available"],
        true
    );
    let wrong = status_json(bare(&home).env("TETHER_PASSPHRASE", "wrong passphrase"));
    assert_eq!(wrong["key_available"], false);
    assert!(
        wrong["key_problem"]
            .as_str()
            .unwrap()
            .contains("wrong vault passphrase")
    );

    let vault = open(&home, with_passphrase(PASSPHRASE));
    vault.put(&id("account/a"), b"alpha").unwrap();
    vault.put(&id("account/b"), b"bravo").unwrap();
    let message = vault_error(Vault::open(
        &paths(&home),
        with_passphrase("wrong passphrase"),
        None,
    ));
    assert!(message.contains("wrong vault passphrase"), "{message}");
    let message = vault_error(Vault::open(&paths(&home), KeySources::none(), None));
    assert!(
        message.contains("TETHER_PASSPHRASE is not set"),
        "{message}"
    );

    let before = snapshot(&home);
    let out = bare(&home)
        .env("TETHER_PASSPHRASE", "wrong passphrase")
        .args(["vault", "rekey"])
        .assert()
        .code(4);
    assert!(
        stderr(&out).contains("wrong vault passphrase"),
        "{}",
        stderr(&out)
    );
    let out = bare(&home).args(["vault", "rekey"]).assert().code(4);
    assert!(
        stderr(&out).contains("TETHER_PASSPHRASE"),
        "{}",
        stderr(&out)
    );
    assert_eq!(snapshot(&home), before, "nothing changed");

    let out = bare(&home)
        .env("TETHER_PASSPHRASE", PASSPHRASE)
        .args(["vault", "rekey"])
        .assert()
        .success();
    assert!(
        stderr(&out).contains("Re-sealed 2 records"),
        "{}",
        stderr(&out)
    );
    let rekeyed = open(&home, with_passphrase(PASSPHRASE));
    assert_ne!(rekeyed.key_id(), vault.key_id());
    assert_eq!(value(&rekeyed, "account/a").as_deref(), Some("alpha"));
    assert_eq!(value(&rekeyed, "account/b").as_deref(), Some("bravo"));
}

#[test]
fn init_passphrase_needs_a_terminal_or_the_variable() {
    let home = Home::new();
    let out = bare(&home)
        .args(["vault", "init", "--passphrase"])
        .assert()
        .code(2);
    assert!(
        stderr(&out).contains("hint: pass TETHER_PASSPHRASE=… in the environment"),
        "{}",
        stderr(&out)
    );
    let out = bare(&home)
        .env("TETHER_PASSPHRASE", "short")
        .args(["vault", "init", "--passphrase"])
        .assert()
        .code(2);
    assert!(stderr(&out).contains("shorter than 8"), "{}", stderr(&out));
    let out = tether(&home)
        .env("TETHER_PASSPHRASE", PASSPHRASE)
        .args(["vault", "init", "--passphrase"])
        .assert()
        .code(2);
    assert!(
        stderr(&out).contains("unset TETHER_VAULT_KEY"),
        "{}",
        stderr(&out)
    );
    assert!(!vault_dir(&home).exists());
}

#[test]
fn the_first_put_with_tether_passphrase_makes_a_passphrase_vault() {
    let home = Home::new();
    open(&home, with_passphrase(PASSPHRASE))
        .put(&id("account/a"), b"alpha")
        .unwrap();
    let status = status_json(&mut bare(&home));
    assert_eq!(status["key_kind"], "passphrase");
    assert_eq!(
        value(&open(&home, with_passphrase(PASSPHRASE)), "account/a").as_deref(),
        Some("alpha")
    );
}

#[test]
fn a_tampered_header_cannot_lower_the_work_factor() {
    let home = Home::new();
    bare(&home)
        .env("TETHER_PASSPHRASE", PASSPHRASE)
        .args(["vault", "init", "--passphrase"])
        .assert()
        .success();
    let header = vault_dir(&home).join("vault.toml");
    let text = std::fs::read_to_string(&header).unwrap();
    std::fs::write(
        &header,
        text.replace("iterations = 600000", "iterations = 1000"),
    )
    .unwrap();
    let out = bare(&home)
        .env("TETHER_PASSPHRASE", PASSPHRASE)
        .args(["vault", "status"])
        .assert()
        .code(4);
    assert!(
        stderr(&out).contains("iterations 1000 are outside"),
        "{}",
        stderr(&out)
    );
    let message = vault_error(Vault::open(
        &paths(&home),
        with_passphrase(PASSPHRASE),
        None,
    ));
    assert!(message.contains("vault.toml is unreadable"), "{message}");
}

#[test]
fn leftovers_of_an_interrupted_rekey_are_removed_by_the_next_write() {
    let home = Home::new();
    let vault = open(&home, with_key(&home.vault_key));
    vault.put(&id("account/a"), b"alpha").unwrap();
    // What a rekey killed before its commit leaves behind: a records directory nobody names.
    let stale = vault_dir(&home).join("records-ffffffffffffffff");
    std::fs::create_dir(&stale).unwrap();
    std::fs::write(stale.join("account_2fa.sealed"), b"half-written").unwrap();
    assert_eq!(
        value(&open(&home, with_key(&home.vault_key)), "account/a").as_deref(),
        Some("alpha")
    );
    vault.put(&id("account/b"), b"bravo").unwrap();
    assert!(!stale.exists());
    assert_eq!(value(&vault, "account/a").as_deref(), Some("alpha"));
}

#[test]
fn a_lost_header_is_not_papered_over_with_a_new_vault() {
    let home = Home::new();
    open(&home, with_key(&home.vault_key))
        .put(&id("account/a"), b"alpha")
        .unwrap();
    std::fs::remove_file(vault_dir(&home).join("vault.toml")).unwrap();
    let before = snapshot(&home);
    let message =
        vault_error(open(&home, with_key(&home.vault_key)).put(&id("account/b"), b"bravo"));
    assert!(message.contains("header"), "{message}");
    assert!(message.contains("holds records"), "{message}");
    assert_eq!(snapshot(&home), before);
}

#[test]
fn parallel_writers_lose_nothing() {
    let home = Home::new();
    std::thread::scope(|scope| {
        for t in 0..6 {
            let home = &home;
            scope.spawn(move || {
                let vault = open(home, with_key(&home.vault_key));
                for i in 0..15 {
                    vault
                        .put(
                            &RecordId::account(&format!("{t}-{i}")),
                            format!("{t}:{i}").as_bytes(),
                        )
                        .unwrap();
                }
            });
        }
    });
    let vault = open(&home, with_key(&home.vault_key));
    for t in 0..6 {
        for i in 0..15 {
            assert_eq!(
                value(&vault, &format!("account/{t}-{i}")),
                Some(format!("{t}:{i}"))
            );
        }
    }
    assert_eq!(status_json(&mut tether(&home))["records"], 90);
}

#[test]
fn ten_thousand_records_one_get_reads_one_file() {
    let home = Home::new();
    let vault = open(&home, with_key(&home.vault_key));
    vault.put(&id("account/real"), b"the real one").unwrap();
    // 9,999 more files, each a copy of that record under another name: any of them that
    // were read would fail to open, so a get that succeeds read no file but its own.
    let real = record_file(&home, "account/real");
    let dir = real.parent().unwrap();
    for i in 0..9_999 {
        let name = RecordId::account(&format!("{i:05}")).file_name().unwrap();
        std::fs::copy(&real, dir.join(name)).unwrap();
    }
    let fresh = open(&home, with_key(&home.vault_key));
    assert_eq!(
        value(&fresh, "account/real").as_deref(),
        Some("the real one")
    );
    vault_error(fresh.get(&id("account/05000")));
    fresh.put(&id("account/new"), b"new").unwrap();
    assert_eq!(value(&fresh, "account/new").as_deref(), Some("new"));
    assert_eq!(
        value(&fresh, "account/real").as_deref(),
        Some("the real one")
    );
    assert_eq!(status_json(&mut tether(&home))["records"], 10_001);
}

#[test]
fn a_rekey_killed_at_any_moment_leaves_a_complete_vault() {
    const RECORDS: usize = 300;
    let home = Home::new();
    let vault = open(&home, with_key(&home.vault_key));
    for i in 0..RECORDS {
        vault
            .put(
                &RecordId::account(&format!("{i:03}")),
                format!("value {i}").as_bytes(),
            )
            .unwrap();
    }
    let mut key = home.vault_key.clone();
    let mut committed = 0;
    for delay_ms in [0, 5, 10, 20, 40, 80, 160, 320, 640, 5_000] {
        let new = new_key();
        let mut rekey = std::process::Command::new(assert_cmd::cargo::cargo_bin("tether"))
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", home.path())
            .env("TETHER_HOME", home.state())
            .env("DBUS_SESSION_BUS_ADDRESS", NO_BUS)
            .env("TETHER_VAULT_KEY", &key)
            .env("TETHER_NEW_VAULT_KEY", &new)
            .args(["vault", "rekey"])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = rekey.kill();
        let _ = rekey.wait();

        // Exactly one of the two keys opens the vault, and every record is there.
        let with_old = Vault::open(&paths(&home), with_key(&key), None);
        let with_new = Vault::open(&paths(&home), with_key(&new), None);
        let opened = match (with_old, with_new) {
            (Ok(vault), Err(_)) => vault,
            (Err(_), Ok(vault)) => {
                key = new;
                committed += 1;
                vault
            }
            (old, new) => panic!(
                "after {delay_ms} ms: old key {:?}, new key {:?}",
                old.is_ok(),
                new.is_ok()
            ),
        };
        for i in 0..RECORDS {
            assert_eq!(
                value(&opened, &format!("account/{i:03}")),
                Some(format!("value {i}")),
                "record {i} after a kill at {delay_ms} ms"
            );
        }
        // The next write leaves one records directory: the one the header names.
        opened.put(&id("account/probe"), b"probe").unwrap();
        let dirs = std::fs::read_dir(vault_dir(&home))
            .unwrap()
            .flatten()
            .filter(|e| e.path().is_dir())
            .count();
        assert_eq!(dirs, 1, "after a kill at {delay_ms} ms");
    }
    assert!(committed > 0, "the last rekey had 5 s to finish");
}

/// Runs `tether ARGS…` under a pseudo-terminal (util-linux `script`), typing each answer once
/// its prompt has appeared. Returns the exit code and everything the terminal showed.
fn in_terminal(
    home: &Home,
    env: &[(&str, &str)],
    args: &str,
    answers: &[(&str, &str)],
) -> (i32, String) {
    use std::io::{Read, Write};
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    let tether = assert_cmd::cargo::cargo_bin("tether");
    let mut child = std::process::Command::new("script")
        .args(["-qec", &format!("{} {args}", tether.display()), "/dev/null"])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("TETHER_HOME", home.state())
        .env("DBUS_SESSION_BUS_ADDRESS", NO_BUS)
        .env("TERM", "dumb")
        .envs(env.iter().copied())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("util-linux `script` runs tether in a terminal");
    let shown = Arc::new(Mutex::new(String::new()));
    let mut stdout = child.stdout.take().unwrap();
    let sink = Arc::clone(&shown);
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 1024];
        while let Ok(n @ 1..) = stdout.read(&mut buf) {
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    let mut stdin = child.stdin.take().unwrap();
    let mut seen = 0;
    for (prompt, answer) in answers {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let text = shown.lock().unwrap().clone();
            if let Some(at) = text[seen..].find(prompt) {
                seen += at + prompt.len();
                break;
            }
            assert!(Instant::now() < deadline, "no prompt `{prompt}` in: {text}");
            std::thread::sleep(Duration::from_millis(20));
        }
        // The prompt is drawn just before the terminal is switched to hidden input, which
        // discards what was typed ahead; a person is never that fast either.
        std::thread::sleep(Duration::from_millis(300));
        stdin.write_all(format!("{answer}\r").as_bytes()).unwrap();
    }
    let status = child.wait().unwrap();
    drop(stdin);
    reader.join().unwrap();
    let text = shown.lock().unwrap().clone();
    (status.code().unwrap_or(-1), text)
}

fn have_script() -> bool {
    let found = std::process::Command::new("script")
        .arg("--version")
        .stdout(std::process::Stdio::null())
        .status()
        .is_ok();
    crate::common::can_run(found, "util-linux `script` (for prompts) is not installed")
}

#[test]
fn a_passphrase_typed_at_prompts() {
    if !have_script() {
        return;
    }
    let home = Home::new();
    // Two different answers, three times: nothing is created.
    let (code, shown) = in_terminal(
        &home,
        &[],
        "vault init --passphrase",
        &[
            ("New vault passphrase", PASSPHRASE),
            ("Repeat the passphrase", "something else"),
            ("try again", PASSPHRASE),
            ("Repeat the passphrase", "something else"),
            ("try again", PASSPHRASE),
            ("Repeat the passphrase", "something else"),
        ],
    );
    assert_eq!(code, 2, "{shown}");
    assert!(shown.contains("the two passphrases differ"), "{shown}");
    assert!(!vault_dir(&home).exists());

    let (code, shown) = in_terminal(
        &home,
        &[],
        "vault init --passphrase",
        &[
            ("New vault passphrase", PASSPHRASE),
            ("Repeat the passphrase", PASSPHRASE),
        ],
    );
    assert_eq!(code, 0, "{shown}");
    assert!(
        !shown.contains(PASSPHRASE),
        "the passphrase is not echoed: {shown}"
    );
    assert_eq!(
        status_json(bare(&home).env("TETHER_PASSPHRASE", PASSPHRASE))["key_available"],
        true
    );
    open(&home, with_passphrase(PASSPHRASE))
        .put(&id("account/a"), b"alpha")
        .unwrap();

    let before = snapshot(&home);
    let (code, shown) = in_terminal(
        &home,
        &[],
        "vault rekey",
        &[
            ("Vault passphrase", "not it at all"),
            ("try again", "not it at all"),
            ("try again", "not it at all"),
        ],
    );
    assert_eq!(code, 4, "{shown}");
    assert!(shown.contains("wrong vault passphrase"), "{shown}");
    assert_eq!(snapshot(&home), before);

    // Asked once: the passphrase that opened the vault also wraps the new key.
    let (code, shown) = in_terminal(
        &home,
        &[],
        "vault rekey",
        &[("Vault passphrase", PASSPHRASE)],
    );
    assert_eq!(code, 0, "{shown}");
    assert_eq!(
        shown.matches("Vault passphrase ›").count(),
        1,
        "asked once: {shown}"
    );
    assert!(shown.contains("Re-sealed 1 record "), "{shown}");
    assert_eq!(
        value(&open(&home, with_passphrase(PASSPHRASE)), "account/a").as_deref(),
        Some("alpha")
    );
}

#[test]
fn without_a_key_source_authorizing_stops_before_reading_any_secret() {
    let home = Home::new();
    // stdin is a file shared with this process: its offset shows whether tether read it.
    let input = home.write("api-key", "k-never-read");
    let file = std::fs::File::open(&input).unwrap();
    let mut shared = file.try_clone().unwrap();
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("tether"))
        .args(["connection", "create", "wx", "--connector", "openweather"])
        .args(["--authorize", "--account", "me", "--param", "api_key=@-"])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("TETHER_HOME", home.state())
        .env("DBUS_SESSION_BUS_ADDRESS", NO_BUS)
        .stdin(file)
        .output()
        .unwrap();
    let message = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{message}");
    assert!(message.contains("no key source"), "{message}");
    assert!(message.contains("1. set TETHER_VAULT_KEY"), "{message}");
    let read = std::io::Seek::stream_position(&mut shared).unwrap();
    assert_eq!(read, 0, "the secret on stdin was not read");
    tether(&home)
        .args(["connection", "details", "wx"])
        .assert()
        .code(2);
    assert!(!vault_dir(&home).join("vault.toml").exists());
}

#[test]
fn the_raw_keyring_error_is_shown_only_with_verbose() {
    let home = Home::new();
    let out = bare(&home).args(["vault", "init"]).assert().code(4);
    let message = stderr(&out);
    assert!(message.contains("no D-Bus session bus"), "{message}");
    assert!(message.contains("-v shows the details"), "{message}");
    assert!(!message.contains("zbus"), "{message}");
    assert!(
        !message.contains("/nonexistent/tether-test-bus"),
        "{message}"
    );
    let out = bare(&home).args(["-v", "vault", "init"]).assert().code(4);
    let message = stderr(&out);
    assert!(message.contains("zbus"), "{message}");
    assert!(
        message.contains("/nonexistent/tether-test-bus"),
        "{message}"
    );
}
