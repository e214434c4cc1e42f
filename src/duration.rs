//! Durations as kubectl users type them: Go's `1m30s`, `500ms`, `2h`
//! (parsed by kube-rs's `kube::core::Duration`, the Go format), or a bare
//! number of seconds as kubectl's `--request-timeout` accepts.

use std::time::Duration;

/// The longest duration any flag accepts: a year. Longer values are usage
/// errors rather than instants that overflow when added to the clock.
pub const MAX: Duration = Duration::from_secs(366 * 24 * 3600);

/// Parses a flag value into a duration of at most [`MAX`]; negative,
/// malformed or longer values are errors that say what is accepted (clap
/// turns them into usage errors, exit 2).
pub fn parse_duration(input: &str) -> Result<Duration, String> {
    let s = input.trim();
    let bad = || {
        format!(
            "invalid duration {input:?}: use a number with a unit, e.g. 30s, 5m, 1h30m, at most \
             {}h",
            MAX.as_secs() / 3600
        )
    };
    if s.is_empty() || s.starts_with(['-', '+']) {
        return Err(bad());
    }
    // Digits only: seconds. More than 12 digits in any number is far above
    // MAX in any unit, and kube's parser would overflow multiplying it.
    let longest_number = s
        .split(|c: char| !c.is_ascii_digit())
        .map(str::len)
        .max()
        .unwrap_or(0);
    if longest_number > 12 {
        return Err(bad());
    }
    let d = match s.parse::<u64>() {
        Ok(secs) => Duration::from_secs(secs),
        Err(_) => s
            .parse::<kube::core::Duration>()
            .map(Duration::from)
            .map_err(|_| bad())?,
    };
    if d > MAX {
        return Err(bad());
    }
    Ok(d)
}

/// Short human form, as kubectl prints ages: `45s`, `12m`, `3h4m`, `5d`.
pub fn human(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..=119 => format!("{s}s"),
        120..=599 => format!("{}m{}s", s / 60, s % 60),
        600..=10799 => format!("{}m", s / 60),
        10800..=86399 => format!("{}h{}m", s / 3600, (s % 3600) / 60),
        86400..=863999 => format!("{}d{}h", s / 86400, (s % 86400) / 3600),
        _ => format!("{}d", s / 86400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_go_and_bare_forms() {
        assert_eq!(parse_duration("30").unwrap(), Duration::from_secs(30));
        assert_eq!(parse_duration("30s").unwrap(), Duration::from_secs(30));
        assert_eq!(parse_duration("1m30s").unwrap(), Duration::from_secs(90));
        assert_eq!(parse_duration("2h").unwrap(), Duration::from_secs(7200));
        assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_duration("1.5s").unwrap(), Duration::from_millis(1500));
        assert_eq!(parse_duration("0").unwrap(), Duration::ZERO);
    }

    #[test]
    fn rejects_garbage() {
        for s in [
            "",
            "s",
            "10x",
            "1m30",
            "-5s",
            "abc",
            "1..2s",
            "9223372036854775807",
            "18446744073709551616s",
            "18446744073709551615",
            "367d",
            "9000h",
            "99999999999999999999999h",
        ] {
            assert!(parse_duration(s).is_err(), "{s} should be rejected");
        }
    }

    #[test]
    fn humanizes_like_kubectl() {
        assert_eq!(human(Duration::from_secs(45)), "45s");
        assert_eq!(human(Duration::from_secs(150)), "2m30s");
        assert_eq!(human(Duration::from_secs(900)), "15m");
        assert_eq!(human(Duration::from_secs(4 * 3600 + 120)), "4h2m");
        assert_eq!(human(Duration::from_secs(2 * 86400 + 3600)), "2d1h");
        assert_eq!(human(Duration::from_secs(30 * 86400)), "30d");
    }
}
