//! Facts about one StatefulSet, each decided in one place: its live ordinal
//! range, update strategy, partition and revisions. Pure functions.

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::Pod;

/// The live ordinals `[start, start + replicas)`.
pub fn live_ordinals(set: &StatefulSet) -> std::ops::Range<i32> {
    let start = set
        .spec
        .ordinals
        .as_ref()
        .and_then(|o| o.start)
        .unwrap_or(0);
    let replicas = set.spec.replicas.unwrap_or(1).max(0);
    start..start.saturating_add(replicas)
}

/// A live range as users read it: `0..2`, or `(empty: 0 replicas)`.
pub fn range_text(r: &std::ops::Range<i32>) -> String {
    if r.is_empty() {
        "(empty: 0 replicas)".into()
    } else {
        format!("{}..{}", r.start, r.end - 1)
    }
}

/// The update strategy, as `spec.updateStrategy.type` says. Only
/// RollingUpdate has a partition; Recreate is Kubernetes 1.37's alpha
/// strategy (feature gate StatefulSetRecreateStrategy, KEP-5123), which the
/// controller applies by deleting every pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Strategy {
    RollingUpdate,
    OnDelete,
    Recreate,
    /// A type this version of kubectl-sts does not know.
    Other(String),
}

impl Strategy {
    /// Whether `spec.updateStrategy.rollingUpdate.partition` applies.
    pub fn has_partition(&self) -> bool {
        *self == Strategy::RollingUpdate
    }

    /// The type as the API spells it.
    pub fn name(&self) -> &str {
        match self {
            Strategy::RollingUpdate => "RollingUpdate",
            Strategy::OnDelete => "OnDelete",
            Strategy::Recreate => "Recreate",
            Strategy::Other(s) => s,
        }
    }
}

/// The set's update strategy (RollingUpdate when unset, the API default).
pub fn strategy(set: &StatefulSet) -> Strategy {
    match set
        .spec
        .update_strategy
        .as_ref()
        .and_then(|s| s.type_.as_deref())
    {
        None | Some("RollingUpdate") => Strategy::RollingUpdate,
        Some("OnDelete") => Strategy::OnDelete,
        Some("Recreate") => Strategy::Recreate,
        Some(other) => Strategy::Other(other.to_string()),
    }
}

/// The partition as set in the spec (0 when unset).
pub fn partition(set: &StatefulSet) -> i32 {
    set.spec
        .update_strategy
        .as_ref()
        .and_then(|s| s.rolling_update.as_ref())
        .and_then(|r| r.partition)
        .unwrap_or(0)
}

/// `spec.replicas` (1 when unset, the API default; never negative).
pub fn replicas(set: &StatefulSet) -> i32 {
    set.spec.replicas.unwrap_or(1).max(0)
}

/// `(status.currentRevision, status.updateRevision)`.
pub fn revisions(set: &StatefulSet) -> (Option<&str>, Option<&str>) {
    let st = set.status.as_ref();
    (
        st.and_then(|s| s.current_revision.as_deref()),
        st.and_then(|s| s.update_revision.as_deref()),
    )
}

/// The ordinals a partition value leaves to be updated: `[start + p, end)`.
pub fn updated_ordinals(set: &StatefulSet, partition: i32) -> std::ops::Range<i32> {
    let live = live_ordinals(set);
    let from = live
        .start
        .saturating_add(partition.max(0))
        .min(live.end)
        .max(live.start);
    from..live.end
}

/// Whether `set` controls `pod`: a controller ownerReference to the set's
/// UID. The selector alone is not enough: it may overlap another workload's
/// pods.
pub fn owns(set: &StatefulSet, pod: &Pod) -> bool {
    let Some(uid) = set.metadata.uid.as_deref() else {
        return false;
    };
    pod.metadata
        .owner_references
        .iter()
        .flatten()
        .any(|o| o.controller == Some(true) && o.uid == uid)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::fixtures::sts;

    fn with_type(mut s: StatefulSet, t: Option<&str>) -> StatefulSet {
        s.spec.update_strategy = Some(k8s_openapi::api::apps::v1::StatefulSetUpdateStrategy {
            type_: t.map(str::to_string),
            rolling_update: None,
        });
        s
    }

    #[test]
    fn every_strategy_type_is_recognised() {
        let cases = [
            (None, Strategy::RollingUpdate, true),
            (Some("RollingUpdate"), Strategy::RollingUpdate, true),
            (Some("OnDelete"), Strategy::OnDelete, false),
            (Some("Recreate"), Strategy::Recreate, false),
            (Some("Surge"), Strategy::Other("Surge".into()), false),
        ];
        for (t, want, partition) in cases {
            let got = strategy(&with_type(sts("web", 3, &["data"]), t));
            assert_eq!(got, want, "{t:?}");
            assert_eq!(got.has_partition(), partition, "{t:?}");
        }
    }
}
