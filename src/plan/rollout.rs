//! Rollout decisions: the partition steps of a canary, "is this step done"
//! (safety rule 9, stricter than `kubectl rollout status`), and the intent
//! recorded on the StatefulSet so that a re-run resumes (rule 8).
//!
//! The partition is an index, not an ordinal: the controller updates the pod
//! of ordinal `o` when `o - spec.ordinals.start >= partition`.

use std::collections::BTreeMap;
use std::time::Duration;

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::jiff::Timestamp;
use serde::{Deserialize, Serialize};

pub mod history;
mod strategy;

pub use strategy::require_partition;

use super::ANNOTATION_PREFIX;
use super::health::{Replacement, replacement};
use super::names::pod_name;
use super::pod::{failing, ordinal_of, revision};
use super::set::{
    Strategy, live_ordinals, partition, replicas, revisions, strategy, updated_ordinals,
};

/// The annotation holding a [`Intent`] as JSON.
pub fn intent_annotation() -> String {
    format!("{ANNOTATION_PREFIX}rollout")
}

/// What a rollout command is doing, recorded on the StatefulSet so that an
/// interrupted run can be resumed instead of restarted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Intent {
    /// `canary`, `partition` or `pause`.
    pub operation: String,
    /// The update revision being rolled out.
    pub target_revision: String,
    /// The partition the operation ends at.
    pub target_partition: i32,
    /// The lowest partition whose pods were verified updated, Ready and stable.
    pub last_verified_partition: i32,
    /// RFC 3339.
    pub started_at: String,
    /// For `pause`: the partition to restore on `resume`. For `canary` and
    /// `partition`: the partition before the operation, which `undo`
    /// restores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_partition: Option<i32>,
    /// For `canary`: it took over from `rollout pause`, whose recorded
    /// partition this is; `undo` puts the pause back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused_from: Option<i32>,
}

/// The recorded intent, if any; `Err` when the annotation is not readable.
pub fn read_intent(set: &StatefulSet) -> Result<Option<Intent>, String> {
    let Some(raw) = set
        .metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(&intent_annotation()))
    else {
        return Ok(None);
    };
    serde_json::from_str(raw).map(Some).map_err(|e| {
        format!(
            "annotation {} is not a rollout intent ({e}); remove it with: kubectl annotate \
             statefulset {} {}-",
            intent_annotation(),
            set.metadata.name.as_deref().unwrap_or_default(),
            intent_annotation()
        )
    })
}

/// One partition write of a canary and the pods it updates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    pub partition: i32,
    pub ordinals: Vec<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    /// Nothing to do; not an error for the user, but no step.
    NothingToDo(String),
    Refused(String),
}

/// The partition steps of a canary from `from` (the current, verified
/// partition, clamped to replicas) down to `to`, `step` ordinals at a time,
/// highest ordinals first.
pub fn plan_canary(
    set: &StatefulSet,
    from: i32,
    to: i32,
    step: i32,
) -> Result<Vec<Step>, PlanError> {
    let name = set.metadata.name.as_deref().unwrap_or_default();
    require_partition(set, "canary").map_err(PlanError::Refused)?;
    if step < 1 {
        return Err(PlanError::Refused("--step must be at least 1".into()));
    }
    let n = replicas(set);
    if to < 0 || to > n {
        return Err(PlanError::Refused(format!(
            "--to {to} is outside 0..={n} (statefulset {name} has {n} replicas; the partition \
             counts from the first ordinal)"
        )));
    }
    let mut p = from.clamp(0, n);
    if p <= to {
        return Err(PlanError::NothingToDo(format!(
            "the partition of {name} is already {from}, at or below --to {to}"
        )));
    }
    let mut steps = Vec::new();
    while p > to {
        let next = (p - step).max(to);
        let live = live_ordinals(set);
        let ordinals = (live.start + next..live.start + p).rev().collect();
        steps.push(Step {
            partition: next,
            ordinals,
        });
        p = next;
    }
    Ok(steps)
}

/// Where one pod stands in a rollout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PodProgress {
    pub name: String,
    pub ordinal: i32,
    /// Whether this pod should be at the update revision (at or above the partition).
    pub updated: bool,
    pub revision: Option<String>,
    pub state: String,
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Done(Vec<PodProgress>),
    /// A pod that will not become Ready by waiting.
    Failed {
        pod: String,
        reason: String,
        pods: Vec<PodProgress>,
    },
    Waiting {
        status: String,
        pods: Vec<PodProgress>,
        /// When a stability window ends, re-decide after this long.
        recheck: Option<Duration>,
    },
}

/// Rule 9 for a partition: every pod at or above it is at updateRevision,
/// Ready and stable for `window` (and, when its UID is in `replaced`, a new
/// pod); every pod below it is still at currentRevision. For OnDelete the
/// partition is ignored: done when every pod runs updateRevision.
/// `replaced` maps pod names to the UIDs they had before this step.
pub fn decide(
    set: &StatefulSet,
    pods: &[&Pod],
    partition: i32,
    window: Duration,
    replaced: &BTreeMap<String, String>,
    since: Option<Timestamp>,
    now: Timestamp,
) -> Verdict {
    let name = set.metadata.name.as_deref().unwrap_or_default();
    let (current, update) = revisions(set);
    let generation = set.metadata.generation.unwrap_or(0);
    let observed = set
        .status
        .as_ref()
        .and_then(|s| s.observed_generation)
        .unwrap_or(0);
    let partition = if strategy(set) == Strategy::OnDelete {
        0
    } else {
        partition
    };
    let upd = updated_ordinals(set, partition);
    let mut out = Vec::new();
    let mut failed = None;
    let mut recheck: Option<Duration> = None;
    for ord in live_ordinals(set) {
        let pname = pod_name(name, ord);
        let pod = pods
            .iter()
            .copied()
            .find(|p| ordinal_of(set, p) == Some(ord));
        let updated = upd.contains(&ord);
        let want = if updated { update } else { current };
        let (state, done) = if updated {
            let old_uid = replaced.get(&pname).map(String::as_str).unwrap_or("");
            let r = match pod {
                Some(p) if p.metadata.deletion_timestamp.is_some() => {
                    Replacement::OldPodPresent { terminating: true }
                }
                _ => replacement(old_uid, pod, want, window, since, now),
            };
            if let Replacement::Failing(reason) = &r
                && failed.is_none()
            {
                failed = Some((pname.clone(), reason.clone()));
            }
            if let Replacement::Stabilizing { remaining } = &r {
                let r = *remaining + Duration::from_millis(200);
                recheck = Some(recheck.map_or(r, |x| x.min(r)));
            }
            (r.describe(), r == Replacement::Done)
        } else {
            match pod {
                None => ("waiting for the controller to create the pod".into(), false),
                Some(p) if p.metadata.deletion_timestamp.is_some() => ("terminating".into(), false),
                Some(p) => match (revision(p), want) {
                    (Some(have), Some(w)) if have != w => (
                        format!("at revision {have}, expected {w} below the partition"),
                        false,
                    ),
                    _ => match failing(p) {
                        Some(r) => (format!("failing: {r}"), false),
                        None if !super::pod::is_ready(p) => ("not Ready".into(), false),
                        None => ("Ready, not updated (below the partition)".into(), true),
                    },
                },
            }
        };
        out.push(PodProgress {
            name: pname,
            ordinal: ord,
            updated,
            revision: pod.and_then(|p| revision(p)).map(str::to_string),
            state,
            done,
        });
    }
    if let Some((pod, reason)) = failed {
        return Verdict::Failed {
            pod,
            reason,
            pods: out,
        };
    }
    if observed < generation {
        return Verdict::Waiting {
            status: format!(
                "waiting for the controller to observe generation {generation} (observed {observed})"
            ),
            pods: out,
            recheck: None,
        };
    }
    if update.is_none() {
        return Verdict::Waiting {
            status: "waiting for the controller to report an update revision".into(),
            pods: out,
            recheck: None,
        };
    }
    let pending: Vec<String> = out
        .iter()
        .filter(|p| !p.done)
        .map(|p| format!("{}: {}", p.name, p.state))
        .collect();
    if pending.is_empty() {
        Verdict::Done(out)
    } else {
        Verdict::Waiting {
            status: format!(
                "{} of {} pods done; {}",
                out.len() - pending.len(),
                out.len(),
                pending.join(", ")
            ),
            pods: out,
            recheck,
        }
    }
}

/// Before a partition write, re-decided after a 409: the step is still valid
/// when the set still rolls out the same revision and its partition is still
/// the one the step was planned from.
pub fn step_still_valid(
    set: &StatefulSet,
    target_revision: &str,
    expected_partition: i32,
) -> Result<(), String> {
    let (_, update) = revisions(set);
    if update != Some(target_revision) {
        return Err(format!(
            "the update revision changed to {} (a new template was applied)",
            update.unwrap_or("<none>")
        ));
    }
    let p = partition(set);
    if p != expected_partition && !(p >= replicas(set) && expected_partition >= replicas(set)) {
        return Err(format!(
            "the partition was changed to {p} by someone else (expected {expected_partition})"
        ));
    }
    Ok(())
}

/// UIDs of the pods a step will replace: those in its ordinals not yet at the
/// update revision (pods already there, e.g. after a resume, are not
/// restarted again, only verified).
pub fn uids_to_replace(
    set: &StatefulSet,
    pods: &[&Pod],
    ordinals: &[i32],
    update: &str,
) -> BTreeMap<String, String> {
    pods.iter()
        .filter(|p| ordinal_of(set, p).is_some_and(|o| ordinals.contains(&o)))
        .filter(|p| revision(p) != Some(update))
        .filter_map(|p| Some((p.metadata.name.clone()?, p.metadata.uid.clone()?)))
        .collect()
}

/// Which pods run each revision (OnDelete: who still runs the old one).
pub fn pods_at(set: &StatefulSet, pods: &[&Pod], rev: &str) -> Vec<String> {
    let mut v: Vec<(i32, String)> = pods
        .iter()
        .filter(|p| revision(p) == Some(rev))
        .filter_map(|p| Some((ordinal_of(set, p)?, p.metadata.name.clone()?)))
        .collect();
    v.sort();
    v.into_iter().map(|(_, n)| n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::fixtures::*;
    use k8s_openapi::api::apps::v1::StatefulSetUpdateStrategy;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;

    fn now() -> Timestamp {
        "2026-01-01T00:10:00Z".parse().unwrap()
    }

    fn parts(steps: &[Step]) -> Vec<i32> {
        steps.iter().map(|s| s.partition).collect()
    }

    #[test]
    fn canary_steps_walk_down_from_the_highest_ordinal() {
        let s = sts("web", 5, &[]);
        let steps = plan_canary(&s, 5, 0, 1).unwrap();
        assert_eq!(parts(&steps), vec![4, 3, 2, 1, 0]);
        assert_eq!(steps[0].ordinals, vec![4]);
        assert_eq!(parts(&plan_canary(&s, 5, 0, 2).unwrap()), vec![3, 1, 0]);
        assert_eq!(plan_canary(&s, 5, 0, 2).unwrap()[1].ordinals, vec![2, 1]);
        assert_eq!(parts(&plan_canary(&s, 5, 3, 1).unwrap()), vec![4, 3]);
    }

    #[test]
    fn canary_partition_above_replicas_starts_at_replicas() {
        let s = sts("web", 3, &[]);
        assert_eq!(parts(&plan_canary(&s, 10, 0, 1).unwrap()), vec![2, 1, 0]);
    }

    #[test]
    fn canary_with_ordinals_start_names_shifted_ordinals() {
        let s = with_start(sts("web", 3, &[]), 5);
        let steps = plan_canary(&s, 3, 0, 1).unwrap();
        assert_eq!(parts(&steps), vec![2, 1, 0]);
        assert_eq!(steps[0].ordinals, vec![7]);
        assert_eq!(steps[2].ordinals, vec![5]);
    }

    #[test]
    fn canary_refusals_and_nothing_to_do() {
        let s = sts("web", 3, &[]);
        assert!(matches!(
            plan_canary(&s, 0, 0, 1),
            Err(PlanError::NothingToDo(_))
        ));
        assert!(matches!(
            plan_canary(&s, 3, 0, 0),
            Err(PlanError::Refused(_))
        ));
        assert!(matches!(
            plan_canary(&s, 3, 4, 1),
            Err(PlanError::Refused(_))
        ));
        let zero = sts("web", 0, &[]);
        assert!(matches!(
            plan_canary(&zero, 0, 0, 1),
            Err(PlanError::NothingToDo(_))
        ));
        let one = sts("web", 1, &[]);
        assert_eq!(parts(&plan_canary(&one, 1, 0, 3).unwrap()), vec![0]);
        let mut od = sts("web", 3, &[]);
        od.spec.update_strategy = Some(StatefulSetUpdateStrategy {
            type_: Some("OnDelete".into()),
            rolling_update: None,
        });
        assert!(
            matches!(plan_canary(&od, 3, 0, 1), Err(PlanError::Refused(m)) if m.contains("OnDelete"))
        );
    }

    fn renewed(mut p: Pod, since: &str) -> Pod {
        p.metadata.uid = Some(format!("{}-new", p.metadata.uid.unwrap()));
        p.status.as_mut().unwrap().conditions.as_mut().unwrap()[0].last_transition_time =
            Some(Time(since.parse().unwrap()));
        p
    }

    fn rolling(partition: i32) -> StatefulSet {
        with_update_revision(with_partition(sts("web", 3, &[]), partition), REV_B)
    }

    fn replaced(names: &[&str]) -> BTreeMap<String, String> {
        names
            .iter()
            .map(|n| (n.to_string(), format!("uid-{n}")))
            .collect()
    }

    #[test]
    fn step_is_done_only_with_new_ready_stable_pods_at_update_revision() {
        let s = rolling(2);
        let w = Duration::from_secs(30);
        let old = [pod(&s, 0, REV_A), pod(&s, 1, REV_A), pod(&s, 2, REV_A)];
        let refs: Vec<&Pod> = old.iter().collect();
        let r = replaced(&["web-2"]);
        assert!(matches!(
            decide(&s, &refs, 2, w, &r, None, now()),
            Verdict::Waiting { .. }
        ));

        let fresh = renewed(pod(&s, 2, REV_B), "2026-01-01T00:09:50Z");
        let pods = [pod(&s, 0, REV_A), pod(&s, 1, REV_A), fresh];
        let refs: Vec<&Pod> = pods.iter().collect();
        match decide(&s, &refs, 2, w, &r, None, now()) {
            Verdict::Waiting {
                recheck, status, ..
            } => {
                assert!(status.contains("web-2: Ready, stable in 21s"), "{status}");
                assert!(recheck.unwrap() >= Duration::from_secs(20));
            }
            v => panic!("{v:?}"),
        }
        let stable = renewed(pod(&s, 2, REV_B), "2026-01-01T00:09:00Z");
        let pods = [pod(&s, 0, REV_A), pod(&s, 1, REV_A), stable];
        let refs: Vec<&Pod> = pods.iter().collect();
        assert!(matches!(
            decide(&s, &refs, 2, w, &r, None, now()),
            Verdict::Done(_)
        ));
    }

    #[test]
    fn pod_below_partition_at_update_revision_is_not_done() {
        // #119685/#121534: counts can look fine while the wrong pods were updated.
        let s = rolling(2);
        let pods = [
            pod(&s, 0, REV_A),
            pod(&s, 1, REV_B),
            renewed(pod(&s, 2, REV_B), "2026-01-01T00:00:00Z"),
        ];
        let refs: Vec<&Pod> = pods.iter().collect();
        match decide(&s, &refs, 2, Duration::ZERO, &BTreeMap::new(), None, now()) {
            Verdict::Waiting { status, .. } => {
                assert!(status.contains("web-1: at revision"), "{status}")
            }
            v => panic!("{v:?}"),
        }
    }

    #[test]
    fn crashing_canary_fails_the_step() {
        let s = rolling(2);
        let pods = [
            pod(&s, 0, REV_A),
            pod(&s, 1, REV_A),
            not_ready(renewed(pod(&s, 2, REV_B), "2026-01-01T00:00:00Z")),
        ];
        let refs: Vec<&Pod> = pods.iter().collect();
        // Restarted after the operation started: the canary failed.
        let since = Some("2025-12-31T00:00:00Z".parse().unwrap());
        match decide(
            &s,
            &refs,
            2,
            Duration::ZERO,
            &replaced(&["web-2"]),
            since,
            now(),
        ) {
            Verdict::Failed { pod, reason, .. } => {
                assert_eq!(pod, "web-2");
                assert!(
                    reason.contains("restarted during the operation"),
                    "{reason}"
                );
            }
            v => panic!("{v:?}"),
        }
        // Read-only (`rollout status`): restarts are history; the pod is
        // waited for as not Ready, not called failed.
        assert!(matches!(
            decide(
                &s,
                &refs,
                2,
                Duration::ZERO,
                &replaced(&["web-2"]),
                None,
                now()
            ),
            Verdict::Waiting { .. }
        ));
    }

    #[test]
    fn same_uid_back_is_not_a_replacement() {
        let s = rolling(2);
        let mut same = pod(&s, 2, REV_B);
        same.metadata.uid = Some("uid-web-2".into());
        let pods = [pod(&s, 0, REV_A), pod(&s, 1, REV_A), same];
        let refs: Vec<&Pod> = pods.iter().collect();
        assert!(matches!(
            decide(
                &s,
                &refs,
                2,
                Duration::ZERO,
                &replaced(&["web-2"]),
                None,
                now()
            ),
            Verdict::Waiting { .. }
        ));
    }

    #[test]
    fn unobserved_generation_and_partition_above_replicas() {
        let mut s = rolling(5);
        let pods: Vec<Pod> = (0..3).map(|o| pod(&s, o, REV_A)).collect();
        let refs: Vec<&Pod> = pods.iter().collect();
        assert!(matches!(
            decide(&s, &refs, 5, Duration::ZERO, &BTreeMap::new(), None, now()),
            Verdict::Done(_)
        ));
        s.metadata.generation = Some(2);
        assert!(
            matches!(decide(&s, &refs, 5, Duration::ZERO, &BTreeMap::new(), None, now()), Verdict::Waiting { status, .. } if status.contains("generation 2"))
        );
    }

    #[test]
    fn on_delete_ignores_the_partition_and_names_old_pods() {
        let mut s = rolling(3);
        s.spec.update_strategy = Some(StatefulSetUpdateStrategy {
            type_: Some("OnDelete".into()),
            rolling_update: None,
        });
        let pods = [pod(&s, 0, REV_A), pod(&s, 1, REV_B), pod(&s, 2, REV_A)];
        let refs: Vec<&Pod> = pods.iter().collect();
        assert!(matches!(
            decide(&s, &refs, 3, Duration::ZERO, &BTreeMap::new(), None, now()),
            Verdict::Waiting { .. }
        ));
        assert_eq!(pods_at(&s, &refs, REV_A), vec!["web-0", "web-2"]);
    }

    #[test]
    fn parallel_and_start_and_empty_sets() {
        let mut s = with_start(rolling(1), 3);
        s.spec.pod_management_policy = Some("Parallel".into());
        let pods = [
            pod(&s, 3, REV_A),
            renewed(pod(&s, 4, REV_B), "2026-01-01T00:00:00Z"),
            renewed(pod(&s, 5, REV_B), "2026-01-01T00:00:00Z"),
        ];
        let refs: Vec<&Pod> = pods.iter().collect();
        assert!(matches!(
            decide(
                &s,
                &refs,
                1,
                Duration::ZERO,
                &replaced(&["web-4", "web-5"]),
                None,
                now()
            ),
            Verdict::Done(_)
        ));
        assert!(matches!(
            decide(&s, &refs, 0, Duration::ZERO, &BTreeMap::new(), None, now()),
            Verdict::Waiting { .. }
        ));
        let zero = with_update_revision(sts("web", 0, &[]), REV_B);
        assert!(matches!(
            decide(&zero, &[], 0, Duration::ZERO, &BTreeMap::new(), None, now()),
            Verdict::Done(v) if v.is_empty()
        ));
    }

    #[test]
    fn a_409_re_decision_checks_revision_and_partition() {
        let s = rolling(3);
        assert!(step_still_valid(&s, REV_B, 3).is_ok());
        assert!(
            step_still_valid(&s, REV_A, 3)
                .unwrap_err()
                .contains("update revision")
        );
        assert!(
            step_still_valid(&s, REV_B, 2)
                .unwrap_err()
                .contains("someone else")
        );
        // Any partition >= replicas freezes the set the same way.
        assert!(step_still_valid(&rolling(7), REV_B, 3).is_ok());
    }

    #[test]
    fn uids_to_replace_skips_pods_already_updated() {
        let s = rolling(1);
        let pods = [pod(&s, 0, REV_A), pod(&s, 1, REV_B), pod(&s, 2, REV_A)];
        let refs: Vec<&Pod> = pods.iter().collect();
        let got = uids_to_replace(&s, &refs, &[1, 2], REV_B);
        assert_eq!(got.keys().collect::<Vec<_>>(), vec!["web-2"]);
    }

    #[test]
    fn intent_round_trips_and_bad_annotation_is_explained() {
        let mut s = sts("web", 3, &[]);
        let i = Intent {
            operation: "canary".into(),
            target_revision: REV_B.into(),
            target_partition: 0,
            last_verified_partition: 2,
            started_at: "2026-01-01T00:00:00Z".into(),
            previous_partition: Some(3),
            paused_from: Some(0),
        };
        s.metadata.annotations =
            Some([(intent_annotation(), serde_json::to_string(&i).unwrap())].into());
        assert_eq!(read_intent(&s).unwrap(), Some(i));
        s.metadata.annotations = Some([(intent_annotation(), "{".to_string())].into());
        assert!(read_intent(&s).unwrap_err().contains("kubectl annotate"));
    }
}
