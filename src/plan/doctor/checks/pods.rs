//! The set's pods as they are now: deletions that do not finish, pods the
//! last rollout left behind, and pods on nodes that are down or gone.

use std::collections::BTreeMap;
use std::time::Duration;

use k8s_openapi::api::core::v1::{Node, Pod};
use k8s_openapi::jiff::Timestamp;

use crate::duration::human;
use crate::plan::doctor::{Check, Facts, Finding, Severity, Unavailable};
use crate::plan::pod::{node_of, ordinal_of, revision};
use crate::plan::set::{partition, range_text, revisions, strategy, updated_ordinals};

pub const ALL: &[Check] = &[
    Check {
        id: "pod-stuck-terminating",
        severity: Severity::Error,
        summary: "a pod still Terminating more than 60 s after its deletion deadline (grace \
                  period included)",
        run: stuck_terminating,
    },
    Check {
        id: "pod-old-revision",
        severity: Severity::Warning,
        summary: "pods at an old revision with no rollout in progress, in ordinals the partition \
                  lets update",
        run: old_revision,
    },
    Check {
        id: "pod-node-not-ready",
        severity: Severity::Error,
        summary: "a pod on a node that is NotReady, Unknown or no longer exists",
        run: node_not_ready,
    },
];

/// Slack after the deletion deadline before a deletion counts as stuck:
/// the kubelet reports the end of a pod within seconds when it can.
const STUCK_AFTER_SECS: i64 = 60;

fn name_of(p: &Pod) -> &str {
    p.metadata.name.as_deref().unwrap_or_default()
}

/// The deletion deadline of a pod stuck Terminating. `deletionTimestamp`
/// already includes the grace period: the API server sets it to the time
/// of the request plus the grace period (Kubernetes API reference,
/// ObjectMeta.deletionTimestamp), so adding the grace period again would
/// double it.
fn stuck_since(p: &Pod, now: Timestamp) -> Option<Timestamp> {
    let deadline = p.metadata.deletion_timestamp.as_ref()?.0;
    (now.as_second() > deadline.as_second() + STUCK_AFTER_SECS).then_some(deadline)
}

/// The StatefulSet controller creates the pod of an ordinal only once the
/// old one is gone from the API: a deletion that never finishes keeps that
/// member down.
fn stuck_terminating(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    let mut out = vec![];
    for p in &f.pods {
        let Some(deadline) = stuck_since(p, f.now) else {
            continue;
        };
        let pod = name_of(p);
        let late = human(Duration::from_secs(
            (f.now.as_second() - deadline.as_second()).max(0) as u64,
        ));
        let mut finding = Finding::new(
            "pod-stuck-terminating",
            Severity::Error,
            f,
            format!("pod {pod} is stuck Terminating ({late} past its deletion deadline)"),
        )
        .object("pod", pod)
        .evidence(format!(
            "pod {pod}: metadata.deletionTimestamp: {deadline} (grace period included), \
             deletionGracePeriodSeconds: {}",
            p.metadata
                .deletion_grace_period_seconds
                .map_or("(unset)".into(), |g| g.to_string())
        ))
        .evidence(format!(
            "pod {pod}: spec.nodeName: {}",
            node_of(p).unwrap_or("(none)")
        ));
        if let Some(fin) = p.metadata.finalizers.as_ref().filter(|f| !f.is_empty()) {
            finding = finding.evidence(format!(
                "pod {pod}: metadata.finalizers: {}",
                fin.join(", ")
            ));
        }
        out.push(
            finding
                .why(format!(
                    "the controller does not create a new pod {pod} until this one is gone, \
                     so that member stays down (and under OrderedReady the ordinals after it \
                     too); a node that is down never confirms the deletion"
                ))
                .fix(format!(
                    "kubectl sts recover {} -n {} (shows whether the node is down and force \
                     deleting is safe, and does it with --fix)",
                    f.name(),
                    f.ns()
                )),
        );
    }
    Ok(out)
}

/// With `status.currentRevision == status.updateRevision` no rollout is in
/// progress, so every pod the partition lets update should run the update
/// revision. One that does not was left behind, typically by a rollback
/// under OrderedReady (kubernetes#67250) or a pod recreated while the
/// controller's view was stale. Skipped while the controller has not yet
/// observed the latest spec.
fn old_revision(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    let (Some(cur), Some(upd)) = revisions(f.set) else {
        return Ok(vec![]);
    };
    let st = f.set.status.as_ref();
    let observed = st.and_then(|s| s.observed_generation);
    if cur != upd || observed < f.set.metadata.generation {
        return Ok(vec![]);
    }
    let s = strategy(f.set);
    let p = if s.has_partition() {
        partition(f.set)
    } else {
        0
    };
    let range = updated_ordinals(f.set, p);
    let mut behind: Vec<(&str, &str)> = f
        .pods
        .iter()
        .filter(|pod| pod.metadata.deletion_timestamp.is_none())
        .filter(|pod| ordinal_of(f.set, pod).is_some_and(|o| range.contains(&o)))
        .filter_map(|pod| Some((name_of(pod), revision(pod)?)))
        .filter(|(_, rev)| *rev != upd)
        .collect();
    if behind.is_empty() {
        return Ok(vec![]);
    }
    behind.sort();
    let names: Vec<&str> = behind.iter().map(|(n, _)| *n).collect();
    let mut finding = Finding::new(
        "pod-old-revision",
        Severity::Warning,
        f,
        format!(
            "pod(s) {} run an old revision with no rollout in progress",
            names.join(", ")
        ),
    );
    for n in &names {
        finding = finding.object("pod", n);
    }
    finding = finding
        .evidence(format!(
            "status.currentRevision = status.updateRevision: {upd}"
        ))
        .evidence(if s.has_partition() {
            format!(
                "spec.updateStrategy.rollingUpdate.partition: {p} (ordinals {} update)",
                range_text(&range)
            )
        } else {
            format!("spec.updateStrategy.type: {}", s.name())
        });
    for (n, rev) in &behind {
        finding = finding.evidence(format!("pod {n}: controller-revision-hash: {rev}"));
    }
    let pods: String = names.iter().map(|n| format!(" --pod {n}")).collect();
    Ok(vec![
        finding
            .why(
                "the controller considers the rollout done and will not replace these pods, so \
                 the set runs two templates until they are recreated, and the next restart of \
                 one of them changes its software unannounced",
            )
            .fix(format!(
                "kubectl sts restart {name} -n {ns}{pods} (recreates them one at a time at the \
                 update revision); if one is failing, `kubectl sts recover {name} -n {ns}` \
                 first",
                name = f.name(),
                ns = f.ns()
            )),
    ])
}

/// The Ready condition of a node, as `(status, reason, since)`.
fn ready(n: &Node) -> (String, Option<String>, Option<Timestamp>) {
    n.status
        .as_ref()
        .and_then(|s| s.conditions.as_ref())
        .and_then(|cs| cs.iter().find(|c| c.type_ == "Ready"))
        .map_or(("(no Ready condition)".into(), None, None), |c| {
            (
                c.status.clone(),
                c.reason.clone(),
                c.last_transition_time.as_ref().map(|t| t.0),
            )
        })
}

/// A pod on a node whose kubelet does not report keeps its identity: the
/// controller never runs two pods of one ordinal, so the member stays down
/// until the node comes back or is declared down (Kubernetes docs,
/// "StatefulSet > Force deletion" and "Node Shutdowns > Non-graceful node
/// shutdown"). A pod already stuck Terminating is reported by
/// pod-stuck-terminating instead.
fn node_not_ready(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    let placed: Vec<(&str, &Pod)> = f
        .pods
        .iter()
        .filter(|p| stuck_since(p, f.now).is_none())
        .filter(|p| {
            let phase = p.status.as_ref().and_then(|s| s.phase.as_deref());
            !matches!(phase, Some("Succeeded" | "Failed"))
        })
        .filter_map(|p| Some((node_of(p)?, *p)))
        .collect();
    if placed.is_empty() {
        return Ok(vec![]);
    }
    let nodes = f.nodes()?;
    let mut by_node: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (node, p) in placed {
        by_node.entry(node).or_default().push(name_of(p));
    }
    let mut out = vec![];
    for (node, mut pods) in by_node {
        let state = match nodes
            .iter()
            .find(|n| n.metadata.name.as_deref() == Some(node))
        {
            None => format!("node {node} does not exist"),
            Some(n) => match ready(n) {
                (s, _, _) if s == "True" => continue,
                (s, reason, since) => format!(
                    "node {node}: Ready condition: {s}{}{}",
                    reason.map(|r| format!(" ({r})")).unwrap_or_default(),
                    since.map(|t| format!(" since {t}")).unwrap_or_default()
                ),
            },
        };
        pods.sort();
        let gone = state.ends_with("does not exist");
        let mut finding = Finding::new(
            "pod-node-not-ready",
            Severity::Error,
            f,
            format!(
                "pod(s) {} on node {node}, which {}",
                pods.join(", "),
                if gone {
                    "no longer exists"
                } else {
                    "is not Ready"
                }
            ),
        )
        .object("node", node);
        for p in &pods {
            finding = finding.object("pod", p);
        }
        out.push(
            finding
                .evidence(state)
                .evidence(format!("on node {node}: pod(s) {}", pods.join(", ")))
                .why(
                    "these members do not serve, and the controller will not start them \
                     elsewhere while their pods exist: a StatefulSet never runs two pods of one \
                     ordinal, so they stay down until the node returns or is declared down",
                )
                .fix(format!(
                    "kubectl sts recover {} -n {} (checks the node and proposes the safe way to \
                     move the pods: the out-of-service taint once the node is really off)",
                    f.name(),
                    f.ns()
                )),
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
