//! Seeing the state of things: `tether status` (states, exit codes, JSON), dead grants in
//! `connection details`, expiry warnings on stderr, and `connection test` against the real
//! authorization server of tests/oidc.

use serde_json::Value;

use crate::common::oidc::{self, OidcServer, until_due, with_browser};
use crate::common::{Home, create_wx, stderr, stdout, tree};

/// `connection create files --scope files.read --authorize --account alice` through the
/// simulated browser.
fn create_files(home: &Home) {
    with_browser(home, "browser.log")
        .args([
            "connection",
            "create",
            "files",
            "--connector",
            "files",
            "--scope",
            "files.read",
        ])
        .args(["--authorize", "--account", "alice", "--timeout", "60"])
        .write_stdin("")
        .assert()
        .success();
}

/// The entry of `status --json` for `link` in `env`.
fn entry<'a>(status: &'a Value, link: &str, env: &str) -> &'a Value {
    status["connections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["link_name"] == link && e["environment"] == env)
        .unwrap_or_else(|| panic!("no {link} in {env}: {status}"))
}

fn status_json(home: &Home, args: &[&str], code: i32) -> Value {
    let mut all = vec!["status", "--json"];
    all.extend(args);
    let out = home.run(&all).code(code);
    serde_json::from_str(&stdout(&out)).unwrap()
}

#[test]
fn status_exits_3_for_an_environment_that_is_not_connected_and_names_the_fix() {
    let home = Home::new().with_connector("weather.toml");
    home.run_with_key("k1", &create_wx("first")).success();
    let mut all = create_wx("shared");
    all[2] = "everywhere";
    let mut all = all.to_vec();
    all.push("--same-for-all-envs");
    home.run_with_key("k2", &all).success();

    // Development, the default environment, is connected everywhere.
    let out = home.run(&["status"]).success();
    let text = stdout(&out);
    assert!(text.starts_with("LINK"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("wx ") && l.contains("development") && l.contains("connected")),
        "{text}"
    );
    assert!(!text.contains('\x1b'), "no colour in a pipe");

    // Production: `wx` was authorized in development only.
    let out = home.run(&["status", "--env", "production"]).code(3);
    let err = stderr(&out);
    assert!(
        err.contains("`wx` in production is not-authorized"),
        "{err}"
    );
    assert!(
        err.contains("tether connection authorize wx --env production"),
        "{err}"
    );
    assert!(
        !err.contains("everywhere"),
        "a same-for-all connection is ready: {err}"
    );
    let text = stdout(&out);
    assert!(
        text.lines().any(|l| l.starts_with("wx ")
            && l.contains("production")
            && l.contains("not-authorized")),
        "the listing comes first: {text}"
    );
    // TETHER_ENV chooses as --env does.
    home.cmd()
        .env("TETHER_ENV", "prod")
        .args(["status"])
        .assert()
        .code(3);
    // Authorized there, all is well.
    home.run_with_key(
        "k1",
        &[
            "connection",
            "authorize",
            "wx",
            "--env",
            "production",
            "--account",
            "first",
        ],
    )
    .success();
    home.run(&["status", "--env", "production"]).success();
}

#[test]
fn status_json_is_one_document_with_every_checked_environment() {
    let home = Home::new().with_connector("weather.toml");
    home.run_with_key("k1", &create_wx("first")).success();
    let json = status_json(&home, &["--env", "prod", "--env", "dev"], 3);
    assert_eq!(
        json["checked_environments"],
        serde_json::json!(["production", "development"])
    );
    assert_eq!(json["ready"], false);
    let dev = entry(&json, "wx", "development");
    assert_eq!(dev["status"], "connected");
    assert_eq!(dev["account"], "first");
    assert_eq!(dev["checked"], true);
    assert_eq!(dev["connector"], "weather");
    assert!(
        dev["authorized_at"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z')),
        "{dev}"
    );
    for key in [
        "expires_at",
        "refresh_expires_at",
        "refreshed_at",
        "identity",
    ] {
        assert!(dev[key].is_null(), "{key} is unknown for a key: {dev}");
    }
    let prod = entry(&json, "wx", "production");
    assert_eq!(prod["status"], "not-authorized");
    assert!(
        prod["account"].is_null() && prod["granted_scopes"].is_null(),
        "{prod}"
    );
    // Without --env only development is checked, and stage, not authorized, is not listed.
    let json = status_json(&home, &[], 0);
    assert_eq!(json["ready"], true);
    assert_eq!(json["connections"].as_array().unwrap().len(), 1, "{json}");
}

#[test]
fn states_are_coloured_only_when_asked() {
    let home = Home::new().with_connector("weather.toml");
    home.run_with_key("k1", &create_wx("first")).success();
    let out = home.run(&["status", "--color", "always"]).success();
    assert!(
        stdout(&out).contains("\x1b[32mconnected\x1b[0m"),
        "{}",
        stdout(&out)
    );
    let out = home
        .run(&["status", "--env", "prod", "--color", "always"])
        .code(3);
    assert!(stdout(&out).contains("\x1b[31mnot-authorized\x1b[0m"));
    let out = home.run(&["status", "--color", "never"]).success();
    assert!(!stdout(&out).contains('\x1b'));
}

#[test]
fn a_bad_expiry_warning_window_is_a_usage_error() {
    let home = Home::new();
    let out = home
        .cmd()
        .env("TETHER_EXPIRY_WARNING", "soon")
        .arg("status")
        .assert()
        .code(2);
    assert!(
        stderr(&out).contains("TETHER_EXPIRY_WARNING"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_rejected_refresh_token_looks_dead_in_status_and_details() {
    let server = OidcServer::start_with(&[("OIDC_INITIAL_ACCESS_TOKEN_TTL", "2")]);
    let home = server.files_home("none", oidc::NATIVE_PUBLIC, None, 3600);
    create_files(&home);
    // A copied home presents a rotated-out refresh token, which the provider rejects.
    let saved = tree::snapshot(&home.state());
    until_due(2);
    home.run(&["token", "files"]).success();
    let refreshed = status_json(&home, &[], 0);
    let dev = entry(&refreshed, "files", "development");
    assert!(
        dev["refreshed_at"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z')),
        "{dev}"
    );
    assert_eq!(
        dev["requested_scopes"],
        serde_json::json!(["files.read", "offline_access"])
    );
    assert_eq!(dev["granted_scopes"], serde_json::json!(["files.read"]));
    assert_eq!(
        dev["missing_scopes"],
        serde_json::json!([]),
        "offline_access is never listed"
    );
    tree::restore(&home.state(), &saved);
    home.run(&["token", "files"]).code(3);

    let json = status_json(&home, &[], 3);
    let dev = entry(&json, "files", "development");
    assert_eq!(dev["status"], "needs-reauthorization");
    assert!(
        dev["expires_at"].is_null(),
        "no expiry for a dead grant: {dev}"
    );
    let out = home.run(&["status"]).code(3);
    assert!(
        stderr(&out)
            .contains("tether connection reauthorize files --env development --account alice"),
        "{}",
        stderr(&out)
    );

    let details = home.json(&["connection", "details", "files", "--json"]);
    let dev = &details["environments"]["development"];
    assert_eq!(dev["status"], "needs-reauthorization");
    assert!(dev["expires_at"].is_null(), "{dev}");
    let out = home.run(&["connection", "details", "files"]).success();
    let row = stdout(&out)
        .lines()
        .find(|l| l.trim_start().starts_with("development"))
        .unwrap()
        .to_owned();
    assert!(row.contains("needs-reauthorization"), "{row}");
    // When it was authorized ("just now"), and no expiry ("in 59 min" for a live token).
    assert!(row.contains("just now") && !row.contains(" in "), "{row}");
}

/// A `files` home whose provider says its refresh tokens expire in three days.
fn expiring_home(server: &OidcServer) -> Home {
    let home = server.files_home("none", oidc::NATIVE_PUBLIC, None, 10);
    create_files(&home);
    home
}

fn expiring_server() -> OidcServer {
    OidcServer::start_with(&[
        ("OIDC_SEND_REFRESH_TOKEN_EXPIRES_IN", "1"),
        ("OIDC_REFRESH_TOKEN_TTL", "259200"),
    ])
}

#[test]
fn a_refresh_token_near_its_expiry_is_expiring_and_warned_of_once_on_stderr() {
    let server = expiring_server();
    let home = expiring_home(&server);

    let out = home.run(&["status", "--json"]).success();
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let dev = entry(&json, "files", "development");
    assert_eq!(dev["status"], "expiring", "{dev}");
    assert!(
        dev["refresh_expires_at"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z'))
    );
    // Documents with the four documented states call it connected, with its expiry.
    let details = home.json(&["connection", "details", "files", "--json"]);
    let detailed = &details["environments"]["development"];
    assert_eq!(detailed["status"], "connected", "{detailed}");
    assert_eq!(detailed["refresh_expires_at"], dev["refresh_expires_at"]);
    let warned = stderr(&out);
    assert_eq!(warned.matches("warning:").count(), 1, "{warned}");
    assert!(
        warned.contains("the refresh token of account `alice`"),
        "{warned}"
    );
    assert!(
        warned.contains("expires in 2 days") || warned.contains("expires in 3 days"),
        "{warned}"
    );
    assert!(
        warned.contains("tether connection reauthorize files --env development --account alice"),
        "{warned}"
    );

    // `token`: the warning on stderr, the bare token alone on stdout; then not again today.
    let out = home.run(&["token", "files"]).success();
    let token = stdout(&out);
    assert_eq!(token.lines().count(), 1, "{token}");
    assert!(!token.contains("warning"), "{token}");
    assert_eq!(
        stderr(&out).matches("warning:").count(),
        1,
        "{}",
        stderr(&out)
    );
    let again = home.run(&["token", "files"]).success();
    assert_eq!(stderr(&again), "", "once a day");
    // `exec` warns too (its marker is the same: a fresh home's first run).
    let marker = std::fs::read_dir(home.state().join("cache"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("expiry-warned-")
        })
        .expect("a marker in the cache directory");
    std::fs::remove_file(marker).unwrap();
    let out = home.run(&["exec", "files", "--", "true"]).success();
    assert_eq!(stdout(&out), "");
    assert_eq!(
        stderr(&out).matches("warning:").count(),
        1,
        "{}",
        stderr(&out)
    );

    // A narrower window: not expiring, nothing said.
    let out = home
        .cmd()
        .env("TETHER_EXPIRY_WARNING", "1d")
        .args(["status", "--json"])
        .assert()
        .success();
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(entry(&json, "files", "development")["status"], "connected");
    assert_eq!(stderr(&out), "");
}

/// A `files` connector whose identity URL is `/api/user`.
fn with_identity(server: &OidcServer) -> Home {
    let home = server.files_home("none", oidc::NATIVE_PUBLIC, None, 10);
    let toml = server.connector_toml("files", "none")
        + "\n[identity]\nurl = \"{base_url}/api/user\"\nfield = \"/login\"\n";
    home.import_connector("files-identity.toml", &toml)
        .success();
    home
}

#[test]
fn connection_test_says_who_it_is_and_how_long_it_took() {
    let server = OidcServer::start();
    let home = with_identity(&server);
    create_files(&home);
    let out = home.run(&["connection", "test", "files"]).success();
    let text = stdout(&out);
    assert!(
        text.contains("`files` works in development as alice@example.com"),
        "{text}"
    );
    assert!(text.contains("HTTP 200") && text.contains(" ms"), "{text}");
    let json = home.json(&["connection", "test", "files", "--json"]);
    assert_eq!(json["ok"], true);
    assert_eq!(json["http_status"], 200);
    assert_eq!(json["login"], "alice@example.com");
    assert_eq!(json["target"], "identity");
    assert_eq!(json["environment"], "development");
    assert!(json["elapsed_ms"].is_u64(), "{json}");
    // Not authorized in production: nothing to test there.
    home.run(&["connection", "test", "files", "--env", "production"])
        .code(3);
}

#[test]
fn connection_test_of_a_refused_key_exits_3_and_names_reauthorize() {
    let server = OidcServer::start();
    let key = "not-a-known-key-77aa";
    let home = key_home(&server, "X-API-Key", "/keyed/user", "/user/email", key);
    let out = home.run(&["connection", "test", "k", "--json"]).code(3);
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        (json["ok"].clone(), json["http_status"].clone()),
        (Value::Bool(false), Value::from(401))
    );
    let err = stderr(&out);
    assert!(
        err.contains("tether connection reauthorize k --env development"),
        "{err}"
    );
    assert!(
        !err.contains(key) && !stdout(&out).contains(key),
        "the key is never shown"
    );

    // The right key works, and says whose it is.
    home.run_with_key(
        "alice-key-1",
        &[
            "connection",
            "reauthorize",
            "k",
            "--account",
            "me",
            "--param",
            "api_key=env:KEY",
        ],
    )
    .success();
    let out = home.run(&["connection", "test", "k"]).success();
    assert!(
        stdout(&out).contains("as alice@example.com"),
        "{}",
        stdout(&out)
    );
    // Each test is in the audit log, with how it ended.
    let log = home.json(&["log", "--link", "k", "--json"]);
    let tests: Vec<(Value, Value)> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["command"] == "connection test")
        .map(|e| (e["outcome"].clone(), e["exit"].clone()))
        .collect();
    assert_eq!(
        tests,
        [
            (Value::from("error"), Value::from(3)),
            (Value::from("ok"), Value::Null)
        ],
        "{log}"
    );
}

#[test]
fn connection_test_refused_with_403_exits_3() {
    let server = OidcServer::start();
    // The service wants a second key this connector does not send: 403.
    let home = key_home(
        &server,
        "DD-API-KEY",
        "/keys/me",
        "/valid",
        "test-api-key-1",
    );
    let out = home.run(&["connection", "test", "k", "--json"]).code(3);
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["http_status"], 403, "{json}");
    assert_eq!(json["ok"], false, "{json}");
}

#[test]
fn connection_test_of_an_unreachable_service_exits_5() {
    let home = Home::new();
    // Port 1 on the loopback: nothing listens, the connection is refused at once.
    let toml = "id = \"gone\"\nname = \"Gone\"\nauth = \"api-key\"\nbase_url = \"http://127.0.0.1:1\"\n\n\
         [[params]]\nname = \"api_key\"\nlabel = \"Key\"\nsecret = true\n\n\
         [api_key]\nplacement = \"header\"\nname = \"X-API-Key\"\nvalue = \"{api_key}\"\n";
    home.import_connector("gone.toml", toml).success();
    home.run_with_key(
        "k",
        &[
            "connection",
            "create",
            "g",
            "--connector",
            "gone",
            "--authorize",
            "--account",
            "me",
            "--param",
            "api_key=env:KEY",
        ],
    )
    .success();
    let out = home.run(&["connection", "test", "g"]).code(5);
    assert!(stderr(&out).contains("127.0.0.1:1"), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
}

#[test]
fn connection_test_of_a_failing_service_exits_5() {
    let server = OidcServer::start();
    let home = Home::new();
    let toml = format!(
        "id = \"failing\"\nname = \"Failing\"\nauth = \"api-key\"\n\
         base_url = \"{}/failing/503\"\n\n\
         [[params]]\nname = \"api_key\"\nlabel = \"Key\"\nsecret = true\n\n\
         [api_key]\nplacement = \"header\"\nname = \"X-API-Key\"\nvalue = \"{{api_key}}\"\n",
        server.issuer
    );
    home.import_connector("failing.toml", &toml).success();
    home.run_with_key(
        "k-503",
        &[
            "connection",
            "create",
            "f",
            "--connector",
            "failing",
            "--authorize",
            "--account",
            "me",
            "--param",
            "api_key=env:KEY",
        ],
    )
    .success();
    let out = home.run(&["connection", "test", "f", "--json"]).code(5);
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        (json["ok"].clone(), json["http_status"].clone()),
        (Value::Bool(false), Value::from(503))
    );
    assert!(!stderr(&out).contains("k-503"), "{}", stderr(&out));
}

#[test]
fn a_key_given_an_expiry_is_expiring_then_expired_and_warned_of() {
    let home = Home::new().with_connector("weather.toml");
    let mut create = create_wx("ops").to_vec();
    create.extend(["--expires", "3d"]);
    home.run_with_key("k-1", &create).success();

    let out = home.run(&["status", "--json"]).success();
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let dev = entry(&json, "wx", "development");
    assert_eq!(dev["status"], "expiring", "{dev}");
    let expires_at = dev["expires_at"].as_str().expect("the key's expiry");
    let warned = stderr(&out);
    assert!(
        warned.contains("the key of account `ops` (`wx` in development) expires in 2 days")
            || warned.contains("expires in 3 days"),
        "{warned}"
    );
    assert!(
        warned.contains(
            "tether connection reauthorize wx --env development --account ops` with a new key"
        ),
        "{warned}"
    );
    let details = home.json(&["connection", "details", "wx", "--json"]);
    assert_eq!(
        details["environments"]["development"]["expires_at"],
        expires_at
    );

    // The credential commands warn on stderr, stdout keeps the bare key.
    for args in [&["exec", "wx", "--", "true"][..], &["token", "wx"]] {
        let marker = home.state().join("cache");
        for entry in std::fs::read_dir(&marker).unwrap() {
            let path = entry.unwrap().path();
            if path
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("expiry-warned-")
            {
                std::fs::remove_file(path).unwrap();
            }
        }
        let out = home.run(args).success();
        assert!(!stdout(&out).contains("warning"), "{}", stdout(&out));
        assert!(
            stderr(&out).contains("the key of account `ops`"),
            "{}",
            stderr(&out)
        );
    }

    // Reauthorized with a key dated in the past: refused, nothing changed.
    let reauthorize = [
        "connection",
        "reauthorize",
        "wx",
        "--account",
        "ops",
        "--param",
        "api_key=env:KEY",
    ];
    let mut dated = reauthorize.to_vec();
    dated.extend(["--expires", "2020-01-01"]);
    let out = home.run_with_key("k-2", &dated).code(2);
    assert!(
        stderr(&out).contains("--expires 2020-01-01T00:00:00Z is in the past"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&home.run(&["token", "wx"]).success()), "k-1\n");

    // A key that has expired is `expired`, and status says what to do.
    set_key_expiry(&home, "2021-01-01T00:00:00Z");
    let json = status_json(&home, &[], 3);
    assert_eq!(entry(&json, "wx", "development")["status"], "expired");

    // A key stored without --expires has no known expiry.
    home.run_with_key("k-3", &reauthorize).success();
    let json = status_json(&home, &[], 0);
    let dev = entry(&json, "wx", "development");
    assert_eq!(dev["status"], "connected", "{dev}");
    assert!(dev["expires_at"].is_null(), "{dev}");
}

/// Sets the key expiry of the home's one account to `at`, as an editor would.
fn set_key_expiry(home: &Home, at: &str) {
    let account_file = std::fs::read_dir(home.state().join("accounts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .next()
        .unwrap();
    // Replaced by rename, as an editor saves: the listing caches see it at once.
    let text = std::fs::read_to_string(&account_file).unwrap();
    let edited = account_file.with_extension("edited");
    let dated: String = text
        .lines()
        .map(|line| {
            if line.starts_with("key_expires_at") {
                format!("key_expires_at = \"{at}\"\n")
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    assert_ne!(dated, text, "{text}");
    std::fs::write(&edited, dated).unwrap();
    std::fs::rename(&edited, &account_file).unwrap();
}

/// A home whose connection `k` (account `me`) sends `key` in the header `header` to the
/// server, with the identity read from `identity_url` at the JSON pointer `field`.
fn key_home(server: &OidcServer, header: &str, identity_url: &str, field: &str, key: &str) -> Home {
    let home = Home::new();
    let toml = format!(
        "id = \"keyed\"\nname = \"Keyed\"\nauth = \"api-key\"\nbase_url = \"{}\"\n\n\
         [[params]]\nname = \"api_key\"\nlabel = \"Key\"\nsecret = true\n\n\
         [api_key]\nplacement = \"header\"\nname = \"{header}\"\nvalue = \"{{api_key}}\"\n\n\
         [identity]\nurl = \"{identity_url}\"\nfield = \"{field}\"\n",
        server.issuer
    );
    home.import_connector("keyed.toml", &toml).success();
    let create = [
        "connection",
        "create",
        "k",
        "--connector",
        "keyed",
        "--authorize",
        "--account",
        "me",
        "--param",
        "api_key=env:KEY",
    ];
    home.run_with_key(key, &create).success();
    home
}
