//! `recover --fix` reports a fix as applied only once re-reading shows its
//! effect: a VolumeAttachment whose DELETE its CSI attacher's finalizer
//! holds is `requested` (exit 1), and a re-run proposes nothing new.

use std::time::Duration;

use k8s_openapi::api::core::v1::{Node, PersistentVolumeClaim, Pod};
use k8s_openapi::api::storage::v1::VolumeAttachment;
use kube::api::{Api, DeleteParams, Patch, PatchParams, PostParams};
use serde_json::{Value, json};

use crate::harness::*;

const ATTACHER: &str = "external-attacher/volume-sim-ksts-test";

fn recover_json(args: &[&str]) -> (Option<i32>, Value, String) {
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
    (out.status.code(), v, stderr(&out))
}

fn multi_attach(report: &Value) -> Vec<&Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["problem"] == "multi-attach")
        .collect()
}

#[tokio::test]
async fn attachment_held_by_its_attacher_is_requested_not_applied() {
    let client = client().await;
    let ns = namespace(&client, "recover-va").await;
    // A node that kwok does not manage: a pod bound to it stays Pending
    // (ContainerCreating), as behind a volume that cannot attach.
    let node = format!("rcv-{ns}");
    let nodes: Api<Node> = Api::all(client.clone());
    nodes
        .create(
            &PostParams::default(),
            &from(json!({"metadata": {"name": node, "labels": {
                "ksts.test/kubelet-stopped": "true", "kubernetes.io/hostname": node}}})),
        )
        .await
        .unwrap();
    let (svc, mut set) = web_set("web", 1, &[("data", "1Gi")]);
    set.spec.template.spec.as_mut().unwrap().node_name = Some(node.clone());
    create_set(&client, &ns, Some(&svc), &set).await;
    let pods: Api<Pod> = Api::namespaced(client.clone(), &ns);
    let pvcs: Api<PersistentVolumeClaim> = Api::namespaced(client.clone(), &ns);
    wait_for(Duration::from_secs(60), "data-web-0 Bound", || {
        let pvcs = pvcs.clone();
        async move {
            pvcs.get_opt("data-web-0")
                .await
                .ok()
                .flatten()
                .and_then(|c| c.status?.phase)
                .as_deref()
                == Some("Bound")
        }
    })
    .await;
    wait_for(Duration::from_secs(60), "web-0 created", || {
        let pods = pods.clone();
        async move { pods.get_opt("web-0").await.ok().flatten().is_some() }
    })
    .await;
    let pv = pvcs
        .get("data-web-0")
        .await
        .unwrap()
        .spec
        .unwrap()
        .volume_name
        .unwrap();

    // The volume is still attached to a node that no longer exists, through
    // an attachment that carries its attacher's finalizer, as every CSI
    // attachment does; the kubelet reports Multi-Attach.
    let gone = format!("gone-{ns}");
    let va_name = format!("csi-{ns}");
    let vas: Api<VolumeAttachment> = Api::all(client.clone());
    vas.create(
        &PostParams::default(),
        &from(json!({
            "metadata": {"name": va_name, "finalizers": [ATTACHER]},
            "spec": {"attacher": "volume-sim.ksts.test", "nodeName": gone,
                     "source": {"persistentVolumeName": pv}}
        })),
    )
    .await
    .unwrap();
    let events: Api<k8s_openapi::api::core::v1::Event> = Api::namespaced(client.clone(), &ns);
    let uid = pods.get("web-0").await.unwrap().metadata.uid.unwrap();
    events
        .create(
            &PostParams::default(),
            &from(json!({
                "metadata": {"name": "web-0.multi-attach"},
                "involvedObject": {"kind": "Pod", "namespace": ns, "name": "web-0", "uid": uid},
                "reason": "FailedAttachVolume", "type": "Warning",
                "message": format!("Multi-Attach error for volume \"{pv}\" Volume is already exclusively attached to one node and can't be attached to another"),
                "source": {"component": "attachdetach-controller"}
            })),
        )
        .await
        .unwrap();

    let (rc, report, _) = recover_json(&["web", "-n", &ns]);
    assert_eq!(rc, Some(1));
    let f = multi_attach(&report);
    assert_eq!(f.len(), 1, "{report:#}");
    assert_eq!(
        f[0]["action"]["type"], "deleteVolumeAttachment",
        "{report:#}"
    );

    // The DELETE is accepted, but the attacher's finalizer keeps the object.
    let (rc, report, err) = recover_json(&["web", "-n", &ns, "--fix", "--yes", "--timeout", "3s"]);
    let f = multi_attach(&report);
    assert_eq!(f[0]["outcome"]["result"], "requested", "{report:#}\n{err}");
    let msg = f[0]["outcome"]["message"].as_str().unwrap();
    assert!(
        msg.starts_with(&format!(
            "still held by {ATTACHER} (owned by the CSI driver's attacher)"
        )),
        "{msg}"
    );
    assert!(msg.contains("Next: "), "{msg}");
    assert_eq!(rc, Some(1), "{report:#}");
    assert_eq!(report["healthy"], false);
    let va = vas.get(&va_name).await.unwrap();
    assert!(va.metadata.deletion_timestamp.is_some());

    // A re-run sees the deletion already requested: nothing new to do,
    // and it says what it waits on.
    let (rc, report, _) = recover_json(&["web", "-n", &ns, "--fix", "--yes", "--timeout", "3s"]);
    assert_eq!(rc, Some(1));
    let f = multi_attach(&report);
    assert_eq!(f.len(), 1, "{report:#}");
    assert!(f[0]["action"].is_null(), "{report:#}");
    assert!(f[0].get("outcome").is_none(), "{report:#}");
    let why = f[0]["refusal"].as_str().unwrap();
    assert!(why.starts_with("no new action"), "{why}");
    assert!(why.contains(ATTACHER), "{why}");

    // The attacher lets go: the attachment goes, the finding with it.
    vas.patch(
        &va_name,
        &PatchParams::default(),
        &Patch::Merge(json!({"metadata": {"finalizers": null}})),
    )
    .await
    .unwrap();
    wait_for(Duration::from_secs(30), "attachment gone", || {
        let vas = vas.clone();
        let n = va_name.clone();
        async move { vas.get_opt(&n).await.unwrap().is_none() }
    })
    .await;
    let (_, report, _) = recover_json(&["web", "-n", &ns]);
    assert!(multi_attach(&report).is_empty(), "{report:#}");
    let _ = nodes.delete(&node, &DeleteParams::default()).await;
}
