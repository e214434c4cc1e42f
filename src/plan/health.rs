//! The health gates of every operation that takes a pod down (safety rules 1
//! and 2): is the whole set healthy enough to touch, and is a replaced pod
//! really done. Pure functions; the waiting lives in `cluster::wait`.

use std::time::Duration;

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::jiff::Timestamp;

use super::pod::{failing, is_ready, pod_state, ready_since, restarted_since, revision};
use super::set::live_ordinals;

/// Why a set is not healthy enough to touch; empty means healthy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unhealthy {
    /// The pod concerned, or `None` for the set itself.
    pub pod: Option<String>,
    pub reason: String,
}

/// Rule 1: the controller has observed the latest spec, every live ordinal
/// has a pod, every pod is Ready and none is terminating. `except` names a pod
/// the caller is itself replacing (it may be down).
pub fn check_set(set: &StatefulSet, pods: &[&Pod], except: Option<&str>) -> Vec<Unhealthy> {
    let mut out = Vec::new();
    let name = set.metadata.name.as_deref().unwrap_or_default();
    let generation = set.metadata.generation.unwrap_or(0);
    let observed = set
        .status
        .as_ref()
        .and_then(|s| s.observed_generation)
        .unwrap_or(0);
    if observed < generation {
        out.push(Unhealthy {
            pod: None,
            reason: format!(
                "the StatefulSet controller has not observed generation {generation} of {name} yet (observed {observed})"
            ),
        });
    }
    for ord in live_ordinals(set) {
        let pod_name = super::names::pod_name(name, ord);
        if except == Some(pod_name.as_str()) {
            continue;
        }
        let Some(p) = pods
            .iter()
            .find(|p| p.metadata.name.as_deref() == Some(pod_name.as_str()))
        else {
            out.push(Unhealthy {
                pod: Some(pod_name.clone()),
                reason: format!("pod {pod_name} does not exist"),
            });
            continue;
        };
        if p.metadata.deletion_timestamp.is_some() {
            out.push(Unhealthy {
                pod: Some(pod_name.clone()),
                reason: format!("pod {pod_name} is terminating"),
            });
        } else if !is_ready(p) {
            out.push(Unhealthy {
                pod: Some(pod_name.clone()),
                reason: format!("pod {pod_name} is not Ready ({})", pod_state(p)),
            });
        }
    }
    out
}

/// Where the replacement of one pod stands (rule 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replacement {
    /// The old pod (same UID) is still there, possibly terminating.
    OldPodPresent { terminating: bool },
    /// No pod with that name yet: the controller has not recreated it.
    Absent,
    /// A new pod exists but runs an unexpected revision.
    WrongRevision { have: String, want: String },
    /// A new pod that will not become Ready by waiting.
    Failing(String),
    /// A new pod, not Ready yet.
    NotReady(String),
    /// Ready, but not for the whole stability window yet.
    Stabilizing { remaining: Duration },
    /// A new pod at the expected revision, Ready for the whole window.
    Done,
}

impl Replacement {
    pub fn describe(&self) -> String {
        match self {
            Replacement::OldPodPresent { terminating: true } => "terminating".into(),
            Replacement::OldPodPresent { terminating: false } => {
                "waiting for the old pod to go".into()
            }
            Replacement::Absent => "waiting for the controller to create the pod".into(),
            Replacement::WrongRevision { have, want } => {
                format!("recreated at revision {have}, expected {want}")
            }
            Replacement::Failing(r) => format!("failing: {r}"),
            Replacement::NotReady(s) => format!("created, not Ready yet ({s})"),
            Replacement::Stabilizing { remaining } => {
                format!(
                    "Ready, stable in {}s",
                    remaining.as_secs_f64().ceil() as u64
                )
            }
            Replacement::Done => "Ready and stable".into(),
        }
    }
}

/// Rule 2: the pod that replaces `old_uid` counts as done only when it is a
/// new pod (new UID), at `want_revision` (when given), Ready, and has stayed
/// Ready for `window` = max(minReadySeconds, --min-ready).
///
/// It is failing by its current state ([`failing`]) or by a container
/// restart after `since`, the start of the operation ([`restarted_since`]);
/// restarts from before it are history, not failure. `since` is `None` for a
/// read-only check (`rollout status`): then only the current state counts.
pub fn replacement(
    old_uid: &str,
    pod: Option<&Pod>,
    want_revision: Option<&str>,
    window: Duration,
    since: Option<Timestamp>,
    now: Timestamp,
) -> Replacement {
    let Some(p) = pod else {
        return Replacement::Absent;
    };
    if p.metadata.uid.as_deref() == Some(old_uid) {
        return Replacement::OldPodPresent {
            terminating: p.metadata.deletion_timestamp.is_some(),
        };
    }
    if let Some(want) = want_revision {
        let have = revision(p).unwrap_or("<none>");
        if have != want {
            return Replacement::WrongRevision {
                have: have.to_string(),
                want: want.to_string(),
            };
        }
    }
    if let Some(reason) = failing(p).or_else(|| since.and_then(|t| restarted_since(p, t))) {
        return Replacement::Failing(reason);
    }
    let Some(since) = ready_since(p) else {
        return Replacement::NotReady(pod_state(p));
    };
    let ready_for =
        Duration::from_secs(now.as_second().saturating_sub(since.as_second()).max(0) as u64);
    // Ready's lastTransitionTime has whole seconds: the pod may have become
    // Ready up to 1s after it, so a window needs one more second to be sure.
    let needed = if window.is_zero() {
        window
    } else {
        window + Duration::from_secs(1)
    };
    if ready_for < needed {
        return Replacement::Stabilizing {
            remaining: needed - ready_for,
        };
    }
    Replacement::Done
}

/// The stability window of rule 2.
pub fn stability_window(set: &StatefulSet, min_ready: Duration) -> Duration {
    let min_ready_seconds = set.spec.min_ready_seconds.unwrap_or(0).max(0) as u64;
    Duration::from_secs(min_ready_seconds).max(min_ready)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::fixtures::*;
    use k8s_openapi::api::core::v1::{ContainerState, ContainerStateWaiting};
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn ready_at(mut p: Pod, since: &str) -> Pod {
        p.status.as_mut().unwrap().conditions.as_mut().unwrap()[0].last_transition_time =
            Some(Time(at(since)));
        p
    }

    fn renewed(mut p: Pod) -> Pod {
        p.metadata.uid = Some("uid-new".into());
        p
    }

    #[test]
    fn healthy_set_passes_the_gate() {
        let s = sts("web", 3, &[]);
        let pods: Vec<Pod> = (0..3).map(|o| pod(&s, o, REV_A)).collect();
        let refs: Vec<&Pod> = pods.iter().collect();
        assert_eq!(check_set(&s, &refs, None), vec![]);
    }

    #[test]
    fn gate_names_every_reason() {
        let mut s = sts("web", 4, &[]);
        s.metadata.generation = Some(2);
        let pods = [
            not_ready(pod(&s, 0, REV_A)),
            terminating(pod(&s, 1, REV_A)),
            pod(&s, 3, REV_A),
        ];
        let refs: Vec<&Pod> = pods.iter().collect();
        let got: Vec<_> = check_set(&s, &refs, None)
            .into_iter()
            .map(|u| u.reason)
            .collect();
        assert_eq!(got.len(), 4, "{got:?}");
        assert!(got[0].contains("has not observed generation 2"));
        assert_eq!(got[1], "pod web-0 is not Ready (Running)");
        assert_eq!(got[2], "pod web-1 is terminating");
        assert_eq!(got[3], "pod web-2 does not exist");
    }

    #[test]
    fn gate_skips_the_pod_being_replaced_and_respects_ordinals_start() {
        let s = with_start(sts("web", 2, &[]), 5);
        let pods = [pod(&s, 6, REV_A)];
        let refs: Vec<&Pod> = pods.iter().collect();
        assert_eq!(check_set(&s, &refs, Some("web-5")), vec![]);
        assert_eq!(
            check_set(&s, &refs, None)[0].reason,
            "pod web-5 does not exist"
        );
        assert_eq!(live_ordinals(&s), 5..7);
    }

    #[test]
    fn replacement_requires_new_uid_revision_readiness_and_stability() {
        let s = sts("web", 1, &[]);
        let now = at("2026-01-01T00:01:00Z");
        let w = Duration::from_secs(30);
        let old = pod(&s, 0, REV_A);
        let old_uid = old.metadata.uid.clone().unwrap();

        assert_eq!(
            replacement(&old_uid, None, None, w, None, now),
            Replacement::Absent
        );
        assert_eq!(
            replacement(
                &old_uid,
                Some(&ready_at(old.clone(), "2026-01-01T00:00:00Z")),
                None,
                w,
                None,
                now
            ),
            Replacement::OldPodPresent { terminating: false },
            "the same name back is not a new pod"
        );
        assert_eq!(
            replacement(
                &old_uid,
                Some(&terminating(old.clone())),
                None,
                w,
                None,
                now
            ),
            Replacement::OldPodPresent { terminating: true }
        );
        let new = renewed(ready_at(pod(&s, 0, REV_B), "2026-01-01T00:00:50Z"));
        assert_eq!(
            replacement(&old_uid, Some(&new), Some(REV_A), w, None, now),
            Replacement::WrongRevision {
                have: REV_B.into(),
                want: REV_A.into()
            }
        );
        assert_eq!(
            replacement(&old_uid, Some(&new), Some(REV_B), w, None, now),
            Replacement::Stabilizing {
                remaining: Duration::from_secs(21)
            }
        );
        assert_eq!(
            replacement(&old_uid, Some(&new), Some(REV_B), Duration::ZERO, None, now),
            Replacement::Done
        );
        // Whole seconds: exactly the window by the clock is not enough.
        let edge = renewed(ready_at(pod(&s, 0, REV_B), "2026-01-01T00:00:30Z"));
        assert_eq!(
            replacement(&old_uid, Some(&edge), None, w, None, now),
            Replacement::Stabilizing {
                remaining: Duration::from_secs(1)
            }
        );
        let stable = renewed(ready_at(pod(&s, 0, REV_B), "2026-01-01T00:00:29Z"));
        assert_eq!(
            replacement(&old_uid, Some(&stable), None, w, None, now),
            Replacement::Done
        );
    }

    #[test]
    fn replacement_detects_not_ready_and_failing_pods() {
        let s = sts("web", 1, &[]);
        let now = at("2026-01-01T00:01:00Z");
        let mut p = renewed(pod(&s, 0, REV_B));
        p.status.as_mut().unwrap().conditions.as_mut().unwrap()[0].status = "False".into();
        assert_eq!(
            replacement("uid-old", Some(&p), None, Duration::ZERO, None, now),
            Replacement::NotReady("Running".into())
        );
        // A container that restarted during the operation: failing, whatever
        // its readiness. Without an operation (None) its restarts are history.
        let crashed = renewed(not_ready(pod(&s, 0, REV_B)));
        let since = Some(at("2025-12-31T00:00:00Z"));
        assert!(
            matches!(replacement("uid-old", Some(&crashed), None, Duration::ZERO, since, now), Replacement::Failing(r) if r.contains("restarted during the operation"))
        );
        assert!(matches!(
            replacement("uid-old", Some(&crashed), None, Duration::ZERO, None, now),
            Replacement::NotReady(_)
        ));
        let mut pull = renewed(pod(&s, 0, REV_B));
        let cs = &mut pull
            .status
            .as_mut()
            .unwrap()
            .container_statuses
            .as_mut()
            .unwrap()[0];
        cs.state = Some(ContainerState {
            waiting: Some(ContainerStateWaiting {
                reason: Some("ImagePullBackOff".into()),
                message: None,
            }),
            ..Default::default()
        });
        assert_eq!(
            failing(&pull).unwrap(),
            "container main is ImagePullBackOff"
        );
    }

    #[test]
    fn window_is_the_larger_of_min_ready_seconds_and_flag() {
        let mut s = sts("web", 1, &[]);
        assert_eq!(
            stability_window(&s, Duration::from_secs(5)),
            Duration::from_secs(5)
        );
        s.spec.min_ready_seconds = Some(20);
        assert_eq!(
            stability_window(&s, Duration::from_secs(5)),
            Duration::from_secs(20)
        );
    }
}
