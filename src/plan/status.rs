//! `kubectl sts status`: from API objects to the status report, and every
//! problem worth flagging. The report is a documented, stable shape
//! (docs/status-report.md); field names are camelCase like the API's.

use std::collections::{BTreeMap, HashMap};

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{PersistentVolume, PersistentVolumeClaim, Pod, Service};
use serde::Serialize;

use super::names::{pod_name, pod_ordinal, pvc_name, pvc_ordinal};
use super::pod::REVISION_LABEL;
use super::quantity;

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
    #[serde(rename = "type")]
    pub kind: String,
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
    pub service: ServiceLookup<'a>,
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

    let strategy_kind = spec
        .update_strategy
        .as_ref()
        .and_then(|s| s.type_.clone())
        .unwrap_or_else(|| "RollingUpdate".into());
    let rolling = spec
        .update_strategy
        .as_ref()
        .and_then(|s| s.rolling_update.as_ref());
    let partition =
        (strategy_kind == "RollingUpdate").then(|| rolling.and_then(|r| r.partition).unwrap_or(0));
    let update_strategy = UpdateStrategy {
        kind: strategy_kind.clone(),
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
        if !live(o) && owned_by(p, set) {
            leftover_ords.push(o);
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
        let pod = pod.filter(|p| is_live || owned_by(p, set));
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
            if !is_live && claim.is_none() {
                continue;
            }
            let vi = volume_info(t, &cname, claim, rel.pvs);
            volume_problems(
                &vi,
                t,
                is_live,
                &live_range,
                pod_info.as_ref(),
                rel.pvs.is_some(),
                &mut problems,
            );
            volumes.push(vi);
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
        problems,
    }
}

fn owned_by(p: &Pod, set: &StatefulSet) -> bool {
    let uid = set.metadata.uid.as_deref();
    p.metadata
        .owner_references
        .iter()
        .flatten()
        .any(|r| r.controller == Some(true) && Some(r.uid.as_str()) == uid)
}

fn pod_info(p: &Pod, owner_uid: Option<&str>, current: &str, update: &str) -> PodInfo {
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

fn pod_problems(pi: &PodInfo, obj: &str, out: &mut Vec<Problem>) {
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
fn revision_problems(
    pi: &PodInfo,
    obj: &str,
    index: i32,
    partition: i32,
    start: i32,
    out: &mut Vec<Problem>,
) {
    let boundary = start + partition;
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

fn volume_info(
    t: &ClaimTemplate,
    claim_name: &str,
    claim: Option<&PersistentVolumeClaim>,
    pvs: Option<&HashMap<String, &PersistentVolume>>,
) -> VolumeInfo {
    let Some(c) = claim else {
        return VolumeInfo {
            template: t.name.clone(),
            claim_name: claim_name.to_string(),
            status: "Missing".into(),
            requested: None,
            capacity: None,
            storage_class: None,
            access_modes: vec![],
            volume_name: None,
            pv_phase: None,
            pv_reclaim_policy: None,
            resize: None,
        };
    };
    let spec = c.spec.as_ref();
    let st = c.status.as_ref();
    let requested = spec.and_then(|s| storage_request(s.resources.as_ref()));
    let capacity = st
        .and_then(|s| s.capacity.as_ref())
        .and_then(|m| m.get("storage"))
        .map(|q| q.0.clone());
    let status = if c.metadata.deletion_timestamp.is_some() {
        "Terminating".to_string()
    } else {
        st.and_then(|s| s.phase.clone())
            .unwrap_or_else(|| "Pending".into())
    };
    let volume_name = spec
        .and_then(|s| s.volume_name.clone())
        .filter(|v| !v.is_empty());
    let pv = volume_name
        .as_ref()
        .and_then(|v| pvs.and_then(|m| m.get(v)).copied());
    VolumeInfo {
        template: t.name.clone(),
        claim_name: claim_name.to_string(),
        status,
        resize: resize_state(c, requested.as_deref(), capacity.as_deref()),
        requested,
        capacity,
        storage_class: spec.and_then(|s| s.storage_class_name.clone()),
        access_modes: spec
            .and_then(|s| s.access_modes.clone())
            .unwrap_or_default(),
        pv_phase: pv.and_then(|p| p.status.as_ref()?.phase.clone()),
        pv_reclaim_policy: pv
            .and_then(|p| p.spec.as_ref()?.persistent_volume_reclaim_policy.clone()),
        volume_name,
    }
}

fn resize_state(
    c: &PersistentVolumeClaim,
    requested: Option<&str>,
    capacity: Option<&str>,
) -> Option<String> {
    let st = c.status.as_ref()?;
    let cond = |t: &str| {
        st.conditions
            .iter()
            .flatten()
            .any(|c| c.type_ == t && c.status == "True")
    };
    let alloc_failed = st
        .allocated_resource_statuses
        .iter()
        .flatten()
        .any(|(_, v)| v.ends_with("Infeasible"));
    if cond("ControllerResizeError") || cond("NodeResizeError") || alloc_failed {
        return Some("Failed".into());
    }
    if cond("FileSystemResizePending") {
        return Some("FileSystemResizePending".into());
    }
    if cond("Resizing") {
        return Some("Resizing".into());
    }
    match (requested, capacity) {
        (Some(r), Some(cap)) if quantity::compare(r, cap) == Some(std::cmp::Ordering::Greater) => {
            Some("Requested".into())
        }
        _ => None,
    }
}

#[allow(clippy::too_many_arguments)]
fn volume_problems(
    vi: &VolumeInfo,
    t: &ClaimTemplate,
    live: bool,
    live_range: &std::ops::Range<i32>,
    pod: Option<&PodInfo>,
    pvs_known: bool,
    out: &mut Vec<Problem>,
) {
    let obj = format!("pvc/{}", vi.claim_name);
    let name = &vi.claim_name;
    if !live {
        let used = pod.is_some_and(|p| !p.terminating);
        out.push(info(
            "LeftoverPvc",
            &obj,
            format!(
                "PVC {name} belongs to an ordinal outside the live range {}{}; it keeps its data \
                 (and its PV) until deleted",
                super::set::range_text(live_range),
                if used { " and a pod still uses it" } else { "" }
            ),
        ));
        return;
    }
    match vi.status.as_str() {
        "Missing" => out.push(warn(
            "PvcMissing",
            &obj,
            format!(
                "PVC {name} (claim template {:?}) does not exist; the controller only creates it \
                 with the pod, so a deleted claim leaves the pod Pending (kubernetes#74374)",
                t.name
            ),
        )),
        "Pending" => out.push(warn(
            "PvcPending",
            &obj,
            format!(
                "PVC {name} is Pending: no volume is bound yet (storage class {})",
                vi.storage_class.as_deref().unwrap_or("<default>")
            ),
        )),
        "Lost" => out.push(warn(
            "PvcLost",
            &obj,
            format!(
                "PVC {name} is Lost: its PV {} no longer exists; the data is gone unless the PV \
                 can be restored",
                vi.volume_name.as_deref().unwrap_or("?")
            ),
        )),
        "Terminating" => out.push(warn(
            "PvcTerminating",
            &obj,
            format!(
                "PVC {name} is being deleted; it stays until no pod uses it \
                 (kubernetes.io/pvc-protection), and the pod will not start again without it"
            ),
        )),
        _ => {}
    }
    if vi.status == "Bound" && pvs_known && vi.volume_name.is_some() && vi.pv_phase.is_none() {
        out.push(warn(
            "PvMissing",
            &obj,
            format!(
                "PVC {name} is bound to PV {} which does not exist",
                vi.volume_name.as_deref().unwrap_or("?")
            ),
        ));
    }
    if let Some(r) = &vi.resize {
        let msg = match r.as_str() {
            "FileSystemResizePending" => format!(
                "PVC {name}: the volume was expanded but the file system waits for the pod to \
                 restart ({} -> {})",
                vi.capacity.as_deref().unwrap_or("?"),
                vi.requested.as_deref().unwrap_or("?")
            ),
            "Failed" => format!("PVC {name}: the volume expansion failed; see its events"),
            _ => format!(
                "PVC {name}: resize pending ({} -> {})",
                vi.capacity.as_deref().unwrap_or("?"),
                vi.requested.as_deref().unwrap_or("?")
            ),
        };
        out.push(warn("PvcResizePending", &obj, msg));
    }
    if let (Some(tr), Some(r)) = (&t.requested, &vi.requested)
        && quantity::compare(r, tr) == Some(std::cmp::Ordering::Greater)
    {
        out.push(info(
            "TemplateSmallerThanPvc",
            &obj,
            format!(
                "PVC {name} requests {r} but claim template {:?} still says {tr}; new ordinals \
                 would get the smaller size",
                t.name
            ),
        ));
    }
}

fn storage_request(
    r: Option<&k8s_openapi::api::core::v1::VolumeResourceRequirements>,
) -> Option<String> {
    r?.requests.as_ref()?.get("storage").map(|q| q.0.clone())
}

fn int_or_string(v: &k8s_openapi::apimachinery::pkg::util::intstr::IntOrString) -> String {
    use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
    match v {
        IntOrString::Int(i) => i.to_string(),
        IntOrString::String(s) => s.clone(),
    }
}

fn warn(code: &'static str, object: &str, message: String) -> Problem {
    Problem {
        severity: Severity::Warning,
        code,
        object: object.to_string(),
        message,
    }
}

fn info(code: &'static str, object: &str, message: String) -> Problem {
    Problem {
        severity: Severity::Info,
        code,
        object: object.to_string(),
        message,
    }
}

/// Everything `status` read, grouped into a report. Objects of all
/// namespaces may be mixed; each set only sees its own namespace's objects.
pub struct Snapshot {
    pub sets: Vec<StatefulSet>,
    pub pods: Vec<Pod>,
    pub pvcs: Vec<PersistentVolumeClaim>,
    /// `None` when PVs could not be read.
    pub pvs: Option<Vec<PersistentVolume>>,
    /// `None` when Services could not be read.
    pub services: Option<Vec<Service>>,
    pub warnings: Vec<String>,
}

pub fn build_report(snap: &Snapshot) -> StatusReport {
    fn by_ns<
        T: k8s_openapi::Metadata<Ty = k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta>,
    >(
        items: &[T],
    ) -> HashMap<&str, Vec<&T>> {
        let mut m: HashMap<&str, Vec<&T>> = HashMap::new();
        for i in items {
            m.entry(i.metadata().namespace.as_deref().unwrap_or_default())
                .or_default()
                .push(i);
        }
        m
    }
    let pods = by_ns(&snap.pods);
    let pvcs = by_ns(&snap.pvcs);
    let pvs: Option<HashMap<String, &PersistentVolume>> = snap.pvs.as_ref().map(|v| {
        v.iter()
            .filter_map(|p| Some((p.metadata.name.clone()?, p)))
            .collect()
    });
    let services: Option<HashMap<(&str, &str), &Service>> = snap.services.as_ref().map(|v| {
        v.iter()
            .filter_map(|s| {
                Some((
                    (
                        s.metadata.namespace.as_deref()?,
                        s.metadata.name.as_deref()?,
                    ),
                    s,
                ))
            })
            .collect()
    });

    let mut sets: Vec<&StatefulSet> = snap.sets.iter().collect();
    sets.sort_by(|a, b| {
        (a.metadata.namespace.as_deref(), a.metadata.name.as_deref())
            .cmp(&(b.metadata.namespace.as_deref(), b.metadata.name.as_deref()))
    });
    let stateful_sets = sets
        .into_iter()
        .map(|set| {
            let ns = set.metadata.namespace.as_deref().unwrap_or_default();
            let svc_name = set.spec.service_name.as_deref().unwrap_or_default();
            let service = match &services {
                None => ServiceLookup::Unknown,
                Some(m) => m
                    .get(&(ns, svc_name))
                    .map_or(ServiceLookup::Missing, |s| ServiceLookup::Found(s)),
            };
            let rel = Related {
                pods: pods.get(ns).map(Vec::as_slice).unwrap_or(&[]),
                pvcs: pvcs.get(ns).map(Vec::as_slice).unwrap_or(&[]),
                pvs: pvs.as_ref(),
                service,
            };
            set_status(set, &rel)
        })
        .collect();
    StatusReport {
        api_version: REPORT_API_VERSION,
        kind: "StatusReport",
        stateful_sets,
        warnings: snap.warnings.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::fixtures::*;
    use k8s_openapi::api::apps::v1::StatefulSetUpdateStrategy;
    use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

    struct World {
        sets: Vec<StatefulSet>,
        pods: Vec<Pod>,
        pvcs: Vec<PersistentVolumeClaim>,
        pvs: Option<Vec<PersistentVolume>>,
        services: Option<Vec<Service>>,
    }

    impl World {
        /// A healthy set: pods at REV_A, bound claims with Delete PVs, headless Service.
        fn healthy(set: StatefulSet) -> Self {
            let name = set.metadata.name.clone().unwrap();
            let replicas = set.spec.replicas.unwrap();
            let start = set
                .spec
                .ordinals
                .as_ref()
                .and_then(|o| o.start)
                .unwrap_or(0);
            let templates: Vec<String> = set
                .spec
                .volume_claim_templates
                .iter()
                .flatten()
                .map(|t| t.metadata.name.clone().unwrap())
                .collect();
            let ords: Vec<i32> = (start..start + replicas).collect();
            let pods = ords.iter().map(|&o| pod(&set, o, REV_A)).collect();
            let pvcs: Vec<_> = ords
                .iter()
                .flat_map(|&o| templates.iter().map(move |t| (t.clone(), o)))
                .map(|(t, o)| pvc(&t, &name, o, "1Gi"))
                .collect();
            let pvs = pvcs.iter().map(|c| pv_for(c, "Delete")).collect();
            World {
                services: Some(vec![headless(&name)]),
                sets: vec![set],
                pods,
                pvcs,
                pvs: Some(pvs),
            }
        }

        fn report(self) -> StatusReport {
            build_report(&Snapshot {
                sets: self.sets,
                pods: self.pods,
                pvcs: self.pvcs,
                pvs: self.pvs,
                services: self.services,
                warnings: vec![],
            })
        }

        fn set_pod(&mut self, name: &str, f: impl FnOnce(Pod) -> Pod) {
            let i = self
                .pods
                .iter()
                .position(|p| p.metadata.name.as_deref() == Some(name))
                .unwrap();
            let p = self.pods.remove(i);
            self.pods.push(f(p));
        }
    }

    fn one(r: &StatusReport) -> &SetStatus {
        assert_eq!(r.stateful_sets.len(), 1);
        &r.stateful_sets[0]
    }

    fn codes(s: &SetStatus) -> Vec<(&'static str, String)> {
        s.problems
            .iter()
            .map(|p| (p.code, p.object.clone()))
            .collect()
    }

    #[test]
    fn healthy_set_has_every_ordinal_pod_and_claim_and_no_problems() {
        let r = World::healthy(sts("web", 3, &["data", "logs"])).report();
        let s = one(&r);
        assert!(s.problems.is_empty(), "{:?}", s.problems);
        assert_eq!(
            s.ordinals.iter().map(|o| o.ordinal).collect::<Vec<_>>(),
            vec![0, 1, 2]
        );
        let o1 = &s.ordinals[1];
        assert!(o1.live);
        let p = o1.pod.as_ref().unwrap();
        assert_eq!(p.name, "web-1");
        assert_eq!(p.revision_role, "current+update");
        assert!(p.ready && p.owned);
        assert_eq!(o1.volumes.len(), 2);
        let v = &o1.volumes[1];
        assert_eq!(v.claim_name, "logs-web-1");
        assert_eq!(v.status, "Bound");
        assert_eq!(v.volume_name.as_deref(), Some("pv-logs-web-1"));
        assert_eq!(v.pv_phase.as_deref(), Some("Bound"));
        assert_eq!(v.pv_reclaim_policy.as_deref(), Some("Delete"));
        assert_eq!(v.resize, None);
        assert_eq!(s.service.state, "headless");
        assert_eq!(s.update_strategy.partition, Some(0));
        assert_eq!(s.pvc_retention_policy.when_scaled, "Retain");
    }

    #[test]
    fn ordinals_start_shifts_pods_and_claims() {
        let r = World::healthy(with_start(sts("web", 2, &["data"]), 5)).report();
        let s = one(&r);
        assert_eq!(s.ordinals_start, 5);
        assert_eq!(
            s.ordinals.iter().map(|o| o.ordinal).collect::<Vec<_>>(),
            vec![5, 6]
        );
        assert_eq!(s.ordinals[0].volumes[0].claim_name, "data-web-5");
        assert!(s.problems.is_empty(), "{:?}", s.problems);
    }

    #[test]
    fn claims_below_ordinals_start_are_leftovers() {
        let mut w = World::healthy(with_start(sts("web", 2, &["data"]), 5));
        w.pvcs.push(pvc("data", "web", 0, "1Gi"));
        let r = w.report();
        let s = one(&r);
        assert_eq!(
            s.ordinals
                .iter()
                .map(|o| (o.ordinal, o.live))
                .collect::<Vec<_>>(),
            vec![(5, true), (6, true), (0, false)]
        );
        assert_eq!(codes(s), vec![("LeftoverPvc", "pvc/data-web-0".into())]);
    }

    #[test]
    fn missing_and_pending_claims_are_flagged() {
        let mut w = World::healthy(sts("web", 3, &["data"]));
        w.pvcs
            .retain(|c| c.metadata.name.as_deref() != Some("data-web-1"));
        w.pvcs
            .retain(|c| c.metadata.name.as_deref() != Some("data-web-2"));
        w.pvcs.push(pending_pvc("data", "web", 2));
        let r = w.report();
        let s = one(&r);
        assert_eq!(s.ordinals[1].volumes[0].status, "Missing");
        assert_eq!(s.ordinals[2].volumes[0].status, "Pending");
        assert_eq!(
            codes(s),
            vec![
                ("PvcMissing", "pvc/data-web-1".into()),
                ("PvcPending", "pvc/data-web-2".into())
            ]
        );
        assert!(s.problems[0].message.contains("kubernetes#74374"));
    }

    #[test]
    fn lost_and_terminating_claims_are_flagged() {
        let mut w = World::healthy(sts("web", 2, &["data"]));
        w.pvcs[0].status.as_mut().unwrap().phase = Some("Lost".into());
        w.pvcs[1] = terminating(w.pvcs[1].clone());
        let r = w.report();
        let s = one(&r);
        assert_eq!(s.ordinals[1].volumes[0].status, "Terminating");
        assert_eq!(
            codes(s),
            vec![
                ("PvcLost", "pvc/data-web-0".into()),
                ("PvcTerminating", "pvc/data-web-1".into())
            ]
        );
    }

    #[test]
    fn pod_not_ready_missing_terminating_and_foreign_are_flagged() {
        let mut w = World::healthy(sts("web", 4, &[]));
        w.set_pod("web-0", not_ready);
        w.pods
            .retain(|p| p.metadata.name.as_deref() != Some("web-1"));
        w.set_pod("web-2", terminating);
        w.set_pod("web-3", |mut p| {
            p.metadata.owner_references = None;
            p
        });
        let r = w.report();
        let s = one(&r);
        assert_eq!(
            codes(s),
            vec![
                ("PodNotReady", "pod/web-0".into()),
                ("PodMissing", "pod/web-1".into()),
                ("PodTerminating", "pod/web-2".into()),
                ("PodNotOwned", "pod/web-3".into()),
            ]
        );
        assert!(
            s.problems[0].message.contains("4 restarts"),
            "{}",
            s.problems[0].message
        );
        assert_eq!(s.ordinals[2].pod.as_ref().unwrap().status, "Terminating");
    }

    #[test]
    fn revisions_are_checked_against_the_partition() {
        // Rollout pending to REV_B with partition 2: ordinals 0,1 must stay at A, 2,3 should be B.
        let set = with_partition(with_update_revision(sts("web", 4, &[]), REV_B), 2);
        let mut w = World::healthy(set);
        w.set_pod("web-0", |p| pod_at(p, REV_B)); // wrong: updated below the partition
        w.set_pod("web-3", |p| pod_at(p, REV_B)); // right
        let r = w.report();
        let s = one(&r);
        assert_eq!(
            codes(s),
            vec![
                ("UpdatedBelowPartition", "pod/web-0".into()),
                ("OutdatedAbovePartition", "pod/web-2".into()),
            ]
        );
        let roles: Vec<_> = s
            .ordinals
            .iter()
            .map(|o| o.pod.as_ref().unwrap().revision_role.clone())
            .collect();
        assert_eq!(roles, vec!["update", "current", "current", "update"]);
    }

    #[test]
    fn partition_counts_from_ordinals_start() {
        // start 3, partition 1: ordinal 3 is index 0 (below), ordinals 4 and 5 are at or above.
        let set = with_partition(
            with_update_revision(with_start(sts("web", 3, &[]), 3), REV_B),
            1,
        );
        let mut w = World::healthy(set);
        w.set_pod("web-3", |p| pod_at(p, REV_B));
        w.set_pod("web-5", |p| pod_at(p, REV_B));
        let r = w.report();
        assert_eq!(
            codes(one(&r)),
            vec![
                ("UpdatedBelowPartition", "pod/web-3".into()),
                ("OutdatedAbovePartition", "pod/web-4".into()),
            ]
        );
        assert!(one(&r).problems[0].message.contains("ordinals < 4"));
    }

    #[test]
    fn no_revision_problems_when_no_rollout_is_pending_or_on_delete() {
        let mut w = World::healthy(with_partition(sts("web", 2, &[]), 1));
        w.set_pod("web-1", |p| pod_at(p, "web-other"));
        assert!(one(&w.report()).problems.is_empty());

        let mut set = with_update_revision(sts("web", 2, &[]), REV_B);
        set.spec.update_strategy = Some(StatefulSetUpdateStrategy {
            type_: Some("OnDelete".into()),
            rolling_update: None,
        });
        let r = World::healthy(set).report();
        let s = one(&r);
        assert_eq!(s.update_strategy.partition, None);
        assert_eq!(
            codes(s),
            vec![("OnDeletePending", "statefulset/web".into())]
        );
        assert!(s.problems[0].message.contains("web-0, web-1"));
    }

    #[test]
    fn scaled_down_set_shows_leftover_claims_after_live_ordinals() {
        let mut w = World::healthy(sts("web", 5, &["data", "logs"]));
        w.sets[0].spec.replicas = Some(2);
        w.pods
            .retain(|p| ["web-0", "web-1"].contains(&p.metadata.name.as_deref().unwrap()));
        let r = w.report();
        let s = one(&r);
        let ords: Vec<_> = s.ordinals.iter().map(|o| (o.ordinal, o.live)).collect();
        assert_eq!(
            ords,
            vec![(0, true), (1, true), (2, false), (3, false), (4, false)]
        );
        assert!(s.ordinals[2].pod.is_none());
        assert_eq!(s.ordinals[4].volumes.len(), 2);
        let leftovers: Vec<_> = s
            .problems
            .iter()
            .filter(|p| p.code == "LeftoverPvc")
            .map(|p| p.object.clone())
            .collect();
        assert_eq!(leftovers.len(), 6, "{leftovers:?}");
        assert!(s.problems.iter().all(|p| p.severity == Severity::Info));
    }

    #[test]
    fn terminating_pod_outside_range_is_reported_not_as_missing() {
        let mut w = World::healthy(sts("web", 3, &["data"]));
        w.sets[0].spec.replicas = Some(2);
        w.set_pod("web-2", terminating);
        let r = w.report();
        let s = one(&r);
        assert_eq!(s.ordinals[2].pod.as_ref().unwrap().name, "web-2");
        assert_eq!(
            codes(s),
            vec![
                ("PodOutsideRange", "pod/web-2".into()),
                ("LeftoverPvc", "pvc/data-web-2".into())
            ]
        );
    }

    #[test]
    fn service_states() {
        let mut w = World::healthy(sts("web", 1, &[]));
        w.services = Some(vec![]);
        assert_eq!(
            codes(one(&w.report())),
            vec![("ServiceMissing", "service/web".into())]
        );

        let mut w = World::healthy(sts("web", 1, &[]));
        w.services.as_mut().unwrap()[0]
            .spec
            .as_mut()
            .unwrap()
            .cluster_ip = Some("10.0.0.1".into());
        assert_eq!(
            codes(one(&w.report())),
            vec![("ServiceNotHeadless", "service/web".into())]
        );

        let mut w = World::healthy(sts("web", 1, &[]));
        w.services = None;
        let r = w.report();
        assert_eq!(one(&r).service.state, "unknown");
        assert!(one(&r).problems.is_empty());
    }

    #[test]
    fn resize_states() {
        let mut w = World::healthy(sts("web", 3, &["data"]));
        // 0: requested more than capacity, nothing started yet.
        w.pvcs[0]
            .spec
            .as_mut()
            .unwrap()
            .resources
            .as_mut()
            .unwrap()
            .requests = Some([("storage".to_string(), Quantity("2Gi".into()))].into());
        // 1: expanded, waiting for the pod to restart.
        w.pvcs[1].status.as_mut().unwrap().conditions = Some(vec![
            k8s_openapi::api::core::v1::PersistentVolumeClaimCondition {
                type_: "FileSystemResizePending".into(),
                status: "True".into(),
                ..Default::default()
            },
        ]);
        let r = w.report();
        let s = one(&r);
        assert_eq!(
            s.ordinals[0].volumes[0].resize.as_deref(),
            Some("Requested")
        );
        assert_eq!(
            s.ordinals[1].volumes[0].resize.as_deref(),
            Some("FileSystemResizePending")
        );
        assert_eq!(s.ordinals[2].volumes[0].resize, None);
        let c = codes(s);
        assert!(
            c.contains(&("PvcResizePending", "pvc/data-web-0".into())),
            "{c:?}"
        );
        assert!(
            c.contains(&("PvcResizePending", "pvc/data-web-1".into())),
            "{c:?}"
        );
        assert!(
            c.contains(&("TemplateSmallerThanPvc", "pvc/data-web-0".into())),
            "{c:?}"
        );
        assert!(s.problems.iter().any(|p| p.message.contains("restart")));
    }

    #[test]
    fn missing_pv_flagged_only_when_pvs_were_read() {
        let mut w = World::healthy(sts("web", 1, &["data"]));
        w.pvs = Some(vec![]);
        assert_eq!(
            codes(one(&w.report())),
            vec![("PvMissing", "pvc/data-web-0".into())]
        );

        let mut w = World::healthy(sts("web", 1, &["data"]));
        w.pvs = None;
        let r = w.report();
        assert!(one(&r).problems.is_empty());
        assert_eq!(one(&r).ordinals[0].volumes[0].pv_phase, None);
    }

    #[test]
    fn generation_not_observed_is_flagged() {
        let mut w = World::healthy(sts("web", 1, &[]));
        w.sets[0].metadata.generation = Some(3);
        assert_eq!(
            codes(one(&w.report())),
            vec![("GenerationNotObserved", "statefulset/web".into())]
        );
    }

    #[test]
    fn sets_with_prefix_names_and_other_namespaces_do_not_mix() {
        let web = World::healthy(sts("web", 1, &["data"]));
        let web0 = World::healthy(sts("web-0", 2, &["data"]));
        let mut other_ns = World::healthy(sts("web", 1, &["data"]));
        for p in &mut other_ns.pods {
            p.metadata.namespace = Some("other".into());
        }
        for c in &mut other_ns.pvcs {
            c.metadata.namespace = Some("other".into());
        }
        other_ns.sets[0].metadata.namespace = Some("other".into());
        other_ns.services.as_mut().unwrap()[0].metadata.namespace = Some("other".into());

        let mut all = World {
            sets: vec![],
            pods: vec![],
            pvcs: vec![],
            pvs: Some(vec![]),
            services: Some(vec![]),
        };
        for w in [web0, other_ns, web] {
            all.sets.extend(w.sets);
            all.pods.extend(w.pods);
            all.pvcs.extend(w.pvcs);
            all.pvs.as_mut().unwrap().extend(w.pvs.unwrap());
            all.services.as_mut().unwrap().extend(w.services.unwrap());
        }
        let r = all.report();
        let ids: Vec<_> = r
            .stateful_sets
            .iter()
            .map(|s| format!("{}/{}", s.namespace, s.name))
            .collect();
        assert_eq!(ids, vec!["other/web", "shop/web", "shop/web-0"]);
        for s in &r.stateful_sets {
            assert!(
                s.problems.is_empty(),
                "{}/{}: {:?}",
                s.namespace,
                s.name,
                s.problems
            );
        }
        // "web" in shop has one ordinal, even though web-0-0 and data-web-0-1 exist.
        assert_eq!(r.stateful_sets[1].ordinals.len(), 1);
    }

    #[test]
    fn json_report_shape_is_stable() {
        let r = World::healthy(sts("web", 1, &["data"])).report();
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["apiVersion"], "kubectl-sts/v1");
        assert_eq!(v["kind"], "StatusReport");
        let s = &v["statefulSets"][0];
        for key in [
            "namespace",
            "name",
            "replicas",
            "generation",
            "observedGeneration",
            "updateStrategy",
            "podManagementPolicy",
            "currentRevision",
            "updateRevision",
            "minReadySeconds",
            "ordinalsStart",
            "pvcRetentionPolicy",
            "service",
            "volumeClaimTemplates",
            "ordinals",
            "problems",
        ] {
            assert!(s.get(key).is_some(), "missing {key}");
        }
        assert_eq!(s["updateStrategy"]["type"], "RollingUpdate");
        assert_eq!(s["replicas"]["desired"], 1);
        let o = &s["ordinals"][0];
        assert_eq!(o["pod"]["revisionRole"], "current+update");
        assert_eq!(o["volumes"][0]["claimName"], "data-web-0");
        assert_eq!(o["volumes"][0]["pvReclaimPolicy"], "Delete");
        assert!(v.get("warnings").is_none());
        assert!(!serde_json::to_string(&r).unwrap().contains("managedFields"));
    }

    fn pod_at(mut p: Pod, rev: &str) -> Pod {
        p.metadata
            .labels
            .as_mut()
            .unwrap()
            .insert(REVISION_LABEL.into(), rev.into());
        p
    }
}
