//! `Provider`: one connector's authorization server as seen by one client app, with the
//! services the flows need (HTTP client, browser opener, pace of polling). Every flow, the
//! refresh and the revocation go through it; the free functions in `oauth` build a default one.

use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::io::BufRead;

use serde_json::{Map, Value};
use url::Url;

use super::endpoint::{Endpoints, Failure, tokens_from};
use super::error::OAuthError;
use super::flow::{Flow, FlowOptions};
use super::opener::{Opener, SystemOpener};
use super::pace::Pace;
use super::tokens::{ClientApp, Tokens};
use super::{code, device, jwt, revoke};
use crate::connector::{
    CLIENT_ID, Capture, Connector, Grant, OAuth2, Revocation, TETHER_TOKEN_PARAMS,
};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::http::{Timeouts, is_loopback};
use crate::secret::Secret;

/// A connector's authorization server, used as `client`.
pub struct Provider<'a> {
    pub(crate) ctx: &'a Context,
    pub(crate) connector: &'a Connector,
    pub(crate) oauth: &'a OAuth2,
    pub(crate) client: &'a ClientApp,
    timeouts: Timeouts,
    // Built on first use, so the refresh engine's hot path (token still valid) costs nothing.
    endpoints: OnceCell<Endpoints>,
    /// `-v` names the token endpoint and its proxy once, not at every device-flow poll.
    told_endpoint: OnceCell<()>,
    pub(crate) opener: Box<dyn Opener + 'a>,
    pub(crate) pace: Pace,
    /// The account's params (the JWT bearer grant's key and claim values).
    values: Option<&'a BTreeMap<String, Secret>>,
    /// What is being authorized, for the browser's success page.
    pub(crate) about: Option<&'a super::Authorizing>,
}

impl<'a> Provider<'a> {
    /// Checks that `connector` is an OAuth connector with usable endpoints.
    pub fn new(ctx: &'a Context, connector: &'a Connector, client: &'a ClientApp) -> Result<Self> {
        let oauth = connector.oauth2().ok_or_else(|| OAuthError::NotOAuth {
            connector: connector.id.clone(),
        })?;
        // The JWT bearer grant authenticates with the assertion: there is no client app.
        if client.id.is_empty() && oauth.grant != Grant::JwtBearer {
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
        Ok(Self {
            ctx,
            connector,
            oauth,
            client,
            timeouts: Timeouts::default(),
            endpoints: OnceCell::new(),
            told_endpoint: OnceCell::new(),
            opener: Box::new(SystemOpener),
            pace: Pace::default(),
            values: None,
            about: None,
        })
    }

    /// The account's params (connection and secret ones), which the JWT bearer grant signs
    /// its assertions with.
    #[must_use]
    pub fn with_values(mut self, values: &'a BTreeMap<String, Secret>) -> Self {
        self.values = Some(values);
        self
    }

    /// What is being authorized (connection, environments, account), named on the browser's
    /// success page.
    #[must_use]
    pub fn with_about(mut self, about: &'a super::Authorizing) -> Self {
        self.about = Some(about);
        self
    }

    /// Other time limits for the calls to the provider.
    #[must_use]
    pub fn with_timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self.endpoints = OnceCell::new();
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
    pub fn run_flow(&self, scopes: &[String], flow: Flow, opts: &FlowOptions) -> Result<Tokens> {
        self.check_flow(flow)?;
        let tokens = match flow {
            Flow::Browser => code::browser(self, scopes, opts),
            Flow::Paste => code::paste(self, scopes, opts, &mut std::io::stdin().lock()),
            Flow::Device => device::device(self, scopes, opts),
            Flow::ClientCredentials => self.client_credentials(scopes),
            Flow::JwtBearer => self.jwt_bearer(scopes),
        }?;
        self.check_captured(&tokens, flow)?;
        Ok(tokens)
    }

    /// Every value the connector captures was there: later requests cannot be made without.
    fn check_captured(&self, tokens: &Tokens, flow: Flow) -> Result<(), OAuthError> {
        let missing = self
            .oauth
            .capture
            .iter()
            .find(|(name, _)| !tokens.captured.contains_key(*name));
        match missing {
            None => Ok(()),
            Some((name, capture)) => Err(OAuthError::NotCaptured {
                connector: self.connector.id.clone(),
                name: name.clone(),
                from: capture.clone(),
                pasted_code: flow == Flow::Paste,
            }),
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
        let tokens = code::paste(self, scopes, opts, input)?;
        self.check_captured(&tokens, Flow::Paste)?;
        Ok(tokens)
    }

    fn check_flow(&self, flow: Flow) -> Result<(), OAuthError> {
        let connector = self.connector.id.clone();
        match (self.oauth.grant, flow) {
            (Grant::JwtBearer, Flow::JwtBearer)
            | (Grant::ClientCredentials, Flow::ClientCredentials) => Ok(()),
            (Grant::JwtBearer, _) => Err(OAuthError::JwtBearerOnly { connector }),
            (_, Flow::JwtBearer) => Err(OAuthError::NotJwtBearer { connector }),
            (Grant::ClientCredentials, _) => Err(OAuthError::NoPersonInvolved { connector }),
            (Grant::AuthorizationCode, Flow::ClientCredentials) => {
                Err(OAuthError::NeedsPerson { connector })
            }
            (Grant::AuthorizationCode, Flow::Device)
                if self.oauth.device_authorization_url.is_none() =>
            {
                Err(OAuthError::NoDeviceEndpoint { connector })
            }
            (Grant::AuthorizationCode, _)
                if self.oauth.authorization_url.is_none() && flow != Flow::Device =>
            {
                Err(OAuthError::NoAuthorizationEndpoint { connector })
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
        // Some providers name their client credentials grant otherwise (Zoom's
        // `account_credentials`).
        let grant_type = self
            .oauth
            .token_params
            .get("grant_type")
            .map_or("client_credentials", String::as_str);
        let mut params = vec![("grant_type", grant_type)];
        if !scope.is_empty() {
            params.push(("scope", scope.as_str()));
        }
        self.token_request(&params, scopes)
            .map_err(|f| self.failure(f))
    }

    /// The JWT bearer grant (RFC 7523 §2.1): a new assertion signed with the account's key
    /// (from [`Provider::with_values`]) is exchanged for an access token. Scopes travel in the
    /// assertion's claims, as the connector's `{scope}` places them.
    pub fn jwt_bearer(&self, scopes: &[String]) -> Result<Tokens> {
        let jwt = self
            .oauth
            .jwt
            .as_ref()
            .ok_or_else(|| OAuthError::NotJwtBearer {
                connector: self.connector.id.clone(),
            })?;
        let none = BTreeMap::new();
        let inputs = jwt::ClaimInputs {
            values: self.values.unwrap_or(&none),
            scope: scopes.join(&self.oauth.scope_separator),
            token_url: &self.oauth.token_url,
            now: self.ctx.now(),
        };
        let assertion = jwt::assertion(self.connector, jwt, &inputs)?;
        let params = [
            ("grant_type", jwt::GRANT_TYPE),
            ("assertion", assertion.expose()),
        ];
        self.token_request(&params, scopes)
            .map_err(|f| self.failure(f))
    }

    /// One refresh (RFC 6749 §6). The old refresh token is kept when none comes back, and the
    /// granted scopes when the answer names none. A client credentials or JWT bearer connector
    /// without a refresh token gets a new token the way it got the first.
    pub fn refresh(&self, current: &Tokens) -> Result<Tokens> {
        let Some(refresh_token) = &current.refresh_token else {
            match self.oauth.grant {
                Grant::ClientCredentials => return self.client_credentials(&current.scopes),
                Grant::JwtBearer => return self.jwt_bearer(&current.scopes),
                Grant::AuthorizationCode => {}
            }
            return Err(OAuthError::NoRefreshToken {
                connector: self.connector.id.clone(),
            }
            .into());
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
            // The same refresh token lives on, and so does what was said of its expiry.
            tokens.refresh_expires_at = current.refresh_expires_at;
        }
        for (name, value) in &current.captured {
            tokens
                .captured
                .entry(name.clone())
                .or_insert_with(|| value.clone());
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

    pub(crate) fn endpoints(&self) -> Result<&Endpoints> {
        if let Some(endpoints) = self.endpoints.get() {
            return Ok(endpoints);
        }
        let endpoints = Endpoints::new(self.timeouts)?;
        Ok(self.endpoints.get_or_init(|| endpoints))
    }

    /// Says at `-v` which endpoint is called and how the call leaves this machine.
    pub(crate) fn tell_endpoint(&self, what: &str, url: &str) {
        self.ctx.ui().diagnostic(
            crate::context::Verbosity::Verbose,
            &format!(
                "{what} {} ({})",
                crate::http::shown_url(url),
                crate::http::route(url)
            ),
        );
    }

    /// A token endpoint call with `params` plus the connector's `token_params` and the client's
    /// authentication; `requested` are the scopes recorded when the answer names none.
    pub(crate) fn token_request(
        &self,
        params: &[(&str, &str)],
        requested: &[String],
    ) -> Result<Tokens, Failure> {
        let mut all = params.to_vec();
        for (name, value) in &self.oauth.token_params {
            // The grant's own parameters are not the connector's to change.
            if !TETHER_TOKEN_PARAMS.contains(&name.as_str()) {
                all.push((name.as_str(), value.as_str()));
            }
        }
        let now = self.ctx.now();
        let url = &self.oauth.token_url;
        let endpoints = self.endpoints().map_err(Failure::Other)?;
        // Once: the device flow polls it.
        self.told_endpoint
            .get_or_init(|| self.tell_endpoint("token endpoint", url));
        let answer = endpoints.post_form(
            "token endpoint",
            url,
            self.client,
            self.oauth.client_auth,
            &all,
        )?;
        let object = answer.into_json("token endpoint", url)?;
        let nested = self
            .oauth
            .access_token_pointer
            .as_deref()
            .and_then(|pointer| nested_tokens(&object, pointer));
        let mut tokens = tokens_from(
            nested.as_ref().unwrap_or(&object),
            now,
            requested,
            &self.oauth.scope_separator,
        )
        .map_err(|unusable| Failure::from(unusable.into_error(url, &self.connector.id)))?;
        tokens.captured = captured(&self.oauth.capture, &object);
        Ok(tokens)
    }

    pub(crate) fn failure(&self, failure: Failure) -> Error {
        failure.into_error("token endpoint", &self.connector.id)
    }
}

impl Provider<'_> {
    /// Where and how tokens are revoked, the client app's id filled in; asked only when
    /// revoking, so refreshing and authorizing never build it.
    pub(crate) fn revocation(&self) -> Result<Option<Revocation>> {
        let revocation = revocation_for(self.oauth, self.client)?;
        let field = if self.oauth.revocation.is_some() {
            "revocation.url"
        } else {
            "revocation_url"
        };
        check_endpoint(
            self.connector,
            field,
            revocation.as_ref().map(|r| r.url.as_str()),
        )?;
        Ok(revocation)
    }
}

/// The connector's revocation, with the client app's id where its URL names it (GitHub's),
/// filled in as any URL placeholder is: a value that could change the path is refused.
fn revocation_for(oauth: &OAuth2, client: &ClientApp) -> Result<Option<Revocation>> {
    let Some(mut revocation) = oauth.revocation() else {
        return Ok(None);
    };
    revocation.url = crate::connector::template::render_url(&revocation.url, |name| {
        (name == CLIENT_ID).then(|| client.id.clone())
    })?;
    Ok(Some(revocation))
}

/// The token fields of a response that nests them (Slack's `authed_user`): the object that
/// holds the access token at `pointer`, with that token as `access_token`. Its `token_type`
/// names the kind of token, not an RFC 6749 type, so it is left out. `None` when nothing is
/// there: refresh answers of such providers have the token at the top level.
fn nested_tokens(object: &Map<String, Value>, pointer: &str) -> Option<Map<String, Value>> {
    let (parent, field) = pointer.rsplit_once('/')?;
    let holder = if parent.is_empty() {
        object
    } else {
        at_pointer(object, parent)?.as_object()?
    };
    let token = holder.get(&unescape(field))?.as_str()?;
    let mut nested: Map<String, Value> = holder
        .iter()
        .filter(|(k, _)| k.as_str() != "token_type")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    nested.insert("access_token".to_owned(), Value::String(token.to_owned()));
    Some(nested)
}

/// The value at a JSON `pointer` (RFC 6901) into `object`, which is not copied: a token
/// response holds tokens.
fn at_pointer<'a>(object: &'a Map<String, Value>, pointer: &str) -> Option<&'a Value> {
    let rest = pointer.strip_prefix('/')?;
    let (first, tail) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
    object.get(&unescape(first))?.pointer(tail)
}

/// A reference token of a JSON pointer as the key it stands for.
fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The `token:` captures found in a token response. A value is kept only if it is short
/// printable text (numbers are written out): it goes into URLs and headers.
fn captured(
    captures: &BTreeMap<String, Capture>,
    object: &Map<String, Value>,
) -> BTreeMap<String, String> {
    captures
        .iter()
        .filter_map(|(name, capture)| {
            let Capture::Token(pointer) = capture else {
                return None;
            };
            let text = match at_pointer(object, pointer)? {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => return None,
            };
            let usable = !text.is_empty()
                && text.len() <= 2048
                && text.bytes().all(|b| (0x20..=0x7e).contains(&b));
            usable.then(|| (name.clone(), text))
        })
        .collect()
}

/// Endpoints are `https://`, or `http://` on a loopback address (for local testing): secrets are never
/// sent in the clear over a network, whatever a connector file says.
fn check_endpoint(connector: &Connector, field: &'static str, url: Option<&str>) -> Result<()> {
    let Some(url) = url else { return Ok(()) };
    if let Some(name) = crate::connector::template::placeholders(url).first() {
        // The caller must pass `Connector::with_params`; sending `%7Btenant%7D` to the
        // provider would fail there with a confusing answer.
        return Err(Error::Internal(format!(
            "connector `{}`: {field} `{url}` was used before its `{{{name}}}` was filled in from the connection's params",
            connector.id
        )));
    }
    let bad = |problem: String| OAuthError::BadEndpoint {
        connector: connector.id.clone(),
        field,
        url: url.to_owned(),
        problem,
    };
    let parsed = Url::parse(url).map_err(|e| bad(format!("is not a URL ({e})")))?;
    match parsed.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(&parsed) => Ok(()),
        _ => Err(bad("is not https://".to_owned()).into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_reach_into_the_response_as_rfc_6901_says() {
        let Value::Object(object) = serde_json::json!({
            "instance_url": "https://acme.example",
            "a/b": {"m~n": 7},
            "authed_user": {"access_token": "u", "token_type": "user", "expires_in": 60},
        }) else {
            unreachable!()
        };
        assert_eq!(
            at_pointer(&object, "/instance_url"),
            Some(&Value::from("https://acme.example"))
        );
        assert_eq!(at_pointer(&object, "/a~1b/m~0n"), Some(&Value::from(7)));
        assert_eq!(at_pointer(&object, "/missing"), None);
        assert_eq!(at_pointer(&object, "instance_url"), None);

        let nested = nested_tokens(&object, "/authed_user/access_token").unwrap();
        assert_eq!(nested["access_token"], "u");
        assert_eq!(nested["expires_in"], 60);
        assert!(!nested.contains_key("token_type"), "not an RFC 6749 type");
        assert!(nested_tokens(&object, "/authed_user/refresh_token").is_none());
    }
}
