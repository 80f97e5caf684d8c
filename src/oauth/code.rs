//! The authorization code grant with PKCE S256 (RFC 6749 §4.1, RFC 7636) in its two shapes:
//! through the loopback listener (`--flow browser`) and with the redirected URL pasted back
//! (`--flow paste`). The authorization request and PKCE come from the `oauth2` crate.

use std::io::BufRead;

use oauth2::basic::BasicClient;
use oauth2::{AuthUrl, ClientId, CsrfToken, PkceCodeChallenge, RedirectUrl};
use url::Url;
use zeroize::Zeroizing;

use super::listener::{
    Expect, IssuerRule, Loopback, Verdict, denied_error, judge, missing_issuer_error,
    wrong_issuer_error,
};
use super::provider::{DEFAULT_BROWSER_TIMEOUT, FlowOptions, Provider};
use super::tokens::Tokens;
use crate::context::Verbosity;
use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::ui::Countdown;

/// The redirect port of the paste flow when neither `--port` nor the connector names one.
/// Nothing listens there: the browser shows an error page whose address is copied.
pub const PASTE_PORT: u16 = 8976;

/// Bytes of randomness in `state`: 256 bits, 43 URL-safe characters (at least 160 bits are
/// required).
const STATE_BYTES: u32 = 32;

/// A fresh `state`: random, URL-safe base64.
#[must_use]
pub fn new_state() -> Secret {
    Secret::new(CsrfToken::new_random_len(STATE_BYTES).into_secret())
}

/// A PKCE S256 pair: the challenge to send and the verifier to keep.
#[must_use]
pub fn new_pkce() -> (String, Secret) {
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    (
        challenge.as_str().to_owned(),
        Secret::new(verifier.into_secret()),
    )
}

/// One authorization request: the URL to visit and what the answer must match.
struct Request {
    url: Url,
    state: Secret,
    verifier: Option<Secret>,
    redirect_uri: String,
}

fn request(p: &Provider<'_>, scopes: &[String], redirect_uri: &str) -> Result<Request> {
    const RESERVED: [&str; 7] = [
        "response_type",
        "client_id",
        "state",
        "redirect_uri",
        "code_challenge",
        "code_challenge_method",
        "scope",
    ];
    let id = &p.connector.id;
    let authorization_url = p.oauth.authorization_url.as_deref().unwrap_or_default();
    let auth_url = AuthUrl::new(authorization_url.to_owned()).map_err(|e| {
        Error::invalid(
            format!("connector `{id}`: authorization_url: {e}"),
            "fix the connector",
        )
    })?;
    let redirect = RedirectUrl::new(redirect_uri.to_owned()).map_err(|e| {
        Error::invalid(
            format!("redirect URI `{redirect_uri}`: {e}"),
            "check redirect_host and redirect_path",
        )
    })?;
    let client = BasicClient::new(ClientId::new(p.client.id.clone()))
        .set_auth_uri(auth_url)
        .set_redirect_uri(redirect);
    let state = new_state();
    let csrf = CsrfToken::new(state.expose().to_owned());
    let mut builder = client.authorize_url(move || csrf);
    let mut verifier = None;
    if p.oauth.pkce {
        let (challenge, secret) = PkceCodeChallenge::new_random_sha256();
        builder = builder.set_pkce_challenge(challenge);
        verifier = Some(Secret::new(secret.into_secret()));
    }
    // Scopes go in as one parameter so the connector's separator is used (the crate joins
    // with spaces only).
    let scope = scopes.join(&p.oauth.scope_separator);
    if !scope.is_empty() {
        builder = builder.add_extra_param("scope", scope);
    }
    for (name, value) in &p.oauth.authorization_params {
        if RESERVED.contains(&name.as_str()) {
            return Err(Error::invalid(
                format!(
                    "connector `{id}`: authorization_params may not set `{name}`; tether sets it"
                ),
                "remove it from authorization_params and import the connector again",
            ));
        }
        builder = builder.add_extra_param(name.as_str(), value.as_str());
    }
    let (url, _) = builder.url();
    Ok(Request {
        url,
        state,
        verifier,
        redirect_uri: redirect_uri.to_owned(),
    })
}

/// The rule for `iss` in redirects: the connector's issuer, else the authorization URL's origin.
fn issuer_rule(p: &Provider<'_>) -> IssuerRule {
    match &p.oauth.issuer {
        Some(issuer) => IssuerRule::Exact(issuer.clone()),
        None => IssuerRule::Origin(
            p.oauth
                .authorization_url
                .as_deref()
                .and_then(|u| Url::parse(u).ok())
                .map_or_else(url::Origin::new_opaque, |u| u.origin()),
        ),
    }
}

fn exchange(
    p: &Provider<'_>,
    code: &Secret,
    request: &Request,
    scopes: &[String],
) -> Result<Tokens> {
    let mut params = vec![
        ("grant_type", "authorization_code"),
        ("code", code.expose()),
        ("redirect_uri", request.redirect_uri.as_str()),
    ];
    if let Some(verifier) = &request.verifier {
        params.push(("code_verifier", verifier.expose()));
    }
    p.token_request(&params, scopes).map_err(|f| p.failure(f))
}

fn show_url(p: &Provider<'_>, url: &Url) {
    // Printed even with -q: the person may need it to finish (no browser, SSH).
    p.ctx.ui().instruction(&format!(
        "To authorize {} ({}), open this URL in a browser:\n\n  {url}\n",
        p.connector.name, p.connector.id
    ));
}

/// Starts the browser. For the loopback flow, when none can be started and no person is at a
/// terminal (CI, a pipe), waiting for someone to open the URL would only hang the job: that
/// is an error. The paste flow reads its answer from stdin, so it goes on.
fn open(p: &Provider<'_>, url: &str, opts: &FlowOptions, waits_for_browser: bool) -> Result<()> {
    if !opts.open_browser {
        return Ok(());
    }
    match p.opener.open(url) {
        Ok(()) => p
            .ctx
            .ui()
            .diagnostic(Verbosity::Verbose, "started the browser"),
        Err(e) if waits_for_browser && !p.ctx.interactive() => {
            return Err(Error::invalid(
                format!(
                    "no browser could be started ({e}) and no one is at a terminal to open the URL"
                ),
                "without a person here, use --flow client-credentials (machine connectors), or run with --flow device or --flow paste where someone can approve; --no-browser waits for the URL to be opened elsewhere",
            ));
        }
        Err(e) => p.ctx.ui().notice(&format!(
            "Could not start a browser ({e}); open the URL above yourself."
        )),
    }
    Ok(())
}

/// `--flow browser`: bind, then open, then wait for the one matching callback, then exchange.
pub(crate) fn browser(p: &Provider<'_>, scopes: &[String], opts: &FlowOptions) -> Result<Tokens> {
    // Unattended, with no browser anyone chose, the wait could only run out.
    if opts.open_browser && p.ctx.unattended() && !p.opener.chosen() {
        return Err(Error::invalid(
            "the browser flow needs a person with a browser, and this run is unattended (CI or --no-input) with no $BROWSER set",
            "pass --flow device|paste|client-credentials (device or paste where someone can approve, client-credentials for machine connectors), or set $BROWSER to a program that opens the URL",
        ));
    }
    let port = opts.port.unwrap_or(p.oauth.redirect_port);
    let listener = Loopback::bind(&p.oauth.redirect_host, port, &p.oauth.redirect_path)?;
    p.ctx.ui().diagnostic(
        Verbosity::Verbose,
        &format!("listening on {}", listener.redirect_uri()),
    );
    let request = request(p, scopes, listener.redirect_uri())?;
    show_url(p, &request.url);
    open(p, request.url.as_str(), opts, true)?;
    let rule = issuer_rule(p);
    let expect = Expect {
        path: &p.oauth.redirect_path,
        state: &request.state,
        issuer: &rule,
    };
    let timeout = opts.timeout.unwrap_or(DEFAULT_BROWSER_TIMEOUT);
    let mut countdown = Countdown::start(p.ctx.ui(), "the browser", timeout);
    let code = listener.wait(&expect, &mut countdown, &p.connector.name)?;
    drop(countdown);
    drop(listener);
    // Said before the exchange: once the grant exists, nothing is written until it is saved.
    p.ctx.ui().diagnostic(
        Verbosity::Verbose,
        "callback received; exchanging the code for tokens",
    );
    exchange(p, &code, &request, scopes)
}

/// `--flow paste`: print the URL, read the redirected address (or the bare code), exchange.
pub(crate) fn paste(
    p: &Provider<'_>,
    scopes: &[String],
    opts: &FlowOptions,
    input: &mut dyn BufRead,
) -> Result<Tokens> {
    let port = opts
        .port
        .filter(|port| *port != 0)
        .or(Some(p.oauth.redirect_port).filter(|port| *port != 0))
        .unwrap_or(PASTE_PORT);
    let host = match p.oauth.redirect_host.as_str() {
        "::1" => "[::1]",
        host => host,
    };
    let redirect_uri = format!("http://{host}:{port}{}", p.oauth.redirect_path);
    let request = request(p, scopes, &redirect_uri)?;
    show_url(p, &request.url);
    // A bare code is only taken with PKCE (see `pasted_code`), so only then is it offered.
    let or_code = if request.verifier.is_some() {
        " (or just the code)"
    } else {
        ""
    };
    p.ctx.ui().instruction(&format!(
        "After you approve, the browser goes to {redirect_uri}?… and shows an error because nothing \
         listens there. Copy that whole address from the address bar{or_code}."
    ));
    open(p, request.url.as_str(), opts, false)?;
    p.ctx.ui().cue("Paste it here: ");
    let mut line = Zeroizing::new(String::new());
    input
        .read_line(&mut line)
        .map_err(|e| Error::io("reading the pasted address from", "standard input", e))?;
    let rule = issuer_rule(p);
    let expect = Expect {
        path: &p.oauth.redirect_path,
        state: &request.state,
        issuer: &rule,
    };
    let code = pasted_code(line.trim(), &expect, request.verifier.is_some())?;
    exchange(p, &code, &request, scopes)
}

/// The code in what was pasted: a full redirected URL, its query, or the bare code. A URL or
/// query must carry this authorization's `state` (and `iss` as the listener would require).
/// A bare code carries no state, so nothing ties it to this authorization: it is taken only
/// when `pkce` binds the exchange to this process's verifier (RFC 7636 §1), so that a code
/// someone else obtained and slipped in cannot be redeemed here.
pub(crate) fn pasted_code(pasted: &str, expect: &Expect<'_>, pkce: bool) -> Result<Secret> {
    if pasted.is_empty() {
        return Err(Error::invalid(
            "nothing was pasted",
            "paste the address the browser ended on after you approved, then press Enter",
        ));
    }
    let target = if pasted.contains("://") {
        let url = Url::parse(pasted).map_err(|_| {
            Error::invalid(
                "the pasted text looks like an address but cannot be read as one",
                "copy the whole address from the browser's address bar",
            )
        })?;
        format!("{}?{}", url.path(), url.query().unwrap_or_default())
    } else if pasted.contains('=') {
        format!("{}?{}", expect.path, pasted.trim_start_matches('?'))
    } else if pkce {
        return Ok(Secret::from(pasted));
    } else {
        return Err(Error::invalid(
            "a bare code was pasted, but it cannot be checked against this authorization: it carries \
             no state, and the connector does not use PKCE to bind the code to this request",
            "paste the whole address the browser ended on (it carries the state), not only the code",
        ));
    };
    match judge(&target, expect) {
        Verdict::Code(code) => Ok(code),
        Verdict::Stray => Err(Error::invalid(
            format!(
                "the pasted address is not the redirect (its path is not {})",
                expect.path
            ),
            "copy the address the browser ended on after you approved",
        )),
        Verdict::Reject(reason) => Err(Error::invalid(
            format!("the pasted address was not accepted: {reason}"),
            "paste the address from this authorization; if you started another one since, use that one's",
        )),
        Verdict::Denied { error, description } => Err(denied_error(&error, description.as_deref())),
        Verdict::WrongIssuer(iss) => Err(wrong_issuer_error(&iss, expect.issuer)),
        Verdict::MissingIssuer => Err(missing_issuer_error(expect.issuer)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_s256_matches_rfc7636_appendix_b() {
        let verifier =
            oauth2::PkceCodeVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".to_owned());
        let challenge = PkceCodeChallenge::from_code_verifier_sha256(&verifier);
        assert_eq!(
            challenge.as_str(),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert_eq!(challenge.method().as_str(), "S256");
        // The pairs the flows use are consistent in the same way.
        let (challenge, verifier) = new_pkce();
        let again = PkceCodeChallenge::from_code_verifier_sha256(&oauth2::PkceCodeVerifier::new(
            verifier.expose().to_owned(),
        ));
        assert_eq!(challenge, again.as_str());
        assert!((43..=128).contains(&verifier.expose().len()));
    }

    #[test]
    fn state_has_at_least_160_bits_and_is_url_safe() {
        let a = new_state();
        let b = new_state();
        // base64 carries 6 bits a character: 160 bits need 27 characters.
        assert!(
            a.expose().len() * 6 >= 160,
            "{} characters",
            a.expose().len()
        );
        assert!(
            a.expose()
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'),
            "URL-safe alphabet, no padding"
        );
        assert_ne!(a.expose(), b.expose());
        // Across many draws every position varies: no constant prefix eating the entropy.
        let draws: Vec<Secret> = (0..64).map(|_| new_state()).collect();
        for i in 0..a.expose().len() {
            let first = draws[0].expose().as_bytes()[i];
            assert!(
                draws.iter().any(|d| d.expose().as_bytes()[i] != first),
                "position {i} never varies"
            );
        }
    }

    #[test]
    fn pasted_input_is_a_url_a_query_or_a_bare_code() {
        let state = Secret::from("st");
        let rule = IssuerRule::Exact("https://idp.example".into());
        let expect = Expect {
            path: "/callback",
            state: &state,
            issuer: &rule,
        };
        let code = |s: &str| pasted_code(s, &expect, true).map(|c| c.expose().to_owned());
        let iss = "iss=https%3A%2F%2Fidp.example";
        assert_eq!(
            code(&format!(
                "http://127.0.0.1:8976/callback?code=abc&state=st&{iss}"
            ))
            .unwrap(),
            "abc"
        );
        assert_eq!(code(&format!("?code=abc&state=st&{iss}")).unwrap(), "abc");
        assert_eq!(code("abc.def-ghi").unwrap(), "abc.def-ghi");
        assert_eq!(code("").unwrap_err().exit_code(), 2);
        assert_eq!(
            code(&format!(
                "http://127.0.0.1:8976/callback?code=abc&state=other&{iss}"
            ))
            .unwrap_err()
            .exit_code(),
            2
        );
        assert_eq!(
            code(&format!(
                "http://127.0.0.1:8976/elsewhere?code=abc&state=st&{iss}"
            ))
            .unwrap_err()
            .exit_code(),
            2
        );
        assert_eq!(
            code(&format!(
                "http://127.0.0.1:8976/callback?error=access_denied&state=st&{iss}"
            ))
            .unwrap_err()
            .exit_code(),
            3
        );
        assert_eq!(
            code("http://127.0.0.1:8976/callback?code=a&state=st&iss=https%3A%2F%2Fevil")
                .unwrap_err()
                .exit_code(),
            5
        );
        // The connector names an issuer: a redirect without `iss` is refused.
        let err = code("http://127.0.0.1:8976/callback?code=a&state=st").unwrap_err();
        assert_eq!(err.exit_code(), 5);
        assert!(err.to_string().contains("no `iss`"), "{err}");
    }

    #[test]
    fn a_bare_code_needs_pkce() {
        let state = Secret::from("st");
        let rule = IssuerRule::Origin(Url::parse("https://idp.example").unwrap().origin());
        let expect = Expect {
            path: "/callback",
            state: &state,
            issuer: &rule,
        };
        let err = pasted_code("abc", &expect, false).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("whole address"), "{err}");
        // The redirected address, with its state, is fine without PKCE.
        let code = pasted_code("code=abc&state=st", &expect, false).unwrap();
        assert_eq!(code.expose(), "abc");
    }
}
