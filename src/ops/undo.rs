//! `rollout undo` (safety rule 10): restore the pod template of an earlier
//! revision, and put the set back where it stood before the canary or
//! partition operation being undone (its partition, paused again if it was
//! paused). Without `--to-revision` it goes back to the
//! last revision recorded as fully rolled out and healthy, never to one
//! recorded as halted, and a second run finds nothing to undo.
//! After the revert has landed, and only then, pods stuck at the bad
//! revision (kubernetes#67250) are deleted, one by one, each confirmed and
//! gated. Every write that takes pods down passes the disruption gate on a
//! fresh read right before it.

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::anyhow;
use k8s_openapi::api::apps::v1::{ControllerRevision, StatefulSet};
use k8s_openapi::api::core::v1::Pod;
use serde_json::Value;

use crate::cluster::rollout::{Annotations, delete_pod, restore_template, revisions};
use crate::cluster::set;
use crate::cluster::wait::{Next, WaitError, watch_set};
use crate::error::Failure;
use crate::ops::Confirmation;
use crate::ops::interrupt::Interrupt;
use crate::ops::owner::{SETTLE_WINDOW, check_held};
use crate::ops::rollout::{
    Ctx, Outcome, PartitionWrite, Wait, WaitOptions, WriteOptions, history_of, note_conflicts,
    now_rfc3339, wait_partition, write_partition,
};
use crate::ops::{gate, retry};
use crate::plan::health::check_set;
use crate::plan::owner::Field;
use crate::plan::rollout::history::{
    Rev, UndoTarget, history_annotation, template_diff, undo_target,
};
use crate::plan::rollout::{self as plan, Intent, intent_annotation, uids_to_replace};
use crate::plan::set as facts;
use crate::plan::stuck::blocking_broken_pods;
use crate::render::prompt;

/// How undo asks: once for the template, then once per stuck pod.
pub const UNDO_CONFIRMATION: Confirmation = Confirmation::EachStep;

/// What `rollout undo` was asked to do.
#[derive(Debug, Clone)]
pub struct UndoOptions {
    /// Revision number to restore; `None`: the last good one.
    pub to_revision: Option<i64>,
    pub wait: WaitOptions,
    pub write: WriteOptions,
}

fn rev_no(r: &ControllerRevision) -> i64 {
    r.revision.unwrap_or(0)
}

/// The images of a ControllerRevision's pod template.
pub fn images(r: &ControllerRevision) -> Vec<String> {
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

/// Where the undone operation started: the partition to restore and, when
/// it took over from a pause, the pause's recorded partition.
fn origin_of(set: &StatefulSet, update: &str) -> Option<(i32, Option<i32>)> {
    let i = plan::read_intent(set).ok().flatten()?;
    let ours = matches!(i.operation.as_str(), "canary" | "partition" | "undo");
    (i.target_revision == update && ours).then_some((i.previous_partition?, i.paused_from))
}

/// Runs `undo` on `ctx`'s set. Exit code 0 rolled back (or nothing to
/// undo), 1 refused or a pod still failing, 3 not healthy in time.
pub async fn undo(ctx: &Ctx, a: &UndoOptions) -> anyhow::Result<ExitCode> {
    let set = set::get(&ctx.kube, &ctx.ns, &ctx.name).await?;
    let revs = revisions(&ctx.kube, &set).await?;
    let update = facts::revisions(&set).1.unwrap_or_default().to_string();
    let restore = origin_of(&set, &update);
    let target = match pick(ctx, &set, &revs, &update, a.to_revision)? {
        Some(t) => t,
        None if restore.is_none() => return Ok(ExitCode::SUCCESS),
        None => revs
            .iter()
            .find(|r| r.metadata.name.as_deref() == Some(update.as_str()))
            .ok_or_else(|| anyhow!("revision {update} not found"))?,
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
    let from_images = revs
        .iter()
        .find(|r| r.metadata.name.as_deref() == Some(update.as_str()))
        .map(images)
        .unwrap_or_default();
    println!(
        "rolling back statefulset {}/{}: pod template of revision {} ({target_name}, {}) \
         replaces {update} ({})",
        ctx.ns,
        ctx.name,
        rev_no(target),
        images(target).join(","),
        from_images.join(",")
    );
    let current_template = set.spec.template.clone();
    let current_template = serde_json::to_value(current_template).unwrap_or_default();
    let diff = template_diff(&current_template, &template, 12);
    if !diff.is_empty() {
        println!("what changes in the pod template:");
        for d in &diff {
            println!("  {d}");
        }
    }
    if let Some((p, paused)) = restore {
        println!(
            "the partition goes back to {p}, where it was before the rollout{}",
            if paused.is_some() {
                ", and the set is paused again"
            } else {
                ""
            }
        );
    }
    println!(
        "then: pods stuck at the bad revision (kubernetes#67250) are deleted with confirmation"
    );
    ctx.confirm_owned(&set, "Restore the pod template", &a.write)?;
    if a.write.client_dry_run() {
        println!("(dry run: nothing was changed)");
        return Ok(ExitCode::SUCCESS);
    }
    if !a.write.server_dry_run()
        && !prompt::confirm(
            &format!("Restore the template of revision {}?", rev_no(target)),
            "change the pod template",
            a.write.yes,
        )?
    {
        println!("nothing was changed");
        return Ok(ExitCode::from(1));
    }
    let w = Revert {
        update: &update,
        target: &target_name,
        template: &template,
        restore,
        server_dry_run: a.write.server_dry_run(),
    };
    let what = format!("statefulset {:?} in namespace {:?}", ctx.name, ctx.ns);
    let (res, _) = retry::on_conflict(&what, |_| revert(ctx, &w)).await?;
    let written = res.map_err(Failure::Conflict)?;
    if a.write.server_dry_run() {
        println!("(server dry run: the API server accepted the template; nothing was changed)");
        return Ok(ExitCode::SUCCESS);
    }
    // The rollback relies on the restored template staying.
    check_held(&ctx.kube, &written, &[Field::Template], SETTLE_WINDOW).await?;
    landed(ctx, a, &target_name).await?;
    println!(
        "the controller now rolls out revision {} ({target_name})",
        rev_no(target)
    );
    let replaced = delete_stuck(ctx, a, &target_name).await?;
    let code = finish(ctx, a, &replaced, rev_no(target), &target_name).await?;
    if let Some((p, paused)) = restore {
        put_back(ctx, &target_name, p, paused).await?;
    }
    Ok(code)
}

/// The partition goes back to where it was before the undone
/// operation, and the pause is recorded again if the set was paused. Pods
/// below the old partition already run the restored revision, so lowering
/// replaces nothing; the write still passes the gate if it would.
async fn put_back(ctx: &Ctx, target: &str, p: i32, paused: Option<i32>) -> anyhow::Result<()> {
    let set = set::get(&ctx.kube, &ctx.ns, &ctx.name).await?;
    let now = facts::partition(&set);
    let pause = paused.map(|prev| Intent {
        operation: "pause".into(),
        target_revision: target.to_string(),
        target_partition: p,
        last_verified_partition: prev,
        started_at: now_rfc3339(),
        previous_partition: Some(prev),
        paused_from: None,
        checks: None,
    });
    let w = write_partition(
        ctx,
        &PartitionWrite {
            expected_partition: now,
            target_revision: target,
            partition: p,
            intent: Some(pause.as_ref()),
            server_dry_run: false,
        },
    )
    .await?;
    note_conflicts(ctx, w.conflicts);
    let more = if paused.is_some() {
        format!(
            "; the set is paused again. Resume with: {}",
            ctx.cmd("resume")
        )
    } else {
        String::new()
    };
    println!("partition {p} restored, as before the rollout{more}");
    Ok(())
}

/// The revision to restore: `--to-revision`, or the last good one. `None`
/// when there is nothing to undo (said on stdout).
fn pick<'r>(
    ctx: &Ctx,
    set: &StatefulSet,
    revs: &'r [ControllerRevision],
    update: &str,
    to: Option<i64>,
) -> Result<Option<&'r ControllerRevision>, Failure> {
    let list = || {
        revs.iter()
            .map(|r| rev_no(r).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let by_name = |n: &str| revs.iter().find(|r| r.metadata.name.as_deref() == Some(n));
    if let Some(n) = to {
        return revs
            .iter()
            .find(|r| rev_no(r) == n)
            .map(Some)
            .ok_or_else(|| {
                Failure::NotFound(format!(
                    "statefulset {} in namespace {} has no revision {n} (it has: {}). See: {}",
                    ctx.name,
                    ctx.ns,
                    list(),
                    ctx.cmd("history")
                ))
            });
    }
    let short: Vec<Rev> = revs
        .iter()
        .map(|r| Rev {
            number: rev_no(r),
            name: r.metadata.name.clone().unwrap_or_default(),
        })
        .collect();
    match undo_target(&short, update, &history_of(set)) {
        UndoTarget::To(r) => Ok(by_name(&r.name)),
        UndoTarget::Nothing(r) => {
            println!(
                "statefulset {}/{}: nothing to undo; the template is already at revision {} \
                 ({}), the last one fully rolled out and healthy. To go elsewhere: {} \
                 --to-revision N (see: {})",
                ctx.ns,
                ctx.name,
                r.number,
                r.name,
                ctx.cmd("undo"),
                ctx.cmd("history")
            );
            Ok(None)
        }
        UndoTarget::None(why) => Err(Failure::NotFound(format!(
            "statefulset {} in namespace {}: {why}; nothing was changed. Pick one with \
             --to-revision N (see: {})",
            ctx.name,
            ctx.ns,
            ctx.cmd("history")
        ))),
    }
}

struct Revert<'a> {
    update: &'a str,
    target: &'a str,
    template: &'a Value,
    restore: Option<(i32, Option<i32>)>,
    server_dry_run: bool,
}

/// One attempt of the template write: fresh read, re-decide, gate (rule 1
/// for every pod that stays, the claim check for every pod the controller
/// will replace), guarded write. `Ok(Err)`: the decision no longer holds.
async fn revert(ctx: &Ctx, w: &Revert<'_>) -> Result<Result<StatefulSet, String>, Failure> {
    let fresh = set::get(&ctx.kube, &ctx.ns, &ctx.name).await?;
    if facts::revisions(&fresh).1 != Some(w.update) {
        return Ok(Err(format!(
            "the template of statefulset {} in namespace {} was changed by someone else during \
             the rollback; nothing was written. Check it with: {}",
            ctx.name,
            ctx.ns,
            ctx.cmd("history")
        )));
    }
    let pods = set::pods(&ctx.kube, &fresh).await?;
    let refs: Vec<&Pod> = pods.iter().collect();
    let partition = facts::partition(&fresh);
    let ordinals: Vec<i32> = facts::updated_ordinals(&fresh, partition).collect();
    let going = uids_to_replace(&fresh, &refs, &ordinals, w.target);
    let problems: Vec<String> = check_set(&fresh, &refs, None)
        .into_iter()
        .filter(|u| u.pod.as_ref().is_none_or(|p| !going.contains_key(p)))
        .map(|u| u.reason)
        .collect();
    if !problems.is_empty() {
        return Err(Failure::Refused(format!(
            "statefulset {} in namespace {} is not healthy apart from the pods the rollback \
             replaces, so the template is not restored: {}. Nothing was patched. Fix that first \
             (see {})",
            ctx.name,
            ctx.ns,
            problems.join("; "),
            ctx.status_cmd()
        )));
    }
    let going_pods: Vec<&Pod> = refs
        .iter()
        .copied()
        .filter(|p| {
            p.metadata
                .name
                .as_ref()
                .is_some_and(|n| going.contains_key(n))
        })
        .collect();
    gate::claims_safe(&ctx.kube, &ctx.ns, &going_pods).await?;
    if Interrupt::global().is_set() {
        return Err(Failure::Interrupted(
            "interrupted before the template was restored; nothing was written".into(),
        ));
    }
    // Until the partition is back (after the pods are healthy), the record
    // says where it goes, so a re-run finishes the job.
    let mut ann = Annotations::new();
    let pending = w.restore.map(|(p, paused)| Intent {
        operation: "undo".into(),
        target_revision: w.target.to_string(),
        target_partition: p,
        last_verified_partition: partition,
        started_at: now_rfc3339(),
        previous_partition: Some(p),
        paused_from: paused,
        checks: None,
    });
    ann.insert(
        intent_annotation(),
        pending.map(|i| serde_json::to_string(&i).expect("an intent serializes")),
    );
    // The revision left behind was bad; the restored one is the last good.
    let mut history = history_of(&fresh).good(w.target);
    if w.update != w.target {
        history = history.halt(w.update);
    }
    ann.insert(
        history_annotation(),
        Some(serde_json::to_string(&history).expect("a history serializes")),
    );
    let written =
        restore_template(&ctx.kube, &fresh, w.template, None, &ann, w.server_dry_run).await?;
    Ok(Ok(written))
}

/// Waits until the controller observed the restored template.
async fn landed(ctx: &Ctx, a: &UndoOptions, target: &str) -> Result<(), Failure> {
    let landed = watch_set(
        &ctx.kube,
        &ctx.ns,
        &ctx.name,
        a.wait.timeout,
        |_| {},
        |set, _, _| {
            let observed = set.status.as_ref().and_then(|s| s.observed_generation);
            if observed >= set.metadata.generation && facts::revisions(set).1 == Some(target) {
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
        Ok(()) => Ok(()),
        Err(WaitError::Deadline { last, .. }) => Err(Failure::TimedOut(format!(
            "the restored template of statefulset {} in namespace {} was not observed in time \
             ({last}); no pod was deleted. Check: {}",
            ctx.name,
            ctx.ns,
            ctx.cmd("status")
        ))),
        Err(WaitError::Interrupted { .. }) => Err(Failure::Interrupted(format!(
            "interrupted after the template was restored; no pod was deleted. Re-run: {}",
            ctx.cmd("undo")
        ))),
        Err(WaitError::SetDeleted { ns, name }) => Err(Failure::NotFound(format!(
            "statefulset {name:?} in namespace {ns:?} was deleted"
        ))),
        Err(WaitError::Api(f)) => Err(f),
    }
}

/// Rule 10: pods stuck at the bad revision are deleted, each confirmed, each
/// after the gate on a fresh read (`ops::gate::may_take_down`: rule 1 for
/// the others and the claim check), with Preconditions{uid,
/// resourceVersion}. Returns name -> old UID of the deleted pods.
async fn delete_stuck(
    ctx: &Ctx,
    a: &UndoOptions,
    target: &str,
) -> anyhow::Result<BTreeMap<String, String>> {
    let set = set::get(&ctx.kube, &ctx.ns, &ctx.name).await?;
    let pods = set::pods(&ctx.kube, &set).await?;
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
            &format!("Delete pod {} so it is recreated at {target}?", b.name),
            &format!("delete pod {}", b.name),
            a.write.yes,
        )? {
            println!(
                "pod {} was left alone; delete it yourself when ready: kubectl delete pod {} -n {}",
                b.name, b.name, ctx.ns
            );
            continue;
        }
        let fresh = set::get(&ctx.kube, &ctx.ns, &ctx.name).await?;
        let pods = set::pods(&ctx.kube, &fresh).await?;
        let refs: Vec<&Pod> = pods.iter().collect();
        let Some(p) = refs
            .iter()
            .copied()
            .find(|p| p.metadata.uid.as_deref() == Some(b.uid.as_str()))
        else {
            continue;
        };
        gate::may_take_down(&ctx.kube, &fresh, &refs, p).await?;
        if Interrupt::global().is_set() {
            return Err(Failure::Interrupted(format!(
                "interrupted before pod {} was deleted; the template is restored. Re-run: {}",
                b.name,
                ctx.cmd("undo")
            ))
            .into());
        }
        delete_pod(&ctx.kube, p, false).await?;
        println!("deleted pod {} (uid {})", b.name, b.uid);
        replaced.insert(b.name.clone(), b.uid.clone());
    }
    Ok(replaced)
}

/// Waits until the set is healthy at the restored revision.
async fn finish(
    ctx: &Ctx,
    a: &UndoOptions,
    replaced: &BTreeMap<String, String>,
    number: i64,
    target: &str,
) -> anyhow::Result<ExitCode> {
    let set = set::get(&ctx.kube, &ctx.ns, &ctx.name).await?;
    let watch: Vec<String> = facts::live_ordinals(&set)
        .map(|o| crate::plan::names::pod_name(&ctx.name, o))
        .collect();
    let outcome = wait_partition(
        ctx,
        &Wait {
            partition: None,
            replaced,
            timeout: a.wait.timeout,
            min_ready: a.wait.min_ready,
            since: Some(ctx.started),
            watch: &watch,
        },
    )
    .await?;
    match outcome {
        Outcome::Done => {
            println!(
                "rolled back: statefulset {}/{} is healthy at revision {number} ({target})",
                ctx.ns, ctx.name
            );
            let set = set::get(&ctx.kube, &ctx.ns, &ctx.name).await?;
            let partition = facts::partition(&set);
            if partition > 0 && origin_of(&set, target).is_none() {
                println!(
                    "note: the partition is still {partition}: a new template will only update \
                     ordinals from it up. Lower it when ready: {}",
                    ctx.command("").opt("--partition", 0)
                );
            }
            Ok(ExitCode::SUCCESS)
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
