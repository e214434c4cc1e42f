//! The plans read the same from a pruned object as from the full one: each
//! report is built from full objects and from their pruned copies, and the
//! two must be equal. The objects carry what the API server sends (managed
//! fields, container specs, a projected token volume, tolerations, node
//! images) and states that exercise the rules (a crashing pod, a pod stuck
//! terminating on a NotReady node, an orphaned claim, a claim used by a pod
//! outside the set, a Released volume).

use k8s_openapi::api::core::v1::{
    Container, ContainerImage, ContainerState, ContainerStateWaiting, ContainerStatus, EnvVar,
    Node, NodeCondition, NodeStatus, PersistentVolumeClaimVolumeSource, Pod, PodSpec, Probe,
    ProjectedVolumeSource, Toleration, Volume, VolumeMount,
};
use k8s_openapi::api::core::v1::{ObjectReference, PersistentVolume};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ManagedFieldsEntry, ObjectMeta};
use k8s_openapi::jiff::Timestamp;

use super::Prune;
use crate::plan::fixtures::{
    NS, REV_A, headless, labels, not_ready, pod, pv_for, pvc, sts, terminating,
};

fn pruned<T: Prune + Clone>(v: &[T]) -> Vec<T> {
    v.iter()
        .cloned()
        .map(|mut o| {
            o.prune();
            o
        })
        .collect()
}

/// What the API server adds to an object's metadata.
fn served_meta(m: &mut ObjectMeta) {
    m.managed_fields = Some(vec![ManagedFieldsEntry {
        manager: Some("kube-controller-manager".into()),
        operation: Some("Update".into()),
        api_version: Some("v1".into()),
        ..Default::default()
    }]);
    m.annotations.get_or_insert_with(Default::default).insert(
        "kubectl.kubernetes.io/last-applied-configuration".into(),
        "{\"kind\":\"Pod\"}".into(),
    );
    m.resource_version = Some("42".into());
}

/// A pod as the StatefulSet controller creates it: full container specs,
/// its claim volume, the projected service account token, tolerations.
fn served_pod(mut p: Pod, claim: &str) -> Pod {
    served_meta(&mut p.metadata);
    let spec = p.spec.get_or_insert_with(PodSpec::default);
    spec.containers = vec![
        Container {
            name: "main".into(),
            image: Some("postgres:16".into()),
            env: Some(vec![EnvVar {
                name: "PGDATA".into(),
                value: Some("/data".into()),
                ..Default::default()
            }]),
            readiness_probe: Some(Probe {
                period_seconds: Some(5),
                ..Default::default()
            }),
            volume_mounts: Some(vec![VolumeMount {
                name: "data".into(),
                mount_path: "/data".into(),
                ..Default::default()
            }]),
            ..Default::default()
        },
        Container {
            name: "exporter".into(),
            image: Some("exporter:1".into()),
            ..Default::default()
        },
    ];
    spec.init_containers = Some(vec![Container {
        name: "init".into(),
        image: Some("busybox".into()),
        ..Default::default()
    }]);
    spec.volumes = Some(vec![
        Volume {
            name: "data".into(),
            persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                claim_name: claim.into(),
                read_only: None,
            }),
            ..Default::default()
        },
        Volume {
            name: "kube-api-access-x1".into(),
            projected: Some(ProjectedVolumeSource::default()),
            ..Default::default()
        },
    ]);
    spec.tolerations = Some(vec![Toleration {
        key: Some("node.kubernetes.io/not-ready".into()),
        operator: Some("Exists".into()),
        effect: Some("NoExecute".into()),
        toleration_seconds: Some(300),
        ..Default::default()
    }]);
    if let Some(cs) = p
        .status
        .as_mut()
        .and_then(|s| s.container_statuses.as_mut())
    {
        cs.push(ContainerStatus {
            name: "exporter".into(),
            ready: true,
            ..Default::default()
        });
    }
    p
}

pub(super) fn node(name: &str, ready: &str) -> Node {
    let mut n = Node {
        metadata: ObjectMeta {
            name: Some(name.into()),
            ..Default::default()
        },
        spec: None,
        status: Some(NodeStatus {
            conditions: Some(vec![NodeCondition {
                type_: "Ready".into(),
                status: ready.into(),
                ..Default::default()
            }]),
            images: Some(vec![ContainerImage {
                names: Some(vec!["postgres:16".into()]),
                size_bytes: Some(1 << 28),
            }]),
            ..Default::default()
        }),
    };
    served_meta(&mut n.metadata);
    n
}

/// The cluster of the module docs, as served.
pub(super) struct Served {
    pub(super) sets: Vec<k8s_openapi::api::apps::v1::StatefulSet>,
    pub(super) pods: Vec<Pod>,
    pub(super) pvcs: Vec<k8s_openapi::api::core::v1::PersistentVolumeClaim>,
    pub(super) pvs: Vec<PersistentVolume>,
    pub(super) services: Vec<k8s_openapi::api::core::v1::Service>,
    pub(super) nodes: Vec<Node>,
}

pub(super) fn served() -> Served {
    let mut set = sts("web", 3, &["data"]);
    served_meta(&mut set.metadata);
    let mut crashing = not_ready(pod(&set, 1, REV_A));
    crashing
        .status
        .as_mut()
        .unwrap()
        .container_statuses
        .as_mut()
        .unwrap()[0]
        .state = Some(ContainerState {
        waiting: Some(ContainerStateWaiting {
            reason: Some("CrashLoopBackOff".into()),
            message: None,
        }),
        ..Default::default()
    });
    let mut stuck = terminating(pod(&set, 2, REV_A));
    stuck.spec.as_mut().unwrap().node_name = Some("node-1".into());
    // A pod outside the set that mounts ordinal 4's claim: not an orphan.
    let mut debug = pod(&set, 9, REV_A);
    debug.metadata.name = Some("debug".into());
    debug.metadata.owner_references = None;
    let pods = vec![
        served_pod(pod(&set, 0, REV_A), "data-web-0"),
        served_pod(crashing, "data-web-1"),
        served_pod(stuck, "data-web-2"),
        served_pod(debug, "data-web-4"),
    ];
    let mut pvcs: Vec<_> = (0..5).map(|o| pvc("data", "web", o, "1Gi")).collect();
    let mut pvs: Vec<_> = pvcs.iter().map(|c| pv_for(c, "Delete")).collect();
    // A Released volume that still holds ordinal 5's data.
    let mut released = pv_for(&pvc("data", "web", 5, "1Gi"), "Retain");
    released.spec.as_mut().unwrap().claim_ref = Some(ObjectReference {
        namespace: Some(NS.into()),
        name: Some("data-web-5".into()),
        ..Default::default()
    });
    released.status.as_mut().unwrap().phase = Some("Released".into());
    pvs.push(released);
    for c in &mut pvcs {
        // The controller labels claims with the set's selector.
        c.metadata.labels = labels(&[("app", "web")]);
        served_meta(&mut c.metadata);
    }
    for v in &mut pvs {
        served_meta(&mut v.metadata);
    }
    let mut svc = headless("web");
    served_meta(&mut svc.metadata);
    Served {
        sets: vec![set],
        pods,
        pvcs,
        pvs,
        services: vec![svc],
        nodes: vec![node("node-0", "True"), node("node-1", "Unknown")],
    }
}

#[test]
fn status_report_is_the_same_from_pruned_objects() {
    use crate::plan::status::{Snapshot, build_report};
    let s = served();
    let now = "2026-01-02T00:00:00Z".parse::<Timestamp>().unwrap();
    let full = Snapshot {
        sets: s.sets.clone(),
        pods: s.pods.clone(),
        pvcs: s.pvcs.clone(),
        pvs: Some(s.pvs.clone()),
        services: Some(s.services.clone()),
        leases: Some(vec![]),
        now,
        warnings: vec![],
    };
    let slim = Snapshot {
        sets: pruned(&s.sets),
        pods: pruned(&s.pods),
        pvcs: pruned(&s.pvcs),
        pvs: Some(pruned(&s.pvs)),
        services: Some(pruned(&s.services)),
        leases: Some(vec![]),
        now,
        warnings: vec![],
    };
    let report = build_report(&full);
    assert!(!report.stateful_sets.is_empty());
    assert_eq!(report, build_report(&slim));
}

#[test]
fn orphans_are_the_same_from_pruned_objects() {
    use crate::plan::orphans::{World, find};
    let s = served();
    let pvs = |v: &[PersistentVolume]| -> std::collections::HashMap<String, PersistentVolume> {
        v.iter()
            .map(|p| (p.metadata.name.clone().unwrap(), p.clone()))
            .collect()
    };
    let run = |sets: &[_], pods: &[Pod], pvcs: &[_], pv: &[PersistentVolume]| {
        let map = pvs(pv);
        let refs = map.iter().map(|(k, v)| (k.clone(), v)).collect();
        find(
            pvcs,
            &World {
                sets,
                pods,
                pvs: Some(&refs),
            },
            None,
        )
    };
    let full = run(&s.sets, &s.pods, &s.pvcs, &s.pvs);
    // Ordinal 3 is an orphan; ordinal 4 is mounted by the debug pod.
    let names: Vec<_> = full.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["data-web-3"]);
    let slim = run(
        &pruned(&s.sets),
        &pruned(&s.pods),
        &pruned(&s.pvcs),
        &pruned(&s.pvs),
    );
    assert_eq!(full, slim);
}

#[test]
fn recover_findings_are_the_same_from_pruned_objects() {
    use crate::plan::recover::{Options, Snapshot, diagnose};
    let s = served();
    let now = "2026-01-02T00:00:00Z".parse::<Timestamp>().unwrap();
    let full = Snapshot {
        sets: s.sets.clone(),
        pods: s.pods.clone(),
        pvcs: s.pvcs.clone(),
        pvs: Some(s.pvs.clone()),
        nodes: Some(s.nodes.clone()),
        attachments: Some(vec![]),
        ..Default::default()
    };
    let slim = Snapshot {
        sets: pruned(&s.sets),
        pods: pruned(&s.pods),
        pvcs: pruned(&s.pvcs),
        pvs: Some(pruned(&s.pvs)),
        nodes: Some(pruned(&s.nodes)),
        attachments: Some(vec![]),
        ..Default::default()
    };
    let opts = Options::default();
    let findings = diagnose(&full, &opts, now);
    assert!(!findings.is_empty(), "the stuck pod is a finding");
    assert_eq!(findings, diagnose(&slim, &opts, now));
}

#[test]
fn doctor_report_is_the_same_from_pruned_objects() {
    use crate::plan::doctor::{Read, World, diagnose};
    let s = served();
    let now = "2026-01-02T00:00:00Z".parse::<Timestamp>().unwrap();
    let world = |s: &Served| World {
        pods: s.pods.clone(),
        services: Read::Got(s.services.clone()),
        pdbs: Read::Got(vec![]),
        pvcs: Read::Got(s.pvcs.clone()),
        pvs: Read::Got(s.pvs.clone()),
        storage_classes: Read::Got(vec![]),
        nodes: Read::Got(s.nodes.clone()),
        ..World::new(s.sets.clone(), now)
    };
    let slim = Served {
        sets: pruned(&s.sets),
        pods: pruned(&s.pods),
        pvcs: pruned(&s.pvcs),
        pvs: pruned(&s.pvs),
        services: pruned(&s.services),
        nodes: pruned(&s.nodes),
    };
    let report = diagnose(&world(&s), vec![]);
    assert_eq!(report, diagnose(&world(&slim), vec![]));
}

#[test]
fn a_pruned_pod_keeps_names_claims_and_status_only() {
    let s = served();
    let full = &s.pods[0];
    let mut p = full.clone();
    p.prune();
    assert_eq!(p.metadata.managed_fields, None);
    assert_eq!(p.metadata.annotations, None);
    assert_eq!(p.metadata.labels, full.metadata.labels);
    assert_eq!(p.metadata.owner_references, full.metadata.owner_references);
    assert_eq!(p.metadata.resource_version.as_deref(), Some("42"));
    let spec = p.spec.as_ref().unwrap();
    let names: Vec<_> = spec.containers.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["main", "exporter"]);
    assert!(
        spec.containers
            .iter()
            .all(|c| c.image.is_none() && c.env.is_none())
    );
    assert_eq!(spec.init_containers.as_ref().unwrap()[0].image, None);
    let volumes: Vec<_> = spec
        .volumes
        .iter()
        .flatten()
        .map(|v| v.name.as_str())
        .collect();
    assert_eq!(volumes, ["data"]);
    assert_eq!(spec.tolerations, None);
    assert_eq!(spec.node_name, full.spec.as_ref().unwrap().node_name);
    assert_eq!(p.status, full.status);
    let json = serde_json::to_string(&p).unwrap();
    for gone in [
        "postgres:16",
        "PGDATA",
        "kube-api-access",
        "tolerationSeconds",
        "managedFields",
    ] {
        assert!(!json.contains(gone), "{gone} left in {json}");
    }
}

#[test]
fn a_pruned_node_drops_its_image_list() {
    let mut n = node("node-0", "True");
    n.prune();
    let st = n.status.unwrap();
    assert_eq!(st.images, None);
    assert_eq!(st.conditions.unwrap()[0].status, "True");
}
