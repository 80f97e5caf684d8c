//! `Provider`: one connector's authorization server as seen by one client app, with the
//! services the flows need (HTTP client, browser opener, pace of polling). Every flow, the
//! refresh and the revocation go through it; the free functions in `oauth` build a default one.

use std::cell::OnceCell;
use std::io::BufRead;
use std::time::Duration;

use url::Url;

use super::endpoint::{Failure, Http, Timeouts, tokens_from};
use super::opener::{Opener, SystemOpener};
use super::pace::Pace;
use super::tokens::{Client, Tokens};
use super::{code, device, revoke};
use crate::connector::{Connector, Grant, OAuth2};
use crate::context::Context;
use crate::error::{Error, Result};

/// How a person (or nobody) authorizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Authorization code + PKCE through a loopback listener.
    Browser,
    /// Authorization code + PKCE, the redirected URL pasted back on stdin.
    Paste,
    /// RFC 8628 device authorization grant.
    Device,
    /// Client credentials: no person involved.
    ClientCredentials,
}

impl Flow {
    /// The flow a connector implies when none is chosen: client credentials for
    /// `grant = "client_credentials"`, the browser otherwise.
    #[must_use]
    pub fn default_for(oauth: &OAuth2) -> Self {
        match oauth.grant {
            Grant::ClientCredentials => Self::ClientCredentials,
            Grant::AuthorizationCode => Self::Browser,
        }
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Browser => "browser",
            Self::Paste => "paste",
            Self::Device => "device",
            Self::ClientCredentials => "client-credentials",
        }
    }
}

/// The options of an interactive flow (`--no-browser`, `--port`, `--timeout`).
#[derive(Debug, Clone)]
pub struct FlowOptions {
    /// Start the browser (the URL is printed either way); false with `--no-browser`.
    pub open_browser: bool,
    /// `--port`: the loopback port (0: any free one); overrides the connector's `redirect_port`.
    pub port: Option<u16>,
    /// `--timeout`: how long to wait for the person. `None`: 300 s for the browser flow, the
    /// code's own lifetime (`expires_in`) for the device flow.
    pub timeout: Option<Duration>,
}

impl Default for FlowOptions {
    fn default() -> Self {
        Self {
            open_browser: true,
            port: None,
            timeout: None,
        }
    }
}

/// How long the browser flow waits by default.
pub const DEFAULT_BROWSER_TIMEOUT: Duration = Duration::from_secs(300);

/// A connector's authorization server, used as `client`.
pub struct Provider<'a> {
    pub(crate) ctx: &'a Context,
    pub(crate) connector: &'a Connector,
    pub(crate) oauth: &'a OAuth2,
    pub(crate) client: &'a Client,
    timeouts: Timeouts,
    // Built on first use, so the refresh engine's hot path (token still valid) costs nothing.
    http: OnceCell<Http>,
    pub(crate) opener: Box<dyn Opener + 'a>,
    pub(crate) pace: Pace,
}

impl<'a> Provider<'a> {
    /// Checks that `connector` is an OAuth connector with usable endpoints.
    pub fn new(ctx: &'a Context, connector: &'a Connector, client: &'a Client) -> Result<Self> {
        let oauth = connector.oauth2.as_ref().ok_or_else(|| {
            Error::invalid(
                format!("connector `{}` is not an OAuth2 connector", connector.id),
                format!(
                    "`tether connector show {}` shows how it authenticates",
                    connector.id
                ),
            )
        })?;
        if client.id.is_empty() {
            return Err(Error::missing(
                format!("the OAuth2 client id of connector `{}`", connector.id),
                format!(
                    "`tether connector configure {} --client-id ID`",
                    connector.id
                ),
            ));
        }
        check_endpoint(connector, "token_url", Some(&oauth.token_url))?;
        check_endpoint(
            connector,
            "authorization_url",
            oauth.authorization_url.as_deref(),
        )?;
        check_endpoint(
            connector,
            "device_authorization_url",
            oauth.device_authorization_url.as_deref(),
        )?;
        check_endpoint(connector, "revocation_url", oauth.revocation_url.as_deref())?;
        Ok(Self {
            ctx,
            connector,
            oauth,
            client,
            timeouts: Timeouts::default(),
            http: OnceCell::new(),
            opener: Box::new(SystemOpener),
            pace: Pace::default(),
        })
    }

    /// Other time limits for the calls to the provider.
    #[must_use]
    pub fn with_timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self.http = OnceCell::new();
        self
    }

    /// Another way to open the browser.
    #[must_use]
    pub fn with_opener(mut self, opener: impl Opener + 'a) -> Self {
        self.opener = Box::new(opener);
        self
    }

    /// Another pace for device-code polling.
    #[must_use]
    pub fn with_pace(mut self, pace: Pace) -> Self {
        self.pace = pace;
        self
    }

    /// Runs `flow` for `scopes` and returns the tokens obtained.
    pub fn authorize(&self, scopes: &[String], flow: Flow, opts: &FlowOptions) -> Result<Tokens> {
        self.check_flow(flow)?;
        match flow {
            Flow::Browser => code::browser(self, scopes, opts),
            Flow::Paste => code::paste(self, scopes, opts, &mut std::io::stdin().lock()),
            Flow::Device => device::device(self, scopes, opts),
            Flow::ClientCredentials => self.client_credentials(scopes),
        }
    }

    /// The paste flow with its input from `input` (one line).
    pub fn paste(
        &self,
        scopes: &[String],
        opts: &FlowOptions,
        input: &mut dyn BufRead,
    ) -> Result<Tokens> {
        self.check_flow(Flow::Paste)?;
        code::paste(self, scopes, opts, input)
    }

    fn check_flow(&self, flow: Flow) -> Result<()> {
        let id = &self.connector.id;
        match (self.oauth.grant, flow) {
            (Grant::ClientCredentials, Flow::ClientCredentials) => Ok(()),
            (Grant::ClientCredentials, _) => Err(Error::invalid(
                format!(
                    "connector `{id}` uses client credentials, which involve no person or browser"
                ),
                "use --flow client-credentials",
            )),
            (Grant::AuthorizationCode, Flow::ClientCredentials) => Err(Error::invalid(
                format!(
                    "connector `{id}` needs a person to authorize; client credentials are not for it"
                ),
                "use --flow browser, --flow paste or --flow device",
            )),
            (Grant::AuthorizationCode, Flow::Device)
                if self.oauth.device_authorization_url.is_none() =>
            {
                Err(Error::invalid(
                    format!(
                        "connector `{id}` has no device_authorization_url, so the device flow is not available"
                    ),
                    "use --flow browser, or --flow paste on a machine without a browser",
                ))
            }
            (Grant::AuthorizationCode, _)
                if self.oauth.authorization_url.is_none() && flow != Flow::Device =>
            {
                Err(Error::invalid(
                    format!("connector `{id}` has no authorization_url"),
                    "add authorization_url to the connector, or use --flow device if it has a device_authorization_url",
                ))
            }
            (Grant::AuthorizationCode, _) => Ok(()),
        }
    }

    /// The client credentials grant (RFC 6749 §4.4).
    pub fn client_credentials(&self, scopes: &[String]) -> Result<Tokens> {
        if self.client.secret.is_none()
            && self.oauth.client_auth != crate::connector::ClientAuth::None
        {
            return Err(Error::missing(
                format!("the client secret of connector `{}`", self.connector.id),
                format!(
                    "`tether connector configure {} --client-id ID --client-secret @FILE`",
                    self.connector.id
                ),
            ));
        }
        let scope = scopes.join(&self.oauth.scope_separator);
        let mut params = vec![("grant_type", "client_credentials")];
        if !scope.is_empty() {
            params.push(("scope", scope.as_str()));
        }
        self.token_request(&params, scopes)
            .map_err(|f| self.failure(f))
    }

    /// One refresh (RFC 6749 §6). The old refresh token is kept when none comes back, and the
    /// granted scopes when the answer names none. A client credentials connector without a
    /// refresh token gets a new token the way it got the first.
    pub fn refresh(&self, current: &Tokens) -> Result<Tokens> {
        let Some(refresh_token) = &current.refresh_token else {
            if self.oauth.grant == Grant::ClientCredentials {
                return self.client_credentials(&current.scopes);
            }
            return Err(Error::Authorization {
                message: "the access token cannot be renewed: the provider gave no refresh token"
                    .into(),
                hint: format!(
                    "authorize again (`tether connection reauthorize LINK --account NAME`); for a lasting \
                     authorization, include the scope the provider needs for refresh tokens (often offline_access) \
                     in connector `{}`",
                    self.connector.id
                ),
            });
        };
        let params = [
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token.expose()),
        ];
        let mut tokens = self
            .token_request(&params, &current.scopes)
            .map_err(|f| self.failure(f))?;
        if tokens.refresh_token.is_none() {
            tokens.refresh_token = Some(refresh_token.clone());
        }
        // Nothing is said here: the caller stores the tokens first (a rotated refresh token
        // not yet saved is the only one left), then reports.
        Ok(tokens)
    }

    /// RFC 7009 revocation, best-effort.
    #[must_use]
    pub fn revoke(&self, tokens: &Tokens) -> revoke::RevokeOutcome {
        revoke::revoke(self, tokens)
    }

    pub(crate) fn http(&self) -> Result<&Http> {
        if let Some(http) = self.http.get() {
            return Ok(http);
        }
        let http = Http::new(self.timeouts)?;
        Ok(self.http.get_or_init(|| http))
    }

    /// A token endpoint call with `params` plus the connector's `token_params` and the client's
    /// authentication; `requested` are the scopes recorded when the answer names none.
    pub(crate) fn token_request(
        &self,
        params: &[(&str, &str)],
        requested: &[String],
    ) -> Result<Tokens, Failure> {
        const OURS: [&str; 9] = [
            "grant_type",
            "code",
            "redirect_uri",
            "code_verifier",
            "refresh_token",
            "device_code",
            "scope",
            "client_id",
            "client_secret",
        ];
        let mut all = params.to_vec();
        for (name, value) in &self.oauth.token_params {
            // The grant's own parameters are not the connector's to change.
            if !OURS.contains(&name.as_str()) {
                all.push((name.as_str(), value.as_str()));
            }
        }
        let now = self.ctx.now();
        let url = &self.oauth.token_url;
        let http = self.http().map_err(Failure::Other)?;
        let answer = http.post_form(
            "token endpoint",
            url,
            self.client,
            self.oauth.client_auth,
            &all,
        )?;
        let object = answer.into_json("token endpoint", url)?;
        tokens_from(&object, now, requested, &self.oauth.scope_separator)
            .map_err(|unusable| Failure::Other(unusable.into_error(url, &self.connector.id)))
    }

    pub(crate) fn failure(&self, failure: Failure) -> Error {
        failure.into_error("token endpoint", &self.connector.id)
    }
}

/// Endpoints are `https://`, or `http://` on a loopback address (for local testing): secrets are never
/// sent in the clear over a network, whatever a connector file says.
fn check_endpoint(connector: &Connector, field: &str, url: Option<&str>) -> Result<()> {
    let Some(url) = url else { return Ok(()) };
    if let Some(name) = crate::connector::template::placeholders(url).first() {
        // The caller must pass `Connector::with_params`; sending `%7Btenant%7D` to the
        // provider would fail there with a confusing answer.
        return Err(Error::Internal(format!(
            "connector `{}`: {field} `{url}` was used before its `{{{name}}}` was filled in from the connection's params",
            connector.id
        )));
    }
    let bad = |why: &str| {
        Error::invalid(
            format!("connector `{}`: {field} `{url}` {why}", connector.id),
            "endpoints must be https:// URLs (http:// only for 127.0.0.1, [::1] or localhost); fix the connector and import it again",
        )
    };
    let parsed = Url::parse(url).map_err(|e| bad(&format!("is not a URL ({e})")))?;
    match parsed.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(&parsed) => Ok(()),
        _ => Err(bad("is not https://")),
    }
}

pub(crate) fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}
