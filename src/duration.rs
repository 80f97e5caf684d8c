//! Lengths of time as people type them: `90` or `90s`, `15m`, `2h`, `1d`, `2w`.

use std::time::Duration;

/// Seconds, minutes and hours: the units of lengths shorter than a day.
pub(super) const UP_TO_HOURS: &str = "smh";
/// Every unit, weeks included.
pub(super) const UP_TO_WEEKS: &str = "smhdw";

/// `text` as a length of time: a whole number of seconds, or one with one of `units` (s, m,
/// h, d, w); `None` when it is not one.
pub(super) fn parse(text: &str, units: &str) -> Option<Duration> {
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => text.split_at(i),
        None => (text, "s"),
    };
    let scale: u64 = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 7 * 86_400,
        _ => return None,
    };
    if !units.contains(unit) {
        return None;
    }
    let number = number.parse::<u64>().ok()?;
    Some(Duration::from_secs(number.saturating_mul(scale)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_with_a_unit() {
        let all = UP_TO_WEEKS;
        assert_eq!(parse("90", all), Some(Duration::from_secs(90)));
        assert_eq!(parse("30m", all), Some(Duration::from_secs(1800)));
        assert_eq!(parse("12h", all), Some(Duration::from_secs(43_200)));
        assert_eq!(parse("1d", all), Some(Duration::from_secs(86_400)));
        assert_eq!(parse("2w", all), Some(Duration::from_secs(1_209_600)));
        for bad in ["", "m", "15 m", "-5m", "1.5h", "1y", "1dd"] {
            assert_eq!(parse(bad, all), None, "{bad}");
        }
        assert_eq!(parse("2h", UP_TO_HOURS), Some(Duration::from_secs(7200)));
        assert_eq!(parse("1d", UP_TO_HOURS), None);
    }
}
