//! `kubectl sts rollout`: status, partition, canary, pause/resume, history,
//! undo. Flags -> options -> the operation in `crate::ops::{rollout, pause,
//! undo}`; `status` and `history` are read-only and rendered here.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;
use clap::{Args, Subcommand};
use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::jiff::Timestamp;
use serde::Serialize;

use crate::args::{CheckArgs, GlobalArgs, OutputFormat, OwnedArgs, WriteArgs};
use crate::cluster::rollout::revisions;
use crate::cluster::set;
use crate::duration::{human, parse_duration};
use crate::error::Failure;
use crate::ops::lease::with_lease;
use crate::ops::rollout::{
    CanaryOptions, Ctx, Outcome, Wait, WaitOptions, WriteOptions, canary, set_partition,
    wait_partition,
};
use crate::ops::undo::{UndoOptions, images};
use crate::ops::{pause, undo};
use crate::plan::health::stability_window;
use crate::plan::rollout::{self as plan, PodProgress, Verdict, decide};
use crate::plan::set::{self as facts, Strategy};
use crate::render::{self, Style};

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct RolloutArgs {
    #[command(subcommand)]
    pub command: Option<Sub>,

    /// StatefulSet name (with --partition)
    pub name: Option<String>,

    /// Set the partition to N and wait until the pods it updates are new, at
    /// the update revision, Ready and stable. N counts from
    /// spec.ordinals.start: pods with ordinal >= start + N are updated.
    /// Asks first when pods will be replaced (without a terminal: --yes)
    #[arg(long, value_name = "N")]
    pub partition: Option<i32>,

    #[command(flatten)]
    pub wait: WaitArgs,

    #[command(flatten)]
    pub write: WriteArgs,

    #[command(flatten)]
    pub owned: OwnedArgs,

    #[command(flatten)]
    pub checks: CheckArgs,

    #[command(flatten)]
    pub snapshot: crate::args::SnapshotArgs,
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
    /// checking health before and after each step, asking before the first
    /// step and between steps (without a terminal --yes is required)
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
        #[command(flatten)]
        owned: OwnedArgs,
    },
    /// Restore the partition recorded by `rollout pause`; asks first (or
    /// --yes) when that replaces pods
    #[command(after_help = EXAMPLES_PAUSE)]
    Resume {
        /// StatefulSet name
        name: String,
        #[command(flatten)]
        write: WriteArgs,
        #[command(flatten)]
        owned: OwnedArgs,
    },
    /// ControllerRevisions: revision, hash, images, change-cause, pods running each
    #[command(after_help = EXAMPLES_HISTORY)]
    History {
        /// StatefulSet name
        name: String,
    },
    /// Restore the pod template of an earlier revision, then replace pods
    /// stuck at the bad revision (kubernetes#67250) once the revert has
    /// landed, and put the partition back where it was before the canary
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
    #[command(flatten)]
    pub owned: OwnedArgs,
    #[command(flatten)]
    pub checks: CheckArgs,

    #[command(flatten)]
    pub snapshot: crate::args::SnapshotArgs,
}

#[derive(Debug, Args)]
pub struct UndoArgs {
    /// StatefulSet name
    pub name: String,
    /// Revision number to restore (see `rollout history`), after showing
    /// what differs; default: the last revision recorded as fully rolled out
    /// and healthy, never one a canary halted on
    #[arg(long, value_name = "R")]
    pub to_revision: Option<i64>,
    #[command(flatten)]
    pub wait: WaitArgs,
    #[command(flatten)]
    pub write: WriteArgs,
    #[command(flatten)]
    pub owned: OwnedArgs,
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
  # Back to the last revision fully rolled out and healthy (a second run
  # finds nothing to undo)
  kubectl sts rollout undo web --yes

  # To a given revision
  kubectl sts rollout undo web --to-revision 2";

/// Runs a rollout operation holding the set's Lease (one operation per
/// StatefulSet at a time; none for a dry run).
async fn locked(
    ctx: &Ctx,
    operation: &str,
    dry_run: bool,
    op: impl std::future::Future<Output = Result<ExitCode>>,
) -> Result<ExitCode> {
    with_lease(&ctx.kube, &ctx.ns, &ctx.name, operation, dry_run, op).await
}

pub async fn run(g: &GlobalArgs, args: &RolloutArgs) -> Result<ExitCode> {
    let needs = |what: &str| -> Result<ExitCode> {
        eprintln!(
            "error: {what}\n\nUsage: kubectl sts rollout NAME --partition N, or kubectl sts rollout \
             <status|canary|pause|resume|history|undo> NAME\n\nFor more information, try '--help'."
        );
        Ok(ExitCode::from(2))
    };
    let Some(cmd) = &args.command else {
        return match (&args.name, args.partition) {
            (Some(name), Some(p)) => {
                let mut ctx = connect(g, name).await?;
                ctx.force_owned = args.owned.force_owned;
                ctx.wait = Some(wait(&args.wait));
                ctx.snapshot = args.snapshot.clone();
                let w = write(&args.write);
                let dry = w.dry_run.is_some();
                let checks = args.checks.checks()?;
                let code = locked(
                    &ctx,
                    "rollout --partition",
                    dry,
                    set_partition(&ctx, p, wait(&args.wait), w, checks.as_ref()),
                )
                .await;
                done(g, &ctx, code)
            }
            (None, _) => needs("a StatefulSet name is required"),
            (Some(_), None) => needs("--partition N (or a subcommand) is required"),
        };
    };
    let name = match cmd {
        Sub::Status { name, .. }
        | Sub::Pause { name, .. }
        | Sub::Resume { name, .. }
        | Sub::History { name } => name,
        Sub::Canary(a) => &a.name,
        Sub::Undo(a) => &a.name,
    };
    let mut ctx = connect(g, name).await?;
    match cmd {
        Sub::Pause { owned, .. } | Sub::Resume { owned, .. } => ctx.force_owned = owned.force_owned,
        Sub::Canary(a) => {
            ctx.force_owned = a.owned.force_owned;
            ctx.wait = Some(wait(&a.wait));
            ctx.snapshot = a.snapshot.clone();
        }
        Sub::Undo(a) => {
            ctx.force_owned = a.owned.force_owned;
            ctx.wait = Some(wait(&a.wait));
        }
        Sub::Status { wait: w, .. } => ctx.wait = Some(wait(w)),
        Sub::History { .. } => {}
    }
    let ctx = ctx;
    let code = match cmd {
        Sub::Status { wait: w, .. } => status(g, &ctx, w).await,
        Sub::Canary(a) => {
            let o = CanaryOptions {
                step: a.step,
                to: a.to,
                wait: wait(&a.wait),
                write: write(&a.write),
                checks: a.checks.checks()?,
            };
            let dry = o.write.dry_run.is_some();
            locked(&ctx, "rollout canary", dry, canary(&ctx, &o)).await
        }
        Sub::Pause { write: w, .. } => {
            let w = write(w);
            let dry = w.dry_run.is_some();
            locked(&ctx, "rollout pause", dry, pause::pause(&ctx, w)).await
        }
        Sub::Resume { write: w, .. } => {
            let w = write(w);
            let dry = w.dry_run.is_some();
            locked(&ctx, "rollout resume", dry, pause::resume(&ctx, w)).await
        }
        Sub::History { .. } => history(g, &ctx).await,
        Sub::Undo(a) => {
            let o = UndoOptions {
                to_revision: a.to_revision,
                wait: wait(&a.wait),
                write: write(&a.write),
            };
            let dry = o.write.dry_run.is_some();
            locked(&ctx, "rollout undo", dry, undo::undo(&ctx, &o)).await
        }
    };
    done(g, &ctx, code)
}

fn wait(w: &WaitArgs) -> WaitOptions {
    WaitOptions {
        timeout: w.timeout,
        min_ready: w.min_ready,
    }
}

fn write(w: &WriteArgs) -> WriteOptions {
    WriteOptions {
        dry_run: w.dry_run,
        yes: w.yes,
    }
}

async fn connect(g: &GlobalArgs, name: &str) -> Result<Ctx> {
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
    let mut ctx = Ctx::new(kube, &ns, name);
    // Printed commands are for a terminal: `-o` of this run is not repeated
    // (a JSON report is what `rollout status -o json` asks for itself).
    ctx.conn = crate::plan::command::Connection {
        output: None,
        ..g.connection()
    };
    Ok(ctx)
}

fn done(g: &GlobalArgs, ctx: &Ctx, code: Result<ExitCode>) -> Result<ExitCode> {
    if g.verbosity >= 6 {
        eprintln!("api: {} requests", ctx.kube.request_count());
    }
    code
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

async fn status(g: &GlobalArgs, ctx: &Ctx, wait: &WaitArgs) -> Result<ExitCode> {
    let set = set::get(&ctx.kube, &ctx.ns, &ctx.name).await?;
    let structured = matches!(g.output, OutputFormat::Json | OutputFormat::Yaml);
    let watch: Vec<String> = if structured {
        vec![]
    } else {
        plan_pod_names(&set)
    };
    // Read-only: only the current state counts, old restarts are history.
    let outcome = wait_partition(
        ctx,
        &Wait {
            partition: None,
            replaced: &BTreeMap::new(),
            timeout: wait.timeout,
            min_ready: wait.min_ready,
            since: None,
            watch: &watch,
        },
    )
    .await?;
    let set = set::get(&ctx.kube, &ctx.ns, &ctx.name).await?;
    let pods = set::pods(&ctx.kube, &set).await?;
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
    match g.output {
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
            write_pods(&mut out, &report.pods, g)?;
            writeln!(out, "{}", report.message)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::from(code))
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

async fn history(g: &GlobalArgs, ctx: &Ctx) -> Result<ExitCode> {
    let set = set::get(&ctx.kube, &ctx.ns, &ctx.name).await?;
    let pods = set::pods(&ctx.kube, &set).await?;
    let refs: Vec<&Pod> = pods.iter().collect();
    let revs = revisions(&ctx.kube, &set).await?;
    let (current, update) = facts::revisions(&set);
    let rows: Vec<HistoryRow> = revs
        .iter()
        .map(|r| {
            let name = r.metadata.name.clone().unwrap_or_default();
            HistoryRow {
                revision: r.revision.unwrap_or(0),
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
    match g.output {
        OutputFormat::Json => render::write_json(&mut out, &rows)?,
        OutputFormat::Yaml => render::write_yaml(&mut out, &rows)?,
        _ => {
            let style = Style::for_stdout(g.color);
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
    Ok(ExitCode::SUCCESS)
}
