//! Connections with Basic and API-key auth, end to end through the real binary.

use crate::common::{Home, stderr, stdout, tree};
use predicates::prelude::*;

const KEY: &str = "wx-Secret-4f9d2c";

/// `connection create wx --connector weather --authorize --param api_key=env:KEY EXTRA…`.
fn create_wx(home: &Home, extra: &[&str]) -> assert_cmd::assert::Assert {
    home.cmd()
        .env("KEY", KEY)
        .args([
            "connection",
            "create",
            "wx",
            "--connector",
            "weather",
            "--authorize",
        ])
        .args(["--param", "api_key=env:KEY"])
        .args(extra)
        .write_stdin("")
        .assert()
}

fn home() -> Home {
    Home::with_fixtures()
}

#[test]
fn newcomer_path_without_prompts() {
    let home = home();
    home.cmd()
        .env("KEY", KEY)
        .args([
            "connection",
            "create",
            "wx",
            "--connector",
            "weather",
            "--authorize",
        ])
        .args(["--account", "me", "--param", "api_key=env:KEY"])
        .write_stdin("")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "authorized `wx` in development as account `me`",
        ));

    home.run(&["token", "wx"])
        .success()
        .stdout(format!("{KEY}\n"));

    let json = home.json(&["connection", "details", "wx", "--json"]);
    assert_eq!(json["link_name"], "wx");
    assert_eq!(json["display_name"], "wx");
    assert_eq!(json["connector"], "weather");
    assert_eq!(json["auth"], "api-key");
    assert_eq!(json["same_for_all_environments"], false);
    assert_eq!(json["scopes"], serde_json::json!([]));
    assert_eq!(json["access"], serde_json::json!([]));
    let dev = &json["environments"]["development"];
    assert_eq!(dev["account"], "me");
    assert_eq!(dev["status"], "connected");
    assert!(dev["authorized_by"].as_str().unwrap().contains('@'));
    let at = dev["authorized_at"].as_str().unwrap();
    assert!(
        time::OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339).is_ok()
            && at.ends_with('Z'),
        "authorized_at is RFC 3339 UTC: {at}"
    );
    for env in ["stage", "production"] {
        let e = &json["environments"][env];
        assert_eq!(e["status"], "not-authorized");
        assert!(
            e["account"].is_null() && e["authorized_by"].is_null() && e["authorized_at"].is_null()
        );
        assert!(e["expires_at"].is_null() && e["granted_scopes"].is_null());
    }

    let status = home.run(&["vault", "status", "--json"]).success();
    assert!(
        stdout(&status).contains("env"),
        "vault status names the key source: {}",
        stdout(&status)
    );
}

#[test]
fn another_environment_is_not_authorized() {
    let home = home();
    create_wx(&home, &["--account", "me"]).success();
    let out = home.run(&["token", "wx", "--env", "prod"]).code(3);
    assert!(
        stderr(&out).contains("tether connection authorize wx --env production --account NAME"),
        "{}",
        stderr(&out)
    );
    home.cmd()
        .env("TETHER_ENV", "production")
        .args(["token", "wx"])
        .assert()
        .code(3);
}

#[test]
fn basic_connector_header_and_missing_password() {
    let home = home();
    home.run(&[
        "connection",
        "create",
        "jira",
        "--connector",
        "tracker",
        "--param",
        "site=acme",
    ])
    .success();
    let out = home
        .run(&[
            "--no-input",
            "connection",
            "authorize",
            "jira",
            "--account",
            "me",
            "--param",
            "email=a@b.example",
        ])
        .code(2);
    assert!(
        stderr(&out).contains("--param password=…"),
        "{}",
        stderr(&out)
    );
    home.cmd()
        .args(["connection", "authorize", "jira", "--account", "me"])
        .args(["--param", "email=a@b.example", "--param", "password=@-"])
        .write_stdin("pa:ss\n")
        .assert()
        .success();
    // base64("a@b.example:pa:ss")
    home.run(&["header", "jira"])
        .success()
        .stdout("Authorization: Basic YUBiLmV4YW1wbGU6cGE6c3M=\n");
    home.run(&["token", "jira"]).success().stdout("pa:ss\n");
}

#[test]
fn api_key_in_a_header_template() {
    let home = home();
    home.cmd()
        .args([
            "connection",
            "create",
            "n",
            "--connector",
            "notes",
            "--authorize",
            "--account",
            "me",
        ])
        .args(["--param", "token=@-"])
        .write_stdin("tok-123")
        .assert()
        .success();
    home.run(&["header", "n"])
        .success()
        .stdout("Authorization: Bearer tok-123\n");
    home.run(&["token", "n"]).success().stdout("tok-123\n");
}

#[test]
fn a_query_key_has_no_header() {
    let home = home();
    create_wx(&home, &["--account", "me"]).success();
    let out = home.run(&["header", "wx"]).code(2);
    assert!(stderr(&out).contains("query parameter `appid`"));
}

#[test]
fn invalid_link_names_are_refused() {
    let home = home();
    for link in ["a/b", "..", "a b", "Wx", "a_b", ""] {
        let out = home
            .run(&["connection", "create", link, "--connector", "weather"])
            .code(2);
        assert!(
            stderr(&out).contains("link name"),
            "{link}: {}",
            stderr(&out)
        );
    }
    assert!(
        !home.state().join("connections").exists()
            || std::fs::read_dir(home.state().join("connections"))
                .unwrap()
                .count()
                == 0
    );
}

#[test]
fn unknown_names_suggest_the_closest() {
    let home = home();
    home.run(&[
        "connection",
        "create",
        "weather-1",
        "--connector",
        "weather",
    ])
    .success();
    let out = home.run(&["token", "weather-2"]).code(2);
    assert!(
        stderr(&out).contains("did you mean `weather-1`"),
        "{}",
        stderr(&out)
    );
    let out = home
        .run(&["connection", "create", "x", "--connector", "weathr"])
        .code(2);
    assert!(
        stderr(&out).contains("did you mean `weather`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn failed_create_and_authorize_leaves_nothing_behind() {
    let home = home();
    home.run(&[
        "--no-input",
        "connection",
        "create",
        "wx",
        "--connector",
        "weather",
        "--authorize",
        "--account",
        "me",
    ])
    .code(2)
    .stderr(predicate::str::contains("--param api_key=…"));
    home.run(&["connection", "details", "wx"]).code(2);
    // The same command with the value now succeeds.
    create_wx(&home, &["--account", "me"]).success();
}

#[test]
fn authorization_flags_without_authorize_are_refused_not_ignored() {
    let home = home();
    let out = home
        .run(&[
            "connection",
            "create",
            "wx",
            "--connector",
            "weather",
            "--account",
            "me",
        ])
        .code(2);
    assert!(stderr(&out).contains("--account applies to the authorization"));
    assert!(stderr(&out).contains("add --authorize"));
    home.run(&["connection", "details", "wx"]).code(2);
}

#[test]
fn applications_need_access() {
    let home = home();
    create_wx(&home, &["--access", "billing", "--account", "me"]).success();
    home.run(&["token", "wx", "--app", "billing"])
        .success()
        .stdout(format!("{KEY}\n"));
    let out = home.run(&["token", "wx", "--app", "reports"]).code(6);
    assert!(stderr(&out).contains("tether connection access wx --enable reports"));
    home.cmd()
        .env("TETHER_APP", "reports")
        .args(["header", "wx"])
        .assert()
        .code(6);
}

#[test]
fn an_account_with_the_same_configuration_is_reused() {
    let home = home();
    create_wx(&home, &["--account", "me"]).success();
    // No credential input at all: the account is mapped.
    home.run(&[
        "connection",
        "create",
        "wx2",
        "--connector",
        "weather",
        "--authorize",
        "--account",
        "me",
    ])
    .success()
    .stderr(predicate::str::contains("reusing account `me`"));
    home.run(&["token", "wx2"])
        .success()
        .stdout(format!("{KEY}\n"));
    // The same name may stand for an account of another service: that is a second account.
    home.run(&[
        "connection",
        "create",
        "j",
        "--connector",
        "tracker",
        "--param",
        "site=acme",
    ])
    .success();
    let args = [
        "connection",
        "authorize",
        "j",
        "--account",
        "me",
        "--param",
        "email=x@y.example",
        "--param",
        "password=p",
    ];
    home.run(&args).success();
    home.run(&["token", "j"]).success().stdout("p\n");
    home.run(&["token", "wx"])
        .success()
        .stdout(format!("{KEY}\n"));
    // Which `me` a rename means must then be said by where it is used.
    let out = home.run(&["account", "rename", "me", "you"]).code(2);
    assert!(stderr(&out).contains("LINK@ENV"), "{}", stderr(&out));
    home.run(&["account", "rename", "j@development", "tracker-me"])
        .success();
    // Reusing an account of another configuration is refused, with what differs.
    home.run(&[
        "connection",
        "create",
        "j2",
        "--connector",
        "tracker",
        "--param",
        "site=other",
    ])
    .success();
    let out = home
        .run(&["connection", "reuse", "j2", "--account", "tracker-me"])
        .code(2);
    assert!(
        stderr(&out).contains("param `site`: acme vs other"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn unnamed_accounts_are_listed_by_link_and_environment() {
    let home = home();
    create_wx(&home, &[]).success();
    let json = home.json(&["account", "list", "--json"]);
    assert_eq!(json[0]["name"], "wx@development");
    assert_eq!(json[0]["named"], false);
    assert_eq!(json[0]["used_by"][0]["link_name"], "wx");
}

#[test]
fn a_secret_from_stdin_never_leaks() {
    let home = home();
    let secret = "Zx9-unique-secret-value-71";
    home.cmd()
        .args([
            "-vvv",
            "connection",
            "create",
            "n",
            "--connector",
            "notes",
            "--authorize",
            "--account",
            "me",
        ])
        .args(["--param", "token=@-"])
        .write_stdin(secret)
        .assert()
        .success()
        .stdout(predicate::str::contains(secret).not())
        .stderr(predicate::str::contains(secret).not());
    for args in [
        vec!["-vvv", "connection", "details", "n"],
        vec!["-vvv", "connection", "details", "n", "--json"],
        vec!["-vvv", "connection", "list", "--json"],
        vec!["-vvv", "account", "list", "--json"],
        vec!["-vvv", "vault", "status", "--json"],
        vec!["-vvv", "connector", "show", "notes", "--json"],
    ] {
        home.run(&args)
            .success()
            .stdout(predicate::str::contains(secret).not())
            .stderr(predicate::str::contains(secret).not());
    }
    let files = home.files_outside_vault();
    assert!(!files.is_empty());
    for (path, bytes) in files {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(secret),
            "{} holds the secret",
            path.display()
        );
    }
    // And the vault holds it sealed, not in clear.
    for (path, bytes) in tree::snapshot(&home.state().join("vault")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(secret), "{}", path.display());
    }
    home.run(&["token", "n"])
        .success()
        .stdout(format!("{secret}\n"));
}

#[test]
fn delete_removes_the_connection_and_unused_secrets() {
    let home = home();
    create_wx(&home, &[]).success();
    home.run(&["connection", "delete", "wx", "--yes"])
        .success()
        .stderr(predicate::str::contains(
            "account `wx@development` is no longer used; its secrets were removed from the vault",
        ));
    home.run(&["token", "wx"]).code(2);
    let out = home.run(&["account", "list", "--json"]).success();
    assert_eq!(stdout(&out).trim(), "[]");
}

#[test]
fn missing_connector_without_a_terminal_names_the_flag() {
    let home = home();
    let out = home.run(&["connection", "create", "wx"]).code(2);
    assert!(stderr(&out).contains("--connector ID"), "{}", stderr(&out));
    home.cmd()
        .env("CI", "true")
        .args(["connection", "create", "wx"])
        .assert()
        .code(2);
}

#[test]
fn a_home_that_is_not_a_directory_is_exit_1_with_a_hint() {
    let home = Home::new();
    let file = home.write("not-a-dir", "");
    let out = home
        .run(&["--home", file.to_str().unwrap(), "connection", "list"])
        .code(1);
    assert!(
        stderr(&out).contains("hint: check that the path"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_param_with_choices_takes_only_one_of_them() {
    let home = Home::new().with_connector("regional.toml");
    let refused = home
        .run(&[
            "connection",
            "create",
            "r",
            "--connector",
            "regional",
            "--param",
            "dc=de",
        ])
        .code(2);
    assert_eq!(
        stderr(&refused),
        "error: `de` is not a choice of `dc`\n  hint: pass --param dc=CHOICE with one of: com, eu, in\n"
    );
    let refused = home
        .run_with_key(
            "k",
            &[
                "connection",
                "create",
                "r",
                "--connector",
                "regional",
                "--authorize",
                "--param",
                "plan=gold",
                "--param",
                "api_key=env:KEY",
            ],
        )
        .code(2);
    assert!(
        stderr(&refused).contains("`gold` is not a choice of `plan`"),
        "{}",
        stderr(&refused)
    );
    let listed = home.json(&["connection", "list", "--json"]);
    assert_eq!(listed, serde_json::json!([]), "nothing was kept: {listed}");

    home.run_with_key(
        "k",
        &[
            "connection",
            "create",
            "r",
            "--connector",
            "regional",
            "--authorize",
            "--param",
            "plan=pro",
            "--param",
            "api_key=env:KEY",
        ],
    )
    .success();
    let details = home.json(&["connection", "details", "r", "--json"]);
    assert_eq!(details["params"]["dc"], "com", "the default choice");
    let exported = home
        .run(&["exec", "r", "--", "sh", "-c", "echo $REGIONAL_PLAN"])
        .success();
    assert_eq!(stdout(&exported), "pro\n");
}
