//! Reads the claims a pod mounts and their volumes, for the disruption gate
//! (`plan::disruption`). Consistent GETs (rule 6), a few per pod.

use k8s_openapi::api::core::v1::{PersistentVolume, PersistentVolumeClaim, Pod};
use kube::Api;

use super::Kube;
use crate::error::{Failure, Target};
use crate::plan::disruption::{ClaimFacts, Volume};
use crate::plan::pod::claims_of;

/// One claim as read, with its volume.
#[derive(Debug, Clone)]
pub struct ClaimRead {
    pub name: String,
    pub claim: Option<PersistentVolumeClaim>,
    pub volume: VolumeRead,
}

/// The volume of a claim as read; see [`Volume`].
#[derive(Debug, Clone)]
pub enum VolumeRead {
    Found(Box<PersistentVolume>),
    Missing,
    Unbound,
    /// Reading it was forbidden: decided from the claim alone.
    Unknown,
}

impl ClaimRead {
    /// The borrowed view `plan::disruption` decides on.
    pub fn facts(&self) -> ClaimFacts<'_> {
        ClaimFacts {
            name: &self.name,
            claim: self.claim.as_ref(),
            volume: match &self.volume {
                VolumeRead::Found(pv) => Volume::Found(pv),
                VolumeRead::Missing => Volume::Missing,
                VolumeRead::Unbound => Volume::Unbound,
                VolumeRead::Unknown => Volume::Unknown,
            },
        }
    }
}

/// Every claim `pod` mounts (in namespace `ns`) and its bound volume. A
/// volume the user may not read (403) is `Unknown`, not an error: a user
/// allowed to restart pods is often not allowed to read PersistentVolumes.
pub async fn claims_of_pod(kube: &Kube, ns: &str, pod: &Pod) -> Result<Vec<ClaimRead>, Failure> {
    let mut out = Vec::new();
    for name in claims_of(pod) {
        let claim: Option<PersistentVolumeClaim> = kube.get_opt(ns, &name).await?;
        let pv_name = claim
            .as_ref()
            .and_then(|c| c.spec.as_ref())
            .and_then(|s| s.volume_name.clone())
            .filter(|v| !v.is_empty());
        let volume = match pv_name {
            None => VolumeRead::Unbound,
            Some(pv) => {
                let api: Api<PersistentVolume> = Api::all(kube.client.clone());
                let target = Target::new("get", "persistentvolumes").name(&pv);
                match kube.call(&target, "", api.get_opt(&pv)).await {
                    Ok(Some(v)) => VolumeRead::Found(Box::new(v)),
                    Ok(None) => VolumeRead::Missing,
                    Err(Failure::Forbidden(_)) => VolumeRead::Unknown,
                    Err(e) => return Err(e),
                }
            }
        };
        out.push(ClaimRead {
            name,
            claim,
            volume,
        });
    }
    Ok(out)
}
