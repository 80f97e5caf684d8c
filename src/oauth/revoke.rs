//! Token revocation (RFC 7009): the refresh token first (which ends the grant at most
//! providers), then the access token. Best-effort: the outcome is reported, never raised.

use std::fmt;

use super::endpoint::Failure;
use super::provider::Provider;
use super::tokens::Tokens;
use crate::connector::{Revocation, RevocationAuth};
use crate::context::Verbosity;

/// What revocation achieved, for the person to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RevokeOutcome {
    /// The provider accepted the revocation of every token sent.
    Revoked,
    /// The connector has no `revocation_url`: the tokens stay valid until they expire.
    NotSupported,
    /// Something did not work; `reason` says what (no secret in it).
    Failed { reason: String },
}

impl fmt::Display for RevokeOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Revoked => f.write_str("revoked at the provider"),
            Self::NotSupported => f.write_str(
                "not revoked: the connector has no revocation_url (revoke the access in the provider's settings if needed)",
            ),
            Self::Failed { reason } => write!(f, "revocation failed: {reason}"),
        }
    }
}

pub(crate) fn revoke(p: &Provider<'_>, tokens: &Tokens) -> RevokeOutcome {
    let how = match p.revocation() {
        Ok(Some(how)) => how,
        Ok(None) => return RevokeOutcome::NotSupported,
        Err(e) => {
            return RevokeOutcome::Failed {
                reason: e.to_string(),
            };
        }
    };
    let mut problems = Vec::new();
    let mut revoked_refresh = false;
    // A revocation authenticated by the token itself takes the access token: a refresh
    // token is no bearer credential.
    let by_bearer = how.auth == Some(RevocationAuth::Bearer);
    if let Some(refresh) = tokens.refresh_token.as_ref().filter(|_| !by_bearer) {
        match revoke_one(p, &how, refresh.expose(), "refresh_token") {
            Ok(()) => revoked_refresh = true,
            Err(reason) => problems.push(format!("the refresh token: {reason}")),
        }
    }
    let mut revoked_access = false;
    match revoke_one(p, &how, tokens.access_token.expose(), "access_token") {
        Ok(()) => revoked_access = true,
        // RFC 7009 §2.2.1: a server may not revoke access tokens; with the refresh token
        // revoked the grant is gone and the access token soon expires.
        Err(reason) if revoked_refresh && reason.contains("unsupported_token_type") => {
            p.ctx.ui().diagnostic(
                Verbosity::Verbose,
                "the provider does not revoke access tokens; the refresh token was revoked",
            );
        }
        Err(reason) => problems.push(format!("the access token: {reason}")),
    }
    // An endpoint of the provider's own design takes one kind of token (GitHub's the access
    // token, Zoho's the refresh token) and ends the whole grant with it: the other refused is
    // no failure.
    if p.oauth.revocation.is_some() && (revoked_refresh || revoked_access) && !problems.is_empty() {
        p.ctx.ui().diagnostic(
            Verbosity::Verbose,
            &format!("the revocation endpoint refused {}", problems.join("; ")),
        );
        problems.clear();
    }
    if problems.is_empty() {
        RevokeOutcome::Revoked
    } else {
        RevokeOutcome::Failed {
            reason: problems.join("; "),
        }
    }
}

fn revoke_one(p: &Provider<'_>, how: &Revocation, token: &str, hint: &str) -> Result<(), String> {
    let what = "revocation endpoint";
    let url = how.url.as_str();
    p.tell_endpoint(what, url);
    let endpoints = p.endpoints().map_err(|e| e.to_string())?;
    let answer = endpoints
        .revoke(how, p.client, p.oauth.client_auth, token, hint)
        .map_err(|f| describe(p, f))?;
    // RFC 7009 §2.2: 200 whether or not the token was still valid; the body is irrelevant.
    if answer.status.is_success() {
        return Ok(());
    }
    let status = answer.status.as_u16();
    Err(answer
        .into_json(what, url)
        .map_or_else(|failure| describe(p, failure), |_| format!("HTTP {status}")))
}

fn describe(p: &Provider<'_>, failure: Failure) -> String {
    match failure {
        Failure::OAuth {
            status,
            error,
            description,
        } => {
            // Both texts are already safe to show.
            let detail = description.map_or_else(String::new, |d| format!(": {d}"));
            format!("HTTP {} ({error}{detail})", status.as_u16())
        }
        // The message alone: the outcome is one line in a report.
        other => other
            .into_error("revocation endpoint", &p.connector.id)
            .to_string(),
    }
}
