//! Least privilege: which role of `deploy/rbac/` grants each permission
//! kubectl-sts uses. [`RULES`] is the one source: the manifests are checked
//! against it (the tests below parse them), and a forbidden request's error
//! names the role that grants what was missing ([`grant_hint`]).
//!
//! Four roles, so that each permission is granted by exactly one of them:
//! namespaced reads (a Role), cluster-scoped reads (a ClusterRole, so that
//! a user bound to the Role alone still gets every report, with the
//! volume, storage and node parts marked unknown), namespaced writes (a
//! Role, bound on top of the reader), and the cluster-scoped writes
//! (`recover --fix` deleting a VolumeAttachment, `pvc restore` keeping a
//! volume). Resources are spelled
//! as RBAC and `kubectl auth can-i` spell them: `plural[.group]`, with a
//! subresource as `pods/eviction`
//! (<https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources>).

/// A Role or ClusterRole shipped in `deploy/rbac/`.
#[derive(Debug, PartialEq, Eq)]
pub struct RbacRole {
    /// `Role` (namespaced: bound with a RoleBinding in each namespace) or
    /// `ClusterRole` (bound with a ClusterRoleBinding).
    pub kind: &'static str,
    pub name: &'static str,
    /// The manifest, relative to the repository root.
    pub file: &'static str,
}

impl RbacRole {
    fn cluster(&self) -> bool {
        self.kind == "ClusterRole"
    }
}

/// Namespaced reads: enough for every read-only verb.
pub const READER: RbacRole = RbacRole {
    kind: "Role",
    name: "kubectl-sts-reader",
    file: "deploy/rbac/reader.yaml",
};

/// Cluster-scoped reads: PersistentVolumes, StorageClasses, Nodes,
/// VolumeAttachments, Namespaces.
pub const CLUSTER_READER: RbacRole = RbacRole {
    kind: "ClusterRole",
    name: "kubectl-sts-cluster-reader",
    file: "deploy/rbac/cluster-reader.yaml",
};

/// The namespaced writes of the verbs that change things.
pub const OPERATOR: RbacRole = RbacRole {
    kind: "Role",
    name: "kubectl-sts-operator",
    file: "deploy/rbac/operator.yaml",
};

/// The cluster-scoped writes: deleting a VolumeAttachment, patching a
/// PersistentVolume.
pub const CLUSTER_OPERATOR: RbacRole = RbacRole {
    kind: "ClusterRole",
    name: "kubectl-sts-cluster-operator",
    file: "deploy/rbac/cluster-operator.yaml",
};

/// Every role, in the order the README lists them.
pub const ROLES: [&RbacRole; 4] = [&READER, &CLUSTER_READER, &OPERATOR, &CLUSTER_OPERATOR];

/// One rule of a role: `verbs` on `resource` of API group `group`, and
/// which commands need it (the comment above the rule in the manifest).
#[derive(Debug)]
pub struct Rule {
    pub role: &'static RbacRole,
    /// `""` for the core group.
    pub group: &'static str,
    /// Plural, with a subresource as `pods/eviction`.
    pub resource: &'static str,
    pub verbs: &'static [&'static str],
    pub needed_by: &'static str,
}

impl Rule {
    /// `statefulsets.apps`, `pods/eviction`: the resource as errors and
    /// `kubectl auth can-i` spell it.
    pub fn spelled(&self) -> String {
        if self.group.is_empty() {
            self.resource.to_string()
        } else {
            format!("{}.{}", self.resource, self.group)
        }
    }
}

/// Every permission kubectl-sts uses, each in exactly one role, in the
/// order of the manifests.
pub const RULES: &[Rule] = &[
    Rule {
        role: &READER,
        group: "apps",
        resource: "statefulsets",
        verbs: &["get", "list", "watch"],
        needed_by: "every command: the StatefulSets; watch: rollout status and the waits of every \
                    command that changes a set",
    },
    Rule {
        role: &READER,
        group: "apps",
        resource: "controllerrevisions",
        verbs: &["list"],
        needed_by: "rollout history, rollout undo: the revisions of a set",
    },
    Rule {
        role: &READER,
        group: "",
        resource: "pods",
        verbs: &["get", "list", "watch"],
        needed_by: "every command: the pods of a set; recover: every pod of the namespace; watch: \
                    rollout status and the waits",
    },
    Rule {
        role: &READER,
        group: "",
        resource: "persistentvolumeclaims",
        verbs: &["get", "list", "watch"],
        needed_by: "status, doctor, pvc, recover: the claims; restart, rollout: the claims a pod \
                    mounts (disruption gate); watch: pvc resize waits for each claim",
    },
    Rule {
        role: &READER,
        group: "",
        resource: "services",
        verbs: &["get", "list"],
        needed_by: "status, doctor: the governing Service",
    },
    Rule {
        role: &READER,
        group: "",
        resource: "events",
        verbs: &["list"],
        needed_by: "restart, rollout canary: the events of a failing pod; recover: \
                    FailedAttachVolume events",
    },
    Rule {
        role: &READER,
        group: "policy",
        resource: "poddisruptionbudgets",
        verbs: &["list"],
        needed_by: "doctor, restart: the PodDisruptionBudgets that cover the pods",
    },
    Rule {
        role: &READER,
        group: "coordination.k8s.io",
        resource: "leases",
        verbs: &["get", "list"],
        needed_by: "status: which operation holds a set; every command that changes a set, and \
                    pvc orphans --delete: whether another one does",
    },
    Rule {
        role: &READER,
        group: "snapshot.storage.k8s.io",
        resource: "volumesnapshots",
        verbs: &["get", "list", "watch"],
        needed_by: "pvc snapshots, pvc restore: the set's snapshots; watch: pvc snapshot --wait \
                    and --snapshot wait until they are ready",
    },
    Rule {
        role: &CLUSTER_READER,
        group: "",
        resource: "persistentvolumes",
        verbs: &["get", "list"],
        needed_by: "status, pvc list|orphans, doctor, recover: the volumes behind the claims; \
                    restart, rollout, pvc orphans --delete: the volume of a claim before acting",
    },
    Rule {
        role: &CLUSTER_READER,
        group: "storage.k8s.io",
        resource: "storageclasses",
        verbs: &["get", "list"],
        needed_by: "doctor: binding mode and expansion checks; pvc resize: refuses a class that \
                    does not allow expansion; pvc snapshot: the provisioner of a claim whose \
                    volume is not a CSI volume (get)",
    },
    Rule {
        role: &CLUSTER_READER,
        group: "snapshot.storage.k8s.io",
        resource: "volumesnapshotclasses",
        verbs: &["list"],
        needed_by: "pvc snapshot, --snapshot: the class for the claims' CSI driver; pvc \
                    snapshots: the deletion policy of each snapshot's class",
    },
    Rule {
        role: &CLUSTER_READER,
        group: "",
        resource: "nodes",
        verbs: &["list"],
        needed_by: "doctor: zones and node readiness; recover: pods on NotReady or deleted nodes",
    },
    Rule {
        role: &CLUSTER_READER,
        group: "storage.k8s.io",
        resource: "volumeattachments",
        verbs: &["get", "list"],
        needed_by: "recover: Multi-Attach diagnosis; recover --fix: checks that a deleted \
                    attachment is gone",
    },
    Rule {
        role: &CLUSTER_READER,
        group: "",
        resource: "namespaces",
        verbs: &["list"],
        needed_by: "completion: namespace names after -n (without it the list is empty)",
    },
    Rule {
        role: &OPERATOR,
        group: "apps",
        resource: "statefulsets",
        verbs: &["patch", "create", "delete"],
        needed_by: "rollout (--partition, canary, pause, resume, undo), restart: the partition, \
                    the template and the intent records (patch); pvc resize, pvc restore: \
                    delete the set with propagationPolicy=Orphan and recreate it",
    },
    Rule {
        role: &OPERATOR,
        group: "",
        resource: "pods",
        verbs: &["delete", "patch"],
        needed_by: "rollout undo, recover --fix: delete a stuck pod; restart --disable-eviction: \
                    delete instead of evict; recover --fix --remove-finalizers: patch a pod's \
                    finalizers",
    },
    Rule {
        role: &OPERATOR,
        group: "",
        resource: "pods/eviction",
        verbs: &["create"],
        needed_by: "restart, pvc resize --restart-pods, pvc restore: evictions, so that \
                    PodDisruptionBudgets apply",
    },
    Rule {
        role: &OPERATOR,
        group: "",
        resource: "pods/exec",
        verbs: &["create"],
        needed_by: "--check exec: (restart, rollout, pvc resize --restart-pods, recover --fix): \
                    runs the check's command in a pod",
    },
    Rule {
        role: &OPERATOR,
        group: "",
        resource: "pods/portforward",
        verbs: &["create"],
        needed_by: "--check http:// and https:// (restart, rollout, pvc resize \
                    --restart-pods, recover --fix): the check's request to a pod's port",
    },
    Rule {
        role: &OPERATOR,
        group: "",
        resource: "persistentvolumeclaims",
        verbs: &["patch", "delete", "create"],
        needed_by: "pvc resize: grow the claims and mark them while the set is recreated \
                    (patch); pvc orphans --delete (delete); recover --fix: recreate a missing \
                    claim (create), --remove-finalizers (patch); pvc restore: delete the \
                    replaced claim, create the restored claim and the one that keeps the old \
                    volume",
    },
    Rule {
        role: &OPERATOR,
        group: "snapshot.storage.k8s.io",
        resource: "volumesnapshots",
        verbs: &["create"],
        needed_by: "pvc snapshot, and --snapshot of pvc resize, rollout and restart: take the \
                    snapshots",
    },
    Rule {
        role: &OPERATOR,
        group: "coordination.k8s.io",
        resource: "leases",
        verbs: &["create", "update", "delete"],
        needed_by: "every command that changes a set: holds the set's Lease while it runs",
    },
    Rule {
        role: &CLUSTER_OPERATOR,
        group: "storage.k8s.io",
        resource: "volumeattachments",
        verbs: &["delete"],
        needed_by: "recover --fix: deletes the VolumeAttachment of a volume still attached to a \
                    node that is down or gone",
    },
    Rule {
        role: &CLUSTER_OPERATOR,
        group: "",
        resource: "persistentvolumes",
        verbs: &["patch"],
        needed_by: "pvc restore: sets the replaced volume's reclaim policy to Retain and points \
                    it at the claim that keeps it",
    },
];

/// The role of `deploy/rbac/` that grants `verb` on `resource` (spelled as
/// [`Rule::spelled`]: `statefulsets.apps`, `pods/eviction`); `None` for a
/// permission kubectl-sts does not use.
pub fn granting_role(verb: &str, resource: &str) -> Option<&'static RbacRole> {
    RULES
        .iter()
        .find(|r| r.verbs.contains(&verb) && r.spelled() == resource)
        .map(|r| r.role)
}

/// Whether `resource` is cluster-scoped: granted only by ClusterRoles.
pub fn cluster_scoped(resource: &str) -> bool {
    let mut rules = RULES.iter().filter(|r| r.spelled() == resource).peekable();
    rules.peek().is_some() && rules.all(|r| r.role.cluster())
}

/// What a forbidden `verb` on `resource` (in namespace `ns`; `None`:
/// cluster-scoped, or every namespace with -A) says after naming them:
/// `granted by the Role NAME in FILE: ` and how to get it bound. `None`
/// when no role of `deploy/rbac/` grants it.
pub fn grant_hint(verb: &str, resource: &str, ns: Option<&str>) -> Option<String> {
    let role = granting_role(verb, resource)?;
    let how = match (role.cluster(), ns) {
        (true, _) => {
            "ask a cluster administrator to bind it to you with a ClusterRoleBinding".to_string()
        }
        (false, Some(ns)) => format!(
            "ask a cluster administrator to apply it in namespace {ns:?} and bind it to you \
             there with a RoleBinding"
        ),
        (false, None) => "with -A it is needed in every namespace: ask a cluster administrator \
                          to bind its rules cluster-wide (as a ClusterRole with a \
                          ClusterRoleBinding), or pick one namespace with -n"
            .to_string(),
    };
    Some(format!(
        "granted by the {} {} in {}: {how}; see the README section \"Permissions\"",
        role.kind, role.name, role.file
    ))
}

#[cfg(test)]
mod tests;
