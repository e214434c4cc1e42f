//! The second half of a resize (safety rule 17): volumeClaimTemplates are
//! immutable, so the StatefulSet is saved to a file, deleted with
//! propagationPolicy=Orphan and Preconditions{uid, resourceVersion} (its
//! pods keep running), recreated with the new claim template sizes, and
//! its pods checked to be adopted with their UIDs unchanged. A record file
//! (the annotation cannot live on a deleted object) lets a re-run finish
//! from the saved manifest.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::Options;
use crate::cluster::Kube;
use crate::cluster::pvc as io;
use crate::cluster::set;
use crate::cluster::wait::{Next, WaitError, watch_set};
use crate::error::Failure;
use crate::plan::resize::{self, TemplateChange};
use crate::plan::selector;
use crate::render::prompt;

/// The record of a resize between deleting and recreating the StatefulSet.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pending {
    pub namespace: String,
    pub name: String,
    pub old_uid: String,
    pub manifest: PathBuf,
    pub templates: Vec<TemplateChange>,
}

/// The set recreated (docs/pvc-report.md, `recreated`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Recreated {
    pub saved_manifest: PathBuf,
    pub old_uid: String,
    pub new_uid: String,
    pub pods_kept: Vec<String>,
}

fn state_dir() -> PathBuf {
    let base = std::env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("kubectl-sts").join("resize")
}

/// Where the record of a resize of `ns/name` lives.
pub fn marker_path(ns: &str, name: &str) -> PathBuf {
    state_dir().join(format!("{ns}-{name}.pending.json"))
}

pub(super) fn read_marker(ns: &str, name: &str) -> Result<Option<Pending>> {
    let p = marker_path(ns, name);
    match std::fs::read(&p) {
        Ok(b) => Ok(Some(serde_json::from_slice(&b).with_context(|| {
            format!("cannot read resize record {}", p.display())
        })?)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read resize record {}", p.display())),
    }
}

/// Refuses to delete and recreate a set that is not settled (rule 1): a
/// rollout in flight or a pod down would be harder to reason about after
/// the set is recreated. `changed` says what was done already.
pub(super) async fn refuse_unsettled(kube: &Kube, set: &StatefulSet, changed: &str) -> Result<()> {
    let ns = set.metadata.namespace.clone().unwrap_or_default();
    let name = set.metadata.name.clone().unwrap_or_default();
    let pods = set::pods(kube, set).await?;
    let pods: Vec<&Pod> = pods.iter().collect();
    let bad = crate::plan::health::check_set(set, &pods, None);
    let st = set.status.clone().unwrap_or_default();
    let mut reasons: Vec<String> = bad.into_iter().map(|u| u.reason).collect();
    if st.current_revision.is_some() && st.current_revision != st.update_revision {
        reasons.push(format!(
            "a rollout is in progress (current revision {}, update revision {})",
            st.current_revision.unwrap_or_default(),
            st.update_revision.unwrap_or_default()
        ));
    }
    if reasons.is_empty() {
        return Ok(());
    }
    Err(Failure::Refused(format!(
        "statefulset {name} in namespace {ns} is not settled, so it will not be deleted and \
         recreated; {changed}: {}. Check with: kubectl sts status {name} -n {ns}",
        reasons.join("; ")
    ))
    .into())
}

/// Saves the manifest and the record, deletes the set orphaning its pods
/// (on a fresh read, re-checked settled), recreates it with the new
/// template sizes and waits for the pods to be adopted with their UIDs
/// unchanged. A server dry run sends the delete with dryRun=All and stops.
pub(super) async fn recreate(
    kube: &Kube,
    ns: &str,
    name: &str,
    changes: &[TemplateChange],
    opts: &Options,
) -> Result<Option<Recreated>> {
    let server_dry = opts.dry_run == Some(crate::args::DryRun::Server);
    let set = set::get(kube, ns, name).await?;
    let uid = set.metadata.uid.clone().unwrap_or_default();
    let rv = set.metadata.resource_version.clone().unwrap_or_default();
    // Again right before the delete, on this fresh read (rule 1).
    refuse_unsettled(
        kube,
        &set,
        &format!(
            "the PVCs are resized but the claim templates are not; re-run `{}` once it is settled",
            opts.resume_command(ns, name)
        ),
    )
    .await?;
    if server_dry {
        io::delete_set_orphaning(kube, ns, name, &uid, &rv, true).await?;
        eprintln!(
            "Dry run (server): the PVC patches and the StatefulSet deletion were accepted; the \
             recreate is not sent since the set still exists."
        );
        return Ok(None);
    }
    let before: BTreeMap<String, String> = set::pods(kube, &set)
        .await?
        .into_iter()
        .filter_map(|p| Some((p.metadata.name?, p.metadata.uid?)))
        .collect();

    crate::ops::interrupt::Interrupt::global().before_write(|| {
        format!(
            "interrupted before statefulset {name} in namespace {ns} was deleted to update its \
             claim templates; the PVCs are resized, the StatefulSet is unchanged. Resume with: {}",
            opts.resume_command(ns, name)
        )
    })?;
    // Save first: nothing is deleted unless the record is on disk.
    let dir = state_dir();
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let stamp = Timestamp::now().strftime("%Y%m%dT%H%M%SZ").to_string();
    let manifest = dir.join(format!("{ns}-{name}-{stamp}.yaml"));
    let mut saved = set.clone();
    saved.metadata.managed_fields = None;
    std::fs::write(&manifest, serde_norway::to_string(&saved)?)
        .with_context(|| format!("cannot save the manifest to {}", manifest.display()))?;
    let pending = Pending {
        namespace: ns.into(),
        name: name.into(),
        old_uid: uid.clone(),
        manifest: manifest.clone(),
        templates: changes.to_vec(),
    };
    let marker = marker_path(ns, name);
    std::fs::write(&marker, serde_json::to_vec_pretty(&pending)?)
        .with_context(|| format!("cannot write {}", marker.display()))?;
    eprintln!("Saved statefulset {ns}/{name} to {}", manifest.display());

    io::delete_set_orphaning(kube, ns, name, &uid, &rv, false).await?;
    let rec = finish(kube, ns, name, &saved, changes, &before, &manifest, opts).await?;
    Ok(Some(rec))
}

/// A re-run that finds the set missing and its record: recreate it from the
/// saved manifest with the recorded sizes, after confirmation.
pub(super) async fn resume(
    kube: &Kube,
    ns: &str,
    name: &str,
    m: &Pending,
    opts: &Options,
) -> Result<Recreated> {
    let text = std::fs::read_to_string(&m.manifest)
        .with_context(|| format!("cannot read the saved manifest {}", m.manifest.display()))?;
    let saved: StatefulSet = serde_norway::from_str(&text)
        .with_context(|| format!("cannot parse the saved manifest {}", m.manifest.display()))?;
    eprintln!(
        "statefulset {ns}/{name} does not exist, and an earlier resize saved it to {} before \
         deleting it.",
        m.manifest.display()
    );
    if m.templates.iter().any(|t| t.to != opts.size) {
        eprintln!(
            "note: the earlier run used other sizes than --size {}; the recorded sizes are used",
            opts.size
        );
    }
    let sizes: Vec<String> = m
        .templates
        .iter()
        .map(|t| format!("{} -> {}", t.template, t.to))
        .collect();
    if opts.dry_run.is_some() {
        eprintln!(
            "Dry run: it would be recreated with claim templates {}.",
            sizes.join(", ")
        );
        return Err(Failure::Refused("dry run: nothing was changed".into()).into());
    }
    if !prompt::confirm(
        &format!("Recreate it now with claim templates {}?", sizes.join(", ")),
        &format!("recreate statefulset {name}"),
        opts.yes,
    )? {
        return Err(Failure::Refused(format!(
            "not confirmed; statefulset {name} is still missing. Re-run to recreate it, or apply {} yourself",
            m.manifest.display()
        ))
        .into());
    }
    // The set is gone, so `cluster::set::pods` (controller UID) cannot
    // apply: its pods are those of its selector that the garbage collector
    // released (no controller left) or that still name its old UID.
    let sel = selector::to_query(&saved.spec.selector);
    let before: BTreeMap<String, String> = kube
        .list::<Pod>(Some(ns), Some(&sel))
        .await?
        .into_iter()
        .filter(|p| {
            p.metadata
                .owner_references
                .iter()
                .flatten()
                .find(|r| r.controller == Some(true))
                .is_none_or(|r| r.uid == m.old_uid)
        })
        .filter_map(|p| Some((p.metadata.name?, p.metadata.uid?)))
        .collect();
    finish(
        kube,
        ns,
        name,
        &saved,
        &m.templates,
        &before,
        &m.manifest,
        opts,
    )
    .await
}

/// Waits for the old object to be gone, creates the new one and waits for
/// the pods in `before` (name -> UID) to be adopted, UIDs unchanged.
#[allow(clippy::too_many_arguments)]
async fn finish(
    kube: &Kube,
    ns: &str,
    name: &str,
    saved: &StatefulSet,
    changes: &[TemplateChange],
    before: &BTreeMap<String, String>,
    manifest: &Path,
    opts: &Options,
) -> Result<Recreated> {
    let resume = opts.resume_command(ns, name);
    // The orphan finalizer keeps the old object until the garbage collector
    // has released the pods; creating before that would conflict.
    let gone = watch_set(
        kube,
        ns,
        name,
        opts.timeout,
        |_| {},
        |_, _, _| Next::<()>::Wait {
            status: "waiting for the old StatefulSet to be gone".into(),
            recheck: None,
        },
    )
    .await;
    match gone {
        Err(WaitError::SetDeleted { .. }) => {}
        Err(WaitError::Interrupted { .. }) => {
            return Err(Failure::Interrupted(format!(
                "interrupted while statefulset {name} was being deleted; its pods keep running. \
                 Finish with: {resume} (it recreates the set from {})",
                manifest.display()
            ))
            .into());
        }
        Err(e) => {
            return Err(Failure::TimedOut(format!(
                "statefulset {name} in namespace {ns} was not gone in time ({e}); its pods keep \
                 running. Finish with: {resume} (it recreates the set from {})",
                manifest.display()
            ))
            .into());
        }
        Ok(()) => unreachable!("the decision never finishes"),
    }
    let new = resize::recreated(saved, changes);
    let created = io::create_set(kube, ns, &new, false).await.map_err(|e| {
        Failure::Api(format!(
            "{e}. The StatefulSet is deleted (its pods keep running); finish with: {resume}, or \
             apply {} yourself",
            manifest.display()
        ))
    })?;
    let _ = std::fs::remove_file(marker_path(ns, name));
    let new_uid = created.metadata.uid.clone().unwrap_or_default();
    eprintln!("Recreated statefulset {ns}/{name}; waiting for its pods to be adopted");
    let adopted = watch_set(
        kube,
        ns,
        name,
        opts.timeout,
        |s| eprintln!("  {s}"),
        |_, pods, _| {
            let pending = resize::adoption_pending(before, pods, &new_uid);
            if pending.is_empty() {
                Next::Done(())
            } else {
                Next::Wait {
                    status: pending.join(", "),
                    recheck: None,
                }
            }
        },
    )
    .await;
    if let Err(e) = adopted {
        return Err(Failure::Api(format!(
            "statefulset {name} in namespace {ns} was recreated (uid {new_uid}) but its pods were \
             not all adopted with their UIDs unchanged: {e}. Check with: kubectl sts status {name} -n {ns}"
        ))
        .into());
    }
    Ok(Recreated {
        saved_manifest: manifest.to_path_buf(),
        old_uid: saved.metadata.uid.clone().unwrap_or_default(),
        new_uid,
        pods_kept: before.keys().cloned().collect(),
    })
}
