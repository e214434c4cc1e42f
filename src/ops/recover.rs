//! The recover operation: diagnose stuck pods and volumes (`plan::recover`),
//! then, under `--fix`, handle the findings one by one on the operation
//! skeleton: confirm this step ([`CONFIRMATION`], rule 15) -> re-read and
//! re-decide (rules 5 and 6: act only if the same action is still proposed,
//! with the fresh resourceVersion) -> the disruption gate before anything
//! that takes a pod down -> (a client dry run ends here) -> Ctrl-C check ->
//! one guarded write -> settle: re-read until the effect is seen (the
//! object gone, the claim Bound; for the #67250 delete a verified
//! replacement, rule 2); an accepted DELETE that finalizers hold is
//! `requested`, never `applied`. Refusals and failures of one finding are recorded
//! and the next one is handled; only an unreachable API server and Ctrl-C
//! stop the run. There is no intent record: every step re-diagnoses from
//! the live state, so a re-run resumes by construction.

use std::time::Duration;

use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::jiff::Timestamp;

use super::Confirmation;
use super::gate;
use super::interrupt::Interrupt;
use super::lease::with_lease;
use crate::args::DryRun;
use crate::cluster::Kube;
use crate::cluster::recover::{
    create_pvc, delete_pod, delete_volume_attachment, fetch, remove_finalizers, reread,
};
use crate::cluster::status::Scope;
use crate::cluster::wait::{Next, WaitError, watch_set};
use crate::error::Failure;
use crate::ops::check::{CheckGate, pod_state};
use crate::plan::check::{Checks, Scope as CheckScope};
use crate::plan::health::{Replacement, replacement};
use crate::plan::names::pod_ordinal;
use crate::plan::recover::{
    self as rplan, Action, Effect, Finding, Outcome, Snapshot, same_action,
};
use crate::render::prompt;

/// Recover asks before each fix: each finding is a separate decision about
/// a different object.
pub const CONFIRMATION: Confirmation = Confirmation::EachStep;

/// How a recover run goes; built by the CLI layer.
#[derive(Debug, Clone)]
pub struct Options {
    pub scope: Scope,
    /// What the user allowed beyond the prompt (node confirmations,
    /// finalizer removal).
    pub rules: rplan::Options,
    pub dry_run: Option<DryRun>,
    /// `--yes`: answers every prompt.
    pub yes: bool,
    /// How long to wait for the replacement of a deleted broken pod.
    pub timeout: Duration,
    /// `--check`s around the delete of a broken pod: before it, on the
    /// other pods (`--check-on others|all`; the broken pod itself is not
    /// expected to pass); after its replacement is Ready, as `--check-on`
    /// says.
    pub checks: Option<Checks>,
}

/// Reads the scope and returns the snapshot (for its sets and warnings)
/// and every finding, in a stable order.
pub async fn diagnose(kube: &Kube, opts: &Options) -> Result<(Snapshot, Vec<Finding>), Failure> {
    crate::cluster::recover::diagnose(kube, &opts.scope, &opts.rules, Timestamp::now()).await
}

/// Handles every finding that proposes an action, in order, and records
/// its outcome on it (and the action as sent, with the fresh
/// resourceVersion). `done` is called after each, for progress output.
/// Returns how many findings had an action.
pub async fn fix_all(
    kube: &Kube,
    opts: &Options,
    findings: &mut [Finding],
    mut done: impl FnMut(&Finding),
) -> Result<usize, Failure> {
    let total = findings.iter().filter(|f| f.action.is_some()).count();
    let mut n = 0;
    for f in findings.iter_mut() {
        if f.action.is_none() {
            continue;
        }
        n += 1;
        let mut sent = None;
        // One operation per set: a fix waits for no one, it is refused while
        // another operation holds the set's Lease.
        let step = fix_one(kube, f, opts, (n, total), &mut sent);
        let dry = opts.dry_run.is_some();
        let outcome = match with_lease(
            kube,
            &f.namespace,
            &f.stateful_set,
            "recover --fix",
            dry,
            step,
        )
        .await
        {
            Err(Failure::Refused(m)) => outcome("refused", m),
            r => r?,
        };
        // Report the action as sent (fresh resourceVersion), not as planned.
        if let Some(a) = sent {
            f.action = Some(a);
        }
        f.outcome = Some(outcome);
        done(f);
    }
    Ok(total)
}

fn outcome(result: &str, message: impl Into<String>) -> Outcome {
    Outcome {
        result: result.into(),
        message: message.into(),
    }
}

/// One step: confirm, re-read, re-decide, gate, act, settle. `Ok` carries
/// the finding's outcome (also refusals and failures); `Err` stops the run.
async fn fix_one(
    kube: &Kube,
    f: &Finding,
    opts: &Options,
    (n, total): (usize, usize),
    sent: &mut Option<Action>,
) -> Result<Outcome, Failure> {
    let Some(planned) = f.action.clone() else {
        return Ok(outcome("skipped", "no action is proposed"));
    };
    let what = planned.describe();
    eprintln!("[{n}/{total}] {}: {}", f.object, f.summary);
    if opts.dry_run.is_none()
        && let Some(declined) = confirm(f, &planned, &what, opts.yes)?
    {
        return Ok(declined);
    }

    let (fresh, action) = match redecide(kube, f, &planned, &opts.rules).await? {
        Ok(x) => x,
        Err(skipped) => return Ok(skipped),
    };
    let ns = f.namespace.as_str();
    if let Some(pod) = pod_taken_down(&action, &fresh, ns) {
        // The pod itself is the problem, so rule 1 (the rest of the set is
        // healthy) does not apply; the claim check does: a pod whose claim is
        // being deleted (or Lost, or whose volume is gone or Released) must
        // not go, or its data goes with it.
        match gate::claims_safe(kube, ns, &[pod]).await {
            Ok(()) => {}
            Err(Failure::Refused(msg)) => return Ok(outcome("refused", msg)),
            Err(e @ Failure::Unreachable(_)) => return Err(e),
            Err(e) => return Ok(outcome("skipped", format!("the claim check failed: {e}"))),
        }
    }
    let checked = match (&opts.checks, &action) {
        (Some(c), Action::DeletePod { pod, .. }) => Some((c, pod.clone())),
        _ => None,
    };
    if let Some((c, pod)) = &checked
        && opts.dry_run.is_none()
        && c.on != CheckScope::New
    {
        let others = Checks {
            on: CheckScope::Others,
            ..(*c).clone()
        };
        let set_pods = pods_of_set(&fresh, ns, &f.stateful_set);
        if let Some(o) = run_checks(kube, ns, f, &others, &set_pods, pod, true, opts).await {
            return Ok(o);
        }
    }
    if opts.dry_run == Some(DryRun::Client) {
        return Ok(outcome(
            "dry-run",
            format!("would {} (evidence re-checked)", action.describe()),
        ));
    }
    Interrupt::global().before_write(|| {
        format!(
            "interrupted before: {}; nothing was changed for {}. Resume with: {}",
            action.describe(),
            f.object,
            crate::hint::rerun_command()
        )
    })?;
    let server_dry = opts.dry_run == Some(DryRun::Server);
    *sent = Some(action.clone());
    match write(kube, ns, &action, server_dry).await {
        Ok(()) if server_dry => Ok(outcome(
            "dry-run",
            format!(
                "the API server accepted: {} (dryRun=All)",
                action.describe()
            ),
        )),
        Ok(()) => match &action {
            Action::DeletePod { pod, uid, .. } => {
                let o = wait_replacement(kube, ns, &f.stateful_set, pod, uid, opts.timeout).await?;
                match &checked {
                    Some((c, _)) if o.result == "applied" => {
                        let set = crate::cluster::set::get(kube, ns, &f.stateful_set).await?;
                        let set_pods: Vec<String> = crate::cluster::set::pods(kube, &set)
                            .await?
                            .into_iter()
                            .filter_map(|p| p.metadata.name)
                            .collect();
                        Ok(run_checks(kube, ns, f, c, &set_pods, pod, false, opts)
                            .await
                            .unwrap_or(o))
                    }
                    _ => Ok(o),
                }
            }
            _ => verify(kube, ns, &f.object, &action, opts.timeout).await,
        },
        Err(e @ Failure::Unreachable(_)) => Err(e),
        Err(Failure::Conflict(_)) => Ok(outcome(
            "skipped",
            "the object changed between the re-read and the write (precondition failed); \
             nothing was changed. Re-run to decide again",
        )),
        // A failed JSON patch `test` (resourceVersion or finalizers moved) is a 422.
        Err(Failure::Invalid(_)) if action.is_finalizer_removal() => Ok(outcome(
            "skipped",
            "the object changed between the re-read and the patch (its resourceVersion or \
             finalizers no longer match); nothing was changed. Re-run to decide again",
        )),
        Err(e) => Ok(outcome("failed", e.to_string())),
    }
}

/// The per-step prompt; finalizer removal asks for the object's name and
/// states the risk. `Some(outcome)` when not confirmed.
fn confirm(
    f: &Finding,
    planned: &Action,
    what: &str,
    yes: bool,
) -> Result<Option<Outcome>, Failure> {
    debug_assert_eq!(CONFIRMATION, Confirmation::EachStep);
    let answer = if let Action::RemoveFinalizers { name, .. } = planned {
        prompt::confirm_typed(&format!("{what}? {}.", f.risk), name, what, yes)
    } else {
        prompt::confirm(&format!("{what}? {}.", f.risk), what, yes)
    };
    match answer {
        Ok(true) => Ok(None),
        Ok(false) => Ok(Some(outcome(
            "declined",
            "not confirmed; nothing was changed",
        ))),
        Err(Failure::Refused(msg)) => Ok(Some(outcome("refused", msg))),
        Err(e) => Err(e),
    }
}

/// Rules 5 and 6: re-read the evidence (consistent reads) and return the
/// fresh snapshot and action when the same action is still proposed;
/// `Ok(Err(outcome))` says why the step is skipped.
async fn redecide(
    kube: &Kube,
    f: &Finding,
    planned: &Action,
    rules: &rplan::Options,
) -> Result<Result<(Snapshot, Action), Outcome>, Failure> {
    let scope = Scope::One {
        ns: f.namespace.clone(),
        name: f.stateful_set.clone(),
    };
    let fresh = match fetch(kube, &scope).await {
        Ok(s) => s,
        Err(e @ Failure::Unreachable(_)) => return Err(e),
        Err(e) => return Ok(Err(outcome("skipped", format!("re-reading failed: {e}")))),
    };
    let now = rplan::diagnose(&fresh, rules, Timestamp::now());
    let Some(current) = now.iter().find(|x| x.id == f.id) else {
        return Ok(Err(outcome(
            "skipped",
            "the evidence changed: the problem is gone on re-reading",
        )));
    };
    let action = match &current.action {
        Some(a) if same_action(a, planned) => a.clone(),
        Some(a) => {
            return Ok(Err(outcome(
                "skipped",
                format!(
                    "the evidence changed: now the action would be to {}; re-run to decide again",
                    a.describe()
                ),
            )));
        }
        None => {
            return Ok(Err(outcome(
                "skipped",
                format!(
                    "the evidence changed: {}",
                    current
                        .refusal
                        .clone()
                        .unwrap_or_else(|| "no action is proposed any more".into())
                ),
            )));
        }
    };
    Ok(Ok((fresh, action)))
}

/// The pod (as just re-read) that `action` takes down: a delete, a force
/// delete, or removing the finalizers that keep a terminating pod.
fn pod_taken_down<'a>(action: &Action, fresh: &'a Snapshot, ns: &str) -> Option<&'a Pod> {
    let (pod, uid) = match action {
        Action::DeletePod { pod, uid, .. } | Action::ForceDeletePod { pod, uid, .. } => (pod, uid),
        Action::RemoveFinalizers {
            kind, name, uid, ..
        } if kind == "pod" => (name, uid),
        _ => return None,
    };
    fresh.pods.iter().find(|p| {
        p.metadata.namespace.as_deref() == Some(ns)
            && p.metadata.name.as_deref() == Some(pod.as_str())
            && p.metadata.uid.as_deref() == Some(uid.as_str())
    })
}

/// The one guarded write of a step (preconditions in `cluster::recover`).
async fn write(kube: &Kube, ns: &str, action: &Action, dry: bool) -> Result<(), Failure> {
    match action {
        Action::DeletePod {
            pod,
            uid,
            resource_version,
        } => delete_pod(kube, ns, pod, uid, resource_version, None, dry).await,
        Action::ForceDeletePod {
            pod,
            uid,
            resource_version,
            ..
        } => delete_pod(kube, ns, pod, uid, resource_version, Some(0), dry).await,
        Action::CreateClaim { manifest, .. } => create_pvc(kube, ns, manifest, dry).await,
        Action::DeleteVolumeAttachment {
            name,
            uid,
            resource_version,
            ..
        } => delete_volume_attachment(kube, name, uid, resource_version, dry).await,
        Action::RemoveFinalizers {
            kind,
            name,
            resource_version,
            remove,
            current,
            ..
        } => remove_finalizers(kube, kind, ns, name, resource_version, current, remove, dry).await,
    }
}

/// Rule 2 for the #67250 fix: the deleted pod counts as fixed only when a
/// new pod (new UID) is Ready at the update revision. Watch-driven, bounded
/// by `limit` (rule 7); Ctrl-C stops the run with what to check.
async fn wait_replacement(
    kube: &Kube,
    ns: &str,
    set: &str,
    pod: &str,
    old_uid: &str,
    limit: Duration,
) -> Result<Outcome, Failure> {
    eprintln!(
        "deleted {pod}; waiting for its replacement (up to {})",
        crate::duration::human(limit)
    );
    let since = Some(Timestamp::now());
    let res = watch_set(
        kube,
        ns,
        set,
        limit,
        |_| {},
        |s, pods, now| {
            let want = s.status.as_ref().and_then(|st| st.update_revision.clone());
            let p = pods
                .iter()
                .copied()
                .find(|p| p.metadata.name.as_deref() == Some(pod));
            match replacement(old_uid, p, want.as_deref(), Duration::ZERO, since, now) {
                Replacement::Done => Next::Done(Ok(want.unwrap_or_default())),
                Replacement::Failing(r) => Next::Done(Err(r)),
                other => Next::Wait {
                    status: other.describe(),
                    recheck: None,
                },
            }
        },
    )
    .await;
    match res {
        Ok(Ok(rev)) => Ok(outcome(
            "applied",
            format!("deleted {pod}; its replacement is Ready at revision {rev}"),
        )),
        Ok(Err(reason)) => Ok(outcome(
            "failed",
            format!(
                "deleted {pod}, but its replacement fails too ({reason}): the current template is \
                 broken as well; see {}",
                crate::hint::command("status", set, ns)
            ),
        )),
        Err(WaitError::Deadline { last, .. }) => Ok(outcome(
            "failed",
            format!(
                "deleted {pod}; its replacement was not Ready within --timeout ({last}); see {}",
                crate::hint::command("status", set, ns)
            ),
        )),
        Err(WaitError::Interrupted { last }) => Err(Failure::Interrupted(format!(
            "interrupted while waiting for the replacement of {pod} ({last}); the pod was \
             deleted and the controller recreates it. Check with: {}",
            crate::hint::command("status", set, ns)
        ))),
        Err(WaitError::SetDeleted { .. }) => Ok(outcome(
            "failed",
            format!("deleted {pod}, but statefulset {set} was deleted meanwhile"),
        )),
        Err(WaitError::Api(e)) => Err(e),
    }
}

/// How long a deletion that finalizers hold is re-read before it is
/// reported as `requested`: the controllers that own the usual finalizers
/// let go within seconds when they can.
const HELD_GRACE: Duration = Duration::from_secs(15);

/// How often a fix is re-read while it settles.
const REREAD_EVERY: Duration = Duration::from_secs(1);

/// A sent write counts only once re-reading shows its effect (the object
/// gone, the pod replaced, the claim bound): re-read until
/// `plan::recover::effect` says done, `limit` passes (`unverified`), or
/// finalizers still hold the object after [`HELD_GRACE`] (`requested`).
/// Polls one object: a short, bounded wait on a single GET. Ctrl-C stops
/// the run (the write was sent; a re-run diagnoses afresh).
async fn verify(
    kube: &Kube,
    ns: &str,
    object: &str,
    action: &Action,
    limit: Duration,
) -> Result<Outcome, Failure> {
    let started = tokio::time::Instant::now();
    let interrupt = Interrupt::global();
    loop {
        let last = match reread(kube, ns, action).await {
            Ok(now) => rplan::effect(action, now.view()),
            Err(e @ (Failure::Unreachable(_) | Failure::Interrupted(_))) => return Err(e),
            Err(e) => {
                return Ok(outcome(
                    "unverified",
                    format!(
                        "{} was sent, but reading it back failed: {e}",
                        action.describe()
                    ),
                ));
            }
        };
        let waited = started.elapsed();
        let give_up = match &last {
            Effect::Done(_) => true,
            Effect::Held { .. } => waited >= HELD_GRACE.min(limit),
            Effect::Waiting(_) => waited >= limit,
        };
        if give_up {
            let bound = match &last {
                Effect::Held { .. } => HELD_GRACE.min(limit),
                _ => limit,
            };
            return Ok(rplan::outcome_of(
                action,
                &last,
                &crate::duration::human(bound),
            ));
        }
        tokio::select! {
            _ = tokio::time::sleep(REREAD_EVERY) => {}
            _ = interrupt.wait() => return Err(Failure::Interrupted(format!(
                "interrupted while verifying: {} (sent; {}). Re-run to see where {object} \
                 stands: {}",
                action.describe(),
                match &last {
                    Effect::Held { message, .. } => message.clone(),
                    Effect::Waiting(w) | Effect::Done(w) => w.clone(),
                },
                crate::hint::rerun_command()
            ))),
        }
    }
}

/// The names of the pods of set `set` in `ns`, in `snap`.
fn pods_of_set(snap: &Snapshot, ns: &str, set: &str) -> Vec<String> {
    snap.pods
        .iter()
        .filter(|p| p.metadata.namespace.as_deref() == Some(ns))
        .filter_map(|p| p.metadata.name.clone())
        .filter(|n| pod_ordinal(n, set).is_some())
        .collect()
}

/// The checks around a broken pod's delete: `Some(outcome)` when they
/// did not pass (before: nothing was deleted; after: the replacement is
/// up but the application is not).
#[allow(clippy::too_many_arguments)]
async fn run_checks(
    kube: &Kube,
    ns: &str,
    f: &Finding,
    checks: &Checks,
    all: &[String],
    pod: &str,
    before: bool,
    opts: &Options,
) -> Option<Outcome> {
    let gate = CheckGate {
        kube,
        ns,
        set: &f.stateful_set,
        checks,
    };
    let deadline = std::time::Instant::now() + opts.timeout;
    let e = gate
        .run(all, &[pod.to_string()], deadline, before)
        .await
        .err()?;
    let state = match e.pod() {
        Some(p) => format!("\n{}", pod_state(kube, ns, p).await),
        None => String::new(),
    };
    Some(if before {
        outcome(
            "refused",
            format!("not deleting {pod}: {}{state}", e.describe()),
        )
    } else {
        outcome(
            "failed",
            format!(
                "deleted {pod}; its replacement is Ready, but {}{state}",
                e.describe()
            ),
        )
    })
}
