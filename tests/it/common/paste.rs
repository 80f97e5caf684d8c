//! The person in the paste flow: the page their browser lands on (a server answering 502, as
//! a redirect to a port nobody listens on ends in an error page) and what they then type.

use std::io::Read;
use std::sync::mpsc;

use super::server::Server;

/// A landing page that turns the address the browser landed on into what the person types,
/// with `typing`; its port is the flow's redirect port, and [`Typed`] its standard input.
#[must_use]
pub(crate) fn landing(typing: impl Fn(&str) -> String + Send + 'static) -> (Server, Typed) {
    let (typed, input) = mpsc::channel();
    let server = Server::answering(0, move |seen| {
        let host = seen.header("host").unwrap_or_default();
        let address = format!("http://{host}{}", seen.target);
        let _ = typed.send(typing(&address).into_bytes());
        (502, "text/plain", String::new())
    });
    (server, Typed(input, Vec::new()))
}

/// Standard input as the person types it: reads block until the browser has landed.
pub(crate) struct Typed(mpsc::Receiver<Vec<u8>>, Vec<u8>);

impl Read for Typed {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.1.is_empty() {
            self.1 = self.0.recv().unwrap_or_default();
        }
        let n = buf.len().min(self.1.len());
        buf[..n].copy_from_slice(&self.1[..n]);
        self.1.drain(..n);
        Ok(n)
    }
}
