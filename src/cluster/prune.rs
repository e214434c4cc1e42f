//! What the reports keep of each listed object. The read-only verbs
//! (`status`, `pvc orphans`, `recover`, `doctor`) list every object of a
//! kind; on a large cluster most of the memory would go to fields no
//! report reads (managed fields, container specs of pods, projected token
//! volumes). [`Kube::list_pruned`](super::Kube::list_pruned) applies
//! [`Prune::prune`] to each object as its page arrives, so a page is slimmed
//! before the next one is read.
//!
//! Each function keeps every field a plan function reads; the tests run the
//! plans on full objects and on their pruned copies and compare the reports.
//! Operations that write (restart, resize, rollout) read with the unpruned
//! [`Kube::list`](super::Kube::list) and GETs.

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::coordination::v1::Lease;
use k8s_openapi::api::core::v1::{
    Container, Node, PersistentVolume, PersistentVolumeClaim, Pod, Service,
};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::api::storage::v1::{StorageClass, VolumeAttachment};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

pub mod body;
pub mod stream;

/// Drops the fields of a listed object that no report reads.
pub trait Prune {
    /// Slims `self` in place; must keep every field a plan function reads.
    fn prune(&mut self);
}

/// The client-side apply record: a full copy of the object, never read.
const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// Managed fields (often the largest part of an object) and the
/// last-applied annotation; everything else of the metadata is kept.
pub fn prune_meta(m: &mut ObjectMeta) {
    m.managed_fields = None;
    if let Some(a) = m.annotations.as_mut() {
        a.remove(LAST_APPLIED);
        if a.is_empty() {
            m.annotations = None;
        }
    }
}

/// A pod keeps its metadata, its status (phase, conditions, container
/// statuses: readiness, restarts, waiting reasons), its node, and its
/// claim volumes (`persistentVolumeClaim`, `ephemeral`: the orphan and
/// recovery rules read which claims it mounts). Of its containers only the
/// names are kept (the report counts them); the container specs that
/// `doctor` checks are read from the StatefulSet's template. Other volumes
/// (projected service account tokens, config maps), tolerations and
/// ephemeral containers go.
impl Prune for Pod {
    fn prune(&mut self) {
        prune_meta(&mut self.metadata);
        if let Some(spec) = self.spec.as_mut() {
            let names_only = |cs: &mut Vec<Container>| {
                for c in cs.iter_mut() {
                    *c = Container {
                        name: std::mem::take(&mut c.name),
                        ..Default::default()
                    };
                }
            };
            names_only(&mut spec.containers);
            if let Some(init) = spec.init_containers.as_mut() {
                names_only(init);
            }
            spec.ephemeral_containers = None;
            if let Some(vs) = spec.volumes.as_mut() {
                vs.retain(|v| v.persistent_volume_claim.is_some() || v.ephemeral.is_some());
            }
            spec.tolerations = None;
        }
    }
}

/// A claim is small and every part of it is read (spec, status,
/// conditions, owner references): only its metadata is pruned.
impl Prune for PersistentVolumeClaim {
    fn prune(&mut self) {
        prune_meta(&mut self.metadata);
    }
}

/// A PV keeps its spec (claimRef, reclaim policy, capacity, class, node
/// affinity) and status; only its metadata is pruned.
impl Prune for PersistentVolume {
    fn prune(&mut self) {
        prune_meta(&mut self.metadata);
    }
}

/// Sets are few and `doctor` reads their whole pod template: metadata only.
impl Prune for StatefulSet {
    fn prune(&mut self) {
        prune_meta(&mut self.metadata);
    }
}

impl Prune for Service {
    fn prune(&mut self) {
        prune_meta(&mut self.metadata);
    }
}

impl Prune for Lease {
    fn prune(&mut self) {
        prune_meta(&mut self.metadata);
    }
}

impl Prune for PodDisruptionBudget {
    fn prune(&mut self) {
        prune_meta(&mut self.metadata);
    }
}

impl Prune for StorageClass {
    fn prune(&mut self) {
        prune_meta(&mut self.metadata);
    }
}

/// A node keeps its conditions, taints and labels; the image list its
/// kubelet reports (often the largest part of a real node) is never read.
impl Prune for Node {
    fn prune(&mut self) {
        prune_meta(&mut self.metadata);
        if let Some(st) = self.status.as_mut() {
            st.images = None;
        }
    }
}

impl Prune for VolumeAttachment {
    fn prune(&mut self) {
        prune_meta(&mut self.metadata);
    }
}

#[cfg(test)]
mod tests;
