//! A small HTTP server on 127.0.0.1 standing in for a service's API: it records every request
//! and gives each the same answer.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    pub(crate) method: String,
    /// Path and query, as sent.
    pub(crate) target: String,
    /// Names lower-cased, in order.
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Seen {
    /// The body as text.
    #[must_use]
    pub(crate) fn body_text(&self) -> &str {
        std::str::from_utf8(&self.body).expect("a text body")
    }

    #[must_use]
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A tiny HTTP/1.1 server on 127.0.0.1: records every request and answers each (one request
/// per connection).
pub(crate) struct Server {
    port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
}

/// An answer: status, content type and body.
pub(crate) type Answer = (u16, &'static str, String);

impl Server {
    /// On a free port, answering every request with `status`, `content_type` and `body`.
    #[must_use]
    pub(crate) fn start(status: u16, content_type: &'static str, body: &'static str) -> Self {
        Self::start_on(0, status, content_type, body)
    }

    /// [`Server::start`] on `port`, for cases whose files name it.
    #[must_use]
    pub(crate) fn start_on(
        port: u16,
        status: u16,
        content_type: &'static str,
        body: &'static str,
    ) -> Self {
        Self::answering(port, move |_| (status, content_type, body.to_owned()))
    }

    /// On `port` (0: a free one), answering each request with what `answer` makes of it.
    #[must_use]
    pub(crate) fn answering(port: u16, answer: impl Fn(&Seen) -> Answer + Send + 'static) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .unwrap_or_else(|e| panic!("cannot listen on 127.0.0.1:{port}: {e}"));
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                if let Some(request) = read_request(&stream) {
                    let (status, content_type, body) = answer(&request);
                    log.lock().unwrap().push(request);
                    send(stream, status, content_type, &body);
                }
            }
        });
        Self { port, seen }
    }

    #[must_use]
    pub(crate) fn port(&self) -> u16 {
        self.port
    }

    #[must_use]
    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    #[must_use]
    pub(crate) fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

fn read_request(stream: &TcpStream) -> Option<Seen> {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let target = parts.next()?.to_owned();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let length = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Seen {
        method,
        target,
        headers,
        body,
    })
}

fn send(mut stream: TcpStream, status: u16, content_type: &str, body: &str) {
    let head = format!(
        "HTTP/1.1 {status} Status\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nX-Served-By: test\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body.as_bytes());
}
