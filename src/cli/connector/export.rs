use clap::Args;

use crate::cli::output;
use crate::connector::{self, Origin};
use crate::context::Context;
use crate::error::Result;

/// Print a connector's TOML definition on stdout, ready for `tether connector import`
#[derive(Debug, Args)]
#[command(after_long_help = "Examples:
  tether connector export github > github.toml
  tether connector export acme | less")]
pub struct ExportArgs {
    /// Connector id
    #[arg(add = crate::cli::complete::connector_ids())]
    pub id: String,
}

pub(super) fn run(ctx: &Context, args: &ExportArgs) -> Result<()> {
    let (text, path, origin) = crate::store::connectors::source(&ctx.paths, &args.id)?;
    // Validate before printing, so what comes out is something import accepts.
    let parsed = connector::parse(&text, &path)?;
    if origin == Origin::Builtin {
        ctx.ui().notice(&format!(
            "`{}` is built in; to import a modified copy, give it another `id` (e.g. `{}-custom`)",
            parsed.id, parsed.id
        ));
    }
    let mut text = text;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    if ctx.json {
        // The definition is TOML; the document carries it whole, re-importable as it is.
        return output::print_json(&serde_json::json!({
            "id": parsed.id,
            "origin": origin,
            "toml": text,
        }));
    }
    output::print(&text)
}
