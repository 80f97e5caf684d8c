use clap::Args;

use crate::context::Context;
use crate::error::Result;
use crate::store;
use crate::value_source::ValueReader;

/// Set the OAuth2 client app (client id and secret) of a connector
///
/// The client id is kept in a plain file; the secret goes to the vault. Without
/// --client-secret the client is public (PKCE only) and a secret stored earlier is removed.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  tether connector configure github --client-id Iv1.abc123 --client-secret env:GITHUB_CLIENT_SECRET\n  tether connector configure acme --client-id my-app --client-secret @secret.txt"
)]
pub struct ConfigureArgs {
    /// Connector id (an oauth2 connector)
    #[arg(add = crate::cli::complete::connector_ids())]
    pub id: String,
    /// The OAuth2 client id
    #[arg(long, value_name = "ID")]
    pub client_id: String,
    /// The OAuth2 client secret: a value, @FILE, @- (stdin) or env:VAR
    #[arg(long, value_name = "VALUE")]
    pub client_secret: Option<String>,
}

pub(super) fn run(ctx: &Context, args: &ConfigureArgs) -> Result<()> {
    let connector = crate::store::connectors::load(&ctx.paths, &args.id)?;
    // The secret is read only once the vault can take it.
    if args.client_secret.is_some() {
        ctx.vault_for_secrets()?;
    }
    let secret = args
        .client_secret
        .as_deref()
        .map(|raw| ValueReader::default().read("--client-secret", raw))
        .transpose()?;
    let lock = store::lock_state(&ctx.paths)?;
    let vault = || ctx.vault();
    store::client_app::configure(
        &ctx.paths,
        &lock,
        vault,
        &connector,
        &args.client_id,
        secret.as_ref(),
    )?;
    let with = if secret.is_some() {
        " and its secret (in the vault)"
    } else {
        " (public client, no secret)"
    };
    ctx.ui().notice(&format!(
        "configured the OAuth2 client of `{}`: client id `{}`{with}",
        connector.id, args.client_id
    ));
    if ctx.json {
        // Whether a secret was stored, never the secret.
        return crate::cli::output::print_json(&serde_json::json!({
            "id": connector.id,
            "client_id": args.client_id,
            "client_secret_stored": secret.is_some(),
        }));
    }
    Ok(())
}
