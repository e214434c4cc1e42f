//! Safety rule 8: an operation records its intent on the StatefulSet (one
//! JSON annotation per operation kind, `kubectl-sts.io/<operation>`), so a
//! re-run resumes instead of starting over. Every update re-reads the set,
//! decides from the record as it is at that resourceVersion
//! (`plan::record::merge`: another run's record is never overwritten or
//! removed), and is guarded by that resourceVersion (rule 5); on 409 it
//! re-reads and re-decides.

use k8s_openapi::api::apps::v1::StatefulSet;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::retry::on_conflict;
use crate::cluster::Kube;
use crate::cluster::evict::annotate_set;
use crate::error::Failure;
use crate::plan::record::{Decision, merge};

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
/// says, from the record as it is now (`None`: absent); `Ok(None)` from
/// `change` removes it, `Err(why)` refuses (see `plan::record` for
/// `set_mine` and `clear_mine`). Errors: `Refused` when `change` refuses
/// or the annotation there is not a readable record (nothing is written).
pub async fn update<R>(
    kube: &Kube,
    ns: &str,
    name: &str,
    key: &str,
    change: impl Fn(Option<R>) -> Result<Option<R>, String>,
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
        let raw = set
            .metadata
            .annotations
            .as_ref()
            .and_then(|a| a.get(key))
            .map(String::as_str);
        let value = match merge(key, raw, &change) {
            Decision::Unchanged => return Ok(()),
            Decision::Refuse(why) => {
                return Err(Failure::Refused(format!(
                    "statefulset {name} in namespace {ns}: record {key} not written: {why}"
                )));
            }
            Decision::Write(v) => v,
        };
        let rv = set.metadata.resource_version.clone().unwrap_or_default();
        match annotate_set(kube, ns, name, &rv, key, value.as_deref()).await? {
            Some(_) => Ok(()),
            None => Err(Failure::Conflict(what.clone())),
        }
    })
    .await
    .map(|_| ())
}
