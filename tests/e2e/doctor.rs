//! `kubectl sts doctor` on the real control plane: seeded mistakes found with
//! their IDs and severities, the exit code under `--fail-on`, silencing,
//! checks that cannot read their kinds, and the request count.

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::Service;
use kube::api::{Api, Patch, PatchParams};
use serde_json::{Value, json};

use crate::harness::*;

fn code(o: &std::process::Output) -> Option<i32> {
    o.status.code()
}

fn report(o: &std::process::Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not the JSON report ({e}):\n{}\n{}", stdout(o), stderr(o)))
}

/// The set `name` of a report.
fn set<'a>(r: &'a Value, name: &str) -> &'a Value {
    r["statefulSets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("{name} not in the report: {r}"))
}

/// (check, severity, silenced) of a set's findings.
fn found(s: &Value) -> Vec<(String, String, bool)> {
    s["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["check"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["silenced"].as_bool().unwrap(),
            )
        })
        .collect()
}

/// The finding of `check` in a set's report.
fn finding<'a>(s: &'a Value, check: &str) -> &'a Value {
    s["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == check)
        .unwrap_or_else(|| panic!("no {check} finding: {s}"))
}

/// Whether finding `f` names `object` (`kind/name`).
fn involves(f: &Value, object: &str) -> bool {
    f["objects"].as_array().unwrap().contains(&json!(object))
}

fn has(s: &Value, check: &str, severity: &str) -> bool {
    found(s)
        .iter()
        .any(|(c, sev, _)| c == check && sev == severity)
}

/// A Service named `name` with a cluster IP: the mistake of a governing
/// Service that is not headless.
fn cluster_ip_service(name: &str) -> Service {
    from(json!({
        "metadata": {"name": name},
        "spec": {"selector": {"app": name}, "ports": [{"name": "client", "port": 2181}]}
    }))
}

#[tokio::test]
async fn seeded_mistakes_are_reported_with_their_ids_severities_and_fixes() {
    let client = client().await;
    let ns = namespace(&client, "doctor-seeded").await;
    // zk: its governing Service has a cluster IP.
    let (_, zk) = web_set("zk", 3, &[("data", "1Gi")]);
    create_set(&client, &ns, Some(&cluster_ip_service("zk")), &zk).await;
    // orders: serviceName names a Service nobody created.
    let (_, orders) = web_set("orders", 1, &[]);
    create_set(&client, &ns, None, &orders).await;
    // good: the headless Service selects its pods.
    let (svc, good) = web_set("good", 1, &[]);
    create_set(&client, &ns, Some(&svc), &good).await;
    for name in ["zk", "orders", "good"] {
        wait_ready(&client, &ns, name).await;
    }

    let out = sts(&["doctor", "-n", &ns, "-o", "json"]);
    assert_eq!(code(&out), Some(1), "errors fail the run: {}", stderr(&out));
    let r = report(&out);
    assert_eq!(r["kind"], "DoctorReport");
    let zk = set(&r, "zk");
    assert!(has(zk, "service-not-headless", "error"), "{zk}");
    let f = finding(zk, "service-not-headless");
    assert!(involves(f, "service/zk"), "{f}");
    assert!(
        f["evidence"][0]
            .as_str()
            .unwrap()
            .contains("spec.clusterIP: \"10."),
        "the cluster IP as read: {f}"
    );
    assert!(
        f["fix"].as_str().unwrap().contains("clusterIP: None"),
        "{f}"
    );
    assert!(has(set(&r, "orders"), "service-missing", "error"), "{r}");
    let good = set(&r, "good");
    assert!(
        !found(good)
            .iter()
            .any(|(c, _, _)| c.starts_with("service-")),
        "{good}"
    );
    assert!(r["summary"]["errors"].as_u64().unwrap() >= 2, "{r}");

    // --fail-on never: the same findings, exit 0.
    let out = sts(&["doctor", "-n", &ns, "--fail-on", "never"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let table = stdout(&out);
    assert!(table.contains(&format!("statefulset {ns}/zk:")), "{table}");
    assert!(
        table.contains("service-not-headless: the governing Service \"zk\" is not headless"),
        "{table}"
    );
    assert!(table.contains("fix: "), "{table}");
}

#[tokio::test]
async fn findings_a_set_accepts_are_silenced_and_do_not_fail_the_run() {
    let client = client().await;
    let ns = namespace(&client, "doctor-silence").await;
    let (_, zk) = web_set("zk", 1, &[]);
    create_set(&client, &ns, Some(&cluster_ip_service("zk")), &zk).await;
    wait_ready(&client, &ns, "zk").await;

    let before = report(&sts(&["doctor", "zk", "-n", &ns, "-o", "json"]));
    let errors: Vec<String> = found(set(&before, "zk"))
        .into_iter()
        .filter(|(_, sev, _)| sev == "error")
        .map(|(c, _, _)| c)
        .collect();
    assert!(
        errors.contains(&"service-not-headless".to_string()),
        "{before}"
    );

    Api::<StatefulSet>::namespaced(client.clone(), &ns)
        .patch(
            "zk",
            &PatchParams::default(),
            &Patch::Merge(json!({"metadata": {"annotations": {
                "kubectl-sts.io/doctor-silence": errors.join(", ")
            }}})),
        )
        .await
        .unwrap();
    let out = sts(&["doctor", "zk", "-n", &ns, "-o", "json"]);
    assert_eq!(code(&out), Some(0), "{}", stdout(&out));
    let r = report(&out);
    for (check, sev, silenced) in found(set(&r, "zk")) {
        assert_eq!(silenced, errors.contains(&check), "{check} ({sev}): {r}");
    }
    assert_eq!(r["summary"]["errors"], 0, "{r}");
    assert_eq!(r["summary"]["silenced"], errors.len(), "{r}");
}

#[tokio::test]
async fn checks_whose_objects_cannot_be_read_say_so_and_the_others_still_run() {
    let client = client().await;
    let ns = namespace(&client, "doctor-rbac").await;
    let (_, zk) = web_set("zk", 2, &[("data", "1Gi")]);
    create_set(&client, &ns, Some(&cluster_ip_service("zk")), &zk).await;
    wait_ready(&client, &ns, "zk").await;

    // Namespace reads only: no PDBs, and no cluster-scoped kinds (PVs,
    // StorageClasses, nodes).
    let kc = account_with_rules(
        &client,
        &ns,
        "viewer",
        json!([
            {"apiGroups": ["apps"], "resources": ["statefulsets"], "verbs": ["get", "list"]},
            {"apiGroups": [""], "resources": ["pods", "services", "persistentvolumeclaims"],
             "verbs": ["get", "list"]}
        ]),
    )
    .await;
    let kc = kc.to_str().unwrap();

    let out = sts(&[
        "--kubeconfig",
        kc,
        "--context",
        "sa",
        "doctor",
        "zk",
        "-n",
        &ns,
        "-o",
        "json",
    ]);
    assert_eq!(code(&out), Some(1), "{}", stderr(&out));
    let r = report(&out);
    let zk = set(&r, "zk");
    assert!(has(zk, "service-not-headless", "error"), "{zk}");
    let reasons: Vec<&str> = zk["skipped"]
        .as_array()
        .unwrap_or_else(|| panic!("checks not run are listed: {zk}"))
        .iter()
        .map(|s| s["reason"].as_str().unwrap())
        .collect();
    for kind in ["poddisruptionbudgets", "storageclasses"] {
        assert!(
            reasons
                .iter()
                .any(|r| r.starts_with(&format!("{kind} could not be read"))
                    && r.contains("forbidden")),
            "{kind} named as unreadable: {reasons:?}"
        );
    }

    let out = sts(&[
        "--kubeconfig",
        kc,
        "--context",
        "sa",
        "doctor",
        "zk",
        "-n",
        &ns,
    ]);
    let table = stdout(&out);
    assert!(table.contains("not run: "), "{table}");
}

#[tokio::test]
async fn one_set_costs_eight_requests_and_all_namespaces_one_list_per_kind() {
    let client = client().await;
    let ns = namespace(&client, "doctor-requests").await;
    let (svc, set) = web_set("db", 2, &[("data", "1Gi")]);
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "db").await;

    // GET the set; LIST its pods (selector), Services, PDBs and claims of
    // the namespace; LIST PVs, StorageClasses and nodes.
    let out = sts(&["doctor", "db", "-n", &ns, "-o", "json", "-v", "6"]);
    assert!(matches!(code(&out), Some(0 | 1)), "{}", stderr(&out));
    assert_eq!(request_count(&out), 8, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("labelSelector=app=db"),
        "{}",
        stderr(&out)
    );

    let out = sts(&["doctor", "-A", "-o", "json", "-v", "6"]);
    assert!(matches!(code(&out), Some(0 | 1)), "{}", stderr(&out));
    assert_eq!(request_count(&out), 8, "{}", stderr(&out));
    let r = report(&out);
    assert!(
        r["statefulSets"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["namespace"] == ns.as_str() && s["name"] == "db"),
        "-A includes {ns}/db"
    );
}

/// demo/zookeeper.yaml as `scripts/demo` applies it, in namespace `ns`
/// instead of `zoo`: what the demo's `doctor -A` shows is tested here.
fn apply_demo_zookeeper(ns: &str) {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/demo/zookeeper.yaml"))
        .unwrap();
    let docs: Vec<String> = text
        .split("\n---\n")
        .filter(|d| !d.contains("kind: Namespace"))
        .map(|d| d.replace("namespace: zoo", &format!("namespace: {ns}")))
        .collect();
    let path = std::env::temp_dir().join(format!("ksts-e2e-{ns}-zookeeper.yaml"));
    std::fs::write(&path, docs.join("\n---\n")).unwrap();
    let e = env();
    let out = std::process::Command::new(kubectl())
        .args([
            "--kubeconfig",
            e.kubeconfig.to_str().unwrap(),
            "--context",
            &e.context,
        ])
        .args(["apply", "-f", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

#[tokio::test]
async fn the_demo_zookeeper_shows_its_deliberate_mistakes_with_fixes() {
    let client = client().await;
    let ns = namespace(&client, "doctor-demo").await;
    apply_demo_zookeeper(&ns);
    wait_ready(&client, &ns, "zk").await;

    let out = sts(&["doctor", "zk", "-n", &ns, "-o", "json"]);
    assert_eq!(code(&out), Some(1), "{}", stderr(&out));
    let r = report(&out);
    let zk = set(&r, "zk");
    for (check, severity) in DEMO_FINDINGS {
        assert!(
            has(zk, check, severity),
            "{check} ({severity}) expected: {zk}"
        );
    }
    for f in zk["findings"].as_array().unwrap() {
        assert!(
            !f["fix"].as_str().unwrap().is_empty(),
            "every finding has a fix: {f}"
        );
        assert!(!f["why"].as_str().unwrap().is_empty(), "and says why: {f}");
        assert!(
            !f["evidence"].as_array().unwrap().is_empty(),
            "and its evidence: {f}"
        );
    }
    assert!(
        zk.get("skipped").is_none(),
        "an admin runs every check: {zk}"
    );
}

/// What demo/zookeeper.yaml is built to show.
const DEMO_FINDINGS: &[(&str, &str)] = &[
    ("service-not-headless", "error"),
    ("pdb-breaks-quorum", "error"),
    ("liveness-same-as-readiness", "warning"),
    ("node-spread-missing", "warning"),
    ("update-parallel-quorum", "warning"),
    ("lifecycle-short-grace-period", "warning"),
    ("lifecycle-mutable-image-tag", "warning"),
    ("update-even-quorum", "info"),
];

/// A set that has lived: scaled down (a leftover claim), a partition left
/// after a canary, a pod left at a bad revision after a revert
/// (kubernetes#67250), and claims that a delete of the set deletes with
/// their volumes.
#[tokio::test]
async fn a_lived_in_set_shows_its_leftovers_forgotten_partition_and_stale_pod() {
    let client = client().await;
    let ns = namespace(&client, "doctor-lived").await;
    let (svc, mut web) = web_set("web", 3, &[("data", "1Gi")]);
    web.spec.persistent_volume_claim_retention_policy = Some(from(json!({
        "whenDeleted": "Delete", "whenScaled": "Retain"
    })));
    create_set(&client, &ns, Some(&svc), &web).await;
    wait_ready(&client, &ns, "web").await;
    scale(&client, &ns, "web", 2).await;
    wait_ready(&client, &ns, "web").await;
    crate::recover::broken_after_revert(&client, &ns).await;

    let sets: Api<StatefulSet> = Api::namespaced(client.clone(), &ns);
    let before = report(&sts(&["doctor", "web", "-n", &ns, "-o", "json"]));
    let s = set(&before, "web");
    assert!(has(s, "storage-leftover-claims", "info"), "{s}");
    assert!(has(s, "storage-retention-deletes-data", "warning"), "{s}");
    assert!(has(s, "pod-old-revision", "warning"), "{s}");
    let stale = finding(s, "pod-old-revision");
    assert!(involves(stale, "pod/web-1"), "{stale}");
    let leftover = finding(s, "storage-leftover-claims");
    assert!(
        involves(leftover, "persistentvolumeclaim/data-web-2"),
        "{leftover}"
    );
    assert!(
        leftover["fix"]
            .as_str()
            .unwrap()
            .contains("kubectl sts pvc orphans web"),
        "{leftover}"
    );
    assert!(!has(s, "update-partition-left", "warning"), "{s}");

    // A canary's partition left behind, with nothing to roll out.
    sets.patch(
        "web",
        &PatchParams::default(),
        &Patch::Merge(json!({"spec": {"updateStrategy": {"type": "RollingUpdate",
            "rollingUpdate": {"partition": 1}}}})),
    )
    .await
    .unwrap();
    let out = sts(&[
        "doctor",
        "web",
        "-n",
        &ns,
        "-o",
        "json",
        "--fail-on",
        "warning",
    ]);
    assert_eq!(code(&out), Some(1), "warnings fail under --fail-on warning");
    let after = report(&out);
    assert!(
        has(set(&after, "web"), "update-partition-left", "warning"),
        "{after}"
    );
}
