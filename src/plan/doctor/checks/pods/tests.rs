use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{Node, NodeCondition, NodeStatus, Pod};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};

use super::*;
use crate::plan::doctor::Read;
use crate::plan::doctor::tests::{NOW, ids, run, world_with};
use crate::plan::fixtures::{REV_A, REV_B, pod, sts, terminating, with_partition};

/// A node whose Ready condition is `ready` ("True", "False", "Unknown").
fn node(name: &str, ready: &str) -> Node {
    Node {
        metadata: ObjectMeta {
            name: Some(name.into()),
            ..Default::default()
        },
        status: Some(NodeStatus {
            conditions: Some(vec![NodeCondition {
                type_: "Ready".into(),
                status: ready.into(),
                reason: (ready != "True").then(|| "NodeStatusUnknown".into()),
                ..Default::default()
            }]),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// `p` deleted with a deadline `secs` before NOW.
fn deleted_ago(mut p: Pod, secs: i64) -> Pod {
    let now: Timestamp = NOW.parse().unwrap();
    p.metadata.deletion_timestamp = Some(Time(
        Timestamp::from_second(now.as_second() - secs).unwrap(),
    ));
    p.metadata.deletion_grace_period_seconds = Some(30);
    p
}

fn on(mut p: Pod, node: Option<&str>) -> Pod {
    p.spec.as_mut().unwrap().node_name = node.map(str::to_string);
    p
}

fn web() -> StatefulSet {
    sts("web", 3, &["data"])
}

fn pods(set: &StatefulSet, revs: [&str; 3]) -> Vec<Pod> {
    revs.iter()
        .enumerate()
        .map(|(o, r)| pod(set, o as i32, r))
        .collect()
}

fn healthy(set: &StatefulSet) -> Vec<Pod> {
    pods(set, [REV_A; 3])
}

/// What, the set, its pods, the nodes, the IDs expected.
type Case = (
    &'static str,
    StatefulSet,
    Vec<Pod>,
    Vec<Node>,
    Vec<&'static str>,
);

#[test]
fn pod_checks() {
    let set = web();
    let at_a = healthy(&set);
    let mut stuck = at_a.clone();
    stuck[1] = terminating(stuck[1].clone());
    let mut stuck_on_1 = stuck.clone();
    stuck_on_1[1] = on(stuck_on_1[1].clone(), Some("node-1"));
    let mut late_61 = at_a.clone();
    late_61[1] = deleted_ago(late_61[1].clone(), 61);
    let mut late_60 = at_a.clone();
    late_60[1] = deleted_ago(late_60[1].clone(), 60);
    let mut stale = with_partition(web(), 0);
    stale.metadata.generation = Some(2);
    let mut unscheduled = at_a.clone();
    unscheduled[2] = on(unscheduled[2].clone(), None);
    let mut moved = at_a.clone();
    moved[2] = on(moved[2].clone(), Some("node-9"));
    let ready = vec![node("node-0", "True")];
    let cases: Vec<Case> = vec![
        ("healthy", web(), at_a.clone(), ready.clone(), vec![]),
        // Stuck Terminating.
        (
            "deleted months ago",
            web(),
            stuck.clone(),
            ready.clone(),
            vec!["pod-stuck-terminating"],
        ),
        (
            "61 s past the deadline",
            web(),
            late_61,
            ready.clone(),
            vec!["pod-stuck-terminating"],
        ),
        (
            "60 s past the deadline",
            web(),
            late_60,
            ready.clone(),
            vec![],
        ),
        (
            "stuck on a NotReady node: reported once",
            web(),
            stuck_on_1,
            vec![node("node-0", "True"), node("node-1", "Unknown")],
            vec!["pod-stuck-terminating"],
        ),
        // Old revision.
        (
            "pod 2 left at REV_B",
            web(),
            pods(&set, [REV_A, REV_A, REV_B]),
            ready.clone(),
            vec!["pod-old-revision"],
        ),
        (
            "pod 0 below partition 2",
            with_partition(web(), 2),
            pods(&set, [REV_B, REV_A, REV_A]),
            ready.clone(),
            vec![],
        ),
        (
            "pod 2 above partition 2",
            with_partition(web(), 2),
            pods(&set, [REV_A, REV_A, REV_B]),
            ready.clone(),
            vec!["pod-old-revision"],
        ),
        (
            "rollout in progress",
            crate::plan::fixtures::with_update_revision(web(), REV_B),
            pods(&set, [REV_A, REV_A, REV_B]),
            ready.clone(),
            vec![],
        ),
        (
            "spec not yet observed",
            stale,
            pods(&set, [REV_A, REV_A, REV_B]),
            ready.clone(),
            vec![],
        ),
        // Nodes.
        (
            "NotReady node",
            web(),
            at_a.clone(),
            vec![node("node-0", "False")],
            vec!["pod-node-not-ready"],
        ),
        (
            "node gone",
            web(),
            moved,
            ready.clone(),
            vec!["pod-node-not-ready"],
        ),
        ("unscheduled pod", web(), unscheduled, ready, vec![]),
    ];
    for (what, set, pods, nodes, want) in cases {
        let w = world_with(vec![set], pods, |w| w.nodes = Read::Got(nodes));
        assert_eq!(ids(&w, ALL), want, "{what}");
    }
}

#[test]
fn findings_name_pods_nodes_and_commands() {
    let set = web();
    let mut ps = pods(&set, [REV_A, REV_B, REV_B]);
    ps[0] = terminating(ps[0].clone());
    ps[2] = on(ps[2].clone(), Some("node-1"));
    let w = world_with(vec![set], ps, |w| {
        w.nodes = Read::Got(vec![node("node-0", "True"), node("node-1", "Unknown")])
    });
    let r = run(&w, ALL);
    let by = |id: &str| r.findings.iter().find(|f| f.check == id).unwrap();
    let stuck = by("pod-stuck-terminating");
    assert_eq!(stuck.objects, vec!["statefulset/web", "pod/web-0"]);
    assert!(stuck.fix.starts_with("kubectl sts recover web -n shop"));
    let old = by("pod-old-revision");
    assert_eq!(
        old.message,
        "pod(s) web-1, web-2 run an old revision with no rollout in progress"
    );
    assert!(
        old.fix
            .starts_with("kubectl sts restart web -n shop --pod web-1 --pod web-2"),
        "{}",
        old.fix
    );
    assert!(
        old.evidence
            .contains(&format!("pod web-2: controller-revision-hash: {REV_B}"))
    );
    let node = by("pod-node-not-ready");
    assert_eq!(
        node.objects,
        vec!["statefulset/web", "node/node-1", "pod/web-2"]
    );
    assert_eq!(
        node.evidence[0],
        "node node-1: Ready condition: Unknown (NodeStatusUnknown)"
    );
}

#[test]
fn unreadable_nodes_skip_only_the_node_check() {
    let set = web();
    let w = world_with(vec![set.clone()], healthy(&set), |w| {
        w.nodes = Read::Unavailable("nodes: forbidden".into())
    });
    let r = run(&w, ALL);
    assert_eq!(r.skipped.len(), 1);
    assert_eq!(r.skipped[0].checks, vec!["pod-node-not-ready"]);
    // Without a pod on a node there is nothing to look up.
    let w = world_with(vec![set], vec![], |w| {
        w.nodes = Read::Unavailable("nodes: forbidden".into())
    });
    assert!(run(&w, ALL).skipped.is_empty());
}
