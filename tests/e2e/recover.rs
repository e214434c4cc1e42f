//! `kubectl sts recover` against the real controllers: a pod stuck on a dead
//! node (rule 12), the #67250 forced-rollback trap, and a deleted PVC of a
//! live ordinal (#74374).

use std::time::Duration;

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{Node, PersistentVolumeClaim, Pod};
use kube::api::{Api, DeleteParams, Patch, PatchParams, PostParams};
use serde_json::{Value, json};

use crate::harness::*;

const DEDICATED: &str = "ksts.test/recover-dedicated";

fn code(o: &std::process::Output) -> Option<i32> {
    o.status.code()
}

/// Runs recover with `-o json` and returns (exit code, report).
fn recover_json(args: &[&str]) -> (Option<i32>, Value) {
    let mut a = vec!["recover"];
    a.extend_from_slice(args);
    a.extend_from_slice(&["-o", "json"]);
    let out = sts(&a);
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "bad JSON ({e}) from {a:?}:\n{}\n{}",
            stdout(&out),
            stderr(&out)
        )
    });
    (code(&out), v)
}

fn findings<'a>(report: &'a Value, problem: &str) -> Vec<&'a Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["problem"] == problem)
        .collect()
}

async fn pod_uid(pods: &Api<Pod>, name: &str) -> Option<String> {
    pods.get_opt(name)
        .await
        .unwrap()
        .and_then(|p| p.metadata.uid)
}

/// A node of this test only: kwok manages it like the others, and the taint
/// keeps every other test's pods away, so killing it disturbs nobody.
async fn own_node(client: &kube::Client, name: &str) {
    let nodes: Api<Node> = Api::all(client.clone());
    nodes
        .create(
            &PostParams::default(),
            &from(json!({
                "metadata": {
                    "name": name,
                    "annotations": {"kwok.x-k8s.io/node": "fake", "node.alpha.kubernetes.io/ttl": "0"},
                    "labels": {"type": "kwok", "kubernetes.io/hostname": name}
                },
                "spec": {"taints": [{"key": DEDICATED, "value": "yes", "effect": "NoSchedule"}]},
                "status": {
                    "allocatable": {"cpu": "32", "memory": "256Gi", "pods": "110"},
                    "capacity": {"cpu": "32", "memory": "256Gi", "pods": "110"}
                }
            })),
        )
        .await
        .expect("create node");
    wait_for(
        Duration::from_secs(60),
        &format!("node {name} Ready"),
        || {
            let nodes = nodes.clone();
            async move { node_ready(&nodes, name).await.as_deref() == Some("True") }
        },
    )
    .await;
}

async fn node_ready(nodes: &Api<Node>, name: &str) -> Option<String> {
    let n = nodes.get_opt(name).await.ok()??;
    n.status?
        .conditions?
        .into_iter()
        .find(|c| c.type_ == "Ready")
        .map(|c| c.status)
}

#[tokio::test]
async fn pod_stuck_on_dead_node_is_force_deleted_only_with_the_out_of_service_taint() {
    let client = client().await;
    let ns = namespace(&client, "recover-dead").await;
    let node = format!("rcv-{ns}");
    own_node(&client, &node).await;
    let nodes: Api<Node> = Api::all(client.clone());

    let (svc, set) = pinned_set(1, &[("data", "1Gi")], &node);
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "web").await;

    let healthy = sts(&["recover", "web", "-n", &ns, "-v", "6"]);
    assert_eq!(code(&healthy), Some(0), "{}", stderr(&healthy));
    assert!(stdout(&healthy).contains("No problems found"));
    // GET the set, one LIST each of pods, PVCs, PVs and nodes.
    assert_eq!(request_count(&healthy), 5, "{}", stderr(&healthy));

    // Kill the node's kubelet, then delete the pod: it stays Terminating.
    nodes
        .patch(
            &node,
            &PatchParams::default(),
            &Patch::Merge(json!({"metadata": {"labels": {"ksts.test/kubelet-stopped": "true"}}})),
        )
        .await
        .unwrap();
    wait_for(Duration::from_secs(90), "node Unknown", || {
        let nodes = nodes.clone();
        let node = node.clone();
        async move { node_ready(&nodes, &node).await.as_deref() == Some("Unknown") }
    })
    .await;
    let pods: Api<Pod> = Api::namespaced(client.clone(), &ns);
    let old_uid = pod_uid(&pods, "web-0").await.unwrap();
    pods.delete("web-0", &DeleteParams::default())
        .await
        .unwrap();

    // Found, explained, refused: no taint, no confirmation.
    let (rc, report) = recover_json(&["web", "-n", &ns]);
    assert_eq!(rc, Some(1));
    assert_eq!(report["kind"], "RecoverReport");
    assert_eq!(report["healthy"], false);
    let f = findings(&report, "stuck-terminating");
    assert_eq!(f.len(), 1, "{report:#}");
    assert_eq!(f[0]["object"], "pod/web-0");
    assert_eq!(f[0]["action"], Value::Null);
    let refusal = f[0]["refusal"].as_str().unwrap();
    assert!(
        refusal.contains("node.kubernetes.io/out-of-service"),
        "{refusal}"
    );
    assert!(f[0]["risk"].as_str().unwrap().contains("data-web-0"));
    assert!(
        f[0]["advice"][0].as_str().unwrap().contains(&format!(
            "kubectl taint node {node} node.kubernetes.io/out-of-service=nodeshutdown:NoExecute"
        )),
        "{report:#}"
    );

    // --fix --yes still refuses, also with a confirmation for another node.
    let out = sts(&[
        "recover",
        "web",
        "-n",
        &ns,
        "--fix",
        "--yes",
        "--confirm-node-down",
        "kwok-node-0",
    ]);
    assert_eq!(code(&out), Some(1), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("refused"),
        "{}\n{}",
        stdout(&out),
        stderr(&out)
    );
    assert_eq!(
        pod_uid(&pods, "web-0").await.as_deref(),
        Some(old_uid.as_str()),
        "the pod must still be there"
    );

    // With the out-of-service taint: the force delete is proposed and done.
    nodes
        .patch(
            &node,
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"taints": [
                {"key": DEDICATED, "value": "yes", "effect": "NoSchedule"},
                {"key": "node.kubernetes.io/out-of-service", "value": "nodeshutdown", "effect": "NoExecute"}
            ]}})),
        )
        .await
        .unwrap();
    let (rc, report) = recover_json(&["web", "-n", &ns, "--fix", "--yes"]);
    let f = findings(&report, "stuck-terminating");
    assert_eq!(f.len(), 1, "{report:#}");
    assert_eq!(f[0]["action"]["type"], "forceDeletePod", "{report:#}");
    assert_eq!(f[0]["action"]["releases"], json!(["data-web-0"]));
    assert_eq!(f[0]["outcome"]["result"], "applied", "{report:#}");
    assert_eq!(rc, Some(0), "{report:#}");
    assert_ne!(
        pod_uid(&pods, "web-0").await.as_deref(),
        Some(old_uid.as_str()),
        "the stuck pod is gone"
    );

    nodes.delete(&node, &DeleteParams::default()).await.unwrap();
}

/// The #67250 trap on `ns`: a bad template makes web-1 crash-loop at its
/// revision, then the template is reverted and the revert observed. Returns
/// the good (update) revision.
pub async fn broken_after_revert(client: &kube::Client, ns: &str) -> String {
    let sets: Api<StatefulSet> = Api::namespaced(client.clone(), ns);
    let pods: Api<Pod> = Api::namespaced(client.clone(), ns);
    let good_rev = sets
        .get("web")
        .await
        .unwrap()
        .status
        .unwrap()
        .update_revision
        .unwrap();

    // Bad template: web-1 is updated and crash-loops; then revert.
    let label = |v: Value| {
        Patch::Merge(
            json!({"spec": {"template": {"metadata": {"labels": {"ksts.test/fault": v}}}}}),
        )
    };
    sets.patch("web", &PatchParams::default(), &label(json!("crash")))
        .await
        .unwrap();
    wait_for(
        Duration::from_secs(60),
        "web-1 crash-looping at the bad revision",
        || {
            let pods = pods.clone();
            let good_rev = good_rev.clone();
            async move {
                let Ok(Some(p)) = pods.get_opt("web-1").await else {
                    return false;
                };
                let rev = p
                    .metadata
                    .labels
                    .as_ref()
                    .and_then(|l| l.get("controller-revision-hash"))
                    .cloned();
                let restarts: i32 = p
                    .status
                    .and_then(|s| s.container_statuses)
                    .map(|cs| cs.iter().map(|c| c.restart_count).sum())
                    .unwrap_or(0);
                rev.is_some_and(|r| r != good_rev) && restarts > 0
            }
        },
    )
    .await;
    sets.patch("web", &PatchParams::default(), &label(Value::Null))
        .await
        .unwrap();
    wait_for(Duration::from_secs(60), "the revert observed", || {
        let sets = sets.clone();
        let good_rev = good_rev.clone();
        async move {
            let s = sets.get("web").await.unwrap();
            let st = s.status.unwrap_or_default();
            st.observed_generation >= s.metadata.generation
                && st.update_revision.as_deref() == Some(good_rev.as_str())
        }
    })
    .await;
    good_rev
}

#[tokio::test]
async fn broken_pod_left_at_the_bad_revision_is_found_and_replaced() {
    let client = client().await;
    let ns = namespace(&client, "recover-67250").await;
    let (svc, set) = web_set("web", 2, &[]);
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "web").await;
    let pods: Api<Pod> = Api::namespaced(client.clone(), &ns);
    let good_rev = broken_after_revert(&client, &ns).await;
    let stuck_uid = pod_uid(&pods, "web-1").await.unwrap();

    let (rc, report) = recover_json(&["web", "-n", &ns]);
    assert_eq!(rc, Some(1));
    let f = findings(&report, "broken-at-old-revision");
    assert_eq!(f.len(), 1, "{report:#}");
    assert_eq!(f[0]["object"], "pod/web-1");
    assert_eq!(f[0]["action"]["type"], "deletePod");
    assert_eq!(f[0]["action"]["uid"], stuck_uid.as_str());

    // No terminal and no --yes: refused, nothing changes.
    let out = sts(&["recover", "web", "-n", &ns, "--fix"]);
    assert_eq!(code(&out), Some(1));
    assert!(
        stdout(&out).contains("pod/web-1: refused"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        pod_uid(&pods, "web-1").await.as_deref(),
        Some(stuck_uid.as_str())
    );

    let (rc, report) = recover_json(&["web", "-n", &ns, "--fix", "--yes"]);
    assert_eq!(rc, Some(0), "{report:#}");
    assert_eq!(
        findings(&report, "broken-at-old-revision")[0]["outcome"]["result"],
        "applied"
    );
    wait_ready(&client, &ns, "web").await;
    let p = pods.get("web-1").await.unwrap();
    assert_ne!(p.metadata.uid.as_deref(), Some(stuck_uid.as_str()));
    assert_eq!(
        p.metadata.labels.unwrap()["controller-revision-hash"],
        good_rev
    );
    let out = sts(&["recover", "web", "-n", &ns]);
    assert_eq!(code(&out), Some(0), "{}", stdout(&out));
}

/// The disruption gate on recover's pod deletes: the broken pod's claim is
/// being deleted (held by pvc-protection while the pod exists), so deleting
/// the pod would destroy the claim's data. Refused, the pod untouched.
#[tokio::test]
async fn broken_pod_whose_claim_is_being_deleted_is_not_deleted() {
    let client = client().await;
    let ns = namespace(&client, "recover-gate").await;
    let (svc, set) = web_set("web", 2, &[("data", "1Gi")]);
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "web").await;
    let pods: Api<Pod> = Api::namespaced(client.clone(), &ns);
    let pvcs: Api<PersistentVolumeClaim> = Api::namespaced(client.clone(), &ns);
    broken_after_revert(&client, &ns).await;
    let stuck_uid = pod_uid(&pods, "web-1").await.unwrap();
    pvcs.delete("data-web-1", &DeleteParams::default())
        .await
        .unwrap();

    let (rc, report) = recover_json(&["web", "-n", &ns, "--fix", "--yes"]);
    assert_eq!(rc, Some(1), "{report:#}");
    let f = findings(&report, "broken-at-old-revision");
    assert_eq!(f.len(), 1, "{report:#}");
    assert_eq!(f[0]["outcome"]["result"], "refused", "{report:#}");
    let msg = f[0]["outcome"]["message"].as_str().unwrap();
    assert!(msg.contains("data-web-1"), "{msg}");
    assert!(msg.contains("reclaimPolicy Delete"), "{msg}");
    assert!(msg.contains("Retain"), "{msg}");
    assert_eq!(
        pod_uid(&pods, "web-1").await.as_deref(),
        Some(stuck_uid.as_str()),
        "the pod must not be deleted"
    );
    assert!(
        pvcs.get("data-web-1")
            .await
            .unwrap()
            .metadata
            .deletion_timestamp
            .is_some()
    );
}

const SNAPSHOT_FINALIZER: &str = "snapshot.storage.kubernetes.io/pvc-as-source-protection";

/// A claim held Terminating by a finalizer other than pvc-protection
/// keeps its ordinal without a pod (the controller does not create a pod
/// whose claim is being deleted). `recover` names the ordinal, the claim,
/// the finalizer and its owner; exits 1; removes the finalizer only with
/// --remove-finalizers.
#[tokio::test]
async fn claim_held_by_a_snapshot_finalizer_blocks_its_ordinal_and_is_reported() {
    let client = client().await;
    let ns = namespace(&client, "recover-snapfin").await;
    let (svc, set) = web_set("web", 3, &[("data", "1Gi")]);
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "web").await;
    let pods: Api<Pod> = Api::namespaced(client.clone(), &ns);
    let pvcs: Api<PersistentVolumeClaim> = Api::namespaced(client.clone(), &ns);
    pvcs.patch(
        "data-web-1",
        &PatchParams::default(),
        &Patch::Merge(json!({"metadata": {"finalizers":
            ["kubernetes.io/pvc-protection", SNAPSHOT_FINALIZER]}})),
    )
    .await
    .unwrap();
    pvcs.delete("data-web-1", &DeleteParams::default())
        .await
        .unwrap();
    let old_uid = pod_uid(&pods, "web-1").await.unwrap();
    pods.delete("web-1", &DeleteParams::default())
        .await
        .unwrap();
    wait_for(
        Duration::from_secs(60),
        "web-1 gone and only the snapshot finalizer left",
        || {
            let pods = pods.clone();
            let pvcs = pvcs.clone();
            async move {
                let fins = pvcs
                    .get("data-web-1")
                    .await
                    .ok()
                    .and_then(|c| c.metadata.finalizers)
                    .unwrap_or_default();
                pod_uid(&pods, "web-1").await.is_none() && fins == [SNAPSHOT_FINALIZER]
            }
        },
    )
    .await;

    let (rc, report) = recover_json(&["web", "-n", &ns]);
    assert_eq!(rc, Some(1), "{report:#}");
    let f = findings(&report, "pod-blocked-by-claim");
    assert_eq!(f.len(), 1, "{report:#}");
    assert_eq!(f[0]["object"], "persistentvolumeclaim/data-web-1");
    let summary = f[0]["summary"].as_str().unwrap();
    assert!(summary.contains("web-1"), "{summary}");
    let ev = f[0]["evidence"].to_string();
    assert!(ev.contains(SNAPSHOT_FINALIZER), "{ev}");
    assert!(ev.contains("snapshot controller"), "{ev}");
    assert!(!ev.contains("pvc-protection"), "{ev}");
    let advice = f[0]["advice"].to_string();
    assert!(
        advice.contains(&format!("kubectl get volumesnapshot -n {ns}")),
        "{advice}"
    );
    assert_eq!(f[0]["action"], Value::Null);
    assert!(
        f[0]["refusal"]
            .as_str()
            .unwrap()
            .contains("--remove-finalizers")
    );
    assert!(f[0]["risk"].as_str().unwrap().contains("Delete"), "{f:?}");

    // status names the finalizer that holds the claim, not pvc-protection.
    let status = sts_json(&["status", "web", "-n", &ns, "-o", "json"]);
    let problems = status["statefulSets"][0]["problems"].to_string();
    assert!(problems.contains(SNAPSHOT_FINALIZER), "{problems}");
    assert!(
        !problems.contains("kubernetes.io/pvc-protection"),
        "{problems}"
    );

    // Removal: its own flag and --yes; then the ordinal comes back.
    let (rc, report) = recover_json(&["web", "-n", &ns, "--fix", "--remove-finalizers", "--yes"]);
    let f = findings(&report, "pod-blocked-by-claim");
    assert_eq!(f[0]["action"]["type"], "removeFinalizers", "{report:#}");
    assert_eq!(f[0]["action"]["remove"], json!([SNAPSHOT_FINALIZER]));
    assert_eq!(f[0]["outcome"]["result"], "applied", "{report:#}");
    assert_eq!(rc, Some(0), "{report:#}");
    wait_ready(&client, &ns, "web").await;
    assert_ne!(pod_uid(&pods, "web-1").await, Some(old_uid));
}

/// A StatefulSet whose pods run only on `node`.
fn pinned_set(
    replicas: i32,
    claims: &[(&str, &str)],
    node: &str,
) -> (k8s_openapi::api::core::v1::Service, StatefulSet) {
    let (svc, mut set) = web_set("web", replicas, claims);
    let spec = set.spec.template.spec.as_mut().unwrap();
    spec.node_selector = Some([("kubernetes.io/hostname".to_string(), node.to_string())].into());
    spec.tolerations = Some(vec![from(
        json!({"key": DEDICATED, "operator": "Exists", "effect": "NoSchedule"}),
    )]);
    (svc, set)
}

async fn cordon(nodes: &Api<Node>, node: &str, on: bool) {
    nodes
        .patch(
            node,
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"unschedulable": on}})),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn deleted_claim_of_a_live_ordinal_is_recreated_and_the_pod_starts() {
    let client = client().await;
    let ns = namespace(&client, "recover-74374").await;
    let node = format!("rcv-{ns}");
    own_node(&client, &node).await;
    let nodes: Api<Node> = Api::all(client.clone());
    let (svc, set) = pinned_set(2, &[("data", "1Gi")], &node);
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "web").await;
    let pods: Api<Pod> = Api::namespaced(client.clone(), &ns);
    let pvcs: Api<PersistentVolumeClaim> = Api::namespaced(client.clone(), &ns);
    let old_claim_uid = pvcs.get("data-web-1").await.unwrap().metadata.uid;

    // Since 1.27 the controller recreates a missing claim of a Pending pod
    // when it gets to it; with OrderedReady it never gets past a terminating
    // web-0. So: web-1 recreated but unschedulable (cordoned node), web-0
    // stuck Terminating, then the claim deleted (no scheduled pod holds it).
    cordon(&nodes, &node, true).await;
    let old_pod = pod_uid(&pods, "web-1").await.unwrap();
    pods.delete("web-1", &DeleteParams::default())
        .await
        .unwrap();
    wait_for(Duration::from_secs(60), "web-1 recreated", || {
        let pods = pods.clone();
        let old_pod = old_pod.clone();
        async move { pod_uid(&pods, "web-1").await.is_some_and(|u| u != old_pod) }
    })
    .await;
    pods.patch(
        "web-0",
        &PatchParams::default(),
        &Patch::Merge(json!({"metadata": {"labels": {"ksts.test/stuck-terminating": "true"}}})),
    )
    .await
    .unwrap();
    pods.delete("web-0", &DeleteParams::default())
        .await
        .unwrap();
    pvcs.delete("data-web-1", &DeleteParams::default())
        .await
        .unwrap();
    wait_for(Duration::from_secs(60), "data-web-1 gone", || {
        let pvcs = pvcs.clone();
        async move { pvcs.get_opt("data-web-1").await.unwrap().is_none() }
    })
    .await;
    cordon(&nodes, &node, false).await;

    let (rc, report) = recover_json(&["web", "-n", &ns]);
    assert_eq!(rc, Some(1));
    let f = findings(&report, "missing-claim");
    assert_eq!(f.len(), 1, "{report:#}");
    assert_eq!(f[0]["object"], "persistentvolumeclaim/data-web-1");
    assert_eq!(f[0]["action"]["type"], "createClaim");
    assert_eq!(f[0]["action"]["size"], "1Gi");
    assert_eq!(f[0]["action"]["labels"], json!({"app": "web"}));

    let (_, report) = recover_json(&["web", "-n", &ns, "--fix", "--yes"]);
    assert_eq!(
        findings(&report, "missing-claim")[0]["outcome"]["result"],
        "applied",
        "{report:#}"
    );
    let claim = pvcs.get("data-web-1").await.unwrap();
    assert_ne!(claim.metadata.uid, old_claim_uid);
    assert_eq!(claim.metadata.labels.unwrap()["app"], "web");
    wait_for(
        Duration::from_secs(60),
        "web-1 Running on its new claim",
        || {
            let pods = pods.clone();
            let pvcs = pvcs.clone();
            async move {
                let bound = pvcs
                    .get("data-web-1")
                    .await
                    .ok()
                    .and_then(|c| c.status?.phase)
                    .as_deref()
                    == Some("Bound");
                let running = pods
                    .get("web-1")
                    .await
                    .ok()
                    .and_then(|p| p.status?.phase)
                    .as_deref()
                    == Some("Running");
                bound && running
            }
        },
    )
    .await;

    // Let web-0 go; the set heals.
    pods.patch(
        "web-0",
        &PatchParams::default(),
        &Patch::Merge(json!({"metadata": {"labels": {"ksts.test/stuck-terminating": null}}})),
    )
    .await
    .unwrap();
    wait_ready(&client, &ns, "web").await;
    nodes.delete(&node, &DeleteParams::default()).await.unwrap();
}

#[tokio::test]
async fn finalizer_holding_a_pod_is_shown_and_removed_only_on_request() {
    let client = client().await;
    let ns = namespace(&client, "recover-fin").await;
    let (svc, set) = web_set("web", 1, &[]);
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "web").await;
    let pods: Api<Pod> = Api::namespaced(client.clone(), &ns);
    pods.patch(
        "web-0",
        &PatchParams::default(),
        &Patch::Merge(json!({"metadata": {"finalizers": ["ksts.test/hold"]}})),
    )
    .await
    .unwrap();
    let old_uid = pod_uid(&pods, "web-0").await.unwrap();
    pods.delete("web-0", &DeleteParams::default())
        .await
        .unwrap();
    wait_for(Duration::from_secs(30), "web-0 terminating", || {
        let pods = pods.clone();
        async move {
            pods.get("web-0")
                .await
                .is_ok_and(|p| p.metadata.deletion_timestamp.is_some())
        }
    })
    .await;

    // Shown, not touched without --remove-finalizers.
    let (rc, report) = recover_json(&["web", "-n", &ns, "--fix", "--yes"]);
    assert_eq!(rc, Some(1));
    let f = findings(&report, "pod-held-by-finalizers");
    assert_eq!(f.len(), 1, "{report:#}");
    assert!(
        f[0]["evidence"][0]
            .as_str()
            .unwrap()
            .contains("ksts.test/hold")
    );
    assert_eq!(f[0]["action"], Value::Null);
    assert!(
        f[0]["refusal"]
            .as_str()
            .unwrap()
            .contains("--remove-finalizers")
    );
    assert_eq!(
        pod_uid(&pods, "web-0").await.as_deref(),
        Some(old_uid.as_str())
    );

    // Its own flag, and the prompt: refused without a terminal and --yes.
    let out = sts(&["recover", "web", "-n", &ns, "--fix", "--remove-finalizers"]);
    assert_eq!(code(&out), Some(1));
    assert!(
        stdout(&out).contains("pod/web-0: refused"),
        "{}",
        stdout(&out)
    );

    let (_, report) = recover_json(&["web", "-n", &ns, "--fix", "--remove-finalizers", "--yes"]);
    let f = findings(&report, "pod-held-by-finalizers");
    assert_eq!(f[0]["action"]["type"], "removeFinalizers");
    assert_eq!(f[0]["outcome"]["result"], "applied", "{report:#}");
    wait_for(Duration::from_secs(30), "web-0 replaced", || {
        let pods = pods.clone();
        let old_uid = old_uid.clone();
        async move { pod_uid(&pods, "web-0").await.is_none_or(|u| u != old_uid) }
    })
    .await;
    wait_ready(&client, &ns, "web").await;
}

#[tokio::test]
async fn unbound_claim_and_volume_affinity_conflict_are_explained_not_touched() {
    use k8s_openapi::api::core::v1::PersistentVolume;
    let client = client().await;
    let ns = namespace(&client, "recover-pending").await;
    let with_class = |name: &str, class: &str| {
        let (_, mut set) = web_set(name, 1, &[("data", "1Gi")]);
        set.spec.volume_claim_templates.as_mut().unwrap()[0]
            .spec
            .as_mut()
            .unwrap()
            .storage_class_name = Some(class.to_string());
        set
    };
    // "db": a class nobody provisions; "web": a PV pre-bound to its claim
    // that only a node which does not exist may use.
    let missing_node = format!("gone-{ns}");
    let pv_name = format!("pv-{ns}");
    let pvs: Api<PersistentVolume> = Api::all(client.clone());
    pvs.create(
        &PostParams::default(),
        &from(json!({
            "metadata": {"name": pv_name},
            "spec": {
                "capacity": {"storage": "1Gi"},
                "accessModes": ["ReadWriteOnce"],
                "persistentVolumeReclaimPolicy": "Retain",
                "storageClassName": "manual",
                "hostPath": {"path": "/nonexistent"},
                "claimRef": {"namespace": ns, "name": "data-web-0"},
                "nodeAffinity": {"required": {"nodeSelectorTerms": [{"matchExpressions": [
                    {"key": "kubernetes.io/hostname", "operator": "In", "values": [missing_node]}
                ]}]}}
            }
        })),
    )
    .await
    .unwrap();
    create_set(&client, &ns, None, &with_class("db", "nonexistent")).await;
    create_set(&client, &ns, None, &with_class("web", "manual")).await;
    let pods: Api<Pod> = Api::namespaced(client.clone(), &ns);
    wait_for(
        Duration::from_secs(60),
        "web-0 unschedulable for its volume",
        || {
            let pods = pods.clone();
            async move {
                pods.get_opt("web-0")
                    .await
                    .ok()
                    .flatten()
                    .and_then(|p| p.status?.conditions)
                    .is_some_and(|cs| {
                        cs.iter().any(|c| {
                            c.type_ == "PodScheduled"
                                && c.message.as_deref().is_some_and(|m| {
                                    m.contains("didn't match PersistentVolume's node affinity")
                                })
                        })
                    })
            }
        },
    )
    .await;
    wait_for(Duration::from_secs(30), "db-0 Pending", || {
        let pods = pods.clone();
        async move { pods.get_opt("db-0").await.ok().flatten().is_some() }
    })
    .await;

    let (rc, report) = recover_json(&["-n", &ns, "--fix", "--yes"]);
    assert_eq!(rc, Some(1), "{report:#}");
    let unbound = findings(&report, "unbound-claim");
    assert_eq!(unbound.len(), 1, "{report:#}");
    assert_eq!(unbound[0]["object"], "persistentvolumeclaim/data-db-0");
    assert_eq!(unbound[0]["action"], Value::Null);
    let ev = unbound[0]["evidence"].to_string();
    assert!(ev.contains("class nonexistent"), "{ev}");
    let conflict = findings(&report, "volume-node-affinity-conflict");
    assert_eq!(conflict.len(), 1, "{report:#}");
    assert_eq!(conflict[0]["object"], "pod/web-0");
    assert_eq!(conflict[0]["action"], Value::Null);
    let ev = conflict[0]["evidence"].to_string();
    assert!(
        ev.contains(&format!("kubernetes.io/hostname In [{missing_node}]")),
        "{ev}"
    );
    assert!(ev.contains(&pv_name), "{ev}");
    assert!(ev.contains("those are: none"), "{ev}");
    // Nothing to apply: no outcome anywhere.
    for f in report["findings"].as_array().unwrap() {
        assert!(f.get("outcome").is_none(), "{f}");
    }

    Api::<StatefulSet>::namespaced(client.clone(), &ns)
        .delete("web", &DeleteParams::default())
        .await
        .unwrap();
    pvs.delete(&pv_name, &DeleteParams::default())
        .await
        .unwrap();
}
