//! `tether docker-credential store`: what `docker login` hands over.

use clap::Args;
use serde::Deserialize;

use crate::context::Context;
use crate::error::Result;

/// Accept `docker login` for a registry tether serves (tether keeps managing that credential;
/// nothing is stored) and refuse it for any other
#[derive(Debug, Args)]
#[command(after_long_help = "Examples:
  docker login ghcr.io        # with credHelpers {\"ghcr.io\": \"tether\"} in ~/.docker/config.json
  tether docker-credential store < login.json   # {\"ServerURL\": …, \"Username\": …, \"Secret\": …}")]
pub struct StoreArgs {}

/// `{"ServerURL", "Username", "Secret"}`; the secret is never kept, not even read into a value.
#[derive(Deserialize)]
struct Login {
    #[serde(rename = "ServerURL")]
    server_url: String,
    #[serde(rename = "Username", default)]
    _username: serde::de::IgnoredAny,
    #[serde(rename = "Secret", default)]
    _secret: serde::de::IgnoredAny,
}

pub(super) fn run(ctx: &Context, _args: &StoreArgs) -> Result<()> {
    let request = super::request()?;
    let login: Login = serde_json::from_str(&request).map_err(|e| {
        crate::docker::DockerError::BadRequest {
            // serde_json's message names the position, never the value.
            reason: e.to_string(),
        }
    })?;
    crate::docker::store(ctx, &login.server_url)?;
    ctx.ui().diagnostic(
        crate::context::Verbosity::Verbose,
        &format!(
            "{} is served by tether: the password docker sent was not stored, tether hands out its own",
            login.server_url.trim()
        ),
    );
    Ok(())
}
