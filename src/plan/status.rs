//! `kubectl sts status`: from API objects to the status report, and every
//! problem worth flagging. The report is a documented, stable shape
//! (docs/status-report.md); field names are camelCase like the API's.

use std::collections::{BTreeMap, HashMap};

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::coordination::v1::Lease;
use k8s_openapi::api::core::v1::{PersistentVolume, PersistentVolumeClaim, Pod, Service};
use k8s_openapi::jiff::Timestamp;
use serde::Serialize;

use super::names::{pod_name, pod_ordinal, pvc_name, pvc_ordinal};

mod claims;
mod operation;
mod pods;
mod previous;
mod problems;
mod report;

use claims::{volume_info, volume_problems};
use pods::{pod_info, pod_problems, revision_problems};
use problems::{info, int_or_string, storage_request, strategy_problem, warn};

pub use operation::{Operation, describe as describe_operation};
pub use previous::PreviousVolume;
pub use report::{Snapshot, build_report};

pub const REPORT_API_VERSION: &str = "kubectl-sts/v1";

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct StatusReport {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub stateful_sets: Vec<SetStatus>,
    /// Things the report could not see (e.g. PVs when listing them is forbidden).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SetStatus {
    pub namespace: String,
    pub name: String,
    pub replicas: Replicas,
    pub generation: i64,
    pub observed_generation: i64,
    pub update_strategy: UpdateStrategy,
    pub pod_management_policy: String,
    pub current_revision: String,
    pub update_revision: String,
    pub min_ready_seconds: i32,
    pub ordinals_start: i32,
    pub pvc_retention_policy: RetentionPolicy,
    pub service: ServiceInfo,
    pub volume_claim_templates: Vec<ClaimTemplate>,
    /// Live ordinals in order, then leftovers (pods or PVCs outside the live range).
    pub ordinals: Vec<OrdinalStatus>,
    /// The operation holding the set's Lease, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation: Option<Operation>,
    /// The `--check`s recorded by the restart or rollout in progress, in
    /// words ([`operation::recorded_checks`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checks: Option<String>,
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Replicas {
    pub desired: i32,
    pub ready: i32,
    pub available: i32,
    pub updated: i32,
    pub current: i32,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct UpdateStrategy {
    /// RollingUpdate, OnDelete, Recreate (Kubernetes 1.37 alpha) or any
    /// other type the API server accepts.
    #[serde(rename = "type")]
    pub kind: String,
    /// Whether a partition applies (RollingUpdate only): `rollout
    /// --partition`, `pause`, `resume` and `canary` work only then.
    pub has_partition: bool,
    /// Present for RollingUpdate (0 when unset).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partition: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_unavailable: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RetentionPolicy {
    pub when_deleted: String,
    pub when_scaled: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ServiceInfo {
    pub name: String,
    /// "headless", "not-headless", "missing", "unknown" (could not be read) or
    /// "none" (spec.serviceName empty).
    pub state: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ClaimTemplate {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage_class: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requested: Option<String>,
    pub access_modes: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct OrdinalStatus {
    pub ordinal: i32,
    /// Inside [ordinalsStart, ordinalsStart + replicas).
    pub live: bool,
    pub pod: Option<PodInfo>,
    pub volumes: Vec<VolumeInfo>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PodInfo {
    pub name: String,
    pub uid: String,
    pub phase: String,
    /// What kubectl shows in STATUS: a waiting reason, Terminating, or the phase.
    pub status: String,
    pub ready: bool,
    pub ready_containers: usize,
    pub containers: usize,
    pub restarts: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
    /// "current", "update", "current+update" (no rollout pending), "other" or "unknown".
    pub revision_role: String,
    pub terminating: bool,
    /// Owned by this StatefulSet (controller ownerReference with its UID).
    pub owned: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct VolumeInfo {
    pub template: String,
    pub claim_name: String,
    /// "Bound", "Pending", "Lost", "Terminating" or "Missing".
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requested: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage_class: Option<String>,
    pub access_modes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pv_phase: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pv_reclaim_policy: Option<String>,
    /// None, or "Requested", "Resizing", "FileSystemResizePending", "Failed".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resize: Option<String>,
    /// With `resize: Failed`: the resizer's message (its ControllerResizeError
    /// or NodeResizeError condition).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resize_message: Option<String>,
    /// While the claim is Terminating: the finalizers that hold it (e.g.
    /// `kubernetes.io/pvc-protection`,
    /// `snapshot.storage.kubernetes.io/pvc-as-source-protection`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub finalizers: Vec<String>,
    /// Released volumes whose claimRef names this claim: its old data.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub previous_volumes: Vec<PreviousVolume>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Info,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    pub severity: Severity,
    /// Stable identifier, e.g. "PodNotReady"; see docs/status-report.md.
    pub code: &'static str,
    /// `pod/web-2`, `pvc/data-web-2`, `service/web`, `statefulset/web`.
    pub object: String,
    pub message: String,
}

/// What is known about the StatefulSet's governing Service.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ServiceLookup<'a> {
    Found(&'a Service),
    Missing,
    /// The Service could not be read (e.g. forbidden); no problem is flagged.
    Unknown,
}

/// The objects of one namespace that a StatefulSet may refer to.
pub struct Related<'a> {
    pub pods: &'a [&'a Pod],
    pub pvcs: &'a [&'a PersistentVolumeClaim],
    /// `None` when PVs could not be read.
    pub pvs: Option<&'a HashMap<String, &'a PersistentVolume>>,
    /// The namespace's Released PVs (by their claimRef namespace).
    pub released: &'a [&'a PersistentVolume],
    /// The set's Lease, when it exists and could be read.
    pub lease: Option<&'a Lease>,
    pub service: ServiceLookup<'a>,
    pub now: Timestamp,
}

/// Builds the status of one StatefulSet.
pub fn set_status(set: &StatefulSet, rel: &Related<'_>) -> SetStatus {
    let name = set.metadata.name.clone().unwrap_or_default();
    let namespace = set.metadata.namespace.clone().unwrap_or_default();
    let spec = &set.spec;
    let st = set.status.clone().unwrap_or_default();
    let desired = spec.replicas.unwrap_or(1);
    let start = spec.ordinals.as_ref().and_then(|o| o.start).unwrap_or(0);
    let current_rev = st.current_revision.clone().unwrap_or_default();
    let update_rev = st.update_revision.clone().unwrap_or_default();

    let strategy = super::set::strategy(set);
    let strategy_kind = strategy.name().to_string();
    let rolling = spec
        .update_strategy
        .as_ref()
        .and_then(|s| s.rolling_update.as_ref());
    let partition = strategy.has_partition().then(|| super::set::partition(set));
    let update_strategy = UpdateStrategy {
        kind: strategy_kind.clone(),
        has_partition: strategy.has_partition(),
        partition,
        max_unavailable: rolling
            .and_then(|r| r.max_unavailable.as_ref())
            .map(int_or_string),
    };

    let templates: Vec<ClaimTemplate> = spec
        .volume_claim_templates
        .iter()
        .flatten()
        .map(|t| {
            let ts = t.spec.as_ref();
            ClaimTemplate {
                name: t.metadata.name.clone().unwrap_or_default(),
                storage_class: ts.and_then(|s| s.storage_class_name.clone()),
                requested: ts.and_then(|s| storage_request(s.resources.as_ref())),
                access_modes: ts.and_then(|s| s.access_modes.clone()).unwrap_or_default(),
            }
        })
        .collect();

    let retention = spec.persistent_volume_claim_retention_policy.as_ref();
    let pvc_retention_policy = RetentionPolicy {
        when_deleted: retention
            .and_then(|r| r.when_deleted.clone())
            .unwrap_or_else(|| "Retain".into()),
        when_scaled: retention
            .and_then(|r| r.when_scaled.clone())
            .unwrap_or_else(|| "Retain".into()),
    };

    let mut problems = Vec::new();
    let sts_obj = format!("statefulset/{name}");
    if let Some(p) = strategy_problem(&strategy, &sts_obj) {
        problems.push(p);
    }

    let generation = set.metadata.generation.unwrap_or(0);
    let observed_generation = st.observed_generation.unwrap_or(0);
    if observed_generation < generation {
        problems.push(warn(
            "GenerationNotObserved",
            &sts_obj,
            format!(
                "the StatefulSet controller has not yet processed the latest spec (generation \
                 {generation}, observed {observed_generation}); counts below may be stale"
            ),
        ));
    }

    let service_name = spec.service_name.clone().unwrap_or_default();
    let service_state = if service_name.is_empty() {
        "none"
    } else {
        match rel.service {
            ServiceLookup::Found(svc) => {
                let headless = svc
                    .spec
                    .as_ref()
                    .and_then(|s| s.cluster_ip.as_deref())
                    .is_some_and(|ip| ip == "None");
                if headless { "headless" } else { "not-headless" }
            }
            ServiceLookup::Missing => "missing",
            ServiceLookup::Unknown => "unknown",
        }
    };
    let svc_obj = format!("service/{service_name}");
    match service_state {
        "missing" => problems.push(warn(
            "ServiceMissing",
            &svc_obj,
            format!(
                "the governing Service {service_name:?} does not exist: pods get no stable DNS \
                 names ({name}-0.{service_name}...); create a headless Service (clusterIP: None) \
                 named {service_name:?}"
            ),
        )),
        "not-headless" => problems.push(warn(
            "ServiceNotHeadless",
            &svc_obj,
            format!(
                "the governing Service {service_name:?} has a cluster IP: per-pod DNS records \
                 need a headless Service (clusterIP: None)"
            ),
        )),
        _ => {}
    }

    // Index this set's pods and claims by ordinal.
    let mut pods_by_ord: BTreeMap<i32, &Pod> = BTreeMap::new();
    for p in rel.pods {
        if let Some(o) = p
            .metadata
            .name
            .as_deref()
            .and_then(|n| pod_ordinal(n, &name))
        {
            pods_by_ord.insert(o, p);
        }
    }
    let mut pvcs_by_name: HashMap<&str, &PersistentVolumeClaim> = HashMap::new();
    let mut leftover_ords: Vec<i32> = Vec::new();
    let live_range = super::set::live_ordinals(set);
    let live = |o: i32| live_range.contains(&o);
    for c in rel.pvcs {
        let Some(cn) = c.metadata.name.as_deref() else {
            continue;
        };
        pvcs_by_name.insert(cn, c);
        for t in &templates {
            if let Some(o) = pvc_ordinal(cn, &t.name, &name)
                && !live(o)
            {
                leftover_ords.push(o);
            }
        }
    }
    for (&o, p) in &pods_by_ord {
        if !live(o) && super::set::owns(set, p) {
            leftover_ords.push(o);
        }
    }
    // Released volumes of claims outside the live range: their data is
    // shown at their ordinal too.
    for pv in rel.released {
        if let Some(cn) = previous::released_for(pv, &namespace) {
            for t in &templates {
                if let Some(o) = pvc_ordinal(&cn, &t.name, &name).filter(|&o| !live(o)) {
                    leftover_ords.push(o);
                }
            }
        }
    }
    leftover_ords.sort_unstable();
    leftover_ords.dedup();

    let owner_uid = set.metadata.uid.as_deref();
    let rollout_pending = !update_rev.is_empty() && current_rev != update_rev;
    let live_ords = live_range.clone();
    let mut ordinals = Vec::new();
    for (ord, is_live) in live_ords
        .map(|o| (o, true))
        .chain(leftover_ords.iter().map(|&o| (o, false)))
    {
        let pod = pods_by_ord.get(&ord).copied();
        // Leftover ordinals only show what is really there: a claim, or a pod the set owns.
        let pod = pod.filter(|p| is_live || super::set::owns(set, p));
        let pname = pod_name(&name, ord);
        let pod_obj = format!("pod/{pname}");
        let pod_info = pod.map(|p| pod_info(p, owner_uid, &current_rev, &update_rev));

        if is_live {
            match &pod_info {
                None => problems.push(warn(
                    "PodMissing",
                    &pod_obj,
                    format!("pod {pname} does not exist (the controller has not created it yet, or is blocked)"),
                )),
                Some(pi) => {
                    pod_problems(pi, &pod_obj, &mut problems);
                    if let Some(part) = partition.filter(|_| rollout_pending) {
                        // The partition counts from ordinals.start, like the controller's index.
                        let index = ord - start;
                        revision_problems(pi, &pod_obj, index, part, start, &mut problems);
                    }
                }
            }
        } else if let Some(pi) = &pod_info {
            problems.push(info(
                "PodOutsideRange",
                &pod_obj,
                format!(
                    "pod {} is outside the live ordinal range {} ({})",
                    pi.name,
                    super::set::range_text(&live_range),
                    if pi.terminating {
                        "terminating after a scale-down"
                    } else {
                        "still running after a scale-down"
                    }
                ),
            ));
        }

        let mut volumes = Vec::new();
        for t in &templates {
            let cname = pvc_name(&t.name, &name, ord);
            let claim = pvcs_by_name.get(cname.as_str()).copied();
            let mut vi = volume_info(t, &cname, claim, rel.pvs);
            let at = previous::Place {
                ns: &namespace,
                set: &name,
                ordinal: ord,
                replicas: desired,
                start,
            };
            vi.previous_volumes = previous::previous_volumes(&vi, rel.released, &at);
            if !is_live && claim.is_none() && vi.previous_volumes.is_empty() {
                continue;
            }
            previous::previous_problems(&vi, is_live, &at, &mut problems);
            if !is_live && claim.is_none() {
                // Only its previous volume is left: said just above.
                volumes.push(vi);
                continue;
            }
            volume_problems(
                &vi,
                t,
                (&namespace, &pname),
                is_live,
                &live_range,
                pod_info.as_ref(),
                rel.pvs.is_some(),
                &mut problems,
            );
            volumes.push(vi);
        }
        // A live ordinal without a pod because its claim is being deleted:
        // the controller does not create a pod whose claim is terminating.
        if is_live && pod_info.is_none() {
            let held: Vec<&str> = volumes
                .iter()
                .filter(|v| v.status == "Terminating")
                .map(|v| v.claim_name.as_str())
                .collect();
            if let (false, Some(p)) = (
                held.is_empty(),
                problems
                    .iter_mut()
                    .find(|p| p.code == "PodMissing" && p.object == pod_obj),
            ) {
                p.message = format!(
                    "pod {pname} does not exist: the controller does not create it while its PVC \
                     {} is being deleted; see kubectl sts recover {name} -n {namespace}",
                    held.join(", ")
                );
            }
        }
        ordinals.push(OrdinalStatus {
            ordinal: ord,
            live: is_live,
            pod: pod_info,
            volumes,
        });
    }

    if strategy_kind == "OnDelete" && rollout_pending {
        let old: Vec<String> = ordinals
            .iter()
            .filter(|o| o.live)
            .filter_map(|o| o.pod.as_ref())
            .filter(|p| p.revision.as_deref() != Some(update_rev.as_str()))
            .map(|p| p.name.clone())
            .collect();
        if !old.is_empty() {
            problems.push(info(
                "OnDeletePending",
                &sts_obj,
                format!(
                    "update strategy is OnDelete: {} still run the old template until deleted",
                    old.join(", ")
                ),
            ));
        }
    }

    let operation = operation::operation(rel.lease, rel.now);
    if let Some(op) = &operation {
        problems.push(operation::operation_problem(op, &name, &namespace));
    }
    if let Some(p) = operation::unfinished_restart(set, operation.as_ref(), &name, &namespace) {
        problems.push(p);
    }
    problems.sort_by(|a, b| a.severity.cmp(&b.severity));

    SetStatus {
        namespace,
        name,
        replicas: Replicas {
            desired,
            ready: st.ready_replicas.unwrap_or(0),
            available: st.available_replicas.unwrap_or(0),
            updated: st.updated_replicas.unwrap_or(0),
            current: st.current_replicas.unwrap_or(0),
        },
        generation,
        observed_generation,
        update_strategy,
        pod_management_policy: spec
            .pod_management_policy
            .clone()
            .unwrap_or_else(|| "OrderedReady".into()),
        current_revision: current_rev,
        update_revision: update_rev,
        min_ready_seconds: spec.min_ready_seconds.unwrap_or(0),
        ordinals_start: start,
        pvc_retention_policy,
        service: ServiceInfo {
            name: service_name,
            state: service_state.into(),
        },
        volume_claim_templates: templates,
        ordinals,
        operation,
        checks: operation::recorded_checks(set),
        problems,
    }
}

#[cfg(test)]
mod tests;
