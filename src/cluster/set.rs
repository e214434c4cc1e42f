//! The StatefulSet and its pods, read the one way every operation reads
//! them: consistent GET and LIST (rule 6), pods by the set's selector and
//! kept only when the set controls them (`plan::set::owns`).

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{PersistentVolumeClaim, Pod};

use super::Kube;
use crate::error::Failure;
use crate::plan::selector;
use crate::plan::set::owns;

/// GET StatefulSet `ns/name`; a missing set is `Failure::NotFound` naming
/// the namespace, how to list the sets there, and a resize or restore that
/// deleted it to recreate it ([`in_flight`]).
pub async fn get(kube: &Kube, ns: &str, name: &str) -> Result<StatefulSet, Failure> {
    match kube.get_opt::<StatefulSet>(ns, name).await? {
        Some(s) => Ok(s),
        None => Err(Failure::NotFound(format!(
            "statefulset {name:?} not found in namespace {ns:?}{}; list the StatefulSets there \
             with: kubectl sts status -n {ns}",
            in_flight(kube, ns, name).await
        ))),
    }
}

/// For a missing set `ns/name`: `", but ..."` when its claims carry the
/// mark of a `pvc resize` or `pvc restore` that deleted it to recreate it
/// (`plan::resize::record::pending_keep_reason`), with the command that
/// finishes it; empty otherwise, and when the claims cannot be read (this
/// only adds to an error).
pub async fn in_flight(kube: &Kube, ns: &str, name: &str) -> String {
    use crate::plan::resize::record::{pending_claim, pending_keep_reason};
    let Ok(claims) = kube.list::<PersistentVolumeClaim>(Some(ns), None).await else {
        return String::new();
    };
    claims
        .iter()
        .find(|c| matches!(pending_claim(c), Some(Ok(p)) if p.stateful_set == name))
        .and_then(pending_keep_reason)
        .map(|why| format!(", but {why}"))
        .unwrap_or_default()
}

/// The pods `set` controls: its selector's pods with a controller
/// ownerReference to the set's UID (a selector may overlap another
/// workload's pods).
pub async fn pods(kube: &Kube, set: &StatefulSet) -> Result<Vec<Pod>, Failure> {
    let ns = set.metadata.namespace.as_deref().unwrap_or("default");
    let sel = selector::to_query(&set.spec.selector);
    let pods = kube.list::<Pod>(Some(ns), Some(&sel)).await?;
    Ok(pods.into_iter().filter(|p| owns(set, p)).collect())
}
