//! The roles of deploy/rbac/, applied as shipped (the Roles into a fresh
//! namespace) and bound to three ServiceAccounts: the read-only Role alone,
//! the read-only Role with the cluster-scoped reads, and everything (the
//! operator). Every verb runs as each of them: the allowed ones succeed
//! (without the cluster reads, with those parts marked unknown and a
//! warning naming the ClusterRole); the others fail with exit 1, naming the
//! verb and resource that were refused and the role that grants them, and
//! the API server's audit log shows that none of their writes went through.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::authorization::v1::SubjectAccessReview;
use k8s_openapi::api::core::v1::{PersistentVolumeClaim, Pod, ServiceAccount};
use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding, Role, RoleBinding};
use kube::api::{Api, DeleteParams, Patch, PatchParams, PostParams};
use serde_json::{Value, json};

use crate::audit_log::Span;
use crate::harness::*;

/// Name, kind and file of each role, as deploy/rbac/ ships them.
const READER: (&str, &str, &str) = ("kubectl-sts-reader", "Role", "reader.yaml");
const CLUSTER_READER: (&str, &str, &str) = (
    "kubectl-sts-cluster-reader",
    "ClusterRole",
    "cluster-reader.yaml",
);
const OPERATOR: (&str, &str, &str) = ("kubectl-sts-operator", "Role", "operator.yaml");
const CLUSTER_OPERATOR: (&str, &str, &str) = (
    "kubectl-sts-cluster-operator",
    "ClusterRole",
    "cluster-operator.yaml",
);
const ALL: [(&str, &str, &str); 4] = [READER, CLUSTER_READER, OPERATOR, CLUSTER_OPERATOR];

/// What a refused verb must say: `you may not VERB RESOURCE` and `granted
/// by the KIND NAME in deploy/rbac/FILE`.
struct Refusal {
    verb: &'static str,
    resource: &'static str,
    role: (&'static str, &'static str, &'static str),
}

const LEASE: Refusal = Refusal {
    verb: "create",
    resource: "leases.coordination.k8s.io",
    role: OPERATOR,
};

/// The verbs that change something, in the order the operator runs them
/// (each leaves the set as the next needs it); the namespace is added.
/// `--to-revision 1`: after the canary, the revision before it.
const WRITES: &[&[&str]] = &[
    &["rollout", "pause", "db"],
    &["rollout", "resume", "db", "--yes"],
    &["rollout", "db", "--partition", "1", "--yes"],
    &["rollout", "canary", "db", "--yes"],
    &["rollout", "undo", "db", "--to-revision", "1", "--yes"],
    &["restart", "db", "--yes"],
    &["pvc", "orphans", "--delete", "--yes"],
    &["pvc", "resize", "db", "--size", "2Gi", "--yes"],
    &["recover", "web", "--fix", "--yes"],
];

/// The permission the first refused request of `args` lacks; `cluster`:
/// the account may do the cluster-scoped reads.
fn refusal(args: &[&str], cluster: bool) -> Refusal {
    match (args[..2].join(" ").as_str(), cluster) {
        ("pvc orphans", _) => Refusal {
            verb: "delete",
            resource: "persistentvolumeclaims",
            role: OPERATOR,
        },
        // It checks that the StorageClass allows expansion before anything.
        ("pvc resize", false) => Refusal {
            verb: "list",
            resource: "storageclasses.storage.k8s.io",
            role: CLUSTER_READER,
        },
        // Every other one takes the set's Lease before its first write.
        _ => LEASE,
    }
}

/// Runs the plugin as the ServiceAccount of kubeconfig `kc`, with no
/// terminal and its own state directory (for `pvc resize`'s records).
fn run_as(kc: &Path, state: &Path, ns: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kubectl-sts"))
        .env("NO_COLOR", "1")
        .env("XDG_STATE_HOME", state)
        .env_remove("KUBECONFIG")
        .args(["--kubeconfig", kc.to_str().unwrap(), "--context", "sa"])
        .args(args)
        .args(["-n", ns])
        .output()
        .expect("run kubectl-sts")
}

/// The manifest `file` of deploy/rbac/, a Role put into namespace `ns`.
fn manifest(file: &str, ns: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("deploy/rbac")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut v: Value = serde_norway::from_str(&text).expect("manifest parses");
    if v["kind"] == "Role" {
        v["metadata"]["namespace"] = json!(ns);
    }
    v
}

/// Applies the four manifests as shipped: the Roles into `ns`, the
/// ClusterRoles (server-side apply: the same objects for every run).
async fn apply_roles(client: &kube::Client, ns: &str) {
    let pp = PatchParams::apply("kubectl-sts-e2e").force();
    for (name, kind, file) in ALL {
        let m = manifest(file, ns);
        if kind == "Role" {
            Api::<Role>::namespaced(client.clone(), ns)
                .patch(name, &pp, &Patch::Apply(m))
                .await
                .unwrap_or_else(|e| panic!("apply {file}: {e}"));
        } else {
            Api::<ClusterRole>::all(client.clone())
                .patch(name, &pp, &Patch::Apply(m))
                .await
                .unwrap_or_else(|e| panic!("apply {file}: {e}"));
        }
    }
}

/// ServiceAccount `sa` of `ns` bound to `roles`; returns its user name and
/// a kubeconfig for it, once the authorizer allows what the last role
/// grants (bindings take effect within moments).
async fn account(
    client: &kube::Client,
    ns: &str,
    sa: &str,
    roles: &[(&str, &str, &str)],
) -> (String, PathBuf) {
    Api::<ServiceAccount>::namespaced(client.clone(), ns)
        .create(
            &PostParams::default(),
            &from(json!({"metadata": {"name": sa}})),
        )
        .await
        .unwrap();
    let subject = json!([{"kind": "ServiceAccount", "name": sa, "namespace": ns}]);
    for (name, kind, _) in roles {
        let role_ref = json!({"apiGroup": "rbac.authorization.k8s.io", "kind": kind, "name": name});
        if *kind == "Role" {
            Api::<RoleBinding>::namespaced(client.clone(), ns)
                .create(
                    &PostParams::default(),
                    &from(json!({"metadata": {"name": format!("{sa}-{name}")},
                                 "roleRef": role_ref, "subjects": subject})),
                )
                .await
                .unwrap();
        } else {
            Api::<ClusterRoleBinding>::all(client.clone())
                .create(
                    &PostParams::default(),
                    &from(json!({"metadata": {"name": format!("{ns}-{sa}-{name}")},
                                 "roleRef": role_ref, "subjects": subject})),
                )
                .await
                .unwrap();
        }
    }
    let user = format!("system:serviceaccount:{ns}:{sa}");
    let (verb, group, resource, scope) = match roles.last().unwrap().0 {
        "kubectl-sts-reader" => ("list", "", "pods", Some(ns)),
        "kubectl-sts-cluster-reader" => ("list", "", "nodes", None),
        "kubectl-sts-operator" => ("delete", "", "persistentvolumeclaims", Some(ns)),
        _ => ("delete", "storage.k8s.io", "volumeattachments", None),
    };
    let reviews: Api<SubjectAccessReview> = Api::all(client.clone());
    wait_for(Duration::from_secs(30), &format!("{user} bound"), || {
        let reviews = reviews.clone();
        let review: SubjectAccessReview = from(json!({"spec": {
            "user": user, "groups": ["system:serviceaccounts", "system:authenticated"],
            "resourceAttributes": {"verb": verb, "group": group, "resource": resource, "namespace": scope}
        }}));
        async move {
            reviews
                .create(&PostParams::default(), &review)
                .await
                .is_ok_and(|r| r.status.is_some_and(|s| s.allowed))
        }
    })
    .await;
    (user, kubeconfig_of(client, ns, sa).await)
}

/// The read-only verbs, as `kc`: each succeeds; without the cluster reads
/// (`cluster` false) those parts are marked unknown with a warning that
/// names the ClusterRole, with them there is no such warning.
fn reads(kc: &Path, state: &Path, ns: &str, cluster: bool) {
    let cluster_role = "granted by the ClusterRole kubectl-sts-cluster-reader in \
                        deploy/rbac/cluster-reader.yaml";
    let cases: &[(&[&str], &str)] = &[
        (&["status", "db"], "persistentvolumes could not be read"),
        (&["doctor", "db"], "not run: storage-binding-immediate"),
        (
            &["pvc", "list", "db"],
            "persistentvolumes could not be read",
        ),
        (&["pvc", "orphans"], "unknown: PVs could not be read"),
        (&["recover", "db"], "nodes could not be read"),
        (&["rollout", "status", "db", "--timeout", "60s"], ""),
        (&["rollout", "history", "db"], ""),
        (&["version"], ""),
    ];
    for (args, unknown) in cases {
        let out = run_as(kc, state, ns, args);
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?} (cluster reads: {cluster}):\n{all}"
        );
        // /version is open to every user: the server's version is read.
        if args[0] == "version" {
            assert!(all.contains("\nserver:      v"), "{all}");
        }
        if unknown.is_empty() {
            continue;
        }
        if cluster {
            assert!(!all.contains("could not be read"), "{args:?}:\n{all}");
            assert!(!all.contains("not run:"), "{args:?}:\n{all}");
        } else {
            assert!(all.contains(unknown), "{args:?}:\n{all}");
            assert!(all.contains(cluster_role), "{args:?}:\n{all}");
        }
    }
    // Namespace names after -n need the ClusterRole; without it, none.
    let out = Command::new(env!("CARGO_BIN_EXE_kubectl-sts"))
        .args(["__complete", "--kubeconfig", kc.to_str().unwrap()])
        .args(["--context", "sa", "status", "-n", ""])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out).lines().any(|l| l == ns),
        cluster,
        "completion of -n:\n{}",
        stdout(&out)
    );
}

/// Every verb that writes, as `kc`, which may not: exit 1, the refused
/// verb and resource and the role that grants them named, and no write of
/// `user` accepted by the API server.
async fn refused_writes(
    client: &kube::Client,
    kc: &Path,
    state: &Path,
    ns: &str,
    user: &str,
    cluster: bool,
) {
    let span = Span::start(client, ns).await;
    for args in WRITES {
        let out = run_as(kc, state, ns, args);
        let e = stderr(&out);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{args:?} (cluster reads: {cluster}):\n{e}"
        );
        let r = refusal(args, cluster);
        let (name, kind, file) = r.role;
        for want in [
            format!("you may not {} {}", r.verb, r.resource),
            format!("granted by the {kind} {name} in deploy/rbac/{file}"),
        ] {
            assert!(e.contains(&want), "{args:?}: no {want:?} in:\n{e}");
        }
    }
    let writes = span.writes_by(user).await;
    let accepted: Vec<String> = writes
        .iter()
        .filter(|w| w.code < 400)
        .map(|w| w.describe())
        .collect();
    assert!(
        accepted.is_empty(),
        "{user} wrote:\n{}",
        accepted.join("\n")
    );
    // The observer saw the attempts it refused: it can see this user's writes.
    assert!(
        writes
            .iter()
            .any(|w| w.code == 403 && w.resource == "leases"),
        "no refused Lease create of {user} in the audit log"
    );
}

#[tokio::test]
async fn every_verb_runs_as_each_role_of_deploy_rbac_and_a_refusal_names_the_role() {
    let client = client().await;
    let ns = namespace(&client, "rbac-roles").await;
    apply_roles(&client, &ns).await;

    // db: rollouts, restart and claims; an orphan claim of ordinal 3; web:
    // a pod left broken at the bad revision, for recover --fix.
    let (svc, set) = web_set("db", 1, &[("data", "1Gi")]);
    create_set(&client, &ns, Some(&svc), &set).await;
    let pvcs: Api<PersistentVolumeClaim> = Api::namespaced(client.clone(), &ns);
    pvcs.create(
        &PostParams::default(),
        &from(json!({
            "metadata": {"name": "data-db-3", "labels": {"app": "db"}},
            "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}
        })),
    )
    .await
    .unwrap();
    let (svc, set) = web_set("web", 2, &[]);
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "db").await;
    wait_ready(&client, &ns, "web").await;
    crate::recover::broken_after_revert(&client, &ns).await;

    let state = std::env::temp_dir().join(format!("ksts-e2e-{ns}-state"));
    let (reader, reader_kc) = account(&client, &ns, "reader", &[READER]).await;
    let (cluster_reader, cluster_reader_kc) =
        account(&client, &ns, "cluster-reader", &[READER, CLUSTER_READER]).await;
    let (_, ns_operator_kc) = account(&client, &ns, "ns-operator", &[READER, OPERATOR]).await;
    let (_, operator_kc) = account(&client, &ns, "operator", &ALL).await;

    // The read-only Role alone, then with the cluster-scoped reads.
    for (user, kc, cluster) in [
        (&reader, &reader_kc, false),
        (&cluster_reader, &cluster_reader_kc, true),
    ] {
        reads(kc, &state, &ns, cluster);
        refused_writes(&client, kc, &state, &ns, user, cluster).await;
    }

    // The namespaced roles are enough to restart: without the volumes, the
    // disruption gate decides from the claims alone.
    let out = run_as(&ns_operator_kc, &state, &ns, &["restart", "db", "--yes"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );

    // Everything: each verb does its work.
    reads(&operator_kc, &state, &ns, true);
    let sets: Api<StatefulSet> = Api::namespaced(client.clone(), &ns);
    let pods: Api<Pod> = Api::namespaced(client.clone(), &ns);
    let broken = pods.get("web-1").await.unwrap().metadata.uid;
    for args in WRITES {
        if args[1] == "canary" {
            // A template for the canary to roll out (the partition holds it).
            sets.patch(
                "db",
                &PatchParams::default(),
                &Patch::Merge(
                    json!({"spec": {"template": {"metadata": {"annotations": {"v": "2"}}}}}),
                ),
            )
            .await
            .unwrap();
        }
        let out = run_as(&operator_kc, &state, &ns, args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?} as the operator:\n{}{}",
            stdout(&out),
            stderr(&out)
        );
    }
    assert!(
        pvcs.get_opt("data-db-3").await.unwrap().is_none(),
        "orphan kept"
    );
    let claim = pvcs.get("data-db-0").await.unwrap();
    assert_eq!(
        claim.spec.unwrap().resources.unwrap().requests.unwrap()["storage"].0,
        "2Gi"
    );
    // recover --fix deletes the pod; the controller recreates it a moment
    // later, so a read in between finds none.
    wait_for(Duration::from_secs(60), "web-1 replaced", || async {
        let now = pods.get_opt("web-1").await.unwrap();
        now.is_some_and(|p| p.metadata.uid != broken)
    })
    .await;

    for (sa, (name, _, _)) in [
        ("cluster-reader", CLUSTER_READER),
        ("operator", CLUSTER_READER),
        ("operator", CLUSTER_OPERATOR),
    ] {
        let _ = Api::<ClusterRoleBinding>::all(client.clone())
            .delete(&format!("{ns}-{sa}-{name}"), &DeleteParams::default())
            .await;
    }
    for kc in [reader_kc, cluster_reader_kc, ns_operator_kc, operator_kc] {
        let _ = std::fs::remove_file(kc);
    }
    let _ = std::fs::remove_dir_all(state);
}
