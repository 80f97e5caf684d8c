//! Faults a real authorization server cannot be made to produce, from an in-process fake
//! server: a token endpoint that hangs, answers HTML or garbage, drops the connection or
//! redirects; device polling with `slow_down` and `expired_token`; and the refresh engine's
//! handling of each.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use crate::common::library;
use base64::Engine as _;
use tether::connector::Connector;
use tether::context::{Context, Verbosity};
use tether::error::Error;
use tether::http::Timeouts;
use tether::oauth::{
    ClientApp, Flow, FlowOptions, OAuthError, Opener, Pace, Provider, RevokeOutcome, TokenStore,
    Tokens, fresh_tokens_with,
};
use tether::secret::Secret;
use time::OffsetDateTime;

const CLIENT_SECRET: &str = "fault:secret%value+";
const REFRESH_TOKEN: &str = "refresh-token-value-123";

/// What the fake server does with one connection.
#[derive(Clone)]
enum Act {
    Answer {
        status: u16,
        content_type: &'static str,
        body: String,
    },
    /// Answers only after this long (longer than the client's limit).
    Hang(Duration),
    /// Closes the connection without a word.
    Drop,
    /// 302 to this URL.
    Redirect(String),
}

fn json(status: u16, body: &str) -> Act {
    Act::Answer {
        status,
        content_type: "application/json",
        body: body.to_owned(),
    }
}

/// One request as the fake server saw it.
#[derive(Debug, Clone)]
struct Seen {
    path: String,
    headers: Vec<(String, String)>,
    body: String,
}

/// A fake HTTP server answering each connection with the next scripted act.
struct Fake {
    base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Fake {
    fn start(acts: Vec<Act>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let mut acts: VecDeque<Act> = acts.into();
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { break };
                let Some(act) = acts.pop_front() else { break };
                let log = Arc::clone(&log);
                // One thread a connection, so a hanging answer does not block the next one.
                thread::spawn(move || serve(stream, &act, &log));
            }
        });
        Self { base, seen }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

fn serve(stream: TcpStream, act: &Act, log: &Mutex<Vec<Seen>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let path = line
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h).unwrap();
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
        }
    }
    let length = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    log.lock().unwrap().push(Seen {
        path,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    });
    let mut stream = stream;
    match act {
        Act::Answer {
            status,
            content_type,
            body,
        } => {
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
        Act::Redirect(to) => {
            let _ = write!(
                stream,
                "HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
        Act::Hang(d) => thread::sleep(*d),
        Act::Drop => drop(stream),
    }
}

fn ctx() -> (Context, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    (library::context(dir.path(), Verbosity::Quiet), dir)
}

fn connector(fake: &Fake, extra: &str) -> Connector {
    let base = &fake.base;
    toml::from_str(&format!(
        r#"id = "fake"
name = "Fake"
auth = "oauth2"

[oauth2]
authorization_url = "{base}/auth"
token_url = "{base}/token"
device_authorization_url = "{base}/device"
revocation_url = "{base}/revoke"
scopes = ["a", "b"]
client_auth = "basic"
{extra}
"#
    ))
    .unwrap()
}

fn client() -> ClientApp {
    ClientApp {
        id: "fake-client".into(),
        secret: Some(Secret::from(CLIENT_SECRET)),
    }
}

fn due_tokens() -> Tokens {
    Tokens {
        access_token: Secret::from("old-access"),
        refresh_token: Some(Secret::from(REFRESH_TOKEN)),
        token_type: "Bearer".into(),
        expires_at: Some(OffsetDateTime::now_utc() - time::Duration::minutes(1)),
        issued_at: None,
        refresh_expires_at: None,
        refresh_rotates: false,
        scopes: vec!["a".into()],
        captured: std::collections::BTreeMap::new(),
        id_token: None,
    }
}

fn short() -> Timeouts {
    Timeouts {
        connect: Duration::from_secs(2),
        request: Duration::from_millis(400),
    }
}

/// No secret of the test appears in `text`.
fn assert_no_secret(text: &str) {
    for secret in [
        CLIENT_SECRET,
        REFRESH_TOKEN,
        "old-access",
        "device-code-secret",
        "new-access",
    ] {
        assert!(!text.contains(secret), "a secret leaked: {text}");
    }
}

fn refresh_against(acts: Vec<Act>) -> (tether::error::Result<Tokens>, Vec<Seen>) {
    let fake = Fake::start(acts);
    let (ctx, _dir) = ctx();
    let connector = connector(&fake, "");
    let client = client();
    let provider = Provider::new(&ctx, &connector, &client)
        .unwrap()
        .with_timeouts(short());
    let result = provider.refresh(&due_tokens());
    (result, fake.seen())
}

#[test]
fn a_hanging_token_endpoint_is_a_provider_failure_after_the_time_limit() {
    let started = std::time::Instant::now();
    let (result, _) = refresh_against(vec![Act::Hang(Duration::from_secs(5))]);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    let err = result.unwrap_err();
    assert_eq!(tether::cli::diagnose::diagnose(&err).exit, 5);
    let message = tether::cli::diagnose::diagnose(&err).to_text();
    assert!(message.contains("did not answer within 0.4 s"), "{message}");
    assert!(message.contains("hint:"), "{message}");
    assert_no_secret(&message);
}

#[test]
fn a_500_with_html_is_a_provider_failure_that_does_not_repeat_the_body() {
    let (result, _) = refresh_against(vec![Act::Answer {
        status: 500,
        content_type: "text/html; charset=utf-8",
        body: "<html><body>Internal stack trace SECRET-LOOKING-BODY</body></html>".into(),
    }]);
    let err = result.unwrap_err();
    assert_eq!(tether::cli::diagnose::diagnose(&err).exit, 5);
    let message = tether::cli::diagnose::diagnose(&err).to_text();
    assert!(message.contains("HTTP 500"), "{message}");
    assert!(message.contains("text/html"), "{message}");
    assert!(message.contains("try again later"), "{message}");
    assert!(!message.contains("SECRET-LOOKING-BODY"), "{message}");
}

#[test]
fn garbage_json_is_a_provider_failure() {
    let (result, _) = refresh_against(vec![json(200, "{\"access_token\": \"new-access\", oops")]);
    let err = result.unwrap_err();
    assert_eq!(tether::cli::diagnose::diagnose(&err).exit, 5);
    let message = err.to_string();
    assert!(
        message.contains("HTTP 200") && message.contains("not a JSON object"),
        "{message}"
    );
    assert_no_secret(&message);

    let (result, _) = refresh_against(vec![json(200, r#"{"token_type":"Bearer"}"#)]);
    let message = result.unwrap_err().to_string();
    assert!(message.contains("no `access_token`"), "{message}");
}

#[test]
fn a_dropped_connection_is_a_provider_failure() {
    let (result, _) = refresh_against(vec![Act::Drop]);
    let err = result.unwrap_err();
    assert_eq!(tether::cli::diagnose::diagnose(&err).exit, 5);
    assert_no_secret(&err.to_string());
}

#[test]
fn redirects_are_not_followed() {
    let fake_target = Fake::start(vec![json(200, r#"{"access_token":"new-access"}"#)]);
    let (result, _) = refresh_against(vec![Act::Redirect(fake_target.url("/token"))]);
    let message = result.unwrap_err().to_string();
    assert!(message.contains("redirect (HTTP 302)"), "{message}");
    assert!(message.contains(&fake_target.url("/token")), "{message}");
    assert!(fake_target.seen().is_empty());
}

#[test]
fn invalid_grant_is_distinct_and_other_oauth_errors_are_explained() {
    let (result, _) = refresh_against(vec![json(
        400,
        r#"{"error":"invalid_grant","error_description":"grant request is invalid"}"#,
    )]);
    let err = result.unwrap_err();
    assert!(
        matches!(&err, Error::OAuth(OAuthError::InvalidGrant { reason }) if reason.contains("grant request is invalid")),
        "{err}"
    );
    assert_eq!(tether::cli::diagnose::diagnose(&err).exit, 3);

    let (result, _) = refresh_against(vec![json(401, r#"{"error":"invalid_client"}"#)]);
    let err = result.unwrap_err();
    assert_eq!(tether::cli::diagnose::diagnose(&err).exit, 2);
    assert!(
        tether::cli::diagnose::diagnose(&err)
            .to_text()
            .contains("tether connector configure fake"),
        "{err}"
    );

    let (result, _) = refresh_against(vec![json(503, r#"{"error":"temporarily_unavailable"}"#)]);
    let err = result.unwrap_err();
    assert_eq!(tether::cli::diagnose::diagnose(&err).exit, 5);
    assert!(
        err.to_string()
            .contains("HTTP 503 (temporarily_unavailable)"),
        "{err}"
    );
}

#[test]
fn secrets_a_provider_repeats_in_its_error_are_not_shown() {
    for (status, error) in [
        (400, "invalid_grant"),
        (400, "invalid_request"),
        (401, "invalid_client"),
    ] {
        let (result, _) = refresh_against(vec![json(
            status,
            &format!(
                r#"{{"error":"{error}","error_description":"refresh token {REFRESH_TOKEN} for client secret {CLIENT_SECRET} is not valid"}}"#
            ),
        )]);
        let err = result.unwrap_err();
        let message = err.to_string();
        assert_no_secret(&message);
        assert!(
            message.contains("refresh token (redacted) for client secret (redacted)"),
            "{message}"
        );
        if let Error::OAuth(OAuthError::InvalidGrant { reason }) = &err {
            // The reason is stored with the account's status: it must hold no secret either.
            assert_no_secret(reason);
        }
    }
}

#[test]
fn refresh_sends_basic_auth_form_encoded_and_keeps_the_old_refresh_token() {
    let (result, seen) = refresh_against(vec![json(
        200,
        r#"{"access_token":"new-access","token_type":"bearer","expires_in":120}"#,
    )]);
    let tokens = result.unwrap();
    assert_eq!(tokens.access_token.expose(), "new-access");
    assert_eq!(
        tokens.refresh_token.as_ref().unwrap().expose(),
        REFRESH_TOKEN,
        "kept when none is returned"
    );
    assert_eq!(tokens.scopes, ["a"], "kept when the answer names none");
    assert!(tokens.expires_at.unwrap() > OffsetDateTime::now_utc() + time::Duration::seconds(100));
    assert_no_secret(&format!("{tokens:?}"));

    let request = &seen[0];
    assert_eq!(request.path, "/token");
    let form: Vec<(String, String)> = url::form_urlencoded::parse(request.body.as_bytes())
        .into_owned()
        .collect();
    assert!(form.contains(&("grant_type".into(), "refresh_token".into())));
    assert!(form.contains(&("refresh_token".into(), REFRESH_TOKEN.into())));
    assert!(
        !form.iter().any(|(k, _)| k == "client_secret"),
        "basic: the secret is not in the form"
    );
    let authorization = &request
        .headers
        .iter()
        .find(|(k, _)| k == "authorization")
        .unwrap()
        .1;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(authorization.strip_prefix("Basic ").unwrap())
        .unwrap();
    assert_eq!(
        String::from_utf8(decoded).unwrap(),
        "fake-client:fault%3Asecret%25value%2B"
    );
    assert!(
        request
            .headers
            .iter()
            .any(|(k, v)| k == "accept" && v == "application/json")
    );
}

/// An opener that records what it was asked to open.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<String>>>);

impl Opener for Recorder {
    fn open(&self, url: &str) -> std::io::Result<()> {
        self.0.lock().unwrap().push(url.to_owned());
        Ok(())
    }
}

fn device_against(
    device_answer: &str,
    polls: Vec<Act>,
) -> (
    tether::error::Result<Tokens>,
    Vec<Duration>,
    Vec<Seen>,
    Vec<String>,
) {
    device_against_at(1000, device_answer, polls)
}

/// The device flow against the fake, with waits lasting `1/divisor` of their nominal length.
fn device_against_at(
    divisor: u32,
    device_answer: &str,
    polls: Vec<Act>,
) -> (
    tether::error::Result<Tokens>,
    Vec<Duration>,
    Vec<Seen>,
    Vec<String>,
) {
    let mut acts = vec![json(200, device_answer)];
    acts.extend(polls);
    let fake = Fake::start(acts);
    let (ctx, _dir) = ctx();
    let connector = connector(&fake, "");
    let client = client();
    let pace = Pace::scaled(divisor);
    let opened = Recorder::default();
    let provider = Provider::new(&ctx, &connector, &client)
        .unwrap()
        .with_timeouts(short())
        .with_pace(pace.clone())
        .with_opener(opened.clone());
    let result = provider.run_flow(
        &["a".into(), "b".into()],
        Flow::Device,
        &FlowOptions::default(),
    );
    let opened = opened.0.lock().unwrap().clone();
    (result, pace.waits(), fake.seen(), opened)
}

const DEVICE: &str = r#"{"device_code":"device-code-secret","user_code":"WDJB-MJHT","verification_uri":"http://127.0.0.1/device","verification_uri_complete":"http://127.0.0.1/device?user_code=WDJB-MJHT","expires_in":600,"interval":5}"#;

#[test]
fn device_polling_honours_interval_pending_and_slow_down() {
    let pending = || json(400, r#"{"error":"authorization_pending"}"#);
    let (result, waits, seen, opened) = device_against(
        DEVICE,
        vec![
            pending(),
            json(400, r#"{"error":"slow_down"}"#),
            pending(),
            json(
                200,
                r#"{"access_token":"new-access","token_type":"Bearer","expires_in":60,"scope":"a"}"#,
            ),
        ],
    );
    let tokens = result.unwrap();
    assert_eq!(tokens.access_token.expose(), "new-access");
    assert_eq!(
        tokens.scopes,
        ["a"],
        "the granted scopes, narrower than requested"
    );
    let secs: Vec<u64> = waits.iter().map(Duration::as_secs).collect();
    assert_eq!(
        secs,
        [5, 5, 10, 10],
        "slow_down adds 5 s for every later poll"
    );
    assert_eq!(opened, ["http://127.0.0.1/device?user_code=WDJB-MJHT"]);
    let form = |i: usize| -> Vec<(String, String)> {
        url::form_urlencoded::parse(seen[i].body.as_bytes())
            .into_owned()
            .collect()
    };
    assert_eq!(seen[0].path, "/device");
    assert!(form(0).contains(&("scope".into(), "a b".into())));
    assert!(form(1).contains(&(
        "grant_type".into(),
        "urn:ietf:params:oauth:grant-type:device_code".into()
    )));
    assert!(form(1).contains(&("device_code".into(), "device-code-secret".into())));
}

#[test]
fn oauth_errors_answered_with_http_200_are_errors_as_github_sends_them() {
    // GitHub's device flow: every poll before approval is HTTP 200 with an `error`.
    let (result, waits, _, _) = device_against(
        DEVICE,
        vec![
            json(200, r#"{"error":"authorization_pending"}"#),
            json(200, r#"{"error":"slow_down","interval":10}"#),
            json(
                200,
                r#"{"access_token":"new-access","token_type":"bearer"}"#,
            ),
        ],
    );
    assert_eq!(result.unwrap().access_token.expose(), "new-access");
    let secs: Vec<u64> = waits.iter().map(Duration::as_secs).collect();
    assert_eq!(secs, [5, 5, 10]);
    // GitHub's refresh token that is no longer accepted: reauthorization, exit 3.
    let (result, _) = refresh_against(vec![json(
        200,
        r#"{"error":"bad_refresh_token","error_description":"The refresh token passed is incorrect or expired."}"#,
    )]);
    let err = result.unwrap_err();
    assert!(
        matches!(err, Error::OAuth(OAuthError::InvalidGrant { .. })),
        "{err}"
    );
    assert_eq!(tether::cli::diagnose::diagnose(&err).exit, 3);
}

#[test]
fn device_flow_ends_on_expired_token_and_access_denied() {
    let (result, _, _, _) = device_against(DEVICE, vec![json(400, r#"{"error":"expired_token"}"#)]);
    let err = result.unwrap_err();
    assert_eq!(tether::cli::diagnose::diagnose(&err).exit, 3);
    assert!(err.to_string().contains("expired"), "{err}");
    assert_no_secret(&err.to_string());

    let (result, _, _, _) = device_against(DEVICE, vec![json(400, r#"{"error":"access_denied"}"#)]);
    let err = result.unwrap_err();
    assert_eq!(tether::cli::diagnose::diagnose(&err).exit, 3);
    assert!(err.to_string().contains("denied"), "{err}");
}

#[test]
fn device_flow_stops_at_expires_in() {
    let short_lived = DEVICE.replace("\"expires_in\":600", "\"expires_in\":12");
    let pending = || json(400, r#"{"error":"authorization_pending"}"#);
    let (result, waits, seen, _) = device_against_at(
        100,
        &short_lived,
        vec![pending(), pending(), pending(), pending()],
    );
    let err = result.unwrap_err();
    assert_eq!(tether::cli::diagnose::diagnose(&err).exit, 3);
    assert!(err.to_string().contains("expired after 12 s"), "{err}");
    // Scaled time also runs while the polls are answered, so the last wait may be cut short;
    // what matters is that no poll goes out after 12 s: at most two fit (at 5 s and 10 s).
    assert!(waits.iter().all(|w| w.as_secs() == 5), "{waits:?}");
    let polls = seen.len() - 1;
    assert!((1..=2).contains(&polls), "{polls} polls");
}

#[test]
fn an_interval_longer_than_the_codes_life_is_not_waited_out() {
    let hostile = DEVICE.replace("\"interval\":5", "\"interval\":86400");
    let (result, waits, seen, _) = device_against(&hostile, vec![]);
    let err = result.unwrap_err();
    assert_eq!(tether::cli::diagnose::diagnose(&err).exit, 3);
    assert!(err.to_string().contains("expired"), "{err}");
    assert!(waits.is_empty(), "{waits:?}");
    assert_eq!(
        seen.len(),
        1,
        "no poll: it could only come after the code expired"
    );
}

#[test]
fn revocation_reports_failure_and_absence_without_failing() {
    let fake = Fake::start(vec![
        json(503, r#"{"error":"temporarily_unavailable"}"#),
        Act::Answer {
            status: 200,
            content_type: "text/plain",
            body: String::new(),
        },
    ]);
    let (ctx, _dir) = ctx();
    let connector = connector(&fake, "");
    let client = client();
    let outcome = Provider::new(&ctx, &connector, &client)
        .unwrap()
        .with_timeouts(short())
        .revoke(&due_tokens());
    let RevokeOutcome::Failed { reason } = &outcome else {
        panic!("{outcome:?}")
    };
    assert!(
        reason.contains("refresh token") && reason.contains("503"),
        "{reason}"
    );
    assert_no_secret(&outcome.to_string());
    let seen = fake.seen();
    assert_eq!(
        seen.len(),
        2,
        "the access token is still revoked after the refresh token failed"
    );
    assert!(seen[0].body.contains("token_type_hint=refresh_token"));
    assert!(seen[1].body.contains("token_type_hint=access_token"));

    let mut no_revocation = connector.clone();
    no_revocation.oauth2_mut().unwrap().revocation_url = None;
    let outcome = tether::oauth::revoke(&ctx, &no_revocation, &client, &due_tokens()).unwrap();
    assert_eq!(outcome, RevokeOutcome::NotSupported);
}

/// A store in memory that counts what the engine does.
#[derive(Default)]
struct MemoryStore {
    tokens: Mutex<Option<Tokens>>,
    saves: Mutex<u32>,
    marked: Mutex<Option<String>>,
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
    fn mark_needs_reauthorization(&self, reason: &str) -> tether::error::Result<()> {
        *self.marked.lock().unwrap() = Some(reason.to_owned());
        Ok(())
    }
}

fn engine_against(
    acts: Vec<Act>,
    tokens: Tokens,
) -> (tether::error::Result<Tokens>, MemoryStore, usize) {
    let fake = Fake::start(acts);
    let (ctx, dir) = ctx();
    let connector = connector(&fake, "");
    let client = client();
    let provider = Provider::new(&ctx, &connector, &client)
        .unwrap()
        .with_timeouts(short());
    let store = MemoryStore::default();
    *store.tokens.lock().unwrap() = Some(tokens);
    let result = fresh_tokens_with(&provider, &dir.path().join("locks/a.lock"), &store);
    (result, store, fake.seen().len())
}

#[test]
fn engine_marks_the_store_on_invalid_grant_and_saves_nothing() {
    let (result, store, requests) = engine_against(
        vec![json(400, r#"{"error":"invalid_grant"}"#)],
        due_tokens(),
    );
    assert!(matches!(
        result,
        Err(Error::OAuth(OAuthError::InvalidGrant { .. }))
    ));
    assert_eq!(requests, 1);
    assert_eq!(
        store.marked.lock().unwrap().as_deref(),
        Some("invalid_grant")
    );
    assert_eq!(*store.saves.lock().unwrap(), 0);
}

#[test]
fn engine_does_not_call_the_provider_for_a_valid_or_unknown_expiry_token() {
    let mut valid = due_tokens();
    valid.expires_at = Some(OffsetDateTime::now_utc() + time::Duration::hours(1));
    let (result, _, requests) = engine_against(vec![], valid);
    assert_eq!(result.unwrap().access_token.expose(), "old-access");
    assert_eq!(requests, 0);

    let mut unknown = due_tokens();
    unknown.expires_at = None;
    let (result, _, requests) = engine_against(vec![], unknown);
    assert!(result.is_ok());
    assert_eq!(requests, 0, "unknown expiry is not due");
}

#[test]
fn engine_uses_a_still_valid_token_when_the_provider_fails_inside_the_buffer() {
    let mut inside_buffer = due_tokens();
    inside_buffer.expires_at = Some(OffsetDateTime::now_utc() + time::Duration::seconds(30));
    let (result, store, requests) = engine_against(
        vec![json(503, r#"{"error":"server_error"}"#)],
        inside_buffer,
    );
    assert_eq!(result.unwrap().access_token.expose(), "old-access");
    assert_eq!(requests, 1);
    assert_eq!(*store.saves.lock().unwrap(), 0);

    let (result, _, _) =
        engine_against(vec![json(503, r#"{"error":"server_error"}"#)], due_tokens());
    assert_eq!(
        tether::cli::diagnose::diagnose(&result.unwrap_err()).exit,
        5,
        "an expired token is not handed out"
    );
}

#[test]
fn engine_saves_the_rotated_token_before_returning_it() {
    let (result, store, _) = engine_against(
        vec![json(
            200,
            r#"{"access_token":"new-access","refresh_token":"rotated","expires_in":300}"#,
        )],
        due_tokens(),
    );
    let tokens = result.unwrap();
    assert_eq!(*store.saves.lock().unwrap(), 1);
    let saved = store.tokens.lock().unwrap().clone().unwrap();
    assert_eq!(saved.access_token.expose(), tokens.access_token.expose());
    assert_eq!(saved.refresh_token.unwrap().expose(), "rotated");
}

#[test]
fn flows_that_do_not_fit_the_connector_are_usage_errors() {
    let fake = Fake::start(vec![]);
    let (ctx, _dir) = ctx();
    let client = client();
    let code = connector(&fake, "");
    let err = tether::oauth::run_flow(
        &ctx,
        &code,
        &client,
        &[],
        Flow::ClientCredentials,
        &FlowOptions::default(),
    )
    .unwrap_err();
    assert_eq!(tether::cli::diagnose::diagnose(&err).exit, 2);
    let machine = connector(&fake, "grant = \"client_credentials\"");
    let err = tether::oauth::run_flow(
        &ctx,
        &machine,
        &client,
        &[],
        Flow::Browser,
        &FlowOptions::default(),
    )
    .unwrap_err();
    assert_eq!(tether::cli::diagnose::diagnose(&err).exit, 2);
    assert!(
        tether::cli::diagnose::diagnose(&err)
            .to_text()
            .contains("--flow client-credentials")
    );
    let mut plain = connector(&fake, "");
    plain.oauth2_mut().unwrap().token_url = "http://idp.example/token".into();
    let err = Provider::new(&ctx, &plain, &client).err().unwrap();
    assert_eq!(tether::cli::diagnose::diagnose(&err).exit, 2);
    assert!(err.to_string().contains("https://"), "{err}");
}

#[test]
fn endpoints_are_used_only_with_their_params_filled_in() {
    let fake = Fake::start(vec![]);
    let (ctx, _dir) = ctx();
    let client = client();
    let mut templated = connector(&fake, "");
    let o = templated.oauth2_mut().unwrap();
    o.token_url = format!("{}/{{tenant}}/token", fake.base);
    // Unfilled: refused before anything is sent, instead of a request to `%7Btenant%7D`.
    let err = Provider::new(&ctx, &templated, &client).err().unwrap();
    assert!(err.to_string().contains("{tenant}"), "{err}");
    assert!(fake.seen().is_empty());
    let filled = templated
        .with_params(|name| (name == "tenant").then(|| "contoso".to_owned()))
        .unwrap();
    assert_eq!(
        filled.oauth2().unwrap().token_url,
        format!("{}/contoso/token", fake.base)
    );
    assert!(Provider::new(&ctx, &filled, &client).is_ok());
}
