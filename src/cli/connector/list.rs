use clap::Args;
use serde::Serialize;

use crate::cli::output;
use crate::connector::{AuthType, Connector, Origin};
use crate::context::Context;
use crate::error::Result;

/// List built-in and custom connectors
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only built-in connectors
    #[arg(long, conflicts_with = "custom")]
    pub builtin: bool,
    /// Only custom connectors
    #[arg(long)]
    pub custom: bool,
    /// Only connectors of this auth type (basic, api-key, oauth2)
    #[arg(long, value_name = "TYPE")]
    pub auth: Option<AuthType>,
    /// Only connectors whose id, name or description contains TEXT (any case)
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
}

/// One row of `connector list --json`.
#[derive(Debug, Serialize)]
struct Entry<'a> {
    id: &'a str,
    name: &'a str,
    auth: AuthType,
    origin: Origin,
    description: Option<&'a str>,
    base_url: Option<&'a str>,
    docs: Option<&'a str>,
}

impl ListArgs {
    fn matches(&self, connector: &Connector, origin: Origin) -> bool {
        let origin_ok = match (self.builtin, self.custom) {
            (true, _) => origin == Origin::Builtin,
            (_, true) => origin == Origin::Custom,
            _ => true,
        };
        let auth_ok = self.auth.is_none_or(|auth| connector.auth.kind() == auth);
        let search_ok = self.search.as_deref().is_none_or(|text| {
            let text = text.to_lowercase();
            [
                Some(connector.id.as_str()),
                Some(connector.name.as_str()),
                connector.description.as_deref(),
            ]
            .into_iter()
            .flatten()
            .any(|field| field.to_lowercase().contains(&text))
        });
        origin_ok && auth_ok && search_ok
    }
}

pub(super) fn run(ctx: &Context, args: &ListArgs) -> Result<()> {
    let catalog = crate::store::connectors::catalog(&ctx.paths)?;
    let shown: Vec<_> = catalog
        .iter()
        .filter(|(c, origin)| args.matches(c, *origin))
        .collect();
    if ctx.json {
        let entries: Vec<Entry<'_>> = shown
            .iter()
            .map(|(c, origin)| Entry {
                id: &c.id,
                name: &c.name,
                auth: c.auth.kind(),
                origin: *origin,
                description: c.description.as_deref(),
                base_url: c.base_url.as_deref(),
                docs: c.docs.as_deref(),
            })
            .collect();
        return output::print_json(&entries);
    }
    if shown.is_empty() {
        ctx.ui().notice(
            "no connector matches; run `tether connector list` without filters to see them all",
        );
        return Ok(());
    }
    let rows: Vec<Vec<String>> = shown
        .iter()
        .map(|(c, origin)| {
            vec![
                c.id.clone(),
                c.name.clone(),
                c.auth.to_string(),
                origin.to_string(),
            ]
        })
        .collect();
    output::print(&output::table(&["ID", "NAME", "AUTH", "ORIGIN"], &rows))
}
