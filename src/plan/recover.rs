//! `kubectl sts recover`: every recovery rule, as pure decisions. From a
//! snapshot of the StatefulSets, their pods, claims, volumes, nodes and
//! VolumeAttachments, [`diagnose`] returns findings: the evidence, the risk,
//! and the action it proposes, or the reason it refuses to act (safety rules
//! 10, 12, 14). The command re-runs [`diagnose`] on a fresh read just before
//! acting and acts only if the same action is still proposed ([`same_action`]).

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{
    Event, Node, NodeSelectorRequirement, NodeSelectorTerm, PersistentVolume,
    PersistentVolumeClaim, Pod,
};
use k8s_openapi::api::storage::v1::VolumeAttachment;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::jiff::Timestamp;
use serde::Serialize;

use super::names::{pod_name, pvc_name};
use super::pod::{claims_of, node_of, ordinal_of, pod_state};
use super::set::live_ordinals;
use super::stuck::blocking_broken_pods;

mod claims;
mod pods;
mod settle;
mod verify;
mod volumes;

pub use super::finalizers::PVC_PROTECTION;
pub use claims::claims_stuck_terminating;
pub use pods::{broken_at_old_revision, pod_finalizers, stuck_terminating};
pub use settle::resolved_by_other_fixes;
pub use verify::{Effect, Reread, effect, held_text, outcome_of};
pub use volumes::{multi_attach, pending_volumes, term_matches};

pub const OUT_OF_SERVICE_TAINT: &str = "node.kubernetes.io/out-of-service";
/// A claim with no user that is still Terminating after this long is stuck:
/// the PVC protection controller normally lets go within a second.
pub const CLAIM_STUCK_AFTER_SECS: i64 = 60;

/// Everything the rules look at. `None` means "could not be read" (e.g.
/// forbidden): the rules that need it then refuse to act.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub sets: Vec<StatefulSet>,
    pub pods: Vec<Pod>,
    pub pvcs: Vec<PersistentVolumeClaim>,
    pub pvs: Option<Vec<PersistentVolume>>,
    pub nodes: Option<Vec<Node>>,
    pub attachments: Option<Vec<VolumeAttachment>>,
    /// FailedAttachVolume events of the namespaces concerned.
    pub events: Vec<Event>,
    pub warnings: Vec<String>,
}

/// What the user allowed beyond the prompt.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--confirm-node-down NODE`: the user states these nodes are really down.
    pub confirm_node_down: Vec<String>,
    /// `--remove-finalizers`: finalizer removal may be proposed.
    pub remove_finalizers: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Problem {
    StuckTerminating,
    BrokenAtOldRevision,
    MissingClaim,
    UnboundClaim,
    VolumeNodeAffinityConflict,
    MultiAttach,
    ClaimStuckTerminating,
    /// A live ordinal without a pod because its claim is being deleted: the
    /// controller does not create a pod whose claim is terminating.
    PodBlockedByClaim,
    PodHeldByFinalizers,
}

impl Problem {
    pub fn code(self) -> &'static str {
        match self {
            Problem::StuckTerminating => "stuck-terminating",
            Problem::BrokenAtOldRevision => "broken-at-old-revision",
            Problem::MissingClaim => "missing-claim",
            Problem::UnboundClaim => "unbound-claim",
            Problem::VolumeNodeAffinityConflict => "volume-node-affinity-conflict",
            Problem::MultiAttach => "multi-attach",
            Problem::ClaimStuckTerminating => "claim-stuck-terminating",
            Problem::PodBlockedByClaim => "pod-blocked-by-claim",
            Problem::PodHeldByFinalizers => "pod-held-by-finalizers",
        }
    }
}

/// A write the command may do, with the preconditions it carries.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Action {
    /// Delete with Preconditions{uid, resourceVersion}; the controller recreates it.
    DeletePod {
        pod: String,
        uid: String,
        resource_version: String,
    },
    /// Delete with grace period 0 and Preconditions (safety rule 12).
    ForceDeletePod {
        pod: String,
        uid: String,
        resource_version: String,
        node: String,
        /// Claims whose volumes the deletion releases.
        releases: Vec<String>,
    },
    /// Create the claim from the claim template, as the controller would.
    CreateClaim {
        claim: String,
        size: String,
        storage_class: Option<String>,
        access_modes: Vec<String>,
        labels: BTreeMap<String, String>,
        #[serde(skip)]
        manifest: Box<PersistentVolumeClaim>,
    },
    /// Delete a VolumeAttachment held by a dead node, with Preconditions.
    DeleteVolumeAttachment {
        name: String,
        uid: String,
        resource_version: String,
        node: String,
        persistent_volume: String,
    },
    /// JSON patch: test resourceVersion and finalizers, then replace them.
    RemoveFinalizers {
        kind: String,
        name: String,
        uid: String,
        resource_version: String,
        remove: Vec<String>,
        current: Vec<String>,
    },
}

impl Action {
    pub fn describe(&self) -> String {
        match self {
            Action::DeletePod { pod, .. } => {
                format!("delete pod {pod} so the controller recreates it at the update revision")
            }
            Action::ForceDeletePod {
                pod,
                node,
                releases,
                ..
            } => format!(
                "force delete pod {pod} (grace period 0) from node {node}{}",
                if releases.is_empty() {
                    String::new()
                } else {
                    format!(", releasing {}", releases.join(", "))
                }
            ),
            Action::CreateClaim {
                claim,
                size,
                storage_class,
                ..
            } => format!(
                "create PVC {claim} from the claim template ({size}, class {})",
                storage_class.as_deref().unwrap_or("<default>")
            ),
            Action::DeleteVolumeAttachment {
                name,
                node,
                persistent_volume,
                ..
            } => format!(
                "delete VolumeAttachment {name} (volume {persistent_volume} on node {node})"
            ),
            Action::RemoveFinalizers {
                kind, name, remove, ..
            } => format!(
                "remove finalizer{} {} from {kind} {name} (last resort)",
                if remove.len() == 1 { "" } else { "s" },
                remove.join(", ")
            ),
        }
    }

    /// What the fix did, once verified (the start of an `applied` outcome).
    pub fn done_text(&self) -> String {
        match self {
            Action::DeletePod { pod, .. } => format!("deleted pod {pod}"),
            Action::ForceDeletePod {
                pod,
                node,
                releases,
                ..
            } => format!(
                "force deleted pod {pod} from node {node}{}; remove any out-of-service taint \
                 once the node is repaired",
                if releases.is_empty() {
                    String::new()
                } else {
                    format!(", released {}", releases.join(", "))
                }
            ),
            Action::CreateClaim { claim, .. } => format!("created PVC {claim}"),
            Action::DeleteVolumeAttachment {
                name,
                persistent_volume,
                ..
            } => format!(
                "deleted VolumeAttachment {name}; volume {persistent_volume} can now attach to \
                 the new node"
            ),
            Action::RemoveFinalizers { kind, name, .. } => {
                format!("removed the finalizers from {kind} {name}")
            }
        }
    }

    /// Whether this action removes finalizers (it needs its own flag and prompt).
    pub fn is_finalizer_removal(&self) -> bool {
        matches!(self, Action::RemoveFinalizers { .. })
    }

    /// The object the action writes and its UID: two actions are the same
    /// decision when kind, object and UID agree (the resourceVersion may move).
    fn identity(&self) -> (&'static str, &str, &str) {
        match self {
            Action::DeletePod { pod, uid, .. } => ("delete", pod, uid),
            Action::ForceDeletePod { pod, uid, .. } => ("force", pod, uid),
            Action::CreateClaim { claim, .. } => ("create", claim, ""),
            Action::DeleteVolumeAttachment { name, uid, .. } => ("va", name, uid),
            Action::RemoveFinalizers { name, uid, .. } => ("finalizers", name, uid),
        }
    }
}

/// What happened to a finding under `--fix`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    /// applied (verified by re-reading), requested (accepted, but
    /// finalizers hold the object), unverified (not seen within the bound),
    /// dry-run, declined, skipped, refused, failed
    pub result: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// Stable key: `<problem>/<namespace>/<object>`.
    pub id: String,
    pub namespace: String,
    pub stateful_set: String,
    /// `pod/web-0`, `persistentvolumeclaim/data-web-1`, `volumeattachment/csi-...`.
    pub object: String,
    pub problem: Problem,
    pub summary: String,
    pub evidence: Vec<String>,
    pub risk: String,
    /// The proposed action, when every condition for it holds.
    pub action: Option<Action>,
    /// Why nothing is done automatically (or why the stronger action is refused).
    pub refusal: Option<String>,
    /// The proper manual path, as commands or sentences.
    pub advice: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
}

impl Finding {
    fn new(problem: Problem, ns: &str, set: &str, object: String, summary: String) -> Self {
        Self {
            id: format!("{}/{ns}/{object}", problem.code()),
            namespace: ns.to_string(),
            stateful_set: set.to_string(),
            object,
            problem,
            summary,
            evidence: vec![],
            risk: String::new(),
            action: None,
            refusal: None,
            advice: vec![],
            outcome: None,
        }
    }
}

/// Two proposals are the same decision (see [`Action::identity`]).
pub fn same_action(a: &Action, b: &Action) -> bool {
    a.identity() == b.identity()
}

// ---------------------------------------------------------------- nodes

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeState {
    Ready,
    NotReady,
    Unknown,
    /// No Node object of that name.
    Gone,
    /// Nodes could not be read: nothing about them can be claimed.
    Unreadable,
}

impl NodeState {
    fn describe(self) -> &'static str {
        match self {
            NodeState::Ready => "Ready",
            NodeState::NotReady => "NotReady",
            NodeState::Unknown => "Unknown (its kubelet stopped reporting)",
            NodeState::Gone => "gone (no Node object)",
            NodeState::Unreadable => "unreadable (nodes could not be listed)",
        }
    }
    fn down(self) -> bool {
        matches!(
            self,
            NodeState::NotReady | NodeState::Unknown | NodeState::Gone
        )
    }
}

fn find_node<'a>(snap: &'a Snapshot, name: &str) -> (NodeState, Option<&'a Node>) {
    let Some(nodes) = &snap.nodes else {
        return (NodeState::Unreadable, None);
    };
    let Some(n) = nodes
        .iter()
        .find(|n| n.metadata.name.as_deref() == Some(name))
    else {
        return (NodeState::Gone, None);
    };
    let ready = n
        .status
        .as_ref()
        .and_then(|s| s.conditions.as_ref())
        .and_then(|cs| cs.iter().find(|c| c.type_ == "Ready"))
        .map(|c| c.status.as_str());
    let state = match ready {
        Some("True") => NodeState::Ready,
        Some("False") => NodeState::NotReady,
        _ => NodeState::Unknown,
    };
    (state, Some(n))
}

fn has_out_of_service_taint(n: &Node) -> bool {
    n.spec
        .as_ref()
        .and_then(|s| s.taints.as_ref())
        .is_some_and(|ts| ts.iter().any(|t| t.key == OUT_OF_SERVICE_TAINT))
}

// ---------------------------------------------------------------- helpers

fn name(m: &ObjectMeta) -> &str {
    m.name.as_deref().unwrap_or_default()
}

fn phase(p: &Pod) -> &str {
    p.status
        .as_ref()
        .and_then(|s| s.phase.as_deref())
        .unwrap_or("Unknown")
}

fn pod_condition<'a>(
    p: &'a Pod,
    type_: &str,
) -> Option<&'a k8s_openapi::api::core::v1::PodCondition> {
    p.status
        .as_ref()?
        .conditions
        .as_ref()?
        .iter()
        .find(|c| c.type_ == type_)
}

fn scheduling_message(p: &Pod) -> Option<String> {
    let c = pod_condition(p, "PodScheduled")?;
    (c.status == "False").then(|| c.message.clone().unwrap_or_default())
}

fn container_creating(p: &Pod) -> bool {
    p.status
        .as_ref()
        .and_then(|s| s.container_statuses.as_ref())
        .is_some_and(|cs| {
            cs.iter().any(|c| {
                c.state
                    .as_ref()
                    .and_then(|s| s.waiting.as_ref())
                    .and_then(|w| w.reason.as_deref())
                    == Some("ContainerCreating")
            })
        })
        || (phase(p) == "Pending" && node_of(p).is_some())
}

/// Whether the rules look at VolumeAttachments and FailedAttachVolume
/// events for `p` (Multi-Attach): a live pod on a node, waiting for its
/// containers to be created. The reads skip both kinds when no pod does.
pub fn waits_for_volumes(p: &Pod) -> bool {
    p.metadata.deletion_timestamp.is_none() && container_creating(p) && node_of(p).is_some()
}

fn claim_size(c: &PersistentVolumeClaim) -> String {
    c.spec
        .as_ref()
        .and_then(|s| s.resources.as_ref())
        .and_then(|r| r.requests.as_ref())
        .and_then(|r| r.get("storage"))
        .map(|q| q.0.clone())
        .unwrap_or_else(|| "<no size>".into())
}

fn claim_class(c: &PersistentVolumeClaim) -> Option<String> {
    c.spec.as_ref()?.storage_class_name.clone()
}

fn claim_phase(c: &PersistentVolumeClaim) -> &str {
    c.status
        .as_ref()
        .and_then(|s| s.phase.as_deref())
        .unwrap_or("Pending")
}

/// A pod of `set`: its name has a canonical ordinal of the set, and its
/// controller (if any) is that StatefulSet.
fn pods_of<'a>(set: &StatefulSet, pods: &'a [Pod]) -> Vec<&'a Pod> {
    let ns = set.metadata.namespace.as_deref();
    let set_name = name(&set.metadata);
    pods.iter()
        .filter(|p| p.metadata.namespace.as_deref() == ns && ordinal_of(set, p).is_some())
        .filter(|p| {
            p.metadata
                .owner_references
                .iter()
                .flatten()
                .find(|o| o.controller == Some(true))
                .is_none_or(|o| o.kind == "StatefulSet" && o.name == set_name)
        })
        .collect()
}

fn templates(set: &StatefulSet) -> &[PersistentVolumeClaim] {
    set.spec.volume_claim_templates.as_deref().unwrap_or(&[])
}

fn find_claim<'a>(snap: &'a Snapshot, ns: &str, claim: &str) -> Option<&'a PersistentVolumeClaim> {
    snap.pvcs
        .iter()
        .find(|c| c.metadata.namespace.as_deref() == Some(ns) && name(&c.metadata) == claim)
}

fn find_pv<'a>(snap: &'a Snapshot, pv: &str) -> Option<&'a PersistentVolume> {
    snap.pvs.as_ref()?.iter().find(|v| name(&v.metadata) == pv)
}

/// Pods in `ns` that hold `claim` as the PVC protection controller counts
/// them: scheduled pods that mount it (podUsesPVCForDeletion).
fn users_of<'a>(snap: &'a Snapshot, ns: &str, claim: &str) -> Vec<&'a Pod> {
    snap.pods
        .iter()
        .filter(|p| p.metadata.namespace.as_deref() == Some(ns))
        .filter(|p| node_of(p).is_some())
        .filter(|p| claims_of(p).iter().any(|c| c == claim))
        .collect()
}

/// The claim the StatefulSet controller would create for `template` at
/// `ordinal` (getPersistentVolumeClaims in pkg/controller/statefulset): the
/// template with its name, the set's namespace, and the selector's
/// matchLabels merged over the template's labels.
pub fn claim_from_template(
    set: &StatefulSet,
    template: &PersistentVolumeClaim,
    ordinal: i32,
) -> PersistentVolumeClaim {
    let set_name = name(&set.metadata);
    let mut labels = template.metadata.labels.clone().unwrap_or_default();
    for (k, v) in set.spec.selector.match_labels.iter().flatten() {
        labels.insert(k.clone(), v.clone());
    }
    PersistentVolumeClaim {
        metadata: ObjectMeta {
            name: Some(pvc_name(name(&template.metadata), set_name, ordinal)),
            namespace: set.metadata.namespace.clone(),
            labels: (!labels.is_empty()).then_some(labels),
            annotations: template.metadata.annotations.clone(),
            finalizers: template.metadata.finalizers.clone(),
            ..Default::default()
        },
        spec: template.spec.clone(),
        status: None,
    }
}

// ---------------------------------------------------------------- rules

/// Every finding for every StatefulSet of the snapshot, in a stable order.
pub fn diagnose(snap: &Snapshot, opts: &Options, now: Timestamp) -> Vec<Finding> {
    let mut out = Vec::new();
    for set in &snap.sets {
        let pods = pods_of(set, &snap.pods);
        for p in &pods {
            out.extend(stuck_terminating(snap, set, p, opts, now));
            out.extend(pod_finalizers(set, p, opts));
        }
        out.extend(broken_at_old_revision(set, &pods));
        for p in &pods {
            out.extend(pending_volumes(snap, set, p));
            out.extend(multi_attach(snap, set, p));
        }
        out.extend(claims_stuck_terminating(snap, set, opts, now));
    }
    out
}

#[cfg(test)]
mod tests;
