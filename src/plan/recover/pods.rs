//! Recovery rules for the pods themselves: stuck Terminating on a node that
//! cannot finish the deletion (rule 12), held by finalizers, or broken at an
//! old revision that OrderedReady never replaces (rule 10, kubernetes#67250).

use super::*;

/// Rule 12. A terminating pod whose node cannot finish the deletion.
pub fn stuck_terminating(
    snap: &Snapshot,
    set: &StatefulSet,
    p: &Pod,
    opts: &Options,
    now: Timestamp,
) -> Option<Finding> {
    let deleted_at = p.metadata.deletion_timestamp.as_ref()?.0;
    let ns = p.metadata.namespace.as_deref().unwrap_or_default();
    let pod = name(&p.metadata);
    let node = node_of(p);
    let (state, node_obj) = match node {
        Some(n) => find_node(snap, n),
        None => (NodeState::Gone, None),
    };
    // On a Ready node a deletion that is not yet overdue is just in progress.
    let overdue = now.as_second() > deleted_at.as_second();
    if state == NodeState::Ready && !overdue {
        return None;
    }
    let node_name = node.unwrap_or("<unscheduled>");
    let mut f = Finding::new(
        Problem::StuckTerminating,
        ns,
        name(&set.metadata),
        format!("pod/{pod}"),
        format!("pod {pod} is stuck Terminating on node {node_name}"),
    );
    f.evidence.push(format!(
        "deletion requested; deadline {deleted_at} (grace period included)"
    ));
    f.evidence
        .push(format!("node {node_name} is {}", state.describe()));
    let taint = node_obj.is_some_and(has_out_of_service_taint);
    if taint {
        f.evidence.push(format!(
            "node {node_name} has the {OUT_OF_SERVICE_TAINT} taint"
        ));
    }
    let releases = claims_of(p);
    if !releases.is_empty() {
        f.evidence
            .push(format!("mounts PVC {}", releases.join(", ")));
    }
    let finalizers = p.metadata.finalizers.clone().unwrap_or_default();
    f.risk = format!(
        "force deleting frees the identity {pod} at once: if node {node_name} is in fact still \
         running the old pod, two pods may write to {} (split brain, kubernetes#61832)",
        if releases.is_empty() {
            "the same data".to_string()
        } else {
            releases.join(", ")
        }
    );
    let confirmed = opts.confirm_node_down.iter().any(|n| n == node_name);
    let taint_cmd =
        format!("kubectl taint node {node_name} {OUT_OF_SERVICE_TAINT}=nodeshutdown:NoExecute");
    let untaint_cmd = format!("kubectl taint node {node_name} {OUT_OF_SERVICE_TAINT}-");
    match state {
        NodeState::Ready => {
            f.refusal = Some(format!(
                "node {node_name} is Ready: its kubelet is alive and owns the deletion; force \
                 delete refused. Look at the pod's preStop hooks and the kubelet on \
                 {node_name}"
            ));
            return Some(f);
        }
        NodeState::Unreadable => {
            f.refusal = Some(format!(
                "the state of node {node_name} cannot be read, so it cannot be shown to be down; \
                 force delete refused"
            ));
            return Some(f);
        }
        _ => {}
    }
    if !finalizers.is_empty() {
        f.evidence
            .push(format!("finalizers {} also hold it", finalizers.join(", ")));
    }
    // A force delete already sent (grace period 0) that finalizers hold:
    // sending it again changes nothing (pod_finalizers explains them).
    if p.metadata.deletion_grace_period_seconds == Some(0) && !finalizers.is_empty() {
        f.refusal = Some(format!(
            "no new action: pod {pod} was already force deleted; it is {}",
            held_text("pod", pod, ns, &finalizers)
        ));
        return Some(f);
    }
    let allowed = state == NodeState::Gone || taint || confirmed;
    if !allowed {
        f.refusal = Some(format!(
            "node {node_name} is {} but has no {OUT_OF_SERVICE_TAINT} taint and was not \
             confirmed down: force delete refused. Once the node is really powered \
             off, taint it (proper path), or re-run with --confirm-node-down {node_name}",
            match state {
                NodeState::NotReady => "NotReady",
                _ => "Unknown",
            }
        ));
        f.advice.push(format!(
            "if {node_name} is shut down: {taint_cmd}   (the controllers then delete its pods \
             and detach its volumes; never taint a node that is running)"
        ));
        f.advice
            .push(format!("once the pods are replaced: {untaint_cmd}"));
        return Some(f);
    }
    if taint {
        f.advice.push(format!(
            "remove the taint once {node_name} is repaired and its pods are replaced: {untaint_cmd}"
        ));
    } else if state != NodeState::Gone {
        f.advice.push(format!(
            "proper path instead of a force delete: {taint_cmd} (and {untaint_cmd} afterwards)"
        ));
    }
    f.action = Some(Action::ForceDeletePod {
        pod: pod.to_string(),
        uid: p.metadata.uid.clone().unwrap_or_default(),
        resource_version: p.metadata.resource_version.clone().unwrap_or_default(),
        node: node_name.to_string(),
        releases,
    });
    Some(f)
}

/// A terminating pod of the set held by finalizers: show them; removal only
/// with `--remove-finalizers`.
pub fn pod_finalizers(set: &StatefulSet, p: &Pod, opts: &Options) -> Option<Finding> {
    p.metadata.deletion_timestamp.as_ref()?;
    let finalizers = p.metadata.finalizers.clone().filter(|f| !f.is_empty())?;
    let ns = p.metadata.namespace.as_deref().unwrap_or_default();
    let pod = name(&p.metadata);
    let mut f = Finding::new(
        Problem::PodHeldByFinalizers,
        ns,
        name(&set.metadata),
        format!("pod/{pod}"),
        format!("pod {pod} is being deleted but finalizers hold it"),
    );
    for fin in &finalizers {
        f.evidence.push(format!(
            "finalizer {fin} (held by the controller that owns that name)"
        ));
    }
    f.risk = "removing a finalizer skips the clean-up its controller would do (e.g. releasing \
              an external resource); do it only when that controller is gone or broken"
        .into();
    f.advice.push(format!(
        "find the controller behind {} and fix it; that releases the pod",
        finalizers.join(", ")
    ));
    finalizer_action(
        &mut f,
        "pod",
        &p.metadata,
        finalizers,
        opts.remove_finalizers,
    );
    Some(f)
}

pub(super) fn finalizer_action(
    f: &mut Finding,
    kind: &str,
    meta: &ObjectMeta,
    remove: Vec<String>,
    allowed: bool,
) {
    if !allowed {
        f.refusal = Some(
            "removing finalizers is the last resort: re-run with --fix --remove-finalizers to be \
             offered it (with its own confirmation)"
                .into(),
        );
        return;
    }
    f.action = Some(Action::RemoveFinalizers {
        kind: kind.to_string(),
        name: name(meta).to_string(),
        uid: meta.uid.clone().unwrap_or_default(),
        resource_version: meta.resource_version.clone().unwrap_or_default(),
        remove,
        current: meta.finalizers.clone().unwrap_or_default(),
    });
}

/// Rule 10 / kubernetes#67250: a broken pod left at an old revision under
/// OrderedReady; the fix is deleting it, once the controller saw the revert.
pub fn broken_at_old_revision(set: &StatefulSet, pods: &[&Pod]) -> Vec<Finding> {
    let ns = set.metadata.namespace.as_deref().unwrap_or_default();
    let set_name = name(&set.metadata);
    let generation = set.metadata.generation.unwrap_or(0);
    let observed = set
        .status
        .as_ref()
        .and_then(|s| s.observed_generation)
        .unwrap_or(0);
    let update_rev = set
        .status
        .as_ref()
        .and_then(|s| s.update_revision.clone())
        .unwrap_or_default();
    blocking_broken_pods(set, pods)
        .into_iter()
        .map(|b| {
            let p = pods
                .iter()
                .find(|p| name(&p.metadata) == b.name)
                .expect("blocking_broken_pods returns pods it was given");
            let mut f = Finding::new(
                Problem::BrokenAtOldRevision,
                ns,
                set_name,
                format!("pod/{}", b.name),
                format!(
                    "pod {} is broken at revision {} and blocks the rollout to {update_rev} \
                     (OrderedReady never replaces it, kubernetes#67250)",
                    b.name, b.revision
                ),
            );
            f.evidence.push(b.reason.clone());
            f.evidence.push(format!(
                "pod revision {}, StatefulSet update revision {update_rev}",
                b.revision
            ));
            f.risk = format!(
                "the pod is deleted and recreated at {update_rev}; its PVCs are kept. It is not \
                 serving now, so availability does not drop"
            );
            if observed < generation {
                f.refusal = Some(format!(
                    "the controller has not observed generation {generation} yet (observed \
                     {observed}); wait until it has, then re-run"
                ));
            } else {
                f.action = Some(Action::DeletePod {
                    pod: b.name.clone(),
                    uid: b.uid.clone(),
                    resource_version: p.metadata.resource_version.clone().unwrap_or_default(),
                });
            }
            f
        })
        .collect()
}
