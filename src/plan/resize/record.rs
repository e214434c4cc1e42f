//! What a resize leaves behind while the StatefulSet is deleted and not yet
//! recreated (safety rules 8 and 17): the local record's key, the saved
//! manifest, and the annotation on each claim that tells every other
//! machine (an orphan clean-up cron job, `status`) that the claims are live.
//! Pure: `ops::resize` reads and writes the files and the API.

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::PersistentVolumeClaim;
use serde::{Deserialize, Serialize};

/// Annotation put on each claim of a set before the set is deleted for a
/// resize, removed once the recreated set has adopted the pods. Its value
/// is a [`PendingClaim`] in JSON.
pub const PENDING_ANNOTATION: &str = "kubectl-sts.io/resize-pending";

/// The value of [`PENDING_ANNOTATION`].
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct PendingClaim {
    /// The StatefulSet being recreated.
    pub stateful_set: String,
    /// When the operation started (RFC 3339).
    pub started: String,
    /// The command that finishes it, on the machine that holds the record.
    pub resume: String,
}

/// The [`PendingClaim`] on claim `c`: `None` without the annotation,
/// `Some(Err(raw))` when it is there but not readable (still evidence that
/// a resize is in flight).
pub fn pending_claim(c: &PersistentVolumeClaim) -> Option<Result<PendingClaim, String>> {
    let raw = c.metadata.annotations.as_ref()?.get(PENDING_ANNOTATION)?;
    Some(serde_json::from_str(raw).map_err(|_| raw.clone()))
}

/// Why an orphan clean-up must keep claim `c`, if a resize marked it: the
/// set named in the annotation is being deleted and recreated, so its
/// absence (or a pod missing meanwhile) says nothing about the claim.
pub fn pending_keep_reason(c: &PersistentVolumeClaim) -> Option<String> {
    Some(match pending_claim(c)? {
        Ok(p) => format!(
            "a resize or restore of statefulset {} is in progress (started {}; the set is \
             deleted and recreated with its pods kept): finish it with `{}` on the machine that \
             started it, never delete the claim",
            p.stateful_set, p.started, p.resume
        ),
        Err(raw) => format!(
            "annotation {PENDING_ANNOTATION}={raw:?} says a resize is in progress; the claim is \
             kept until the annotation is removed"
        ),
    })
}

/// The file name (relative to the resize state directory) of the record of
/// StatefulSet `ns/name` on the cluster whose API server is `server`.
///
/// Collision-free: the server URL becomes one directory name by escaping
/// every byte outside `[A-Za-z0-9.-]` as `_XX` (so `_` itself is escaped),
/// and namespace and name are joined with `_`, which neither a namespace
/// (DNS label) nor a StatefulSet name (DNS subdomain) can contain. So
/// `a-b/c` and `a/b-c` differ, and a record of another cluster with the
/// same names is another file.
pub fn record_key(server: &str, ns: &str, name: &str) -> String {
    format!("{}/{ns}_{name}.pending.json", escape(server))
}

/// The directory (relative to the resize state directory) of every file of
/// the cluster at `server`: records and saved manifests.
pub fn cluster_dir(server: &str) -> String {
    escape(server)
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b == b'.' || b == b'-' {
            out.push(b as char);
        } else {
            out.push_str(&format!("_{b:02x}"));
        }
    }
    out
}

/// The manifest saved before the delete, usable as is with `kubectl create
/// -f`: the set as the user wrote it, without what the API server owns
/// (resourceVersion, uid, creationTimestamp, generation, managedFields,
/// selfLink, deletion fields, status) — a create that carries a
/// resourceVersion is refused. ownerReferences are kept: a set that an
/// owner garbage-collects must stay owned by it (a set with a controller
/// owner is never recreated, see `plan::resize`).
pub fn saved_manifest(set: &StatefulSet) -> StatefulSet {
    super::stripped(set)
}

#[cfg(test)]
mod tests;
