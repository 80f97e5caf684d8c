//! Environments and authorized accounts (per-environment authorization, same-for-all, reuse,
//! reauthorize, access lists, details), through the real binary.

use crate::common::oidc::{self, OidcServer};
use crate::common::{Home, stderr, stdout};
use predicates::prelude::*;

fn home() -> Home {
    Home::with_fixtures()
}

/// `tether ARGS` with `token=@-` fed `secret` on stdin.
fn with_secret(home: &Home, args: &[&str], secret: &str) -> assert_cmd::assert::Assert {
    home.cmd()
        .args(args)
        .args(["--param", "token=@-"])
        .write_stdin(secret)
        .assert()
}

#[test]
fn two_environments_with_two_accounts_give_two_tokens() {
    let home = home();
    home.run(&["connection", "create", "deploy", "--connector", "notes"])
        .success();
    with_secret(
        &home,
        &[
            "connection",
            "authorize",
            "deploy",
            "--env",
            "dev",
            "--account",
            "alice",
        ],
        "dev-token",
    )
    .success();
    with_secret(
        &home,
        &[
            "connection",
            "authorize",
            "deploy",
            "--env",
            "prod",
            "--account",
            "ci-bot",
        ],
        "prod-token",
    )
    .success();
    home.run(&["token", "deploy"])
        .success()
        .stdout("dev-token\n");
    home.run(&["token", "deploy", "--env", "production"])
        .success()
        .stdout("prod-token\n");
    let out = home.run(&["token", "deploy", "--env", "stage"]).code(3);
    assert!(stderr(&out).contains("tether connection authorize deploy --env stage --account NAME"));
    // An environment already authorized is not silently switched.
    let out = with_secret(
        &home,
        &[
            "connection",
            "authorize",
            "deploy",
            "--env",
            "prod",
            "--account",
            "x",
        ],
        "t",
    )
    .code(2);
    assert!(
        stderr(&out)
            .contains("tether connection reauthorize deploy --env production --account NAME")
    );
}

#[test]
fn several_environments_at_once_and_all_envs() {
    let home = home();
    home.run(&["connection", "create", "a", "--connector", "notes"])
        .success();
    with_secret(
        &home,
        &[
            "connection",
            "authorize",
            "a",
            "--env",
            "dev",
            "--env",
            "stage",
            "--account",
            "me",
        ],
        "t1",
    )
    .success();
    let details = home.json(&["connection", "details", "a", "--json"]);
    assert_eq!(details["environments"]["development"]["account"], "me");
    assert_eq!(details["environments"]["stage"]["account"], "me");
    assert_eq!(
        details["environments"]["production"]["status"],
        "not-authorized"
    );

    home.run(&["connection", "create", "b", "--connector", "notes"])
        .success();
    with_secret(
        &home,
        &[
            "connection",
            "authorize",
            "b",
            "--all-envs",
            "--account",
            "me-too",
        ],
        "t2",
    )
    .success();
    for env in ["dev", "stage", "prod"] {
        home.run(&["token", "b", "--env", env])
            .success()
            .stdout("t2\n");
    }
}

#[test]
fn same_for_all_serves_every_environment_from_one_authorization() {
    let home = home();
    home.run(&[
        "connection",
        "create",
        "s",
        "--connector",
        "notes",
        "--same-for-all-envs",
    ])
    .success();
    // Authorizing "one" environment authorizes all: they are locked together.
    with_secret(
        &home,
        &[
            "connection",
            "authorize",
            "s",
            "--env",
            "stage",
            "--account",
            "shared",
        ],
        "one",
    )
    .success();
    for env in ["development", "stage", "production"] {
        home.run(&["token", "s", "--env", env])
            .success()
            .stdout("one\n");
    }
    let details = home.json(&["connection", "details", "s", "--json"]);
    assert_eq!(details["same_for_all_environments"], true);
    let human = stdout(&home.run(&["connection", "details", "s"]).success());
    assert!(human.contains("same authorization for all"), "{human}");
    // Reauthorizing one environment switches all of them.
    with_secret(
        &home,
        &[
            "connection",
            "reauthorize",
            "s",
            "--env",
            "dev",
            "--account",
            "shared-2",
        ],
        "two",
    )
    .success();
    home.run(&["token", "s", "--env", "prod"])
        .success()
        .stdout("two\n");
}

#[test]
fn same_for_all_can_be_turned_on_and_off() {
    let home = home();
    home.run(&["connection", "create", "t", "--connector", "notes"])
        .success();
    with_secret(
        &home,
        &[
            "connection",
            "authorize",
            "t",
            "--env",
            "dev",
            "--account",
            "a1",
        ],
        "dev",
    )
    .success();
    with_secret(
        &home,
        &[
            "connection",
            "authorize",
            "t",
            "--env",
            "prod",
            "--account",
            "a2",
        ],
        "prod",
    )
    .success();
    let out = home.run(&["connection", "same-for-all", "t", "on"]).code(2);
    assert!(
        stderr(&out).contains("different accounts"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("--from ENV"));
    home.run(&["connection", "same-for-all", "t", "on", "--from", "prod"])
        .success()
        .stderr(predicate::str::contains(
            "account `a2` now serves every environment",
        ));
    home.run(&["token", "t", "--env", "dev"])
        .success()
        .stdout("prod\n");
    home.run(&["token", "t", "--env", "stage"])
        .success()
        .stdout("prod\n");
    home.run(&["connection", "same-for-all", "t", "off"])
        .success()
        .stderr(predicate::str::contains(
            "each environment keeps its account",
        ));
    let details = home.json(&["connection", "details", "t", "--json"]);
    assert_eq!(details["same_for_all_environments"], false);
    assert_eq!(details["environments"]["stage"]["account"], "a2");
}

#[test]
fn reuse_maps_an_account_without_credentials() {
    let home = home();
    home.run(&["connection", "create", "one", "--connector", "notes"])
        .success();
    with_secret(
        &home,
        &["connection", "authorize", "one", "--account", "ci-bot"],
        "bot-secret",
    )
    .success();
    home.run(&["connection", "create", "two", "--connector", "notes"])
        .success();
    // stdin is empty: nothing is read, nothing asked.
    home.run(&[
        "connection",
        "reuse",
        "two",
        "--account",
        "ci-bot",
        "--env",
        "prod",
    ])
    .success()
    .stderr(predicate::str::contains("reusing account `ci-bot`"));
    home.run(&["token", "two", "--env", "prod"])
        .success()
        .stdout("bot-secret\n");
    let accounts = home.json(&["account", "list", "--json"]);
    let used: Vec<String> = accounts[0]["used_by"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            format!(
                "{}@{}",
                u["link_name"].as_str().unwrap(),
                u["environment"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(used, ["one@development", "two@production"]);
}

#[test]
fn reuse_of_a_different_configuration_is_refused_with_what_differs() {
    let home = home();
    home.run(&[
        "connection",
        "create",
        "j1",
        "--connector",
        "tracker",
        "--param",
        "site=acme",
    ])
    .success();
    home.run(&[
        "connection",
        "authorize",
        "j1",
        "--account",
        "me",
        "--param",
        "email=a@b.example",
        "--param",
        "password=p",
    ])
    .success();
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
        .run(&["connection", "reuse", "j2", "--account", "me"])
        .code(2);
    assert!(
        stderr(&out).contains("param `site`: acme vs other"),
        "{}",
        stderr(&out)
    );
    home.run(&["connection", "create", "n", "--connector", "notes"])
        .success();
    let out = home
        .run(&["connection", "reuse", "n", "--account", "me"])
        .code(2);
    assert!(
        stderr(&out).contains("connector `tracker` vs `notes`"),
        "{}",
        stderr(&out)
    );
    let out = home
        .run(&["connection", "reuse", "n", "--account", "nobody"])
        .code(2);
    assert!(stderr(&out).contains("no account named `nobody`"));
}

#[test]
fn an_unnamed_account_must_be_named_before_reuse() {
    let home = home();
    home.run(&["connection", "create", "one", "--connector", "notes"])
        .success();
    with_secret(&home, &["connection", "authorize", "one"], "anon").success();
    home.run(&["connection", "create", "two", "--connector", "notes"])
        .success();
    let out = home
        .run(&["connection", "reuse", "two", "--account", "one@development"])
        .code(2);
    assert!(
        stderr(&out).contains("--name-account NEW"),
        "{}",
        stderr(&out)
    );
    home.run(&[
        "connection",
        "reuse",
        "two",
        "--account",
        "one@development",
        "--name-account",
        "team",
    ])
    .success();
    home.run(&["token", "two"]).success().stdout("anon\n");
    let accounts = home.json(&["account", "list", "--json"]);
    assert_eq!(accounts[0]["name"], "team");
    assert_eq!(accounts[0]["named"], true);
}

#[test]
fn account_rename_names_an_unnamed_account() {
    let home = home();
    home.run(&["connection", "create", "one", "--connector", "notes"])
        .success();
    with_secret(
        &home,
        &["connection", "authorize", "one", "--env", "stage"],
        "anon",
    )
    .success();
    home.run(&["account", "rename", "one@stage", "ops"])
        .success();
    let details = home.json(&["connection", "details", "one", "--json"]);
    assert_eq!(details["environments"]["stage"]["account"], "ops");
    home.run(&["connection", "create", "x", "--connector", "notes"])
        .success();
    with_secret(
        &home,
        &["connection", "authorize", "x", "--account", "dev-ops"],
        "z",
    )
    .success();
    let out = home.run(&["account", "rename", "ops", "dev-ops"]).code(2);
    assert!(stderr(&out).contains("already authorizes the same configuration"));
    home.run(&["account", "rename", "ops", "Bad Name"]).code(2);
}

#[test]
fn reauthorize_switches_the_account_and_drops_the_old_secrets() {
    let home = home();
    home.run(&["connection", "create", "deploy", "--connector", "notes"])
        .success();
    with_secret(
        &home,
        &[
            "connection",
            "authorize",
            "deploy",
            "--env",
            "prod",
            "--account",
            "ci-bot",
        ],
        "old",
    )
    .success();
    with_secret(
        &home,
        &[
            "connection",
            "reauthorize",
            "deploy",
            "--env",
            "prod",
            "--account",
            "ci-bot-2",
        ],
        "new",
    )
    .success()
    .stderr(predicate::str::contains(
        "account `ci-bot` is no longer used",
    ));
    home.run(&["token", "deploy", "--env", "prod"])
        .success()
        .stdout("new\n");
    let details = home.json(&["connection", "details", "deploy", "--json"]);
    assert_eq!(details["environments"]["production"]["account"], "ci-bot-2");
    // Without --account there is nothing to prompt with here.
    let out = home
        .run(&["connection", "reauthorize", "deploy", "--env", "prod"])
        .code(2);
    assert!(stderr(&out).contains("--account NAME"));
}

#[test]
fn reauthorize_keeps_an_account_that_still_serves_elsewhere() {
    let home = home();
    for link in ["a", "b"] {
        home.run(&["connection", "create", link, "--connector", "notes"])
            .success();
    }
    with_secret(
        &home,
        &["connection", "authorize", "a", "--account", "shared"],
        "s",
    )
    .success();
    home.run(&["connection", "reuse", "b", "--account", "shared"])
        .success();
    with_secret(
        &home,
        &["connection", "reauthorize", "a", "--account", "own"],
        "o",
    )
    .success()
    .stderr(predicate::str::contains("no longer used").not())
    .stderr(predicate::str::contains(
        "account `shared` still backs b@development; kept",
    ));
    home.run(&["token", "b"]).success().stdout("s\n");
    home.run(&["token", "a"]).success().stdout("o\n");
}

#[test]
fn a_released_account_is_authorized_again_not_reused() {
    let home = home();
    for link in ["a", "b"] {
        home.run(&["connection", "create", link, "--connector", "notes"])
            .success();
    }
    with_secret(
        &home,
        &["connection", "authorize", "a", "--account", "alice"],
        "first",
    )
    .success();
    home.run(&["connection", "delete", "a", "--yes"])
        .success()
        .stderr(predicate::str::contains(
            "account `alice` is no longer used",
        ));
    let accounts = home.json(&["account", "list", "--json"]);
    assert_eq!(accounts[0]["name"], "alice");
    assert_eq!(accounts[0]["status"], "not-authorized");
    // Its secrets are gone: mapping it as it is would leave `b` with nothing to hand out.
    let out = home
        .run(&["connection", "reuse", "b", "--account", "alice"])
        .code(2);
    assert!(
        stderr(&out).contains("tether connection authorize b --account alice"),
        "{}",
        stderr(&out)
    );
    let details = home.json(&["connection", "details", "b", "--json"]);
    assert_eq!(
        details["environments"]["development"]["status"],
        "not-authorized"
    );
    // `--account alice` authorizes it again, so the credentials are asked for.
    let out = home
        .run(&["connection", "authorize", "b", "--account", "alice"])
        .code(2);
    assert!(stderr(&out).contains("--param token="), "{}", stderr(&out));
    with_secret(
        &home,
        &["connection", "authorize", "b", "--account", "alice"],
        "second",
    )
    .success();
    home.run(&["token", "b"]).success().stdout("second\n");
    let accounts = home.json(&["account", "list", "--json"]);
    assert_eq!(accounts[0]["status"], "connected");
    assert_eq!(accounts.as_array().unwrap().len(), 1);
}

#[test]
fn deleting_a_connection_whose_record_is_corrupt_still_removes_it() {
    let home = home();
    home.run(&["connection", "create", "a", "--connector", "notes"])
        .success();
    with_secret(
        &home,
        &["connection", "authorize", "a", "--account", "alice"],
        "s",
    )
    .success();
    let records: Vec<_> = std::fs::read_dir(home.state().join("vault"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .flat_map(|d| std::fs::read_dir(d.path()).unwrap().flatten())
        .map(|e| e.path())
        .collect();
    let [record] = records.as_slice() else {
        panic!("one record: {records:?}")
    };
    let mut bytes = std::fs::read(record).unwrap();
    *bytes.last_mut().unwrap() ^= 1;
    std::fs::write(record, bytes).unwrap();
    home.run(&["token", "a"]).code(4);
    let out = home.run(&["connection", "delete", "a", "--yes"]).success();
    assert!(
        stderr(&out).contains("could not be read"),
        "{}",
        stderr(&out)
    );
    assert!(!record.exists());
    home.run(&["connection", "details", "a"]).code(2);
    let accounts = home.json(&["account", "list", "--json"]);
    assert_eq!(accounts[0]["status"], "not-authorized");
}

#[test]
fn details_json_matches_the_spec_field_by_field() {
    let home = home();
    home.run(&[
        "connection",
        "create",
        "d",
        "--connector",
        "notes",
        "--display-name",
        "Deploy notes",
        "--access",
        "ci",
    ])
    .success();
    with_secret(
        &home,
        &[
            "connection",
            "authorize",
            "d",
            "--env",
            "prod",
            "--account",
            "ops",
        ],
        "x",
    )
    .success();
    let details = home.json(&["connection", "details", "d", "--json"]);
    for key in [
        "link_name",
        "display_name",
        "connector",
        "auth",
        "scopes",
        "same_for_all_environments",
        "access",
        "environments",
    ] {
        assert!(details.get(key).is_some(), "missing {key}");
    }
    assert_eq!(details["display_name"], "Deploy notes");
    assert_eq!(details["access"], serde_json::json!(["ci"]));
    let envs = details["environments"].as_object().unwrap();
    assert_eq!(
        envs.keys().collect::<Vec<_>>(),
        ["development", "production", "stage"]
    );
    let prod = &details["environments"]["production"];
    assert_eq!(prod["account"], "ops");
    assert_eq!(prod["status"], "connected");
    let by = prod["authorized_by"].as_str().unwrap();
    let (user, host) = by.split_once('@').expect("user@host");
    assert!(!user.is_empty() && !host.is_empty());
    let at = prod["authorized_at"].as_str().unwrap();
    let parsed =
        time::OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339).unwrap();
    assert_eq!(parsed.offset(), time::UtcOffset::UTC);
    assert!(
        (time::OffsetDateTime::now_utc() - parsed)
            .whole_seconds()
            .abs()
            < 600
    );
    assert!(prod["expires_at"].is_null());
    assert_eq!(prod["granted_scopes"], serde_json::json!([]));
    for env in ["development", "stage"] {
        let e = &details["environments"][env];
        assert_eq!(e["status"], "not-authorized");
        for key in [
            "account",
            "authorized_by",
            "authorized_at",
            "expires_at",
            "granted_scopes",
        ] {
            assert!(e[key].is_null(), "{env}.{key} is null");
        }
    }
}

#[test]
fn access_lists_gate_applications() {
    let home = home();
    home.run(&["connection", "create", "c", "--connector", "notes"])
        .success();
    with_secret(
        &home,
        &["connection", "authorize", "c", "--account", "me"],
        "tok",
    )
    .success();
    home.run(&["token", "c", "--app", "billing"]).code(6);
    home.run(&[
        "connection",
        "access",
        "c",
        "--enable",
        "billing",
        "--enable",
        "reports",
    ])
    .success();
    home.run(&["token", "c", "--app", "billing"])
        .success()
        .stdout("tok\n");
    assert_eq!(
        home.json(&["connection", "access", "c", "--json"]),
        serde_json::json!(["billing", "reports"])
    );
    home.run(&["connection", "access", "c", "--disable", "billing"])
        .success();
    let out = home
        .cmd()
        .env("TETHER_APP", "billing")
        .args(["header", "c"])
        .assert()
        .code(6);
    assert!(stderr(&out).contains("tether connection access c --enable billing"));
    // Still used by `reports`: delete is refused and names it.
    let out = home.run(&["connection", "delete", "c", "--yes"]).code(2);
    assert!(stderr(&out).contains("reports"), "{}", stderr(&out));
    home.run(&["connection", "delete", "c", "--yes", "--force"])
        .success();
}

#[test]
fn rename_changes_the_display_name_only() {
    let home = home();
    home.run(&["connection", "create", "r", "--connector", "notes"])
        .success();
    home.run(&[
        "connection",
        "rename",
        "r",
        "--display-name",
        "Release notes",
    ])
    .success();
    let details = home.json(&["connection", "details", "r", "--json"]);
    assert_eq!(details["display_name"], "Release notes");
    assert_eq!(details["link_name"], "r");
    home.run(&["connection", "rename", "r", "--display-name", "  "])
        .code(2);
}

#[test]
fn pipeline_story_end_to_end() {
    let home = home();
    home.run(&["connection", "create", "deploy", "--connector", "notes"])
        .success();
    with_secret(
        &home,
        &[
            "connection",
            "authorize",
            "deploy",
            "--env",
            "development",
            "--account",
            "alice",
        ],
        "a",
    )
    .success();
    with_secret(
        &home,
        &[
            "connection",
            "authorize",
            "deploy",
            "--env",
            "production",
            "--account",
            "ci-bot",
        ],
        "b",
    )
    .success();
    home.run(&["connection", "create", "release", "--connector", "notes"])
        .success();
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
    with_secret(
        &home,
        &[
            "connection",
            "reauthorize",
            "deploy",
            "--env",
            "production",
            "--account",
            "ci-bot-2",
        ],
        "c",
    )
    .success();
    let details = home.json(&["connection", "details", "deploy", "--json"]);
    assert_eq!(details["environments"]["development"]["account"], "alice");
    assert_eq!(details["environments"]["production"]["account"], "ci-bot-2");
    let accounts = home.json(&["account", "list", "--json"]);
    let story: Vec<(String, usize)> = accounts
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["name"].as_str().unwrap().to_owned(),
                a["used_by"].as_array().unwrap().len(),
            )
        })
        .collect();
    assert_eq!(
        story,
        [
            ("alice".to_owned(), 1),
            ("ci-bot".to_owned(), 1),
            ("ci-bot-2".to_owned(), 1)
        ]
    );
    home.run(&["token", "release", "--env", "prod"])
        .success()
        .stdout("b\n");
}

// ---- OAuth2: reauthorize revokes the old refresh token at the server ----

#[test]
fn oauth2_reauthorize_revokes_the_replaced_tokens() {
    let server = OidcServer::start();
    let home = Home::new();
    home.import_connector("files.toml", &server.connector_toml("files", "basic"))
        .success();
    home.cmd()
        .args([
            "connector",
            "configure",
            "files",
            "--client-id",
            oidc::CONFIDENTIAL,
            "--client-secret",
            "@-",
        ])
        .write_stdin(oidc::CONFIDENTIAL_SECRET)
        .assert()
        .success();
    let browser = |login: &str| {
        let mut cmd = home.cmd();
        cmd.env("BROWSER", OidcServer::browser_path())
            .env("BROWSER_QUIET", "1")
            .env("BROWSER_LOGIN", login);
        cmd
    };
    browser("alice")
        .args([
            "connection",
            "create",
            "files",
            "--connector",
            "files",
            "--authorize",
            "--account",
            "alice",
        ])
        .write_stdin("")
        .assert()
        .success();
    let old = stdout(&home.run(&["token", "files"]).success())
        .trim_end()
        .to_owned();
    browser("bob")
        .args(["connection", "reauthorize", "files", "--account", "bob"])
        .write_stdin("")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "account `alice`: revoked at the provider",
        ));
    let new = stdout(&home.run(&["token", "files"]).success())
        .trim_end()
        .to_owned();
    assert_ne!(old, new);
    assert_eq!(
        server.introspect(&old)["active"],
        false,
        "the old grant is revoked"
    );
    let me = server.introspect(&new);
    assert_eq!(me["active"], true);
    assert_eq!(me["sub"], "bob");
}

#[test]
fn connection_list_json_shows_each_environment() {
    let home = home();
    home.run(&["connection", "create", "l", "--connector", "notes"])
        .success();
    with_secret(
        &home,
        &[
            "connection",
            "authorize",
            "l",
            "--env",
            "prod",
            "--account",
            "ops",
        ],
        "x",
    )
    .success();
    let list = home.json(&["connection", "list", "--json"]);
    assert_eq!(list[0]["link_name"], "l");
    assert_eq!(list[0]["authorized"], serde_json::json!(["production"]));
    // Every environment, in the shape `connection details --json` has.
    let envs = &list[0]["environments"];
    assert_eq!(envs["production"]["account"], "ops");
    assert_eq!(envs["production"]["status"], "connected");
    assert_eq!(envs["development"]["status"], "not-authorized");
    assert_eq!(envs["development"]["account"], serde_json::Value::Null);
}
