//! Is this PVC an orphan of a StatefulSet? The one place that decides it
//! (safety rule 13). A PVC is an orphan only with every piece of evidence:
//!
//! 1. its name is `<template>-<set>-<ordinal>` (canonical ordinal) for a
//!    claim template of a StatefulSet in its namespace, and it carries the
//!    labels the controller copied from the set's `selector.matchLabels`
//!    (`getPersistentVolumeClaims` in pkg/controller/statefulset) — and the
//!    ordinal is outside the live range `[start, start + replicas)` of every
//!    set it matches (reason `scaled-down`); or
//! 2. it matches no live set, its name splits as `<template>-<set>-<ordinal>`
//!    for a set that does not exist in the namespace, and its labels or owner
//!    name that set: a StatefulSet ownerReference (retention policy), or a
//!    label whose value is the set's name (reason `statefulset-deleted`). The
//!    selector of a deleted set is unknown, so a PVC whose labels do not name
//!    the set is not reported: missing an orphan is safe, deleting data is not;
//! 3. no pod in any phase references it (`spec.volumes[].persistentVolumeClaim`);
//! 4. it is not already terminating; and it has no owner other than a
//!    StatefulSet (an operator's or an ephemeral volume's claim is not ours).
//! 5. no resize marks it as in flight (`kubectl-sts.io/resize-pending`: its
//!    set is being deleted and recreated, see `plan::resize::record`).
//!
//! Evidence that points two ways is not an orphan verdict: a claim of a
//! deleted set whose labels a live set of the namespace selects, or whose
//! claim template name a live set also has, may be that set's data after a
//! rename (delete with propagationPolicy=Orphan, create under a new name).
//! It is listed with a [`PossibleRename`] (the live set, why, and the
//! commands that move the data to a claim of that set) and [`select`] leaves
//! it out of `--delete` unless it is named one by one.
//!
//! The same [`classify`] re-checks each orphan on fresh reads right before it
//! is deleted.

use std::collections::{BTreeMap, HashMap};

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{PersistentVolume, PersistentVolumeClaim, Pod};
use serde::Serialize;

use super::names::pvc_ordinal;

mod rename;

use super::set::{live_ordinals, range_text};
use rename::rename_candidate;
pub use rename::{PossibleRename, select};

pub const REPORT_KIND: &str = "PvcOrphanReport";

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    ScaledDown,
    StatefulsetDeleted,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::ScaledDown => "scaled-down",
            Reason::StatefulsetDeleted => "statefulset-deleted",
        }
    }
}

/// One orphaned PVC with the evidence behind the verdict.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Orphan {
    pub namespace: String,
    pub name: String,
    pub uid: String,
    pub reason: Reason,
    pub stateful_set: String,
    pub template: String,
    pub ordinal: i32,
    /// `"0..1"`, `"(empty: 0 replicas)"`, or `None` when the set is gone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub live_range: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requested: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage_class: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// "Bound", "Pending" or "Lost".
    pub phase: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pv_phase: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pv_reclaim_policy: Option<String>,
    /// What deleting the PVC does to the data, in words.
    pub on_delete: String,
    /// The set's whenScaled (scaled-down) or whenDeleted policy; `None` when
    /// the set is gone and its policy unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retention_policy: Option<String>,
    /// Whether that policy would have deleted the PVC (`None`: unknown).
    pub retention_would_delete: Option<bool>,
    /// The pieces of evidence, in words.
    pub evidence: Vec<String>,
    /// A live set may own this data under a new name: `--delete` leaves the
    /// claim alone unless it is named.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub possible_rename: Option<PossibleRename>,
    #[serde(skip)]
    pub resource_version: String,
}

/// Why a PVC that looked like a StatefulSet claim is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Orphan(Box<Orphan>),
    /// Looks like a StatefulSet claim but must be kept; the reason in words.
    Keep(String),
    /// Not a StatefulSet claim as far as the evidence goes.
    NotClaim,
}

impl Eq for Orphan {}

/// The objects of one namespace (or of all: each PVC only sees its own
/// namespace's sets and pods).
pub struct World<'a> {
    pub sets: &'a [StatefulSet],
    pub pods: &'a [Pod],
    /// `None` when PVs could not be read.
    pub pvs: Option<&'a HashMap<String, &'a PersistentVolume>>,
}

/// Every orphan among `pvcs`, sorted by namespace, set, template, ordinal.
/// `only_set` restricts the search to claims of that (live or deleted) set.
pub fn find(pvcs: &[PersistentVolumeClaim], w: &World<'_>, only_set: Option<&str>) -> Vec<Orphan> {
    let sets = super::by_ns(w.sets);
    let pods = super::by_ns(w.pods);
    let mut out: Vec<Orphan> = pvcs
        .iter()
        .filter_map(|c| {
            let ns = c.metadata.namespace.as_deref().unwrap_or_default();
            let sets: &[&StatefulSet] = sets.get(ns).map(Vec::as_slice).unwrap_or(&[]);
            let pods: &[&Pod] = pods.get(ns).map(Vec::as_slice).unwrap_or(&[]);
            match classify(c, sets, pods, w.pvs) {
                Verdict::Orphan(o) if only_set.is_none_or(|s| s == o.stateful_set) => Some(*o),
                _ => None,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (&a.namespace, &a.stateful_set, &a.template, a.ordinal).cmp(&(
            &b.namespace,
            &b.stateful_set,
            &b.template,
            b.ordinal,
        ))
    });
    out
}

/// The verdict on one PVC, given the sets and pods of its namespace.
pub fn classify(
    c: &PersistentVolumeClaim,
    sets: &[&StatefulSet],
    pods: &[&Pod],
    pvs: Option<&HashMap<String, &PersistentVolume>>,
) -> Verdict {
    let Some(name) = c.metadata.name.as_deref() else {
        return Verdict::NotClaim;
    };
    let labels = c.metadata.labels.clone().unwrap_or_default();
    let mut evidence = Vec::new();

    // Rule 1: claims of live sets.
    let mut matches: Vec<(&StatefulSet, &str, i32)> = Vec::new();
    for s in sets {
        let Some(sname) = s.metadata.name.as_deref() else {
            continue;
        };
        for t in templates(s) {
            if let Some(o) = pvc_ordinal(name, t, sname) {
                matches.push((s, t, o));
            }
        }
    }
    let found = if !matches.is_empty() {
        if let Some((s, t, o)) = matches
            .iter()
            .find(|(s, _, o)| live_ordinals(s).contains(o))
        {
            return Verdict::Keep(format!(
                "ordinal {o} is live in statefulset {} (claim template {t:?})",
                s.metadata.name.as_deref().unwrap_or_default()
            ));
        }
        // Only the sets whose selector labels the PVC carries claim it.
        let Some(&(s, t, o)) = matches
            .iter()
            .find(|(s, _, _)| has_selector_labels(&labels, s))
        else {
            return Verdict::NotClaim;
        };
        let sname = s.metadata.name.clone().unwrap_or_default();
        let range = live_ordinals(s);
        evidence.push(format!(
            "name is claim template {t:?} of statefulset {sname} at ordinal {o}"
        ));
        evidence.push(format!(
            "labels include the set's selector labels ({})",
            selector_text(s)
        ));
        evidence.push(format!(
            "ordinal {o} is outside the live range {}",
            range_text(&range)
        ));
        let policy = s
            .spec
            .persistent_volume_claim_retention_policy
            .as_ref()
            .and_then(|p| p.when_scaled.clone())
            .unwrap_or_else(|| "Retain".into());
        Found {
            reason: Reason::ScaledDown,
            set: sname,
            template: t.to_string(),
            ordinal: o,
            live_range: Some(range_text(&range)),
            retention_would_delete: Some(policy == "Delete"),
            retention_policy: Some(format!("whenScaled: {policy}")),
            renamed_to: None,
        }
    } else {
        // Rule 2: claims of a set that is gone.
        let existing: Vec<&str> = sets
            .iter()
            .filter_map(|s| s.metadata.name.as_deref())
            .collect();
        let splits = name_splits(name);
        if splits.is_empty() {
            return Verdict::NotClaim;
        }
        if let Some((_, s, _)) = splits.iter().find(|(_, s, _)| existing.contains(s)) {
            // The name could belong to a live set under another template:
            // not enough evidence either way.
            let _ = s;
            return Verdict::NotClaim;
        }
        let owner = |s: &str| {
            c.metadata
                .owner_references
                .iter()
                .flatten()
                .any(|r| r.kind == "StatefulSet" && r.name == s)
        };
        let labelled = |s: &str| labels.values().any(|v| v == s);
        let pick = splits
            .iter()
            .find(|(_, s, _)| owner(s))
            .or_else(|| splits.iter().find(|(_, s, _)| labelled(s)));
        let Some(&(t, s, o)) = pick else {
            return Verdict::NotClaim;
        };
        evidence.push(format!(
            "name is {t}-{s}-{o}: claim template {t:?} of statefulset {s} at ordinal {o}"
        ));
        evidence.push(format!("statefulset {s} does not exist in the namespace"));
        if owner(s) {
            evidence.push(format!("ownerReference names statefulset {s}"));
        } else {
            let (k, v) = labels.iter().find(|(_, v)| v.as_str() == s).unwrap();
            evidence.push(format!(
                "label {k}={v} names the set (copied from its selector)"
            ));
        }
        Found {
            reason: Reason::StatefulsetDeleted,
            set: s.to_string(),
            template: t.to_string(),
            ordinal: o,
            live_range: None,
            retention_policy: None,
            retention_would_delete: None,
            renamed_to: rename_candidate(&labels, t, sets),
        }
    };

    // A resize is deleting and recreating the set: the claims stay live.
    if let Some(why) = super::resize::record::pending_keep_reason(c) {
        return Verdict::Keep(why);
    }
    // Rule 4: owners and deletion.
    if let Some(r) = c
        .metadata
        .owner_references
        .iter()
        .flatten()
        .find(|r| r.kind != "StatefulSet")
    {
        return Verdict::Keep(format!("owned by {} {}", r.kind, r.name));
    }
    if c.metadata.deletion_timestamp.is_some() {
        return Verdict::Keep("already terminating".into());
    }
    // Rule 3: any pod, in any phase.
    if let Some(p) = pods.iter().find(|p| references(p, name)) {
        let phase = p
            .status
            .as_ref()
            .and_then(|s| s.phase.clone())
            .unwrap_or_else(|| "Unknown".into());
        return Verdict::Keep(format!(
            "referenced by pod {} ({phase})",
            p.metadata.name.as_deref().unwrap_or_default()
        ));
    }
    evidence.push("no pod references it".into());
    evidence.push("not terminating".into());

    let spec = c.spec.as_ref();
    let volume_name = spec
        .and_then(|s| s.volume_name.clone())
        .filter(|v| !v.is_empty());
    let pv = volume_name
        .as_ref()
        .and_then(|v| pvs.and_then(|m| m.get(v)).copied());
    let reclaim = pv.and_then(|p| p.spec.as_ref()?.persistent_volume_reclaim_policy.clone());
    let on_delete = match (&volume_name, pvs, reclaim.as_deref()) {
        (None, _, _) => "no PV is bound: nothing but the claim is deleted".to_string(),
        (Some(_), None, _) => "unknown: PVs could not be read".to_string(),
        (Some(_), Some(_), None) => "unknown: the PV was not found".to_string(),
        (Some(_), Some(_), Some(r)) => reclaim_text(r),
    };
    let namespace = c.metadata.namespace.clone().unwrap_or_default();
    let possible_rename = found.renamed_to.map(|(live, message)| {
        let live_name = live.metadata.name.as_deref().unwrap_or_default();
        let target_claim = super::names::pvc_name(&found.template, live_name, found.ordinal);
        let migration = match &volume_name {
            Some(v) => super::rebind::steps(&super::rebind::Rebind {
                namespace: &namespace,
                volume: v,
                reclaim_policy: reclaim.as_deref(),
                old_claim: Some(name),
                claim: &target_claim,
                set: live_name,
                ordinal: found.ordinal,
                replicas: live.spec.replicas.unwrap_or(1),
                start: live
                    .spec
                    .ordinals
                    .as_ref()
                    .and_then(|o| o.start)
                    .unwrap_or(0),
                claim_exists: live_ordinals(live).contains(&found.ordinal),
            }),
            None => vec![format!(
                "# {name} is bound to no volume: there is no data to move"
            )],
        };
        PossibleRename {
            live_stateful_set: live_name.to_string(),
            message,
            target_claim,
            migration,
        }
    });
    Verdict::Orphan(Box::new(Orphan {
        namespace,
        name: name.to_string(),
        uid: c.metadata.uid.clone().unwrap_or_default(),
        reason: found.reason,
        stateful_set: found.set,
        template: found.template,
        ordinal: found.ordinal,
        live_range: found.live_range,
        requested: spec
            .and_then(|s| s.resources.as_ref()?.requests.as_ref()?.get("storage"))
            .map(|q| q.0.clone()),
        capacity: c
            .status
            .as_ref()
            .and_then(|s| s.capacity.as_ref()?.get("storage"))
            .map(|q| q.0.clone()),
        storage_class: spec.and_then(|s| s.storage_class_name.clone()),
        created: c
            .metadata
            .creation_timestamp
            .as_ref()
            .map(|t| t.0.to_string()),
        phase: c
            .status
            .as_ref()
            .and_then(|s| s.phase.clone())
            .unwrap_or_else(|| "Pending".into()),
        pv_phase: pv.and_then(|p| p.status.as_ref()?.phase.clone()),
        pv_reclaim_policy: reclaim,
        volume_name,
        on_delete,
        retention_policy: found.retention_policy,
        retention_would_delete: found.retention_would_delete,
        evidence,
        possible_rename,
        resource_version: c.metadata.resource_version.clone().unwrap_or_default(),
    }))
}

/// Whether `listed` (the orphan shown and confirmed) may still be deleted
/// given `fresh`, the verdict on a fresh read right before the delete
/// (safety rule 13: every piece of evidence re-checked). `Err` is the skip
/// reason in words. Beyond the orphan rules themselves, the data risk the
/// user confirmed must not have grown: a claim whose PersistentVolume now
/// has reclaimPolicy Delete (it had another policy, or none could be read,
/// when listed) or is bound to another volume is skipped, since the
/// confirmation was given for keeping that data.
pub fn recheck(listed: &Orphan, fresh: &Verdict) -> Result<(), String> {
    let f = match fresh {
        Verdict::Orphan(f) => f,
        Verdict::Keep(why) => return Err(why.clone()),
        Verdict::NotClaim => return Err("no longer matches a StatefulSet claim".into()),
    };
    if f.reason != listed.reason || f.stateful_set != listed.stateful_set {
        return Err(format!(
            "evidence changed: now {} of {}",
            f.reason.as_str(),
            f.stateful_set
        ));
    }
    if let (Some(r), None) = (&f.possible_rename, &listed.possible_rename) {
        return Err(format!(
            "evidence changed: {}; re-run to see it and the migration",
            r.message
        ));
    }
    if f.volume_name != listed.volume_name {
        return Err(format!(
            "now bound to PersistentVolume {} (listed with {}); re-run to re-check",
            f.volume_name.as_deref().unwrap_or("none"),
            listed.volume_name.as_deref().unwrap_or("none")
        ));
    }
    let was = listed.pv_reclaim_policy.as_deref();
    if f.pv_reclaim_policy.as_deref() == Some("Delete") && was != Some("Delete") {
        return Err(format!(
            "its PersistentVolume {} now has reclaimPolicy Delete (listed with {}): deleting the \
             claim would destroy the data; re-run to see and confirm it again",
            f.volume_name.as_deref().unwrap_or_default(),
            was.unwrap_or("an unknown policy")
        ));
    }
    Ok(())
}

struct Found<'a> {
    reason: Reason,
    set: String,
    template: String,
    ordinal: i32,
    live_range: Option<String>,
    retention_policy: Option<String>,
    retention_would_delete: Option<bool>,
    /// A live set that may be this claim's set renamed, and the message.
    renamed_to: Option<(&'a StatefulSet, String)>,
}

/// "Delete: deleting the PVC destroys the data" and friends.
pub fn reclaim_text(policy: &str) -> String {
    match policy {
        "Delete" => "Delete: deleting the PVC destroys the data".into(),
        "Retain" => "Retain: the PV is kept, Released, with the data".into(),
        "Recycle" => "Recycle: deleting the PVC scrubs the data".into(),
        other => format!("{other}: unknown reclaim policy"),
    }
}

fn templates(s: &StatefulSet) -> impl Iterator<Item = &str> {
    s.spec
        .volume_claim_templates
        .iter()
        .flatten()
        .filter_map(|t| t.metadata.name.as_deref())
}

fn has_selector_labels(labels: &BTreeMap<String, String>, s: &StatefulSet) -> bool {
    s.spec
        .selector
        .match_labels
        .iter()
        .flatten()
        .all(|(k, v)| labels.get(k) == Some(v))
}

fn selector_text(s: &StatefulSet) -> String {
    let l: Vec<String> = s
        .spec
        .selector
        .match_labels
        .iter()
        .flatten()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    if l.is_empty() {
        "none".into()
    } else {
        l.join(",")
    }
}

/// Every way to read `name` as `<template>-<set>-<ordinal>` with non-empty
/// template and set and a canonical ordinal; shortest template first.
pub fn name_splits(name: &str) -> Vec<(&str, &str, i32)> {
    let mut out = Vec::new();
    let Some(last) = name.rfind('-') else {
        return out;
    };
    let (head, tail) = (&name[..last], &name[last + 1..]);
    let Some(o) = super::names::pod_ordinal(&format!("x-{tail}"), "x") else {
        return out;
    };
    for (i, ch) in head.char_indices() {
        if ch == '-' && i > 0 && i + 1 < head.len() {
            out.push((&head[..i], &head[i + 1..], o));
        }
    }
    out
}

fn references(p: &Pod, claim: &str) -> bool {
    p.spec
        .as_ref()
        .and_then(|s| s.volumes.as_ref())
        .into_iter()
        .flatten()
        .any(|v| {
            v.persistent_volume_claim
                .as_ref()
                .is_some_and(|c| c.claim_name == claim)
        })
}

#[cfg(test)]
mod tests;
