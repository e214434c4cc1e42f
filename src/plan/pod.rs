//! Facts about one pod, each decided in one place: its ordinal, revision,
//! readiness, claims, and whether it is failing now. Pure functions.

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{ContainerStateTerminated, ContainerStatus, Pod};
use k8s_openapi::jiff::Timestamp;

use super::names::pod_ordinal;

/// The label the StatefulSet controller puts on each pod: the revision it runs.
pub const REVISION_LABEL: &str = "controller-revision-hash";

/// Container waiting reasons that mean the pod will not become Ready on its own.
pub const FAILING_REASONS: &[&str] = &[
    "CrashLoopBackOff",
    "ImagePullBackOff",
    "ErrImagePull",
    "InvalidImageName",
    "CreateContainerConfigError",
    "CreateContainerError",
    "RunContainerError",
];

/// The ordinal of `pod` in `set`, if it is one of the set's pods by name.
pub fn ordinal_of(set: &StatefulSet, pod: &Pod) -> Option<i32> {
    pod_ordinal(pod.metadata.name.as_deref()?, set.metadata.name.as_deref()?)
}

/// The node the pod is scheduled to; `None` while it is unscheduled.
pub fn node_of(p: &Pod) -> Option<&str> {
    p.spec
        .as_ref()?
        .node_name
        .as_deref()
        .filter(|n| !n.is_empty())
}

pub fn is_ready(p: &Pod) -> bool {
    ready_condition(p).is_some_and(|(ready, _)| ready)
}

/// Since when the pod has been Ready, if it is.
pub fn ready_since(p: &Pod) -> Option<Timestamp> {
    match ready_condition(p)? {
        (true, since) => since,
        _ => None,
    }
}

fn ready_condition(p: &Pod) -> Option<(bool, Option<Timestamp>)> {
    let c = p
        .status
        .as_ref()?
        .conditions
        .as_ref()?
        .iter()
        .find(|c| c.type_ == "Ready")?;
    Some((
        c.status == "True",
        c.last_transition_time.as_ref().map(|t| t.0),
    ))
}

pub fn revision(p: &Pod) -> Option<&str> {
    p.metadata
        .labels
        .as_ref()?
        .get(REVISION_LABEL)
        .map(String::as_str)
}

pub fn restarts(p: &Pod) -> i32 {
    p.status
        .as_ref()
        .and_then(|s| s.container_statuses.as_ref())
        .map(|cs| cs.iter().map(|c| c.restart_count).sum())
        .unwrap_or(0)
}

/// A reason the pod will not become Ready by waiting, judged by its
/// **current** state only: phase Failed, or a container (or init container)
/// waiting for a reason in [`FAILING_REASONS`]. A restart in the pod's past is
/// not a failure (most production pods have some); [`restarted_since`] says
/// whether one happened during an operation, [`past_restarts`] describes them.
pub fn failing(p: &Pod) -> Option<String> {
    let st = p.status.as_ref()?;
    if st.phase.as_deref() == Some("Failed") {
        return Some(format!(
            "pod phase is Failed{}",
            st.reason
                .as_ref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default()
        ));
    }
    for c in containers(p) {
        if let Some(w) = c.state.as_ref().and_then(|s| s.waiting.as_ref())
            && let Some(r) = w.reason.as_deref().filter(|r| FAILING_REASONS.contains(r))
        {
            return Some(format!(
                "container {} is {r}{}",
                c.name,
                w.message
                    .as_ref()
                    .map(|m| format!(": {m}"))
                    .unwrap_or_default()
            ));
        }
    }
    None
}

/// A container restart that happened after `since` (the start of an
/// operation): every restart of a pod created after `since`, or, for an older
/// pod, a last termination that finished after `since`. `None` when the
/// pod's restarts all predate the operation.
pub fn restarted_since(p: &Pod, since: Timestamp) -> Option<String> {
    let created_after = p
        .metadata
        .creation_timestamp
        .as_ref()
        .is_some_and(|c| c.0 > since);
    for c in containers(p) {
        let last = c.last_state.as_ref().and_then(|s| s.terminated.as_ref());
        let finished_after = last
            .and_then(|t| t.finished_at.as_ref())
            .is_some_and(|f| f.0 > since);
        if (created_after && c.restart_count > 0) || finished_after {
            return Some(format!(
                "container {} restarted during the operation{}",
                c.name,
                last.map(termination_text).unwrap_or_default()
            ));
        }
    }
    None
}

/// Restarts in the pod's past, for information only ("container db
/// restarted 1 time(s), last exit code 137, OOMKilled"); `None` without any.
pub fn past_restarts(p: &Pod) -> Option<String> {
    let parts: Vec<String> = containers(p)
        .filter(|c| c.restart_count > 0)
        .map(|c| {
            format!(
                "container {} restarted {} time(s){}",
                c.name,
                c.restart_count,
                c.last_state
                    .as_ref()
                    .and_then(|s| s.terminated.as_ref())
                    .map(termination_text)
                    .unwrap_or_default()
            )
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

fn termination_text(t: &ContainerStateTerminated) -> String {
    format!(
        " (last exit code {}{})",
        t.exit_code,
        t.reason
            .as_ref()
            .map(|r| format!(", {r}"))
            .unwrap_or_default()
    )
}

/// Init containers, then app containers (sidecars are init containers).
fn containers(p: &Pod) -> impl Iterator<Item = &ContainerStatus> {
    let st = p.status.as_ref();
    st.and_then(|s| s.init_container_statuses.as_ref())
        .into_iter()
        .flatten()
        .chain(
            st.and_then(|s| s.container_statuses.as_ref())
                .into_iter()
                .flatten(),
        )
}

/// Every PersistentVolumeClaim the pod mounts by name: its claim-template
/// claims and any other `persistentVolumeClaim` volume. (Generic ephemeral
/// volumes are left out: their claims are owned by the pod and go with it.)
pub fn claims_of(p: &Pod) -> Vec<String> {
    p.spec
        .as_ref()
        .and_then(|s| s.volumes.as_ref())
        .map(|vs| {
            vs.iter()
                .filter_map(|v| Some(v.persistent_volume_claim.as_ref()?.claim_name.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// Phase, or the first container waiting reason: what kubectl shows as STATUS.
pub fn pod_state(p: &Pod) -> String {
    let st = p.status.as_ref();
    st.and_then(|s| s.container_statuses.as_ref())
        .and_then(|cs| {
            cs.iter()
                .find_map(|c| c.state.as_ref()?.waiting.as_ref()?.reason.clone())
        })
        .or_else(|| st.and_then(|s| s.phase.clone()))
        .unwrap_or_else(|| "Unknown".into())
}
