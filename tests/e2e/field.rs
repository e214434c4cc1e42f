//! Real cluster state: one namespace of messy, realistic objects, built once
//! and shared by every test here (they only read), and the answers each
//! read-only verb must give on it.
//!
//! What the fixture holds (namespace `field-*`, see [`build`]):
//! - `web`: 3 replicas (scaled down from 5), claim template `data` on a
//!   Retain class, an init container and a sidecar (init container with
//!   `restartPolicy: Always`), pods with extra labels (`tier`, `release`),
//!   four ControllerRevisions (three template changes);
//!   web-0 and web-1 are Ready with an old restart (`restartCount: 1`,
//!   `lastState.terminated` OOMKilled, finished long ago), web-2 has none;
//!   `data-web-0` carries an extra finalizer; `data-web-3` is an orphan left
//!   by the scale-down; `data-web-4` was deleted, its PV is Released.
//! - `owned`: 1 replica, controlled by a ConfigMap standing in for a custom
//!   resource (controller ownerReference).
//! - `scratch`: a claim of no set, being deleted, held by the snapshot
//!   controller's finalizer.

use std::time::Duration;

use k8s_openapi::api::apps::v1::{ControllerRevision, StatefulSet};
use k8s_openapi::api::core::v1::{ConfigMap, PersistentVolume, PersistentVolumeClaim};
use k8s_openapi::api::storage::v1::StorageClass;
use kube::Client;
use kube::api::{Api, DeleteParams, ListParams, Patch, PatchParams, PostParams};
use serde_json::{Value, json};
use tokio::sync::OnceCell;

use crate::harness::*;

/// The shared fixture: its namespace and the facts the tests check against.
pub struct Field {
    pub ns: String,
    /// The PV of the deleted `data-web-4`, Released (reclaim Retain).
    pub released_pv: String,
}

static FIELD: OnceCell<Field> = OnceCell::const_new();

/// The fixture, built by the first test that asks for it.
pub async fn field() -> &'static Field {
    FIELD.get_or_init(build).await
}

/// Finalizer a backup tool might put on a claim; nothing removes it.
pub const EXTRA_FINALIZER: &str = "example.com/backup-protection";
pub const SNAPSHOT_FINALIZER: &str = "snapshot.storage.kubernetes.io/pvc-as-source-protection";

/// A Retain StorageClass of volume-sim, unique to `ns` (classes are cluster-wide).
pub async fn retain_class(client: &Client, ns: &str) -> String {
    let name = format!("retain-{ns}");
    Api::<StorageClass>::all(client.clone())
        .create(
            &PostParams::default(),
            &from(json!({
                "metadata": {"name": name},
                "provisioner": "volume-sim.ksts.test",
                "reclaimPolicy": "Retain",
                "allowVolumeExpansion": true,
                "volumeBindingMode": "Immediate"
            })),
        )
        .await
        .expect("create Retain StorageClass");
    name
}

/// The pod template of the fixture's `web`: init container, sidecar, extra
/// labels, and a revision annotation that the template changes bump.
fn web_template(class: &str, replicas: i32) -> StatefulSet {
    from(json!({
        "metadata": {"name": "web", "labels": {"app": "web"}},
        "spec": {
            "serviceName": "web",
            "replicas": replicas,
            "selector": {"matchLabels": {"app": "web"}},
            "template": {
                "metadata": {
                    "labels": {"app": "web", "tier": "db", "release": "r7"},
                    "annotations": {"ksts.test/rev": "1"}
                },
                "spec": {
                    "initContainers": [
                        {"name": "init-perms", "image": "busybox:1.36"},
                        {"name": "proxy", "image": "envoy:v1.31", "restartPolicy": "Always"}
                    ],
                    "containers": [{
                        "name": "nginx",
                        "image": "registry.k8s.io/nginx-slim:0.27",
                        "volumeMounts": [{"name": "data", "mountPath": "/data"}]
                    }]
                }
            },
            "volumeClaimTemplates": [{
                "metadata": {"name": "data"},
                "spec": {
                    "accessModes": ["ReadWriteOnce"],
                    "storageClassName": class,
                    "resources": {"requests": {"storage": "1Gi"}}
                }
            }]
        }
    }))
}

async fn settled(client: &Client, ns: &str, name: &str) {
    let sets: Api<StatefulSet> = Api::namespaced(client.clone(), ns);
    wait_for(
        Duration::from_secs(60),
        &format!("statefulset {ns}/{name} observed"),
        || async {
            sets.get(name).await.ok().is_some_and(|s| {
                let st = s.status.unwrap_or_default();
                st.observed_generation == s.metadata.generation && st.update_revision.is_some()
            })
        },
    )
    .await;
}

async fn pv_of(client: &Client, ns: &str, claim: &str) -> String {
    Api::<PersistentVolumeClaim>::namespaced(client.clone(), ns)
        .get(claim)
        .await
        .expect("get claim")
        .spec
        .and_then(|s| s.volume_name)
        .unwrap_or_else(|| panic!("claim {claim} has no volume"))
}

async fn pv_phase(client: &Client, pv: &str) -> Option<String> {
    Api::<PersistentVolume>::all(client.clone())
        .get_opt(pv)
        .await
        .ok()
        .flatten()
        .and_then(|v| v.status?.phase)
}

async fn add_finalizer(client: &Client, ns: &str, claim: &str, f: &str) {
    // The PV controller and volume-sim write a new claim too: a 409 is
    // re-read and re-patched.
    let api: Api<PersistentVolumeClaim> = Api::namespaced(client.clone(), ns);
    for _ in 0..10 {
        let c = api.get(claim).await.expect("get claim");
        let mut fs = c.metadata.finalizers.unwrap_or_default();
        fs.push(f.into());
        let body =
            json!({"metadata": {"finalizers": fs, "resourceVersion": c.metadata.resource_version}});
        match api
            .patch(claim, &PatchParams::default(), &Patch::Merge(body))
            .await
        {
            Ok(_) => return,
            Err(kube::Error::Api(s)) if s.code == 409 => continue,
            Err(e) => panic!("add finalizer: {e}"),
        }
    }
    panic!("add finalizer: 10 conflicts in a row on claim {claim}");
}

async fn build() -> Field {
    let client = client().await;
    let ns = namespace(&client, "field").await;
    let class = retain_class(&client, &ns).await;
    let sets: Api<StatefulSet> = Api::namespaced(client.clone(), &ns);
    let claims: Api<PersistentVolumeClaim> = Api::namespaced(client.clone(), &ns);

    // web: three template changes while it has no pods (each a new
    // ControllerRevision, no rollout to wait for), then 5 pods, then 3.
    let (svc, _) = web_set("web", 0, &[]);
    create_set(&client, &ns, Some(&svc), &web_template(&class, 0)).await;
    settled(&client, &ns, "web").await;
    for rev in 2..=4 {
        sets.patch(
            "web",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"template": {"metadata": {"annotations": {"ksts.test/rev": rev.to_string()}}}}})),
        )
        .await
        .expect("change web's template");
        settled(&client, &ns, "web").await;
    }
    scale(&client, &ns, "web", 5).await;
    wait_ready(&client, &ns, "web").await;
    scale(&client, &ns, "web", 3).await;
    wait_ready(&client, &ns, "web").await;

    // An earlier delete: data-web-4 gone, its Retain PV Released.
    let released_pv = pv_of(&client, &ns, "data-web-4").await;
    claims
        .delete("data-web-4", &DeleteParams::default())
        .await
        .expect("delete data-web-4");
    wait_for(
        Duration::from_secs(60),
        "the PV of data-web-4 Released",
        || async { pv_phase(&client, &released_pv).await.as_deref() == Some("Released") },
    )
    .await;

    for pod in ["web-0", "web-1"] {
        old_restart(&client, &ns, pod).await;
    }
    add_finalizer(&client, &ns, "data-web-0", EXTRA_FINALIZER).await;

    // owned: controlled by another object (a ConfigMap standing in for a
    // database operator's custom resource).
    let owner = Api::<ConfigMap>::namespaced(client.clone(), &ns)
        .create(
            &PostParams::default(),
            &from(json!({"metadata": {"name": "db-cluster"}, "data": {"kind": "PostgresCluster"}})),
        )
        .await
        .expect("create owner ConfigMap");
    let (svc, mut owned) = web_set("owned", 1, &[]);
    owned.metadata.owner_references = Some(vec![from(json!({
        "apiVersion": "v1", "kind": "ConfigMap", "name": "db-cluster",
        "uid": owner.metadata.uid, "controller": true, "blockOwnerDeletion": true
    }))]);
    create_set(&client, &ns, Some(&svc), &owned).await;
    wait_ready(&client, &ns, "owned").await;

    // scratch: a claim of no set, being deleted, held by a snapshot.
    claims
        .create(
            &PostParams::default(),
            &from(json!({
                "metadata": {"name": "scratch"},
                "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": class,
                         "resources": {"requests": {"storage": "1Gi"}}}
            })),
        )
        .await
        .expect("create scratch claim");
    wait_for(Duration::from_secs(60), "scratch Bound", || async {
        claims
            .get("scratch")
            .await
            .ok()
            .and_then(|c| c.status?.phase)
            .as_deref()
            == Some("Bound")
    })
    .await;
    add_finalizer(&client, &ns, "scratch", SNAPSHOT_FINALIZER).await;
    claims
        .delete("scratch", &DeleteParams::default())
        .await
        .expect("delete scratch");

    Field { ns, released_pv }
}

fn set_of<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["statefulSets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no statefulset {name} in {report}"))
}

#[tokio::test]
async fn field_fixture_is_what_it_claims() {
    let f = field().await;
    let client = client().await;
    let revs = Api::<ControllerRevision>::namespaced(client.clone(), &f.ns)
        .list(&ListParams::default().labels("app=web"))
        .await
        .unwrap();
    assert_eq!(revs.items.len(), 4, "web has four ControllerRevisions");
    let pod: k8s_openapi::api::core::v1::Pod = Api::namespaced(client.clone(), &f.ns)
        .get("web-1")
        .await
        .unwrap();
    let st = pod.status.unwrap();
    let c = &st.container_statuses.unwrap()[0];
    assert_eq!(c.restart_count, 1, "kwok kept the old restart");
    assert!(c.ready);
    let sidecar = st
        .init_container_statuses
        .unwrap()
        .into_iter()
        .find(|c| c.name == "proxy")
        .unwrap();
    assert_eq!(sidecar.restart_count, 1);
    assert_eq!(
        pv_phase(&client, &f.released_pv).await.as_deref(),
        Some("Released")
    );
    let scratch = Api::<PersistentVolumeClaim>::namespaced(client.clone(), &f.ns)
        .get("scratch")
        .await
        .unwrap();
    assert!(scratch.metadata.deletion_timestamp.is_some());
}

/// `status` on the fixture: both sets healthy, exit 0; old restarts are
/// shown as a count, never as a problem; the only findings are the leftover
/// claim of the scale-down and the Released volume of the claim deleted
/// earlier (its data is still there), as information.
#[tokio::test]
async fn field_status_shows_old_restarts_as_history_not_failure() {
    let f = field().await;
    let out = sts(&["status", "-n", &f.ns]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}\n{}", stderr(&out));
    assert!(!text.to_lowercase().contains("failing"), "{text}");
    assert!(!text.contains("CrashLoop"), "{text}");

    let report = sts_json(&["status", "-n", &f.ns, "-o", "json"]);
    let web = set_of(&report, "web");
    assert_eq!(web["replicas"]["ready"], 3, "{web}");
    let codes: Vec<(&str, &str)> = web["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["code"].as_str().unwrap(), p["object"].as_str().unwrap()))
        .collect();
    let released = format!("pv/{}", f.released_pv);
    assert_eq!(
        codes,
        [
            ("LeftoverPvc", "pvc/data-web-3"),
            ("PreviousVolumeReleased", released.as_str())
        ],
        "old restarts, the sidecar, extra labels and finalizers are no problem: {web}"
    );
    assert_eq!(web["problems"][0]["severity"], "info");
    assert_eq!(web["problems"][1]["severity"], "info");
    let restarts: Vec<i64> = web["ordinals"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["live"] == true)
        .map(|o| o["pod"]["restarts"].as_i64().unwrap())
        .collect();
    assert_eq!(restarts, [1, 1, 0], "old restarts shown as information");
    let owned = set_of(&report, "owned");
    assert_eq!(owned["replicas"]["ready"], 1);
    assert_eq!(owned["problems"], json!([]), "{owned}");
}

/// `rollout status` of a fully rolled-out set whose
/// pods restarted once, long ago, is complete (exit 0), not failing.
#[tokio::test]
async fn field_rollout_status_is_complete_despite_old_restarts() {
    let f = field().await;
    let out = sts(&["rollout", "status", "web", "-n", &f.ns, "--timeout", "20s"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}\n{}", stderr(&out));
    assert!(text.contains("rollout complete"), "{text}");
    assert!(!text.contains("failing"), "{text}");
    assert!(!stderr(&out).contains("failing"), "{}", stderr(&out));
}

/// `rollout history` lists the four revisions of the three template changes.
#[tokio::test]
async fn field_rollout_history_lists_every_revision() {
    let f = field().await;
    let out = sts(&["rollout", "history", "web", "-n", &f.ns]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}\n{}", stderr(&out));
    let rows: Vec<&str> = text
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert_eq!(rows.len(), 4, "{text}");
    assert!(rows[3].contains("current,update"), "{text}");
    assert!(rows[3].contains("web-0,web-1,web-2"), "{text}");
}

/// `recover`: nothing to recover on healthy pods with old restarts, in the
/// set or across the namespace (the owned set and the stray claim included).
#[tokio::test]
async fn field_recover_finds_nothing_in_old_restarts() {
    let f = field().await;
    for args in [
        vec!["recover", "web", "-n", f.ns.as_str()],
        vec!["recover", "-n", f.ns.as_str()],
    ] {
        let out = sts(&args);
        let text = stdout(&out);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}\n{text}\n{}",
            stderr(&out)
        );
        assert!(text.contains("No problems found"), "{args:?}\n{text}");
    }
}

/// `pvc list`: every claim of `web` by ordinal, the leftover one marked not
/// live, with the Retain policy of its PV; not the stray claim of no set.
/// Ordinal 4's claim is gone, but its Released volume still holds data: it
/// is shown there as the claim's previous volume.
#[tokio::test]
async fn field_pvc_list_shows_live_and_leftover_claims() {
    let f = field().await;
    let report = sts_json(&["pvc", "list", "web", "-n", &f.ns, "-o", "json"]);
    let rows: Vec<(i64, bool, &str, &str, &str)> = report["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["ordinal"].as_i64().unwrap(),
                c["live"].as_bool().unwrap(),
                c["claimName"].as_str().unwrap(),
                c["status"].as_str().unwrap(),
                c["pvReclaimPolicy"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (0, true, "data-web-0", "Bound", "Retain"),
            (1, true, "data-web-1", "Bound", "Retain"),
            (2, true, "data-web-2", "Bound", "Retain"),
            (3, false, "data-web-3", "Bound", "Retain"),
            (4, false, "data-web-4", "Missing", "-"),
        ],
        "{report}"
    );
    let prev = &report["claims"][4]["previousVolumes"][0];
    assert_eq!(prev["name"], f.released_pv.as_str(), "{report}");
    assert_eq!(prev["reclaimPolicy"], "Retain", "{report}");
}

/// `pvc orphans`: only the claim the scale-down left; not the live claims
/// (one with an extra finalizer), not the stray claim being deleted, not
/// the Released PV of the claim deleted earlier.
#[tokio::test]
async fn field_pvc_orphans_finds_only_the_scaled_down_claim() {
    let f = field().await;
    let report = sts_json(&["pvc", "orphans", "-n", &f.ns, "-o", "json"]);
    let orphans = report["orphans"].as_array().unwrap();
    let names: Vec<&str> = orphans
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["data-web-3"], "{report}");
    assert_eq!(orphans[0]["reason"], "scaled-down");
    assert_eq!(orphans[0]["pvReclaimPolicy"], "Retain");
    assert!(!report.to_string().contains(&f.released_pv), "{report}");
}
