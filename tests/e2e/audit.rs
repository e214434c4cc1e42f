//! What kubectl-sts sends, as the API server's audit log records it (an
//! observer independent of our code, `audit_log`): a dry run, client or
//! server, sends no write without dryRun=All, also when a record of an
//! earlier run is on the set or a pod is stuck; a real run guards every
//! write (Preconditions on deletes and evictions, the resourceVersion on
//! patches and updates).

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::coordination::v1::Lease;
use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, DeleteParams, Patch, PatchParams, PostParams};
use serde_json::json;

use crate::audit_log::{Span, Write, assert_all_dry_run, assert_all_guarded};
use crate::harness::*;

/// Runs the plugin with its state (resize records) in `state`, no stdin.
fn run(args: &[&str], state: &PathBuf) -> Output {
    let e = env();
    Command::new(env!("CARGO_BIN_EXE_kubectl-sts"))
        .env("KUBECONFIG", &e.kubeconfig)
        .env("NO_COLOR", "1")
        .env("XDG_STATE_HOME", state)
        .args(["--context", &e.context])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run kubectl-sts")
}

/// One test's namespace, client and plugin state dir.
struct T {
    client: kube::Client,
    ns: String,
    state: PathBuf,
}

impl T {
    async fn new(prefix: &str) -> T {
        let client = client().await;
        let ns = namespace(&client, prefix).await;
        let state = std::env::temp_dir().join(format!("ksts-e2e-{ns}"));
        std::fs::create_dir_all(&state).unwrap();
        T { client, ns, state }
    }

    /// Runs `kubectl sts ARGS -n NS` and returns its output and the writes
    /// the audit log saw it send.
    async fn observed(&self, args: &[&str]) -> (Output, Vec<Write>, String) {
        let mut a: Vec<&str> = args.to_vec();
        a.extend(["-n", &self.ns]);
        let span = Span::start(&self.client, &self.ns).await;
        let out = run(&a, &self.state);
        let writes = span.writes().await;
        let what = format!(
            "kubectl sts {} (exit {:?})\nstdout:\n{}\nstderr:\n{}",
            a.join(" "),
            out.status.code(),
            stdout(&out),
            stderr(&out)
        );
        (out, writes, what)
    }

    /// `args` with `--dry-run` and with `--dry-run=server`: neither sends
    /// a write without dryRun=All.
    async fn dry_runs(&self, args: &[&str]) {
        for mode in ["--dry-run", "--dry-run=server"] {
            let mut a = args.to_vec();
            a.push(mode);
            let (out, writes, what) = self.observed(&a).await;
            assert_all_dry_run(&what, &writes);
            // kubectl-sts's own guard (src/cluster/guard.rs) stopped a write.
            assert!(
                !stderr(&out).contains("dry run: refusing to send"),
                "{what}"
            );
        }
    }

    /// A real run of `args` that must exit with `code`; every write it
    /// sends is guarded. Returns its writes.
    async fn guarded(&self, args: &[&str], code: i32) -> Vec<Write> {
        let (out, writes, what) = self.observed(args).await;
        eprintln!("{what}\nwrites:");
        for w in &writes {
            eprintln!("  {}", w.describe());
        }
        assert_eq!(out.status.code(), Some(code), "{what}");
        assert!(!writes.is_empty(), "the audit log saw no write of: {what}");
        assert_all_guarded(&what, &writes);
        writes
    }

    fn sets(&self) -> Api<StatefulSet> {
        Api::namespaced(self.client.clone(), &self.ns)
    }

    async fn annotate(&self, key: &str, value: serde_json::Value) {
        self.sets()
            .patch(
                "web",
                &PatchParams::default(),
                &Patch::Merge(json!({"metadata": {"annotations": {key: value.to_string()}}})),
            )
            .await
            .expect("annotate the set");
    }

    async fn annotation(&self, key: &str) -> Option<String> {
        let s = self.sets().get("web").await.unwrap();
        s.metadata.annotations.unwrap_or_default().get(key).cloned()
    }

    async fn uid(&self, pod: &str) -> Option<String> {
        Api::<Pod>::namespaced(self.client.clone(), &self.ns)
            .get_opt(pod)
            .await
            .unwrap()
            .and_then(|p| p.metadata.uid)
    }

    /// Applies a new pod template (label `rollout: v`, plus the fault
    /// label) and waits until the controller observed it.
    async fn new_template(&self, v: &str, fault: Option<&str>) {
        let mut labels = json!({"app": "web", "rollout": v});
        if let Some(f) = fault {
            labels["ksts.test/fault"] = json!(f);
        }
        self.sets()
            .patch(
                "web",
                &PatchParams::default(),
                &Patch::Merge(json!({"spec": {"template": {"metadata": {"labels": labels}}}})),
            )
            .await
            .expect("apply the new template");
        let s = self.sets();
        wait_for(Duration::from_secs(30), "new update revision", || async {
            let set = s.get("web").await.unwrap();
            let st = set.status.unwrap_or_default();
            st.observed_generation >= set.metadata.generation
                && st.update_revision.is_some()
                && st.update_revision != st.current_revision
        })
        .await;
    }

    async fn update_revision(&self) -> String {
        let s = self.sets().get("web").await.unwrap();
        s.status.unwrap().update_revision.unwrap()
    }
}

const ROLLOUT: &str = "kubectl-sts.io/rollout";

async fn ready_web(prefix: &str, replicas: i32, claims: &[(&str, &str)]) -> T {
    let t = T::new(prefix).await;
    let (svc, set) = web_set("web", replicas, claims);
    create_set(&t.client, &t.ns, Some(&svc), &set).await;
    wait_ready(&t.client, &t.ns, "web").await;
    t
}

#[tokio::test]
async fn audit_rollout_dry_runs_send_no_write_and_real_runs_are_guarded() {
    let t = ready_web("audit-ro", 3, &[]).await;
    t.guarded(&["rollout", "pause", "web"], 0).await;
    t.new_template("v2", None).await;

    // Paused, a new template pending: each of these would write.
    t.dry_runs(&["rollout", "web", "--partition", "2", "--yes"])
        .await;
    t.dry_runs(&["rollout", "resume", "web", "--yes"]).await;
    t.dry_runs(&["rollout", "canary", "web", "--yes"]).await;
    t.dry_runs(&["rollout", "undo", "web", "--yes"]).await;
    // Nothing to do down to --to 3, with the pause's record on the set.
    t.dry_runs(&["rollout", "canary", "web", "--to", "3", "--yes"])
        .await;
    assert!(
        t.annotation(ROLLOUT).await.unwrap().contains("\"pause\""),
        "the pause record is left as it was"
    );
    // The observer sees the plugin's dry-run writes.
    let (_, writes, what) = t
        .observed(&["rollout", "web", "--partition", "2", "--dry-run=server"])
        .await;
    assert!(
        writes.iter().any(|w| w.verb == "patch" && w.dry_run()),
        "no dry-run PATCH seen: {what}"
    );

    let writes = t
        .guarded(
            &[
                "rollout",
                "web",
                "--partition",
                "2",
                "--yes",
                "--timeout",
                "60s",
            ],
            0,
        )
        .await;
    assert!(
        writes
            .iter()
            .any(|w| w.verb == "patch" && w.resource == "statefulsets")
    );
    t.guarded(
        &["rollout", "canary", "web", "--yes", "--timeout", "60s"],
        0,
    )
    .await;
    t.dry_runs(&["rollout", "pause", "web"]).await;
    t.guarded(&["rollout", "pause", "web"], 0).await;
    t.guarded(&["rollout", "resume", "web", "--yes"], 0).await;

    // A record left by an earlier run that was interrupted after its last
    // step: a real run would clear it, a dry run must leave it.
    let update = t.update_revision().await;
    let stale = json!({
        "operation": "canary",
        "targetRevision": update,
        "targetPartition": 0,
        "lastVerifiedPartition": 0,
        "startedAt": "2026-01-05T03:14:00Z",
        "previousPartition": 3,
    });
    t.annotate(ROLLOUT, stale.clone()).await;
    t.dry_runs(&["rollout", "canary", "web", "--yes"]).await;
    t.dry_runs(&["rollout", "canary", "web", "--yes", "--to", "1"])
        .await;
    t.dry_runs(&["rollout", "web", "--partition", "0", "--yes"])
        .await;
    assert_eq!(
        t.annotation(ROLLOUT).await.as_deref(),
        Some(stale.to_string().as_str()),
        "the record is left as it was"
    );
    t.guarded(
        &["rollout", "canary", "web", "--yes", "--timeout", "60s"],
        0,
    )
    .await;
    assert_eq!(t.annotation(ROLLOUT).await, None, "a real run clears it");
}

#[tokio::test]
async fn audit_undo_dry_runs_leave_the_stuck_pod_and_real_undo_is_guarded() {
    let t = ready_web("audit-undo", 3, &[]).await;
    t.guarded(&["rollout", "pause", "web"], 0).await;
    t.new_template("v2", Some("crash")).await;
    // The canary halts: web-2 crash-loops at the bad revision, stuck
    // (OrderedReady: the controller never replaces it).
    t.guarded(
        &["rollout", "canary", "web", "--yes", "--timeout", "60s"],
        1,
    )
    .await;
    let stuck = t.uid("web-2").await.expect("web-2 exists");

    t.dry_runs(&["rollout", "undo", "web", "--yes", "--timeout", "30s"])
        .await;
    assert_eq!(t.uid("web-2").await, Some(stuck.clone()), "web-2 untouched");

    // As an undo interrupted after its template write leaves it: the good
    // template back, the undo recorded, web-2 still stuck at the bad revision.
    t.sets()
        .patch(
            "web",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"template": {"metadata": {"labels": {
                "rollout": null, "ksts.test/fault": null
            }}}}})),
        )
        .await
        .expect("revert the template");
    let s = t.sets();
    wait_for(Duration::from_secs(30), "the revert observed", || async {
        let set = s.get("web").await.unwrap();
        let st = set.status.unwrap_or_default();
        st.observed_generation >= set.metadata.generation
            && st.update_revision == st.current_revision
    })
    .await;
    let good = t.update_revision().await;
    t.annotate(
        ROLLOUT,
        json!({
            "operation": "undo",
            "targetRevision": good,
            "targetPartition": 3,
            "lastVerifiedPartition": 2,
            "startedAt": "2026-01-05T03:14:00Z",
            "previousPartition": 3,
            "pausedFrom": 3,
        }),
    )
    .await;
    t.dry_runs(&["rollout", "undo", "web", "--yes", "--timeout", "30s"])
        .await;
    assert_eq!(t.uid("web-2").await, Some(stuck.clone()), "web-2 untouched");

    let writes = t
        .guarded(&["rollout", "undo", "web", "--yes", "--timeout", "60s"], 0)
        .await;
    assert!(
        writes
            .iter()
            .any(|w| w.verb == "delete" && w.resource == "pods" && w.name == "web-2"),
        "the stuck pod was deleted: {writes:#?}"
    );
    assert_ne!(t.uid("web-2").await, Some(stuck), "web-2 replaced");
}

#[tokio::test]
async fn audit_restart_dry_runs_send_no_write_and_real_runs_are_guarded() {
    let t = ready_web("audit-restart", 3, &[]).await;
    let before = vec![t.uid("web-0").await, t.uid("web-1").await];
    // The Lease of an operation whose process died long ago: a real run
    // takes it over (an update guarded by its resourceVersion), a dry run
    // leaves it.
    let lease: Lease = from(json!({
        "metadata": {"name": "kubectl-sts-web"},
        "spec": {
            "holderIdentity": "bob@bastion (pid 4242)",
            "leaseDurationSeconds": 30,
            "acquireTime": "2026-01-05T03:14:00.000000Z",
            "renewTime": "2026-01-05T03:14:00.000000Z"
        }
    }));
    Api::<Lease>::namespaced(t.client.clone(), &t.ns)
        .create(&PostParams::default(), &lease)
        .await
        .unwrap();
    t.dry_runs(&["restart", "web", "--yes"]).await;
    t.dry_runs(&["restart", "web", "--yes", "--disable-eviction"])
        .await;
    t.dry_runs(&["restart", "web", "--yes", "--via-template"])
        .await;
    // The server dry run does send the template patch, with dryRun=All,
    // so the API server validates it.
    let (_, writes, what) = t
        .observed(&[
            "restart",
            "web",
            "--yes",
            "--via-template",
            "--dry-run=server",
        ])
        .await;
    assert!(
        writes
            .iter()
            .any(|w| w.verb == "patch" && w.resource == "statefulsets" && w.dry_run()),
        "{what}: {writes:#?}"
    );

    // A record of an earlier run interrupted before its first eviction.
    let now = k8s_openapi::jiff::Timestamp::now().to_string();
    let record = json!({"startedAt": now, "done": []});
    t.annotate("kubectl-sts.io/restart", record.clone()).await;
    t.dry_runs(&["restart", "web", "--yes"]).await;
    assert_eq!(
        t.annotation("kubectl-sts.io/restart").await.as_deref(),
        Some(record.to_string().as_str()),
        "the record is left as it was"
    );
    assert_eq!(
        vec![t.uid("web-0").await, t.uid("web-1").await],
        before,
        "no pod restarted by a dry run"
    );

    let writes = t
        .guarded(&["restart", "web", "--yes", "--pod", "web-2"], 0)
        .await;
    assert!(writes.iter().any(|w| w.resource == "pods/eviction"));
    assert!(
        writes
            .iter()
            .any(|w| w.verb == "update" && w.resource == "leases"),
        "the expired Lease was taken over: {writes:#?}"
    );
    let writes = t
        .guarded(
            &[
                "restart",
                "web",
                "--yes",
                "--pod",
                "web-1",
                "--disable-eviction",
            ],
            0,
        )
        .await;
    assert!(
        writes
            .iter()
            .any(|w| w.verb == "delete" && w.resource == "pods")
    );
    t.guarded(&["restart", "web", "--yes", "--via-template"], 0)
        .await;
}

#[tokio::test]
async fn audit_pvc_dry_runs_send_no_write_and_real_runs_are_guarded() {
    let t = ready_web("audit-pvc", 3, &[("data", "1Gi")]).await;
    scale(&t.client, &t.ns, "web", 2).await;
    wait_for(Duration::from_secs(60), "web-2 gone", || async {
        t.uid("web-2").await.is_none()
    })
    .await;
    wait_ready(&t.client, &t.ns, "web").await;

    // The record of an earlier resize that stopped before deleting the set
    // (same UID): a real run removes it and plans afresh, a dry run leaves it.
    let uid = t.sets().get("web").await.unwrap().metadata.uid.unwrap();
    let (dir, server) = crate::harness::resize_record_dir(&t.state).await;
    let record = dir.join(format!("{}_web.pending.json", t.ns));
    let pending = json!({
        "server": server, "namespace": t.ns, "name": "web", "oldUid": uid,
        "started": "2026-01-01T00:00:00Z",
        "manifest": t.state.join("web.yaml"), "templates": [],
    });
    std::fs::write(&record, pending.to_string()).unwrap();

    t.dry_runs(&["pvc", "orphans", "--delete", "--yes"]).await;
    t.dry_runs(&["pvc", "resize", "web", "--size", "2Gi", "--yes"])
        .await;
    assert!(record.exists(), "a dry run leaves the resize record");

    let writes = t.guarded(&["pvc", "orphans", "--delete", "--yes"], 0).await;
    assert!(
        writes
            .iter()
            .any(|w| w.verb == "delete" && w.name == "data-web-2")
    );
    let writes = t
        .guarded(
            &[
                "pvc",
                "resize",
                "web",
                "--size",
                "2Gi",
                "--yes",
                "--timeout",
                "60s",
            ],
            0,
        )
        .await;
    assert!(
        writes
            .iter()
            .any(|w| w.verb == "delete" && w.resource == "statefulsets"),
        "the set was deleted and recreated: {writes:#?}"
    );
    assert!(!record.exists(), "a real run is done with the record");
}

#[tokio::test]
async fn audit_recover_dry_runs_send_no_write_and_real_fix_is_guarded() {
    let t = ready_web("audit-recover", 2, &[]).await;
    crate::recover::broken_after_revert(&t.client, &t.ns).await;
    let stuck = t.uid("web-1").await.expect("web-1 exists");

    t.dry_runs(&["recover", "web", "--fix", "--yes"]).await;
    assert_eq!(t.uid("web-1").await, Some(stuck.clone()), "web-1 untouched");

    let writes = t.guarded(&["recover", "web", "--fix", "--yes"], 0).await;
    assert!(
        writes
            .iter()
            .any(|w| w.verb == "delete" && w.name == "web-1")
    );
    wait_ready(&t.client, &t.ns, "web").await;

    // A pod held Terminating by a finalizer: its removal is a JSON patch
    // that first tests the resourceVersion.
    let pods: Api<Pod> = Api::namespaced(t.client.clone(), &t.ns);
    pods.patch(
        "web-0",
        &PatchParams::default(),
        &Patch::Merge(json!({"metadata": {"finalizers": ["ksts.test/hold"]}})),
    )
    .await
    .unwrap();
    // A 1 s grace period: the deletion is overdue at once, so the pod is also
    // found stuck Terminating (on a Ready node: no force delete offered).
    pods.delete(
        "web-0",
        &DeleteParams {
            grace_period_seconds: Some(1),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    t.dry_runs(&["recover", "web", "--fix", "--remove-finalizers", "--yes"])
        .await;
    // Exit 0: once the finalizer is gone the pod is gone, which resolves
    // its stuck-Terminating finding too.
    let writes = t
        .guarded(
            &["recover", "web", "--fix", "--remove-finalizers", "--yes"],
            0,
        )
        .await;
    assert!(
        writes
            .iter()
            .any(|w| w.verb == "patch" && w.resource == "pods" && w.body.is_array()),
        "the finalizer was removed by a JSON patch: {writes:#?}"
    );
}
