//! Volume snapshots of a StatefulSet's claims: what a snapshot is named and
//! labelled, which VolumeSnapshotClass takes it, whether it is ready, the
//! rows of `pvc snapshots`, and whether a snapshot may restore an ordinal's
//! claim. Pure; `ops::snapshot` and `ops::restore` act on these decisions.
//!
//! The snapshot API is kubernetes-csi/external-snapshotter's
//! (`snapshot.storage.k8s.io/v1`): a class is picked by the claim's CSI
//! driver, and restoring means a new claim whose `dataSource` is the
//! snapshot, at least `status.restoreSize` large
//! (kubernetes.io/docs/concepts/storage/volume-snapshots).

pub mod objects;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::jiff::Timestamp;
use serde::Serialize;

use crate::plan::names::{pvc_name, pvc_ordinal};
use crate::plan::quantity;
use objects::{VolumeSnapshot, VolumeSnapshotClass, VolumeSnapshotSource, VolumeSnapshotSpec};

/// Labels on every snapshot kubectl-sts takes: the set, the ordinal and the
/// claim template, so `pvc snapshots` and `pvc restore` find them by label.
pub const SET_LABEL: &str = "kubectl-sts.io/set";
pub const ORDINAL_LABEL: &str = "kubectl-sts.io/ordinal";
pub const TEMPLATE_LABEL: &str = "kubectl-sts.io/template";
/// The source claim's size when the snapshot was taken (capacity, else request).
pub const SOURCE_SIZE_ANNOTATION: &str = "kubectl-sts.io/source-size";
/// Why it was taken: `manual`, or the operation it preceded (`pvc resize`, ...).
pub const REASON_ANNOTATION: &str = "kubectl-sts.io/reason";
/// external-snapshotter's default-class annotation.
pub const DEFAULT_CLASS_ANNOTATION: &str = "snapshot.storage.kubernetes.io/is-default-class";

/// One claim to snapshot, as read just before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Source {
    pub claim: String,
    pub ordinal: i32,
    pub template: String,
    /// The CSI driver of its volume (`spec.csi.driver` of the PV, else the
    /// StorageClass's provisioner); `None` when unknown.
    pub driver: Option<String>,
    /// `status.capacity` (else the request), recorded on the snapshot.
    pub size: Option<String>,
    /// Why the claim cannot be snapshotted (not Bound, missing), if so.
    pub refusal: Option<String>,
}

/// `<claim>-<YYYYMMDD>-<HHMMSS>` (UTC): the set, the ordinal and the
/// template are readable in the claim's name, the time in the suffix. Kept
/// within 253 characters (a DNS subdomain) by shortening the claim part.
pub fn snapshot_name(claim: &str, at: Timestamp) -> String {
    let stamp = at.strftime("%Y%m%d-%H%M%S").to_string();
    let room = 253 - stamp.len() - 1;
    let claim = &claim[..claim.len().min(room)];
    format!("{}-{stamp}", claim.trim_end_matches(['-', '.']))
}

/// The label selector of the snapshots of set `set`.
pub fn selector(set: &str) -> String {
    format!("{SET_LABEL}={set}")
}

/// The VolumeSnapshot for `source`, taken with `class`, named for `at`.
pub fn build(
    set: &str,
    source: &Source,
    class: &str,
    at: Timestamp,
    reason: &str,
) -> VolumeSnapshot {
    let labels = BTreeMap::from([
        (SET_LABEL.to_string(), set.to_string()),
        (ORDINAL_LABEL.to_string(), source.ordinal.to_string()),
        (TEMPLATE_LABEL.to_string(), source.template.clone()),
    ]);
    let mut annotations = BTreeMap::from([(REASON_ANNOTATION.to_string(), reason.to_string())]);
    if let Some(size) = &source.size {
        annotations.insert(SOURCE_SIZE_ANNOTATION.into(), size.clone());
    }
    VolumeSnapshot {
        metadata: ObjectMeta {
            name: Some(snapshot_name(&source.claim, at)),
            labels: Some(labels),
            annotations: Some(annotations),
            ..Default::default()
        },
        spec: VolumeSnapshotSpec {
            source: VolumeSnapshotSource {
                persistent_volume_claim_name: Some(source.claim.clone()),
                volume_snapshot_content_name: None,
            },
            volume_snapshot_class_name: Some(class.to_string()),
        },
        ..Default::default()
    }
}

/// The class that snapshots volumes of CSI driver `driver`: `requested`
/// (`--class`) when given, which must name a class of that driver; else the
/// driver's default class; else its only class. `Err` says which class is
/// needed, for the claims `claims`.
pub fn pick_class(
    driver: &str,
    classes: &[VolumeSnapshotClass],
    requested: Option<&str>,
    claims: &str,
) -> Result<String, String> {
    let of_driver: Vec<&VolumeSnapshotClass> =
        classes.iter().filter(|c| c.driver == driver).collect();
    let name = |c: &VolumeSnapshotClass| c.metadata.name.clone().unwrap_or_default();
    if let Some(r) = requested {
        return match classes
            .iter()
            .find(|c| c.metadata.name.as_deref() == Some(r))
        {
            Some(c) if c.driver == driver => Ok(r.to_string()),
            Some(c) => Err(format!(
                "VolumeSnapshotClass {r} is for CSI driver {}, but {claims} use driver {driver}{}",
                c.driver,
                hint_classes(&of_driver)
            )),
            None => Err(format!(
                "VolumeSnapshotClass {r} does not exist{}",
                hint_classes(&of_driver)
            )),
        };
    }
    let defaults: Vec<&&VolumeSnapshotClass> = of_driver
        .iter()
        .filter(|c| {
            c.metadata
                .annotations
                .as_ref()
                .and_then(|a| a.get(DEFAULT_CLASS_ANNOTATION))
                .is_some_and(|v| v == "true")
        })
        .collect();
    match (defaults.as_slice(), of_driver.as_slice()) {
        ([one], _) => Ok(name(one)),
        ([], [one]) => Ok(name(one)),
        ([], []) => Err(format!(
            "no VolumeSnapshotClass is for CSI driver {driver}, which {claims} use: create one \
             (apiVersion {}, kind VolumeSnapshotClass, driver: {driver}, deletionPolicy: Retain) \
             and re-run",
            objects::API_VERSION
        )),
        _ => Err(format!(
            "several VolumeSnapshotClasses are for CSI driver {driver} ({}) and not exactly one \
             is the default; pick one with --snapshot-class",
            of_driver
                .iter()
                .map(|c| name(c))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

fn hint_classes(of_driver: &[&VolumeSnapshotClass]) -> String {
    if of_driver.is_empty() {
        String::new()
    } else {
        format!(
            "; classes for it: {}",
            of_driver
                .iter()
                .filter_map(|c| c.metadata.name.as_deref())
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

/// Where a snapshot stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// `status.readyToUse` is true: it can be restored from.
    Ready,
    /// `status.error` is set and it is not ready: the message.
    Failed(String),
    /// Neither yet: what it waits for.
    Pending(String),
}

/// The state of `s` from its status.
pub fn state(s: &VolumeSnapshot) -> State {
    let st = s.status.as_ref();
    if st.and_then(|s| s.ready_to_use) == Some(true) {
        return State::Ready;
    }
    if let Some(e) = st.and_then(|s| s.error.as_ref()) {
        return State::Failed(
            e.message
                .clone()
                .unwrap_or_else(|| "the snapshot failed (no message)".into()),
        );
    }
    State::Pending(
        match st.and_then(|s| s.bound_volume_snapshot_content_name.as_deref()) {
            None => "waiting for the snapshot-controller".into(),
            Some(_) => "waiting for the CSI driver to cut the snapshot".into(),
        },
    )
}

/// One row of `pvc snapshots`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    pub name: String,
    pub ordinal: Option<i32>,
    pub template: String,
    pub source_claim: String,
    pub created: Option<String>,
    /// `status.restoreSize`, else the recorded source size.
    pub size: Option<String>,
    /// `true`, `false`, or `error: <message>`.
    pub ready: String,
    pub class: Option<String>,
    /// The class's deletionPolicy (`Delete` removes the storage's copy with
    /// the VolumeSnapshot); `None` when the class is gone.
    pub deletion_policy: Option<String>,
    pub reason: Option<String>,
}

/// The rows of `pvc snapshots` for set `set`: its labelled snapshots plus
/// any snapshot of one of its claims taken by hand (source claim named
/// `<template>-<set>-<ordinal>`), by ordinal, template, then time.
pub fn rows(
    set: &StatefulSet,
    snaps: &[VolumeSnapshot],
    classes: &[VolumeSnapshotClass],
) -> Vec<Row> {
    let mut out: Vec<Row> = snaps
        .iter()
        .filter_map(|s| {
            let (template, ordinal) = belongs_to(set, s)?;
            let st = s.status.as_ref();
            let class = s.spec.volume_snapshot_class_name.clone();
            let ann = |k: &str| s.metadata.annotations.as_ref()?.get(k).cloned();
            Some(Row {
                name: s.metadata.name.clone().unwrap_or_default(),
                ordinal,
                template,
                source_claim: s
                    .spec
                    .source
                    .persistent_volume_claim_name
                    .clone()
                    .unwrap_or_default(),
                created: st.and_then(|s| s.creation_time.clone()).or_else(|| {
                    s.metadata
                        .creation_timestamp
                        .as_ref()
                        .map(|t| t.0.to_string())
                }),
                size: st
                    .and_then(|s| s.restore_size.as_ref().map(|q| q.0.clone()))
                    .or_else(|| ann(SOURCE_SIZE_ANNOTATION)),
                ready: match state(s) {
                    State::Ready => "true".into(),
                    State::Failed(m) => format!("error: {m}"),
                    State::Pending(_) => "false".into(),
                },
                deletion_policy: class.as_deref().and_then(|c| {
                    classes
                        .iter()
                        .find(|k| k.metadata.name.as_deref() == Some(c))
                        .map(|k| k.deletion_policy.clone())
                }),
                class,
                reason: ann(REASON_ANNOTATION),
            })
        })
        .collect();
    out.sort_by(|a, b| {
        (a.ordinal, &a.template, &a.created, &a.name).cmp(&(
            b.ordinal,
            &b.template,
            &b.created,
            &b.name,
        ))
    });
    out
}

/// The claim template and ordinal of set `set` that snapshot `s` was taken
/// of: from its source claim's name (`<template>-<set>-<ordinal>` for one
/// of the set's templates), which must agree with its labels when it has
/// them. `None`: not a snapshot of this set.
pub fn belongs_to(set: &StatefulSet, s: &VolumeSnapshot) -> Option<(String, Option<i32>)> {
    let set_name = set.metadata.name.as_deref()?;
    let label = |k: &str| s.metadata.labels.as_ref()?.get(k).map(String::as_str);
    if label(SET_LABEL).is_some_and(|l| l != set_name) {
        return None;
    }
    let claim = s.spec.source.persistent_volume_claim_name.as_deref()?;
    templates(set).into_iter().find_map(|t| {
        let ordinal = pvc_ordinal(claim, &t, set_name)?;
        if label(TEMPLATE_LABEL).is_some_and(|l| l != t)
            || label(ORDINAL_LABEL).is_some_and(|l| l != ordinal.to_string())
        {
            return None;
        }
        Some((t, Some(ordinal)))
    })
}

/// The names of the set's claim templates.
pub fn templates(set: &StatefulSet) -> Vec<String> {
    set.spec
        .volume_claim_templates
        .iter()
        .flatten()
        .filter_map(|t| t.metadata.name.clone())
        .collect()
}

/// The template `--template` names, or the set's only one. `Err` names the
/// templates to choose from.
pub fn pick_template(set: &StatefulSet, requested: Option<&str>) -> Result<String, String> {
    let name = set.metadata.name.as_deref().unwrap_or_default();
    let ns = set.metadata.namespace.as_deref().unwrap_or_default();
    let all = templates(set);
    match (requested, all.as_slice()) {
        (_, []) => Err(format!(
            "statefulset {name} in namespace {ns} has no volumeClaimTemplates: there is no claim \
             to snapshot or restore"
        )),
        (Some(t), _) if all.iter().any(|a| a == t) => Ok(t.to_string()),
        (Some(t), _) => Err(format!(
            "statefulset {name} in namespace {ns} has no claim template {t:?}; its templates: {}",
            all.join(", ")
        )),
        (None, [one]) => Ok(one.clone()),
        (None, _) => Err(format!(
            "statefulset {name} in namespace {ns} has several claim templates ({}); name one \
             with --template",
            all.join(", ")
        )),
    }
}

/// What a restore writes, once [`check_restore`] accepted it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RestoreTarget {
    pub ordinal: i32,
    pub template: String,
    /// The claim the controller expects: `<template>-<set>-<ordinal>`.
    pub claim: String,
    pub pod: String,
    pub snapshot: String,
    /// The claim the snapshot was taken of (maybe of another ordinal).
    pub source_claim: String,
    /// The new claim's request: the snapshot's restoreSize, or the claim
    /// template's request when that is larger (the controller's size).
    pub size: String,
}

/// Whether snapshot `snap` may restore ordinal `ordinal`'s claim of
/// template `template` of `set`. Refused: an ordinal outside the live range,
/// a snapshot of another set or template, one not ready (or failed), being
/// deleted, or without a restoreSize. A snapshot of another ordinal of the
/// same template is accepted (re-seeding a replica); the plan says so.
pub fn check_restore(
    set: &StatefulSet,
    ordinal: i32,
    template: &str,
    snap: &VolumeSnapshot,
) -> Result<RestoreTarget, String> {
    let set_name = set.metadata.name.as_deref().unwrap_or_default();
    let ns = set.metadata.namespace.as_deref().unwrap_or_default();
    let snap_name = snap.metadata.name.clone().unwrap_or_default();
    let live = crate::plan::set::live_ordinals(set);
    if !live.contains(&ordinal) {
        return Err(format!(
            "ordinal {ordinal} is not a live ordinal of statefulset {set_name} in namespace {ns} \
             (live: {}); only the claim of a running ordinal is restored",
            crate::plan::set::range_text(&live)
        ));
    }
    let source = snap
        .spec
        .source
        .persistent_volume_claim_name
        .clone()
        .unwrap_or_default();
    match belongs_to(set, snap) {
        Some((t, _)) if t == template => {}
        Some((t, _)) => {
            return Err(format!(
                "VolumeSnapshot {snap_name} was taken of claim {source} (template {t:?}), not of \
                 template {template:?} of statefulset {set_name}; pick a snapshot of that template: \
                 kubectl sts pvc snapshots {set_name} -n {ns}"
            ));
        }
        None => {
            return Err(format!(
                "VolumeSnapshot {snap_name} was taken of claim {}, which is not a claim of \
                 statefulset {set_name}; pick one of its snapshots: kubectl sts pvc snapshots \
                 {set_name} -n {ns}",
                if source.is_empty() {
                    "(none: a pre-provisioned content)"
                } else {
                    &source
                }
            ));
        }
    }
    if snap.metadata.deletion_timestamp.is_some() {
        return Err(format!("VolumeSnapshot {snap_name} is being deleted"));
    }
    match state(snap) {
        State::Ready => {}
        State::Failed(m) => {
            return Err(format!(
                "VolumeSnapshot {snap_name} failed and cannot be restored: {m}"
            ));
        }
        State::Pending(m) => {
            return Err(format!(
                "VolumeSnapshot {snap_name} is not ready to use ({m}); wait for READY true in: \
                 kubectl sts pvc snapshots {set_name} -n {ns}"
            ));
        }
    }
    let restore_size = snap
        .status
        .as_ref()
        .and_then(|s| s.restore_size.as_ref())
        .map(|q| q.0.clone())
        .ok_or_else(|| format!("VolumeSnapshot {snap_name} has no status.restoreSize"))?;
    let requested = set
        .spec
        .volume_claim_templates
        .iter()
        .flatten()
        .find(|t| t.metadata.name.as_deref() == Some(template))
        .and_then(|t| {
            t.spec
                .as_ref()?
                .resources
                .as_ref()?
                .requests
                .as_ref()?
                .get("storage")
        })
        .map(|q| q.0.clone());
    let size = match requested {
        Some(r) if quantity::compare(&r, &restore_size) == Some(std::cmp::Ordering::Greater) => r,
        _ => restore_size,
    };
    Ok(RestoreTarget {
        ordinal,
        template: template.to_string(),
        claim: pvc_name(template, set_name, ordinal),
        pod: crate::plan::names::pod_name(set_name, ordinal),
        snapshot: snap_name,
        source_claim: source,
        size,
    })
}

/// The name under which a restore keeps the replaced claim's volume:
/// `<claim>-before-restore-<YYYYMMDD>-<HHMMSS>`, within 253 characters.
pub fn kept_claim_name(claim: &str, at: Timestamp) -> String {
    snapshot_name(&format!("{claim}-before-restore"), at)
}
