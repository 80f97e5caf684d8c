//! The device authorization grant (RFC 8628): show the user code and where to enter it, then
//! poll the token endpoint at the pace the provider asks for — `interval`, `slow_down` adding
//! 5 s for good, `authorization_pending` — until approval, refusal or the code's expiry.

use std::fmt::Write as _;
use std::time::Duration;

use serde_json::{Map, Value};

use super::endpoint::Failure;
use super::error::OAuthError;
use super::flow::FlowOptions;
use super::provider::Provider;
use super::tokens::Tokens;
use crate::connector::ClientAuth;
use crate::error::Result;
use crate::sanitize::for_terminal;
use crate::secret::Secret;
use crate::ui::Countdown;

const GRANT_TYPE: &str = "urn:ietf:params:oauth:grant-type:device_code";
/// RFC 8628 §3.2: without `interval`, 5 s.
const DEFAULT_INTERVAL: u64 = 5;
/// RFC 8628 §3.5: `slow_down` adds 5 s to the interval for this and all later polls.
const SLOW_DOWN_STEP: Duration = Duration::from_secs(5);
/// The longest wait between polls when backing off after network errors.
const MAX_BACKOFF: Duration = Duration::from_secs(60);
/// When the provider does not say how long its code lives.
const DEFAULT_EXPIRES_IN: u64 = 600;

/// What the device authorization endpoint answered (RFC 8628 §3.2).
#[derive(Debug)]
pub struct DeviceAuthorization {
    pub device_code: Secret,
    pub user_code: String,
    pub verification_uri: String,
    pub verification_uri_complete: Option<String>,
    pub expires_in: u64,
    pub interval: u64,
}

impl DeviceAuthorization {
    fn from_json(object: &Map<String, Value>) -> std::result::Result<Self, &'static str> {
        let text = |name: &str| match object.get(name) {
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            _ => None,
        };
        let number = |name: &str| match object.get(name) {
            Some(Value::Number(n)) => n.as_u64(),
            Some(Value::String(s)) => s.trim().parse().ok(),
            _ => None,
        };
        Ok(Self {
            device_code: Secret::new(text("device_code").ok_or("no `device_code` in it")?),
            user_code: text("user_code").ok_or("no `user_code` in it")?,
            // `verification_url` is what some providers (Google) send.
            verification_uri: text("verification_uri")
                .or_else(|| text("verification_url"))
                .ok_or("no `verification_uri` in it")?,
            verification_uri_complete: text("verification_uri_complete"),
            expires_in: number("expires_in")
                .filter(|n| *n > 0)
                .unwrap_or(DEFAULT_EXPIRES_IN),
            interval: number("interval")
                .filter(|n| *n > 0)
                .unwrap_or(DEFAULT_INTERVAL),
        })
    }
}

/// `--flow device`.
pub(crate) fn device(p: &Provider<'_>, scopes: &[String], opts: &FlowOptions) -> Result<Tokens> {
    let url = p
        .oauth
        .device_authorization_url
        .as_deref()
        .unwrap_or_default();
    let what = "device authorization endpoint";
    let scope = scopes.join(&p.oauth.scope_separator);
    let mut params = Vec::new();
    // RFC 8628 §3.1 names `client_id` in the body whatever the client authentication, and
    // servers built on oauthlib refuse a request without it; with Basic authentication the
    // body would otherwise not carry it (the other methods add it themselves).
    if p.oauth.client_auth == ClientAuth::Basic && p.client.secret.is_some() {
        params.push(("client_id", p.client.id.as_str()));
    }
    if !scope.is_empty() {
        params.push(("scope", scope.as_str()));
    }
    p.tell_endpoint(what, url);
    let object = p
        .endpoints()?
        .post_form(what, url, p.client, p.oauth.client_auth, &params)
        .and_then(|answer| answer.into_json(what, url))
        .map_err(|f| f.into_error(what, &p.connector.id))?;
    let auth =
        DeviceAuthorization::from_json(&object).map_err(|problem| OAuthError::DeviceAnswer {
            url: url.to_owned(),
            problem,
        })?;
    show(p, &auth);
    let target = auth
        .verification_uri_complete
        .as_deref()
        .unwrap_or(&auth.verification_uri);
    // Only web addresses go to the opener: the provider chose this string.
    let openable = opts.open_browser
        && url::Url::parse(target).is_ok_and(|u| matches!(u.scheme(), "https" | "http"));
    // A person at a terminal may want to read the code first, or approve on another device:
    // the browser opens when they press Enter. Without one it opens at once, as before.
    let offer = openable
        .then(|| p.ctx.try_prompter())
        .flatten()
        .filter(|_| p.opener.can_show())
        .and_then(crate::prompt::Prompter::watch_enter);
    match &offer {
        Some(_) => p.ctx.ui().instruction(
            "Press Enter to open it in the browser (tether waits for the approval either way).",
        ),
        None if openable => open_browser(p, target),
        None => {}
    }
    let mut on_enter = |countdown: &mut Countdown| {
        if offer.as_ref().is_some_and(|enter| enter.pressed()) {
            countdown.note("opening the browser");
            open_browser(p, target);
        }
    };
    poll(p, &auth, scopes, opts, &mut on_enter)
}

fn open_browser(p: &Provider<'_>, target: &str) {
    if let Err(e) = p.opener.open(target) {
        p.ctx.ui().notice(&format!(
            "Could not start a browser ({e}); open the address above yourself."
        ));
    }
}

fn show(p: &Provider<'_>, auth: &DeviceAuthorization) {
    // Printed even with -q: without it nobody can approve.
    let mut text = format!(
        "To authorize {} ({}), open\n\n  {}\n\nand enter the code\n\n{}",
        p.connector.name,
        p.connector.id,
        for_terminal(&auth.verification_uri),
        boxed(&for_terminal(&auth.user_code))
    );
    if let Some(complete) = &auth.verification_uri_complete {
        let _ = writeln!(
            text,
            "\n(or open {}, which fills in the code)",
            for_terminal(complete)
        );
    }
    p.ctx.ui().instruction(&text);
}

/// `code` in a box of plain ASCII, so it stands out in any terminal and any font.
fn boxed(code: &str) -> String {
    let rule = "-".repeat(code.chars().count() + 2);
    format!("  +{rule}+\n  | {code} |\n  +{rule}+\n")
}

/// Polls until a token, a refusal, or the end of the code's life (or of `--timeout`);
/// `meanwhile` runs at every tick of the waits between polls.
fn poll(
    p: &Provider<'_>,
    auth: &DeviceAuthorization,
    scopes: &[String],
    opts: &FlowOptions,
    meanwhile: &mut dyn FnMut(&mut Countdown),
) -> Result<Tokens> {
    let lifetime = Duration::from_secs(auth.expires_in);
    let limit = opts.timeout.map_or(lifetime, |t| t.min(lifetime));
    let mut countdown = Countdown::start(p.ctx.ui(), "approval of the code", p.pace.real(limit));
    let mut interval = Duration::from_secs(auth.interval);
    let mut backoff: Option<Duration> = None;
    let params = [
        ("grant_type", GRANT_TYPE),
        ("device_code", auth.device_code.expose()),
    ];
    loop {
        // RFC 8628 §3.5: wait `interval` before each poll, the first one included. A poll
        // that could only go out after the deadline is not waited for: a hostile or slowed
        // down `interval` would otherwise keep the command hanging long past it.
        let wait = backoff.unwrap_or(interval);
        let in_time = p.pace.real(wait) < countdown.remaining();
        if in_time {
            p.pace.sleep_with(wait, &mut countdown, meanwhile);
        }
        if !in_time || countdown.remaining().is_zero() {
            let error = if limit < lifetime {
                OAuthError::DeviceTimedOut {
                    secs: limit.as_secs(),
                }
            } else {
                OAuthError::DeviceCodeExpired {
                    secs: lifetime.as_secs(),
                }
            };
            return Err(error.into());
        }
        match p.token_request(&params, scopes) {
            Ok(tokens) => return Ok(tokens),
            Err(Failure::OAuth {
                error, description, ..
            }) => match error.as_str() {
                "authorization_pending" => backoff = None,
                "slow_down" => {
                    backoff = None;
                    interval += SLOW_DOWN_STEP;
                    countdown.note(&format!(
                        "the provider asked to slow down: polling every {} s",
                        interval.as_secs()
                    ));
                }
                "access_denied" => return Err(OAuthError::DeviceDenied.into()),
                "expired_token" => return Err(OAuthError::DeviceCodeExpiredEarly.into()),
                _ => {
                    let failure = Failure::OAuth {
                        status: reqwest::StatusCode::BAD_REQUEST,
                        error,
                        description,
                    };
                    return Err(p.failure(failure));
                }
            },
            // RFC 8628 §3.5: on a connection timeout, back off exponentially and go on.
            Err(Failure::Transport(e)) => {
                let next = (backoff.unwrap_or(interval) * 2).min(MAX_BACKOFF);
                countdown.note(&format!("{e}; trying again in {} s", next.as_secs()));
                backoff = Some(next);
            }
            Err(failure) => return Err(p.failure(failure)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_user_code_stands_out_in_a_box() {
        assert_eq!(
            boxed("WDJB-MJHT"),
            "  +-----------+\n  | WDJB-MJHT |\n  +-----------+\n"
        );
    }

    #[test]
    fn device_answers_get_rfc_defaults_and_tolerate_provider_variants() {
        let Value::Object(object) = serde_json::json!({
            "device_code": "d", "user_code": "ABCD-EFGH", "verification_url": "https://idp/device"
        }) else {
            unreachable!()
        };
        let auth = DeviceAuthorization::from_json(&object).unwrap();
        assert_eq!(auth.interval, 5);
        assert_eq!(auth.expires_in, DEFAULT_EXPIRES_IN);
        assert_eq!(auth.verification_uri, "https://idp/device");
        let Value::Object(object) = serde_json::json!({"user_code": "x", "verification_uri": "u"})
        else {
            unreachable!()
        };
        assert!(DeviceAuthorization::from_json(&object).is_err());
    }
}
