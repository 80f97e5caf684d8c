//! The loopback listener of the authorization code flow (RFC 8252 §7.3). It is bound before
//! the browser opens, accepts exactly one callback carrying the expected `state` (compared in
//! constant time), answers every request with a small self-contained page, and is gone when
//! the flow ends: nothing of it outlives the process.

use std::collections::HashMap;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use url::Url;

use super::page;
use super::wait::Countdown;
use crate::error::{Error, Result};
use crate::secret::{Secret, constant_time_eq};

/// How often the wait wakes up to update the countdown.
const TICK: Duration = Duration::from_millis(500);

/// What the `iss` of a redirect must be, when the provider sends one (RFC 9207).
#[derive(Debug, Clone)]
pub enum IssuerRule {
    /// The connector's `issuer`, compared as a plain string (RFC 9207 §2.4).
    Exact(String),
    /// Without a configured issuer: the origin of the authorization endpoint.
    Origin(url::Origin),
}

impl IssuerRule {
    fn accepts(&self, iss: &str) -> bool {
        match self {
            Self::Exact(expected) => expected == iss,
            Self::Origin(origin) => Url::parse(iss).is_ok_and(|u| u.origin() == *origin),
        }
    }

    fn describe(&self) -> String {
        match self {
            Self::Exact(expected) => format!("`{expected}` (the connector's issuer)"),
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
    /// The authorization code.
    Code(Secret),
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
    if !constant_time_eq(state.as_bytes(), expect.state.expose().as_bytes()) {
        return Verdict::Reject("its state does not match this authorization");
    }
    if let Some(iss) = iss
        && !expect.issuer.accepts(iss)
    {
        return Verdict::WrongIssuer(iss.to_owned());
    }
    if let Some(error) = error {
        return Verdict::Denied {
            error: error.to_owned(),
            description: description.filter(|d| !d.is_empty()).map(str::to_owned),
        };
    }
    match code {
        Some(code) if !code.is_empty() => Verdict::Code(Secret::from(code)),
        _ => Verdict::Reject("it carries no authorization code"),
    }
}

/// The listener, bound on a loopback address.
pub struct Loopback {
    server: tiny_http::Server,
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
                return Err(Error::invalid(
                    format!("redirect_host `{other}` is not a loopback address"),
                    "set redirect_host to 127.0.0.1, localhost or [::1] in the connector",
                ));
            }
        };
        let server = tiny_http::Server::http(SocketAddr::new(ip, port))
            .map_err(|e| bind_error(e.downcast_ref::<io::Error>(), &*e, ip, port))?;
        let bound = server
            .server_addr()
            .to_ip()
            .map_or(port, |addr| addr.port());
        Ok(Self {
            server,
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
    ) -> Result<Secret> {
        loop {
            let remaining = countdown.remaining();
            if remaining.is_zero() {
                return Err(Error::Authorization {
                    message: format!(
                        "no authorization came back from the browser within {} s",
                        countdown.total().as_secs()
                    ),
                    hint:
                        "run the command again and approve in the browser sooner (--timeout SECS \
                           gives more time), or use --flow paste or --flow device"
                            .into(),
                });
            }
            let request = self.server.recv_timeout(remaining.min(TICK)).map_err(|e| {
                Error::io("waiting for the callback on", self.redirect_uri.clone(), e)
            })?;
            countdown.tick();
            let Some(request) = request else { continue };
            let verdict = if *request.method() == tiny_http::Method::Get {
                judge(request.url(), expect)
            } else {
                Verdict::Stray
            };
            match verdict {
                Verdict::Stray => respond(request, 404, &page::not_found()),
                Verdict::Reject(reason) => {
                    countdown.note(&format!("ignored a request to the callback: {reason}"));
                    respond(request, 400, &page::rejected(reason));
                }
                Verdict::WrongIssuer(iss) => {
                    respond(request, 400, &page::wrong_issuer());
                    return Err(wrong_issuer_error(&iss, expect.issuer));
                }
                Verdict::Denied { error, description } => {
                    respond(request, 200, &page::denied(&error, description.as_deref()));
                    return Err(denied_error(&error, description.as_deref()));
                }
                Verdict::Code(code) => {
                    respond(request, 200, &page::success(connector_name));
                    return Ok(code);
                }
            }
        }
    }
}

/// The error for a redirect from an unexpected issuer (also used by the paste flow).
pub fn wrong_issuer_error(iss: &str, rule: &IssuerRule) -> Error {
    Error::provider(
        format!(
            "the authorization response came from issuer `{}`, but {} was expected (RFC 9207); it was refused",
            page::for_terminal(iss),
            rule.describe()
        ),
        "if the connector's `issuer` is wrong, fix it and import the connector again; \
         otherwise another site may be answering for the provider",
    )
}

/// The error for an `error=` redirect (also used by the paste flow).
pub fn denied_error(error: &str, description: Option<&str>) -> Error {
    let detail = description.map_or_else(String::new, |d| format!(": {}", page::for_terminal(d)));
    let error = page::for_terminal(error);
    let hint = if error == "access_denied" {
        "the request was not approved; run the command again and approve it".to_owned()
    } else {
        "check the connector's scopes and authorization_params, then run the command again"
            .to_owned()
    };
    Error::Authorization {
        message: format!("the provider refused the authorization ({error}{detail})"),
        hint,
    }
}

fn respond(request: tiny_http::Request, status: u16, html: &str) {
    let headers = [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Cache-Control", "no-store"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Content-Type-Options", "nosniff"),
        (
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'",
        ),
    ];
    let mut response = tiny_http::Response::from_string(html).with_status_code(status);
    for (name, value) in headers {
        if let Ok(header) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    }
    // The browser may have gone away; the verdict stands either way.
    let _ = request.respond(response);
}

fn bind_error(io: Option<&io::Error>, e: &dyn std::error::Error, ip: IpAddr, port: u16) -> Error {
    match io.map(io::Error::kind) {
        Some(io::ErrorKind::AddrInUse) => Error::invalid(
            format!(
                "port {port} on {ip} is already in use, so the authorization callback cannot be received there"
            ),
            "stop what uses it, or pass --port N with another port the provider accepts (--port 0: any free port)",
        ),
        Some(io::ErrorKind::PermissionDenied) => Error::invalid(
            format!("not allowed to listen on port {port} of {ip}"),
            "pass --port N with a port above 1023 that the provider accepts",
        ),
        Some(io::ErrorKind::AddrNotAvailable) => Error::invalid(
            format!("cannot listen on {ip}: the address is not available on this machine"),
            "set redirect_host = \"127.0.0.1\" in the connector",
        ),
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
            state,
            issuer,
        }
    }

    #[test]
    fn judge_accepts_only_the_matching_callback() {
        let state = Secret::from("s-123");
        let rule = IssuerRule::Exact("https://idp.example".into());
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
        let Verdict::Code(code) = judge("/callback?state=s-123&code=abc%2Bd", &e) else {
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
    }

    #[test]
    fn a_port_in_use_is_a_clear_usage_error() {
        let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = taken.local_addr().unwrap().port();
        let err = Loopback::bind("127.0.0.1", port, "/callback")
            .err()
            .unwrap();
        assert_eq!(err.exit_code(), 2);
        let message = err.to_string();
        assert!(message.contains(&format!("port {port}")), "{message}");
        assert!(message.contains("--port"), "{message}");
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
