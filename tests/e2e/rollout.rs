//! `kubectl sts rollout` against the real StatefulSet controller.

use std::collections::BTreeMap;
use std::time::Duration;

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, ListParams, Patch, PatchParams};
use kubectl_sts::cluster::Kube;
use kubectl_sts::cluster::rollout as io;
use kubectl_sts::error::Failure;
use kubectl_sts::ops::rollout::{Ctx, PartitionWrite, write_partition};
use serde_json::json;

use crate::harness::*;

const REV: &str = "controller-revision-hash";

/// A ready 3-replica set `web`, paused through the plugin, with a new
/// template applied (`fault` adds the harness's fault label to it).
pub(crate) async fn paused_with_new_template(
    prefix: &str,
    fault: Option<&str>,
) -> (kube::Client, String) {
    let client = client().await;
    let ns = namespace(&client, prefix).await;
    let (svc, set) = web_set("web", 3, &[]);
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "web").await;
    let out = sts(&["rollout", "pause", "web", "-n", &ns]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut labels = json!({"app": "web", "rollout": "v2"});
    if let Some(f) = fault {
        labels["ksts.test/fault"] = json!(f);
    }
    sets(&client, &ns)
        .patch(
            "web",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"template": {"metadata": {"labels": labels}}}})),
        )
        .await
        .expect("apply the new template");
    let s = sets(&client, &ns);
    wait_for(Duration::from_secs(30), "new update revision", || async {
        let set = s.get("web").await.unwrap();
        let st = set.status.unwrap_or_default();
        st.observed_generation >= set.metadata.generation
            && st.update_revision.is_some()
            && st.update_revision != st.current_revision
    })
    .await;
    (client, ns)
}

fn sets(client: &kube::Client, ns: &str) -> Api<StatefulSet> {
    Api::namespaced(client.clone(), ns)
}

/// name -> (uid, revision)
async fn pods(client: &kube::Client, ns: &str) -> BTreeMap<String, (String, String)> {
    Api::<Pod>::namespaced(client.clone(), ns)
        .list(&ListParams::default().labels("app=web"))
        .await
        .unwrap()
        .items
        .into_iter()
        .filter(|p| p.metadata.deletion_timestamp.is_none())
        .map(|p| {
            let rev = p.metadata.labels.as_ref().unwrap()[REV].clone();
            (p.metadata.name.unwrap(), (p.metadata.uid.unwrap(), rev))
        })
        .collect()
}

async fn state(client: &kube::Client, ns: &str) -> (i32, String, String, Option<String>) {
    let s = sets(client, ns).get("web").await.unwrap();
    let st = s.status.clone().unwrap();
    (
        s.spec
            .update_strategy
            .unwrap()
            .rolling_update
            .unwrap()
            .partition
            .unwrap(),
        st.current_revision.unwrap(),
        st.update_revision.unwrap(),
        s.metadata
            .annotations
            .unwrap_or_default()
            .get("kubectl-sts.io/rollout")
            .cloned(),
    )
}

fn code(o: &std::process::Output) -> Option<i32> {
    o.status.code()
}

#[tokio::test]
async fn rollout_canary_walks_the_partition_from_replicas_to_zero() {
    let (client, ns) = paused_with_new_template("ro-canary", None).await;
    let before = pods(&client, &ns).await;
    let (p, _, update, intent) = state(&client, &ns).await;
    assert_eq!(p, 3);
    assert!(intent.unwrap().contains("\"operation\":\"pause\""));

    // The plan only.
    let out = sts(&["rollout", "canary", "web", "-n", &ns, "--dry-run"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("3. partition   0  update web-0"),
        "{}",
        stdout(&out)
    );
    assert_eq!(state(&client, &ns).await.0, 3, "dry run wrote nothing");
    let out = sts(&["rollout", "canary", "web", "-n", &ns, "--dry-run=server"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("server dry run"), "{}", stdout(&out));
    assert_eq!(
        state(&client, &ns).await.0,
        3,
        "server dry run wrote nothing"
    );

    let out = sts(&[
        "rollout",
        "canary",
        "web",
        "-n",
        &ns,
        "--yes",
        "--min-ready",
        "1s",
    ]);
    assert_eq!(code(&out), Some(0), "{}\n{}", stdout(&out), stderr(&out));
    let o = stdout(&out);
    for s in [
        "step 1/3 done",
        "step 2/3 done",
        "step 3/3 done",
        "web-2 updated",
    ] {
        assert!(o.contains(s), "{s} missing in:\n{o}");
    }
    let after = pods(&client, &ns).await;
    for (name, (uid, rev)) in &after {
        assert_ne!(&before[name].0, uid, "{name} was replaced by a new pod");
        assert_eq!(rev, &update, "{name} runs the update revision");
    }
    let (p, current, _, intent) = state(&client, &ns).await;
    assert_eq!(p, 0);
    assert_eq!(current, update);
    assert_eq!(intent, None, "the intent is removed when done");

    let out = sts(&[
        "rollout",
        "status",
        "web",
        "-n",
        &ns,
        "-o",
        "json",
        "--timeout",
        "20s",
    ]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["result"], "done");
    assert_eq!(v["pods"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn rollout_canary_without_yes_refuses_and_writes_nothing() {
    let (client, ns) = paused_with_new_template("ro-noyes", None).await;
    let before = pods(&client, &ns).await;
    let written = |s: StatefulSet| (s.metadata.generation, s.metadata.annotations, s.spec);
    let rv = written(sets(&client, &ns).get("web").await.unwrap());
    for args in [
        vec!["rollout", "canary", "web", "-n", &ns],
        vec!["rollout", "web", "-n", &ns, "--partition", "0"],
        vec!["rollout", "resume", "web", "-n", &ns],
    ] {
        let out = sts(&args);
        assert_eq!(code(&out), Some(1), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("refusing"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    let s = sets(&client, &ns).get("web").await.unwrap();
    assert!(written(s) == rv, "nothing was written");
    assert_eq!(state(&client, &ns).await.0, 3);
    assert_eq!(pods(&client, &ns).await, before, "no pod was touched");
}

#[tokio::test]
async fn rollout_bad_canary_halts_then_undo_replaces_the_stuck_pod() {
    let (client, ns) = paused_with_new_template("ro-bad", Some("crash")).await;
    let before = pods(&client, &ns).await;
    let (_, good, bad, _) = state(&client, &ns).await;

    let out = sts(&[
        "rollout",
        "canary",
        "web",
        "-n",
        &ns,
        "--yes",
        "--timeout",
        "60s",
    ]);
    assert_eq!(code(&out), Some(1), "{}\n{}", stdout(&out), stderr(&out));
    let o = stdout(&out);
    assert!(o.contains("BAD CANARY: pod web-2"), "{o}");
    assert!(o.contains("Containers of web-2:"), "{o}");
    assert!(o.contains("Recent events of web-2:"), "{o}");
    assert!(o.contains("kubectl sts rollout undo web -n"), "{o}");
    let (p, _, _, _) = state(&client, &ns).await;
    assert_eq!(p, 2, "frozen at the canary's partition");
    let after = pods(&client, &ns).await;
    assert_eq!(after["web-2"].1, bad);
    assert_eq!(after["web-1"], before["web-1"], "no other pod touched");
    assert_eq!(after["web-0"], before["web-0"], "no other pod touched");

    // Not interactive and no --yes: refused, nothing written.
    let out = sts(&["rollout", "undo", "web", "-n", &ns]);
    assert_eq!(code(&out), Some(1));
    assert!(stderr(&out).contains("refusing"), "{}", stderr(&out));
    assert_eq!(state(&client, &ns).await.2, bad);

    let stuck_uid = after["web-2"].0.clone();
    let out = sts(&[
        "rollout",
        "undo",
        "web",
        "-n",
        &ns,
        "--yes",
        "--timeout",
        "60s",
    ]);
    assert_eq!(code(&out), Some(0), "{}\n{}", stdout(&out), stderr(&out));
    let o = stdout(&out);
    assert!(o.contains("pod web-2 is stuck at revision"), "{o}");
    assert!(
        o.contains("what changes in the pod template:")
            && o.contains(r#"metadata.labels.ksts.test/fault: "crash" -> null"#),
        "the plan shows what differs: {o}"
    );
    assert!(o.contains("deleted pod web-2"), "{o}");
    // Back to the state before the canary: partition 3, paused.
    assert!(o.contains("partition 3 restored"), "{o}");
    let (p, _, update, intent) = state(&client, &ns).await;
    assert_eq!(update, good, "the template is the good one again");
    assert_eq!(p, 3, "the pre-canary partition is restored");
    assert!(
        intent.unwrap().contains("\"operation\":\"pause\""),
        "paused again"
    );
    let end = pods(&client, &ns).await;
    assert_ne!(end["web-2"].0, stuck_uid, "web-2 was recreated");
    assert_eq!(end["web-2"].1, good, "web-2 runs the good revision");
    assert_eq!(end["web-1"], before["web-1"]);
    assert_eq!(end["web-0"], before["web-0"]);

    // A second undo finds nothing to undo and writes nothing
    // (spec and annotations; the controller may still update the status).
    let written = |s: StatefulSet| (s.metadata.generation, s.metadata.annotations, s.spec);
    let rv = written(sets(&client, &ns).get("web").await.unwrap());
    let out = sts(&[
        "rollout",
        "undo",
        "web",
        "-n",
        &ns,
        "--yes",
        "--timeout",
        "30s",
    ]);
    assert_eq!(code(&out), Some(0), "{}\n{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("nothing to undo"), "{}", stdout(&out));
    let s = sets(&client, &ns).get("web").await.unwrap();
    assert!(written(s) == rv, "the second undo wrote nothing");
    assert_eq!(state(&client, &ns).await.2, good, "still the good template");
    assert_eq!(pods(&client, &ns).await, end, "no pod was taken down");
}

#[tokio::test]
async fn rollout_never_ready_canary_times_out_with_exit_3() {
    let (client, ns) = paused_with_new_template("ro-never", Some("never-ready")).await;
    let before = pods(&client, &ns).await;
    let out = sts(&[
        "rollout",
        "canary",
        "web",
        "-n",
        &ns,
        "--yes",
        "--timeout",
        "4s",
    ]);
    assert_eq!(code(&out), Some(3), "{}\n{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).contains("BAD CANARY: pod web-2"),
        "{}",
        stdout(&out)
    );
    assert!(
        stderr(&out).contains("The partition stays at 2"),
        "{}",
        stderr(&out)
    );
    assert_eq!(state(&client, &ns).await.0, 2);
    let after = pods(&client, &ns).await;
    assert_eq!(after["web-1"], before["web-1"]);
    assert_eq!(after["web-0"], before["web-0"]);

    // rollout status sees the stuck canary and times out too.
    let out = sts(&["rollout", "status", "web", "-n", &ns, "--timeout", "2s"]);
    assert_eq!(code(&out), Some(3), "{}", stderr(&out));
}

#[tokio::test]
async fn rollout_partition_updates_only_the_ordinals_from_it() {
    let (client, ns) = paused_with_new_template("ro-part", None).await;
    let before = pods(&client, &ns).await;
    let out = sts(&["rollout", "web", "-n", &ns, "--partition", "1", "--yes"]);
    assert_eq!(code(&out), Some(0), "{}\n{}", stdout(&out), stderr(&out));
    let (p, _, update, intent) = state(&client, &ns).await;
    assert_eq!(p, 1);
    assert_eq!(intent, None);
    let after = pods(&client, &ns).await;
    assert_eq!(after["web-0"], before["web-0"]);
    for n in ["web-1", "web-2"] {
        assert_ne!(after[n].0, before[n].0);
        assert_eq!(after[n].1, update);
    }
    // Pause records 1, resume restores it.
    let out = sts(&["rollout", "pause", "web", "-n", &ns]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert_eq!(state(&client, &ns).await.0, 3);
    let out = sts(&["rollout", "resume", "web", "-n", &ns]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let (p, _, _, intent) = state(&client, &ns).await;
    assert_eq!((p, intent), (1, None));
    // Nothing recorded any more: resume refuses.
    let out = sts(&["rollout", "resume", "web", "-n", &ns]);
    assert_eq!(code(&out), Some(1));
    assert!(stderr(&out).contains("was not paused"), "{}", stderr(&out));

    let out = sts(&["rollout", "history", "web", "-n", &ns, "-o", "json"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    let upd = rows.iter().find(|r| r["update"] == true).unwrap();
    assert_eq!(upd["pods"], json!(["web-1", "web-2"]));
    let cur = rows.iter().find(|r| r["current"] == true).unwrap();
    assert_eq!(cur["pods"], json!(["web-0"]));
}

#[tokio::test]
async fn rollout_write_conflict_is_re_read_and_re_decided() {
    let (client, ns) = paused_with_new_template("ro-409", None).await;
    let k = Kube::new(client.clone(), "e2e".into(), "default".into(), None, 0);
    let stale = sets(&client, &ns).get("web").await.unwrap();
    let update = stale.status.clone().unwrap().update_revision.unwrap();

    // Someone else changes the set after it was read.
    sets(&client, &ns)
        .patch(
            "web",
            &PatchParams::default(),
            &Patch::Merge(json!({"metadata": {"annotations": {"team/owner": "db"}}})),
        )
        .await
        .unwrap();
    // The stale write itself is refused by the API server.
    let err = io::patch_set(&k, &stale, Some(2), &Default::default(), false)
        .await
        .expect_err("a write at a stale resourceVersion is refused");
    assert!(matches!(err, Failure::Conflict(_)), "{err:?}");
    assert_eq!(state(&client, &ns).await.0, 3, "nothing was written");

    // The partition write re-reads, finds the step still valid, writes.
    let ctx = Ctx::new(
        Kube::new(client.clone(), "e2e".into(), "default".into(), None, 0),
        &ns,
        "web",
    );
    let w = |expected, partition| PartitionWrite {
        expected_partition: expected,
        target_revision: &update,
        partition,
        intent: None,
        server_dry_run: false,
    };
    let written = write_partition(&ctx, &w(3, 2))
        .await
        .expect("re-decided write");
    assert_eq!(
        written.set.metadata.annotations.unwrap()["team/owner"],
        "db",
        "the concurrent change is kept"
    );
    assert_eq!(state(&client, &ns).await.0, 2);

    // Someone else moves the partition: re-deciding stops, nothing written.
    sets(&client, &ns)
        .patch(
            "web",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"updateStrategy": {"rollingUpdate": {"partition": 3}}}})),
        )
        .await
        .unwrap();
    let err = write_partition(&ctx, &w(2, 1))
        .await
        .err()
        .expect("the step is no longer valid");
    assert!(
        matches!(&err, Failure::Conflict(m) if m.contains("changed to 3 by someone else")),
        "{err:?}"
    );
    assert_eq!(state(&client, &ns).await.0, 3);
}

#[tokio::test]
async fn rollout_interrupted_mid_step_resumes_from_the_annotation() {
    let (client, ns) = paused_with_new_template("ro-resume", None).await;
    let e = env();
    // Step 2 takes at least the 6s stability window: interrupt it there.
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_kubectl-sts"))
        .env("KUBECONFIG", &e.kubeconfig)
        .env("NO_COLOR", "1")
        .args([
            "--context",
            &e.context,
            "rollout",
            "canary",
            "web",
            "-n",
            &ns,
        ])
        .args(["--yes", "--min-ready", "6s"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let s = sets(&client, &ns);
    wait_for(
        Duration::from_secs(60),
        "the second step written",
        || async {
            let set = s.get("web").await.unwrap();
            set.spec
                .update_strategy
                .unwrap()
                .rolling_update
                .unwrap()
                .partition
                == Some(1)
        },
    )
    .await;
    let update = state(&client, &ns).await.2;
    let pv = Api::<Pod>::namespaced(client.clone(), &ns);
    wait_for(
        Duration::from_secs(30),
        "web-1 recreated at the update revision",
        || async {
            pods(&client, &ns)
                .await
                .get("web-1")
                .is_some_and(|p| p.1 == update)
                && pv.get("web-1").await.is_ok()
        },
    )
    .await;
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(code(&out), Some(130), "{}\n{}", stdout(&out), stderr(&out));
    assert!(
        stderr(&out).contains("Resume with: kubectl sts rollout canary web"),
        "{}",
        stderr(&out)
    );
    let (p, _, _, intent) = state(&client, &ns).await;
    assert_eq!(p, 1, "web-1 was already replaced: the partition stays");
    let intent: serde_json::Value = serde_json::from_str(&intent.unwrap()).unwrap();
    assert_eq!(intent["operation"], "canary");
    assert_eq!(intent["lastVerifiedPartition"], 2);
    let mid = pods(&client, &ns).await;

    let out = sts(&["rollout", "canary", "web", "-n", &ns, "--yes"]);
    assert_eq!(code(&out), Some(0), "{}\n{}", stdout(&out), stderr(&out));
    assert!(
        stderr(&out).contains("resuming the canary"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("2 step(s)"), "{}", stdout(&out));
    let end = pods(&client, &ns).await;
    assert_eq!(end["web-2"], mid["web-2"], "web-2 not restarted twice");
    assert_eq!(end["web-1"], mid["web-1"], "web-1 not restarted twice");
    assert_ne!(end["web-0"].0, mid["web-0"].0);
    let (p, _, _, intent) = state(&client, &ns).await;
    assert_eq!((p, intent), (0, None));
}

#[tokio::test]
async fn rollout_status_is_stricter_than_counts() {
    // web-1 runs the update revision below the partition: not done (rule 9).
    let (client, ns) = paused_with_new_template("ro-strict", None).await;
    let out = sts(&["rollout", "web", "-n", &ns, "--partition", "1", "--yes"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    sets(&client, &ns)
        .patch(
            "web",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"updateStrategy": {"rollingUpdate": {"partition": 2}}}})),
        )
        .await
        .unwrap();
    let out = sts(&[
        "rollout",
        "status",
        "web",
        "-n",
        &ns,
        "--timeout",
        "2s",
        "-o",
        "json",
    ]);
    assert_eq!(code(&out), Some(3), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["result"], "timedOut");
    let web1 = &v["pods"][1];
    assert_eq!(web1["name"], "web-1");
    assert_eq!(web1["done"], false);
    assert!(
        web1["state"]
            .as_str()
            .unwrap()
            .contains("below the partition"),
        "{web1}"
    );
}

#[tokio::test]
async fn rollout_status_on_delete_names_pods_on_the_old_revision() {
    let client = client().await;
    let ns = namespace(&client, "ro-ondelete").await;
    let (svc, mut set) = web_set("web", 2, &[]);
    set.spec.update_strategy = Some(from(json!({"type": "OnDelete"})));
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "web").await;
    sets(&client, &ns)
        .patch(
            "web",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"template": {"metadata": {"labels": {"v": "2"}}}}})),
        )
        .await
        .unwrap();
    let out = sts(&["rollout", "status", "web", "-n", &ns, "--timeout", "2s"]);
    assert_eq!(code(&out), Some(3), "{}", stderr(&out));
    let o = stdout(&out);
    assert!(
        o.contains("OnDelete: still on the old revision (delete them to update): web-0, web-1")
            || o.contains(
                "OnDelete: still on the old revision (delete them to update): web-1, web-0"
            ),
        "{o}"
    );
    // The canary refuses: there is no partition to walk.
    let out = sts(&["rollout", "canary", "web", "-n", &ns, "--yes"]);
    assert_eq!(code(&out), Some(1));
    assert!(stderr(&out).contains("OnDelete"), "{}", stderr(&out));
}
