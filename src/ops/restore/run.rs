//! The steps of a restore (see the parent module), each skipped when the
//! cluster shows it done, and the waits between them.

use anyhow::{Context, Result};
use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{PersistentVolumeClaim, Pod};
use kube::api::{Api, PostParams};

use super::writes::{
    HOLD_FINALIZER, claim_uid_of, delete_claim, delete_set, evict_until_gone, hold_claim,
    keep_or_discard, patch_reclaim, reclaim_of, wait_bound, wait_gone,
};
use super::{Options, Restored, get_pv, record_path, write_record};
use crate::cluster::pvc as io;
use crate::cluster::wait::{Next, watch_set};
use crate::cluster::{Kube, set};
use crate::error::{Failure, Target};
use crate::ops::resize::recreate::{claim_names, mark_claims, refuse_unsettled};
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
