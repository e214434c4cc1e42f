//! Reads and writes of the CSI snapshot API (`snapshot.storage.k8s.io/v1`;
//! objects in `plan::snapshot::objects`). The API is a CRD: a cluster
//! without it answers 404, which [`classes`] turns into
//! [`SnapshotApi::Missing`].

use std::collections::BTreeMap;
use std::time::Duration;

use futures::StreamExt;
use kube::api::{Api, PostParams};
use kube::runtime::{WatchStreamExt, watcher};

use super::Kube;
use crate::error::{Failure, Target};
use crate::plan::snapshot::objects::{GROUP, VolumeSnapshot, VolumeSnapshotClass};

/// Whether the snapshot API is served, with its classes.
pub enum SnapshotApi {
    Installed(Vec<VolumeSnapshotClass>),
    /// 404 on the classes: the CRDs are not installed.
    Missing,
}

/// The VolumeSnapshotClasses, or `Missing` when the API is not installed.
pub async fn classes(kube: &Kube) -> Result<SnapshotApi, Failure> {
    match kube.list_cluster::<VolumeSnapshotClass>().await {
        Ok(v) => Ok(SnapshotApi::Installed(v)),
        Err(Failure::NotFound(_)) => Ok(SnapshotApi::Missing),
        Err(e) => Err(e),
    }
}

/// The VolumeSnapshots of namespace `ns` that match label `selector`.
pub async fn list(kube: &Kube, ns: &str, selector: &str) -> Result<Vec<VolumeSnapshot>, Failure> {
    kube.list::<VolumeSnapshot>(Some(ns), Some(selector)).await
}

fn target(verb: &'static str, ns: &str, name: &str) -> Target {
    Target::new(verb, format!("volumesnapshots.{GROUP}"))
        .ns(Some(ns))
        .name(name)
}

/// Creates `snap` in `ns` (with dryRun=All when `dry_run`).
pub async fn create(
    kube: &Kube,
    ns: &str,
    snap: &VolumeSnapshot,
    dry_run: bool,
) -> Result<VolumeSnapshot, Failure> {
    let api: Api<VolumeSnapshot> = Api::namespaced(kube.client.clone(), ns);
    let pp = PostParams {
        dry_run,
        ..Default::default()
    };
    let name = snap.metadata.name.clone().unwrap_or_default();
    let detail = if dry_run { "dryRun=All" } else { "" };
    kube.call(&target("create", ns, &name), detail, api.create(&pp, snap))
        .await
}

/// How a wait for snapshots ended.
pub enum Settled {
    /// Every snapshot reached a final state (ready, or an error), by name.
    All(BTreeMap<String, VolumeSnapshot>),
    /// The deadline passed; the snapshots as last seen.
    TimedOut(BTreeMap<String, VolumeSnapshot>),
    Interrupted(BTreeMap<String, VolumeSnapshot>),
}

/// Watches the VolumeSnapshots `names` of `ns` until each is ready or has
/// an error (`plan::snapshot::state`), `timeout` passes, or Ctrl-C.
pub async fn wait_settled(
    kube: &Kube,
    ns: &str,
    names: &[String],
    timeout: Duration,
    mut progress: impl FnMut(&BTreeMap<String, VolumeSnapshot>),
) -> Result<Settled, Failure> {
    use crate::plan::snapshot::{State, state};
    let api: Api<VolumeSnapshot> = Api::namespaced(kube.client.clone(), ns);
    let mut seen: BTreeMap<String, VolumeSnapshot> = BTreeMap::new();
    let done = |seen: &BTreeMap<String, VolumeSnapshot>| {
        names.iter().all(|n| {
            seen.get(n)
                .is_some_and(|s| !matches!(state(s), State::Pending(_)))
        })
    };
    let stream = watcher(api, watcher::Config::default())
        .default_backoff()
        .applied_objects()
        .boxed();
    let interrupt = crate::interrupt::Interrupt::global();
    let deadline = tokio::time::sleep(timeout);
    tokio::pin!(deadline);
    let mut stream = stream;
    loop {
        tokio::select! {
            _ = &mut deadline => return Ok(Settled::TimedOut(seen)),
            _ = interrupt.wait() => return Ok(Settled::Interrupted(seen)),
            ev = stream.next() => match ev {
                Some(Ok(s)) => {
                    let name = s.metadata.name.clone().unwrap_or_default();
                    if names.contains(&name) {
                        seen.insert(name, s);
                        progress(&seen);
                        if done(&seen) {
                            return Ok(Settled::All(seen));
                        }
                    }
                }
                Some(Err(e)) => {
                    // Transient errors are retried with backoff; a refusal is final.
                    let what = format!("volumesnapshots.{GROUP}");
                    if let Some(f) = super::wait::refused(&e, &what, ns, &kube.server) {
                        return Err(f);
                    }
                }
                None => return Ok(Settled::TimedOut(seen)),
            }
        }
    }
}
