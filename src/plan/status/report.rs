//! From everything `status` read to the report: objects grouped by
//! namespace, each set built from its own namespace's objects.

use std::collections::HashMap;

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::coordination::v1::Lease;
use k8s_openapi::api::core::v1::{PersistentVolume, PersistentVolumeClaim, Pod, Service};
use k8s_openapi::jiff::Timestamp;

use super::{REPORT_API_VERSION, Related, ServiceLookup, StatusReport, set_status};

/// Everything `status` read, grouped into a report. Objects of all
/// namespaces may be mixed; each set only sees its own namespace's objects.
pub struct Snapshot {
    pub sets: Vec<StatefulSet>,
    pub pods: Vec<Pod>,
    pub pvcs: Vec<PersistentVolumeClaim>,
    /// `None` when PVs could not be read.
    pub pvs: Option<Vec<PersistentVolume>>,
    /// `None` when Services could not be read.
    pub services: Option<Vec<Service>>,
    /// The sets' operation Leases (all Leases read; `None` when they could
    /// not be read).
    pub leases: Option<Vec<Lease>>,
    /// When the objects were read: decides whether a Lease has expired.
    pub now: Timestamp,
    pub warnings: Vec<String>,
}

/// The report of `snap`: each set with its namespace's objects, its
/// Released volumes (by their claimRef namespace) and its Lease.
pub fn build_report(snap: &Snapshot) -> StatusReport {
    let pods = crate::plan::by_ns(&snap.pods);
    let pvcs = crate::plan::by_ns(&snap.pvcs);
    let pvs: Option<HashMap<String, &PersistentVolume>> = snap.pvs.as_ref().map(|v| {
        v.iter()
            .filter_map(|p| Some((p.metadata.name.clone()?, p)))
            .collect()
    });
    let mut released: HashMap<&str, Vec<&PersistentVolume>> = HashMap::new();
    for pv in snap.pvs.iter().flatten() {
        let ns = pv
            .spec
            .as_ref()
            .and_then(|s| s.claim_ref.as_ref()?.namespace.as_deref());
        if let Some(ns) = ns
            && super::previous::released_for(pv, ns).is_some()
        {
            released.entry(ns).or_default().push(pv);
        }
    }
    let leases = snap
        .leases
        .as_deref()
        .map(crate::plan::by_ns)
        .unwrap_or_default();
    let services: Option<HashMap<(&str, &str), &Service>> = snap.services.as_ref().map(|v| {
        v.iter()
            .filter_map(|s| {
                Some((
                    (
                        s.metadata.namespace.as_deref()?,
                        s.metadata.name.as_deref()?,
                    ),
                    s,
                ))
            })
            .collect()
    });

    let mut sets: Vec<&StatefulSet> = snap.sets.iter().collect();
    sets.sort_by(|a, b| {
        (a.metadata.namespace.as_deref(), a.metadata.name.as_deref())
            .cmp(&(b.metadata.namespace.as_deref(), b.metadata.name.as_deref()))
    });
    let stateful_sets = sets
        .into_iter()
        .map(|set| {
            let ns = set.metadata.namespace.as_deref().unwrap_or_default();
            let svc_name = set.spec.service_name.as_deref().unwrap_or_default();
            let service = match &services {
                None => ServiceLookup::Unknown,
                Some(m) => m
                    .get(&(ns, svc_name))
                    .map_or(ServiceLookup::Missing, |s| ServiceLookup::Found(s)),
            };
            let rel = Related {
                pods: pods.get(ns).map(Vec::as_slice).unwrap_or(&[]),
                pvcs: pvcs.get(ns).map(Vec::as_slice).unwrap_or(&[]),
                pvs: pvs.as_ref(),
                released: released.get(ns).map(Vec::as_slice).unwrap_or(&[]),
                lease: super::operation::lease_of(
                    leases.get(ns).map(Vec::as_slice).unwrap_or(&[]),
                    set.metadata.name.as_deref().unwrap_or_default(),
                ),
                service,
                now: snap.now,
            };
            set_status(set, &rel)
        })
        .collect();
    StatusReport {
        api_version: REPORT_API_VERSION,
        kind: "StatusReport",
        stateful_sets,
        warnings: snap.warnings.clone(),
    }
}
