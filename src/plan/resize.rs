//! The resize plan (safety rules 16-17): which claims grow to what, and the
//! StatefulSet manifest to recreate with the new claim template sizes. Pure:
//! the command reads, asks this module, then writes.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::PersistentVolumeClaim;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use serde::Serialize;

use super::names::pvc_name;
use super::quantity;

/// What is known of a StorageClass: `allowVolumeExpansion`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClassInfo {
    pub allow_expansion: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ResizePlan {
    pub namespace: String,
    pub stateful_set: String,
    pub size: String,
    /// Claims of live ordinals, in ordinal order then template order.
    pub claims: Vec<ClaimStep>,
    /// Claim templates whose size changes (the StatefulSet is recreated).
    pub templates: Vec<TemplateChange>,
    /// Things worth knowing that do not block (e.g. leftover claims).
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ClaimStep {
    pub ordinal: i32,
    pub template: String,
    pub claim: String,
    pub from: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity: Option<String>,
    pub to: String,
    pub storage_class: String,
    /// What the run does with the claim: [`Action::as_str`] ("patch",
    /// "lower", "restart", "wait" or "none").
    pub action: String,
    #[serde(skip)]
    pub resource_version: String,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct TemplateChange {
    pub template: String,
    pub from: String,
    pub to: String,
}

impl ResizePlan {
    /// The claims whose request is written (grown, or a failed request lowered).
    pub fn patches(&self) -> impl Iterator<Item = &ClaimStep> {
        self.claims
            .iter()
            .filter(|c| c.action == Action::Grow.as_str() || c.action == Action::Lower.as_str())
    }
    /// The claims already at the size whose resize is not finished: their
    /// file system waits for a pod restart, or the volume is still growing.
    pub fn unfinished(&self) -> impl Iterator<Item = &ClaimStep> {
        self.claims
            .iter()
            .filter(|c| c.action == Action::Restart.as_str() || c.action == Action::Wait.as_str())
    }
    /// Every claim and template at the size, every resize finished.
    pub fn nothing_to_do(&self) -> bool {
        self.claims
            .iter()
            .all(|c| c.action == Action::None.as_str())
            && self.templates.is_empty()
    }
}

/// Builds the plan, or every reason it is refused (all at once, so one run
/// shows everything to fix).
pub fn plan(
    set: &StatefulSet,
    pvcs: &[PersistentVolumeClaim],
    classes: &BTreeMap<String, ClassInfo>,
    default_class: Option<&str>,
    size: &str,
    only_template: Option<&str>,
) -> Result<ResizePlan, Vec<String>> {
    let ns = set.metadata.namespace.clone().unwrap_or_default();
    let name = set.metadata.name.clone().unwrap_or_default();
    let mut errors = Vec::new();
    let new = match quantity::parse(size) {
        Ok(q) => q,
        Err(e) => return Err(vec![format!("--size: {e}")]),
    };
    if new.0 <= 0 {
        return Err(vec![format!("--size {size}: must be greater than zero")]);
    }
    let all: Vec<&PersistentVolumeClaim> =
        set.spec.volume_claim_templates.iter().flatten().collect();
    if all.is_empty() {
        return Err(vec![format!(
            "statefulset {name} in namespace {ns} has no volumeClaimTemplates: there is nothing to resize"
        )]);
    }
    let chosen: Vec<&PersistentVolumeClaim> = match only_template {
        Some(t) => {
            let found: Vec<_> = all
                .iter()
                .copied()
                .filter(|c| c.metadata.name.as_deref() == Some(t))
                .collect();
            if found.is_empty() {
                let names: Vec<&str> = all
                    .iter()
                    .filter_map(|c| c.metadata.name.as_deref())
                    .collect();
                return Err(vec![format!(
                    "statefulset {name} has no claim template {t:?}; its templates are: {}",
                    names.join(", ")
                )]);
            }
            found
        }
        None => all,
    };
    let by_name: BTreeMap<&str, &PersistentVolumeClaim> = pvcs
        .iter()
        .filter_map(|c| Some((c.metadata.name.as_deref()?, c)))
        .collect();
    let live = super::set::live_ordinals(set);

    let mut claims = Vec::new();
    let mut templates = Vec::new();
    let mut notes = Vec::new();
    for t in &chosen {
        let tname = t.metadata.name.clone().unwrap_or_default();
        let tspec = t.spec.as_ref();
        let treq = tspec.and_then(|s| storage(s.resources.as_ref()?.requests.as_ref()));
        match treq.as_deref().map(|r| (r, quantity::compare(size, r))) {
            Some((r, Some(Ordering::Less))) => errors.push(format!(
                "claim template {tname:?} requests {r}; {size} would shrink it (only growing is possible)"
            )),
            Some((r, Some(Ordering::Greater))) => templates.push(TemplateChange {
                template: tname.clone(),
                from: r.to_string(),
                to: size.to_string(),
            }),
            Some((_, Some(Ordering::Equal))) => {}
            _ => templates.push(TemplateChange {
                template: tname.clone(),
                from: treq.clone().unwrap_or_else(|| "<none>".into()),
                to: size.to_string(),
            }),
        }
        for o in live.clone() {
            let cname = pvc_name(&tname, &name, o);
            let Some(c) = by_name.get(cname.as_str()) else {
                errors.push(format!(
                    "PVC {cname} (ordinal {o}, template {tname:?}) does not exist; wait until the \
                     StatefulSet is ready (kubectl sts status {name} -n {ns})"
                ));
                continue;
            };
            // A claim being deleted loses its data the moment its
            // pod stops; it is neither grown nor has its pod restarted.
            if c.metadata.deletion_timestamp.is_some() {
                let held = c.metadata.finalizers.clone().unwrap_or_default();
                errors.push(format!(
                    "PVC {cname} in namespace {ns} is being deleted (Terminating{}): it is not \
                     resized, and pod {} must not be restarted, since the claim and its data go \
                     the moment the pod stops. Keep the data first (set its PersistentVolume's \
                     reclaimPolicy to Retain), then decide; see kubectl sts status {name} -n {ns}",
                    if held.is_empty() {
                        String::new()
                    } else {
                        format!(", held by {}", held.join(", "))
                    },
                    super::names::pod_name(&name, o)
                ));
                continue;
            }
            let spec = c.spec.as_ref();
            let req = spec
                .and_then(|s| storage(s.resources.as_ref()?.requests.as_ref()))
                .unwrap_or_default();
            let cap = c.status.as_ref().and_then(|s| storage(s.capacity.as_ref()));
            let phase = c
                .status
                .as_ref()
                .and_then(|s| s.phase.as_deref())
                .unwrap_or("Pending");
            let class = spec
                .and_then(|s| s.storage_class_name.clone())
                .or_else(|| default_class.map(str::to_string))
                .unwrap_or_default();
            let facts = ClaimFacts {
                claim: &cname,
                pod: &super::names::pod_name(&name, o),
                set: &name,
                ns: &ns,
                requested: &req,
                capacity: cap.as_deref(),
                state: claim_resize(c),
            };
            let action = match decide_claim(&facts, size) {
                Ok(a) => a,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            if matches!(action, Action::Grow | Action::Lower) {
                if phase != "Bound" {
                    errors.push(format!(
                        "PVC {cname} is {phase}, not Bound: only bound claims can grow"
                    ));
                }
                match classes.get(&class) {
                    _ if class.is_empty() => errors.push(format!(
                        "PVC {cname} has no storage class and there is no default StorageClass: it cannot be expanded"
                    )),
                    None => errors.push(format!(
                        "StorageClass {class:?} of PVC {cname} does not exist: it cannot be expanded"
                    )),
                    Some(ci) if !ci.allow_expansion => errors.push(format!(
                        "StorageClass {class:?} of PVC {cname} does not allow volume expansion \
                         (allowVolumeExpansion is not true); a cluster administrator must enable it first"
                    )),
                    Some(_) => {}
                }
            }
            claims.push(ClaimStep {
                ordinal: o,
                template: tname.clone(),
                claim: cname,
                from: req,
                capacity: cap,
                to: size.to_string(),
                storage_class: class,
                action: action.as_str().into(),
                resource_version: c.metadata.resource_version.clone().unwrap_or_default(),
            });
        }
        let leftovers: Vec<&str> = by_name
            .keys()
            .copied()
            .filter(|n| {
                super::names::pvc_ordinal(n, &tname, &name).is_some_and(|o| !live.contains(&o))
            })
            .collect();
        if !leftovers.is_empty() {
            notes.push(format!(
                "claims outside the live range are not resized: {} (kubectl sts pvc orphans {name} -n {ns})",
                leftovers.join(", ")
            ));
        }
    }
    claims.sort_by(|a, b| (a.ordinal, &a.template).cmp(&(b.ordinal, &b.template)));
    // A controller (an operator) owns the set's spec: it would recreate the
    // deleted set itself, with the old sizes, or revert the new one.
    if let Some(r) = set
        .metadata
        .owner_references
        .iter()
        .flatten()
        .find(|r| r.controller == Some(true))
        .filter(|_| !templates.is_empty())
    {
        errors.push(format!(
            "statefulset {name} in namespace {ns} is controlled by {} {}, which owns its spec and \
             would recreate or revert it: change the claim size through that {} instead",
            r.kind, r.name, r.kind
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ResizePlan {
        namespace: ns,
        stateful_set: name,
        size: size.to_string(),
        claims,
        templates,
        notes,
    })
}

/// The resize state of a claim, if one is under way: "Resizing",
/// "FileSystemResizePending", "Failed" or "Requested".
pub fn resizing(c: &PersistentVolumeClaim) -> Option<String> {
    match claim_resize(c) {
        ClaimResize::Idle => None,
        ClaimResize::Requested => Some("Requested".into()),
        ClaimResize::Resizing => Some("Resizing".into()),
        ClaimResize::FileSystemResizePending => Some("FileSystemResizePending".into()),
        ClaimResize::Retrying { .. } | ClaimResize::Infeasible { .. } => Some("Failed".into()),
    }
}

/// Where a claim's resize stands against `target`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    Done,
    /// The volume grew; the file system waits for a pod restart.
    NeedsRestart,
    Failed(String),
    Waiting(String),
}

pub fn progress(c: &PersistentVolumeClaim, target: &str) -> Progress {
    let st = c.status.clone().unwrap_or_default();
    let cap = storage(st.capacity.as_ref());
    if let Some(cap) = &cap
        && matches!(
            quantity::compare(cap, target),
            Some(Ordering::Greater | Ordering::Equal)
        )
        && resizing(c).is_none()
    {
        return Progress::Done;
    }
    let cond = |t: &str| {
        st.conditions
            .iter()
            .flatten()
            .find(|c| c.type_ == t && c.status == "True")
    };
    // A failure counts only when it is about `target`: right after a failed
    // request was lowered, the old error stays until the resizer picks up
    // the new request (it then allocates the new size).
    let allocated = storage(st.allocated_resources.as_ref());
    let about_target = allocated
        .as_deref()
        .is_none_or(|a| quantity::compare(a, target) == Some(Ordering::Equal));
    match claim_resize(c) {
        ClaimResize::Infeasible { message } | ClaimResize::Retrying { message } if about_target => {
            return Progress::Failed(message);
        }
        ClaimResize::Infeasible { .. } | ClaimResize::Retrying { .. } => {
            return Progress::Waiting(format!(
                "waiting for the resizer to take the new request {target} (capacity {})",
                cap.as_deref().unwrap_or("?")
            ));
        }
        _ => {}
    }
    if cond("FileSystemResizePending").is_some() {
        return Progress::NeedsRestart;
    }
    let state = if cond("Resizing").is_some() {
        "Resizing"
    } else {
        "resize requested"
    };
    Progress::Waiting(format!(
        "{state}: capacity {} -> {target}",
        cap.as_deref().unwrap_or("?")
    ))
}

/// The manifest to create in place of `set`: same labels, annotations and
/// spec, claim templates at their new sizes, server-managed fields gone.
pub fn recreated(set: &StatefulSet, changes: &[TemplateChange]) -> StatefulSet {
    let mut s = stripped(set);
    for t in s.spec.volume_claim_templates.iter_mut().flatten() {
        let Some(ch) = changes
            .iter()
            .find(|c| Some(c.template.as_str()) == t.metadata.name.as_deref())
        else {
            continue;
        };
        let spec = t.spec.get_or_insert_with(Default::default);
        let res = spec.resources.get_or_insert_with(Default::default);
        res.requests
            .get_or_insert_with(Default::default)
            .insert("storage".into(), Quantity(ch.to.clone()));
    }
    s
}

/// `set` without what the API server owns: uid, resourceVersion,
/// creationTimestamp, managedFields, generation, deletion fields, owner-less
/// self links, and status.
pub fn stripped(set: &StatefulSet) -> StatefulSet {
    let mut s = set.clone();
    let m = &mut s.metadata;
    m.uid = None;
    m.resource_version = None;
    m.creation_timestamp = None;
    m.managed_fields = None;
    m.generation = None;
    m.deletion_timestamp = None;
    m.deletion_grace_period_seconds = None;
    m.self_link = None;
    s.status = None;
    for t in s.spec.volume_claim_templates.iter_mut().flatten() {
        t.status = None;
    }
    s
}

/// Pods of the old set that are not yet adopted by the new one (by UID of
/// their controller ownerReference), or that disappeared or changed UID.
pub fn adoption_pending(
    before: &BTreeMap<String, String>,
    pods: &[&k8s_openapi::api::core::v1::Pod],
    new_uid: &str,
) -> Vec<String> {
    let mut out = Vec::new();
    for (name, uid) in before {
        match pods
            .iter()
            .find(|p| p.metadata.name.as_deref() == Some(name))
        {
            None => out.push(format!("{name} is gone")),
            Some(p) if p.metadata.uid.as_deref() != Some(uid) => {
                out.push(format!("{name} was replaced (new UID)"))
            }
            Some(p) => {
                let adopted = p
                    .metadata
                    .owner_references
                    .iter()
                    .flatten()
                    .any(|r| r.controller == Some(true) && r.uid == new_uid);
                if !adopted {
                    out.push(format!("{name} not adopted yet"));
                }
            }
        }
    }
    out
}

fn storage(m: Option<&BTreeMap<String, Quantity>>) -> Option<String> {
    m?.get("storage").map(|q| q.0.clone())
}

mod claim;
pub mod record;

pub use claim::{Action, ClaimFacts, ClaimResize, claim_resize, decide_claim, failure_message};

#[cfg(test)]
mod tests;
