//! A step that did not finish (rule 8 and rule 11): explain the state,
//! freeze the partition (or restore the last verified one when no pod of
//! the step was touched), record the revision as halted so `undo` never
//! picks it, and say how to go on.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;

use anyhow::anyhow;
use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{ContainerStatus, Pod};

use super::{Ctx, Outcome, WaitOptions, WriteOptions, update_history};
use crate::cluster::rollout::pod_events;
use crate::cluster::set;
use crate::error::Failure;
use crate::plan::rollout::intent_annotation;
use crate::plan::set as facts;
use crate::render::prompt;

/// Ends an operation whose step did not finish with `outcome` (not
/// `Done`). `written` is the set as the step wrote it; `last_verified` the
/// partition verified before the step; `replaced` the pods the step
/// replaces; `resume` the command that resumes. A failing pod halts the
/// rollout (exit 1), a deadline is `TimedOut` (exit 3), Ctrl-C
/// `Interrupted`.
pub async fn stopped(
    ctx: &Ctx,
    written: StatefulSet,
    outcome: Outcome,
    last_verified: i32,
    replaced: &BTreeMap<String, String>,
    resume: &str,
) -> anyhow::Result<ExitCode> {
    let step_partition = facts::partition(&written);
    let update = facts::revisions(&written).1.unwrap_or_default().to_string();
    match outcome {
        Outcome::Done => Ok(ExitCode::SUCCESS),
        Outcome::Failed { pod, reason } => {
            update_history(ctx, |h| h.halt(&update)).await?;
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
                update_history(ctx, |h| h.halt(&update)).await?;
                bad_canary(ctx, &pod, "not done by the deadline", step_partition).await?;
            }
            Err(Failure::TimedOut(format!(
                "statefulset {} in namespace {} did not finish partition {step_partition} in time \
                 ({last}). The partition stays at {step_partition}; no further pod is updated. \
                 Roll back with: {}, or resume with: {resume}",
                ctx.name,
                ctx.ns,
                ctx.cmd("undo")
            ))
            .into())
        }
        Outcome::Interrupted(last) => {
            let state = freeze(ctx, step_partition, last_verified, replaced).await?;
            Err(Failure::Interrupted(format!(
                "interrupted ({last}); {state}. The intent is recorded in annotation {} on \
                 statefulset {} in namespace {}. Resume with: {resume}",
                intent_annotation(),
                ctx.name,
                ctx.ns
            ))
            .into())
        }
    }
}

/// Rule 8: back to the last verified partition if nobody moved it and no
/// pod of the step was taken down yet (raising the partition takes nothing
/// down); otherwise the step's pods finish at the new revision and a re-run
/// verifies them. Returns what was done, in words.
async fn freeze(
    ctx: &Ctx,
    step_partition: i32,
    last_verified: i32,
    replaced: &BTreeMap<String, String>,
) -> Result<String, Failure> {
    let set = set::get(&ctx.kube, &ctx.ns, &ctx.name).await?;
    let pods = set::pods(&ctx.kube, &set).await?;
    let untouched = replaced.iter().all(|(n, uid)| {
        pods.iter().any(|p| {
            p.metadata.name.as_ref() == Some(n)
                && p.metadata.uid.as_ref() == Some(uid)
                && p.metadata.deletion_timestamp.is_none()
        })
    });
    let now = facts::partition(&set);
    if !(now < last_verified && now == step_partition && untouched) {
        return Ok(format!(
            "the partition stays at {now} (pods of this step are already being replaced; last \
             verified partition: {last_verified})"
        ));
    }
    // Raising the partition takes nothing down, and must not be refused by
    // the Ctrl-C that asked for it: the guarded patch is sent directly.
    let res = crate::cluster::rollout::patch_set(
        &ctx.kube,
        &set,
        Some(last_verified),
        &Default::default(),
        false,
    )
    .await;
    Ok(match res {
        Ok(_) => format!(
            "no pod of the step was touched yet, so the partition was set back to \
             {last_verified}, the last verified one"
        ),
        Err(e) => {
            format!("the partition is still {now}: setting it back to {last_verified} failed: {e}")
        }
    })
}

fn container_line(c: &ContainerStatus) -> String {
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
    format!(
        "  {}: {state}, ready={}, restarts={}{last}",
        c.name, c.ready, c.restart_count
    )
}

/// Rule 11: show the failing pod's container states and its recent events,
/// and offer rollback (on a terminal; otherwise print the command).
pub async fn bad_canary(ctx: &Ctx, pod: &str, reason: &str, partition: i32) -> anyhow::Result<()> {
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
            writeln!(out, "{}", container_line(c))?;
        }
    }
    let events = pod_events(&ctx.kube, &ctx.ns, pod, uid.as_deref()).await?;
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
            let o = crate::ops::undo::UndoOptions {
                to_revision: None,
                wait: WaitOptions {
                    timeout: std::time::Duration::from_secs(300),
                    min_ready: std::time::Duration::ZERO,
                },
                write: WriteOptions {
                    dry_run: None,
                    yes: false,
                },
            };
            Box::pin(crate::ops::undo::undo(ctx, &o)).await?;
            return Ok(());
        }
    }
    println!("To roll back: {}", ctx.cmd("undo"));
    Ok(())
}
