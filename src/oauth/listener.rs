//! The loopback listener of the authorization code flow (RFC 8252 §7.3). It is bound before
//! the browser opens, accepts exactly one callback carrying the expected `state` (compared in
//! constant time) and, when the connector names an issuer, that `iss`; it answers every
//! request with a small self-contained page, and is gone when the flow ends: nothing of it
//! outlives the process. Connections are read without blocking and under hard limits
//! ([`super::inbound`]), so a huge, slow or garbled request is dropped and the wait goes on.

use std::collections::{BTreeMap, HashMap};
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::time::{Duration, Instant};

use url::Url;

use subtle::ConstantTimeEq as _;

use super::error::OAuthError;
use super::inbound::{Inbound, Progress};
use super::page;
use crate::error::{Error, Result};
use crate::sanitize::for_terminal;
use crate::secret::Secret;
use crate::ui::Countdown;

/// How often the countdown is redrawn.
const TICK: Duration = Duration::from_millis(500);
/// How long the wait sleeps when no connection has anything new.
const POLL: Duration = Duration::from_millis(20);
/// Connections read at once; more are closed at once. A browser opens a few.
const MAX_CONNECTIONS: usize = 32;

/// What the `iss` of a redirect must be (RFC 9207).
#[derive(Debug, Clone)]
pub enum IssuerRule {
    /// The connector's `issuer`, compared as a plain string (RFC 9207 §2.4). The connector
    /// naming it says the provider is one that identifies itself, so a redirect without `iss`
    /// is refused.
    Exact(String),
    /// The connector's `issuer` for a provider that does not promise `iss` (RFC 9207 §3):
    /// compared as a plain string when present, not required.
    ExactWhenSent(String),
    /// Without a configured issuer: when the provider sends `iss`, the origin of the
    /// authorization endpoint.
    Origin(url::Origin),
}

impl IssuerRule {
    fn accepts(&self, iss: &str) -> bool {
        match self {
            Self::Exact(expected) | Self::ExactWhenSent(expected) => expected == iss,
            Self::Origin(origin) => Url::parse(iss).is_ok_and(|u| u.origin() == *origin),
        }
    }

    fn required(&self) -> bool {
        matches!(self, Self::Exact(_))
    }

    fn describe(&self) -> String {
        match self {
            Self::Exact(expected) | Self::ExactWhenSent(expected) => {
                format!("`{expected}` (the connector's issuer)")
            }
            Self::Origin(origin) => {
                format!(
                    "the origin of the authorization URL, `{}`",
                    origin.ascii_serialization()
                )
            }
        }
    }
}

/// What a callback must carry to be accepted.
pub struct Expect<'a> {
    pub path: &'a str,
    pub state: &'a Secret,
    pub issuer: &'a IssuerRule,
    /// Query parameters to keep besides the code (a `realmId` later requests need).
    pub capture: &'a [String],
}

/// The redirect back from the provider, accepted.
#[derive(Debug)]
pub struct Callback {
    /// The authorization code.
    pub code: Secret,
    /// The values of [`Expect::capture`] the redirect carried, by parameter name.
    pub captured: BTreeMap<String, String>,
}

/// What to make of one request to the listener.
#[derive(Debug)]
pub enum Verdict {
    /// Not the callback path (favicon, probes): 404, keep waiting.
    Stray,
    /// On the callback path but not the expected redirect: 400, keep waiting.
    Reject(&'static str),
    /// The provider redirected with `error=` and the right state: the flow ends.
    Denied {
        error: String,
        description: Option<String>,
    },
    /// The right state but another issuer: the flow ends (a mix-up, RFC 9207).
    WrongIssuer(String),
    /// The right state but no `iss` where one is required: the flow ends (RFC 9207 §2.4).
    MissingIssuer,
    /// The authorization code, with the parameters to keep.
    Code(Callback),
}

/// Judges a request target (`/path?query`) against what is expected.
#[must_use]
pub fn judge(target: &str, expect: &Expect<'_>) -> Verdict {
    let Ok(url) = Url::parse("http://loopback/").and_then(|base| base.join(target)) else {
        return Verdict::Stray;
    };
    if url.path() != expect.path {
        return Verdict::Stray;
    }
    let mut params: HashMap<String, Vec<String>> = HashMap::new();
    for (name, value) in url.query_pairs() {
        params
            .entry(name.into_owned())
            .or_default()
            .push(value.into_owned());
    }
    // RFC 6749 §3.1: parameters must not repeat; a repeated one makes the request ambiguous.
    let one = |name: &str| -> std::result::Result<Option<&str>, ()> {
        match params.get(name).map(Vec::as_slice) {
            None => Ok(None),
            Some([value]) => Ok(Some(value.as_str())),
            Some(_) => Err(()),
        }
    };
    let (Ok(state), Ok(iss), Ok(error), Ok(code), Ok(description)) = (
        one("state"),
        one("iss"),
        one("error"),
        one("code"),
        one("error_description"),
    ) else {
        return Verdict::Reject("a parameter is repeated");
    };
    let Some(state) = state else {
        return Verdict::Reject("it carries no state");
    };
    if !bool::from(state.as_bytes().ct_eq(expect.state.expose().as_bytes())) {
        return Verdict::Reject("its state does not match this authorization");
    }
    match iss {
        Some(iss) if !expect.issuer.accepts(iss) => return Verdict::WrongIssuer(iss.to_owned()),
        None if expect.issuer.required() => return Verdict::MissingIssuer,
        _ => {}
    }
    if let Some(error) = error {
        return Verdict::Denied {
            error: error.to_owned(),
            description: description.filter(|d| !d.is_empty()).map(str::to_owned),
        };
    }
    match code {
        Some(code) if !code.is_empty() => {
            let captured = expect
                .capture
                .iter()
                .filter_map(|name| {
                    let value = one(name).ok().flatten()?;
                    let usable = !value.is_empty() && !value.chars().any(char::is_control);
                    usable.then(|| (name.clone(), value.to_owned()))
                })
                .collect();
            Verdict::Code(Callback {
                code: Secret::from(code),
                captured,
            })
        }
        _ => Verdict::Reject("it carries no authorization code"),
    }
}

/// The listener, bound on a loopback address.
pub struct Loopback {
    listener: TcpListener,
    redirect_uri: String,
}

impl Loopback {
    /// Binds `host` (`127.0.0.1`, `localhost` or `[::1]`) on `port` (0: any free port).
    pub fn bind(host: &str, port: u16, path: &str) -> Result<Self> {
        let (ip, uri_host): (IpAddr, &str) = match host {
            // `localhost` is bound on IPv4: browsers try it when the name resolves to both.
            "127.0.0.1" | "localhost" => (Ipv4Addr::LOCALHOST.into(), host),
            "[::1]" | "::1" => (Ipv6Addr::LOCALHOST.into(), "[::1]"),
            other => {
                return Err(OAuthError::NotLoopback {
                    host: other.to_owned(),
                }
                .into());
            }
        };
        let listener =
            TcpListener::bind(SocketAddr::new(ip, port)).map_err(|e| bind_error(&e, ip, port))?;
        listener.set_nonblocking(true).map_err(|e| {
            Error::Internal(format!(
                "cannot set up the listener on {ip} port {port}: {e}"
            ))
        })?;
        let bound = listener.local_addr().map_or(port, |addr| addr.port());
        Ok(Self {
            listener,
            redirect_uri: format!("http://{uri_host}:{bound}{path}"),
        })
    }

    /// The `redirect_uri` to send: the bound port, the connector's host and path.
    #[must_use]
    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// Waits for the one callback that matches `expect`, until `countdown` runs out.
    /// `connector_name` goes on the success page.
    pub fn wait(
        &self,
        expect: &Expect<'_>,
        countdown: &mut Countdown,
        connector_name: &str,
    ) -> Result<Callback> {
        self.wait_answering(expect, countdown, &page::success(connector_name, None))
    }

    /// [`Loopback::wait`], answering the matching callback with `success_page` (HTML).
    pub(crate) fn wait_answering(
        &self,
        expect: &Expect<'_>,
        countdown: &mut Countdown,
        success_page: &str,
    ) -> Result<Callback> {
        let mut open: Vec<Inbound> = Vec::new();
        let mut ticked = Instant::now();
        loop {
            if countdown.remaining().is_zero() {
                return Err(OAuthError::BrowserTimedOut {
                    secs: countdown.total().as_secs(),
                }
                .into());
            }
            let mut busy = self.accept(&mut open, countdown);
            let now = Instant::now();
            let mut i = 0;
            while i < open.len() {
                match open[i].poll(now) {
                    Progress::Pending => {
                        i += 1;
                        continue;
                    }
                    Progress::Gone => drop(open.swap_remove(i)),
                    Progress::Refuse(status, reason) => {
                        countdown.note(&format!("dropped a request to the listener: {reason}"));
                        open.swap_remove(i).respond(status, &page::rejected(reason));
                    }
                    Progress::Head(head) => {
                        let connection = open.swap_remove(i);
                        let verdict = if head.method == "GET" {
                            judge(&head.target, expect)
                        } else {
                            Verdict::Stray
                        };
                        if let Some(end) =
                            answer(connection, verdict, expect, countdown, success_page)
                        {
                            return end;
                        }
                    }
                }
                busy = true;
            }
            if ticked.elapsed() >= TICK {
                countdown.tick();
                ticked = Instant::now();
            }
            if !busy {
                std::thread::sleep(POLL);
            }
        }
    }

    /// Takes every connection waiting to be accepted; whether there was any.
    fn accept(&self, open: &mut Vec<Inbound>, countdown: &mut Countdown) -> bool {
        let mut any = false;
        // Bounded, so that a flood of connections cannot keep the wait from its deadline.
        for _ in 0..2 * MAX_CONNECTIONS {
            match self.listener.accept() {
                Ok((stream, _)) => {
                    any = true;
                    // Beyond the limit a connection is closed at once: the ones being read
                    // finish or time out within seconds, and the browser's turn comes.
                    if open.len() < MAX_CONNECTIONS
                        && let Ok(inbound) = Inbound::new(stream)
                    {
                        open.push(inbound);
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return any,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                // A connection reset before it was accepted, or no file descriptor left for
                // now: the listener itself is fine, so the wait goes on.
                Err(e) => {
                    countdown.note(&format!("could not accept a connection: {e}"));
                    return any;
                }
            }
        }
        any
    }
}

/// Answers one request according to `verdict`; `Some` when the flow ends with it.
fn answer(
    connection: Inbound,
    verdict: Verdict,
    expect: &Expect<'_>,
    countdown: &mut Countdown,
    success_page: &str,
) -> Option<Result<Callback>> {
    match verdict {
        Verdict::Stray => connection.respond(404, &page::not_found()),
        Verdict::Reject(reason) => {
            countdown.note(&format!("ignored a request to the callback: {reason}"));
            connection.respond(400, &page::rejected(reason));
        }
        Verdict::WrongIssuer(_) => {
            connection.respond(400, &page::wrong_issuer());
            return verdict.into_error(expect.issuer).map(|e| Err(e.into()));
        }
        Verdict::MissingIssuer => {
            connection.respond(400, &page::missing_issuer());
            return verdict.into_error(expect.issuer).map(|e| Err(e.into()));
        }
        Verdict::Denied {
            ref error,
            ref description,
        } => {
            connection.respond(200, &page::denied(error, description.as_deref()));
            return verdict.into_error(expect.issuer).map(|e| Err(e.into()));
        }
        Verdict::Code(callback) => {
            connection.respond(200, success_page);
            return Some(Ok(callback));
        }
    }
    None
}

impl Verdict {
    /// The error of a verdict that ends the flow with a refusal (also used by the paste
    /// flow); `None` for the others. `rule` is what the issuer had to be.
    pub(crate) fn into_error(self, rule: &IssuerRule) -> Option<OAuthError> {
        match self {
            Self::WrongIssuer(iss) => Some(OAuthError::WrongIssuer {
                iss: for_terminal(&iss),
                expected: rule.describe(),
            }),
            Self::MissingIssuer => Some(OAuthError::MissingIssuer {
                expected: rule.describe(),
            }),
            Self::Denied { error, description } => Some(OAuthError::AuthorizationRefused {
                error: for_terminal(&error),
                description: description.as_deref().map(for_terminal),
            }),
            Self::Stray | Self::Reject(_) | Self::Code(_) => None,
        }
    }
}

fn bind_error(e: &io::Error, ip: IpAddr, port: u16) -> Error {
    match e.kind() {
        io::ErrorKind::AddrInUse => OAuthError::PortInUse { ip, port }.into(),
        io::ErrorKind::PermissionDenied => OAuthError::PortForbidden { ip, port }.into(),
        io::ErrorKind::AddrNotAvailable => OAuthError::AddressUnavailable { ip }.into(),
        _ => Error::Internal(format!(
            "cannot listen on {ip} port {port} for the authorization callback: {e}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expect<'a>(state: &'a Secret, issuer: &'a IssuerRule) -> Expect<'a> {
        Expect {
            path: "/callback",
            capture: &[],
            state,
            issuer,
        }
    }

    #[test]
    fn judge_accepts_only_the_matching_callback() {
        let state = Secret::from("s-123");
        let rule = IssuerRule::Origin(Url::parse("https://idp.example").unwrap().origin());
        let e = expect(&state, &rule);
        assert!(matches!(judge("/favicon.ico", &e), Verdict::Stray));
        assert!(matches!(
            judge("/callback/x?state=s-123&code=c", &e),
            Verdict::Stray
        ));
        assert!(matches!(judge("/callback?code=c", &e), Verdict::Reject(_)));
        assert!(matches!(
            judge("/callback?state=s-12&code=c", &e),
            Verdict::Reject(_)
        ));
        assert!(matches!(
            judge("/callback?state=s-123", &e),
            Verdict::Reject(_)
        ));
        assert!(matches!(
            judge("/callback?state=s-123&code=", &e),
            Verdict::Reject(_)
        ));
        assert!(matches!(
            judge("/callback?state=s-123&code=a&code=b", &e),
            Verdict::Reject("a parameter is repeated")
        ));
        let Verdict::Code(Callback { code, .. }) = judge("/callback?state=s-123&code=abc%2Bd", &e)
        else {
            panic!("the right callback is accepted");
        };
        assert_eq!(code.expose(), "abc+d");
        let Verdict::Denied { error, description } = judge(
            "/callback?state=s-123&error=access_denied&error_description=no%20way",
            &e,
        ) else {
            panic!("error= ends the flow");
        };
        assert_eq!(
            (error.as_str(), description.as_deref()),
            ("access_denied", Some("no way"))
        );
        // A forged error with a wrong state does not end the flow.
        assert!(matches!(
            judge("/callback?state=x&error=access_denied", &e),
            Verdict::Reject(_)
        ));
    }

    #[test]
    fn judge_checks_iss_when_present() {
        let state = Secret::from("s");
        let exact = IssuerRule::Exact("https://idp.example".into());
        let e = expect(&state, &exact);
        assert!(matches!(
            judge("/callback?state=s&code=c&iss=https%3A%2F%2Fidp.example", &e),
            Verdict::Code(_)
        ));
        assert!(matches!(
            judge("/callback?state=s&code=c&iss=https%3A%2F%2Fevil.example", &e),
            Verdict::WrongIssuer(iss) if iss == "https://evil.example"
        ));
        assert!(matches!(
            judge(
                "/callback?state=s&error=x&iss=https%3A%2F%2Fevil.example",
                &e
            ),
            Verdict::WrongIssuer(_)
        ));
        assert!(matches!(
            judge("/callback?state=s&code=c", &e),
            Verdict::MissingIssuer
        ));
        assert!(matches!(
            judge("/callback?state=s&error=access_denied", &e),
            Verdict::MissingIssuer
        ));
        // Exact means exact: no normalisation of case, trailing slash or default port.
        for near in [
            "https%3A%2F%2Fidp.example%2F",
            "HTTPS%3A%2F%2FIDP.EXAMPLE",
            "https%3A%2F%2Fidp.example%3A443",
        ] {
            assert!(matches!(
                judge(&format!("/callback?state=s&code=c&iss={near}"), &e),
                Verdict::WrongIssuer(_)
            ));
        }
        // A provider that does not promise `iss`: compared exactly when sent, not required.
        let when_sent = IssuerRule::ExactWhenSent("https://idp.example".into());
        let e = expect(&state, &when_sent);
        assert!(matches!(
            judge("/callback?state=s&code=c", &e),
            Verdict::Code(_)
        ));
        assert!(matches!(
            judge(
                "/callback?state=s&code=c&iss=https%3A%2F%2Fidp.example%2F",
                &e
            ),
            Verdict::WrongIssuer(_)
        ));
        assert!(matches!(
            judge("/callback?state=s&code=c&iss=https%3A%2F%2Fidp.example", &e),
            Verdict::Code(_)
        ));
        let origin = IssuerRule::Origin(
            Url::parse("https://idp.example:8443/oauth/authorize")
                .unwrap()
                .origin(),
        );
        let e = expect(&state, &origin);
        assert!(matches!(
            judge(
                "/callback?state=s&code=c&iss=https%3A%2F%2Fidp.example%3A8443%2Ftenant",
                &e
            ),
            Verdict::Code(_)
        ));
        assert!(matches!(
            judge("/callback?state=s&code=c&iss=https%3A%2F%2Fidp.example", &e),
            Verdict::WrongIssuer(_)
        ));
        assert!(matches!(
            judge("/callback?state=s&code=c&iss=not%20a%20url", &e),
            Verdict::WrongIssuer(_)
        ));
        // Without a configured issuer, `iss` is checked when present and not required.
        assert!(matches!(
            judge("/callback?state=s&code=c", &e),
            Verdict::Code(_)
        ));
    }

    #[test]
    fn a_port_in_use_is_a_clear_usage_error() {
        let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = taken.local_addr().unwrap().port();
        let err = Loopback::bind("127.0.0.1", port, "/callback")
            .err()
            .unwrap();
        assert!(
            matches!(&err, Error::OAuth(OAuthError::PortInUse { port: p, .. }) if *p == port),
            "{err}"
        );
        assert_eq!(err.exit_code(), 2);
        let message = err.to_string();
        assert!(message.contains(&format!("port {port}")), "{message}");
        let hint = crate::cli::diagnose::diagnose(&err)
            .hint
            .unwrap_or_default();
        assert!(hint.contains("--port"), "{hint}");
    }

    #[test]
    fn any_free_port_is_used_when_none_is_given() {
        let listener = Loopback::bind("localhost", 0, "/cb").unwrap();
        let uri = Url::parse(listener.redirect_uri()).unwrap();
        assert_eq!(uri.host_str(), Some("localhost"));
        assert_ne!(uri.port(), Some(0));
        assert_eq!(uri.path(), "/cb");
        assert_eq!(
            Loopback::bind("example.com", 0, "/cb")
                .err()
                .unwrap()
                .exit_code(),
            2
        );
    }
}
