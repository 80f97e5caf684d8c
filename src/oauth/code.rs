//! The authorization code grant with PKCE S256 (RFC 6749 §4.1, RFC 7636) in its two shapes:
//! through the loopback listener (`--flow browser`) and with the redirected URL pasted back
//! (`--flow paste`). The request URL, `state` and the PKCE pair are a few lines over `ring`
//! (its system random generator and SHA-256); no OAuth library is needed for them.

use std::collections::BTreeMap;
use std::io::BufRead;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::rand::{SecureRandom, SystemRandom};
use url::Url;
use zeroize::Zeroizing;

use super::error::OAuthError;
use super::flow::{DEFAULT_BROWSER_TIMEOUT, FlowOptions};
use super::listener::{Callback, Expect, IssuerRule, Loopback, Verdict, judge};
use super::provider::Provider;
use super::tokens::Tokens;
use crate::connector::Capture;
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

/// Bytes of randomness in a PKCE verifier: 43 characters, the shortest RFC 7636 §4.1 allows.
const VERIFIER_BYTES: usize = 32;

/// `len` bytes from the system's secure random generator, as unpadded URL-safe base64.
fn random_text(len: usize) -> Secret {
    let mut bytes = Zeroizing::new(vec![0u8; len]);
    SystemRandom::new()
        .fill(&mut bytes)
        .expect("the system random generator is available");
    Secret::new(URL_SAFE_NO_PAD.encode(&*bytes))
}

/// A fresh `state`: random, URL-safe base64.
#[must_use]
pub fn new_state() -> Secret {
    random_text(STATE_BYTES as usize)
}

/// A PKCE S256 pair: the challenge to send and the verifier to keep.
#[must_use]
pub fn new_pkce() -> (String, Secret) {
    let verifier = random_text(VERIFIER_BYTES);
    (s256_challenge(verifier.expose()), verifier)
}

/// `BASE64URL(SHA256(verifier))` (RFC 7636 §4.2).
fn s256_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(ring::digest::digest(
        &ring::digest::SHA256,
        verifier.as_bytes(),
    ))
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
    let authorization_url = p.oauth.authorization_url.as_deref().unwrap_or_default();
    // Checked when the provider was set up.
    let mut url = Url::parse(authorization_url)
        .map_err(|e| Error::Internal(format!("authorization_url `{authorization_url}`: {e}")))?;
    Url::parse(redirect_uri).map_err(|e| OAuthError::BadRedirectUri {
        uri: redirect_uri.to_owned(),
        problem: e.to_string(),
    })?;
    if let Some((name, _)) = p
        .oauth
        .authorization_params
        .iter()
        .find(|(name, _)| RESERVED.contains(&name.as_str()))
    {
        return Err(OAuthError::ReservedParam {
            connector: p.connector.id.clone(),
            name: name.clone(),
        }
        .into());
    }
    let state = new_state();
    let mut verifier = None;
    {
        let mut query = url.query_pairs_mut();
        query.append_pair("response_type", "code");
        query.append_pair("client_id", &p.client.id);
        query.append_pair("state", state.expose());
        if p.oauth.pkce {
            let (challenge, secret) = new_pkce();
            query.append_pair("code_challenge", &challenge);
            query.append_pair("code_challenge_method", "S256");
            verifier = Some(secret);
        }
        query.append_pair("redirect_uri", redirect_uri);
        // One parameter, joined with the connector's separator.
        let scope = scopes.join(&p.oauth.scope_separator);
        if !scope.is_empty() {
            query.append_pair("scope", &scope);
        }
        query.extend_pairs(&p.oauth.authorization_params);
    }
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
        Some(issuer) if p.oauth.require_iss => IssuerRule::Exact(issuer.clone()),
        Some(issuer) => IssuerRule::ExactWhenSent(issuer.clone()),
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
    callback: &Callback,
    request: &Request,
    scopes: &[String],
) -> Result<Tokens> {
    let mut params = vec![
        ("grant_type", "authorization_code"),
        ("code", callback.code.expose()),
        ("redirect_uri", request.redirect_uri.as_str()),
    ];
    if let Some(verifier) = &request.verifier {
        params.push(("code_verifier", verifier.expose()));
    }
    let mut tokens = p.token_request(&params, scopes).map_err(|f| p.failure(f))?;
    for (name, capture) in &p.oauth.capture {
        if let Capture::Callback(param) = capture
            && let Some(value) = callback.captured.get(param)
        {
            tokens.captured.insert(name.clone(), value.clone());
        }
    }
    Ok(tokens)
}

/// The names of the redirect's query parameters the connector keeps.
fn callback_captures(p: &Provider<'_>) -> Vec<String> {
    p.oauth
        .capture
        .values()
        .filter_map(|c| match c {
            Capture::Callback(name) => Some(name.clone()),
            Capture::Token(_) => None,
        })
        .collect()
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
            return Err(OAuthError::NoBrowser {
                reason: e.to_string(),
            }
            .into());
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
        return Err(OAuthError::Unattended.into());
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
    let capture = callback_captures(p);
    let expect = Expect {
        path: &p.oauth.redirect_path,
        state: &request.state,
        issuer: &rule,
        capture: &capture,
    };
    let timeout = opts.timeout.unwrap_or(DEFAULT_BROWSER_TIMEOUT);
    let mut countdown = Countdown::start(p.ctx.ui(), "the browser", timeout);
    let success = super::page::success(&p.connector.name, p.about);
    let callback = listener.wait_answering(&expect, &mut countdown, &success)?;
    drop(countdown);
    drop(listener);
    // Said before the exchange: once the grant exists, nothing is written until it is saved.
    p.ctx.ui().diagnostic(
        Verbosity::Verbose,
        "callback received; exchanging the code for tokens",
    );
    exchange(p, &callback, &request, scopes)
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
    let rule = issuer_rule(p);
    let capture = callback_captures(p);
    let expect = Expect {
        path: &p.oauth.redirect_path,
        state: &request.state,
        issuer: &rule,
        capture: &capture,
    };
    // A person at a terminal gets another go after pasting the wrong thing; a script's input
    // is what it is.
    let allowed = if p.ctx.try_prompter().is_some() {
        PASTE_TRIES
    } else {
        1
    };
    let mut attempt = 0;
    let callback = loop {
        attempt += 1;
        p.ctx.ui().cue("Paste it here: ");
        let mut line = Zeroizing::new(String::new());
        let read = input
            .read_line(&mut line)
            .map_err(|e| Error::io("reading the pasted address from", "standard input", e))?;
        match pasted_code(line.trim(), &expect, request.verifier.is_some()) {
            Ok(callback) => break callback,
            Err(e) if read > 0 && attempt < allowed && e.pasted_again() => {
                p.ctx.ui().problem(&e.into(), true);
            }
            Err(e) => return Err(e.into()),
        }
    };
    exchange(p, &callback, &request, scopes).map_err(|e| match e {
        // The code was pasted in a moment ago: a rejected one says nothing about an earlier
        // authorization, and the fix is a fresh paste, not a reauthorization.
        Error::OAuth(OAuthError::InvalidGrant { reason }) => {
            OAuthError::PastedCodeRejected { reason }.into()
        }
        e => e,
    })
}

/// How many times the paste flow asks for the address in a terminal.
const PASTE_TRIES: usize = 3;

/// The code in what was pasted: a full redirected URL, its query, or the bare code. A URL or
/// query must carry this authorization's `state` (and `iss` as the listener would require).
/// A bare code carries no state, so nothing ties it to this authorization: it is taken only
/// when `pkce` binds the exchange to this process's verifier (RFC 7636 §1), so that a code
/// someone else obtained and slipped in cannot be redeemed here.
pub(crate) fn pasted_code(
    pasted: &str,
    expect: &Expect<'_>,
    pkce: bool,
) -> Result<Callback, OAuthError> {
    if pasted.is_empty() {
        return Err(OAuthError::NothingPasted);
    }
    let target = if pasted.contains("://") {
        let url = Url::parse(pasted).map_err(|_| OAuthError::PastedNotAnAddress)?;
        format!("{}?{}", url.path(), url.query().unwrap_or_default())
    } else if pasted.contains('=') {
        format!("{}?{}", expect.path, pasted.trim_start_matches('?'))
    } else if pkce {
        return Ok(Callback {
            code: Secret::from(pasted),
            captured: BTreeMap::new(),
        });
    } else {
        return Err(OAuthError::BareCodeWithoutPkce);
    };
    match judge(&target, expect) {
        Verdict::Code(callback) => Ok(callback),
        Verdict::Stray => Err(OAuthError::PastedWrongPath {
            path: expect.path.to_owned(),
        }),
        Verdict::Reject(reason) => Err(OAuthError::PastedRejected { reason }),
        verdict => Err(verdict
            .into_error(expect.issuer)
            .expect("only the verdicts that end a flow are left")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_s256_matches_rfc7636_appendix_b() {
        assert_eq!(
            s256_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        // The pairs the flows use are consistent in the same way.
        let (challenge, verifier) = new_pkce();
        assert_eq!(challenge, s256_challenge(verifier.expose()));
        assert!((43..=128).contains(&verifier.expose().len()));
        assert!(
            verifier
                .expose()
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'),
            "the unreserved characters RFC 7636 allows"
        );
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
            capture: &[],
        };
        let code = |s: &str| {
            pasted_code(s, &expect, true)
                .map(|c| c.code.expose().to_owned())
                .map_err(Error::from)
        };
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
            capture: &[],
        };
        let err = pasted_code("abc", &expect, false).unwrap_err();
        assert!(matches!(err, OAuthError::BareCodeWithoutPkce), "{err}");
        assert_eq!(Error::from(err).exit_code(), 2);
        // The redirected address, with its state, is fine without PKCE.
        let code = pasted_code("code=abc&state=st", &expect, false).unwrap();
        assert_eq!(code.code.expose(), "abc");
    }
}
