//! The audit log through the binary: every use of a credential and every change leaves one
//! line with its outcome, `tether log` reads and filters it, rotation, a log that cannot be
//! written, and no secret anywhere in it.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::common::oidc::{self, OidcServer, until_due, with_browser};
use crate::common::server::Server;
use crate::common::{Home, create_wx, fixture, stderr, stdout};

fn log_file(home: &Home) -> PathBuf {
    home.state().join("audit/log.jsonl")
}

/// Every line of the log (not the rotated files), parsed.
fn lines(home: &Home) -> Vec<serde_json::Value> {
    read_lines(&log_file(home))
}

fn read_lines(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// `tether log --json`.
fn log(home: &Home, filters: &[&str]) -> Vec<serde_json::Value> {
    let mut args = vec!["log", "--json"];
    args.extend_from_slice(filters);
    home.json(&args).as_array().unwrap().clone()
}

/// (command, link, environment, account, outcome) of each event, `-` for null.
fn summary(events: &[serde_json::Value]) -> Vec<String> {
    let text = |v: &serde_json::Value| v.as_str().unwrap_or("-").to_owned();
    events
        .iter()
        .map(|e| {
            let outcome = match (e["outcome"].as_str().unwrap(), &e["exit"], &e["reason"]) {
                ("ok", _, _) => "ok".to_owned(),
                ("error", exit, reason) => format!("error {exit} {}", text(reason)),
                (other, ..) => panic!("outcome {other}"),
            };
            format!(
                "{} {} {} {} {outcome}",
                text(&e["command"]),
                text(&e["link"]),
                text(&e["environment"]),
                text(&e["account"]),
            )
        })
        .collect()
}

/// Asserts that no `secret` appears anywhere in the audit log or its rotated files.
fn assert_no_secret(home: &Home, secrets: &[String]) {
    let dir = home.state().join("audit");
    let mut text = String::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        text.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    assert!(!text.is_empty());
    for secret in secrets {
        assert!(secret.len() >= 6, "too short to look for: {secret}");
        assert!(
            !text.contains(secret.as_str()),
            "`{secret}` is in the audit log:\n{text}"
        );
    }
}

/// The key `vault rekey` gives the vault in [`run_every_audited_command`].
const NEW_VAULT_KEY: &str = "bmV3LWtleS1mb3ItdGhlLWF1ZGl0LXRlc3RzLTMyYnk=";

/// Runs every audited command once in `home` (and a few that fail), with API keys and
/// passwords `wx-key-1`, `tracker-pw-2`, `wx-key-3` and `wx-key-4`; `invoke` asks `api`.
fn run_every_audited_command(home: &Home, api: &Server) {
    home.run(&["vault", "init"]).success();
    home.run(&["connector", "import", &fixture("weather.toml")])
        .success();
    home.run(&["connector", "import", &fixture("tracker.toml")])
        .success();
    home.run_with_key("wx-key-1", &create_wx("me")).success();
    home.cmd()
        .env("PW", "tracker-pw-2")
        .args(["connection", "create", "tr", "--connector", "tracker"])
        .args(["--param", "site=acme", "--authorize", "--account", "ops"])
        .args([
            "--param",
            "email=ops@example.com",
            "--param",
            "password=env:PW",
        ])
        .write_stdin("")
        .assert()
        .success();
    home.run_with_key(
        "wx-key-3",
        &[
            "connection",
            "authorize",
            "wx",
            "--env",
            "prod",
            "--account",
            "prod-me",
            "--param",
            "api_key=env:KEY",
        ],
    )
    .success();
    home.run(&["connection", "access", "wx", "--enable", "ci"])
        .success();
    home.run(&["connection", "access", "tr", "--enable", "ci"])
        .success();
    home.run(&["token", "wx", "--app", "ci"]).success();
    home.run(&["token", "wx", "--app", "other"]).code(6);
    home.run(&["token", "wx", "--env", "stage", "--app", "ci"])
        .code(3);
    home.run(&["header", "tr", "--app", "ci"]).success();
    home.run(&["header", "wx", "--app", "ci"]).code(2);
    home.run(&["--no-input", "exec", "wx,tr", "--app", "ci", "--", "true"])
        .success();
    let url = api.url("/forecast");
    home.run(&[
        "invoke",
        "wx",
        "GET",
        &url,
        "--allow-any-host",
        "--app",
        "ci",
    ])
    .success();
    home.run(&[
        "connection",
        "reuse",
        "wx",
        "--env",
        "stage",
        "--account",
        "me",
    ])
    .success();
    home.run_with_key(
        "wx-key-4",
        &[
            "connection",
            "reauthorize",
            "wx",
            "--env",
            "stage",
            "--account",
            "other-me",
            "--param",
            "api_key=env:KEY",
        ],
    )
    .success();
    home.run(&["connection", "rename", "wx", "--display-name", "Weather"])
        .success();
    home.run(&["account", "rename", "ops", "operations"])
        .success();
    home.run(&["connection", "same-for-all", "tr", "on"])
        .success();
    home.run(&["connection", "delete", "tr", "--force", "--yes"])
        .success();
    home.run(&["connector", "delete", "tracker"]).success();
    home.run(&["connection", "delete", "nope", "--yes"]).code(2);
    home.cmd()
        .env("TETHER_NEW_VAULT_KEY", NEW_VAULT_KEY)
        .args(["vault", "rekey"])
        .assert()
        .success();
}

#[test]
fn every_change_and_use_of_a_credential_is_one_line_with_its_outcome() {
    let api = Server::start(200, "application/json", r#"{"ok":true}"#);
    let home = Home::new();
    run_every_audited_command(&home, &api);
    let events = log(&home, &[]);
    assert_eq!(
        summary(&events),
        [
            "vault init - - - ok",
            "connector import - - - ok",
            "connector import - - - ok",
            "connection create wx development me ok",
            "connection create tr development ops ok",
            "connection authorize wx production prod-me ok",
            "connection access wx - - ok",
            "connection access tr - - ok",
            "token wx development me ok",
            "token wx development - error 6 access_denied",
            "token wx stage - error 3 not_authorized",
            "header tr development ops ok",
            "header wx development me error 2 not_a_header",
            "exec wx development me ok",
            "exec tr development ops ok",
            "invoke wx development me ok",
            "connection reuse wx stage me ok",
            "connection reauthorize wx stage other-me ok",
            "connection rename wx - - ok",
            "account rename - - ops ok",
            "connection same-for-all tr - - ok",
            "connection delete tr - - ok",
            "connector delete - - - ok",
            "connection delete nope - - error 2 unknown_connection",
            "vault rekey - - - ok",
        ]
    );
    let connectors: Vec<_> = events
        .iter()
        .filter_map(|e| e["connector"].as_str())
        .collect();
    assert_eq!(connectors, ["weather", "tracker", "tracker"]);
    let apps: Vec<_> = events.iter().map(|e| e["app"].as_str()).collect();
    assert_eq!(&apps[8..11], [Some("ci"), Some("other"), Some("ci")]);
    for event in &events {
        assert!(event["time"].as_str().unwrap().ends_with('Z'), "{event}");
        assert!(event["pid"].as_u64().unwrap() > 0, "{event}");
    }
    assert_no_secret(
        &home,
        &[
            "wx-key-1",
            "tracker-pw-2",
            "wx-key-3",
            "wx-key-4",
            &home.vault_key,
            NEW_VAULT_KEY,
        ]
        .map(String::from),
    );
}

/// `connection create files … --authorize --account ACCOUNT` through the simulated browser.
fn create_files(home: &Home, account: &str) {
    with_browser(home, "browser.log")
        .args(["connection", "create", "files", "--connector", "files"])
        .args(["--scope", "files.read", "--authorize", "--account", account])
        .args(["--timeout", "60"])
        .write_stdin("")
        .assert()
        .success();
}

fn token(home: &Home) -> String {
    stdout(&home.run(&["token", "files"]).success())
        .trim_end()
        .to_owned()
}

#[test]
fn refreshes_and_revocations_are_events_of_their_own_and_no_token_is_logged() {
    // The first access token lives 2 s, within the buffer: due after half its life.
    let server = OidcServer::start_with(&[("OIDC_INITIAL_ACCESS_TOKEN_TTL", "2")]);
    let home = server.files_home(
        "basic",
        oidc::CONFIDENTIAL,
        Some(oidc::CONFIDENTIAL_SECRET),
        60,
    );
    create_files(&home, "alice");
    let first = token(&home);
    until_due(2);
    let refreshed = token(&home);
    assert_ne!(first, refreshed);
    let mut seen = vec![first, refreshed];
    home.run(&["connection", "delete", "files", "--yes"])
        .success();
    let events = log(&home, &["--link", "files"]);
    assert_eq!(
        summary(&events),
        [
            "connection create files development alice ok",
            "token files development alice ok",
            "refresh files development alice ok",
            "token files development alice ok",
            "revoke files - alice ok",
            "connection delete files - - ok",
        ]
    );
    let all = log(&home, &[]);
    assert_eq!(
        summary(&all[..2]),
        ["connector import - - - ok", "connector configure - - - ok"]
    );
    assert_eq!(all[1]["connector"], "files");
    let refresh = &events[2];
    assert!(
        refresh["pid"] == events[3]["pid"],
        "the refresh happened inside `token`"
    );

    // A refresh token the provider rejects: the refresh fails, and so does the command.
    create_files(&home, "bob");
    seen.push(token(&home));
    until_due(2);
    server.inject("grant_type=refresh_token&status=400&error=invalid_grant");
    home.run(&["token", "files"]).code(3);
    let events = log(&home, &["--link", "files"]);
    assert_eq!(
        summary(&events[events.len() - 2..]),
        [
            "refresh files development bob error null refresh_token_rejected",
            "token files development bob error 3 needs_reauthorization",
        ]
    );

    let issued = server.issued_tokens();
    assert!(issued.len() >= 4, "access and refresh tokens: {issued:?}");
    assert!(seen.iter().all(|t| issued.contains(t)));
    let mut secrets = issued;
    secrets.push(oidc::CONFIDENTIAL_SECRET.to_owned());
    secrets.push(home.vault_key.clone());
    assert_no_secret(&home, &secrets);
}

#[test]
fn the_log_is_filtered_by_link_and_time_as_a_table_or_json() {
    let home = Home::new().with_connector("weather.toml");
    home.run_with_key("k-1-secret", &create_wx("me")).success();
    home.run(&["token", "wx"]).success();
    home.run(&["token", "other"]).code(2);
    // A line of long ago, as an older run wrote it.
    let old = r#"{"time":"2020-01-02T03:04:05Z","command":"token","link":"wx","environment":"production","account":"old","app":null,"outcome":"ok","pid":1}"#;
    let log_path = log_file(&home);
    let text = std::fs::read_to_string(&log_path).unwrap();
    std::fs::write(&log_path, format!("{old}\n{text}")).unwrap();

    assert_eq!(log(&home, &[]).len(), 5);
    let wx = log(&home, &["--link", "wx"]);
    assert_eq!(
        summary(&wx),
        [
            "token wx production old ok",
            "connection create wx development me ok",
            "token wx development me ok",
        ]
    );
    for since in ["1d", "30m", "12h", "2w"] {
        let recent = log(&home, &["--link", "wx", "--since", since]);
        assert_eq!(recent.len(), 2, "{since}");
    }
    assert_eq!(log(&home, &["--since", "2020-01-01T00:00:00Z"]).len(), 5);
    assert_eq!(log(&home, &["--since", "2020-01-02T03:04:06Z"]).len(), 4);
    assert!(log(&home, &["--link", "nope"]).is_empty());

    // Times in the table are relative; the line of 2020 is older than two months: its date.
    let table = stdout(&home.run(&["log", "--link", "wx"]).success());
    let rows: Vec<&str> = table.lines().collect();
    assert!(rows[1].starts_with("2020-01-02 "), "{table}");
    assert!(rows[2].starts_with("just now "), "{table}");
    let table = stdout(&home.run(&["log", "--link", "other"]).success());
    let rows: Vec<&str> = table.lines().collect();
    assert_eq!(rows.len(), 2, "{table}");
    for column in [
        "TIME", "COMMAND", "LINK", "ENV", "ACCOUNT", "APP", "OUTCOME",
    ] {
        assert!(rows[0].contains(column), "{table}");
    }
    assert!(
        rows[1].ends_with("token    other  development  -        -    error 2: unknown_connection"),
        "{table}"
    );
    let none = home.run(&["log", "--link", "nope"]).success();
    assert_eq!(stdout(&none), "");
    home.run(&["log", "--since", "yesterday"]).code(2);
}

#[test]
fn a_damaged_line_is_skipped_with_one_warning() {
    let home = Home::new().with_connector("weather.toml");
    let log_path = log_file(&home);
    let mut bytes = std::fs::read(&log_path).unwrap();
    bytes.extend_from_slice(b"{\"half\": \n\xff\xfe not json\n");
    std::fs::write(&log_path, bytes).unwrap();
    home.run(&["vault", "init"]).success();
    let out = home.run(&["log"]).success();
    assert_eq!(
        stderr(&out),
        "warning: skipped 2 damaged lines of the audit log\n"
    );
    let table = stdout(&out);
    assert!(
        table.contains("connector import") && table.contains("vault init"),
        "{table}"
    );
    assert_eq!(log(&home, &[]).len(), 2);
}

#[test]
fn the_log_is_rotated_at_one_mebibyte_keeping_three_older_files() {
    let home = Home::new().with_connector("weather.toml");
    home.run_with_key("k-rotated", &create_wx("me")).success();
    let dir = home.state().join("audit");
    let line = std::fs::read_to_string(log_file(&home)).unwrap();
    let line = line.lines().last().unwrap().to_owned() + "\n";
    // Ten bytes short of the limit: the next line does not fit.
    let limit = 1024 * 1024;
    let mut full = line.repeat(limit / line.len() - 1);
    let padding = " ".repeat(limit - 10 - full.len() - line.len());
    full.push_str(&line.replacen('{', &format!("{{{padding}"), 1));
    assert_eq!(full.len(), limit - 10);
    std::fs::write(log_file(&home), &full).unwrap();
    for n in 1..=3 {
        std::fs::write(dir.join(format!("log.{n}.jsonl")), line.repeat(n)).unwrap();
    }
    home.run(&["token", "wx"]).success();

    assert_eq!(summary(&lines(&home)), ["token wx development me ok"]);
    let rotated = |n: usize| std::fs::read_to_string(dir.join(format!("log.{n}.jsonl"))).unwrap();
    assert_eq!(rotated(1), full);
    assert_eq!(rotated(2), line);
    assert_eq!(rotated(3), line.repeat(2), "the oldest file was dropped");
    assert!(!dir.join("log.4.jsonl").exists());
    // Read back oldest first, across the files.
    let events = log(&home, &[]);
    assert_eq!(events.len(), 2 + 1 + full.lines().count() + 1);
    assert_eq!(events.last().unwrap()["command"], "token");
}

#[test]
fn lines_of_processes_writing_at_once_never_mix() {
    let home = Home::new().with_connector("weather.toml");
    home.run_with_key("k-parallel", &create_wx("me")).success();
    let children: Vec<_> = (0..16)
        .map(|i| {
            let mut cmd = home.process();
            cmd.args(["token", "wx", "--app", &format!("app-{i}")])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null());
            cmd.spawn().unwrap()
        })
        .collect();
    for mut child in children {
        child.wait().unwrap();
    }
    let events = lines(&home);
    assert_eq!(events.len(), 2 + 16);
    let mut apps: Vec<&str> = events[2..]
        .iter()
        .map(|e| e["app"].as_str().unwrap())
        .collect();
    apps.sort_unstable();
    apps.dedup();
    assert_eq!(apps.len(), 16);
}

#[test]
fn a_log_that_cannot_be_written_never_fails_a_command() {
    let home = Home::new().with_connector("weather.toml");
    home.run_with_key("k-unwritable", &create_wx("me"))
        .success();
    let dir = home.state().join("audit");
    std::fs::remove_dir_all(&dir).unwrap();
    // A file where the directory belongs.
    std::fs::write(&dir, "").unwrap();
    let out = home.run(&["token", "wx"]).success();
    assert_eq!(stdout(&out), "k-unwritable\n");
    let err = stderr(&out);
    assert_eq!(
        err.matches("warning: could not write the audit log")
            .count(),
        1,
        "{err}"
    );
    assert!(err.contains(&dir.display().to_string()), "{err}");
    home.run(&["token", "wx", "-q"]).success().stderr("");

    // A link in place of the log is not followed.
    std::fs::remove_file(&dir).unwrap();
    std::fs::create_dir(&dir).unwrap();
    let elsewhere = home.path().join("elsewhere.jsonl");
    std::fs::write(&elsewhere, "").unwrap();
    std::os::unix::fs::symlink(&elsewhere, dir.join("log.jsonl")).unwrap();
    let out = home.run(&["token", "wx"]).success();
    assert_eq!(stdout(&out), "k-unwritable\n");
    assert!(stderr(&out).contains("symbolic link"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "");

    // A home refused as a whole fails the command, which says why once: no warning on top.
    std::fs::set_permissions(home.state(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let out = home.run(&["token", "wx"]).code(4);
    let err = stderr(&out);
    assert!(err.starts_with("error: refusing"), "{err}");
    assert!(!err.contains("audit"), "{err}");
}
