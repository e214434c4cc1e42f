//! The steps of a restore (see the parent module), each skipped when the
//! cluster shows it done, and the waits between them.

use std::time::Duration;

use anyhow::{Context, Result};
use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{PersistentVolume, PersistentVolumeClaim, Pod};
use kube::api::{Api, Patch, PatchParams, PostParams};
use kube::runtime::wait::{await_condition, conditions};
use serde_json::json;

use super::{Options, Restored, get_pv, record_path, write_record};
use crate::cluster::evict::{self, Evicted};
use crate::cluster::pvc as io;
use crate::cluster::wait::{Next, watch_set};
use crate::cluster::{Kube, set};
use crate::error::{Failure, Target};
use crate::ops::resize::recreate::{claim_names, mark_claims, refuse_unsettled};
use crate::ops::retry::on_conflict;
use crate::plan::resize::record::PendingClaim;
use crate::plan::restore::{self, Record};

/// The steps, in order; each checks what the cluster shows first.
pub(super) async fn run(kube: &Kube, mut r: Record, opts: &Options) -> Result<Restored> {
    let (ns, name) = (r.namespace.clone(), r.name.clone());
    let (ns, name) = (ns.as_str(), name.as_str());
    let t = r.target.clone();
    let resume = opts.resume_command(ns, name);
    let interrupt = crate::ops::interrupt::Interrupt::global();
    let stop = |done: &str| {
        format!("interrupted; {done}. The restore is half-done: finish it with: {resume}")
    };
    let saved: StatefulSet = serde_norway::from_str(
        &std::fs::read_to_string(&r.manifest)
            .with_context(|| format!("cannot read the saved manifest {}", r.manifest.display()))?,
    )
    .with_context(|| format!("cannot parse the saved manifest {}", r.manifest.display()))?;

    // 1. Keep the replaced volume whatever happens to its claim.
    if let Some(pv) = get_pv(kube, &r.old_volume).await?
        && reclaim_of(&pv) != "Retain"
        && claim_uid_of(&pv) == Some(r.old_claim_uid.as_str())
    {
        interrupt.before_write(|| stop("nothing was changed yet"))?;
        patch_reclaim(kube, &r.old_volume, "Retain", false).await?;
        eprintln!("volume {}: reclaim policy Retain", r.old_volume);
    }

    // 2. The claim deleted but held (our finalizer): while it is
    // terminating the controller creates neither the ordinal's pod nor a
    // fresh claim ("pvc ... is being deleted").
    let live: Option<StatefulSet> = kube.get_opt(ns, name).await?;
    let current: Option<PersistentVolumeClaim> = kube.get_opt(ns, &t.claim).await?;
    let old_claim = current
        .as_ref()
        .filter(|c| c.metadata.uid.as_deref() == Some(r.old_claim_uid.as_str()));
    match &live {
        Some(s) if s.metadata.uid.as_deref() == Some(r.old_uid.as_str()) => {
            if old_claim.is_some_and(|c| c.metadata.deletion_timestamp.is_none()) {
                interrupt
                    .before_write(|| stop("the volume is set to Retain; nothing else changed"))?;
                // A resumed run re-checks rule 1 before its first disruption.
                refuse_unsettled(kube, s, "nothing was deleted").await?;
                let pods = set::pods(kube, s).await?;
                let refs: Vec<&Pod> = pods.iter().collect();
                if let Some(pod) = pods
                    .iter()
                    .find(|p| p.metadata.name.as_deref() == Some(t.pod.as_str()))
                {
                    crate::ops::gate::may_take_down(kube, s, &refs, pod).await?;
                }
                hold_claim(kube, ns, &t.claim, &r.old_claim_uid, true).await?;
                delete_claim(kube, ns, &t.claim, &r.old_claim_uid).await?;
                eprintln!(
                    "claim {} deleted and held by {HOLD_FINALIZER}: the controller cannot \
                     recreate pod {} meanwhile (its volume {} is retained)",
                    t.claim, t.pod, r.old_volume
                );
            }
            // 3. The ordinal's pod evicted (the set is alive, so its
            // PodDisruptionBudgets count as usual) and gone.
            if let Some(pod) = kube.get_opt::<Pod>(ns, &t.pod).await?
                && pod.metadata.uid.as_deref() == Some(r.old_pod_uid.as_str())
            {
                evict_until_gone(kube, ns, &pod, opts, &resume).await?;
            }
            // 4. The set deleted, its other pods orphaned, before the held
            // claim may go.
            interrupt
                .before_write(|| stop("the claim is deleted but held, and the pod is gone"))?;
            let mark = PendingClaim {
                stateful_set: name.into(),
                started: r.started.clone(),
                resume: resume.clone(),
            };
            mark_claims(kube, ns, name, &claim_names(s), Some(&mark)).await?;
            delete_set(kube, ns, name, &r.old_uid).await?;
            eprintln!(
                "statefulset {ns}/{name} deleted with propagationPolicy=Orphan; its other pods keep running"
            );
            wait_gone::<StatefulSet>(
                kube,
                ns,
                name,
                &r.old_uid,
                opts.timeout,
                "statefulset",
                &resume,
            )
            .await?;
        }
        Some(s) if s.metadata.uid.is_some() && s.metadata.uid == r.new_uid => {}
        Some(s) => {
            return Err(Failure::Refused(format!(
                "statefulset {name} in namespace {ns} was recreated by someone else (uid {}) \
                 during the restore; nothing more was changed. Check pod {} and claim {} by \
                 hand (the claim may be held by finalizer {HOLD_FINALIZER}, its volume {} has \
                 reclaim policy Retain, and the set's claims are annotated \
                 kubectl-sts.io/resize-pending), then remove the record {}",
                s.metadata.uid.clone().unwrap_or_default(),
                t.pod,
                t.claim,
                r.old_volume,
                record_path(&r.server, ns, name).display()
            ))
            .into());
        }
        None => {}
    }
    let recreated = r.new_uid.is_some();

    if !recreated {
        // The set is gone: the claim may go now.
        if old_claim.is_some() {
            interrupt.before_write(|| stop("the set is deleted and the pod is gone"))?;
            hold_claim(kube, ns, &t.claim, &r.old_claim_uid, false).await?;
            wait_gone::<PersistentVolumeClaim>(
                kube,
                ns,
                &t.claim,
                &r.old_claim_uid,
                opts.timeout,
                "claim",
                &resume,
            )
            .await?;
        }
        match current.as_ref().filter(|_| old_claim.is_none()) {
            Some(c) if restore::is_restored_from(c, &t.snapshot) => {}
            Some(c) => {
                return Err(Failure::Refused(format!(
                    "claim {} in namespace {ns} was created by someone else during the restore \
                     (uid {}, not restored from {}); nothing more was changed. Delete it if it \
                     is empty, then finish it with: {resume}",
                    t.claim,
                    c.metadata.uid.clone().unwrap_or_default(),
                    t.snapshot
                ))
                .into());
            }
            None => {}
        }
        keep_or_discard(kube, &r, &resume).await?;
        // 5. The restored claim, under the controller's name, Bound.
        if current
            .as_ref()
            .is_none_or(|c| !restore::is_restored_from(c, &t.snapshot))
            && kube
                .get_opt::<PersistentVolumeClaim>(ns, &t.claim)
                .await?
                .is_none()
        {
            interrupt.before_write(|| stop("the old claim is gone and the set is deleted"))?;
            let claim = restore::restored_claim(&saved, &t);
            let api: Api<PersistentVolumeClaim> = Api::namespaced(kube.client.clone(), ns);
            let target = Target::new("create", "persistentvolumeclaims")
                .ns(Some(ns))
                .name(&t.claim);
            kube.call(
                &target,
                &format!("dataSource={}", t.snapshot),
                api.create(&PostParams::default(), &claim),
            )
            .await?;
            eprintln!(
                "claim {} created from VolumeSnapshot {} ({})",
                t.claim, t.snapshot, t.size
            );
        }
        wait_bound(kube, ns, &t.claim, opts.timeout, &resume).await?;

        // 6. The set back, from the saved manifest.
        if kube.get_opt::<StatefulSet>(ns, name).await?.is_none() {
            interrupt
                .before_write(|| stop("the restored claim is Bound; the set is still deleted"))?;
            let created = io::create_set(kube, ns, &saved, false).await.map_err(|e| {
                Failure::Api(format!(
                    "{e}. The StatefulSet is deleted (its pods keep running) and claim {} is \
                     restored; finish it with: {resume}",
                    t.claim
                ))
            })?;
            r.new_uid = created.metadata.uid.clone();
            if let Err(e) = write_record(&r) {
                eprintln!("warning: {e:#}");
            }
            eprintln!(
                "statefulset {ns}/{name} recreated; waiting for pod {} on the restored claim",
                t.pod
            );
        }
    }
    let new_uid = r.new_uid.clone().unwrap_or_default();
    let restored_uid = kube
        .get_opt::<PersistentVolumeClaim>(ns, &t.claim)
        .await?
        .filter(|c| restore::is_restored_from(c, &t.snapshot))
        .and_then(|c| c.metadata.uid)
        .ok_or_else(|| {
            Failure::Api(format!(
                "claim {} in namespace {ns} is not the one restored from {}; check it by hand",
                t.claim, t.snapshot
            ))
        })?;
    let old_pod_uid = r.old_pod_uid.clone();
    let others = r.others.clone();
    let pod_uid = watch_set(
        kube,
        ns,
        name,
        opts.timeout,
        |s| eprintln!("  {s}"),
        |_, pods, _| {
            let mut pending = crate::plan::resize::adoption_pending(&others, pods, &new_uid);
            let pod = pods
                .iter()
                .find(|p| p.metadata.name.as_deref() == Some(t.pod.as_str()));
            match pod {
                Some(p)
                    if p.metadata.uid.as_deref() != Some(old_pod_uid.as_str())
                        && crate::plan::pod::is_ready(p) => {}
                Some(p) => pending.push(format!("{}: {}", t.pod, crate::plan::pod::pod_state(p))),
                None => pending.push(format!("{}: not created yet", t.pod)),
            }
            match (pending.is_empty(), pod) {
                (true, Some(p)) => Next::Done(p.metadata.uid.clone().unwrap_or_default()),
                _ => Next::Wait {
                    status: pending.join(", "),
                    recheck: None,
                },
            }
        },
    )
    .await
    .map_err(|e| {
        Failure::TimedOut(format!(
            "statefulset {name} in namespace {ns} is recreated and claim {} restored, but pod {} \
             is not Ready on it, or another pod was not adopted unchanged: {e}. Check with: {}, \
             then finish it with: {resume}",
            t.claim,
            t.pod,
            crate::hint::command("status", name, ns)
        ))
    })?;
    // The pod mounts the claim by name: it is the restored one (same UID
    // as before the pod was created).
    let now_uid = kube
        .get_opt::<PersistentVolumeClaim>(ns, &t.claim)
        .await?
        .and_then(|c| c.metadata.uid);
    if now_uid.as_deref() != Some(restored_uid.as_str()) {
        return Err(Failure::Api(format!(
            "claim {} in namespace {ns} changed while pod {} started; check it by hand",
            t.claim, t.pod
        ))
        .into());
    }
    let set = set::get(kube, ns, name).await?;
    mark_claims(kube, ns, name, &claim_names(&set), None).await?;
    let _ = std::fs::remove_file(record_path(&r.server, ns, name));
    let volume = kube
        .get_opt::<PersistentVolumeClaim>(ns, &t.claim)
        .await?
        .and_then(|c| c.spec?.volume_name);
    Ok(Restored {
        claim: t.claim.clone(),
        snapshot: t.snapshot.clone(),
        volume,
        kept_as: r.keep_as.clone(),
        pod: t.pod.clone(),
        pod_uid: Some(pod_uid),
        others_kept: r.others.keys().cloned().collect(),
        saved_manifest: Some(r.manifest.display().to_string()),
    })
}

/// Deletes the set with propagationPolicy=Orphan and Preconditions{uid,
/// resourceVersion}, on a fresh read; a 409 (the controller wrote its
/// status) re-reads and re-decides. Gone or already deleting: nothing to do.
async fn delete_set(kube: &Kube, ns: &str, name: &str, uid: &str) -> Result<(), Failure> {
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
async fn hold_claim(kube: &Kube, ns: &str, name: &str, uid: &str, on: bool) -> Result<(), Failure> {
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
async fn delete_claim(kube: &Kube, ns: &str, name: &str, uid: &str) -> Result<(), Failure> {
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

fn reclaim_of(pv: &PersistentVolume) -> &str {
    pv.spec
        .as_ref()
        .and_then(|s| s.persistent_volume_reclaim_policy.as_deref())
        .unwrap_or("Delete")
}

fn claim_uid_of(pv: &PersistentVolume) -> Option<&str> {
    pv.spec.as_ref()?.claim_ref.as_ref()?.uid.as_deref()
}

/// Sets the reclaim policy of volume `pv` (a merge patch; the policy is the
/// only field written, so no resourceVersion is needed to be safe).
pub(super) async fn patch_reclaim(
    kube: &Kube,
    pv: &str,
    policy: &str,
    dry_run: bool,
) -> Result<(), Failure> {
    let api: Api<PersistentVolume> = Api::all(kube.client.clone());
    let body = json!({"spec": {"persistentVolumeReclaimPolicy": policy}});
    let pp = PatchParams {
        dry_run,
        ..Default::default()
    };
    let target = Target::new("patch", "persistentvolumes").name(pv);
    kube.call(
        &target,
        &format!(
            "persistentVolumeReclaimPolicy={policy}{}",
            if dry_run { " dryRun=All" } else { "" }
        ),
        api.patch(pv, &pp, &Patch::Merge(&body)),
    )
    .await
    .map(|_| ())
}

/// Evicts `pod` (PodDisruptionBudgets apply: a 429 is retried every 5 s
/// until the deadline, naming the budget) and waits until it is gone.
async fn evict_until_gone(
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
async fn wait_gone<K>(
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
async fn wait_bound(
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

async fn wait<T>(
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
async fn keep_or_discard(kube: &Kube, r: &Record, resume: &str) -> Result<(), Failure> {
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
