//! The partition write and the records of a rollout. Every write that
//! lowers the partition passes the disruption gate right before it, on a
//! set and pods read for that very attempt (rule 6): rule 1 (the whole set
//! healthy, `plan::health::check_set`) and the claim check of every pod the
//! controller will replace (`ops::gate::claims_safe`: a claim being deleted
//! loses its data the moment its pod stops). On 409 the attempt runs again
//! from a fresh read (`ops::retry::on_conflict`, rule 5).

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::Pod;

use super::Ctx;
use crate::cluster::rollout::{Annotations, patch_set};
use crate::cluster::set;
use crate::error::Failure;
use crate::ops::interrupt::Interrupt;
use crate::ops::owner::{SETTLE_WINDOW, check_held};
use crate::ops::{gate, record, retry};
use crate::plan::health::check_set;
use crate::plan::owner::Field;
use crate::plan::record::{clear_mine, set_mine};
use crate::plan::rollout::history::{History, history_annotation};
use crate::plan::rollout::{Intent, intent_annotation, step_still_valid, uids_to_replace};
use crate::plan::set as facts;

/// One partition write, as decided.
pub struct PartitionWrite<'a> {
    /// The partition the decision was made from; a set found at another
    /// partition (someone moved it) is not written.
    pub expected_partition: i32,
    /// The update revision the decision rolls out; a new template applied
    /// meanwhile stops the write.
    pub target_revision: &'a str,
    pub partition: i32,
    /// The intent to record with it: `Some(None)` removes it, `None` leaves it.
    pub intent: Option<Option<&'a Intent>>,
    /// Send with dryRun=All.
    pub server_dry_run: bool,
}

/// What a partition write did.
pub struct Written {
    pub set: StatefulSet,
    /// Pod name -> UID of the pods the controller now replaces.
    pub replaced: BTreeMap<String, String>,
    /// How many 409s were met (each re-read and re-decided).
    pub conflicts: usize,
}

/// Writes the partition as `w` says, guarded by the resourceVersion of a
/// fresh read, after the gate when it lowers the partition over pods not
/// yet at the update revision. Errors: `Conflict` when the decision no
/// longer holds (the text says why), `Refused` from the gate (nothing was
/// written), `Interrupted` when Ctrl-C was pressed before the write,
/// `Refused` when the partition was put back within the settle window
/// (`ops::owner::check_held`).
pub async fn write_partition(ctx: &Ctx, w: &PartitionWrite<'_>) -> Result<Written, Failure> {
    let what = format!("statefulset {:?} in namespace {:?}", ctx.name, ctx.ns);
    let (res, conflicts) = retry::on_conflict(&what, |_| attempt(ctx, w)).await?;
    let (set, replaced) = res.map_err(|why| {
        Failure::Conflict(format!(
            "statefulset {:?} in namespace {:?} changed before the partition was set to {}: \
             {why}. Nothing was written; check it with: {}",
            ctx.name,
            ctx.ns,
            w.partition,
            ctx.cmd("status")
        ))
    })?;
    // The write must still be there after the settle window: a controller
    // owning the set may put the partition back.
    let set = if w.server_dry_run {
        set
    } else {
        check_held(&ctx.kube, &set, &[Field::Partition], SETTLE_WINDOW).await?
    };
    Ok(Written {
        set,
        replaced,
        conflicts,
    })
}

type Attempt = Result<(StatefulSet, BTreeMap<String, String>), String>;

async fn attempt(ctx: &Ctx, w: &PartitionWrite<'_>) -> Result<Attempt, Failure> {
    let fresh = set::get(&ctx.kube, &ctx.ns, &ctx.name).await?;
    if let Err(why) = step_still_valid(&fresh, w.target_revision, w.expected_partition) {
        return Ok(Err(why));
    }
    let mut replaced = BTreeMap::new();
    if w.partition < facts::partition(&fresh) {
        let pods = set::pods(&ctx.kube, &fresh).await?;
        let refs: Vec<&Pod> = pods.iter().collect();
        let ordinals: Vec<i32> = facts::updated_ordinals(&fresh, w.partition).collect();
        replaced = uids_to_replace(&fresh, &refs, &ordinals, w.target_revision);
        if !replaced.is_empty() {
            healthy(ctx, &fresh, &refs)?;
            let going: Vec<&Pod> = refs
                .iter()
                .copied()
                .filter(|p| {
                    p.metadata
                        .name
                        .as_ref()
                        .is_some_and(|n| replaced.contains_key(n))
                })
                .collect();
            gate::claims_safe(&ctx.kube, &ctx.ns, &going).await?;
        }
    }
    // Rule 8: a Ctrl-C before the write leaves the set as it was.
    if Interrupt::global().is_set() {
        return Err(Failure::Interrupted(format!(
            "interrupted before the partition of statefulset {} in namespace {} was set to {}; \
             nothing was written",
            ctx.name, ctx.ns, w.partition
        )));
    }
    let mut ann = Annotations::new();
    if let Some(i) = w.intent {
        ann.insert(
            intent_annotation(),
            i.map(|i| serde_json::to_string(i).expect("an intent serializes")),
        );
    }
    let set = patch_set(&ctx.kube, &fresh, Some(w.partition), &ann, w.server_dry_run).await?;
    Ok(Ok((set, replaced)))
}

/// Rule 1 before taking pods down: the controller observed the spec, every
/// pod exists, is Ready and not terminating.
pub fn healthy(ctx: &Ctx, set: &StatefulSet, pods: &[&Pod]) -> Result<(), Failure> {
    let problems = check_set(set, pods, None);
    if problems.is_empty() {
        return Ok(());
    }
    let reasons: Vec<String> = problems.into_iter().map(|u| u.reason).collect();
    Err(Failure::Refused(format!(
        "statefulset {} in namespace {} is not healthy, so no pod is taken down: {}. Nothing was \
         patched. Fix that first (see {}), or roll back with: {}",
        ctx.name,
        ctx.ns,
        reasons.join("; "),
        ctx.status_cmd(),
        ctx.cmd("undo")
    )))
}

/// Records `intent` on the set (rule 8), from the set as it is now: only
/// over a record of the same run (or none); another run's record is
/// refused and left as it is (`plan::record::set_mine`).
pub async fn save_intent(ctx: &Ctx, intent: &Intent) -> Result<(), Failure> {
    let mine = intent.clone();
    record::update(
        &ctx.kube,
        &ctx.ns,
        &ctx.name,
        &intent_annotation(),
        set_mine(intent.clone(), move |c| mine.same_run(c), Intent::describe),
    )
    .await
}

/// Removes the rollout intent of this run (`mine`) from the set; the
/// record of another run or operation (a `rollout pause` left in place,
/// say) stays (`plan::record::clear_mine`).
pub async fn clear_intent(ctx: &Ctx, mine: &Intent) -> Result<(), Failure> {
    let mine = mine.clone();
    record::update(
        &ctx.kube,
        &ctx.ns,
        &ctx.name,
        &intent_annotation(),
        clear_mine(move |c: &Intent| mine.same_run(c)),
    )
    .await
}

/// The revision history record as it is on `set` (empty when absent or
/// unreadable: it only ever narrows what `undo` picks).
pub fn history_of(set: &StatefulSet) -> History {
    record::read(set, &history_annotation())
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Rewrites the revision history record as `change` says.
pub async fn update_history(ctx: &Ctx, change: impl Fn(History) -> History) -> Result<(), Failure> {
    record::update(&ctx.kube, &ctx.ns, &ctx.name, &history_annotation(), |h| {
        Ok(Some(change(h.unwrap_or_default())))
    })
    .await
}

/// One partition write of an operation that takes a single step (pause,
/// resume, `--partition`): conflicts met are noted, and a server dry run
/// ends here (`Ok(None)`) once the API server has accepted the write.
pub async fn write_or_validate(
    ctx: &Ctx,
    w: &PartitionWrite<'_>,
) -> Result<Option<Written>, Failure> {
    let written = write_partition(ctx, w).await?;
    note_conflicts(ctx, written.conflicts);
    if w.server_dry_run {
        println!("(server dry run: the API server accepted the write; nothing was changed)");
        return Ok(None);
    }
    Ok(Some(written))
}

/// Notes on stderr that a write met conflicts and was re-decided.
pub fn note_conflicts(ctx: &Ctx, conflicts: usize) {
    if conflicts > 0 {
        eprintln!(
            "note: statefulset {} changed while being written ({conflicts} conflict(s), 409); it \
             was re-read and the step re-decided before writing again",
            ctx.name
        );
    }
}
