//! OAuth2 connections through the real binary against the real authorization server
//! (oidc-provider, tests/oidc) with a simulated person as `$BROWSER`.

use crate::common::oidc::{self, OidcServer, api_me, tokens_in_parallel, until_due, with_browser};
use crate::common::{Home, stderr, stdout, tree};
use predicates::prelude::*;

/// A `files` home with the confidential client (`client_secret_basic`, a secret with `:`, `%`, `+`).
fn confidential(server: &OidcServer, buffer: u64) -> Home {
    server.files_home(
        "basic",
        oidc::CONFIDENTIAL,
        Some(oidc::CONFIDENTIAL_SECRET),
        buffer,
    )
}

fn create_and_authorize(home: &Home, account: &str) -> assert_cmd::assert::Assert {
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
        .args(["--authorize", "--account", account, "--timeout", "60"])
        .write_stdin("")
        .assert()
}

fn token(home: &Home) -> String {
    let out = home.run(&["token", "files"]).success();
    stdout(&out).trim_end().to_owned()
}

#[test]
fn browser_flow_with_a_public_client_gives_a_working_token() {
    let server = OidcServer::start();
    let home = server.files_home("none", oidc::NATIVE_PUBLIC, None, 10);
    let out = create_and_authorize(&home, "alice").success();
    let err = stderr(&out);
    assert!(
        err.contains(&server.url("/auth?")),
        "the URL is always printed: {err}"
    );
    assert!(
        err.contains("authorized `files` in development as account `alice`"),
        "{err}"
    );

    let access = token(&home);
    let me = api_me(&server, &access);
    assert_eq!(me["client_id"], oidc::NATIVE_PUBLIC);
    assert_eq!(me["sub"], "alice");

    let details = home
        .run(&["connection", "details", "files", "--json"])
        .success();
    let json: serde_json::Value = serde_json::from_str(&stdout(&details)).unwrap();
    assert_eq!(json["auth"], "oauth2");
    assert_eq!(
        json["scopes"],
        serde_json::json!(["files.read", "offline_access"])
    );
    let dev = &json["environments"]["development"];
    assert_eq!(dev["status"], "connected");
    assert_eq!(dev["account"], "alice");
    assert_eq!(dev["granted_scopes"], serde_json::json!(["files.read"]));
    assert!(dev["expires_at"].as_str().is_some_and(|s| s.ends_with('Z')));
    // No token in any output but `token`'s.
    assert!(!stdout(&details).contains(&access));
    assert!(!stderr(&out).contains(&access));
}

#[test]
fn confidential_client_with_special_characters_in_its_secret() {
    let server = OidcServer::start();
    let home = confidential(&server, 10);
    create_and_authorize(&home, "alice").success();
    let me = api_me(&server, &token(&home));
    assert_eq!(me["client_id"], oidc::CONFIDENTIAL);
    let log = server.stats()["token_log"].clone();
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .any(|e| e["client_auth"] == "basic" && e["status"] == 200),
        "the client authenticated with client_secret_basic: {log}"
    );
    // The client secret is in the vault only.
    for (path, bytes) in home.files_outside_vault() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(oidc::CONFIDENTIAL_SECRET),
            "{} holds the client secret",
            path.display()
        );
    }
}

#[test]
fn thirty_two_processes_refresh_once_and_print_the_same_token() {
    // The first access token lives 2 s, within the 60 s buffer: it is due after half its
    // life. Refreshed ones live an hour, so once one process has refreshed, the others have
    // nothing to do.
    let server = OidcServer::start_with(&[
        ("OIDC_INITIAL_ACCESS_TOKEN_TTL", "2"),
        ("OIDC_ACCESS_TOKEN_TTL", "3600"),
    ]);
    let home = server.files_home("none", oidc::NATIVE_PUBLIC, None, 60);
    create_and_authorize(&home, "alice").success();
    until_due(2);
    server.reset_stats();

    let outputs = tokens_in_parallel(&[&home], "files", 32);
    for out in &outputs {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let tokens: Vec<String> = outputs
        .iter()
        .map(|o| {
            String::from_utf8(o.stdout.clone())
                .unwrap()
                .trim_end()
                .to_owned()
        })
        .collect();
    assert!(
        tokens.iter().all(|t| *t == tokens[0] && !t.is_empty()),
        "all print the same token"
    );
    assert_eq!(
        server.stats()["refresh"],
        1,
        "exactly one refresh reached the server"
    );
    api_me(&server, &tokens[0]);
}

#[test]
fn a_refresh_token_rejected_under_concurrency_is_sent_once() {
    let server = OidcServer::start_with(&[("OIDC_INITIAL_ACCESS_TOKEN_TTL", "2")]);
    let home = server.files_home("none", oidc::NATIVE_PUBLIC, None, 60);
    create_and_authorize(&home, "alice").success();
    until_due(2);
    server.reset_stats();
    server.inject("grant_type=refresh_token&status=400&error=invalid_grant&count=50");
    let outputs = tokens_in_parallel(&[&home], "files", 16);
    for out in &outputs {
        assert_eq!(
            out.status.code(),
            Some(3),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(
        server.stats()["refresh"],
        1,
        "the rejected refresh token was sent once"
    );
}

#[test]
fn a_rejected_refresh_token_needs_reauthorization() {
    let server = OidcServer::start_with(&[("OIDC_INITIAL_ACCESS_TOKEN_TTL", "2")]);
    let home = server.files_home("none", oidc::NATIVE_PUBLIC, None, 3600);
    create_and_authorize(&home, "alice").success();
    // Keep the home as it is now, refresh (which rotates the refresh token), then put the old
    // copy back, as a copied home would: the next refresh presents a rotated-out token, which
    // the provider rejects.
    let saved = tree::snapshot(&home.state());
    until_due(2);
    token(&home);
    tree::restore(&home.state(), &saved);
    let out = home.run(&["token", "files"]).code(3);
    assert!(
        stderr(&out)
            .contains("tether connection reauthorize files --env development --account NAME"),
        "{}",
        stderr(&out)
    );
    let details = home
        .run(&["connection", "details", "files", "--json"])
        .success();
    let json: serde_json::Value = serde_json::from_str(&stdout(&details)).unwrap();
    assert_eq!(
        json["environments"]["development"]["status"],
        "needs-reauthorization"
    );
    // It stays that way without asking the provider again.
    server.reset_stats();
    home.run(&["token", "files"]).code(3);
    assert_eq!(server.stats()["token_requests"], 0);
    // Authorizing the same account again brings it back.
    with_browser(&home, "again.log")
        .args([
            "connection",
            "reauthorize",
            "files",
            "--account",
            "alice",
            "--timeout",
            "60",
        ])
        .write_stdin("")
        .assert()
        .success();
    let details = home
        .run(&["connection", "details", "files", "--json"])
        .success();
    let json: serde_json::Value = serde_json::from_str(&stdout(&details)).unwrap();
    assert_eq!(json["environments"]["development"]["status"], "connected");
    assert_eq!(json["environments"]["development"]["account"], "alice");
    until_due(2);
    api_me(&server, &token(&home));
}

#[test]
fn delete_revokes_the_tokens_at_the_provider() {
    let server = OidcServer::start();
    let home = confidential(&server, 10);
    create_and_authorize(&home, "alice").success();
    let access = token(&home);
    assert_eq!(server.introspect(&access)["active"], true);
    home.run(&["connection", "delete", "files", "--yes"])
        .success()
        .stderr(predicate::str::contains(
            "account `alice`: revoked at the provider",
        ));
    assert_eq!(server.introspect(&access)["active"], false);
    assert!(server.stats()["revocations"].as_u64().unwrap() >= 1);
}

#[test]
fn delete_keep_remote_leaves_the_grant() {
    let server = OidcServer::start();
    let home = confidential(&server, 10);
    create_and_authorize(&home, "alice").success();
    let access = token(&home);
    home.run(&["connection", "delete", "files", "--yes", "--keep-remote"])
        .success();
    assert_eq!(server.introspect(&access)["active"], true);
}

#[test]
fn client_credentials_need_no_person() {
    let server = OidcServer::start();
    let home = Home::new();
    let toml = server
        .connector_toml("robot", "basic")
        .replace(
            "grant = \"authorization_code\"",
            "grant = \"client_credentials\"",
        )
        .replace(
            "default_scopes = [\"offline_access\", \"files.read\"]",
            "default_scopes = [\"files.read\"]",
        );
    home.import_connector("robot.toml", &toml).success();
    home.cmd()
        .env("SECRET", oidc::MACHINE_SECRET)
        .args([
            "connector",
            "configure",
            "robot",
            "--client-id",
            oidc::MACHINE,
            "--client-secret",
            "env:SECRET",
        ])
        .assert()
        .success();
    home.run(&[
        "--no-input",
        "connection",
        "create",
        "ci",
        "--connector",
        "robot",
        "--authorize",
        "--account",
        "ci-bot",
    ])
    .success();
    let out = home.run(&["token", "ci"]).success();
    let me = api_me(&server, stdout(&out).trim_end());
    assert_eq!(me["client_id"], oidc::MACHINE);
    assert!(me["sub"].is_null());
}

#[test]
fn device_flow_through_the_command_line() {
    let server = OidcServer::start();
    let home = server.files_home("none", oidc::NATIVE_PUBLIC, None, 10);
    home.run(&[
        "connection",
        "create",
        "files",
        "--connector",
        "files",
        "--scope",
        "files.read",
    ])
    .success();
    let out = with_browser(&home, "device.log")
        .env("BROWSER_MODE", "device")
        .env("BROWSER_LOGIN", "bob")
        .args([
            "connection",
            "authorize",
            "files",
            "--account",
            "bob",
            "--flow",
            "device",
            "--timeout",
            "60",
        ])
        .write_stdin("")
        .assert()
        .success();
    assert!(
        stderr(&out).contains(&server.url("/device")),
        "{}",
        stderr(&out)
    );
    let me = api_me(&server, &token(&home));
    assert_eq!(me["sub"], "bob");
}

#[test]
fn access_denied_exits_3_and_creates_nothing() {
    let server = OidcServer::start();
    let home = server.files_home("none", oidc::NATIVE_PUBLIC, None, 10);
    let out = with_browser(&home, "deny.log")
        .env("BROWSER_DENY", "1")
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
        .args(["--timeout", "60"])
        .write_stdin("")
        .assert()
        .code(3);
    assert!(stderr(&out).contains("access_denied"), "{}", stderr(&out));
    home.run(&["connection", "details", "files"]).code(2);
}

#[test]
fn nothing_secret_is_logged_at_any_verbosity() {
    let server = OidcServer::start_with(&[("OIDC_INITIAL_ACCESS_TOKEN_TTL", "2")]);
    let home = confidential(&server, 3600);
    let out = with_browser(&home, "browser.log")
        .args([
            "-vvv",
            "connection",
            "create",
            "files",
            "--connector",
            "files",
            "--authorize",
            "--account",
            "alice",
        ])
        .args(["--timeout", "60"])
        .write_stdin("")
        .assert()
        .success();
    let create_err = stderr(&out);
    // A refresh at -vvv, then the new token from a quiet call.
    until_due(2);
    server.reset_stats();
    let refresh = home.run(&["-vvv", "header", "files"]).success();
    assert_eq!(server.stats()["refresh"], 1);
    let access = stdout(&refresh)
        .trim_end()
        .trim_start_matches("Authorization: Bearer ")
        .to_owned();
    for text in [&create_err, &stderr(&refresh)] {
        assert!(
            !text.contains(oidc::CONFIDENTIAL_SECRET),
            "client secret logged: {text}"
        );
        assert!(!text.contains(&access), "access token logged: {text}");
        assert!(!text.contains("code="), "authorization code logged: {text}");
    }
}

#[test]
fn endpoints_templated_over_connection_params() {
    let server = OidcServer::start();
    let home = Home::new();
    // Like `https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token`: a path segment
    // that is a value of the connection (here the server's own `token`).
    let i = &server.issuer;
    let toml = server
        .connector_toml("tenant", "none")
        .replace(
            &format!("token_url = \"{i}/token\""),
            &format!("token_url = \"{i}/{{segment}}\""),
        )
        .replace(
            &format!("\"{i}/token/revocation\""),
            &format!("\"{i}/{{segment}}/revocation\""),
        )
        .replace(
            "[oauth2]",
            "[[params]]\nname = \"segment\"\nconnection = true\n\n[oauth2]",
        );
    assert!(toml.contains("{segment}/revocation"), "{toml}");
    home.import_connector("tenant.toml", &toml).success();
    home.run(&[
        "connector",
        "configure",
        "tenant",
        "--client-id",
        oidc::NATIVE_PUBLIC,
    ])
    .success();
    with_browser(&home, "tenant.log")
        .args([
            "connection",
            "create",
            "t",
            "--connector",
            "tenant",
            "--param",
            "segment=token",
        ])
        .args(["--authorize", "--account", "alice", "--timeout", "60"])
        .write_stdin("")
        .assert()
        .success();
    let out = home.run(&["token", "t"]).success();
    api_me(&server, stdout(&out).trim_end());
    home.run(&["connection", "delete", "t", "--yes"])
        .success()
        .stderr(predicate::str::contains("revoked at the provider"));
}

#[test]
fn without_a_browser_or_a_person_the_browser_flow_fails_fast() {
    let server = OidcServer::start();
    let home = server.files_home("none", oidc::NATIVE_PUBLIC, None, 10);
    let started = std::time::Instant::now();
    let out = home
        .cmd()
        .env("CI", "true")
        .env("BROWSER", home.path().join("no-such-browser"))
        .args([
            "connection",
            "create",
            "files",
            "--connector",
            "files",
            "--authorize",
            "--account",
            "a",
        ])
        .write_stdin("")
        .assert()
        .code(2);
    assert!(stderr(&out).contains("--flow device"), "{}", stderr(&out));
    // It did not sit out the 300 s wait (a generous bound, not a timing measurement).
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
    home.run(&["connection", "details", "files"]).code(2);
}

/// A client-credentials connection `NAME` to the test server whose connector has `[oauth2]`
/// lines `placement` (where the access token goes).
fn machine_connection(server: &OidcServer, home: &Home, name: &str, placement: &str) {
    let toml = server
        .connector_toml(name, "basic")
        .replace(
            "grant = \"authorization_code\"",
            &format!("grant = \"client_credentials\"\n{placement}"),
        )
        .replace(
            "default_scopes = [\"offline_access\", \"files.read\"]",
            "default_scopes = [\"files.read\"]",
        );
    home.import_connector(&format!("{name}.toml"), &toml)
        .success();
    home.cmd()
        .env("SECRET", oidc::MACHINE_SECRET)
        .args(["connector", "configure", name, "--client-id", oidc::MACHINE])
        .args(["--client-secret", "env:SECRET"])
        .assert()
        .success();
    home.run(&[
        "--no-input",
        "connection",
        "create",
        name,
        "--connector",
        name,
    ])
    .success();
    home.run(&[
        "--no-input",
        "connection",
        "authorize",
        name,
        "--account",
        name,
    ])
    .success();
}

#[test]
fn the_access_token_goes_where_the_provider_wants_it() {
    let server = OidcServer::start();
    let home = Home::new();
    machine_connection(
        &server,
        &home,
        "scheme",
        "token_value = \"Zoho-oauthtoken {access_token}\"",
    );
    machine_connection(&server, &home, "query", "token_query = \"access_token\"");

    let token = stdout(&home.run(&["token", "scheme"]).success());
    let header = stdout(&home.run(&["header", "scheme"]).success());
    assert_eq!(
        header,
        format!("Authorization: Zoho-oauthtoken {}", token.trim_end()) + "\n"
    );
    let me = home
        .run(&["invoke", "scheme", "GET", "/api/scheme/me"])
        .success();
    let me: serde_json::Value = serde_json::from_str(&stdout(&me)).unwrap();
    assert_eq!(me["client_id"], oidc::MACHINE);
    // The standard scheme is not what this API takes: the stand-in really checks the scheme.
    let refused = home
        .run(&["invoke", "scheme", "GET", "/api/me", "--fail"])
        .code(22);
    assert!(
        stderr(&refused).contains("HTTP 401"),
        "{}",
        stderr(&refused)
    );

    let me = home
        .run(&["invoke", "query", "GET", "/api/query/me"])
        .success();
    let me: serde_json::Value = serde_json::from_str(&stdout(&me)).unwrap();
    assert_eq!(me["client_id"], oidc::MACHINE);
    let shown = stdout(&home.run(&["connector", "show", "query"]).success());
    assert!(
        shown.contains("query parameter `access_token={access_token}`"),
        "{shown}"
    );
}
