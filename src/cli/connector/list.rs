use clap::Args;
use serde::Serialize;

use crate::cli::output;
use crate::connector::{AuthType, Connector, Origin};
use crate::context::Context;
use crate::error::Result;

/// List built-in and custom connectors
#[derive(Debug, Args)]
#[command(after_long_help = "Examples:
  tether connector list --search mail
  tether connector list --auth oauth2 --json
  tether connector list --custom")]
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
    /// Only connectors last checked against the provider's documentation before DATE
    /// (YYYY-MM or YYYY-MM-DD), and those never checked
    #[arg(long, value_name = "DATE", value_parser = first_day)]
    pub verified_before: Option<String>,
}

/// `YYYY-MM` or `YYYY-MM-DD` as `YYYY-MM-DD`, which compares as text.
fn first_day(text: &str) -> std::result::Result<String, String> {
    let day = if text.len() == 7 {
        format!("{text}-01")
    } else {
        text.to_owned()
    };
    time::Date::parse(
        &day,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map(|_| day)
    .map_err(|_| format!("`{text}` is not a date; write YYYY-MM or YYYY-MM-DD, e.g. 2026-06"))
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
    verified: Option<&'a str>,
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
        let verified_ok = self.verified_before.as_deref().is_none_or(|date| {
            connector
                .verified
                .as_deref()
                .is_none_or(|month| format!("{month}-01").as_str() < date)
        });
        origin_ok && auth_ok && search_ok && verified_ok
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
                verified: c.verified.as_deref(),
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
    // The month each was checked matters only to someone looking for stale ones.
    let with_verified = args.verified_before.is_some();
    let rows: Vec<Vec<String>> = shown
        .iter()
        .map(|(c, origin)| {
            let mut row = vec![
                c.id.clone(),
                c.name.clone(),
                c.auth.to_string(),
                origin.to_string(),
            ];
            if with_verified {
                row.push(c.verified.clone().unwrap_or_else(|| "never".to_owned()));
            }
            row
        })
        .collect();
    let mut columns = vec![
        output::Column::new("ID", 0),
        output::Column::new("NAME", 2),
        output::Column::new("AUTH", 1),
        output::Column::new("ORIGIN", 3),
    ];
    if with_verified {
        columns.push(output::Column::new("VERIFIED", 1));
    }
    output::page(&output::table_of(&columns, &rows))
}
