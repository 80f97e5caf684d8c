//! The OAuth client: the authorization flows (browser with a loopback listener, paste, device,
//! client credentials), token endpoint calls, the refresh engine and revocation.
//!
//! Choices: the `oauth2` crate builds the authorization request and the PKCE S256 pair; the
//! endpoint calls use `reqwest` directly, so that every failure can name its HTTP status and
//! content type without repeating the body, `invalid_grant` stays a distinct error, scopes use
//! the connector's separator, and device polling controls its own pace. No secret (token,
//! client secret, code, verifier, state) is ever written to stderr, logs or error messages.

mod code;
mod device;
mod endpoint;
mod engine;
mod inbound;
mod listener;
mod opener;
mod pace;
mod page;
mod provider;
mod redact;
mod revoke;
mod tokens;

pub use crate::ui::Countdown;
pub use code::{PASTE_PORT, new_pkce, new_state};
pub use device::DeviceAuthorization;
pub use endpoint::Timeouts;
pub(crate) use endpoint::innermost;
pub use engine::{TokenStore, fresh_tokens, fresh_tokens_with, refresh_rejected};
pub use listener::{Expect, IssuerRule, Loopback, Verdict, judge};
pub use opener::{Opener, SystemOpener};
pub use pace::Pace;
pub use page::{escape_html, for_terminal};
pub(crate) use provider::is_loopback;
pub use provider::{DEFAULT_BROWSER_TIMEOUT, Flow, FlowOptions, Provider};
pub use revoke::RevokeOutcome;
pub use tokens::{Client, Tokens};

use crate::connector::Connector;
use crate::context::Context;
use crate::error::Result;

/// Authorizes `client` for `scopes` at `connector`'s provider with `flow`.
pub fn authorize(
    ctx: &Context,
    connector: &Connector,
    client: &Client,
    scopes: &[String],
    flow: Flow,
    opts: &FlowOptions,
) -> Result<Tokens> {
    Provider::new(ctx, connector, client)?.authorize(scopes, flow, opts)
}

/// One refresh of `current`; see [`Provider::refresh`]. `invalid_grant` is
/// [`crate::error::Error::InvalidGrant`].
pub fn refresh(
    ctx: &Context,
    connector: &Connector,
    client: &Client,
    current: &Tokens,
) -> Result<Tokens> {
    Provider::new(ctx, connector, client)?.refresh(current)
}

/// Revokes `tokens` at the provider (RFC 7009), best-effort. Errors only when `connector` is
/// not a usable OAuth connector; everything at the provider's end is in the outcome.
pub fn revoke(
    ctx: &Context,
    connector: &Connector,
    client: &Client,
    tokens: &Tokens,
) -> Result<RevokeOutcome> {
    Ok(Provider::new(ctx, connector, client)?.revoke(tokens))
}
