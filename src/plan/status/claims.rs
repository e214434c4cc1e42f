//! The claims of each ordinal in the status report: what a claim is (bound,
//! pending, lost, being deleted and by which finalizers, resizing) and the
//! problems worth flagging about it.

use std::collections::HashMap;

use k8s_openapi::api::core::v1::{PersistentVolume, PersistentVolumeClaim};

use super::{ClaimTemplate, PodInfo, Problem, VolumeInfo, info, storage_request, warn};
use crate::plan::finalizers::{PVC_PROTECTION, check_text, owner_text};
use crate::plan::quantity;

pub(super) fn volume_info(
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
            resize_message: None,
            finalizers: vec![],
            previous_volumes: vec![],
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
        resize_message: crate::plan::resize::failure_message(c),
        finalizers: if c.metadata.deletion_timestamp.is_some() {
            c.metadata.finalizers.clone().unwrap_or_default()
        } else {
            vec![]
        },
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
        previous_volumes: vec![],
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
pub(super) fn volume_problems(
    vi: &VolumeInfo,
    t: &ClaimTemplate,
    (ns, pod_name): (&str, &str),
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
                crate::plan::set::range_text(live_range),
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
            terminating_message(vi, ns, pod_name, pod),
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
            "Failed" => super::problems::resize_failed(vi, ns, pod_name),
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

/// Why a claim of a live ordinal is still there while being deleted: the
/// finalizers that actually hold it, who owns each, and what it means for
/// the ordinal's pod.
fn terminating_message(vi: &VolumeInfo, ns: &str, pod_name: &str, pod: Option<&PodInfo>) -> String {
    let name = &vi.claim_name;
    let held = if vi.finalizers.is_empty() {
        "no finalizer is listed (it should be gone in a moment)".to_string()
    } else {
        format!(
            "held by {}",
            vi.finalizers
                .iter()
                .map(|f| owner_text(f))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let pod_text = match pod {
        // pvc-protection alone lets the claim go with the pod; the
        // controller then gives the new pod a new, empty claim. Any other
        // finalizer keeps it Terminating, and the pod is not recreated.
        Some(p) if !p.terminating && vi.finalizers.iter().all(|f| f == PVC_PROTECTION) => {
            format!(
                "it and its data go when pod {pod_name} stops, and {pod_name} then starts on a \
                 new, empty claim"
            )
        }
        Some(p) if !p.terminating => format!(
            "when pod {pod_name} stops, {pod_name} is not recreated until the claim is gone"
        ),
        _ => format!("pod {pod_name} is not created until the claim is gone"),
    };
    let checks: Vec<String> = vi
        .finalizers
        .iter()
        .filter(|f| f.as_str() != PVC_PROTECTION || pod.is_none())
        .map(|f| check_text(f, ns, name))
        .collect();
    let mut msg = format!("PVC {name} is being deleted, {held}: {pod_text}");
    if !checks.is_empty() {
        msg.push_str(&format!(". {}", checks.join("; ")));
    }
    msg
}
