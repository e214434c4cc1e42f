//! `pvc restore`: one ordinal's claim replaced by a claim restored from a
//! VolumeSnapshot, the other pods serving throughout. Why the StatefulSet
//! is deleted (orphaning its pods) while the claim is replaced:
//! `plan::restore`. The steps, each skipped when the cluster shows it done,
//! so that a re-run after an interruption resumes from the record:
//!
//! 1. the replaced claim's volume gets reclaim policy Retain;
//! 2. the replaced claim gets the hold finalizer and is deleted
//!    (Preconditions): terminating, it keeps the controller from recreating
//!    the ordinal's pod or claim;
//! 3. the ordinal's pod is evicted (PodDisruptionBudgets apply, 429 waits)
//!    and gone;
//! 4. the set is saved to a file (before step 1) and deleted with
//!    propagationPolicy=Orphan and Preconditions (the claims are marked, as
//!    a resize does, so an orphan clean-up elsewhere keeps them); then the
//!    hold is released and the claim is gone; its volume is kept under a
//!    new claim name (or, with `--discard-old`, given back its reclaim
//!    policy);
//! 5. the restored claim is created under the controller's name and Bound;
//! 6. the set is recreated from the saved manifest, adopts the other pods
//!    with their UIDs unchanged, and creates the ordinal's pod on the
//!    restored claim, which must become Ready.

use std::time::Duration;

use anyhow::{Context, Result};
use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{PersistentVolume, PersistentVolumeClaim, Pod};
use k8s_openapi::jiff::Timestamp;
use kube::api::Api;
use serde::Serialize;

use crate::args::DryRun;
use crate::cluster::evict::{self, Evicted};
use crate::cluster::pvc as io;
use crate::cluster::{Kube, set};
use crate::error::{Failure, Target};
use crate::ops::resize::recreate::{refuse_unsettled, state_dir_of, write_atomic};
use crate::plan::resize::record::{cluster_dir, record_key, saved_manifest};
use crate::plan::restore::Record;
use crate::plan::snapshot::objects::VolumeSnapshot;
use crate::plan::snapshot::{self, RestoreTarget};
use crate::render::prompt;

mod run;
mod writes;

/// Flags of a restore.
#[derive(Debug, Clone)]
pub struct Options {
    pub ordinal: i32,
    pub from: String,
    pub template: Option<String>,
    pub discard_old: bool,
    /// Restore again a claim already restored from this snapshot.
    pub again: bool,
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
        if self.again {
            c.push_str(" --again");
        }
        c.push_str(&format!(" --timeout {}", duration_word(self.timeout)));
        let conn = self.connection.trim();
        if !conn.is_empty() {
            c.push(' ');
            c.push_str(conn);
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

/// The plan, a restore found half-done, or one already done.
pub enum Start {
    Plan(Box<Planned>),
    Resume(Box<Record>),
    /// The claim is already restored from this snapshot: what to say.
    Done(String),
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

pub(super) fn record_path(server: &str, ns: &str, name: &str) -> std::path::PathBuf {
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

pub(super) fn write_record(r: &Record) -> Result<()> {
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
    // Without --template, the snapshot's own template when it is one of
    // the set's (check_restore refuses the rest).
    let template = match (&opts.template, snapshot::belongs_to(&set, &snap)) {
        (None, Some((t, _))) => t,
        (given, _) => snapshot::pick_template(&set, given.as_deref()).map_err(Failure::Refused)?,
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
    // The same command run again (unsure whether it finished) must not
    // replace what was written since.
    if crate::plan::restore::is_restored_from(&old_claim, &target.snapshot) && !opts.again {
        return Ok(Start::Done(format!(
            "claim {} in namespace {ns} is already restored from {} (created {}); nothing was \
             changed. To restore it again from that snapshot, replacing what was written since, \
             add --again",
            target.claim,
            target.snapshot,
            old_claim
                .metadata
                .creation_timestamp
                .as_ref()
                .map(|t| t.0.to_string())
                .unwrap_or_default()
        )));
    }
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

pub(super) async fn get_pv(kube: &Kube, name: &str) -> Result<Option<PersistentVolume>, Failure> {
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
    let server_dry = opts.dry_run == Some(DryRun::Server);
    let ok = if server_dry {
        true
    } else if opts.discard_old {
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

    // The eviction comes after the claim is deleted (and held): a
    // PodDisruptionBudget that says no must be found before, with nothing
    // changed.
    if let Evicted::Blocked { message, causes } = evict::evict(kube, ns, pod, true).await? {
        return Err(Failure::Refused(format!(
            "a PodDisruptionBudget does not allow evicting pod {} in namespace {ns} now: \
             {message} {}; nothing was changed. Re-run when it allows a disruption",
            t.pod,
            causes.join("; ")
        ))
        .into());
    }
    if server_dry {
        writes::patch_reclaim(kube, &p.plan.old_volume, "Retain", true).await?;
        let c = &p.old_claim;
        io::delete_pvc(
            kube,
            ns,
            &t.claim,
            c.metadata.uid.as_deref().unwrap_or_default(),
            c.metadata.resource_version.as_deref().unwrap_or_default(),
            true,
        )
        .await?;
        let uid = set.metadata.uid.clone().unwrap_or_default();
        let rv = set.metadata.resource_version.clone().unwrap_or_default();
        io::delete_set_orphaning(kube, ns, name, &uid, &rv, true).await?;
        eprintln!(
            "Dry run (server): the volume patch, the eviction, the claim's and the StatefulSet's \
             deletions were accepted; the later steps depend on them and were not sent."
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
    run::run(kube, record, opts).await
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
    run::run(kube, r, opts).await
}
