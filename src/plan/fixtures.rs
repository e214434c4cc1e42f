//! Test fixtures: API objects shaped the way the StatefulSet controller
//! creates them, built directly from k8s-openapi types.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{
    RollingUpdateStatefulSetStrategy, StatefulSet, StatefulSetOrdinals, StatefulSetSpec,
    StatefulSetStatus, StatefulSetUpdateStrategy,
};
use k8s_openapi::api::core::v1::{
    Container, ContainerStatus, PersistentVolume, PersistentVolumeClaim, PersistentVolumeClaimSpec,
    PersistentVolumeClaimStatus, PersistentVolumeSpec, PersistentVolumeStatus, Pod, PodCondition,
    PodSpec, PodStatus, PodTemplateSpec, Service, ServiceSpec, VolumeResourceRequirements,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{
    LabelSelector, ObjectMeta, OwnerReference, Time,
};
use k8s_openapi::jiff::Timestamp;

pub const NS: &str = "shop";
pub const REV_A: &str = "web-aaaaaaaaa";
pub const REV_B: &str = "web-bbbbbbbbb";

pub fn labels(pairs: &[(&str, &str)]) -> Option<BTreeMap<String, String>> {
    Some(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

/// A healthy StatefulSet `name` with `replicas`, claim templates of 1Gi, no
/// rollout pending (current = update = REV_A).
pub fn sts(name: &str, replicas: i32, templates: &[&str]) -> StatefulSet {
    StatefulSet {
        metadata: ObjectMeta {
            name: Some(name.into()),
            namespace: Some(NS.into()),
            uid: Some(format!("uid-{name}")),
            generation: Some(1),
            ..Default::default()
        },
        spec: StatefulSetSpec {
            replicas: Some(replicas),
            service_name: Some(name.into()),
            selector: LabelSelector {
                match_labels: labels(&[("app", name)]),
                ..Default::default()
            },
            template: PodTemplateSpec::default(),
            volume_claim_templates: Some(
                templates
                    .iter()
                    .map(|t| PersistentVolumeClaim {
                        metadata: ObjectMeta {
                            name: Some(t.to_string()),
                            ..Default::default()
                        },
                        spec: Some(claim_spec("1Gi", Some("standard"))),
                        status: None,
                    })
                    .collect(),
            ),
            update_strategy: Some(StatefulSetUpdateStrategy {
                type_: Some("RollingUpdate".into()),
                rolling_update: Some(RollingUpdateStatefulSetStrategy {
                    partition: Some(0),
                    max_unavailable: None,
                }),
            }),
            ..Default::default()
        },
        status: Some(StatefulSetStatus {
            replicas,
            ready_replicas: Some(replicas),
            available_replicas: Some(replicas),
            current_replicas: Some(replicas),
            updated_replicas: Some(replicas),
            current_revision: Some(REV_A.into()),
            update_revision: Some(REV_A.into()),
            observed_generation: Some(1),
            ..Default::default()
        }),
    }
}

pub fn with_partition(mut s: StatefulSet, partition: i32) -> StatefulSet {
    s.spec
        .update_strategy
        .as_mut()
        .unwrap()
        .rolling_update
        .as_mut()
        .unwrap()
        .partition = Some(partition);
    s
}

pub fn with_update_revision(mut s: StatefulSet, rev: &str) -> StatefulSet {
    s.status.as_mut().unwrap().update_revision = Some(rev.into());
    s
}

pub fn with_start(mut s: StatefulSet, start: i32) -> StatefulSet {
    s.spec.ordinals = Some(StatefulSetOrdinals { start: Some(start) });
    s
}

fn claim_spec(size: &str, class: Option<&str>) -> PersistentVolumeClaimSpec {
    PersistentVolumeClaimSpec {
        access_modes: Some(vec!["ReadWriteOnce".into()]),
        storage_class_name: class.map(str::to_string),
        resources: Some(VolumeResourceRequirements {
            requests: Some([("storage".to_string(), Quantity(size.into()))].into()),
            limits: None,
        }),
        ..Default::default()
    }
}

/// A Running, Ready pod of `set` at `ordinal` and revision `rev`, owned by it.
pub fn pod(set: &StatefulSet, ordinal: i32, rev: &str) -> Pod {
    let name = set.metadata.name.clone().unwrap();
    Pod {
        metadata: ObjectMeta {
            name: Some(format!("{name}-{ordinal}")),
            namespace: Some(NS.into()),
            uid: Some(format!("uid-{name}-{ordinal}")),
            labels: labels(&[("app", &name), ("controller-revision-hash", rev)]),
            owner_references: Some(vec![OwnerReference {
                api_version: "apps/v1".into(),
                kind: "StatefulSet".into(),
                name: name.clone(),
                uid: set.metadata.uid.clone().unwrap(),
                controller: Some(true),
                block_owner_deletion: Some(true),
            }]),
            creation_timestamp: Some(Time("2026-01-01T00:00:00Z".parse::<Timestamp>().unwrap())),
            ..Default::default()
        },
        spec: Some(PodSpec {
            containers: vec![Container {
                name: "main".into(),
                ..Default::default()
            }],
            node_name: Some("node-0".into()),
            ..Default::default()
        }),
        status: Some(PodStatus {
            phase: Some("Running".into()),
            conditions: Some(vec![PodCondition {
                type_: "Ready".into(),
                status: "True".into(),
                ..Default::default()
            }]),
            container_statuses: Some(vec![ContainerStatus {
                name: "main".into(),
                ready: true,
                restart_count: 0,
                ..Default::default()
            }]),
            ..Default::default()
        }),
    }
}

pub fn not_ready(mut p: Pod) -> Pod {
    let st = p.status.as_mut().unwrap();
    st.conditions.as_mut().unwrap()[0].status = "False".into();
    let cs = &mut st.container_statuses.as_mut().unwrap()[0];
    cs.ready = false;
    cs.restart_count = 4;
    p
}

pub fn terminating<T: k8s_openapi::Metadata<Ty = ObjectMeta>>(mut o: T) -> T {
    o.metadata_mut().deletion_timestamp =
        Some(Time("2026-01-01T00:00:00Z".parse::<Timestamp>().unwrap()));
    o
}

/// A Bound claim `<template>-<set>-<ordinal>` of `size` on PV `pv-<claim>`.
pub fn pvc(template: &str, set: &str, ordinal: i32, size: &str) -> PersistentVolumeClaim {
    let name = format!("{template}-{set}-{ordinal}");
    let mut spec = claim_spec(size, Some("standard"));
    spec.volume_name = Some(format!("pv-{name}"));
    PersistentVolumeClaim {
        metadata: ObjectMeta {
            name: Some(name),
            namespace: Some(NS.into()),
            uid: Some(format!("uid-pvc-{template}-{set}-{ordinal}")),
            ..Default::default()
        },
        spec: Some(spec),
        status: Some(PersistentVolumeClaimStatus {
            phase: Some("Bound".into()),
            capacity: Some([("storage".to_string(), Quantity(size.into()))].into()),
            ..Default::default()
        }),
    }
}

pub fn pending_pvc(template: &str, set: &str, ordinal: i32) -> PersistentVolumeClaim {
    let mut c = pvc(template, set, ordinal, "1Gi");
    c.spec.as_mut().unwrap().volume_name = None;
    c.status = Some(PersistentVolumeClaimStatus {
        phase: Some("Pending".into()),
        ..Default::default()
    });
    c
}

/// The PV bound to `claim`.
pub fn pv_for(claim: &PersistentVolumeClaim, reclaim: &str) -> PersistentVolume {
    PersistentVolume {
        metadata: ObjectMeta {
            name: claim.spec.as_ref().unwrap().volume_name.clone(),
            ..Default::default()
        },
        spec: Some(PersistentVolumeSpec {
            persistent_volume_reclaim_policy: Some(reclaim.into()),
            ..Default::default()
        }),
        status: Some(PersistentVolumeStatus {
            phase: Some("Bound".into()),
            ..Default::default()
        }),
    }
}

pub fn headless(name: &str) -> Service {
    Service {
        metadata: ObjectMeta {
            name: Some(name.into()),
            namespace: Some(NS.into()),
            ..Default::default()
        },
        spec: Some(ServiceSpec {
            cluster_ip: Some("None".into()),
            ..Default::default()
        }),
        status: None,
    }
}
