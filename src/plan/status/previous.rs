//! Volumes that still hold an ordinal's old data: PersistentVolumes in
//! phase Released whose `spec.claimRef` names one of the set's claims (by
//! namespace and claim name). A claim deleted while its volume had
//! reclaimPolicy Retain leaves one; the controller then gives the ordinal a
//! new, empty claim of the same name, and nothing else says the old data
//! exists.

use k8s_openapi::api::core::v1::PersistentVolume;
use serde::Serialize;

use super::{Problem, VolumeInfo, info, warn};
use crate::plan::rebind::{self, Rebind};

/// A Released volume whose claimRef names this claim.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PreviousVolume {
    pub name: String,
    /// "Released".
    pub phase: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reclaim_policy: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage_class: Option<String>,
    /// The uid of the deleted claim it was bound to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claim_uid: Option<String>,
    /// The commands that put it back under the claim (`plan::rebind`).
    pub rebind: Vec<String>,
}

/// Whether `pv` is Released and its claimRef names `ns/claim`.
pub fn released_for(pv: &PersistentVolume, ns: &str) -> Option<String> {
    let phase = pv.status.as_ref()?.phase.as_deref()?;
    let r = pv.spec.as_ref()?.claim_ref.as_ref()?;
    (phase == "Released" && r.namespace.as_deref() == Some(ns))
        .then(|| r.name.clone())
        .flatten()
}

/// Where the claim sits in its set, for the rebind commands.
pub(super) struct Place<'a> {
    pub ns: &'a str,
    pub set: &'a str,
    pub ordinal: i32,
    pub replicas: i32,
    pub start: i32,
}

/// The Released volumes among `released` (the namespace's) whose claimRef
/// names `vi`'s claim, other than the volume the claim is bound to now.
pub(super) fn previous_volumes(
    vi: &VolumeInfo,
    released: &[&PersistentVolume],
    at: &Place<'_>,
) -> Vec<PreviousVolume> {
    let mut out: Vec<PreviousVolume> = released
        .iter()
        .filter(|pv| released_for(pv, at.ns).as_deref() == Some(vi.claim_name.as_str()))
        .filter(|pv| pv.metadata.name != vi.volume_name)
        .map(|pv| {
            let name = pv.metadata.name.clone().unwrap_or_default();
            let spec = pv.spec.as_ref();
            let reclaim = spec.and_then(|s| s.persistent_volume_reclaim_policy.clone());
            let rebind = rebind::steps(&Rebind {
                namespace: at.ns,
                volume: &name,
                reclaim_policy: reclaim.as_deref(),
                old_claim: None,
                claim: &vi.claim_name,
                set: at.set,
                ordinal: at.ordinal,
                replicas: at.replicas,
                start: at.start,
                claim_exists: vi.status != "Missing",
            });
            PreviousVolume {
                phase: "Released".into(),
                reclaim_policy: reclaim,
                capacity: spec
                    .and_then(|s| s.capacity.as_ref()?.get("storage"))
                    .map(|q| q.0.clone()),
                storage_class: spec.and_then(|s| s.storage_class_name.clone()),
                claim_uid: spec.and_then(|s| s.claim_ref.as_ref()?.uid.clone()),
                rebind,
                name,
            }
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// One problem per previous volume: a warning while the ordinal is live
/// (its pod runs on other data than the volume holds), else information.
pub(super) fn previous_problems(
    vi: &VolumeInfo,
    live: bool,
    at: &Place<'_>,
    out: &mut Vec<Problem>,
) {
    for p in &vi.previous_volumes {
        let now = match (vi.status.as_str(), vi.volume_name.as_deref()) {
            ("Missing", _) => "the claim does not exist now".to_string(),
            (_, Some(v)) => format!("the claim is bound to {v} now"),
            (s, None) => format!("the claim is {s} now"),
        };
        let delete = if p.reclaim_policy.as_deref() == Some("Delete") {
            " (reclaimPolicy Delete: the volume plugin may still delete it)"
        } else {
            ""
        };
        let msg = format!(
            "PVC {} (ordinal {}): PV {} is its previous volume, Released, holds data{delete}; \
             {now}. To put it back see: kubectl sts pvc list {} -n {} -o wide; to drop it: \
             kubectl delete pv {}",
            vi.claim_name, at.ordinal, p.name, at.set, at.ns, p.name
        );
        let obj = format!("pv/{}", p.name);
        out.push(if live {
            warn("PreviousVolumeReleased", &obj, msg)
        } else {
            info("PreviousVolumeReleased", &obj, msg)
        });
    }
}
