//! The loopback listener over real HTTP: which requests end the wait and which do not, what
//! each is answered, and the timeout.

use std::thread;
use std::time::{Duration, Instant};

use crate::common::http::{self, Response};
use tether::oauth::{Countdown, Expect, IssuerRule, Loopback};
use tether::secret::Secret;

/// GET `target` on the listener: its whole answer.
fn get(port: u16, target: &str) -> Response {
    http::try_get(&format!("http://127.0.0.1:{port}{target}"))
        .unwrap_or_else(|e| panic!("GET {target}: {e}"))
}

fn port_of(listener: &Loopback) -> u16 {
    url::Url::parse(listener.redirect_uri())
        .unwrap()
        .port()
        .unwrap()
}

struct Setup {
    listener: Loopback,
    state: Secret,
    rule: IssuerRule,
}

fn setup() -> Setup {
    Setup {
        listener: Loopback::bind("127.0.0.1", 0, "/callback").unwrap(),
        state: Secret::from("the-state"),
        rule: IssuerRule::Exact("http://issuer.test".into()),
    }
}

impl Setup {
    /// Waits in the listener while `client` runs in another thread; returns the wait's result
    /// and what the client collected.
    fn run<T: Send + 'static>(
        &self,
        timeout: Duration,
        client: impl FnOnce(u16) -> T + Send + 'static,
    ) -> (tether::error::Result<Secret>, T) {
        let port = port_of(&self.listener);
        let handle = thread::spawn(move || client(port));
        let expect = Expect {
            path: "/callback",
            state: &self.state,
            issuer: &self.rule,
            capture: &[],
        };
        let mut countdown = Countdown::silent(timeout);
        let result = self
            .listener
            .wait(&expect, &mut countdown, "Test")
            .map(|callback| callback.code);
        (result, handle.join().unwrap())
    }
}

#[test]
fn stray_and_rejected_requests_do_not_end_the_wait() {
    let s = setup();
    let (result, answers) = s.run(Duration::from_secs(10), |port| {
        vec![
            get(port, "/favicon.ico"),
            get(port, "/other?state=the-state&code=x"),
            get(port, "/callback?state=wrong&code=x"),
            get(port, "/callback?code=x"),
            get(
                port,
                "/callback?state=the-state&iss=http%3A%2F%2Fissuer.test",
            ),
            get(
                port,
                "/callback?state=the-state&code=the-code&iss=http%3A%2F%2Fissuer.test",
            ),
        ]
    });
    let statuses: Vec<u16> = answers.iter().map(|a| a.status).collect();
    assert_eq!(statuses, [404, 404, 400, 400, 400, 200]);
    assert_eq!(result.unwrap().expose(), "the-code");
    let success = &answers[5];
    let headers = &success.headers;
    assert_eq!(
        success.header("cache-control"),
        Some("no-store"),
        "{headers:?}"
    );
    assert_eq!(
        success.header("referrer-policy"),
        Some("no-referrer"),
        "{headers:?}"
    );
    assert!(
        success
            .header("content-type")
            .is_some_and(|t| t.starts_with("text/html")),
        "{headers:?}"
    );
    assert!(
        !success.body.contains("the-code"),
        "the page does not echo the code"
    );
    assert!(answers[2].body.contains("state does not match"));
    assert!(answers[4].body.contains("no authorization code"));
}

#[test]
fn access_denied_ends_the_wait_with_exit_3_and_the_description_escaped() {
    let s = setup();
    let (result, answer) = s.run(Duration::from_secs(10), |port| {
        get(
            port,
            "/callback?state=the-state&error=access_denied&error_description=%3Cb%3Enope%3C%2Fb%3E%1B%5B31m&iss=http%3A%2F%2Fissuer.test",
        )
    });
    let err = result.unwrap_err();
    assert_eq!(tether::cli::diagnose::diagnose(&err).exit, 3);
    let message = err.to_string();
    assert!(message.contains("access_denied"), "{message}");
    assert!(
        message.contains("<b>nope</b>[31m"),
        "control characters stripped: {message:?}"
    );
    assert!(!message.contains('\x1b'));
    assert!(
        answer.body.contains("&lt;b&gt;nope&lt;/b&gt;"),
        "HTML-escaped on the page"
    );
    assert!(!answer.body.contains("<b>nope"));
}

#[test]
fn an_issuer_mismatch_is_refused() {
    let s = setup();
    let (result, answer) = s.run(Duration::from_secs(10), |port| {
        get(
            port,
            "/callback?state=the-state&code=c&iss=http%3A%2F%2Fevil.test",
        )
    });
    assert_eq!(answer.status, 400);
    let err = result.unwrap_err();
    assert_eq!(tether::cli::diagnose::diagnose(&err).exit, 5);
    assert!(err.to_string().contains("http://evil.test"), "{err}");
    assert!(err.to_string().contains("RFC 9207"), "{err}");
}

#[test]
fn a_timeout_ends_the_wait_with_a_clear_message() {
    let s = setup();
    let started = Instant::now();
    let (result, ()) = s.run(Duration::from_millis(700), |_| ());
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(700) && elapsed < Duration::from_secs(5),
        "{elapsed:?}"
    );
    let err = result.unwrap_err();
    assert_eq!(tether::cli::diagnose::diagnose(&err).exit, 3);
    let message = tether::cli::diagnose::diagnose(&err).to_text();
    assert!(message.contains("no authorization came back"), "{message}");
    assert!(message.contains("--timeout"), "{message}");
}

#[test]
fn the_port_is_free_again_once_the_listener_is_dropped() {
    let s = setup();
    let port = port_of(&s.listener);
    let (result, _) = s.run(Duration::from_secs(10), |port| {
        get(
            port,
            "/callback?state=the-state&code=c&iss=http%3A%2F%2Fissuer.test",
        )
    });
    assert!(result.is_ok());
    drop(s);
    // The socket is closed with the listener; the loop allows for a slow kernel.
    let deadline = Instant::now() + Duration::from_secs(3);
    let again = loop {
        match Loopback::bind("127.0.0.1", port, "/callback") {
            Err(_) if Instant::now() < deadline => thread::sleep(Duration::from_millis(20)),
            other => break other,
        }
    };
    if let Err(e) = &again {
        panic!("the port can be bound again: nothing is left behind; {e}");
    }
}
