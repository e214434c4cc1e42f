//! Volume snapshots on the real snapshot-controller, with volume-sim
//! playing the CSI snapshotter and provisioning claims from snapshots
//! (tests/cluster/README.md): `pvc snapshot`, `pvc snapshots`, `--snapshot`
//! stopping an operation before its first write, and `pvc restore` of one
//! ordinal with the other pods untouched, refused for a wrong snapshot, and
//! resumed after an interruption.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;
use std::time::Duration;

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{PersistentVolume, PersistentVolumeClaim, Pod};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use kube::Client;
use kube::api::{Api, ListParams, Patch, PatchParams};
use serde_json::{Value, json};

use crate::harness::*;
use crate::pvc_resize::{held_set, release_held, run_printed, sts_at, tmpdir};

const FAIL_LABEL: &str = "ksts.test/snapshot-fail";
const RESTORED_FROM: &str = "ksts.test/restored-from";

async fn pod_uids(client: &Client, ns: &str, set: &str) -> BTreeMap<String, String> {
    Api::<Pod>::namespaced(client.clone(), ns)
        .list(&ListParams::default().labels(&format!("app={set}")))
        .await
        .unwrap()
        .items
        .into_iter()
        .filter_map(|p| Some((p.metadata.name?, p.metadata.uid?)))
        .collect()
}

async fn ready_set(client: &Client, ns: &str, name: &str, replicas: i32, parallel: bool) {
    let (svc, mut set) = web_set(name, replicas, &[("data", "1Gi")]);
    if parallel {
        set.spec.pod_management_policy = Some("Parallel".into());
    }
    create_set(client, ns, Some(&svc), &set).await;
    wait_ready(client, ns, name).await;
}

/// Runs `pvc restore ARGS`, which must refuse (exit 1) saying `want`.
fn refused_restore(args: &[&str], want: &str) {
    let out = sts(&[&["pvc", "restore"], args].concat());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains(want), "{}", stderr(&out));
}

/// Takes a snapshot of `claim`'s ordinal and returns its name, ready.
fn snapshot_of(ns: &str, set: &str, ordinal: i32) -> String {
    let r = sts_json(&[
        "pvc",
        "snapshot",
        set,
        "-n",
        ns,
        "--ordinal",
        &ordinal.to_string(),
        "--wait",
        "--timeout",
        "60s",
        "-o",
        "json",
    ]);
    assert_eq!(r["snapshots"][0]["ready"], true, "{r:#}");
    r["snapshots"][0]["name"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn snapshot_every_ordinal_waits_until_ready_and_lists_them() {
    let client = client().await;
    let ns = namespace(&client, "snap-all").await;
    ready_set(&client, &ns, "web", 3, false).await;

    let r = sts_json(&["pvc", "snapshot", "web", "-n", &ns, "--wait", "-o", "json"]);
    let snaps = r["snapshots"].as_array().unwrap();
    assert_eq!(snaps.len(), 3, "{r:#}");
    for (o, s) in snaps.iter().enumerate() {
        assert_eq!(s["claim"], format!("data-web-{o}"), "{r:#}");
        assert_eq!(s["ready"], true, "{r:#}");
        assert_eq!(s["class"], "standard", "{r:#}");
        assert!(
            s["name"]
                .as_str()
                .unwrap()
                .starts_with(&format!("data-web-{o}-")),
            "{r:#}"
        );
    }

    let list = sts_json(&["pvc", "snapshots", "web", "-n", &ns, "-o", "json"]);
    let rows = list["snapshots"].as_array().unwrap();
    assert_eq!(rows.len(), 3, "{list:#}");
    for (o, row) in rows.iter().enumerate() {
        assert_eq!(row["ordinal"], o as i64, "{list:#}");
        assert_eq!(row["template"], "data");
        assert_eq!(row["ready"], "true");
        assert_eq!(row["size"], "1Gi");
        assert_eq!(row["deletionPolicy"], "Delete");
        assert_eq!(row["reason"], "manual");
    }
    let table = sts(&["pvc", "snapshots", "web", "-n", &ns]);
    assert!(
        stdout(&table).contains("DELETION POLICY"),
        "{}",
        stdout(&table)
    );

    // --snapshot before a restart: only the claim of the pod that restarts.
    let before = pod_uids(&client, &ns, "web").await;
    let out = sts(&[
        "restart",
        "web",
        "-n",
        &ns,
        "--pod",
        "web-2",
        "--snapshot",
        "--yes",
        "--timeout",
        "2m",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let after = pod_uids(&client, &ns, "web").await;
    assert_ne!(before["web-2"], after["web-2"]);
    let list = sts_json(&["pvc", "snapshots", "web", "-n", &ns, "-o", "json"]);
    let by_restart: Vec<&Value> = list["snapshots"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["reason"] == "restart")
        .collect();
    assert_eq!(by_restart.len(), 1, "{list:#}");
    assert_eq!(by_restart[0]["sourceClaim"], "data-web-2");
    assert_eq!(by_restart[0]["ready"], "true");
}

#[tokio::test]
async fn a_failed_snapshot_stops_a_resize_before_any_claim_changed() {
    let client = client().await;
    let ns = namespace(&client, "snap-fail").await;
    ready_set(&client, &ns, "web", 3, false).await;
    let claims: Api<PersistentVolumeClaim> = Api::namespaced(client.clone(), &ns);
    claims
        .patch(
            "data-web-1",
            &PatchParams::default(),
            &Patch::Merge(json!({"metadata": {"labels": {FAIL_LABEL: "true"}}})),
        )
        .await
        .unwrap();
    let set_uid = Api::<StatefulSet>::namespaced(client.clone(), &ns)
        .get("web")
        .await
        .unwrap()
        .metadata
        .uid;

    let out = sts(&[
        "pvc",
        "resize",
        "web",
        "-n",
        &ns,
        "--size",
        "2Gi",
        "--snapshot",
        "--yes",
    ]);
    let e = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{e}");
    assert!(e.contains("of claim data-web-1 failed"), "{e}");
    assert!(e.contains("no pod or claim was changed"), "{e}");
    for o in 0..3 {
        let c = claims.get(&format!("data-web-{o}")).await.unwrap();
        let req = &c.spec.unwrap().resources.unwrap().requests.unwrap()["storage"].0;
        assert_eq!(req, "1Gi", "data-web-{o} was patched");
    }
    let set = Api::<StatefulSet>::namespaced(client.clone(), &ns)
        .get("web")
        .await
        .unwrap();
    assert_eq!(set.metadata.uid, set_uid, "the set was recreated");

    // `pvc snapshot` reports the failure per claim, exit 1.
    let out = sts(&[
        "pvc",
        "snapshot",
        "web",
        "-n",
        &ns,
        "--ordinal",
        "1",
        "--wait",
        "--timeout",
        "60s",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("(data-web-1)"), "{}", stderr(&out));

    // A failed snapshot cannot restore anything.
    let list = sts_json(&["pvc", "snapshots", "web", "-n", &ns, "-o", "json"]);
    let failed: Vec<&Value> = list["snapshots"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ready"].as_str().unwrap().starts_with("error:"))
        .collect();
    assert!(
        failed.len() == 2 && failed.iter().all(|r| r["sourceClaim"] == "data-web-1"),
        "{list:#}"
    );
    let failed = failed[0]["name"].as_str().unwrap().to_string();
    refused_restore(
        &[
            "web",
            "-n",
            &ns,
            "--ordinal",
            "1",
            "--from",
            &failed,
            "--yes",
        ],
        "failed and cannot be restored",
    );
}

#[tokio::test]
async fn snapshot_is_refused_without_a_class_for_the_driver() {
    let client = client().await;
    let ns = namespace(&client, "snap-noclass").await;
    let (svc, mut set) = web_set("web", 1, &[("data", "1Gi")]);
    for t in set.spec.volume_claim_templates.iter_mut().flatten() {
        t.spec.as_mut().unwrap().storage_class_name = Some("offline-resize".into());
    }
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "web").await;
    let out = sts(&["pvc", "snapshot", "web", "-n", &ns, "--wait"]);
    let e = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{e}");
    assert!(
        e.contains("no VolumeSnapshotClass is for CSI driver"),
        "{e}"
    );
    assert!(e.contains("data-web-0"), "{e}");
    let list = sts_json(&["pvc", "snapshots", "web", "-n", &ns, "-o", "json"]);
    assert_eq!(list["snapshots"], json!([]), "{list:#}");
}

/// Restores ordinal 1 of a 3-replica set and checks what the issue of a
/// hand-made restore gets wrong: the other pods untouched, the pod back on
/// a claim provisioned from that very snapshot, the old volume kept.
async fn restore_ordinal_1(parallel: bool, tag: &str) {
    let client = client().await;
    let ns = namespace(&client, tag).await;
    ready_set(&client, &ns, "web", 3, parallel).await;
    // The budget doctor recommends: with the pods orphaned it would allow
    // no eviction at all, so the pod must go while the set is alive.
    Api::<PodDisruptionBudget>::namespaced(client.clone(), &ns)
        .create(
            &Default::default(),
            &from(json!({
                "metadata": {"name": "web"},
                "spec": {"maxUnavailable": 1, "selector": {"matchLabels": {"app": "web"}}}
            })),
        )
        .await
        .unwrap();
    let snap = snapshot_of(&ns, "web", 1);
    let claims: Api<PersistentVolumeClaim> = Api::namespaced(client.clone(), &ns);
    let old = claims.get("data-web-1").await.unwrap();
    let old_pv = old.spec.as_ref().unwrap().volume_name.clone().unwrap();
    let before = pod_uids(&client, &ns, "web").await;
    let state = tmpdir(tag);

    // A dry run writes nothing.
    let out = restore(&state, "web", &ns, &snap, &["--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("Restore plan"), "{}", stdout(&out));
    assert_eq!(
        claims.get("data-web-1").await.unwrap().metadata.uid,
        old.metadata.uid
    );

    let out = restore(&state, "web", &ns, &snap, &["--yes", "--timeout", "2m"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    check_restored(&client, &ns, &snap, &old, &old_pv, &before).await;

    // The same command again (was it done?) changes nothing.
    let done = pod_uids(&client, &ns, "web").await;
    let out = restore(&state, "web", &ns, &snap, &["--yes"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("already restored"),
        "{}",
        stderr(&out)
    );
    assert_eq!(pod_uids(&client, &ns, "web").await, done);
    let _ = std::fs::remove_dir_all(state);
}

async fn check_restored(
    client: &Client,
    ns: &str,
    snap: &str,
    old: &PersistentVolumeClaim,
    old_pv: &str,
    before: &BTreeMap<String, String>,
) {
    wait_ready(client, ns, "web").await;
    let after = pod_uids(client, ns, "web").await;
    assert_eq!(after["web-0"], before["web-0"], "web-0 was restarted");
    assert_eq!(after["web-2"], before["web-2"], "web-2 was restarted");
    assert_ne!(after["web-1"], before["web-1"], "web-1 was not recreated");

    let claims: Api<PersistentVolumeClaim> = Api::namespaced(client.clone(), ns);
    let new = claims.get("data-web-1").await.unwrap();
    assert_ne!(new.metadata.uid, old.metadata.uid);
    let ds = new.spec.as_ref().unwrap().data_source.clone().unwrap();
    assert_eq!(
        (ds.kind.as_str(), ds.name.as_str()),
        ("VolumeSnapshot", snap)
    );
    let new_pv = new.spec.as_ref().unwrap().volume_name.clone().unwrap();
    let pvs: Api<PersistentVolume> = Api::all(client.clone());
    let pv = pvs.get(&new_pv).await.unwrap();
    assert_eq!(
        pv.metadata
            .annotations
            .unwrap_or_default()
            .get(RESTORED_FROM),
        Some(&format!("{ns}/{snap}")),
        "the restored volume must come from the snapshot"
    );
    let pod: Pod = Api::namespaced(client.clone(), ns)
        .get("web-1")
        .await
        .unwrap();
    let mounts: Vec<String> = pod
        .spec
        .unwrap()
        .volumes
        .unwrap_or_default()
        .into_iter()
        .filter_map(|v| Some(v.persistent_volume_claim?.claim_name))
        .collect();
    assert_eq!(mounts, ["data-web-1"]);

    // The old volume is kept, Retain, under a claim of its own.
    let old_volume = pvs.get(old_pv).await.unwrap();
    let spec = old_volume.spec.unwrap();
    assert_eq!(
        spec.persistent_volume_reclaim_policy.as_deref(),
        Some("Retain")
    );
    let keeper = spec.claim_ref.unwrap().name.unwrap();
    assert!(keeper.starts_with("data-web-1-before-restore-"), "{keeper}");
    wait_for(Duration::from_secs(60), "kept claim Bound", || async {
        claims
            .get_opt(&keeper)
            .await
            .ok()
            .flatten()
            .and_then(|c| c.status?.phase)
            .as_deref()
            == Some("Bound")
    })
    .await;
    // The set adopted its pods again and its claim is not marked any more.
    let set = Api::<StatefulSet>::namespaced(client.clone(), ns)
        .get("web")
        .await
        .unwrap();
    assert!(set.metadata.uid.is_some());
    for c in claims.list(&ListParams::default()).await.unwrap().items {
        let marked = c
            .metadata
            .annotations
            .unwrap_or_default()
            .contains_key("kubectl-sts.io/resize-pending");
        assert!(!marked, "{:?} still marked", c.metadata.name);
    }
}

#[tokio::test]
async fn restore_one_ordinal_of_an_ordered_set_keeps_the_others_and_the_old_volume() {
    restore_ordinal_1(false, "restore-ordered").await;
}

#[tokio::test]
async fn restore_one_ordinal_of_a_parallel_set_keeps_the_others_and_the_old_volume() {
    restore_ordinal_1(true, "restore-parallel").await;
}

#[tokio::test]
async fn restore_is_refused_for_a_snapshot_of_another_set_or_template() {
    let client = client().await;
    let ns = namespace(&client, "restore-refuse").await;
    ready_set(&client, &ns, "web", 2, true).await;
    let (svc, db) = web_set("db", 1, &[("data", "1Gi"), ("wal", "1Gi")]);
    create_set(&client, &ns, Some(&svc), &db).await;
    wait_ready(&client, &ns, "db").await;
    let of_db = snapshot_of(&ns, "db", 0);
    let before = pod_uids(&client, &ns, "web").await;

    refused_restore(
        &[
            "web",
            "-n",
            &ns,
            "--ordinal",
            "1",
            "--from",
            &of_db,
            "--yes",
        ],
        "not a claim of statefulset web",
    );
    // Another template of the same set.
    let data_0 = sts_json(&["pvc", "snapshots", "db", "-n", &ns, "-o", "json"])["snapshots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["template"] == "data")
        .unwrap()["name"]
        .as_str()
        .unwrap()
        .to_string();
    refused_restore(
        &[
            "db",
            "-n",
            &ns,
            "--ordinal",
            "0",
            "--template",
            "wal",
            "--from",
            &data_0,
            "--yes",
        ],
        "not of template \"wal\"",
    );
    assert_eq!(pod_uids(&client, &ns, "web").await, before);
}

/// An interrupted restore (here: the set's deletion held by a finalizer, so
/// the wait for it to be gone times out) prints the command that finishes
/// it; run as printed, it does.
#[tokio::test]
async fn an_interrupted_restore_resumes_from_its_record() {
    let client = client().await;
    let ns = namespace(&client, "restore-resume").await;
    held_set(&client, &ns, "db", 3).await;
    let snap = snapshot_of(&ns, "db", 1);
    let before = pod_uids(&client, &ns, "db").await;
    let state = tmpdir("restore-resume");

    let out = restore(&state, "db", &ns, &snap, &["--yes", "--timeout", "15s"]);
    let e = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{e}");
    let from = e.find("finish it with: ").unwrap_or_else(|| panic!("{e}")) + 16;
    let cmd = e[from..].lines().next().unwrap().trim().to_string();
    assert!(cmd.starts_with("kubectl sts pvc restore db"), "{cmd}");
    // The other pods run on; db-1 is gone and not recreated, because its
    // claim is held terminating by the restore's finalizer while the set
    // is still there.
    let now = pod_uids(&client, &ns, "db").await;
    assert_eq!(now.get("db-0"), before.get("db-0"));
    assert_eq!(now.get("db-2"), before.get("db-2"));
    assert!(!now.contains_key("db-1"), "db-1 was recreated: {now:?}");
    let held = Api::<PersistentVolumeClaim>::namespaced(client.clone(), &ns)
        .get("data-db-1")
        .await
        .unwrap();
    assert!(held.metadata.deletion_timestamp.is_some());
    assert!(
        held.metadata
            .finalizers
            .unwrap_or_default()
            .contains(&"kubectl-sts.io/restore-hold".to_string())
    );

    release_held(&client, &ns, "db").await;
    // Meanwhile the set is gone: status says why, and how to finish.
    let out = sts(&["status", "db", "-n", &ns]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("a resize or restore of statefulset db is in progress")
            && stderr(&out).contains("kubectl sts pvc restore db"),
        "{}",
        stderr(&out)
    );
    let out = run_printed(&state, &cmd);
    assert_eq!(out.status.code(), Some(0), "{cmd}\n{}", stderr(&out));
    assert!(stderr(&out).contains("resuming it"), "{}", stderr(&out));
    wait_ready(&client, &ns, "db").await;
    let after = pod_uids(&client, &ns, "db").await;
    assert_eq!(after["db-0"], before["db-0"]);
    assert_eq!(after["db-2"], before["db-2"]);
    assert_ne!(after["db-1"], before["db-1"]);
    let c = Api::<PersistentVolumeClaim>::namespaced(client.clone(), &ns)
        .get("data-db-1")
        .await
        .unwrap();
    assert_eq!(c.spec.unwrap().data_source.unwrap().name, snap);
    let _ = std::fs::remove_dir_all(state);
}

/// A snapshot that is not ready yet (a class whose simulated storage takes
/// an hour to cut it) restores nothing, and the set is untouched.
#[tokio::test]
async fn restore_is_refused_for_a_snapshot_that_is_not_ready() {
    let client = client().await;
    let ns = namespace(&client, "restore-notready").await;
    ready_set(&client, &ns, "web", 2, true).await;
    let class = format!("slow-{ns}");
    let classes: Api<kube::api::DynamicObject> = Api::all_with(
        client.clone(),
        &kube::api::ApiResource {
            group: "snapshot.storage.k8s.io".into(),
            version: "v1".into(),
            api_version: "snapshot.storage.k8s.io/v1".into(),
            kind: "VolumeSnapshotClass".into(),
            plural: "volumesnapshotclasses".into(),
        },
    );
    classes
        .create(
            &Default::default(),
            &from(json!({
                "apiVersion": "snapshot.storage.k8s.io/v1",
                "kind": "VolumeSnapshotClass",
                "metadata": {"name": class},
                "driver": "volume-sim.ksts.test",
                "deletionPolicy": "Delete",
                "parameters": {"readyDelay": "1h"}
            })),
        )
        .await
        .unwrap();
    let r = sts_json(&[
        "pvc",
        "snapshot",
        "web",
        "-n",
        &ns,
        "--ordinal",
        "1",
        "--class",
        &class,
        "-o",
        "json",
    ]);
    let snap = r["snapshots"][0]["name"].as_str().unwrap().to_string();
    let before = pod_uids(&client, &ns, "web").await;
    refused_restore(
        &["web", "-n", &ns, "--ordinal", "1", "--from", &snap, "--yes"],
        "is not ready to use",
    );
    let _ = classes.delete(&class, &Default::default()).await;
    assert_eq!(pod_uids(&client, &ns, "web").await, before);
}

/// `kubectl sts pvc restore SET -n NS --ordinal 1 --from SNAP EXTRA...`
/// with the operation records under `state`.
fn restore(state: &Path, set: &str, ns: &str, snap: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "pvc",
        "restore",
        set,
        "-n",
        ns,
        "--ordinal",
        "1",
        "--from",
        snap,
    ];
    args.extend_from_slice(extra);
    sts_at(state, &args)
}
