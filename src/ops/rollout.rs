//! Rollout operations that walk the partition: `rollout NAME --partition N`
//! and `rollout canary` (in `canary.rs`), with the shared wait (`wait.rs`),
//! guarded and gated partition write (`write.rs`) and the stop/freeze logic
//! of a step that did not finish (`stop.rs`). `pause`/`resume` are in
//! `ops::pause`, `undo` in `ops::undo`.
//!
//! The skeleton of `ops`: plan -> (client dry run ends here) -> confirm the
//! first disruption (rule 15, [`crate::ops::Confirmation::Once`] for
//! `--partition`, `BetweenSteps` for canary) -> record intent -> for each
//! step: gate and guarded write -> settle -> mark done -> clear the record.

mod canary;
#[cfg(test)]
mod double_tests;
mod stop;
mod wait;
mod write;

use std::process::ExitCode;
use std::time::{Duration, Instant};

use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::jiff::Timestamp;

pub use canary::{CANARY_CONFIRMATION, CanaryOptions, canary};
pub use stop::stopped;
pub use wait::{Outcome, Wait, wait_partition};
pub use write::{
    PartitionWrite, Written, clear_intent, healthy, history_of, note_conflicts, save_intent,
    update_history, write_or_validate, write_partition,
};

use crate::args::DryRun;
use crate::cluster::{Kube, set};
use crate::duration::human;
use crate::error::Failure;
use crate::ops::check::{CheckError, CheckGate};
use crate::ops::{Confirmation, owner};
use crate::plan::check::Checks;
use crate::plan::command::{CommandLine, Connection};
use crate::plan::names::{pod_name, pod_ordinal};
use crate::plan::rollout::{Intent, require_partition, uids_to_replace};
use crate::plan::set as facts;
use crate::render::prompt;

/// How `rollout --partition` asks: once, before the first pod goes down.
pub const PARTITION_CONFIRMATION: Confirmation = Confirmation::Once;

/// The set an operation works on, and when the operation started.
pub struct Ctx {
    pub kube: Kube,
    pub ns: String,
    pub name: String,
    /// When this run started: container restarts after it are failures
    /// (a resumed canary uses its recorded start instead).
    pub started: Timestamp,
    /// The flags printed commands repeat to reach the same cluster.
    pub conn: Connection,
    /// `--force-owned`: write a set another object controls.
    pub force_owned: bool,
    /// The run's `--timeout` and `--min-ready`, repeated by printed
    /// commands of verbs that wait.
    pub wait: Option<WaitOptions>,
    /// `--snapshot`: the claims of the pods about to change, before the first write.
    pub snapshot: crate::args::SnapshotArgs,
}

impl Ctx {
    pub fn new(kube: Kube, ns: &str, name: &str) -> Self {
        Self {
            kube,
            ns: ns.to_string(),
            name: name.to_string(),
            started: Timestamp::now(),
            conn: Connection::default(),
            force_owned: false,
            wait: None,
            snapshot: crate::args::SnapshotArgs::default(),
        }
    }

    /// `kubectl sts rollout <verb> NAME -n NS` with every flag of this run
    /// that changes what `verb` does: the connection, `--timeout` and
    /// `--min-ready` for verbs that wait, `--force-owned` for verbs that
    /// write. `verb` "" is the `rollout NAME --partition N` form.
    pub fn command(&self, verb: &str) -> CommandLine {
        let full = format!("rollout {verb}");
        let mut c = CommandLine::new(&full, &self.name, &self.ns, &self.conn);
        if matches!(verb, "" | "status" | "canary" | "undo")
            && let Some(w) = self.wait
        {
            c = c
                .duration("--timeout", w.timeout)
                .duration("--min-ready", w.min_ready);
        }
        let writes = matches!(verb, "" | "canary" | "undo" | "pause" | "resume");
        c.flag("--force-owned", writes && self.force_owned)
    }

    /// [`Ctx::command`] as printed, for next-step hints.
    pub fn cmd(&self, verb: &str) -> String {
        self.command(verb).to_string()
    }

    /// `kubectl sts status NAME -n NS` with the connection flags.
    pub fn status_cmd(&self) -> String {
        CommandLine::new("status", &self.name, &self.ns, &self.conn).to_string()
    }

    /// Before writing `set`: the check of a set another object controls
    /// (`ops::owner::confirm_owned`).
    pub fn confirm_owned(
        &self,
        set: &k8s_openapi::api::apps::v1::StatefulSet,
        action: &str,
        write: &WriteOptions,
    ) -> Result<(), Failure> {
        owner::confirm_owned(set, action, self.force_owned, write.dry_run.is_some())
    }
}

/// Deadline and stability window of each wait.
#[derive(Debug, Clone, Copy)]
pub struct WaitOptions {
    /// How long each step (or the whole wait) may take; rule 7.
    pub timeout: Duration,
    /// Rule 2's `--min-ready`.
    pub min_ready: Duration,
}

/// Dry run and confirmation of a writing rollout command (rule 15).
#[derive(Debug, Clone, Copy)]
pub struct WriteOptions {
    pub dry_run: Option<DryRun>,
    pub yes: bool,
}

impl WriteOptions {
    pub fn client_dry_run(&self) -> bool {
        self.dry_run == Some(DryRun::Client)
    }
    pub fn server_dry_run(&self) -> bool {
        self.dry_run == Some(DryRun::Server)
    }
}

pub(crate) fn now_rfc3339() -> String {
    Timestamp::now().to_string()
}

/// `rollout NAME --partition N`: sets the partition to `target` and waits
/// until the pods it updates are new, at the update revision, Ready and
/// stable (rule 9). Lowering it takes pods down: the plan is shown and
/// confirmed first (rule 15), and the write passes the gate. Refused on a
/// strategy without a partition. Exit code: 0 done, 1 refused or a pod
/// failed (the partition is frozen), 3 timed out.
pub async fn set_partition(
    ctx: &Ctx,
    target: i32,
    wait: WaitOptions,
    write: WriteOptions,
    given_checks: Option<&Checks>,
) -> anyhow::Result<std::process::ExitCode> {
    use std::process::ExitCode;
    if target < 0 {
        return Err(Failure::Config(format!("--partition {target} must be 0 or more")).into());
    }
    let set = set::get(&ctx.kube, &ctx.ns, &ctx.name).await?;
    require_partition(&set, "--partition").map_err(Failure::Refused)?;
    let pods = set::pods(&ctx.kube, &set).await?;
    let refs: Vec<&Pod> = pods.iter().collect();
    let before = facts::partition(&set);
    let update = facts::revisions(&set).1.unwrap_or_default().to_string();
    let ordinals: Vec<i32> = facts::updated_ordinals(&set, target).collect();
    let replaced = uids_to_replace(&set, &refs, &ordinals, &update);
    let mut names: Vec<String> = replaced.keys().cloned().collect();
    names.sort_by_key(|n| std::cmp::Reverse(pod_ordinal(n, &ctx.name)));
    if crate::plan::check::walk_partition(given_checks.is_some(), names.len()) {
        // The controller would replace every pod below the old partition
        // on its own, with no moment for the checks between two of them.
        println!(
            "statefulset {}/{}: partition {before} -> {target} with --check: one ordinal at a \
             time, as `kubectl sts rollout canary {} --step 1 --to {target}`",
            ctx.ns, ctx.name, ctx.name
        );
        let walk = CanaryOptions {
            step: 1,
            to: Some(target),
            wait,
            write,
            checks: given_checks.cloned(),
        };
        return canary(ctx, &walk).await;
    }
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
    ctx.confirm_owned(&set, "Set the partition", &write)?;
    let resumed = crate::plan::rollout::read_intent(&set)
        .ok()
        .flatten()
        .filter(|i| i.operation == "partition" && i.target_revision == update);
    let checks = checks_of(ctx, given_checks, resumed.as_ref())?;
    // Checks that cannot run (or fail already) are refused before the
    // partition moves; they run again once the pods are replaced.
    if let Some(c) = &checks {
        println!("checks: {}", c.describe());
        check_gate(ctx, c)
            .preflight(&refs, write.dry_run.is_some())
            .await?;
    }
    let changing: Vec<i32> = (target..before).collect();
    if write.dry_run.is_some() {
        crate::ops::snapshot::before_change(
            &ctx.kube,
            &set,
            &changing,
            &ctx.snapshot,
            "rollout --partition",
            write.dry_run,
        )
        .await?;
    }
    if let Some(stop) = dry_run_or_confirm(
        &write,
        &names,
        &format!("Set the partition to {target}?"),
        &format!("set the partition of statefulset {} to {target}", ctx.name),
    )? {
        return Ok(stop);
    }
    crate::ops::snapshot::before_change(
        &ctx.kube,
        &set,
        &changing,
        &ctx.snapshot,
        "rollout --partition",
        None,
    )
    .await?;
    let (previous, paused_from) = origin(&set, &update);
    let intent = Intent {
        operation: "partition".into(),
        target_revision: update.clone(),
        target_partition: target,
        last_verified_partition: before,
        started_at: now_rfc3339(),
        previous_partition: Some(previous),
        paused_from,
        checks: checks.as_ref().map(Checks::record),
    };
    if let Some(c) = checks
        .as_ref()
        .filter(|_| !names.is_empty() && write.dry_run.is_none())
    {
        let subject = crate::plan::check::before_subject(c.on, &[], &names);
        let deadline = Instant::now() + wait.timeout;
        if let Err(e) = run_checks(ctx, c, &subject, deadline, true).await {
            return Err(check_refusal(ctx, &e, true).into());
        }
    }
    let Some(w) = write_or_validate(
        ctx,
        &PartitionWrite {
            expected_partition: before,
            target_revision: &update,
            partition: target,
            intent: Some(Some(&intent)),
            server_dry_run: write.server_dry_run(),
        },
    )
    .await?
    else {
        return Ok(ExitCode::SUCCESS);
    };
    let started = Instant::now();
    let watch: Vec<String> = ordinals.iter().map(|o| pod_name(&ctx.name, *o)).collect();
    let outcome = wait_partition(
        ctx,
        &Wait {
            partition: Some(target),
            replaced: &w.replaced,
            timeout: wait.timeout,
            min_ready: wait.min_ready,
            since: Some(ctx.started),
            watch: &watch,
        },
    )
    .await?;
    if outcome != Outcome::Done {
        let resume = ctx
            .command("")
            .opt("--partition", target)
            .flag("--yes", true)
            .to_string();
        return stopped(ctx, w.set, outcome, before, &w.replaced, &resume).await;
    }
    // The checks once the replaced pods are Ready and stable.
    if let Some(c) = checks.as_ref().filter(|_| !names.is_empty()) {
        let deadline = started + wait.timeout;
        if let Err(e) = run_checks(ctx, c, &names, deadline, false).await {
            let resume = ctx
                .command("")
                .opt("--partition", target)
                .flag("--yes", true)
                .to_string();
            let outcome = match e.pod() {
                Some(pod) => Outcome::Failed {
                    pod: pod.to_string(),
                    reason: e.describe(),
                },
                None => Outcome::Interrupted("checking".into()),
            };
            return stopped(ctx, w.set, outcome, before, &w.replaced, &resume).await;
        }
    }
    clear_intent(ctx, &intent).await?;
    if target == 0 {
        // Every pod runs the update revision, Ready and stable.
        update_history(ctx, |h| h.good(&update)).await?;
    }
    println!(
        "partition {target} done in {}: pods at or above it are updated, Ready and stable",
        human(started.elapsed())
    );
    Ok(ExitCode::SUCCESS)
}

/// The skeleton's "a client dry run ends here, then confirm" before a
/// partition write that makes the controller replace `names` (rule 15): a
/// client dry run stops with success, a declined prompt with exit 1, and
/// nothing is asked when no pod goes down or for a server dry run.
/// `Some(code)` means stop there; nothing was changed.
pub fn dry_run_or_confirm(
    write: &WriteOptions,
    names: &[String],
    question: &str,
    action: &str,
) -> Result<Option<ExitCode>, Failure> {
    if write.client_dry_run() {
        println!("(dry run: nothing was changed)");
        return Ok(Some(ExitCode::SUCCESS));
    }
    if write.server_dry_run() || names.is_empty() {
        return Ok(None);
    }
    let q = format!(
        "{question} The controller replaces {}, one at a time",
        names.join(", ")
    );
    if prompt::confirm(&q, action, write.yes)? {
        return Ok(None);
    }
    println!("nothing was changed");
    Ok(Some(ExitCode::from(1)))
}

/// Where the set stood before the operation now starting (`undo` puts it
/// back): its partition, and the partition a `rollout pause`
/// had recorded when it is paused. A re-run of an interrupted operation on
/// the same revision keeps the first run's origin.
pub fn origin(set: &k8s_openapi::api::apps::v1::StatefulSet, update: &str) -> (i32, Option<i32>) {
    let before = facts::partition(set);
    match crate::plan::rollout::read_intent(set).ok().flatten() {
        Some(i) if i.operation == "pause" => (before, i.previous_partition),
        Some(i) if i.target_revision == update && i.operation != "pause" => {
            (i.previous_partition.unwrap_or(before), i.paused_from)
        }
        _ => (before, None),
    }
}

/// The checks of a rollout: as given (`--check`), or as the resumed
/// operation recorded them.
fn checks_of(
    ctx: &Ctx,
    given: Option<&Checks>,
    resumed: Option<&Intent>,
) -> Result<Option<Checks>, Failure> {
    match (given, resumed.and_then(|i| i.checks.as_ref())) {
        (Some(c), _) => Ok(Some(c.clone())),
        (None, Some(r)) => {
            let c = Checks::from_record(r).map_err(|e| {
                Failure::Refused(format!(
                    "statefulset {} in namespace {}: the recorded checks cannot be read: {e}. \
                     Give --check again",
                    ctx.name, ctx.ns
                ))
            })?;
            eprintln!("using the recorded checks");
            Ok(Some(c))
        }
        (None, None) => Ok(None),
    }
}

fn check_gate<'a>(ctx: &'a Ctx, checks: &'a Checks) -> CheckGate<'a> {
    CheckGate {
        kube: &ctx.kube,
        ns: &ctx.ns,
        set: &ctx.name,
        checks,
    }
}

/// Runs the checks against the set's pods as they are now, for `subject`
/// (`ops::check::CheckGate::run`).
async fn run_checks(
    ctx: &Ctx,
    checks: &Checks,
    subject: &[String],
    deadline: Instant,
    first: bool,
) -> Result<(), CheckError> {
    let all = match set::get(&ctx.kube, &ctx.ns, &ctx.name).await {
        Ok(s) => match set::pods(&ctx.kube, &s).await {
            Ok(pods) => pods
                .iter()
                .filter_map(|p| p.metadata.name.clone())
                .collect::<Vec<_>>(),
            Err(e) => return Err(read_failed(subject, e)),
        },
        Err(e) => return Err(read_failed(subject, e)),
    };
    check_gate(ctx, checks)
        .run(&all, subject, deadline, first)
        .await
}

fn read_failed(subject: &[String], e: Failure) -> CheckError {
    CheckError::Failed {
        pod: subject.first().cloned().unwrap_or_default(),
        spec: "(reading the pods)".into(),
        attempts: 0,
        why: e.to_string(),
    }
}

/// A check that failed before any pod of this run went down: nothing was
/// changed, so it is a refusal (or an interruption), with the check's
/// output and how to go on.
fn check_refusal(ctx: &Ctx, e: &CheckError, untouched: bool) -> Failure {
    let nothing = if untouched {
        "Nothing was changed"
    } else {
        "The partition was not changed"
    };
    match e {
        CheckError::Interrupted => Failure::Interrupted(format!(
            "interrupted while checking statefulset {} in namespace {}. {nothing}",
            ctx.name, ctx.ns
        )),
        e => Failure::Refused(format!(
            "statefulset {} in namespace {}: not starting: {}\n{nothing}. Fix the cause or the \
             --check, then run again; follow the pods with: {}",
            ctx.name,
            ctx.ns,
            e.describe(),
            ctx.cmd("status")
        )),
    }
}
