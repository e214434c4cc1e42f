//! Watch-driven waits with deadlines (safety rule 7).
//!
//! A StatefulSet and its pods are mirrored from two watches (consistent
//! initial lists: `ListSemantic::MostRecent`, the kube default). A pure
//! decision is re-run on every change, and after the delay it asks for, since
//! a stability window ends without any event. No polling loop: a pod that
//! becomes Ready is seen as soon as the API server sends the event.

use std::time::Duration;

use futures::{StreamExt, stream};
use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::jiff::Timestamp;
use kube::Api;
use kube::runtime::reflector::{self, Store};
use kube::runtime::{WatchStreamExt, watcher};
use tokio::time::Instant;

use super::Kube;
use crate::error::{Failure, Target, api_failure};
use crate::plan::selector;

/// What a decision says after looking at the current state.
#[derive(Debug, Clone, PartialEq)]
pub enum Next<T> {
    Done(T),
    /// Keep waiting. `status` describes what is awaited (for progress output);
    /// `recheck` re-runs the decision after that long even without an event.
    Wait {
        status: String,
        recheck: Option<Duration>,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum WaitError {
    /// The deadline passed; `last` is the last status the decision gave.
    #[error("timed out after {limit}s; last state: {last}", limit = .limit.as_secs())]
    Deadline { limit: Duration, last: String },
    /// Ctrl-C.
    #[error("interrupted; last state: {last}")]
    Interrupted { last: String },
    #[error("statefulset {name:?} in namespace {ns:?} was deleted while waiting")]
    SetDeleted { ns: String, name: String },
    #[error(transparent)]
    Api(#[from] Failure),
}

/// Watches StatefulSet `ns/name` and its pods until `decide` returns
/// `Next::Done`, the deadline passes, or the user presses Ctrl-C. `progress`
/// receives each new status string.
pub async fn watch_set<T>(
    kube: &Kube,
    ns: &str,
    name: &str,
    limit: Duration,
    mut progress: impl FnMut(&str),
    mut decide: impl FnMut(&StatefulSet, &[&Pod], Timestamp) -> Next<T>,
) -> Result<T, WaitError> {
    let deadline = Instant::now() + limit;
    let sets: Api<StatefulSet> = Api::namespaced(kube.client.clone(), ns);
    let target = Target::new("get", "statefulsets.apps")
        .ns(Some(ns))
        .name(name);
    let first = kube
        .call(&target, "before watching", sets.get_opt(name))
        .await?
        .ok_or_else(|| WaitError::SetDeleted {
            ns: ns.into(),
            name: name.into(),
        })?;
    let pod_selector = selector::to_query(&first.spec.selector);

    let (set_store, set_writer) = reflector::store::<StatefulSet>();
    let (pod_store, pod_writer) = reflector::store::<Pod>();
    let set_events = watcher(
        sets,
        watcher::Config::default().fields(&format!("metadata.name={name}")),
    )
    .default_backoff()
    .reflect(set_writer)
    .map(|e| {
        e.map(|ev| (Kind::Set, ev_init_done(&ev)))
            .map_err(|e| ("statefulsets.apps", e))
    });
    let pod_events = watcher(
        Api::<Pod>::namespaced(kube.client.clone(), ns),
        watcher::Config::default().labels(&pod_selector),
    )
    .default_backoff()
    .reflect(pod_writer)
    .map(|e| {
        e.map(|ev| (Kind::Pods, ev_init_done(&ev)))
            .map_err(|e| ("pods", e))
    });
    let mut events = Box::pin(stream::select(set_events, pod_events));

    let (mut sets_listed, mut pods_listed) = (false, false);
    let mut last = "starting to watch".to_string();
    let mut recheck: Option<Instant> = None;
    let interrupt = crate::interrupt::Interrupt::global();
    let ctrl_c = interrupt.wait();
    tokio::pin!(ctrl_c);
    loop {
        let wake = recheck.unwrap_or(deadline).min(deadline);
        tokio::select! {
            ev = events.next() => match ev {
                Some(Ok((kind, init_done))) => {
                    if init_done {
                        match kind {
                            Kind::Set => sets_listed = true,
                            Kind::Pods => pods_listed = true,
                        }
                    }
                }
                Some(Err((what, e))) => {
                    // The watcher retries with backoff; only a refusal is final.
                    if let Some(f) = refused(&e, what, ns, &kube.server) {
                        return Err(f.into());
                    }
                    continue;
                }
                None => return Err(WaitError::Deadline { limit, last }),
            },
            _ = tokio::time::sleep_until(wake) => {
                if Instant::now() >= deadline {
                    return Err(WaitError::Deadline { limit, last });
                }
            }
            _ = &mut ctrl_c => return Err(WaitError::Interrupted { last }),
        }
        if !(sets_listed && pods_listed) {
            continue;
        }
        let Some(view) = snapshot(&set_store, &pod_store, name) else {
            return Err(WaitError::SetDeleted {
                ns: ns.into(),
                name: name.into(),
            });
        };
        let pods: Vec<&Pod> = view.1.iter().map(|p| p.as_ref()).collect();
        match decide(&view.0, &pods, Timestamp::now()) {
            Next::Done(t) => return Ok(t),
            Next::Wait {
                status,
                recheck: again,
            } => {
                if status != last {
                    progress(&status);
                    last = status;
                }
                recheck = again.map(|d| Instant::now() + d);
            }
        }
    }
}

/// A watcher error that retrying cannot fix: the list or the watch of
/// `resource` in `ns` refused (403, 401), translated with the verb the API
/// server refused (the initial list is a `list`, then a `watch`), so the
/// error names the permission that is missing. `None` for the rest, which
/// the watcher retries with backoff.
pub fn refused(e: &watcher::Error, resource: &str, ns: &str, server: &str) -> Option<Failure> {
    let (verb, status) = match e {
        watcher::Error::InitialListFailed(kube::Error::Api(s)) => ("list", s),
        watcher::Error::WatchStartFailed(kube::Error::Api(s)) => ("watch", s),
        _ => return None,
    };
    if status.code != 403 && status.code != 401 {
        return None;
    }
    let t = Target::new(verb, resource).ns(Some(ns));
    Some(api_failure(kube::Error::Api(status.clone()), &t, server))
}

type View = (std::sync::Arc<StatefulSet>, Vec<std::sync::Arc<Pod>>);

#[derive(Debug, Clone, Copy)]
enum Kind {
    Set,
    Pods,
}

/// The end of a (re)list: from then on the store holds the whole state.
fn ev_init_done<K>(ev: &watcher::Event<K>) -> bool {
    matches!(ev, watcher::Event::InitDone)
}

/// The set and its pods, or `None` when the set is gone.
fn snapshot(sets: &Store<StatefulSet>, pods: &Store<Pod>, name: &str) -> Option<View> {
    let set = sets
        .state()
        .into_iter()
        .find(|s| s.metadata.name.as_deref() == Some(name))?;
    Some((set, pods.state()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use kube::core::Status;

    fn api(code: u16) -> kube::Error {
        kube::Error::Api(Status::failure("no", "Forbidden").with_code(code).boxed())
    }

    #[test]
    fn a_refused_watch_names_the_verb_the_api_server_refused() {
        let cases: Vec<(watcher::Error, Option<&str>)> = vec![
            (
                watcher::Error::InitialListFailed(api(403)),
                Some("forbidden: you may not list pods in namespace \"shop\""),
            ),
            (
                watcher::Error::WatchStartFailed(api(403)),
                Some("forbidden: you may not watch pods in namespace \"shop\""),
            ),
            (
                watcher::Error::InitialListFailed(api(401)),
                Some("unauthorized: the API server at https://x rejected"),
            ),
            // Retried by the watcher: not final.
            (watcher::Error::InitialListFailed(api(500)), None),
            (watcher::Error::WatchFailed(api(403)), None),
            (watcher::Error::NoResourceVersion, None),
        ];
        for (e, want) in cases {
            let got = refused(&e, "pods", "shop", "https://x").map(|f| f.to_string());
            match want {
                Some(w) => assert!(got.as_deref().is_some_and(|g| g.starts_with(w)), "{got:?}"),
                None => assert_eq!(got, None, "{e}"),
            }
        }
    }
}
