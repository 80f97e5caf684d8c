//! What the user is told about a failure to authorize, refresh or revoke.

use super::Diagnosis;
use crate::oauth::OAuthError;

pub(super) fn oauth(error: &OAuthError) -> Diagnosis {
    let (code, exit, hint) = code_exit_hint(error);
    Diagnosis::new(code, exit, error.to_string()).hint(hint)
}

// One arm per variant, in one table: split up, the codes and exit codes would be harder to
// compare.
#[allow(clippy::too_many_lines)]
fn code_exit_hint(error: &OAuthError) -> (&'static str, u8, String) {
    use OAuthError as E;
    let fixed = |code, exit, hint: &str| (code, exit, hint.to_owned());
    match error {
        // ---- exit 2: the connector, the flags or the input cannot be used ----
        E::NotOAuth { connector } => (
            "not_oauth",
            2,
            format!("`tether connector show {connector}` shows how it authenticates"),
        ),
        E::BadEndpoint { .. } => fixed(
            "bad_endpoint",
            2,
            "endpoints must be https:// URLs (http:// only for 127.0.0.1, [::1] or localhost); fix the connector and import it again",
        ),
        E::NoPersonInvolved { .. } => fixed("flow_unavailable", 2, "use --flow client-credentials"),
        E::NeedsPerson { .. } => fixed(
            "flow_unavailable",
            2,
            "use --flow browser, --flow paste or --flow device",
        ),
        E::NoDeviceEndpoint { .. } => fixed(
            "flow_unavailable",
            2,
            "use --flow browser, or --flow paste on a machine without a browser",
        ),
        E::NoAuthorizationEndpoint { .. } => fixed(
            "flow_unavailable",
            2,
            "add authorization_url to the connector, or use --flow device if it has a device_authorization_url",
        ),
        E::ReservedParam { .. } => fixed(
            "reserved_param",
            2,
            "remove it from authorization_params and import the connector again",
        ),
        E::BadKey { param, problem, .. } => ("bad_private_key", 2, bad_key_hint(param, problem)),
        E::ClaimWithoutValue { name, .. } => (
            "claim_without_value",
            2,
            format!("give it when authorizing: `--param {name}=VALUE`"),
        ),
        E::JwtBearerOnly { .. } => fixed(
            "flow_unavailable",
            2,
            "leave out --flow: tether signs the assertion with the account's key, no person involved",
        ),
        E::NotJwtBearer { .. } => fixed(
            "flow_unavailable",
            2,
            "use --flow browser, device, paste or client-credentials, as the connector allows",
        ),
        E::BadRedirectUri { .. } => fixed(
            "bad_redirect_uri",
            2,
            "check redirect_host and redirect_path",
        ),
        E::NotLoopback { .. } => fixed(
            "redirect_host_not_loopback",
            2,
            "set redirect_host to 127.0.0.1, localhost or [::1] in the connector",
        ),
        E::PortInUse { .. } => fixed(
            "port_in_use",
            2,
            "stop what uses it, or pass --port N with another port the provider accepts (--port 0: any free port)",
        ),
        E::PortForbidden { .. } => fixed(
            "port_forbidden",
            2,
            "pass --port N with a port above 1023 that the provider accepts",
        ),
        E::AddressUnavailable { .. } => fixed(
            "address_unavailable",
            2,
            "set redirect_host = \"127.0.0.1\" in the connector",
        ),
        E::Unattended => fixed(
            "unattended",
            2,
            "pass --flow device|paste|client-credentials (device or paste where someone can approve, client-credentials for machine connectors), or set $BROWSER to a program that opens the URL",
        ),
        E::NoBrowser { .. } => fixed(
            "no_browser",
            2,
            "without a person here, use --flow client-credentials (machine connectors), or run with --flow device or --flow paste where someone can approve; --no-browser waits for the URL to be opened elsewhere",
        ),
        E::NothingPasted => fixed(
            "paste_invalid",
            2,
            "paste the address the browser ended on after you approved, then press Enter",
        ),
        E::PastedNotAnAddress => fixed(
            "paste_invalid",
            2,
            "copy the whole address from the browser's address bar",
        ),
        E::BareCodeWithoutPkce => fixed(
            "paste_invalid",
            2,
            "paste the whole address the browser ended on (it carries the state), not only the code",
        ),
        E::PastedWrongPath { .. } => fixed(
            "paste_invalid",
            2,
            "copy the address the browser ended on after you approved",
        ),
        E::PastedRejected { .. } => fixed(
            "paste_invalid",
            2,
            "paste the address from this authorization; if you started another one since, use that one's",
        ),
        E::ClientRejected { connector, .. } => (
            "client_rejected",
            2,
            format!(
                "check the client id and secret: `tether connector configure {connector} --client-id ID --client-secret @FILE`"
            ),
        ),
        E::ScopeRefused { connector, .. } => (
            "scope_refused",
            2,
            format!(
                "choose scopes the provider allows; `tether connector show {connector}` lists them"
            ),
        ),

        // ---- exit 3: no authorization was obtained, or it no longer holds ----
        E::BrowserTimedOut { .. } => fixed(
            "authorization_timed_out",
            3,
            "run the command again and approve in the browser sooner (--timeout SECS gives more time), or use --flow paste or --flow device",
        ),
        E::DeviceTimedOut { .. } => fixed(
            "authorization_timed_out",
            3,
            "run the command again with a longer --timeout, and approve sooner",
        ),
        E::DeviceCodeExpired { .. } | E::DeviceCodeExpiredEarly => fixed(
            "device_code_expired",
            3,
            "run the command again and enter the new code sooner",
        ),
        E::DeviceDenied => fixed(
            "authorization_denied",
            3,
            "run the command again and approve the request",
        ),
        E::AuthorizationRefused { error, .. } if error == "access_denied" => fixed(
            "authorization_denied",
            3,
            "the request was not approved; run the command again and approve it",
        ),
        E::AuthorizationRefused { .. } => fixed(
            "authorization_refused",
            3,
            "check the connector's scopes and authorization_params, then run the command again",
        ),
        E::RequestDenied { .. } => fixed(
            "provider_denied",
            3,
            "ask the provider's administrator for access, then authorize again",
        ),
        E::PastedCodeRejected { .. } => fixed(
            "paste_rejected",
            3,
            "run the command again and paste the whole address the browser was redirected to, right after you approve (a code works once, and only for a few minutes)",
        ),
        E::InvalidGrant { .. } => fixed(
            "invalid_grant",
            3,
            "authorize again with `tether connection reauthorize LINK --account NAME`",
        ),
        E::NotCaptured {
            connector,
            pasted_code,
            ..
        } => (
            "not_captured",
            5,
            if *pasted_code {
                "paste the whole address the browser was sent to, not just the code".to_owned()
            } else {
                format!(
                    "check connector `{connector}` against the provider's documentation (`tether connector show {connector}`); nothing was stored"
                )
            },
        ),
        E::NoRefreshToken { connector } => (
            "no_refresh_token",
            3,
            format!(
                "authorize again (`tether connection reauthorize LINK --account NAME`); for a lasting \
                 authorization, include the scope the provider needs for refresh tokens (often offline_access) \
                 in connector `{connector}`"
            ),
        ),

        // ---- exit 5: the provider's answer cannot be used ----
        E::WrongIssuer { .. } => fixed(
            "wrong_issuer",
            5,
            "if the connector's `issuer` is wrong, fix it and import the connector again; \
             otherwise another site may be answering for the provider",
        ),
        E::MissingIssuer { .. } => fixed(
            "missing_issuer",
            5,
            "if the provider does not send `iss` in its redirects, remove `issuer` from the connector and import it again; \
             otherwise something between the provider and this machine altered the redirect: run the command again",
        ),
        E::Refused { .. } => fixed(
            "provider_refused",
            5,
            "check the connector's endpoints and parameters; if the provider is having trouble, try again later",
        ),
        E::Redirected { .. } => fixed(
            "provider_redirected",
            5,
            "check the connector's endpoint URLs (an http:// URL for an https:// site, or a moved endpoint)",
        ),
        E::NotAnOAuthAnswer { status, .. } if *status >= 500 => fixed(
            "not_an_oauth_answer",
            5,
            "the provider is having trouble; try again later",
        ),
        E::NotAnOAuthAnswer { .. } => fixed(
            "not_an_oauth_answer",
            5,
            "check the connector's endpoint URLs and client settings",
        ),
        E::Malformed { .. } => fixed(
            "malformed_answer",
            5,
            "check the connector's endpoint URLs; if they are right, the provider is misbehaving: try again later",
        ),
        E::DeviceAnswer { .. } => fixed(
            "malformed_answer",
            5,
            "check the connector's device_authorization_url",
        ),
        E::NoAccessToken { .. } => fixed(
            "no_access_token",
            5,
            "check the connector's token_url and token_params",
        ),
        E::TokenCharacters { .. } => fixed(
            "bad_token",
            5,
            "try again later; if it persists, the provider (or something between it and this machine) \
             is corrupting its answers: check the connector's token_url and report it to the provider",
        ),
        E::TokenType {
            connector,
            token_type,
            ..
        } => (
            "token_type",
            5,
            format!(
                "check connector `{connector}`'s token_params and authorization_params for a parameter that asks \
                 for another token type; a provider that issues only `{token_type}` tokens cannot be used with tether"
            ),
        ),
    }
}

/// What to do about a private key that cannot be used.
fn bad_key_hint(param: &str, problem: &crate::oauth::KeyProblem) -> String {
    use crate::oauth::KeyProblem as P;
    match problem {
        P::NotPkcs8(label) if label.starts_with("OPENSSH") => format!(
            "convert a copy of it to PKCS#8 with `ssh-keygen -p -N '' -m PKCS8 -f COPY` (this rewrites COPY), then pass `--param {param}=@COPY`"
        ),
        p if p.convertible() => format!(
            "convert it to an unencrypted PKCS#8 PEM with `openssl pkey -in KEY -out key.pem`, then pass `--param {param}=@key.pem`"
        ),
        P::WrongAlgorithm { .. } => format!(
            "pass a key of the kind the connector's `algorithm` names (`--param {param}=@FILE`), or use a connector whose `algorithm` matches the key"
        ),
        _ => format!(
            "pass the PKCS#8 PEM file (-----BEGIN PRIVATE KEY-----) or the service account's JSON key file: `--param {param}=@FILE`"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_facts_decide_code_exit_and_hint() {
        let d = oauth(&OAuthError::InvalidGrant {
            reason: "invalid_grant: revoked".into(),
        });
        assert_eq!((d.code, d.exit), ("invalid_grant", 3));
        assert_eq!(
            d.message,
            "the provider rejected the authorization grant (invalid_grant: revoked)"
        );
        assert_eq!(
            d.hint.as_deref(),
            Some("authorize again with `tether connection reauthorize LINK --account NAME`")
        );

        let d = oauth(&OAuthError::ClientRejected {
            what: "token endpoint",
            connector: "acme".into(),
            error: "invalid_client".into(),
            description: Some("unknown client".into()),
        });
        assert_eq!((d.code, d.exit), ("client_rejected", 2));
        assert_eq!(
            d.message,
            "the token endpoint rejected the client app of connector `acme` (invalid_client: unknown client)"
        );
        assert!(d.hint.unwrap().contains("tether connector configure acme"));

        let refused = |error: &str| {
            oauth(&OAuthError::AuthorizationRefused {
                error: error.into(),
                description: None,
            })
        };
        assert_eq!(refused("access_denied").code, "authorization_denied");
        assert_eq!(refused("invalid_scope").code, "authorization_refused");
        assert_eq!(refused("invalid_scope").exit, 3);

        let answer = |status| {
            oauth(&OAuthError::NotAnOAuthAnswer {
                what: "token endpoint",
                url: "https://idp.example/token".into(),
                status,
                content_type: None,
            })
        };
        assert_eq!(answer(502).exit, 5);
        assert!(answer(502).hint.unwrap().contains("try again later"));
        assert!(answer(404).hint.unwrap().contains("endpoint URLs"));
        assert_eq!(
            answer(404).message,
            "the token endpoint (https://idp.example/token) answered HTTP 404 with a body of no content type instead of an OAuth2 answer"
        );
    }
}
