//! The last line of defence of a dry run (safety rule 15: `--dry-run`
//! writes nothing). Every operation stops before its writes in a client
//! dry run and sends them with dryRun=All in a server dry run; this layer
//! of the client makes a path that forgets it fail instead of writing:
//! once [`forbid_writes`] was called (the verb was run with `--dry-run`),
//! a request that changes something (POST, PUT, PATCH, DELETE) without
//! dryRun=All, in its query or in the DeleteOptions of its body, is not
//! sent; the operation fails with [`DryRunRefused`] (exit 1).

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use futures::FutureExt;
use http::{Method, Request};
use kube::client::Body;
use serde_json::Value;
use tower::{Layer, Service};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

static FORBIDDEN: AtomicBool = AtomicBool::new(false);

/// From now on, this process sends no write without dryRun=All.
pub fn forbid_writes() {
    FORBIDDEN.store(true, Ordering::Relaxed);
}

/// A write kept from the API server because a dry run was asked for.
#[derive(Debug)]
pub struct DryRunRefused(pub String);

impl std::fmt::Display for DryRunRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DryRunRefused {}

/// May a dry run send this request? Reads, and writes whose query or
/// body (DeleteOptions, or an Eviction's deleteOptions) carries
/// dryRun=All, which the API server validates and discards.
pub fn dry_run_may_send(method: &Method, query: Option<&str>, body: &[u8]) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    if query.is_some_and(|q| q.split('&').any(|kv| kv == "dryRun=All")) {
        return true;
    }
    let all = |v: &Value| {
        v.as_array()
            .is_some_and(|a| a.iter().any(|x| x.as_str() == Some("All")))
    };
    serde_json::from_slice::<Value>(body)
        .is_ok_and(|b| all(&b["dryRun"]) || all(&b["deleteOptions"]["dryRun"]))
}

/// The client layer that applies [`dry_run_may_send`] once writes are
/// forbidden.
pub struct DryRunLayer;

impl<S> Layer<S> for DryRunLayer {
    type Service = DryRunGuard<S>;
    fn layer(&self, inner: S) -> Self::Service {
        DryRunGuard { inner }
    }
}

pub struct DryRunGuard<S> {
    inner: S,
}

type Response<S> = <S as Service<Request<Body>>>::Response;

impl<S> Service<Request<Body>> for DryRunGuard<S>
where
    S: Service<Request<Body>>,
    S::Error: Into<BoxError>,
    S::Future: Send + 'static,
    S::Response: Send + 'static,
{
    type Response = S::Response;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Response<S>, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, req: Request<Body>) -> Self::Future {
        let req = if FORBIDDEN.load(Ordering::Relaxed) {
            let (parts, body) = req.into_parts();
            // kube builds request bodies in memory: they are complete at once.
            let bytes = body
                .collect_bytes()
                .now_or_never()
                .and_then(Result::ok)
                .unwrap_or_default();
            if !dry_run_may_send(&parts.method, parts.uri.query(), &bytes) {
                let refused = DryRunRefused(format!(
                    "dry run: refusing to send {} {} without dryRun=All; nothing was changed. \
                     This is a bug in kubectl-sts: please report it with the command line",
                    parts.method,
                    parts.uri.path()
                ));
                return Box::pin(async move { Err(Box::new(refused) as BoxError) });
            }
            Request::from_parts(parts, Body::from(bytes))
        } else {
            req
        };
        let f = self.inner.call(req);
        Box::pin(async move { f.await.map_err(Into::into) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    use http::Response;
    use k8s_openapi::api::apps::v1::StatefulSet;
    use serde_json::json;

    use crate::cluster::Kube;
    use crate::cluster::rollout::{Annotations, patch_set};
    use crate::error::Failure;

    /// Under a dry run, a write that forgot dryRun=All never reaches the
    /// API server and fails as refused; the same write with dryRun=All
    /// goes through. (Only clients built with the layer are affected, so
    /// the process-wide switch does not touch other tests' doubles.)
    #[tokio::test]
    async fn under_a_dry_run_a_real_write_is_refused_before_it_is_sent() {
        let (service, handle) = tower_test::mock::pair::<Request<Body>, Response<Body>>();
        let seen = Arc::new(Mutex::new(Vec::<String>::new()));
        let log = seen.clone();
        let set = json!({
            "apiVersion": "apps/v1", "kind": "StatefulSet",
            "metadata": {"name": "web", "namespace": "shop", "resourceVersion": "7"},
            "spec": {"selector": {}, "template": {}, "serviceName": "web"}
        });
        let reply = set.clone();
        tokio::spawn(async move {
            let mut handle = Box::pin(handle);
            while let Some((req, send)) = handle.next_request().await {
                log.lock()
                    .unwrap()
                    .push(format!("{} {}", req.method(), req.uri()));
                let body = Body::from(serde_json::to_vec(&reply).unwrap());
                send.send_response(Response::builder().status(200).body(body).unwrap());
            }
        });
        let client = kube::Client::new(DryRunLayer.layer(service), "shop");
        let kube = Kube::new(
            client,
            "https://double.invalid".into(),
            "shop".into(),
            None,
            0,
        );
        let set: StatefulSet = serde_json::from_value(set).unwrap();
        forbid_writes();

        let err = patch_set(&kube, &set, Some(2), &Annotations::new(), false)
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Failure::Refused(m) if m.contains("dry run: refusing to send PATCH")),
            "{err:?}"
        );
        assert!(seen.lock().unwrap().is_empty(), "nothing was sent");

        patch_set(&kube, &set, Some(2), &Annotations::new(), true)
            .await
            .unwrap();
        let sent = seen.lock().unwrap().clone();
        assert_eq!(sent.len(), 1, "{sent:?}");
        assert!(sent[0].starts_with("PATCH ") && sent[0].contains("dryRun=All"));
    }

    #[test]
    fn a_dry_run_sends_reads_and_dry_run_writes_only() {
        let cases: &[(Method, Option<&str>, &str, bool)] = &[
            (Method::GET, None, "", true),
            (Method::GET, Some("watch=true"), "", true),
            (
                Method::PATCH,
                None,
                r#"{"metadata":{"resourceVersion":"1"}}"#,
                false,
            ),
            (Method::PATCH, Some("&dryRun=All"), "{}", true),
            (Method::PATCH, Some("dryRun=All&fieldManager=x"), "{}", true),
            (Method::PATCH, Some("dryRun=None"), "{}", false),
            (Method::POST, None, r#"{"kind":"Lease"}"#, false),
            (Method::PUT, None, r#"{"kind":"Lease"}"#, false),
            (
                Method::DELETE,
                None,
                r#"{"preconditions":{"uid":"u"}}"#,
                false,
            ),
            (Method::DELETE, None, r#"{"dryRun":["All"]}"#, true),
            (
                Method::POST,
                None,
                r#"{"deleteOptions":{"dryRun":["All"]}}"#,
                true,
            ),
            (Method::DELETE, None, "", false),
        ];
        for (m, q, body, want) in cases {
            assert_eq!(
                dry_run_may_send(m, *q, body.as_bytes()),
                *want,
                "{m} ?{q:?} {body}"
            );
        }
    }
}
