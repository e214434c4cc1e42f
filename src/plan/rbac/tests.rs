use serde::Deserialize;
use serde_json::{Value, json};

use super::*;

/// The manifests, as shipped; a change to one that the table does not
/// follow (or the reverse) fails the tests below.
const MANIFESTS: [(&RbacRole, &str); 4] = [
    (&READER, include_str!("../../../deploy/rbac/reader.yaml")),
    (
        &CLUSTER_READER,
        include_str!("../../../deploy/rbac/cluster-reader.yaml"),
    ),
    (
        &OPERATOR,
        include_str!("../../../deploy/rbac/operator.yaml"),
    ),
    (
        &CLUSTER_OPERATOR,
        include_str!("../../../deploy/rbac/cluster-operator.yaml"),
    ),
];

const BINDINGS: &str = include_str!("../../../deploy/rbac/examples/bindings.yaml");

fn yaml(text: &str) -> Value {
    serde_norway::from_str(text).expect("manifest parses")
}

#[test]
fn each_permission_is_granted_by_the_role_that_the_table_names() {
    let cases: &[(&str, &str, Option<&str>)] = &[
        ("get", "statefulsets.apps", Some("kubectl-sts-reader")),
        ("watch", "pods", Some("kubectl-sts-reader")),
        ("list", "events", Some("kubectl-sts-reader")),
        (
            "list",
            "poddisruptionbudgets.policy",
            Some("kubectl-sts-reader"),
        ),
        (
            "list",
            "controllerrevisions.apps",
            Some("kubectl-sts-reader"),
        ),
        (
            "get",
            "leases.coordination.k8s.io",
            Some("kubectl-sts-reader"),
        ),
        (
            "list",
            "persistentvolumes",
            Some("kubectl-sts-cluster-reader"),
        ),
        (
            "get",
            "persistentvolumes",
            Some("kubectl-sts-cluster-reader"),
        ),
        (
            "list",
            "storageclasses.storage.k8s.io",
            Some("kubectl-sts-cluster-reader"),
        ),
        ("list", "nodes", Some("kubectl-sts-cluster-reader")),
        ("list", "namespaces", Some("kubectl-sts-cluster-reader")),
        (
            "get",
            "volumeattachments.storage.k8s.io",
            Some("kubectl-sts-cluster-reader"),
        ),
        ("patch", "statefulsets.apps", Some("kubectl-sts-operator")),
        ("delete", "statefulsets.apps", Some("kubectl-sts-operator")),
        ("create", "pods/eviction", Some("kubectl-sts-operator")),
        ("delete", "pods", Some("kubectl-sts-operator")),
        (
            "patch",
            "persistentvolumeclaims",
            Some("kubectl-sts-operator"),
        ),
        (
            "delete",
            "persistentvolumeclaims",
            Some("kubectl-sts-operator"),
        ),
        (
            "create",
            "leases.coordination.k8s.io",
            Some("kubectl-sts-operator"),
        ),
        (
            "update",
            "leases.coordination.k8s.io",
            Some("kubectl-sts-operator"),
        ),
        (
            "delete",
            "volumeattachments.storage.k8s.io",
            Some("kubectl-sts-cluster-operator"),
        ),
        // Not used by kubectl-sts: no role of deploy/rbac/ grants them.
        ("update", "statefulsets.apps", None),
        ("delete", "nodes", None),
        ("get", "secrets", None),
        ("create", "pods", None),
        // The group is part of the name: `statefulsets` alone is not it.
        ("get", "statefulsets", None),
    ];
    for (verb, resource, want) in cases {
        assert_eq!(
            granting_role(verb, resource).map(|r| r.name),
            *want,
            "{verb} {resource}"
        );
    }
}

#[test]
fn no_permission_is_in_two_roles() {
    for (i, a) in RULES.iter().enumerate() {
        for b in &RULES[i + 1..] {
            if a.spelled() != b.spelled() {
                continue;
            }
            for v in a.verbs {
                assert!(
                    !b.verbs.contains(v),
                    "{v} {} is in both {} and {}",
                    a.spelled(),
                    a.role.name,
                    b.role.name
                );
            }
        }
    }
}

#[test]
fn cluster_scoped_resources_are_those_of_cluster_roles_only() {
    let cases = [
        ("persistentvolumes", true),
        ("nodes", true),
        ("storageclasses.storage.k8s.io", true),
        ("volumeattachments.storage.k8s.io", true),
        ("namespaces", true),
        ("pods", false),
        ("statefulsets.apps", false),
        ("leases.coordination.k8s.io", false),
        ("secrets", false),
    ];
    for (resource, want) in cases {
        assert_eq!(cluster_scoped(resource), want, "{resource}");
    }
}

#[test]
fn the_hint_names_the_role_its_file_and_how_it_is_bound() {
    let cases: &[(&str, &str, Option<&str>, Option<&str>)] = &[
        (
            "patch",
            "statefulsets.apps",
            Some("shop"),
            Some(
                "granted by the Role kubectl-sts-operator in \
                 deploy/rbac/operator.yaml: ask a cluster administrator to apply it in namespace \
                 \"shop\" and bind it to you there with a RoleBinding",
            ),
        ),
        (
            "list",
            "nodes",
            None,
            Some(
                "granted by the ClusterRole kubectl-sts-cluster-reader in \
                 deploy/rbac/cluster-reader.yaml: ask a cluster administrator to bind it to you \
                 with a ClusterRoleBinding",
            ),
        ),
        (
            "list",
            "pods",
            None,
            Some(
                "granted by the Role kubectl-sts-reader in deploy/rbac/reader.yaml: \
                 with -A it is needed in every namespace",
            ),
        ),
        ("get", "secrets", Some("shop"), None),
    ];
    for (verb, resource, ns, want) in cases {
        let got = grant_hint(verb, resource, *ns);
        match want {
            Some(w) => {
                let got = got.unwrap_or_else(|| panic!("no hint for {verb} {resource}"));
                assert!(got.starts_with(w), "{got}");
                assert!(
                    got.ends_with("see the README section \"Permissions\""),
                    "{got}"
                );
            }
            None => assert_eq!(got, None, "{verb} {resource}"),
        }
    }
}

/// Each manifest holds exactly the table's rules of its role, in order:
/// one apiGroup and one resource a rule, the same verbs.
#[test]
fn the_manifests_grant_exactly_what_the_table_says() {
    for (role, text) in MANIFESTS {
        let m = yaml(text);
        assert_eq!(
            m["apiVersion"], "rbac.authorization.k8s.io/v1",
            "{}",
            role.file
        );
        assert_eq!(m["kind"], role.kind, "{}", role.file);
        assert_eq!(m["metadata"]["name"], role.name, "{}", role.file);
        // A Role goes into whichever namespace it is applied in (-n).
        assert_eq!(m["metadata"]["namespace"], Value::Null, "{}", role.file);
        let got: Vec<Value> = m["rules"].as_array().expect("rules").clone();
        let want: Vec<Value> = RULES
            .iter()
            .filter(|r| std::ptr::eq(r.role, role))
            .map(|r| json!({"apiGroups": [r.group], "resources": [r.resource], "verbs": r.verbs}))
            .collect();
        assert_eq!(got, want, "{} differs from plan::rbac::RULES", role.file);
    }
}

/// The comment above each rule is the table's `needed_by`, so a manifest
/// never says a rule is for something else than the code says.
#[test]
fn each_rule_is_commented_with_the_commands_that_need_it() {
    for (role, text) in MANIFESTS {
        let lines: Vec<&str> = text.lines().collect();
        let comments: Vec<String> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.starts_with("- apiGroups:"))
            .map(|(i, _)| {
                lines[..i]
                    .iter()
                    .rev()
                    .take_while(|l| l.starts_with('#'))
                    .map(|l| l.trim_start_matches('#').trim())
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let want: Vec<String> = RULES
            .iter()
            .filter(|r| std::ptr::eq(r.role, role))
            .map(|r| r.needed_by.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        assert_eq!(comments, want, "{}", role.file);
    }
}

/// The example bindings refer to the shipped roles by their kind and name.
#[test]
fn the_example_bindings_bind_the_shipped_roles() {
    let mut bound = Vec::new();
    for doc in serde_norway::Deserializer::from_str(BINDINGS) {
        let b = Value::deserialize(doc).expect("binding parses");
        let kind = b["kind"].as_str().unwrap();
        let role_ref = &b["roleRef"];
        let role = ROLES
            .iter()
            .find(|r| role_ref["name"] == r.name)
            .unwrap_or_else(|| panic!("{role_ref} is not a role of deploy/rbac/"));
        assert_eq!(role_ref["kind"], role.kind, "{b}");
        assert_eq!(role_ref["apiGroup"], "rbac.authorization.k8s.io");
        let want = if role.cluster() {
            "ClusterRoleBinding"
        } else {
            "RoleBinding"
        };
        assert_eq!(kind, want, "{}", role.name);
        assert!(b["subjects"].as_array().is_some_and(|s| !s.is_empty()));
        bound.push(role.name);
    }
    let all: Vec<&str> = ROLES.iter().map(|r| r.name).collect();
    assert_eq!(bound, all);
}
