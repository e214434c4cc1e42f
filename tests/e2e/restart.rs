//! `kubectl sts restart` against the real StatefulSet and disruption
//! controllers and the real Eviction API.

use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::StreamExt;
use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{PersistentVolume, PersistentVolumeClaim, Pod};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use kube::api::{Api, DeleteParams, ListParams, PostParams};
use kube::runtime::watcher;
use serde_json::{Value, json};

use crate::harness::*;

const ANNOTATION: &str = "kubectl-sts.io/restart";

async fn uids(client: &kube::Client, ns: &str) -> BTreeMap<String, String> {
    Api::<Pod>::namespaced(client.clone(), ns)
        .list(&ListParams::default().labels("app=web"))
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|p| (p.metadata.name.unwrap(), p.metadata.uid.unwrap()))
        .collect()
}

async fn annotation(client: &kube::Client, ns: &str) -> Option<String> {
    let s: StatefulSet = Api::namespaced(client.clone(), ns)
        .get("web")
        .await
        .unwrap();
    s.metadata.annotations?.get(ANNOTATION).cloned()
}

async fn ready_web(prefix: &str) -> (kube::Client, String) {
    let client = client().await;
    let ns = namespace(&client, prefix).await;
    let (svc, set) = web_set("web", 3, &[]);
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "web").await;
    (client, ns)
}

fn is_ready(p: &Pod) -> bool {
    p.metadata.deletion_timestamp.is_none()
        && p.status
            .as_ref()
            .and_then(|s| s.conditions.as_ref())
            .is_some_and(|cs| cs.iter().any(|c| c.type_ == "Ready" && c.status == "True"))
}

/// What a pod watch saw during a restart: the most pods unavailable at once,
/// and the pods evicted, in order.
#[derive(Default, Debug)]
struct Seen {
    max_unavailable: usize,
    /// (name, uid) of each pod the Eviction API took down, once per UID.
    evicted: Vec<(String, String)>,
}

/// The Eviction API marks the pods it deletes with the DisruptionTarget
/// condition (reason EvictionByEvictionAPI). Counting those, rather than
/// deletions, keeps the fake kubelet out of it: kwok's pod-delete stage
/// sometimes repeats its by-name delete and so removes a fresh replacement.
fn evicted_by_api(p: &Pod) -> bool {
    p.status
        .as_ref()
        .and_then(|s| s.conditions.as_ref())
        .is_some_and(|cs| {
            cs.iter().any(|c| {
                c.type_ == "DisruptionTarget"
                    && c.reason.as_deref() == Some("EvictionByEvictionAPI")
            })
        })
}

/// Follows every pod event (a watch misses no change, unlike polling).
fn observe(client: &kube::Client, ns: &str, replicas: usize) -> Arc<Mutex<Seen>> {
    let seen = Arc::new(Mutex::new(Seen::default()));
    let out = seen.clone();
    let api: Api<Pod> = Api::namespaced(client.clone(), ns);
    tokio::spawn(async move {
        let mut pods: BTreeMap<String, Pod> = BTreeMap::new();
        let mut stream = Box::pin(watcher(api, watcher::Config::default().labels("app=web")));
        let mut listed = false;
        while let Some(Ok(ev)) = stream.next().await {
            match ev {
                watcher::Event::Apply(p) | watcher::Event::InitApply(p) => {
                    if listed && evicted_by_api(&p) {
                        let id = (
                            p.metadata.name.clone().unwrap(),
                            p.metadata.uid.clone().unwrap(),
                        );
                        let mut s = out.lock().unwrap();
                        if !s.evicted.contains(&id) {
                            s.evicted.push(id);
                        }
                    }
                    pods.insert(p.metadata.name.clone().unwrap(), p);
                }
                watcher::Event::Delete(p) => {
                    pods.remove(p.metadata.name.as_deref().unwrap());
                }
                watcher::Event::Init => {}
                watcher::Event::InitDone => listed = true,
            }
            if listed {
                let ready = pods.values().filter(|p| is_ready(p)).count();
                let mut s = out.lock().unwrap();
                s.max_unavailable = s.max_unavailable.max(replicas.saturating_sub(ready));
            }
        }
    });
    seen
}

#[tokio::test]
async fn restart_evicts_one_pod_at_a_time_and_ends_with_all_new_uids() {
    let (client, ns) = ready_web("restart-all").await;
    let before = uids(&client, &ns).await;
    let seen = observe(&client, &ns, 3);
    tokio::time::sleep(Duration::from_millis(500)).await;

    let out = sts(&[
        "restart",
        "web",
        "-n",
        &ns,
        "--yes",
        "--min-ready",
        "1s",
        "-o",
        "json",
        "-v",
        "6",
    ]);
    let log = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{log}");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let after = uids(&client, &ns).await;

    assert_eq!(report["kind"], "RestartReport");
    assert_eq!(report["method"], "eviction");
    assert_eq!(report["dryRun"], false);
    let pods = report["pods"].as_array().unwrap();
    let order: Vec<&str> = pods.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(order, ["web-2", "web-1", "web-0"]);
    for p in pods {
        let name = p["name"].as_str().unwrap();
        assert_eq!(p["result"], "restarted", "{p}");
        assert_eq!(p["oldUid"], before[name].as_str(), "{p}");
        assert_eq!(p["newUid"], after[name].as_str(), "{p}");
        assert_ne!(before[name], after[name], "{name} kept its UID");
    }
    assert_eq!(after.len(), 3);

    tokio::time::sleep(Duration::from_millis(500)).await;
    let seen = std::mem::take(&mut *seen.lock().unwrap());
    let down: Vec<&str> = seen.evicted.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        down,
        ["web-2", "web-1", "web-0"],
        "pods evicted in this order, once each: {seen:?}\nbefore: {before:?}\nafter: {after:?}\n{log}"
    );
    for (name, uid) in &seen.evicted {
        assert_eq!(&before[name], uid, "only the original pods were evicted");
    }
    assert_eq!(
        seen.max_unavailable, 1,
        "never more than one pod down at a time: {seen:?}"
    );
    assert_eq!(
        annotation(&client, &ns).await,
        None,
        "the record is cleared"
    );
}

#[tokio::test]
async fn restart_refuses_without_yes_when_not_interactive_and_dry_run_writes_nothing() {
    let (client, ns) = ready_web("restart-refuse").await;
    let before = uids(&client, &ns).await;

    let out = sts(&["restart", "web", "-n", &ns]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("refusing to restart the pods of statefulset web"),
        "{}",
        stderr(&out)
    );

    let plan = sts_json(&["restart", "web", "-n", &ns, "--dry-run", "-o", "json"]);
    assert_eq!(plan["dryRun"], true);
    let results: Vec<&str> = plan["pods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["result"].as_str().unwrap())
        .collect();
    assert_eq!(results, ["planned", "planned", "planned"]);

    assert_eq!(uids(&client, &ns).await, before, "nothing was restarted");
    assert_eq!(annotation(&client, &ns).await, None, "nothing was recorded");
}

#[tokio::test]
async fn pdb_with_max_unavailable_0_blocks_the_restart_with_a_clear_message() {
    let (client, ns) = ready_web("restart-pdb").await;
    let pdbs: Api<PodDisruptionBudget> = Api::namespaced(client.clone(), &ns);
    pdbs.create(
        &PostParams::default(),
        &from(json!({
            "metadata": {"name": "web-pdb"},
            "spec": {"maxUnavailable": 0, "selector": {"matchLabels": {"app": "web"}}}
        })),
    )
    .await
    .unwrap();
    wait_for(Duration::from_secs(30), "the PDB status", || async {
        pdbs.get("web-pdb")
            .await
            .ok()
            .and_then(|p| p.status)
            .is_some_and(|s| s.observed_generation == Some(1) && s.current_healthy == Some(3))
    })
    .await;
    let before = uids(&client, &ns).await;

    let dry = sts(&["restart", "web", "-n", &ns, "--dry-run=server"]);
    assert_eq!(dry.status.code(), Some(0), "{}", stderr(&dry));
    assert!(stdout(&dry).contains("refused (429)"), "{}", stdout(&dry));

    let out = sts(&["restart", "web", "-n", &ns, "--yes", "--timeout", "4s"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(
        err.contains("the PodDisruptionBudget web-pdb (maxUnavailable 0; allows 0 disruptions"),
        "{err}"
    );
    assert!(err.contains("Nothing was evicted for web-2"), "{err}");
    assert!(err.contains("resume with: kubectl sts restart"), "{err}");
    assert_eq!(uids(&client, &ns).await, before, "nothing was evicted");
    assert_eq!(
        annotation(&client, &ns).await,
        None,
        "a run that evicted nothing leaves no record"
    );
}

#[tokio::test]
async fn interrupted_restart_resumes_without_restarting_pods_twice() {
    let (client, ns) = ready_web("restart-resume").await;
    let original = uids(&client, &ns).await;

    // First run, interrupted with SIGINT once web-2 is recorded as done.
    let e = env();
    let child = Command::new(env!("CARGO_BIN_EXE_kubectl-sts"))
        .env("KUBECONFIG", &e.kubeconfig)
        .env("NO_COLOR", "1")
        .args(["--context", &e.context, "restart", "web", "-n", &ns])
        .args(["--yes", "--min-ready", "3s"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start kubectl-sts");
    wait_for(
        Duration::from_secs(60),
        "web-2 recorded as done",
        || async {
            // `done`, not `evicting`: the record names a pod before it goes.
            annotation(&client, &ns).await.is_some_and(|a| {
                serde_json::from_str::<Value>(&a).is_ok_and(|r| {
                    r["done"]
                        .as_array()
                        .is_some_and(|d| d.iter().any(|p| p["pod"] == "web-2"))
                })
            })
        },
    )
    .await;
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let first = child.wait_with_output().unwrap();
    let err = stderr(&first);
    assert_eq!(first.status.code(), Some(130), "{err}");
    assert!(err.contains("Resume with: kubectl sts restart"), "{err}");

    let record: Value = serde_json::from_str(&annotation(&client, &ns).await.unwrap()).unwrap();
    assert!(record["startedAt"].is_string(), "{record}");
    wait_ready(&client, &ns, "web").await;
    let mid = uids(&client, &ns).await;
    assert_eq!(record["done"][0]["pod"], "web-2");
    assert_eq!(record["done"][0]["uid"], mid["web-2"].as_str());
    assert_ne!(mid["web-2"], original["web-2"]);
    assert_eq!(mid["web-0"], original["web-0"], "web-0 not reached yet");

    // Second run: resumes, skips what the first one restarted.
    let report = sts_json(&[
        "restart",
        "web",
        "-n",
        &ns,
        "--yes",
        "--min-ready",
        "1s",
        "-o",
        "json",
    ]);
    assert_eq!(report["resumed"], true);
    assert_eq!(report["startedAt"], record["startedAt"]);
    let last = uids(&client, &ns).await;
    let result = |name: &str| {
        report["pods"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap()["result"]
            .clone()
    };
    assert_eq!(result("web-2"), "alreadyRestarted");
    assert_eq!(result("web-0"), "restarted");
    for (name, uid) in &mid {
        if *uid != original[name] {
            assert_eq!(
                &last[name], uid,
                "{name} was restarted by the first run and must not be again"
            );
        }
    }
    for (name, uid) in &last {
        assert_ne!(uid, &original[name], "{name} was never restarted");
    }
    assert_eq!(
        annotation(&client, &ns).await,
        None,
        "the record is cleared"
    );
}

fn with_fault(mut set: StatefulSet, fault: &str) -> StatefulSet {
    set.spec
        .template
        .metadata
        .as_mut()
        .unwrap()
        .labels
        .as_mut()
        .unwrap()
        .insert("ksts.test/fault".into(), fault.into());
    set
}

#[tokio::test]
async fn unhealthy_set_is_refused_before_anything_is_evicted() {
    let client = client().await;
    let ns = namespace(&client, "restart-gate").await;
    // OrderedReady: web-0 never becomes Ready, so web-1 is never created.
    let (svc, set) = web_set("web", 2, &[]);
    create_set(&client, &ns, Some(&svc), &with_fault(set, "never-ready")).await;
    wait_for(Duration::from_secs(60), "web-0 running", || async {
        Api::<Pod>::namespaced(client.clone(), &ns)
            .get_opt("web-0")
            .await
            .ok()
            .flatten()
            .and_then(|p| p.status?.phase)
            .as_deref()
            == Some("Running")
    })
    .await;
    let before = uids(&client, &ns).await;

    let out = sts(&["restart", "web", "-n", &ns, "--yes"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: not evicting web-1: pod web-0 is not Ready"),
        "{err}"
    );
    assert!(err.contains("Nothing was changed"), "{err}");
    assert_eq!(uids(&client, &ns).await, before);
    assert_eq!(annotation(&client, &ns).await, None);
}

#[tokio::test]
async fn failing_replacement_halts_the_restart_with_its_state_and_events() {
    let client = client().await;
    let ns = namespace(&client, "restart-halt").await;
    let (svc, set) = web_set("web", 1, &[]);
    create_set(&client, &ns, Some(&svc), &with_fault(set, "crash")).await;
    wait_for(Duration::from_secs(60), "web-0 crash-looping", || async {
        Api::<Pod>::namespaced(client.clone(), &ns)
            .get_opt("web-0")
            .await
            .ok()
            .flatten()
            .is_some_and(|p| {
                p.status
                    .and_then(|s| s.container_statuses)
                    .is_some_and(|cs| cs.iter().any(|c| c.restart_count > 0))
            })
    })
    .await;
    let before = uids(&client, &ns).await;

    // The only pod is unhealthy: it may be restarted (it goes first), but its
    // replacement crash-loops too, so the restart halts.
    let out = sts(&["restart", "web", "-n", &ns, "--yes", "--timeout", "60s"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("web-0 (unhealthy: container nginx is CrashLoopBackOff"),
        "{err}"
    );
    assert!(
        err.contains("halted: the new web-0 is failing: container nginx"),
        "{err}"
    );
    // The new pod's state is shown, then its events (there may be none yet).
    assert!(
        err.contains("Events of web-0:") || err.contains("No events for web-0."),
        "{err}"
    );
    assert!(
        err.contains("resume with: kubectl sts restart web"),
        "{err}"
    );
    let after = uids(&client, &ns).await;
    assert_ne!(after["web-0"], before["web-0"], "web-0 was evicted once");
    let record: Value = serde_json::from_str(
        &annotation(&client, &ns)
            .await
            .expect("the record stays for the resume"),
    )
    .unwrap();
    assert_eq!(record["done"], json!([]), "the failing pod is not done");
}

/// A ready `web` of 3 pods with claim template `data` (class `standard`,
/// reclaim policy Delete).
async fn ready_web_with_data(prefix: &str) -> (kube::Client, String) {
    let client = client().await;
    let ns = namespace(&client, prefix).await;
    let (svc, set) = web_set("web", 3, &[("data", "1Gi")]);
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "web").await;
    (client, ns)
}

async fn generation(client: &kube::Client, ns: &str) -> Option<i64> {
    Api::<StatefulSet>::namespaced(client.clone(), ns)
        .get("web")
        .await
        .unwrap()
        .metadata
        .generation
}

/// Runs every way `restart` can take web-1 down and checks each refuses
/// before anything is written: exit 1, the refusal contains each of
/// `expect`, same pod UIDs, same generation, no record.
async fn every_restart_path_refuses(client: &kube::Client, ns: &str, expect: &[&str]) {
    let before = uids(client, ns).await;
    let generation_before = generation(client, ns).await;
    for extra in [
        &[][..],
        &["--disable-eviction"][..],
        &["--pod", "web-1"][..],
        &["--via-template"][..],
    ] {
        let mut args = vec!["restart", "web", "-n", ns, "--yes", "--timeout", "30s"];
        args.extend_from_slice(extra);
        let out = sts(&args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}\n{err}");
        for e in expect {
            assert!(err.contains(e), "{args:?}: no {e:?} in:\n{err}");
        }
        assert_eq!(
            uids(client, ns).await,
            before,
            "{args:?}: no pod was taken down"
        );
        assert_eq!(
            generation(client, ns).await,
            generation_before,
            "{args:?}: the template was not changed"
        );
        assert_eq!(annotation(client, ns).await, None, "{args:?}: no record");
    }
}

/// A pod whose claim is being deleted must not be taken
/// down, by any path of `restart`; its data would go with it.
#[tokio::test]
async fn restart_refuses_when_a_claim_is_being_deleted() {
    let (client, ns) = ready_web_with_data("restart-claim-del").await;
    let claims: Api<PersistentVolumeClaim> = Api::namespaced(client.clone(), &ns);
    let pv = claims
        .get("data-web-1")
        .await
        .unwrap()
        .spec
        .unwrap()
        .volume_name
        .unwrap();
    // `kubectl delete pvc data-web-1 --wait=false`: pvc-protection holds it.
    claims
        .delete("data-web-1", &DeleteParams::default())
        .await
        .unwrap();
    let claim_uid = claims
        .get("data-web-1")
        .await
        .unwrap()
        .metadata
        .uid
        .unwrap();

    every_restart_path_refuses(
        &client,
        &ns,
        &[
            "data-web-1",
            &pv,
            "reclaimPolicy Delete",
            "being deleted",
            "the moment web-1 stops",
            "set its reclaim policy to Retain",
            "Nothing was evicted, deleted or patched",
        ],
    )
    .await;

    let claim = claims
        .get("data-web-1")
        .await
        .expect("the claim is still there");
    assert_eq!(claim.metadata.uid.as_deref(), Some(claim_uid.as_str()));
    assert!(
        Api::<PersistentVolume>::all(client.clone())
            .get_opt(&pv)
            .await
            .unwrap()
            .is_some(),
        "the PV is still there"
    );
}

/// The volume side: the claim is fine but its PersistentVolume is
/// being deleted (held by kubernetes.io/pv-protection while bound).
#[tokio::test]
async fn restart_refuses_when_the_claims_volume_is_being_deleted() {
    let (client, ns) = ready_web_with_data("restart-pv-del").await;
    let pv = Api::<PersistentVolumeClaim>::namespaced(client.clone(), &ns)
        .get("data-web-1")
        .await
        .unwrap()
        .spec
        .unwrap()
        .volume_name
        .unwrap();
    Api::<PersistentVolume>::all(client.clone())
        .delete(&pv, &DeleteParams::default())
        .await
        .unwrap();

    every_restart_path_refuses(&client, &ns, &["data-web-1", &pv, "being deleted"]).await;
}

/// Pods with an old restart (weeks ago, OOMKilled) are
/// healthy; restarting the set succeeds and the old restart is not held
/// against anyone.
#[tokio::test]
async fn restart_succeeds_on_pods_with_old_restarts() {
    let (client, ns) = ready_web("restart-old-restarts").await;
    // web-2 has no restart: if old restarts counted as unhealthy, web-0 and
    // web-1 would be restarted first (rule 3) and web-0 not last.
    for pod in ["web-0", "web-1"] {
        old_restart(&client, &ns, pod).await;
    }
    let before = uids(&client, &ns).await;

    let out = sts(&[
        "restart",
        "web",
        "-n",
        &ns,
        "--yes",
        "--min-ready",
        "1s",
        "--timeout",
        "60s",
        "-o",
        "json",
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let after = uids(&client, &ns).await;
    assert!(!err.contains("unhealthy"), "{err}");
    let pods = report["pods"].as_array().unwrap();
    let order: Vec<&str> = pods.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(order, ["web-2", "web-1", "web-0"], "ordinal order: {err}");
    for p in pods {
        assert_eq!(p["result"], "restarted", "{p}\n{err}");
    }
    for (name, uid) in &before {
        assert_ne!(&after[name], uid, "{name} was restarted");
    }
    assert_eq!(
        annotation(&client, &ns).await,
        None,
        "the record is cleared"
    );
}

/// A Lease on the set as another operation would hold it, renewed at
/// `renewed` (RFC 3339).
async fn foreign_lease(client: &kube::Client, ns: &str, renewed: &str) {
    use k8s_openapi::api::coordination::v1::Lease;
    let lease: Lease = from(json!({
        "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
        "metadata": {
            "name": "kubectl-sts-web",
            "annotations": {
                "kubectl-sts.io/operation": "rollout canary",
                "kubectl-sts.io/started-at": "2026-11-29T10:00:00Z"
            }
        },
        "spec": {
            "holderIdentity": "bob@bastion (pid 4242)",
            "leaseDurationSeconds": 30,
            "acquireTime": renewed,
            "renewTime": renewed
        }
    }));
    let api: Api<Lease> = Api::namespaced(client.clone(), ns);
    let _ = api
        .delete("kubectl-sts-web", &DeleteParams::default())
        .await;
    api.create(&PostParams::default(), &lease).await.unwrap();
}

fn micro_now_minus(secs: i64) -> String {
    let t = k8s_openapi::jiff::Timestamp::now()
        .checked_sub(k8s_openapi::jiff::SignedDuration::from_secs(secs))
        .unwrap();
    t.strftime("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

#[tokio::test]
async fn a_second_operation_on_the_set_is_refused_while_the_lease_is_held() {
    let (client, ns) = ready_web("restart-lease").await;
    let before = uids(&client, &ns).await;

    // Held and renewed just now by another operation: refused, nothing evicted.
    foreign_lease(&client, &ns, &micro_now_minus(1)).await;
    let out = sts(&["restart", "web", "-n", &ns, "--yes", "--timeout", "60s"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("rollout canary by bob@bastion (pid 4242)") && err.contains("since"),
        "{err}"
    );
    assert_eq!(uids(&client, &ns).await, before, "nothing evicted");
    assert_eq!(annotation(&client, &ns).await, None, "no record written");
    // Every operation that writes takes the same Lease.
    let sets: Api<StatefulSet> = Api::namespaced(client.clone(), &ns);
    let generation = sets.get("web").await.unwrap().metadata.generation;
    for args in [
        vec!["rollout", "pause", "web", "-n", &ns, "--yes"],
        vec!["rollout", "canary", "web", "-n", &ns, "--yes"],
        vec!["restart", "web", "-n", &ns, "--yes", "--via-template"],
    ] {
        let out = sts(&args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("bob@bastion (pid 4242)"), "{args:?}: {err}");
    }
    assert_eq!(
        sets.get("web").await.unwrap().metadata.generation,
        generation,
        "nothing patched"
    );

    // A dry run takes no lease: it still shows the plan.
    let out = sts(&["restart", "web", "-n", &ns, "--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // The holder stopped renewing: taken over, saying so; released at the end.
    foreign_lease(&client, &ns, &micro_now_minus(120)).await;
    let out = sts(&["restart", "web", "-n", &ns, "--yes", "--timeout", "120s"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("taking over lease kubectl-sts-web"), "{err}");
    let leases: Api<k8s_openapi::api::coordination::v1::Lease> =
        Api::namespaced(client.clone(), &ns);
    assert!(
        leases.get_opt("kubectl-sts-web").await.unwrap().is_none(),
        "the lease is released when the restart ends"
    );
}

/// A run interrupted right after evicting web-2, whose replacement the
/// controller created in the same second as the run's start (creation
/// times have whole seconds): a re-run verifies the replacement by the UID
/// the run recorded evicting, instead of taking it for the old pod and
/// waiting until the deadline.
#[tokio::test]
async fn a_resumed_restart_verifies_a_replacement_created_in_its_start_second() {
    let (client, ns) = ready_web("restart-same-second").await;
    let pods: Api<Pod> = Api::namespaced(client.clone(), &ns);
    let old = uids(&client, &ns).await;
    pods.delete("web-2", &DeleteParams::default())
        .await
        .unwrap();
    wait_ready(&client, &ns, "web").await;
    let replacement = pods.get("web-2").await.unwrap();
    assert_ne!(replacement.metadata.uid, old.get("web-2").cloned());
    let created = replacement.metadata.creation_timestamp.unwrap().0;
    let record = json!({
        "startedAt": created.to_string(),
        "done": [],
        "evicting": {"pod": "web-2", "uid": old["web-2"]},
    });
    let sets: Api<StatefulSet> = Api::namespaced(client.clone(), &ns);
    sets.patch(
        "web",
        &kube::api::PatchParams::default(),
        &kube::api::Patch::Merge(json!({
            "metadata": {"annotations": {ANNOTATION: record.to_string()}}
        })),
    )
    .await
    .unwrap();
    let before = uids(&client, &ns).await;

    let out = sts(&[
        "restart",
        "web",
        "-n",
        &ns,
        "--yes",
        "--min-ready",
        "1s",
        "--timeout",
        "40s",
        "-o",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let web2 = report["pods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "web-2")
        .cloned()
        .unwrap_or_else(|| panic!("no web-2 in {report:#}"));
    assert_eq!(web2["result"], "verified", "{report:#}");
    let after = uids(&client, &ns).await;
    assert_eq!(after["web-2"], before["web-2"], "web-2 restarted twice");
    assert_ne!(after["web-0"], before["web-0"]);
    assert_ne!(after["web-1"], before["web-1"]);
    assert_eq!(annotation(&client, &ns).await, None);
}

/// `kubectl sts restart ... 2>&1 | head` closes the output while pods are
/// being evicted: the restart still runs to its end (no panic between an
/// eviction and its verification) and exits 0.
#[tokio::test]
async fn a_restart_whose_output_is_closed_still_finishes() {
    let (client, ns) = ready_web("restart-closed-output").await;
    let before = uids(&client, &ns).await;
    let e = env();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kubectl-sts"))
        .env("KUBECONFIG", &e.kubeconfig)
        .env("NO_COLOR", "1")
        .args(["--context", &e.context, "restart", "web", "-n", &ns])
        .args(["--yes", "--min-ready", "1s", "--timeout", "3m"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Nobody reads: every write to stdout or stderr now fails (EPIPE).
    drop(child.stdout.take());
    drop(child.stderr.take());
    let status = tokio::task::spawn_blocking(move || child.wait().unwrap())
        .await
        .unwrap();
    assert_eq!(status.code(), Some(0), "{status:?}");
    let after = uids(&client, &ns).await;
    for (pod, uid) in &before {
        assert_ne!(&after[pod], uid, "{pod} was not restarted");
    }
    assert_eq!(annotation(&client, &ns).await, None);
}
