//! `rollout pause` and `rollout resume`: freeze a set by raising its
//! partition to replicas (recording the old one on the set, rule 8), and
//! put the recorded partition back. Resuming lowers the partition, so it
//! is confirmed ([`crate::ops::Confirmation::Once`], rule 15) and passes the
//! disruption gate right before the write (`ops::rollout::write_partition`).

use std::process::ExitCode;

use k8s_openapi::api::core::v1::Pod;

use crate::cluster::set;
use crate::error::Failure;
use crate::ops::Confirmation;
use crate::ops::rollout::{
    Ctx, PartitionWrite, WriteOptions, clear_intent, dry_run_or_confirm, now_rfc3339,
    write_or_validate,
};
use crate::plan::names::pod_ordinal;
use crate::plan::rollout::{self as plan, Intent, require_partition, uids_to_replace};
use crate::plan::set as facts;

/// How `resume` asks: once, when pods will be replaced.
pub const RESUME_CONFIRMATION: Confirmation = Confirmation::Once;

/// Raises the partition to replicas so a new template can be applied
/// without any pod changing; records the old partition for `resume`.
/// Takes no pod down. Refused on a strategy without a partition.
pub async fn pause(ctx: &Ctx, write: WriteOptions) -> anyhow::Result<ExitCode> {
    let set = set::get(&ctx.kube, &ctx.ns, &ctx.name).await?;
    require_partition(&set, "pause").map_err(Failure::Refused)?;
    let before = facts::partition(&set);
    let n = facts::replicas(&set);
    if before >= n {
        println!(
            "statefulset {}/{} is already frozen: partition {before} >= replicas {n}",
            ctx.ns, ctx.name
        );
        return Ok(ExitCode::SUCCESS);
    }
    let update = facts::revisions(&set).1.unwrap_or_default().to_string();
    println!(
        "pausing statefulset {}/{}: partition {before} -> {n} (replicas)",
        ctx.ns, ctx.name
    );
    ctx.confirm_owned(&set, "Pause the rollout", &write)?;
    if write.client_dry_run() {
        println!("(dry run: nothing was changed)");
        return Ok(ExitCode::SUCCESS);
    }
    let intent = Intent {
        operation: "pause".into(),
        target_revision: update.clone(),
        target_partition: n,
        last_verified_partition: before,
        started_at: now_rfc3339(),
        previous_partition: Some(before),
        paused_from: None,
        checks: None,
    };
    let written = write_or_validate(
        ctx,
        &PartitionWrite {
            expected_partition: before,
            target_revision: &update,
            partition: n,
            intent: Some(Some(&intent)),
            server_dry_run: write.server_dry_run(),
        },
    )
    .await;
    let Some(_) = (match written {
        Ok(w) => w,
        Err(e) => {
            // A partition put back leaves no pause behind to resume (only
            // this run's record is removed).
            let _ = clear_intent(ctx, &intent).await;
            return Err(e.into());
        }
    }) else {
        return Ok(ExitCode::SUCCESS);
    };
    println!(
        "paused: no pod changes when a new template is applied. Resume with: {}",
        ctx.cmd("resume")
    );
    Ok(ExitCode::SUCCESS)
}

/// Restores the partition recorded by `pause` and removes the record. When
/// that lowers the partition over pods not at the update revision, the plan
/// is shown and confirmed, and the write passes the gate (rule 1 and the
/// claim check); it does not wait for the pods (`rollout status` does).
pub async fn resume(ctx: &Ctx, write: WriteOptions) -> anyhow::Result<ExitCode> {
    let set = set::get(&ctx.kube, &ctx.ns, &ctx.name).await?;
    require_partition(&set, "resume").map_err(Failure::Refused)?;
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
            ctx.command("").opt("--partition", "N")
        ))
        .into());
    };
    let now = facts::partition(&set);
    let update = facts::revisions(&set).1.unwrap_or_default().to_string();
    let pods = set::pods(&ctx.kube, &set).await?;
    let refs: Vec<&Pod> = pods.iter().collect();
    let ordinals: Vec<i32> = facts::updated_ordinals(&set, prev).collect();
    let replaced = uids_to_replace(&set, &refs, &ordinals, &update);
    let mut names: Vec<String> = replaced.keys().cloned().collect();
    names.sort_by_key(|n| std::cmp::Reverse(pod_ordinal(n, &ctx.name)));
    println!(
        "resuming statefulset {}/{}: partition {now} -> {prev} (recorded at {}); pods to update \
         to {update}: {}",
        ctx.ns,
        ctx.name,
        i.started_at,
        if names.is_empty() {
            "none".to_string()
        } else {
            names.join(", ")
        }
    );
    let going: &[String] = if prev < now { &names } else { &[] };
    ctx.confirm_owned(&set, "Resume the rollout", &write)?;
    if let Some(stop) = dry_run_or_confirm(
        &write,
        going,
        "Resume?",
        &format!("resume statefulset {}", ctx.name),
    )? {
        return Ok(stop);
    }
    let Some(_) = write_or_validate(
        ctx,
        &PartitionWrite {
            expected_partition: now,
            target_revision: &update,
            partition: prev,
            intent: Some(None),
            server_dry_run: write.server_dry_run(),
        },
    )
    .await?
    else {
        return Ok(ExitCode::SUCCESS);
    };
    println!(
        "resumed: partition {prev}. Follow the pods with: {}",
        ctx.cmd("status")
    );
    Ok(ExitCode::SUCCESS)
}
