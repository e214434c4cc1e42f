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

#[cfg(test)]
mod tests {
    //! The guarded record update against the scripted API double: a 409
    //! is followed by a fresh read and a new decision, and another run's
    //! record found then is left alone.

    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use serde_json::{Value, json};

    use super::*;
    use crate::ops::double::{self, object, status};
    use crate::plan::fixtures::sts;
    use crate::plan::record::{clear_mine, set_mine};
    use crate::plan::restart::{Intent, RESTART_ANNOTATION};

    const SET: &str = "/apis/apps/v1/namespaces/shop/statefulsets/web";

    fn with_record(rv: u32, started: &str) -> Value {
        let mut s = sts("web", 3, &[]);
        s.metadata.resource_version = Some(rv.to_string());
        let rec = json!({"startedAt": started, "done": []}).to_string();
        s.metadata.annotations = Some([(RESTART_ANNOTATION.to_string(), rec)].into());
        object("apps/v1", "StatefulSet", &s)
    }

    fn run_a() -> Intent {
        serde_json::from_value(json!({"startedAt": "2026-01-01T00:00:00Z", "done": []})).unwrap()
    }

    fn same_start(a: &Intent) -> impl Fn(&Intent) -> bool + '_ {
        move |b| a.started_at == b.started_at
    }

    #[tokio::test]
    async fn a_conflict_rereads_and_refuses_over_another_runs_record() {
        let gets = Arc::new(AtomicUsize::new(0));
        let g = gets.clone();
        let (kube, log) = double::kube(move |method, uri, _| match method {
            // First read: run A's record; after the 409: run B's.
            "GET" if uri.starts_with(SET) => match g.fetch_add(1, Ordering::SeqCst) {
                0 => (200, with_record(10, "2026-01-01T00:00:00Z")),
                _ => (200, with_record(11, "2026-02-02T00:00:00Z")),
            },
            "PATCH" if uri.starts_with(SET) => {
                (409, status(409, "Conflict", "the object has been modified"))
            }
            _ => (404, status(404, "NotFound", uri)),
        });
        let mut next = run_a();
        next.done.push(crate::plan::restart::DonePod {
            pod: "web-2".into(),
            uid: "u2".into(),
        });
        let a = run_a();
        let change = set_mine(next, same_start(&a), |i: &Intent| i.started_at.clone());
        let err = update(&kube, "shop", "web", RESTART_ANNOTATION, change)
            .await
            .expect_err("another run's record is not overwritten");
        assert!(
            matches!(&err, Failure::Refused(m) if m.contains("2026-02-02")),
            "{err:?}"
        );
        let seen = log.all();
        let patches: Vec<_> = seen.iter().filter(|s| s.method == "PATCH").collect();
        assert_eq!(patches.len(), 1, "no replay after the 409: {seen:?}");
        assert!(
            patches[0].body.contains("\"resourceVersion\":\"10\""),
            "{}",
            patches[0].body
        );
        assert_eq!(gets.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn clearing_leaves_another_runs_record_without_writing() {
        let (kube, log) = double::kube(move |method, uri, _| match method {
            "GET" if uri.starts_with(SET) => (200, with_record(10, "2026-02-02T00:00:00Z")),
            _ => (404, status(404, "NotFound", uri)),
        });
        let a = run_a();
        update(
            &kube,
            "shop",
            "web",
            RESTART_ANNOTATION,
            clear_mine(same_start(&a)),
        )
        .await
        .unwrap();
        assert_eq!(log.count("PATCH", SET), 0);
    }
}
