//! `pvc restore`: one ordinal's claim replaced by a claim restored from a
//! VolumeSnapshot, the other pods serving throughout. Why the StatefulSet
//! is deleted (orphaning its pods) while the claim is replaced:
//! `plan::restore`. The steps, each skipped when the cluster shows it done,
//! so that a re-run after an interruption resumes from the record:
//!
//! 1. the replaced claim's volume gets reclaim policy Retain;
//! 2. the set is saved to a file and deleted with propagationPolicy=Orphan
//!    and Preconditions (the claims are marked, as a resize does, so an
//!    orphan clean-up elsewhere keeps them);
//! 3. the ordinal's pod is evicted (PodDisruptionBudgets apply, 429 waits)
//!    and gone;
//! 4. the replaced claim is deleted (Preconditions) and gone; its volume is
//!    kept under a new claim name (or, with `--discard-old`, given back its
//!    reclaim policy);
//! 5. the restored claim is created under the controller's name and Bound;
//! 6. the set is recreated from the saved manifest, adopts the other pods
//!    with their UIDs unchanged, and creates the ordinal's pod on the
//!    restored claim, which must become Ready.

use std::time::Duration;

use anyhow::{Context, Result};
use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{PersistentVolume, PersistentVolumeClaim, Pod};
use k8s_openapi::jiff::Timestamp;
use kube::api::{Api, Patch, PatchParams, PostParams};
use kube::runtime::wait::{await_condition, conditions};
use serde::Serialize;
use serde_json::json;

use crate::args::DryRun;
use crate::cluster::evict::{self, Evicted};
use crate::cluster::pvc as io;
use crate::cluster::wait::{Next, watch_set};
use crate::cluster::{Kube, set};
use crate::error::{Failure, Target};
use crate::ops::resize::recreate::{
    claim_names, mark_claims, refuse_unsettled, state_dir_of, write_atomic,
};
use crate::plan::resize::record::{PendingClaim, cluster_dir, record_key, saved_manifest};
use crate::plan::restore::{self, Record};
use crate::plan::snapshot::objects::VolumeSnapshot;
use crate::plan::snapshot::{self, RestoreTarget};
use crate::render::prompt;

/// Flags of a restore.
#[derive(Debug, Clone)]
pub struct Options {
    pub ordinal: i32,
    pub from: String,
    pub template: Option<String>,
    pub discard_old: bool,
    pub timeout: Duration,
    pub dry_run: Option<DryRun>,
    pub yes: bool,
    /// The connection flags, repeated in printed commands.
    pub connection: String,
}

impl Options {
    /// The command that resumes (or re-runs) this restore.
    pub fn resume_command(&self, ns: &str, name: &str) -> String {
        use crate::plan::command::{duration_word, quote};
        let mut c = format!(
            "kubectl sts pvc restore {} -n {} --ordinal {} --from {}",
            quote(name),
            quote(ns),
            self.ordinal,
            quote(&self.from)
        );
        if let Some(t) = &self.template {
            c.push_str(&format!(" --template {}", quote(t)));
        }
        if self.discard_old {
            c.push_str(" --discard-old");
        }
        c.push_str(&format!(" --timeout {}", duration_word(self.timeout)));
        if !self.connection.is_empty() {
            c.push(' ');
            c.push_str(&self.connection);
        }
        c.push_str(" --yes");
        c
    }
}

/// What the plan shows before anything is written.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    pub namespace: String,
    pub stateful_set: String,
    #[serde(flatten)]
    pub target: RestoreTarget,
    pub old_volume: String,
    pub old_size: Option<String>,
    pub old_reclaim_policy: String,
    /// The claim name that keeps the replaced volume; `None`: discarded.
    pub keep_as: Option<String>,
    pub other_pods: Vec<String>,
}

/// The plan, or a restore found half-done.
pub enum Start {
    Plan(Box<Planned>),
    Resume(Box<Record>),
}

pub struct Planned {
    pub plan: Plan,
    set: StatefulSet,
    pod: Pod,
    old_claim: PersistentVolumeClaim,
}

/// What was done.
#[derive(Debug, Clone, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Restored {
    pub claim: String,
    pub snapshot: String,
    pub volume: Option<String>,
    pub kept_as: Option<String>,
    pub pod: String,
    pub pod_uid: Option<String>,
    pub others_kept: Vec<String>,
    pub saved_manifest: Option<String>,
}

fn record_path(server: &str, ns: &str, name: &str) -> std::path::PathBuf {
    state_dir_of("restore").join(record_key(server, ns, name))
}

fn read_record(server: &str, ns: &str, name: &str) -> Result<Option<Record>> {
    let p = record_path(server, ns, name);
    match std::fs::read(&p) {
        Ok(b) => {
            let r: Record = serde_json::from_slice(&b).with_context(|| {
                format!(
                    "cannot read restore record {}; it is left alone: move it away if no restore \
                     of statefulset {ns}/{name} is half-done",
                    p.display()
                )
            })?;
            Ok(Some(r))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read restore record {}", p.display())),
    }
}

fn write_record(r: &Record) -> Result<()> {
    write_atomic(
        &record_path(&r.server, &r.namespace, &r.name),
        &serde_json::to_vec_pretty(r)?,
    )
}

/// Reads and decides. A record of this set on this cluster means a restore
/// is half-done: it is resumed (when it is the same restore) or refused.
/// `Err(Refused)`: the snapshot may not be used (`plan::snapshot::
/// check_restore`), the set is not settled, or the ordinal's claim is not
/// Bound to a volume.
pub async fn start(kube: &Kube, ns: &str, name: &str, opts: &Options) -> Result<Start> {
    if let Some(r) = read_record(&kube.server, ns, name)? {
        if r.target.ordinal != opts.ordinal || r.target.snapshot != opts.from {
            return Err(Failure::Refused(format!(
                "a restore of ordinal {} of statefulset {ns}/{name} from {} is half-done (record \
                 {}); finish it first: {}",
                r.target.ordinal,
                r.target.snapshot,
                record_path(&kube.server, ns, name).display(),
                Options {
                    ordinal: r.target.ordinal,
                    from: r.target.snapshot.clone(),
                    discard_old: r.keep_as.is_none(),
                    ..opts.clone()
                }
                .resume_command(ns, name)
            ))
            .into());
        }
        return Ok(Start::Resume(Box::new(r)));
    }
    let set = set::get(kube, ns, name).await?;
    let template =
        snapshot::pick_template(&set, opts.template.as_deref()).map_err(Failure::Refused)?;
    let snap: VolumeSnapshot = match kube.get_opt(ns, &opts.from).await {
        Ok(Some(s)) => s,
        Ok(None) => {
            return Err(Failure::NotFound(format!(
                "VolumeSnapshot {} not found in namespace {ns}; list the set's snapshots with: \
                 kubectl sts pvc snapshots {name} -n {ns}",
                opts.from
            ))
            .into());
        }
        Err(Failure::NotFound(_)) => {
            return Err(Failure::Refused(format!(
                "the VolumeSnapshot API is not installed on {}: there is nothing to restore from",
                kube.server
            ))
            .into());
        }
        Err(e) => return Err(e.into()),
    };
    let target = snapshot::check_restore(&set, opts.ordinal, &template, &snap)
        .map_err(|m| Failure::Refused(format!("{m}; nothing was changed")))?;
    let pods = set::pods(kube, &set).await?;
    let pod = pods
        .iter()
        .find(|p| p.metadata.name.as_deref() == Some(target.pod.as_str()))
        .cloned()
        .ok_or_else(|| {
            Failure::Refused(format!(
                "pod {} of statefulset {name} in namespace {ns} does not exist; the set must be \
                 settled before a restore. Check with: {}",
                target.pod,
                crate::hint::command("status", name, ns)
            ))
        })?;
    let old_claim: PersistentVolumeClaim =
        kube.get_opt(ns, &target.claim).await?.ok_or_else(|| {
            Failure::Refused(format!(
                "claim {} of ordinal {} does not exist in namespace {ns}",
                target.claim, target.ordinal
            ))
        })?;
    let old_volume = old_claim
        .spec
        .as_ref()
        .and_then(|s| s.volume_name.clone())
        .filter(|v| {
            !v.is_empty()
                && old_claim.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Bound")
        })
        .ok_or_else(|| {
            Failure::Refused(format!(
                "claim {} in namespace {ns} is not Bound to a volume; nothing was changed",
                target.claim
            ))
        })?;
    let pv = get_pv(kube, &old_volume).await?.ok_or_else(|| {
        Failure::Refused(format!(
            "volume {old_volume} of claim {} does not exist; nothing was changed",
            target.claim
        ))
    })?;
    let old_reclaim_policy = pv
        .spec
        .as_ref()
        .and_then(|s| s.persistent_volume_reclaim_policy.clone())
        .unwrap_or_else(|| "Delete".into());
    let old_size = old_claim
        .status
        .as_ref()
        .and_then(|s| s.capacity.as_ref()?.get("storage"))
        .map(|q| q.0.clone());
    let other_pods = pods
        .iter()
        .filter_map(|p| p.metadata.name.clone())
        .filter(|n| *n != target.pod)
        .collect();
    let keep_as =
        (!opts.discard_old).then(|| snapshot::kept_claim_name(&target.claim, Timestamp::now()));
    Ok(Start::Plan(Box::new(Planned {
        plan: Plan {
            namespace: ns.into(),
            stateful_set: name.into(),
            target,
            old_volume,
            old_size,
            old_reclaim_policy,
            keep_as,
            other_pods,
        },
        set,
        pod,
        old_claim,
    })))
}

async fn get_pv(kube: &Kube, name: &str) -> Result<Option<PersistentVolume>, Failure> {
    let api: Api<PersistentVolume> = Api::all(kube.client.clone());
    let target = Target::new("get", "persistentvolumes").name(name);
    kube.call(&target, "", api.get_opt(name)).await
}

/// Confirms (typed, the claim's name, with `--discard-old`), re-checks the
/// set is settled and the pod may go down (rule 1, the claim check), writes
/// the record and the saved manifest, then runs the steps. A server dry
/// run sends the volume patch and the set's delete with dryRun=All.
pub async fn apply(kube: &Kube, p: &Planned, opts: &Options) -> Result<Restored> {
    let (ns, name) = (p.plan.namespace.as_str(), p.plan.stateful_set.as_str());
    let t = &p.plan.target;
    let resume = opts.resume_command(ns, name);
    let question = format!(
        "Restore claim {} of statefulset {name} in namespace {ns} from {}?",
        t.claim, t.snapshot
    );
    let what = format!("restore claim {} in namespace {ns}", t.claim);
    let ok = if opts.discard_old {
        prompt::confirm_typed(
            &format!(
                "{question} The replaced volume {} is DELETED.",
                p.plan.old_volume
            ),
            &t.claim,
            &what,
            opts.yes,
        )?
    } else {
        prompt::confirm(&question, &what, opts.yes)?
    };
    if !ok {
        return Err(Failure::Refused("restore cancelled; nothing was changed".into()).into());
    }
    crate::hint::set_resume(resume.clone());
    // Rule 1 and the claim check, on fresh reads, right before the first write.
    let set = set::get(kube, ns, name).await?;
    if set.metadata.uid != p.set.metadata.uid {
        return Err(Failure::Conflict(format!(
            "statefulset {name} in namespace {ns} was replaced since it was read; re-run"
        ))
        .into());
    }
    refuse_unsettled(kube, &set, "nothing was changed; re-run once it is settled").await?;
    let pods = set::pods(kube, &set).await?;
    let refs: Vec<&Pod> = pods.iter().collect();
    let pod = pods
        .iter()
        .find(|x| x.metadata.uid == p.pod.metadata.uid)
        .ok_or_else(|| {
            Failure::Conflict(format!("pod {} changed since it was read; re-run", t.pod))
        })?;
    crate::ops::gate::may_take_down(kube, &set, &refs, pod).await?;

    if opts.dry_run == Some(DryRun::Server) {
        patch_reclaim(kube, &p.plan.old_volume, "Retain", true).await?;
        let uid = set.metadata.uid.clone().unwrap_or_default();
        let rv = set.metadata.resource_version.clone().unwrap_or_default();
        io::delete_set_orphaning(kube, ns, name, &uid, &rv, true).await?;
        eprintln!(
            "Dry run (server): the volume patch and the StatefulSet deletion were accepted; the \
             later steps depend on them and were not sent."
        );
        return Ok(Restored::default());
    }
    crate::ops::interrupt::Interrupt::global().before_write(|| {
        format!("interrupted before the restore started; nothing was changed. Re-run: {resume}")
    })?;
    let now = Timestamp::now();
    let manifest = state_dir_of("restore")
        .join(cluster_dir(&kube.server))
        .join(format!(
            "{ns}_{name}-{}.yaml",
            now.strftime("%Y%m%dT%H%M%SZ")
        ));
    write_atomic(
        &manifest,
        serde_norway::to_string(&saved_manifest(&set))?.as_bytes(),
    )
    .context("cannot save the StatefulSet manifest; nothing was changed")?;
    let record = Record {
        server: kube.server.clone(),
        namespace: ns.into(),
        name: name.into(),
        old_uid: set.metadata.uid.clone().unwrap_or_default(),
        new_uid: None,
        started: now.to_string(),
        manifest: manifest.clone(),
        target: t.clone(),
        old_pod_uid: p.pod.metadata.uid.clone().unwrap_or_default(),
        old_claim_uid: p.old_claim.metadata.uid.clone().unwrap_or_default(),
        old_volume: p.plan.old_volume.clone(),
        old_reclaim_policy: p.plan.old_reclaim_policy.clone(),
        keep_as: p.plan.keep_as.clone(),
        others: pods
            .iter()
            .filter(|x| x.metadata.name.as_deref() != Some(t.pod.as_str()))
            .filter_map(|x| Some((x.metadata.name.clone()?, x.metadata.uid.clone()?)))
            .collect(),
    };
    write_record(&record).context("cannot write the restore record; nothing was changed")?;
    eprintln!("Saved statefulset {ns}/{name} to {}", manifest.display());
    run(kube, record, opts).await
}

/// A re-run that found the record of an earlier run: the same steps, each
/// skipped when done.
pub async fn resume(kube: &Kube, r: Record, opts: &Options) -> Result<Restored> {
    eprintln!(
        "A restore of claim {} of statefulset {}/{} from {} started {} and is not finished; \
         resuming it.",
        r.target.claim, r.namespace, r.name, r.target.snapshot, r.started
    );
    if opts.dry_run.is_some() {
        return Err(Failure::Refused(
            "dry run: the restore is half-done; nothing was changed. Re-run without --dry-run to \
             finish it"
                .into(),
        )
        .into());
    }
    if !prompt::confirm(
        "Finish it?",
        &format!("finish the restore of claim {}", r.target.claim),
        opts.yes,
    )? {
        return Err(
            Failure::Refused("not confirmed; the restore is still half-done".into()).into(),
        );
    }
    run(kube, r, opts).await
}

/// The steps, in order; each checks what the cluster shows first.
async fn run(kube: &Kube, mut r: Record, opts: &Options) -> Result<Restored> {
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

    // 2. The set deleted, its pods orphaned.
    let live: Option<StatefulSet> = kube.get_opt(ns, name).await?;
    match &live {
        Some(s) if s.metadata.uid.as_deref() == Some(r.old_uid.as_str()) => {
            interrupt.before_write(|| stop("the volume is set to Retain; nothing else changed"))?;
            let mark = PendingClaim {
                stateful_set: name.into(),
                started: r.started.clone(),
                resume: resume.clone(),
            };
            mark_claims(kube, ns, name, &claim_names(s), Some(&mark)).await?;
            if s.metadata.deletion_timestamp.is_none() {
                let rv = s.metadata.resource_version.clone().unwrap_or_default();
                io::delete_set_orphaning(kube, ns, name, &r.old_uid, &rv, false).await?;
                eprintln!(
                    "statefulset {ns}/{name} deleted with propagationPolicy=Orphan; its pods keep running"
                );
            }
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
                 during the restore; check pod {} and claim {} by hand, then remove the record {}",
                s.metadata.uid.clone().unwrap_or_default(),
                t.pod,
                t.claim,
                record_path(&r.server, ns, name).display()
            ))
            .into());
        }
        None => {}
    }
    let recreated = r.new_uid.is_some();

    if !recreated {
        // 3. The ordinal's pod evicted and gone.
        if let Some(pod) = kube.get_opt::<Pod>(ns, &t.pod).await?
            && pod.metadata.uid.as_deref() == Some(r.old_pod_uid.as_str())
        {
            evict_until_gone(kube, ns, &pod, opts, &resume).await?;
        }
        // 4. The replaced claim gone; its volume kept or given back.
        let current: Option<PersistentVolumeClaim> = kube.get_opt(ns, &t.claim).await?;
        match &current {
            Some(c) if c.metadata.uid.as_deref() == Some(r.old_claim_uid.as_str()) => {
                interrupt.before_write(|| stop("the set is deleted and the pod is gone"))?;
                if c.metadata.deletion_timestamp.is_none() {
                    let rv = c.metadata.resource_version.clone().unwrap_or_default();
                    io::delete_pvc(kube, ns, &t.claim, &r.old_claim_uid, &rv, false).await?;
                    eprintln!(
                        "claim {} deleted (its volume {} is retained)",
                        t.claim, r.old_volume
                    );
                }
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
            Some(c) if restore::is_restored_from(c, &t.snapshot) => {}
            Some(c) => {
                return Err(Failure::Refused(format!(
                    "claim {} in namespace {ns} was created by someone else during the restore \
                     (uid {}, not restored from {}); nothing more was changed. Delete it if it \
                     is empty, then finish with: {resume}",
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
                     restored; finish with: {resume}",
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
             then finish with: {resume}",
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
async fn patch_reclaim(kube: &Kube, pv: &str, policy: &str, dry_run: bool) -> Result<(), Failure> {
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
                    "pod {name} in namespace {ns} changed since it was read; finish with: {resume}"
                )));
            }
            Evicted::Blocked { message, causes } => {
                if tokio::time::Instant::now() >= deadline {
                    return Err(Failure::TimedOut(format!(
                        "a PodDisruptionBudget kept pod {name} in namespace {ns} from being \
                         evicted until the deadline: {message} {}. The set is deleted (its pods \
                         keep running); finish with: {resume}",
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
            Ok(Err(e)) => Err(Failure::Api(format!("waiting for {what}: {e}; finish with: {resume}"))),
            Err(_) => Err(Failure::TimedOut(format!(
                "timed out after {} waiting for {what}; the restore is half-done: finish with: {resume}",
                crate::duration::human(timeout)
            ))),
        },
        _ = interrupt.wait() => Err(Failure::Interrupted(format!(
            "interrupted while waiting for {what}; the restore is half-done: finish with: {resume}"
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
                interrupt.before_write(|| format!("interrupted; finish with: {resume}"))?;
                patch_reclaim(kube, &r.old_volume, &r.old_reclaim_policy, false).await?;
                eprintln!(
                    "volume {}: reclaim policy {} again (discarded)",
                    r.old_volume, r.old_reclaim_policy
                );
            }
        }
        Some(keep) => {
            let claim_ref = pv.spec.as_ref().and_then(|s| s.claim_ref.as_ref());
            if claim_ref.and_then(|c| c.name.as_deref()) != Some(keep.as_str()) {
                interrupt.before_write(|| format!("interrupted; finish with: {resume}"))?;
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
                .await?;
            }
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
