//! What commands print for people and scripts: the `--json` document of every command that
//! prints data or changes state, errors as JSON on stderr, `connection list` showing each
//! environment's state in the shape `details` has, and long listings through a pager only
//! in a terminal.

use serde_json::Value;

use crate::common::server::Server;
use crate::common::{Home, fixture, stderr, stdout, two_weather_connections};
use crate::interactive::in_terminal;

const TOKEN: &str = "t-Secret-0utput";

/// A home with the `notes` connector (a bearer header) and connection `nt` holding TOKEN.
fn notes_home() -> Home {
    let home = Home::new().with_connector("notes.toml");
    home.cmd()
        .env("KEY", TOKEN)
        .args(["connection", "create", "nt", "--connector", "notes"])
        .args(["--authorize", "--account", "me", "--param", "token=env:KEY"])
        .write_stdin("")
        .assert()
        .success();
    home
}

/// The keys of a JSON object, sorted.
fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {value}"))
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

#[test]
fn token_and_header_print_json_documents_with_the_secret() {
    let home = notes_home();
    let token = home.json(&["token", "nt", "--json"]);
    assert_eq!(keys(&token), ["expires_at", "token"]);
    assert_eq!(token["token"], TOKEN);
    // An API key does not expire.
    assert_eq!(token["expires_at"], Value::Null);

    let header = home.json(&["header", "nt", "--json"]);
    assert_eq!(
        header,
        serde_json::json!({"headers": [{"name": "Authorization", "value": format!("Bearer {TOKEN}")}]})
    );
    let all = home.json(&["header", "nt", "--all", "--json"]);
    assert_eq!(all["headers"][0]["name"], "Authorization");
}

/// A connector `local` with its API key in the query, for `server`, and connection `api`.
fn local_home(server: &Server) -> Home {
    let home = Home::new();
    let toml = format!(
        "id = \"local\"\nname = \"Local\"\nauth = \"api-key\"\nbase_url = \"http://127.0.0.1:{}\"\n\n[api_key]\nplacement = \"query\"\nname = \"appid\"\nvalue = \"{{api_key}}\"\n",
        server.port()
    );
    home.import_connector("local.toml", &toml).success();
    home.run_with_key(
        TOKEN,
        &[
            "connection",
            "create",
            "api",
            "--connector",
            "local",
            "--authorize",
            "--account",
            "me",
            "--param",
            "api_key=env:KEY",
        ],
    )
    .success();
    home
}

#[test]
fn invoke_json_embeds_a_json_body_as_json_and_names_the_status() {
    let server = Server::start(200, "application/json", r#"{"city": "Oslo", "temp": 4}"#);
    let home = local_home(&server);
    let out = home
        .run(&["invoke", "api", "GET", "/weather", "--json"])
        .success();
    let text = stdout(&out);
    assert!(
        !text.contains(TOKEN),
        "the query's key is not shown: {text}"
    );
    let answer: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        keys(&answer),
        ["body", "headers", "reason", "status", "url"]
    );
    assert_eq!(answer["status"], 200);
    assert_eq!(answer["reason"], "OK");
    assert_eq!(
        answer["body"],
        serde_json::json!({"city": "Oslo", "temp": 4})
    );
    let content_type = answer["headers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["name"] == "content-type")
        .unwrap();
    assert_eq!(content_type["value"], "application/json");
}

#[test]
fn invoke_json_carries_a_text_body_as_a_string_and_fail_still_exits_22() {
    let server = Server::start(404, "text/plain", "no such city");
    let home = local_home(&server);
    let out = home
        .run(&["invoke", "api", "GET", "/nowhere", "--json", "--fail"])
        .code(22);
    let answer: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(answer["status"], 404);
    assert_eq!(answer["body"], "no such city");
    let error: Value = serde_json::from_str(&stderr(&out)).unwrap();
    assert!(error["error"]["code"].is_string(), "{error}");
}

#[test]
fn create_and_changes_print_the_connection_as_details_shows_it() {
    let home = Home::new().with_connector("weather.toml");
    let created = home.json(&[
        "connection",
        "create",
        "wx",
        "--connector",
        "weather",
        "--json",
    ]);
    assert_eq!(
        created,
        home.json(&["connection", "details", "wx", "--json"])
    );
    assert_eq!(
        created["environments"]["development"]["status"],
        "not-authorized"
    );

    let out = home
        .run_with_key(
            "k1",
            &[
                "connection",
                "authorize",
                "wx",
                "--account",
                "a",
                "--param",
                "api_key=env:KEY",
                "--json",
            ],
        )
        .success();
    let authorized: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(!stdout(&out).contains("k1"), "no secret in the document");
    assert_eq!(authorized["environments"]["development"]["account"], "a");
    assert_eq!(
        authorized["environments"]["development"]["status"],
        "connected"
    );

    let renamed = home.json(&[
        "connection",
        "rename",
        "wx",
        "--display-name",
        "Weather",
        "--json",
    ]);
    assert_eq!(renamed["display_name"], "Weather");
    let reused = home.json(&[
        "connection",
        "reuse",
        "wx",
        "--env",
        "prod",
        "--account",
        "a",
        "--json",
    ]);
    assert_eq!(reused["environments"]["production"]["account"], "a");

    let account = home.json(&["account", "rename", "a", "alice", "--json"]);
    assert_eq!(
        account,
        serde_json::json!({"name": "alice", "previous": "a", "connector": "weather"})
    );
    let deleted = home.json(&["connection", "delete", "wx", "--yes", "--json"]);
    assert_eq!(
        deleted,
        serde_json::json!({"link_name": "wx", "deleted": true})
    );
}

#[test]
fn connector_vault_and_completion_commands_print_json_documents() {
    let home = Home::new();
    let imported = home.json(&["connector", "import", &fixture("notes.toml"), "--json"]);
    assert_eq!(imported["id"], "notes");
    assert_eq!(imported["auth"], "api-key");
    assert_eq!(imported["replaced"], false);

    let exported = home.json(&["connector", "export", "notes", "--json"]);
    assert_eq!(exported["origin"], "custom");
    let toml = exported["toml"].as_str().unwrap();
    assert!(toml.contains("id = \"notes\""), "the TOML whole: {toml}");

    let configured = home.json(&[
        "connector",
        "configure",
        "github",
        "--client-id",
        "Iv1.abc",
        "--json",
    ]);
    assert_eq!(
        configured,
        serde_json::json!({"id": "github", "client_id": "Iv1.abc", "client_secret_stored": false})
    );
    let deleted = home.json(&["connector", "delete", "notes", "--json"]);
    assert_eq!(deleted, serde_json::json!({"id": "notes", "deleted": true}));

    let init = home.json(&["vault", "init", "--json"]);
    assert_eq!(keys(&init), ["key_id", "key_source", "vault_dir"]);
    assert_eq!(init["key_source"], "env");
    let locked = home.json(&["vault", "lock", "--json"]);
    assert_eq!(locked, serde_json::json!({"was_unlocked": false}));
    let script = home.json(&["completions", "bash", "--json"]);
    assert_eq!(script["shell"], "bash");
    assert!(script["script"].as_str().unwrap().contains("_tether"));
}

/// The `{"error": {"code", "message", "hint"}}` object on stderr, with nothing on stdout.
fn json_error(out: &assert_cmd::assert::Assert) -> Value {
    assert_eq!(stdout(out), "", "nothing on stdout");
    let text = stderr(out);
    let value: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("stderr is not JSON ({e}): {text}"));
    assert_eq!(keys(&value), ["error"]);
    assert!(value["error"]["message"].is_string(), "{value}");
    value
}

#[test]
fn with_json_every_kind_of_error_is_a_json_object_on_stderr() {
    let home = notes_home();
    // An unknown connection (exit 2).
    let unknown = json_error(&home.run(&["token", "nope", "--json"]).code(2));
    assert_eq!(unknown["error"]["code"], "unknown_connection");
    // What clap refuses before tether runs: a missing argument, an unknown flag.
    let missing = json_error(&home.run(&["header", "--json"]).code(2));
    assert_eq!(missing["error"]["code"], "usage");
    let unknown_flag = json_error(
        &home
            .run(&["connection", "list", "--json", "--bogus"])
            .code(2),
    );
    assert_eq!(unknown_flag["error"]["code"], "usage");
    // No key for the vault (exit 4), from a command that prints a secret.
    let locked = home
        .bare()
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .args(["invoke", "nt", "GET", "/", "--json"])
        .write_stdin("")
        .assert()
        .code(4);
    let locked = json_error(&locked);
    assert!(locked["error"]["hint"].is_string(), "{locked}");
    // Not authorized in an environment (exit 3).
    let not_authorized = json_error(
        &home
            .run(&["exec", "nt", "--env", "prod", "--json", "--", "true"])
            .code(3),
    );
    assert!(not_authorized["error"]["code"].is_string());
}

/// Marks the account named `name` as rejected by its provider, as a failed refresh does.
fn mark_needs_reauthorization(home: &Home, name: &str) {
    let dir = home.state().join("accounts");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        if text.contains(&format!("name = \"{name}\"")) {
            let changed = text.replace(
                "status = \"connected\"",
                "status = \"needs-reauthorization\"",
            );
            assert_ne!(changed, text, "{text}");
            // Replaced by a rename, as tether writes, so listings see the change.
            let temp = dir.join("edit.tmp");
            std::fs::write(&temp, changed).unwrap();
            std::fs::rename(&temp, &path).unwrap();
            return;
        }
    }
    panic!("no account named {name}");
}

#[test]
fn connection_list_shows_a_broken_environment_and_details_shape_in_json() {
    let home = two_weather_connections();
    home.run_with_key(
        "k1",
        &[
            "connection",
            "reuse",
            "wx",
            "--env",
            "prod",
            "--account",
            "first",
        ],
    )
    .success();
    let before = stdout(&home.run(&["connection", "list"]).success());
    assert!(before.contains("connected: dev prod"), "{before}");
    mark_needs_reauthorization(&home, "first");

    let list = stdout(&home.run(&["connection", "list"]).success());
    let wx = list.lines().find(|l| l.starts_with("wx ")).unwrap();
    assert!(wx.ends_with("needs-reauthorization: dev prod"), "{list}");
    let wx2 = list.lines().find(|l| l.starts_with("wx2 ")).unwrap();
    assert!(wx2.ends_with("connected: dev"), "{list}");

    let rows = home.json(&["connection", "list", "--json"]);
    for row in rows.as_array().unwrap() {
        let link = row["link_name"].as_str().unwrap();
        let details = home.json(&["connection", "details", link, "--json"]);
        assert_eq!(row["environments"], details["environments"], "{link}");
    }
    assert_eq!(
        rows[0]["environments"]["production"]["status"],
        "needs-reauthorization"
    );
    assert_eq!(rows[1]["environments"]["stage"]["status"], "not-authorized");
    assert_eq!(rows[1]["environments"]["stage"]["account"], Value::Null);
}

/// A pager that writes what it was given, and the `LESS` it saw, to `record.txt` beside it.
fn recording_pager(home: &Home) -> (String, std::path::PathBuf) {
    let script = home.write(
        "pager.sh",
        "#!/bin/sh\n{ echo \"LESS=$LESS\"; cat; } > \"$(dirname \"$0\")/record.txt\"\n",
    );
    let mut permissions = std::fs::metadata(&script).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&script, permissions).unwrap();
    (
        script.to_str().unwrap().to_owned(),
        home.path().join("record.txt"),
    )
}

#[test]
fn long_listings_go_through_the_pager_in_a_terminal_only() {
    let home = two_weather_connections();
    let (pager, record) = recording_pager(&home);
    let steps = serde_json::json!([]);
    let list = ["connection", "list"];

    let (code, transcript) = in_terminal(&home, &steps, &list, &[("TETHER_PAGER", &pager)]);
    assert_eq!(code, 0, "{transcript}");
    let text = std::fs::read_to_string(&record).unwrap();
    assert!(text.starts_with("LESS=FRX\n"), "{text}");
    assert!(
        text.contains("wx2"),
        "the listing went to the pager: {text}"
    );
    assert!(
        !transcript.contains("wx2"),
        "and not to the terminal: {transcript}"
    );

    // LESS as the person set it; PAGER when TETHER_PAGER is not set.
    std::fs::remove_file(&record).unwrap();
    let (code, _) = in_terminal(&home, &steps, &list, &[("PAGER", &pager), ("LESS", "-R")]);
    assert_eq!(code, 0);
    assert!(
        std::fs::read_to_string(&record)
            .unwrap()
            .starts_with("LESS=-R\n")
    );

    // --no-pager, an empty TETHER_PAGER or `cat`, and --json print straight to the terminal.
    std::fs::remove_file(&record).unwrap();
    for (args, env) in [
        (
            &["connection", "list", "--no-pager"][..],
            [("TETHER_PAGER", pager.as_str())],
        ),
        (&list[..], [("TETHER_PAGER", "")]),
        (&["account", "list"][..], [("TETHER_PAGER", "cat")]),
        (
            &["connection", "list", "--json"][..],
            [("TETHER_PAGER", pager.as_str())],
        ),
    ] {
        let (code, transcript) = in_terminal(&home, &steps, args, &[env[0], ("PAGER", &pager)]);
        assert_eq!(code, 0, "{args:?}: {transcript}");
        assert!(transcript.contains("wx2"), "{args:?}: {transcript}");
        assert!(!record.exists(), "{args:?} was paged");
    }

    // A pager that cannot start: the listing is printed. One that quits at once: no error.
    let (code, transcript) = in_terminal(
        &home,
        &steps,
        &list,
        &[("TETHER_PAGER", "/nonexistent/pager")],
    );
    assert_eq!(code, 0, "{transcript}");
    assert!(transcript.contains("wx2"), "{transcript}");
    let (code, transcript) = in_terminal(&home, &steps, &list, &[("TETHER_PAGER", "true")]);
    assert_eq!(code, 0, "{transcript}");
    assert!(!transcript.contains("error"), "{transcript}");

    // Not a terminal: never paged.
    let out = home
        .cmd()
        .env("TETHER_PAGER", &pager)
        .args(list)
        .assert()
        .success();
    assert!(stdout(&out).contains("wx2"));
    assert!(!record.exists());
}
