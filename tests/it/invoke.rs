//! `tether invoke` through the real binary: Basic and API-key credentials against a small
//! in-process HTTP server that records what it receives, OAuth2 against the real authorization
//! server (oidc-provider) including the 401 → refresh → retry path, and the failures.

use std::net::TcpListener;
use std::time::{Duration, Instant};

use crate::common::oidc::{self, OidcServer};
use crate::common::server::Server;
use crate::common::{Home, stderr, stdout, tree};
use base64::Engine as _;

const KEY: &str = "ak-Secret-5e7a11";
const PASSWORD: &str = "pw-Secret-c0ffee";

/// Connectors for the server on `port`: base_url `http://127.0.0.1:PORT/{prefix}`.
fn connectors(port: u16) -> [(&'static str, String); 3] {
    let base = format!(
        r#"base_url = "http://127.0.0.1:{port}/{{prefix}}"

[[params]]
name = "prefix"
connection = true
"#
    );
    [
        (
            "basic-api",
            format!(
                "id = \"basic-api\"\nname = \"Basic API\"\nauth = \"basic\"\n{base}\n[basic]\nusername = \"{{username}}\"\npassword = \"{{password}}\"\n"
            ),
        ),
        (
            "header-api",
            format!(
                "id = \"header-api\"\nname = \"Header API\"\nauth = \"api-key\"\n{base}\n[api_key]\nplacement = \"header\"\nname = \"X-API-Key\"\nvalue = \"{{api_key}}\"\n"
            ),
        ),
        (
            "query-api",
            format!(
                "id = \"query-api\"\nname = \"Query API\"\nauth = \"api-key\"\n{base}\n[api_key]\nplacement = \"query\"\nname = \"appid\"\nvalue = \"{{api_key}}\"\n"
            ),
        ),
    ]
}

/// A home with connections `basic`, `header` and `query` to `server`, prefix `api`.
fn home(server: &Server) -> Home {
    let home = Home::new();
    for (id, toml) in connectors(server.port()) {
        home.import_connector(&format!("{id}.toml"), &toml)
            .success();
    }
    for (link, connector, params) in [
        (
            "basic",
            "basic-api",
            &["username=robot", "password=env:SECRET"][..],
        ),
        ("header", "header-api", &["api_key=env:SECRET"][..]),
        ("query", "query-api", &["api_key=env:SECRET"][..]),
    ] {
        let mut cmd = home.cmd();
        cmd.env("SECRET", if link == "basic" { PASSWORD } else { KEY })
            .args(["connection", "create", link, "--connector", connector])
            .args(["--param", "prefix=api", "--authorize", "--account", link]);
        for param in params {
            cmd.args(["--param", param]);
        }
        cmd.write_stdin("").assert().success();
    }
    home
}

fn no_secret(out: &assert_cmd::assert::Assert) {
    for text in [stdout(out), stderr(out)] {
        assert!(
            !text.contains(KEY) && !text.contains(PASSWORD),
            "a secret in tether's output: {text}"
        );
    }
}

#[test]
fn basic_credentials_and_a_path_resolved_against_the_templated_base_url() {
    let server = Server::start(200, "application/json", r#"{"ok":true}"#);
    let home = home(&server);
    let out = home
        .run(&["invoke", "basic", "GET", "/items?x=1"])
        .success();
    assert_eq!(
        stdout(&out),
        r#"{"ok":true}"#,
        "raw body when not a terminal"
    );
    no_secret(&out);
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].method, "GET");
    assert_eq!(seen[0].target, "/api/items?x=1");
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("robot:{PASSWORD}"))
    );
    assert_eq!(seen[0].header("authorization"), Some(expected.as_str()));
}

#[test]
fn api_key_in_a_header() {
    let server = Server::start(200, "text/plain", "pong");
    let home = home(&server);
    let out = home
        .run(&["invoke", "header", "get", "/ping", "-H", "X-Trace: t-1"])
        .success();
    assert_eq!(stdout(&out), "pong");
    no_secret(&out);
    let seen = &server.seen()[0];
    assert_eq!(seen.method, "GET", "the method is upper-cased");
    assert_eq!(seen.target, "/api/ping");
    assert_eq!(seen.header("x-api-key"), Some(KEY));
    assert_eq!(seen.header("x-trace"), Some("t-1"));
    assert_eq!(seen.header("authorization"), None);

    // The credential's header cannot be replaced, whatever its case.
    home.run(&["invoke", "header", "GET", "/ping", "-H", "x-api-key: mine"])
        .code(2);
    home.run(&[
        "invoke",
        "basic",
        "GET",
        "/ping",
        "-H",
        "Authorization: Bearer x",
    ])
    .code(2);
    assert_eq!(server.seen().len(), 1, "refused before sending");
}

#[test]
fn api_key_in_the_query_and_verbose_output_without_it() {
    let server = Server::start(200, "application/json", "{}");
    let home = home(&server);
    let out = home
        .run(&["-v", "invoke", "query", "GET", "/weather?q=Oslo"])
        .success();
    no_secret(&out);
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "GET {} (credential in the `appid` query parameter; no proxy)",
            server.url("/api/weather?q=Oslo")
        )),
        "{err}"
    );
    assert!(err.contains("< HTTP/1.1 200 OK"), "{err}");
    assert!(err.contains("< x-served-by: test"), "{err}");
    let seen = &server.seen()[0];
    assert_eq!(seen.target, format!("/api/weather?q=Oslo&appid={KEY}"));

    // The key's parameter cannot be given in the URL.
    home.run(&["invoke", "query", "GET", "/weather?appid=mine"])
        .code(2);
}

#[test]
fn full_urls_must_keep_to_the_connectors_origin() {
    let server = Server::start(200, "text/plain", "home");
    let other = Server::start(200, "text/plain", "elsewhere");
    let home = home(&server);
    // Same origin as the base URL: fine, any path.
    home.run(&["invoke", "header", "GET", &server.url("/other/path")])
        .success()
        .stdout("home");
    assert_eq!(server.seen()[0].target, "/other/path");

    let out = home
        .run(&["invoke", "header", "GET", &other.url("/steal")])
        .code(2);
    assert!(
        stderr(&out).contains("refusing to send the credential to")
            && stderr(&out).contains("--allow-any-host"),
        "{}",
        stderr(&out)
    );
    assert!(other.seen().is_empty(), "nothing reached the other host");

    home.run(&[
        "invoke",
        "header",
        "GET",
        &other.url("/allowed"),
        "--allow-any-host",
    ])
    .success()
    .stdout("elsewhere");
    assert_eq!(other.seen()[0].header("x-api-key"), Some(KEY));

    // Neither a path nor a URL.
    home.run(&["invoke", "header", "GET", "api/items"]).code(2);
}

#[test]
fn a_path_without_a_base_url_is_refused_with_a_hint() {
    let server = Server::start(200, "text/plain", "x");
    let home = home(&server);
    let toml = "id = \"nobase\"\nname = \"No base\"\nauth = \"api-key\"\n\n[api_key]\nplacement = \"header\"\nname = \"X-API-Key\"\nvalue = \"{api_key}\"\n";
    home.import_connector("nobase.toml", toml).success();
    home.cmd()
        .env("SECRET", KEY)
        .args(["connection", "create", "nb", "--connector", "nobase"])
        .args([
            "--authorize",
            "--account",
            "nb",
            "--param",
            "api_key=env:SECRET",
        ])
        .write_stdin("")
        .assert()
        .success();
    let out = home.run(&["invoke", "nb", "GET", "/x"]).code(2);
    assert!(
        stderr(&out).contains("no base_url") && stderr(&out).contains("hint:"),
        "{}",
        stderr(&out)
    );
    // A full URL needs --allow-any-host: the connector names no host.
    home.run(&["invoke", "nb", "GET", &server.url("/x")])
        .code(2);
    home.run(&["invoke", "nb", "GET", &server.url("/x"), "--allow-any-host"])
        .success();
}

#[test]
fn request_bodies_from_stdin_a_file_or_the_argument() {
    let server = Server::start(201, "application/json", r#"{"id":1}"#);
    let home = home(&server);
    let json = "{\"name\": \"demo\"}\n";
    home.cmd()
        .args(["invoke", "header", "POST", "/things", "-d", "@-"])
        .write_stdin(json)
        .assert()
        .success()
        .stdout(r#"{"id":1}"#);
    let file = home.write("form.txt", "a=1&b=two");
    home.run(&[
        "invoke",
        "header",
        "PUT",
        "/things/1",
        "-d",
        &format!("@{}", file.display()),
    ])
    .success();
    home.run(&[
        "invoke",
        "header",
        "PATCH",
        "/things/1",
        "-d",
        "<x/>",
        "-H",
        "Content-Type: application/xml",
    ])
    .success();
    let seen = server.seen();
    assert_eq!(seen[0].method, "POST");
    assert_eq!(seen[0].body, json.as_bytes(), "stdin, byte for byte");
    assert_eq!(seen[0].header("content-type"), Some("application/json"));
    assert_eq!(seen[1].method, "PUT");
    assert_eq!(seen[1].body, b"a=1&b=two");
    assert_eq!(
        seen[1].header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(seen[2].body, b"<x/>");
    assert_eq!(seen[2].header("content-type"), Some("application/xml"));

    home.run(&["invoke", "header", "POST", "/x", "-d", "@/no/such/file"])
        .code(2);
}

#[test]
fn fail_exits_22_on_http_errors_and_still_prints_the_body() {
    let server = Server::start(404, "application/json", r#"{"error":"no such thing"}"#);
    let home = home(&server);
    let out = home
        .run(&["invoke", "header", "GET", "/missing", "--fail"])
        .code(22);
    assert_eq!(stdout(&out), r#"{"error":"no such thing"}"#);
    assert!(stderr(&out).contains("HTTP 404"), "{}", stderr(&out));
    // Without --fail, an HTTP error is still an answer: exit 0, status on stderr.
    let out = home.run(&["invoke", "header", "GET", "/missing"]).success();
    assert!(
        stderr(&out).contains("HTTP 404 Not Found"),
        "{}",
        stderr(&out)
    );
    let server = Server::start(503, "text/plain", "down");
    let home = self::home(&server);
    home.run(&["invoke", "header", "GET", "/", "--fail"])
        .code(22)
        .stdout("down");
}

#[test]
fn a_server_that_never_answers_times_out_with_exit_5() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            held.push(stream); // accepted, never answered
        }
    });
    let home = Home::new();
    let (_, toml) = &connectors(port)[1];
    home.import_connector("header-api.toml", toml).success();
    home.cmd()
        .env("SECRET", KEY)
        .args([
            "connection",
            "create",
            "header",
            "--connector",
            "header-api",
        ])
        .args(["--param", "prefix=api", "--authorize", "--account", "a"])
        .args(["--param", "api_key=env:SECRET"])
        .write_stdin("")
        .assert()
        .success();
    let started = Instant::now();
    let out = home
        .run(&["invoke", "header", "GET", "/slow", "--timeout", "1"])
        .code(5);
    let took = started.elapsed();
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert!(
        stderr(&out).contains("did not answer within 1 s"),
        "{}",
        stderr(&out)
    );
    no_secret(&out);
}

#[test]
fn a_refused_connection_exits_5() {
    let server = Server::start(200, "text/plain", "x");
    let home = home(&server);
    // A port nobody listens on (bound, then released).
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = home
        .run(&[
            "invoke",
            "query",
            "GET",
            &format!("http://127.0.0.1:{closed}/x"),
            "--allow-any-host",
        ])
        .code(5);
    assert!(stderr(&out).contains("cannot connect"), "{}", stderr(&out));
    no_secret(&out);
}

#[test]
fn json_is_reindented_for_a_terminal_only() {
    let server = Server::start(
        200,
        "application/json; charset=utf-8",
        r#"{"z":1,"a":[true,null]}"#,
    );
    let home = home(&server);
    let steps = home.write("steps.json", "[]");
    let driver = format!("{}/tests/support/pty_run.py", env!("CARGO_MANIFEST_DIR"));
    let bin = assert_cmd::cargo::cargo_bin("tether");
    let out = std::process::Command::new("python3")
        .arg(&driver)
        .arg(&steps)
        .arg(&bin)
        .args(["invoke", "header", "GET", "/j"])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("TETHER_HOME", home.state())
        .env("TETHER_VAULT_KEY", &home.vault_key)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let transcript = String::from_utf8_lossy(&out.stdout);
    assert!(
        transcript.contains("{\n  \"z\": 1,\n  \"a\": [\n    true,\n    null\n  ]\n}\n"),
        "pretty, in the server's key order: {transcript:?}"
    );
}

// ---- OAuth2 against the real authorization server

/// A home with the OAuth2 connection `files` (public client, PKCE) authorized as `alice`.
fn oauth_home(server: &OidcServer) -> Home {
    let home = oidc::public_files_home(&server.connector_toml("files", "none"));
    home.cmd()
        .env("BROWSER", OidcServer::browser_path())
        .env("BROWSER_LOG", home.path().join("browser.log"))
        .env("BROWSER_QUIET", "1")
        .args(["connection", "create", "files", "--connector", "files"])
        .args(["--scope", "files.read", "--authorize", "--account", "alice"])
        .args(["--timeout", "60"])
        .write_stdin("")
        .assert()
        .success();
    home
}

fn token(home: &Home) -> String {
    stdout(&home.run(&["token", "files"]).success())
        .trim_end()
        .to_owned()
}

/// RFC 7009 revocation of one token at the server, as the public client.
fn revoke(server: &OidcServer, token: &str, hint: &str) {
    let form = [
        ("token", token),
        ("token_type_hint", hint),
        ("client_id", oidc::NATIVE_PUBLIC),
    ];
    let (status, body) =
        crate::common::http::post_form(&server.url("/token/revocation"), &form, None);
    assert_eq!(status, 200, "revocation: {body}");
}

#[test]
fn oauth2_bearer_token_at_the_real_server() {
    let server = OidcServer::start();
    let home = oauth_home(&server);
    let access = token(&home);
    server.reset_stats();
    let out = home
        .run(&[
            "invoke",
            "files",
            "POST",
            "/api/echo?n=1",
            "-d",
            r#"{"a":1}"#,
        ])
        .success();
    let echo: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(echo["method"], "POST");
    assert_eq!(echo["path"], "/api/echo");
    assert_eq!(echo["query"], "n=1");
    assert_eq!(echo["body"], r#"{"a":1}"#);
    assert_eq!(echo["headers"]["content-type"], "application/json");
    assert_eq!(echo["token"]["sub"], "alice");
    assert_eq!(echo["token"]["client_id"], oidc::NATIVE_PUBLIC);
    assert!(!stderr(&out).contains(&access));
    let stats = server.stats();
    assert_eq!(stats["api_calls"], 1);
    assert_eq!(stats["refresh"], 0, "a valid token is used as is");
}

#[test]
fn a_revoked_access_token_is_refreshed_once_and_the_request_retried() {
    let server = OidcServer::start();
    let home = oauth_home(&server);
    let revoked = token(&home);
    // The access token is revoked, the refresh token stays valid: what a provider does when it
    // cuts a token short (password change, admin action, key rotation).
    revoke(&server, &revoked, "access_token");
    let (code, _) = crate::common::http::get(&server.url("/api/me"), Some(&revoked));
    assert_eq!(code, 401, "the server rejects the revoked token");
    server.reset_stats();

    let out = home
        .run(&["-v", "invoke", "files", "GET", "/api/me"])
        .success();
    let me: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(me["sub"], "alice");
    let stats = server.stats();
    assert_eq!(stats["refresh"], 1, "refreshed exactly once: {stats}");
    assert_eq!(stats["api_unauthorized"], 1, "{stats}");
    assert_eq!(stats["api_calls"], 2, "sent twice: {stats}");
    assert!(
        stderr(&out).contains("sending the request again"),
        "{}",
        stderr(&out)
    );

    // The rotated tokens were stored: the next call needs no refresh.
    let fresh = token(&home);
    assert_ne!(fresh, revoked);
    home.run(&["invoke", "files", "GET", "/api/me"]).success();
    assert_eq!(server.stats()["refresh"], 1);
    assert!(!stderr(&out).contains(&fresh) && !stderr(&out).contains(&revoked));
}

#[test]
fn a_401_with_a_rejected_refresh_token_needs_reauthorization() {
    let server = OidcServer::start();
    let home = oauth_home(&server);
    let home_dir = home.state();
    let before = tree::snapshot(&home_dir);
    // A 401 and a refresh rotate the refresh token; putting an old copy of the whole home
    // back (as a copied home does) makes tether hold a revoked access token and a rotated-out
    // refresh token, which the provider rejects (and, as rotation requires, revokes the whole
    // grant).
    revoke(&server, &token(&home), "access_token");
    home.run(&["invoke", "files", "GET", "/api/me"]).success();
    tree::restore(&home_dir, &before);
    server.reset_stats();

    let out = home.run(&["invoke", "files", "GET", "/api/me"]).code(3);
    assert!(
        stderr(&out).contains("tether connection reauthorize files --env development"),
        "{}",
        stderr(&out)
    );
    let stats = server.stats();
    assert_eq!(stats["refresh"], 1, "{stats}");
    assert_eq!(stats["token_errors"]["invalid_grant"], 1, "{stats}");
    assert_eq!(stats["api_calls"], 1, "not sent again: {stats}");
    let details = home
        .run(&["connection", "details", "files", "--json"])
        .success();
    let json: serde_json::Value = serde_json::from_str(&stdout(&details)).unwrap();
    assert_eq!(
        json["environments"]["development"]["status"],
        "needs-reauthorization"
    );
}
