//! The restart operation: pods one at a time through the Eviction API
//! (rule 4), highest ordinal first with unhealthy pods first and `--last`
//! last (rule 3), each only after the disruption gate (`ops::gate`: rule 1
//! and the claim check) and each verified before the next (rule 2), with a
//! resumable record on the set (rule 8, `ops::record`).
//!
//! The skeleton, as every operation here: plan -> (client dry run ends
//! here) -> confirm once -> record intent -> for each pod: gate -> guarded
//! eviction -> settle (watch, deadline, Ctrl-C) -> mark done -> clear the
//! record. The per-pod step is in `step.rs`.

mod step;

#[cfg(test)]
mod double_tests;

use std::time::{Duration, Instant};

use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::jiff::Timestamp;
use serde::Serialize;

use super::check::CheckGate;
use super::gate;
use super::interrupt::Interrupt;
use super::lease;
use super::progress::Ui;
use super::record;
use crate::args::DryRun;
use crate::cluster::Kube;
use crate::cluster::evict::{self, Evicted};
use crate::cluster::set;
use crate::duration::human;
use crate::error::Failure;
use crate::plan::check::Checks;
use crate::plan::health::{check_set, stability_window};
use crate::plan::restart::{
    self as rplan, Action, Intent, RESTART_ANNOTATION, Step, describe_pdb, explain_429, pdbs_for,
    recorded_intent,
};
use crate::render::prompt;
use step::Ctx;

/// How a restart runs; built by the CLI layer or by another verb.
#[derive(Debug, Clone)]
pub struct Options {
    pub min_ready: Duration,
    /// Deadline of the whole restart.
    pub timeout: Duration,
    pub last: Option<String>,
    pub disable_eviction: bool,
    pub dry_run: Option<DryRun>,
    pub yes: bool,
    /// The command that resumes this restart, printed on interruption.
    pub resume: String,
    /// `--check`: `None` uses the checks a resumed restart recorded.
    pub checks: Option<Checks>,
    /// `--snapshot`: the claims of the pods to restart, before the first eviction.
    pub snapshot: crate::args::SnapshotArgs,
}

/// The documented report (docs/restart-report.md).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub namespace: String,
    pub stateful_set: String,
    /// `eviction`, `delete` (--disable-eviction) or `template` (--via-template).
    pub method: &'static str,
    pub dry_run: bool,
    /// When the restart started (also for a resumed one); none for dry runs.
    pub started_at: Option<String>,
    pub resumed: bool,
    pub stability_window_seconds: u64,
    pub pods: Vec<PodResult>,
    /// The PodDisruptionBudgets covering the set's pods, described.
    pub pod_disruption_budgets: Vec<String>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PodResult {
    pub name: String,
    pub ordinal: i32,
    /// `restarted`, `alreadyRestarted`, `verified` (replaced by an earlier,
    /// interrupted run and checked now), `planned` (dry run).
    pub result: &'static str,
    /// UID of the pod that was restarted; none when an earlier run replaced it.
    pub old_uid: Option<String>,
    pub new_uid: Option<String>,
    /// Revision the replacement runs (or will run, for a dry run).
    pub revision: Option<String>,
    /// Why it went first: it was not Ready or failing.
    pub unhealthy: Option<String>,
    /// From the eviction to a stable replacement.
    pub seconds: Option<u64>,
    /// Dry-run=server only: what the API server said to a dry-run eviction.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_dry_run: Option<String>,
}

/// Restarts the pods of StatefulSet `ns/set_name` (all live pods, or `only`),
/// one at a time: before each, the rest of the set must be healthy; after
/// each, the replacement must be new, at the expected revision, Ready and
/// stable. Resumes a restart recorded on the set.
///
/// One operation per set: the whole run, from the first read, holds the
/// set's Lease (`ops::lease`; none for a dry run), so a second operation is
/// refused before it prints or asks anything.
pub async fn restart_pods(
    kube: &Kube,
    ns: &str,
    set_name: &str,
    only: Option<Vec<String>>,
    opts: &Options,
) -> Result<Report, Failure> {
    let run = restart_locked(kube, ns, set_name, only, opts);
    lease::with_lease(kube, ns, set_name, "restart", opts.dry_run.is_some(), run).await
}

async fn restart_locked(
    kube: &Kube,
    ns: &str,
    set_name: &str,
    only: Option<Vec<String>>,
    opts: &Options,
) -> Result<Report, Failure> {
    let started = Instant::now();
    let deadline = started + opts.timeout;
    let set = set::get(kube, ns, set_name).await?;
    let intent = recorded_intent(&set).map_err(|e| {
        Failure::Refused(format!(
            "statefulset {set_name:?} in namespace {ns:?}: {e}. Nothing was changed. If no \
             restart is in progress, remove it with: kubectl annotate statefulset {set_name} -n \
             {ns} {RESTART_ANNOTATION}-"
        ))
    })?;
    let pods = set::pods(kube, &set).await?;
    let refs: Vec<&Pod> = pods.iter().collect();
    let plan = rplan::plan(
        &set,
        &refs,
        only.as_deref(),
        opts.last.as_deref(),
        intent.as_ref(),
    )
    .map_err(|e| Failure::Invalid(format!("{e}; nothing was changed")))?;
    // The checks: as given, or as the resumed run recorded them.
    let checks = match (
        &opts.checks,
        intent.as_ref().and_then(|i| i.checks.as_ref()),
    ) {
        (Some(c), _) => Some(c.clone()),
        (None, Some(r)) => Some(Checks::from_record(r).map_err(|e| {
            Failure::Refused(format!(
                "statefulset {set_name:?} in namespace {ns:?}: the recorded checks cannot be \
                 read: {e}. Give --check again"
            ))
        })?),
        (None, None) => None,
    };
    let budgets = evict::budgets(kube, ns).await?;
    let covering = covering_budgets(&budgets, &refs);
    let window = stability_window(&set, opts.min_ready);
    let mut warnings = plan.warnings.clone();
    if opts.disable_eviction {
        warnings.push(
            "--disable-eviction: pods are deleted, not evicted, so PodDisruptionBudgets do NOT \
             protect them"
                .into(),
        );
    }
    let mut report = Report {
        api_version: "kubectl-sts/v1",
        kind: "RestartReport",
        namespace: ns.to_string(),
        stateful_set: set_name.to_string(),
        method: if opts.disable_eviction {
            "delete"
        } else {
            "eviction"
        },
        dry_run: opts.dry_run.is_some(),
        started_at: intent.as_ref().map(|i| i.started_at.clone()),
        resumed: intent.is_some(),
        stability_window_seconds: window.as_secs(),
        pods: vec![],
        pod_disruption_budgets: covering.iter().map(|b| describe_pdb(b)).collect(),
        warnings: warnings.clone(),
    };

    let ui = Ui::for_stderr();
    print_plan(
        &ui,
        &report,
        &plan.steps,
        intent.as_ref(),
        opts.last.as_deref(),
    );
    if let Some(c) = &checks {
        ui.line(&format!("Checks: {}.", c.describe()));
    }
    // Rule 1 up front: refuse before asking or recording anything when the
    // first eviction would be refused anyway (unless a pod replaced by an
    // interrupted run is still coming up: that one is waited for first).
    if plan.steps.iter().all(|s| s.action != Action::Verify)
        && let Some(first) = plan.steps.iter().find(|s| s.action == Action::Restart)
        && let Some(p) = check_set(
            &set,
            &refs,
            // A missing pod cannot be restarted: the controller must create it.
            (first.uid.is_empty())
                .then_some(())
                .map_or(Some(first.pod.as_str()), |_| None),
        )
        .first()
    {
        let msg = format!(
            "not evicting {}: {}. statefulset {set_name:?} in namespace {ns:?} must be healthy \
             before each pod is taken down (only the pod being restarted may be unavailable)",
            first.pod, p.reason
        );
        if opts.dry_run.is_some() {
            report
                .warnings
                .push(format!("the restart would stop at once: {msg}"));
            ui.line(&format!("warning: the restart would stop at once: {msg}"));
        } else {
            return Err(Failure::Refused(format!(
                "{msg}. Nothing was changed; check with `{}`",
                crate::hint::command("status", set_name, ns)
            )));
        }
    }
    // The claim check for every pod the plan takes down, before the first
    // eviction: a claim being deleted must not be found only after other
    // pods were restarted. Each step checks again right before its eviction.
    let going: Vec<&Pod> = plan
        .steps
        .iter()
        .filter(|s| s.action == Action::Restart)
        .filter_map(|s| {
            refs.iter()
                .copied()
                .find(|p| p.metadata.name.as_deref() == Some(s.pod.as_str()))
        })
        .collect();
    if let Err(e) = gate::claims_safe(kube, ns, &going).await {
        if opts.dry_run.is_none() {
            return Err(e);
        }
        report
            .warnings
            .push(format!("the restart would stop at once: {e}"));
        ui.line(&format!("warning: the restart would stop at once: {e}"));
    }

    // Checks that cannot run are refused before the first disruption.
    if let Some(c) = &checks {
        let gate = CheckGate {
            kube,
            ns,
            set: set_name,
            checks: c,
        };
        gate.preflight(&refs, opts.dry_run.is_some()).await?;
    }

    let changing: Vec<i32> = going
        .iter()
        .filter_map(|p| crate::plan::pod::ordinal_of(&set, p))
        .collect();
    if opts.dry_run.is_some() {
        crate::ops::snapshot::before_change(
            kube,
            &set,
            &changing,
            &opts.snapshot,
            "restart",
            opts.dry_run,
        )
        .await?;
    }
    if let Some(mode) = opts.dry_run {
        for s in &plan.steps {
            let mut r = pod_result(s, result_name(&s.action, true));
            if mode == DryRun::Server && s.action == Action::Restart {
                r.server_dry_run = Some(server_dry_run(kube, ns, &refs, s, opts, &budgets).await?);
            }
            report.pods.push(r);
        }
        return Ok(report);
    }

    let todo = plan
        .steps
        .iter()
        .filter(|s| s.action != Action::Done)
        .count();
    if todo > 0 {
        let q = format!(
            "Restart {todo} pod(s) of statefulset {set_name} in namespace {ns}, one at a time?"
        );
        let what = format!("restart the pods of statefulset {set_name} in namespace {ns}");
        if !prompt::confirm(&q, &what, opts.yes)? {
            return Err(Failure::Refused(
                "restart cancelled; nothing was changed".into(),
            ));
        }
        // Confirmed: from here an interruption, even during a read, prints
        // the resume command with `--yes`.
        crate::hint::set_resume(opts.resume.clone());
        crate::ops::snapshot::before_change(kube, &set, &changing, &opts.snapshot, "restart", None)
            .await?;
    }
    let interrupted = Interrupt::global();

    // Record the intent before the first eviction (rule 8).
    // Recorded right before the first eviction attempt (rule 8), so a run
    // refused before touching anything leaves no record behind.
    let fresh = intent.is_none();
    let mut intent = intent.unwrap_or_else(|| Intent::new(Timestamp::now()));
    intent.checks = checks.as_ref().map(Checks::record);
    report.started_at = Some(intent.started_at.clone());

    let ctx = Ctx {
        kube,
        ns,
        set_name,
        opts,
        deadline,
        window,
        intent: &intent,
        ui: &ui,
        interrupted: &interrupted,
        recorded: std::cell::Cell::new(!fresh),
        evicted: std::cell::Cell::new(false),
        checks: checks.as_ref(),
        last_replaced: std::cell::RefCell::new(vec![]),
    };
    for step in &plan.steps {
        let r = match step.action {
            Action::Done => Ok(pod_result(step, "alreadyRestarted")),
            Action::Verify => ctx.verify(step).await,
            Action::Restart => ctx.restart(step).await,
        };
        match r {
            Ok(r) => report.pods.push(r),
            Err(e) => {
                // Nothing evicted by a fresh run: drop its record, so a later
                // run does not take pods created meanwhile for restarted ones.
                if fresh && !ctx.evicted.get() && ctx.recorded.get() {
                    let _ = clear_record(kube, ns, set_name, &intent).await;
                }
                return Err(e);
            }
        }
    }
    // Done: remove the record (only ours; guarded by resourceVersion).
    clear_record(kube, ns, set_name, &intent).await?;
    ui.line(&format!(
        "statefulset {set_name} in namespace {ns}: {} pod(s) restarted in {}",
        report
            .pods
            .iter()
            .filter(|p| p.result != "alreadyRestarted")
            .count(),
        human(started.elapsed())
    ));
    Ok(report)
}

/// Removes this run's restart record (another run's stays).
async fn clear_record(kube: &Kube, ns: &str, name: &str, mine: &Intent) -> Result<(), Failure> {
    let at = mine.started_at.clone();
    let change = crate::plan::record::clear_mine(move |c: &Intent| c.started_at == at);
    record::update(kube, ns, name, RESTART_ANNOTATION, change).await
}

fn covering_budgets<'a>(
    budgets: &'a [PodDisruptionBudget],
    pods: &[&Pod],
) -> Vec<&'a PodDisruptionBudget> {
    budgets
        .iter()
        .filter(|b| {
            pods.iter()
                .any(|p| !pdbs_for(std::slice::from_ref(*b), p).is_empty())
        })
        .collect()
}

/// Dry-run=server: asks the API server whether evicting the pod would be
/// allowed now (dryRun=All evaluates the budgets but changes nothing).
async fn server_dry_run(
    kube: &Kube,
    ns: &str,
    pods: &[&Pod],
    step: &Step,
    opts: &Options,
    budgets: &[PodDisruptionBudget],
) -> Result<String, Failure> {
    let Some(pod) = pods
        .iter()
        .find(|p| p.metadata.name.as_deref() == Some(step.pod.as_str()))
    else {
        return Ok("pod missing".into());
    };
    let res = if opts.disable_eviction {
        evict::delete(kube, ns, pod, true).await?
    } else {
        evict::evict(kube, ns, pod, true).await?
    };
    Ok(match res {
        Evicted::Yes => "allowed now".into(),
        Evicted::Blocked { causes, .. } if !causes.is_empty() => {
            format!("refused (429): {}", causes.join("; "))
        }
        Evicted::Blocked { .. } => explain_429(&step.pod, &[], &pdbs_for(budgets, pod)),
        Evicted::Conflict => "changed meanwhile (409)".into(),
        Evicted::Gone => "gone (404)".into(),
    })
}

fn result_name(a: &Action, dry: bool) -> &'static str {
    match a {
        Action::Done => "alreadyRestarted",
        Action::Verify if dry => "toVerify",
        Action::Verify => "verified",
        Action::Restart if dry => "planned",
        Action::Restart => "restarted",
    }
}

fn pod_result(s: &Step, result: &'static str) -> PodResult {
    // A pod replaced by an earlier run: its UID is the new one.
    let replaced = matches!(s.action, Action::Done | Action::Verify);
    let uid = (!s.uid.is_empty()).then(|| s.uid.clone());
    PodResult {
        name: s.pod.clone(),
        ordinal: s.ordinal,
        result,
        old_uid: if replaced { None } else { uid.clone() },
        new_uid: if replaced { uid } else { None },
        revision: s.want_revision.clone(),
        unhealthy: s.unhealthy.clone(),
        seconds: None,
        server_dry_run: None,
    }
}

fn print_plan(ui: &Ui, r: &Report, steps: &[Step], intent: Option<&Intent>, last: Option<&str>) {
    let how = match r.method {
        "delete" => "plain deletes (no PodDisruptionBudget applies)",
        _ => "the Eviction API",
    };
    let mut s = format!(
        "{} statefulset {} in namespace {}: {} pod(s), one at a time, through {how}; each new pod \
         must stay Ready {}s.",
        if r.dry_run {
            "Would restart"
        } else {
            "Restarting"
        },
        r.stateful_set,
        r.namespace,
        steps.iter().filter(|s| s.action != Action::Done).count(),
        r.stability_window_seconds
    );
    if let Some(i) = intent {
        s.push_str(&format!(
            "\nResuming the restart started at {} ({} pod(s) done then).",
            i.started_at,
            i.done.len()
        ));
    }
    s.push_str("\nOrder:");
    for (n, st) in steps.iter().enumerate() {
        let note = match (&st.action, &st.unhealthy) {
            (Action::Done, _) => " (already restarted, skipped)".to_string(),
            (Action::Verify, _) => " (replaced by the interrupted run; only verified)".to_string(),
            (_, Some(u)) if last == Some(st.pod.as_str()) => format!(" (unhealthy: {u}; last)"),
            (_, Some(u)) => format!(" (unhealthy: {u}, goes first)"),
            _ if last == Some(st.pod.as_str()) => " (last)".to_string(),
            _ => String::new(),
        };
        s.push_str(&format!("\n  {}. {}{note}", n + 1, st.pod));
    }
    if r.method == "eviction" {
        if r.pod_disruption_budgets.is_empty() {
            s.push_str("\nPodDisruptionBudgets: none covers these pods.");
        } else {
            s.push_str(&format!(
                "\nPodDisruptionBudgets: {}.",
                r.pod_disruption_budgets.join("; ")
            ));
        }
    }
    ui.line(&s);
    for w in &r.warnings {
        ui.line(&format!("warning: {w}"));
    }
}
