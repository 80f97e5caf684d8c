//! The authorization flows as a person reads them, against the real OAuth2 server: the
//! browser's success page, what `-v` says, which scopes are asked for and which the note says
//! were not granted, and the words of a reauthorization of the same account.

use std::time::Duration;

use crate::common::oidc::{self, OidcServer, api_me, until_due, wait_for_log, with_browser};
use crate::common::{Home, stderr, stdout};

/// A home with the connector `files` of `toml`, its public client configured.
fn home_with(toml: &str) -> Home {
    let home = Home::new();
    home.import_connector("files.toml", toml).success();
    home.run(&[
        "connector",
        "configure",
        "files",
        "--client-id",
        oidc::NATIVE_PUBLIC,
    ])
    .success();
    home
}

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
    let home = home_with(&toml);
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
    let home = home_with(&server.connector_toml("files", "none"));
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
    let home = home_with(&toml);
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
    let home = home_with(&server.connector_toml("files", "none"));
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
}
