//! One connection to the loopback listener: its request head, read without blocking and under
//! hard limits (line length, head size, time), and the small page written back. A connection
//! over a limit is answered with an error status, or just closed, and the listener waits on:
//! nothing one connection sends makes the process hold more than one head's worth of bytes.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

/// The longest request line read. A callback's is a few hundred bytes: the code, the state
/// and `iss`. Common servers stop at about as much (nginx 8 KiB).
const MAX_LINE: usize = 8 * 1024;
/// The longest request head (request line and headers) read.
const MAX_HEAD: usize = 16 * 1024;
/// How long a connection has to send its whole head once accepted. Browsers send it at once;
/// an idle connection a browser opened ahead of time is closed, as any server does.
const HEAD_DEADLINE: Duration = Duration::from_secs(5);
/// How long writing the (small) answer may take before the connection is given up.
const WRITE_LIMIT: Duration = Duration::from_secs(2);

/// A request head as far as the listener needs it.
pub(crate) struct Head {
    pub method: String,
    pub target: String,
}

/// What reading a connection has come to.
pub(crate) enum Progress {
    /// More is to come; look again later.
    Pending,
    /// The whole head has arrived.
    Head(Head),
    /// Not a request to wait for: answer with this status and why, then drop it.
    Refuse(u16, &'static str),
    /// The peer went away, failed, or took too long: drop it without a word.
    Gone,
}

/// An accepted connection whose head is being read.
pub(crate) struct Inbound {
    stream: TcpStream,
    head: Vec<u8>,
    accepted: Instant,
}

impl Inbound {
    pub(crate) fn new(stream: TcpStream) -> io::Result<Self> {
        stream.set_nonblocking(true)?;
        Ok(Self {
            stream,
            head: Vec::new(),
            accepted: Instant::now(),
        })
    }

    /// Reads what has arrived, without waiting for more.
    pub(crate) fn poll(&mut self, now: Instant) -> Progress {
        let mut chunk = [0u8; 4096];
        loop {
            // One byte past the limit is enough to know the head is too large.
            let room = (MAX_HEAD + 1)
                .saturating_sub(self.head.len())
                .min(chunk.len());
            if room == 0 {
                break;
            }
            match self.stream.read(&mut chunk[..room]) {
                Ok(0) => return Progress::Gone,
                Ok(n) => {
                    self.head.extend_from_slice(&chunk[..n]);
                    if let Some(progress) = self.examine() {
                        return progress;
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return Progress::Gone,
            }
        }
        if now.duration_since(self.accepted) >= HEAD_DEADLINE {
            return Progress::Gone;
        }
        Progress::Pending
    }

    /// The verdict on what has been read so far, if there is one yet.
    fn examine(&self) -> Option<Progress> {
        let line_end = self.head.iter().position(|&b| b == b'\n');
        if line_end.unwrap_or(self.head.len()) > MAX_LINE {
            return Some(Progress::Refuse(414, "its address is too long"));
        }
        let Some(end) = head_end(&self.head) else {
            if self.head.len() > MAX_HEAD {
                return Some(Progress::Refuse(431, "its headers are too large"));
            }
            return None;
        };
        let line = &self.head[..line_end.unwrap_or(end)];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        Some(parse_request_line(line).map_or(
            Progress::Refuse(400, "it is not an HTTP request"),
            Progress::Head,
        ))
    }

    /// Answers with `status` and the page `html`, then closes the connection.
    pub(crate) fn respond(self, status: u16, html: &str) {
        let reason = match status {
            200 => "OK",
            400 => "Bad Request",
            404 => "Not Found",
            414 => "URI Too Long",
            431 => "Request Header Fields Too Large",
            _ => "",
        };
        let answer = format!(
            "HTTP/1.1 {status} {reason}\r\n\
             Content-Type: text/html; charset=utf-8\r\n\
             Cache-Control: no-store\r\n\
             Referrer-Policy: no-referrer\r\n\
             X-Content-Type-Options: nosniff\r\n\
             Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'\r\n\
             Content-Length: {}\r\n\
             Connection: close\r\n\r\n{html}",
            html.len()
        );
        // The browser may have gone away; the verdict stands either way.
        let _ = self.stream.set_nonblocking(false);
        let _ = self.stream.set_write_timeout(Some(WRITE_LIMIT));
        let _ = (&self.stream).write_all(answer.as_bytes());
        let _ = self.stream.shutdown(Shutdown::Write);
    }
}

/// Where the head ends: after the first empty line (CRLF CRLF, or bare LFs).
fn head_end(bytes: &[u8]) -> Option<usize> {
    bytes
        .windows(2)
        .position(|w| w == b"\n\n")
        .or_else(|| bytes.windows(4).position(|w| w == b"\r\n\r\n"))
}

/// `METHOD SP request-target SP HTTP/x.y` (RFC 9112 §3).
fn parse_request_line(line: &[u8]) -> Option<Head> {
    let line = std::str::from_utf8(line).ok()?;
    let mut parts = line.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    let valid = parts.next().is_none()
        && !method.is_empty()
        && method.bytes().all(|b| b.is_ascii_uppercase())
        && !target.is_empty()
        && version.starts_with("HTTP/1.");
    valid.then(|| Head {
        method: method.to_owned(),
        target: target.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_lines_are_read_strictly() {
        let head = parse_request_line(b"GET /callback?code=x HTTP/1.1").unwrap();
        assert_eq!(
            (head.method.as_str(), head.target.as_str()),
            ("GET", "/callback?code=x")
        );
        for bad in [
            &b"GET /callback"[..],
            b"GET  /callback HTTP/1.1",
            b"GET /a b HTTP/1.1",
            b"\x16\x03\x01 x HTTP/1.1",
            b"GET /callback SSH-2.0",
        ] {
            assert!(parse_request_line(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn the_head_ends_at_the_first_empty_line() {
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: x\r\n\r\nbody"), Some(23));
        assert_eq!(head_end(b"GET / HTTP/1.1\nHost: x\n\n"), Some(22));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: x\r\n"), None);
    }
}
