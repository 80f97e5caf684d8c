//! `tether log`: the audit log, oldest first, filtered by connection and time.

use std::time::Duration;

use clap::Args;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::audit::{self, Event, Outcome};
use crate::cli::output::{self, Column};
use crate::context::Context;
use crate::error::Result;

/// Show the audit log: each use of a credential and each change, oldest first
///
/// Each use of a credential (token, header, exec, invoke, connection test), each automatic
/// refresh and revocation, and each change (connections, accounts, connectors, the vault),
/// oldest first, with how it ended. It names connections, environments, accounts and
/// applications, never a secret. The log is kept in the audit/ directory of tether's data
/// directory and rotated at 1 MiB (three older files are kept).
#[derive(Debug, Args)]
#[command(
    after_long_help = "Examples:\n  tether log --since 1d\n  tether log --link deploy --since 2026-01-31T00:00:00Z\n  tether log --json | jq '.[] | select(.outcome == \"error\")'"
)]
pub struct LogArgs {
    /// Only the events of this connection
    #[arg(long, value_name = "LINK", add = crate::cli::complete::links())]
    pub link: Option<String>,

    /// Only the events since a time: a length of time ago (30m, 12h, 1d, 2w) or an RFC 3339
    /// time (2026-01-31T08:00:00Z)
    #[arg(long, value_name = "WHEN", value_parser = since)]
    pub since: Option<Since>,
}

/// Where `--since` starts.
#[derive(Debug, Clone, Copy)]
pub enum Since {
    Ago(Duration),
    At(OffsetDateTime),
}

fn since(text: &str) -> std::result::Result<Since, String> {
    if let Some(length) = crate::duration::parse(text, crate::duration::UP_TO_WEEKS) {
        return Ok(Since::Ago(length));
    }
    OffsetDateTime::parse(text, &Rfc3339)
        .map(Since::At)
        .map_err(|_| {
            format!("`{text}` is neither a length of time (30m, 12h, 1d, 2w) nor an RFC 3339 time")
        })
}

impl Since {
    fn start(self, now: OffsetDateTime) -> OffsetDateTime {
        match self {
            // A length beyond the calendar reaches back to the start of the log.
            Self::Ago(length) => time::Duration::try_from(length)
                .ok()
                .and_then(|length| now.checked_sub(length))
                .unwrap_or(OffsetDateTime::UNIX_EPOCH),
            Self::At(at) => at,
        }
    }
}

pub(super) fn run(ctx: &Context, args: &LogArgs) -> Result<()> {
    let reading = audit::read(&ctx.paths)?;
    if reading.damaged > 0 {
        ctx.ui().notice(&format!(
            "warning: skipped {} damaged line{} of the audit log",
            reading.damaged,
            if reading.damaged == 1 { "" } else { "s" }
        ));
    }
    let start = args.since.map(|s| s.start(ctx.now()));
    let shown = reading.events.into_iter().filter(|event| {
        args.link
            .as_ref()
            .is_none_or(|l| event.link.as_ref() == Some(l))
            && start.is_none_or(|start| event.time >= start)
    });
    if ctx.json {
        let mut array = output::JsonArray::start();
        for event in shown {
            array.push(&event)?;
        }
        return array.finish();
    }
    let now = ctx.now();
    let rows: Vec<Vec<String>> = shown.map(|event| row(event, now)).collect();
    if rows.is_empty() {
        ctx.ui().notice("no events in the audit log match");
        return Ok(());
    }
    output::page(&output::table_of(
        &[
            Column::new("TIME", 0),
            Column::new("COMMAND", 0),
            Column::new("LINK", 1),
            Column::new("ENV", 3),
            Column::new("ACCOUNT", 4),
            Column::new("APP", 5),
            Column::new("OUTCOME", 2),
        ],
        &rows,
    ))
}

fn row(event: Event, now: OffsetDateTime) -> Vec<String> {
    // Names come from command lines as typed: shown, never obeyed, by the terminal.
    let safe = |text: &str| crate::sanitize::for_terminal(text);
    let or_dash = |value: Option<String>| value.map_or_else(|| "-".to_owned(), |v| safe(&v));
    let command = match event.connector {
        Some(connector) => safe(&format!("{} {connector}", event.command)),
        None => safe(&event.command),
    };
    vec![
        output::relative(event.time, now),
        command,
        or_dash(event.link),
        or_dash(event.environment.map(|e| e.as_str().to_owned())),
        or_dash(event.account),
        or_dash(event.app),
        match event.outcome {
            Outcome::Ok => "ok".to_owned(),
            Outcome::Error {
                exit: Some(exit),
                reason,
            } => format!("error {exit}: {reason}"),
            Outcome::Error { exit: None, reason } => format!("error: {reason}"),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_is_a_length_of_time_or_a_time() {
        let now = OffsetDateTime::now_utc();
        let day_ago = since("1d").unwrap().start(now);
        assert_eq!(now - day_ago, time::Duration::days(1));
        let at = since("2026-01-31T08:00:00Z").unwrap().start(now);
        assert_eq!(at.unix_timestamp(), 1_769_846_400);
        for bad in ["yesterday", "1 d", "2026-01-31"] {
            assert!(since(bad).is_err(), "{bad}");
        }
    }
}
