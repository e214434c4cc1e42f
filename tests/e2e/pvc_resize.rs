//! `kubectl sts pvc resize` when a run stops half-way or the storage says
//! no: the local record and the saved manifest, the claims marked on the
//! cluster while the set is gone, the printed commands (run as printed),
//! file systems waiting for a restart, and the way out of an infeasible
//! expansion.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{
    Namespace, PersistentVolume, PersistentVolumeClaim, Pod, ServiceAccount,
};
use k8s_openapi::api::storage::v1::StorageClass;
use kube::Client;
use kube::api::{Api, DeleteParams, Patch, PatchParams, PostParams};
use serde_json::{Value, json};

use crate::harness::*;

const PENDING: &str = "kubectl-sts.io/resize-pending";
const HOLD: &str = "ksts.test/hold";

/// The plugin with explicit `--kubeconfig` and `--context` and no
/// `KUBECONFIG` in its environment, so that a printed command works only
/// if it carries them too.
pub(crate) fn sts_at(state: &Path, args: &[&str]) -> Output {
    let e = env();
    let kc = e.kubeconfig.display().to_string();
    Command::new(env!("CARGO_BIN_EXE_kubectl-sts"))
        .env_remove("KUBECONFIG")
        .env("NO_COLOR", "1")
        .env("XDG_STATE_HOME", state)
        .args(["--kubeconfig", &kc, "--context", &e.context])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run kubectl-sts")
}

/// The first `kubectl sts pvc resize ...` command after `after` in `text`,
/// up to the end of its line or a ` (`.
fn printed_command(text: &str, after: &str) -> String {
    let from = text
        .find(after)
        .unwrap_or_else(|| panic!("no {after:?} in:\n{text}"));
    let rest = &text[from..];
    let start = rest
        .find("kubectl sts pvc resize")
        .unwrap_or_else(|| panic!("no command after {after:?} in:\n{text}"));
    let line = rest[start..].lines().next().unwrap();
    let end = line.find(" (").unwrap_or(line.len());
    line[..end].trim_end_matches(['.', ';', '`']).to_string()
}

/// Runs a printed `kubectl sts ...` command as is (split on spaces: the
/// tests use no value with a space), with the state dir and nothing else.
pub(crate) fn run_printed(state: &Path, cmd: &str) -> Output {
    let words: Vec<&str> = cmd.split_whitespace().collect();
    assert_eq!(&words[..2], ["kubectl", "sts"], "{cmd}");
    Command::new(env!("CARGO_BIN_EXE_kubectl-sts"))
        .env_remove("KUBECONFIG")
        .env("NO_COLOR", "1")
        .env("XDG_STATE_HOME", state)
        .args(&words[2..])
        .stdin(Stdio::null())
        .output()
        .expect("run the printed command")
}

pub(crate) fn tmpdir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ksts-e2e-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

async fn named_namespace(client: &Client, name: &str) {
    Api::<Namespace>::all(client.clone())
        .create(
            &PostParams::default(),
            &from(json!({"metadata": {"name": name}})),
        )
        .await
        .expect("create namespace");
    let sa: Api<ServiceAccount> = Api::namespaced(client.clone(), name);
    wait_for(
        Duration::from_secs(60),
        "default ServiceAccount",
        || async { sa.get_opt("default").await.ok().flatten().is_some() },
    )
    .await;
}

/// A set whose deletion is held by a finalizer of the test, so that a
/// resize stops between the delete and the create (its wait for the old
/// object to be gone times out) exactly as an interrupted run does.
pub(crate) async fn held_set(client: &Client, ns: &str, name: &str, replicas: i32) {
    let (svc, mut set) = web_set(name, replicas, &[("data", "1Gi")]);
    set.metadata.finalizers = Some(vec![HOLD.into()]);
    create_set(client, ns, Some(&svc), &set).await;
    wait_ready(client, ns, name).await;
}

/// Lets the held set go once the garbage collector has orphaned its pods
/// (its `orphan` finalizer is gone), then waits until it is gone.
pub(crate) async fn release_held(client: &Client, ns: &str, name: &str) {
    let sets: Api<StatefulSet> = Api::namespaced(client.clone(), ns);
    wait_for(Duration::from_secs(60), "pods orphaned", || async {
        sets.get_opt(name).await.ok().flatten().is_some_and(|s| {
            s.metadata.deletion_timestamp.is_some()
                && s.metadata.finalizers.unwrap_or_default() == [HOLD]
        })
    })
    .await;
    sets.patch(
        name,
        &PatchParams::default(),
        &Patch::Merge(json!({"metadata": {"finalizers": null}})),
    )
    .await
    .unwrap();
    wait_for(Duration::from_secs(60), "set gone", || async {
        sets.get_opt(name).await.is_ok_and(|s| s.is_none())
    })
    .await;
}

fn claim_annotation(c: &PersistentVolumeClaim) -> Option<String> {
    c.metadata.annotations.as_ref()?.get(PENDING).cloned()
}

fn storage(
    q: &Option<
        std::collections::BTreeMap<String, k8s_openapi::apimachinery::pkg::api::resource::Quantity>,
    >,
) -> String {
    q.as_ref()
        .and_then(|m| m.get("storage"))
        .map(|q| q.0.clone())
        .unwrap_or_default()
}

fn template_size(s: &StatefulSet) -> String {
    let t = &s.spec.volume_claim_templates.as_ref().unwrap()[0];
    storage(
        &t.spec
            .as_ref()
            .unwrap()
            .resources
            .as_ref()
            .unwrap()
            .requests,
    )
}

/// An interrupted resize leaves the set deleted: its claims say so on the
/// cluster (an orphan clean-up elsewhere keeps them, even one whose pod is
/// gone meanwhile), and the printed command, run as printed, finishes it
/// and clears the marks.
#[tokio::test]
async fn pvc_resize_interrupted_run_marks_claims_and_its_printed_command_finishes() {
    let client = client().await;
    let ns = namespace(&client, "resize-mark").await;
    held_set(&client, &ns, "db", 2).await;
    let state = tmpdir("resize-mark");

    let out = sts_at(
        &state,
        &[
            "pvc",
            "resize",
            "db",
            "-n",
            &ns,
            "--size",
            "2Gi",
            "--timeout",
            "15s",
            "--yes",
        ],
    );
    let e = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{e}");
    let cmd = printed_command(&e, "Finish with:");
    let ctx = env().context;
    let kc = env().kubeconfig.display().to_string();
    for part in [
        "kubectl sts pvc resize db",
        &format!("-n {ns}"),
        "--size 2Gi",
        &format!("--context {ctx}"),
        &format!("--kubeconfig {kc}"),
        "--timeout 15s",
    ] {
        assert!(cmd.contains(part), "{part:?} missing from {cmd:?}");
    }

    // Every claim is marked, with the set's name and the command.
    let claims: Api<PersistentVolumeClaim> = Api::namespaced(client.clone(), &ns);
    for n in 0..2 {
        let c = claims.get(&format!("data-db-{n}")).await.unwrap();
        let a = claim_annotation(&c).unwrap_or_else(|| panic!("data-db-{n} is not marked"));
        let v: Value = serde_json::from_str(&a).unwrap();
        assert_eq!(v["statefulSet"], "db", "{a}");
        assert!(v["started"].as_str().is_some(), "{a}");
    }
    release_held(&client, &ns, "db").await;

    // A pod lost while the set is gone is not recreated: its claim is
    // referenced by nothing, and the set does not exist.
    let pods: Api<Pod> = Api::namespaced(client.clone(), &ns);
    pods.delete("db-1", &DeleteParams::default().grace_period(0))
        .await
        .unwrap();
    wait_for(Duration::from_secs(60), "db-1 gone", || async {
        pods.get_opt("db-1").await.is_ok_and(|p| p.is_none())
    })
    .await;
    let out = sts(&[
        "pvc", "orphans", "-n", &ns, "--delete", "--yes", "-o", "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["orphans"], json!([]), "{r:#}");
    assert!(claims.get_opt("data-db-1").await.unwrap().is_some());

    // The printed command finishes the job.
    let out = run_printed(&state, &cmd);
    assert_eq!(out.status.code(), Some(0), "{cmd}\n{}", stderr(&out));
    let sets: Api<StatefulSet> = Api::namespaced(client.clone(), &ns);
    let new = sets.get("db").await.unwrap();
    assert_eq!(template_size(&new), "2Gi");
    wait_ready(&client, &ns, "db").await;
    for n in 0..2 {
        let c = claims.get(&format!("data-db-{n}")).await.unwrap();
        assert_eq!(claim_annotation(&c), None, "data-db-{n} still marked");
        assert_eq!(storage(&c.status.unwrap().capacity), "2Gi");
    }
    let _ = std::fs::remove_dir_all(state);
}

/// Records are keyed by cluster and by namespace and name without
/// collisions: `<ns>/q-db` and `<ns>-q/db` once shared one file, so a
/// resize of the second removed the record of the first. The saved
/// manifest is accepted by `kubectl create -f` as is.
#[tokio::test]
async fn pvc_resize_records_do_not_collide_and_the_saved_manifest_creates() {
    let client = client().await;
    let base = format!("resize-key-{}", std::process::id());
    let (ns_a, ns_b) = (base.clone(), format!("{base}-q"));
    named_namespace(&client, &ns_a).await;
    named_namespace(&client, &ns_b).await;
    held_set(&client, &ns_a, "q-db", 1).await;
    let (svc, set) = web_set("db", 1, &[("data", "1Gi")]);
    create_set(&client, &ns_b, Some(&svc), &set).await;
    wait_ready(&client, &ns_b, "db").await;
    let state = tmpdir("resize-key");

    let out = sts_at(
        &state,
        &[
            "pvc",
            "resize",
            "q-db",
            "-n",
            &ns_a,
            "--size",
            "2Gi",
            "--timeout",
            "10s",
            "--yes",
        ],
    );
    let e = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{e}");
    let manifest = e
        .lines()
        .find_map(|l| l.split_once(&format!("Saved statefulset {ns_a}/q-db to ")))
        .map(|(_, p)| PathBuf::from(p.trim()))
        .unwrap_or_else(|| panic!("no saved manifest in:\n{e}"));
    release_held(&client, &ns_a, "q-db").await;

    // `kubectl create -f` takes the saved manifest as is (the API server
    // validates it fully with a server dry run).
    let kc = env().kubeconfig;
    let created = Command::new(kubectl())
        .env("KUBECONFIG", &kc)
        .args([
            "--context",
            &env().context,
            "create",
            "--dry-run=server",
            "-o",
            "name",
            "-f",
        ])
        .arg(&manifest)
        .output()
        .unwrap();
    assert_eq!(
        created.status.code(),
        Some(0),
        "kubectl create -f {}: {}\n{}",
        manifest.display(),
        stderr(&created),
        std::fs::read_to_string(&manifest).unwrap()
    );
    assert_eq!(stdout(&created).trim(), "statefulset.apps/q-db");

    // A resize of <ns>-q/db does not see, use or remove that record.
    let out = sts_at(
        &state,
        &["pvc", "resize", "db", "-n", &ns_b, "--size", "2Gi", "--yes"],
    );
    let e = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{e}");
    assert!(!e.contains("record"), "{e}");

    // The first one still finishes from its record.
    let out = sts_at(
        &state,
        &[
            "pvc", "resize", "q-db", "-n", &ns_a, "--size", "2Gi", "--yes",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let sets: Api<StatefulSet> = Api::namespaced(client.clone(), &ns_a);
    assert_eq!(template_size(&sets.get("q-db").await.unwrap()), "2Gi");
    let _ = std::fs::remove_dir_all(state);
}

/// A class whose file systems grow only when the pod restarts: the first
/// run says what remains and how to finish (exit 1); the advised command
/// finishes it; without `--restart-pods` a re-run says what remains and
/// exits 1 instead of "Nothing to do".
#[tokio::test]
async fn pvc_resize_rerun_finishes_file_systems_waiting_for_a_restart() {
    let client = client().await;
    let ns = namespace(&client, "resize-fs").await;
    let (svc, mut set) = web_set("db", 2, &[("data", "1Gi")]);
    for t in set.spec.volume_claim_templates.as_mut().unwrap() {
        t.spec.as_mut().unwrap().storage_class_name = Some("offline-resize".into());
    }
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "db").await;
    let state = tmpdir("resize-fs");

    let out = sts_at(
        &state,
        &["pvc", "resize", "db", "-n", &ns, "--size", "2Gi", "--yes"],
    );
    let e = stderr(&out);
    assert!(e.contains("--restart-pods"), "{e}");
    assert_eq!(
        out.status.code(),
        Some(1),
        "the resize is not finished:\n{e}"
    );

    // A re-run without --restart-pods says exactly what remains.
    let out = sts_at(
        &state,
        &["pvc", "resize", "db", "-n", &ns, "--size", "2Gi", "--yes"],
    );
    let e = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{e}");
    assert!(!e.contains("Nothing to do"), "{e}");
    for part in [
        "data-db-0",
        "data-db-1",
        "db-0",
        "db-1",
        "FileSystemResizePending",
    ] {
        assert!(e.contains(part), "{part} missing:\n{e}");
    }
    let cmd = printed_command(&e, "Finish with:");
    assert!(cmd.contains("--restart-pods"), "{cmd}");

    // The advised command finishes the job, one pod at a time.
    let out = run_printed(&state, &cmd);
    assert_eq!(out.status.code(), Some(0), "{cmd}\n{}", stderr(&out));
    let claims: Api<PersistentVolumeClaim> = Api::namespaced(client.clone(), &ns);
    for n in 0..2 {
        let st = claims
            .get(&format!("data-db-{n}"))
            .await
            .unwrap()
            .status
            .unwrap();
        assert_eq!(storage(&st.capacity), "2Gi", "data-db-{n}");
        assert!(
            st.conditions
                .unwrap_or_default()
                .iter()
                .all(|c| c.type_ != "FileSystemResizePending"),
            "data-db-{n}"
        );
    }
    assert!(stderr(&out).contains("evicted"), "{}", stderr(&out));
    let _ = std::fs::remove_dir_all(state);
}

/// A request the storage cannot give (ControllerResizeInfeasible, as
/// external-resizer writes it): `status` shows the resizer's message and
/// the way out; `pvc resize` refuses the same or a larger size without
/// advising to wait, refuses a size at or below the capacity with the rule,
/// and lowers the request to a size between the two (KEP-1790), which the
/// resizer then gives.
#[tokio::test]
async fn pvc_resize_lowers_an_infeasible_request_above_capacity() {
    let client = client().await;
    let ns = namespace(&client, "resize-infeasible").await;
    let class = format!("capped-{ns}");
    let sc: StorageClass = from(json!({
        "metadata": {"name": class},
        "provisioner": "volume-sim.ksts.test",
        "reclaimPolicy": "Delete",
        "allowVolumeExpansion": true
    }));
    Api::<StorageClass>::all(client.clone())
        .create(&PostParams::default(), &sc)
        .await
        .unwrap();
    let (svc, mut set) = web_set("db", 1, &[("data", "1Gi")]);
    set.spec.volume_claim_templates.as_mut().unwrap()[0]
        .spec
        .as_mut()
        .unwrap()
        .storage_class_name = Some(class.clone());
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "db").await;

    // Take the volume away from the simulated resizer (it only resizes the
    // volumes it provisioned), ask for 5Gi, and write what external-resizer
    // writes when the storage refuses.
    let claims: Api<PersistentVolumeClaim> = Api::namespaced(client.clone(), &ns);
    let pv_name = claims
        .get("data-db-0")
        .await
        .unwrap()
        .spec
        .unwrap()
        .volume_name
        .unwrap();
    let pvs: Api<PersistentVolume> = Api::all(client.clone());
    let provisioned_by =
        |v: Value| json!({"metadata": {"annotations": {"pv.kubernetes.io/provisioned-by": v}}});
    pvs.patch(
        &pv_name,
        &PatchParams::default(),
        &Patch::Merge(provisioned_by(Value::Null)),
    )
    .await
    .unwrap();
    claims
        .patch(
            "data-db-0",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"resources": {"requests": {"storage": "5Gi"}}}})),
        )
        .await
        .unwrap();
    let message = "rpc error: code = OutOfRange desc = requested size 5Gi exceeds the pool's free space (4Gi)";
    claims
        .patch_status(
            "data-db-0",
            &PatchParams::default(),
            &Patch::Merge(json!({"status": {
                "allocatedResources": {"storage": "5Gi"},
                "allocatedResourceStatuses": {"storage": "ControllerResizeInfeasible"},
                "conditions": [{
                    "type": "ControllerResizeError", "status": "True",
                    "lastTransitionTime": "2026-11-30T00:00:00Z",
                    "message": message
                }]
            }})),
        )
        .await
        .unwrap();

    // status: the resizer's message and the way out.
    let r = sts_json(&["status", "db", "-n", &ns, "-o", "json"]);
    let problems = r.to_string();
    assert!(
        problems.contains("exceeds the pool's free space"),
        "{problems}"
    );
    assert!(problems.contains("--size"), "{problems}");

    let state = tmpdir("resize-infeasible");
    // Same size, or larger: refused, never "wait".
    for size in ["5Gi", "8Gi"] {
        let out = sts_at(
            &state,
            &["pvc", "resize", "db", "-n", &ns, "--size", size, "--yes"],
        );
        let e = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{size}: {e}");
        assert!(!e.to_lowercase().contains("wait"), "{size}: {e}");
        assert!(e.contains("exceeds the pool's free space"), "{size}: {e}");
        assert!(e.contains("strictly above its capacity 1Gi"), "{size}: {e}");
    }
    // At or below the capacity: refused with the rule.
    let out = sts_at(
        &state,
        &["pvc", "resize", "db", "-n", &ns, "--size", "1Gi", "--yes"],
    );
    let e = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{e}");
    assert!(e.contains("strictly above its capacity 1Gi"), "{e}");

    // Between the two: the request is lowered; the resizer, back in charge,
    // then gives 3Gi, and the set is recreated with 3Gi.
    let e = env();
    let kc = e.kubeconfig.display().to_string();
    let child = Command::new(env!("CARGO_BIN_EXE_kubectl-sts"))
        .env_remove("KUBECONFIG")
        .env("NO_COLOR", "1")
        .env("XDG_STATE_HOME", &state)
        .args(["--kubeconfig", &kc, "--context", &e.context])
        .args([
            "pvc",
            "resize",
            "db",
            "-n",
            &ns,
            "--size",
            "3Gi",
            "--timeout",
            "60s",
            "--yes",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let mut ok = false;
    while !ok && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let c = claims.get("data-db-0").await.unwrap();
        ok = storage(&c.spec.unwrap().resources.unwrap().requests) == "3Gi";
    }
    if !ok {
        let out = child.wait_with_output().unwrap();
        panic!("the request was not lowered to 3Gi:\n{}", stderr(&out));
    }
    pvs.patch(
        &pv_name,
        &PatchParams::default(),
        &Patch::Merge(provisioned_by(json!("volume-sim.ksts.test"))),
    )
    .await
    .unwrap();
    // Any change of the claim makes the resizer look at it again.
    claims
        .patch(
            "data-db-0",
            &PatchParams::default(),
            &Patch::Merge(json!({"metadata": {"labels": {"ksts.test/touched": "1"}}})),
        )
        .await
        .unwrap();
    let out = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap();
    let e = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{e}");
    assert!(e.contains("recover"), "the recovery is named:\n{e}");
    let c = claims.get("data-db-0").await.unwrap();
    assert_eq!(storage(&c.status.unwrap().capacity), "3Gi");
    let sets: Api<StatefulSet> = Api::namespaced(client.clone(), &ns);
    assert_eq!(template_size(&sets.get("db").await.unwrap()), "3Gi");
    let _ = Api::<StorageClass>::all(client.clone())
        .delete(&class, &DeleteParams::default())
        .await;
    let _ = std::fs::remove_dir_all(state);
}
