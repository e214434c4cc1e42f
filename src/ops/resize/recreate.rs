//! The second half of a resize (safety rule 17): volumeClaimTemplates are
//! immutable, so the StatefulSet is saved to a file, deleted with
//! propagationPolicy=Orphan and Preconditions{uid, resourceVersion} (its
//! pods keep running), recreated with the new claim template sizes, and
//! its pods checked to be adopted with their UIDs unchanged.
//!
//! While the set is gone, two things say so: a record file on this machine
//! (the annotation cannot live on a deleted object), keyed by the API
//! server and the namespace and name (`plan::resize::record::record_key`)
//! and written atomically, from which a re-run finishes; and an annotation
//! on each claim (`kubectl-sts.io/resize-pending`), so that every other
//! machine (an orphan clean-up cron job) sees the claims as live. A record
//! that does not match the object at hand (another server, another
//! namespace or name, a live set with another UID) is never used nor
//! removed.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{PersistentVolumeClaim, Pod};
use k8s_openapi::jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::Options;
use crate::cluster::Kube;
use crate::cluster::pvc as io;
use crate::cluster::set;
use crate::cluster::wait::{Next, WaitError, watch_set};
use crate::error::Failure;
use crate::ops::retry::on_conflict;
use crate::plan::names::pvc_name;
use crate::plan::resize::record::{
    PENDING_ANNOTATION, PendingClaim, cluster_dir, pending_claim, record_key, saved_manifest,
};
use crate::plan::resize::{self, TemplateChange};
use crate::plan::selector;
use crate::render::prompt;

/// The record of a resize between deleting and recreating the StatefulSet
/// (and until the recreated set has adopted the pods).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pending {
    /// The API server URL of the cluster.
    pub server: String,
    pub namespace: String,
    pub name: String,
    /// The UID of the deleted set.
    pub old_uid: String,
    /// The UID of the recreated set, once created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_uid: Option<String>,
    /// When the delete was decided (RFC 3339).
    pub started: String,
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

/// `$XDG_STATE_HOME/kubectl-sts/<operation>` (else `~/.local/state/...`):
/// where operations that delete a StatefulSet keep its manifest and record.
pub(crate) fn state_dir_of(operation: &str) -> PathBuf {
    let base = std::env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("kubectl-sts").join(operation)
}

fn state_dir() -> PathBuf {
    state_dir_of("resize")
}

/// Where the record of a resize of `ns/name` on the cluster at `server`
/// lives.
pub fn record_path(server: &str, ns: &str, name: &str) -> PathBuf {
    state_dir().join(record_key(server, ns, name))
}

/// The record of `ns/name` on `server`, if any. Errors: unreadable, or it
/// names another object (then it is neither used nor removed).
pub(super) fn read_record(server: &str, ns: &str, name: &str) -> Result<Option<Pending>> {
    let p = record_path(server, ns, name);
    let m: Pending = match std::fs::read(&p) {
        Ok(b) => serde_json::from_slice(&b).with_context(|| {
            format!(
                "cannot read resize record {}; it is left alone: move it away if no resize of \
                 statefulset {ns}/{name} is half-done",
                p.display()
            )
        })?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(e).with_context(|| format!("cannot read resize record {}", p.display()));
        }
    };
    if (m.server.as_str(), m.namespace.as_str(), m.name.as_str()) != (server, ns, name) {
        return Err(Failure::Refused(format!(
            "the resize record {} is about statefulset {}/{} on {}, not {ns}/{name} on {server}; \
             it is neither used nor removed. Move it away, then re-run",
            p.display(),
            m.namespace,
            m.name,
            m.server
        ))
        .into());
    }
    Ok(Some(m))
}

/// Writes `bytes` to `path` atomically: a temporary file in the same
/// directory, flushed to disk, then renamed over `path`; a crash leaves
/// the old content or the new one, never half a record.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name()
            .and_then(|f| f.to_str())
            .unwrap_or("record"),
        std::process::id()
    ));
    let res = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        // The rename itself is durable once the directory is.
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if res.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    res.with_context(|| format!("cannot write {}", path.display()))
}

fn write_record(m: &Pending) -> Result<()> {
    write_atomic(
        &record_path(&m.server, &m.namespace, &m.name),
        &serde_json::to_vec_pretty(m)?,
    )
}

fn remove_record(m: &Pending) {
    let _ = std::fs::remove_file(record_path(&m.server, &m.namespace, &m.name));
}

/// The claims of the live ordinals of `set`, every template.
pub(crate) fn claim_names(set: &StatefulSet) -> Vec<String> {
    let name = set.metadata.name.as_deref().unwrap_or_default();
    let mut out = Vec::new();
    for o in crate::plan::set::live_ordinals(set) {
        for t in set.spec.volume_claim_templates.iter().flatten() {
            if let Some(t) = t.metadata.name.as_deref() {
                out.push(pvc_name(t, name, o));
            }
        }
    }
    out
}

/// Marks (`Some`) or unmarks (`None`) each claim of `claims` with the
/// resize-pending annotation, each on a fresh read with a guarded patch
/// (re-read and re-decided on 409). Unmarking removes only a mark of set
/// `set_name`. Returns the claims written.
pub(crate) async fn mark_claims(
    kube: &Kube,
    ns: &str,
    set_name: &str,
    claims: &[String],
    mark: Option<&PendingClaim>,
) -> Result<Vec<String>, Failure> {
    let value = mark.map(|m| serde_json::to_string(m).expect("a mark serializes"));
    let mut done = Vec::new();
    for c in claims {
        let what = format!("PVC {c:?} in namespace {ns:?} (annotation {PENDING_ANNOTATION})");
        let (wrote, _) = on_conflict(&what, |_| {
            let value = value.clone();
            async move {
                let Some(pvc) = kube.get_opt::<PersistentVolumeClaim>(ns, c).await? else {
                    return Ok(false);
                };
                let ours = matches!(pending_claim(&pvc), Some(Ok(p)) if p.stateful_set == set_name);
                let current = pvc
                    .metadata
                    .annotations
                    .as_ref()
                    .and_then(|a| a.get(PENDING_ANNOTATION));
                let write = match &value {
                    Some(v) => current != Some(v),
                    None => ours,
                };
                if !write {
                    return Ok(false);
                }
                let rv = pvc.metadata.resource_version.clone().unwrap_or_default();
                io::annotate_pvc(kube, ns, c, &rv, PENDING_ANNOTATION, value.as_deref()).await?;
                Ok(true)
            }
        })
        .await?;
        if wrote {
            done.push(c.clone());
        }
    }
    Ok(done)
}

/// Refuses to delete and recreate a set that is not settled (rule 1): a
/// rollout in flight or a pod down would be harder to reason about after
/// the set is recreated. `changed` says what was done already.
pub(crate) async fn refuse_unsettled(kube: &Kube, set: &StatefulSet, changed: &str) -> Result<()> {
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
         recreated; {changed}: {}. Check with: {}",
        reasons.join("; "),
        crate::hint::command("status", &name, &ns)
    ))
    .into())
}

/// Saves the manifest and the record, marks the claims, deletes the set
/// orphaning its pods (on a fresh read, re-checked settled), recreates it
/// with the new template sizes and waits for the pods to be adopted with
/// their UIDs unchanged, then unmarks the claims and removes the record. A
/// server dry run sends the delete with dryRun=All and stops.
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
    let now = Timestamp::now();
    let stamp = now.strftime("%Y%m%dT%H%M%SZ").to_string();
    let manifest = state_dir()
        .join(cluster_dir(&kube.server))
        .join(format!("{ns}_{name}-{stamp}.yaml"));
    write_atomic(
        &manifest,
        serde_norway::to_string(&saved_manifest(&set))?.as_bytes(),
    )
    .context("cannot save the StatefulSet manifest; nothing was deleted")?;
    let pending = Pending {
        server: kube.server.clone(),
        namespace: ns.into(),
        name: name.into(),
        old_uid: uid.clone(),
        new_uid: None,
        started: now.to_string(),
        manifest: manifest.clone(),
        templates: changes.to_vec(),
    };
    write_record(&pending).context("cannot write the resize record; nothing was deleted")?;
    eprintln!("Saved statefulset {ns}/{name} to {}", manifest.display());

    let claims = claim_names(&set);
    let mark = PendingClaim {
        stateful_set: name.into(),
        started: pending.started.clone(),
        resume: opts.resume_command(ns, name),
    };
    let marked = mark_claims(kube, ns, name, &claims, Some(&mark)).await;
    let deleted = match marked {
        Ok(_) => io::delete_set_orphaning(kube, ns, name, &uid, &rv, false).await,
        Err(e) => Err(e),
    };
    if let Err(e) = deleted {
        // Nothing was deleted: take the marks and the record back.
        let _ = mark_claims(kube, ns, name, &claims, None).await;
        remove_record(&pending);
        return Err(Failure::Api(format!(
            "{e}; statefulset {name} in namespace {ns} was not deleted, its claim templates \
                 are unchanged. Re-run: {}",
            opts.resume_command(ns, name)
        ))
        .into());
    }
    let rec = finish(kube, &set, pending, &before, opts).await?;
    Ok(Some(rec))
}

/// A re-run that finds the record of an earlier run: the set is missing
/// (recreate it from the saved manifest with the recorded sizes, after
/// confirmation), or was recreated already (check the adoption).
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
    let created = m.new_uid.is_some();
    if created {
        eprintln!(
            "statefulset {ns}/{name} was recreated by an earlier resize (uid {}); checking that \
             it adopted the pods.",
            m.new_uid.as_deref().unwrap_or_default()
        );
    } else {
        eprintln!(
            "statefulset {ns}/{name} does not exist, and an earlier resize saved it to {} before \
             deleting it.",
            m.manifest.display()
        );
    }
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
        if !created {
            eprintln!(
                "Dry run: it would be recreated with claim templates {}.",
                sizes.join(", ")
            );
        }
        return Err(Failure::Refused("dry run: nothing was changed".into()).into());
    }
    if !created
        && !prompt::confirm(
            &format!("Recreate it now with claim templates {}?", sizes.join(", ")),
            &format!("recreate statefulset {name}"),
            opts.yes,
        )?
    {
        return Err(Failure::Refused(format!(
            "not confirmed; statefulset {name} is still missing. Re-run to recreate it, or \
             create it yourself: kubectl create -f {}",
            m.manifest.display()
        ))
        .into());
    }
    // The set is gone (or new), so `cluster::set::pods` (controller UID)
    // cannot apply: its pods are those of its selector that the garbage
    // collector released (no controller left) or that name its old or new
    // UID.
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
                .is_none_or(|r| r.uid == m.old_uid || Some(&r.uid) == m.new_uid.as_ref())
        })
        .filter_map(|p| Some((p.metadata.name?, p.metadata.uid?)))
        .collect();
    let mut saved = saved;
    // The manifest holds no UID: the record does.
    saved.metadata.uid = Some(m.old_uid.clone());
    finish(kube, &saved, m.clone(), &before, opts).await
}

/// Waits for the old object to be gone, creates the new one (unless the
/// record says it was created) and waits for the pods in `before` (name ->
/// UID) to be adopted, UIDs unchanged; then unmarks the claims and removes
/// the record.
async fn finish(
    kube: &Kube,
    saved: &StatefulSet,
    mut m: Pending,
    before: &BTreeMap<String, String>,
    opts: &Options,
) -> Result<Recreated> {
    let (ns, name) = (m.namespace.clone(), m.name.clone());
    let (ns, name) = (ns.as_str(), name.as_str());
    let resume = opts.resume_command(ns, name);
    let manifest = m.manifest.clone();
    let new_uid = match m.new_uid.clone() {
        Some(u) => u,
        None => {
            wait_gone(kube, ns, name, &resume, &manifest, opts).await?;
            let new = resize::recreated(saved, &m.templates);
            let created = io::create_set(kube, ns, &new, false).await.map_err(|e| {
                Failure::Api(format!(
                    "{e}. The StatefulSet is deleted (its pods keep running); finish with: \
                     {resume}, or create it yourself: kubectl create -f {}",
                    manifest.display()
                ))
            })?;
            let u = created.metadata.uid.clone().unwrap_or_default();
            m.new_uid = Some(u.clone());
            // A re-run from here on checks the adoption of this very set.
            if let Err(e) = write_record(&m) {
                eprintln!("warning: {e:#}");
            }
            eprintln!("Recreated statefulset {ns}/{name}; waiting for its pods to be adopted");
            u
        }
    };
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
             not all adopted with their UIDs unchanged: {e}. Check with: {status}, then finish \
             with: {resume}",
            status = crate::hint::command("status", name, ns)
        ))
        .into());
    }
    let set = set::get(kube, ns, name).await?;
    mark_claims(kube, ns, name, &claim_names(&set), None).await?;
    remove_record(&m);
    Ok(Recreated {
        saved_manifest: manifest,
        old_uid: m.old_uid.clone(),
        new_uid,
        pods_kept: before.keys().cloned().collect(),
    })
}

/// Waits until the deleted set is gone: the orphan finalizer keeps it
/// until the garbage collector has released the pods, and creating before
/// that would conflict.
async fn wait_gone(
    kube: &Kube,
    ns: &str,
    name: &str,
    resume: &str,
    manifest: &Path,
    opts: &Options,
) -> Result<()> {
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
        Err(WaitError::SetDeleted { .. }) => Ok(()),
        Err(WaitError::Interrupted { .. }) => Err(Failure::Interrupted(format!(
            "interrupted while statefulset {name} was being deleted; its pods keep running and \
             its claims are marked {PENDING_ANNOTATION}. Finish with: {resume} (it recreates the \
             set from {})",
            manifest.display()
        ))
        .into()),
        Err(e) => Err(Failure::TimedOut(format!(
            "statefulset {name} in namespace {ns} was not gone in time ({e}); its pods keep \
             running and its claims are marked {PENDING_ANNOTATION}. Finish with: {resume} (it \
             recreates the set from {})",
            manifest.display()
        ))
        .into()),
        Ok(()) => Err(Failure::Api(format!(
            "statefulset {name} in namespace {ns}: the wait for its deletion ended early. Finish \
             with: {resume}"
        ))
        .into()),
    }
}

/// Takes back what an earlier run did before its delete, when the set is
/// still the one it recorded (same UID): the marks on the claims, then the
/// record. The caller plans afresh.
pub(super) async fn forget_before_delete(
    kube: &Kube,
    set: &StatefulSet,
    m: &Pending,
) -> Result<()> {
    let (ns, name) = (m.namespace.as_str(), m.name.as_str());
    mark_claims(kube, ns, name, &claim_names(set), None).await?;
    remove_record(m);
    eprintln!(
        "note: an earlier resize of statefulset {ns}/{name} stopped before deleting it; its \
         record {} is removed and the resize planned afresh",
        record_path(&m.server, ns, name).display()
    );
    Ok(())
}
