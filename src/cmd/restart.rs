//! `kubectl sts restart NAME`: restarts pods one at a time through the
//! Eviction API, highest ordinal first, with the health gates of rules 1-4
//! and a resumable record of what is done (rule 8).
//!
//! The CLI layer (`run`) only turns flags into [`Options`] and renders the
//! [`Report`]; the engine, [`restart_pods`], is callable by other verbs (e.g.
//! a PVC resize that must restart the pods whose volume waits for one).

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Result;
use clap::Args;
use futures::FutureExt;
use futures::channel::oneshot;
use futures::future::Shared;
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::jiff::Timestamp;
use serde::Serialize;

use crate::cli::{DryRun, GlobalArgs, OutputFormat, WriteArgs};
use crate::cluster::Kube;
use crate::cluster::evict::{self, Evicted};
use crate::cluster::wait::{Next, WaitError, watch_set};
use crate::duration::{human, parse_duration};
use crate::error::Failure;
use crate::plan::health::{Replacement, check_set, replacement, stability_window};
use crate::plan::restart::{
    self as rplan, Action, DonePod, Intent, Phase, RESTART_ANNOTATION, Step, describe_pdb,
    explain_429, pdbs_for, recorded_intent, retry_delay,
};
use crate::plan::selector;
use crate::render::{self, Style, prompt};

#[derive(Debug, Args)]
pub struct RestartArgs {
    /// StatefulSet name
    pub name: String,

    /// Restart only this pod; repeat for several (default: every pod)
    #[arg(long = "pod", value_name = "POD")]
    pub pods: Vec<String>,

    /// Restart this pod (e.g. the primary or leader) last, never first
    #[arg(long, value_name = "POD")]
    pub last: Option<String>,

    /// Each new pod must stay Ready this long before the next pod (at least
    /// the StatefulSet's minReadySeconds)
    #[arg(long, value_name = "DURATION", default_value = "0s", value_parser = parse_duration)]
    pub min_ready: Duration,

    /// Stop after this long (exit 3), leaving a command that resumes
    #[arg(long, value_name = "DURATION", default_value = "30m", value_parser = parse_duration)]
    pub timeout: Duration,

    /// Delete pods (with preconditions) instead of evicting them:
    /// PodDisruptionBudgets do NOT apply
    #[arg(long)]
    pub disable_eviction: bool,

    /// Do what `kubectl rollout restart` does instead: set the restartedAt
    /// annotation of the pod template (new revision, rolled by the
    /// controller, ignoring PodDisruptionBudgets and capped by the partition)
    #[arg(long, conflicts_with_all = ["pods", "last", "disable_eviction", "min_ready"])]
    pub via_template: bool,

    #[command(flatten)]
    pub write: WriteArgs,
}

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

pub async fn run(g: &GlobalArgs, args: &RestartArgs) -> Result<ExitCode> {
    let kube = crate::client::connect(g).await?;
    let ns = g
        .namespace
        .clone()
        .unwrap_or_else(|| kube.default_ns.clone());
    let report = if args.via_template {
        via_template(&kube, &ns, &args.name, &args.write).await?
    } else {
        let opts = Options {
            min_ready: args.min_ready,
            timeout: args.timeout,
            last: args.last.clone(),
            disable_eviction: args.disable_eviction,
            dry_run: args.write.dry_run,
            yes: args.write.yes,
            resume: resume_command(g, &ns, args),
        };
        let only = (!args.pods.is_empty()).then(|| args.pods.clone());
        restart_pods(&kube, &ns, &args.name, only, &opts).await?
    };

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match g.output {
        OutputFormat::Json => render::write_json(&mut out, &report)?,
        OutputFormat::Yaml => render::write_yaml(&mut out, &report)?,
        OutputFormat::Name => {
            for p in &report.pods {
                writeln!(out, "pod/{}", p.name)?;
            }
        }
        OutputFormat::Table | OutputFormat::Wide => write_table(&mut out, &report, g)?,
    }
    out.flush()?;
    if g.verbosity >= 6 {
        eprintln!("api: {} requests", kube.request_count());
    }
    Ok(ExitCode::SUCCESS)
}

fn write_table(out: &mut dyn Write, r: &Report, g: &GlobalArgs) -> std::io::Result<()> {
    if r.method == "template" {
        return writeln!(
            out,
            "statefulset.apps/{} restarted through its pod template ({}={}){}",
            r.stateful_set,
            rplan::RESTARTED_AT_ANNOTATION,
            r.started_at.as_deref().unwrap_or(""),
            if r.dry_run { " (dry run)" } else { "" }
        );
    }
    let style = Style::for_stdout(g.color);
    let wide = g.output == OutputFormat::Wide;
    let mut header = vec!["POD", "RESULT", "OLD UID", "NEW UID", "REVISION", "TOOK"];
    if r.pods.iter().any(|p| p.server_dry_run.is_some()) {
        header.push("SERVER DRY RUN");
    }
    let mut t = render::table(&style, &header);
    let short = |u: &str| {
        if wide || u.len() <= 8 {
            u.to_string()
        } else {
            u[..8].to_string()
        }
    };
    for p in &r.pods {
        let mut row = vec![
            p.name.clone(),
            match &p.unhealthy {
                Some(u) => format!("{} (was {u})", p.result),
                None => p.result.to_string(),
            },
            p.old_uid
                .as_deref()
                .map(short)
                .unwrap_or_else(|| "-".into()),
            p.new_uid
                .as_deref()
                .map(short)
                .unwrap_or_else(|| "-".into()),
            p.revision.clone().unwrap_or_else(|| "-".into()),
            p.seconds
                .map(|s| format!("{s}s"))
                .unwrap_or_else(|| "-".into()),
        ];
        if let Some(s) = &p.server_dry_run {
            row.push(s.clone());
        }
        t.add_row(row);
    }
    render::write_table(out, &t, "")
}

/// The command that resumes a restart run with these flags.
fn resume_command(g: &GlobalArgs, ns: &str, a: &RestartArgs) -> String {
    let mut s = format!("kubectl sts restart {} -n {ns}", a.name);
    if let Some(k) = &g.kubeconfig {
        s.push_str(&format!(" --kubeconfig {k}"));
    }
    if let Some(c) = &g.context {
        s.push_str(&format!(" --context {c}"));
    }
    for p in &a.pods {
        s.push_str(&format!(" --pod {p}"));
    }
    if let Some(l) = &a.last {
        s.push_str(&format!(" --last {l}"));
    }
    if !a.min_ready.is_zero() {
        s.push_str(&format!(" --min-ready {}s", a.min_ready.as_secs()));
    }
    if a.disable_eviction {
        s.push_str(" --disable-eviction");
    }
    s.push_str(" --yes");
    s
}

/// Restarts the pods of StatefulSet `ns/set_name` (all live pods, or `only`),
/// one at a time: before each, the rest of the set must be healthy; after
/// each, the replacement must be new, at the expected revision, Ready and
/// stable. Resumes a restart recorded on the set.
pub async fn restart_pods(
    kube: &Kube,
    ns: &str,
    set_name: &str,
    only: Option<Vec<String>>,
    opts: &Options,
) -> Result<Report, Failure> {
    let started = Instant::now();
    let deadline = started + opts.timeout;
    let set = read_set(kube, ns, set_name).await?;
    let intent = recorded_intent(&set).map_err(|e| {
        Failure::Refused(format!(
            "statefulset {set_name:?} in namespace {ns:?}: {e}. Nothing was changed. If no \
             restart is in progress, remove it with: kubectl annotate statefulset {set_name} -n \
             {ns} {RESTART_ANNOTATION}-"
        ))
    })?;
    let pods = read_pods(kube, ns, &set).await?;
    let refs: Vec<&Pod> = pods.iter().collect();
    let plan = rplan::plan(
        &set,
        &refs,
        only.as_deref(),
        opts.last.as_deref(),
        intent.as_ref(),
    )
    .map_err(|e| Failure::Invalid(format!("{e}; nothing was changed")))?;
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

    let ui = Ui::new();
    print_plan(
        &ui,
        &report,
        &plan.steps,
        intent.as_ref(),
        opts.last.as_deref(),
    );
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
                "{msg}. Nothing was changed; check with `kubectl sts status {set_name} -n {ns}`"
            )));
        }
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
    }
    let interrupted = Interrupt::listen();

    // Record the intent before the first eviction (rule 8).
    // Recorded right before the first eviction attempt (rule 8), so a run
    // refused before touching anything leaves no record behind.
    let fresh = intent.is_none();
    let intent = intent.unwrap_or_else(|| Intent::new(Timestamp::now()));
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
                    let _ = record(kube, ns, set_name, |_| None).await;
                }
                return Err(e);
            }
        }
    }
    // Done: remove the record (only ours; guarded by resourceVersion).
    record(kube, ns, set_name, |_| None).await?;
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

struct Ctx<'a> {
    kube: &'a Kube,
    ns: &'a str,
    set_name: &'a str,
    opts: &'a Options,
    deadline: Instant,
    window: Duration,
    intent: &'a Intent,
    ui: &'a Ui,
    interrupted: &'a Interrupt,
    /// The intent annotation is on the set.
    recorded: std::cell::Cell<bool>,
    /// This run evicted (or deleted) a pod.
    evicted: std::cell::Cell<bool>,
}

impl Ctx<'_> {
    fn interrupted(&self) -> bool {
        self.interrupted.is_set()
    }

    fn what(&self) -> String {
        format!("statefulset {:?} in namespace {:?}", self.set_name, self.ns)
    }

    /// Evicts `step`'s pod once the rest of the set is healthy, then waits
    /// for a verified replacement.
    async fn restart(&self, step: &Step) -> Result<PodResult, Failure> {
        let mut bar = self.ui.pod(&step.pod);
        let mut attempt = 0u32;
        let mut conflicts = 0u32;
        let mut last_block = String::new();
        let (pod, want) = loop {
            if self.interrupted() {
                bar.abandon("interrupted before eviction");
                return Err(Failure::Interrupted(format!(
                    "interrupted before evicting {}; nothing is half-done. Resume with: {}",
                    step.pod, self.opts.resume
                )));
            }
            let set = read_set(self.kube, self.ns, self.set_name).await?;
            let pods = read_pods(self.kube, self.ns, &set).await?;
            let refs: Vec<&Pod> = pods.iter().collect();
            let Some(pod) = refs
                .iter()
                .find(|p| p.metadata.name.as_deref() == Some(step.pod.as_str()))
                .map(|p| (*p).clone())
            else {
                bar.abandon("missing");
                return Err(self.gate_failure(step, &format!("pod {} does not exist", step.pod)));
            };
            // Replaced by someone else since the plan, after our start: verify it.
            if pod.metadata.uid.as_deref() != Some(step.uid.as_str())
                && pod
                    .metadata
                    .creation_timestamp
                    .as_ref()
                    .zip(self.intent.started())
                    .is_some_and(|(c, s)| c.0 > s)
            {
                bar.abandon("already replaced; verifying");
                return self.verify(step).await;
            }
            // Rule 1: the rest of the set must be healthy; the pod itself may be
            // the unhealthy one (rule 3 restarts those first).
            let problems = check_set(&set, &refs, Some(&step.pod));
            if let Some(p) = problems.first() {
                bar.abandon("not evicted: the set is not healthy");
                return Err(self.gate_failure(step, &p.reason));
            }
            let want = rplan::expected_revision(&set, step.ordinal);
            if !self.recorded.get() {
                let i = self.intent.clone();
                record(self.kube, self.ns, self.set_name, |_| Some(i.clone())).await?;
                self.recorded.set(true);
            }
            let res = if self.opts.disable_eviction {
                evict::delete(self.kube, self.ns, &pod, false).await?
            } else {
                evict::evict(self.kube, self.ns, &pod, false).await?
            };
            match res {
                Evicted::Yes => {
                    self.evicted.set(true);
                    break (pod, want);
                }
                Evicted::Conflict | Evicted::Gone => {
                    // Rule 5: re-read and re-decide, never replay the write.
                    conflicts += 1;
                    if conflicts > 5 {
                        bar.abandon("conflicts");
                        return Err(Failure::Conflict(format!(
                            "pod {} in namespace {:?} kept changing while it was being evicted; \
                             nothing was evicted. Resume with: {}",
                            step.pod, self.ns, self.opts.resume
                        )));
                    }
                }
                Evicted::Blocked { causes, .. } => {
                    let budgets = evict::budgets(self.kube, self.ns).await?;
                    let covering = pdbs_for(&budgets, &pod);
                    let msg = explain_429(&step.pod, &causes, &covering);
                    if msg != last_block {
                        self.ui
                            .line(&format!("{msg} Waiting and retrying until the deadline."));
                        last_block = msg.clone();
                    }
                    bar.set(&format!(
                        "blocked by PodDisruptionBudget, retry {}",
                        attempt + 1
                    ));
                    let delay = retry_delay(attempt);
                    attempt += 1;
                    let now = Instant::now();
                    if now + delay >= self.deadline {
                        tokio::select! {
                            _ = tokio::time::sleep_until(self.deadline.into()) => {}
                            _ = self.interrupted.wait() => {}
                        }
                        if !self.interrupted() {
                            bar.abandon("not evicted: blocked by PodDisruptionBudget");
                            let done = self.done_count().await;
                            let recorded = if done > 0 {
                                format!(
                                    " {done} pod(s) restarted so far are recorded on {} \
                                     (annotation {RESTART_ANNOTATION}).",
                                    self.what()
                                )
                            } else {
                                String::new()
                            };
                            return Err(Failure::TimedOut(format!(
                                "timed out after {}: {msg} Nothing was evicted for {}.{recorded} \
                                 Wait for the budget to allow a disruption (kubectl get pdb -n \
                                 {}), then resume with: {}",
                                human(self.opts.timeout),
                                step.pod,
                                self.ns,
                                self.opts.resume
                            )));
                        }
                    } else {
                        tokio::select! {
                            _ = tokio::time::sleep(delay) => {}
                            _ = self.interrupted.wait() => {}
                        }
                    }
                }
            }
        };
        let evicted_at = Instant::now();
        bar.phase(Phase::Evicted, "");
        let old_uid = pod.metadata.uid.clone().unwrap_or_default();
        let new_uid = self
            .wait_replacement(step, &old_uid, want.as_deref(), &mut bar)
            .await?;
        self.mark_done(&step.pod, &new_uid).await?;
        let mut r = pod_result(step, "restarted");
        r.new_uid = Some(new_uid);
        r.revision = want;
        r.seconds = Some(evicted_at.elapsed().as_secs());
        Ok(r)
    }

    /// A pod replaced by an interrupted run: evict nothing, just check that
    /// its replacement is Ready and stable.
    async fn verify(&self, step: &Step) -> Result<PodResult, Failure> {
        let mut bar = self.ui.pod(&step.pod);
        let t = Instant::now();
        let set = read_set(self.kube, self.ns, self.set_name).await?;
        let want = rplan::expected_revision(&set, step.ordinal);
        // No old UID to rule out: any pod created after the start will do.
        let new_uid = self
            .wait_replacement(step, "", want.as_deref(), &mut bar)
            .await?;
        self.mark_done(&step.pod, &new_uid).await?;
        let mut r = pod_result(step, "verified");
        r.new_uid = Some(new_uid);
        r.revision = want;
        r.seconds = Some(t.elapsed().as_secs());
        Ok(r)
    }

    async fn wait_replacement(
        &self,
        step: &Step,
        old_uid: &str,
        want: Option<&str>,
        bar: &mut PodBar,
    ) -> Result<String, Failure> {
        let evicted_note = if old_uid.is_empty() {
            format!("{} was replaced by an earlier run", step.pod)
        } else {
            format!(
                "{} was evicted; the StatefulSet controller recreates it on its own",
                step.pod
            )
        };
        if self.interrupted() {
            bar.abandon("interrupted");
            return Err(Failure::Interrupted(format!(
                "interrupted: {evicted_note}. No other pod was touched. Resume with: {}",
                self.opts.resume
            )));
        }
        let remaining = self.deadline.saturating_duration_since(Instant::now());
        let window = self.window;
        let started = self.intent.started();
        let outcome = watch_set(
            self.kube,
            self.ns,
            self.set_name,
            remaining,
            |_| {},
            |_set, pods, now| {
                let pod = pods
                    .iter()
                    .find(|p| p.metadata.name.as_deref() == Some(step.pod.as_str()))
                    .copied();
                // Verifying: a pod from before the start is not a replacement.
                let old = match pod {
                    Some(p) if old_uid.is_empty() && !created_after(p, started) => {
                        p.metadata.uid.clone().unwrap_or_default()
                    }
                    _ => old_uid.to_string(),
                };
                let r = replacement(&old, pod, want, window, now);
                bar.phase(rplan::phase(&r, pod), &r.describe());
                match r {
                    Replacement::Done => Next::Done(Ok(pod
                        .and_then(|p| p.metadata.uid.clone())
                        .unwrap_or_default())),
                    Replacement::Failing(_) | Replacement::WrongRevision { .. } => Next::Done(Err(
                        (r.describe(), pod.and_then(|p| p.metadata.uid.clone())),
                    )),
                    Replacement::Stabilizing { remaining } => Next::Wait {
                        status: r.describe(),
                        recheck: Some(remaining.min(Duration::from_secs(1))),
                    },
                    _ => Next::Wait {
                        status: r.describe(),
                        recheck: None,
                    },
                }
            },
        )
        .await;
        match outcome {
            Ok(Ok(uid)) => {
                bar.finish("stable");
                Ok(uid)
            }
            Ok(Err((why, uid))) => {
                bar.abandon(&why);
                let events = self.events(&step.pod, uid.as_deref()).await;
                Err(Failure::Api(format!(
                    "restart of {} halted: the new {} is {why}.{events}\nNo other pod was touched. \
                     Look at it with `kubectl sts status {} -n {}`, fix the cause, then resume \
                     with: {}",
                    self.what(),
                    step.pod,
                    self.set_name,
                    self.ns,
                    self.opts.resume
                )))
            }
            Err(WaitError::Deadline { last, .. }) => {
                bar.abandon("timed out");
                Err(Failure::TimedOut(format!(
                    "timed out after {} waiting for the replacement of {} ({last}): \
                     {evicted_note}. No other pod was touched. Resume with: {}",
                    human(self.opts.timeout),
                    step.pod,
                    self.opts.resume
                )))
            }
            Err(WaitError::Interrupted { last }) => {
                bar.abandon("interrupted");
                Err(Failure::Interrupted(format!(
                    "interrupted while waiting for the replacement of {} ({last}): \
                     {evicted_note}. No other pod was touched. Resume with: {}",
                    step.pod, self.opts.resume
                )))
            }
            Err(WaitError::SetDeleted { .. }) => Err(Failure::NotFound(format!(
                "{} was deleted during the restart; {evicted_note}",
                self.what()
            ))),
            Err(WaitError::Api(f)) => Err(f),
        }
    }

    fn gate_failure(&self, step: &Step, reason: &str) -> Failure {
        Failure::Refused(format!(
            "not evicting {}: {reason}. {} must be healthy before each pod is taken down (only \
             the pod being restarted may be unavailable). Nothing more was changed; check with \
             `kubectl sts status {} -n {}`, then resume with: {}",
            step.pod,
            self.what(),
            self.set_name,
            self.ns,
            self.opts.resume
        ))
    }

    async fn events(&self, pod: &str, uid: Option<&str>) -> String {
        match evict::pod_events(self.kube, self.ns, pod, uid).await {
            Ok(ev) if !ev.is_empty() => {
                let lines: Vec<String> = ev
                    .iter()
                    .rev()
                    .take(8)
                    .rev()
                    .map(|e| {
                        format!(
                            "\n  {} {}: {}",
                            e.type_.as_deref().unwrap_or("-"),
                            e.reason.as_deref().unwrap_or("-"),
                            e.message.as_deref().unwrap_or("").trim()
                        )
                    })
                    .collect();
                format!("\nEvents of {pod}:{}", lines.concat())
            }
            Ok(_) => format!("\nNo events for {pod}."),
            Err(e) => format!("\n(could not read the events of {pod}: {e})"),
        }
    }

    async fn mark_done(&self, pod: &str, uid: &str) -> Result<(), Failure> {
        let entry = DonePod {
            pod: pod.to_string(),
            uid: uid.to_string(),
        };
        let fallback = self.intent.clone();
        record(self.kube, self.ns, self.set_name, move |cur| {
            let mut i = cur.unwrap_or_else(|| fallback.clone());
            i.done.retain(|d| d.pod != entry.pod);
            i.done.push(entry.clone());
            Some(i)
        })
        .await
    }

    async fn done_count(&self) -> usize {
        match read_set(self.kube, self.ns, self.set_name).await {
            Ok(s) => recorded_intent(&s)
                .ok()
                .flatten()
                .map_or(0, |i| i.done.len()),
            Err(_) => 0,
        }
    }
}

fn created_after(p: &Pod, started: Option<Timestamp>) -> bool {
    p.metadata
        .creation_timestamp
        .as_ref()
        .zip(started)
        .is_some_and(|(c, s)| c.0 > s)
}

/// Rewrites the intent annotation from the current one, guarded by the
/// resourceVersion it was read at; on 409 re-reads and re-applies `change`.
async fn record(
    kube: &Kube,
    ns: &str,
    name: &str,
    change: impl Fn(Option<Intent>) -> Option<Intent>,
) -> Result<(), Failure> {
    for _ in 0..5 {
        let set = read_set(kube, ns, name).await?;
        let cur = recorded_intent(&set).ok().flatten();
        let next = change(cur.clone());
        if next == cur {
            return Ok(());
        }
        let rv = set.metadata.resource_version.clone().unwrap_or_default();
        let value = next.as_ref().map(Intent::to_json);
        if evict::annotate_set(kube, ns, name, &rv, RESTART_ANNOTATION, value.as_deref())
            .await?
            .is_some()
        {
            return Ok(());
        }
    }
    Err(Failure::Conflict(format!(
        "statefulset {name:?} in namespace {ns:?} kept changing while the restart record \
         (annotation {RESTART_ANNOTATION}) was being written; re-run the command to resume"
    )))
}

async fn read_set(kube: &Kube, ns: &str, name: &str) -> Result<StatefulSet, Failure> {
    kube.get_opt::<StatefulSet>(ns, name).await?.ok_or_else(|| {
        Failure::NotFound(format!(
            "statefulset {name:?} not found in namespace {ns:?}; list them with `kubectl sts \
             status -n {ns}`"
        ))
    })
}

async fn read_pods(kube: &Kube, ns: &str, set: &StatefulSet) -> Result<Vec<Pod>, Failure> {
    let sel = selector::to_query(&set.spec.selector);
    let uid = set.metadata.uid.as_deref();
    let pods = kube.list::<Pod>(Some(ns), Some(&sel)).await?;
    // Only the set's own pods: a selector may overlap another workload's.
    Ok(pods
        .into_iter()
        .filter(|p| {
            p.metadata
                .owner_references
                .iter()
                .flatten()
                .any(|o| o.controller == Some(true) && Some(o.uid.as_str()) == uid)
        })
        .collect())
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

/// `--via-template`: what `kubectl rollout restart` does, with the warnings
/// it does not give.
async fn via_template(kube: &Kube, ns: &str, name: &str, w: &WriteArgs) -> Result<Report, Failure> {
    let set = read_set(kube, ns, name).await?;
    let warnings = rplan::via_template_warnings(&set);
    for x in &warnings {
        eprintln!("warning: {x}");
    }
    let at = Timestamp::now().to_string();
    let mut report = Report {
        api_version: "kubectl-sts/v1",
        kind: "RestartReport",
        namespace: ns.into(),
        stateful_set: name.into(),
        method: "template",
        dry_run: w.dry_run.is_some(),
        started_at: Some(at.clone()),
        resumed: false,
        stability_window_seconds: 0,
        pods: vec![],
        pod_disruption_budgets: vec![],
        warnings,
    };
    if w.dry_run.is_some() {
        eprintln!(
            "Would set the pod template annotation {}={at} on statefulset {name} in namespace {ns}.",
            rplan::RESTARTED_AT_ANNOTATION
        );
        return Ok(report);
    }
    let q = format!("Set restartedAt on the pod template of statefulset {name} in namespace {ns}?");
    if !prompt::confirm(
        &q,
        &format!("change the pod template of statefulset {name}"),
        w.yes,
    )? {
        return Err(Failure::Refused("cancelled; nothing was changed".into()));
    }
    let rv = set.metadata.resource_version.clone().unwrap_or_default();
    if evict::restart_template(kube, ns, name, &rv, &at)
        .await?
        .is_none()
    {
        return Err(Failure::Conflict(format!(
            "statefulset {name:?} in namespace {ns:?} changed while it was being patched; nothing \
             was changed. Re-run the command"
        )));
    }
    report.started_at = Some(at);
    eprintln!(
        "statefulset {name}: pod template annotated; the controller now rolls the pods itself. \
         Follow it with `kubectl sts status {name} -n {ns}`."
    );
    Ok(report)
}

/// Ctrl-C, caught for the whole run so that a signal arriving during an API
/// request is not lost: a flag checked between steps, and a future that the
/// retry waits select on (the replacement waits watch for Ctrl-C themselves).
#[derive(Clone)]
struct Interrupt {
    flag: Arc<AtomicBool>,
    signal: Shared<oneshot::Receiver<()>>,
}

impl Interrupt {
    fn listen() -> Self {
        let flag = Arc::new(AtomicBool::new(false));
        let (tx, rx) = oneshot::channel();
        let f = flag.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                f.store(true, Ordering::SeqCst);
                let _ = tx.send(());
            }
        });
        Self {
            flag,
            signal: rx.shared(),
        }
    }

    fn is_set(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
    }

    async fn wait(&self) {
        // No signal handler (the sender is gone): never fire.
        if self.signal.clone().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// Progress on stderr: one spinner per pod on a terminal, plain lines
/// otherwise (one per phase change).
struct Ui {
    multi: Option<MultiProgress>,
}

impl Ui {
    fn new() -> Self {
        let multi = std::io::stderr()
            .is_terminal()
            .then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr()));
        Self { multi }
    }

    fn line(&self, s: &str) {
        match &self.multi {
            Some(m) => {
                let _ = m.println(s);
            }
            None => eprintln!("{s}"),
        }
    }

    fn pod(&self, name: &str) -> PodBar {
        let bar = self.multi.as_ref().map(|m| {
            let b = m.add(ProgressBar::new_spinner());
            if let Ok(st) = ProgressStyle::with_template("{spinner} {prefix:.bold} {wide_msg}") {
                b.set_style(st);
            }
            b.set_prefix(name.to_string());
            b.enable_steady_tick(Duration::from_millis(120));
            b
        });
        PodBar {
            name: name.to_string(),
            bar,
            last: None,
        }
    }
}

struct PodBar {
    name: String,
    bar: Option<ProgressBar>,
    last: Option<Phase>,
}

impl PodBar {
    fn phase(&mut self, p: Phase, detail: &str) {
        let msg = if detail.is_empty() || detail.eq_ignore_ascii_case(p.label()) {
            p.label().to_string()
        } else {
            format!("{}: {detail}", p.label())
        };
        match &self.bar {
            Some(b) => b.set_message(msg),
            None if self.last != Some(p) => eprintln!("{}: {msg}", self.name),
            None => {}
        }
        self.last = Some(p);
    }

    fn set(&mut self, msg: &str) {
        match &self.bar {
            Some(b) => b.set_message(msg.to_string()),
            None => eprintln!("{}: {msg}", self.name),
        }
    }

    fn finish(&mut self, msg: &str) {
        if let Some(b) = &self.bar {
            b.finish_with_message(msg.to_string());
        }
    }

    fn abandon(&mut self, msg: &str) {
        match &self.bar {
            Some(b) => b.abandon_with_message(msg.to_string()),
            None => eprintln!("{}: {msg}", self.name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    fn resume_for(args: &[&str]) -> String {
        let cli = Cli::try_parse_from(args).unwrap();
        let Command::Restart(a) = &cli.command else {
            panic!("not a restart")
        };
        resume_command(&cli.global, "shop", a)
    }

    #[test]
    fn resume_command_repeats_the_flags_that_matter_and_confirms() {
        assert_eq!(
            resume_for(&["kubectl-sts", "restart", "web"]),
            "kubectl sts restart web -n shop --yes"
        );
        assert_eq!(
            resume_for(&[
                "kubectl-sts",
                "--context",
                "prod",
                "restart",
                "web",
                "--pod",
                "web-1",
                "--last",
                "web-0",
                "--min-ready",
                "1m",
                "--timeout",
                "5m",
                "--disable-eviction",
            ]),
            "kubectl sts restart web -n shop --context prod --pod web-1 --last web-0 \
             --min-ready 60s --disable-eviction --yes"
        );
    }
}
