//! One operation per StatefulSet at a time: who holds the set's Lease, and
//! may this run take it? Pure; `ops::lease` reads and writes the Lease.
//!
//! The Lease is a `coordination.k8s.io/v1` Lease in the set's namespace,
//! named [`lease_name`]. `holderIdentity` says who (user, host, process),
//! annotations say which operation and since when, `renewTime` and
//! `leaseDurationSeconds` say whether the holder is still alive: a holder
//! that stopped renewing for longer than the duration may be taken over
//! (the rule client-go's leader election uses).

use k8s_openapi::api::coordination::v1::Lease;
use k8s_openapi::jiff::Timestamp;

use super::ANNOTATION_PREFIX;

/// How long a Lease lasts without renewal, in seconds; the holder renews it
/// every third of that.
pub const LEASE_SECONDS: i32 = 30;

/// The Lease of StatefulSet `set`.
pub fn lease_name(set: &str) -> String {
    format!("kubectl-sts-{set}")
}

/// The label every kubectl-sts Lease carries, so `status -A` lists ours
/// with one selector instead of every Lease in the cluster (node
/// heartbeats, leader elections).
pub const LABEL: (&str, &str) = ("app.kubernetes.io/managed-by", "kubectl-sts");

/// [`LABEL`] as a label selector.
pub fn selector() -> String {
    format!("{}={}", LABEL.0, LABEL.1)
}

/// Annotation on the Lease: the operation (`restart`, `rollout canary` ...).
pub fn operation_annotation() -> String {
    format!("{ANNOTATION_PREFIX}operation")
}

/// Annotation on the Lease: when the operation started (RFC 3339).
pub fn started_annotation() -> String {
    format!("{ANNOTATION_PREFIX}started-at")
}

/// The RBAC the Lease needs, as a Role for namespace `ns`; the README's
/// "One operation per StatefulSet" section shows the same.
pub fn lease_role(ns: &str) -> String {
    format!(
        "apiVersion: rbac.authorization.k8s.io/v1\n\
         kind: Role\n\
         metadata:\n  name: kubectl-sts-lease\n  namespace: {ns}\n\
         rules:\n\
         - apiGroups: [\"coordination.k8s.io\"]\n  resources: [\"leases\"]\n  \
         verbs: [\"get\", \"create\", \"update\", \"delete\"]"
    )
}

/// Why an operation on `ns/set` stopped when the Lease was forbidden
/// (`verb`, e.g. `create`): the permissions it needs, exactly, the role of
/// `deploy/rbac/` that grants `verb` (`plan::rbac`), and a Role that grants
/// them all.
pub fn lease_forbidden(ns: &str, set: &str, verb: &str) -> String {
    let indented: String = lease_role(ns)
        .lines()
        .map(|l| format!("\n    {l}"))
        .collect();
    format!(
        "forbidden: you may not {verb} leases.coordination.k8s.io in namespace {ns:?}. \
         Every command that changes a StatefulSet holds its Lease {:?} so that two operations \
         never change statefulset {set:?} at once; nothing was changed. It needs get, create, \
         update and delete on leases.coordination.k8s.io in namespace {ns:?}; {verb} is {}. \
         Or ask for a Role like this one (bound to you with a RoleBinding), see the \
         README section \"One operation per StatefulSet\":{indented}\n\
         Check with: kubectl auth can-i {verb} leases.coordination.k8s.io -n {ns}",
        lease_name(set),
        super::rbac::grant_hint(verb, "leases.coordination.k8s.io", Some(ns))
            .unwrap_or_else(|| "not granted by any role of deploy/rbac/".into())
    )
}

/// Who holds a Lease and for what, as shown to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub identity: String,
    pub operation: String,
    pub started_at: String,
}

impl Holder {
    /// `restart by alice@host (pid 12) since 2026-11-29T23:40:00Z`.
    pub fn describe(&self) -> String {
        format!(
            "{} by {} since {}",
            if self.operation.is_empty() {
                "an operation"
            } else {
                &self.operation
            },
            self.identity,
            if self.started_at.is_empty() {
                "an unknown time"
            } else {
                &self.started_at
            }
        )
    }
}

/// What a run may do with the set's Lease.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Take {
    /// No Lease: create it.
    Create,
    /// Free (released or never held): take it with an update at this
    /// resourceVersion.
    Free { resource_version: String },
    /// Held by a holder that stopped renewing: take it over (say so).
    Expired {
        resource_version: String,
        previous: Holder,
    },
    /// Held, and renewed in time: refuse.
    Busy(Holder),
}

/// The holder recorded on `lease`, if any.
pub fn holder(lease: &Lease) -> Option<Holder> {
    let identity = lease
        .spec
        .as_ref()?
        .holder_identity
        .clone()
        .filter(|h| !h.is_empty())?;
    let ann = |k: String| {
        lease
            .metadata
            .annotations
            .as_ref()
            .and_then(|a| a.get(&k))
            .cloned()
            .unwrap_or_default()
    };
    Some(Holder {
        identity,
        operation: ann(operation_annotation()),
        started_at: ann(started_annotation()),
    })
}

/// Decides from the Lease as just read (`None`: absent) at `now`. A Lease
/// without a renew time counts as renewed at its acquire time; one with
/// neither has expired.
pub fn decide(lease: Option<&Lease>, now: Timestamp) -> Take {
    let Some(lease) = lease else {
        return Take::Create;
    };
    let resource_version = lease.metadata.resource_version.clone().unwrap_or_default();
    let Some(h) = holder(lease) else {
        return Take::Free { resource_version };
    };
    let spec = lease.spec.as_ref();
    let renewed = spec
        .and_then(|s| s.renew_time.as_ref().or(s.acquire_time.as_ref()))
        .map(|t| t.0);
    let duration = i64::from(
        spec.and_then(|s| s.lease_duration_seconds)
            .unwrap_or(LEASE_SECONDS)
            .max(1),
    );
    match renewed {
        Some(t) if now.as_second() <= t.as_second().saturating_add(duration) => Take::Busy(h),
        _ => Take::Expired {
            resource_version,
            previous: h,
        },
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_forbidden_lease_names_exactly_the_permissions_and_a_role() {
        let m = super::lease_forbidden("shop", "web", "create");
        assert!(
            m.starts_with(
                "forbidden: you may not create leases.coordination.k8s.io in namespace \"shop\""
            ),
            "{m}"
        );
        assert!(
            m.contains("get, create, update and delete on leases.coordination.k8s.io"),
            "{m}"
        );
        assert!(m.contains("nothing was changed"), "{m}");
        assert!(m.contains("\"One operation per StatefulSet\""), "{m}");
        assert!(m.contains("kind: Role"), "{m}");
        assert!(
            m.contains(r#"verbs: ["get", "create", "update", "delete"]"#),
            "{m}"
        );
        assert!(m.contains("namespace: shop"), "{m}");
        // A Role as YAML: the rule's keys line up under its dash.
        assert!(
            super::lease_role("shop").contains(
                "- apiGroups: [\"coordination.k8s.io\"]\n  resources: [\"leases\"]\n  verbs:"
            ),
            "{}",
            super::lease_role("shop")
        );
        assert!(
            m.contains("kubectl auth can-i create leases.coordination.k8s.io -n shop"),
            "{m}"
        );
    }

    /// get is a read (the reader Role), the rest are the operator's writes.
    #[test]
    fn a_forbidden_lease_names_the_role_of_deploy_rbac_that_grants_the_verb() {
        for (verb, role) in [
            (
                "get",
                "the Role kubectl-sts-reader in deploy/rbac/reader.yaml",
            ),
            (
                "create",
                "the Role kubectl-sts-operator in deploy/rbac/operator.yaml",
            ),
            (
                "update",
                "the Role kubectl-sts-operator in deploy/rbac/operator.yaml",
            ),
            (
                "delete",
                "the Role kubectl-sts-operator in deploy/rbac/operator.yaml",
            ),
        ] {
            let m = super::lease_forbidden("shop", "web", verb);
            assert!(m.contains(&format!("; {verb} is granted by {role}")), "{m}");
        }
    }
    use super::*;
    use k8s_openapi::api::coordination::v1::LeaseSpec;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::{MicroTime, ObjectMeta};

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn lease(holder: Option<&str>, renewed: Option<&str>) -> Lease {
        Lease {
            metadata: ObjectMeta {
                name: Some(lease_name("web")),
                resource_version: Some("7".into()),
                annotations: Some(
                    [
                        (operation_annotation(), "restart".to_string()),
                        (started_annotation(), "2026-11-29T10:00:00Z".to_string()),
                    ]
                    .into(),
                ),
                ..Default::default()
            },
            spec: Some(LeaseSpec {
                holder_identity: holder.map(str::to_string),
                renew_time: renewed.map(|r| MicroTime(at(r))),
                lease_duration_seconds: Some(30),
                ..Default::default()
            }),
        }
    }

    #[test]
    fn table_of_lease_states() {
        let now = at("2026-11-29T10:01:00Z");
        let alice = Holder {
            identity: "alice@host (pid 1)".into(),
            operation: "restart".into(),
            started_at: "2026-11-29T10:00:00Z".into(),
        };
        let cases = [
            (None, Take::Create),
            (
                Some(lease(None, None)),
                Take::Free {
                    resource_version: "7".into(),
                },
            ),
            (
                Some(lease(
                    Some("alice@host (pid 1)"),
                    Some("2026-11-29T10:00:45Z"),
                )),
                Take::Busy(alice.clone()),
            ),
            (
                Some(lease(
                    Some("alice@host (pid 1)"),
                    Some("2026-11-29T10:00:30Z"),
                )),
                Take::Busy(alice.clone()),
            ),
            (
                Some(lease(
                    Some("alice@host (pid 1)"),
                    Some("2026-11-29T10:00:29Z"),
                )),
                Take::Expired {
                    resource_version: "7".into(),
                    previous: alice.clone(),
                },
            ),
            (
                Some(lease(Some("alice@host (pid 1)"), None)),
                Take::Expired {
                    resource_version: "7".into(),
                    previous: alice.clone(),
                },
            ),
        ];
        for (i, (l, want)) in cases.into_iter().enumerate() {
            assert_eq!(decide(l.as_ref(), now), want, "case {i}");
        }
        assert_eq!(
            alice.describe(),
            "restart by alice@host (pid 1) since 2026-11-29T10:00:00Z"
        );
    }
}
