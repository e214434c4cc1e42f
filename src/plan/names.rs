//! How the StatefulSet controller names things, and reading ordinals back
//! out of names. Exact rules: `<sts>-<ordinal>` for pods and
//! `<template>-<sts>-<ordinal>` for claims, ordinal in canonical decimal.

/// The pod of `ordinal` in StatefulSet `sts`.
pub fn pod_name(sts: &str, ordinal: i32) -> String {
    format!("{sts}-{ordinal}")
}

/// The claim of `ordinal` from claim template `template` of StatefulSet `sts`.
pub fn pvc_name(template: &str, sts: &str, ordinal: i32) -> String {
    format!("{template}-{sts}-{ordinal}")
}

/// The ordinal of a pod of `sts`, if `name` is one.
pub fn pod_ordinal(name: &str, sts: &str) -> Option<i32> {
    parse_ordinal(name.strip_prefix(sts)?.strip_prefix('-')?)
}

/// The ordinal of a claim from `template` of `sts`, if `name` is one.
pub fn pvc_ordinal(name: &str, template: &str, sts: &str) -> Option<i32> {
    let rest = name.strip_prefix(template)?.strip_prefix('-')?;
    pod_ordinal(rest, sts)
}

/// A canonical non-negative decimal that fits an i32: "0", "7", "12";
/// not "07", "+1", "-1" or "1a". Canonical form matters: "web-01" is not
/// the pod of ordinal 1.
fn parse_ordinal(s: &str) -> Option<i32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || (s.len() > 1 && s.starts_with('0'))
    {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        assert_eq!(pod_ordinal(&pod_name("web", 12), "web"), Some(12));
        assert_eq!(
            pvc_ordinal(&pvc_name("data", "web", 3), "data", "web"),
            Some(3)
        );
    }

    #[test]
    fn names_with_dashes_do_not_confuse_prefixes() {
        // "web-0" is also the name of another StatefulSet whose pods are "web-0-N".
        assert_eq!(pod_ordinal("web-0-1", "web"), None);
        assert_eq!(pod_ordinal("web-0-1", "web-0"), Some(1));
        assert_eq!(pvc_ordinal("data-web-0-1", "data", "web"), None);
        assert_eq!(pvc_ordinal("data-web-0-1", "data", "web-0"), Some(1));
        // Template "data-web" with set "x" vs template "data" with set "web-x".
        assert_eq!(pvc_ordinal("data-web-x-2", "data", "web-x"), Some(2));
        assert_eq!(pvc_ordinal("data-web-x-2", "data-web", "x"), Some(2));
        assert_eq!(pvc_ordinal("data-web-x-2", "data", "web"), None);
    }

    #[test]
    fn only_canonical_ordinals() {
        for bad in [
            "web-",
            "web-01",
            "web-+1",
            "web--1",
            "web-1a",
            "web-99999999999",
            "webx-1",
        ] {
            assert_eq!(pod_ordinal(bad, "web"), None, "{bad}");
        }
        assert_eq!(pod_ordinal("web-0", "web"), Some(0));
    }
}
