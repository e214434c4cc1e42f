//! `kubectl sts status` against the real StatefulSet controller.

use k8s_openapi::api::core::v1::PersistentVolumeClaim;
use k8s_openapi::api::rbac::v1::{Role, RoleBinding};
use kube::api::{Api, ListParams, PostParams};
use serde_json::{Value, json};

use crate::harness::*;

fn ordinals(set: &Value) -> Vec<(i64, bool)> {
    set["ordinals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["ordinal"].as_i64().unwrap(), o["live"].as_bool().unwrap()))
        .collect()
}

#[tokio::test]
async fn ready_set_with_two_claim_templates_shows_pods_pvcs_and_pvs() {
    let client = client().await;
    let ns = namespace(&client, "status-ready").await;
    let (svc, set) = web_set("web", 3, &[("www", "1Gi"), ("logs", "2Gi")]);
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "web").await;

    // The truth, read straight from the API.
    let claims: Vec<PersistentVolumeClaim> = Api::namespaced(client.clone(), &ns)
        .list(&ListParams::default())
        .await
        .unwrap()
        .items;
    assert_eq!(claims.len(), 6);
    let volume_of = |claim: &str| {
        claims
            .iter()
            .find(|c| c.metadata.name.as_deref() == Some(claim))
            .and_then(|c| c.spec.as_ref()?.volume_name.clone())
            .unwrap_or_else(|| panic!("claim {claim} has no volume"))
    };

    let report = sts_json(&["status", "web", "-n", &ns, "-o", "json"]);
    assert_eq!(report["apiVersion"], "kubectl-sts/v1");
    let s = &report["statefulSets"][0];
    assert_eq!(s["name"], "web");
    assert_eq!(s["namespace"], ns.as_str());
    assert_eq!(s["replicas"]["desired"], 3);
    assert_eq!(s["replicas"]["ready"], 3);
    assert_eq!(s["service"]["state"], "headless");
    assert_eq!(s["updateStrategy"]["type"], "RollingUpdate");
    assert_eq!(s["updateStrategy"]["partition"], 0);
    assert_eq!(s["podManagementPolicy"], "OrderedReady");
    assert_eq!(s["currentRevision"], s["updateRevision"]);
    assert!(s["currentRevision"].as_str().unwrap().starts_with("web-"));
    assert_eq!(ordinals(s), vec![(0, true), (1, true), (2, true)]);
    assert_eq!(s["problems"], json!([]), "a ready set has no problems");
    for o in s["ordinals"].as_array().unwrap() {
        let n = o["ordinal"].as_i64().unwrap();
        let pod = &o["pod"];
        assert_eq!(pod["name"], format!("web-{n}"));
        assert_eq!(pod["phase"], "Running");
        assert_eq!(pod["ready"], true);
        assert_eq!(pod["owned"], true);
        assert_eq!(pod["revision"], s["currentRevision"]);
        assert!(
            pod["node"].as_str().unwrap().starts_with("kwok-node-"),
            "{pod}"
        );
        let vols = o["volumes"].as_array().unwrap();
        assert_eq!(vols.len(), 2);
        for (v, (tpl, size)) in vols.iter().zip([("www", "1Gi"), ("logs", "2Gi")]) {
            let claim = format!("{tpl}-web-{n}");
            assert_eq!(v["claimName"], claim.as_str());
            assert_eq!(v["status"], "Bound");
            assert_eq!(v["requested"], size);
            assert_eq!(v["capacity"], size);
            assert_eq!(v["volumeName"], volume_of(&claim).as_str());
            assert_eq!(v["pvPhase"], "Bound");
            assert_eq!(v["pvReclaimPolicy"], "Delete");
            assert_eq!(v["storageClass"], "standard");
        }
    }

    // The table shows the same, one row per pod and per claim.
    let out = sts(&["status", "web", "-n", &ns]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let table = stdout(&out);
    assert!(
        table.contains(&format!(
            "StatefulSet {ns}/web: 3 desired, 3 ready, 3 updated, 3 current (healthy)"
        )),
        "{table}"
    );
    assert!(table.contains("Service:    web (headless)"), "{table}");
    for n in 0..3 {
        let pod_row = table
            .lines()
            .find(|l| l.split_whitespace().nth(1) == Some(&format!("web-{n}")))
            .unwrap_or_else(|| panic!("no row for web-{n}:\n{table}"));
        assert!(
            pod_row.contains("Running") && pod_row.contains("1/1"),
            "{pod_row}"
        );
        for tpl in ["www", "logs"] {
            let claim = format!("{tpl}-web-{n}");
            let row = table
                .lines()
                .find(|l| l.split_whitespace().nth(1) == Some(claim.as_str()))
                .unwrap_or_else(|| panic!("no row for {claim}:\n{table}"));
            assert!(
                row.contains("Bound") && row.contains(&volume_of(&claim)) && row.contains("Delete"),
                "{row}"
            );
        }
    }
    assert!(table.contains("No problems found."), "{table}");
}

#[tokio::test]
async fn one_set_costs_six_requests_and_all_namespaces_one_list_per_kind() {
    let client = client().await;
    let ns = namespace(&client, "status-requests").await;
    let (svc, set) = web_set("db", 2, &[("data", "1Gi")]);
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "db").await;

    // GET statefulset, LIST pods (selector), LIST claims, GET service, LIST
    // PVs, GET the set's operation Lease.
    let out = sts(&["status", "db", "-n", &ns, "-o", "json", "-v", "6"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(request_count(&out), 6, "{}", stderr(&out));
    assert!(stderr(&out).contains("LIST pods -n"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("labelSelector=app=db"),
        "{}",
        stderr(&out)
    );

    // -A: one LIST per kind (Leases included), whatever the number of
    // namespaces and sets.
    let out = sts(&["status", "-A", "-o", "json", "-v", "6"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(request_count(&out), 6, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("LIST leases.coordination.k8s.io labelSelector=app.kubernetes.io/managed-by=kubectl-sts limit"),
        "{}",
        stderr(&out)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        report["statefulSets"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["namespace"] == ns.as_str() && s["name"] == "db"),
        "-A should include {ns}/db"
    );
}

#[tokio::test]
async fn scaled_down_set_shows_leftover_claims() {
    let client = client().await;
    let ns = namespace(&client, "status-scaled").await;
    let (svc, set) = web_set("web", 3, &[("data", "1Gi")]);
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "web").await;
    scale(&client, &ns, "web", 1).await;
    wait_ready(&client, &ns, "web").await;

    let report = sts_json(&["status", "web", "-n", &ns, "-o", "json"]);
    let s = &report["statefulSets"][0];
    assert_eq!(ordinals(s), vec![(0, true), (1, false), (2, false)]);
    for n in [1, 2] {
        let o = &s["ordinals"][n];
        assert!(
            o["pod"].is_null(),
            "ordinal {n} has no pod after the scale-down: {o}"
        );
        assert_eq!(o["volumes"][0]["claimName"], format!("data-web-{n}"));
        assert_eq!(
            o["volumes"][0]["status"], "Bound",
            "retained claims stay bound"
        );
    }
    let leftovers: Vec<&str> = s["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["code"] == "LeftoverPvc")
        .map(|p| p["object"].as_str().unwrap())
        .collect();
    assert_eq!(leftovers, vec!["pvc/data-web-1", "pvc/data-web-2"]);

    let out = sts(&["status", "web", "-n", &ns]);
    let table = stdout(&out);
    assert!(
        table.contains("2 (leftover)") && table.contains("data-web-2"),
        "{table}"
    );
    assert!(table.contains("outside the live range 0..0"), "{table}");
}

#[tokio::test]
async fn missing_set_is_a_clear_error_with_exit_1() {
    let client = client().await;
    let ns = namespace(&client, "status-missing").await;
    let out = sts(&["status", "nope", "-n", &ns]);
    assert_eq!(out.status.code(), Some(1));
    let e = stderr(&out);
    assert!(
        e.starts_with(&format!(
            "error: statefulset \"nope\" not found in namespace \"{ns}\""
        )),
        "{e}"
    );
    assert!(
        e.contains("kubectl sts status -n"),
        "next step missing: {e}"
    );
    assert!(out.stdout.is_empty());

    // An empty namespace is not an error.
    let out = sts(&["status", "-n", &ns]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("No StatefulSets found in namespace"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test]
async fn user_without_rbac_rights_gets_the_forbidden_verb_and_resource() {
    let client = client().await;
    let ns = namespace(&client, "status-rbac").await;
    let noaccess = env().noaccess_context;

    let out = sts(&["status", "web", "-n", &ns, "--context", &noaccess]);
    assert_eq!(out.status.code(), Some(1));
    let e = stderr(&out);
    assert!(
        e.contains(&format!(
            "forbidden: you may not get statefulsets.apps \"web\" in namespace \"{ns}\""
        )),
        "{e}"
    );
    assert!(
        e.contains(&format!("kubectl auth can-i get statefulsets.apps -n {ns}")),
        "{e}"
    );

    let out = sts(&["status", "-A", "--context", &noaccess]);
    assert_eq!(out.status.code(), Some(1));
    let e = stderr(&out);
    assert!(
        e.contains("forbidden: you may not list statefulsets.apps in all namespaces"),
        "{e}"
    );
}

#[tokio::test]
async fn namespace_reader_without_pv_access_still_gets_a_report() {
    let client = client().await;
    let ns = namespace(&client, "status-reader").await;
    let (svc, set) = web_set("web", 1, &[("data", "1Gi")]);
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "web").await;

    // A Role for reading the namespace's objects, but nothing cluster-scoped.
    let role: Role = from(json!({
        "metadata": {"name": "reader"},
        "rules": [{"apiGroups": ["", "apps"], "resources": ["statefulsets", "pods", "persistentvolumeclaims", "services"], "verbs": ["get", "list"]}]
    }));
    let binding: RoleBinding = from(json!({
        "metadata": {"name": "reader"},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "reader"},
        "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "jane"}]
    }));
    Api::<Role>::namespaced(client.clone(), &ns)
        .create(&PostParams::default(), &role)
        .await
        .unwrap();
    Api::<RoleBinding>::namespaced(client.clone(), &ns)
        .create(&PostParams::default(), &binding)
        .await
        .unwrap();

    // --as impersonates jane through the admin credentials.
    let out = sts(&["status", "web", "-n", &ns, "--as", "jane", "-o", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let v = &report["statefulSets"][0]["ordinals"][0]["volumes"][0];
    assert_eq!(v["status"], "Bound");
    assert!(
        v["pvPhase"].is_null(),
        "PV columns stay empty without PV access: {v}"
    );
    let warned = |what: &str| {
        report["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains(what))
    };
    assert!(warned("persistentvolumes could not be read"), "{report}");
    // Nor the Leases: whether an operation holds the set is not known.
    assert!(warned("leases could not be read"), "{report}");
    assert!(report["statefulSets"][0]["operation"].is_null(), "{report}");
    assert!(
        stderr(&out).contains("warning: persistentvolumes could not be read"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        report["statefulSets"][0]["problems"],
        json!([]),
        "no false PvMissing"
    );
}

/// A strategy without a partition is shown as such, in the report
/// (`hasPartition: false`) and on the text view's Update line.
#[tokio::test]
async fn on_delete_strategy_is_shown_without_a_partition() {
    let client = client().await;
    let ns = namespace(&client, "status-ondelete").await;
    let (svc, mut set) = web_set("web", 1, &[]);
    set.spec.update_strategy = Some(from(json!({"type": "OnDelete"})));
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "web").await;

    let report = sts_json(&["status", "web", "-n", &ns, "-o", "json"]);
    let s = &report["statefulSets"][0];
    assert_eq!(s["updateStrategy"]["type"], "OnDelete");
    assert_eq!(s["updateStrategy"]["hasPartition"], false, "{s:#}");
    assert!(s["updateStrategy"].get("partition").is_none(), "{s:#}");

    let out = sts(&["status", "web", "-n", &ns]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("Update:     OnDelete (no partition: rollout --partition, pause and canary do not apply)"),
        "{text}"
    );
}

/// A volume that still holds an ordinal's old data is shown: with a Retain
/// volume, scale 3 -> 2, delete the claim of ordinal 2 (its PV becomes
/// Released, with the data), scale back to 3. Ordinal 2 runs on a fresh
/// empty volume; `status` and `pvc list` name the Released one, and
/// `pvc list -o wide` says how to rebind it.
#[tokio::test]
async fn released_volume_of_an_ordinal_is_shown_with_how_to_rebind_it() {
    use k8s_openapi::api::core::v1::PersistentVolume;
    use kube::api::{DeleteParams, Patch, PatchParams};
    let client = client().await;
    let ns = namespace(&client, "status-released").await;
    let (svc, set) = web_set("web", 3, &[("data", "1Gi")]);
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "web").await;
    let claims: Api<PersistentVolumeClaim> = Api::namespaced(client.clone(), &ns);
    let pvs: Api<PersistentVolume> = Api::all(client.clone());
    let old_pv = claims
        .get("data-web-2")
        .await
        .unwrap()
        .spec
        .unwrap()
        .volume_name
        .unwrap();
    pvs.patch(
        &old_pv,
        &PatchParams::default(),
        &Patch::Merge(json!({"spec": {"persistentVolumeReclaimPolicy": "Retain"}})),
    )
    .await
    .unwrap();
    scale(&client, &ns, "web", 2).await;
    wait_ready(&client, &ns, "web").await;
    claims
        .delete("data-web-2", &DeleteParams::default())
        .await
        .unwrap();
    wait_for(
        std::time::Duration::from_secs(60),
        "the old volume to be Released",
        || async {
            pvs.get(&old_pv)
                .await
                .ok()
                .and_then(|p| p.status?.phase)
                .as_deref()
                == Some("Released")
        },
    )
    .await;
    scale(&client, &ns, "web", 3).await;
    wait_ready(&client, &ns, "web").await;
    let new_pv = claims
        .get("data-web-2")
        .await
        .unwrap()
        .spec
        .unwrap()
        .volume_name
        .unwrap();
    assert_ne!(new_pv, old_pv);

    let out = sts(&["status", "web", "-n", &ns, "-o", "json", "-v", "6"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = &report["statefulSets"][0];
    let v = &s["ordinals"][2]["volumes"][0];
    assert_eq!(v["volumeName"], new_pv.as_str(), "{v:#}");
    let prev = &v["previousVolumes"][0];
    assert_eq!(prev["name"], old_pv.as_str(), "{v:#}");
    assert_eq!(prev["phase"], "Released", "{v:#}");
    assert_eq!(prev["reclaimPolicy"], "Retain", "{v:#}");
    assert!(
        s["ordinals"][0]["volumes"][0]["previousVolumes"].is_null(),
        "{s:#}"
    );
    let p: Vec<&Value> = s["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["code"] == "PreviousVolumeReleased")
        .collect();
    assert_eq!(p.len(), 1, "{s:#}");
    assert_eq!(p[0]["object"], format!("pv/{old_pv}"));

    let out = sts(&["status", "web", "-n", &ns]);
    let text = stdout(&out);
    assert!(!text.contains("No problems found"), "{text}");
    assert!(
        text.contains("previous volume, Released, holds data"),
        "{text}"
    );
    assert!(text.contains(&old_pv), "{text}");

    let list = sts_json(&["pvc", "list", "web", "-n", &ns, "-o", "json"]);
    let rows: Vec<&Value> = list["claims"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["ordinal"] == 2)
        .collect();
    assert_eq!(
        rows[0]["previousVolumes"][0]["name"],
        old_pv.as_str(),
        "{list:#}"
    );
    let out = sts(&["pvc", "list", "web", "-n", &ns, "-o", "wide"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("previous volume, Released, holds data"),
        "{text}"
    );
    assert!(
        text.contains(&format!("kubectl patch pv {old_pv}")) && text.contains("claimRef"),
        "rebind commands: {text}"
    );
    let out = sts(&["pvc", "list", "web", "-n", &ns]);
    assert!(stdout(&out).contains(&old_pv), "{}", stdout(&out));

    // The set's GET, its Lease's GET, and one LIST per kind (one of PVs).
    let out = sts(&["status", "web", "-n", &ns, "-o", "json", "-v", "6"]);
    assert_eq!(request_count(&out), 6, "one LIST of PVs: {}", stderr(&out));
}

/// A held operation Lease is shown: holder, operation, since when, and
/// whether it looks abandoned (past its duration without renewal).
#[tokio::test]
async fn held_operation_lease_is_shown_and_an_expired_one_looks_abandoned() {
    use k8s_openapi::api::coordination::v1::Lease;
    let client = client().await;
    let ns = namespace(&client, "status-lease").await;
    let (svc, set) = web_set("web", 1, &[("data", "1Gi")]);
    create_set(&client, &ns, Some(&svc), &set).await;
    let (svc2, db) = web_set("db", 1, &[]);
    create_set(&client, &ns, Some(&svc2), &db).await;
    wait_ready(&client, &ns, "web").await;
    wait_ready(&client, &ns, "db").await;
    let leases: Api<Lease> = Api::namespaced(client.clone(), &ns);
    let now = k8s_openapi::jiff::Timestamp::now();
    let lease = |set: &str, renewed: k8s_openapi::jiff::Timestamp, secs: i32| -> Lease {
        from(json!({
            "metadata": {
                "name": format!("kubectl-sts-{set}"),
                "labels": {"app.kubernetes.io/managed-by": "kubectl-sts"},
                "annotations": {
                    "kubectl-sts.io/operation": "restart",
                    "kubectl-sts.io/started-at": "2026-11-30T01:00:00Z"
                }
            },
            "spec": {
                "holderIdentity": "alice@bastion (pid 4242)",
                "leaseDurationSeconds": secs,
                "acquireTime": renewed.to_string(),
                "renewTime": renewed.to_string()
            }
        }))
    };
    leases
        .create(&PostParams::default(), &lease("web", now, 3600))
        .await
        .unwrap();
    let old = now - std::time::Duration::from_secs(600);
    leases
        .create(&PostParams::default(), &lease("db", old, 30))
        .await
        .unwrap();

    let out = sts(&["status", "web", "-n", &ns, "-o", "json", "-v", "6"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("GET leases.coordination.k8s.io"),
        "{}",
        stderr(&out)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let op = &report["statefulSets"][0]["operation"];
    assert_eq!(op["holder"], "alice@bastion (pid 4242)", "{op}");
    assert_eq!(op["operation"], "restart", "{op}");
    assert_eq!(op["startedAt"], "2026-11-30T01:00:00Z", "{op}");
    assert_eq!(op["expired"], false, "{op}");
    let text = stdout(&sts(&["status", "web", "-n", &ns]));
    assert!(
        text.contains("Operation:  restart by alice@bastion (pid 4242) since 2026-11-30T01:00:00Z"),
        "{text}"
    );

    // The namespace: one LIST of leases; db's lease expired 10 minutes ago.
    let out = sts(&["status", "-n", &ns, "-o", "json", "-v", "6"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("LIST leases.coordination.k8s.io"),
        "{}",
        stderr(&out)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let db = &report["statefulSets"][0];
    assert_eq!(db["name"], "db");
    assert_eq!(db["operation"]["expired"], true, "{db:#}");
    assert!(
        db["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["code"] == "OperationAbandoned"),
        "{db:#}"
    );
    let text = stdout(&sts(&["status", "db", "-n", &ns]));
    assert!(text.contains("looks abandoned"), "{text}");

    // -A: still one LIST per kind, the leases included.
    let out = sts(&["status", "-A", "-o", "json", "-v", "6"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let web = report["statefulSets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["namespace"] == ns.as_str() && s["name"] == "web")
        .unwrap();
    assert_eq!(web["operation"]["holder"], "alice@bastion (pid 4242)");
}
