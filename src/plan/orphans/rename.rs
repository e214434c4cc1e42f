//! Claims of a deleted set that a live set may own after a rename, and
//! which listed orphans `--delete` may delete (`select`).

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::StatefulSet;
use serde::Serialize;

use super::{Orphan, has_selector_labels, selector_text, templates};

/// Why a claim of a deleted set may belong to a live set, and how to move
/// its data there.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct PossibleRename {
    pub live_stateful_set: String,
    /// `a live StatefulSet web-v2 selects these labels (app=web): renamed?`
    pub message: String,
    /// The claim of the live set the data would move to, at the same ordinal.
    pub target_claim: String,
    /// The commands that rebind the volume to `target_claim`
    /// (`plan::rebind`), in order.
    pub migration: Vec<String>,
}

/// A live set of the namespace that may be the deleted set renamed: one
/// whose (non-empty) selector the claim's labels satisfy, else one with a
/// claim template of the same name. The message says which.
pub(super) fn rename_candidate<'a>(
    labels: &BTreeMap<String, String>,
    template: &str,
    sets: &[&'a StatefulSet],
) -> Option<(&'a StatefulSet, String)> {
    let selects = |s: &StatefulSet| {
        s.spec
            .selector
            .match_labels
            .as_ref()
            .is_some_and(|m| !m.is_empty())
            && has_selector_labels(labels, s)
    };
    let name = |s: &StatefulSet| s.metadata.name.clone().unwrap_or_default();
    if let Some(s) = sets.iter().find(|s| selects(s)) {
        return Some((
            s,
            format!(
                "a live StatefulSet {} selects these labels ({}): renamed?",
                name(s),
                selector_text(s)
            ),
        ));
    }
    sets.iter()
        .find(|s| templates(s).any(|t| t == template))
        .map(|s| {
            (
                *s,
                format!(
                    "a live StatefulSet {} has a claim template named {template:?} too: renamed?",
                    name(s)
                ),
            )
        })
}

/// The orphans to delete, and those held back with the reason.
pub type Selection<'a> = (Vec<&'a Orphan>, Vec<(&'a Orphan, String)>);

/// Which listed orphans `--delete` deletes. Without `named`, every orphan
/// but the possible renames, which are returned apart with the reason they
/// are kept; with `named` (claim names, `--claim`), exactly those, possible
/// renames included: naming a claim is the deliberate choice. `Err` names
/// the claims that are not among the orphans (nothing is deleted then).
pub fn select<'a>(list: &'a [Orphan], named: &[String], ns: &str) -> Result<Selection<'a>, String> {
    if named.is_empty() {
        let (held, go): (Vec<&Orphan>, Vec<&Orphan>) =
            list.iter().partition(|o| o.possible_rename.is_some());
        let held = held
            .into_iter()
            .map(|o| {
                let why = o.possible_rename.as_ref().map(|r| r.message.as_str());
                (
                    o,
                    format!(
                        "not deleted: {}; move its data first (see the migration), or delete it \
                         on purpose with: kubectl sts pvc orphans -n {} --delete --claim {}",
                        why.unwrap_or_default(),
                        o.namespace,
                        o.name
                    ),
                )
            })
            .collect();
        return Ok((go, held));
    }
    let unknown: Vec<&str> = named
        .iter()
        .filter(|n| !list.iter().any(|o| &o.name == *n))
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        return Err(format!(
            "{} {} not among the orphaned PVCs found in namespace {ns}, so nothing was deleted; \
             only orphans can be named with --claim (list them with kubectl sts pvc orphans -n \
             {ns})",
            unknown.join(", "),
            if unknown.len() == 1 { "is" } else { "are" }
        ));
    }
    Ok((
        list.iter().filter(|o| named.contains(&o.name)).collect(),
        vec![],
    ))
}
