//! `tether connector check ID|--all|--custom`: connectors' endpoints against their provider's
//! current metadata, one line (or JSON object) per connector; exit 5 on drift or failure.

use std::fmt::Write as _;

use clap::Args;
use serde::Serialize;

use crate::cli::output;
use crate::connector::{Connector, Origin};
use crate::context::{Context, Verbosity};
use crate::discovery::{self, DiscoveryError, Drift, Outcome};
use crate::error::Result;
use crate::sanitize::for_terminal;
use crate::store;

/// Compare connectors' endpoints with their provider's current metadata
///
/// For each connector with an `issuer` in [oauth2], fetch the provider's metadata (a plain
/// GET, without any secret or client id) and report endpoints that differ from it. Exit 5 when
/// one differs or could not be checked.
#[derive(Debug, Args)]
#[command(
    group = clap::ArgGroup::new("which").required(true).args(["id", "all", "custom"]),
    after_help = "Examples:\n  tether connector check acme\n  tether connector check --all --json"
)]
pub struct CheckArgs {
    /// Connector id
    #[arg(add = crate::cli::complete::connector_ids())]
    pub id: Option<String>,
    /// Every connector, built-in and custom, that has an issuer
    #[arg(long)]
    pub all: bool,
    /// Every custom connector that has an issuer
    #[arg(long)]
    pub custom: bool,
}

/// One object of `connector check --json`.
#[derive(Debug, Serialize)]
struct Entry<'a> {
    id: &'a str,
    origin: Origin,
    /// ok, drift, unreachable, error or skipped.
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    metadata_url: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    drift: &'a [Drift],
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

pub(super) fn run(ctx: &Context, args: &CheckArgs) -> Result<()> {
    let chosen: Vec<(Connector, Origin)> = match &args.id {
        Some(id) => {
            let (connector, origin) = store::connectors::load_with_origin(&ctx.paths, id)?;
            if connector.oauth2().and_then(|o| o.issuer.as_ref()).is_none() {
                return Err(DiscoveryError::NoIssuer { id: connector.id }.into());
            }
            vec![(connector, origin)]
        }
        None if args.all => store::connectors::catalog(&ctx.paths)?,
        // Only the custom files are parsed, not the built-in catalog.
        None => store::connectors::ids(&ctx.paths)?
            .iter()
            .map(|id| store::connectors::load_with_origin(&ctx.paths, id))
            .collect::<Result<_>>()?,
    };
    let mut checked = Vec::new();
    let mut without_issuer = 0;
    for (connector, origin) in &chosen {
        ctx.ui().diagnostic(
            Verbosity::Verbose,
            &format!("checking connector `{}`", connector.id),
        );
        match discovery::check(connector) {
            Some(outcome) => checked.push((connector, *origin, outcome)),
            None => without_issuer += 1,
        }
    }
    report(ctx, &checked)?;
    let count = |status: &str| {
        checked
            .iter()
            .filter(|(.., o)| o.status() == status)
            .count()
    };
    let (drifted, failed) = (count("drift"), count("unreachable") + count("error"));
    if args.id.is_none() {
        let mut summary = format!(
            "checked {} connector{}: {} ok, {drifted} with drift, {failed} not reachable or not usable, {} skipped",
            checked.len(),
            if checked.len() == 1 { "" } else { "s" },
            count("ok"),
            count("skipped"),
        );
        if without_issuer > 0 {
            let _ = write!(summary, "; {without_issuer} without an issuer not checked");
        }
        ctx.ui().notice(&summary);
    }
    if drifted + failed > 0 {
        return Err(DiscoveryError::CheckFailed { drifted, failed }.into());
    }
    Ok(())
}

fn report(ctx: &Context, checked: &[(&Connector, Origin, Outcome)]) -> Result<()> {
    if ctx.json {
        let entries: Vec<Entry<'_>> = checked
            .iter()
            .map(|(c, origin, outcome)| {
                let (metadata_url, drift, reason) = parts(outcome);
                Entry {
                    id: &c.id,
                    origin: *origin,
                    status: outcome.status(),
                    metadata_url,
                    drift,
                    reason,
                }
            })
            .collect();
        return output::print_json(&entries);
    }
    let mut text = String::new();
    for (c, _, outcome) in checked {
        text.push_str(&line(&c.id, outcome));
        text.push('\n');
    }
    output::print(&text)
}

fn parts(outcome: &Outcome) -> (Option<&str>, &[Drift], Option<&str>) {
    match outcome {
        Outcome::Ok { url } => (Some(url), &[], None),
        Outcome::Drift { url, drifts } => (Some(url), drifts, None),
        Outcome::Unreachable { reason }
        | Outcome::Failed { reason }
        | Outcome::Skipped { reason } => (None, &[], Some(reason)),
    }
}

/// `ID: STATUS` and what differs or why.
fn line(id: &str, outcome: &Outcome) -> String {
    let (_, drifts, reason) = parts(outcome);
    let mut line = format!("{id}: {}", outcome.status());
    if let Some(reason) = reason {
        let _ = write!(line, ": {}", for_terminal(reason));
    }
    let shown: Vec<String> = drifts
        .iter()
        .map(|d| match &d.provider {
            Some(theirs) => format!(
                "{} is {}, the provider says {theirs}",
                d.field,
                for_terminal(&d.connector)
            ),
            None => format!(
                "{} is {}, the provider no longer lists one",
                d.field,
                for_terminal(&d.connector)
            ),
        })
        .collect();
    if !shown.is_empty() {
        let _ = write!(line, ": {}", shown.join("; "));
    }
    line
}
