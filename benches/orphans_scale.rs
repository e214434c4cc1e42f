//! `pvc orphans -A` at scale, beside `kubectl get pvc,pods,sts -A -o json`.
//!
//! Needs a running local control plane: run it through `scripts/bench-pvc`,
//! which starts one, or set KSTS_E2E_KUBECONFIG, KSTS_E2E_CONTEXT and
//! KSTS_KUBECTL by hand. Size: KSTS_BENCH_NAMESPACES (default 100), each
//! with one StatefulSet of 2 replicas and claims for ordinals 0..6 (4
//! scaled-down orphans per namespace), plus one claim of a deleted set.
//! Prints requests made and wall time of each command (best of 3 runs).

use std::process::Command;
use std::time::{Duration, Instant};

use futures::{StreamExt, stream};
use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{Namespace, PersistentVolumeClaim};
use kube::api::{Api, ListParams, PostParams};
use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::{Client, Config};
use serde_json::json;

const PREFIX: &str = "bench-orphans";
const ORDINALS: i32 = 6;
const REPLICAS: i32 = 2;

fn var(k: &str) -> String {
    std::env::var(k).unwrap_or_else(|_| {
        panic!("{k} is not set: run scripts/bench-pvc, which starts the local control plane")
    })
}

fn from<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> T {
    serde_json::from_value(v).expect("fixture")
}

async fn setup(client: &Client, n: usize) {
    let nss: Api<Namespace> = Api::all(client.clone());
    let existing = nss
        .list(&ListParams::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .filter(|n| {
            n.metadata
                .name
                .as_deref()
                .is_some_and(|x| x.starts_with(PREFIX))
        })
        .count();
    if existing >= n {
        eprintln!("reusing {existing} namespaces");
        return;
    }
    let started = Instant::now();
    stream::iter(existing..n)
        .for_each_concurrent(16, |i| {
            let client = client.clone();
            async move {
                let ns = format!("{PREFIX}-{i}");
                Api::<Namespace>::all(client.clone())
                    .create(&PostParams::default(), &from(json!({"metadata": {"name": ns}})))
                    .await
                    .unwrap();
                let set: StatefulSet = from(json!({
                    "metadata": {"name": "db"},
                    "spec": {
                        "serviceName": "db", "replicas": REPLICAS,
                        "selector": {"matchLabels": {"app": "db"}},
                        "template": {"metadata": {"labels": {"app": "db"}}, "spec": {"containers": [
                            {"name": "c", "image": "registry.k8s.io/pause:3.10",
                             "volumeMounts": [{"name": "data", "mountPath": "/data"}]}]}},
                        "volumeClaimTemplates": [{"metadata": {"name": "data"}, "spec": {
                            "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}]
                    }
                }));
                let pvcs: Api<PersistentVolumeClaim> = Api::namespaced(client.clone(), &ns);
                // Claims as the controller makes them; those of the live
                // ordinals are created by the controller itself.
                let mut names: Vec<(String, &str)> = (REPLICAS..ORDINALS)
                    .map(|o| (format!("data-db-{o}"), "db"))
                    .collect();
                names.push(("data-old-0".into(), "old"));
                for (name, app) in names {
                    let c: PersistentVolumeClaim = from(json!({
                        "metadata": {"name": name, "labels": {"app": app}},
                        "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}
                    }));
                    pvcs.create(&PostParams::default(), &c).await.unwrap();
                }
                Api::<StatefulSet>::namespaced(client.clone(), &ns)
                    .create(&PostParams::default(), &set)
                    .await
                    .unwrap();
            }
        })
        .await;
    eprintln!(
        "created {} namespaces in {:?}",
        n - existing,
        started.elapsed()
    );
    // Let the controller create the live claims and pods.
    let all: Api<PersistentVolumeClaim> = Api::all(client.clone());
    let want = n * (ORDINALS as usize + 1);
    let deadline = Instant::now() + Duration::from_secs(600);
    loop {
        let have = all.list(&ListParams::default()).await.unwrap().items.len();
        if have >= want {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "only {have} of {want} PVCs after 10 minutes"
        );
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
}

fn best_of(
    runs: usize,
    mut f: impl FnMut() -> (Duration, usize, usize),
) -> (Duration, usize, usize) {
    (0..runs).map(|_| f()).min_by_key(|r| r.0).unwrap()
}

fn main() {
    let n: usize = std::env::var("KSTS_BENCH_NAMESPACES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let kubeconfig = var("KSTS_E2E_KUBECONFIG");
    let context = var("KSTS_E2E_CONTEXT");
    let kubectl = var("KSTS_KUBECTL");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let kc = Kubeconfig::read_from(&kubeconfig).unwrap();
        let opts = KubeConfigOptions {
            context: Some(context.clone()),
            ..Default::default()
        };
        let config = Config::from_custom_kubeconfig(kc, &opts).await.unwrap();
        let client = Client::try_from(config).unwrap();
        setup(&client, n).await;
    });

    let ours = best_of(3, || {
        let t = Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_kubectl-sts"))
            .args(["--kubeconfig", &kubeconfig, "--context", &context])
            .args(["pvc", "orphans", "-A", "-o", "json", "-v", "6"])
            .output()
            .unwrap();
        let wall = t.elapsed();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let err = String::from_utf8_lossy(&out.stderr);
        let requests = err
            .lines()
            .find_map(|l| {
                l.strip_prefix("api: ")?
                    .strip_suffix(" requests")?
                    .parse()
                    .ok()
            })
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        // Only the benchmark's namespaces: the cluster may hold others.
        let ours = report["orphans"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| {
                o["namespace"]
                    .as_str()
                    .is_some_and(|n| n.starts_with(PREFIX))
            })
            .count();
        (wall, requests, ours)
    });
    let theirs = best_of(3, || {
        let t = Instant::now();
        let out = Command::new(&kubectl)
            .args(["--kubeconfig", &kubeconfig, "--context", &context])
            .args(["get", "pvc,pods,sts", "-A", "-o", "json", "-v=6"])
            .output()
            .unwrap();
        let wall = t.elapsed();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let err = String::from_utf8_lossy(&out.stderr);
        // kubectl -v=6 logs one line per response: `"Response" verb="GET" ...` or `GET https://... 200 OK`.
        let requests = err
            .lines()
            .filter(|l| l.contains("verb=\"GET\"") || l.contains("GET https://"))
            .count();
        let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (wall, requests, items["items"].as_array().unwrap().len())
    });
    println!(
        "namespaces: {n}, StatefulSets: {n}, PVCs: {}, pods: {}",
        n * (ORDINALS as usize + 1),
        n * REPLICAS as usize
    );
    println!(
        "kubectl sts pvc orphans -A -o json:          {:>7.0} ms, {:>3} requests, {} orphans found in the benchmark's namespaces",
        ours.0.as_secs_f64() * 1000.0,
        ours.1,
        ours.2
    );
    println!(
        "kubectl get pvc,pods,sts -A -o json:         {:>7.0} ms, {:>3} requests, {} objects",
        theirs.0.as_secs_f64() * 1000.0,
        theirs.1,
        theirs.2
    );
    let expected = n * (ORDINALS - REPLICAS + 1) as usize;
    assert_eq!(ours.2, expected, "orphans found");
}
