//! Well-known finalizers: who usually owns each one and what to check when
//! it holds an object in deletion. One table, used by `recover` (which
//! explains a stuck claim or pod) and `status` (which names what holds a
//! claim). Pure data; the names come from the Kubernetes and CSI sidecar
//! sources that add them.

/// What is known about one finalizer name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    pub name: &'static str,
    /// Who adds and removes it, in plain words.
    pub owner: &'static str,
    /// What to check when it holds an object; `{ns}` and `{name}` are the
    /// held object's namespace and name.
    pub check: &'static str,
}

/// The PVC protection finalizer of kube-controller-manager.
pub const PVC_PROTECTION: &str = "kubernetes.io/pvc-protection";
/// The CSI snapshot controller's finalizer on a claim a snapshot is taken from.
pub const SNAPSHOT_SOURCE: &str = "snapshot.storage.kubernetes.io/pvc-as-source-protection";

/// The table; [`lookup`] reads it.
pub const KNOWN: &[Known] = &[
    Known {
        name: PVC_PROTECTION,
        owner: "kube-controller-manager (its pvc-protection controller)",
        check: "it lets go once no scheduled pod mounts the claim: look for pods using it \
                (kubectl get pods -n {ns} -o wide), and check that kube-controller-manager runs",
    },
    Known {
        name: SNAPSHOT_SOURCE,
        owner: "the CSI snapshot controller (snapshot-controller)",
        check: "a VolumeSnapshot is being taken from this claim, and the finalizer goes once the \
                snapshot is ready to use: look for VolumeSnapshots whose source is {name} \
                (kubectl get volumesnapshot -n {ns}), wait for them or delete them, and check \
                that the snapshot controller runs",
    },
    Known {
        name: "snapshot.storage.kubernetes.io/pvc-as-source-protection-in-progress",
        owner: "the CSI snapshot controller (snapshot-controller)",
        check: "a snapshot of {name} is being created: kubectl get volumesnapshot -n {ns}",
    },
    Known {
        name: "external-provisioner.volume.kubernetes.io/finalizer",
        owner: "the CSI external-provisioner of the volume's driver",
        check: "the provisioner deletes the backing volume first: check that the CSI driver's \
                controller pod runs and read its logs",
    },
    Known {
        name: "external-attacher/",
        owner: "the CSI driver's attacher",
        check: "the CSI driver's attacher (the csi-attacher container of the driver's \
                controller pod) detaches the volume, then lets go: check that it runs and read \
                its logs (kubectl get volumeattachment {name} -o yaml shows its detachError)",
    },
    Known {
        name: "kubernetes.io/pv-protection",
        owner: "kube-controller-manager (its pv-protection controller)",
        check: "it lets go once no claim is bound to the volume",
    },
    Known {
        name: "foregroundDeletion",
        owner: "the garbage collector (foreground deletion)",
        check: "it waits until every dependent of {name} with blockOwnerDeletion is gone: look \
                for objects whose ownerReferences name it",
    },
    Known {
        name: "orphan",
        owner: "the garbage collector (orphan deletion)",
        check: "it removes the ownerReferences of {name}'s dependents first; check that \
                kube-controller-manager runs",
    },
];

/// The entry for `finalizer`: an exact name, or a prefix entry ending in
/// `/` (the external-attacher adds `external-attacher/<driver>`).
pub fn lookup(finalizer: &str) -> Option<&'static Known> {
    KNOWN
        .iter()
        .find(|k| k.name == finalizer || (k.name.ends_with('/') && finalizer.starts_with(k.name)))
}

/// "X (owned by Y)" for a known finalizer, or a guess from its domain.
pub fn owner_text(finalizer: &str) -> String {
    match lookup(finalizer) {
        Some(k) => format!("{finalizer} (owned by {})", k.owner),
        None => format!(
            "{finalizer} (owned by the controller behind {}; kubectl-sts does not know it)",
            finalizer.split('/').next().unwrap_or(finalizer)
        ),
    }
}

/// What to check for `finalizer` holding object `name` in namespace `ns`.
pub fn check_text(finalizer: &str, ns: &str, name: &str) -> String {
    match lookup(finalizer) {
        Some(k) => k.check.replace("{ns}", ns).replace("{name}", name),
        None => {
            format!("find the controller that owns {finalizer} and fix it; that releases {name}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_known_finalizers_name_their_owner_and_what_to_check() {
        let cases = [
            (
                PVC_PROTECTION,
                "pvc-protection controller",
                "kubectl get pods -n shop",
            ),
            (
                SNAPSHOT_SOURCE,
                "snapshot controller",
                "kubectl get volumesnapshot -n shop",
            ),
            (
                "external-provisioner.volume.kubernetes.io/finalizer",
                "external-provisioner",
                "CSI driver",
            ),
            (
                "external-attacher/ebs-csi-aws-com",
                "external-attacher",
                "volumeattachment",
            ),
            ("foregroundDeletion", "garbage collector", "ownerReferences"),
            ("example.com/backup", "example.com", "find the controller"),
        ];
        for (fin, owner, check) in cases {
            assert!(
                owner_text(fin).contains(owner),
                "{fin}: {}",
                owner_text(fin)
            );
            let c = check_text(fin, "shop", "data-web-1");
            assert!(c.contains(check), "{fin}: {c}");
        }
        assert!(check_text(SNAPSHOT_SOURCE, "shop", "data-web-1").contains("data-web-1"));
    }
}
