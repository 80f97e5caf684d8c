//! Lengths of time as people type them: `90s`, `15m`, `2h`, `1d`, `2w`, or a bare number in
//! the unit the setting counts in.

use std::time::Duration;

/// Seconds, minutes and hours: the units of lengths shorter than a day.
pub(crate) const UP_TO_HOURS: &str = "smh";
/// Every unit, weeks included.
pub(crate) const UP_TO_WEEKS: &str = "smhdw";

/// `text` as a length of time: a whole number with one of `units` (s, m, h, d, w), or a bare
/// one counted in `bare`; `None` when it is not one.
pub(crate) fn parse_in(text: &str, units: &str, bare: &'static str) -> Option<Duration> {
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => text.split_at(i),
        None => (text, bare),
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

/// [`parse_in`] with a bare number counted in seconds.
pub(crate) fn parse(text: &str, units: &str) -> Option<Duration> {
    parse_in(text, units, "s")
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
