//! `rollout canary`: walk the partition down from the highest ordinal, K
//! ordinals a step, verifying each step (rule 9) before the next, asking
//! before the first disruption and between steps
//! ([`crate::ops::Confirmation::BetweenSteps`], rule 15), resumable from
//! the intent recorded on the set (rule 8).

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::time::Instant;

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::jiff::Timestamp;

use super::{
    Ctx, Outcome, PartitionWrite, Wait, WaitOptions, WriteOptions, clear_intent, healthy,
    history_of, note_conflicts, now_rfc3339, origin, save_intent, stopped, update_history,
    wait_partition, write_partition,
};
use crate::cluster::set;
use crate::duration::human;
use crate::error::Failure;
use crate::ops::check::CheckError;
use crate::ops::{Confirmation, gate};
use crate::plan::check::{Checks, before_subject};
use crate::plan::health::stability_window;
use crate::plan::names::pod_name;
use crate::plan::pod::{ordinal_of, revision};
use crate::plan::rollout::{
    self as plan, Intent, PlanError, Step, Verdict, decide, require_partition,
};
use crate::plan::set::{self as facts, Strategy};
use crate::render::prompt;

/// How a canary asks: before the first step, then between steps.
pub const CANARY_CONFIRMATION: Confirmation = Confirmation::BetweenSteps;

/// What `rollout canary` was asked to do.
#[derive(Debug, Clone)]
pub struct CanaryOptions {
    /// Ordinals updated per step (>= 1).
    pub step: i32,
    /// Partition to stop at; `None`: 0, or the one a resumed run recorded.
    pub to: Option<i32>,
    pub wait: WaitOptions,
    pub write: WriteOptions,
    /// `--check`: `None` uses the checks a resumed canary recorded.
    pub checks: Option<Checks>,
}

/// The set as the canary starts on it, after any in-flight replacement
/// settled.
struct Start {
    set: StatefulSet,
    update: String,
    resumed: Option<Intent>,
    from: i32,
}

/// Runs the canary on `ctx`'s set. Exit code: 0 done or stopped between
/// steps, 1 refused or a pod failed (the partition frozen, the revision
/// recorded as halted), 3 a step timed out.
pub async fn canary(ctx: &Ctx, a: &CanaryOptions) -> anyhow::Result<ExitCode> {
    let Some(start) = settle_start(ctx, a).await? else {
        return Ok(ExitCode::SUCCESS);
    };
    let Start {
        set,
        update,
        resumed,
        from,
    } = start;
    let current = facts::revisions(&set).0.map(str::to_string);
    let to =
        a.to.or(resumed.as_ref().map(|i| i.target_partition))
            .unwrap_or(0);
    // A resumed canary judges restarts from its recorded start.
    let since: Timestamp = resumed
        .as_ref()
        .and_then(|i| i.started_at.parse().ok())
        .unwrap_or(ctx.started);
    let steps = match plan::plan_canary(&set, from, to, a.step) {
        Ok(s) => s,
        Err(PlanError::NothingToDo(m)) => {
            println!(
                "{m}; nothing to do. Follow the pods with: {}",
                ctx.cmd("status")
            );
            drop_stale_record(ctx, a, resumed.as_ref()).await?;
            return Ok(ExitCode::SUCCESS);
        }
        Err(PlanError::Refused(m)) => return Err(Failure::Refused(m).into()),
    };
    print_plan(ctx, &set, &steps, &update);
    let checks = super::checks_of(ctx, a.checks.as_ref(), resumed.as_ref())?;
    ctx.confirm_owned(&set, "Start the canary", &a.write)?;
    let pods = set::pods(&ctx.kube, &set).await?;
    // Checks that cannot run are refused before the first disruption.
    if let Some(c) = &checks {
        println!("checks: {}", c.describe());
        let refs: Vec<&Pod> = pods.iter().collect();
        super::check_gate(ctx, c)
            .preflight(&refs, a.write.dry_run.is_some())
            .await?;
    }
    // The claims of every pod this run replaces, before its first write.
    let changing: Vec<i32> = (to..from).collect();
    crate::ops::snapshot::before_change(
        &ctx.kube,
        &set,
        &changing,
        &ctx.snapshot,
        "rollout canary",
        a.write.dry_run,
    )
    .await?;
    if a.write.client_dry_run() {
        println!("(dry run: nothing was changed)");
        return Ok(ExitCode::SUCCESS);
    }
    let (previous, paused_from) = match &resumed {
        Some(i) => (i.previous_partition.unwrap_or(from), i.paused_from),
        None => origin(&set, &update),
    };
    let mut intent = Intent {
        operation: "canary".into(),
        target_revision: update.clone(),
        target_partition: to,
        last_verified_partition: from,
        started_at: resumed
            .as_ref()
            .map(|i| i.started_at.clone())
            .unwrap_or_else(now_rfc3339),
        previous_partition: Some(previous),
        paused_from,
        checks: checks.as_ref().map(Checks::record),
    };
    if a.write.server_dry_run() {
        // Only the first write can be validated: later ones depend on pods.
        write_partition(ctx, &step_write(&set, &update, &steps[0], None, true)).await?;
        println!("(server dry run: the API server accepted the first step; nothing was changed)");
        return Ok(ExitCode::SUCCESS);
    }
    // The claim check for every pod the whole canary will replace, before
    // the first step: a claim being deleted must not be found only after
    // the canary has taken other pods down. Each step checks again.
    let going: Vec<&Pod> = pods
        .iter()
        .filter(|p| {
            ordinal_of(&set, p).is_some_and(|o| steps.iter().any(|s| s.ordinals.contains(&o)))
                && revision(p) != Some(update.as_str())
        })
        .collect();
    gate::claims_safe(&ctx.kube, &ctx.ns, &going).await?;
    // Rule 15: the first disruption is confirmed (or --yes).
    let first: Vec<String> = steps[0]
        .ordinals
        .iter()
        .map(|o| pod_name(&ctx.name, *o))
        .collect();
    if !prompt::confirm(
        &format!("Start the canary? Step 1 replaces {}", first.join(", ")),
        &format!("start a canary of statefulset {}", ctx.name),
        a.write.yes,
    )? {
        println!("nothing was changed");
        return Ok(ExitCode::from(1));
    }
    let resume_cmd = ctx
        .command("canary")
        .opt("--step", a.step)
        .opt("--to", to)
        .flag("--yes", true)
        .to_string();
    crate::hint::set_resume(resume_cmd.clone());
    let total = steps.len();
    let mut last_replaced: Vec<String> = vec![];
    for (i, step) in steps.iter().enumerate() {
        let fresh = set::get(&ctx.kube, &ctx.ns, &ctx.name).await?;
        let names: Vec<String> = step
            .ordinals
            .iter()
            .map(|o| pod_name(&ctx.name, *o))
            .collect();
        // The checks right before this step's pods go down.
        if let Some(c) = &checks {
            let subject = before_subject(c.on, &last_replaced, &names);
            let deadline = Instant::now() + a.wait.timeout;
            if let Err(e) = super::run_checks(ctx, c, &subject, deadline, i == 0).await {
                if i == 0 || matches!(e, CheckError::Interrupted) {
                    return Err(super::check_refusal(ctx, &e, i == 0).into());
                }
                let lv = intent.last_verified_partition;
                let failed = Outcome::Failed {
                    pod: e.pod().unwrap_or_default().to_string(),
                    reason: e.describe(),
                };
                return stopped(ctx, fresh, failed, lv, &BTreeMap::new(), &resume_cmd).await;
            }
        }
        let w = write_partition(
            ctx,
            &step_write(&fresh, &update, step, Some(&intent), false),
        )
        .await?;
        note_conflicts(ctx, w.conflicts);
        if i == 0 {
            record_last_good(ctx, &set, current.as_deref(), &update, resumed.is_some()).await?;
        }
        eprintln!(
            "step {}/{total}: partition {} -> {} ({})",
            i + 1,
            intent.last_verified_partition,
            step.partition,
            names.join(", ")
        );
        let started = Instant::now();
        let outcome = wait_partition(
            ctx,
            &Wait {
                partition: Some(step.partition),
                replaced: &w.replaced,
                timeout: a.wait.timeout,
                min_ready: a.wait.min_ready,
                since: Some(since),
                watch: &names,
            },
        )
        .await?;
        if outcome != Outcome::Done {
            let lv = intent.last_verified_partition;
            return stopped(ctx, w.set, outcome, lv, &w.replaced, &resume_cmd).await;
        }
        // The checks once the step's pods are Ready and stable: a failing
        // one fails the step, as a failing pod does.
        if let Some(c) = &checks {
            let deadline = started + a.wait.timeout;
            if let Err(e) = super::run_checks(ctx, c, &names, deadline, false).await {
                let lv = intent.last_verified_partition;
                let outcome = match e.pod() {
                    Some(pod) => Outcome::Failed {
                        pod: pod.to_string(),
                        reason: e.describe(),
                    },
                    None => Outcome::Interrupted("checking".into()),
                };
                return stopped(ctx, w.set, outcome, lv, &w.replaced, &resume_cmd).await;
            }
            last_replaced = names.clone();
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
        match between_steps(a, i, total, &steps)? {
            Next::Continue => {}
            Next::Stop => {
                println!(
                    "stopped at partition {}. Continue with: {resume_cmd}",
                    step.partition
                );
                return Ok(ExitCode::SUCCESS);
            }
            Next::Undo => {
                let u = crate::ops::undo::UndoOptions {
                    to_revision: None,
                    wait: a.wait,
                    write: WriteOptions {
                        dry_run: None,
                        yes: false,
                    },
                };
                return Box::pin(crate::ops::undo::undo(ctx, &u)).await;
            }
        }
    }
    clear_intent(ctx, &intent).await?;
    if to == 0 {
        update_history(ctx, |h| h.good(&update)).await?;
    }
    println!(
        "canary of {}/{} complete: partition {to}, every pod from it up runs {update}",
        ctx.ns, ctx.name
    );
    Ok(ExitCode::SUCCESS)
}

/// Removes the record of a canary that has nothing left to do. A dry run
/// (client or server) leaves it: it sends no write at all.
async fn drop_stale_record(
    ctx: &Ctx,
    a: &CanaryOptions,
    resumed: Option<&Intent>,
) -> Result<(), Failure> {
    match resumed {
        Some(i) if a.write.dry_run.is_none() => clear_intent(ctx, i).await,
        _ => Ok(()),
    }
}

/// The revision every pod ran before this canary: where `undo` goes back.
/// Recorded once the first step passed the gate and was written.
async fn record_last_good(
    ctx: &Ctx,
    set: &StatefulSet,
    current: Option<&str>,
    update: &str,
    resumed: bool,
) -> Result<(), Failure> {
    if resumed {
        return Ok(());
    }
    if let Some(c) = current.filter(|c| *c != update)
        && !history_of(set).halted.iter().any(|h| h == c)
    {
        let c = c.to_string();
        update_history(ctx, move |h| h.good(&c)).await?;
    }
    Ok(())
}

fn step_write<'a>(
    set: &StatefulSet,
    update: &'a str,
    step: &Step,
    intent: Option<&'a Intent>,
    server_dry_run: bool,
) -> PartitionWrite<'a> {
    PartitionWrite {
        expected_partition: facts::partition(set),
        target_revision: update,
        partition: step.partition,
        intent: intent.map(Some),
        server_dry_run,
    }
}

enum Next {
    Continue,
    Stop,
    Undo,
}

fn between_steps(
    a: &CanaryOptions,
    i: usize,
    total: usize,
    steps: &[Step],
) -> Result<Next, Failure> {
    if a.write.yes {
        return Ok(Next::Continue);
    }
    if !prompt::interactive() {
        eprintln!("not a terminal and no --yes: stopping after this step");
        return Ok(Next::Stop);
    }
    Ok(
        match prompt::choose(
            &format!("Step {} of {total} is done. Next:", i + 1),
            &[
                &format!("continue (partition {})", steps[i + 1].partition),
                "stop here",
                "roll back (rollout undo)",
            ],
        )? {
            Some(0) => Next::Continue,
            Some(2) => Next::Undo,
            _ => Next::Stop,
        },
    )
}

/// Reads the set and decides where the canary starts. A controller still
/// replacing pods of the current partition (a template applied a moment
/// ago) is waited for, within `--timeout`, instead of
/// refused. `None`: nothing to roll out (the record is cleared).
async fn settle_start(ctx: &Ctx, a: &CanaryOptions) -> anyhow::Result<Option<Start>> {
    let mut waited = false;
    loop {
        let set = set::get(&ctx.kube, &ctx.ns, &ctx.name).await?;
        require_partition(&set, "canary").map_err(Failure::Refused)?;
        let pods = set::pods(&ctx.kube, &set).await?;
        let refs: Vec<&Pod> = pods.iter().collect();
        let (current, update) = facts::revisions(&set);
        let update = update.unwrap_or_default().to_string();
        let intent = plan::read_intent(&set).map_err(Failure::Invalid)?;
        let resumed = intent
            .clone()
            .filter(|i| i.operation == "canary" && i.target_revision == update);
        if !waited {
            note_intent(intent.as_ref(), resumed.is_some(), &update);
        }
        let spec_partition = facts::partition(&set);
        let from = match &resumed {
            Some(i) => i.last_verified_partition.max(spec_partition),
            None => spec_partition,
        };
        let window = stability_window(&set, a.wait.min_ready);
        let now = Timestamp::now();
        let empty = BTreeMap::new();
        if current == Some(update.as_str())
            && facts::strategy(&set) == Strategy::RollingUpdate
            && matches!(
                decide(&set, &refs, 0, window, &empty, None, now),
                Verdict::Done(_)
            )
        {
            // Only a canary record of this revision is stale now; a
            // `rollout pause` record stays for `rollout resume`.
            drop_stale_record(ctx, a, resumed.as_ref()).await?;
            println!(
                "statefulset {}/{}: nothing to roll out, every pod runs {update}",
                ctx.ns, ctx.name
            );
            return Ok(None);
        }
        // Rule 9 before the first step: the current partition is verified.
        // Old restarts are history here (`since` None), not failure.
        let verdict = decide(&set, &refs, from, window, &empty, None, now);
        let why = match verdict {
            Verdict::Done(_) => None,
            Verdict::Waiting { status, .. } => Some((status, true)),
            Verdict::Failed { pod, reason, .. } => {
                Some((format!("{pod} is failing: {reason}"), false))
            }
        };
        if let Some(i) = &resumed {
            eprintln!(
                "resuming the canary started at {} (last verified partition {})",
                i.started_at, i.last_verified_partition
            );
        }
        match why {
            None => {}
            // Interrupted between a write and its verification: the first
            // step's wait verifies it.
            Some((why, _)) if spec_partition < from => {
                eprintln!("verifying partition {spec_partition} first: {why}")
            }
            Some((why, true)) if !waited => {
                eprintln!("waiting for the controller to settle partition {from} first: {why}");
                settle(ctx, a, from).await?;
                waited = true;
                continue;
            }
            Some((why, _)) => {
                return Err(Failure::Refused(format!(
                    "statefulset {} in namespace {} is not in a verified state at partition \
                     {from}: {why}. Nothing was changed. Wait for it ({}) or roll back ({})",
                    ctx.name,
                    ctx.ns,
                    ctx.cmd("status"),
                    ctx.cmd("undo")
                ))
                .into());
            }
        }
        // Rule 1 (the gate repeats it right before each write).
        if spec_partition >= from {
            healthy(ctx, &set, &refs)?;
        }
        return Ok(Some(Start {
            set,
            update,
            resumed,
            from,
        }));
    }
}

/// Waits (within `--timeout`) until partition `from` is verified.
async fn settle(ctx: &Ctx, a: &CanaryOptions, from: i32) -> anyhow::Result<()> {
    let outcome = wait_partition(
        ctx,
        &Wait {
            partition: Some(from),
            replaced: &BTreeMap::new(),
            timeout: a.wait.timeout,
            min_ready: a.wait.min_ready,
            since: Some(ctx.started),
            watch: &[],
        },
    )
    .await?;
    match outcome {
        Outcome::Done => Ok(()),
        Outcome::Failed { pod, reason } => Err(Failure::Refused(format!(
            "statefulset {} in namespace {}: pod {pod} is failing while the controller settles \
             partition {from}: {reason}. Nothing was changed. Roll back with: {}",
            ctx.name,
            ctx.ns,
            ctx.cmd("undo")
        ))
        .into()),
        Outcome::Deadline(last, _) => Err(Failure::TimedOut(format!(
            "statefulset {} in namespace {} did not settle at partition {from} within the \
             timeout ({last}); nothing was changed. Follow it with: {}",
            ctx.name,
            ctx.ns,
            ctx.cmd("status")
        ))
        .into()),
        Outcome::Interrupted(last) => Err(Failure::Interrupted(format!(
            "interrupted while waiting for the controller ({last}); nothing was changed"
        ))
        .into()),
    }
}

fn note_intent(intent: Option<&Intent>, resumed: bool, update: &str) {
    match intent {
        Some(i) if !resumed && i.operation == "pause" => eprintln!(
            "note: taking over from `rollout pause` (partition {} before the pause)",
            i.previous_partition.unwrap_or(0)
        ),
        Some(i) if !resumed => eprintln!(
            "note: ignoring the recorded {} intent for revision {} (the update revision is now \
             {update})",
            i.operation, i.target_revision
        ),
        _ => {}
    }
}

fn print_plan(ctx: &Ctx, set: &StatefulSet, steps: &[Step], update: &str) {
    let (current, _) = facts::revisions(set);
    println!(
        "canary of statefulset {}/{}: {} -> {update}, {} step(s):",
        ctx.ns,
        ctx.name,
        current.unwrap_or("-"),
        steps.len()
    );
    for (i, s) in steps.iter().enumerate() {
        let names: Vec<String> = s.ordinals.iter().map(|o| pod_name(&ctx.name, *o)).collect();
        println!(
            "  {}. partition {:>3}  update {}",
            i + 1,
            s.partition,
            names.join(", ")
        );
    }
}
