//! The authorize options that `create --authorize`, `authorize` and `reauthorize` share, and
//! what they say when done.

use clap::builder::PossibleValue;
use clap::{Args, ValueEnum};

use crate::error::Result;
use crate::oauth::Flow;

/// How to authorize: shared by `create --authorize`, `authorize` and `reauthorize`.
#[derive(Debug, Clone, Args)]
pub struct AuthorizeFlags {
    /// Name of the authorized account (an existing one with the same configuration is reused)
    #[arg(long, value_name = "NAME", add = crate::cli::complete::accounts())]
    pub account: Option<String>,

    /// Authorize every environment
    #[arg(long)]
    pub all_envs: bool,

    /// OAuth2 flow (default: the connector's machine grant, else the browser)
    #[arg(long, value_enum, value_name = "FLOW")]
    pub flow: Option<Flow>,

    /// Print the authorization URL instead of opening a browser
    #[arg(long)]
    pub no_browser: bool,

    /// Port of the loopback listener for the OAuth2 redirect (default: any free port)
    #[arg(long, value_name = "N")]
    pub port: Option<u16>,

    /// When the API key or password stops working, for warnings and `tether status`: a date
    /// (2027-03-31), an RFC 3339 time, or a length of time (90d)
    #[arg(long, value_name = "WHEN", value_parser = crate::expiry::KeyExpiry::parse)]
    pub expires: Option<crate::expiry::KeyExpiry>,

    /// Seconds to wait for the person to approve (default: 300 for the browser, the code's
    /// lifetime for the device flow)
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<u64>,
}

/// `--flow` takes the library's flows by their names.
impl ValueEnum for Flow {
    fn value_variants<'a>() -> &'a [Self] {
        &Self::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.as_str()))
    }
}

impl AuthorizeFlags {
    /// The first of these flags that was given, if any (they mean nothing without authorizing).
    #[must_use]
    pub fn given(&self) -> Option<&'static str> {
        [
            (self.account.is_some(), "--account"),
            (self.all_envs, "--all-envs"),
            (self.flow.is_some(), "--flow"),
            (self.no_browser, "--no-browser"),
            (self.port.is_some(), "--port"),
            (self.timeout.is_some(), "--timeout"),
            (self.expires.is_some(), "--expires"),
        ]
        .into_iter()
        .find_map(|(given, flag)| given.then_some(flag))
    }

    /// The library request for these flags and the `--param` pairs.
    pub fn request(&self, params: &[String]) -> Result<crate::authorization::Request> {
        let params = params
            .iter()
            .map(|p| crate::value_source::split_pair(p, "--param"))
            .collect::<Result<Vec<_>>>()?;
        Ok(crate::authorization::Request {
            mode: crate::authorization::Mode::Authorize,
            all_envs: self.all_envs,
            account: self.account.clone(),
            name_account: None,
            params,
            oauth: crate::authorization::OAuthOptions {
                flow: self.flow,
                open_browser: !self.no_browser,
                port: self.port,
                timeout_secs: self.timeout,
            },
            key_expires: self.expires,
        })
    }
}
