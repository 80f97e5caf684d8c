//! The authorization flows as a person reads them, against the real OAuth2 server: the
//! browser's success page, what `-v` says, which scopes are asked for and which the note says
//! were not granted, and the words of a reauthorization of the same account.

use std::time::Duration;

use crate::common::oidc::{self, OidcServer, api_me, until_due, wait_for_log, with_browser};
use crate::common::{Home, stderr, stdout};

fn authorize(home: &Home, log: &str, args: &[&str]) -> assert_cmd::assert::Assert {
    with_browser(home, log)
        .args(args)
        .args(["--timeout", "60"])
        .write_stdin("")
        .assert()
}

fn token(home: &Home, extra: &[&str]) -> String {
    let out = home
        .cmd()
        .args(["token", "docs"])
        .args(extra)
        .write_stdin("")
        .assert()
        .success();
    stdout(&out).trim_end().to_owned()
}

#[test]
fn the_success_page_names_connection_environment_and_account_escaped() {
    let server = OidcServer::start();
    let toml = server
        .connector_toml("files", "none")
        .replace("name = \"OIDC test server\"", "name = \"Files <&> Co\"");
    let home = oidc::public_files_home(&toml);
    let args = [
        "connection",
        "create",
        "docs",
        "--connector",
        "files",
        "--authorize",
        "--account",
        "alice",
        "--env",
        "stage",
    ];
    authorize(&home, "browser.log", &args).success();
    let log = wait_for_log(
        &home.path().join("browser.log"),
        "callback-page",
        Duration::from_secs(10),
    );
    assert!(
        log.contains(
            "callback-page tether received the authorization of connection <b>docs</b> \
             (Files &lt;&amp;&gt; Co) in environment <b>stage</b> for account <b>alice</b>."
        ),
        "{log}"
    );
}

#[test]
fn reauthorizing_the_same_account_says_only_the_replaced_tokens_were_revoked() {
    let server = OidcServer::start();
    let home = oidc::public_files_home(&server.connector_toml("files", "none"));
    let create = [
        "connection",
        "create",
        "docs",
        "--connector",
        "files",
        "--authorize",
        "--account",
        "alice",
    ];
    authorize(&home, "one.log", &create).success();
    let old = token(&home, &[]);
    let again = ["connection", "reauthorize", "docs", "--account", "alice"];
    let out = authorize(&home, "two.log", &again).success();
    let told = stderr(&out);
    assert!(
        told.contains(
            "account `alice` now uses its new tokens; the tokens they replace: revoked at the provider"
        ),
        "{told}"
    );
    assert!(!told.contains("account `alice`: revoked"), "{told}");
    assert_eq!(
        server.introspect(&old)["active"],
        false,
        "the old grant is gone"
    );
    api_me(&server, &token(&home, &[]));
}

#[test]
fn scope_adds_to_the_default_scopes_and_the_note_names_defaults_not_granted() {
    let server = OidcServer::start();
    // Without prompt=consent the server drops offline_access: a default scope not granted.
    let toml = server
        .connector_toml("files", "none")
        .replace("authorization_params = { prompt = \"consent\" }\n", "");
    let home = oidc::public_files_home(&toml);
    let args = [
        "connection",
        "create",
        "docs",
        "--connector",
        "files",
        "--scope",
        "files.write",
        "--authorize",
        "--account",
        "alice",
    ];
    let out = authorize(&home, "browser.log", &args).success();
    let details = home.json(&["connection", "details", "docs", "--json"]);
    assert_eq!(
        details["scopes"],
        serde_json::json!(["files.write", "offline_access", "files.read"]),
        "--scope adds to the defaults: {details}"
    );
    assert!(
        stderr(&out).contains(
            "the provider granted fewer scopes than requested; not granted: offline_access"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn verbose_names_key_source_proxy_and_endpoint_and_no_secret() {
    let server = OidcServer::start_with(&[("OIDC_ACCESS_TOKEN_TTL", "2")]);
    let home = oidc::public_files_home(&server.connector_toml("files", "none"));
    let create = [
        "connection",
        "create",
        "docs",
        "--connector",
        "files",
        "--authorize",
        "--account",
        "alice",
    ];
    authorize(&home, "browser.log", &create).success();
    until_due(2);
    let proxy = "http://proxy-user:proxy-password@127.0.0.1:9";
    // NO_PROXY exempts the server: the refresh goes out directly, and -v says so.
    let out = home
        .cmd()
        .args(["token", "docs", "-v"])
        .env("HTTP_PROXY", proxy)
        .env("NO_PROXY", "127.0.0.1")
        .write_stdin("")
        .assert()
        .success();
    let access = stdout(&out).trim_end().to_owned();
    let told = stderr(&out);
    let endpoint = format!("token endpoint {} (no proxy)", server.url("/token"));
    assert!(told.contains("vault key from TETHER_VAULT_KEY"), "{told}");
    assert!(told.contains(&endpoint), "{told}");
    assert!(!told.contains(&access), "no token on stderr: {told}");
    // Without the exemption the call goes to the proxy (which is not there), and -v names it
    // without its password.
    until_due(2);
    let out = home
        .cmd()
        .args(["token", "docs", "-v"])
        .env("HTTP_PROXY", proxy)
        .write_stdin("")
        .assert()
        .code(5);
    let told = stderr(&out);
    assert!(told.contains("(proxy http://127.0.0.1:9)"), "{told}");
    assert!(!told.contains("proxy-password"), "{told}");
    // A call to the service and the revocation on delete say their endpoint and route too.
    let token = home.json(&["token", "docs", "--json"]);
    assert!(token["token"].is_string(), "{token}");
    assert!(
        token["expires_at"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z')),
        "an OAuth2 token says when it expires: {token}"
    );
    let out = home
        .cmd()
        .args(["invoke", "docs", "GET", "/api/me", "-v"])
        .env("HTTPS_PROXY", proxy)
        .env("NO_PROXY", "127.0.0.1")
        .assert()
        .success();
    let told = stderr(&out);
    let call = format!("GET {} (", server.url("/api/me"));
    assert!(
        told.contains(&call) && told.contains("; no proxy)"),
        "{told}"
    );
    let out = home
        .cmd()
        .args(["connection", "delete", "docs", "--yes", "-v"])
        .env("NO_PROXY", "127.0.0.1")
        .assert()
        .success();
    let told = stderr(&out);
    let revocation = format!(
        "revocation endpoint {} (no proxy)",
        server.url("/token/revocation")
    );
    assert!(told.contains(&revocation), "{told}");
}

/// A home with the connection `docs` (not authorized) of the server's connector.
fn docs_home(server: &OidcServer) -> Home {
    let home = oidc::public_files_home(&server.connector_toml("files", "none"));
    home.run(&["connection", "create", "docs", "--connector", "files"])
        .success();
    home
}

#[test]
fn in_a_terminal_the_device_flow_opens_the_browser_when_enter_is_pressed() {
    let server = OidcServer::start();
    let home = docs_home(&server);
    let log = home.path().join("device.log");
    let browser = OidcServer::browser_path();
    let env = [
        ("BROWSER", browser.to_str().unwrap()),
        ("BROWSER_LOG", log.to_str().unwrap()),
        ("BROWSER_MODE", "device"),
        ("BROWSER_QUIET", "1"),
    ];
    let args = [
        "connection",
        "authorize",
        "docs",
        "--env",
        "development",
        "--account",
        "alice",
        "--flow",
        "device",
        "--timeout",
        "60",
    ];
    let steps = serde_json::json!([
        ["expect", "Press Enter to open it in the browser"],
        ["send", "\r"],
        ["expect", "authorized `docs`"]
    ]);
    let (code, transcript) = crate::interactive::in_terminal(&home, &steps, &args, &env);
    assert_eq!(code, 0, "{transcript}");
    assert!(
        transcript.contains("  | "),
        "the code stands out: {transcript}"
    );
    assert!(std::fs::read_to_string(&log).unwrap().starts_with("open "));
}

#[test]
fn in_a_terminal_the_device_flow_opens_no_browser_unless_asked() {
    let server = OidcServer::start();
    let home = docs_home(&server);
    let log = home.path().join("device.log");
    let browser = OidcServer::browser_path();
    let env = [
        ("BROWSER", browser.to_str().unwrap()),
        ("BROWSER_LOG", log.to_str().unwrap()),
        ("BROWSER_QUIET", "1"),
    ];
    let args = [
        "connection",
        "authorize",
        "docs",
        "--env",
        "development",
        "--account",
        "alice",
        "--flow",
        "device",
        "--timeout",
        "3",
    ];
    let steps = serde_json::json!([["expect", "Press Enter to open it in the browser"]]);
    let (code, transcript) = crate::interactive::in_terminal(&home, &steps, &args, &env);
    assert_eq!(code, 3, "the wait ran out: {transcript}");
    assert!(!log.exists(), "no browser was started");
    // --no-input never offers (nor waits for a key): the browser opens at once.
    let (_, transcript) = crate::interactive::in_terminal(
        &home,
        &serde_json::json!([]),
        &[&args[..], &["--no-input"]].concat(),
        &env,
    );
    assert!(!transcript.contains("Press Enter"), "{transcript}");
    assert!(wait_for_log(&log, "open ", Duration::from_secs(10)).starts_with("open "));
}

#[test]
fn in_a_terminal_a_wrong_paste_is_asked_again() {
    let server = OidcServer::start();
    let home = docs_home(&server);
    let args = [
        "connection",
        "authorize",
        "docs",
        "--env",
        "development",
        "--account",
        "alice",
        "--flow",
        "paste",
        "--no-browser",
    ];
    let steps = serde_json::json!([
        ["expect", "Paste it here: "],
        ["send", "http://127.0.0.1:8976/elsewhere?code=x&state=y\r"],
        ["expect", "the pasted address is not the redirect"],
        ["expect", "hint: copy the address the browser ended on"],
        ["expect", "Paste it here: "],
        [
            "send",
            "http://127.0.0.1:8976/callback?code=x&state=wrong\r"
        ],
        ["expect", "its state does not match"],
        ["expect", "Paste it here: "],
        ["send", "http://127.0.0.1:8976/callback?code=x\r"],
        ["expect", "it carries no state"]
    ]);
    let (code, transcript) = crate::interactive::in_terminal(&home, &steps, &args, &[]);
    assert_eq!(code, 2, "three tries, then the error stands: {transcript}");
    assert_eq!(
        transcript.matches("Paste it here: ").count(),
        3,
        "{transcript}"
    );
}

#[test]
fn a_pasted_code_the_provider_refuses_gets_a_hint_about_pasting() {
    let server = OidcServer::start();
    let home = docs_home(&server);
    let out = home
        .cmd()
        .args(["connection", "authorize", "docs", "--account", "alice"])
        .args(["--flow", "paste", "--no-browser"])
        .write_stdin("not-a-code-the-server-gave\n")
        .assert()
        .code(3);
    let told = stderr(&out);
    assert!(
        told.contains("did not accept the pasted authorization code"),
        "{told}"
    );
    assert!(
        told.contains("hint: run the command again and paste the whole address"),
        "{told}"
    );
    assert!(!told.contains("reauthorize"), "{told}");
}

#[test]
fn oauth2_tokens_cannot_be_given_an_expiry() {
    let server = OidcServer::start();
    let home = docs_home(&server);
    let out = home
        .run(&["connection", "authorize", "docs", "--expires", "90d"])
        .code(2);
    let said = stderr(&out);
    assert!(said.contains("connector `files` uses OAuth2"), "{said}");
    assert!(said.contains("leave out --expires"), "{said}");
    let details = home.json(&["connection", "details", "docs", "--json"]);
    assert_eq!(
        details["environments"]["development"]["status"],
        "not-authorized"
    );
}
