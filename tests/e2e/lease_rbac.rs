//! A user whose Role allows an operation's writes but not the Lease that
//! gives it the StatefulSet: a clear refusal naming exactly the Lease
//! permissions and a Role that grants them, exit 1, nothing written.

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::Pod;
use kube::api::Api;
use serde_json::json;

use crate::harness::*;

#[tokio::test]
async fn an_operator_without_lease_permissions_is_told_exactly_which_and_nothing_is_written() {
    let client = client().await;
    let ns = namespace(&client, "lease-rbac").await;
    let (svc, set) = web_set("web", 2, &[]);
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "web").await;

    // Everything a restart writes and reads in the namespace, but no leases.
    let kc = account_with_rules(
        &client,
        &ns,
        "operator",
        json!([
            {"apiGroups": ["apps"], "resources": ["statefulsets", "controllerrevisions"],
             "verbs": ["get", "list", "watch", "patch", "update"]},
            {"apiGroups": [""], "resources": ["pods", "persistentvolumeclaims", "events"],
             "verbs": ["get", "list", "watch", "delete"]},
            {"apiGroups": [""], "resources": ["pods/eviction"], "verbs": ["create"]},
            {"apiGroups": ["policy"], "resources": ["poddisruptionbudgets"],
             "verbs": ["get", "list"]}
        ]),
    )
    .await;

    let pods: Api<Pod> = Api::namespaced(client.clone(), &ns);
    let uids_before: Vec<_> = pods
        .list(&Default::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|p| p.metadata.uid)
        .collect();
    let sets: Api<StatefulSet> = Api::namespaced(client.clone(), &ns);
    let rv_before = sets.get("web").await.unwrap().metadata.resource_version;

    let out = sts(&[
        "restart",
        "web",
        "--yes",
        "--kubeconfig",
        kc.to_str().unwrap(),
        "--context",
        "sa",
    ]);
    let e = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{e}");
    assert!(
        e.contains("forbidden: you may not get leases.coordination.k8s.io in namespace"),
        "{e}"
    );
    assert!(
        e.contains(&format!(
            "get, create, update and delete on leases.coordination.k8s.io in namespace {ns:?}"
        )),
        "{e}"
    );
    assert!(e.contains("kind: Role"), "{e}");
    assert!(
        e.contains(r#"verbs: ["get", "create", "update", "delete"]"#),
        "{e}"
    );
    assert!(e.contains("\"One operation per StatefulSet\""), "{e}");
    assert!(e.contains("nothing was changed"), "{e}");

    let uids_after: Vec<_> = pods
        .list(&Default::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|p| p.metadata.uid)
        .collect();
    assert_eq!(uids_before, uids_after, "a pod was restarted");
    assert_eq!(
        sets.get("web").await.unwrap().metadata.resource_version,
        rv_before,
        "the StatefulSet was written"
    );
    let _ = std::fs::remove_file(kc);
}
