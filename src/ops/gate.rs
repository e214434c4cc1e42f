//! The disruption gate: the one place that answers "may this pod go down
//! now?" against the live cluster, right before the write that takes it
//! down. It re-reads the pod's claims and their volumes (consistent reads,
//! rule 6) and applies `plan::disruption::may_take_down`: rule 1 (the rest
//! of the set is healthy) and the claim check (no claim being deleted, Lost,
//! or with its volume gone or Released).
//!
//! Every path that takes a pod down calls [`may_take_down`] or
//! [`claims_safe`]: eviction and `--disable-eviction` deletes, every
//! partition write that lowers the partition, template writes that roll
//! pods (`--via-template`, undo), undo's and recover's pod deletes, and
//! resize's restarts.

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::Pod;

use crate::cluster::Kube;
use crate::cluster::claims::{ClaimRead, claims_of_pod};
use crate::error::Failure;
use crate::plan::disruption::{self, Blocker};

/// Rule 1 plus the claim check for taking `target` down, on `set` and
/// `pods` as just read. `Err(Failure::Refused)` names every blocker, the
/// namespace and what to do; nothing was written.
pub async fn may_take_down(
    kube: &Kube,
    set: &StatefulSet,
    pods: &[&Pod],
    target: &Pod,
) -> Result<(), Failure> {
    let ns = set.metadata.namespace.as_deref().unwrap_or_default();
    let claims = claims_of_pod(kube, ns, target).await?;
    let facts: Vec<_> = claims.iter().map(ClaimRead::facts).collect();
    let pod = target.metadata.name.as_deref().unwrap_or_default();
    refuse_if(
        &format!("pod {pod}"),
        ns,
        disruption::may_take_down(set, pods, target, &facts),
    )
}

/// The claim check alone, for paths where rule 1 is decided elsewhere
/// (a recovery delete of a pod that is itself the problem, or a set of pods
/// the controller will replace after a partition or template write).
pub async fn claims_safe(kube: &Kube, ns: &str, pods: &[&Pod]) -> Result<(), Failure> {
    let mut blockers = Vec::new();
    for p in pods {
        let claims = claims_of_pod(kube, ns, p).await?;
        let facts: Vec<_> = claims.iter().map(ClaimRead::facts).collect();
        blockers.extend(disruption::claims_at_risk(p, &facts));
    }
    let names: Vec<&str> = pods
        .iter()
        .filter_map(|p| p.metadata.name.as_deref())
        .collect();
    refuse_if(&format!("pod(s) {}", names.join(", ")), ns, blockers)
}

fn refuse_if(who: &str, ns: &str, blockers: Vec<Blocker>) -> Result<(), Failure> {
    if blockers.is_empty() {
        return Ok(());
    }
    Err(Failure::Refused(format!(
        "not taking {who} in namespace {ns} down: {}. Nothing was evicted, deleted or patched",
        disruption::describe(&blockers)
    )))
}
