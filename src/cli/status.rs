//! `tether status`: every connection in every environment at a glance, and exit 3 when an
//! environment checked (`--env`, else development) is not connected.

use clap::Args;
use serde::Serialize;
use time::OffsetDateTime;

use crate::cli::output::{self, Column, IdentityJson, rfc3339};
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

pub(super) fn run(ctx: &Context, _args: &StatusArgs) -> Result<()> {
    let window = crate::expiry::window()?;
    let now = ctx.now();
    let mut checked = ctx.envs();
    if checked.is_empty() {
        checked.push(ctx.env()?);
    }
    let color = output::color();
    // `--json` streams its rows; `ready` comes after them, once it is known.
    let mut json = ctx.json.then(output::JsonObject::start);
    if let Some(json) = &mut json {
        json.field("checked_environments", &checked)?;
        json.array("connections")?;
    }
    let mut lines = Vec::new();
    let mut expiring: Vec<String> = Vec::new();
    let mut expiring_total = 0usize;
    let not_ready = status::each_row(&ctx.paths, now, window, &checked, |row| {
        if row.status == EnvStatus::Expiring {
            expiring_total += 1;
            if let Some(warning) = warning(row, now) {
                expiring.push(warning);
            }
        }
        match &mut json {
            Some(json) => json.push(&RowJson::of(row))?,
            None => lines.push(cells(row, now, color)),
        }
        Ok(())
    })?;
    if let Some(mut json) = json {
        json.field("ready", &not_ready.is_none())?;
        json.finish()?;
    } else if lines.is_empty() {
        ctx.ui().notice(
            "no connections yet; create one with `tether connection create LINK --connector ID`",
        );
    } else {
        output::page(&table(lines))?;
    }
    warn(ctx, &expiring, expiring_total);
    match not_ready {
        Some(e) => Err(e.into()),
        None => Ok(()),
    }
}

/// The warning for an expiring row (whose refresh token or key lapses within the window), the
/// first time its account comes up.
fn warning(row: &Row<'_>, now: OffsetDateTime) -> Option<String> {
    let facts = row.account?;
    let lapse = facts.lapse?;
    crate::expiry::first_in_process(&facts.id)
        .then(|| crate::expiry::warning(&facts.label, row.link, row.env, lapse, now))
}

/// Says once on stderr what expires soon: the first few, and how many more.
fn warn(ctx: &Context, expiring: &[String], total: usize) {
    const SHOWN: usize = 5;
    for warning in expiring.iter().take(SHOWN) {
        ctx.ui().notice(warning);
    }
    let more = total.saturating_sub(expiring.len().min(SHOWN));
    if more > 0 {
        ctx.ui().notice(&format!(
            "warning: {more} more environments are expiring (state `expiring` above)"
        ));
    }
}

/// The table's columns; those that identify a row stay, the others go from the least
/// important when the terminal is narrow.
const COLUMNS: [Column<'static>; 9] = [
    Column::new("LINK", 0),
    Column::new("ENVIRONMENT", 0),
    Column::new("STATE", 1),
    Column::new("ACCOUNT", 2),
    Column::new("SIGNED IN AS", 5),
    Column::new("EXPIRES", 3),
    Column::new("REFRESH EXPIRES", 4),
    Column::new("LAST REFRESH", 7),
    Column::new("MISSING SCOPES", 6),
];

/// Columns shown only when some row has a value in them.
const OPTIONAL: [usize; 4] = [4, 6, 7, 8];

fn cells(row: &Row<'_>, now: OffsetDateTime, color: bool) -> Vec<String> {
    let none = || "-".to_owned();
    let facts = row.account;
    let when = |at: Option<OffsetDateTime>| at.map_or_else(none, |at| output::relative(at, now));
    let missing = facts.map(Facts::missing_scopes).unwrap_or_default();
    vec![
        row.link.to_owned(),
        row.env.to_string(),
        output::state(row.status, color),
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

/// The rows under [`COLUMNS`], fitted to the terminal; optional columns that are empty in
/// every row are left out.
fn table(mut rows: Vec<Vec<String>>) -> String {
    let shown: Vec<usize> = (0..COLUMNS.len())
        .filter(|i| !OPTIONAL.contains(i) || rows.iter().any(|r| r[*i] != "-"))
        .collect();
    let columns: Vec<Column> = shown.iter().map(|&i| COLUMNS[i]).collect();
    for row in &mut rows {
        // Cells move: a listing of any length is held once.
        *row = std::mem::take(row)
            .into_iter()
            .enumerate()
            .filter_map(|(i, cell)| shown.contains(&i).then_some(cell))
            .collect();
    }
    output::table_of(&columns, &rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(link: &str, status: EnvStatus) -> Vec<String> {
        let mut cells = vec!["-".to_owned(); COLUMNS.len()];
        cells[0] = link.to_owned();
        cells[1] = "development".to_owned();
        cells[2] = output::state(status, false);
        cells
    }

    #[test]
    fn empty_optional_columns_are_left_out() {
        let mut rows = vec![
            row("a", EnvStatus::Connected),
            row("bb", EnvStatus::NeedsReauthorization),
        ];
        let plain = table(rows.clone());
        assert!(!plain.contains("SIGNED IN AS"), "{plain}");
        assert!(plain.contains("EXPIRES"), "{plain}");
        rows[1][4] = "bob@example.com".to_owned();
        assert!(table(rows).contains("SIGNED IN AS"));
    }
}
