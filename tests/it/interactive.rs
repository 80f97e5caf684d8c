//! The same paths as a person takes them: tether in a pseudo-terminal, prompts answered by
//! keystrokes (tests/support/pty_run.py drives the terminal).

use std::process::Command;

use crate::common::{Home, fixture, stdout};

/// Runs `tether ARGS` in a terminal with `steps`, returning (exit code, transcript).
pub(crate) fn in_terminal(
    home: &Home,
    steps: &serde_json::Value,
    args: &[&str],
    extra_env: &[(&str, &str)],
) -> (i32, String) {
    let key = [("TETHER_VAULT_KEY", home.vault_key.as_str())];
    in_terminal_with(home, steps, args, &[&key[..], extra_env].concat())
}

/// [`in_terminal`] without the home's vault key: only `env` besides PATH, HOME and TERM.
pub(crate) fn in_terminal_with(
    home: &Home,
    steps: &serde_json::Value,
    args: &[&str],
    extra_env: &[(&str, &str)],
) -> (i32, String) {
    let steps_file = home.write("steps.json", &steps.to_string());
    let driver = format!("{}/tests/support/pty_run.py", env!("CARGO_MANIFEST_DIR"));
    let mut cmd = Command::new("python3");
    cmd.arg(driver)
        .arg(&steps_file)
        .arg(assert_cmd::cargo::cargo_bin("tether"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("TERM", "xterm")
        .env("TETHER_HOME", home.state());
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("python3 runs the terminal driver");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn create_authorize_and_token_through_prompts() {
    let home = Home::new();
    home.run(&["connector", "import", &fixture("weather.toml")])
        .success();
    // The picker narrows the 80-odd connectors down as one types.
    let steps = serde_json::json!([
        ["expect", "Connector"],
        ["send", "weather (Weather"],
        ["expect", "weather (Weather API"],
        ["send", "\r"],
        ["expect", "same authorization for all environments"],
        ["send", "n"],
        ["expect", "Environments to authorize"],
        ["send", "\r"],
        ["expect", "Name for the authorized account"],
        ["send", "me\r"],
        ["expect", "API key"],
        ["send", "typed-secret-key\r"],
        ["expect", "authorized `wx`"],
    ]);
    let (code, transcript) = in_terminal(
        &home,
        &steps,
        &["connection", "create", "wx", "--authorize"],
        &[],
    );
    assert_eq!(code, 0, "{transcript}");
    assert!(
        !transcript.contains("typed-secret-key"),
        "the secret is not echoed: {transcript}"
    );
    home.run(&["token", "wx"])
        .success()
        .stdout("typed-secret-key\n");
    let details = home
        .run(&["connection", "details", "wx", "--json"])
        .success();
    let json: serde_json::Value = serde_json::from_str(&stdout(&details)).unwrap();
    assert_eq!(json["environments"]["development"]["account"], "me");
    assert_eq!(
        json["connector"], "weather",
        "the typed filter picked the right connector"
    );
}

#[test]
fn a_matching_account_is_offered_for_reuse() {
    let home = Home::new();
    home.run(&["connector", "import", &fixture("weather.toml")])
        .success();
    home.cmd()
        .env("KEY", "k-1")
        .args([
            "connection",
            "create",
            "wx",
            "--connector",
            "weather",
            "--authorize",
            "--account",
            "alice-work",
        ])
        .args(["--param", "api_key=env:KEY"])
        .assert()
        .success();
    let steps = serde_json::json!([
        ["expect", "same authorization for all environments"],
        ["send", "n"],
        ["expect", "Environments to authorize"],
        ["send", "\r"],
        [
            "expect",
            "alice-work already authorizes this configuration. Reuse it?"
        ],
        ["send", "\r"],
        ["expect", "reusing account `alice-work`"],
    ]);
    let args = [
        "connection",
        "create",
        "wx2",
        "--connector",
        "weather",
        "--authorize",
    ];
    let (code, transcript) = in_terminal(&home, &steps, &args, &[]);
    assert_eq!(code, 0, "{transcript}");
    home.run(&["token", "wx2"]).success().stdout("k-1\n");
}

#[test]
fn ci_in_a_terminal_still_never_prompts() {
    let home = Home::new();
    let steps = serde_json::json!([]);
    let (code, transcript) = in_terminal(
        &home,
        &steps,
        &["connection", "create", "wx"],
        &[("CI", "true")],
    );
    assert_eq!(code, 2, "{transcript}");
    assert!(transcript.contains("--connector ID"), "{transcript}");
}

#[test]
fn reauthorize_and_reuse_through_prompts() {
    let home = Home::new();
    home.run(&["connector", "import", &fixture("notes.toml")])
        .success();
    for link in ["one", "two"] {
        home.run(&["connection", "create", link, "--connector", "notes"])
            .success();
    }
    home.cmd()
        .args(["connection", "authorize", "one", "--param", "token=@-"])
        .write_stdin("first")
        .assert()
        .success();
    // Reauthorize asks which account and its secret.
    let steps = serde_json::json!([
        ["expect", "Account"],
        ["send", "ops\r"],
        ["expect", "Personal token"],
        ["send", "second\r"],
        ["expect", "authorized `one`"],
    ]);
    let (code, transcript) = in_terminal(
        &home,
        &steps,
        &["connection", "reauthorize", "one", "--env", "dev"],
        &[],
    );
    assert_eq!(code, 0, "{transcript}");
    home.run(&["token", "one"]).success().stdout("second\n");
    // Reusing an unnamed account asks for its name first.
    home.cmd()
        .args([
            "connection",
            "authorize",
            "one",
            "--env",
            "stage",
            "--param",
            "token=@-",
        ])
        .write_stdin("third")
        .assert()
        .success();
    let steps = serde_json::json!([
        ["expect", "Name for the account `one@stage`"],
        ["send", "stage-bot\r"],
        ["expect", "reusing account `stage-bot`"],
    ]);
    let args = [
        "connection",
        "reuse",
        "two",
        "--account",
        "one@stage",
        "--env",
        "stage",
    ];
    let (code, transcript) = in_terminal(&home, &steps, &args, &[]);
    assert_eq!(code, 0, "{transcript}");
    home.run(&["token", "two", "--env", "stage"])
        .success()
        .stdout("third\n");
}

#[test]
fn oauth2_connection_with_prompts_alone() {
    let server = crate::common::oidc::OidcServer::start();
    let home = Home::new();
    home.import_connector("files.toml", &server.connector_toml("files", "none"))
        .success();
    let steps = serde_json::json!([
        ["expect", "Scopes"],
        ["send", "\r"],
        ["expect", "same authorization for all environments"],
        ["send", "n"],
        ["expect", "Environments to authorize"],
        ["send", "\r"],
        ["expect", "OAuth2 client id"],
        ["send", "native-public\r"],
        ["expect", "client secret?"],
        ["send", "n"],
        ["expect", "Name for the authorized account"],
        ["send", "alice\r"],
        ["expect", "authorized `files`"],
    ]);
    let browser = crate::common::oidc::OidcServer::browser_path();
    let env = [
        ("BROWSER", browser.to_str().unwrap()),
        ("BROWSER_QUIET", "1"),
    ];
    let args = [
        "connection",
        "create",
        "files",
        "--connector",
        "files",
        "--authorize",
    ];
    let (code, transcript) = in_terminal(&home, &steps, &args, &env);
    assert_eq!(code, 0, "{transcript}");
    let token = stdout(&home.run(&["token", "files"]).success());
    let (status, body) = crate::common::http::get(&server.url("/api/me"), Some(token.trim_end()));
    assert_eq!(status, 200, "{body}");
    // The client app was saved as `connector configure` would.
    let show = home.json(&["connector", "show", "files", "--json"]);
    assert!(show.to_string().contains("native-public"), "{show}");
}

#[test]
fn without_a_key_source_a_passphrase_vault_is_offered_before_any_secret_is_asked() {
    let home = Home::new();
    let steps = serde_json::json!([
        ["expect", "no key source for a new vault"],
        ["expect", "Create a vault protected by a passphrase now?"],
        ["send", "y"],
        ["expect", "New vault passphrase"],
        ["send", "a long passphrase\r"],
        ["expect", "Repeat the passphrase"],
        ["send", "a long passphrase\r"],
        ["expect", "Created the vault"],
        ["expect", "OpenWeather API key"],
        ["send", "typed-secret-key\r"],
        ["expect", "authorized `wx`"],
    ]);
    let args = [
        "connection",
        "create",
        "wx",
        "--connector",
        "openweather",
        "--same-for-all-envs",
        "--authorize",
        "--account",
        "me",
    ];
    let no_bus = [(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/tether-test-bus",
    )];
    let (code, transcript) = in_terminal_with(&home, &steps, &args, &no_bus);
    assert_eq!(code, 0, "{transcript}");
    assert!(!transcript.contains("typed-secret-key"), "{transcript}");
    assert!(!transcript.contains("a long passphrase"), "{transcript}");
    assert!(
        !transcript.contains("zbus"),
        "the raw D-Bus text needs -v: {transcript}"
    );
    home.bare()
        .env("TETHER_PASSPHRASE", "a long passphrase")
        .args(["token", "wx"])
        .write_stdin("")
        .assert()
        .success()
        .stdout("typed-secret-key\n");
}

#[test]
fn declining_the_passphrase_vault_stops_before_any_secret_is_asked() {
    let home = Home::new();
    let steps = serde_json::json!([
        ["expect", "Create a vault protected by a passphrase now?"],
        ["send", "n"],
        ["expect", "1. set TETHER_VAULT_KEY"],
    ]);
    let args = [
        "connection",
        "create",
        "wx",
        "--connector",
        "openweather",
        "--same-for-all-envs",
        "--authorize",
        "--account",
        "me",
    ];
    let no_bus = [(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/tether-test-bus",
    )];
    let (code, transcript) = in_terminal_with(&home, &steps, &args, &no_bus);
    assert_eq!(code, 4, "{transcript}");
    assert!(!transcript.contains("API key"), "{transcript}");
    assert!(!home.state().join("vault/vault.toml").exists());
}

#[test]
fn discovery_asks_for_what_the_metadata_cannot_say() {
    let server = crate::common::oidc::OidcServer::start();
    let home = Home::new();
    let api = server.url("/api");
    let steps = serde_json::json!([
        ["expect", "Found OAuth2 metadata"],
        ["expect", "Connector id"],
        ["send", "mine\r"],
        ["expect", "Display name"],
        ["send", "\r"],
        ["expect", "base URL"],
        ["send", "y"],
        ["expect", "API base URL"],
        ["send", format!("{api}\r")],
        ["expect", "imported custom connector `mine`"],
    ]);
    let args = ["connector", "import", "--discover", &server.issuer];
    let (code, transcript) = in_terminal(&home, &steps, &args, &[]);
    assert_eq!(code, 0, "{transcript}");
    let show = home.json(&["connector", "show", "mine", "--json"]);
    assert_eq!(show["name"], "127.0.0.1", "the offered name: {show}");
    assert_eq!(show["base_url"], api.as_str(), "{show}");

    // The flags answer instead, and under CI nothing is asked even in a terminal.
    let (code, transcript) = in_terminal(&home, &serde_json::json!([]), &args, &[("CI", "1")]);
    assert_eq!(code, 0, "{transcript}");
    assert!(!transcript.contains("Connector id"), "{transcript}");
    assert!(
        transcript.contains("imported custom connector `127-0-0-1`"),
        "{transcript}"
    );
}
