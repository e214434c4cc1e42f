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
    /// For `canary` and `partition`: the `--check`s, so a resumed run
    /// uses them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checks: Option<crate::plan::check::CheckRecord>,
}

impl Intent {
    /// The same run of the same operation (a resumed run keeps its
    /// `started_at`): the record is this run's to update or clear.
    pub fn same_run(&self, other: &Intent) -> bool {
        self.operation == other.operation && self.started_at == other.started_at
    }

    /// The record in words, for messages.
    pub fn describe(&self) -> String {
        format!(
            "rollout {} of revision {} started at {}",
            self.operation, self.target_revision, self.started_at
        )
    }
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
        // Saturating: `ordinals.start` may be up to 2147483647; ordinals past
        // the end of the live range do not exist.
        let ordinals = (live.start.saturating_add(next)..live.start.saturating_add(p))
            .rev()
            .collect();
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
mod tests;
