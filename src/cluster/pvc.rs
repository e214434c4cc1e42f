//! Reads and writes of `kubectl sts pvc`. Every write carries optimistic
//! concurrency (safety rule 5): patches carry the resourceVersion they were
//! decided on, deletes carry Preconditions{uid, resourceVersion}.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use futures::StreamExt;
use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{PersistentVolume, PersistentVolumeClaim, Pod};
use k8s_openapi::api::storage::v1::StorageClass;
use kube::api::{
    Api, DeleteParams, Patch, PatchParams, PostParams, Preconditions, PropagationPolicy,
};
use kube::runtime::{WatchStreamExt, watcher};
use serde_json::json;
use tokio::time::Instant;

use super::Kube;
use super::prune::stream::{self, Pages, PvStore, next_namespace};
use crate::error::{Failure, Target};
use crate::plan::orphans::{self, Orphan, World};
use crate::plan::resize::{ClassInfo, Progress, progress};

/// Every orphaned claim in namespace `ns` (all namespaces with `None`),
/// only those of set `only_set` when given, with warnings about what could
/// not be read. Sets, claims and pods are read page by page, every
/// PersistentVolume into a [`PvStore`]; each namespace's claims are
/// classified with its own sets and pods as soon as they are all read,
/// then dropped (see [`stream`]). The result is the same as
/// [`orphans::find`] on everything at once, in its order. One LIST per
/// kind per page, whatever the number of namespaces.
pub async fn find_orphans(
    kube: &Kube,
    ns: Option<&str>,
    only_set: Option<&str>,
) -> Result<(Vec<Orphan>, Vec<String>), Failure> {
    let mut sets = stream::namespaced(kube, ns, None);
    let mut pvcs = stream::namespaced(kube, ns, None);
    let mut pods = stream::namespaced(kube, ns, None);
    let (s, c, p, pvs) = tokio::join!(
        sets.fill_past(None),
        pvcs.fill_past(None),
        pods.fill_past(None),
        stream::read_pvs(kube),
    );
    s?;
    c?;
    p?;
    let mut warnings = Vec::new();
    let pvs = match pvs {
        Ok(v) => Some(v),
        Err(Failure::Forbidden(m)) => {
            warnings.push(format!(
                "persistentvolumes could not be read, so reclaim policies are unknown: {m}"
            ));
            None
        }
        Err(e) => return Err(e),
    };
    let found = orphans_by_namespace(sets, pvcs, pods, pvs.as_ref(), only_set).await?;
    Ok((found, warnings))
}

/// The orphans among `pvcs`, one namespace at a time, each classified with
/// its namespace's `sets` and `pods` and the volumes `pvs` holds for it
/// (`None`: PVs could not be read). Errors: those of the LISTs.
pub async fn orphans_by_namespace(
    mut sets: Pages<StatefulSet>,
    mut pvcs: Pages<PersistentVolumeClaim>,
    mut pods: Pages<Pod>,
    pvs: Option<&PvStore>,
    only_set: Option<&str>,
) -> Result<Vec<Orphan>, Failure> {
    let mut out = Vec::new();
    let mut last: Option<String> = None;
    while let Some(ns) =
        next_namespace(&mut [&mut sets, &mut pvcs, &mut pods], last.as_deref()).await?
    {
        let sets = sets.take(&ns);
        let claims = pvcs.take(&ns);
        let pods = pods.take(&ns);
        if !claims.is_empty() {
            let volumes = pvs.map(|s| s.for_ns(&ns, &claims)).transpose()?;
            let by_name: Option<HashMap<String, &PersistentVolume>> = volumes.as_ref().map(|v| {
                v.iter()
                    .filter_map(|p| Some((p.metadata.name.clone()?, p)))
                    .collect()
            });
            let world = World {
                sets: &sets,
                pods: &pods,
                pvs: by_name.as_ref(),
            };
            out.extend(orphans::find(&claims, &world, only_set));
        }
        last = Some(ns);
    }
    // LIST order puts namespace `a-b` before `a`; the list sorts by name.
    out.sort_by(|a, b| {
        (&a.namespace, &a.stateful_set, &a.template, a.ordinal).cmp(&(
            &b.namespace,
            &b.stateful_set,
            &b.template,
            b.ordinal,
        ))
    });
    Ok(out)
}

/// A fresh, consistent view of one PVC, the sets and pods of its
/// namespace, and its PersistentVolume, read right before acting on it
/// (rules 6 and 13).
pub struct FreshView {
    pub claim: Option<PersistentVolumeClaim>,
    pub sets: Vec<StatefulSet>,
    pub pods: Vec<Pod>,
    /// `None` when PVs may not be read (403); otherwise the claim's bound
    /// volume, if any and if it exists.
    pub pv: Option<Option<PersistentVolume>>,
}

/// Reads a [`FreshView`] of PVC `ns/name`.
pub async fn fresh_view(kube: &Kube, ns: &str, name: &str) -> Result<FreshView, Failure> {
    let (c, sets, pods) = tokio::join!(
        kube.get_opt::<PersistentVolumeClaim>(ns, name),
        kube.list::<StatefulSet>(Some(ns), None),
        kube.list::<Pod>(Some(ns), None),
    );
    let claim = c?;
    let bound = claim
        .as_ref()
        .and_then(|c| c.spec.as_ref()?.volume_name.clone())
        .filter(|v| !v.is_empty());
    let pv = match bound {
        None => Some(None),
        Some(pv) => {
            let api: Api<PersistentVolume> = Api::all(kube.client.clone());
            let target = Target::new("get", "persistentvolumes").name(&pv);
            match kube.call(&target, "", api.get_opt(&pv)).await {
                Ok(v) => Some(v),
                Err(Failure::Forbidden(_)) => None,
                Err(e) => return Err(e),
            }
        }
    };
    Ok(FreshView {
        claim,
        sets: sets?,
        pods: pods?,
        pv,
    })
}

fn pvc_target(verb: &'static str, ns: &str, name: &str) -> Target {
    Target::new(verb, "persistentvolumeclaims")
        .ns(Some(ns))
        .name(name)
}

fn sts_target(verb: &'static str, ns: &str, name: &str) -> Target {
    Target::new(verb, "statefulsets.apps")
        .ns(Some(ns))
        .name(name)
}

fn preconditions(uid: &str, rv: &str) -> Preconditions {
    Preconditions {
        uid: Some(uid.to_string()),
        resource_version: Some(rv.to_string()),
    }
}

/// Deletes a PVC if it is still exactly the object (uid, resourceVersion)
/// that the decision was made on.
pub async fn delete_pvc(
    kube: &Kube,
    ns: &str,
    name: &str,
    uid: &str,
    rv: &str,
    dry_run: bool,
) -> Result<(), Failure> {
    let api: Api<PersistentVolumeClaim> = Api::namespaced(kube.client.clone(), ns);
    let mut dp = DeleteParams::default().preconditions(preconditions(uid, rv));
    dp.dry_run = dry_run;
    let detail = format!("uid={uid} resourceVersion={rv}{}", dry(dry_run));
    kube.call(
        &pvc_target("delete", ns, name),
        &detail,
        api.delete(name, &dp),
    )
    .await
    .map(|_| ())
}

/// Raises a PVC's storage request; a merge patch carrying the resourceVersion
/// fails with 409 if the claim changed since it was read.
pub async fn patch_pvc_size(
    kube: &Kube,
    ns: &str,
    name: &str,
    rv: &str,
    size: &str,
    dry_run: bool,
) -> Result<PersistentVolumeClaim, Failure> {
    let api: Api<PersistentVolumeClaim> = Api::namespaced(kube.client.clone(), ns);
    let body = json!({
        "metadata": {"resourceVersion": rv},
        "spec": {"resources": {"requests": {"storage": size}}}
    });
    let pp = PatchParams {
        dry_run,
        ..Default::default()
    };
    let detail = format!("storage={size} resourceVersion={rv}{}", dry(dry_run));
    kube.call(
        &pvc_target("patch", ns, name),
        &detail,
        api.patch(name, &pp, &Patch::Merge(&body)),
    )
    .await
}

/// Sets (`Some`) or removes (`None`) annotation `key` of PVC `ns/name`,
/// guarded by the resourceVersion it was decided on: `Failure::Conflict`
/// when the claim changed since (the caller re-reads and re-decides).
pub async fn annotate_pvc(
    kube: &Kube,
    ns: &str,
    name: &str,
    rv: &str,
    key: &str,
    value: Option<&str>,
) -> Result<PersistentVolumeClaim, Failure> {
    let api: Api<PersistentVolumeClaim> = Api::namespaced(kube.client.clone(), ns);
    let body = json!({
        "metadata": {"resourceVersion": rv, "annotations": {key: value}}
    });
    let detail = format!(
        "annotation {key}{} resourceVersion={rv}",
        if value.is_some() { "" } else { "-" }
    );
    kube.call(
        &pvc_target("patch", ns, name),
        &detail,
        api.patch(name, &PatchParams::default(), &Patch::Merge(&body)),
    )
    .await
}

/// Deletes a StatefulSet but not its pods (propagationPolicy=Orphan).
pub async fn delete_set_orphaning(
    kube: &Kube,
    ns: &str,
    name: &str,
    uid: &str,
    rv: &str,
    dry_run: bool,
) -> Result<(), Failure> {
    let api: Api<StatefulSet> = Api::namespaced(kube.client.clone(), ns);
    let mut dp = DeleteParams {
        propagation_policy: Some(PropagationPolicy::Orphan),
        ..Default::default()
    }
    .preconditions(preconditions(uid, rv));
    dp.dry_run = dry_run;
    let detail = format!(
        "propagationPolicy=Orphan uid={uid} resourceVersion={rv}{}",
        dry(dry_run)
    );
    kube.call(
        &sts_target("delete", ns, name),
        &detail,
        api.delete(name, &dp),
    )
    .await
    .map(|_| ())
}

pub async fn create_set(
    kube: &Kube,
    ns: &str,
    set: &StatefulSet,
    dry_run: bool,
) -> Result<StatefulSet, Failure> {
    let api: Api<StatefulSet> = Api::namespaced(kube.client.clone(), ns);
    let pp = PostParams {
        dry_run,
        ..Default::default()
    };
    let name = set.metadata.name.clone().unwrap_or_default();
    kube.call(
        &sts_target("create", ns, &name),
        dry(dry_run).trim(),
        api.create(&pp, set),
    )
    .await
}

/// StorageClasses by name, and the default class (annotation
/// `storageclass.kubernetes.io/is-default-class`).
pub async fn storage_classes(
    kube: &Kube,
) -> Result<(BTreeMap<String, ClassInfo>, Option<String>), Failure> {
    let list = kube.list_cluster::<StorageClass>().await?;
    let mut default = None;
    let mut map = BTreeMap::new();
    for sc in list {
        let Some(name) = sc.metadata.name.clone() else {
            continue;
        };
        if sc
            .metadata
            .annotations
            .as_ref()
            .and_then(|a| a.get("storageclass.kubernetes.io/is-default-class"))
            .is_some_and(|v| v == "true")
        {
            default = Some(name.clone());
        }
        map.insert(
            name,
            ClassInfo {
                allow_expansion: sc.allow_volume_expansion == Some(true),
            },
        );
    }
    Ok((map, default))
}

/// How a claim's resize ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resized {
    Done,
    NeedsRestart,
}

#[derive(Debug, thiserror::Error)]
pub enum PvcWaitError {
    #[error("timed out after {}s; last state: {last}", .limit.as_secs())]
    Deadline { limit: Duration, last: String },
    #[error("interrupted; last state: {last}")]
    Interrupted { last: String },
    #[error("{0}")]
    Failed(String),
    #[error("the PVC was deleted while waiting")]
    Deleted,
    #[error(transparent)]
    Api(#[from] Failure),
}

/// Watches one PVC until its capacity reaches `target` or it waits for a pod
/// restart (FileSystemResizePending; with `after_restart`, that pod was
/// restarted already, so keep waiting for the capacity); deadline-bound,
/// no polling. `stop` resolving (the caller's Ctrl-C) ends the wait with
/// `Interrupted`.
#[allow(clippy::too_many_arguments)]
pub async fn wait_resized(
    kube: &Kube,
    ns: &str,
    name: &str,
    target: &str,
    limit: Duration,
    after_restart: bool,
    stop: impl std::future::Future<Output = ()>,
    mut on_status: impl FnMut(&str),
) -> Result<Resized, PvcWaitError> {
    let deadline = Instant::now() + limit;
    let api: Api<PersistentVolumeClaim> = Api::namespaced(kube.client.clone(), ns);
    let mut events = Box::pin(
        watcher(
            api,
            watcher::Config::default().fields(&format!("metadata.name={name}")),
        )
        .default_backoff()
        .touched_objects(),
    );
    let mut last = "starting to watch".to_string();
    tokio::pin!(stop);
    loop {
        tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(c)) => match progress(&c, target) {
                    Progress::Done => return Ok(Resized::Done),
                    Progress::NeedsRestart if !after_restart => return Ok(Resized::NeedsRestart),
                    Progress::NeedsRestart => {
                        let s = "file system resize finishing after the pod restart".to_string();
                        if s != last {
                            on_status(&s);
                            last = s;
                        }
                    }
                    Progress::Failed(m) => return Err(PvcWaitError::Failed(m)),
                    Progress::Waiting(s) => {
                        if s != last {
                            on_status(&s);
                            last = s;
                        }
                    }
                },
                Some(Err(e)) => {
                    if let Some(f) = super::wait::refused(&e, "persistentvolumeclaims", ns, &kube.server) {
                        return Err(f.into());
                    }
                }
                None => return Err(PvcWaitError::Deleted),
            },
            _ = tokio::time::sleep_until(deadline) => {
                return Err(PvcWaitError::Deadline { limit, last });
            }
            _ = &mut stop => return Err(PvcWaitError::Interrupted { last }),
        }
    }
}

fn dry(dry_run: bool) -> &'static str {
    if dry_run { " dryRun=All" } else { "" }
}
