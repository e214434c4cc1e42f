//! `kubectl sts pvc list|orphans|resize` against the real control plane.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{PersistentVolumeClaim, Pod};
use kube::Client;
use kube::api::{Api, DeleteParams, ListParams, PostParams};
use serde_json::{Value, json};

use crate::harness::*;

/// The plugin with extra environment variables (state dir, test hook).
fn sts_cmd(args: &[&str], envs: &[(&str, &Path)]) -> Command {
    let e = env();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kubectl-sts"));
    cmd.env("KUBECONFIG", &e.kubeconfig)
        .env("NO_COLOR", "1")
        .args(["--context", &e.context])
        .args(args)
        .stdin(Stdio::null());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd
}

fn tmpdir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ksts-e2e-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

async fn pvc_names(client: &Client, ns: &str) -> Vec<String> {
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

fn orphan_names(report: &Value) -> Vec<String> {
    let mut v: Vec<String> = report["orphans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

/// A pod that never gets scheduled (no node matches) and uses `claim`.
async fn pending_pod(client: &Client, ns: &str, name: &str, claim: &str) {
    let pod: Pod = from(json!({
        "metadata": {"name": name},
        "spec": {
            "nodeSelector": {"ksts.test/no-such-node": "true"},
            "containers": [{"name": "c", "image": "registry.k8s.io/pause:3.10"}],
            "volumes": [{"name": "v", "persistentVolumeClaim": {"claimName": claim}}]
        }
    }));
    Api::<Pod>::namespaced(client.clone(), ns)
        .create(&PostParams::default(), &pod)
        .await
        .expect("create pending pod");
}

async fn pod_uids(client: &Client, ns: &str, app: &str) -> BTreeMap<String, (String, String)> {
    Api::<Pod>::namespaced(client.clone(), ns)
        .list(&ListParams::default().labels(&format!("app={app}")))
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|p| {
            let owner = p
                .metadata
                .owner_references
                .iter()
                .flatten()
                .find(|r| r.controller == Some(true))
                .map(|r| r.uid.clone())
                .unwrap_or_default();
            (p.metadata.name.unwrap(), (p.metadata.uid.unwrap(), owner))
        })
        .collect()
}

fn template_sizes(s: &StatefulSet) -> Vec<String> {
    s.spec
        .volume_claim_templates
        .iter()
        .flatten()
        .map(|t| {
            t.spec
                .as_ref()
                .unwrap()
                .resources
                .as_ref()
                .unwrap()
                .requests
                .as_ref()
                .unwrap()["storage"]
                .0
                .clone()
        })
        .collect()
}

#[tokio::test]
async fn pvc_list_shows_every_claim_per_ordinal() {
    let client = client().await;
    let ns = namespace(&client, "pvc-list").await;
    let (svc, set) = web_set("web", 2, &[("data", "1Gi"), ("logs", "2Gi")]);
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "web").await;

    let r = sts_json(&["pvc", "list", "web", "-n", &ns, "-o", "json"]);
    assert_eq!(r["kind"], "PvcList");
    let claims = r["claims"].as_array().unwrap();
    let got: Vec<(i64, &str, &str, &str, &str)> = claims
        .iter()
        .map(|c| {
            (
                c["ordinal"].as_i64().unwrap(),
                c["pod"].as_str().unwrap(),
                c["claimName"].as_str().unwrap(),
                c["status"].as_str().unwrap(),
                c["capacity"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (0, "web-0", "data-web-0", "Bound", "1Gi"),
            (0, "web-0", "logs-web-0", "Bound", "2Gi"),
            (1, "web-1", "data-web-1", "Bound", "1Gi"),
            (1, "web-1", "logs-web-1", "Bound", "2Gi"),
        ]
    );
    for c in claims {
        assert_eq!(c["storageClass"], "standard");
        assert_eq!(c["accessModes"], json!(["ReadWriteOnce"]));
        assert_eq!(c["pvReclaimPolicy"], "Delete");
        assert_eq!(c["pvPhase"], "Bound");
        assert!(c["volumeName"].as_str().unwrap().starts_with("pvc-"));
    }
    let out = sts(&["pvc", "list", "web", "-n", &ns, "-o", "wide"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("ORDINAL  POD"), "{text}");
    assert!(text.contains("RWO"), "{text}");
}

#[tokio::test]
async fn pvc_orphans_after_scale_down_exactly_the_removed_ordinals() {
    let client = client().await;
    let ns = namespace(&client, "pvc-scale").await;
    let (svc, set) = web_set("web", 5, &[("data", "1Gi"), ("logs", "1Gi")]);
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "web").await;
    scale(&client, &ns, "web", 2).await;
    wait_ready(&client, &ns, "web").await;

    let r = sts_json(&["pvc", "orphans", "-n", &ns, "-o", "json"]);
    assert_eq!(
        orphan_names(&r),
        [
            "data-web-2",
            "data-web-3",
            "data-web-4",
            "logs-web-2",
            "logs-web-3",
            "logs-web-4"
        ]
    );
    let o = &r["orphans"][0];
    assert_eq!(o["reason"], "scaled-down");
    assert_eq!(o["statefulSet"], "web");
    assert_eq!(o["liveRange"], "0..1");
    assert_eq!(o["capacity"], "1Gi");
    assert_eq!(o["pvReclaimPolicy"], "Delete");
    assert_eq!(o["onDelete"], "Delete: deleting the PVC destroys the data");
    assert_eq!(o["retentionPolicy"], "whenScaled: Retain");
    assert_eq!(o["retentionWouldDelete"], false);

    // A Pending pod that references data-web-3 protects it.
    pending_pod(&client, &ns, "reader", "data-web-3").await;
    let r = sts_json(&["pvc", "orphans", "web", "-n", &ns, "-o", "json"]);
    assert_eq!(
        orphan_names(&r),
        [
            "data-web-2",
            "data-web-4",
            "logs-web-2",
            "logs-web-3",
            "logs-web-4"
        ]
    );

    // -A: one paginated LIST per kind, no per-namespace requests.
    let out = sts(&["pvc", "orphans", "-A", "-o", "json", "-v", "6"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    // Every request is a cluster-wide LIST; exactly one first page per kind
    // (more pages only when a kind has over 500 objects).
    let requests: Vec<&str> = err.lines().filter(|l| l.contains(" -> ")).collect();
    assert_eq!(request_count(&out), requests.len(), "{err}");
    assert!(
        requests
            .iter()
            .all(|l| l.starts_with("api: LIST ") && !l.contains(" -n ")),
        "{err}"
    );
    assert_eq!(
        requests.iter().filter(|l| l.contains(" page=1 ")).count(),
        4,
        "{err}"
    );
    for kind in [
        "statefulsets.apps",
        "persistentvolumeclaims",
        "pods",
        "persistentvolumes",
    ] {
        assert!(
            err.contains(&format!("api: LIST {kind} limit=500 page=1")),
            "{err}"
        );
    }
    let all: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(orphan_names(&all).contains(&"logs-web-3".to_string()));
}

#[tokio::test]
async fn pvc_orphans_of_a_deleted_set_and_delete_skips_a_claim_used_meanwhile() {
    let client = client().await;
    let ns = namespace(&client, "pvc-del").await;
    let (svc, gone) = web_set("gone", 3, &[("data", "1Gi")]);
    create_set(&client, &ns, Some(&svc), &gone).await;
    // Another claim template name: a live set with a "data" template would
    // make gone's claims possible renames (tests/e2e/orphans.rs).
    let (svc2, keep) = web_set("keep", 2, &[("logs", "1Gi")]);
    create_set(&client, &ns, Some(&svc2), &keep).await;
    wait_ready(&client, &ns, "gone").await;
    wait_ready(&client, &ns, "keep").await;
    Api::<StatefulSet>::namespaced(client.clone(), &ns)
        .delete("gone", &DeleteParams::background())
        .await
        .unwrap();
    let pods: Api<Pod> = Api::namespaced(client.clone(), &ns);
    wait_for(Duration::from_secs(60), "pods of gone deleted", || async {
        pods.list(&ListParams::default().labels("app=gone"))
            .await
            .is_ok_and(|l| l.items.is_empty())
    })
    .await;

    let r = sts_json(&["pvc", "orphans", "-n", &ns, "-o", "json"]);
    assert_eq!(
        orphan_names(&r),
        ["data-gone-0", "data-gone-1", "data-gone-2"]
    );
    for o in r["orphans"].as_array().unwrap() {
        assert_eq!(o["reason"], "statefulset-deleted");
        assert_eq!(o["statefulSet"], "gone");
        assert_eq!(o["retentionWouldDelete"], Value::Null);
    }

    // Not on a terminal and no --yes: refused, nothing deleted.
    let out = sts(&["pvc", "orphans", "-n", &ns, "--delete"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("refusing to delete 3 PVCs"),
        "{}",
        stderr(&out)
    );
    // Server dry run: validated, nothing deleted.
    let out = sts(&[
        "pvc",
        "orphans",
        "-n",
        &ns,
        "--delete",
        "--dry-run=server",
        "-o",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["delete"]["dryRun"], "server");
    assert_eq!(r["delete"]["deleted"].as_array().unwrap().len(), 3);
    let all = [
        "data-gone-0",
        "data-gone-1",
        "data-gone-2",
        "logs-keep-0",
        "logs-keep-1",
    ];
    assert_eq!(pvc_names(&client, &ns).await, all);

    // Between listing and deleting, a pod starts using data-gone-1.
    let dir = tmpdir("pause");
    let go = dir.join("go");
    let child = sts_cmd(
        &[
            "pvc", "orphans", "-n", &ns, "--delete", "--yes", "-o", "json",
        ],
        &[("KUBECTL_STS_TEST_PAUSE_BEFORE_DELETE", &go)],
    )
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    let waiting = dir.join("go.waiting");
    wait_for(Duration::from_secs(60), "the delete to pause", || async {
        waiting.exists()
    })
    .await;
    pending_pod(&client, &ns, "late-reader", "data-gone-1").await;
    std::fs::write(&go, b"").unwrap();
    let out: Output = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &r["delete"];
    assert_eq!(d["dryRun"], "none");
    assert_eq!(
        d["deleted"],
        json!([format!("{ns}/data-gone-0"), format!("{ns}/data-gone-2")])
    );
    assert_eq!(d["skipped"][0]["name"], "data-gone-1");
    assert_eq!(
        d["skipped"][0]["reason"],
        "referenced by pod late-reader (Pending)"
    );
    assert_eq!(
        pvc_names(&client, &ns).await,
        ["data-gone-1", "logs-keep-0", "logs-keep-1"]
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn pvc_resize_two_templates_recreates_the_set_and_keeps_pods() {
    let client = client().await;
    let ns = namespace(&client, "pvc-resize").await;
    let (svc, set) = web_set("web", 3, &[("data", "1Gi"), ("logs", "1Gi")]);
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "web").await;
    let sets: Api<StatefulSet> = Api::namespaced(client.clone(), &ns);
    let old_uid = sets.get("web").await.unwrap().metadata.uid.unwrap();
    let before = pod_uids(&client, &ns, "web").await;
    assert_eq!(before.len(), 3);

    let state = tmpdir("resize");
    let out = sts_cmd(
        &[
            "pvc", "resize", "web", "-n", &ns, "--size", "2Gi", "--yes", "-o", "json",
        ],
        &[("XDG_STATE_HOME", &state)],
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["resized"].as_array().unwrap().len(), 6);
    assert_eq!(
        r["plan"]["claims"][1]["claim"], "logs-web-0",
        "ordinal order, then template"
    );
    let rec = &r["recreated"];
    assert_eq!(rec["oldUid"], old_uid.as_str());
    let manifest = PathBuf::from(rec["savedManifest"].as_str().unwrap());
    assert!(
        manifest.starts_with(state.join("kubectl-sts/resize")),
        "{manifest:?}"
    );
    let saved: StatefulSet =
        serde_norway::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
    // The original, ready for `kubectl create -f`: no UID, no resourceVersion.
    assert_eq!(template_sizes(&saved), ["1Gi", "1Gi"]);
    assert_eq!(saved.metadata.uid, None);
    assert_eq!(saved.metadata.resource_version, None);

    let new = sets.get("web").await.unwrap();
    let new_uid = new.metadata.uid.clone().unwrap();
    assert_ne!(new_uid, old_uid);
    assert_eq!(rec["newUid"], new_uid.as_str());
    let sizes: Vec<String> = new
        .spec
        .volume_claim_templates
        .unwrap()
        .iter()
        .map(|t| {
            t.spec
                .as_ref()
                .unwrap()
                .resources
                .as_ref()
                .unwrap()
                .requests
                .as_ref()
                .unwrap()["storage"]
                .0
                .clone()
        })
        .collect();
    assert_eq!(sizes, ["2Gi", "2Gi"]);
    let after = pod_uids(&client, &ns, "web").await;
    for (name, (uid, _)) in &before {
        assert_eq!(&after[name].0, uid, "{name} kept its UID");
        assert_eq!(after[name].1, new_uid, "{name} adopted by the new set");
    }
    let pvcs: Api<PersistentVolumeClaim> = Api::namespaced(client.clone(), &ns);
    for c in pvcs.list(&ListParams::default()).await.unwrap().items {
        let cap = &c.status.unwrap().capacity.unwrap()["storage"].0;
        assert_eq!(cap, "2Gi", "{:?}", c.metadata.name);
    }
    let record = manifest.with_file_name(format!("{ns}_web.pending.json"));
    assert!(!record.exists(), "the record is removed once done");
    let claims = Api::<PersistentVolumeClaim>::namespaced(client.clone(), &ns);
    for c in claims.list(&ListParams::default()).await.unwrap().items {
        let marked = c
            .metadata
            .annotations
            .unwrap_or_default()
            .contains_key("kubectl-sts.io/resize-pending");
        assert!(!marked, "{:?} is still marked", c.metadata.name);
    }
    let _ = std::fs::remove_dir_all(state);
}

#[tokio::test]
async fn pvc_resize_refuses_shrink_no_expand_class_and_no_confirmation() {
    let client = client().await;
    let ns = namespace(&client, "pvc-refuse").await;
    let (svc, set) = web_set("web", 1, &[("data", "2Gi")]);
    create_set(&client, &ns, Some(&svc), &set).await;
    let (_, mut fixed) = web_set("fixed", 1, &[("data", "1Gi")]);
    fixed.spec.volume_claim_templates.as_mut().unwrap()[0]
        .spec
        .as_mut()
        .unwrap()
        .storage_class_name = Some("no-expand".into());
    create_set(&client, &ns, None, &fixed).await;
    wait_ready(&client, &ns, "web").await;
    wait_ready(&client, &ns, "fixed").await;

    let out = sts(&["pvc", "resize", "web", "-n", &ns, "--size", "1Gi", "--yes"]);
    assert_eq!(out.status.code(), Some(1));
    let e = stderr(&out);
    assert!(
        e.contains("PVC data-web-0 requests 2Gi; 1Gi would shrink it"),
        "{e}"
    );
    assert!(e.contains("nothing was changed"), "{e}");

    let out = sts(&[
        "pvc", "resize", "fixed", "-n", &ns, "--size", "5Gi", "--yes",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let e = stderr(&out);
    assert!(
        e.contains(
            "StorageClass \"no-expand\" of PVC data-fixed-0 does not allow volume expansion"
        ),
        "{e}"
    );

    let out = sts(&["pvc", "resize", "web", "-n", &ns, "--size", "3Gi"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("refusing to resize"),
        "{}",
        stderr(&out)
    );

    // A set with a pod that is not Ready is not deleted and recreated.
    let (_, mut sick) = web_set("sick", 1, &[("data", "1Gi")]);
    sick.spec
        .template
        .metadata
        .as_mut()
        .unwrap()
        .labels
        .as_mut()
        .unwrap()
        .insert("ksts.test/fault".into(), "never-ready".into());
    create_set(&client, &ns, None, &sick).await;
    let pods: Api<Pod> = Api::namespaced(client.clone(), &ns);
    wait_for(Duration::from_secs(60), "pod sick-0 running", || async {
        pods.get_opt("sick-0")
            .await
            .ok()
            .flatten()
            .is_some_and(|p| p.status.and_then(|s| s.phase).as_deref() == Some("Running"))
    })
    .await;
    let out = sts(&["pvc", "resize", "sick", "-n", &ns, "--size", "2Gi", "--yes"]);
    assert_eq!(out.status.code(), Some(1));
    let e = stderr(&out);
    assert!(
        e.contains("is not settled") && e.contains("pod sick-0 is not Ready"),
        "{e}"
    );
    assert!(e.contains("nothing was changed"), "{e}");

    // Server dry run: every write is sent with dryRun=All and accepted.
    let sets: Api<StatefulSet> = Api::namespaced(client.clone(), &ns);
    let uid = sets.get("web").await.unwrap().metadata.uid;
    let out = sts(&[
        "pvc",
        "resize",
        "web",
        "-n",
        &ns,
        "--size",
        "3Gi",
        "--dry-run=server",
        "-v",
        "6",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let e = stderr(&out);
    assert!(e.contains("PATCH persistentvolumeclaims data-web-0"), "{e}");
    assert!(e.contains("propagationPolicy=Orphan"), "{e}");
    assert!(e.contains("dryRun=All"), "{e}");
    assert_eq!(sets.get("web").await.unwrap().metadata.uid, uid);

    // Nothing changed.
    let c = Api::<PersistentVolumeClaim>::namespaced(client.clone(), &ns)
        .get("data-web-0")
        .await
        .unwrap();
    assert_eq!(
        c.spec.unwrap().resources.unwrap().requests.unwrap()["storage"].0,
        "2Gi"
    );
}

#[tokio::test]
async fn pvc_resize_rerun_recreates_a_set_deleted_by_an_interrupted_run() {
    let client = client().await;
    let ns = namespace(&client, "pvc-resume").await;
    let (svc, set) = web_set("web", 2, &[("data", "1Gi")]);
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "web").await;
    let sets: Api<StatefulSet> = Api::namespaced(client.clone(), &ns);
    let live = sets.get("web").await.unwrap();
    let old_uid = live.metadata.uid.clone().unwrap();
    let before = pod_uids(&client, &ns, "web").await;

    // The state an interrupted run leaves: manifest and record saved, the
    // set deleted with propagationPolicy=Orphan, not yet recreated.
    let state = tmpdir("resume");
    let (dir, server) = resize_record_dir(&state).await;
    let manifest = dir.join(format!("{ns}_web-20260101T000000Z.yaml"));
    std::fs::write(&manifest, serde_json::to_string(&live).unwrap()).unwrap();
    let record = json!({
        "server": server, "namespace": ns, "name": "web", "oldUid": old_uid,
        "started": "2026-01-01T00:00:00Z", "manifest": manifest,
        "templates": [{"template": "data", "from": "1Gi", "to": "3Gi"}]
    });
    let marker = dir.join(format!("{ns}_web.pending.json"));
    std::fs::write(&marker, record.to_string()).unwrap();
    sets.delete("web", &DeleteParams::orphan()).await.unwrap();
    wait_for(Duration::from_secs(60), "web deleted", || async {
        sets.get_opt("web").await.is_ok_and(|s| s.is_none())
    })
    .await;

    // Without --yes it refuses, and the set stays missing.
    let out = sts_cmd(
        &["pvc", "resize", "web", "-n", &ns, "--size", "3Gi"],
        &[("XDG_STATE_HOME", &state)],
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&manifest.display().to_string()),
        "{}",
        stderr(&out)
    );
    assert!(sets.get_opt("web").await.unwrap().is_none());

    let out = sts_cmd(
        &[
            "pvc", "resize", "web", "-n", &ns, "--size", "3Gi", "--yes", "-o", "json",
        ],
        &[("XDG_STATE_HOME", &state)],
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let new = sets.get("web").await.unwrap();
    let new_uid = new.metadata.uid.clone().unwrap();
    assert_ne!(new_uid, old_uid);
    let t = &new.spec.volume_claim_templates.unwrap()[0];
    assert_eq!(
        t.spec
            .as_ref()
            .unwrap()
            .resources
            .as_ref()
            .unwrap()
            .requests
            .as_ref()
            .unwrap()["storage"]
            .0,
        "3Gi"
    );
    let after = pod_uids(&client, &ns, "web").await;
    for (name, (uid, _)) in &before {
        assert_eq!(&after[name].0, uid, "{name} kept its UID");
        assert_eq!(after[name].1, new_uid, "{name} adopted");
    }
    assert!(!marker.exists());
    let _ = std::fs::remove_dir_all(state);
}

#[tokio::test]
async fn pvc_resize_restart_pods_finishes_offline_file_system_resizes() {
    let client = client().await;
    let ns = namespace(&client, "pvc-offline").await;
    let (svc, mut set) = web_set("db", 2, &[("data", "1Gi")]);
    for t in set.spec.volume_claim_templates.as_mut().unwrap() {
        t.spec.as_mut().unwrap().storage_class_name = Some("offline-resize".into());
    }
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "db").await;
    let before = pod_uids(&client, &ns, "db").await;

    let state = tmpdir("offline");
    let out = sts_cmd(
        &[
            "pvc",
            "resize",
            "db",
            "-n",
            &ns,
            "--size",
            "3Gi",
            "--restart-pods",
            "--yes",
            "-o",
            "json",
        ],
        &[("XDG_STATE_HOME", &state)],
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["restarted"], serde_json::json!(["db-0", "db-1"]), "{r:#}");
    assert_eq!(r["needsRestart"], serde_json::json!([]), "{r:#}");

    // Every claim reached the new size, through new pods.
    let claims: Api<PersistentVolumeClaim> = Api::namespaced(client.clone(), &ns);
    for n in 0..2 {
        let c = claims.get(&format!("data-db-{n}")).await.unwrap();
        let st = c.status.unwrap();
        assert_eq!(st.capacity.unwrap()["storage"].0, "3Gi", "data-db-{n}");
        assert!(
            st.conditions
                .unwrap_or_default()
                .iter()
                .all(|c| c.type_ != "FileSystemResizePending"),
            "data-db-{n} still waits for a restart"
        );
    }
    let after = pod_uids(&client, &ns, "db").await;
    for (pod, uid) in &before {
        assert_ne!(after.get(pod), Some(uid), "{pod} was restarted");
    }
    // The restart went through the Eviction API: the disruption reason is recorded.
    assert!(stderr(&out).contains("evicted"), "{}", stderr(&out));
}

/// In resize: a claim being deleted (held by
/// pvc-protection while its pod runs) loses its data the moment the pod
/// stops. `--restart-pods` would restart that pod; the resize must refuse
/// before anything: no claim patched, no set deleted, no pod evicted.
#[tokio::test]
async fn pvc_resize_refuses_a_terminating_claim_before_anything() {
    let client = client().await;
    let ns = namespace(&client, "pvc-term").await;
    let (svc, mut set) = web_set("db", 2, &[("data", "1Gi")]);
    for t in set.spec.volume_claim_templates.as_mut().unwrap() {
        t.spec.as_mut().unwrap().storage_class_name = Some("offline-resize".into());
    }
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "db").await;
    let sets: Api<StatefulSet> = Api::namespaced(client.clone(), &ns);
    let set_uid = sets.get("db").await.unwrap().metadata.uid;
    let before = pod_uids(&client, &ns, "db").await;
    assert_eq!(before.len(), 2);

    // `kubectl delete pvc data-db-1 --wait=false`: it stays Terminating.
    let claims: Api<PersistentVolumeClaim> = Api::namespaced(client.clone(), &ns);
    claims
        .delete("data-db-1", &DeleteParams::default())
        .await
        .unwrap();
    let c = claims.get("data-db-1").await.unwrap();
    assert!(
        c.metadata.deletion_timestamp.is_some(),
        "data-db-1 is Terminating"
    );

    let state = tmpdir("term");
    let out = sts_cmd(
        &[
            "pvc",
            "resize",
            "db",
            "-n",
            &ns,
            "--size",
            "3Gi",
            "--restart-pods",
            "--yes",
            "--timeout",
            "60s",
        ],
        &[("XDG_STATE_HOME", &state)],
    )
    .output()
    .unwrap();
    let e = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{e}");
    assert!(
        e.contains("data-db-1") && e.contains(&format!("namespace {ns}")),
        "{e}"
    );
    assert!(e.contains("being deleted"), "{e}");
    // Nothing evicted, nothing patched, the set not recreated.
    assert_eq!(pod_uids(&client, &ns, "db").await, before);
    for n in 0..2 {
        let c = claims.get(&format!("data-db-{n}")).await.unwrap();
        assert_eq!(
            c.spec.unwrap().resources.unwrap().requests.unwrap()["storage"].0,
            "1Gi",
            "data-db-{n} was not patched"
        );
    }
    assert_eq!(sets.get("db").await.unwrap().metadata.uid, set_uid);
    let _ = std::fs::remove_dir_all(state);
}

/// The data-loss check of `orphans --delete`: the data risk
/// the user confirmed is re-checked right before each delete. A claim listed
/// with a Retain volume whose PV is switched to Delete between listing and
/// deleting is skipped, not deleted with its data.
#[tokio::test]
async fn pvc_orphans_delete_skips_a_claim_whose_volume_became_reclaim_delete() {
    use k8s_openapi::api::core::v1::PersistentVolume;
    use kube::api::{Patch, PatchParams};
    let client = client().await;
    let ns = namespace(&client, "pvc-reclaim").await;
    let (svc, set) = web_set("web", 3, &[("data", "1Gi")]);
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "web").await;
    scale(&client, &ns, "web", 1).await;
    wait_ready(&client, &ns, "web").await;
    let claims: Api<PersistentVolumeClaim> = Api::namespaced(client.clone(), &ns);
    let pvs: Api<PersistentVolume> = Api::all(client.clone());
    let pv_of = |c: PersistentVolumeClaim| c.spec.unwrap().volume_name.unwrap();
    let pv1 = pv_of(claims.get("data-web-1").await.unwrap());
    let policy = |p: &str| json!({"spec": {"persistentVolumeReclaimPolicy": p}});
    for pv in [&pv1, &pv_of(claims.get("data-web-2").await.unwrap())] {
        pvs.patch(pv, &PatchParams::default(), &Patch::Merge(policy("Retain")))
            .await
            .unwrap();
    }

    let dir = tmpdir("reclaim");
    let go = dir.join("go");
    let child = sts_cmd(
        &[
            "pvc", "orphans", "web", "-n", &ns, "--delete", "--yes", "-o", "json",
        ],
        &[("KUBECTL_STS_TEST_PAUSE_BEFORE_DELETE", &go)],
    )
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    let waiting = dir.join("go.waiting");
    wait_for(Duration::from_secs(60), "the delete to pause", || async {
        waiting.exists()
    })
    .await;
    // Confirmed while both volumes were Retain; one becomes Delete now.
    pvs.patch(
        &pv1,
        &PatchParams::default(),
        &Patch::Merge(policy("Delete")),
    )
    .await
    .unwrap();
    std::fs::write(&go, b"").unwrap();
    let out: Output = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &r["delete"];
    assert_eq!(d["deleted"], json!([format!("{ns}/data-web-2")]), "{r:#}");
    assert_eq!(d["skipped"][0]["name"], "data-web-1", "{r:#}");
    let reason = d["skipped"][0]["reason"].as_str().unwrap();
    assert!(
        reason.contains(&format!(
            "{pv1} now has reclaimPolicy Delete (listed with Retain)"
        )),
        "{reason}"
    );
    assert_eq!(pvc_names(&client, &ns).await, ["data-web-0", "data-web-1"]);
    let _ = std::fs::remove_dir_all(dir);
}
