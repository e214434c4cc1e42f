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
use super::pod::{ordinal_of, pod_state};
use super::set::live_ordinals;
use super::stuck::blocking_broken_pods;

pub const OUT_OF_SERVICE_TAINT: &str = "node.kubernetes.io/out-of-service";
pub const PVC_PROTECTION: &str = "kubernetes.io/pvc-protection";
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
    /// applied, dry-run, declined, skipped, refused, failed
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

fn claims_of(p: &Pod) -> Vec<String> {
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

fn node_of(p: &Pod) -> Option<&str> {
    p.spec
        .as_ref()?
        .node_name
        .as_deref()
        .filter(|n| !n.is_empty())
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

fn finalizer_action(
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

/// A Pending pod of a live ordinal: missing claim (#74374), unbound claim,
/// or a volume node affinity conflict.
pub fn pending_volumes(snap: &Snapshot, set: &StatefulSet, p: &Pod) -> Vec<Finding> {
    let mut out = Vec::new();
    if phase(p) != "Pending" || p.metadata.deletion_timestamp.is_some() {
        return out;
    }
    let Some(ord) = ordinal_of(set, p) else {
        return out;
    };
    let ns = p.metadata.namespace.as_deref().unwrap_or_default();
    let set_name = name(&set.metadata);
    let pod = name(&p.metadata);
    let sched = scheduling_message(p);
    let live = live_ordinals(set).contains(&ord);
    for tpl in templates(set) {
        let claim = pvc_name(name(&tpl.metadata), set_name, ord);
        match find_claim(snap, ns, &claim) {
            None => {
                let mut f = Finding::new(
                    Problem::MissingClaim,
                    ns,
                    set_name,
                    format!("persistentvolumeclaim/{claim}"),
                    format!("pod {pod} is Pending because its PVC {claim} does not exist"),
                );
                f.evidence.push(format!(
                    "pod {pod} is Pending{}",
                    sched.as_ref().map(|m| format!(": {m}")).unwrap_or_default()
                ));
                f.evidence.push(format!(
                    "no PVC {claim} in namespace {ns} (claim template {})",
                    name(&tpl.metadata)
                ));
                f.risk = "a new, empty volume is provisioned: the data of the deleted claim is \
                          not restored (restore from a backup or a snapshot if it matters)"
                    .into();
                if !live {
                    f.refusal = Some(format!(
                        "ordinal {ord} is outside the live range {:?}; nothing to recreate",
                        live_ordinals(set)
                    ));
                } else {
                    let manifest = claim_from_template(set, tpl, ord);
                    f.action = Some(Action::CreateClaim {
                        claim: claim.clone(),
                        size: claim_size(&manifest),
                        storage_class: claim_class(&manifest),
                        access_modes: manifest
                            .spec
                            .as_ref()
                            .and_then(|s| s.access_modes.clone())
                            .unwrap_or_default(),
                        labels: manifest.metadata.labels.clone().unwrap_or_default(),
                        manifest: Box::new(manifest),
                    });
                }
                out.push(f);
            }
            Some(c) if c.metadata.deletion_timestamp.is_some() => {
                // Reported by claims_stuck_terminating; the pod waits for it.
            }
            Some(c) if claim_phase(c) != "Bound" => {
                out.push(unbound_claim(snap, set_name, pod, c, sched.as_deref()));
            }
            Some(_) => {}
        }
    }
    if let Some(f) = affinity_conflict(snap, set_name, p, sched.as_deref()) {
        out.push(f);
    }
    out
}

fn unbound_claim(
    snap: &Snapshot,
    set_name: &str,
    pod: &str,
    c: &PersistentVolumeClaim,
    sched: Option<&str>,
) -> Finding {
    let ns = c.metadata.namespace.as_deref().unwrap_or_default();
    let claim = name(&c.metadata);
    let mut f = Finding::new(
        Problem::UnboundClaim,
        ns,
        set_name,
        format!("persistentvolumeclaim/{claim}"),
        format!(
            "pod {pod} is Pending on PVC {claim}, which is {}",
            claim_phase(c)
        ),
    );
    let class = claim_class(c);
    f.evidence.push(format!(
        "PVC {claim}: {}, requests {}, class {}",
        claim_phase(c),
        claim_size(c),
        class.as_deref().unwrap_or("<default>")
    ));
    if let Some(m) = sched {
        f.evidence.push(format!("scheduler: {m}"));
    }
    let wanted = c.spec.as_ref().and_then(|s| s.volume_name.clone());
    match (&snap.pvs, wanted) {
        (None, _) => f
            .evidence
            .push("PersistentVolumes could not be read".into()),
        (Some(_), Some(v)) => match find_pv(snap, &v) {
            None => f
                .evidence
                .push(format!("it names PV {v}, which does not exist")),
            Some(pv) => f.evidence.push(format!(
                "it names PV {v}, which is {} (claimRef {})",
                pv.status
                    .as_ref()
                    .and_then(|s| s.phase.as_deref())
                    .unwrap_or("?"),
                pv.spec
                    .as_ref()
                    .and_then(|s| s.claim_ref.as_ref())
                    .map(|r| format!(
                        "{}/{}",
                        r.namespace.as_deref().unwrap_or(""),
                        r.name.as_deref().unwrap_or("")
                    ))
                    .unwrap_or_else(|| "none".into())
            )),
        },
        (Some(pvs), None) => {
            let available: Vec<String> = pvs
                .iter()
                .filter(|v| {
                    v.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Available")
                        && v.spec.as_ref().and_then(|s| s.storage_class_name.clone()) == class
                })
                .map(|v| {
                    format!(
                        "{} ({})",
                        name(&v.metadata),
                        v.spec
                            .as_ref()
                            .and_then(|s| s.capacity.as_ref())
                            .and_then(|c| c.get("storage"))
                            .map(|q| q.0.as_str())
                            .unwrap_or("?")
                    )
                })
                .collect();
            f.evidence.push(if available.is_empty() {
                format!(
                    "no Available PV of class {}; the claim waits for a provisioner",
                    class.as_deref().unwrap_or("<default>")
                )
            } else {
                format!("Available PVs of that class: {}", available.join(", "))
            });
        }
    }
    f.risk = "none taken: binding is the job of the provisioner and the PV controller".into();
    f.refusal = Some(
        "no automatic action: check the StorageClass's provisioner, its events (kubectl describe \
         pvc), and the capacity and access modes of the Available PVs"
            .into(),
    );
    f.advice
        .push(format!("kubectl describe pvc {claim} -n {ns}"));
    f
}

fn affinity_conflict(
    snap: &Snapshot,
    set_name: &str,
    p: &Pod,
    sched: Option<&str>,
) -> Option<Finding> {
    let ns = p.metadata.namespace.as_deref().unwrap_or_default();
    let pod = name(&p.metadata);
    let nodes = snap.nodes.as_ref();
    let mut evidence = Vec::new();
    // The scheduler's words: "volume node affinity conflict" (older) or
    // "didn't match PersistentVolume's node affinity" (1.37).
    let mut conflict = sched.is_some_and(|m| {
        m.contains("volume node affinity conflict")
            || m.contains("PersistentVolume's node affinity")
    });
    for claim in claims_of(p) {
        let Some(c) = find_claim(snap, ns, &claim) else {
            continue;
        };
        let Some(pv_name) = c.spec.as_ref().and_then(|s| s.volume_name.clone()) else {
            continue;
        };
        let Some(pv) = find_pv(snap, &pv_name) else {
            continue;
        };
        let Some(terms) = pv
            .spec
            .as_ref()
            .and_then(|s| s.node_affinity.as_ref())
            .and_then(|a| a.required.as_ref())
            .map(|r| &r.node_selector_terms)
        else {
            continue;
        };
        let matching: Vec<String> = nodes
            .map(|ns| {
                ns.iter()
                    .filter(|n| terms.iter().any(|t| term_matches(t, n)))
                    .map(|n| {
                        let (st, _) = find_node(snap, name(&n.metadata));
                        format!("{} ({})", name(&n.metadata), short(st))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let on_node = node_of(p).and_then(|nn| {
            nodes?
                .iter()
                .find(|n| name(&n.metadata) == nn)
                .map(|n| (nn, terms.iter().any(|t| term_matches(t, n))))
        });
        if let Some((nn, false)) = on_node {
            conflict = true;
            evidence.push(format!(
                "pod is bound to node {nn}, which PV {pv_name} does not allow"
            ));
        }
        let ready_matching = nodes.is_some_and(|ns| {
            ns.iter().any(|n| {
                terms.iter().any(|t| term_matches(t, n))
                    && find_node(snap, name(&n.metadata)).0 == NodeState::Ready
            })
        });
        if nodes.is_some() && !ready_matching {
            conflict = true;
        }
        evidence.push(format!(
            "PV {pv_name} (of PVC {claim}) may only be used on nodes matching {}; those are: {}",
            describe_terms(terms),
            if nodes.is_none() {
                "unknown (nodes could not be read)".to_string()
            } else if matching.is_empty() {
                "none".to_string()
            } else {
                matching.join(", ")
            }
        ));
    }
    if !conflict || evidence.is_empty() {
        return None;
    }
    let mut f = Finding::new(
        Problem::VolumeNodeAffinityConflict,
        ns,
        set_name,
        format!("pod/{pod}"),
        format!("pod {pod} is Pending: its volume can only be used where it cannot run"),
    );
    if let Some(m) = sched {
        f.evidence.push(format!("scheduler: {m}"));
    }
    f.evidence.extend(evidence);
    f.risk = "none taken: moving data between zones or nodes is a decision for a person".into();
    f.refusal = Some(
        "no automatic action: bring back a node that the PV allows (or capacity in its zone), \
         or restore the data to a new volume where the pod can run"
            .into(),
    );
    Some(f)
}

fn short(s: NodeState) -> &'static str {
    match s {
        NodeState::Ready => "Ready",
        NodeState::NotReady => "NotReady",
        NodeState::Unknown => "Unknown",
        NodeState::Gone => "gone",
        NodeState::Unreadable => "?",
    }
}

fn describe_terms(terms: &[NodeSelectorTerm]) -> String {
    terms
        .iter()
        .map(|t| {
            t.match_expressions
                .iter()
                .flatten()
                .chain(t.match_fields.iter().flatten())
                .map(|r| match r.values.as_deref() {
                    Some(v) if !v.is_empty() => {
                        format!("{} {} [{}]", r.key, r.operator, v.join(","))
                    }
                    _ => format!("{} {}", r.key, r.operator),
                })
                .collect::<Vec<_>>()
                .join(" and ")
        })
        .collect::<Vec<_>>()
        .join(" or ")
}

/// Node selector term semantics (core/v1 NodeSelectorTerm): all requirements
/// of a term hold; fields support metadata.name only.
pub fn term_matches(t: &NodeSelectorTerm, n: &Node) -> bool {
    let labels = n.metadata.labels.clone().unwrap_or_default();
    let exprs = t.match_expressions.iter().flatten();
    let fields = t.match_fields.iter().flatten();
    let has_any = t.match_expressions.as_ref().is_some_and(|v| !v.is_empty())
        || t.match_fields.as_ref().is_some_and(|v| !v.is_empty());
    has_any
        && exprs
            .into_iter()
            .all(|r| req_matches(r, labels.get(&r.key)))
        && fields
            .into_iter()
            .all(|r| r.key == "metadata.name" && req_matches(r, n.metadata.name.as_ref()))
}

fn req_matches(r: &NodeSelectorRequirement, value: Option<&String>) -> bool {
    let values = r.values.as_deref().unwrap_or(&[]);
    match r.operator.as_str() {
        "In" => value.is_some_and(|v| values.contains(v)),
        "NotIn" => value.is_none_or(|v| !values.contains(v)),
        "Exists" => value.is_some(),
        "DoesNotExist" => value.is_none(),
        "Gt" | "Lt" => {
            let (Some(v), Some(bound)) = (
                value.and_then(|v| v.parse::<i64>().ok()),
                values.first().and_then(|b| b.parse::<i64>().ok()),
            ) else {
                return false;
            };
            if r.operator == "Gt" {
                v > bound
            } else {
                v < bound
            }
        }
        _ => false,
    }
}

/// A pod stuck in ContainerCreating because a volume is still attached to
/// another node (Multi-Attach).
pub fn multi_attach(snap: &Snapshot, set: &StatefulSet, p: &Pod) -> Option<Finding> {
    if p.metadata.deletion_timestamp.is_some() || !container_creating(p) {
        return None;
    }
    let ns = p.metadata.namespace.as_deref().unwrap_or_default();
    let pod = name(&p.metadata);
    let here = node_of(p)?;
    let event = snap.events.iter().find(|e| {
        e.involved_object.name.as_deref() == Some(pod)
            && e.involved_object.namespace.as_deref() == Some(ns)
            && e.reason.as_deref() == Some("FailedAttachVolume")
            && e.message
                .as_deref()
                .is_some_and(|m| m.contains("Multi-Attach"))
    });
    let attachments = snap.attachments.as_ref()?;
    for claim in claims_of(p) {
        let Some(pv) =
            find_claim(snap, ns, &claim).and_then(|c| c.spec.as_ref()?.volume_name.clone())
        else {
            continue;
        };
        let Some(va) = attachments.iter().find(|va| {
            va.spec.source.persistent_volume_name.as_deref() == Some(pv.as_str())
                && va.spec.node_name != here
        }) else {
            continue;
        };
        // Without the Multi-Attach event a second attachment can be a
        // detach in progress; only report what the kubelet complains about.
        let ev = event?;
        let other = va.spec.node_name.as_str();
        let va_name = name(&va.metadata);
        let (state, _) = find_node(snap, other);
        let mut f = Finding::new(
            Problem::MultiAttach,
            ns,
            name(&set.metadata),
            format!("volumeattachment/{va_name}"),
            format!(
                "pod {pod} waits in ContainerCreating: volume {pv} (PVC {claim}) is still attached to node {other}"
            ),
        );
        f.evidence.push(format!(
            "event FailedAttachVolume: {}",
            ev.message.as_deref().unwrap_or_default()
        ));
        f.evidence.push(format!(
            "VolumeAttachment {va_name}: volume {pv} on node {other} (attached: {})",
            va.status.as_ref().map(|s| s.attached).unwrap_or(false)
        ));
        f.evidence
            .push(format!("node {other} is {}", state.describe()));
        let users: Vec<String> = snap
            .pods
            .iter()
            .filter(|q| node_of(q) == Some(other) && claims_of(q).contains(&claim))
            .map(|q| name(&q.metadata).to_string())
            .collect();
        if !users.is_empty() {
            f.evidence.push(format!(
                "pods on {other} still using it: {}",
                users.join(", ")
            ));
        }
        f.risk = format!(
            "if node {other} still runs something that writes to {pv}, detaching it under that \
             writer corrupts data; the attach/detach controller force-detaches on its own after \
             6 minutes of the node being unhealthy"
        );
        if state.down() {
            f.action = Some(Action::DeleteVolumeAttachment {
                name: va_name.to_string(),
                uid: va.metadata.uid.clone().unwrap_or_default(),
                resource_version: va.metadata.resource_version.clone().unwrap_or_default(),
                node: other.to_string(),
                persistent_volume: pv.clone(),
            });
            f.advice.push(format!(
                "proper path: kubectl taint node {other} {OUT_OF_SERVICE_TAINT}=nodeshutdown:NoExecute \
                 once it is powered off (and remove the taint afterwards)"
            ));
        } else {
            f.refusal = Some(format!(
                "node {other} is {}: the volume may be in use there; deleting the \
                 VolumeAttachment is refused. Stop whatever uses {claim} on {other} first",
                state.describe()
            ));
        }
        return Some(f);
    }
    None
}

/// PVCs of the set stuck Terminating on kubernetes.io/pvc-protection.
pub fn claims_stuck_terminating(
    snap: &Snapshot,
    set: &StatefulSet,
    opts: &Options,
    now: Timestamp,
) -> Vec<Finding> {
    let ns = set.metadata.namespace.as_deref().unwrap_or_default();
    let set_name = name(&set.metadata);
    let live = live_ordinals(set);
    let mut out = Vec::new();
    for c in &snap.pvcs {
        if c.metadata.namespace.as_deref() != Some(ns) {
            continue;
        }
        let Some(deleted) = c.metadata.deletion_timestamp.as_ref() else {
            continue;
        };
        let claim = name(&c.metadata);
        let Some((tpl, ord)) = templates(set).iter().find_map(|t| {
            let tn = name(&t.metadata);
            Some((tn, super::names::pvc_ordinal(claim, tn, set_name)?))
        }) else {
            continue;
        };
        let finalizers = c.metadata.finalizers.clone().unwrap_or_default();
        if !finalizers.iter().any(|f| f == PVC_PROTECTION) {
            continue;
        }
        let users = users_of(snap, ns, claim);
        let age = now.as_second() - deleted.0.as_second();
        if users.is_empty() && age < CLAIM_STUCK_AFTER_SECS {
            continue;
        }
        let mut f = Finding::new(
            Problem::ClaimStuckTerminating,
            ns,
            set_name,
            format!("persistentvolumeclaim/{claim}"),
            format!("PVC {claim} is Terminating, held by {PVC_PROTECTION}"),
        );
        f.evidence.push(format!(
            "deletion requested {age}s ago; finalizers {}",
            finalizers.join(", ")
        ));
        if live.contains(&ord) {
            f.evidence.push(format!(
                "it belongs to live ordinal {ord} (template {tpl}): once it is gone, pod {} \
                 needs it recreated (kubernetes#74374)",
                pod_name(set_name, ord)
            ));
        }
        if users.is_empty() {
            f.evidence
                .push("no pod uses it: the PVC protection controller should have let go".into());
            f.risk = "removing the finalizer lets the claim be deleted now; with reclaim policy \
                      Delete its volume and data go with it"
                .into();
            f.advice.push(
                "check that kube-controller-manager runs (its pvc-protection controller removes \
                 this finalizer)"
                    .into(),
            );
            finalizer_action(
                &mut f,
                "persistentvolumeclaim",
                &c.metadata,
                vec![PVC_PROTECTION.to_string()],
                opts.remove_finalizers,
            );
        } else {
            let names: Vec<String> = users
                .iter()
                .map(|p| format!("{} ({})", name(&p.metadata), pod_state(p)))
                .collect();
            f.evidence.push(format!("used by pod {}", names.join(", ")));
            f.risk = "this is the protection working: the claim goes when its pods go".into();
            f.refusal = Some(format!(
                "no action: the claim is in use by {}; it is deleted when that pod is. If the \
                 deletion was a mistake, the claim cannot be undeleted: back up its data first",
                names.join(", ")
            ));
        }
        out.push(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::fixtures::*;
    use k8s_openapi::api::core::v1::{
        NodeCondition, NodeSpec, NodeStatus, ObjectReference, PersistentVolumeClaimVolumeSource,
        PodSpec, Taint, Volume,
    };
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;

    fn now() -> Timestamp {
        "2026-01-01T00:10:00Z".parse().unwrap()
    }

    fn node(name: &str, ready: &str) -> Node {
        Node {
            metadata: ObjectMeta {
                name: Some(name.into()),
                ..Default::default()
            },
            spec: Some(NodeSpec::default()),
            status: Some(NodeStatus {
                conditions: Some(vec![NodeCondition {
                    type_: "Ready".into(),
                    status: ready.into(),
                    ..Default::default()
                }]),
                ..Default::default()
            }),
        }
    }

    fn tainted(mut n: Node) -> Node {
        n.spec.as_mut().unwrap().taints = Some(vec![Taint {
            key: OUT_OF_SERVICE_TAINT.into(),
            value: Some("nodeshutdown".into()),
            effect: "NoExecute".into(),
            time_added: None,
        }]);
        n
    }

    fn with_claim(mut p: Pod, claim: &str) -> Pod {
        p.spec
            .get_or_insert_with(PodSpec::default)
            .volumes
            .get_or_insert_with(Vec::new)
            .push(Volume {
                name: "data".into(),
                persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                    claim_name: claim.into(),
                    read_only: None,
                }),
                ..Default::default()
            });
        p
    }

    fn pending(mut p: Pod, node: Option<&str>) -> Pod {
        p.spec.as_mut().unwrap().node_name = node.map(str::to_string);
        let st = p.status.as_mut().unwrap();
        st.phase = Some("Pending".into());
        st.container_statuses = None;
        st.conditions = Some(vec![k8s_openapi::api::core::v1::PodCondition {
            type_: "PodScheduled".into(),
            status: "False".into(),
            message: Some(
                "0/3 nodes are available: persistentvolumeclaim \"data-web-1\" not found".into(),
            ),
            ..Default::default()
        }]);
        p
    }

    fn snap(set: StatefulSet, pods: Vec<Pod>, nodes: Vec<Node>) -> Snapshot {
        Snapshot {
            sets: vec![set],
            pods,
            pvcs: vec![],
            pvs: Some(vec![]),
            nodes: Some(nodes),
            attachments: Some(vec![]),
            events: vec![],
            warnings: vec![],
        }
    }

    fn one(snap: &Snapshot, opts: &Options) -> Finding {
        let f = diagnose(snap, opts, now());
        assert_eq!(f.len(), 1, "{f:#?}");
        f.into_iter().next().unwrap()
    }

    fn stuck_case(node_state: &str, taint: bool, confirm: &[&str], node_exists: bool) -> Finding {
        let s = sts("web", 1, &["data"]);
        let p = terminating(with_claim(pod(&s, 0, REV_A), "data-web-0"));
        let mut n = node("node-0", node_state);
        if taint {
            n = tainted(n);
        }
        let nodes = if node_exists { vec![n] } else { vec![] };
        let opts = Options {
            confirm_node_down: confirm.iter().map(|s| s.to_string()).collect(),
            remove_finalizers: false,
        };
        one(&snap(s, vec![p], nodes), &opts)
    }

    #[test]
    fn rule_12_force_delete_decisions() {
        // (node Ready condition, taint, --confirm-node-down, node exists) -> allowed
        let cases: &[(&str, bool, &[&str], bool, bool)] = &[
            ("True", false, &[], true, false),            // node Ready
            ("True", true, &["node-0"], true, false),     // Ready even with taint and confirmation
            ("Unknown", false, &[], true, false),         // no taint, no confirmation
            ("False", false, &[], true, false),           // NotReady, nothing else
            ("Unknown", false, &["node-1"], true, false), // confirmation names another node
            ("Unknown", false, &["node"], true, false),   // must match exactly
            ("Unknown", true, &[], true, true),           // taint
            ("False", false, &["node-0"], true, true),    // confirmation by name
            ("Unknown", false, &[], false, true),         // node gone
        ];
        for (i, (st, taint, confirm, exists, allowed)) in cases.iter().enumerate() {
            let f = stuck_case(st, *taint, confirm, *exists);
            assert_eq!(f.problem, Problem::StuckTerminating, "case {i}");
            assert_eq!(f.action.is_some(), *allowed, "case {i}: {f:#?}");
            assert_eq!(f.refusal.is_some(), !*allowed, "case {i}");
            if let Some(Action::ForceDeletePod {
                releases,
                node,
                uid,
                ..
            }) = &f.action
            {
                assert_eq!(releases, &vec!["data-web-0".to_string()]);
                assert_eq!(node, "node-0");
                assert_eq!(uid, "uid-web-0");
            }
        }
    }

    #[test]
    fn refusals_say_why_and_suggest_the_taint() {
        let f = stuck_case("Unknown", false, &[], true);
        let r = f.refusal.unwrap();
        assert!(
            r.contains("no node.kubernetes.io/out-of-service taint"),
            "{r}"
        );
        assert!(r.contains("--confirm-node-down node-0"), "{r}");
        assert!(f.advice[0].contains(
            "kubectl taint node node-0 node.kubernetes.io/out-of-service=nodeshutdown:NoExecute"
        ));
        assert!(f.advice[1].contains("node.kubernetes.io/out-of-service-"));
        assert!(f.risk.contains("data-web-0"), "{}", f.risk);

        let f = stuck_case("True", false, &[], true);
        assert!(f.refusal.unwrap().contains("node node-0 is Ready"));
        assert!(f.advice.is_empty(), "never suggest tainting a Ready node");
    }

    #[test]
    fn terminating_on_ready_node_within_grace_is_not_a_finding() {
        let s = sts("web", 1, &[]);
        let mut p = terminating(pod(&s, 0, REV_A));
        p.metadata.deletion_timestamp = Some(Time("2026-01-01T00:20:00Z".parse().unwrap()));
        assert!(
            diagnose(
                &snap(s, vec![p], vec![node("node-0", "True")]),
                &Options::default(),
                now()
            )
            .is_empty()
        );
    }

    #[test]
    fn unreadable_nodes_refuse() {
        let s = sts("web", 1, &[]);
        let p = terminating(pod(&s, 0, REV_A));
        let mut sn = snap(s, vec![p], vec![]);
        sn.nodes = None;
        let f = one(
            &sn,
            &Options {
                confirm_node_down: vec!["node-0".into()],
                remove_finalizers: false,
            },
        );
        assert!(f.action.is_none());
        assert!(f.refusal.unwrap().contains("cannot be read"));
    }

    #[test]
    fn broken_pod_after_revert_is_deleted_with_preconditions() {
        let mut s = sts("web", 3, &[]);
        let mut p2 = not_ready(pod(&s, 2, REV_B));
        p2.metadata.resource_version = Some("42".into());
        let pods = vec![pod(&s, 0, REV_A), pod(&s, 1, REV_A), p2];
        let f = one(
            &snap(s.clone(), pods.clone(), vec![node("node-0", "True")]),
            &Options::default(),
        );
        assert_eq!(f.problem, Problem::BrokenAtOldRevision);
        assert_eq!(f.object, "pod/web-2");
        assert_eq!(
            f.action,
            Some(Action::DeletePod {
                pod: "web-2".into(),
                uid: "uid-web-2".into(),
                resource_version: "42".into()
            })
        );
        // Not before the controller has seen the revert (rule 10).
        s.metadata.generation = Some(2);
        let f = one(
            &snap(s, pods, vec![node("node-0", "True")]),
            &Options::default(),
        );
        assert!(f.action.is_none());
        assert!(f.refusal.unwrap().contains("not observed generation 2"));
    }

    #[test]
    fn missing_claim_of_live_pending_pod_is_recreated_from_template() {
        let mut s = sts("web", 2, &["data"]);
        let tpl = &mut s.spec.volume_claim_templates.as_mut().unwrap()[0];
        tpl.metadata.labels = labels(&[("tier", "db"), ("app", "overridden")]);
        let pods = vec![pod(&s, 0, REV_A), pending(pod(&s, 1, REV_A), None)];
        let mut sn = snap(s, pods, vec![node("node-0", "True")]);
        sn.pvcs = vec![pvc("data", "web", 0, "1Gi")];
        let f = one(&sn, &Options::default());
        assert_eq!(f.problem, Problem::MissingClaim);
        assert_eq!(f.object, "persistentvolumeclaim/data-web-1");
        let Some(Action::CreateClaim {
            claim,
            size,
            storage_class,
            access_modes,
            labels,
            manifest,
        }) = f.action
        else {
            panic!("{f:#?}")
        };
        assert_eq!(claim, "data-web-1");
        assert_eq!(size, "1Gi");
        assert_eq!(storage_class.as_deref(), Some("standard"));
        assert_eq!(access_modes, vec!["ReadWriteOnce"]);
        // Selector labels win over the template's, as in the controller.
        assert_eq!(labels.get("app").map(String::as_str), Some("web"));
        assert_eq!(labels.get("tier").map(String::as_str), Some("db"));
        assert_eq!(manifest.metadata.namespace.as_deref(), Some(NS));
        assert!(manifest.metadata.uid.is_none() && manifest.metadata.resource_version.is_none());
    }

    #[test]
    fn missing_claim_outside_the_live_range_is_not_recreated() {
        let s = sts("web", 1, &["data"]);
        let pods = vec![pod(&s, 0, REV_A), pending(pod(&s, 1, REV_A), None)];
        let mut sn = snap(s, pods, vec![]);
        sn.pvcs = vec![pvc("data", "web", 0, "1Gi")];
        let f = one(&sn, &Options::default());
        assert!(
            f.action.is_none(),
            "rule 14 and the live range: nothing to create"
        );
        assert!(f.refusal.unwrap().contains("outside the live range"));
    }

    #[test]
    fn unbound_claim_is_explained_without_action() {
        let s = sts("web", 1, &["data"]);
        let pods = vec![pending(pod(&s, 0, REV_A), None)];
        let mut sn = snap(s, pods, vec![]);
        sn.pvcs = vec![pending_pvc("data", "web", 0)];
        let f = one(&sn, &Options::default());
        assert_eq!(f.problem, Problem::UnboundClaim);
        assert!(f.action.is_none());
        assert!(
            f.evidence
                .iter()
                .any(|e| e.contains("no Available PV of class standard")),
            "{:?}",
            f.evidence
        );
    }

    #[test]
    fn volume_node_affinity_conflict_names_where_the_pv_is() {
        use k8s_openapi::api::core::v1::{NodeSelector, VolumeNodeAffinity};
        let s = sts("web", 1, &["data"]);
        let c = pvc("data", "web", 0, "1Gi");
        let mut pv = pv_for(&c, "Retain");
        pv.spec.as_mut().unwrap().node_affinity = Some(VolumeNodeAffinity {
            required: Some(NodeSelector {
                node_selector_terms: vec![NodeSelectorTerm {
                    match_expressions: Some(vec![NodeSelectorRequirement {
                        key: "topology.kubernetes.io/zone".into(),
                        operator: "In".into(),
                        values: Some(vec!["a".into()]),
                    }]),
                    match_fields: None,
                }],
            }),
        });
        let mut p = with_claim(pending(pod(&s, 0, REV_A), None), "data-web-0");
        p.status.as_mut().unwrap().conditions.as_mut().unwrap()[0].message =
            Some("0/2 nodes are available: 2 node(s) had volume node affinity conflict".into());
        let mut za = node("node-a", "Unknown");
        za.metadata.labels = labels(&[("topology.kubernetes.io/zone", "a")]);
        let mut zb = node("node-b", "True");
        zb.metadata.labels = labels(&[("topology.kubernetes.io/zone", "b")]);
        let mut sn = snap(s, vec![p], vec![za, zb]);
        sn.pvcs = vec![c];
        sn.pvs = Some(vec![pv]);
        let f = one(&sn, &Options::default());
        assert_eq!(f.problem, Problem::VolumeNodeAffinityConflict);
        assert!(f.action.is_none());
        let ev = f.evidence.join("\n");
        assert!(ev.contains("topology.kubernetes.io/zone In [a]"), "{ev}");
        assert!(ev.contains("node-a (Unknown)"), "{ev}");
        assert!(!ev.contains("node-b ("), "{ev}");
    }

    #[test]
    fn term_matching_operators() {
        let mut n = node("n1", "True");
        n.metadata.labels = labels(&[("zone", "a"), ("gen", "5")]);
        let req = |k: &str, op: &str, v: &[&str]| NodeSelectorTerm {
            match_expressions: Some(vec![NodeSelectorRequirement {
                key: k.into(),
                operator: op.into(),
                values: Some(v.iter().map(|s| s.to_string()).collect()),
            }]),
            match_fields: None,
        };
        assert!(term_matches(&req("zone", "In", &["a", "b"]), &n));
        assert!(!term_matches(&req("zone", "NotIn", &["a"]), &n));
        assert!(term_matches(&req("rack", "DoesNotExist", &[]), &n));
        assert!(term_matches(&req("gen", "Gt", &["4"]), &n));
        assert!(!term_matches(&req("gen", "Lt", &["4"]), &n));
        assert!(
            !term_matches(&NodeSelectorTerm::default(), &n),
            "an empty term matches nothing"
        );
        let by_name = NodeSelectorTerm {
            match_expressions: None,
            match_fields: Some(vec![NodeSelectorRequirement {
                key: "metadata.name".into(),
                operator: "In".into(),
                values: Some(vec!["n1".into()]),
            }]),
        };
        assert!(term_matches(&by_name, &n));
    }

    fn multi_attach_case(other_ready: &str, with_event: bool) -> Vec<Finding> {
        use k8s_openapi::api::storage::v1::{VolumeAttachmentSource, VolumeAttachmentSpec};
        let s = sts("web", 1, &["data"]);
        let c = pvc("data", "web", 0, "1Gi");
        let pv = c.spec.as_ref().unwrap().volume_name.clone().unwrap();
        let mut p = with_claim(pending(pod(&s, 0, REV_A), Some("node-1")), "data-web-0");
        p.status.as_mut().unwrap().conditions = None;
        let va = VolumeAttachment {
            metadata: ObjectMeta {
                name: Some("csi-123".into()),
                uid: Some("uid-va".into()),
                resource_version: Some("7".into()),
                ..Default::default()
            },
            spec: VolumeAttachmentSpec {
                attacher: "x".into(),
                node_name: "node-0".into(),
                source: VolumeAttachmentSource {
                    persistent_volume_name: Some(pv.clone()),
                    ..Default::default()
                },
            },
            status: None,
        };
        let mut sn = snap(
            s,
            vec![p],
            vec![node("node-0", other_ready), node("node-1", "True")],
        );
        sn.pvcs = vec![c];
        sn.attachments = Some(vec![va]);
        if with_event {
            sn.events = vec![Event {
                involved_object: ObjectReference {
                    name: Some("web-0".into()),
                    namespace: Some(NS.into()),
                    ..Default::default()
                },
                reason: Some("FailedAttachVolume".into()),
                message: Some(format!(
                    "Multi-Attach error for volume \"{pv}\" Volume is already exclusively attached to one node and can't be attached to another"
                )),
                ..Default::default()
            }];
        }
        diagnose(&sn, &Options::default(), now())
    }

    #[test]
    fn multi_attach_offers_deleting_the_attachment_only_for_a_dead_node() {
        let f = multi_attach_case("Unknown", true);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].problem, Problem::MultiAttach);
        assert!(
            matches!(&f[0].action, Some(Action::DeleteVolumeAttachment { name, node, uid, .. }) if name == "csi-123" && node == "node-0" && uid == "uid-va")
        );

        let f = multi_attach_case("True", true);
        assert!(f[0].action.is_none());
        assert!(
            f[0].refusal
                .as_ref()
                .unwrap()
                .contains("node node-0 is Ready")
        );

        assert!(
            multi_attach_case("Unknown", false).is_empty(),
            "no Multi-Attach event, no finding"
        );
    }

    fn terminating_claim(users: bool, remove: bool, deleted: &str) -> Vec<Finding> {
        let s = sts("web", 1, &["data"]);
        let mut c = pvc("data", "web", 0, "1Gi");
        c.metadata.deletion_timestamp = Some(Time(deleted.parse().unwrap()));
        c.metadata.finalizers = Some(vec![PVC_PROTECTION.into()]);
        c.metadata.resource_version = Some("9".into());
        let pods = if users {
            vec![with_claim(pod(&s, 0, REV_A), "data-web-0")]
        } else {
            vec![]
        };
        let mut sn = snap(s, pods, vec![node("node-0", "True")]);
        sn.pvcs = vec![c];
        diagnose(
            &sn,
            &Options {
                confirm_node_down: vec![],
                remove_finalizers: remove,
            },
            now(),
        )
    }

    #[test]
    fn claim_stuck_on_pvc_protection() {
        // Used by a pod: explained, never touched.
        let f = terminating_claim(true, true, "2026-01-01T00:00:00Z");
        assert_eq!(f.len(), 1);
        assert!(f[0].action.is_none());
        assert!(
            f[0].evidence
                .iter()
                .any(|e| e.contains("used by pod web-0"))
        );
        // No user, long ago: finalizer removal only with --remove-finalizers.
        let f = terminating_claim(false, false, "2026-01-01T00:00:00Z");
        assert!(f[0].action.is_none());
        assert!(
            f[0].refusal
                .as_ref()
                .unwrap()
                .contains("--remove-finalizers")
        );
        let f = terminating_claim(false, true, "2026-01-01T00:00:00Z");
        assert!(
            matches!(&f[0].action, Some(Action::RemoveFinalizers { kind, remove, resource_version, .. })
            if kind == "persistentvolumeclaim" && remove == &vec![PVC_PROTECTION.to_string()] && resource_version == "9")
        );
        // Just deleted: the protection controller has not had its chance yet.
        assert!(terminating_claim(false, true, "2026-01-01T00:09:50Z").is_empty());
    }

    #[test]
    fn pod_finalizers_are_shown_and_removed_only_on_request() {
        let s = sts("web", 1, &[]);
        let mut p = terminating(pod(&s, 0, REV_A));
        p.metadata.finalizers = Some(vec!["example.com/backup".into()]);
        let sn = snap(s, vec![p], vec![node("node-0", "True")]);
        let f = diagnose(&sn, &Options::default(), now());
        // Overdue on a Ready node (refused) and held by a finalizer.
        let fin = f
            .iter()
            .find(|f| f.problem == Problem::PodHeldByFinalizers)
            .unwrap();
        assert!(fin.evidence[0].contains("example.com/backup"));
        assert!(fin.action.is_none());
        let f = diagnose(
            &sn,
            &Options {
                confirm_node_down: vec![],
                remove_finalizers: true,
            },
            now(),
        );
        let fin = f
            .iter()
            .find(|f| f.problem == Problem::PodHeldByFinalizers)
            .unwrap();
        assert!(fin.action.as_ref().unwrap().is_finalizer_removal());
    }

    #[test]
    fn healthy_set_has_no_findings() {
        let s = sts("web", 3, &["data"]);
        let pods: Vec<Pod> = (0..3)
            .map(|o| with_claim(pod(&s, o, REV_A), &format!("data-web-{o}")))
            .collect();
        let mut sn = snap(s, pods, vec![node("node-0", "True")]);
        sn.pvcs = (0..3).map(|o| pvc("data", "web", o, "1Gi")).collect();
        assert!(diagnose(&sn, &Options::default(), now()).is_empty());
    }

    #[test]
    fn same_action_ignores_resource_version_but_not_uid() {
        let a = Action::DeletePod {
            pod: "web-0".into(),
            uid: "u1".into(),
            resource_version: "1".into(),
        };
        let b = Action::DeletePod {
            pod: "web-0".into(),
            uid: "u1".into(),
            resource_version: "2".into(),
        };
        let c = Action::DeletePod {
            pod: "web-0".into(),
            uid: "u2".into(),
            resource_version: "2".into(),
        };
        let d = Action::ForceDeletePod {
            pod: "web-0".into(),
            uid: "u1".into(),
            resource_version: "1".into(),
            node: "n".into(),
            releases: vec![],
        };
        assert!(same_action(&a, &b));
        assert!(!same_action(&a, &c));
        assert!(!same_action(&a, &d));
    }
}
