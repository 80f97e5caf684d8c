//! OAuth2 state comes before words: rotated and new tokens are stored before anything is
//! written, a closed stderr costs nothing, short-lived tokens are not refreshed on every call,
//! and unattended runs never wait for a browser that cannot appear. Real binary, real
//! authorization server (oidc-provider, tests/oidc).

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use crate::common::oidc::{self, OidcServer, api_me, until_due, with_browser};
use crate::common::{Home, stderr, stdout, tree};

fn public(server: &OidcServer, buffer: u64) -> Home {
    server.files_home("none", oidc::NATIVE_PUBLIC, None, buffer)
}

fn create_and_authorize(home: &Home, account: &str) {
    with_browser(home, "browser.log")
        .args(["connection", "create", "files", "--connector", "files"])
        .args(["--scope", "files.read", "--authorize", "--account", account])
        .args(["--timeout", "60"])
        .write_stdin("")
        .assert()
        .success();
}

fn token(home: &Home) -> String {
    let out = home.run(&["token", "files"]).success();
    stdout(&out).trim_end().to_owned()
}

#[test]
fn a_verbose_refresh_whose_stderr_reader_went_away_keeps_the_rotated_token() {
    // The first token lives 2 s (due after 1 s); refreshed ones an hour.
    let server = OidcServer::start_with(&[
        ("OIDC_INITIAL_ACCESS_TOKEN_TTL", "2"),
        ("OIDC_ACCESS_TOKEN_TTL", "3600"),
    ]);
    let home = public(&server, 60);
    create_and_authorize(&home, "alice");
    until_due(2);
    server.reset_stats();
    // The answer to the refresh comes after the reader below has gone.
    server.inject("grant_type=refresh_token&delay_ms=1000");

    // `tether -v token files 2>&1 >/dev/null | head -1`: one line is read, then the pipe closes.
    let mut child = home
        .process()
        .args(["-v", "token", "files"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    drop(reader);
    let status = child.wait().unwrap();
    assert_eq!(
        status.code(),
        Some(0),
        "a closed stderr ends nothing (first line: {first})"
    );
    assert_eq!(server.stats()["refresh"], 1, "{}", server.stats());

    // The rotated tokens were stored: the next call uses them, with no refresh and no
    // rotated-out refresh token sent (which would revoke the whole grant).
    let access = token(&home);
    api_me(&server, &access);
    assert_eq!(server.stats()["refresh"], 1, "{}", server.stats());
    assert!(
        server.stats()["token_errors"]
            .as_object()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_closed_stdout_and_stderr_do_not_panic() {
    let server = OidcServer::start_with(&[
        ("OIDC_INITIAL_ACCESS_TOKEN_TTL", "2"),
        ("OIDC_ACCESS_TOKEN_TTL", "3600"),
    ]);
    let home = public(&server, 60);
    create_and_authorize(&home, "alice");
    until_due(2);
    server.reset_stats();
    // Both streams are pipes nobody reads: every write fails with EPIPE.
    let mut child = home
        .process()
        .args(["-vvv", "token", "files"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    assert_eq!(server.stats()["refresh"], 1);
    api_me(&server, &token(&home));
    assert_eq!(server.stats()["refresh"], 1, "the refreshed token was kept");
}

#[test]
fn tokens_shorter_lived_than_the_buffer_are_not_refreshed_on_every_call() {
    // Every token lives 120 s, less than the 300 s buffer.
    let server = OidcServer::start_with(&[("OIDC_ACCESS_TOKEN_TTL", "120")]);
    let home = public(&server, 300);
    create_and_authorize(&home, "alice");
    server.reset_stats();
    let first = token(&home);
    assert_eq!(token(&home), first);
    assert_eq!(token(&home), first);
    assert_eq!(
        server.stats()["refresh"],
        0,
        "a token just issued is used, not refreshed"
    );
    api_me(&server, &first);
}

#[test]
fn a_refresh_token_used_by_a_copy_of_the_home_says_it_was_refreshed_elsewhere() {
    let server = OidcServer::start_with(&[("OIDC_ACCESS_TOKEN_TTL", "2")]);
    let home = public(&server, 60);
    create_and_authorize(&home, "alice");
    // One refresh here shows that this provider rotates refresh tokens.
    until_due(2);
    token(&home);

    // The home is copied (a backup restored elsewhere, another machine); the copy refreshes.
    let copy = Home {
        dir: tempfile::tempdir().unwrap(),
        vault_key: home.vault_key.clone(),
    };
    tree::copy(&home.state(), &copy.state());
    until_due(2);
    api_me(&server, &token(&copy));

    // The original still holds the refresh token the copy just used.
    let out = home.run(&["token", "files"]).code(3);
    let message = stderr(&out);
    assert!(
        message.contains(
            "this authorization was refreshed elsewhere: a copied home or another machine"
        ),
        "{message}"
    );
    assert!(
        message.contains("tether connection reauthorize files --env development --account alice"),
        "the hint names the account: {message}"
    );
    assert!(message.contains("account `alice`"), "{message}");
}

#[test]
fn the_device_request_names_the_client_in_its_body_with_basic_authentication() {
    // Like servers built on oauthlib: no client_id in the body, no device code.
    let server = OidcServer::start_with(&[("OIDC_DEVICE_REQUIRE_BODY_CLIENT_ID", "1")]);
    let home = server.files_home(
        "basic",
        oidc::CONFIDENTIAL,
        Some(oidc::CONFIDENTIAL_SECRET),
        10,
    );
    home.run(&["connection", "create", "files", "--connector", "files"])
        .success();
    let out = with_browser(&home, "browser.log")
        .env("BROWSER_MODE", "device")
        .env("BROWSER_LOGIN", "bob")
        .args(["connection", "authorize", "files", "--account", "bob"])
        .args(["--flow", "device", "--timeout", "60"])
        .write_stdin("")
        .assert();
    let said = stderr(&out);
    out.success();
    let log = server.stats()["device_log"].clone();
    assert_eq!(
        log[0]["client_id_in_body"],
        oidc::CONFIDENTIAL,
        "{log} {said}"
    );
    assert_eq!(log[0]["client_auth"], "basic", "{log}");
    assert!(!said.contains(oidc::CONFIDENTIAL_SECRET));
    let me = api_me(&server, &token(&home));
    assert_eq!(me["client_id"], oidc::CONFIDENTIAL);
}

#[test]
fn ci_without_a_browser_variable_fails_at_once_naming_the_other_flows() {
    let server = OidcServer::start();
    let home = public(&server, 10);
    // A system opener that starts fine and shows nothing, like xdg-open with no display.
    let bin = home.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let opened = home.path().join("opened");
    let xdg_open = bin.join("xdg-open");
    std::fs::write(
        &xdg_open,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", opened.display()),
    )
    .unwrap();
    let executable = std::os::unix::fs::PermissionsExt::from_mode(0o755);
    std::fs::set_permissions(&xdg_open, executable).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for unattended in [vec![("CI", "true")], vec![]] {
        let mut cmd = home.cmd();
        cmd.env("PATH", &path);
        let mut args = vec!["connection", "create", "files", "--connector", "files"];
        args.extend(["--authorize", "--account", "a", "--timeout", "20"]);
        for (k, v) in &unattended {
            cmd.env(k, v);
        }
        if unattended.is_empty() {
            args.push("--no-input");
        }
        let out = cmd.args(&args).write_stdin("").assert().code(2);
        let message = stderr(&out);
        assert!(
            message.contains("--flow device|paste|client-credentials"),
            "{message}"
        );
        assert!(message.contains("$BROWSER"), "{message}");
        assert!(!opened.exists(), "nothing was opened");
        home.run(&["connection", "details", "files"]).code(2);
    }
}

#[test]
fn without_a_vault_key_the_oauth_flow_does_not_start() {
    let server = OidcServer::start();
    let home = public(&server, 10);
    let out = home
        .bare()
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/tether-test-bus",
        )
        .env("BROWSER", OidcServer::browser_path())
        .env("BROWSER_LOG", home.path().join("browser.log"))
        .args(["connection", "create", "files", "--connector", "files"])
        .args(["--authorize", "--account", "a", "--timeout", "60"])
        .write_stdin("")
        .assert()
        .code(4);
    assert!(stderr(&out).contains("no key source"), "{}", stderr(&out));
    assert_eq!(
        server.stats()["authorizations"],
        0,
        "nobody was sent to the provider for a grant that could not be stored"
    );
    assert_eq!(server.stats()["token_requests"], 0);
    assert!(!home.path().join("browser.log").exists());
}
