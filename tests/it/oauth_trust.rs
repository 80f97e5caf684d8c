//! What tether trusts of the provider and of the loopback: `iss` in redirects, the tokens and
//! token types a token endpoint returns, provider error text that repeats the request's
//! secrets, requests to the loopback listener that are huge or never finish, and what is
//! pasted back in the paste flow. Against the real authorization server (`tests/oidc`) where
//! it can produce the case, an in-process fake where only a faulty provider would.

use std::fmt::Write as _;
use std::io::{BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

use crate::common::library;
use crate::common::oidc::{self, OidcServer, TestBrowser, with_browser};
use crate::common::paste;
use crate::common::server::{Seen, Server};
use crate::common::{Home, stderr, stdout};
use base64::Engine as _;
use tether::connector::Connector;
use tether::context::{Context, Verbosity};
use tether::error::Error;
use tether::oauth::{
    ClientApp, Countdown, Expect, Flow, FlowOptions, IssuerRule, Loopback, OAuthError, Provider,
    TokenStore, Tokens, fresh_tokens_with,
};
use tether::secret::Secret;
use time::OffsetDateTime;

// ------------------------------------------------------------------------------------------
// An in-process token endpoint whose answer is computed from the request it received.

/// A token endpoint that answers every request with `reply(request)`: (status, JSON body).
fn fake(reply: impl Fn(&Seen) -> (u16, String) + Send + 'static) -> Server {
    Server::answering(0, move |seen| {
        let (status, body) = reply(seen);
        (status, "application/json", body)
    })
}

fn quiet_ctx() -> (Context, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    (library::context(dir.path(), Verbosity::Quiet), dir)
}

fn fake_connector(fake: &Server, client_auth: &str) -> Connector {
    let base = fake.url("");
    toml::from_str(&format!(
        r#"id = "fake"
name = "Fake"
auth = "oauth2"

[oauth2]
authorization_url = "{base}/auth"
token_url = "{base}/token"
scopes = ["a"]
client_auth = "{client_auth}"
"#
    ))
    .unwrap()
}

const CLIENT_ID: &str = "trust client";
// ':' and '%' and '+' and a space: each encoding of it differs from the others.
const CLIENT_SECRET: &str = "tr:st%s3cret+value with/space";
const REFRESH_TOKEN: &str = "rt/with+plus and:colon";

fn fake_client() -> ClientApp {
    ClientApp {
        id: CLIENT_ID.into(),
        secret: Some(Secret::from(CLIENT_SECRET)),
    }
}

fn due_tokens() -> Tokens {
    Tokens {
        access_token: Secret::from("old-access"),
        refresh_token: Some(Secret::from(REFRESH_TOKEN)),
        token_type: "Bearer".into(),
        expires_at: Some(OffsetDateTime::now_utc() - time::Duration::minutes(1)),
        scopes: vec!["a".into()],
        captured: std::collections::BTreeMap::new(),
        issued_at: None,
        refresh_expires_at: None,
        refresh_rotates: false,
        id_token: None,
    }
}

fn refresh_at(fake: &Server, client_auth: &str) -> tether::error::Result<Tokens> {
    let (ctx, _dir) = quiet_ctx();
    let connector = fake_connector(fake, client_auth);
    let client = fake_client();
    Provider::new(&ctx, &connector, &client)
        .unwrap()
        .refresh(&due_tokens())
}

/// `application/x-www-form-urlencoded`: space as `+`.
fn form(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// RFC 3986 percent-encoding of everything but the unreserved characters, in either case.
fn percent(s: &str, lower: bool) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else if lower {
            let _ = write!(out, "%{b:02x}");
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn form_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={s}").as_bytes())
        .next()
        .unwrap()
        .1
        .into_owned()
}

/// Every way `secret` (or the client's credentials) could be written in an echo.
fn encodings(id: &str, secret: &str) -> Vec<String> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    let mut all = vec![
        secret.to_owned(),
        form(secret),
        form(secret).to_ascii_lowercase(),
        percent(secret, false),
        percent(secret, true),
    ];
    for pair in [
        format!("{id}:{secret}"),
        format!("{}:{}", form(id), form(secret)),
    ] {
        for engine in [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD] {
            all.push(engine.encode(&pair));
        }
    }
    all
}

fn assert_hidden(message: &str) {
    for variant in encodings(CLIENT_ID, CLIENT_SECRET)
        .into_iter()
        .chain(encodings(CLIENT_ID, REFRESH_TOKEN).into_iter().take(5))
    {
        assert!(
            !message.contains(&variant),
            "{variant:?} is shown in:\n{message}"
        );
    }
    assert!(message.contains("(redacted)"), "{message}");
}

fn oauth_error(error: &str, description: &str) -> String {
    serde_json::json!({"error": error, "error_description": description}).to_string()
}

/// How a provider repeats the request in its error text.
type Echo = fn(&Seen) -> String;

/// The bytes of the request's HTTP Basic credentials.
fn basic_bytes(seen: &Seen) -> Vec<u8> {
    let header = seen.header("authorization").expect("client_secret_basic");
    base64::engine::general_purpose::STANDARD
        .decode(header.strip_prefix("Basic ").unwrap())
        .unwrap()
}

/// The client secret of the request's HTTP Basic credentials, decoded.
fn basic_secret(seen: &Seen) -> String {
    let text = String::from_utf8(basic_bytes(seen)).unwrap();
    form_decode(text.split_once(':').unwrap().1)
}

#[test]
fn provider_error_text_never_shows_the_basic_client_credentials_in_any_encoding() {
    use base64::engine::general_purpose::{STANDARD, URL_SAFE, URL_SAFE_NO_PAD};
    // The header as received, re-encoded, and decoded.
    let echoes: [(&str, Echo); 6] = [
        ("the Authorization header", |s| {
            format!("bad header {}", s.header("authorization").unwrap())
        }),
        ("URL-safe base64", |s| {
            format!("credentials {}", URL_SAFE.encode(basic_bytes(s)))
        }),
        ("URL-safe base64 without padding", |s| {
            format!("credentials {}", URL_SAFE_NO_PAD.encode(basic_bytes(s)))
        }),
        ("base64 of the decoded pair", |s| {
            let decoded = format!("{}:{}", CLIENT_ID, basic_secret(s));
            format!("credentials {}", STANDARD.encode(decoded))
        }),
        ("the decoded secret", |s| {
            format!("secret {} is wrong", basic_secret(s))
        }),
        ("the secret, percent-encoded in lower case", |s| {
            format!("secret={}", percent(&basic_secret(s), true))
        }),
    ];
    for (what, echo) in echoes {
        let fake = fake(move |seen| (401, oauth_error("invalid_client", &echo(seen))));
        let err = refresh_at(&fake, "basic").unwrap_err();
        assert_eq!(
            tether::cli::diagnose::diagnose(&err).exit,
            2,
            "{what}: {err}"
        );
        let message = err.to_string();
        assert!(message.contains("invalid_client"), "{what}: {message}");
        assert_hidden(&message);
    }
}

#[test]
fn provider_error_text_never_shows_a_form_encoded_secret_or_token() {
    // client_secret_post: the form body as received, and its values re-encoded.
    let echoes: [(&str, Echo); 3] = [
        ("the form body", |s| {
            format!("cannot parse {}", s.body_text())
        }),
        ("the form values percent-encoded", |s| {
            url::form_urlencoded::parse(&s.body)
                .map(|(k, v)| format!("{k}={}", percent(&v, false)))
                .collect::<Vec<_>>()
                .join(" ")
        }),
        ("the refresh token as sent", |s| {
            let token = url::form_urlencoded::parse(&s.body)
                .find(|(k, _)| k == "refresh_token")
                .unwrap()
                .1
                .into_owned();
            format!("refresh token {token} is unknown")
        }),
    ];
    for (what, echo) in echoes {
        let fake = fake(move |seen| (400, oauth_error("invalid_request", &echo(seen))));
        let err = refresh_at(&fake, "post").unwrap_err();
        assert_eq!(
            tether::cli::diagnose::diagnose(&err).exit,
            5,
            "{what}: {err}"
        );
        assert_hidden(&err.to_string());
    }
    // The reason stored with a rejected refresh token holds no secret either.
    let fake = fake(|seen| (400, oauth_error("invalid_grant", seen.body_text())));
    let err = refresh_at(&fake, "post").unwrap_err();
    let Error::OAuth(OAuthError::InvalidGrant { reason }) = &err else {
        panic!("{err}")
    };
    assert_hidden(reason);
}

// ------------------------------------------------------------------------------------------
// What a token endpoint returns.

fn answer(json: &str) -> Server {
    let json = json.to_owned();
    fake(move |_| (200, json.clone()))
}

/// A store in memory that records what the refresh engine does.
#[derive(Default)]
struct MemoryStore {
    tokens: Mutex<Option<Tokens>>,
    saves: Mutex<u32>,
}

impl TokenStore for MemoryStore {
    fn load(&self) -> tether::error::Result<Tokens> {
        Ok(self.tokens.lock().unwrap().clone().unwrap())
    }
    fn save(&self, tokens: &Tokens) -> tether::error::Result<()> {
        *self.saves.lock().unwrap() += 1;
        *self.tokens.lock().unwrap() = Some(tokens.clone());
        Ok(())
    }
    fn mark_needs_reauthorization(&self, _reason: &str) -> tether::error::Result<()> {
        panic!("a malformed answer is not a rejected refresh token");
    }
}

#[test]
fn tokens_outside_the_rfc_6749_character_set_are_refused_and_nothing_is_stored() {
    for (what, json) in [
        (
            "CR/LF in the access token",
            r#"{"access_token":"evil\r\nX-Injected: yes","token_type":"Bearer","expires_in":60}"#,
        ),
        (
            "LF in the access token",
            r#"{"access_token":"evil\nX-Injected: yes","token_type":"Bearer"}"#,
        ),
        (
            "NUL in the access token",
            r#"{"access_token":"evil\u0000x","token_type":"Bearer"}"#,
        ),
        (
            "DEL in the access token",
            r#"{"access_token":"evil\u007fx","token_type":"Bearer"}"#,
        ),
        (
            "non-ASCII in the access token",
            r#"{"access_token":"évil","token_type":"Bearer"}"#,
        ),
        (
            "CR/LF in the refresh token",
            r#"{"access_token":"fine","refresh_token":"evil\r\nX: y","token_type":"Bearer"}"#,
        ),
    ] {
        let fake = answer(json);
        let (ctx, dir) = quiet_ctx();
        let connector = fake_connector(&fake, "basic");
        let client = fake_client();
        let provider = Provider::new(&ctx, &connector, &client).unwrap();
        let store = MemoryStore::default();
        *store.tokens.lock().unwrap() = Some(due_tokens());
        let err = fresh_tokens_with(&provider, &dir.path().join("a.lock"), &store).unwrap_err();
        assert_eq!(
            tether::cli::diagnose::diagnose(&err).exit,
            5,
            "{what}: {err}"
        );
        let message = tether::cli::diagnose::diagnose(&err).to_text();
        assert!(
            message.contains(&fake.url("")),
            "names the provider: {message}"
        );
        assert!(message.contains("hint:"), "{message}");
        assert!(
            !message.contains("evil"),
            "{what}: the token is not shown: {message}"
        );
        assert_eq!(*store.saves.lock().unwrap(), 0, "{what}: nothing stored");
        let kept = store.load().unwrap();
        assert_eq!(kept.access_token.expose(), "old-access");
        assert_eq!(kept.refresh_token.unwrap().expose(), REFRESH_TOKEN);
        assert_eq!(fake.seen().len(), 1);
    }
}

#[test]
fn token_types_tether_does_not_implement_are_refused() {
    for token_type in ["mac", "DPoP", "N_A"] {
        let fake = answer(&format!(
            r#"{{"access_token":"new-access","refresh_token":"rotated","token_type":"{token_type}"}}"#
        ));
        let err = refresh_at(&fake, "basic").unwrap_err();
        assert_eq!(
            tether::cli::diagnose::diagnose(&err).exit,
            5,
            "{token_type}: {err}"
        );
        let message = err.to_string();
        assert!(message.contains(token_type), "{message}");
        assert!(message.contains("Bearer"), "{message}");
        assert!(!message.contains("new-access"), "{message}");
    }
    // Bearer in any case, and the providers that leave token_type out, are Bearer.
    for json in [
        r#"{"access_token":"new-access","token_type":"BEARER"}"#,
        r#"{"access_token":"new-access"}"#,
        r#"{"access_token":"a token with spaces ~!","token_type":"bearer"}"#,
    ] {
        let tokens = refresh_at(&answer(json), "basic").unwrap();
        assert_eq!(tokens.token_type, "Bearer", "{json}");
    }
}

// ------------------------------------------------------------------------------------------
// The real authorization server, through the library: `iss` and the paste flow.

fn oidc_connector(server: &OidcServer, edit: impl FnOnce(String) -> String) -> Connector {
    toml::from_str(&edit(server.connector_toml("oidc", "none"))).unwrap()
}

fn public_client() -> ClientApp {
    ClientApp {
        id: oidc::NATIVE_PUBLIC.into(),
        secret: None,
    }
}

fn opts() -> FlowOptions {
    FlowOptions {
        open_browser: true,
        port: None,
        timeout: Some(Duration::from_secs(30)),
    }
}

fn browser_flow(
    connector: &Connector,
    env: &[(&str, &str)],
) -> (tether::error::Result<Tokens>, String) {
    let dir = tempfile::tempdir().unwrap();
    let ctx = library::context(dir.path(), Verbosity::Quiet);
    let browser = TestBrowser::new(dir.path(), env);
    let client = public_client();
    let result = Provider::new(&ctx, connector, &client)
        .unwrap()
        .with_opener(&browser)
        .run_flow(&["files.read".to_owned()], Flow::Browser, &opts());
    (result, browser.log())
}

#[test]
fn a_redirect_without_iss_is_refused_when_the_connector_names_an_issuer() {
    let server = OidcServer::start();
    // oidc-provider sends `iss` (and says so in its metadata); the browser drops it on the way.
    assert_eq!(
        server.discovery()["authorization_response_iss_parameter_supported"],
        true
    );
    let connector = oidc_connector(&server, |t| t);
    let (result, log) = browser_flow(&connector, &[("BROWSER_TAMPER", "drop-iss")]);
    let err = result.unwrap_err();
    assert_eq!(
        tether::cli::diagnose::diagnose(&err).exit,
        5,
        "{err}\n{log}"
    );
    let message = err.to_string();
    assert!(message.contains("no `iss`"), "{message}");
    assert!(message.contains(&server.issuer), "{message}");
    assert!(message.contains("RFC 9207"), "{message}");
    assert_eq!(server.stats()["token_requests"], 0, "no code was exchanged");

    // The connector's issuer is compared exactly: the same origin with a path is another issuer.
    let other = oidc_connector(&server, |t| {
        t.replace(
            &format!("issuer = \"{}\"", server.issuer),
            &format!("issuer = \"{}/tenant\"", server.issuer),
        )
    });
    let (result, log) = browser_flow(&other, &[]);
    let err = result.unwrap_err();
    assert_eq!(
        tether::cli::diagnose::diagnose(&err).exit,
        5,
        "{err}\n{log}"
    );
    assert!(err.to_string().contains("/tenant"), "{err}");

    // `require_iss = false` (a provider that does not promise `iss`): a redirect without it is
    // accepted, and one that carries it is still compared exactly.
    let optional = |issuer: &str| {
        oidc_connector(&server, |t| {
            t.replace(
                &format!("issuer = \"{}\"", server.issuer),
                &format!("issuer = \"{issuer}\"\nrequire_iss = false"),
            )
        })
    };
    let (result, log) = browser_flow(&optional(&server.issuer), &[("BROWSER_TAMPER", "drop-iss")]);
    result.unwrap_or_else(|e| panic!("{e}\n{log}"));
    let (result, log) = browser_flow(&optional(&format!("{}/", server.issuer)), &[]);
    let err = result.unwrap_err();
    assert_eq!(
        tether::cli::diagnose::diagnose(&err).exit,
        5,
        "{err}\n{log}"
    );

    // Without an issuer in the connector there is nothing to require; a present `iss` is still
    // checked against the authorization URL's origin, and the untouched flow works.
    let no_issuer = oidc_connector(&server, |t| {
        t.replace(&format!("issuer = \"{}\"\n", server.issuer), "")
    });
    let (result, log) = browser_flow(&no_issuer, &[("BROWSER_TAMPER", "drop-iss")]);
    result.unwrap_or_else(|e| panic!("{e}\n{log}"));
    let (result, log) = browser_flow(&connector, &[]);
    result.unwrap_or_else(|e| panic!("{e}\n{log}"));
}

/// The paste flow where the person pastes only the `code` of the redirect.
fn paste_bare_code(connector: &Connector, client: &ClientApp) -> tether::error::Result<Tokens> {
    // Where the browser lands; the person copies only the code from the address.
    let (landing, typed) = paste::landing(|address| {
        let url = url::Url::parse(address).unwrap();
        let code = url.query_pairs().find(|(k, _)| k == "code").unwrap().1;
        format!("{code}\n")
    });
    let port = landing.port();
    let dir = tempfile::tempdir().unwrap();
    let ctx = library::context(dir.path(), Verbosity::Quiet);
    let browser = TestBrowser::new(dir.path(), &[]);
    let options = FlowOptions {
        port: Some(port),
        ..opts()
    };
    let mut stdin = BufReader::new(typed);
    Provider::new(&ctx, connector, client)
        .unwrap()
        .with_opener(&browser)
        .paste(&["files.read".to_owned()], &options, &mut stdin)
}

#[test]
fn a_bare_pasted_code_is_accepted_only_when_pkce_protects_the_exchange() {
    let server = OidcServer::start_with(&[("OIDC_PKCE_CONFIDENTIAL", "0")]);
    let confidential = ClientApp {
        id: oidc::CONFIDENTIAL.into(),
        secret: Some(Secret::from(oidc::CONFIDENTIAL_SECRET)),
    };
    let with_pkce: Connector = toml::from_str(&server.connector_toml("oidc", "basic")).unwrap();
    let tokens = paste_bare_code(&with_pkce, &confidential).unwrap();
    let (status, _) =
        crate::common::http::get(&server.url("/api/me"), Some(tokens.access_token.expose()));
    assert_eq!(status, 200);

    server.reset_stats();
    let without_pkce: Connector = toml::from_str(
        &server
            .connector_toml("oidc", "basic")
            .replace("pkce = true", "pkce = false"),
    )
    .unwrap();
    let err = paste_bare_code(&without_pkce, &confidential).unwrap_err();
    assert_eq!(tether::cli::diagnose::diagnose(&err).exit, 2, "{err}");
    let message = tether::cli::diagnose::diagnose(&err).to_text();
    assert!(message.contains("state"), "{message}");
    assert!(message.contains("whole address"), "{message}");
    assert_eq!(
        server.stats()["token_requests"],
        0,
        "a code that cannot be tied to this authorization is not exchanged"
    );
}

// ------------------------------------------------------------------------------------------
// The loopback listener.

fn port_of(listener: &Loopback) -> u16 {
    url::Url::parse(listener.redirect_uri())
        .unwrap()
        .port()
        .unwrap()
}

/// Waits in `listener` for the callback with state `the-state` while `client` runs.
fn wait_with<T: Send + 'static>(
    listener: &Loopback,
    rule: &IssuerRule,
    timeout: Duration,
    client: impl FnOnce(u16) -> T + Send + 'static,
) -> (tether::error::Result<Secret>, T) {
    let port = port_of(listener);
    let handle = thread::spawn(move || client(port));
    let state = Secret::from("the-state");
    let expect = Expect {
        path: "/callback",
        state: &state,
        issuer: rule,
        capture: &[],
    };
    let mut countdown = Countdown::silent(timeout);
    let result = listener
        .wait(&expect, &mut countdown, "Test")
        .map(|callback| callback.code);
    (result, handle.join().unwrap())
}

/// GET `target`; the status, or 0 when the connection ended without one.
fn get(port: u16, target: &str) -> u16 {
    crate::common::http::try_get(&format!("http://127.0.0.1:{port}{target}"))
        .map_or(0, |answer| answer.status)
}

/// The status a raw request was answered with, or 0 when the connection ended without one.
fn status_of(stream: &mut TcpStream) -> u16 {
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    String::from_utf8_lossy(&raw)
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// Sends `head` (ignoring a connection the listener has already closed) and reads the answer.
fn send_huge(port: u16, head: &[u8]) -> u16 {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let _ = stream.write_all(head);
    status_of(&mut stream)
}

const TEN_MB: usize = 10 * 1024 * 1024;

#[test]
fn a_callback_without_iss_is_refused_when_an_issuer_is_required() {
    let listener = Loopback::bind("127.0.0.1", 0, "/callback").unwrap();
    let rule = IssuerRule::Exact("http://issuer.test".into());
    let (result, status) = wait_with(&listener, &rule, Duration::from_secs(10), |port| {
        get(port, "/callback?state=the-state&code=c")
    });
    assert_eq!(status, 400);
    let err = result.unwrap_err();
    assert_eq!(tether::cli::diagnose::diagnose(&err).exit, 5, "{err}");
    assert!(err.to_string().contains("no `iss`"), "{err}");
}

#[test]
fn oversized_requests_are_dropped_and_the_wait_goes_on() {
    let listener = Loopback::bind("127.0.0.1", 0, "/callback").unwrap();
    let rule = IssuerRule::Exact("http://issuer.test".into());
    let (result, statuses) = wait_with(&listener, &rule, Duration::from_secs(60), |port| {
        let mut line = b"GET /callback?x=".to_vec();
        line.resize(TEN_MB, b'a');
        line.extend_from_slice(b" HTTP/1.1\r\n\r\n");
        let mut headers = b"GET /callback HTTP/1.1\r\n".to_vec();
        while headers.len() < TEN_MB {
            headers
                .extend_from_slice(b"X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
        }
        headers.extend_from_slice(b"\r\n");
        let garbage = b"\x16\x03\x01 not http at all\r\n\r\n".to_vec();
        vec![
            send_huge(port, &line),
            send_huge(port, &headers),
            send_huge(port, &garbage),
            get(
                port,
                "/callback?state=the-state&code=the-code&iss=http%3A%2F%2Fissuer.test",
            ),
        ]
    });
    assert_eq!(result.unwrap().expose(), "the-code");
    // Refused with an answer when the listener gets to send one, or just cut off.
    for status in &statuses[..3] {
        assert!([0, 400, 414, 431].contains(status), "{statuses:?}");
    }
    assert_eq!(statuses[3], 200);
}

#[test]
fn a_connection_that_never_finishes_its_request_is_dropped_and_the_wait_goes_on() {
    let listener = Loopback::bind("127.0.0.1", 0, "/callback").unwrap();
    let rule = IssuerRule::Exact("http://issuer.test".into());
    let (result, (silent, partial)) =
        wait_with(&listener, &rule, Duration::from_secs(120), |port| {
            let mut silent = TcpStream::connect(("127.0.0.1", port)).unwrap();
            let mut partial = TcpStream::connect(("127.0.0.1", port)).unwrap();
            partial.write_all(b"GET /callback?state=the-state").unwrap();
            for stream in [&silent, &partial] {
                stream
                    .set_read_timeout(Some(Duration::from_secs(60)))
                    .unwrap();
            }
            // Each ends from the listener's side long before the client's 60 s limit.
            let started = Instant::now();
            let silent_status = status_of(&mut silent);
            let partial_status = status_of(&mut partial);
            let waited = started.elapsed();
            assert!(
                waited < Duration::from_secs(55),
                "the listener never dropped the stalled connections ({waited:?})"
            );
            get(
                port,
                "/callback?state=the-state&code=the-code&iss=http%3A%2F%2Fissuer.test",
            );
            (silent_status, partial_status)
        });
    assert_eq!(result.unwrap().expose(), "the-code");
    assert!([0, 408].contains(&silent), "{silent}");
    assert!([0, 408].contains(&partial), "{partial}");
}

// ------------------------------------------------------------------------------------------
// Through the binary.

/// A home with the connector `files` for `server` and the public client.
fn home_for(server: &OidcServer, buffer: u64) -> Home {
    let home = Home::new();
    let toml = server.connector_toml("files", "none").replace(
        "expiry_buffer_secs = 10",
        &format!("expiry_buffer_secs = {buffer}"),
    );
    home.import_connector("files.toml", &toml).success();
    home.cmd()
        .args(["connector", "configure", "files", "--client-id"])
        .arg(oidc::NATIVE_PUBLIC)
        .write_stdin("")
        .assert()
        .success();
    home
}

fn create_args() -> [&'static str; 12] {
    [
        "connection",
        "create",
        "files",
        "--connector",
        "files",
        "--scope",
        "files.read",
        "--authorize",
        "--account",
        "alice",
        "--timeout",
        "300",
    ]
}

/// A token response the provider should never send, injected for the next `grant_type`.
fn inject_answer(server: &OidcServer, grant_type: &str, json: &str) {
    server.inject(&format!(
        "grant_type={grant_type}&status=200&type=application%2Fjson&body={}",
        form(json)
    ));
}

#[test]
fn header_never_prints_an_injected_line_and_the_connection_stays_as_it_was() {
    // The first access token has expired by the time `header` runs; refreshed ones last.
    let server = OidcServer::start_with(&[
        ("OIDC_INITIAL_ACCESS_TOKEN_TTL", "1"),
        ("OIDC_ACCESS_TOKEN_TTL", "3600"),
    ]);
    let home = home_for(&server, 0);
    with_browser(&home, "browser.log")
        .args(create_args())
        .write_stdin("")
        .assert()
        .success();
    let authorized =
        home.json(&["connection", "details", "files", "--json"])["environments"]["development"]
            .clone();
    thread::sleep(Duration::from_millis(1500));
    for (problem, json) in [
        (
            "access_token",
            r#"{"access_token":"evil\r\nX-Injected: yes","refresh_token":"evil-rotated","token_type":"Bearer","expires_in":3600}"#,
        ),
        (
            "mac",
            r#"{"access_token":"mac-token","refresh_token":"evil-rotated","token_type":"mac","expires_in":3600,"mac_key":"k","mac_algorithm":"hmac-sha-256"}"#,
        ),
        (
            "DPoP",
            r#"{"access_token":"dpop-token","refresh_token":"evil-rotated","token_type":"DPoP","expires_in":3600}"#,
        ),
    ] {
        inject_answer(&server, "refresh_token", json);
        let out = home.run(&["header", "files"]).code(5);
        assert_eq!(stdout(&out), "", "{problem}: nothing on stdout");
        let err = stderr(&out);
        assert!(err.contains(problem), "{problem}: {err}");
        assert!(err.contains(&server.url("/token")), "{err}");
        assert!(
            !err.contains("X-Injected") && !err.contains("-token"),
            "{err}"
        );
        let details = home.json(&["connection", "details", "files", "--json"]);
        assert_eq!(
            details["environments"]["development"], authorized,
            "{problem}: nothing changed"
        );
    }
    // The stored refresh token is still the one the provider issued: the next refresh works.
    server.reset_stats();
    let out = home.run(&["header", "files"]).success();
    let line = stdout(&out);
    let token = line
        .trim_end()
        .strip_prefix("Authorization: Bearer ")
        .unwrap_or_else(|| panic!("{line}"));
    let (status, _) = crate::common::http::get(&server.url("/api/me"), Some(token));
    assert_eq!(status, 200);
    assert_eq!(server.stats()["refresh"], 1);
}

#[test]
fn an_authorization_answered_with_a_malformed_token_creates_nothing() {
    let server = OidcServer::start();
    let home = home_for(&server, 10);
    inject_answer(
        &server,
        "authorization_code",
        r#"{"access_token":"evil\r\nX-Injected: yes","token_type":"Bearer","expires_in":60}"#,
    );
    let out = with_browser(&home, "browser.log")
        .args(create_args())
        .write_stdin("")
        .assert()
        .code(5);
    assert!(stderr(&out).contains("access_token"), "{}", stderr(&out));
    home.run(&["connection", "details", "files"]).code(2);
    let accounts = home.json(&["account", "list", "--json"]);
    assert_eq!(
        accounts.as_array().map_or(0, Vec::len),
        0,
        "no account: {accounts}"
    );
}

/// The peak resident memory of process `pid`, in KiB.
fn peak_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("no VmHWM in /proc/{pid}/status: tether has exited"))
}

#[test]
fn a_ten_megabyte_request_to_the_listener_leaves_memory_bounded_and_the_flow_completes() {
    let server = OidcServer::start();
    let home = home_for(&server, 10);
    let log = home.path().join("browser.log");
    let hold = home.path().join("deliver-now");
    let bin = assert_cmd::cargo::cargo_bin("tether");
    let child = Command::new(bin)
        .args(create_args())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("TETHER_HOME", home.state())
        .env("TETHER_VAULT_KEY", &home.vault_key)
        .env("NO_COLOR", "1")
        .env("BROWSER", OidcServer::browser_path())
        .env("BROWSER_LOG", &log)
        .env("BROWSER_QUIET", "1")
        .env("BROWSER_HOLD", &hold)
        .env("BROWSER_TIMEOUT_MS", "300000")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The person has approved; the browser holds the redirect until told to deliver it.
    let text = oidc::wait_for_log(&log, "hold ", Duration::from_secs(60));
    let opened = text.lines().find_map(|l| l.strip_prefix("open ")).unwrap();
    let redirect = url::Url::parse(opened)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "redirect_uri")
        .unwrap()
        .1
        .into_owned();
    let port = url::Url::parse(&redirect).unwrap().port().unwrap();

    let before = peak_kib(child.id());
    let mut huge = b"GET /callback?state=".to_vec();
    huge.resize(TEN_MB, b'a');
    huge.extend_from_slice(b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    send_huge(port, &huge);
    let after = peak_kib(child.id());
    // Reading the whole request would take at least its 10 MiB.
    assert!(
        after.saturating_sub(before) < 4 * 1024,
        "tether grew from {before} KiB to {after} KiB on one request"
    );

    std::fs::write(&hold, "").unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stderr),
        std::fs::read_to_string(&log).unwrap_or_default()
    );
    let out = home.run(&["token", "files"]).success();
    let (status, _) =
        crate::common::http::get(&server.url("/api/me"), Some(stdout(&out).trim_end()));
    assert_eq!(status, 200);
}
