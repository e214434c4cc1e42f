//! A LabelSelector through kube-rs's own `Selector`: the `labelSelector`
//! query string of a LIST, and whether it selects a set of labels (the
//! API server's rules: an empty selector selects everything).

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use kube::core::{Selector, SelectorExt};

/// Matches no object: used for a selector kube-rs cannot parse (an unknown
/// operator), so that a LIST finds nothing rather than everything and every
/// decision based on it errs on the safe side (e.g. "pods missing").
const NOTHING: &str = "kubectl-sts.io/unparsable-selector,!kubectl-sts.io/unparsable-selector";

/// `app=web,tier in (cache,db),!legacy`; empty for an empty selector.
pub fn to_query(sel: &LabelSelector) -> String {
    Selector::try_from(sel.clone()).map_or_else(|_| NOTHING.to_string(), |s| s.to_string())
}

/// Whether `sel` selects an object with `labels`; `None` selects nothing
/// (a PodDisruptionBudget without a selector covers no pod).
pub fn selects(sel: Option<&LabelSelector>, labels: Option<&BTreeMap<String, String>>) -> bool {
    let empty = BTreeMap::new();
    sel.is_some_and(|s| {
        Selector::try_from(s.clone()).is_ok_and(|s| s.matches(labels.unwrap_or(&empty)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelectorRequirement;

    fn req(key: &str, op: &str, values: &[&str]) -> LabelSelectorRequirement {
        LabelSelectorRequirement {
            key: key.into(),
            operator: op.into(),
            values: (!values.is_empty()).then(|| values.iter().map(|v| v.to_string()).collect()),
        }
    }

    #[test]
    fn labels_and_expressions() {
        let sel = LabelSelector {
            match_labels: Some([("app".to_string(), "web".to_string())].into()),
            match_expressions: Some(vec![
                req("tier", "In", &["db", "cache"]),
                req("legacy", "DoesNotExist", &[]),
            ]),
        };
        assert_eq!(to_query(&sel), "app=web,tier in (cache,db),!legacy");
        assert_eq!(to_query(&LabelSelector::default()), "");
        let bad = LabelSelector {
            match_expressions: Some(vec![req("x", "Near", &["y"])]),
            ..Default::default()
        };
        assert_eq!(to_query(&bad), NOTHING);
    }

    #[test]
    fn selection_follows_the_api_server() {
        let labels: BTreeMap<String, String> = [("app", "web"), ("tier", "db")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let with = |exprs: Vec<LabelSelectorRequirement>| LabelSelector {
            match_labels: Some([("app".to_string(), "web".to_string())].into()),
            match_expressions: Some(exprs),
        };
        let cases = [
            (Some(LabelSelector::default()), true, "empty selects all"),
            (None, false, "no selector selects none"),
            (Some(with(vec![])), true, "matchLabels"),
            (Some(with(vec![req("tier", "In", &["db"])])), true, "In"),
            (
                Some(with(vec![req("tier", "NotIn", &["db"])])),
                false,
                "NotIn",
            ),
            (
                Some(with(vec![req("zone", "Exists", &[])])),
                false,
                "Exists",
            ),
            (
                Some(with(vec![req("zone", "DoesNotExist", &[])])),
                true,
                "DoesNotExist",
            ),
            (
                Some(with(vec![req("tier", "Near", &["db"])])),
                false,
                "bad operator",
            ),
        ];
        for (sel, want, what) in cases {
            assert_eq!(selects(sel.as_ref(), Some(&labels)), want, "{what}");
        }
    }
}
