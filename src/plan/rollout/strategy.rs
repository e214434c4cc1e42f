//! Which update strategies a partition operation applies to: only
//! RollingUpdate has a partition.

use k8s_openapi::api::apps::v1::StatefulSet;

use crate::plan::set::{Strategy, strategy};

/// Refuses a partition operation (`verb`: `--partition`, `pause`, `resume`,
/// `canary`) on a set whose update strategy has no partition (OnDelete,
/// Recreate, an unknown type): writing one would change nothing the user
/// expects. The text names the strategy, the set and what to do instead.
pub fn require_partition(set: &StatefulSet, verb: &str) -> Result<(), String> {
    let s = strategy(set);
    if s.has_partition() {
        return Ok(());
    }
    let name = set.metadata.name.as_deref().unwrap_or_default();
    let ns = set.metadata.namespace.as_deref().unwrap_or("default");
    let why = match s {
        Strategy::OnDelete => {
            "pods update only when deleted. See which pods run the old revision with: \
             kubectl sts rollout status NAME -n NS"
        }
        Strategy::Recreate => {
            "the controller replaces every pod at once when the template changes (Kubernetes \
             1.37 alpha, feature gate StatefulSetRecreateStrategy). To roll out one pod at a \
             time, switch the set to RollingUpdate first: kubectl patch statefulset NAME -n NS \
             -p '{\"spec\":{\"updateStrategy\":{\"type\":\"RollingUpdate\"}}}'"
        }
        _ => {
            "kubectl-sts does not know this strategy. Check spec.updateStrategy of the set, \
             or follow the rollout with: kubectl sts rollout status NAME -n NS"
        }
    };
    Err(format!(
        "rollout {verb} refused: statefulset {name} in namespace {ns} uses updateStrategy {}, \
         which has no partition: {}",
        s.name(),
        why.replace("NAME", name).replace("NS", ns)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::fixtures::sts;
    use k8s_openapi::api::apps::v1::StatefulSetUpdateStrategy;

    fn with(kind: Option<&str>) -> StatefulSet {
        let mut s = sts("web", 3, &[]);
        s.metadata.namespace = Some("shop".into());
        s.spec.update_strategy = Some(StatefulSetUpdateStrategy {
            type_: kind.map(str::to_string),
            rolling_update: None,
        });
        s
    }

    #[test]
    fn only_rolling_update_has_a_partition() {
        let cases = [
            (None, None),
            (Some("RollingUpdate"), None),
            (Some("OnDelete"), Some("pods update only when deleted")),
            (
                Some("Recreate"),
                Some("switch the set to RollingUpdate first"),
            ),
            (Some("Surge"), Some("does not know this strategy")),
        ];
        for (kind, want) in cases {
            let got = require_partition(&with(kind), "canary");
            match want {
                None => assert_eq!(got, Ok(()), "{kind:?}"),
                Some(w) => {
                    let m = got.unwrap_err();
                    assert!(m.contains(w), "{kind:?}: {m}");
                    assert!(m.contains("rollout canary refused"), "{m}");
                    assert!(
                        m.contains(&format!("updateStrategy {}", kind.unwrap())),
                        "{m}"
                    );
                    assert!(m.contains("statefulset web in namespace shop"), "{m}");
                    assert!(!m.contains("NAME") && !m.contains(" NS"), "{m}");
                    assert!(!m.contains("  "), "one sentence, single spaces: {m}");
                }
            }
        }
    }
}
