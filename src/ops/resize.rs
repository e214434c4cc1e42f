//! The resize operation (safety rules 16-17): grow every claim of a
//! StatefulSet, one at a time in ordinal order, then delete the set with
//! propagationPolicy=Orphan and recreate it with the new claim template
//! sizes (`recreate.rs`), and with `--restart-pods` restart the pods whose
//! file system waits for it through the restart operation
//! (`ops::restart::restart_pods`, which passes every eviction through the
//! disruption gate).
//!
//! The skeleton: [`start`] reads and plans (`plan::resize`, which refuses a
//! shrink, a class without expansion, a claim resizing or being deleted) or
//! finds a recreate to resume; the verb shows the plan; a client dry run
//! ends there; [`apply`] checks the claims of the pods it may restart,
//! confirms once, then patches each claim on a fresh read with its
//! resourceVersion and waits for it (deadline, Ctrl-C).

mod grow;
pub(crate) mod recreate;

#[cfg(test)]
mod double_tests;

use std::time::Duration;

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{PersistentVolumeClaim, Pod};
use serde::Serialize;

use grow::{grow_claims, push_once, wait_failure};
pub use recreate::{Pending, Recreated, record_path};

use super::interrupt::Interrupt;
use super::{Confirmation, gate};
use crate::args::DryRun;
use crate::cluster::Kube;
use crate::cluster::pvc as io;
use crate::cluster::set;
use crate::error::Failure;
use crate::plan::features::{self, Feature};
use crate::plan::names::pod_name;
use crate::plan::resize::{self, Action, ResizePlan};
use crate::render::prompt;

/// One yes/no for the whole resize (claims, recreate, restarts).
pub const CONFIRMATION: Confirmation = Confirmation::Once;

/// How a resize runs; built by the verb from its flags.
#[derive(Debug, Clone)]
pub struct Options {
    /// The new storage request, e.g. `20Gi`.
    pub size: String,
    /// Only this claim template (default: every template).
    pub template: Option<String>,
    /// Restart the pods whose file system waits for it.
    pub restart_pods: bool,
    /// Deadline of each claim's resize and of the adoption.
    pub timeout: Duration,
    pub dry_run: Option<DryRun>,
    pub yes: bool,
    /// The connection flags of this run as they are typed (`--kubeconfig
    /// ... --context ...`, each with a leading space), repeated in every
    /// printed command so that it acts on the same cluster as this run.
    pub connection: String,
    /// `--check`s around each restarted pod (`--restart-pods`).
    pub checks: Option<crate::plan::check::Checks>,
    /// `--snapshot`: every claim of the plan, before the first patch.
    pub snapshot: crate::args::SnapshotArgs,
}

impl Options {
    /// The command that repeats this run: every flag that changes what it
    /// does (size, template, --restart-pods, timeout, cluster, --yes).
    pub fn resume_command(&self, ns: &str, name: &str) -> String {
        self.command(ns, name, self.restart_pods)
    }

    /// [`Self::resume_command`] with `--restart-pods`: the command that
    /// finishes file system resizes waiting for a pod restart.
    pub fn finish_command(&self, ns: &str, name: &str) -> String {
        self.command(ns, name, true)
    }

    fn command(&self, ns: &str, name: &str, restart_pods: bool) -> String {
        let mut s = format!("kubectl sts pvc resize {name} -n {ns} --size {}", self.size);
        if let Some(t) = &self.template {
            s.push_str(&format!(" --template {t}"));
        }
        if restart_pods {
            s.push_str(" --restart-pods");
        }
        s.push_str(&format!(" --timeout {}s", self.timeout.as_secs().max(1)));
        s.push_str(&self.connection);
        if self.yes {
            s.push_str(" --yes");
        }
        s
    }

    /// `kubectl sts restart` of `pods`, on the same cluster.
    fn restart_command(&self, ns: &str, name: &str, pods: &[String]) -> String {
        let only: String = pods.iter().map(|p| format!(" --pod {p}")).collect();
        format!(
            "kubectl sts restart {name} -n {ns}{only} --timeout {}s{}",
            self.timeout.as_secs().max(1),
            self.connection
        )
    }
}

/// Where a resize starts from.
pub enum Start {
    /// An earlier run deleted the set and did not recreate it: finish that
    /// with [`resume`].
    Resume(Pending),
    /// A fresh plan, to show and then [`apply`].
    Plan(Box<Planned>),
}

/// The plan with the state it was decided on.
pub struct Planned {
    pub plan: ResizePlan,
    pub set: StatefulSet,
}

/// What [`apply`] did (docs/pvc-report.md, `PvcResizeReport`).
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Applied {
    /// Claims whose volume grew (or whose failed request was lowered and then given).
    pub resized: Vec<String>,
    /// Pods whose file system waits for a restart.
    pub needs_restart: Vec<String>,
    /// The claims of those pods (FileSystemResizePending).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub file_system_resize_pending: Vec<String>,
    /// Pods restarted by `--restart-pods`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub restarted: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restart_command: Option<String>,
    /// The `pvc resize ... --restart-pods` command that finishes the job.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finish_command: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recreated: Option<Recreated>,
}

impl Applied {
    /// What is left undone, in words, when file systems still wait for
    /// their pods to restart; `None` when the resize is finished.
    pub fn remaining(&self) -> Option<String> {
        if self.needs_restart.is_empty() {
            return None;
        }
        Some(format!(
            "the resize is not finished: the file systems of PVCs {} wait for pods {} to restart \
             (FileSystemResizePending). Finish with: {} (or restart them yourself: {})",
            self.file_system_resize_pending.join(", "),
            self.needs_restart.join(", "),
            self.finish_command.as_deref().unwrap_or_default(),
            self.restart_command.as_deref().unwrap_or_default(),
        ))
    }
}

/// Reads StatefulSet `ns/name`, its claims and the StorageClasses, and
/// plans the resize; or finds the record of an earlier run to finish.
/// Errors: the set missing without a record, a record that does not match
/// the set (another UID: neither used nor removed), or every reason the
/// plan is refused (nothing was changed).
pub async fn start(kube: &Kube, ns: &str, name: &str, opts: &Options) -> anyhow::Result<Start> {
    let record = recreate::read_record(&kube.server, ns, name)?;
    let set = kube.get_opt::<StatefulSet>(ns, name).await?;
    let set = match (set, record) {
        (None, Some(m)) if m.new_uid.is_none() => return Ok(Start::Resume(m)),
        (None, Some(m)) => {
            return Err(Failure::Refused(format!(
                "the resize record {} says statefulset {name} in namespace {ns} was recreated \
                 (uid {}), but no such set exists now: it was deleted since. The record is left \
                 alone; the original manifest is {}. Check the set, then move the record away",
                record_path(&kube.server, ns, name).display(),
                m.new_uid.as_deref().unwrap_or_default(),
                m.manifest.display()
            ))
            .into());
        }
        // Re-read through the one getter: its error names the namespace
        // and how to list the sets there.
        (None, None) => set::get(kube, ns, name).await?,
        // A dry run leaves the record as it is: it writes nothing.
        (Some(s), Some(_)) if opts.dry_run.is_some() => s,
        (Some(s), Some(m)) => {
            let uid = s.metadata.uid.clone().unwrap_or_default();
            if uid == m.old_uid {
                // The earlier run stopped before its delete.
                recreate::forget_before_delete(kube, &s, &m).await?;
                s
            } else if Some(&uid) == m.new_uid.as_ref() {
                return Ok(Start::Resume(m));
            } else {
                return Err(Failure::Refused(format!(
                    "the resize record {} is about statefulset {name} in namespace {ns} with uid \
                     {} (deleted by an earlier resize{}), but the set there now has uid {uid}: it \
                     was recreated by someone else. The record is neither used nor removed; \
                     check the set ({status}), then move the record \
                     away and re-run",
                    record_path(&kube.server, ns, name).display(),
                    m.old_uid,
                    m.new_uid
                        .as_deref()
                        .map(|u| format!(", recreated as {u}"))
                        .unwrap_or_default(),
                    status = crate::hint::command("status", name, ns)
                ))
                .into());
            }
        }
        (Some(s), None) => s,
    };
    let pvcs = kube.list::<PersistentVolumeClaim>(Some(ns), None).await?;
    let (classes, default_class) = io::storage_classes(kube).await?;
    let plan = resize::plan(
        &set,
        &pvcs,
        &classes,
        default_class.as_deref(),
        &opts.size,
        opts.template.as_deref(),
    )
    .map_err(|errs| {
        Failure::Refused(format!(
            "cannot resize statefulset {name} in namespace {ns}; nothing was changed:\n  - {}",
            errs.join("\n  - ")
        ))
    })?;
    Ok(Start::Plan(Box::new(Planned { plan, set })))
}

/// Finishes a resize interrupted between delete and create: recreates the
/// set from the saved manifest (after confirmation) and checks adoption.
pub async fn resume(
    kube: &Kube,
    ns: &str,
    name: &str,
    m: &Pending,
    opts: &Options,
) -> anyhow::Result<Recreated> {
    recreate::resume(kube, ns, name, m, opts).await
}

/// Refuses, before anything is written, a plan that lowers a failed request
/// on a server too old for it (plan::features): without the recovery from a
/// failed expansion the API would refuse the lower request claim by claim.
async fn refuse_missing_features(kube: &Kube, plan: &ResizePlan) -> anyhow::Result<()> {
    let lower = Action::Lower.as_str();
    let Some(first) = plan.claims.iter().find(|c| c.action == lower) else {
        return Ok(());
    };
    let server = kube.server_version().await;
    features::require(Feature::RecoverVolumeExpansionFailure, server).map_err(|why| {
        Failure::Refused(format!(
            "PVC {} of statefulset {} in namespace {}: {why}. Nothing was changed. The claim \
             keeps its failed request until the storage can give that size; check with: {}",
            first.claim,
            plan.stateful_set,
            plan.namespace,
            crate::hint::command("pvc list", &plan.stateful_set, &plan.namespace)
        ))
    })?;
    Ok(())
}

/// Runs `p` (not a client dry run: the verb stops before): the claim check
/// of the pods `--restart-pods` may restart, the settled check before a
/// recreate, one confirmation, then the claims, the recreate and the
/// restarts. Errors name the claim or set, the namespace and the command
/// that resumes.
pub async fn apply(kube: &Kube, p: &Planned, opts: &Options) -> anyhow::Result<Applied> {
    let (ns, name) = (p.plan.namespace.as_str(), p.plan.stateful_set.as_str());
    let server_dry = opts.dry_run == Some(DryRun::Server);
    let mut out = Applied::default();
    if !p.plan.templates.is_empty() {
        recreate::refuse_unsettled(kube, &p.set, "nothing was changed").await?;
    }
    if opts.restart_pods && !server_dry {
        // Before anything: a claim at risk (being deleted, Lost, volume
        // gone) found only after the claims grew would leave the resize
        // half-done; the restart operation checks each pod again right
        // before its eviction.
        let pods = set::pods(kube, &p.set).await?;
        let ordinals: Vec<i32> = p.plan.claims.iter().map(|c| c.ordinal).collect();
        let going: Vec<&Pod> = pods
            .iter()
            .filter(|pod| {
                ordinals
                    .iter()
                    .any(|o| pod.metadata.name.as_deref() == Some(&pod_name(name, *o)))
            })
            .collect();
        gate::claims_safe(kube, ns, &going).await?;
    }
    refuse_missing_features(kube, &p.plan).await?;
    let writes = p.plan.patches().next().is_some() || !p.plan.templates.is_empty();
    if !server_dry && (writes || opts.restart_pods) {
        confirm(&p.plan, opts)?;
    }
    if writes {
        let mut ordinals: Vec<i32> = p.plan.claims.iter().map(|c| c.ordinal).collect();
        ordinals.dedup();
        crate::ops::snapshot::before_change(
            kube,
            &p.set,
            &ordinals,
            &opts.snapshot,
            "pvc resize",
            opts.dry_run,
        )
        .await?;
    }
    grow_claims(kube, &p.plan, opts, &mut out).await?;
    // Claims at the size whose resize is not finished (an earlier run, or
    // a resize started by hand): wait for the volume, note the file systems
    // that wait for a restart.
    if !server_dry {
        finish_claims(kube, &p.plan, opts, &mut out).await?;
    }
    if !p.plan.templates.is_empty() {
        out.recreated = recreate::recreate(kube, ns, name, &p.plan.templates, opts).await?;
    }
    if !out.needs_restart.is_empty() {
        out.needs_restart.sort();
        out.file_system_resize_pending.sort();
        let pods = out.needs_restart.clone();
        let cmd = opts.restart_command(ns, name, &pods);
        if opts.restart_pods && opts.dry_run.is_none() {
            restart_and_finish(kube, &p.plan, &pods, opts).await?;
            out.restarted = pods;
            out.needs_restart.clear();
            out.file_system_resize_pending.clear();
        } else {
            out.restart_command = Some(cmd);
            out.finish_command = Some(opts.finish_command(ns, name));
        }
    }
    Ok(out)
}

/// The claims of the plan already at the size but not finished: a volume
/// still growing is waited for (deadline, Ctrl-C); a file system waiting
/// for its pod is noted in `out`.
async fn finish_claims(
    kube: &Kube,
    plan: &ResizePlan,
    opts: &Options,
    out: &mut Applied,
) -> anyhow::Result<()> {
    let (ns, name) = (plan.namespace.as_str(), plan.stateful_set.as_str());
    let resume = opts.resume_command(ns, name);
    let interrupt = Interrupt::global();
    for c in plan.unfinished() {
        let pod = pod_name(name, c.ordinal);
        if c.action == Action::Wait.as_str() {
            eprintln!(
                "{}: already requests {}; waiting for the volume to grow (capacity {})",
                c.claim,
                c.to,
                c.capacity.as_deref().unwrap_or("?")
            );
            let res = io::wait_resized(
                kube,
                ns,
                &c.claim,
                &c.to,
                opts.timeout,
                false,
                interrupt.wait(),
                |_| {},
            )
            .await;
            match res {
                Ok(io::Resized::Done) => {
                    eprintln!("{}: resized to {}", c.claim, c.to);
                    out.resized.push(c.claim.clone());
                    continue;
                }
                Ok(io::Resized::NeedsRestart) => {}
                Err(e) => return Err(wait_failure(e, &c.claim, ns, &resume).into()),
            }
        } else {
            eprintln!(
                "{}: already requests {}; its file system waits for pod {pod} to restart \
                 (FileSystemResizePending)",
                c.claim, c.to
            );
        }
        push_once(&mut out.needs_restart, pod);
        push_once(&mut out.file_system_resize_pending, c.claim.clone());
    }
    Ok(())
}

fn confirm(plan: &ResizePlan, opts: &Options) -> Result<(), Failure> {
    let name = &plan.stateful_set;
    let lowered = plan
        .patches()
        .filter(|c| c.action == Action::Lower.as_str())
        .count();
    let grown = plan.patches().count() - lowered;
    let mut parts = Vec::new();
    if grown > 0 {
        parts.push(format!("grow {grown} PVCs to {}", opts.size));
    }
    if lowered > 0 {
        parts.push(format!(
            "lower the failed request of {lowered} PVCs to {}",
            opts.size
        ));
    }
    if !plan.templates.is_empty() {
        parts.push(format!(
            "recreate statefulset {name} with the new claim template sizes (pods keep running)"
        ));
    }
    if opts.restart_pods {
        parts.push("restart the pods whose file system waits for it".into());
    }
    let mut q = parts.join(", ");
    if let Some(first) = q.get(..1) {
        q = format!("{}{}?", first.to_uppercase(), &q[1..]);
    }
    if !prompt::confirm(
        &q,
        &format!("resize the PVCs of statefulset {name}"),
        opts.yes,
    )? {
        return Err(Failure::Refused(
            "not confirmed; nothing was changed".into(),
        ));
    }
    Ok(())
}

/// `--restart-pods`: restarts `pods` with the restart operation (one at a
/// time, Eviction API, the disruption gate before each), then waits until
/// their claims reach the new size.
async fn restart_and_finish(
    kube: &Kube,
    plan: &ResizePlan,
    pods: &[String],
    opts: &Options,
) -> anyhow::Result<()> {
    let (ns, name) = (plan.namespace.as_str(), plan.stateful_set.as_str());
    let ropts = crate::ops::restart::Options {
        min_ready: Duration::ZERO,
        timeout: opts.timeout,
        last: None,
        disable_eviction: false,
        dry_run: None,
        yes: opts.yes,
        // A re-run of the resize finds the claims waiting and resumes the
        // restart from its record on the set.
        resume: {
            let c = opts.finish_command(ns, name);
            if opts.yes { c } else { format!("{c} --yes") }
        },
        checks: opts.checks.clone(),
        snapshot: Default::default(),
    };
    crate::ops::restart::restart_pods(kube, ns, name, Some(pods.to_vec()), &ropts).await?;
    let interrupt = Interrupt::global();
    for c in &plan.claims {
        if !pods.contains(&pod_name(name, c.ordinal)) {
            continue;
        }
        let res = io::wait_resized(
            kube,
            ns,
            &c.claim,
            &c.to,
            opts.timeout,
            true,
            interrupt.wait(),
            |_| {},
        )
        .await;
        match res {
            Ok(_) => eprintln!("{}: file system resized to {}", c.claim, c.to),
            Err(e) => {
                return Err(Failure::TimedOut(format!(
                    "PVC {} in namespace {ns}: the pod was restarted but the file system resize \
                     did not finish ({e}); check its events: kubectl describe pvc {} -n {ns}",
                    c.claim, c.claim
                ))
                .into());
            }
        }
    }
    Ok(())
}
