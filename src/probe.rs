//! `connection test`: proves that a connection's credential works, by one authenticated GET
//! of the connector's `[identity]` URL (which also says who it is), else of its `base_url`.
//! The credential is resolved as `token` resolves it (refreshed first when due), and sent as
//! `invoke` sends it (refreshed once more after an HTTP 401).

use std::time::{Duration, Instant};

use reqwest::Method;
use reqwest::header::{ACCEPT, HeaderValue};
use url::Url;

use crate::connector::IdentityLookup;
use crate::context::Context;
use crate::credential::Resolved;
use crate::environment::Environment;
use crate::error::Result;

/// A check must answer quickly: it stands for the service being reachable at all.
const TIMEOUT: Duration = Duration::from_secs(15);

/// The built-in values templates may use: all secret, so never put in a URL that is shown.
const SECRET_NAMES: [&str; 4] = ["access_token", "username", "password", "api_key"];

/// What was called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// The connector's `[identity]` URL: an answer must say who it is.
    Identity,
    /// The connector's base URL: any answer but a refusal shows the credential was accepted.
    BaseUrl,
}

/// What the answer says of the credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    Works,
    /// HTTP 401 or 403.
    Refused,
    /// A server error, or an identity URL that did not answer 2xx.
    Failed,
}

/// The answer to a check.
#[derive(Debug)]
pub(crate) struct Checked {
    pub(crate) link: String,
    pub(crate) env: Environment,
    pub(crate) target: Target,
    /// The URL called, without the credential.
    pub(crate) url: String,
    pub(crate) status: u16,
    pub(crate) verdict: Verdict,
    /// Who the provider says the credential belongs to, from the identity URL.
    pub(crate) login: Option<String>,
    /// Why the identity URL's answer named nobody, when it did not.
    pub(crate) identity_problem: Option<String>,
    /// From sending the request to the end of its answer (a refresh before it not counted).
    pub(crate) elapsed: Duration,
}

/// Why a check failed, beside the network errors of any request.
#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    /// HTTP 401 or 403: the service does not take the credential.
    #[error("{url} refused the credential of `{link}` in {env} (HTTP {status})")]
    Refused {
        link: String,
        env: Environment,
        url: String,
        status: u16,
    },

    /// A server error, or an identity URL that did not answer with its JSON.
    #[error("{url} answered HTTP {status} to the check of `{link}` in {env}")]
    Failed {
        link: String,
        env: Environment,
        url: String,
        status: u16,
    },

    #[error(
        "connector `{connector}` has neither an [identity] URL nor a base_url to check `{link}` against"
    )]
    NoTarget { link: String, connector: String },

    /// The identity URL cannot be made for this connection; `problem` is safe to show.
    #[error("the [identity] URL of connector `{connector}` cannot be used: {problem}")]
    BadIdentityUrl { connector: String, problem: String },
}

/// Checks the credential of `link` (used as `app`) in the context's environment.
pub(crate) fn check(ctx: &Context, link: &str, app: Option<&str>) -> Result<Checked> {
    let env = ctx.env()?;
    let resolved = crate::credential::resolve(ctx, link, app)?;
    let (url, target) = target(&resolved, link)?;
    let request = crate::invoke::Request {
        method: Method::GET,
        target: url.to_string(),
        headers: vec![(ACCEPT, HeaderValue::from_static("application/json"))],
        body: None,
        allow_any_host: true,
        timeout: TIMEOUT,
    };
    let started = Instant::now();
    let outcome = crate::invoke::send_resolved(ctx, link, &resolved, &request, &url)?;
    let status = outcome.response.status();
    let verdict = if matches!(status.as_u16(), 401 | 403) {
        Verdict::Refused
    } else if status.is_server_error() || (target == Target::Identity && !status.is_success()) {
        Verdict::Failed
    } else {
        Verdict::Works
    };
    let (login, identity_problem) = match &resolved.connector.identity {
        Some(lookup) if verdict == Verdict::Works && target == Target::Identity => {
            match crate::identity::read_answer(outcome.response, lookup, &outcome.url) {
                Ok((login, _)) => (Some(login), None),
                Err(why) => (None, Some(why)),
            }
        }
        _ => (None, None),
    };
    Ok(Checked {
        link: link.to_owned(),
        env,
        target,
        url: outcome.url,
        status: status.as_u16(),
        verdict,
        login,
        identity_problem,
        elapsed: started.elapsed(),
    })
}

impl Checked {
    /// Why the check failed, as the error that decides the exit status; `None` when it works.
    #[must_use]
    pub(crate) fn problem(&self) -> Option<ProbeError> {
        let (link, env, url, status) = (self.link.clone(), self.env, self.url.clone(), self.status);
        match self.verdict {
            Verdict::Works => None,
            Verdict::Refused => Some(ProbeError::Refused {
                link,
                env,
                url,
                status,
            }),
            Verdict::Failed => Some(ProbeError::Failed {
                link,
                env,
                url,
                status,
            }),
        }
    }
}

/// The identity URL when the connector has one, else its base URL.
fn target(resolved: &Resolved, link: &str) -> Result<(Url, Target)> {
    if let Some(lookup) = &resolved.connector.identity {
        let url = identity_url(resolved, lookup).map_err(|problem| ProbeError::BadIdentityUrl {
            connector: resolved.connector.id.clone(),
            problem,
        })?;
        return Ok((url, Target::Identity));
    }
    match crate::invoke::base_url(resolved)? {
        Some(url) => Ok((url, Target::BaseUrl)),
        None => Err(ProbeError::NoTarget {
            link: link.to_owned(),
            connector: resolved.connector.id.clone(),
        }
        .into()),
    }
}

/// The identity URL filled in with the values that may be shown: the connection's params,
/// the connector's non-secret params, and captured values.
fn identity_url(resolved: &Resolved, lookup: &IdentityLookup) -> Result<Url, String> {
    let connector = &resolved.connector;
    let values = &resolved.credential.values;
    crate::identity::lookup_url(connector, lookup, |name| {
        if let Some(value) = resolved.connection.params.get(name) {
            return Some(value.clone());
        }
        let shown = match connector.param(name) {
            Some(param) => !param.secret,
            None => !SECRET_NAMES.contains(&name),
        };
        shown
            .then(|| values.get(name))
            .flatten()
            .map(|v| v.expose().to_owned())
    })
}
