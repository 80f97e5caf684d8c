//! `tether status`: every connection in every environment at a glance, and exit 3 when an
//! environment checked (`--env`, else development) is not connected.

use clap::Args;
use serde::Serialize;
use time::OffsetDateTime;

use crate::cli::output::{self, IdentityJson, rfc3339};
use crate::context::Context;
use crate::environment::Environment;
use crate::error::Result;
use crate::status::{self, Facts, Row};
use crate::store::account::EnvStatus;

/// Show the state of every connection in every environment
///
/// Per connection and environment: the account, who it is signed in as, the state
/// (connected, expiring, needs-reauthorization, expired, not-authorized), when its tokens
/// expire, when it was last refreshed, and the requested scopes not granted.
///
/// The environments checked are those of --env (or TETHER_ENV), else development: every
/// connection must be connected (or expiring) there, or the exit status is 3 and the commands
/// that fix it are named. Other environments are listed where a connection is authorized.
/// Refresh tokens that expire within TETHER_EXPIRY_WARNING (default 7d) are announced on
/// stderr.
#[derive(Debug, Args)]
#[command(
    after_long_help = "Examples:\n  tether status\n  tether status --env production || exit 1\n  tether status --env prod --env stage --json | jq '.connections[] | select(.status != \"connected\")'"
)]
pub struct StatusArgs {}

/// `status --json`: one document.
#[derive(Debug, Serialize)]
struct StatusJson {
    /// The environments every connection must be connected in.
    checked_environments: Vec<Environment>,
    /// Whether they all are (the exit status is 0).
    ready: bool,
    /// One entry per connection and environment listed, in link order.
    connections: Vec<RowJson>,
}

#[derive(Debug, Serialize)]
struct RowJson {
    link_name: String,
    display_name: String,
    connector: String,
    environment: Environment,
    checked: bool,
    status: &'static str,
    account: Option<String>,
    identity: Option<IdentityJson>,
    same_for_all_environments: bool,
    authorized_at: Option<String>,
    expires_at: Option<String>,
    refresh_expires_at: Option<String>,
    refreshed_at: Option<String>,
    requested_scopes: Option<Vec<String>>,
    granted_scopes: Option<Vec<String>>,
    missing_scopes: Option<Vec<String>>,
}

impl RowJson {
    fn of(row: &Row<'_>) -> Self {
        let facts = row.account;
        let time = |pick: fn(&Facts) -> Option<OffsetDateTime>| facts.and_then(pick).map(rfc3339);
        Self {
            link_name: row.link.to_owned(),
            display_name: row.display_name.to_owned(),
            connector: row.connector.to_owned(),
            environment: row.env,
            checked: row.checked,
            status: row.status.as_str(),
            account: facts.map(|f| f.label.clone()),
            identity: facts
                .and_then(|f| f.identity.as_ref())
                .map(IdentityJson::from),
            same_for_all_environments: row.same_for_all_environments,
            authorized_at: time(|f| Some(f.authorized_at)),
            expires_at: time(|f| f.expires_at),
            refresh_expires_at: time(|f| f.refresh_expires_at),
            refreshed_at: time(|f| f.refreshed_at),
            requested_scopes: facts.map(|f| f.requested_scopes.clone()),
            granted_scopes: facts.map(|f| f.granted_scopes.clone()),
            missing_scopes: facts.map(Facts::missing_scopes),
        }
    }
}

/// What the table shows of one row, as plain text.
struct Line {
    cells: Vec<String>,
    status: EnvStatus,
}

/// An expiring account, for the warning after the listing.
struct Expiring {
    warning: String,
}

pub(super) fn run(ctx: &Context, _args: &StatusArgs) -> Result<()> {
    let window = crate::expiry::window()?;
    let now = ctx.now();
    let mut checked = ctx.envs();
    if checked.is_empty() {
        checked.push(ctx.env()?);
    }
    let mut json = Vec::new();
    let mut lines = Vec::new();
    let mut expiring: Vec<Expiring> = Vec::new();
    let mut expiring_total = 0usize;
    let not_ready = status::each_row(&ctx.paths, now, window, &checked, |row| {
        if row.status == EnvStatus::Expiring {
            expiring_total += 1;
            if let Some(warning) = warning(row, now, window) {
                expiring.push(Expiring { warning });
            }
        }
        if ctx.json {
            json.push(RowJson::of(row));
        } else {
            lines.push(Line {
                cells: cells(row, now),
                status: row.status,
            });
        }
        Ok(())
    })?;
    if ctx.json {
        output::print_json(&StatusJson {
            checked_environments: checked.clone(),
            ready: not_ready.is_none(),
            connections: json,
        })?;
    } else if lines.is_empty() {
        ctx.ui().notice(
            "no connections yet; create one with `tether connection create LINK --connector ID`",
        );
    } else {
        output::print(&table(&lines, output::stdout_color()))?;
    }
    warn(ctx, &expiring, expiring_total);
    match not_ready {
        Some(e) => Err(e.into()),
        None => Ok(()),
    }
}

/// The warning for an expiring row, the first time its account comes up.
fn warning(row: &Row<'_>, now: OffsetDateTime, window: time::Duration) -> Option<String> {
    let facts = row.account?;
    let at = facts.refresh_expires_at.filter(|at| *at - now <= window)?;
    crate::expiry::first_in_process(&facts.id)
        .then(|| crate::expiry::warning(&facts.label, row.link, row.env, at, now))
}

/// Says once on stderr what expires soon: the first few, and how many more.
fn warn(ctx: &Context, expiring: &[Expiring], total: usize) {
    const SHOWN: usize = 5;
    for e in expiring.iter().take(SHOWN) {
        ctx.ui().notice(&e.warning);
    }
    let more = total.saturating_sub(expiring.len().min(SHOWN));
    if more > 0 {
        ctx.ui().notice(&format!(
            "warning: {more} more environments are expiring (state `expiring` above)"
        ));
    }
}

const HEADER: [&str; 9] = [
    "LINK",
    "ENVIRONMENT",
    "STATE",
    "ACCOUNT",
    "SIGNED IN AS",
    "EXPIRES",
    "REFRESH EXPIRES",
    "LAST REFRESH",
    "MISSING SCOPES",
];

/// The column of the state, which is coloured.
const STATE: usize = 2;

/// Columns shown only when some row has a value in them.
const OPTIONAL: [usize; 4] = [4, 6, 7, 8];

fn cells(row: &Row<'_>, now: OffsetDateTime) -> Vec<String> {
    let none = || "-".to_owned();
    let facts = row.account;
    let when = |at: Option<OffsetDateTime>| at.map_or_else(none, |at| relative(at, now));
    let missing = facts.map(Facts::missing_scopes).unwrap_or_default();
    vec![
        row.link.to_owned(),
        row.env.to_string(),
        row.status.to_string(),
        facts.map_or_else(none, |f| f.label.clone()),
        facts
            .and_then(|f| f.identity.as_ref())
            .map_or_else(none, |i| i.login.clone()),
        when(facts.and_then(|f| f.expires_at)),
        when(facts.and_then(|f| f.refresh_expires_at)),
        when(facts.and_then(|f| f.refreshed_at)),
        if missing.is_empty() {
            none()
        } else {
            missing.join(" ")
        },
    ]
}

/// `in 3 days`, `5 minutes ago`.
fn relative(at: OffsetDateTime, now: OffsetDateTime) -> String {
    if at > now {
        crate::expiry::how_soon(at, now)
    } else {
        let ago = crate::expiry::how_soon(now + (now - at), now);
        format!("{} ago", ago.trim_start_matches("in "))
    }
}

/// The rows as aligned columns, the states coloured when `color`; optional columns that are
/// empty in every row are left out.
fn table(lines: &[Line], color: bool) -> String {
    let shown: Vec<usize> = (0..HEADER.len())
        .filter(|i| !OPTIONAL.contains(i) || lines.iter().any(|l| l.cells[*i] != "-"))
        .collect();
    let width = |i: usize| {
        lines
            .iter()
            .map(|l| l.cells[i].chars().count())
            .chain([HEADER[i].len()])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..HEADER.len()).map(width).collect();
    let mut out = String::new();
    let mut write = |cells: &[&str], status: Option<EnvStatus>| {
        let mut line = String::new();
        for (n, &i) in shown.iter().enumerate() {
            let cell = cells[i];
            let pad = widths[i].saturating_sub(cell.chars().count());
            match status.filter(|_| i == STATE && color) {
                Some(status) => line.push_str(&paint(cell, status)),
                None => line.push_str(cell),
            }
            if n + 1 < shown.len() {
                line.push_str(&" ".repeat(pad + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    };
    write(&HEADER, None);
    for l in lines {
        let cells: Vec<&str> = l.cells.iter().map(String::as_str).collect();
        write(&cells, Some(l.status));
    }
    out
}

/// Green when it works, yellow when it will stop soon, red when it does not work.
fn paint(text: &str, status: EnvStatus) -> String {
    let style = dialoguer::console::style(text).force_styling(true);
    match status {
        EnvStatus::Connected => style.green(),
        EnvStatus::Expiring => style.yellow(),
        EnvStatus::NotAuthorized | EnvStatus::NeedsReauthorization | EnvStatus::Expired => {
            style.red()
        }
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(link: &str, status: EnvStatus) -> Line {
        let mut cells = vec!["-".to_owned(); HEADER.len()];
        cells[0] = link.to_owned();
        cells[1] = "development".to_owned();
        cells[STATE] = status.to_string();
        Line { cells, status }
    }

    #[test]
    fn states_are_coloured_only_with_colour_and_stay_aligned() {
        let lines = [
            line("a", EnvStatus::Connected),
            line("bb", EnvStatus::NeedsReauthorization),
        ];
        let plain = table(&lines, false);
        assert!(!plain.contains('\x1b'), "{plain}");
        assert!(
            !plain.contains("SIGNED IN AS"),
            "empty optional columns are left out"
        );
        let coloured = table(&lines, true);
        assert!(
            coloured.contains("\x1b[32mconnected\x1b[0m"),
            "{coloured:?}"
        );
        assert!(coloured.contains("\x1b[31mneeds-reauthorization\x1b[0m"));
        let strip = |s: &str| {
            s.replace("\x1b[32m", "")
                .replace("\x1b[31m", "")
                .replace("\x1b[0m", "")
        };
        assert_eq!(strip(&coloured), plain, "the same layout");
    }

    #[test]
    fn times_read_as_how_long_from_now() {
        let now = OffsetDateTime::UNIX_EPOCH + time::Duration::days(100);
        assert_eq!(relative(now + time::Duration::hours(50), now), "in 2 days");
        assert_eq!(
            relative(now - time::Duration::minutes(5), now),
            "5 minutes ago"
        );
    }
}
