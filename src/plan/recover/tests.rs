//! Table tests of the recovery rules on hand-built snapshots.

use super::*;
use crate::plan::fixtures::*;
use k8s_openapi::api::core::v1::{
    NodeCondition, NodeSpec, NodeStatus, ObjectReference, PersistentVolumeClaimVolumeSource,
    PodSpec, Taint, Volume,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;

pub(super) fn now() -> Timestamp {
    "2026-01-01T00:10:00Z".parse().unwrap()
}

pub(super) fn node(name: &str, ready: &str) -> Node {
    Node {
        metadata: ObjectMeta {
            name: Some(name.into()),
            ..Default::default()
        },
        spec: Some(NodeSpec::default()),
        status: Some(NodeStatus {
            conditions: Some(vec![NodeCondition {
                type_: "Ready".into(),
                status: ready.into(),
                ..Default::default()
            }]),
            ..Default::default()
        }),
    }
}

pub(super) fn tainted(mut n: Node) -> Node {
    n.spec.as_mut().unwrap().taints = Some(vec![Taint {
        key: OUT_OF_SERVICE_TAINT.into(),
        value: Some("nodeshutdown".into()),
        effect: "NoExecute".into(),
        time_added: None,
    }]);
    n
}

pub(super) fn with_claim(mut p: Pod, claim: &str) -> Pod {
    p.spec
        .get_or_insert_with(PodSpec::default)
        .volumes
        .get_or_insert_with(Vec::new)
        .push(Volume {
            name: "data".into(),
            persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                claim_name: claim.into(),
                read_only: None,
            }),
            ..Default::default()
        });
    p
}

pub(super) fn pending(mut p: Pod, node: Option<&str>) -> Pod {
    p.spec.as_mut().unwrap().node_name = node.map(str::to_string);
    let st = p.status.as_mut().unwrap();
    st.phase = Some("Pending".into());
    st.container_statuses = None;
    st.conditions = Some(vec![k8s_openapi::api::core::v1::PodCondition {
        type_: "PodScheduled".into(),
        status: "False".into(),
        message: Some(
            "0/3 nodes are available: persistentvolumeclaim \"data-web-1\" not found".into(),
        ),
        ..Default::default()
    }]);
    p
}

pub(super) fn snap(set: StatefulSet, pods: Vec<Pod>, nodes: Vec<Node>) -> Snapshot {
    Snapshot {
        sets: vec![set],
        pods,
        pvcs: vec![],
        pvs: Some(vec![]),
        nodes: Some(nodes),
        attachments: Some(vec![]),
        events: vec![],
        warnings: vec![],
    }
}

pub(super) fn one(snap: &Snapshot, opts: &Options) -> Finding {
    let f = diagnose(snap, opts, now());
    assert_eq!(f.len(), 1, "{f:#?}");
    f.into_iter().next().unwrap()
}

fn stuck_case(node_state: &str, taint: bool, confirm: &[&str], node_exists: bool) -> Finding {
    let s = sts("web", 1, &["data"]);
    let p = terminating(with_claim(pod(&s, 0, REV_A), "data-web-0"));
    let mut n = node("node-0", node_state);
    if taint {
        n = tainted(n);
    }
    let nodes = if node_exists { vec![n] } else { vec![] };
    let opts = Options {
        confirm_node_down: confirm.iter().map(|s| s.to_string()).collect(),
        remove_finalizers: false,
    };
    one(&snap(s, vec![p], nodes), &opts)
}

#[test]
fn rule_12_force_delete_decisions() {
    // (node Ready condition, taint, --confirm-node-down, node exists) -> allowed
    let cases: &[(&str, bool, &[&str], bool, bool)] = &[
        ("True", false, &[], true, false),            // node Ready
        ("True", true, &["node-0"], true, false),     // Ready even with taint and confirmation
        ("Unknown", false, &[], true, false),         // no taint, no confirmation
        ("False", false, &[], true, false),           // NotReady, nothing else
        ("Unknown", false, &["node-1"], true, false), // confirmation names another node
        ("Unknown", false, &["node"], true, false),   // must match exactly
        ("Unknown", true, &[], true, true),           // taint
        ("False", false, &["node-0"], true, true),    // confirmation by name
        ("Unknown", false, &[], false, true),         // node gone
    ];
    for (i, (st, taint, confirm, exists, allowed)) in cases.iter().enumerate() {
        let f = stuck_case(st, *taint, confirm, *exists);
        assert_eq!(f.problem, Problem::StuckTerminating, "case {i}");
        assert_eq!(f.action.is_some(), *allowed, "case {i}: {f:#?}");
        assert_eq!(f.refusal.is_some(), !*allowed, "case {i}");
        if let Some(Action::ForceDeletePod {
            releases,
            node,
            uid,
            ..
        }) = &f.action
        {
            assert_eq!(releases, &vec!["data-web-0".to_string()]);
            assert_eq!(node, "node-0");
            assert_eq!(uid, "uid-web-0");
        }
    }
}

#[test]
fn refusals_say_why_and_suggest_the_taint() {
    let f = stuck_case("Unknown", false, &[], true);
    let r = f.refusal.unwrap();
    assert!(
        r.contains("no node.kubernetes.io/out-of-service taint"),
        "{r}"
    );
    assert!(r.contains("--confirm-node-down node-0"), "{r}");
    assert!(f.advice[0].contains(
        "kubectl taint node node-0 node.kubernetes.io/out-of-service=nodeshutdown:NoExecute"
    ));
    assert!(f.advice[1].contains("node.kubernetes.io/out-of-service-"));
    assert!(f.risk.contains("data-web-0"), "{}", f.risk);

    let f = stuck_case("True", false, &[], true);
    assert!(f.refusal.unwrap().contains("node node-0 is Ready"));
    assert!(f.advice.is_empty(), "never suggest tainting a Ready node");
}

#[test]
fn terminating_on_ready_node_within_grace_is_not_a_finding() {
    let s = sts("web", 1, &[]);
    let mut p = terminating(pod(&s, 0, REV_A));
    p.metadata.deletion_timestamp = Some(Time("2026-01-01T00:20:00Z".parse().unwrap()));
    assert!(
        diagnose(
            &snap(s, vec![p], vec![node("node-0", "True")]),
            &Options::default(),
            now()
        )
        .is_empty()
    );
}

#[test]
fn unreadable_nodes_refuse() {
    let s = sts("web", 1, &[]);
    let p = terminating(pod(&s, 0, REV_A));
    let mut sn = snap(s, vec![p], vec![]);
    sn.nodes = None;
    let f = one(
        &sn,
        &Options {
            confirm_node_down: vec!["node-0".into()],
            remove_finalizers: false,
        },
    );
    assert!(f.action.is_none());
    assert!(f.refusal.unwrap().contains("cannot be read"));
}

#[test]
fn broken_pod_after_revert_is_deleted_with_preconditions() {
    let mut s = sts("web", 3, &[]);
    let mut p2 = not_ready(pod(&s, 2, REV_B));
    p2.metadata.resource_version = Some("42".into());
    let pods = vec![pod(&s, 0, REV_A), pod(&s, 1, REV_A), p2];
    let f = one(
        &snap(s.clone(), pods.clone(), vec![node("node-0", "True")]),
        &Options::default(),
    );
    assert_eq!(f.problem, Problem::BrokenAtOldRevision);
    assert_eq!(f.object, "pod/web-2");
    assert_eq!(
        f.action,
        Some(Action::DeletePod {
            pod: "web-2".into(),
            uid: "uid-web-2".into(),
            resource_version: "42".into()
        })
    );
    // Not before the controller has seen the revert (rule 10).
    s.metadata.generation = Some(2);
    let f = one(
        &snap(s, pods, vec![node("node-0", "True")]),
        &Options::default(),
    );
    assert!(f.action.is_none());
    assert!(f.refusal.unwrap().contains("not observed generation 2"));
}

#[test]
fn missing_claim_of_live_pending_pod_is_recreated_from_template() {
    let mut s = sts("web", 2, &["data"]);
    let tpl = &mut s.spec.volume_claim_templates.as_mut().unwrap()[0];
    tpl.metadata.labels = labels(&[("tier", "db"), ("app", "overridden")]);
    let pods = vec![pod(&s, 0, REV_A), pending(pod(&s, 1, REV_A), None)];
    let mut sn = snap(s, pods, vec![node("node-0", "True")]);
    sn.pvcs = vec![pvc("data", "web", 0, "1Gi")];
    let f = one(&sn, &Options::default());
    assert_eq!(f.problem, Problem::MissingClaim);
    assert_eq!(f.object, "persistentvolumeclaim/data-web-1");
    let Some(Action::CreateClaim {
        claim,
        size,
        storage_class,
        access_modes,
        labels,
        manifest,
    }) = f.action
    else {
        panic!("{f:#?}")
    };
    assert_eq!(claim, "data-web-1");
    assert_eq!(size, "1Gi");
    assert_eq!(storage_class.as_deref(), Some("standard"));
    assert_eq!(access_modes, vec!["ReadWriteOnce"]);
    // Selector labels win over the template's, as in the controller.
    assert_eq!(labels.get("app").map(String::as_str), Some("web"));
    assert_eq!(labels.get("tier").map(String::as_str), Some("db"));
    assert_eq!(manifest.metadata.namespace.as_deref(), Some(NS));
    assert!(manifest.metadata.uid.is_none() && manifest.metadata.resource_version.is_none());
}

#[test]
fn missing_claim_outside_the_live_range_is_not_recreated() {
    let s = sts("web", 1, &["data"]);
    let pods = vec![pod(&s, 0, REV_A), pending(pod(&s, 1, REV_A), None)];
    let mut sn = snap(s, pods, vec![]);
    sn.pvcs = vec![pvc("data", "web", 0, "1Gi")];
    let f = one(&sn, &Options::default());
    assert!(
        f.action.is_none(),
        "rule 14 and the live range: nothing to create"
    );
    assert!(f.refusal.unwrap().contains("outside the live range"));
}

#[test]
fn unbound_claim_is_explained_without_action() {
    let s = sts("web", 1, &["data"]);
    let pods = vec![pending(pod(&s, 0, REV_A), None)];
    let mut sn = snap(s, pods, vec![]);
    sn.pvcs = vec![pending_pvc("data", "web", 0)];
    let f = one(&sn, &Options::default());
    assert_eq!(f.problem, Problem::UnboundClaim);
    assert!(f.action.is_none());
    assert!(
        f.evidence
            .iter()
            .any(|e| e.contains("no Available PV of class standard")),
        "{:?}",
        f.evidence
    );
}

#[test]
fn volume_node_affinity_conflict_names_where_the_pv_is() {
    use k8s_openapi::api::core::v1::{NodeSelector, VolumeNodeAffinity};
    let s = sts("web", 1, &["data"]);
    let c = pvc("data", "web", 0, "1Gi");
    let mut pv = pv_for(&c, "Retain");
    pv.spec.as_mut().unwrap().node_affinity = Some(VolumeNodeAffinity {
        required: Some(NodeSelector {
            node_selector_terms: vec![NodeSelectorTerm {
                match_expressions: Some(vec![NodeSelectorRequirement {
                    key: "topology.kubernetes.io/zone".into(),
                    operator: "In".into(),
                    values: Some(vec!["a".into()]),
                }]),
                match_fields: None,
            }],
        }),
    });
    let mut p = with_claim(pending(pod(&s, 0, REV_A), None), "data-web-0");
    p.status.as_mut().unwrap().conditions.as_mut().unwrap()[0].message =
        Some("0/2 nodes are available: 2 node(s) had volume node affinity conflict".into());
    let mut za = node("node-a", "Unknown");
    za.metadata.labels = labels(&[("topology.kubernetes.io/zone", "a")]);
    let mut zb = node("node-b", "True");
    zb.metadata.labels = labels(&[("topology.kubernetes.io/zone", "b")]);
    let mut sn = snap(s, vec![p], vec![za, zb]);
    sn.pvcs = vec![c];
    sn.pvs = Some(vec![pv]);
    let f = one(&sn, &Options::default());
    assert_eq!(f.problem, Problem::VolumeNodeAffinityConflict);
    assert!(f.action.is_none());
    let ev = f.evidence.join("\n");
    assert!(ev.contains("topology.kubernetes.io/zone In [a]"), "{ev}");
    assert!(ev.contains("node-a (Unknown)"), "{ev}");
    assert!(!ev.contains("node-b ("), "{ev}");
}

#[test]
fn term_matching_operators() {
    let mut n = node("n1", "True");
    n.metadata.labels = labels(&[("zone", "a"), ("gen", "5")]);
    let req = |k: &str, op: &str, v: &[&str]| NodeSelectorTerm {
        match_expressions: Some(vec![NodeSelectorRequirement {
            key: k.into(),
            operator: op.into(),
            values: Some(v.iter().map(|s| s.to_string()).collect()),
        }]),
        match_fields: None,
    };
    assert!(term_matches(&req("zone", "In", &["a", "b"]), &n));
    assert!(!term_matches(&req("zone", "NotIn", &["a"]), &n));
    assert!(term_matches(&req("rack", "DoesNotExist", &[]), &n));
    assert!(term_matches(&req("gen", "Gt", &["4"]), &n));
    assert!(!term_matches(&req("gen", "Lt", &["4"]), &n));
    assert!(
        !term_matches(&NodeSelectorTerm::default(), &n),
        "an empty term matches nothing"
    );
    let by_name = NodeSelectorTerm {
        match_expressions: None,
        match_fields: Some(vec![NodeSelectorRequirement {
            key: "metadata.name".into(),
            operator: "In".into(),
            values: Some(vec!["n1".into()]),
        }]),
    };
    assert!(term_matches(&by_name, &n));
}

fn multi_attach_case(other_ready: &str, with_event: bool) -> Vec<Finding> {
    multi_attach_with(Some(other_ready), with_event, |_| {})
}

/// A pod Pending on node-1 with a Multi-Attach event (if `with_event`),
/// its volume attached to node-0 (`Some(ready)`, or gone with `None`) by
/// VolumeAttachment csi-123, changed by `edit`.
pub(super) fn multi_attach_with(
    other_ready: Option<&str>,
    with_event: bool,
    edit: impl FnOnce(&mut VolumeAttachment),
) -> Vec<Finding> {
    use k8s_openapi::api::storage::v1::{VolumeAttachmentSource, VolumeAttachmentSpec};
    let s = sts("web", 1, &["data"]);
    let c = pvc("data", "web", 0, "1Gi");
    let pv = c.spec.as_ref().unwrap().volume_name.clone().unwrap();
    let mut p = with_claim(pending(pod(&s, 0, REV_A), Some("node-1")), "data-web-0");
    p.status.as_mut().unwrap().conditions = None;
    let mut va = VolumeAttachment {
        metadata: ObjectMeta {
            name: Some("csi-123".into()),
            uid: Some("uid-va".into()),
            resource_version: Some("7".into()),
            ..Default::default()
        },
        spec: VolumeAttachmentSpec {
            attacher: "x".into(),
            node_name: "node-0".into(),
            source: VolumeAttachmentSource {
                persistent_volume_name: Some(pv.clone()),
                ..Default::default()
            },
        },
        status: None,
    };
    edit(&mut va);
    let mut nodes = vec![node("node-1", "True")];
    nodes.extend(other_ready.map(|r| node("node-0", r)));
    let mut sn = snap(s, vec![p], nodes);
    sn.pvcs = vec![c];
    sn.attachments = Some(vec![va]);
    if with_event {
        sn.events = vec![Event {
            involved_object: ObjectReference {
                name: Some("web-0".into()),
                namespace: Some(NS.into()),
                ..Default::default()
            },
            reason: Some("FailedAttachVolume".into()),
            message: Some(format!(
                "Multi-Attach error for volume \"{pv}\" Volume is already exclusively attached to one node and can't be attached to another"
            )),
            ..Default::default()
        }];
    }
    diagnose(&sn, &Options::default(), now())
}

#[test]
fn multi_attach_offers_deleting_the_attachment_only_for_a_dead_node() {
    let f = multi_attach_case("Unknown", true);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].problem, Problem::MultiAttach);
    assert!(
        matches!(&f[0].action, Some(Action::DeleteVolumeAttachment { name, node, uid, .. }) if name == "csi-123" && node == "node-0" && uid == "uid-va")
    );

    let f = multi_attach_case("True", true);
    assert!(f[0].action.is_none());
    assert!(
        f[0].refusal
            .as_ref()
            .unwrap()
            .contains("node node-0 is Ready")
    );

    assert!(
        multi_attach_case("Unknown", false).is_empty(),
        "no Multi-Attach event, no finding"
    );
}

#[test]
fn pod_finalizers_are_shown_and_removed_only_on_request() {
    let s = sts("web", 1, &[]);
    let mut p = terminating(pod(&s, 0, REV_A));
    p.metadata.finalizers = Some(vec!["example.com/backup".into()]);
    let sn = snap(s, vec![p], vec![node("node-0", "True")]);
    let f = diagnose(&sn, &Options::default(), now());
    // Overdue on a Ready node (refused) and held by a finalizer.
    let fin = f
        .iter()
        .find(|f| f.problem == Problem::PodHeldByFinalizers)
        .unwrap();
    assert!(fin.evidence[0].contains("example.com/backup"));
    assert!(fin.action.is_none());
    let f = diagnose(
        &sn,
        &Options {
            confirm_node_down: vec![],
            remove_finalizers: true,
        },
        now(),
    );
    let fin = f
        .iter()
        .find(|f| f.problem == Problem::PodHeldByFinalizers)
        .unwrap();
    assert!(fin.action.as_ref().unwrap().is_finalizer_removal());
}

#[test]
fn healthy_set_has_no_findings() {
    let s = sts("web", 3, &["data"]);
    let pods: Vec<Pod> = (0..3)
        .map(|o| with_claim(pod(&s, o, REV_A), &format!("data-web-{o}")))
        .collect();
    let mut sn = snap(s, pods, vec![node("node-0", "True")]);
    sn.pvcs = (0..3).map(|o| pvc("data", "web", o, "1Gi")).collect();
    assert!(diagnose(&sn, &Options::default(), now()).is_empty());
}

#[test]
fn same_action_ignores_resource_version_but_not_uid() {
    let a = Action::DeletePod {
        pod: "web-0".into(),
        uid: "u1".into(),
        resource_version: "1".into(),
    };
    let b = Action::DeletePod {
        pod: "web-0".into(),
        uid: "u1".into(),
        resource_version: "2".into(),
    };
    let c = Action::DeletePod {
        pod: "web-0".into(),
        uid: "u2".into(),
        resource_version: "2".into(),
    };
    let d = Action::ForceDeletePod {
        pod: "web-0".into(),
        uid: "u1".into(),
        resource_version: "1".into(),
        node: "n".into(),
        releases: vec![],
    };
    assert!(same_action(&a, &b));
    assert!(!same_action(&a, &c));
    assert!(!same_action(&a, &d));
}

/// Restarts in a pod's past are history. A Ready pod at an old
/// revision with restartCount 1 and lastState OOMKilled weeks ago is not
/// broken; neither is one at the update revision.
#[test]
fn ready_pods_with_old_restarts_are_not_broken() {
    use k8s_openapi::api::core::v1::{ContainerState, ContainerStateTerminated};
    let old_oom = |mut p: Pod| {
        let cs = &mut p
            .status
            .as_mut()
            .unwrap()
            .container_statuses
            .as_mut()
            .unwrap()[0];
        cs.restart_count = 1;
        cs.last_state = Some(ContainerState {
            terminated: Some(ContainerStateTerminated {
                exit_code: 137,
                reason: Some("OOMKilled".into()),
                finished_at: Some(Time("2025-11-01T00:00:00Z".parse().unwrap())),
                ..Default::default()
            }),
            ..Default::default()
        });
        p
    };
    let s = sts("web", 3, &["data"]);
    // Update revision B, partition 0: web-2 still at A (rollout in flight).
    let mut s2 = s.clone();
    s2.status.as_mut().unwrap().update_revision = Some(REV_B.into());
    for set in [s, s2] {
        let pods: Vec<Pod> = [(0, REV_A), (1, REV_A), (2, REV_A)]
            .iter()
            .map(|&(o, r)| old_oom(with_claim(pod(&set, o, r), &format!("data-web-{o}"))))
            .collect();
        assert!(crate::plan::pod::past_restarts(&pods[0]).is_some());
        let mut sn = snap(set, pods, vec![node("node-0", "True")]);
        sn.pvcs = (0..3).map(|o| pvc("data", "web", o, "1Gi")).collect();
        let f = diagnose(&sn, &Options::default(), now());
        assert!(f.is_empty(), "{f:#?}");
    }
}

/// The same old restart on a pod that is failing now is still found, by
/// its current state (a waiting reason), not by the counter.
#[test]
fn a_pod_failing_now_at_an_old_revision_is_found_whatever_its_past() {
    use k8s_openapi::api::core::v1::{ContainerState, ContainerStateWaiting};
    let mut s = sts("web", 2, &[]);
    s.status.as_mut().unwrap().update_revision = Some(REV_A.into());
    let mut broken = pod(&s, 1, REV_B);
    let st = broken.status.as_mut().unwrap();
    st.conditions.as_mut().unwrap()[0].status = "False".into();
    let cs = &mut st.container_statuses.as_mut().unwrap()[0];
    cs.ready = false;
    cs.restart_count = 0;
    cs.state = Some(ContainerState {
        waiting: Some(ContainerStateWaiting {
            reason: Some("CrashLoopBackOff".into()),
            ..Default::default()
        }),
        ..Default::default()
    });
    let sn = snap(
        s.clone(),
        vec![pod(&s, 0, REV_A), broken],
        vec![node("node-0", "True")],
    );
    let f = one(&sn, &Options::default());
    assert_eq!(f.problem, Problem::BrokenAtOldRevision);
    assert!(f.evidence[0].contains("CrashLoopBackOff"), "{f:#?}");
}
