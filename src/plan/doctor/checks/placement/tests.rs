use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{
    Affinity, Container, Node, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm,
    PersistentVolume, PodAffinityTerm, PodAntiAffinity, PodSpec, TopologySelectorLabelRequirement,
    TopologySelectorTerm, TopologySpreadConstraint, VolumeNodeAffinity, WeightedPodAffinityTerm,
};
use k8s_openapi::api::storage::v1::StorageClass;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};

use super::*;
use crate::plan::doctor::tests::{ids, run, world_with};
use crate::plan::doctor::{Read, World};
use crate::plan::fixtures::{REV_A, labels, pod, pv_for, pvc, sts};

fn select(app: &str) -> Option<LabelSelector> {
    Some(LabelSelector {
        match_labels: labels(&[("app", app)]),
        ..Default::default()
    })
}

enum Spread {
    Nothing,
    Required(&'static str, &'static str),
    Preferred(&'static str, &'static str),
    Constraint(&'static str, &'static str),
}

/// A set `web` of `replicas` labelled app=web, spread by `spread` (topology
/// key, app label selected).
fn web(replicas: i32, spread: Spread) -> StatefulSet {
    let mut s = sts("web", replicas, &["data"]);
    s.spec.template.metadata = Some(ObjectMeta {
        labels: labels(&[("app", "web")]),
        ..Default::default()
    });
    let term = |key: &str, app: &str| PodAffinityTerm {
        topology_key: key.into(),
        label_selector: select(app),
        ..Default::default()
    };
    let mut spec = PodSpec {
        containers: vec![Container {
            name: "main".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    let anti = |a: PodAntiAffinity| {
        Some(Affinity {
            pod_anti_affinity: Some(a),
            ..Default::default()
        })
    };
    match spread {
        Spread::Nothing => {}
        Spread::Required(key, app) => {
            spec.affinity = anti(PodAntiAffinity {
                required_during_scheduling_ignored_during_execution: Some(vec![term(key, app)]),
                ..Default::default()
            })
        }
        Spread::Preferred(key, app) => {
            spec.affinity = anti(PodAntiAffinity {
                preferred_during_scheduling_ignored_during_execution: Some(vec![
                    WeightedPodAffinityTerm {
                        weight: 100,
                        pod_affinity_term: term(key, app),
                    },
                ]),
                ..Default::default()
            })
        }
        Spread::Constraint(key, app) => {
            spec.topology_spread_constraints = Some(vec![TopologySpreadConstraint {
                max_skew: 1,
                topology_key: key.into(),
                when_unsatisfiable: "DoNotSchedule".into(),
                label_selector: select(app),
                ..Default::default()
            }])
        }
    }
    s.spec.template.spec = Some(spec);
    s
}

fn node(name: &str, zone: Option<&str>) -> Node {
    Node {
        metadata: ObjectMeta {
            name: Some(name.into()),
            labels: zone.and_then(|z| labels(&[(ZONE, z)])),
            ..Default::default()
        },
        ..Default::default()
    }
}

fn spread_world(set: StatefulSet, nodes: Vec<Node>) -> World {
    let pods = vec![pod(&set, 0, REV_A), pod(&set, 1, REV_A)];
    world_with(vec![set], pods, |w| w.nodes = Read::Got(nodes))
}

#[test]
fn spread_checks() {
    use Spread::*;
    let two_zones = || vec![node("node-0", Some("a")), node("node-1", Some("b"))];
    let one_zone = || vec![node("node-0", Some("a")), node("node-1", Some("a"))];
    let cases: Vec<(&str, StatefulSet, Vec<Node>, Vec<&str>)> = vec![
        (
            "nothing",
            web(3, Spread::Nothing),
            one_zone(),
            vec!["node-spread-missing"],
        ),
        ("nothing, one replica", web(1, Nothing), two_zones(), vec![]),
        (
            "required on hostname, one zone",
            web(3, Required(HOSTNAME, "web")),
            one_zone(),
            vec![],
        ),
        (
            "required on hostname, two zones",
            web(3, Required(HOSTNAME, "web")),
            two_zones(),
            vec!["zone-spread-missing"],
        ),
        (
            "preferred on hostname, two zones",
            web(3, Preferred(HOSTNAME, "web")),
            two_zones(),
            vec!["zone-spread-missing"],
        ),
        (
            "preferred on hostname, unlabelled nodes",
            web(3, Preferred(HOSTNAME, "web")),
            vec![node("node-0", None), node("node-1", None)],
            vec![],
        ),
        (
            "preferred on zone",
            web(3, Preferred(ZONE, "web")),
            two_zones(),
            vec![],
        ),
        (
            "anti-affinity against other pods",
            web(3, Required(HOSTNAME, "api")),
            two_zones(),
            vec!["node-spread-missing"],
        ),
        (
            "anti-affinity on another key",
            web(3, Required("example.com/rack", "web")),
            one_zone(),
            vec!["node-spread-missing"],
        ),
        (
            "spread constraint on hostname, two zones",
            web(3, Constraint(HOSTNAME, "web")),
            two_zones(),
            vec!["zone-spread-missing"],
        ),
        (
            "spread constraint on a rack key",
            web(3, Constraint("example.com/rack", "web")),
            two_zones(),
            vec![],
        ),
        (
            "spread constraint on zone",
            web(3, Constraint(ZONE, "web")),
            two_zones(),
            vec![],
        ),
        (
            "spread constraint for other pods",
            web(3, Constraint(ZONE, "api")),
            two_zones(),
            vec!["node-spread-missing"],
        ),
    ];
    for (what, set, nodes, want) in cases {
        assert_eq!(ids(&spread_world(set, nodes), STORAGELESS), want, "{what}");
    }
}

/// The spread checks alone (the storage check reads other kinds).
const STORAGELESS: &[Check] = ALL.split_at(2).0;

#[test]
fn spread_findings_show_where_the_pods_run() {
    let r = run(&spread_world(web(2, Spread::Nothing), vec![]), STORAGELESS);
    let f = &r.findings[0];
    assert!(
        f.evidence
            .contains(&"pods by node: node-0: web-0, web-1".to_string()),
        "{:?}",
        f.evidence
    );
    assert!(
        f.fix.contains("\"topologyKey\":\"kubernetes.io/hostname\"")
            && f.fix.contains("\"matchLabels\":{\"app\":\"web\"}")
            && f.fix.starts_with("kubectl patch statefulset web -n shop"),
        "{}",
        f.fix
    );

    let nodes = vec![node("node-0", Some("a")), node("node-1", Some("b"))];
    let r = run(
        &spread_world(web(2, Spread::Required(HOSTNAME, "web")), nodes),
        STORAGELESS,
    );
    let f = &r.findings[0];
    assert_eq!(f.check, "zone-spread-missing");
    assert!(
        f.evidence
            .contains(&format!("nodes by {ZONE}: a (1 node), b (1 node)")),
        "{:?}",
        f.evidence
    );
    assert!(
        f.evidence
            .contains(&"pods by zone: a: web-0, web-1".to_string())
    );
    assert!(f.fix.contains(&format!("\"topologyKey\":\"{ZONE}\"")));
}

#[test]
fn unreadable_nodes_skip_only_the_zone_check() {
    let w = world_with(
        vec![web(3, Spread::Required(HOSTNAME, "web"))],
        vec![],
        |w| w.nodes = Read::Unavailable("nodes: forbidden".into()),
    );
    let r = run(&w, STORAGELESS);
    assert!(r.findings.is_empty());
    assert_eq!(r.skipped[0].checks, vec!["zone-spread-missing"]);
}

fn class(name: &str, mode: Option<&str>, default: bool, zones: &[&str]) -> StorageClass {
    StorageClass {
        metadata: ObjectMeta {
            name: Some(name.into()),
            annotations: default
                .then(|| [(DEFAULT_CLASS[0].to_string(), "true".to_string())].into()),
            ..Default::default()
        },
        provisioner: "csi.example.com".into(),
        volume_binding_mode: mode.map(str::to_string),
        allowed_topologies: (!zones.is_empty()).then(|| {
            vec![TopologySelectorTerm {
                match_label_expressions: Some(vec![TopologySelectorLabelRequirement {
                    key: ZONE.into(),
                    values: zones.iter().map(|z| z.to_string()).collect(),
                }]),
            }]
        }),
        ..Default::default()
    }
}

/// The PV of `data-web-0` in class `class`, pinned to zone `zone`.
fn zonal_pv(class: &str, zone: Option<&str>) -> PersistentVolume {
    let mut pv = pv_for(&pvc("data", "web", 0, "1Gi"), "Delete");
    let spec = pv.spec.as_mut().unwrap();
    spec.storage_class_name = Some(class.into());
    spec.node_affinity = zone.map(|z| VolumeNodeAffinity {
        required: Some(NodeSelector {
            node_selector_terms: vec![NodeSelectorTerm {
                match_expressions: Some(vec![NodeSelectorRequirement {
                    key: ZONE.into(),
                    operator: "In".into(),
                    values: Some(vec![z.into()]),
                }]),
                ..Default::default()
            }],
        }),
    });
    pv
}

/// `web` with claim template `data` of `template_class` (`None`: unset).
fn storage_world(
    template_class: Option<&str>,
    classes: Vec<StorageClass>,
    pvs: Vec<PersistentVolume>,
) -> World {
    let mut set = web(3, Spread::Nothing);
    set.spec.volume_claim_templates.as_mut().unwrap()[0]
        .spec
        .as_mut()
        .unwrap()
        .storage_class_name = template_class.map(str::to_string);
    world_with(vec![set], vec![], |w| {
        w.storage_classes = Read::Got(classes);
        w.pvcs = Read::Got(vec![pvc("data", "web", 0, "1Gi")]);
        w.pvs = Read::Got(pvs);
    })
}

const STORAGE: &[Check] = ALL.split_at(2).1;

#[test]
fn immediate_binding_of_zonal_classes() {
    let wait = Some("WaitForFirstConsumer");
    let cases: Vec<(&str, World, Vec<&str>)> = vec![
        (
            "Immediate with allowedTopologies",
            storage_world(
                Some("standard"),
                vec![class("standard", Some("Immediate"), false, &["a", "b"])],
                vec![],
            ),
            vec!["storage-binding-immediate"],
        ),
        (
            "unset mode with a zonal volume",
            storage_world(
                Some("standard"),
                vec![class("standard", None, false, &[])],
                vec![zonal_pv("standard", Some("a"))],
            ),
            vec!["storage-binding-immediate"],
        ),
        (
            "Immediate, volumes without node affinity",
            storage_world(
                Some("standard"),
                vec![class("standard", Some("Immediate"), false, &[])],
                vec![zonal_pv("standard", None)],
            ),
            vec![],
        ),
        (
            "WaitForFirstConsumer with allowedTopologies",
            storage_world(
                Some("standard"),
                vec![class("standard", wait, false, &["a"])],
                vec![],
            ),
            vec![],
        ),
        (
            "unset class: the default class is zonal and Immediate",
            storage_world(
                None,
                vec![
                    class("fast", wait, false, &[]),
                    class("zonal", Some("Immediate"), true, &["a"]),
                ],
                vec![],
            ),
            vec!["storage-binding-immediate"],
        ),
        (
            "unset class: the default class waits",
            storage_world(
                None,
                vec![
                    class("zonal", Some("Immediate"), false, &["a"]),
                    class("fast", wait, true, &[]),
                ],
                vec![],
            ),
            vec![],
        ),
        (
            "empty class: static binding",
            storage_world(
                Some(""),
                vec![class("zonal", Some("Immediate"), true, &["a"])],
                vec![],
            ),
            vec![],
        ),
        (
            "class not found",
            storage_world(Some("gone"), vec![], vec![]),
            vec![],
        ),
    ];
    for (what, w, want) in cases {
        assert_eq!(ids(&w, STORAGE), want, "{what}");
    }
}

#[test]
fn the_storage_finding_names_the_class_and_the_volume() {
    let w = storage_world(
        Some("standard"),
        vec![class("standard", None, false, &[])],
        vec![zonal_pv("standard", Some("eu-1a"))],
    );
    let f = &run(&w, STORAGE).findings[0];
    assert_eq!(f.objects, vec!["statefulset/web", "storageclass/standard"]);
    assert_eq!(
        f.evidence,
        vec![
            "volumeClaimTemplates data: spec.storageClassName: standard".to_string(),
            "storageclass standard: volumeBindingMode: (unset: Immediate)".to_string(),
            format!("persistentvolume pv-data-web-0: spec.nodeAffinity: {ZONE} In (eu-1a)"),
        ]
    );
    assert!(f.fix.contains("WaitForFirstConsumer"), "{}", f.fix);
    assert!(
        f.fix
            .contains("kubectl delete statefulset web -n shop --cascade=orphan"),
        "{}",
        f.fix
    );
}

#[test]
fn unreadable_storage_kinds_skip_the_storage_check() {
    let mut w = storage_world(
        Some("standard"),
        vec![class("standard", None, false, &[])],
        vec![],
    );
    w.storage_classes = Read::Unavailable("storageclasses: forbidden".into());
    assert_eq!(
        run(&w, STORAGE).skipped[0].checks,
        vec!["storage-binding-immediate"]
    );
    // Without allowedTopologies, the volumes decide.
    let mut w = storage_world(
        Some("standard"),
        vec![class("standard", None, false, &[])],
        vec![],
    );
    w.pvs = Read::Unavailable("persistentvolumes: forbidden".into());
    assert_eq!(
        run(&w, STORAGE).skipped[0].checks,
        vec!["storage-binding-immediate"]
    );
}
