//! The ways a person (or nobody) can authorize, and the options of the interactive ones. The
//! command line offers exactly these as `--flow`.

use std::time::Duration;

use crate::connector::{Grant, OAuth2};

/// How a person (or nobody) authorizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Authorization code + PKCE through a loopback listener.
    Browser,
    /// RFC 8628 device authorization grant.
    Device,
    /// Authorization code + PKCE, the redirected URL pasted back on stdin.
    Paste,
    /// Client credentials: no person involved.
    ClientCredentials,
    /// RFC 7523 JWT bearer grant: an assertion signed with the account's key, no person involved.
    JwtBearer,
}

impl Flow {
    /// Every flow, in the order `--help` lists them.
    pub const ALL: [Self; 5] = [
        Self::Browser,
        Self::Device,
        Self::Paste,
        Self::ClientCredentials,
        Self::JwtBearer,
    ];

    /// The flow a connector implies when none is chosen: its own for `grant =
    /// "client_credentials"` and `"jwt_bearer"`, the browser otherwise.
    #[must_use]
    pub fn default_for(oauth: &OAuth2) -> Self {
        match oauth.grant {
            Grant::ClientCredentials => Self::ClientCredentials,
            Grant::JwtBearer => Self::JwtBearer,
            Grant::AuthorizationCode => Self::Browser,
        }
    }

    /// The name `--flow` takes.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Browser => "browser",
            Self::Device => "device",
            Self::Paste => "paste",
            Self::ClientCredentials => "client-credentials",
            Self::JwtBearer => "jwt-bearer",
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

/// What an interactive authorization is for, named on the browser's success page so that a
/// person with several tabs or terminals knows which one finished.
#[derive(Debug, Clone, Default)]
pub struct Authorizing {
    /// The connection's link name.
    pub connection: String,
    /// The environments being authorized.
    pub environments: Vec<String>,
    /// The account's name; `None` when it is asked for only after the authorization.
    pub account: Option<String>,
}
