//! Growing the claims of a resize, one at a time in ordinal order: each
//! re-read, refused if it started resizing or is being deleted since the
//! plan, patched with the resourceVersion read, then waited for (deadline,
//! Ctrl-C).

use std::time::Duration;

use k8s_openapi::api::core::v1::PersistentVolumeClaim;

use super::{Applied, Options};
use crate::args::DryRun;
use crate::cluster::Kube;
use crate::cluster::pvc as io;
use crate::duration::human;
use crate::error::Failure;
use crate::ops::interrupt::Interrupt;
use crate::plan::names::pod_name;
use crate::plan::resize::{self, Action, ClaimStep, ResizePlan};

pub(super) fn push_once(v: &mut Vec<String>, s: String) {
    if !v.contains(&s) {
        v.push(s);
    }
}

/// The claims, one at a time in ordinal order: each re-read, refused if it
/// started resizing or is being deleted since the plan, patched with the
/// resourceVersion read, then waited for.
pub(super) async fn grow_claims(
    kube: &Kube,
    plan: &ResizePlan,
    opts: &Options,
    out: &mut Applied,
) -> anyhow::Result<()> {
    let (ns, name) = (plan.namespace.as_str(), plan.stateful_set.as_str());
    let server_dry = opts.dry_run == Some(DryRun::Server);
    let resume = opts.resume_command(ns, name);
    let interrupt = Interrupt::global();
    let steps: Vec<&ClaimStep> = plan.patches().collect();
    let pb = progress_bar(steps.len() as u64);
    for step in steps {
        if interrupt.is_set() {
            pb.finish_and_clear();
            return Err(Failure::Interrupted(format!(
                "interrupted before PVC {} was patched; the StatefulSet is unchanged. Resume \
                 with: {resume}",
                step.claim
            ))
            .into());
        }
        pb.set_message(format!("{}: {} -> {}", step.claim, step.from, step.to));
        let fresh = kube
            .get_opt::<PersistentVolumeClaim>(ns, &step.claim)
            .await?
            .ok_or_else(|| {
                Failure::NotFound(format!(
                    "PVC {:?} in namespace {ns:?} disappeared; nothing more was changed",
                    step.claim
                ))
            })?;
        if fresh.metadata.deletion_timestamp.is_some() {
            pb.finish_and_clear();
            return Err(Failure::Refused(format!(
                "PVC {} in namespace {ns} is being deleted since the plan was made; stopped, \
                 nothing more was changed. Check with: {}",
                step.claim,
                crate::hint::command("status", name, ns)
            ))
            .into());
        }
        let state = resize::resizing(&fresh);
        let lowering = step.action == Action::Lower.as_str();
        // A lower step is for a failed expansion; anything else must be idle.
        let expected = if lowering { Some("Failed") } else { None };
        if let Some(state) = state.clone().filter(|s| Some(s.as_str()) != expected) {
            pb.finish_and_clear();
            return Err(Failure::Refused(format!(
                "PVC {} in namespace {ns} started resizing ({state}) since the plan was made; \
                 stopped. Re-run when it settles",
                step.claim
            ))
            .into());
        }
        if lowering && state.is_none() {
            pb.finish_and_clear();
            return Err(Failure::Refused(format!(
                "PVC {} in namespace {ns} no longer has a failed expansion since the plan was \
                 made; stopped, nothing more was changed. Check with: {}",
                step.claim,
                crate::hint::command("pvc list", name, ns)
            ))
            .into());
        }
        if lowering {
            pb.suspend(|| {
                eprintln!(
                    "{}: lowering the failed request {} to {} (the documented recovery from a \
                     failed volume expansion, Kubernetes 1.32+: a request may go back down to any \
                     size above the capacity {})",
                    step.claim,
                    step.from,
                    step.to,
                    step.capacity.as_deref().unwrap_or("?")
                )
            });
        }
        let rv = fresh.metadata.resource_version.clone().unwrap_or_default();
        io::patch_pvc_size(kube, ns, &step.claim, &rv, &step.to, server_dry).await?;
        if server_dry {
            pb.inc(1);
            continue;
        }
        let claim = step.claim.clone();
        let pbc = pb.clone();
        let res = io::wait_resized(
            kube,
            ns,
            &step.claim,
            &step.to,
            opts.timeout,
            false,
            interrupt.wait(),
            |s| pbc.set_message(format!("{claim}: {s}")),
        )
        .await;
        match res {
            Ok(io::Resized::Done) => {
                pb.suspend(|| eprintln!("{}: resized to {}", step.claim, step.to));
                out.resized.push(step.claim.clone());
            }
            Ok(io::Resized::NeedsRestart) => {
                let pod = pod_name(name, step.ordinal);
                push_once(&mut out.file_system_resize_pending, step.claim.clone());
                pb.suspend(|| {
                    eprintln!(
                        "{}: volume grown to {}; the file system waits for pod {pod} to restart",
                        step.claim, step.to
                    )
                });
                out.resized.push(step.claim.clone());
                push_once(&mut out.needs_restart, pod);
            }
            Err(e) => {
                pb.finish_and_clear();
                return Err(wait_failure(e, &step.claim, ns, &resume).into());
            }
        }
        pb.inc(1);
    }
    pb.finish_and_clear();
    Ok(())
}

pub(super) fn wait_failure(e: io::PvcWaitError, claim: &str, ns: &str, resume: &str) -> Failure {
    match e {
        io::PvcWaitError::Deadline { limit, last } => Failure::TimedOut(format!(
            "PVC {claim} in namespace {ns} did not finish resizing within {} ({last}); stopped \
             there, the StatefulSet is unchanged. Check its events (kubectl describe pvc {claim} \
             -n {ns}) and re-run: {resume}",
            human(limit),
        )),
        io::PvcWaitError::Interrupted { last } => Failure::Interrupted(format!(
            "interrupted while PVC {claim} was resizing ({last}); the StatefulSet is unchanged. \
             Resume with: {resume}"
        )),
        e => Failure::Api(format!(
            "PVC {claim} in namespace {ns}: {e}; stopped there, the StatefulSet is unchanged. \
             Re-run when fixed: {resume}"
        )),
    }
}

pub(super) fn progress_bar(n: u64) -> indicatif::ProgressBar {
    let pb =
        indicatif::ProgressBar::with_draw_target(Some(n), indicatif::ProgressDrawTarget::stderr());
    if let Ok(s) = indicatif::ProgressStyle::with_template("{spinner} [{pos}/{len}] {wide_msg}") {
        pb.set_style(s);
    }
    pb.enable_steady_tick(Duration::from_millis(200));
    pb
}
