//! The reads behind `doctor`: the set (one GET) or sets (one LIST), then one
//! LIST per related kind, in parallel, never a request per object: pods,
//! Services, PodDisruptionBudgets and claims of the namespace (of every
//! namespace with `-A`), PVs, StorageClasses and nodes. Eight requests
//! (per page of a large LIST) whatever the number of sets; with many sets
//! the checks run namespace by namespace as the pages arrive ([`report`]).

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{Node, PersistentVolume, PersistentVolumeClaim, Pod, Service};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::api::storage::v1::StorageClass;
use k8s_openapi::jiff::Timestamp;

use super::Kube;
use super::prune::stream::{self, Pages, PvStore, next_namespace};
use super::status::{Scope, sets_in_scope};
use crate::error::Failure;
use crate::plan::doctor::{self, DoctorReport, Read, World};
use crate::plan::selector;

/// Everything the checks of `scope` read. A kind that is forbidden, or
/// whose API is not served, becomes [`Read::Unavailable`] (the checks that
/// need it are reported as not run); the sets and pods are required.
pub async fn fetch(kube: &Kube, scope: &Scope) -> Result<World, Failure> {
    let sets = sets_in_scope(kube, scope, "doctor").await?;
    let mut world = World::new(sets, Timestamp::now());
    if world.sets.is_empty() {
        return Ok(world);
    }
    let ns = scope.ns();
    let pods_selector = match scope {
        Scope::One { .. } => Some(selector::to_query(&world.sets[0].spec.selector)),
        _ => None,
    };
    let (pods, services, pdbs, pvcs, pvs, classes, nodes) = tokio::join!(
        kube.list_pruned::<Pod>(ns, pods_selector.as_deref()),
        kube.list_pruned::<Service>(ns, None),
        kube.list_pruned::<PodDisruptionBudget>(ns, None),
        kube.list_pruned::<PersistentVolumeClaim>(ns, None),
        kube.list_cluster_pruned::<PersistentVolume>(),
        kube.list_cluster_pruned::<StorageClass>(),
        kube.list_cluster_pruned::<Node>(),
    );
    world.pods = pods?;
    world.services = optional(services, "services")?;
    world.pdbs = optional(pdbs, "poddisruptionbudgets")?;
    world.pvcs = optional(pvcs, "persistentvolumeclaims")?;
    world.pvs = optional(pvs, "persistentvolumes")?;
    world.storage_classes = optional(classes, "storageclasses")?;
    world.nodes = optional(nodes, "nodes")?;
    Ok(world)
}

/// The report of `scope`. One set: [`fetch`] and the checks. Many sets
/// (`-A`, or a namespace): the same LISTs, read page by page, and each
/// namespace's sets checked with its own objects as soon as they are all
/// read, then dropped (see [`stream`]); the report is the same.
pub async fn report(kube: &Kube, scope: &Scope) -> Result<DoctorReport, Failure> {
    if let Scope::One { .. } = scope {
        let world = fetch(kube, scope).await?;
        return Ok(doctor::diagnose(&world, vec![]));
    }
    let sets = sets_in_scope(kube, scope, "doctor").await?;
    let now = Timestamp::now();
    if sets.is_empty() {
        return Ok(doctor::diagnose(&World::new(sets, now), vec![]));
    }
    let ns = scope.ns();
    let mut kinds = Kinds {
        sets: Pages::from_vec(sets),
        pods: stream::namespaced(kube, ns, None),
        services: stream::namespaced(kube, ns, None),
        pdbs: stream::namespaced(kube, ns, None),
        pvcs: stream::namespaced(kube, ns, None),
        pvs: Ok(PvStore::default()),
    };
    let (pods, services, pdbs, pvcs, pvs, classes, nodes) = tokio::join!(
        kinds.pods.fill_past(None),
        kinds.services.fill_past(None),
        kinds.pdbs.fill_past(None),
        kinds.pvcs.fill_past(None),
        stream::read_pvs(kube),
        kube.list_cluster_pruned::<StorageClass>(),
        kube.list_cluster_pruned::<Node>(),
    );
    pods?;
    soften(&mut kinds.services, services, "services")?;
    soften(&mut kinds.pdbs, pdbs, "poddisruptionbudgets")?;
    soften(&mut kinds.pvcs, pvcs, "persistentvolumeclaims")?;
    kinds.pvs = match pvs {
        Ok(store) => Ok(store),
        Err(e) => match optional(Err::<Vec<()>, _>(e), "persistentvolumes")? {
            Read::Unavailable(why) => Err(why),
            Read::Got(_) => Ok(PvStore::default()),
        },
    };
    let mut world = World::new(vec![], now);
    world.storage_classes = optional(classes, "storageclasses")?;
    world.nodes = optional(nodes, "nodes")?;
    by_namespace(kinds, world).await
}

/// What a doctor report reads per namespace: pages of the namespaced kinds,
/// and the PersistentVolumes of the whole cluster.
pub struct Kinds {
    pub sets: Pages<StatefulSet>,
    pub pods: Pages<Pod>,
    pub services: Pages<Service>,
    pub pdbs: Pages<PodDisruptionBudget>,
    pub pvcs: Pages<PersistentVolumeClaim>,
    /// Or why they could not be read.
    pub pvs: Result<PvStore, String>,
}

/// The doctor report of `kinds`, one namespace at a time: `world` carries
/// the cluster-scoped kinds (StorageClasses, nodes) and its `now`; each
/// namespace's objects are put in it, checked, and replaced by the next
/// namespace's. Errors: those of the LISTs.
pub async fn by_namespace(mut kinds: Kinds, mut world: World) -> Result<DoctorReport, Failure> {
    let mut out = Vec::new();
    let mut last: Option<String> = None;
    loop {
        let next = next_namespace(
            &mut [
                &mut kinds.sets,
                &mut kinds.pods,
                &mut kinds.services,
                &mut kinds.pdbs,
                &mut kinds.pvcs,
            ],
            last.as_deref(),
        )
        .await?;
        let Some(ns) = next else {
            break;
        };
        world.sets = kinds.sets.take(&ns);
        world.pods = kinds.pods.take(&ns);
        let services = read_of(&mut kinds.services, &ns);
        let pdbs = read_of(&mut kinds.pdbs, &ns);
        let pvcs = read_of(&mut kinds.pvcs, &ns);
        if !world.sets.is_empty() {
            world.pvs = match (&kinds.pvs, &pvcs) {
                (Ok(store), Read::Got(claims)) => Read::Got(store.for_ns(&ns, claims)?),
                (Ok(store), Read::Unavailable(_)) => Read::Got(store.for_ns(&ns, &[])?),
                (Err(why), _) => Read::Unavailable(why.clone()),
            };
            world.services = services;
            world.pdbs = pdbs;
            world.pvcs = pvcs;
            out.extend(doctor::diagnose(&world, vec![]).stateful_sets);
        }
        last = Some(ns);
    }
    Ok(doctor::report_of(out, vec![]))
}

/// The objects of `ns`, or why the kind could not be read.
fn read_of<
    K: k8s_openapi::Metadata<Ty = k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta>
        + Send
        + 'static,
>(
    p: &mut Pages<K>,
    ns: &str,
) -> Read<K> {
    match p.unreadable() {
        Some(why) => Read::Unavailable(why.to_string()),
        None => Read::Got(p.take(ns)),
    }
}

/// The first page of a kind the checks can do without: as [`optional`].
fn soften<
    K: k8s_openapi::Metadata<Ty = k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta>
        + Send
        + 'static,
>(
    p: &mut Pages<K>,
    res: Result<(), Failure>,
    what: &str,
) -> Result<(), Failure> {
    if let Read::Unavailable(why) = optional(res.map(|()| Vec::<()>::new()), what)? {
        p.set_unreadable(why);
    }
    Ok(())
}

/// A read the checks can do without: forbidden, or not served (404 of the
/// kind), becomes the reason its checks did not run; anything else (the
/// server unreachable, a timeout) is still an error.
fn optional<T>(res: Result<Vec<T>, Failure>, what: &str) -> Result<Read<T>, Failure> {
    match res {
        Ok(v) => Ok(Read::Got(v)),
        Err(Failure::Forbidden(msg)) => Ok(Read::Unavailable(format!(
            "{what} could not be read: {msg}"
        ))),
        Err(Failure::NotFound(msg)) => Ok(Read::Unavailable(format!(
            "{what} are not served by this API server: {msg}"
        ))),
        Err(e) => Err(e),
    }
}
