//! Every HTTP call tether makes goes through here: one client (TLS by rustls, redirects never
//! followed, connect and request time limits, `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` honoured)
//! and one reading of what can go wrong on the way into an [`HttpError`] that names the peer
//! but never a credential.

use std::fmt;
use std::io::Read;
use std::time::Duration;

use zeroize::Zeroizing;

use crate::sanitize::for_terminal;

/// Time limits of a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Establishing the TCP and TLS connection.
    pub connect: Duration,
    /// The whole request, from sending to the last byte of the answer.
    pub request: Duration,
}

impl Default for Timeouts {
    /// The limits of the calls to a provider's OAuth endpoints.
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(10),
            request: Duration::from_secs(30),
        }
    }
}

/// Who was called, the way messages name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Peer {
    /// One of a provider's OAuth endpoints: what it is ("token endpoint") and its URL.
    Endpoint { what: &'static str, url: String },
    /// The service `invoke` calls, by the URL the request went to (without the credential).
    Service { url: String },
}

impl fmt::Display for Peer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Endpoint { what, url } => write!(f, "the {what} ({url})"),
            Self::Service { url } => f.write_str(url),
        }
    }
}

/// What went wrong on the way to an answer, or with the answer's status.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    /// The client could not be built (no TLS backend, for one): a bug or a broken build.
    #[error("cannot set up the HTTP client: {0}")]
    Setup(String),

    /// No answer within `limit` (connecting or waiting for the answer's head).
    #[error("{peer} did not answer within {} s", .limit.as_secs_f32())]
    Timeout { peer: Peer, limit: Duration },

    /// The connection could not be made; `cause` is the innermost reason.
    #[error("cannot connect to {peer}: {cause}")]
    Connect { peer: Peer, cause: String },

    /// The request failed after the connection was made.
    #[error("the request to {peer} failed: {cause}")]
    Failed { peer: Peer, cause: String },

    /// The body stopped coming for longer than `limit`.
    #[error("{}", stalled(.peer, *.limit))]
    Stalled { peer: Peer, limit: Duration },

    /// The connection ended before the body did.
    #[error("the answer of {peer} was cut off: {cause}")]
    CutOff { peer: Peer, cause: String },

    /// The body is longer than the `limit` (bytes) this kind of call allows.
    #[error("{peer} sent an answer of more than {limit} bytes")]
    TooLarge { peer: Peer, limit: u64 },

    /// `invoke --fail`: the server answered with a status of 400 or above.
    #[error("the server answered HTTP {status}{}", .reason.as_deref().map_or_else(String::new, |r| format!(" {r}")))]
    Status { status: u16, reason: Option<String> },
}

fn stalled(peer: &Peer, limit: Duration) -> String {
    let secs = limit.as_secs_f32();
    match peer {
        Peer::Endpoint { .. } => format!("{peer} did not finish its answer within {secs} s"),
        Peer::Service { .. } => format!("the answer of {peer} stalled for more than {secs} s"),
    }
}

/// The client for calls with `timeouts`. Redirects are never followed: a token endpoint that
/// redirects is misconfigured, and `invoke` must not carry a credential to another host.
pub(crate) fn client(timeouts: Timeouts) -> Result<reqwest::blocking::Client, HttpError> {
    reqwest::blocking::Client::builder()
        .use_rustls_tls()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(timeouts.connect)
        .timeout(timeouts.request)
        .user_agent(concat!("tether/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| HttpError::Setup(e.to_string()))
}

/// How a call to `url` leaves this machine, for `-v`: "proxy SCHEME://HOST:PORT" when the
/// environment (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, less `NO_PROXY`) sends it through
/// one, decided by the rules the client itself follows, else "no proxy". The proxy's user
/// name and password, if any, are left out.
pub(crate) fn route(url: &str) -> String {
    let Ok(uri) = url.parse::<http::Uri>() else {
        return "no proxy".to_owned();
    };
    let matcher = hyper_util::client::proxy::matcher::Matcher::from_system();
    let Some(proxy) = matcher.intercept(&uri) else {
        return "no proxy".to_owned();
    };
    let proxy = proxy.uri();
    let port = proxy.port().map_or_else(String::new, |p| format!(":{p}"));
    format!(
        "proxy {}://{}{port}",
        proxy.scheme_str().unwrap_or("http"),
        for_terminal(proxy.host().unwrap_or_default())
    )
}

/// `url` as `-v` shows it: no user name, password, query or fragment, which may carry
/// secrets.
pub(crate) fn shown_url(url: &str) -> String {
    let Ok(mut url) = url::Url::parse(url) else {
        return "(an address that cannot be read)".to_owned();
    };
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.set_query(None);
    url.set_fragment(None);
    for_terminal(url.as_str())
}

/// A request that got no answer, as an [`HttpError`] naming `peer`. The request's URL is
/// dropped first: with a key or token in the query it is a secret, and `peer` says where the
/// request went.
pub(crate) fn transport_error(peer: Peer, timeouts: Timeouts, e: reqwest::Error) -> HttpError {
    let e = e.without_url();
    if e.is_timeout() {
        let limit = if e.is_connect() {
            timeouts.connect
        } else {
            timeouts.request
        };
        return HttpError::Timeout { peer, limit };
    }
    let cause = innermost(&e);
    if e.is_connect() {
        return HttpError::Connect { peer, cause };
    }
    HttpError::Failed { peer, cause }
}

/// A failure while reading the body from `peer`; `limit` is the time allowed.
pub(crate) fn read_error(peer: Peer, limit: Duration, e: &std::io::Error) -> HttpError {
    let timed_out = e.kind() == std::io::ErrorKind::TimedOut
        || e.get_ref()
            .and_then(|inner| inner.downcast_ref::<reqwest::Error>())
            .is_some_and(reqwest::Error::is_timeout);
    if timed_out {
        return HttpError::Stalled { peer, limit };
    }
    HttpError::CutOff {
        peer,
        cause: innermost(e),
    }
}

/// Reads the whole body, refusing one longer than `limit` bytes. The buffer is wiped when
/// dropped: a token response holds secrets.
pub(crate) fn read_body(
    body: impl Read,
    limit: u64,
    peer: &Peer,
    timeout: Duration,
) -> Result<Zeroizing<Vec<u8>>, HttpError> {
    let mut bytes = Zeroizing::new(Vec::new());
    // One byte past the limit is enough to know the body is too long.
    body.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| read_error(peer.clone(), timeout, &e))?;
    if bytes.len() as u64 > limit {
        return Err(HttpError::TooLarge {
            peer: peer.clone(),
            limit,
        });
    }
    Ok(bytes)
}

/// Whether `url` names this machine (`127.0.0.0/8`, `[::1]`, `localhost`): the only hosts
/// plain http:// is used with, since nothing leaves the machine.
pub(crate) fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// The innermost cause of a transport error (e.g. "Connection refused"): the useful part, and
/// free of the URL that reqwest's own message repeats (which could hold a query-string
/// credential), made safe for a terminal.
pub(crate) fn innermost(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cause: &dyn std::error::Error = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    for_terminal(&cause.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_request_never_shows_its_url() {
        use std::io::{Read, Write};
        // A status error is one of reqwest's errors that carries the URL and no source.
        let server = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = server.local_addr().unwrap().port();
        let answer = std::thread::spawn(move || {
            let (mut stream, _) = server.accept().unwrap();
            let _ = stream.read(&mut [0; 4096]);
            let _ = stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        });
        let timeouts = Timeouts {
            connect: Duration::from_secs(5),
            request: Duration::from_secs(5),
        };
        let url = format!("http://127.0.0.1:{port}/x?access_token=s3cr3t-in-query");
        let error = client(timeouts)
            .unwrap()
            .get(&url)
            .send()
            .unwrap()
            .error_for_status()
            .unwrap_err();
        answer.join().unwrap();
        let peer = Peer::Service {
            url: format!("http://127.0.0.1:{port}/x"),
        };
        let shown = transport_error(peer, timeouts, error).to_string();
        assert!(!shown.contains("s3cr3t"), "{shown}");
    }

    #[test]
    fn peers_are_named_the_way_messages_need() {
        let endpoint = Peer::Endpoint {
            what: "token endpoint",
            url: "https://idp.example/token".into(),
        };
        let service = Peer::Service {
            url: "https://api.example/x".into(),
        };
        let limit = Duration::from_secs(30);
        assert_eq!(
            HttpError::Stalled {
                peer: endpoint,
                limit
            }
            .to_string(),
            "the token endpoint (https://idp.example/token) did not finish its answer within 30 s"
        );
        assert_eq!(
            HttpError::Stalled {
                peer: service,
                limit
            }
            .to_string(),
            "the answer of https://api.example/x stalled for more than 30 s"
        );
        assert_eq!(
            HttpError::Status {
                status: 404,
                reason: Some("Not Found".into())
            }
            .to_string(),
            "the server answered HTTP 404 Not Found"
        );
    }

    #[test]
    fn bodies_over_the_limit_are_refused() {
        let peer = Peer::Service { url: "u".into() };
        let timeout = Duration::from_secs(1);
        assert_eq!(
            read_body(&b"12345"[..], 5, &peer, timeout).unwrap().len(),
            5
        );
        assert!(matches!(
            read_body(&b"123456"[..], 5, &peer, timeout),
            Err(HttpError::TooLarge { limit: 5, .. })
        ));
    }
}
