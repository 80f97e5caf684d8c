use std::io::Read as _;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::connector::{self, Connector, ConnectorError};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::store;
use crate::usage::UsageError;

/// Add or replace a custom connector from a TOML file, or from a provider's OAuth2 metadata
/// (validated first; nothing is stored if it is invalid)
///
/// With --discover, tether reads the provider's RFC 8414 or OpenID Connect metadata, shows what
/// it found and, in a terminal, asks for the connector's id, name and API base URL.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  tether connector import acme.toml\n  tether connector import --discover https://idp.example --id acme"
)]
pub struct ImportArgs {
    /// The connector file (`-` reads standard input)
    #[arg(required_unless_present = "discover", conflicts_with = "discover")]
    pub file: Option<PathBuf>,
    /// Build an OAuth2 connector from the metadata of this issuer (or this metadata document)
    #[arg(long, value_name = "URL")]
    pub discover: Option<String>,
    /// With --discover: the connector's id (default: made from the issuer's host)
    #[arg(long, value_name = "ID", requires = "discover")]
    pub id: Option<String>,
    /// With --discover: the connector's display name (default: the issuer's host)
    #[arg(long, value_name = "NAME", requires = "discover")]
    pub name: Option<String>,
    /// With --discover: the base URL of the service's API, for `tether invoke`
    #[arg(long, value_name = "URL", requires = "discover")]
    pub base_url: Option<String>,
}

/// Connector files are small; anything bigger is a mistake (a binary, a wrong path).
const MAX_SIZE: u64 = 1024 * 1024;

pub(super) fn run(ctx: &Context, args: &ImportArgs) -> Result<()> {
    let (Some(file), None) = (&args.file, &args.discover) else {
        return super::discover::run(ctx, args);
    };
    let (text, shown_path) = read(file)?;
    let (connector, replaced) = store_custom(ctx, &text, &shown_path)?;
    ctx.ui().notice(&format!(
        "imported custom connector `{}`{}",
        connector.id,
        replacing(replaced)
    ));
    if ctx.json {
        return crate::cli::output::print_json(&serde_json::json!({
            "id": connector.id,
            "name": connector.name,
            "auth": connector.auth.kind(),
            "origin": "custom",
            "replaced": replaced,
        }));
    }
    Ok(())
}

/// Validates `text` (named `shown` in messages) and stores it as a custom connector; whether
/// it replaced one of the same id.
pub(super) fn store_custom(ctx: &Context, text: &str, shown: &Path) -> Result<(Connector, bool)> {
    let connector = connector::parse(text, shown)?;
    let lock = store::lock_state(&ctx.paths)?;
    let replaced = store::connectors::save(&ctx.paths, &lock, &connector, text)?;
    ctx.audit().connector(&connector.id);
    Ok((connector, replaced))
}

/// What a notice adds when an import replaced a connector.
pub(super) fn replacing(replaced: bool) -> &'static str {
    if replaced {
        " (replaced the previous definition)"
    } else {
        ""
    }
}

/// The file's text and the path to name in messages.
fn read(file: &Path) -> Result<(String, PathBuf)> {
    let (bytes, shown) = if file == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(MAX_SIZE + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io("reading", "standard input", e))?;
        (bytes, PathBuf::from("<stdin>"))
    } else {
        let bytes = std::fs::File::open(file)
            .and_then(|f| {
                let mut bytes = Vec::new();
                f.take(MAX_SIZE + 1).read_to_end(&mut bytes).map(|_| bytes)
            })
            .map_err(|source| UsageError::ConnectorUnreadable {
                path: file.to_path_buf(),
                source,
            })?;
        (bytes, file.to_path_buf())
    };
    if bytes.len() as u64 > MAX_SIZE {
        return Err(UsageError::ConnectorTooLarge {
            path: shown.clone(),
        }
        .into());
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let (line, column) = position(e.as_bytes(), e.utf8_error().valid_up_to());
        Error::from(ConnectorError::File {
            path: shown.clone(),
            line,
            column,
            message: "the file is not UTF-8 text; save it as UTF-8".into(),
        })
    })?;
    Ok((text, shown))
}

/// Line and column of the first invalid byte, counting the valid text before it.
fn position(bytes: &[u8], valid_up_to: usize) -> (usize, usize) {
    let valid = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or_default();
    let line = valid.matches('\n').count() + 1;
    let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}
