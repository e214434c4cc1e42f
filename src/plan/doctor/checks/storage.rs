//! The set's storage: its claims (`<template>-<set>-<ordinal>`, one per
//! claim template and ordinal), the PersistentVolumes behind them and their
//! StorageClasses. Kubernetes docs, "StatefulSet > PersistentVolumeClaim
//! retention" and "Persistent Volumes > Reclaiming".

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::PersistentVolumeClaim;
use k8s_openapi::api::storage::v1::StorageClass;

use crate::plan::doctor::{Check, Facts, Finding, Severity, Unavailable};
use crate::plan::names::pvc_ordinal;

mod claims;
#[cfg(test)]
mod tests;

use claims::{claim_missing, claim_pending, leftover_claims};

pub const ALL: &[Check] = &[
    Check {
        id: "storage-class-no-expansion",
        severity: Severity::Info,
        summary: "a StorageClass of the set's claims does not allow volume expansion: no claim can \
                  be resized",
        run: no_expansion,
    },
    Check {
        id: "storage-retention-deletes-data",
        severity: Severity::Warning,
        summary: "the claim retention policy deletes claims whose volumes are reclaimed with \
                  Delete: a scale-down or deletion destroys data",
        run: retention_deletes_data,
    },
    Check {
        id: "storage-leftover-claims",
        severity: Severity::Info,
        summary: "claims of ordinals outside the live range, left by a scale-down",
        run: leftover_claims,
    },
    Check {
        id: "storage-claim-missing",
        severity: Severity::Error,
        summary: "a pod of a live ordinal exists but one of its claims does not",
        run: claim_missing,
    },
    Check {
        id: "storage-claim-pending",
        severity: Severity::Warning,
        summary: "a claim of a live ordinal has been Pending (unbound) for more than 5 minutes \
                  while its pod waits",
        run: claim_pending,
    },
];

const DEFAULT_CLASS_ANNOTATION: &str = "storageclass.kubernetes.io/is-default-class";

/// Evidence lists longer than this are cut, with a count of the rest.
const MAX_LISTED: usize = 8;

fn name_of(c: &PersistentVolumeClaim) -> &str {
    c.metadata.name.as_deref().unwrap_or_default()
}

fn templates<'a>(f: &Facts<'a>) -> &'a [PersistentVolumeClaim] {
    f.set
        .spec
        .volume_claim_templates
        .as_deref()
        .unwrap_or_default()
}

/// A claim of the set: its template name, ordinal, and the claim.
struct SetClaim<'a> {
    template: &'a str,
    ordinal: i32,
    claim: &'a PersistentVolumeClaim,
}

/// The claims of the namespace named after a claim template of the set,
/// the ones being deleted left out (they are on their way out).
fn set_claims<'a>(f: &Facts<'a>) -> Result<Vec<SetClaim<'a>>, Unavailable> {
    let tpls = templates(f);
    if tpls.is_empty() {
        return Ok(vec![]);
    }
    let mut out = vec![];
    for c in f.claims()? {
        if c.metadata.deletion_timestamp.is_some() {
            continue;
        }
        for t in tpls {
            let template = name_of(t);
            if let Some(ordinal) = pvc_ordinal(name_of(c), template, f.name()) {
                out.push(SetClaim {
                    template,
                    ordinal,
                    claim: c,
                });
            }
        }
    }
    out.sort_by_key(|c| (c.ordinal, c.template));
    Ok(out)
}

fn phase(c: &PersistentVolumeClaim) -> &str {
    c.status
        .as_ref()
        .and_then(|s| s.phase.as_deref())
        .unwrap_or("Pending")
}

/// The default StorageClass: the newest one marked default, as the API
/// server picks it when several are.
fn default_class(classes: &[StorageClass]) -> Option<&StorageClass> {
    classes
        .iter()
        .filter(|c| {
            c.metadata
                .annotations
                .as_ref()
                .and_then(|a| a.get(DEFAULT_CLASS_ANNOTATION))
                .is_some_and(|v| v == "true")
        })
        .max_by_key(|c| c.metadata.creation_timestamp.as_ref().map(|t| t.0))
}

/// The class a claim template provisions from: its storageClassName, or
/// the default class when it names none (`""` means no class at all).
fn template_class(t: &PersistentVolumeClaim, classes: &[StorageClass]) -> Option<(String, String)> {
    let tpl = name_of(t);
    match t
        .spec
        .as_ref()
        .and_then(|s| s.storage_class_name.as_deref())
    {
        Some("") => None,
        Some(c) => Some((
            c.to_string(),
            format!("claim template {tpl}: storageClassName: {c}"),
        )),
        None => {
            let d = default_class(classes)?.metadata.name.clone()?;
            Some((
                d.clone(),
                format!("claim template {tpl}: storageClassName unset (the default class {d})"),
            ))
        }
    }
}

fn listed(names: &[String]) -> String {
    if names.len() <= MAX_LISTED {
        return names.join(", ");
    }
    format!(
        "{} and {} more",
        names[..MAX_LISTED].join(", "),
        names.len() - MAX_LISTED
    )
}

/// `kubectl sts pvc resize` grows claims in place, which the external
/// resizer does only when the claim's StorageClass has
/// `allowVolumeExpansion: true` (Kubernetes docs, "Persistent Volumes >
/// Expanding Persistent Volumes Claims").
fn no_expansion(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    if templates(f).is_empty() {
        return Ok(vec![]);
    }
    let classes = f.storage_classes()?;
    // Class name -> why the set uses it.
    let mut used: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for t in templates(f) {
        if let Some((class, why)) = template_class(t, classes) {
            used.entry(class).or_default().push(why);
        }
    }
    let mut claims_of: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for c in set_claims(f)? {
        if let Some(class) = c
            .claim
            .spec
            .as_ref()
            .and_then(|s| s.storage_class_name.as_deref())
            .filter(|s| !s.is_empty())
        {
            claims_of
                .entry(class.to_string())
                .or_default()
                .push(name_of(c.claim).to_string());
        }
    }
    for (class, claims) in &claims_of {
        used.entry(class.clone()).or_default().push(format!(
            "claims {}: storageClassName: {class}",
            listed(claims)
        ));
    }
    let mut out = vec![];
    for (class, uses) in used {
        // A class that does not exist leaves its claims Pending
        // (storage-claim-pending), not unresizable.
        let Some(sc) = classes
            .iter()
            .find(|c| c.metadata.name.as_deref() == Some(class.as_str()))
        else {
            continue;
        };
        if sc.allow_volume_expansion == Some(true) {
            continue;
        }
        let allowed = match sc.allow_volume_expansion {
            Some(false) => "false",
            _ => "(unset: false)",
        };
        let mut finding = Finding::new(
            "storage-class-no-expansion",
            Severity::Info,
            f,
            format!("storageclass {class} does not allow volume expansion"),
        )
        .object("storageclass", &class)
        .evidence(format!(
            "storageclass {class}: allowVolumeExpansion: {allowed}"
        ))
        .evidence(format!(
            "storageclass {class}: provisioner: {}",
            sc.provisioner
        ));
        for u in uses {
            finding = finding.evidence(u);
        }
        out.push(
            finding
                .why(
                    "a database outgrowing its volume can then only move to a new, bigger \
                     volume by copying its data: `kubectl sts pvc resize` and any claim resize \
                     are refused",
                )
                .fix(format!(
                    "if the provisioner supports expansion (see its documentation): kubectl \
                     patch storageclass {class} -p '{{\"allowVolumeExpansion\": true}}'"
                )),
        );
    }
    Ok(out)
}

/// With `persistentVolumeClaimRetentionPolicy` Delete the controller
/// deletes the claims (Kubernetes docs, "StatefulSet > PersistentVolumeClaim
/// retention"); a volume whose reclaim policy is Delete then goes with its
/// claim. Either policy at Retain keeps the data.
fn retention_deletes_data(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    let policy = f.set.spec.persistent_volume_claim_retention_policy.as_ref();
    let when_deleted = policy
        .and_then(|p| p.when_deleted.as_deref())
        .unwrap_or("Retain");
    let when_scaled = policy
        .and_then(|p| p.when_scaled.as_deref())
        .unwrap_or("Retain");
    if (when_deleted != "Delete" && when_scaled != "Delete") || templates(f).is_empty() {
        return Ok(vec![]);
    }
    let claims = set_claims(f)?;
    let pvs = f.pvs()?;
    let mut lost = vec![];
    let mut lost_pvs = vec![];
    let mut by_class = vec![];
    for c in &claims {
        let volume = c.claim.spec.as_ref().and_then(|s| s.volume_name.as_deref());
        let pv = volume.and_then(|v| pvs.iter().find(|p| p.metadata.name.as_deref() == Some(v)));
        match pv {
            Some(pv) => {
                // The API server defaults an unset reclaim policy to Retain.
                let reclaim = pv
                    .spec
                    .as_ref()
                    .and_then(|s| s.persistent_volume_reclaim_policy.as_deref())
                    .unwrap_or("Retain");
                if reclaim == "Delete" {
                    let name = pv.metadata.name.clone().unwrap_or_default();
                    lost.push(format!(
                        "persistentvolume {name} (claim {}): persistentVolumeReclaimPolicy: \
                         Delete",
                        name_of(c.claim)
                    ));
                    lost_pvs.push(name);
                }
            }
            None => {
                let class = c
                    .claim
                    .spec
                    .as_ref()
                    .and_then(|s| s.storage_class_name.clone());
                let state = match volume {
                    Some(v) => format!("volume {v} not found"),
                    None => "no volume bound".into(),
                };
                by_class.push((format!("claim {} ({state})", name_of(c.claim)), class));
            }
        }
    }
    // Claims without a volume yet, or no claims at all: their class's
    // reclaimPolicy is what their volumes will get.
    if !by_class.is_empty() || claims.is_empty() {
        let classes = f.storage_classes()?;
        if claims.is_empty() {
            for t in templates(f) {
                if let Some((class, _)) = template_class(t, classes) {
                    by_class.push((format!("claim template {}", name_of(t)), Some(class)));
                }
            }
        }
        for (what, class) in by_class {
            let Some(class) = class.filter(|c| !c.is_empty()) else {
                continue;
            };
            let Some(sc) = classes
                .iter()
                .find(|c| c.metadata.name.as_deref() == Some(class.as_str()))
            else {
                continue;
            };
            // reclaimPolicy defaults to Delete for a StorageClass.
            if sc.reclaim_policy.as_deref().unwrap_or("Delete") == "Delete" {
                lost.push(format!(
                    "{what}: storageclass {class}: reclaimPolicy: Delete"
                ));
            }
        }
    }
    if lost.is_empty() {
        return Ok(vec![]);
    }
    let mut when = vec![];
    let mut patch = vec![];
    if when_scaled == "Delete" {
        when.push("a scale-down");
        patch.push("\"whenScaled\":\"Retain\"");
    }
    if when_deleted == "Delete" {
        when.push("deleting the set");
        patch.push("\"whenDeleted\":\"Retain\"");
    }
    let when = when.join(" or ");
    let mut finding = Finding::new(
        "storage-retention-deletes-data",
        Severity::Warning,
        f,
        format!("{when} deletes the set's claims and the volumes behind them"),
    );
    for pv in &lost_pvs {
        finding = finding.object("persistentvolume", pv);
    }
    finding = finding.evidence(format!(
        "spec.persistentVolumeClaimRetentionPolicy: whenDeleted: {when_deleted}, whenScaled: \
         {when_scaled}"
    ));
    let shown = lost.len().min(MAX_LISTED);
    for l in &lost[..shown] {
        finding = finding.evidence(l.clone());
    }
    if lost.len() > shown {
        finding = finding.evidence(format!("and {} more", lost.len() - shown));
    }
    let mut fix = format!(
        "keep the claims: kubectl patch statefulset {name} -n {ns} -p \
         '{{\"spec\":{{\"persistentVolumeClaimRetentionPolicy\":{{{}}}}}}}'",
        patch.join(","),
        name = f.name(),
        ns = f.ns()
    );
    if let Some(pv) = lost_pvs.first() {
        fix.push_str(&format!(
            "; and/or keep each volume: kubectl patch pv {pv} -p \
             '{{\"spec\":{{\"persistentVolumeReclaimPolicy\":\"Retain\"}}}}'"
        ));
        if lost_pvs.len() > 1 {
            fix.push_str(&format!(" (the same for {})", listed(&lost_pvs[1..])));
        }
    }
    Ok(vec![
        finding
            .why(format!(
                "{when} makes the controller delete the claims, and a volume reclaimed with \
                 Delete is destroyed with its claim: the data is gone, irreversibly, with no \
                 confirmation"
            ))
            .fix(fix),
    ])
}
