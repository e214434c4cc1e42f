//! The writes and waits of a restore's steps (`run`): each write guarded
//! (Preconditions or the resourceVersion of a fresh read, re-decided on
//! 409), each wait bounded by the deadline and Ctrl-C.

use std::time::Duration;

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{PersistentVolume, PersistentVolumeClaim, Pod};
use kube::api::{Api, Patch, PatchParams, PostParams};
use kube::runtime::wait::{await_condition, conditions};
use serde_json::json;

use super::{Options, get_pv};
use crate::cluster::Kube;
use crate::cluster::evict::{self, Evicted};
use crate::cluster::pvc as io;
use crate::error::{Failure, Target};
use crate::ops::retry::on_conflict;
use crate::plan::restore::{self, Record};

/// Deletes the set with propagationPolicy=Orphan and Preconditions{uid,
/// resourceVersion}, on a fresh read; a 409 (the controller wrote its
/// status) re-reads and re-decides. Gone or already deleting: nothing to do.
pub(super) async fn delete_set(
    kube: &Kube,
    ns: &str,
    name: &str,
    uid: &str,
) -> Result<(), Failure> {
    let what = format!("statefulset {name} in namespace {ns}");
    on_conflict(&what, |_| async {
        let Some(s) = kube.get_opt::<StatefulSet>(ns, name).await? else {
            return Ok(());
        };
        if s.metadata.uid.as_deref() != Some(uid) {
            return Err(Failure::Refused(format!(
                "{what} was replaced (uid {}) during the restore; nothing was deleted",
                s.metadata.uid.unwrap_or_default()
            )));
        }
        if s.metadata.deletion_timestamp.is_some() {
            return Ok(());
        }
        let rv = s.metadata.resource_version.unwrap_or_default();
        io::delete_set_orphaning(kube, ns, name, uid, &rv, false).await
    })
    .await
    .map(|_| ())
}

/// The finalizer that keeps a replaced claim terminating until the set is
/// deleted: the StatefulSet controller creates no pod and no claim for an
/// ordinal whose claim is being deleted.
pub const HOLD_FINALIZER: &str = "kubectl-sts.io/restore-hold";

/// Adds (`on`) or removes the hold finalizer of claim `name` if it is still
/// the one with `uid`: a JSON merge patch of the finalizer list carrying
/// the resourceVersion it was decided on, re-read and re-decided on 409.
/// A claim being deleted can lose finalizers but not gain them.
pub(super) async fn hold_claim(
    kube: &Kube,
    ns: &str,
    name: &str,
    uid: &str,
    on: bool,
) -> Result<(), Failure> {
    let what = format!("claim {name} in namespace {ns}");
    let api: Api<PersistentVolumeClaim> = Api::namespaced(kube.client.clone(), ns);
    on_conflict(&what, |_| async {
        let Some(c) = kube.get_opt::<PersistentVolumeClaim>(ns, name).await? else {
            return Ok(());
        };
        if c.metadata.uid.as_deref() != Some(uid) {
            return Ok(());
        }
        let mut fs = c.metadata.finalizers.clone().unwrap_or_default();
        let has = fs.iter().any(|f| f == HOLD_FINALIZER);
        if has == on || (on && c.metadata.deletion_timestamp.is_some()) {
            return Ok(());
        }
        if on {
            fs.push(HOLD_FINALIZER.into());
        } else {
            fs.retain(|f| f != HOLD_FINALIZER);
        }
        let rv = c.metadata.resource_version.clone().unwrap_or_default();
        let body = json!({"metadata": {"resourceVersion": rv, "finalizers": fs}});
        let target = Target::new("patch", "persistentvolumeclaims")
            .ns(Some(ns))
            .name(name);
        kube.call(
            &target,
            &format!(
                "finalizer {HOLD_FINALIZER}{} resourceVersion={rv}",
                if on { "" } else { "-" }
            ),
            api.patch(name, &PatchParams::default(), &Patch::Merge(&body)),
        )
        .await
        .map(|_| ())
    })
    .await
    .map(|_| ())
}

/// Deletes claim `name` if it is still the one with `uid`, with
/// Preconditions on a fresh read; a 409 (a controller wrote it, e.g. the
/// snapshot-controller's source-protection finalizer) re-reads and
/// re-decides.
pub(super) async fn delete_claim(
    kube: &Kube,
    ns: &str,
    name: &str,
    uid: &str,
) -> Result<(), Failure> {
    let what = format!("claim {name} in namespace {ns}");
    on_conflict(&what, |_| async {
        let Some(c) = kube.get_opt::<PersistentVolumeClaim>(ns, name).await? else {
            return Ok(());
        };
        if c.metadata.uid.as_deref() != Some(uid) || c.metadata.deletion_timestamp.is_some() {
            return Ok(());
        }
        let rv = c.metadata.resource_version.unwrap_or_default();
        io::delete_pvc(kube, ns, name, uid, &rv, false).await
    })
    .await
    .map(|_| ())
}

pub(super) fn reclaim_of(pv: &PersistentVolume) -> &str {
    pv.spec
        .as_ref()
        .and_then(|s| s.persistent_volume_reclaim_policy.as_deref())
        .unwrap_or("Delete")
}

pub(super) fn claim_uid_of(pv: &PersistentVolume) -> Option<&str> {
    pv.spec.as_ref()?.claim_ref.as_ref()?.uid.as_deref()
}

/// Sets the reclaim policy of volume `pv`: a merge patch carrying the
/// resourceVersion of a fresh read (rule 5), re-read and re-decided on 409;
/// nothing when it already has that policy or is gone.
pub(super) async fn patch_reclaim(
    kube: &Kube,
    pv: &str,
    policy: &str,
    dry_run: bool,
) -> Result<(), Failure> {
    let api: Api<PersistentVolume> = Api::all(kube.client.clone());
    let target = Target::new("patch", "persistentvolumes").name(pv);
    let pp = PatchParams {
        dry_run,
        ..Default::default()
    };
    on_conflict(&format!("persistentvolume {pv}"), |_| async {
        let Some(cur) = get_pv(kube, pv).await? else {
            return Ok(());
        };
        if reclaim_of(&cur) == policy {
            return Ok(());
        }
        let rv = cur.metadata.resource_version.clone().unwrap_or_default();
        let body = json!({
            "metadata": {"resourceVersion": rv},
            "spec": {"persistentVolumeReclaimPolicy": policy}
        });
        kube.call(
            &target,
            &format!(
                "persistentVolumeReclaimPolicy={policy} resourceVersion={rv}{}",
                if dry_run { " dryRun=All" } else { "" }
            ),
            api.patch(pv, &pp, &Patch::Merge(&body)),
        )
        .await
        .map(|_| ())
    })
    .await
    .map(|_| ())
}

/// Evicts `pod` (PodDisruptionBudgets apply: a 429 is retried every 5 s
/// until the deadline, naming the budget) and waits until it is gone.
pub(super) async fn evict_until_gone(
    kube: &Kube,
    ns: &str,
    pod: &Pod,
    opts: &Options,
    resume: &str,
) -> Result<(), Failure> {
    let name = pod.metadata.name.clone().unwrap_or_default();
    let uid = pod.metadata.uid.clone().unwrap_or_default();
    let deadline = tokio::time::Instant::now() + opts.timeout;
    let interrupt = crate::ops::interrupt::Interrupt::global();
    loop {
        interrupt.before_write(|| {
            format!(
                "interrupted before pod {name} was evicted; the set is deleted (its pods keep \
                 running). Finish with: {resume}"
            )
        })?;
        match evict::evict(kube, ns, pod, false).await? {
            Evicted::Yes | Evicted::Gone => break,
            Evicted::Conflict => {
                return Err(Failure::Conflict(format!(
                    "pod {name} in namespace {ns} changed since it was read; finish it with: {resume}"
                )));
            }
            Evicted::Blocked { message, causes } => {
                if tokio::time::Instant::now() >= deadline {
                    return Err(Failure::TimedOut(format!(
                        "a PodDisruptionBudget kept pod {name} in namespace {ns} from being \
                         evicted until the deadline: {message} {}. The set is deleted (its pods \
                         keep running); finish it with: {resume}",
                        causes.join("; ")
                    )));
                }
                eprintln!(
                    "  eviction of {name} refused by a PodDisruptionBudget: {message}; retrying in 5s"
                );
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_secs(5)) => {}
                    _ = interrupt.wait() => {}
                }
            }
        }
    }
    eprintln!("pod {name} evicted; waiting for it to be gone");
    let left = deadline.saturating_duration_since(tokio::time::Instant::now());
    wait_gone::<Pod>(kube, ns, &name, &uid, left, "pod", resume).await
}

/// Waits until the object `name` with `uid` is gone (kube's `is_deleted`).
pub(super) async fn wait_gone<K>(
    kube: &Kube,
    ns: &str,
    name: &str,
    uid: &str,
    timeout: Duration,
    what: &str,
    resume: &str,
) -> Result<(), Failure>
where
    K: kube::Resource<Scope = k8s_openapi::NamespaceResourceScope, DynamicType = ()>
        + Clone
        + serde::de::DeserializeOwned
        + std::fmt::Debug
        + Send
        + 'static,
{
    let api: Api<K> = Api::namespaced(kube.client.clone(), ns);
    wait(
        await_condition(api, name, conditions::is_deleted(uid)),
        timeout,
        &format!("{what} {name} in namespace {ns} to be gone"),
        resume,
    )
    .await
}

/// Waits until claim `name` is Bound.
pub(super) async fn wait_bound(
    kube: &Kube,
    ns: &str,
    name: &str,
    timeout: Duration,
    resume: &str,
) -> Result<(), Failure> {
    let api: Api<PersistentVolumeClaim> = Api::namespaced(kube.client.clone(), ns);
    let bound = |c: Option<&PersistentVolumeClaim>| {
        c.and_then(|c| c.status.as_ref()?.phase.as_deref()) == Some("Bound")
    };
    wait(
        await_condition(api, name, bound),
        timeout,
        &format!("claim {name} in namespace {ns} to be Bound"),
        resume,
    )
    .await
}

pub(super) async fn wait<T>(
    fut: impl std::future::Future<Output = Result<T, kube::runtime::wait::Error>>,
    timeout: Duration,
    what: &str,
    resume: &str,
) -> Result<(), Failure> {
    let interrupt = crate::ops::interrupt::Interrupt::global();
    tokio::select! {
        r = tokio::time::timeout(timeout, fut) => match r {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => Err(Failure::Api(format!("waiting for {what}: {e}; finish it with: {resume}"))),
            Err(_) => Err(Failure::TimedOut(format!(
                "timed out after {} waiting for {what}; the restore is half-done: finish it with: {resume}",
                crate::duration::human(timeout)
            ))),
        },
        _ = interrupt.wait() => Err(Failure::Interrupted(format!(
            "interrupted while waiting for {what}; the restore is half-done: finish it with: {resume}"
        ))),
    }
}

/// The replaced volume, once its claim is gone: pre-bound to the kept claim
/// (created if missing), or with `--discard-old` given back its reclaim
/// policy (Delete: the volume goes).
pub(super) async fn keep_or_discard(kube: &Kube, r: &Record, resume: &str) -> Result<(), Failure> {
    let ns = r.namespace.as_str();
    let Some(pv) = get_pv(kube, &r.old_volume).await? else {
        return Ok(());
    };
    let interrupt = crate::ops::interrupt::Interrupt::global();
    let api: Api<PersistentVolume> = Api::all(kube.client.clone());
    let target = Target::new("patch", "persistentvolumes").name(&r.old_volume);
    match &r.keep_as {
        None => {
            if reclaim_of(&pv) != r.old_reclaim_policy
                && claim_uid_of(&pv) == Some(r.old_claim_uid.as_str())
            {
                interrupt.before_write(|| format!("interrupted; finish it with: {resume}"))?;
                patch_reclaim(kube, &r.old_volume, &r.old_reclaim_policy, false).await?;
                eprintln!(
                    "volume {}: reclaim policy {} again (discarded)",
                    r.old_volume, r.old_reclaim_policy
                );
            }
        }
        Some(keep) => {
            interrupt.before_write(|| format!("interrupted; finish it with: {resume}"))?;
            // Re-read and re-decided on 409: the PV controller writes the
            // volume's status as its claim goes.
            let what = format!("persistentvolume {}", r.old_volume);
            on_conflict(&what, |_| async {
                let Some(pv) = get_pv(kube, &r.old_volume).await? else {
                    return Ok(());
                };
                let claim_ref = pv.spec.as_ref().and_then(|s| s.claim_ref.as_ref());
                if claim_ref.and_then(|c| c.name.as_deref()) == Some(keep.as_str()) {
                    return Ok(());
                }
                if claim_ref.and_then(|c| c.uid.as_deref()) != Some(r.old_claim_uid.as_str()) {
                    return Err(Failure::Refused(format!(
                        "volume {} is no longer the replaced claim's (its claimRef changed); it \
                         is left alone. Check it by hand, then finish it with: {resume}",
                        r.old_volume
                    )));
                }
                let rv = pv.metadata.resource_version.clone().unwrap_or_default();
                let body = json!({
                    "metadata": {"resourceVersion": rv},
                    "spec": {"claimRef": {"namespace": ns, "name": keep, "uid": null, "resourceVersion": null}}
                });
                kube.call(
                    &target,
                    &format!("claimRef={ns}/{keep} resourceVersion={rv}"),
                    api.patch(&r.old_volume, &PatchParams::default(), &Patch::Merge(&body)),
                )
                .await
                .map(|_| ())
            })
            .await?;
            if kube
                .get_opt::<PersistentVolumeClaim>(ns, keep)
                .await?
                .is_none()
            {
                let old = PersistentVolumeClaim {
                    metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
                        name: Some(r.target.claim.clone()),
                        namespace: Some(ns.into()),
                        ..Default::default()
                    },
                    spec: Some(k8s_openapi::api::core::v1::PersistentVolumeClaimSpec {
                        access_modes: pv.spec.as_ref().and_then(|s| s.access_modes.clone()),
                        storage_class_name: pv
                            .spec
                            .as_ref()
                            .and_then(|s| s.storage_class_name.clone()),
                        volume_mode: pv.spec.as_ref().and_then(|s| s.volume_mode.clone()),
                        ..Default::default()
                    }),
                    status: None,
                };
                let claim = restore::kept_claim(&old, &pv, keep, &r.target.snapshot);
                let capi: Api<PersistentVolumeClaim> = Api::namespaced(kube.client.clone(), ns);
                let ct = Target::new("create", "persistentvolumeclaims")
                    .ns(Some(ns))
                    .name(keep);
                kube.call(
                    &ct,
                    &format!("volumeName={}", r.old_volume),
                    capi.create(&PostParams::default(), &claim),
                )
                .await?;
                eprintln!("volume {} kept under claim {keep}", r.old_volume);
            }
        }
    }
    Ok(())
}
