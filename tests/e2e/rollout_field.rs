//! `kubectl sts rollout` on state found on real clusters: a claim
//! being deleted under a running pod, a canary started while the controller
//! is still replacing a pod, the Recreate strategy.

use std::time::Duration;

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{PersistentVolumeClaim, Pod};
use kube::api::{Api, DeleteParams, Patch, PatchParams};
use serde_json::json;

use crate::harness::*;

fn sets(client: &kube::Client, ns: &str) -> Api<StatefulSet> {
    Api::namespaced(client.clone(), ns)
}

fn partition(s: &StatefulSet) -> i32 {
    s.spec
        .update_strategy
        .as_ref()
        .and_then(|u| u.rolling_update.as_ref())
        .and_then(|r| r.partition)
        .unwrap_or(0)
}

async fn new_template(client: &kube::Client, ns: &str) {
    sets(client, ns)
        .patch(
            "web",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"template": {"metadata": {"labels": {"app": "web", "rollout": "v2"}}}}})),
        )
        .await
        .expect("apply the new template");
}

/// `web` (3 replicas, claim template `data`), paused with a new template
/// applied, and `claim` deleted: it stays Terminating on pvc-protection
/// while its pod runs.
async fn paused_with_terminating_claim(prefix: &str, claim: &str) -> (kube::Client, String) {
    let client = client().await;
    let ns = namespace(&client, prefix).await;
    let (svc, set) = web_set("web", 3, &[("data", "1Gi")]);
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "web").await;
    let out = sts(&["rollout", "pause", "web", "-n", &ns]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    new_template(&client, &ns).await;
    let pvcs: Api<PersistentVolumeClaim> = Api::namespaced(client.clone(), &ns);
    pvcs.delete(claim, &DeleteParams::default())
        .await
        .expect("delete the claim");
    wait_for(Duration::from_secs(30), "claim terminating", || async {
        pvcs.get(claim)
            .await
            .is_ok_and(|c| c.metadata.deletion_timestamp.is_some())
    })
    .await;
    (client, ns)
}

/// In rollout: a claim being deleted (held Terminating by
/// pvc-protection while web-2 runs) makes canary and --partition refuse
/// before anything is patched, naming the claim.
#[tokio::test]
async fn rollout_refuses_to_replace_a_pod_whose_claim_is_terminating() {
    let (client, ns) = paused_with_terminating_claim("ro-claim", "data-web-2").await;
    let pods: Api<Pod> = Api::namespaced(client.clone(), &ns);
    let uid = pods.get("web-2").await.unwrap().metadata.uid;
    let meta = |s: StatefulSet| (s.metadata.generation, s.metadata.annotations);
    let before = meta(sets(&client, &ns).get("web").await.unwrap());
    for args in [
        vec![
            "rollout",
            "canary",
            "web",
            "-n",
            &ns,
            "--yes",
            "--timeout",
            "20s",
        ],
        vec![
            "rollout",
            "web",
            "-n",
            &ns,
            "--partition",
            "0",
            "--yes",
            "--timeout",
            "20s",
        ],
    ] {
        let out = sts(&args);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{args:?}: {}\n{}",
            stdout(&out),
            stderr(&out)
        );
        assert!(
            stderr(&out).contains("data-web-2"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    let s = sets(&client, &ns).get("web").await.unwrap();
    assert_eq!(partition(&s), 3, "the partition is unchanged");
    assert_eq!(meta(s), before, "nothing was patched: spec and annotations");
    let p = pods.get("web-2").await.unwrap();
    assert_eq!(p.metadata.uid, uid, "web-2 was not taken down");
    assert!(p.metadata.deletion_timestamp.is_none());
}

/// A canary started while the controller is still replacing the
/// pod above the partition (a template applied a moment ago) waits for it
/// instead of refusing.
#[tokio::test]
async fn rollout_canary_waits_for_an_in_flight_replacement() {
    let client = client().await;
    let ns = namespace(&client, "ro-inflight").await;
    let (svc, mut set) = web_set("web", 3, &[]);
    set.spec.update_strategy = Some(kubectl_sts_strategy(2));
    set.spec.min_ready_seconds = Some(3);
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "web").await;
    new_template(&client, &ns).await;
    let out = sts(&[
        "rollout",
        "canary",
        "web",
        "-n",
        &ns,
        "--yes",
        "--timeout",
        "90s",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}\n{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("waiting for the controller to settle partition 2"),
        "{}",
        stderr(&out)
    );
    let s = sets(&client, &ns).get("web").await.unwrap();
    assert_eq!(partition(&s), 0);
    let st = s.status.unwrap();
    assert_eq!(st.current_revision, st.update_revision);
}

fn kubectl_sts_strategy(p: i32) -> k8s_openapi::api::apps::v1::StatefulSetUpdateStrategy {
    from(json!({"type": "RollingUpdate", "rollingUpdate": {"partition": p}}))
}

/// Recreate (Kubernetes 1.37 alpha) has no partition: the
/// partition verbs refuse, naming the strategy, and write nothing. Before
/// 1.37 the API server refuses such a set, so no user meets one there: that
/// refusal is what is checked on an older cluster.
#[tokio::test]
async fn rollout_refuses_partition_verbs_on_recreate() {
    let client = client().await;
    let ns = namespace(&client, "ro-recreate").await;
    let (svc, mut set) = web_set("web", 2, &[]);
    set.spec.update_strategy = Some(from(json!({"type": "Recreate"})));
    if server_minor(&client).await < 37 {
        let err = sets(&client, &ns)
            .create(&Default::default(), &set)
            .await
            .expect_err("an API server before 1.37 has no Recreate strategy");
        assert!(
            matches!(&err, kube::Error::Api(s) if s.code == 422 && s.message.contains("updateStrategy")),
            "{err:?}"
        );
        return;
    }
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "web").await;
    let written = |s: StatefulSet| (s.metadata.generation, s.metadata.annotations, s.spec);
    let rv = written(sets(&client, &ns).get("web").await.unwrap());
    for args in [
        vec!["rollout", "canary", "web", "-n", &ns, "--yes"],
        vec!["rollout", "web", "-n", &ns, "--partition", "0", "--yes"],
        vec!["rollout", "pause", "web", "-n", &ns],
        vec!["rollout", "resume", "web", "-n", &ns, "--yes"],
    ] {
        let out = sts(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        let e = stderr(&out);
        assert!(
            e.contains("updateStrategy Recreate") && e.contains(&ns),
            "{args:?}: {e}"
        );
    }
    let s = sets(&client, &ns).get("web").await.unwrap();
    assert!(written(s) == rv, "nothing was written");
}

/// The claim at risk belongs to a pod of a later canary step (web-1): the
/// canary refuses before its first step, instead of replacing web-2 and
/// stopping half-way.
#[tokio::test]
async fn canary_checks_every_claim_of_its_plan_before_the_first_step() {
    let (client, ns) = paused_with_terminating_claim("ro-claim-later", "data-web-1").await;
    let pods: Api<Pod> = Api::namespaced(client.clone(), &ns);
    let uids = || async {
        let mut v = vec![];
        for n in ["web-0", "web-1", "web-2"] {
            v.push(pods.get(n).await.unwrap().metadata.uid);
        }
        v
    };
    let before = uids().await;
    let out = sts(&[
        "rollout",
        "canary",
        "web",
        "-n",
        &ns,
        "--yes",
        "--timeout",
        "20s",
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{}\n{err}", stdout(&out));
    assert!(err.contains("data-web-1"), "{err}");
    let s = sets(&client, &ns).get("web").await.unwrap();
    assert_eq!(partition(&s), 3, "no step was written");
    assert_eq!(uids().await, before, "no pod was taken down");
}
