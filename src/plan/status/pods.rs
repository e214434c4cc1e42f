//! The pod of each ordinal in the status report: what it is (status,
//! readiness, restarts as information, revision role) and the problems
//! worth flagging about it. Health is the current state: restarts in the
//! past are shown, never flagged on a Ready pod.

use k8s_openapi::api::core::v1::Pod;

use super::{PodInfo, Problem, warn};
use crate::plan::pod::REVISION_LABEL;

pub(super) fn pod_info(p: &Pod, owner_uid: Option<&str>, current: &str, update: &str) -> PodInfo {
    let st = p.status.as_ref();
    let statuses = st.and_then(|s| s.container_statuses.as_ref());
    let containers = p.spec.as_ref().map(|s| s.containers.len()).unwrap_or(0);
    let ready_containers = statuses
        .map(|cs| cs.iter().filter(|c| c.ready).count())
        .unwrap_or(0);
    let restarts = statuses
        .map(|cs| cs.iter().map(|c| c.restart_count).sum())
        .unwrap_or(0);
    let ready = st
        .and_then(|s| s.conditions.as_ref())
        .and_then(|cs| cs.iter().find(|c| c.type_ == "Ready"))
        .is_some_and(|c| c.status == "True");
    let phase = st
        .and_then(|s| s.phase.clone())
        .unwrap_or_else(|| "Unknown".into());
    let terminating = p.metadata.deletion_timestamp.is_some();
    let waiting = statuses.and_then(|cs| {
        cs.iter()
            .filter_map(|c| c.state.as_ref()?.waiting.as_ref()?.reason.clone())
            .next()
    });
    let terminated = statuses.and_then(|cs| {
        cs.iter()
            .filter_map(|c| c.state.as_ref()?.terminated.as_ref()?.reason.clone())
            .next()
    });
    let status = if terminating {
        "Terminating".to_string()
    } else {
        waiting.or(terminated).unwrap_or_else(|| phase.clone())
    };
    let revision = p
        .metadata
        .labels
        .as_ref()
        .and_then(|l| l.get(REVISION_LABEL))
        .cloned();
    let revision_role = match revision.as_deref() {
        None => "unknown",
        Some(r) if r == current && r == update => "current+update",
        Some(r) if r == update => "update",
        Some(r) if r == current => "current",
        Some(_) => "other",
    };
    PodInfo {
        name: p.metadata.name.clone().unwrap_or_default(),
        uid: p.metadata.uid.clone().unwrap_or_default(),
        phase,
        status,
        ready,
        ready_containers,
        containers,
        restarts,
        created: p
            .metadata
            .creation_timestamp
            .as_ref()
            .map(|t| t.0.to_string()),
        node: p.spec.as_ref().and_then(|s| s.node_name.clone()),
        ip: st.and_then(|s| s.pod_ip.clone()),
        revision,
        revision_role: revision_role.into(),
        terminating,
        owned: owner_uid.is_some_and(|uid| {
            p.metadata
                .owner_references
                .iter()
                .flatten()
                .any(|r| r.controller == Some(true) && r.uid == uid)
        }),
    }
}

pub(super) fn pod_problems(pi: &PodInfo, obj: &str, out: &mut Vec<Problem>) {
    if !pi.owned {
        out.push(warn(
            "PodNotOwned",
            obj,
            format!(
                "pod {} has this StatefulSet's pod name but is not controlled by it; the \
                 controller will not manage or replace it",
                pi.name
            ),
        ));
    }
    if pi.terminating {
        out.push(warn(
            "PodTerminating",
            obj,
            format!("pod {} is terminating", pi.name),
        ));
    } else if !pi.ready {
        out.push(warn(
            "PodNotReady",
            obj,
            format!(
                "pod {} is not Ready ({}, {}/{} containers ready{})",
                pi.name,
                pi.status,
                pi.ready_containers,
                pi.containers,
                if pi.restarts > 0 {
                    format!(", {} restarts", pi.restarts)
                } else {
                    String::new()
                }
            ),
        ));
    }
}

/// During a RollingUpdate with a pending revision: pods at index >= partition
/// should reach the update revision; pods below it must stay at the current
/// one (kubernetes#119685 and #121534 broke exactly that).
pub(super) fn revision_problems(
    pi: &PodInfo,
    obj: &str,
    index: i32,
    partition: i32,
    start: i32,
    out: &mut Vec<Problem>,
) {
    let boundary = start.saturating_add(partition);
    match pi.revision_role.as_str() {
        "update" if index < partition => out.push(warn(
            "UpdatedBelowPartition",
            obj,
            format!(
                "pod {} runs the update revision {} although it is below the partition \
                 (ordinals < {boundary} should stay at the current revision)",
                pi.name,
                pi.revision.as_deref().unwrap_or("?")
            ),
        )),
        "current" | "other" if index >= partition => out.push(warn(
            "OutdatedAbovePartition",
            obj,
            format!(
                "pod {} still runs the old revision {} although its ordinal is at or above the \
                 partition (ordinals >= {boundary} should be updated): rollout in progress or stuck",
                pi.name,
                pi.revision.as_deref().unwrap_or("?")
            ),
        )),
        _ => {}
    }
}
