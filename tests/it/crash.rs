//! Crashes and full disks in the middle of changes: after any of them the home holds exactly
//! the state before or exactly the state after, with nothing orphaned, and a bounded loop of
//! random kills and tampering never serves a lost or stale credential.
//!
//! The crash points exist only in builds with `--features fault-injection` (`./scripts/test`
//! uses it); without it, these tests cannot run, which is a failure when `CI` is set.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::common::{Home, create_wx, stderr, stdout, tree};

#[cfg(not(feature = "fault-injection"))]
#[test]
fn crash_tests_are_built() {
    let _ = crate::common::can_run(
        false,
        "the crash tests need `cargo test --features fault-injection` (./scripts/test passes it)",
    );
}

fn home() -> Home {
    Home::new().with_connector("weather.toml")
}

/// The key `token wx` serves now (the run also finishes any interrupted change).
fn served(home: &Home, link: &str) -> String {
    let out = home.run(&["token", link]).success();
    stdout(&out).trim_end().to_owned()
}

/// What is wrong with the home's consistency: a pending journal, temp files beside the files
/// they were for, an account with secrets that nothing uses, a connected account without
/// secrets, or a record with no account. Empty when the home is exactly one state. (A killed
/// writer's temp file in `tmp/` is removed by the next write; [`staged`] counts those.)
fn orphans(home: &Home) -> Vec<String> {
    let state = home.state();
    let mut problems = Vec::new();
    let all = tree::files(&state);
    for path in &all {
        let name = path.file_name().unwrap().to_string_lossy();
        let staged = path.parent() == Some(state.join("tmp").as_path());
        if name == "journal.json" || (name.ends_with(".tmp") && !staged) {
            problems.push(format!("left behind: {}", path.display()));
        }
    }
    let mut bound: BTreeMap<String, usize> = BTreeMap::new();
    let stored = |p: &PathBuf| !p.file_name().unwrap().to_string_lossy().starts_with('.');
    for path in tree::files(&state.join("connections"))
        .iter()
        .filter(|p| stored(p))
    {
        let text = std::fs::read_to_string(path).unwrap();
        for line in text.lines().filter(|l| l.starts_with("account = ")) {
            *bound.entry(line[11..43].to_owned()).or_default() += 1;
        }
    }
    let records: Vec<String> = all
        .iter()
        .filter(|p| stored(p))
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?;
            name.strip_prefix("account_2f")?
                .strip_suffix(".sealed")
                .map(str::to_owned)
        })
        .collect();
    for path in tree::files(&state.join("accounts"))
        .iter()
        .filter(|p| stored(p))
    {
        let id = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path).unwrap();
        let released = text.contains("status = \"released\"");
        let has_record = records.contains(&id);
        match (released, has_record, bound.contains_key(&id)) {
            (false, true, true) | (true, false, false) => {}
            other => problems.push(format!(
                "account {id}: (released, has record, bound) = {other:?}"
            )),
        }
    }
    for id in &records {
        if !state.join(format!("accounts/{id}.toml")).exists() {
            problems.push(format!("record without account: {id}"));
        }
    }
    problems.extend(crate::account_index::index_problems(home));
    problems
}

/// The temp files of killed writers waiting in `tmp/` for the next write to remove them.
fn staged(home: &Home) -> usize {
    tree::files(&home.state().join("tmp")).len()
}

/// Reauthorizing with a new account writes a record, an account and its index entries,
/// rebinds the connection, and releases the old account (its record goes, its file is
/// marked).
#[cfg(feature = "fault-injection")]
const REAUTHORIZE: &[&str] = &[
    "connection",
    "reauthorize",
    "wx",
    "--account",
    "second",
    "--param",
    "api_key=env:KEY",
];

#[cfg(feature = "fault-injection")]
#[test]
fn every_step_of_an_authorization_survives_a_kill_or_a_full_disk() {
    let mut steps = vec!["before-commit#1".to_owned(), "committed#1".to_owned()];
    steps.extend((1..=applied_steps()).map(|n| format!("applied#{n}")));
    for step in &steps {
        for action in ["kill", "enospc"] {
            let home = home();
            home.run_with_key("first-key", &create_wx("first"))
                .success();
            let out = home
                .cmd()
                .env("KEY", "second-key")
                .env("TETHER_FAULT", format!("{step}:{action}"))
                .args(REAUTHORIZE)
                .write_stdin("")
                .assert()
                .failure();
            if action == "enospc" {
                let said = stderr(&out);
                assert!(said.contains("No space left"), "{step}: {said}");
            }
            let expected = if step.starts_with("before") {
                "first-key"
            } else {
                "second-key"
            };
            assert_eq!(served(&home, "wx"), expected, "{step}:{action}");
            assert_eq!(orphans(&home), Vec::<String>::new(), "{step}:{action}");
            let accounts = home.json(&["account", "list", "--json"]);
            let text = accounts.to_string();
            assert!(
                text.contains("\"first\"")
                    && (step.starts_with("before") != text.contains("\"second\"")),
                "{step}:{action}: {text}"
            );
        }
    }
}

/// How many files the reauthorization replaces or removes: the first `applied#N` it
/// survives, less one.
#[cfg(feature = "fault-injection")]
fn applied_steps() -> usize {
    let survived = (1..20).find(|n| {
        let home = home();
        home.run_with_key("first-key", &create_wx("first"))
            .success();
        home.cmd()
            .env("KEY", "second-key")
            .env("TETHER_FAULT", format!("applied#{n}:enospc"))
            .args(REAUTHORIZE)
            .write_stdin("")
            .assert()
            .try_success()
            .is_ok()
    });
    let steps = survived.expect("the reauthorization never ends") - 1;
    // The record, the account, its index entries and stamp, the connection, and the old
    // account's record and file.
    assert!(steps >= 8, "only {steps} files changed");
    steps
}

#[cfg(feature = "fault-injection")]
#[test]
fn a_first_authorization_killed_before_its_commit_leaves_nothing_and_a_retry_uses_the_new_key() {
    let home = home();
    let create = create_wx("me");
    home.cmd()
        .env("KEY", "lost-key")
        .env("TETHER_FAULT", "before-commit:kill")
        .args(create)
        .write_stdin("")
        .assert()
        .failure();
    assert!(
        home.json(&["connection", "list", "--json"])
            .to_string()
            .contains("[]")
    );
    assert_eq!(orphans(&home), Vec::<String>::new());
    home.run_with_key("retry-key", &create).success();
    assert_eq!(served(&home, "wx"), "retry-key");
}

/// One step of the loop: a write that may be killed at a random instant.
fn spawn_write(home: &Home, round: usize) -> std::process::Child {
    let mut cmd = home.process();
    cmd.env("KEY", format!("key-{round}"))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    // Alternate between renewing the same account and moving to a fresh one, so records are
    // replaced, created and released.
    let account = if round.is_multiple_of(2) {
        "steady".to_owned()
    } else {
        format!("fresh{round}")
    };
    cmd.args([
        "connection",
        "reauthorize",
        "wx",
        "--account",
        &account,
        "--param",
        "api_key=env:KEY",
    ]);
    cmd.spawn().unwrap()
}

/// The number `N` of `key-N`.
fn round_of(key: &str) -> usize {
    key.strip_prefix("key-").unwrap().parse().unwrap()
}

#[test]
fn crash_and_tamper_loop() {
    const ROUNDS: usize = 300;
    let home = home();
    home.run_with_key("key-0", &create_wx("steady")).success();
    // Kill delays spread over three times what one write takes on this machine, so that many
    // writes are cut short at every stage and many complete, however fast the machine is.
    // The quickest of three writes: one slowed by a busy machine would stretch the spread until
    // few kills land inside a write.
    let renew = [
        "connection",
        "reauthorize",
        "wx",
        "--account",
        "steady",
        "--param",
        "api_key=env:KEY",
    ];
    let quickest = (0..3)
        .map(|_| {
            let timed = Instant::now();
            home.run_with_key("key-0", &renew).success();
            timed.elapsed()
        })
        .min()
        .unwrap();
    let spread = u64::try_from(quickest.as_micros() * 3).unwrap().max(1_000);
    let started = Instant::now();
    let (mut writes, mut kills, mut lost, mut tampered, mut most_staged) = (0, 0, 0, 0, 0);
    let mut acknowledged = 0;
    // A deterministic spread of kill delays (xorshift), so a failure can be replayed.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for round in 1..=ROUNDS {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut child = spawn_write(&home, round);
        writes += 1;
        std::thread::sleep(Duration::from_micros(seed % spread));
        let finished = child.try_wait().unwrap();
        match finished {
            Some(status) if status.success() => acknowledged = round,
            Some(_) => panic!("round {round}: the write failed on its own"),
            None => {
                child.kill().unwrap();
                let status = child.wait().unwrap();
                if status.success() {
                    acknowledged = round;
                } else {
                    kills += 1;
                }
            }
        }
        let key = served(&home, "wx");
        let now = round_of(&key);
        // Never an older key than the last acknowledged write; a killed write is either
        // complete or absent.
        if now < acknowledged || now > round {
            lost += 1;
        }
        let problems = orphans(&home);
        assert!(problems.is_empty(), "round {round}: {problems:?}");
        // A killed write leaves at most the one temp file it was writing, and the next write
        // removes it: they never pile up.
        most_staged = most_staged.max(staged(&home));
        assert!(staged(&home) <= 1, "round {round}: temp files pile up");

        // Every tenth round, roll the account's record back to its state a moment ago.
        if round.is_multiple_of(10) {
            roll_back_record(&home, round);
            acknowledged = round;
            tampered += 1;
        }
    }
    eprintln!(
        "crash loop: {writes} writes, {kills} killed mid-way, {lost} lost, 0 orphans, at most {most_staged} temp file waiting, {tampered} rollbacks caught, {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(lost, 0);
    home.run_with_key(
        "last",
        &["connection", "rename", "wx", "--display-name", "Weather"],
    )
    .success();
    assert_eq!(
        staged(&home),
        0,
        "the next write removes what killed writers left"
    );
    // About a third of the delays fall inside a write; a twentieth is the floor that still
    // proves writes are cut short, on a machine whose load varies during the loop.
    assert!(
        kills > ROUNDS / 20,
        "the loop must actually interrupt writes: {kills}"
    );
    assert!(tampered > 0);
}

/// Renews the account behind `wx` with `key-ROUND`, puts its previous record back, checks
/// that this is reported as an altered vault, and restores the renewed record.
fn roll_back_record(home: &Home, round: usize) {
    let record = tree::files(&home.state().join("vault"))
        .into_iter()
        .find(|p| p.to_string_lossy().ends_with(".sealed"))
        .unwrap();
    let previous = std::fs::read(&record).unwrap();
    let account = account_of(home);
    let renew = [
        "connection",
        "reauthorize",
        "wx",
        "--account",
        &account,
        "--param",
        "api_key=env:KEY",
    ];
    home.run_with_key(&format!("key-{round}"), &renew).success();
    // Renewing the same account keeps the record's path.
    let renewed = std::fs::read(&record).unwrap();
    std::fs::write(&record, &previous).unwrap();
    let out = home.run(&["token", "wx"]).code(4);
    assert!(stderr(&out).contains("the vault was altered"));
    std::fs::write(&record, renewed).unwrap();
}

/// The name of the account that backs `wx` in development now.
fn account_of(home: &Home) -> String {
    let details = home.json(&["connection", "details", "wx", "--json"]);
    details["environments"]["development"]["account"]
        .as_str()
        .unwrap()
        .to_owned()
}
