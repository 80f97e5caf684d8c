//! `tether invoke`: one authenticated HTTP request, its answer's body on stdout.

use std::io::{IsTerminal, Read, Write};
use std::path::Path;
use std::time::Duration;

use base64::Engine as _;
use clap::Args;
use reqwest::Method;
use serde::Serialize;

use crate::context::{Context, Verbosity};
use crate::error::{Error, Result};
use crate::invoke::{self, Outcome, Request};
use crate::usage::UsageError;

/// Send an HTTP request with a connection's credential and print the answer's body
///
/// URL-OR-PATH is a path starting with `/`, appended to the connector's base_url (its params
/// filled in from the connection), or a full URL with the same scheme, host and port as the
/// base_url. Another host gets the credential only with --allow-any-host, and never over plain
/// http:// unless it is a loopback address. Redirects are not followed.
///
/// The credential goes where the connector says (the Authorization header for Basic; for
/// OAuth2, `Authorization: Bearer` unless the connector names another header, scheme or query
/// parameter; the connector's header or query parameter for API keys); a -H that would
/// replace it is refused. OAuth2 tokens are refreshed before the request when due; if the answer is HTTP 401
/// anyway, the token is refreshed once and the request sent once more.
///
/// -d sends DATA as the body: literally, from a file (@FILE) or standard input (@-), byte for
/// byte. Without a Content-Type header, it is application/json when DATA is valid JSON,
/// application/x-www-form-urlencoded otherwise.
///
/// The body of the answer goes to stdout: re-indented when stdout is a terminal and it is JSON,
/// unchanged otherwise. -v shows the request line and the status and headers of the answer on
/// stderr (never the credential). tether exits 0 whatever the HTTP status; with --fail, a
/// status of 400 or above exits 22 after printing the body. No answer (refused, timed out,
/// cut off) exits 5.
#[derive(Debug, Args)]
#[command(after_long_help = EXAMPLES)]
pub struct InvokeArgs {
    /// Link name of the connection
    #[arg(add = crate::cli::complete::links())]
    pub link: String,

    /// HTTP method, e.g. GET, POST, PUT, PATCH, DELETE (upper-cased)
    pub method: String,

    /// A path (starting with /) on the connector's base_url, or a full URL
    #[arg(value_name = "URL-OR-PATH")]
    pub target: String,

    /// Add a request header, 'Name: value' (repeatable)
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    pub headers: Vec<String>,

    /// Request body: DATA literally, @FILE, or @- for standard input
    #[arg(short = 'd', long = "data", value_name = "DATA")]
    pub data: Option<String>,

    /// Exit 22 when the HTTP status is 400 or above (the body is still printed)
    #[arg(long)]
    pub fail: bool,

    /// Allow a full URL on a host other than the connector's base_url to receive the credential
    #[arg(long)]
    pub allow_any_host: bool,

    /// Seconds allowed to connect, to receive the answer's headers, and between reads of its body
    #[arg(long, value_name = "SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub timeout: u64,

    /// The application asking; it must be enabled on the connection
    #[arg(long, value_name = "APP", env = "TETHER_APP")]
    pub app: Option<String>,
}

// In `after_long_help` because clap re-wraps doc-comment paragraphs, which would join the lines.
const EXAMPLES: &str = r#"Examples:
  tether invoke gh GET /user
  tether invoke gh POST /user/repos -d '{"name": "demo", "private": true}'
  jq -n '{channel: "C1", text: "hi"}' | tether invoke slack POST /chat.postMessage -d @- --fail"#;

pub(super) fn run(ctx: &Context, args: &InvokeArgs) -> Result<()> {
    let request = plan(args)?;
    let mut outcome = invoke::send(ctx, &args.link, args.app.as_deref(), &request)?;
    let status = outcome.response.status();
    if ctx.ui().verbosity() >= Verbosity::Verbose {
        show_head(&outcome);
    }
    if ctx.json {
        print_json(&mut outcome)?;
    } else {
        write_body(&mut outcome)?;
    }

    if status.as_u16() == 401 {
        let hint = if outcome.retried {
            "the service refused the refreshed access token as well"
        } else {
            "the service refused the credential"
        };
        ctx.ui().notice(&format!(
            "tether: HTTP 401 Unauthorized: {hint}; if the authorization was revoked or lacks a scope, run `tether connection reauthorize {} --account NAME`",
            args.link
        ));
    } else if status.as_u16() >= 400 && !args.fail && ctx.ui().verbosity() == Verbosity::Normal {
        ctx.ui()
            .notice(&format!("tether: HTTP {}", status_text(status)));
    }
    if args.fail && status.as_u16() >= 400 {
        return Err(crate::http::HttpError::Status {
            status: status.as_u16(),
            reason: status.canonical_reason().map(str::to_owned),
        }
        .into());
    }
    Ok(())
}

/// The resolve step: what was typed into a request (reads -d's file or stdin).
fn plan(args: &InvokeArgs) -> Result<Request> {
    let method = Method::from_bytes(args.method.to_ascii_uppercase().as_bytes()).map_err(|_| {
        UsageError::NotMethod {
            method: crate::sanitize::for_terminal(&args.method),
        }
    })?;
    let headers = args
        .headers
        .iter()
        .map(|h| invoke::parse_header(h))
        .collect::<Result<Vec<_>>>()?;
    let body = args.data.as_deref().map(read_data).transpose()?;
    Ok(Request {
        method,
        target: args.target.clone(),
        headers,
        body,
        allow_any_host: args.allow_any_host,
        timeout: Duration::from_secs(args.timeout),
    })
}

/// `-d`: `@-` is standard input, `@FILE` a file, anything else the data itself; bytes are
/// sent as they are (no newline is dropped, unlike `--param`'s values).
fn read_data(raw: &str) -> Result<Vec<u8>> {
    if raw == "@-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io("reading", "standard input", e))?;
        return Ok(bytes);
    }
    if let Some(path) = raw.strip_prefix('@') {
        return std::fs::read(path).map_err(|source| {
            UsageError::BodyUnreadable {
                path: Path::new(path).to_owned(),
                source,
            }
            .into()
        });
    }
    Ok(raw.as_bytes().to_vec())
}

fn status_text(status: reqwest::StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("{} {reason}", status.as_u16()),
        None => status.as_u16().to_string(),
    }
}

/// `-v`: the status line and headers of the answer, on stderr.
fn show_head(outcome: &Outcome) {
    let response = &outcome.response;
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "< {:?} {}",
        response.version(),
        status_text(response.status())
    );
    for (name, value) in response.headers() {
        let value = crate::sanitize::for_terminal(&String::from_utf8_lossy(value.as_bytes()));
        let _ = writeln!(err, "< {name}: {value}");
    }
    let _ = writeln!(err, "<");
}

/// `--json`: the answer as one document. A JSON body is embedded as it came, any other
/// UTF-8 body as a string; a body that is not UTF-8 is `null`, with its bytes in
/// `body_base64`.
#[derive(Serialize)]
struct Answer<'a> {
    status: u16,
    reason: Option<&'a str>,
    url: &'a str,
    headers: Vec<crate::cli::header::HeaderJson>,
    body: Body<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body_base64: Option<String>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Body<'a> {
    Json(&'a serde_json::value::RawValue),
    Text(&'a str),
    None,
}

fn print_json(outcome: &mut Outcome) -> Result<()> {
    let response = &outcome.response;
    let status = response.status();
    let json = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(invoke::is_json_type);
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| crate::cli::header::HeaderJson {
            name: name.as_str().to_owned(),
            value: String::from_utf8_lossy(value.as_bytes()).into_owned(),
        })
        .collect();
    let bytes = invoke::read_all(outcome)?;
    let text = std::str::from_utf8(&bytes).ok();
    let raw = text
        .filter(|_| json)
        .and_then(|t| serde_json::from_str::<&serde_json::value::RawValue>(t.trim()).ok());
    let (body, body_base64) = match (raw, text) {
        (Some(raw), _) => (Body::Json(raw), None),
        (None, Some(text)) => (Body::Text(text), None),
        (None, None) => (
            Body::None,
            Some(base64::engine::general_purpose::STANDARD.encode(&bytes)),
        ),
    };
    crate::cli::output::print_json(&Answer {
        status: status.as_u16(),
        reason: status.canonical_reason(),
        url: &outcome.url,
        headers,
        body,
        body_base64,
    })
}

/// The body to stdout: JSON re-indented for a terminal, otherwise streamed unchanged. A closed
/// pipe (`… | head`) ends the output quietly.
fn write_body(outcome: &mut Outcome) -> Result<()> {
    let stdout = std::io::stdout();
    let json = outcome
        .response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(invoke::is_json_type);
    if json && stdout.is_terminal() {
        let body = invoke::read_all(outcome)?;
        return match invoke::pretty_json(&body) {
            Some(text) => crate::cli::output::print(&text),
            None => write_all(&mut stdout.lock(), &body),
        };
    }
    let mut out = stdout.lock();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match outcome.response.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                let _ = out.flush();
                return Err(invoke::read_error(&outcome.url, outcome.timeout, &e));
            }
        };
        if !write_chunk(&mut out, &buf[..n])? {
            return Ok(());
        }
    }
    write_all(&mut out, &[])
}

fn write_all(out: &mut impl Write, bytes: &[u8]) -> Result<()> {
    write_chunk(out, bytes).map(|_| ())
}

/// Writes and flushes; `false` when the reader went away.
fn write_chunk(out: &mut impl Write, bytes: &[u8]) -> Result<bool> {
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(Error::io("writing", "standard output", e)),
    }
}
