//! The reads behind `doctor`: the set (one GET) or sets (one LIST), then one
//! LIST per related kind, in parallel, never a request per object: pods,
//! Services, PodDisruptionBudgets and claims of the namespace (of every
//! namespace with `-A`), PVs, StorageClasses and nodes. Eight requests
//! whatever the number of sets.

use k8s_openapi::api::core::v1::{Node, PersistentVolume, PersistentVolumeClaim, Pod, Service};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::api::storage::v1::StorageClass;
use k8s_openapi::jiff::Timestamp;

use super::Kube;
use super::status::{Scope, sets_in_scope};
use crate::error::Failure;
use crate::plan::doctor::{Read, World};
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
