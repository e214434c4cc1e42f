//! The forced-rollback trap (kubernetes#67250, also #60164, #109597): with
//! OrderedReady, the controller waits for a broken pod to become Ready before
//! it does anything else, so a pod broken by a bad template is never
//! replaced, even after the template is reverted. Someone must delete it;
//! this decides which pods those are.

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::Pod;

use super::pod::{failing, is_ready, ordinal_of, pod_state, revision};
use super::set::live_ordinals;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenPod {
    pub name: String,
    pub uid: String,
    pub ordinal: i32,
    /// The revision it runs (not the update revision).
    pub revision: String,
    pub reason: String,
}

/// Pods that block an OrderedReady StatefulSet from reaching its update
/// revision: in the updatable range (at or above the partition), at another
/// revision than `updateRevision`, not Ready (or failing), not terminating.
/// Deleting them lets the controller recreate them at the update revision.
/// Empty for Parallel sets (the controller replaces such pods itself) and
/// for OnDelete (deleting is the user's rollout there, not a trap).
pub fn blocking_broken_pods(set: &StatefulSet, pods: &[&Pod]) -> Vec<BrokenPod> {
    let spec = &set.spec;
    if spec
        .pod_management_policy
        .as_deref()
        .unwrap_or("OrderedReady")
        != "OrderedReady"
    {
        return vec![];
    }
    let strategy = spec.update_strategy.as_ref();
    if strategy
        .and_then(|s| s.type_.as_deref())
        .unwrap_or("RollingUpdate")
        != "RollingUpdate"
    {
        return vec![];
    }
    let Some(update_rev) = set
        .status
        .as_ref()
        .and_then(|s| s.update_revision.as_deref())
    else {
        return vec![];
    };
    let partition = strategy
        .and_then(|s| s.rolling_update.as_ref())
        .and_then(|r| r.partition)
        .unwrap_or(0);
    let live = live_ordinals(set);
    let first_updatable = live.start.saturating_add(partition.max(0));
    let mut out: Vec<BrokenPod> = pods
        .iter()
        .filter_map(|p| {
            let ord = ordinal_of(set, p)?;
            let rev = revision(p)?;
            let broken = failing(p)
                .or_else(|| (!is_ready(p)).then(|| format!("not Ready ({})", pod_state(p))));
            (live.contains(&ord)
                && ord >= first_updatable
                && rev != update_rev
                && p.metadata.deletion_timestamp.is_none())
            .then_some(())?;
            Some(BrokenPod {
                name: p.metadata.name.clone()?,
                uid: p.metadata.uid.clone()?,
                ordinal: ord,
                revision: rev.to_string(),
                reason: broken?,
            })
        })
        .collect();
    out.sort_by_key(|b| b.ordinal);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::fixtures::*;
    use k8s_openapi::api::apps::v1::StatefulSetUpdateStrategy;

    fn names(v: Vec<BrokenPod>) -> Vec<String> {
        v.into_iter().map(|b| b.name).collect()
    }

    #[test]
    fn broken_pod_at_old_revision_after_revert_is_found() {
        // The template was reverted: update revision is A again; web-2 is stuck at bad B.
        let s = sts("web", 3, &[]);
        let pods = [
            pod(&s, 0, REV_A),
            pod(&s, 1, REV_A),
            not_ready(pod(&s, 2, REV_B)),
        ];
        let refs: Vec<&Pod> = pods.iter().collect();
        let found = blocking_broken_pods(&s, &refs);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "web-2");
        assert_eq!(found[0].revision, REV_B);
        assert!(found[0].reason.contains("not Ready"), "{}", found[0].reason);
    }

    #[test]
    fn healthy_or_current_or_terminating_pods_are_not_stuck() {
        let s = sts("web", 3, &[]);
        let pods = [
            pod(&s, 0, REV_B), // ready at another revision: the controller will roll it
            not_ready(pod(&s, 1, REV_A)), // broken at the update revision: no revert helps
            terminating(not_ready(pod(&s, 2, REV_B))), // already going
        ];
        let refs: Vec<&Pod> = pods.iter().collect();
        assert!(blocking_broken_pods(&s, &refs).is_empty());
    }

    #[test]
    fn partition_parallel_and_on_delete_are_respected() {
        let s = with_partition(sts("web", 3, &[]), 2);
        let pods = [not_ready(pod(&s, 1, REV_B)), not_ready(pod(&s, 2, REV_B))];
        let refs: Vec<&Pod> = pods.iter().collect();
        assert_eq!(
            names(blocking_broken_pods(&s, &refs)),
            vec!["web-2"],
            "below the partition stays"
        );

        let mut par = sts("web", 3, &[]);
        par.spec.pod_management_policy = Some("Parallel".into());
        assert!(blocking_broken_pods(&par, &refs).is_empty());

        let mut od = sts("web", 3, &[]);
        od.spec.update_strategy = Some(StatefulSetUpdateStrategy {
            type_: Some("OnDelete".into()),
            rolling_update: None,
        });
        assert!(blocking_broken_pods(&od, &refs).is_empty());
    }

    #[test]
    fn ordinals_start_shifts_the_partition() {
        let s = with_partition(with_start(sts("web", 3, &[]), 5), 1);
        let pods = [not_ready(pod(&s, 5, REV_B)), not_ready(pod(&s, 6, REV_B))];
        let refs: Vec<&Pod> = pods.iter().collect();
        assert_eq!(names(blocking_broken_pods(&s, &refs)), vec!["web-6"]);
    }
}
