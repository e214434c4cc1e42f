//! `kubectl sts restart` against the real StatefulSet and disruption
//! controllers and the real Eviction API.

use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::StreamExt;
use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use kube::api::{Api, ListParams, PostParams};
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
/// and the order in which pods started terminating.
#[derive(Default, Debug)]
struct Seen {
    max_unavailable: usize,
    /// (name, uid) of each pod when it started terminating, once per UID.
    terminated: Vec<(String, String)>,
}

impl Seen {
    fn push(&mut self, p: &Pod) {
        let id = (
            p.metadata.name.clone().unwrap(),
            p.metadata.uid.clone().unwrap(),
        );
        if !self.terminated.contains(&id) {
            self.terminated.push(id);
        }
    }
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
                    let name = p.metadata.name.clone().unwrap();
                    let was_terminating = pods
                        .get(&name)
                        .is_some_and(|o| o.metadata.deletion_timestamp.is_some());
                    if listed && p.metadata.deletion_timestamp.is_some() && !was_terminating {
                        out.lock().unwrap().push(&p);
                    }
                    pods.insert(name, p);
                }
                watcher::Event::Delete(p) => {
                    let name = p.metadata.name.clone().unwrap();
                    let was_terminating = pods
                        .get(&name)
                        .is_some_and(|o| o.metadata.deletion_timestamp.is_some());
                    if listed && !was_terminating {
                        out.lock().unwrap().push(&p);
                    }
                    pods.remove(&name);
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
    let down: Vec<&str> = seen.terminated.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        down,
        ["web-2", "web-1", "web-0"],
        "pods taken down in this order, once each: {seen:?}"
    );
    for (name, uid) in &seen.terminated {
        assert_eq!(&before[name], uid, "only the original pods were taken down");
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
            annotation(&client, &ns)
                .await
                .is_some_and(|a| a.contains("\"web-2\""))
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
    let mid = uids(&client, &ns).await;
    assert_eq!(record["done"][0]["pod"], "web-2");
    assert_eq!(record["done"][0]["uid"], mid["web-2"].as_str());
    assert_ne!(mid["web-2"], original["web-2"]);
    assert_eq!(mid["web-0"], original["web-0"], "web-0 not reached yet");
    wait_ready(&client, &ns, "web").await;

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
