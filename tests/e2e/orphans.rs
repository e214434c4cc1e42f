//! `kubectl sts pvc orphans` when the evidence points two ways: the claims
//! of a deleted StatefulSet that a live set would take (a rename).

use std::time::Duration;

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{PersistentVolumeClaim, Pod};
use kube::api::{Api, DeleteParams, ListParams};
use serde_json::{Value, json};

use crate::harness::*;

async fn claim_names(client: &kube::Client, ns: &str) -> Vec<String> {
    let mut v: Vec<String> = Api::<PersistentVolumeClaim>::namespaced(client.clone(), ns)
        .list(&ListParams::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .filter(|c| c.metadata.deletion_timestamp.is_none())
        .filter_map(|c| c.metadata.name)
        .collect();
    v.sort();
    v
}

/// `web` is deleted with its claims kept (orphan cascade) and `web-v2`,
/// with the same selector and claim template, takes its place. The claims
/// of `web` are not plain orphans: they are listed as a possible rename
/// with how to move the data, left out of `--delete`, and deleted only
/// when named one by one with `--claim`.
#[tokio::test]
async fn claims_of_a_renamed_set_are_not_deleted_as_orphans() {
    let client = client().await;
    let ns = namespace(&client, "orphans-rename").await;
    let (svc, web) = web_set("web", 3, &[("data", "1Gi")]);
    create_set(&client, &ns, Some(&svc), &web).await;
    wait_ready(&client, &ns, "web").await;
    let sets: Api<StatefulSet> = Api::namespaced(client.clone(), &ns);
    sets.delete("web", &DeleteParams::orphan()).await.unwrap();
    let pods: Api<Pod> = Api::namespaced(client.clone(), &ns);
    pods.delete_collection(
        &DeleteParams::background(),
        &ListParams::default().labels("app=web"),
    )
    .await
    .unwrap();
    wait_for(Duration::from_secs(60), "the pods of web to go", || async {
        pods.list(&ListParams::default().labels("app=web"))
            .await
            .is_ok_and(|l| l.items.is_empty())
    })
    .await;
    // The rename: same selector, same claim template name.
    let (_, mut v2) = web_set("web-v2", 3, &[("data", "1Gi")]);
    v2.spec.selector = from(json!({"matchLabels": {"app": "web"}}));
    v2.spec.template.metadata = Some(from(json!({"labels": {"app": "web"}})));
    v2.spec.service_name = Some("web".into());
    create_set(&client, &ns, None, &v2).await;
    // Its pods carry app=web, so wait_ready (which selects app=NAME) does not fit.
    let claims: Api<PersistentVolumeClaim> = Api::namespaced(client.clone(), &ns);
    wait_for(Duration::from_secs(120), "web-v2 ready", || async {
        let ready = sets
            .get("web-v2")
            .await
            .ok()
            .and_then(|s| s.status?.ready_replicas);
        let bound = claims.list(&ListParams::default()).await.is_ok_and(|l| {
            l.items.len() == 6
                && l.items
                    .iter()
                    .all(|c| c.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Bound"))
        });
        ready == Some(3) && bound
    })
    .await;

    let r = sts_json(&["pvc", "orphans", "-n", &ns, "-o", "json"]);
    let orphans = r["orphans"].as_array().unwrap();
    assert_eq!(orphans.len(), 3, "{r:#}");
    for (n, o) in orphans.iter().enumerate() {
        assert_eq!(o["name"], format!("data-web-{n}"));
        let pr = &o["possibleRename"];
        assert_eq!(pr["liveStatefulSet"], "web-v2", "{o:#}");
        assert!(
            pr["message"]
                .as_str()
                .unwrap()
                .contains("a live StatefulSet web-v2 selects these labels (app=web): renamed?"),
            "{o:#}"
        );
        let steps = pr["migration"].as_array().unwrap();
        let pv = o["volumeName"].as_str().unwrap();
        assert!(
            steps.iter().any(|s| s
                .as_str()
                .unwrap()
                .contains(&format!("kubectl patch pv {pv}"))),
            "{o:#}"
        );
        assert!(
            steps
                .iter()
                .any(|s| s.as_str().unwrap().contains(&format!("data-web-v2-{n}"))),
            "{o:#}"
        );
    }
    let out = sts(&["pvc", "orphans", "-n", &ns]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("renamed?"), "{text}");
    assert!(text.contains("kubectl patch pv"), "{text}");

    // --delete leaves them all alone.
    let out = sts(&[
        "pvc", "orphans", "-n", &ns, "--delete", "--yes", "-o", "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["delete"]["deleted"], json!([]), "{r:#}");
    let skipped = r["delete"]["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 3, "{r:#}");
    assert!(
        skipped[0]["reason"]
            .as_str()
            .unwrap()
            .contains("--claim data-web-0"),
        "{r:#}"
    );
    let all = [
        "data-web-0",
        "data-web-1",
        "data-web-2",
        "data-web-v2-0",
        "data-web-v2-1",
        "data-web-v2-2",
    ];
    assert_eq!(claim_names(&client, &ns).await, all);

    // A claim that is no orphan at all cannot be named.
    let out = sts(&[
        "pvc",
        "orphans",
        "-n",
        &ns,
        "--delete",
        "--yes",
        "--claim",
        "data-web-v2-0",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("data-web-v2-0"), "{}", stderr(&out));
    assert_eq!(claim_names(&client, &ns).await, all);

    // Named one by one, and confirmed: deleted.
    let out = sts(&[
        "pvc",
        "orphans",
        "-n",
        &ns,
        "--delete",
        "--yes",
        "--claim",
        "data-web-0",
        "-o",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        r["delete"]["deleted"],
        json!([format!("{ns}/data-web-0")]),
        "{r:#}"
    );
    assert_eq!(claim_names(&client, &ns).await, all[1..]);
}
