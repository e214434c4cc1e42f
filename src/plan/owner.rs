//! Two questions about writes to a StatefulSet that another controller
//! may own: "is this set controlled by someone else?" and "did our write
//! stick?". An operator (a database operator's custom resource, a Helm or
//! GitOps controller) that owns the set reconciles its spec back to what
//! it wants: a partition raised by `rollout pause` goes back to 0 a moment
//! later, and the next template change rolls every pod at once. The owner
//! is the ownerReference with `controller: true` (Kubernetes docs,
//! "Owners and Dependents": at most one owner is the managing controller).

use k8s_openapi::api::apps::v1::StatefulSet;

use crate::plan::set as facts;

/// The object that manages a set: kind/name of its controller
/// ownerReference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    pub kind: String,
    pub name: String,
    pub api_version: String,
}

impl std::fmt::Display for Owner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{} ({})", self.kind, self.name, self.api_version)
    }
}

/// The controller that manages `set`, when it is not the user: its
/// ownerReference with `controller: true`. `None` for a set nobody
/// controls (ownerReferences without `controller: true` do not reconcile).
pub fn controller_owner(set: &StatefulSet) -> Option<Owner> {
    set.metadata
        .owner_references
        .iter()
        .flatten()
        .find(|o| o.controller == Some(true))
        .map(|o| Owner {
            kind: o.kind.clone(),
            name: o.name.clone(),
            api_version: o.api_version.clone(),
        })
}

/// A field of the set that an operation wrote and relies on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `spec.updateStrategy.rollingUpdate.partition`.
    Partition,
    /// `spec.template`.
    Template,
}

/// Did the write stick? Compares `now` (the set read after the settle
/// window) with `written` (the API server's answer to our write) on the
/// `fields` the operation relies on. Returns what was changed back, one
/// sentence per field; empty means the write held. A set deleted and
/// recreated (another UID) counts as reverted.
pub fn reverted(written: &StatefulSet, now: &StatefulSet, fields: &[Field]) -> Vec<String> {
    if written.metadata.uid != now.metadata.uid {
        return vec!["the statefulset was deleted and recreated".into()];
    }
    let mut out = vec![];
    for f in fields {
        match f {
            Field::Partition => {
                let (w, n) = (facts::partition(written), facts::partition(now));
                if w != n {
                    out.push(format!("the partition was set to {w} and is now {n}"));
                }
            }
            Field::Template => {
                let w = serde_json::to_value(&written.spec.template).ok();
                let n = serde_json::to_value(&now.spec.template).ok();
                if w != n {
                    out.push("the pod template was changed again".into());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::fixtures::{sts, with_partition};
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::OwnerReference;

    fn owned(controller: Option<bool>) -> StatefulSet {
        let mut s = sts("db", 3, &[]);
        s.metadata.owner_references = Some(vec![OwnerReference {
            api_version: "acid.zalan.do/v1".into(),
            kind: "postgresql".into(),
            name: "main".into(),
            uid: "u-1".into(),
            controller,
            ..Default::default()
        }]);
        s
    }

    #[test]
    fn controller_owner_is_the_controller_reference_only() {
        let cases = [
            (sts("db", 3, &[]), None),
            (owned(None), None),
            (owned(Some(false)), None),
            (
                owned(Some(true)),
                Some(("postgresql".to_string(), "main".to_string())),
            ),
        ];
        for (set, want) in cases {
            assert_eq!(controller_owner(&set).map(|o| (o.kind, o.name)), want);
        }
    }

    #[test]
    fn owner_prints_kind_name_and_group() {
        let o = controller_owner(&owned(Some(true))).unwrap();
        assert_eq!(o.to_string(), "postgresql/main (acid.zalan.do/v1)");
    }

    #[test]
    fn a_partition_put_back_is_reported() {
        let written = with_partition(sts("db", 3, &[]), 3);
        let same = written.clone();
        let back = with_partition(sts("db", 3, &[]), 0);
        assert!(reverted(&written, &same, &[Field::Partition]).is_empty());
        assert_eq!(
            reverted(&written, &back, &[Field::Partition]),
            vec!["the partition was set to 3 and is now 0".to_string()]
        );
        // A field the operation does not rely on is not checked.
        assert!(reverted(&written, &back, &[Field::Template]).is_empty());
    }

    #[test]
    fn a_template_changed_again_is_reported() {
        let written = sts("db", 3, &[]);
        let mut now = written.clone();
        now.spec
            .template
            .metadata
            .get_or_insert_default()
            .annotations = Some([("x".to_string(), "y".to_string())].into());
        assert_eq!(reverted(&written, &now, &[Field::Template]).len(), 1);
        assert!(reverted(&written, &now, &[Field::Partition]).is_empty());
    }

    #[test]
    fn a_recreated_set_is_reverted() {
        let mut written = sts("db", 3, &[]);
        written.metadata.uid = Some("a".into());
        let mut now = written.clone();
        now.metadata.uid = Some("b".into());
        assert_eq!(reverted(&written, &now, &[]).len(), 1);
    }
}
