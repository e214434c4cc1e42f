//! Safety rule 8: an operation records its intent on the StatefulSet (one
//! JSON annotation per operation kind, `kubectl-sts.io/<operation>`), so a
//! re-run resumes instead of starting over. Every update re-reads the set
//! and is guarded by the resourceVersion it was read at (rule 5); on 409 it
//! re-reads and re-applies the change.

use k8s_openapi::api::apps::v1::StatefulSet;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::retry::on_conflict;
use crate::cluster::Kube;
use crate::cluster::evict::annotate_set;
use crate::error::Failure;

/// The record under annotation `key` on `set`: `Ok(None)` when absent, an
/// error text when it is not valid JSON of type `R`.
pub fn read<R: DeserializeOwned>(set: &StatefulSet, key: &str) -> Result<Option<R>, String> {
    let Some(raw) = set.metadata.annotations.as_ref().and_then(|a| a.get(key)) else {
        return Ok(None);
    };
    serde_json::from_str(raw)
        .map(Some)
        .map_err(|e| format!("annotation {key} is not a record kubectl-sts can read ({e})"))
}

/// Rewrites the record under `key` on StatefulSet `ns/name` as `change`
/// says, from the record as it is now (`None`: absent or unreadable).
/// `change` returning `None` removes the annotation; returning what is
/// there already writes nothing.
pub async fn update<R>(
    kube: &Kube,
    ns: &str,
    name: &str,
    key: &str,
    change: impl Fn(Option<R>) -> Option<R>,
) -> Result<(), Failure>
where
    R: Serialize + DeserializeOwned + PartialEq,
{
    let what = format!("statefulset {name:?} in namespace {ns:?} (record annotation {key})");
    on_conflict(&what, |_| async {
        let set: StatefulSet = kube.get_opt(ns, name).await?.ok_or_else(|| {
            Failure::NotFound(format!(
                "statefulset {name:?} not found in namespace {ns:?} while writing its record {key}"
            ))
        })?;
        let cur: Option<R> = read(&set, key).ok().flatten();
        let next = change(read(&set, key).ok().flatten());
        if next == cur {
            return Ok(());
        }
        let rv = set.metadata.resource_version.clone().unwrap_or_default();
        let value = next
            .as_ref()
            .map(|r| serde_json::to_string(r).expect("a record serializes"));
        match annotate_set(kube, ns, name, &rv, key, value.as_deref()).await? {
            Some(_) => Ok(()),
            None => Err(Failure::Conflict(what.clone())),
        }
    })
    .await
    .map(|_| ())
}
