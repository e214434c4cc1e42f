//! The orphan-claim operation: find the claims StatefulSets left behind
//! (`plan::orphans` decides, safety rule 13) and, with `--delete`, delete
//! them one at a time after a typed confirmation (rule 15), each only after
//! every piece of evidence was re-checked on a fresh read right before its
//! delete (`plan::orphans::recheck`), with Preconditions{uid,
//! resourceVersion} (rule 5). Nothing here takes a pod down.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{PersistentVolume, Pod};
use serde::Serialize;

use super::Confirmation;
use super::interrupt::Interrupt;
use crate::args::DryRun;
use crate::cluster::Kube;
use crate::cluster::pvc as io;
use crate::error::Failure;
use crate::plan::orphans::{self, Orphan};
use crate::render::prompt;

/// Deleting orphans asks the user to type how many claims go.
pub const CONFIRMATION: Confirmation = Confirmation::Typed;

/// Test-only hook: when set to a path, the delete waits (up to 2 minutes)
/// after confirmation and before its re-checks until that file exists,
/// creating `<path>.waiting` first, so an e2e test can change the cluster
/// between listing and deleting.
pub const PAUSE_HOOK: &str = "KUBECTL_STS_TEST_PAUSE_BEFORE_DELETE";

/// What the search found.
pub struct Found {
    pub orphans: Vec<Orphan>,
    /// What could not be read (the report carries them).
    pub warnings: Vec<String>,
}

/// Every orphaned claim in namespace `ns` (all namespaces with `None`),
/// only those of set `only_set` when given. One LIST per kind, whatever the
/// number of namespaces.
pub async fn find(kube: &Kube, ns: Option<&str>, only_set: Option<&str>) -> Result<Found, Failure> {
    let (orphans, warnings) = io::find_orphans(kube, ns, only_set).await?;
    Ok(Found { orphans, warnings })
}

/// How the delete runs.
#[derive(Debug, Clone, Copy)]
pub struct DeleteOptions {
    pub dry_run: Option<DryRun>,
    /// `--yes`: the confirmation is given.
    pub yes: bool,
}

/// What the delete did (docs/pvc-report.md, `delete`).
#[derive(Debug, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct DeleteOutcome {
    /// "none", "client" or "server".
    pub dry_run: &'static str,
    pub deleted: Vec<String>,
    pub skipped: Vec<Skipped>,
    pub failed: Vec<Skipped>,
    /// Ctrl-C stopped the deletes; the rest were skipped.
    #[serde(skip)]
    pub interrupted: bool,
}

/// A claim not deleted, and why.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Skipped {
    pub namespace: String,
    pub name: String,
    pub reason: String,
}

/// Deletes `list` (as shown to the user) after the typed confirmation
/// ([`CONFIRMATION`]); a client dry run sends nothing, a server dry run
/// sends dryRun=All deletes. Each claim is re-read with the sets and pods of
/// its namespace and its volume right before its delete; one whose
/// evidence changed is skipped with the reason. Errors: refusal without
/// confirmation (nothing deleted); API errors on a delete are collected in
/// `failed`, not returned.
pub async fn delete(
    kube: &Kube,
    list: &[Orphan],
    opts: DeleteOptions,
) -> Result<DeleteOutcome, Failure> {
    let n = list.len();
    let mut outcome = DeleteOutcome {
        dry_run: dry_run_name(opts.dry_run),
        ..Default::default()
    };
    if opts.dry_run == Some(DryRun::Client) {
        eprintln!(
            "Dry run (client): {n} PVCs would be deleted; nothing was sent to the API server."
        );
        return Ok(outcome);
    }
    let server_dry = opts.dry_run == Some(DryRun::Server);
    if !server_dry {
        confirm(list, opts.yes)?;
    }
    pause_hook().await?;
    let interrupt = Interrupt::global();
    for o in list {
        let (ns, name) = (o.namespace.as_str(), o.name.as_str());
        let skip = |reason: String| Skipped {
            namespace: ns.into(),
            name: name.into(),
            reason,
        };
        if interrupt.is_set() {
            outcome.interrupted = true;
            outcome
                .skipped
                .push(skip("not deleted: interrupted (Ctrl-C)".into()));
            continue;
        }
        match recheck(kube, o).await? {
            Err(reason) => outcome.skipped.push(skip(reason)),
            Ok(rv) => match io::delete_pvc(kube, ns, name, &o.uid, &rv, server_dry).await {
                Ok(()) => outcome.deleted.push(format!("{ns}/{name}")),
                Err(Failure::Conflict(_)) => outcome.skipped.push(skip(
                    "changed between the check and the delete (409 Conflict); re-run to re-check"
                        .into(),
                )),
                Err(Failure::NotFound(_)) => outcome.skipped.push(skip("already gone".into())),
                Err(e) => outcome.failed.push(skip(e.to_string())),
            },
        }
    }
    Ok(outcome)
}

/// "none", "client" or "server", as the report says it.
pub fn dry_run_name(d: Option<DryRun>) -> &'static str {
    match d {
        None => "none",
        Some(DryRun::Client) => "client",
        Some(DryRun::Server) => "server",
    }
}

fn confirm(list: &[Orphan], yes: bool) -> Result<(), Failure> {
    let n = list.len();
    let lost = list
        .iter()
        .filter(|o| o.pv_reclaim_policy.as_deref() == Some("Delete"))
        .count();
    let question = format!(
        "Delete {n} PVCs?{}",
        if lost > 0 {
            format!(" {lost} of them have reclaimPolicy Delete: their data is destroyed.")
        } else {
            String::new()
        }
    );
    if !prompt::confirm_typed(&question, &n.to_string(), &format!("delete {n} PVCs"), yes)? {
        return Err(Failure::Refused(format!(
            "the confirmation did not match {n}; nothing was deleted"
        )));
    }
    Ok(())
}

/// The gate of one delete: the claim, its namespace's sets and pods and its
/// volume, read now. `Ok(Ok(rv))`: still the orphan that was confirmed, to
/// be deleted at resourceVersion `rv`; `Ok(Err(reason))`: skip it.
async fn recheck(kube: &Kube, o: &Orphan) -> Result<Result<String, String>, Failure> {
    let view = io::fresh_view(kube, &o.namespace, &o.name).await?;
    let Some(fresh) = view.claim else {
        return Ok(Err("already gone".into()));
    };
    if fresh.metadata.uid.as_deref() != Some(o.uid.as_str()) {
        return Ok(Err(
            "replaced by a new PVC of the same name since it was listed".into(),
        ));
    }
    // A set under an operation (e.g. a resize between its delete and its
    // recreate) is live whatever the evidence says: its Lease is held.
    let lease_name = crate::plan::lease::lease_name(&o.stateful_set);
    match crate::cluster::lease::get(kube, &o.namespace, &lease_name).await {
        Ok(lease) => {
            if let crate::plan::lease::Take::Busy(h) =
                crate::plan::lease::decide(lease.as_ref(), k8s_openapi::jiff::Timestamp::now())
            {
                return Ok(Err(format!(
                    "statefulset {} is under an operation ({}); its claims count as live until \
                     it ends",
                    o.stateful_set,
                    h.describe()
                )));
            }
        }
        Err(Failure::Forbidden(m)) => {
            return Ok(Err(format!(
                "cannot tell whether statefulset {} is under an operation ({m}); not deleted",
                o.stateful_set
            )));
        }
        Err(e) => return Err(e),
    }
    let sets: Vec<&StatefulSet> = view.sets.iter().collect();
    let pods: Vec<&Pod> = view.pods.iter().collect();
    let pvs: Option<HashMap<String, &PersistentVolume>> = view.pv.as_ref().map(|pv| {
        pv.iter()
            .filter_map(|p| Some((p.metadata.name.clone()?, p)))
            .collect()
    });
    let verdict = orphans::classify(&fresh, &sets, &pods, pvs.as_ref());
    Ok(orphans::recheck(o, &verdict)
        .map(|()| fresh.metadata.resource_version.clone().unwrap_or_default()))
}

async fn pause_hook() -> Result<(), Failure> {
    let Some(path) = std::env::var_os(PAUSE_HOOK) else {
        return Ok(());
    };
    let path = PathBuf::from(path);
    let mut waiting = path.clone().into_os_string();
    waiting.push(".waiting");
    std::fs::write(&waiting, b"")
        .map_err(|e| Failure::Config(format!("{PAUSE_HOOK}: cannot create {waiting:?}: {e}")))?;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    while !path.exists() {
        if tokio::time::Instant::now() > deadline {
            return Err(Failure::TimedOut(format!(
                "{PAUSE_HOOK}: {path:?} never appeared"
            )));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}
