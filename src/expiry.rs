//! How far ahead a refresh token or a key that is known to expire is announced: the warning
//! window, `TETHER_EXPIRY_WARNING` (`7d` by default), and the once-a-day notice that `token`,
//! `exec` and the other credential commands give on stderr while one is inside it; and when a
//! key expires, as `--expires` gives it.

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

/// When an API key or password stops working, as the person gives it with `--expires`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyExpiry {
    /// A length of time from now.
    After(StdDuration),
    At(OffsetDateTime),
}

impl KeyExpiry {
    /// `90d`, `12w`, `36h` (a bare number counts days), a date (`2027-03-31`, its start in
    /// UTC) or an RFC 3339 time.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if let Some(length) = crate::duration::parse_in(text, crate::duration::UP_TO_WEEKS, "d") {
            return Ok(Self::After(length));
        }
        let date = time::macros::format_description!("[year]-[month]-[day]");
        if let Ok(day) = time::Date::parse(text, date) {
            return Ok(Self::At(day.midnight().assume_utc()));
        }
        OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
            .map(Self::At)
            .map_err(|_| {
                format!(
                    "`{}` is neither a date (2027-03-31), an RFC 3339 time nor a length of time (90d, 12w)",
                    crate::sanitize::for_terminal(text)
                )
            })
    }

    /// The time it names, seen from `now`.
    #[must_use]
    pub fn at(self, now: OffsetDateTime) -> OffsetDateTime {
        match self {
            Self::After(length) => Duration::try_from(length)
                .ok()
                .and_then(|length| now.checked_add(length))
                .unwrap_or(time::PrimitiveDateTime::MAX.assume_utc()),
            Self::At(at) => at,
        }
    }
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

/// The warning for the account labelled `label`, serving `link` in `env`, whose `lapse`
/// expires `at`.
#[must_use]
pub(crate) fn warning(
    label: &str,
    link: &str,
    env: Environment,
    lapse: Lapse,
    now: OffsetDateTime,
) -> String {
    // An unnamed account (`LINK@ENV`) cannot be named by `--account`.
    let name = if label.contains('@') { "NAME" } else { label };
    let (what, at, new_key) = match lapse {
        Lapse::RefreshToken(at) => ("refresh token", at, ""),
        Lapse::Key(at) => ("key", at, " with a new key"),
    };
    format!(
        "warning: the {what} of account `{label}` (`{link}` in {env}) expires {} ({}); \
         run `tether connection reauthorize {link} --env {env} --account {name}`{new_key} before then",
        how_soon(at, now),
        crate::ui::rfc3339(at),
    )
}

/// What of an account stops working, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lapse {
    /// The OAuth2 refresh token, when the provider said.
    RefreshToken(OffsetDateTime),
    /// The API key or password, when the person said (`--expires`).
    Key(OffsetDateTime),
}

impl Lapse {
    #[must_use]
    pub fn at(self) -> OffsetDateTime {
        match self {
            Self::RefreshToken(at) | Self::Key(at) => at,
        }
    }
}

/// Says once on stderr, through the ui, that `lapse` of the account `id` (labelled `label`,
/// serving `link` in `env`) comes soon: once per process, and at most
/// once a day per account (a marker in the cache directory remembers the last time), since
/// scripts call `tether token` over and over.
pub(crate) fn warn_once(
    ctx: &Context,
    id: &str,
    label: &str,
    link: &str,
    env: Environment,
    lapse: Lapse,
) {
    if !first_in_process(id) || !due_today(ctx, id) {
        return;
    }
    ctx.ui()
        .notice(&warning(label, link, env, lapse, ctx.now()));
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
    fn a_key_expires_at_a_date_a_time_or_after_a_length_of_time() {
        let now = OffsetDateTime::UNIX_EPOCH;
        let at = |text: &str| KeyExpiry::parse(text).map(|e| e.at(now));
        assert_eq!(at("90d"), Ok(now + Duration::days(90)));
        assert_eq!(at("30"), Ok(now + Duration::days(30)));
        assert_eq!(at("2w"), Ok(now + Duration::weeks(2)));
        assert_eq!(
            at("2027-03-31").unwrap(),
            time::macros::datetime!(2027-03-31 0:00 UTC)
        );
        assert_eq!(
            at("2027-03-31T12:30:00+02:00").unwrap(),
            time::macros::datetime!(2027-03-31 10:30 UTC)
        );
        for bad in ["", "soon", "2027-13-01", "1y", "31/03/2027"] {
            assert!(KeyExpiry::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_account_is_announced_once_per_process() {
        assert!(first_in_process("0a0a"));
        assert!(!first_in_process("0a0a"));
        assert!(first_in_process("0b0b"));
    }
}
