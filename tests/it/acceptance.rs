//! Acceptance scenarios, each a user's story followed literally through the real binary
//! (README quick start, OAuth2 flows against oidc-provider, the pipeline story of environments
//! and accounts, exec / invoke / the catalog), asserting exit codes, output and JSON fields as
//! documented.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::oidc::{self, OidcServer};
use crate::common::server::Server;
use crate::common::{Home, stderr, stdout, tree};

/// The connector file of README's "A first connection", verbatim.
const README_WEATHER: &str = r#"id = "weather"
name = "Weather API"
auth = "api-key"
base_url = "https://api.weather.example"

[[params]]
name = "api_key"
label = "API key"
secret = true

[api_key]
placement = "query"
name = "appid"
value = "{api_key}"

[env]
WEATHER_API_KEY = "{api_key}"
"#;

const ENVIRONMENTS: [&str; 3] = ["development", "stage", "production"];

fn is_rfc3339_utc(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && s.ends_with('Z')
}

/// A home with README's `weather` connector imported.
fn weather_home() -> Home {
    let home = Home::new();
    home.import_connector("weather.toml", README_WEATHER)
        .success();
    home
}

// ---------------------------------------------------------------------------------------------
// The README's quick start, without prompts.

#[test]
fn readme_quick_start_without_prompts() {
    let home = weather_home();
    let secret = "wx-key-0123456789";
    home.cmd()
        .env("KEY", secret)
        .args(["connection", "create", "wx", "--connector", "weather"])
        .args([
            "--authorize",
            "--account",
            "me",
            "--param",
            "api_key=env:KEY",
        ])
        .write_stdin("")
        .assert()
        .success();

    let out = home.run(&["token", "wx"]).success();
    assert_eq!(stdout(&out).trim_end(), secret);

    let d = home.json(&["connection", "details", "wx", "--json"]);
    assert_eq!(d["link_name"], "wx");
    assert_eq!(d["connector"], "weather");
    assert_eq!(d["auth"], "api-key");
    assert_eq!(d["same_for_all_environments"], false);
    assert!(d["access"].as_array().unwrap().is_empty());
    let dev = &d["environments"]["development"];
    assert_eq!(dev["account"], "me");
    assert_eq!(dev["status"], "connected");
    assert!(dev["authorized_by"].as_str().unwrap().contains('@'));
    assert!(is_rfc3339_utc(dev["authorized_at"].as_str().unwrap()));
    for env in ["stage", "production"] {
        let e = &d["environments"][env];
        assert_eq!(e["status"], "not-authorized", "{env}");
        assert!(
            e["account"].is_null() && e["authorized_at"].is_null(),
            "{env}"
        );
        assert!(
            e["authorized_by"].is_null() && e["expires_at"].is_null(),
            "{env}"
        );
    }

    let status = home.run(&["vault", "status"]).success();
    assert!(
        stdout(&status).contains("TETHER_VAULT_KEY"),
        "{}",
        stdout(&status)
    );
    let status = home.json(&["vault", "status", "--json"]);
    assert_eq!(status["key_source"], "env");
    assert_eq!(status["key_available"], true);
    assert_eq!(status["records"], 1);

    // The secret is nowhere but in the vault and in `token`'s output.
    let details = home.run(&["-vvv", "connection", "details", "wx"]).success();
    assert!(!stdout(&details).contains(secret) && !stderr(&details).contains(secret));
    for (path, bytes) in home.files_outside_vault() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(secret),
            "{}",
            path.display()
        );
    }
}

#[test]
fn without_a_key_source_exit_4_names_the_three_ways_and_nothing_is_kept() {
    let home = Home::new();
    let file = home.write("weather.toml", README_WEATHER);
    let bare = |args: &[&str]| {
        let mut cmd = home.bare();
        cmd.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
            .env("XDG_RUNTIME_DIR", home.path().join("no-runtime"))
            .env("KEY", "never-stored")
            .args(args)
            .write_stdin("");
        cmd.assert()
    };
    bare(&["connector", "import", file.to_str().unwrap()]).success();
    let out = bare(&[
        "connection",
        "create",
        "wx",
        "--connector",
        "weather",
        "--authorize",
        "--account",
        "me",
        "--param",
        "api_key=env:KEY",
    ])
    .code(4);
    let err = stderr(&out);
    assert!(err.contains("TETHER_VAULT_KEY"), "{err}");
    assert!(err.contains("vault init --passphrase"), "{err}");
    assert!(err.to_lowercase().contains("keyring"), "{err}");
    for (path, bytes) in home.files_outside_vault() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("never-stored"),
            "{}",
            path.display()
        );
    }
    // `vault status` still answers, says what is missing, and exits 4 for scripts.
    let status = bare(&["vault", "status", "--json"]).code(4);
    let status: serde_json::Value = serde_json::from_str(&stdout(&status)).unwrap();
    assert_eq!(status["key_available"], false);
    assert!(
        status["key_hint"]
            .as_str()
            .unwrap()
            .contains("TETHER_VAULT_KEY")
    );
}

#[test]
fn wrong_key_exits_4_and_overwrites_nothing() {
    let home = weather_home();
    home.cmd()
        .env("KEY", "k")
        .args(["connection", "create", "wx", "--connector", "weather"])
        .args([
            "--authorize",
            "--account",
            "me",
            "--param",
            "api_key=env:KEY",
        ])
        .write_stdin("")
        .assert()
        .success();
    let before = tree::snapshot(&home.state().join("vault"));
    let other = Home::new().vault_key;
    let out = home
        .bare()
        .env("TETHER_VAULT_KEY", &other)
        .args(["token", "wx"])
        .write_stdin("")
        .assert()
        .code(4);
    assert!(
        stderr(&out).contains("TETHER_VAULT_KEY"),
        "{}",
        stderr(&out)
    );
    let out = home
        .bare()
        .env("TETHER_VAULT_KEY", &other)
        .env("KEY", "k2")
        .args(["connection", "authorize", "wx", "--env", "stage"])
        .args(["--account", "me2", "--param", "api_key=env:KEY"])
        .write_stdin("")
        .assert()
        .code(4);
    assert!(!stderr(&out).is_empty());
    assert_eq!(tree::snapshot(&home.state().join("vault")), before);
    assert_eq!(
        stdout(&home.run(&["token", "wx"]).success()).trim_end(),
        "k"
    );
}

#[test]
fn passphrase_vault_wrong_passphrase_exits_4() {
    let home = Home::new();
    let file = home.write("weather.toml", README_WEATHER);
    let pass = |p: &str, args: &[&str]| {
        home.bare()
            .env("TETHER_PASSPHRASE", p)
            .env("KEY", "pp-key")
            .args(args)
            .write_stdin("")
            .assert()
    };
    pass("correct horse", &["vault", "init", "--passphrase"]).success();
    pass(
        "correct horse",
        &["connector", "import", file.to_str().unwrap()],
    )
    .success();
    pass(
        "correct horse",
        &[
            "connection",
            "create",
            "wx",
            "--connector",
            "weather",
            "--authorize",
            "--account",
            "me",
            "--param",
            "api_key=env:KEY",
        ],
    )
    .success();
    let out = pass("correct horse", &["token", "wx"]).success();
    assert_eq!(stdout(&out).trim_end(), "pp-key");
    let out = pass("wrong", &["token", "wx"]).code(4);
    assert!(stderr(&out).contains("passphrase"), "{}", stderr(&out));
    let status = pass("correct horse", &["vault", "status", "--json"]).success();
    let status: serde_json::Value = serde_json::from_str(&stdout(&status)).unwrap();
    assert_eq!(status["key_source"], "passphrase");
    assert!(status["kdf"]["iterations"].as_u64().unwrap() >= 600_000);
}

#[test]
fn non_interactive_missing_values_exit_2_and_name_the_flag() {
    let home = Home::new();
    // --no-input
    let out = home
        .run(&[
            "--no-input",
            "connection",
            "create",
            "jira",
            "--connector",
            "atlassian-jira",
            "--param",
            "site=acme",
            "--authorize",
            "--account",
            "me",
            "--param",
            "email=a@example.com",
        ])
        .code(2);
    assert!(
        stderr(&out).contains("--param api_token="),
        "{}",
        stderr(&out)
    );
    // CI set, no --no-input
    let out = home
        .cmd()
        .env("CI", "1")
        .args([
            "connection",
            "create",
            "jira",
            "--connector",
            "atlassian-jira",
        ])
        .write_stdin("")
        .assert()
        .code(2);
    assert!(stderr(&out).contains("--param site="), "{}", stderr(&out));
    // stdin not a terminal, nothing else
    let out = home
        .run(&[
            "connection",
            "create",
            "jira",
            "--connector",
            "atlassian-jira",
        ])
        .code(2);
    assert!(stderr(&out).contains("--param site="), "{}", stderr(&out));
}

#[test]
fn bad_input_exits_2_with_a_way_forward() {
    let home = weather_home();
    for link in ["a/b", "..", "has space", "Upper"] {
        home.run(&["connection", "create", link, "--connector", "weather"])
            .code(2);
    }
    let out = home
        .run(&["connection", "create", "wx", "--connector", "weathr"])
        .code(2);
    assert!(
        stderr(&out).contains("did you mean `weather`"),
        "{}",
        stderr(&out)
    );
    let out = home.run(&["token", "nope"]).code(2);
    assert!(stderr(&out).contains("connection list"), "{}", stderr(&out));

    let bad = home.write(
        "bad.toml",
        "id = \"bad\"\nname = \"Bad\"\nauth = \"api-kee\"\nbase_url = \"https://x.example\"\n",
    );
    let out = home
        .run(&["connector", "import", bad.to_str().unwrap()])
        .code(2);
    assert!(stderr(&out).contains("bad.toml:3:"), "{}", stderr(&out));
    home.run(&["connector", "show", "bad"]).code(2);

    let out = home.run(&["conection", "list"]).code(2);
    assert!(stderr(&out).contains("connection"), "{}", stderr(&out));
    home.run(&["--env", "bogus", "token", "x"]).code(2);
}

#[test]
fn help_lists_the_exit_codes() {
    let home = Home::new();
    let out = home.run(&["--help"]).success();
    let help = stdout(&out);
    for code in ["0 ", "1 ", "2 ", "3 ", "4 ", "5 ", "6 ", "22 "] {
        assert!(help.contains(&format!("\n  {code}")), "{code}: {help}");
    }
    let out = home.run(&["connection", "--help"]).success();
    for sub in [
        "create",
        "authorize",
        "reauthorize",
        "reuse",
        "details",
        "access",
    ] {
        assert!(stdout(&out).contains(sub), "{sub}");
    }
}

// ---------------------------------------------------------------------------------------------
// Environments with an API-key connector: exit 3 and 6.

#[test]
fn unauthorized_environment_exits_3_with_the_fixing_command_and_access_exits_6() {
    let home = weather_home();
    home.cmd()
        .env("KEY", "k")
        .args(["connection", "create", "wx", "--connector", "weather"])
        .args([
            "--authorize",
            "--account",
            "me",
            "--param",
            "api_key=env:KEY",
        ])
        .write_stdin("")
        .assert()
        .success();
    let out = home.run(&["token", "wx", "--env", "prod"]).code(3);
    assert!(
        stderr(&out).contains("tether connection authorize wx --env production"),
        "{}",
        stderr(&out)
    );
    home.cmd()
        .env("TETHER_ENV", "production")
        .args(["token", "wx"])
        .write_stdin("")
        .assert()
        .code(3);

    let out = home.run(&["token", "wx", "--app", "pipeline"]).code(6);
    assert!(
        stderr(&out).contains("connection access wx --enable pipeline"),
        "{}",
        stderr(&out)
    );
    home.run(&["connection", "access", "wx", "--enable", "pipeline"])
        .success();
    home.run(&["token", "wx", "--app", "pipeline"]).success();
    home.cmd()
        .env("TETHER_APP", "other")
        .args(["token", "wx"])
        .write_stdin("")
        .assert()
        .code(6);
    let out = home.run(&["connection", "delete", "wx", "--yes"]).code(2);
    assert!(stderr(&out).contains("pipeline"), "{}", stderr(&out));
    let d = home.json(&["connection", "details", "wx", "--json"]);
    assert_eq!(d["access"], serde_json::json!(["pipeline"]));
}

// ---------------------------------------------------------------------------------------------
// OAuth2 against the real authorization server.

fn oauth_home(server: &OidcServer, buffer: u64) -> Home {
    let toml = server.connector_toml("files", "none").replace(
        "expiry_buffer_secs = 10",
        &format!("expiry_buffer_secs = {buffer}"),
    );
    oidc::public_files_home(&toml)
}

fn browser(home: &Home, login: &str) -> assert_cmd::Command {
    let mut cmd = home.cmd();
    cmd.env("BROWSER", OidcServer::browser_path())
        .env(
            "BROWSER_LOG",
            home.path().join(format!("browser-{login}.log")),
        )
        .env("BROWSER_LOGIN", login)
        .env("BROWSER_QUIET", "1")
        .write_stdin("");
    cmd
}

fn api_sub(server: &OidcServer, token: &str) -> serde_json::Value {
    let (status, body) = crate::common::http::get(&server.url("/api/me"), Some(token));
    assert_eq!(status, 200, "{body}");
    serde_json::from_str::<serde_json::Value>(&body).unwrap()["sub"].clone()
}

fn token(home: &Home, args: &[&str]) -> String {
    let mut all = vec!["token"];
    all.extend_from_slice(args);
    stdout(&home.run(&all).success()).trim_end().to_owned()
}

#[test]
fn oauth2_create_with_browser_then_token_and_refresh_without_a_browser() {
    // Tokens live 3 s, far less than the buffer: each is used for half its life, so after a
    // short wait every `token` finds it due.
    let server = OidcServer::start_with(&[("OIDC_ACCESS_TOKEN_TTL", "3")]);
    let home = oauth_home(&server, 3600);
    let until_due = || std::thread::sleep(Duration::from_millis(1800));
    let out = browser(&home, "alice")
        .args(["connection", "create", "files", "--connector", "files"])
        .args(["--scope", "files.read", "--authorize", "--account", "alice"])
        .args(["--timeout", "60"])
        .assert()
        .success();
    assert!(
        stderr(&out).contains(&server.url("/auth?")),
        "the URL is printed: {}",
        stderr(&out)
    );
    let d = home.json(&["connection", "details", "files", "--json"]);
    let dev = &d["environments"]["development"];
    assert_eq!(dev["account"], "alice");
    assert_eq!(dev["status"], "connected");
    assert!(is_rfc3339_utc(dev["expires_at"].as_str().unwrap()));
    assert_eq!(dev["granted_scopes"], serde_json::json!(["files.read"]));

    server.reset_stats();
    until_due();
    let first = token(&home, &["files"]);
    assert_eq!(api_sub(&server, &first), "alice");
    until_due();
    let second = token(&home, &["files"]);
    assert_ne!(first, second, "refreshed when within expiry_buffer_secs");
    assert_eq!(api_sub(&server, &second), "alice");
    let stats = server.stats();
    assert_eq!(stats["refresh"], 2, "{stats}");
    assert_eq!(stats["authorizations"], 0, "no browser again: {stats}");
}

#[test]
fn oauth2_client_credentials_for_a_pipeline() {
    let server = OidcServer::start();
    let home = Home::new();
    let toml = server.connector_toml("robot", "basic").replace(
        "grant = \"authorization_code\"",
        "grant = \"client_credentials\"",
    );
    home.import_connector("robot.toml", &toml).success();
    home.cmd()
        .env("CI", "1")
        .env("MACHINE_SECRET", oidc::MACHINE_SECRET)
        .args([
            "connector",
            "configure",
            "robot",
            "--client-id",
            oidc::MACHINE,
        ])
        .args(["--client-secret", "env:MACHINE_SECRET"])
        .write_stdin("")
        .assert()
        .success();
    home.cmd()
        .env("CI", "1")
        .args(["connection", "create", "ci", "--connector", "robot"])
        .args(["--scope", "files.read", "--authorize", "--account", "bot"])
        .args(["--flow", "client-credentials"])
        .write_stdin("")
        .assert()
        .success();
    let t = token(&home, &["ci"]);
    let (status, body) = crate::common::http::get(&server.url("/api/me"), Some(&t));
    assert_eq!(status, 200, "{body}");
    let me: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(me["client_id"], oidc::MACHINE);
    for (path, bytes) in home.files_outside_vault() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(oidc::MACHINE_SECRET), "{}", path.display());
        assert!(!text.contains(&t), "{}", path.display());
    }
}

#[test]
fn oauth2_device_flow() {
    let server = OidcServer::start();
    let home = oauth_home(&server, 10);
    home.run(&["connection", "create", "files", "--connector", "files"])
        .success();
    let out = browser(&home, "bob")
        .env("BROWSER_MODE", "device")
        .args(["connection", "authorize", "files", "--account", "bob"])
        .args(["--flow", "device", "--timeout", "60"])
        .assert()
        .success();
    assert!(
        stderr(&out).contains(&server.url("/device")),
        "{}",
        stderr(&out)
    );
    assert_eq!(api_sub(&server, &token(&home, &["files"])), "bob");
}

/// Spawns `tether ARGS…` with piped stdin and stderr; returns the child and the first
/// authorization URL it prints (within 20 s), and a reader thread's collected stderr.
/// The caller waits for the child (`wait_child`).
#[allow(clippy::zombie_processes)]
fn spawn_until_url(
    home: &Home,
    server: &OidcServer,
    extra_env: &[(&str, &str)],
    args: &[&str],
) -> (
    std::process::Child,
    String,
    std::sync::mpsc::Receiver<String>,
) {
    let mut cmd = home.process();
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let err = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let prefix = server.url("/auth?");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("an authorization URL on stderr");
        if let Some(i) = line.find(&prefix) {
            let url = line[i..].split_whitespace().next().unwrap().to_owned();
            return (child, url, rx);
        }
    }
}

fn run_browser_foreground(url: &str, log: &std::path::Path) {
    let status = Command::new("node")
        .arg(OidcServer::browser_path().with_extension("js"))
        .arg(url)
        .env("BROWSER_FOREGROUND", "1")
        .env("BROWSER_QUIET", "1")
        .env("BROWSER_LOG", log)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    // In paste mode nothing listens, so the browser's last step fails: that is expected.
    let _ = status;
}

fn wait_child(child: &mut std::process::Child, secs: u64) -> i32 {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code().unwrap_or(-1);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("tether did not finish within {secs} s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn oauth2_no_browser_prints_the_url_and_opens_nothing() {
    let server = OidcServer::start();
    let home = oauth_home(&server, 10);
    home.run(&["connection", "create", "files", "--connector", "files"])
        .success();
    let opened = home.path().join("opened.log");
    let (mut child, url, _rx) = spawn_until_url(
        &home,
        &server,
        &[
            ("BROWSER", OidcServer::browser_path().to_str().unwrap()),
            ("BROWSER_MODE", "print"),
            ("BROWSER_LOG", opened.to_str().unwrap()),
        ],
        &[
            "connection",
            "authorize",
            "files",
            "--account",
            "carol",
            "--no-browser",
            "--timeout",
            "60",
        ],
    );
    // The person opens the printed URL elsewhere.
    run_browser_foreground(&url, &home.path().join("manual.log"));
    assert_eq!(wait_child(&mut child, 30), 0);
    assert!(!opened.exists(), "--no-browser must not start $BROWSER");
    assert_eq!(api_sub(&server, &token(&home, &["files"])), "alice");
}

#[test]
fn oauth2_paste_flow() {
    let server = OidcServer::start();
    let home = oauth_home(&server, 10);
    home.run(&["connection", "create", "files", "--connector", "files"])
        .success();
    let (mut child, url, _rx) = spawn_until_url(
        &home,
        &server,
        &[],
        &[
            "connection",
            "authorize",
            "files",
            "--account",
            "dave",
            "--flow",
            "paste",
            "--timeout",
            "60",
        ],
    );
    let log = home.path().join("paste.log");
    run_browser_foreground(&url, &log);
    let text = std::fs::read_to_string(&log).unwrap();
    let redirected = text
        .lines()
        .filter(|l| l.starts_with("callback"))
        .find_map(|l| l.split_whitespace().find(|w| w.starts_with("http://")))
        .unwrap_or_else(|| panic!("no callback in the browser log:\n{text}"))
        .to_owned();
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{redirected}").unwrap();
    drop(stdin);
    assert_eq!(wait_child(&mut child, 30), 0);
    assert_eq!(api_sub(&server, &token(&home, &["files"])), "alice");
    let d = home.json(&["connection", "details", "files", "--json"]);
    assert_eq!(d["environments"]["development"]["account"], "dave");
}

#[test]
fn oauth2_rejected_refresh_needs_reauthorization_with_exit_3() {
    let server = OidcServer::start_with(&[("OIDC_INITIAL_ACCESS_TOKEN_TTL", "2")]);
    let home = oauth_home(&server, 3600);
    browser(&home, "alice")
        .args(["connection", "create", "files", "--connector", "files"])
        .args(["--scope", "files.read", "--authorize", "--account", "alice"])
        .assert()
        .success();
    // Due after half its 2 s life.
    std::thread::sleep(Duration::from_millis(1300));
    server.inject("grant_type=refresh_token&status=400&error=invalid_grant");
    let out = home.run(&["token", "files"]).code(3);
    assert!(
        stderr(&out).contains("tether connection reauthorize files --env development"),
        "{}",
        stderr(&out)
    );
    let d = home.json(&["connection", "details", "files", "--json"]);
    assert_eq!(
        d["environments"]["development"]["status"],
        "needs-reauthorization"
    );
}

// ---------------------------------------------------------------------------------------------
// The pipeline story: a CI job with flags and environment variables alone.

#[test]
#[allow(clippy::too_many_lines)] // one story, told in order: splitting it would hide the sequence
fn pipeline_story_environments_accounts_reuse_reauthorize() {
    let server = OidcServer::start();
    let home = oauth_home(&server, 10);
    let scopes = ["--scope", "files.read", "--scope", "files.write"];
    home.cmd()
        .env("CI", "1")
        .args(["connection", "create", "deploy", "--connector", "files"])
        .args(scopes)
        .write_stdin("")
        .assert()
        .success();
    browser(&home, "alice")
        .env("CI", "1")
        .args(["connection", "authorize", "deploy", "--env", "development"])
        .args(["--account", "alice"])
        .assert()
        .success();
    browser(&home, "ci-bot")
        .env("CI", "1")
        .args(["connection", "authorize", "deploy", "--env", "production"])
        .args(["--account", "ci-bot"])
        .assert()
        .success();
    assert_eq!(api_sub(&server, &token(&home, &["deploy"])), "alice");
    let old_prod = token(&home, &["deploy", "--env", "prod"]);
    assert_eq!(api_sub(&server, &old_prod), "ci-bot");
    home.run(&["token", "deploy", "--env", "stage"]).code(3);

    // Reuse ci-bot on a second connection: no credentials, no browser.
    home.run(&["connection", "create", "release", "--connector", "files"])
        .success();
    // Different scopes: a different fingerprint, refused.
    let out = home
        .run(&[
            "connection",
            "reuse",
            "release",
            "--account",
            "ci-bot",
            "--env",
            "production",
        ])
        .code(2);
    assert!(stderr(&out).contains("scopes"), "{}", stderr(&out));
    home.run(&["connection", "delete", "release", "--yes"])
        .success();
    let mut create = vec!["connection", "create", "release", "--connector", "files"];
    create.extend_from_slice(&scopes);
    home.run(&create).success();
    server.reset_stats();
    home.run(&[
        "connection",
        "reuse",
        "release",
        "--account",
        "ci-bot",
        "--env",
        "production",
    ])
    .success();
    assert_eq!(server.stats()["authorizations"], 0);
    assert_eq!(token(&home, &["release", "--env", "production"]), old_prod);

    // Reauthorize production of deploy as ci-bot-2.
    browser(&home, "ci-bot-2")
        .env("CI", "1")
        .args(["connection", "reauthorize", "deploy", "--env", "production"])
        .args(["--account", "ci-bot-2"])
        .assert()
        .success();
    assert_eq!(
        api_sub(&server, &token(&home, &["deploy", "--env", "production"])),
        "ci-bot-2"
    );
    assert_eq!(
        api_sub(&server, &token(&home, &["release", "--env", "production"])),
        "ci-bot",
        "ci-bot still backs release"
    );

    // details tells the story, field by field.
    let d = home.json(&["connection", "details", "deploy", "--json"]);
    assert_eq!(d["link_name"], "deploy");
    assert_eq!(d["display_name"], "deploy");
    assert_eq!(d["connector"], "files");
    assert_eq!(d["auth"], "oauth2");
    assert_eq!(d["same_for_all_environments"], false);
    let envs = d["environments"].as_object().unwrap();
    for env in ENVIRONMENTS {
        assert!(envs.contains_key(env), "{env}");
    }
    for (env, account) in [("development", "alice"), ("production", "ci-bot-2")] {
        let e = &envs[env];
        assert_eq!(e["account"], account, "{env}");
        assert_eq!(e["status"], "connected", "{env}");
        assert!(e["authorized_by"].as_str().unwrap().contains('@'), "{env}");
        assert!(
            is_rfc3339_utc(e["authorized_at"].as_str().unwrap()),
            "{env}"
        );
        assert!(is_rfc3339_utc(e["expires_at"].as_str().unwrap()), "{env}");
        let granted = e["granted_scopes"].as_array().unwrap();
        assert!(granted.contains(&"files.write".into()), "{env}");
    }
    assert_eq!(envs["stage"]["status"], "not-authorized");

    let human = stdout(&home.run(&["connection", "details", "deploy"]).success());
    for word in [
        "alice",
        "ci-bot-2",
        "not-authorized",
        "development",
        "production",
    ] {
        assert!(human.contains(word), "{word}: {human}");
    }

    let accounts = home.json(&["account", "list", "--json"]);
    let used_by = |name: &str| -> Vec<(String, String)> {
        let a = accounts
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == name)
            .unwrap_or_else(|| panic!("account {name} in {accounts}"));
        a["used_by"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| {
                (
                    u["link_name"].as_str().unwrap().to_owned(),
                    u["environment"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    assert_eq!(used_by("alice"), [("deploy".into(), "development".into())]);
    assert_eq!(used_by("ci-bot"), [("release".into(), "production".into())]);
    assert_eq!(
        used_by("ci-bot-2"),
        [("deploy".into(), "production".into())]
    );
}

#[test]
fn unnamed_account_must_be_named_before_reuse() {
    let home = weather_home();
    home.cmd()
        .env("KEY", "unnamed-key")
        .args(["connection", "create", "a", "--connector", "weather"])
        .args(["--authorize", "--param", "api_key=env:KEY"])
        .write_stdin("")
        .assert()
        .success();
    let accounts = home.json(&["account", "list", "--json"]);
    assert_eq!(accounts[0]["name"], "a@development");
    assert_eq!(accounts[0]["named"], false);
    home.run(&["connection", "create", "b", "--connector", "weather"])
        .success();
    let out = home
        .run(&["connection", "reuse", "b", "--account", "a@development"])
        .code(2);
    assert!(stderr(&out).contains("--name-account"), "{}", stderr(&out));
    home.run(&[
        "connection",
        "reuse",
        "b",
        "--account",
        "a@development",
        "--name-account",
        "shared",
    ])
    .success();
    assert_eq!(token(&home, &["b"]), "unnamed-key");
    let accounts = home.json(&["account", "list", "--json"]);
    assert_eq!(accounts[0]["name"], "shared");
    assert_eq!(accounts[0]["named"], true);
    assert_eq!(accounts[0]["used_by"].as_array().unwrap().len(), 2);
}

#[test]
fn same_for_all_serves_every_environment() {
    let home = weather_home();
    home.cmd()
        .env("KEY", "all-envs")
        .args(["connection", "create", "wx", "--connector", "weather"])
        .args(["--same-for-all-envs", "--authorize", "--account", "me"])
        .args(["--param", "api_key=env:KEY"])
        .write_stdin("")
        .assert()
        .success();
    for env in ["dev", "stage", "prod"] {
        assert_eq!(token(&home, &["wx", "--env", env]), "all-envs");
    }
    let d = home.json(&["connection", "details", "wx", "--json"]);
    assert_eq!(d["same_for_all_environments"], true);
    for env in ENVIRONMENTS {
        assert_eq!(d["environments"][env]["account"], "me", "{env}");
    }
}

// ---------------------------------------------------------------------------------------------
// exec, invoke, the catalog.

#[test]
fn exec_exports_the_variables_and_returns_the_child_status() {
    let home = weather_home();
    home.cmd()
        .env("KEY", "exec-key")
        .args(["connection", "create", "wx", "--connector", "weather"])
        .args([
            "--authorize",
            "--account",
            "me",
            "--param",
            "api_key=env:KEY",
        ])
        .write_stdin("")
        .assert()
        .success();
    let out = home
        .run(&[
            "exec",
            "wx",
            "--no-mask",
            "--",
            "sh",
            "-c",
            "printf %s \"$WEATHER_API_KEY\"; exit 7",
        ])
        .code(7);
    assert_eq!(stdout(&out), "exec-key");
    home.run(&["exec", "wx", "--", "no-such-command-xyz"])
        .code(127);
    home.run(&["exec", "wx", "--env", "production", "--", "true"])
        .code(3);

    home.cmd()
        .env("KEY", "other")
        .args(["connection", "create", "wy", "--connector", "weather"])
        .args([
            "--authorize",
            "--account",
            "me2",
            "--param",
            "api_key=env:KEY",
        ])
        .write_stdin("")
        .assert()
        .success();
    let out = home.run(&["exec", "wx,wy", "--", "true"]).code(2);
    let err = stderr(&out);
    assert!(
        err.contains("WEATHER_API_KEY") && err.contains("wx") && err.contains("wy"),
        "{err}"
    );
}

#[test]
fn invoke_resolves_paths_applies_the_key_and_maps_failures() {
    // 404 when the path contains `missing`.
    let server = Server::answering(0, |seen| {
        let status = if seen.target.contains("missing") {
            404
        } else {
            200
        };
        (status, "application/json", "{}".to_owned())
    });
    let port = server.port();
    let home = Home::new();
    let toml = README_WEATHER.replace(
        "base_url = \"https://api.weather.example\"",
        &format!("base_url = \"http://127.0.0.1:{port}/{{region}}\""),
    );
    let toml = toml.replacen(
        "[api_key]",
        "[[params]]\nname = \"region\"\nlabel = \"Region\"\nsecret = false\nconnection = true\n\n[api_key]",
        1,
    );
    home.import_connector("weather.toml", &toml).success();
    home.cmd()
        .env("KEY", "QKEY-1")
        .args(["connection", "create", "wq", "--connector", "weather"])
        .args(["--param", "region=eu", "--authorize", "--account", "q"])
        .args(["--param", "api_key=env:KEY"])
        .write_stdin("")
        .assert()
        .success();

    home.run(&["invoke", "wq", "GET", "/data?x=1"]).success();
    let seen = server.seen().pop().unwrap();
    assert_eq!(
        (seen.method.as_str(), seen.target.as_str()),
        ("GET", "/eu/data?x=1&appid=QKEY-1")
    );

    home.cmd()
        .args(["invoke", "wq", "POST", "/items", "-d", "@-"])
        .write_stdin("payload")
        .assert()
        .success();
    assert!(server.seen().pop().unwrap().body.starts_with(b"payload"));

    let out = home.run(&["-vv", "invoke", "wq", "GET", "/data"]).success();
    assert!(!stderr(&out).contains("QKEY-1"), "{}", stderr(&out));

    home.run(&["invoke", "wq", "GET", "/missing"]).success();
    home.run(&["invoke", "wq", "GET", "/missing", "--fail"])
        .code(22);
    let out = home
        .run(&["invoke", "wq", "GET", "http://127.0.0.2:1/x"])
        .code(2);
    assert!(
        stderr(&out).contains("--allow-any-host"),
        "{}",
        stderr(&out)
    );
    home.run(&[
        "invoke",
        "wq",
        "GET",
        "http://127.0.0.1:1/x",
        "--allow-any-host",
    ])
    .code(5);
}

#[test]
fn catalog_search_and_show() {
    let home = Home::new();
    let out = home
        .run(&["connector", "list", "--search", "mail"])
        .success();
    for id in ["google-gmail", "sendgrid", "mailgun", "mailchimp"] {
        assert!(stdout(&out).contains(id), "{id}: {}", stdout(&out));
    }
    let list = home.json(&["connector", "list", "--json"]);
    assert!(list.as_array().unwrap().len() >= 60);
    let github = stdout(&home.run(&["connector", "show", "github"]).success());
    for text in [
        "https://github.com/login/oauth/authorize",
        "GITHUB_TOKEN",
        "repo",
    ] {
        assert!(github.contains(text), "{text}: {github}");
    }
    let show = home.json(&["connector", "show", "openai", "--json"]);
    assert_eq!(show["auth"], "api-key");
    let out = home.run(&["connector", "show", "githib"]).code(2);
    assert!(
        stderr(&out).contains("did you mean `github`"),
        "{}",
        stderr(&out)
    );
}
