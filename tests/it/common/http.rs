//! The tests' HTTP client: reqwest's blocking client for plain `http://` test servers, with no
//! proxy and no redirects followed, so each test sees exactly what the server answered.

use std::time::Duration;

use reqwest::blocking::{Client, RequestBuilder};
use reqwest::header::HeaderMap;

/// An answer, read whole.
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: String,
}

impl Response {
    /// The value of header `name`, when it is there and is text.
    #[must_use]
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// GET `url`, with `Authorization: Bearer TOKEN` when a token is given: (status, body).
#[must_use]
pub(crate) fn get(url: &str, bearer: Option<&str>) -> (u16, String) {
    let mut request = client().get(url);
    if let Some(token) = bearer {
        request = request.bearer_auth(token);
    }
    let answer = send(request).unwrap_or_else(|e| panic!("GET {url}: {e}"));
    (answer.status, answer.body)
}

/// POST the form `fields` to `url`, with `authorization` as the header's value when given:
/// (status, body).
#[must_use]
pub(crate) fn post_form(
    url: &str,
    fields: &[(&str, &str)],
    authorization: Option<&str>,
) -> (u16, String) {
    let mut request = client().post(url).form(fields);
    if let Some(value) = authorization {
        request = request.header(reqwest::header::AUTHORIZATION, value);
    }
    let answer = send(request).unwrap_or_else(|e| panic!("POST {url}: {e}"));
    (answer.status, answer.body)
}

/// GET `url` and the whole answer, or the error when none came (a connection cut short).
pub(crate) fn try_get(url: &str) -> reqwest::Result<Response> {
    send(client().get(url))
}

fn send(request: RequestBuilder) -> reqwest::Result<Response> {
    let response = request.send()?;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.text()?;
    Ok(Response {
        status,
        headers,
        body,
    })
}

fn client() -> Client {
    Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("building the tests' HTTP client")
}
