//! How far ahead a refresh token that is known to expire is announced: the warning window,
//! `TETHER_EXPIRY_WARNING` (`7d` by default), and the once-a-day notice that `token`, `exec`
//! and the other credential commands give on stderr while one is inside it.

use std::sync::{Mutex, OnceLock};
use std::time::{Duration as StdDuration, SystemTime};

use time::{Duration, OffsetDateTime};

use crate::context::Context;
use crate::environment::Environment;
use crate::usage::UsageError;

/// The variable that sets the window: `7d`, `36h`, `90m`, `0` (no warnings).
pub(crate) const VAR: &str = "TETHER_EXPIRY_WARNING";

/// A week: long enough to reauthorize before a weekend and a holiday.
pub(crate) const DEFAULT: Duration = Duration::days(7);

/// How often the same expiring account is announced by the credential commands: a script that
/// calls `tether token` in a loop would otherwise repeat the warning on every call.
const REPEAT_AFTER: StdDuration = StdDuration::from_secs(24 * 3600);

/// The warning window of this process: `TETHER_EXPIRY_WARNING`, else [`DEFAULT`]. Read once.
pub(crate) fn window() -> Result<Duration, UsageError> {
    static WINDOW: OnceLock<Result<Duration, String>> = OnceLock::new();
    let read = WINDOW.get_or_init(|| match std::env::var(VAR) {
        Err(_) => Ok(DEFAULT),
        Ok(text) if text.trim().is_empty() => Ok(DEFAULT),
        Ok(text) => parse(&text).ok_or_else(|| crate::sanitize::for_terminal(&text)),
    });
    read.clone()
        .map_err(|value| UsageError::BadExpiryWarning { value })
}

/// The window, or [`DEFAULT`] when the variable cannot be read (commands that only warn
/// go on; `status` reports the bad value).
#[must_use]
pub(crate) fn window_or_default() -> Duration {
    window().unwrap_or(DEFAULT)
}

/// `7d`, `36h`, `90m`, `600s`, or a bare number of days.
#[must_use]
pub(crate) fn parse(text: &str) -> Option<Duration> {
    let length = crate::duration::parse_in(text.trim(), "smhd", "d")?;
    let window = Duration::try_from(length).ok()?;
    // A window past ten years would warn about everything that expires at all.
    (window <= Duration::days(3650)).then_some(window)
}

/// `in 3 days`, `in 5 hours`, `in 12 minutes`: how soon `at` comes.
#[must_use]
pub(crate) fn how_soon(at: OffsetDateTime, now: OffsetDateTime) -> String {
    let left = at - now;
    let (n, unit) = if left >= Duration::days(2) {
        (left.whole_days(), "day")
    } else if left >= Duration::hours(2) {
        (left.whole_hours(), "hour")
    } else {
        (left.whole_minutes().max(1), "minute")
    };
    format!("in {n} {unit}{}", if n == 1 { "" } else { "s" })
}

/// The warning for the account labelled `label`, serving `link` in `env`, whose refresh
/// token expires `at`.
#[must_use]
pub(crate) fn warning(
    label: &str,
    link: &str,
    env: Environment,
    at: OffsetDateTime,
    now: OffsetDateTime,
) -> String {
    // An unnamed account (`LINK@ENV`) cannot be named by `--account`.
    let name = if label.contains('@') { "NAME" } else { label };
    format!(
        "warning: the refresh token of account `{label}` (`{link}` in {env}) expires {} ({}); \
         run `tether connection reauthorize {link} --env {env} --account {name}` before then",
        how_soon(at, now),
        crate::ui::rfc3339(at),
    )
}

/// Says once on stderr, through the ui, that the refresh token of the account `id`
/// (labelled `label`, serving `link` in `env`) expires `at`: once per process, and at most
/// once a day per account (a marker in the cache directory remembers the last time), since
/// scripts call `tether token` over and over.
pub(crate) fn warn_once(
    ctx: &Context,
    id: &str,
    label: &str,
    link: &str,
    env: Environment,
    at: OffsetDateTime,
) {
    if !first_in_process(id) || !due_today(ctx, id) {
        return;
    }
    ctx.ui().notice(&warning(label, link, env, at, ctx.now()));
}

/// Whether `id` was not announced yet by this process (and is now).
pub(crate) fn first_in_process(id: &str) -> bool {
    static SAID: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let mut said = SAID
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if said.iter().any(|s| s == id) {
        return false;
    }
    said.push(id.to_owned());
    true
}

/// Whether the daily warning for account `id` is due, marking it given when it is. A marker
/// that cannot be read or written never silences a warning, nor fails the command.
fn due_today(ctx: &Context, id: &str) -> bool {
    let marker = ctx.paths.cache_dir().join(format!("expiry-warned-{id}"));
    let recent = crate::safe_fs::modified(&marker)
        .ok()
        .flatten()
        .and_then(|at| SystemTime::now().duration_since(at).ok())
        .is_some_and(|age| age < REPEAT_AFTER);
    if recent {
        return false;
    }
    let _ = crate::safe_fs::write_cache(&marker, |_| Ok(()));
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_read_in_days_hours_minutes_or_seconds() {
        assert_eq!(parse("7d"), Some(Duration::days(7)));
        assert_eq!(parse("14"), Some(Duration::days(14)));
        assert_eq!(parse(" 36h "), Some(Duration::hours(36)));
        assert_eq!(parse("90m"), Some(Duration::minutes(90)));
        assert_eq!(parse("0"), Some(Duration::ZERO));
        for bad in ["", "d", "-1d", "7w", "1.5d", "99999d"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn how_soon_rounds_down_to_the_largest_unit() {
        let now = OffsetDateTime::UNIX_EPOCH;
        assert_eq!(how_soon(now + Duration::hours(80), now), "in 3 days");
        assert_eq!(how_soon(now + Duration::minutes(150), now), "in 2 hours");
        assert_eq!(how_soon(now + Duration::seconds(20), now), "in 1 minute");
    }

    #[test]
    fn an_account_is_announced_once_per_process() {
        assert!(first_in_process("0a0a"));
        assert!(!first_in_process("0a0a"));
        assert!(first_in_process("0b0b"));
    }
}
