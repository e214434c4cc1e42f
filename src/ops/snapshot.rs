//! Taking VolumeSnapshots of a set's claims: `pvc snapshot`, and
//! `--snapshot` before `pvc resize`, `rollout canary`, `rollout --partition`
//! and `restart`. Everything that would refuse is found before the first
//! snapshot is created ([`prepare`]: the API installed, every claim Bound,
//! a class for every claim's driver); [`take`] creates them and waits until
//! each is ready or failed. Decisions: `plan::snapshot`.

use std::collections::BTreeMap;
use std::time::Duration;

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{PersistentVolume, PersistentVolumeClaim};
use k8s_openapi::api::storage::v1::StorageClass;
use k8s_openapi::jiff::Timestamp;
use serde::Serialize;

use crate::args::DryRun;
use crate::cluster::Kube;
use crate::cluster::snapshot::{self as io, Settled, SnapshotApi};
use crate::error::Failure;
use crate::plan::names::pvc_name;
use crate::plan::snapshot::{self, Source, State};

/// How snapshots are taken.
#[derive(Debug, Clone)]
pub struct Options {
    /// `--class` / `--snapshot-class`: else the driver's default class.
    pub class: Option<String>,
    /// Wait until each snapshot is ready (always, before a change).
    pub wait: bool,
    pub timeout: Duration,
    pub dry_run: Option<DryRun>,
    /// Recorded on each snapshot: `manual` or the operation it precedes.
    pub reason: String,
}

/// The claims to snapshot, each with its class; nothing written yet.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub namespace: String,
    pub set: String,
    pub sources: Vec<(Source, String)>,
}

/// One snapshot as created (and, with a wait, as it ended).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Taken {
    pub name: String,
    pub claim: String,
    pub ordinal: i32,
    pub template: String,
    pub class: String,
    /// `true` ready, `false` not (yet), `None` not created (dry run).
    pub ready: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Reads the claims of `ordinals` (every claim template, or `template`),
/// their volumes' CSI drivers and the VolumeSnapshotClasses, and decides a
/// class for each claim. `Err(Refused)`, with nothing written: the snapshot
/// API is not installed, a claim is missing or not Bound, or no class fits
/// a driver (the message names the class needed).
pub async fn prepare(
    kube: &Kube,
    set: &StatefulSet,
    ordinals: &[i32],
    template: Option<&str>,
    class: Option<&str>,
) -> Result<Prepared, Failure> {
    let ns = set.metadata.namespace.clone().unwrap_or_default();
    let name = set.metadata.name.clone().unwrap_or_default();
    let templates = match template {
        Some(t) => vec![snapshot::pick_template(set, Some(t)).map_err(Failure::Refused)?],
        None => snapshot::templates(set),
    };
    if templates.is_empty() {
        return Err(Failure::Refused(format!(
            "statefulset {name} in namespace {ns} has no volumeClaimTemplates: nothing to snapshot"
        )));
    }
    let classes = match io::classes(kube).await? {
        SnapshotApi::Installed(c) => c,
        SnapshotApi::Missing => {
            return Err(Failure::Refused(format!(
                "the VolumeSnapshot API ({}) is not installed on {}: install the snapshot CRDs \
                 and the snapshot-controller of kubernetes-csi/external-snapshotter (its \
                 client/config/crd and deploy/kubernetes/snapshot-controller), and a CSI driver \
                 with snapshot support, then re-run; nothing was changed",
                crate::plan::snapshot::objects::API_VERSION,
                kube.server
            )));
        }
    };
    let mut sources = Vec::new();
    let mut storage_classes: BTreeMap<String, Option<StorageClass>> = BTreeMap::new();
    for &o in ordinals {
        for t in &templates {
            let claim = pvc_name(t, &name, o);
            sources.push(read_source(kube, &ns, &claim, o, t, &mut storage_classes).await?);
        }
    }
    let refusals: Vec<String> = sources
        .iter()
        .filter_map(|s| s.refusal.as_ref().map(|r| format!("{}: {r}", s.claim)))
        .collect();
    if !refusals.is_empty() {
        return Err(Failure::Refused(format!(
            "cannot snapshot the claims of statefulset {name} in namespace {ns}: {}; nothing was \
             changed",
            refusals.join("; ")
        )));
    }
    // One class per driver, decided for all the claims of that driver.
    let mut by_driver: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for s in &sources {
        by_driver
            .entry(s.driver.clone().unwrap_or_default())
            .or_default()
            .push(s.claim.clone());
    }
    let mut chosen = BTreeMap::new();
    for (driver, claims) in &by_driver {
        let what = format!("claims {}", claims.join(", "));
        if driver.is_empty() {
            return Err(Failure::Refused(format!(
                "the CSI driver of {what} in namespace {ns} is unknown (their volumes are not CSI \
                 volumes, or cannot be read): only CSI volumes can be snapshotted; nothing was \
                 changed"
            )));
        }
        let c = snapshot::pick_class(driver, &classes, class, &what)
            .map_err(|m| Failure::Refused(format!("{m}; nothing was changed")))?;
        chosen.insert(driver.clone(), c);
    }
    let sources = sources
        .into_iter()
        .map(|s| {
            let c = chosen[s.driver.as_deref().unwrap_or_default()].clone();
            (s, c)
        })
        .collect();
    Ok(Prepared {
        namespace: ns,
        set: name,
        sources,
    })
}

/// One claim as a snapshot source: Bound, its driver and size.
async fn read_source(
    kube: &Kube,
    ns: &str,
    claim: &str,
    ordinal: i32,
    template: &str,
    storage_classes: &mut BTreeMap<String, Option<StorageClass>>,
) -> Result<Source, Failure> {
    let mut src = Source {
        claim: claim.to_string(),
        ordinal,
        template: template.to_string(),
        driver: None,
        size: None,
        refusal: None,
    };
    let Some(pvc) = kube.get_opt::<PersistentVolumeClaim>(ns, claim).await? else {
        src.refusal = Some("the claim does not exist".into());
        return Ok(src);
    };
    let phase = pvc.status.as_ref().and_then(|s| s.phase.clone());
    if pvc.metadata.deletion_timestamp.is_some() {
        src.refusal = Some("the claim is being deleted".into());
    } else if phase.as_deref() != Some("Bound") {
        src.refusal = Some(format!(
            "the claim is {}, not Bound",
            phase.as_deref().unwrap_or("in no phase")
        ));
    }
    src.size = pvc
        .status
        .as_ref()
        .and_then(|s| s.capacity.as_ref()?.get("storage"))
        .or_else(|| {
            pvc.spec
                .as_ref()?
                .resources
                .as_ref()?
                .requests
                .as_ref()?
                .get("storage")
        })
        .map(|q| q.0.clone());
    let spec = pvc.spec.clone().unwrap_or_default();
    if let Some(pv) = spec.volume_name.filter(|v| !v.is_empty()) {
        let api: kube::Api<PersistentVolume> = kube::Api::all(kube.client.clone());
        let target = crate::error::Target::new("get", "persistentvolumes").name(&pv);
        match kube.call(&target, "", api.get_opt(&pv)).await {
            Ok(Some(v)) => {
                src.driver = v
                    .spec
                    .as_ref()
                    .and_then(|s| s.csi.as_ref())
                    .map(|c| c.driver.clone());
            }
            Ok(None) | Err(Failure::Forbidden(_)) => {}
            Err(e) => return Err(e),
        }
    }
    if src.driver.is_none()
        && let Some(sc) = spec.storage_class_name.filter(|s| !s.is_empty())
    {
        if !storage_classes.contains_key(&sc) {
            let api: kube::Api<StorageClass> = kube::Api::all(kube.client.clone());
            let target =
                crate::error::Target::new("get", "storageclasses.storage.k8s.io").name(&sc);
            let got = match kube.call(&target, "", api.get_opt(&sc)).await {
                Ok(v) => v,
                Err(Failure::Forbidden(_)) => None,
                Err(e) => return Err(e),
            };
            storage_classes.insert(sc.clone(), got);
        }
        src.driver = storage_classes[&sc].as_ref().map(|c| c.provisioner.clone());
    }
    Ok(src)
}

/// Creates the snapshots of `p` (a client dry run creates none; a server
/// dry run sends them with dryRun=All) and, with `opts.wait`, waits until
/// each is ready or failed. Returns each snapshot as it ended; a failed
/// snapshot is left in place with its error, for the user to inspect.
/// `Err`: a create failed (the snapshots created before it are named), the
/// deadline passed (TimedOut) or Ctrl-C (Interrupted).
pub async fn take(kube: &Kube, p: &Prepared, opts: &Options) -> Result<Vec<Taken>, Failure> {
    let at = Timestamp::now();
    let mut taken = Vec::new();
    for (src, class) in &p.sources {
        let snap = snapshot::build(&p.set, src, class, at, &opts.reason);
        let mut t = Taken {
            name: snap.metadata.name.clone().unwrap_or_default(),
            claim: src.claim.clone(),
            ordinal: src.ordinal,
            template: src.template.clone(),
            class: class.clone(),
            ready: None,
            error: None,
        };
        match opts.dry_run {
            Some(DryRun::Client) => {}
            dry => {
                // Two runs within one second pick the same name: the next
                // free suffix, not a conflict.
                let mut snap = snap;
                let mut created = io::create(kube, &p.namespace, &snap, dry.is_some()).await;
                for n in 2..=5 {
                    if !matches!(&created, Err(Failure::Conflict(m)) if m.contains("already exists"))
                    {
                        break;
                    }
                    snap.metadata.name = Some(format!("{}-{n}", t.name));
                    created = io::create(kube, &p.namespace, &snap, dry.is_some()).await;
                }
                t.name = snap.metadata.name.clone().unwrap_or_default();
                if let Err(e) = created {
                    let made: Vec<&str> = taken.iter().map(|t: &Taken| t.name.as_str()).collect();
                    return Err(Failure::Api(format!(
                        "{e}; {}",
                        if made.is_empty() {
                            "no snapshot was created".to_string()
                        } else {
                            format!("created before it: {}", made.join(", "))
                        }
                    )));
                }
                t.ready = dry.is_none().then_some(false);
            }
        }
        taken.push(t);
    }
    if !opts.wait || opts.dry_run.is_some() {
        return Ok(taken);
    }
    let names: Vec<String> = taken.iter().map(|t| t.name.clone()).collect();
    let mut last = String::new();
    let settled = io::wait_settled(kube, &p.namespace, &names, opts.timeout, |seen| {
        let ready = seen
            .values()
            .filter(|s| snapshot::state(s) == State::Ready)
            .count();
        let line = format!("  snapshots ready: {ready}/{}", names.len());
        if line != last {
            eprintln!("{line}");
            last = line;
        }
    })
    .await?;
    let (seen, end) = match settled {
        Settled::All(s) => (s, None),
        Settled::TimedOut(s) => (s, Some(false)),
        Settled::Interrupted(s) => (s, Some(true)),
    };
    for t in &mut taken {
        match seen.get(&t.name).map(snapshot::state) {
            Some(State::Ready) => t.ready = Some(true),
            Some(State::Failed(m)) => t.error = Some(m),
            _ => {}
        }
    }
    let pending: Vec<&str> = taken
        .iter()
        .filter(|t| t.ready != Some(true) && t.error.is_none())
        .map(|t| t.name.as_str())
        .collect();
    match end {
        Some(true) => Err(Failure::Interrupted(format!(
            "interrupted while waiting for snapshots {} in namespace {}; they are left as they \
             are: see them with kubectl sts pvc snapshots {} -n {}",
            pending.join(", "),
            p.namespace,
            p.set,
            p.namespace
        ))),
        Some(false) => Err(Failure::TimedOut(format!(
            "snapshots {} in namespace {} were not ready within {}; they are left as they are: \
             see them with kubectl sts pvc snapshots {} -n {}",
            pending.join(", "),
            p.namespace,
            crate::duration::human(opts.timeout),
            p.set,
            p.namespace
        ))),
        None => Ok(taken),
    }
}

/// `--snapshot` before an operation changes the pods of `ordinals` (or
/// every claim, for a resize): prepares, takes and waits; any refusal or
/// failed snapshot stops the operation before its first write, with
/// `Err(Refused)` naming the snapshot and its error. A dry run checks
/// everything and creates nothing (server: dryRun=All).
pub async fn before_change(
    kube: &Kube,
    set: &StatefulSet,
    ordinals: &[i32],
    args: &crate::args::SnapshotArgs,
    operation: &str,
    dry_run: Option<DryRun>,
) -> Result<Vec<Taken>, Failure> {
    let live = crate::plan::set::live_ordinals(set);
    let ordinals: Vec<i32> = ordinals
        .iter()
        .copied()
        .filter(|o| live.contains(o))
        .collect();
    if !args.snapshot || ordinals.is_empty() {
        return Ok(Vec::new());
    }
    let p = prepare(kube, set, &ordinals, None, args.snapshot_class.as_deref()).await?;
    let opts = Options {
        class: args.snapshot_class.clone(),
        wait: true,
        timeout: args.snapshot_timeout,
        dry_run,
        reason: operation.to_string(),
    };
    let claims: Vec<&str> = p.sources.iter().map(|(s, _)| s.claim.as_str()).collect();
    if dry_run.is_some() {
        eprintln!(
            "--snapshot: would snapshot {} ({} dry run) before the first change",
            claims.join(", "),
            if dry_run == Some(DryRun::Server) {
                "server"
            } else {
                "client"
            }
        );
    } else {
        eprintln!(
            "--snapshot: snapshotting {} before the first change",
            claims.join(", ")
        );
    }
    let taken = take(kube, &p, &opts).await.map_err(|e| match e {
        Failure::TimedOut(m) => Failure::TimedOut(format!(
            "{m}. The {operation} did not start: nothing was changed"
        )),
        Failure::Interrupted(m) => Failure::Interrupted(format!(
            "{m}. The {operation} did not start: nothing was changed"
        )),
        other => Failure::Api(format!(
            "{other}. The {operation} did not start: nothing was changed"
        )),
    })?;
    let failed: Vec<String> = taken
        .iter()
        .filter_map(|t| {
            t.error
                .as_ref()
                .map(|e| format!("VolumeSnapshot {} of claim {} failed: {e}", t.name, t.claim))
        })
        .collect();
    if !failed.is_empty() {
        let ok: Vec<&str> = taken
            .iter()
            .filter(|t| t.error.is_none())
            .map(|t| t.name.as_str())
            .collect();
        return Err(Failure::Refused(format!(
            "{}. The {operation} of statefulset {} in namespace {} did not start: no pod or claim \
             was changed{}. Inspect with: kubectl describe volumesnapshot -n {} {}; re-run once \
             the storage is fixed",
            failed.join("; "),
            p.set,
            p.namespace,
            if ok.is_empty() {
                String::new()
            } else {
                format!(" (the snapshots that succeeded stay: {})", ok.join(", "))
            },
            p.namespace,
            taken
                .iter()
                .filter(|t| t.error.is_some())
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        )));
    }
    if dry_run.is_none() {
        eprintln!(
            "--snapshot: ready: {}",
            taken
                .iter()
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(taken)
}

#[cfg(test)]
mod double_tests {
    //! Against the scripted API double: a cluster without the snapshot
    //! CRDs (the local control plane always installs them, and removing
    //! them would break every other test running beside).

    use super::*;
    use crate::ops::double;
    use crate::plan::fixtures::sts;

    #[tokio::test]
    async fn a_cluster_without_the_snapshot_api_is_refused_before_any_write() {
        let (kube, log) = double::kube(|_, uri, _| {
            assert!(uri.contains("volumesnapshotclasses"), "unexpected {uri}");
            (
                404,
                double::status(
                    404,
                    "NotFound",
                    "the server could not find the requested resource",
                ),
            )
        });
        let err = prepare(&kube, &sts("web", 2, &["data"]), &[0, 1], None, None)
            .await
            .unwrap_err()
            .to_string();
        for want in [
            "VolumeSnapshot API",
            "not installed",
            "snapshot-controller",
            "nothing was changed",
        ] {
            assert!(err.contains(want), "{want:?} missing from: {err}");
        }
        assert!(log.all().iter().all(|s| !s.is_write()));
    }
}
