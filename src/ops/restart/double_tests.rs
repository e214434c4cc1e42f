//! The restart operation against the scripted API double (`ops::double`):
//! the faults the real API server cannot produce on cue. The normal paths
//! are e2e tests on the real control plane (tests/e2e/restart.rs).

use std::sync::Arc;
use std::time::Duration;

use k8s_openapi::api::core::v1::{PersistentVolumeClaimVolumeSource, Pod, Volume};
use serde_json::{Value, json};

use super::{Options, restart_pods};
use crate::error::Failure;
use crate::ops::double::{self, list, object, status};
use crate::ops::retry::CONFLICT_ATTEMPTS;
use crate::plan::fixtures::{REV_A, pod, pv_for, pvc, sts, terminating};

/// What the double answers for one request; `None` falls back to the
/// healthy two-pod set.
type Fault = dyn Fn(&str, &str) -> Option<(u16, Value)> + Send + Sync;

/// A healthy `web` (2 replicas, claim template `data`) whose every request
/// is answered by `fault` first, then by the healthy state. `claim_deleting`
/// makes data-web-1 Terminating.
fn cluster(claim_deleting: bool, fault: Arc<Fault>) -> (crate::cluster::Kube, double::Log) {
    let mut set = sts("web", 2, &["data"]);
    set.metadata.resource_version = Some("10".into());
    let with_claim = |mut p: Pod, claim: &str| {
        p.spec
            .as_mut()
            .unwrap()
            .volumes
            .get_or_insert_with(Vec::new)
            .push(Volume {
                name: "data".into(),
                persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                    claim_name: claim.into(),
                    read_only: None,
                }),
                ..Default::default()
            });
        p.metadata.resource_version = Some("5".into());
        p
    };
    let pods = [
        with_claim(pod(&set, 0, REV_A), "data-web-0"),
        with_claim(pod(&set, 1, REV_A), "data-web-1"),
    ];
    let claim = move |o: i32| {
        let c = pvc("data", "web", o, "1Gi");
        if claim_deleting && o == 1 {
            terminating(c)
        } else {
            c
        }
    };
    let sts_json = object("apps/v1", "StatefulSet", &set);
    let pod_list = list(
        "v1",
        "PodList",
        pods.iter().map(|p| object("v1", "Pod", p)).collect(),
    );
    let pdb = json!({
        "apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
        "metadata": { "name": "web-pdb", "namespace": "shop" },
        "spec": { "maxUnavailable": 0, "selector": { "matchLabels": { "app": "web" } } },
        "status": { "currentHealthy": 2, "desiredHealthy": 2, "disruptionsAllowed": 0, "expectedPods": 2 }
    });
    double::kube(move |method, uri, body| {
        if let Some(r) = fault(method, uri) {
            return r;
        }
        let path = uri.split('?').next().unwrap_or(uri);
        match (method, path) {
            ("GET", "/apis/apps/v1/namespaces/shop/statefulsets/web") => (200, sts_json.clone()),
            ("PATCH", "/apis/apps/v1/namespaces/shop/statefulsets/web") => (200, sts_json.clone()),
            ("GET", "/api/v1/namespaces/shop/pods") => (200, pod_list.clone()),
            // The set's Lease: absent, then created and deleted as sent.
            ("POST", "/apis/coordination.k8s.io/v1/namespaces/shop/leases") => {
                (201, serde_json::from_str(body).unwrap())
            }
            ("DELETE", p) if p.starts_with("/apis/coordination.k8s.io/") => {
                (200, status(200, "", ""))
            }
            ("GET", "/apis/policy/v1/namespaces/shop/poddisruptionbudgets") => (
                200,
                list("policy/v1", "PodDisruptionBudgetList", vec![pdb.clone()]),
            ),
            ("GET", p) if p.starts_with("/api/v1/namespaces/shop/persistentvolumeclaims/") => {
                let o: i32 = p.rsplit('-').next().unwrap().parse().unwrap();
                (200, object("v1", "PersistentVolumeClaim", &claim(o)))
            }
            ("GET", p) if p.starts_with("/api/v1/persistentvolumes/") => {
                let o: i32 = p.rsplit('-').next().unwrap().parse().unwrap();
                (
                    200,
                    object("v1", "PersistentVolume", &pv_for(&claim(o), "Delete")),
                )
            }
            _ => (404, status(404, "NotFound", &format!("{method} {uri}"))),
        }
    })
}

fn opts(timeout: Duration) -> Options {
    Options {
        min_ready: Duration::ZERO,
        timeout,
        last: None,
        disable_eviction: false,
        dry_run: None,
        yes: true,
        resume: "kubectl sts restart web -n shop --pod web-1 --yes".into(),
        checks: None,
        snapshot: Default::default(),
    }
}

async fn restart_web_1(
    kube: &crate::cluster::Kube,
    timeout: Duration,
) -> Result<super::Report, Failure> {
    restart_pods(
        kube,
        "shop",
        "web",
        Some(vec!["web-1".into()]),
        &opts(timeout),
    )
    .await
}

const EVICTION: &str = "/pods/web-1/eviction";

#[tokio::test]
async fn a_budget_that_keeps_saying_429_ends_at_the_deadline_and_never_deletes() {
    let fault: Arc<Fault> = Arc::new(|method: &str, uri: &str| {
        (method == "POST" && uri.contains(EVICTION)).then(|| {
            (
                429,
                status(
                    429,
                    "TooManyRequests",
                    "Cannot evict pod as it would violate the pod's disruption budget.",
                ),
            )
        })
    });
    let (kube, log) = cluster(false, fault);
    let err = restart_web_1(&kube, Duration::from_secs(2))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Failure::TimedOut(m) if m.contains("web-pdb") && m.contains("resume")),
        "{err:?}"
    );
    assert!(log.count("POST", EVICTION) >= 2, "retried: {:?}", log.all());
    assert_eq!(
        log.count("DELETE", "/pods/"),
        0,
        "never falls back to delete"
    );
}

#[tokio::test]
async fn a_409_storm_on_the_record_stops_before_any_eviction() {
    let fault: Arc<Fault> = Arc::new(|method: &str, uri: &str| {
        (method == "PATCH" && uri.contains("/statefulsets/web"))
            .then(|| (409, status(409, "Conflict", "the object has been modified")))
    });
    let (kube, log) = cluster(false, fault);
    let err = restart_web_1(&kube, Duration::from_secs(5))
        .await
        .unwrap_err();
    assert!(matches!(err, Failure::Conflict(_)), "{err:?}");
    assert_eq!(log.count("PATCH", "/statefulsets/web"), CONFLICT_ATTEMPTS);
    assert_eq!(log.count("POST", EVICTION), 0);
}

#[tokio::test]
async fn a_5xx_on_the_eviction_stops_the_restart_without_a_retry() {
    let fault: Arc<Fault> = Arc::new(|method: &str, uri: &str| {
        (method == "POST" && uri.contains(EVICTION))
            .then(|| (500, status(500, "InternalError", "etcd leader changed")))
    });
    let (kube, log) = cluster(false, fault);
    let err = restart_web_1(&kube, Duration::from_secs(5))
        .await
        .unwrap_err();
    assert!(!matches!(err, Failure::TimedOut(_)), "{err:?}");
    assert_eq!(log.count("POST", EVICTION), 1);
    assert_eq!(log.count("DELETE", "/pods/"), 0);
}

#[tokio::test]
async fn a_claim_being_deleted_refuses_before_any_write() {
    let (kube, log) = cluster(true, Arc::new(|_: &str, _: &str| None));
    let err = restart_web_1(&kube, Duration::from_secs(5))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Failure::Refused(m) if m.contains("data-web-1") && m.contains("reclaimPolicy Delete")),
        "{err:?}"
    );
    // Nothing written to the set, its pods or its claims (the run's own
    // Lease is taken and released around it).
    let writes: Vec<_> = log
        .all()
        .into_iter()
        .filter(|s| s.is_write() && !s.uri.contains("/leases"))
        .collect();
    assert!(writes.is_empty(), "{writes:?}");
}
