//! The OAuth client: the authorization flows (browser with a loopback listener, paste, device,
//! client credentials, the JWT bearer grant), token endpoint calls, the refresh engine and revocation.
//!
//! Choices: the authorization request and the PKCE S256 pair are a few lines of our own over
//! `ring`; the endpoint calls use `reqwest` directly (through [`crate::http`]), so that every
//! failure can name its HTTP status and content type without repeating the body,
//! `invalid_grant` stays a distinct error, scopes use the connector's separator, and device
//! polling controls its own pace. No secret (token, client secret, code, verifier, state) is
//! ever written to stderr, logs or error messages.

mod code;
mod device;
mod endpoint;
mod engine;
mod error;
mod flow;
mod inbound;
mod jwt;
mod listener;
mod opener;
mod pace;
mod page;
mod private_key;
mod provider;
mod redact;
mod revoke;
mod tokens;

pub use crate::ui::Countdown;
pub use code::{PASTE_PORT, new_pkce, new_state};
pub use device::DeviceAuthorization;
pub use engine::{TokenStore, fresh_tokens, fresh_tokens_with, refresh_rejected};
pub use error::OAuthError;
pub use flow::{Authorizing, DEFAULT_BROWSER_TIMEOUT, Flow, FlowOptions};
pub use listener::{Expect, IssuerRule, Loopback, Verdict, judge};
pub use opener::{Opener, SystemOpener};
pub use pace::Pace;
pub use private_key::KeyProblem;
pub use provider::Provider;
pub use revoke::RevokeOutcome;
pub use tokens::{ClientApp, Tokens};

use crate::connector::Connector;
use crate::context::Context;
use crate::error::Result;

/// Runs `flow` to obtain tokens for `client` and `scopes` at `connector`'s provider.
pub fn run_flow(
    ctx: &Context,
    connector: &Connector,
    client: &ClientApp,
    scopes: &[String],
    flow: Flow,
    opts: &FlowOptions,
) -> Result<Tokens> {
    Provider::new(ctx, connector, client)?.run_flow(scopes, flow, opts)
}

/// One refresh of `current`; see [`Provider::refresh`]. `invalid_grant` is
/// [`OAuthError::InvalidGrant`].
pub fn refresh(
    ctx: &Context,
    connector: &Connector,
    client: &ClientApp,
    current: &Tokens,
) -> Result<Tokens> {
    Provider::new(ctx, connector, client)?.refresh(current)
}

/// Revokes `tokens` at the provider (RFC 7009), best-effort. Errors only when `connector` is
/// not a usable OAuth connector; everything at the provider's end is in the outcome.
pub fn revoke(
    ctx: &Context,
    connector: &Connector,
    client: &ClientApp,
    tokens: &Tokens,
) -> Result<RevokeOutcome> {
    Ok(Provider::new(ctx, connector, client)?.revoke(tokens))
}
