//! Restoring one ordinal's claim from a VolumeSnapshot: the claims a
//! restore creates and the record it keeps while the StatefulSet is gone.
//! Pure; `ops::restore` writes. Whether a snapshot may be used at all is
//! `plan::snapshot::check_restore`.
//!
//! The StatefulSet controller recreates a missing pod, and a missing claim
//! from its template (empty), at once. So the restored claim must exist
//! under the controller's name, `<template>-<set>-<ordinal>`, before any
//! controller can act on that ordinal. Two holds make sure of it:
//!
//! - the replaced claim is deleted but kept terminating by a finalizer of
//!   kubectl-sts: the controller creates neither the pod nor a claim for an
//!   ordinal whose claim is being deleted ("pvc ... is being deleted",
//!   kubernetes `pkg/controller/statefulset/stateful_pod_control.go`), so
//!   the pod is evicted while the set is alive, and its
//!   PodDisruptionBudgets count as usual (orphaned pods have none that
//!   allows an eviction with `maxUnavailable`);
//! - before the hold is released, the set is deleted with
//!   propagationPolicy=Orphan (its other pods keep running) and recreated
//!   from its saved manifest once the restored claim is Bound, as `pvc
//!   resize` does for its templates (safety rule 17).
//!
//! Neither a partition (it holds updates, not the recreation of a missing
//! pod) nor a scale-down (it reaches only the highest ordinal) can hold one
//! ordinal in the middle.

use std::collections::BTreeMap;
use std::path::PathBuf;

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{
    PersistentVolume, PersistentVolumeClaim, PersistentVolumeClaimSpec, TypedLocalObjectReference,
    VolumeResourceRequirements,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::{Deserialize, Serialize};

use crate::plan::snapshot::RestoreTarget;
use crate::plan::snapshot::objects::GROUP;

/// Annotation on a restored claim: the VolumeSnapshot it came from.
pub const RESTORED_FROM_ANNOTATION: &str = "kubectl-sts.io/restored-from";

/// The record of a restore, on this machine (the set cannot hold it while
/// it is deleted), written before the first write and removed at the end.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Record {
    pub server: String,
    pub namespace: String,
    pub name: String,
    /// The UID of the set when the restore started (the one deleted).
    pub old_uid: String,
    /// The UID of the recreated set, once created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_uid: Option<String>,
    pub started: String,
    /// The saved manifest the set is recreated from.
    pub manifest: PathBuf,
    pub target: RestoreTarget,
    /// The UID of the pod of the ordinal when the restore started.
    pub old_pod_uid: String,
    /// The replaced claim's UID and volume.
    pub old_claim_uid: String,
    pub old_volume: String,
    /// The volume's reclaim policy before the restore set it to Retain.
    pub old_reclaim_policy: String,
    /// The claim that keeps the replaced volume; `None` with `--discard-old`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_as: Option<String>,
    /// The other pods (name -> UID), which must be adopted unchanged.
    pub others: BTreeMap<String, String>,
}

/// The claim the controller would create for `t`, with `dataSource` the
/// snapshot and the restore size: the template's labels, annotations and
/// spec, plus the set's selector labels (as the controller adds them), so
/// the recreated set adopts it as its own.
pub fn restored_claim(set: &StatefulSet, t: &RestoreTarget) -> PersistentVolumeClaim {
    let template = set
        .spec
        .volume_claim_templates
        .iter()
        .flatten()
        .find(|c| c.metadata.name.as_deref() == Some(t.template.as_str()))
        .cloned()
        .unwrap_or_default();
    let mut labels = template.metadata.labels.clone().unwrap_or_default();
    for (k, v) in set.spec.selector.match_labels.iter().flatten() {
        labels.insert(k.clone(), v.clone());
    }
    let mut annotations = template.metadata.annotations.clone().unwrap_or_default();
    annotations.insert(RESTORED_FROM_ANNOTATION.into(), t.snapshot.clone());
    let mut spec = template.spec.unwrap_or_default();
    let mut requests = spec
        .resources
        .as_ref()
        .and_then(|r| r.requests.clone())
        .unwrap_or_default();
    requests.insert("storage".into(), Quantity(t.size.clone()));
    spec.resources = Some(VolumeResourceRequirements {
        requests: Some(requests),
        ..spec.resources.unwrap_or_default()
    });
    spec.volume_name = None;
    let source = TypedLocalObjectReference {
        api_group: Some(GROUP.into()),
        kind: "VolumeSnapshot".into(),
        name: t.snapshot.clone(),
    };
    spec.data_source = Some(source.clone());
    spec.data_source_ref = None;
    PersistentVolumeClaim {
        metadata: ObjectMeta {
            name: Some(t.claim.clone()),
            namespace: set.metadata.namespace.clone(),
            labels: Some(labels),
            annotations: Some(annotations),
            ..Default::default()
        },
        spec: Some(spec),
        status: None,
    }
}

/// Whether `c` is the claim a restore from `snapshot` created.
pub fn is_restored_from(c: &PersistentVolumeClaim, snapshot: &str) -> bool {
    c.spec
        .as_ref()
        .and_then(|s| s.data_source.as_ref())
        .is_some_and(|d| {
            d.kind == "VolumeSnapshot"
                && d.name == snapshot
                && d.api_group.as_deref() == Some(GROUP)
        })
}

/// The claim that keeps the replaced volume `pv` under name `keep_as`:
/// pre-bound by `volumeName` (the volume's claimRef is pointed at it
/// first), with the old claim's class, access modes and mode, requesting
/// the volume's capacity, and without the set's labels (it is no claim of
/// an ordinal).
pub fn kept_claim(
    old: &PersistentVolumeClaim,
    pv: &PersistentVolume,
    keep_as: &str,
    restored_from: &str,
) -> PersistentVolumeClaim {
    let old_spec = old.spec.clone().unwrap_or_default();
    let capacity = pv
        .spec
        .as_ref()
        .and_then(|s| s.capacity.as_ref()?.get("storage").cloned())
        .or_else(|| {
            old_spec
                .resources
                .as_ref()?
                .requests
                .as_ref()?
                .get("storage")
                .cloned()
        })
        .unwrap_or_else(|| Quantity("1Gi".into()));
    PersistentVolumeClaim {
        metadata: ObjectMeta {
            name: Some(keep_as.to_string()),
            namespace: old.metadata.namespace.clone(),
            annotations: Some(BTreeMap::from([(
                "kubectl-sts.io/replaced-by-restore".to_string(),
                format!(
                    "{} (restored from {restored_from})",
                    old.metadata.name.clone().unwrap_or_default()
                ),
            )])),
            ..Default::default()
        },
        spec: Some(PersistentVolumeClaimSpec {
            access_modes: old_spec.access_modes.clone(),
            storage_class_name: old_spec.storage_class_name.clone(),
            volume_mode: old_spec.volume_mode.clone(),
            volume_name: pv.metadata.name.clone(),
            resources: Some(VolumeResourceRequirements {
                requests: Some(BTreeMap::from([("storage".to_string(), capacity)])),
                ..Default::default()
            }),
            ..Default::default()
        }),
        status: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::fixtures::{pv_for, pvc, sts};

    fn target() -> RestoreTarget {
        RestoreTarget {
            ordinal: 1,
            template: "data".into(),
            claim: "data-web-1".into(),
            pod: "web-1".into(),
            snapshot: "data-web-1-20261130-101500".into(),
            source_claim: "data-web-1".into(),
            size: "2Gi".into(),
        }
    }

    #[test]
    fn the_restored_claim_is_the_controllers_claim_with_a_snapshot_source() {
        let set = sts("web", 3, &["data"]);
        let c = restored_claim(&set, &target());
        assert_eq!(c.metadata.name.as_deref(), Some("data-web-1"));
        assert_eq!(c.metadata.labels.as_ref().unwrap()["app"], "web");
        let spec = c.spec.as_ref().unwrap();
        assert_eq!(
            spec.resources.as_ref().unwrap().requests.as_ref().unwrap()["storage"].0,
            "2Gi"
        );
        assert_eq!(spec.storage_class_name.as_deref(), Some("standard"));
        assert!(spec.volume_name.is_none());
        assert!(is_restored_from(&c, "data-web-1-20261130-101500"));
        assert!(!is_restored_from(&c, "other"));
        assert!(!is_restored_from(
            &pvc("data", "web", 1, "1Gi"),
            "data-web-1-20261130-101500"
        ));
    }

    #[test]
    fn the_kept_claim_binds_the_old_volume_by_name() {
        let old = pvc("data", "web", 1, "1Gi");
        let pv = pv_for(&old, "Retain");
        let k = kept_claim(&old, &pv, "data-web-1-before-restore-x", "snap");
        let spec = k.spec.unwrap();
        assert_eq!(spec.volume_name, pv.metadata.name);
        assert_eq!(
            spec.storage_class_name,
            old.spec.unwrap().storage_class_name
        );
        assert!(k.metadata.labels.is_none(), "no ordinal's labels");
    }
}
