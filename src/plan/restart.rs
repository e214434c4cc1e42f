//! Restart decisions (safety rules 2, 3, 4, 8): which pods to restart and in
//! what order, which are already done since a recorded start, what revision
//! a replacement must come back at, which PodDisruptionBudget a 429 is about,
//! and how long to wait before retrying. Pure: the engine lives in
//! `cmd::restart`, the API calls in `cluster::evict`.

use std::time::Duration;

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use k8s_openapi::jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::health::Replacement;
use super::names::{pod_name, pod_ordinal};
use super::pod::{failing, is_ready, pod_state, revision};
use super::set::live_ordinals;

/// The annotation in which a restart records its start and the pods done,
/// so that a re-run resumes instead of restarting pods twice (rule 8).
pub const RESTART_ANNOTATION: &str = "kubectl-sts.io/restart";

/// What `kubectl rollout restart` sets on the pod template.
pub const RESTARTED_AT_ANNOTATION: &str = "kubectl.kubernetes.io/restartedAt";

/// The recorded intent, stored as JSON in [`RESTART_ANNOTATION`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Intent {
    /// RFC 3339; pods created after it count as restarted.
    pub started_at: String,
    /// Pods whose replacement was verified, with the replacement's UID.
    #[serde(default)]
    pub done: Vec<DonePod>,
    /// The pod being evicted now, with the UID it had: recorded right
    /// before its eviction, so a run interrupted after the eviction knows
    /// that a pod of that name with another UID is its replacement, even
    /// when it was created in the same second as the start (creation times
    /// have whole seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evicting: Option<DonePod>,
    /// The `--check`s of this restart, so a resumed run uses them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checks: Option<crate::plan::check::CheckRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DonePod {
    pub pod: String,
    pub uid: String,
}

impl Intent {
    pub fn new(now: Timestamp) -> Self {
        // Whole seconds, as creationTimestamp: a pod created in the same
        // second as the start is not taken for a restarted one.
        let secs = Timestamp::from_second(now.as_second()).unwrap_or(now);
        Self {
            started_at: secs.to_string(),
            done: vec![],
            evicting: None,
            checks: None,
        }
    }

    pub fn started(&self) -> Option<Timestamp> {
        self.started_at.parse().ok()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// The intent recorded on `set`, if any. A malformed annotation is an error
/// naming it, never silently ignored (it might mean pods are restarted twice).
pub fn recorded_intent(set: &StatefulSet) -> Result<Option<Intent>, String> {
    let Some(raw) = set
        .metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(RESTART_ANNOTATION))
    else {
        return Ok(None);
    };
    let intent: Intent = serde_json::from_str(raw).map_err(|e| {
        format!("the annotation {RESTART_ANNOTATION} is not a restart record ({e}): {raw:?}")
    })?;
    if intent.started().is_none() {
        return Err(format!(
            "the annotation {RESTART_ANNOTATION} has an invalid startedAt: {:?}",
            intent.started_at
        ));
    }
    Ok(Some(intent))
}

/// What to do with one pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Evict it and wait for a verified replacement.
    Restart,
    /// Already replaced since the recorded start and verified then.
    Done,
    /// Replaced since the recorded start (an interrupted run evicted it) but
    /// not verified: wait until it is Ready and stable, evict nothing.
    Verify,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub pod: String,
    pub ordinal: i32,
    /// UID of the pod as planned (empty when it does not exist).
    pub uid: String,
    pub action: Action,
    /// Why it goes first: it is not Ready, or failing.
    pub unhealthy: Option<String>,
    /// Revision the pod runs now.
    pub revision: Option<String>,
    /// Revision the controller will recreate it at.
    pub want_revision: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    pub steps: Vec<Step>,
    pub warnings: Vec<String>,
}

/// Rule 3: unhealthy pods first, then healthy ones, each from the highest
/// ordinal down; `last` (a primary) at the very end, never first. `only`
/// limits the restart to those pods (None = every live pod). Pods already
/// replaced since `intent` started are kept in the plan as `Done`/`Verify`.
pub fn plan(
    set: &StatefulSet,
    pods: &[&Pod],
    only: Option<&[String]>,
    last: Option<&str>,
    intent: Option<&Intent>,
) -> Result<Plan, String> {
    let name = set.metadata.name.as_deref().unwrap_or_default();
    let live = live_ordinals(set);
    let in_set = |p: &str| pod_ordinal(p, name).filter(|o| live.contains(o));
    if let Some(l) = last
        && in_set(l).is_none()
    {
        return Err(format!(
            "--last {l}: not a pod of StatefulSet {name} (its pods are {})",
            range_text(name, &live)
        ));
    }
    if let Some(only) = only {
        for p in only {
            if in_set(p).is_none() {
                return Err(format!(
                    "{p} is not a pod of StatefulSet {name} (its pods are {})",
                    range_text(name, &live)
                ));
            }
        }
    }
    let started = intent.and_then(Intent::started);
    let mut steps = Vec::new();
    let mut warnings = Vec::new();
    for ord in live.clone().rev() {
        let pn = pod_name(name, ord);
        if only.is_some_and(|o| !o.contains(&pn)) {
            continue;
        }
        let pod = pods
            .iter()
            .find(|p| p.metadata.name.as_deref() == Some(pn.as_str()));
        let uid = pod.and_then(|p| p.metadata.uid.clone()).unwrap_or_default();
        let unhealthy = match pod {
            None => Some("missing".to_string()),
            Some(p) if p.metadata.deletion_timestamp.is_some() => Some("terminating".into()),
            Some(p) => failing(p).or_else(|| (!is_ready(p)).then(|| pod_state(p))),
        };
        let action = match (pod, intent) {
            (Some(p), Some(i)) if i.done.iter().any(|d| d.uid == uid && d.pod == pn) => {
                let _ = p;
                Action::Done
            }
            (Some(p), Some(i)) if created_after(p, started) || replaced_by_us(i, &pn, &uid) => {
                let _ = p;
                Action::Verify
            }
            _ => Action::Restart,
        };
        let rev = pod.and_then(|p| revision(p)).map(str::to_string);
        let want = expected_revision(set, ord);
        if action == Action::Restart
            && let (Some(have), Some(w)) = (&rev, &want)
            && have != w
        {
            warnings.push(format!(
                "{pn} runs revision {have} and the controller will recreate it at {w} (a pending \
                 update of the pod template): restarting it also updates it"
            ));
        }
        steps.push(Step {
            pod: pn,
            ordinal: ord,
            uid,
            action,
            unhealthy,
            revision: rev,
            want_revision: want,
        });
    }
    // Stable sort: unhealthy first, `last` at the end; ordinals stay descending.
    steps.sort_by_key(|s| {
        let is_last = last == Some(s.pod.as_str());
        (is_last, s.unhealthy.is_none())
    });
    Ok(Plan { steps, warnings })
}

fn range_text(name: &str, live: &std::ops::Range<i32>) -> String {
    match live.len() {
        0 => "none: it has 0 replicas".into(),
        1 => pod_name(name, live.start),
        _ => format!(
            "{}..{}",
            pod_name(name, live.start),
            pod_name(name, live.end - 1)
        ),
    }
}

/// When verifying `pod` after an interrupted run: the UID its replacement
/// must differ from, the one the run recorded evicting (empty when it
/// recorded none for `pod`; then only a pod created after the start
/// counts). Without it a replacement created in the same second as the
/// start (creation times have whole seconds) looks like the old pod and the
/// verification waits for a replacement that already happened.
pub fn evicted_uid(i: &Intent, pod: &str) -> String {
    i.evicting
        .as_ref()
        .filter(|e| e.pod == pod)
        .map(|e| e.uid.clone())
        .unwrap_or_default()
}

/// The interrupted run recorded evicting `pod` when it had another UID.
fn replaced_by_us(i: &Intent, pod: &str, uid: &str) -> bool {
    i.evicting
        .as_ref()
        .is_some_and(|e| e.pod == pod && e.uid != uid)
}

fn created_after(p: &Pod, started: Option<Timestamp>) -> bool {
    match (p.metadata.creation_timestamp.as_ref(), started) {
        (Some(c), Some(s)) => c.0 > s,
        _ => false,
    }
}

/// The revision the StatefulSet controller gives a pod it recreates at
/// `ordinal`, as `newVersionedStatefulSetPod` (pkg/controller/statefulset,
/// v1.37) decides: below the partition (or, without a rollingUpdate block,
/// below start + currentReplicas) the current revision, otherwise the update
/// revision. OnDelete recreates at the update revision. So a restart is the
/// pod's own revision unless an update is pending at that ordinal.
pub fn expected_revision(set: &StatefulSet, ordinal: i32) -> Option<String> {
    let status = set.status.as_ref()?;
    let current = status.current_revision.clone();
    let update = status.update_revision.clone();
    let start = live_ordinals(set).start;
    let strategy = set.spec.update_strategy.as_ref();
    let rolling = strategy
        .and_then(|s| s.type_.as_deref())
        .unwrap_or("RollingUpdate")
        == "RollingUpdate";
    let ru = strategy.and_then(|s| s.rolling_update.as_ref());
    let at_current = match ru {
        None => rolling && ordinal < start.saturating_add(status.current_replicas.unwrap_or(0)),
        Some(r) => ordinal < start.saturating_add(r.partition.unwrap_or(0)),
    };
    if at_current { current } else { update }
}

/// The PDBs of the namespace that cover `pod`.
pub fn pdbs_for<'a>(pdbs: &'a [PodDisruptionBudget], pod: &Pod) -> Vec<&'a PodDisruptionBudget> {
    pdbs.iter()
        .filter(|b| {
            super::selector::selects(
                b.spec.as_ref().and_then(|s| s.selector.as_ref()),
                pod.metadata.labels.as_ref(),
            )
        })
        .collect()
}

/// `web-pdb (maxUnavailable 0; allows 0 disruptions, 3 of 3 healthy pods needed)`.
pub fn describe_pdb(pdb: &PodDisruptionBudget) -> String {
    let name = pdb.metadata.name.as_deref().unwrap_or_default();
    let spec = pdb.spec.as_ref();
    let limit = match (
        spec.and_then(|s| s.max_unavailable.as_ref()),
        spec.and_then(|s| s.min_available.as_ref()),
    ) {
        (Some(m), _) => format!("maxUnavailable {}", int_or_string(m)),
        (None, Some(m)) => format!("minAvailable {}", int_or_string(m)),
        (None, None) => "no limit set".into(),
    };
    match pdb.status.as_ref() {
        Some(st) => {
            let allowed = st.disruptions_allowed.unwrap_or(0);
            format!(
                "{name} ({limit}; allows {allowed} disruption{}, {} healthy of {} needed)",
                if allowed == 1 { "" } else { "s" },
                st.current_healthy.unwrap_or(0),
                st.desired_healthy.unwrap_or(0)
            )
        }
        None => format!("{name} ({limit}; no status yet)"),
    }
}

fn int_or_string(v: &IntOrString) -> String {
    match v {
        IntOrString::Int(i) => i.to_string(),
        IntOrString::String(s) => s.clone(),
    }
}

/// The sentence for an eviction refused with 429 (rule 4): which budget says
/// no and what it allows now. `causes` are the API server's own messages.
pub fn explain_429(pod: &str, causes: &[String], covering: &[&PodDisruptionBudget]) -> String {
    let budgets = match covering {
        [] => "a PodDisruptionBudget (none covering it was found in the namespace; it may \
               have just been deleted)"
            .to_string(),
        [one] => format!("the PodDisruptionBudget {}", describe_pdb(one)),
        many => format!(
            "the PodDisruptionBudgets {}",
            many.iter()
                .map(|b| describe_pdb(b))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let said = if causes.is_empty() {
        String::new()
    } else {
        format!(" API server: {}.", causes.join("; "))
    };
    format!("eviction of {pod} refused (429): {budgets} forbids it now.{said}")
}

/// Delay before retrying an eviction refused by a budget: 1s, 2s, 4s, ...
/// capped at 15s, so a budget that frees up is noticed quickly without
/// hammering the API server.
pub fn retry_delay(attempt: u32) -> Duration {
    Duration::from_secs(1u64 << attempt.min(4)).min(Duration::from_secs(15))
}

/// Progress phase of one pod, as shown on its bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Evicted,
    Terminating,
    /// The new pod exists but has no node yet.
    Created,
    Scheduled,
    Ready,
    Stable,
}

impl Phase {
    pub fn label(self) -> &'static str {
        match self {
            Phase::Evicted => "evicted",
            Phase::Terminating => "terminating",
            Phase::Created => "created",
            Phase::Scheduled => "scheduled",
            Phase::Ready => "ready",
            Phase::Stable => "stable",
        }
    }
}

/// The phase a replacement is in, from where `health::replacement` says it
/// stands and the new pod itself (scheduled once it has a node).
pub fn phase(r: &Replacement, pod: Option<&Pod>) -> Phase {
    match r {
        Replacement::OldPodPresent { terminating: false } => Phase::Evicted,
        Replacement::OldPodPresent { terminating: true } | Replacement::Absent => {
            Phase::Terminating
        }
        Replacement::Stabilizing { .. } => Phase::Ready,
        Replacement::Done => Phase::Stable,
        _ => {
            if pod
                .and_then(|p| p.spec.as_ref())
                .and_then(|s| s.node_name.as_ref())
                .is_some()
            {
                Phase::Scheduled
            } else {
                Phase::Created
            }
        }
    }
}

/// `--via-template` warnings: that path creates a new revision, the
/// controller rolls pods ignoring PodDisruptionBudgets, and only ordinals at
/// or above the partition.
pub fn via_template_warnings(set: &StatefulSet) -> Vec<String> {
    let name = set.metadata.name.as_deref().unwrap_or_default();
    let mut out = vec![format!(
        "--via-template changes the pod template: it creates a new revision of {name} and the \
         StatefulSet controller replaces the pods itself, ignoring PodDisruptionBudgets and \
         without the health gates of a plain `kubectl sts restart`"
    )];
    let strategy = set.spec.update_strategy.as_ref();
    let kind = strategy
        .and_then(|s| s.type_.as_deref())
        .unwrap_or("RollingUpdate");
    if kind == "OnDelete" {
        out.push(format!(
            "{name} uses the OnDelete update strategy: the controller replaces no pod on its own; \
             the new revision applies only to pods deleted later"
        ));
        return out;
    }
    let live = live_ordinals(set);
    let partition = strategy
        .and_then(|s| s.rolling_update.as_ref())
        .and_then(|r| r.partition)
        .unwrap_or(0);
    let first = live.start.saturating_add(partition.max(0));
    if partition > 0 && !live.is_empty() {
        let below_end = first.min(live.end) - 1;
        out.push(format!(
            "the partition is {partition}: pods {}..{} stay unrestarted (only ordinals >= {first} \
             are rolled); a plain `kubectl sts restart {name}` restarts every pod",
            pod_name(name, live.start),
            pod_name(name, below_end)
        ));
    }
    out
}

#[cfg(test)]
mod tests;
