//! The reads and writes behind `recover`. Reads: the StatefulSet(s), then one
//! consistent LIST per kind (pods, PVCs, PVs, nodes; VolumeAttachments and
//! FailedAttachVolume events only when a pod waits in ContainerCreating).
//! Writes carry their preconditions: deletes with Preconditions{uid,
//! resourceVersion}, finalizer removal as a JSON patch that first tests the
//! resourceVersion and the finalizer list.

use k8s_openapi::api::core::v1::{Event, Node, PersistentVolume, PersistentVolumeClaim, Pod};
use k8s_openapi::api::storage::v1::VolumeAttachment;
use kube::api::{Api, DeleteParams, ListParams, Patch, PatchParams, PostParams, Preconditions};
use serde_json::json;

use futures::future::BoxFuture;
use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::jiff::Timestamp;

use super::Kube;
use super::prune::stream::{self, Pages, PvStore, next_namespace};
use super::status::Scope;
use crate::error::{Failure, Target};
use crate::plan::recover::{
    self as rplan, Action, Finding, Options, Reread, Snapshot, waits_for_volumes,
};

pub async fn fetch(kube: &Kube, scope: &Scope) -> Result<Snapshot, Failure> {
    let ns = scope.ns();
    let sets = super::status::sets_in_scope(kube, scope, "recover").await?;
    let mut snap = Snapshot {
        sets,
        ..Default::default()
    };
    if snap.sets.is_empty() {
        return Ok(snap);
    }
    // Every pod of the namespace, not just the set's: a claim's users can be
    // any pod.
    let (pods, pvcs, pvs, nodes) = tokio::join!(
        kube.list_pruned::<Pod>(ns, None),
        kube.list_pruned::<PersistentVolumeClaim>(ns, None),
        kube.list_cluster_pruned::<PersistentVolume>(),
        kube.list_cluster_pruned::<Node>(),
    );
    snap.pods = pods?;
    snap.pvcs = pvcs?;
    snap.pvs = optional(pvs, "persistentvolumes", &mut snap.warnings)?;
    snap.nodes = optional(nodes, "nodes", &mut snap.warnings)?;

    snap.attachments = Some(vec![]);
    if snap.pods.iter().any(waits_for_volumes) {
        read_attachments(kube, ns, &mut snap).await?;
    }
    Ok(snap)
}

/// VolumeAttachments and FailedAttachVolume events into `snap` (a 403
/// becomes a warning).
async fn read_attachments(
    kube: &Kube,
    ns: Option<&str>,
    snap: &mut Snapshot,
) -> Result<(), Failure> {
    let (vas, events) = tokio::join!(
        kube.list_cluster_pruned::<VolumeAttachment>(),
        attach_events(kube, ns)
    );
    snap.attachments = optional(vas, "volumeattachments.storage.k8s.io", &mut snap.warnings)?;
    snap.events = optional(events, "events", &mut snap.warnings)?.unwrap_or_default();
    Ok(())
}

/// The findings of `scope`, and a snapshot that carries its sets and
/// warnings. One set: [`fetch`] and the rules. Many sets (`-A`, or a
/// namespace): the same LISTs read page by page, each namespace diagnosed
/// with its own objects as soon as they are all read, then dropped (see
/// [`stream`]); the findings are the same. VolumeAttachments and events are
/// read once, when the first pod that waits for its volumes is seen.
pub async fn diagnose(
    kube: &Kube,
    scope: &Scope,
    opts: &Options,
    now: Timestamp,
) -> Result<(Snapshot, Vec<Finding>), Failure> {
    if let Scope::One { .. } = scope {
        let snap = fetch(kube, scope).await?;
        let findings = rplan::diagnose(&snap, opts, now);
        return Ok((snap, findings));
    }
    let sets = super::status::sets_in_scope(kube, scope, "recover").await?;
    if sets.is_empty() {
        return Ok((
            Snapshot {
                sets,
                ..Default::default()
            },
            vec![],
        ));
    }
    let ns = scope.ns();
    let mut kinds = Kinds {
        sets: Pages::from_vec(sets),
        pods: stream::namespaced(kube, ns, None),
        pvcs: stream::namespaced(kube, ns, None),
        pvs: None,
    };
    let mut snap = Snapshot::default();
    let (pods, pvcs, pvs, nodes) = tokio::join!(
        kinds.pods.fill_past(None),
        kinds.pvcs.fill_past(None),
        stream::read_pvs(kube),
        kube.list_cluster_pruned::<Node>(),
    );
    pods?;
    pvcs?;
    kinds.pvs = optional(
        pvs.map(|s| vec![s]),
        "persistentvolumes",
        &mut snap.warnings,
    )?
    .map(|mut v| v.pop().unwrap_or_default());
    snap.nodes = optional(nodes, "nodes", &mut snap.warnings)?;
    snap.attachments = Some(vec![]);
    by_namespace(kinds, snap, opts, now, &FromApi { kube, ns }).await
}

/// Reads VolumeAttachments and FailedAttachVolume events into a snapshot.
pub trait ReadAttachments: Sync {
    fn read<'s>(&'s self, snap: &'s mut Snapshot) -> BoxFuture<'s, Result<(), Failure>>;
}

/// Both kinds from the API, events of namespace `ns` (all with `None`).
struct FromApi<'k> {
    kube: &'k Kube,
    ns: Option<&'k str>,
}

impl ReadAttachments for FromApi<'_> {
    fn read<'s>(&'s self, snap: &'s mut Snapshot) -> BoxFuture<'s, Result<(), Failure>> {
        Box::pin(read_attachments(self.kube, self.ns, snap))
    }
}

/// What a recover diagnosis reads per namespace: pages of the namespaced
/// kinds, and the PersistentVolumes of the whole cluster (`None`: they
/// could not be read).
pub struct Kinds {
    pub sets: Pages<StatefulSet>,
    pub pods: Pages<Pod>,
    pub pvcs: Pages<PersistentVolumeClaim>,
    pub pvs: Option<PvStore>,
}

/// The findings of `kinds`, one namespace at a time: `snap` carries the
/// cluster-scoped kinds (nodes; VolumeAttachments and events, which
/// `attachments` reads into it the first time a namespace has a pod that
/// [`waits_for_volumes`]) and the warnings; each namespace's objects are
/// put in it, diagnosed, and replaced by the next namespace's. Returns
/// `snap` with every set and the findings in order. Errors: those of the
/// reads.
pub async fn by_namespace(
    mut kinds: Kinds,
    mut snap: Snapshot,
    opts: &Options,
    now: Timestamp,
    attachments: &dyn ReadAttachments,
) -> Result<(Snapshot, Vec<Finding>), Failure> {
    let mut findings = Vec::new();
    let mut sets = Vec::new();
    let mut last: Option<String> = None;
    let mut attachments_read = false;
    loop {
        let next = next_namespace(
            &mut [&mut kinds.sets, &mut kinds.pods, &mut kinds.pvcs],
            last.as_deref(),
        )
        .await?;
        let Some(ns) = next else {
            break;
        };
        snap.sets = kinds.sets.take(&ns);
        snap.pods = kinds.pods.take(&ns);
        snap.pvcs = kinds.pvcs.take(&ns);
        if !snap.sets.is_empty() {
            snap.pvs = match &kinds.pvs {
                Some(store) => Some(store.for_ns(&ns, &snap.pvcs)?),
                None => None,
            };
            if !attachments_read && snap.pods.iter().any(waits_for_volumes) {
                attachments.read(&mut snap).await?;
                attachments_read = true;
            }
            findings.extend(rplan::diagnose(&snap, opts, now));
            sets.append(&mut snap.sets);
        }
        last = Some(ns);
    }
    Ok((
        Snapshot {
            sets,
            warnings: snap.warnings,
            ..Default::default()
        },
        findings,
    ))
}

/// FailedAttachVolume events (one page: the newest matter, and there are few).
async fn attach_events(kube: &Kube, ns: Option<&str>) -> Result<Vec<Event>, Failure> {
    let api: Api<Event> = match ns {
        Some(ns) => Api::namespaced(kube.client.clone(), ns),
        None => Api::all(kube.client.clone()),
    };
    let lp = ListParams::default()
        .fields("reason=FailedAttachVolume")
        .limit(super::PAGE_SIZE);
    let target = Target::new("list", "events").ns(ns);
    Ok(kube
        .call(
            &target,
            "fieldSelector=reason=FailedAttachVolume",
            api.list(&lp),
        )
        .await?
        .items)
}

/// A read the diagnosis can do without: forbidden becomes a warning (and the
/// rules that need it refuse to act).
fn optional<T>(
    res: Result<Vec<T>, Failure>,
    what: &str,
    warnings: &mut Vec<String>,
) -> Result<Option<Vec<T>>, Failure> {
    match res {
        Ok(v) => Ok(Some(v)),
        Err(Failure::Forbidden(msg)) => {
            warnings.push(format!(
                "{what} could not be read; findings that depend on them refuse to act: {msg}"
            ));
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

fn preconditions(uid: &str, rv: &str) -> Preconditions {
    Preconditions {
        uid: Some(uid.to_string()),
        resource_version: Some(rv.to_string()),
    }
}

/// DELETE a pod with Preconditions{uid, resourceVersion}; `grace = Some(0)`
/// is a force delete.
pub async fn delete_pod(
    kube: &Kube,
    ns: &str,
    name: &str,
    uid: &str,
    rv: &str,
    grace: Option<u32>,
    dry_run: bool,
) -> Result<(), Failure> {
    let api: Api<Pod> = Api::namespaced(kube.client.clone(), ns);
    let dp = DeleteParams {
        dry_run,
        grace_period_seconds: grace,
        preconditions: Some(preconditions(uid, rv)),
        ..Default::default()
    };
    let target = Target::new("delete", "pods").ns(Some(ns)).name(name);
    let detail = format!(
        "uid={uid} resourceVersion={rv}{}{}",
        grace
            .map(|g| format!(" gracePeriodSeconds={g}"))
            .unwrap_or_default(),
        if dry_run { " dryRun=All" } else { "" }
    );
    kube.call(&target, &detail, api.delete(name, &dp)).await?;
    Ok(())
}

/// POST a claim (the manifest built from the claim template).
pub async fn create_pvc(
    kube: &Kube,
    ns: &str,
    claim: &PersistentVolumeClaim,
    dry_run: bool,
) -> Result<(), Failure> {
    let api: Api<PersistentVolumeClaim> = Api::namespaced(kube.client.clone(), ns);
    let pp = PostParams {
        dry_run,
        ..Default::default()
    };
    let name = claim.metadata.name.as_deref().unwrap_or_default();
    let target = Target::new("create", "persistentvolumeclaims")
        .ns(Some(ns))
        .name(name);
    kube.call(
        &target,
        if dry_run { "dryRun=All" } else { "" },
        api.create(&pp, claim),
    )
    .await?;
    Ok(())
}

/// DELETE a VolumeAttachment with Preconditions{uid, resourceVersion}.
pub async fn delete_volume_attachment(
    kube: &Kube,
    name: &str,
    uid: &str,
    rv: &str,
    dry_run: bool,
) -> Result<(), Failure> {
    let api: Api<VolumeAttachment> = Api::all(kube.client.clone());
    let dp = DeleteParams {
        dry_run,
        preconditions: Some(preconditions(uid, rv)),
        ..Default::default()
    };
    let target = Target::new("delete", "volumeattachments.storage.k8s.io").name(name);
    kube.call(
        &target,
        &format!("uid={uid} resourceVersion={rv}"),
        api.delete(name, &dp),
    )
    .await?;
    Ok(())
}

/// The object a recover fix wrote, as read again to verify it.
#[derive(Debug, Clone)]
pub enum Current {
    Pod(Box<Option<Pod>>),
    Claim(Box<Option<PersistentVolumeClaim>>),
    Attachment(Box<Option<VolumeAttachment>>),
}

impl Current {
    /// The borrowed view the pure verification (`plan::recover::effect`) takes.
    pub fn view(&self) -> Reread<'_> {
        match self {
            Current::Pod(p) => Reread::Pod(p.as_ref().as_ref()),
            Current::Claim(c) => Reread::Claim(c.as_ref().as_ref()),
            Current::Attachment(v) => Reread::Attachment(v.as_ref().as_ref()),
        }
    }
}

/// GET (consistent) the object `action` wrote in namespace `ns`.
pub async fn reread(kube: &Kube, ns: &str, action: &Action) -> Result<Current, Failure> {
    Ok(match action {
        Action::DeletePod { pod, .. } | Action::ForceDeletePod { pod, .. } => {
            Current::Pod(Box::new(kube.get_opt(ns, pod).await?))
        }
        Action::RemoveFinalizers { kind, name, .. } if kind == "pod" => {
            Current::Pod(Box::new(kube.get_opt(ns, name).await?))
        }
        Action::RemoveFinalizers { name, .. } | Action::CreateClaim { claim: name, .. } => {
            Current::Claim(Box::new(kube.get_opt(ns, name).await?))
        }
        Action::DeleteVolumeAttachment { name, .. } => {
            let api: Api<VolumeAttachment> = Api::all(kube.client.clone());
            let target = Target::new("get", "volumeattachments.storage.k8s.io").name(name);
            Current::Attachment(Box::new(kube.call(&target, "", api.get_opt(name)).await?))
        }
    })
}

/// The JSON patch that removes `remove` from `current`, valid only while the
/// object is still at `rv` with exactly those finalizers.
pub fn finalizer_patch(rv: &str, current: &[String], remove: &[String]) -> serde_json::Value {
    let keep: Vec<&String> = current.iter().filter(|f| !remove.contains(f)).collect();
    json!([
        {"op": "test", "path": "/metadata/resourceVersion", "value": rv},
        {"op": "test", "path": "/metadata/finalizers", "value": current},
        {"op": "replace", "path": "/metadata/finalizers", "value": keep},
    ])
}

/// JSON-patch the finalizers of a pod or a claim.
#[allow(clippy::too_many_arguments)]
pub async fn remove_finalizers(
    kube: &Kube,
    kind: &str,
    ns: &str,
    name: &str,
    rv: &str,
    current: &[String],
    remove: &[String],
    dry_run: bool,
) -> Result<(), Failure> {
    let patch: Patch<()> = Patch::Json(
        serde_json::from_value(finalizer_patch(rv, current, remove))
            .map_err(|e| Failure::Api(format!("cannot build the finalizer patch: {e}")))?,
    );
    let pp = PatchParams {
        dry_run,
        ..Default::default()
    };
    let detail = format!("json-patch test resourceVersion={rv}");
    match kind {
        "pod" => {
            let api: Api<Pod> = Api::namespaced(kube.client.clone(), ns);
            let target = Target::new("patch", "pods").ns(Some(ns)).name(name);
            kube.call(&target, &detail, api.patch(name, &pp, &patch))
                .await?;
        }
        _ => {
            let api: Api<PersistentVolumeClaim> = Api::namespaced(kube.client.clone(), ns);
            let target = Target::new("patch", "persistentvolumeclaims")
                .ns(Some(ns))
                .name(name);
            kube.call(&target, &detail, api.patch(name, &pp, &patch))
                .await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finalizer_patch_tests_before_replacing() {
        let p = finalizer_patch(
            "12",
            &[
                "a/x".to_string(),
                "kubernetes.io/pvc-protection".to_string(),
            ],
            &["kubernetes.io/pvc-protection".to_string()],
        );
        assert_eq!(
            p,
            json!([
                {"op": "test", "path": "/metadata/resourceVersion", "value": "12"},
                {"op": "test", "path": "/metadata/finalizers", "value": ["a/x", "kubernetes.io/pvc-protection"]},
                {"op": "replace", "path": "/metadata/finalizers", "value": ["a/x"]},
            ])
        );
    }
}
