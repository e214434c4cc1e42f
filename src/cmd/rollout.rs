//! `kubectl sts rollout`: status, partition, canary, pause/resume, history,
//! undo. Fetch -> plan (`plan::rollout`) -> confirm -> write with the
//! resourceVersion decided on (`cluster::rollout`) -> watch-driven wait
//! (`cluster::wait::watch_set`).

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Result, anyhow};
use clap::{Args, Subcommand};
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use k8s_openapi::api::apps::v1::{ControllerRevision, StatefulSet};
use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::jiff::Timestamp;
use serde::Serialize;

use crate::args::{GlobalArgs, OutputFormat, WriteArgs};
use crate::cluster::Kube;
use crate::cluster::rollout as io;
use crate::cluster::wait::{Next, WaitError, watch_set};
use crate::duration::{human, parse_duration};
use crate::error::Failure;
use crate::plan::health::{check_set, stability_window};
use crate::plan::rollout::{self as plan, Intent, PlanError, PodProgress, Step, Verdict, decide};
use crate::plan::set::{self as facts, Strategy};
use crate::plan::stuck::blocking_broken_pods;
use crate::render::{self, Style, prompt};

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct RolloutArgs {
    #[command(subcommand)]
    pub command: Option<Sub>,

    /// StatefulSet name (with --partition)
    pub name: Option<String>,

    /// Set the partition to N and wait until the pods it updates are new, at
    /// the update revision, Ready and stable. N counts from
    /// spec.ordinals.start: pods with ordinal >= start + N are updated
    #[arg(long, value_name = "N")]
    pub partition: Option<i32>,

    #[command(flatten)]
    pub wait: WaitArgs,

    #[command(flatten)]
    pub write: WriteArgs,
}

#[derive(Debug, Clone, Args)]
pub struct WaitArgs {
    /// How long to wait (for each step of a canary); exit code 3 when it passes
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = parse_duration)]
    pub timeout: Duration,

    /// A pod counts as done once Ready for max(spec.minReadySeconds, this)
    #[arg(long, value_name = "DURATION", default_value = "0s", value_parser = parse_duration)]
    pub min_ready: Duration,
}

#[derive(Debug, Subcommand)]
pub enum Sub {
    /// Wait until the rollout is done: every pod at or above the partition is
    /// at the update revision, Ready and stable, every pod below it still at
    /// the current revision. Exit 0 done, 1 a pod is failing, 3 timed out
    #[command(after_help = EXAMPLES_STATUS)]
    Status {
        /// StatefulSet name
        name: String,
        #[command(flatten)]
        wait: WaitArgs,
    },
    /// Walk the partition down from the highest ordinal, K ordinals a step,
    /// checking health before and after each step and asking between steps
    #[command(after_help = EXAMPLES_CANARY)]
    Canary(CanaryArgs),
    /// Freeze the set: raise the partition to replicas so a new template can
    /// be applied without any pod changing; the old partition is recorded
    #[command(after_help = EXAMPLES_PAUSE)]
    Pause {
        /// StatefulSet name
        name: String,
        #[command(flatten)]
        write: WriteArgs,
    },
    /// Restore the partition recorded by `rollout pause`
    #[command(after_help = EXAMPLES_PAUSE)]
    Resume {
        /// StatefulSet name
        name: String,
        #[command(flatten)]
        write: WriteArgs,
    },
    /// ControllerRevisions: revision, hash, images, change-cause, pods running each
    #[command(after_help = EXAMPLES_HISTORY)]
    History {
        /// StatefulSet name
        name: String,
    },
    /// Restore the pod template of an earlier revision, then replace pods
    /// stuck at the bad revision (kubernetes#67250) once the revert has landed
    #[command(after_help = EXAMPLES_UNDO)]
    Undo(UndoArgs),
}

#[derive(Debug, Args)]
pub struct CanaryArgs {
    /// StatefulSet name
    pub name: String,
    /// Ordinals updated per step
    #[arg(long, value_name = "K", default_value_t = 1)]
    pub step: i32,
    /// Partition to stop at (default: 0, every pod; resumed runs keep the recorded one)
    #[arg(long, value_name = "N")]
    pub to: Option<i32>,
    #[command(flatten)]
    pub wait: WaitArgs,
    #[command(flatten)]
    pub write: WriteArgs,
}

#[derive(Debug, Args)]
pub struct UndoArgs {
    /// StatefulSet name
    pub name: String,
    /// Revision number to restore (see `rollout history`); default: the one
    /// before the update revision
    #[arg(long, value_name = "R")]
    pub to_revision: Option<i64>,
    #[command(flatten)]
    pub wait: WaitArgs,
    #[command(flatten)]
    pub write: WriteArgs,
}

const EXAMPLES_STATUS: &str = "\
Examples:
  # Wait up to 10 minutes; pods must stay Ready 30s to count
  kubectl sts rollout status web --timeout 10m --min-ready 30s";
const EXAMPLES_CANARY: &str = "\
Examples:
  # One pod at a time, asking between steps
  kubectl sts rollout canary web

  # Two pods a step down to partition 1, without prompts
  kubectl sts rollout canary web --step 2 --to 1 --yes

  # Only print the steps
  kubectl sts rollout canary web --dry-run";
const EXAMPLES_PAUSE: &str = "\
Examples:
  kubectl sts rollout pause web
  kubectl apply -f web.yaml        # no pod changes
  kubectl sts rollout canary web   # or: kubectl sts rollout resume web";
const EXAMPLES_HISTORY: &str = "\
Examples:
  kubectl sts rollout history web";
const EXAMPLES_UNDO: &str = "\
Examples:
  # Back to the revision before the update revision
  kubectl sts rollout undo web --yes

  # To a given revision
  kubectl sts rollout undo web --to-revision 2";

pub async fn run(g: &GlobalArgs, args: &RolloutArgs) -> Result<ExitCode> {
    let needs = |what: &str| -> Result<ExitCode> {
        eprintln!(
            "error: {what}\n\nUsage: kubectl sts rollout NAME --partition N, or kubectl sts rollout \
             <status|canary|pause|resume|history|undo> NAME\n\nFor more information, try '--help'."
        );
        Ok(ExitCode::from(2))
    };
    let cmd = match &args.command {
        Some(c) => c,
        None => {
            return match (&args.name, args.partition) {
                (Some(name), Some(p)) => {
                    let ctx = Ctx::new(g, name).await?;
                    set_partition(&ctx, p, &args.wait, &args.write).await
                }
                (None, _) => needs("a StatefulSet name is required"),
                (Some(_), None) => needs("--partition N (or a subcommand) is required"),
            };
        }
    };
    match cmd {
        Sub::Status { name, wait } => status(&Ctx::new(g, name).await?, wait).await,
        Sub::Canary(a) => canary(&Ctx::new(g, &a.name).await?, a).await,
        Sub::Pause { name, write } => pause(&Ctx::new(g, name).await?, write).await,
        Sub::Resume { name, write } => resume(&Ctx::new(g, name).await?, write).await,
        Sub::History { name } => history(&Ctx::new(g, name).await?).await,
        Sub::Undo(a) => undo(&Ctx::new(g, &a.name).await?, a).await,
    }
}

struct Ctx<'a> {
    g: &'a GlobalArgs,
    kube: Kube,
    ns: String,
    name: String,
    /// When this run started: container restarts after it are failures.
    started: Timestamp,
}

impl<'a> Ctx<'a> {
    async fn new(g: &'a GlobalArgs, name: &str) -> Result<Self> {
        if g.all_namespaces {
            return Err(Failure::Config(
                "-A/--all-namespaces cannot be used with rollout; use -n NAMESPACE".into(),
            )
            .into());
        }
        let kube = crate::client::connect(g).await?;
        let ns = g
            .namespace
            .clone()
            .unwrap_or_else(|| kube.default_ns.clone());
        Ok(Self {
            g,
            kube,
            ns,
            name: name.to_string(),
            started: Timestamp::now(),
        })
    }

    fn cmd(&self, rest: &str) -> String {
        format!("kubectl sts rollout {rest} {} -n {}", self.name, self.ns)
    }

    fn done(&self, code: ExitCode) -> Result<ExitCode> {
        if self.g.verbosity >= 6 {
            eprintln!("api: {} requests", self.kube.request_count());
        }
        Ok(code)
    }
}

/// One progress line per pod of interest: an indicatif spinner on a
/// terminal, plain lines otherwise.
struct Progress {
    multi: Option<MultiProgress>,
    bars: BTreeMap<String, ProgressBar>,
    last: BTreeMap<String, String>,
    done: BTreeMap<String, bool>,
    started: Instant,
}

impl Progress {
    fn new(pods: &[String]) -> Self {
        let tty = std::io::stderr().is_terminal();
        let multi = tty.then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr()));
        let mut bars = BTreeMap::new();
        if let Some(m) = &multi {
            let style = ProgressStyle::with_template("{spinner} {prefix:<12} {elapsed:>4} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner());
            for p in pods {
                let b = m.add(ProgressBar::new_spinner());
                b.set_style(style.clone());
                b.set_prefix(p.clone());
                b.enable_steady_tick(Duration::from_millis(120));
                bars.insert(p.clone(), b);
            }
        }
        Self {
            multi,
            bars,
            last: pods.iter().map(|p| (p.clone(), String::new())).collect(),
            done: pods.iter().map(|p| (p.clone(), false)).collect(),
            started: Instant::now(),
        }
    }

    /// The first watched pod, highest ordinal first, that is not done.
    fn pending(&self) -> Option<String> {
        let mut v: Vec<&String> = self
            .done
            .iter()
            .filter(|(_, d)| !**d)
            .map(|(n, _)| n)
            .collect();
        v.sort_by_key(|n| std::cmp::Reverse((n.len(), n.to_string())));
        v.first().map(|n| n.to_string())
    }

    fn update(&mut self, pods: &[PodProgress]) {
        for p in pods {
            if let Some(d) = self.done.get_mut(&p.name) {
                *d = p.done;
            }
            let Some(last) = self.last.get_mut(&p.name) else {
                continue;
            };
            if *last == p.state {
                continue;
            }
            last.clone_from(&p.state);
            match self.bars.get(&p.name) {
                Some(b) if p.done => b.finish_with_message(format!("✓ {}", p.state)),
                Some(b) => b.set_message(p.state.clone()),
                None => eprintln!(
                    "  {:<12} {:>4} {}",
                    p.name,
                    human(self.started.elapsed()),
                    p.state
                ),
            }
        }
    }

    fn finish(&self) {
        for b in self.bars.values() {
            if !b.is_finished() {
                b.abandon();
            }
        }
        if let Some(m) = &self.multi {
            let _ = m.clear();
        }
    }
}

enum Outcome {
    Done,
    Failed {
        pod: String,
        reason: String,
    },
    /// The last status, and the first watched pod that was not done.
    Deadline(String, Option<String>),
    Interrupted(String),
}

/// Watches the set until rule 9 holds for `partition`, a pod fails, the
/// deadline passes or Ctrl-C.
async fn wait_partition(
    ctx: &Ctx<'_>,
    partition: Option<i32>,
    replaced: &BTreeMap<String, String>,
    wait: &WaitArgs,
    watch: &[String],
) -> Result<Outcome, Failure> {
    let mut progress = Progress::new(watch);
    let res = watch_set(
        &ctx.kube,
        &ctx.ns,
        &ctx.name,
        wait.timeout,
        |_| {},
        |set, pods, now| {
            let p = partition.unwrap_or_else(|| facts::partition(set));
            let window = stability_window(set, wait.min_ready);
            match decide(set, pods, p, window, replaced, Some(ctx.started), now) {
                Verdict::Done(v) => {
                    progress.update(&v);
                    Next::Done(Ok(v))
                }
                Verdict::Failed { pod, reason, pods } => {
                    progress.update(&pods);
                    Next::Done(Err((pod, reason)))
                }
                Verdict::Waiting {
                    status,
                    pods,
                    recheck,
                } => {
                    progress.update(&pods);
                    Next::Wait { status, recheck }
                }
            }
        },
    )
    .await;
    progress.finish();
    match res {
        Ok(Ok(_)) => Ok(Outcome::Done),
        Ok(Err((pod, reason))) => Ok(Outcome::Failed { pod, reason }),
        Err(WaitError::Deadline { last, .. }) => Ok(Outcome::Deadline(last, progress.pending())),
        Err(WaitError::Interrupted { last }) => Ok(Outcome::Interrupted(last)),
        Err(WaitError::SetDeleted { ns, name }) => Err(Failure::NotFound(format!(
            "statefulset {name:?} in namespace {ns:?} was deleted during the rollout"
        ))),
        Err(WaitError::Api(f)) => Err(f),
    }
}

/// A consistent read of the set and its pods.
async fn read(ctx: &Ctx<'_>) -> Result<(StatefulSet, Vec<Pod>), Failure> {
    let set = io::get_set(&ctx.kube, &ctx.ns, &ctx.name).await?;
    let pods = io::list_pods(&ctx.kube, &set).await?;
    Ok((set, pods))
}

fn now_rfc3339() -> String {
    Timestamp::now().to_string()
}

// ---------- status ----------

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StatusReport {
    namespace: String,
    name: String,
    /// `done`, `failed` or `timedOut`.
    result: String,
    strategy: String,
    partition: i32,
    current_revision: Option<String>,
    update_revision: Option<String>,
    message: String,
    pods: Vec<PodProgress>,
}

async fn status(ctx: &Ctx<'_>, wait: &WaitArgs) -> Result<ExitCode> {
    let set = io::get_set(&ctx.kube, &ctx.ns, &ctx.name).await?;
    let structured = matches!(ctx.g.output, OutputFormat::Json | OutputFormat::Yaml);
    let watch: Vec<String> = if structured {
        vec![]
    } else {
        plan_pod_names(&set)
    };
    let outcome = wait_partition(ctx, None, &BTreeMap::new(), wait, &watch).await?;
    let (set, pods) = read(ctx).await?;
    let refs: Vec<&Pod> = pods.iter().collect();
    let window = stability_window(&set, wait.min_ready);
    let p = facts::partition(&set);
    let verdict = decide(
        &set,
        &refs,
        p,
        window,
        &BTreeMap::new(),
        None,
        Timestamp::now(),
    );
    let pod_rows = match &verdict {
        Verdict::Done(v) | Verdict::Failed { pods: v, .. } | Verdict::Waiting { pods: v, .. } => {
            v.clone()
        }
    };
    let (current, update) = facts::revisions(&set);
    let on_delete = facts::strategy(&set) == Strategy::OnDelete;
    let (result, message, code) = match &outcome {
        Outcome::Done => (
            "done",
            if on_delete {
                "rollout complete: every pod runs the update revision".to_string()
            } else if facts::updated_ordinals(&set, p).len() == facts::replicas(&set) as usize {
                "rollout complete: every pod is updated, Ready and stable".to_string()
            } else {
                format!(
                    "rollout complete at partition {p}: pods at or above it are updated, Ready and \
                     stable; pods below it still run the current revision"
                )
            },
            0,
        ),
        Outcome::Failed { pod, reason } => ("failed", format!("pod {pod} is failing: {reason}"), 1),
        Outcome::Deadline(last, _) => (
            "timedOut",
            format!("not done after {}: {last}", human(wait.timeout)),
            3,
        ),
        Outcome::Interrupted(last) => ("interrupted", format!("interrupted: {last}"), 130),
    };
    let mut message = message;
    if on_delete && let Some(u) = update {
        let old: Vec<String> = pods
            .iter()
            .filter(|p| crate::plan::pod::revision(p) != Some(u))
            .filter_map(|p| p.metadata.name.clone())
            .collect();
        if !old.is_empty() {
            message.push_str(&format!(
                "; OnDelete: still on the old revision (delete them to update): {}",
                old.join(", ")
            ));
        }
    }
    let report = StatusReport {
        namespace: ctx.ns.clone(),
        name: ctx.name.clone(),
        result: result.into(),
        strategy: if on_delete {
            "OnDelete"
        } else {
            "RollingUpdate"
        }
        .into(),
        partition: p,
        current_revision: current.map(str::to_string),
        update_revision: update.map(str::to_string),
        message,
        pods: pod_rows,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match ctx.g.output {
        OutputFormat::Json => render::write_json(&mut out, &report)?,
        OutputFormat::Yaml => render::write_yaml(&mut out, &report)?,
        _ => {
            writeln!(
                out,
                "statefulset {}/{}: partition {}, current revision {}, update revision {}",
                ctx.ns,
                ctx.name,
                p,
                current.unwrap_or("-"),
                update.unwrap_or("-")
            )?;
            write_pods(&mut out, &report.pods, ctx.g)?;
            writeln!(out, "{}", report.message)?;
        }
    }
    out.flush()?;
    ctx.done(ExitCode::from(code))
}

fn plan_pod_names(set: &StatefulSet) -> Vec<String> {
    let name = set.metadata.name.as_deref().unwrap_or_default();
    crate::plan::set::live_ordinals(set)
        .map(|o| crate::plan::names::pod_name(name, o))
        .collect()
}

fn write_pods(out: &mut dyn Write, pods: &[PodProgress], g: &GlobalArgs) -> Result<()> {
    let style = Style::for_stdout(g.color);
    let mut t = render::table(&style, &["POD", "REVISION", "SHOULD RUN", "STATE"]);
    for p in pods {
        t.add_row(vec![
            p.name.clone(),
            p.revision.clone().unwrap_or_else(|| "-".into()),
            if p.updated { "update" } else { "current" }.into(),
            p.state.clone(),
        ]);
    }
    render::write_table(out, &t, "")?;
    Ok(())
}

// ---------- partition ----------

async fn set_partition(
    ctx: &Ctx<'_>,
    target: i32,
    wait: &WaitArgs,
    write: &WriteArgs,
) -> Result<ExitCode> {
    if target < 0 {
        return Err(Failure::Config(format!("--partition {target} must be 0 or more")).into());
    }
    let (set, pods) = read(ctx).await?;
    if facts::strategy(&set) == Strategy::OnDelete {
        return Err(Failure::Refused(format!(
            "statefulset {} in namespace {} uses updateStrategy OnDelete, which has no partition",
            ctx.name, ctx.ns
        ))
        .into());
    }
    let refs: Vec<&Pod> = pods.iter().collect();
    let before = facts::partition(&set);
    let update = facts::revisions(&set).1.unwrap_or_default().to_string();
    let ordinals: Vec<i32> = facts::updated_ordinals(&set, target).collect();
    let replaced = plan::uids_to_replace(&set, &refs, &ordinals, &update);
    let mut names: Vec<String> = replaced.keys().cloned().collect();
    names.sort_by_key(|n| std::cmp::Reverse(crate::plan::names::pod_ordinal(n, &ctx.name)));
    println!(
        "statefulset {}/{}: partition {before} -> {target}; pods to update to {update}: {}",
        ctx.ns,
        ctx.name,
        if names.is_empty() {
            "none".into()
        } else {
            names.join(", ")
        }
    );
    if write.dry_run == Some(crate::args::DryRun::Client) {
        println!("(dry run: nothing was changed)");
        return ctx.done(ExitCode::SUCCESS);
    }
    if target < before && !replaced.is_empty() {
        gate(ctx, &set, &refs)?;
    }
    let intent = Intent {
        operation: "partition".into(),
        target_revision: update.clone(),
        target_partition: target,
        last_verified_partition: before,
        started_at: now_rfc3339(),
        previous_partition: None,
    };
    let (written, conflicts) = io::write_partition(
        &ctx.kube,
        set,
        before,
        &update,
        target,
        Some(Some(&intent)),
        write.dry_run,
    )
    .await?;
    note_conflicts(ctx, conflicts);
    if write.dry_run.is_some() {
        println!("(server dry run: the API server accepted the write; nothing was changed)");
        return ctx.done(ExitCode::SUCCESS);
    }
    let started = Instant::now();
    match wait_partition(ctx, Some(target), &replaced, wait, &names).await? {
        Outcome::Done => {
            clear_intent(ctx).await?;
            println!(
                "partition {target} done in {}: pods at or above it are updated, Ready and stable",
                human(started.elapsed())
            );
            ctx.done(ExitCode::SUCCESS)
        }
        other => {
            stopped(
                ctx,
                written,
                other,
                before,
                &replaced,
                &ctx.cmd(&format!("--partition {target}")),
            )
            .await
        }
    }
}

/// Rule 1 before taking pods down.
fn gate(ctx: &Ctx<'_>, set: &StatefulSet, pods: &[&Pod]) -> Result<(), Failure> {
    let problems = check_set(set, pods, None);
    if problems.is_empty() {
        return Ok(());
    }
    let reasons: Vec<String> = problems.into_iter().map(|u| u.reason).collect();
    Err(Failure::Refused(format!(
        "statefulset {} in namespace {} is not healthy, so no pod is taken down: {}. Fix that \
         first (see kubectl sts status {} -n {}), or roll back with: {}",
        ctx.name,
        ctx.ns,
        reasons.join("; "),
        ctx.name,
        ctx.ns,
        ctx.cmd("undo")
    )))
}

fn note_conflicts(ctx: &Ctx<'_>, conflicts: usize) {
    if conflicts > 0 {
        eprintln!(
            "note: statefulset {} changed while being written ({conflicts} conflict(s), 409); it \
             was re-read and the step re-decided before writing again",
            ctx.name
        );
    }
}

async fn clear_intent(ctx: &Ctx<'_>) -> Result<(), Failure> {
    for _ in 0..io::CONFLICT_ATTEMPTS {
        let set = io::get_set(&ctx.kube, &ctx.ns, &ctx.name).await?;
        if plan::read_intent(&set).ok().flatten().is_none()
            && set
                .metadata
                .annotations
                .as_ref()
                .is_none_or(|a| !a.contains_key(&plan::intent_annotation()))
        {
            return Ok(());
        }
        match io::patch_set(&ctx.kube, &set, None, Some(None), None).await {
            Err(Failure::Conflict(_)) => continue,
            r => return r.map(|_| ()),
        }
    }
    Ok(())
}

async fn save_intent(ctx: &Ctx<'_>, intent: &Intent) -> Result<(), Failure> {
    for _ in 0..io::CONFLICT_ATTEMPTS {
        let set = io::get_set(&ctx.kube, &ctx.ns, &ctx.name).await?;
        match io::patch_set(&ctx.kube, &set, None, Some(Some(intent)), None).await {
            Err(Failure::Conflict(_)) => continue,
            r => return r.map(|_| ()),
        }
    }
    Ok(())
}

/// A step did not finish: explain the state, freeze or restore the
/// partition, and say how to go on. Returns the exit code.
async fn stopped(
    ctx: &Ctx<'_>,
    written: StatefulSet,
    outcome: Outcome,
    last_verified: i32,
    replaced: &BTreeMap<String, String>,
    resume: &str,
) -> Result<ExitCode> {
    let step_partition = facts::partition(&written);
    match outcome {
        Outcome::Done => ctx.done(ExitCode::SUCCESS),
        Outcome::Failed { pod, reason } => {
            bad_canary(ctx, &pod, &reason, step_partition).await?;
            Err(anyhow!(
                "pod {pod} of statefulset {} in namespace {} is failing at the update revision; \
                 the rollout was halted at partition {step_partition}",
                ctx.name,
                ctx.ns
            ))
        }
        Outcome::Deadline(last, pending) => {
            if let Some(pod) = pending {
                bad_canary(ctx, &pod, "not done by the deadline", step_partition).await?;
            }
            Err(Failure::TimedOut(format!(
                "statefulset {} in namespace {} did not finish partition {step_partition} in time \
                 ({last}). The partition stays at {step_partition}; no further pod is updated. \
                 Resume with: {resume}, or roll back with: {}",
                ctx.name,
                ctx.ns,
                ctx.cmd("undo")
            ))
            .into())
        }
        Outcome::Interrupted(last) => {
            // Rule 8: back to the last verified partition if nobody moved it
            // and no pod of the step was taken down yet; otherwise the step's
            // pods finish at the new revision and a re-run verifies them.
            let (set, pods) = read(ctx).await?;
            let untouched = replaced.iter().all(|(n, uid)| {
                pods.iter().any(|p| {
                    p.metadata.name.as_ref() == Some(n)
                        && p.metadata.uid.as_ref() == Some(uid)
                        && p.metadata.deletion_timestamp.is_none()
                })
            });
            let now = facts::partition(&set);
            let state = if now < last_verified && now == step_partition && untouched {
                let update = facts::revisions(&set).1.unwrap_or_default().to_string();
                match io::write_partition(&ctx.kube, set, now, &update, last_verified, None, None)
                    .await
                {
                    Ok(_) => format!(
                        "no pod of the step was touched yet, so the partition was set back to \
                         {last_verified}, the last verified one"
                    ),
                    Err(e) => format!(
                        "the partition is still {now}: setting it back to {last_verified} failed: {e}"
                    ),
                }
            } else {
                format!(
                    "the partition stays at {now} (pods of this step are already being \
                     replaced; last verified partition: {last_verified})"
                )
            };
            Err(Failure::Interrupted(format!(
                "interrupted ({last}); {state}. The intent is recorded in annotation {} on \
                 statefulset {} in namespace {}. Resume with: {resume}",
                plan::intent_annotation(),
                ctx.name,
                ctx.ns
            ))
            .into())
        }
    }
}

/// Rule 11: show the failing pod's container states and its recent events,
/// and offer rollback.
async fn bad_canary(ctx: &Ctx<'_>, pod: &str, reason: &str, partition: i32) -> Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "\nBAD CANARY: pod {pod} ({reason}). The partition stays at {partition}: no other pod is \
         touched."
    )?;
    let found = ctx.kube.get_opt::<Pod>(&ctx.ns, pod).await?;
    let uid = found.as_ref().and_then(|p| p.metadata.uid.clone());
    if let Some(p) = found {
        writeln!(out, "Containers of {pod}:")?;
        let st = p.status.unwrap_or_default();
        for c in st.container_statuses.iter().flatten() {
            let state = c
                .state
                .as_ref()
                .map(|s| {
                    if let Some(w) = &s.waiting {
                        format!(
                            "waiting ({}{})",
                            w.reason.as_deref().unwrap_or("-"),
                            w.message
                                .as_ref()
                                .map(|m| format!(": {m}"))
                                .unwrap_or_default()
                        )
                    } else if let Some(t) = &s.terminated {
                        format!(
                            "terminated (exit code {}, {})",
                            t.exit_code,
                            t.reason.as_deref().unwrap_or("-")
                        )
                    } else if s.running.is_some() {
                        "running".into()
                    } else {
                        "unknown".into()
                    }
                })
                .unwrap_or_else(|| "unknown".into());
            let last = c
                .last_state
                .as_ref()
                .and_then(|s| s.terminated.as_ref())
                .map(|t| {
                    format!(
                        ", last terminated: exit code {} ({})",
                        t.exit_code,
                        t.reason.as_deref().unwrap_or("-")
                    )
                })
                .unwrap_or_default();
            writeln!(
                out,
                "  {}: {state}, ready={}, restarts={}{last}",
                c.name, c.ready, c.restart_count
            )?;
        }
    }
    let events = io::pod_events(&ctx.kube, &ctx.ns, pod, uid.as_deref()).await?;
    writeln!(out, "Recent events of {pod}:")?;
    if events.is_empty() {
        writeln!(out, "  (none)")?;
    }
    for e in events.iter().rev().take(10).rev() {
        writeln!(
            out,
            "  {} {} (x{}): {}",
            e.type_.as_deref().unwrap_or("-"),
            e.reason.as_deref().unwrap_or("-"),
            e.count.unwrap_or(1),
            e.message.as_deref().unwrap_or("").trim()
        )?;
    }
    drop(out);
    if prompt::interactive() {
        let pick = prompt::choose(
            &format!("Roll back {} now?", ctx.name),
            &["roll back now (rollout undo)", "leave it frozen"],
        )?;
        if pick == Some(0) {
            let a = UndoArgs {
                name: ctx.name.clone(),
                to_revision: None,
                wait: WaitArgs {
                    timeout: Duration::from_secs(300),
                    min_ready: Duration::ZERO,
                },
                write: WriteArgs {
                    dry_run: None,
                    yes: false,
                },
            };
            Box::pin(undo(ctx, &a)).await?;
            return Ok(());
        }
    }
    println!("To roll back: {}", ctx.cmd("undo"));
    Ok(())
}

// ---------- canary ----------

async fn canary(ctx: &Ctx<'_>, a: &CanaryArgs) -> Result<ExitCode> {
    let (set, pods) = read(ctx).await?;
    let refs: Vec<&Pod> = pods.iter().collect();
    let (current, update) = facts::revisions(&set);
    let update = update.unwrap_or_default().to_string();
    let intent = plan::read_intent(&set).map_err(Failure::Invalid)?;
    let resumed = intent
        .clone()
        .filter(|i| i.operation == "canary" && i.target_revision == update);
    if let Some(i) = &intent
        && resumed.is_none()
        && i.operation == "pause"
    {
        eprintln!(
            "note: taking over from `rollout pause` (partition {} before the pause)",
            i.previous_partition.unwrap_or(0)
        );
    } else if let Some(i) = &intent
        && resumed.is_none()
    {
        eprintln!(
            "note: ignoring the recorded {} intent for revision {} (the update revision is now {update})",
            i.operation, i.target_revision
        );
    }
    let spec_partition = facts::partition(&set);
    let from = match &resumed {
        Some(i) => {
            eprintln!(
                "resuming the canary started at {} (last verified partition {})",
                i.started_at, i.last_verified_partition
            );
            i.last_verified_partition.max(spec_partition)
        }
        None => spec_partition,
    };
    let to =
        a.to.or(resumed.as_ref().map(|i| i.target_partition))
            .unwrap_or(0);
    let started_at = resumed
        .as_ref()
        .map(|i| i.started_at.clone())
        .unwrap_or_else(now_rfc3339);
    if current == Some(update.as_str()) && facts::strategy(&set) == Strategy::RollingUpdate {
        let window = stability_window(&set, a.wait.min_ready);
        if matches!(
            decide(
                &set,
                &refs,
                0,
                window,
                &BTreeMap::new(),
                None,
                Timestamp::now()
            ),
            Verdict::Done(_)
        ) {
            clear_intent(ctx).await?;
            println!(
                "statefulset {}/{}: nothing to roll out, every pod runs {update}",
                ctx.ns, ctx.name
            );
            return ctx.done(ExitCode::SUCCESS);
        }
    }
    let steps = match plan::plan_canary(&set, from, to, a.step) {
        Ok(s) => s,
        Err(PlanError::NothingToDo(m)) => {
            println!(
                "{m}; nothing to do. Follow the pods with: {}",
                ctx.cmd("status")
            );
            clear_intent(ctx).await?;
            return ctx.done(ExitCode::SUCCESS);
        }
        Err(PlanError::Refused(m)) => return Err(Failure::Refused(m).into()),
    };
    print_plan(ctx, &set, &steps, &update);
    match a.write.dry_run {
        Some(crate::args::DryRun::Client) => {
            println!("(dry run: nothing was changed)");
            return ctx.done(ExitCode::SUCCESS);
        }
        Some(dry @ crate::args::DryRun::Server) => {
            // Only the first write can be validated: later ones depend on pods.
            let p = facts::partition(&set);
            io::write_partition(
                &ctx.kube,
                set,
                p,
                &update,
                steps[0].partition,
                None,
                Some(dry),
            )
            .await?;
            println!(
                "(server dry run: the API server accepted the first step; nothing was changed)"
            );
            return ctx.done(ExitCode::SUCCESS);
        }
        None => {}
    }

    // Rule 1 and rule 9 before the first step: the current partition is
    // verified and the whole set healthy.
    let window = stability_window(&set, a.wait.min_ready);
    if let v @ (Verdict::Waiting { .. } | Verdict::Failed { .. }) = decide(
        &set,
        &refs,
        from,
        window,
        &BTreeMap::new(),
        None,
        Timestamp::now(),
    ) {
        let why = match v {
            Verdict::Waiting { status, .. } => status,
            Verdict::Failed { pod, reason, .. } => format!("{pod} is failing: {reason}"),
            Verdict::Done(_) => unreachable!(),
        };
        if spec_partition < from {
            // Interrupted between a write and its verification: verify first.
            eprintln!("verifying partition {spec_partition} first: {why}");
        } else {
            return Err(Failure::Refused(format!(
                "statefulset {} in namespace {} is not in a verified state at partition {from}: \
                 {why}. Wait for it (kubectl sts rollout status {} -n {}) or roll back ({})",
                ctx.name,
                ctx.ns,
                ctx.name,
                ctx.ns,
                ctx.cmd("undo")
            ))
            .into());
        }
    }
    // A resumed step whose pods are mid-update is verified by its wait.
    if spec_partition >= from {
        gate(ctx, &set, &refs)?;
    }

    let mut intent = Intent {
        operation: "canary".into(),
        target_revision: update.clone(),
        target_partition: to,
        last_verified_partition: from,
        started_at,
        previous_partition: None,
    };
    let resume_cmd = format!(
        "kubectl sts rollout canary {} -n {} --step {} --yes",
        ctx.name, ctx.ns, a.step
    );
    let total = steps.len();
    let mut set = set;
    for (i, step) in steps.iter().enumerate() {
        let (fresh, pods) = if i == 0 {
            (set.clone(), pods.clone())
        } else {
            read(ctx).await?
        };
        let refs: Vec<&Pod> = pods.iter().collect();
        if i > 0 {
            gate(ctx, &fresh, &refs)?;
        }
        let replaced = plan::uids_to_replace(&fresh, &refs, &step.ordinals, &update);
        let expected = facts::partition(&fresh);
        let (written, conflicts) = io::write_partition(
            &ctx.kube,
            fresh,
            expected,
            &update,
            step.partition,
            Some(Some(&intent)),
            None,
        )
        .await?;
        note_conflicts(ctx, conflicts);
        set = written;
        let names: Vec<String> = step
            .ordinals
            .iter()
            .map(|o| crate::plan::names::pod_name(&ctx.name, *o))
            .collect();
        eprintln!(
            "step {}/{total}: partition {} -> {} ({})",
            i + 1,
            intent.last_verified_partition,
            step.partition,
            names.join(", ")
        );
        let started = Instant::now();
        match wait_partition(ctx, Some(step.partition), &replaced, &a.wait, &names).await? {
            Outcome::Done => {}
            other => {
                return stopped(
                    ctx,
                    set,
                    other,
                    intent.last_verified_partition,
                    &replaced,
                    &resume_cmd,
                )
                .await;
            }
        }
        intent.last_verified_partition = step.partition;
        println!(
            "step {}/{total} done in {}: {} updated to {update}, Ready and stable",
            i + 1,
            human(started.elapsed()),
            names.join(", ")
        );
        if i + 1 == total {
            break;
        }
        save_intent(ctx, &intent).await?;
        let go_on = if a.write.yes {
            true
        } else if prompt::interactive() {
            match prompt::choose(
                &format!("Step {} of {total} is done. Next:", i + 1),
                &[
                    &format!("continue (partition {})", steps[i + 1].partition),
                    "stop here",
                    "roll back (rollout undo)",
                ],
            )? {
                Some(0) => true,
                Some(2) => {
                    let u = UndoArgs {
                        name: ctx.name.clone(),
                        to_revision: None,
                        wait: a.wait.clone(),
                        write: WriteArgs {
                            dry_run: None,
                            yes: false,
                        },
                    };
                    return Box::pin(undo(ctx, &u)).await;
                }
                _ => false,
            }
        } else {
            eprintln!("not a terminal and no --yes: stopping after this step");
            false
        };
        if !go_on {
            println!(
                "stopped at partition {}. Continue with: {resume_cmd}",
                step.partition
            );
            return ctx.done(ExitCode::SUCCESS);
        }
    }
    clear_intent(ctx).await?;
    println!(
        "canary of {}/{} complete: partition {to}, every pod from it up runs {update}",
        ctx.ns, ctx.name
    );
    ctx.done(ExitCode::SUCCESS)
}

fn print_plan(ctx: &Ctx<'_>, set: &StatefulSet, steps: &[Step], update: &str) {
    let (current, _) = facts::revisions(set);
    println!(
        "canary of statefulset {}/{}: {} -> {update}, {} step(s):",
        ctx.ns,
        ctx.name,
        current.unwrap_or("-"),
        steps.len()
    );
    for (i, s) in steps.iter().enumerate() {
        let names: Vec<String> = s
            .ordinals
            .iter()
            .map(|o| crate::plan::names::pod_name(&ctx.name, *o))
            .collect();
        println!(
            "  {}. partition {:>3}  update {}",
            i + 1,
            s.partition,
            names.join(", ")
        );
    }
}

// ---------- pause / resume ----------

async fn pause(ctx: &Ctx<'_>, write: &WriteArgs) -> Result<ExitCode> {
    let set = io::get_set(&ctx.kube, &ctx.ns, &ctx.name).await?;
    if facts::strategy(&set) == Strategy::OnDelete {
        return Err(Failure::Refused(format!(
            "statefulset {} in namespace {} uses OnDelete: pods only change when deleted, so it \
             needs no pause",
            ctx.name, ctx.ns
        ))
        .into());
    }
    let before = facts::partition(&set);
    let n = facts::replicas(&set);
    if before >= n {
        println!(
            "statefulset {}/{} is already frozen: partition {before} >= replicas {n}",
            ctx.ns, ctx.name
        );
        return ctx.done(ExitCode::SUCCESS);
    }
    let update = facts::revisions(&set).1.unwrap_or_default().to_string();
    println!(
        "pausing statefulset {}/{}: partition {before} -> {n} (replicas)",
        ctx.ns, ctx.name
    );
    if write.dry_run == Some(crate::args::DryRun::Client) {
        println!("(dry run: nothing was changed)");
        return ctx.done(ExitCode::SUCCESS);
    }
    let intent = Intent {
        operation: "pause".into(),
        target_revision: update.clone(),
        target_partition: n,
        last_verified_partition: before,
        started_at: now_rfc3339(),
        previous_partition: Some(before),
    };
    let (_, conflicts) = io::write_partition(
        &ctx.kube,
        set,
        before,
        &update,
        n,
        Some(Some(&intent)),
        write.dry_run,
    )
    .await?;
    note_conflicts(ctx, conflicts);
    if write.dry_run.is_some() {
        println!("(server dry run: the API server accepted the write; nothing was changed)");
        return ctx.done(ExitCode::SUCCESS);
    }
    println!(
        "paused: no pod changes when a new template is applied. Resume with: {}",
        ctx.cmd("resume")
    );
    ctx.done(ExitCode::SUCCESS)
}

async fn resume(ctx: &Ctx<'_>, write: &WriteArgs) -> Result<ExitCode> {
    let set = io::get_set(&ctx.kube, &ctx.ns, &ctx.name).await?;
    let intent = plan::read_intent(&set).map_err(Failure::Invalid)?;
    let Some((i, prev)) = intent
        .filter(|i| i.operation == "pause")
        .and_then(|i| i.previous_partition.map(|p| (i, p)))
    else {
        return Err(Failure::Refused(format!(
            "statefulset {} in namespace {} was not paused by kubectl sts (no pause recorded in \
             annotation {}); set a partition with: {}",
            ctx.name,
            ctx.ns,
            plan::intent_annotation(),
            format_args!(
                "kubectl sts rollout {} -n {} --partition N",
                ctx.name, ctx.ns
            )
        ))
        .into());
    };
    let now = facts::partition(&set);
    println!(
        "resuming statefulset {}/{}: partition {now} -> {prev} (recorded at {})",
        ctx.ns, ctx.name, i.started_at
    );
    if write.dry_run == Some(crate::args::DryRun::Client) {
        println!("(dry run: nothing was changed)");
        return ctx.done(ExitCode::SUCCESS);
    }
    let update = facts::revisions(&set).1.unwrap_or_default().to_string();
    if prev < now {
        let pods = io::list_pods(&ctx.kube, &set).await?;
        let refs: Vec<&Pod> = pods.iter().collect();
        gate(ctx, &set, &refs)?;
    }
    let (_, conflicts) = io::write_partition(
        &ctx.kube,
        set,
        now,
        &update,
        prev,
        Some(None),
        write.dry_run,
    )
    .await?;
    note_conflicts(ctx, conflicts);
    if write.dry_run.is_some() {
        println!("(server dry run: the API server accepted the write; nothing was changed)");
        return ctx.done(ExitCode::SUCCESS);
    }
    println!(
        "resumed: partition {prev}. Follow the pods with: {}",
        ctx.cmd("status")
    );
    ctx.done(ExitCode::SUCCESS)
}

// ---------- history ----------

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct HistoryRow {
    revision: i64,
    name: String,
    images: Vec<String>,
    change_cause: Option<String>,
    current: bool,
    update: bool,
    pods: Vec<String>,
}

fn rev_no(r: &ControllerRevision) -> i64 {
    r.revision.unwrap_or(0)
}

fn images(r: &ControllerRevision) -> Vec<String> {
    r.data
        .0
        .pointer("/spec/template/spec/containers")
        .and_then(|c| c.as_array())
        .map(|cs| {
            cs.iter()
                .filter_map(|c| c.get("image")?.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

async fn history(ctx: &Ctx<'_>) -> Result<ExitCode> {
    let (set, pods) = read(ctx).await?;
    let refs: Vec<&Pod> = pods.iter().collect();
    let revs = io::revisions(&ctx.kube, &set).await?;
    let (current, update) = facts::revisions(&set);
    let rows: Vec<HistoryRow> = revs
        .iter()
        .map(|r| {
            let name = r.metadata.name.clone().unwrap_or_default();
            HistoryRow {
                revision: rev_no(r),
                images: images(r),
                change_cause: r
                    .metadata
                    .annotations
                    .as_ref()
                    .and_then(|a| a.get("kubernetes.io/change-cause").cloned()),
                current: current == Some(name.as_str()),
                update: update == Some(name.as_str()),
                pods: plan::pods_at(&set, &refs, &name),
                name,
            }
        })
        .collect();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match ctx.g.output {
        OutputFormat::Json => render::write_json(&mut out, &rows)?,
        OutputFormat::Yaml => render::write_yaml(&mut out, &rows)?,
        _ => {
            let style = Style::for_stdout(ctx.g.color);
            let mut t = render::table(
                &style,
                &["REVISION", "NAME", "IMAGES", "CHANGE-CAUSE", "ROLE", "PODS"],
            );
            for r in &rows {
                let role = match (r.current, r.update) {
                    (true, true) => "current,update",
                    (true, false) => "current",
                    (false, true) => "update",
                    _ => "",
                };
                t.add_row(vec![
                    r.revision.to_string(),
                    r.name.clone(),
                    r.images.join(","),
                    r.change_cause.clone().unwrap_or_else(|| "<none>".into()),
                    role.to_string(),
                    if r.pods.is_empty() {
                        "-".into()
                    } else {
                        r.pods.join(",")
                    },
                ]);
            }
            render::write_table(&mut out, &t, "")?;
        }
    }
    out.flush()?;
    ctx.done(ExitCode::SUCCESS)
}

// ---------- undo ----------

async fn undo(ctx: &Ctx<'_>, a: &UndoArgs) -> Result<ExitCode> {
    let set = io::get_set(&ctx.kube, &ctx.ns, &ctx.name).await?;
    let revs = io::revisions(&ctx.kube, &set).await?;
    let (_, update) = facts::revisions(&set);
    let update = update.unwrap_or_default().to_string();
    let list = || {
        revs.iter()
            .map(|r| rev_no(r).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let target = match a.to_revision {
        Some(n) => revs.iter().find(|r| rev_no(r) == n).ok_or_else(|| {
            Failure::NotFound(format!(
                "statefulset {} in namespace {} has no revision {n} (it has: {}). See: {}",
                ctx.name,
                ctx.ns,
                list(),
                ctx.cmd("history")
            ))
        })?,
        None => revs
            .iter()
            .rev()
            .find(|r| r.metadata.name.as_deref() != Some(update.as_str()))
            .ok_or_else(|| {
                Failure::NotFound(format!(
                    "statefulset {} in namespace {} has no earlier revision to roll back to",
                    ctx.name, ctx.ns
                ))
            })?,
    };
    let target_name = target.metadata.name.clone().unwrap_or_default();
    let template = target
        .data
        .0
        .pointer("/spec/template")
        .cloned()
        .ok_or_else(|| {
            Failure::Invalid(format!(
                "controllerrevision {target_name} in namespace {} holds no pod template",
                ctx.ns
            ))
        })?;
    let dry = a.write.dry_run;
    if target_name == update {
        println!(
            "statefulset {}/{}: the template is already at revision {} ({target_name})",
            ctx.ns,
            ctx.name,
            rev_no(target)
        );
    } else {
        println!(
            "rolling back statefulset {}/{}: pod template of revision {} ({target_name}, {}) \
             replaces {update}",
            ctx.ns,
            ctx.name,
            rev_no(target),
            images(target).join(",")
        );
        println!(
            "then: pods stuck at the bad revision (kubernetes#67250) are deleted with confirmation"
        );
        if dry == Some(crate::args::DryRun::Client) {
            println!("(dry run: nothing was changed)");
            return ctx.done(ExitCode::SUCCESS);
        }
        if !prompt::confirm(
            &format!("Restore the template of revision {}?", rev_no(target)),
            "change the pod template",
            a.write.yes,
        )? {
            println!("nothing was changed");
            return ctx.done(ExitCode::from(1));
        }
        let mut cur = set;
        let mut written = None;
        for _ in 0..io::CONFLICT_ATTEMPTS {
            match io::restore_template(&ctx.kube, &cur, &template, dry).await {
                Ok(s) => {
                    written = Some(s);
                    break;
                }
                Err(Failure::Conflict(_)) => {
                    eprintln!("note: the StatefulSet changed meanwhile (409); re-reading it");
                    cur = io::get_set(&ctx.kube, &ctx.ns, &ctx.name).await?;
                    if facts::revisions(&cur).1 != Some(update.as_str()) {
                        return Err(Failure::Conflict(format!(
                            "the template of statefulset {} in namespace {} was changed by someone \
                             else during the rollback; nothing was written. Check it with: {}",
                            ctx.name,
                            ctx.ns,
                            ctx.cmd("history")
                        ))
                        .into());
                    }
                }
                Err(e) => return Err(e.into()),
            }
        }
        if written.is_none() {
            return Err(Failure::Conflict(format!(
                "statefulset {} in namespace {} kept changing; nothing was written. Re-run: {}",
                ctx.name,
                ctx.ns,
                ctx.cmd("undo")
            ))
            .into());
        }
        if dry.is_some() {
            println!("(server dry run: the API server accepted the template; nothing was changed)");
            return ctx.done(ExitCode::SUCCESS);
        }
    }
    // Only after the revert has landed: the controller observed it and now
    // rolls out the restored revision.
    let landed = watch_set(
        &ctx.kube,
        &ctx.ns,
        &ctx.name,
        a.wait.timeout,
        |_| {},
        |set, _, _| {
            let observed = set.status.as_ref().and_then(|s| s.observed_generation);
            if observed >= set.metadata.generation
                && facts::revisions(set).1 == Some(target_name.as_str())
            {
                Next::Done(())
            } else {
                Next::Wait {
                    status: "waiting for the controller to observe the restored template".into(),
                    recheck: None,
                }
            }
        },
    )
    .await;
    match landed {
        Ok(()) => {}
        Err(WaitError::Deadline { last, .. }) => {
            return Err(Failure::TimedOut(format!(
                "the restored template of statefulset {} in namespace {} was not observed in time \
                 ({last}); no pod was deleted. Check: {}",
                ctx.name,
                ctx.ns,
                ctx.cmd("status")
            ))
            .into());
        }
        Err(WaitError::Interrupted { .. }) => {
            return Err(Failure::Interrupted(format!(
                "interrupted after the template was restored; no pod was deleted. Re-run: {}",
                ctx.cmd("undo")
            ))
            .into());
        }
        Err(WaitError::SetDeleted { ns, name }) => {
            return Err(Failure::NotFound(format!(
                "statefulset {name:?} in namespace {ns:?} was deleted"
            ))
            .into());
        }
        Err(WaitError::Api(f)) => return Err(f.into()),
    }
    println!(
        "the controller now rolls out revision {} ({target_name})",
        rev_no(target)
    );

    let (set, pods) = read(ctx).await?;
    let refs: Vec<&Pod> = pods.iter().collect();
    let broken = blocking_broken_pods(&set, &refs);
    let mut replaced = BTreeMap::new();
    for b in &broken {
        println!(
            "pod {} is stuck at revision {} ({}); with OrderedReady the controller never replaces \
             it (kubernetes#67250)",
            b.name, b.revision, b.reason
        );
        if !prompt::confirm(
            &format!("Delete pod {} so it is recreated at {target_name}?", b.name),
            &format!("delete pod {}", b.name),
            a.write.yes,
        )? {
            println!(
                "pod {} was left alone; delete it yourself when ready: kubectl delete pod {} -n {}",
                b.name, b.name, ctx.ns
            );
            continue;
        }
        let Some(p) = pods
            .iter()
            .find(|p| p.metadata.uid.as_deref() == Some(b.uid.as_str()))
        else {
            continue;
        };
        io::delete_pod(&ctx.kube, p, None).await?;
        println!("deleted pod {} (uid {})", b.name, b.uid);
        replaced.insert(b.name.clone(), b.uid.clone());
    }
    let watch: Vec<String> = plan_pod_names(&set);
    match wait_partition(ctx, None, &replaced, &a.wait, &watch).await? {
        Outcome::Done => {
            println!(
                "rolled back: statefulset {}/{} is healthy at revision {} ({target_name})",
                ctx.ns,
                ctx.name,
                rev_no(target)
            );
            // A halted canary leaves its partition in place; say so, since the
            // next template change would then only reach the ordinals above it.
            let partition = set
                .spec
                .update_strategy
                .as_ref()
                .and_then(|u| u.rolling_update.as_ref())
                .and_then(|r| r.partition)
                .unwrap_or(0);
            if partition > 0 {
                println!(
                    "note: the partition is still {partition}: a new template will only update \
                     ordinals from it up. Lower it when ready: kubectl sts rollout {} -n {} \
                     --partition 0",
                    ctx.name, ctx.ns
                );
            }
            ctx.done(ExitCode::SUCCESS)
        }
        Outcome::Failed { pod, reason } => Err(anyhow!(
            "after the rollback, pod {pod} of statefulset {} in namespace {} is failing: {reason}",
            ctx.name,
            ctx.ns
        )),
        Outcome::Deadline(last, _) => Err(Failure::TimedOut(format!(
            "the template was restored but statefulset {} in namespace {} is not healthy yet \
             ({last}). Follow it with: {}",
            ctx.name,
            ctx.ns,
            ctx.cmd("status")
        ))
        .into()),
        Outcome::Interrupted(last) => Err(Failure::Interrupted(format!(
            "interrupted while waiting ({last}); the template is restored. Follow it with: {}",
            ctx.cmd("status")
        ))
        .into()),
    }
}
