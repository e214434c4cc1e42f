//! The StatefulSet and its pods, read the one way every operation reads
//! them: consistent GET and LIST (rule 6), pods by the set's selector and
//! kept only when the set controls them (`plan::set::owns`).

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::Pod;

use super::Kube;
use crate::error::Failure;
use crate::plan::selector;
use crate::plan::set::owns;

/// GET StatefulSet `ns/name`; a missing set is `Failure::NotFound` naming
/// the namespace and how to list the sets there.
pub async fn get(kube: &Kube, ns: &str, name: &str) -> Result<StatefulSet, Failure> {
    kube.get_opt::<StatefulSet>(ns, name).await?.ok_or_else(|| {
        Failure::NotFound(format!(
            "statefulset {name:?} not found in namespace {ns:?}; list the StatefulSets there \
             with: kubectl sts status -n {ns}"
        ))
    })
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
