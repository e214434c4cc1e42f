//! How fast `kubectl sts rollout canary` moves on: the delay between the
//! pod of a step becoming Ready-and-stable and the next partition write.
//! Both instants are taken from this program's own watches (pods and the
//! StatefulSet), so they are measured the same way. Not a test: it prints
//! figures. Needs the e2e cluster: run it through `scripts/bench`.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::StreamExt;
use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{Namespace, Pod, Service};
use kube::api::{Api, Patch, PatchParams, PostParams};
use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::runtime::{WatchStreamExt, watcher};
use kube::{Client, Config};
use serde_json::json;

const REPLICAS: i32 = 6;

fn var(k: &str) -> String {
    std::env::var(k).unwrap_or_else(|_| panic!("{k} is not set: run this through scripts/bench"))
}

#[tokio::main]
async fn main() {
    let kubeconfig = var("KSTS_E2E_KUBECONFIG");
    let context = var("KSTS_E2E_CONTEXT");
    let kc = Kubeconfig::read_from(&kubeconfig).expect("kubeconfig");
    let opts = KubeConfigOptions {
        context: Some(context.clone()),
        ..Default::default()
    };
    let client =
        Client::try_from(Config::from_custom_kubeconfig(kc, &opts).await.unwrap()).unwrap();
    for min_ready in [0u64, 2] {
        let delays = run(&client, &kubeconfig, &context, min_ready).await;
        let mut ms: Vec<u128> = delays.iter().map(|d| d.as_millis()).collect();
        ms.sort();
        println!(
            "min-ready {min_ready}s: {} steps, delay from Ready-and-stable to the next partition \
             write: min {} ms, median {} ms, max {} ms (all: {ms:?})",
            ms.len(),
            ms.first().unwrap_or(&0),
            ms.get(ms.len() / 2).unwrap_or(&0),
            ms.last().unwrap_or(&0),
        );
    }
}

async fn run(client: &Client, kubeconfig: &str, context: &str, min_ready: u64) -> Vec<Duration> {
    let ns = format!("bench-rollout-{}-{min_ready}", std::process::id());
    Api::<Namespace>::all(client.clone())
        .create(
            &PostParams::default(),
            &serde_json::from_value(json!({"metadata": {"name": ns}})).unwrap(),
        )
        .await
        .unwrap();
    let sa: Api<k8s_openapi::api::core::v1::ServiceAccount> = Api::namespaced(client.clone(), &ns);
    while sa.get_opt("default").await.unwrap().is_none() {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let svc: Service = serde_json::from_value(json!({
        "metadata": {"name": "web"},
        "spec": {"clusterIP": "None", "selector": {"app": "web"}, "ports": [{"port": 80}]}
    }))
    .unwrap();
    Api::<Service>::namespaced(client.clone(), &ns)
        .create(&PostParams::default(), &svc)
        .await
        .unwrap();
    let set: StatefulSet = serde_json::from_value(json!({
        "metadata": {"name": "web"},
        "spec": {
            "serviceName": "web", "replicas": REPLICAS,
            "selector": {"matchLabels": {"app": "web"}},
            "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": REPLICAS}},
            "template": {"metadata": {"labels": {"app": "web"}},
                "spec": {"containers": [{"name": "nginx", "image": "registry.k8s.io/nginx-slim:0.27"}]}}
        }
    }))
    .unwrap();
    let sets: Api<StatefulSet> = Api::namespaced(client.clone(), &ns);
    sets.create(&PostParams::default(), &set).await.unwrap();
    loop {
        let s = sets.get("web").await.unwrap();
        if s.status.and_then(|st| st.ready_replicas) == Some(REPLICAS) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    sets.patch(
        "web",
        &PatchParams::default(),
        &Patch::Merge(json!({"spec": {"template": {"metadata": {"labels": {"v": "2"}}}}})),
    )
    .await
    .unwrap();
    let update = loop {
        let s = sets.get("web").await.unwrap();
        let st = s.status.unwrap_or_default();
        if st.observed_generation >= s.metadata.generation
            && st.update_revision != st.current_revision
        {
            break st.update_revision.unwrap();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };

    // Instants seen by our own watches.
    let ready_at: Arc<Mutex<BTreeMap<String, Instant>>> = Arc::default();
    let partition_at: Arc<Mutex<BTreeMap<i32, Instant>>> = Arc::default();
    let pods = {
        let ready_at = ready_at.clone();
        let update = update.clone();
        let api: Api<Pod> = Api::namespaced(client.clone(), &ns);
        tokio::spawn(async move {
            let mut s = Box::pin(watcher(api, watcher::Config::default()).applied_objects());
            while let Some(Ok(p)) = s.next().await {
                let rev = p
                    .metadata
                    .labels
                    .as_ref()
                    .and_then(|l| l.get("controller-revision-hash"));
                let ready = p
                    .status
                    .as_ref()
                    .and_then(|s| s.conditions.as_ref())
                    .is_some_and(|c| c.iter().any(|c| c.type_ == "Ready" && c.status == "True"));
                if rev == Some(&update) && ready {
                    ready_at
                        .lock()
                        .unwrap()
                        .entry(p.metadata.name.unwrap())
                        .or_insert_with(Instant::now);
                }
            }
        })
    };
    let parts = {
        let partition_at = partition_at.clone();
        let api = sets.clone();
        tokio::spawn(async move {
            let mut s = Box::pin(watcher(api, watcher::Config::default()).applied_objects());
            while let Some(Ok(set)) = s.next().await {
                if let Some(p) = set
                    .spec
                    .update_strategy
                    .and_then(|u| u.rolling_update)
                    .and_then(|r| r.partition)
                {
                    partition_at
                        .lock()
                        .unwrap()
                        .entry(p)
                        .or_insert_with(Instant::now);
                }
            }
        })
    };
    tokio::time::sleep(Duration::from_millis(500)).await;

    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_kubectl-sts"));
    cmd.env("KUBECONFIG", kubeconfig)
        .env("NO_COLOR", "1")
        .args(["--context", context, "rollout", "canary", "web", "-n", &ns])
        .args(["--yes", "--min-ready", &format!("{min_ready}s")]);
    let out = tokio::task::spawn_blocking(move || cmd.output())
        .await
        .unwrap()
        .unwrap();
    assert!(
        out.status.success(),
        "canary failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    pods.abort();
    parts.abort();

    // Step i updates ordinal REPLICAS-1-i; the next write sets partition REPLICAS-2-i.
    let ready_at = ready_at.lock().unwrap().clone();
    let partition_at = partition_at.lock().unwrap().clone();
    let mut delays = Vec::new();
    for ord in (1..REPLICAS).rev() {
        let stable = ready_at[&format!("web-{ord}")] + Duration::from_secs(min_ready);
        let next = partition_at[&(ord - 1)];
        delays.push(next.saturating_duration_since(stable));
    }
    let _ = Api::<Namespace>::all(client.clone())
        .delete(&ns, &Default::default())
        .await;
    delays
}
