//! Kubernetes resource quantities ("10Gi", "500M", "1.5Ti") compared exactly.

use std::cmp::Ordering;

/// A quantity in thousandths of its base unit, exact for every storage size
/// and CPU value users write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Milli(pub i128);

pub fn parse(q: &str) -> Result<Milli, String> {
    let bad = || {
        format!(
            "invalid quantity {q:?}: expected a number with an optional unit like 10Gi, 500Mi or 1T"
        )
    };
    let s = q.trim();
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-'))
        .unwrap_or(s.len());
    let (num, suffix) = s.split_at(split);
    if num.is_empty() || num == "+" || num == "-" {
        return Err(bad());
    }
    let (neg, digits) = match num.as_bytes()[0] {
        b'-' => (true, &num[1..]),
        b'+' => (false, &num[1..]),
        _ => (false, num),
    };
    let (int_part, frac_part) = digits.split_once('.').unwrap_or((digits, ""));
    if (int_part.is_empty() && frac_part.is_empty())
        || !int_part.bytes().all(|b| b.is_ascii_digit())
        || !frac_part.bytes().all(|b| b.is_ascii_digit())
        || int_part.len() + frac_part.len() > 30
    {
        return Err(bad());
    }
    // value = mantissa / 10^scale
    let mantissa: i128 = format!("{int_part}{frac_part}").parse().unwrap_or(0);
    let scale = frac_part.len() as u32;
    let (mul, div): (i128, i128) = match suffix {
        "" => (1000, 1),
        "m" => (1, 1),
        "k" => (1000i128.pow(2), 1),
        "M" => (1000i128.pow(3), 1),
        "G" => (1000i128.pow(4), 1),
        "T" => (1000i128.pow(5), 1),
        "P" => (1000i128.pow(6), 1),
        "E" => (1000i128.pow(7), 1),
        "Ki" => (1000 * 1024i128, 1),
        "Mi" => (1000 * 1024i128.pow(2), 1),
        "Gi" => (1000 * 1024i128.pow(3), 1),
        "Ti" => (1000 * 1024i128.pow(4), 1),
        "Pi" => (1000 * 1024i128.pow(5), 1),
        "Ei" => (1000 * 1024i128.pow(6), 1),
        s if s.starts_with(['e', 'E']) => {
            let exp: i32 = s[1..].parse().map_err(|_| bad())?;
            if !(-3..=18).contains(&exp) {
                return Err(bad());
            }
            if exp >= -3 {
                (10i128.pow((exp + 3) as u32), 1)
            } else {
                (1, 10i128.pow((-exp - 3) as u32))
            }
        }
        _ => return Err(bad()),
    };
    let v = mantissa
        .checked_mul(mul)
        .ok_or_else(bad)?
        .checked_div(10i128.pow(scale) * div)
        .ok_or_else(bad)?;
    Ok(Milli(if neg { -v } else { v }))
}

/// Compares two quantities; `None` when either does not parse.
pub fn compare(a: &str, b: &str) -> Option<Ordering> {
    Some(parse(a).ok()?.cmp(&parse(b).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(q: &str) -> i128 {
        parse(q).unwrap().0 / 1000
    }

    #[test]
    fn binary_and_decimal_suffixes() {
        assert_eq!(bytes("1Gi"), 1 << 30);
        assert_eq!(bytes("1G"), 1_000_000_000);
        assert_eq!(bytes("1.5Gi"), 3 << 29);
        assert_eq!(bytes("10Mi"), 10 << 20);
        assert_eq!(bytes("100"), 100);
        assert_eq!(bytes("1e3"), 1000);
        assert_eq!(parse("500m").unwrap(), Milli(500));
    }

    #[test]
    fn compares_across_units() {
        assert_eq!(compare("1Gi", "1024Mi"), Some(Ordering::Equal));
        assert_eq!(compare("1G", "1Gi"), Some(Ordering::Less));
        assert_eq!(compare("2Gi", "1.5Gi"), Some(Ordering::Greater));
        assert_eq!(compare("1Gi", "bogus"), None);
    }

    #[test]
    fn rejects_malformed() {
        for q in ["", "Gi", "1.2.3Gi", "1Gb", "abc", "1 Gi", "--1"] {
            assert!(parse(q).is_err(), "{q}");
        }
    }
}
