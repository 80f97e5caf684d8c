//! Lengths of time as people type them: `90` or `90s`, `15m`, `2h`, `1d`, `2w`.

use std::time::Duration;

/// `text` as a length of time: a whole number of seconds, or one with a unit (s, m, h, d or
/// w); `None` when it is not one.
pub(super) fn parse(text: &str) -> Option<Duration> {
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
    let number = number.parse::<u64>().ok()?;
    Some(Duration::from_secs(number.saturating_mul(scale)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_with_a_unit() {
        assert_eq!(parse("90"), Some(Duration::from_secs(90)));
        assert_eq!(parse("30m"), Some(Duration::from_secs(1800)));
        assert_eq!(parse("12h"), Some(Duration::from_secs(43_200)));
        assert_eq!(parse("1d"), Some(Duration::from_secs(86_400)));
        assert_eq!(parse("2w"), Some(Duration::from_secs(1_209_600)));
        for bad in ["", "m", "15 m", "-5m", "1.5h", "1y", "1dd"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
