//! A scripted API double, for the faults the real API server cannot produce
//! on cue: a 409 storm, a PodDisruptionBudget that answers 429 until the
//! deadline, a 5xx in the middle of an operation. Everything else is tested
//! against the real control plane (tests/e2e).
//!
//! It is kube-rs's documented `tower_test::mock` pattern: a `kube::Client`
//! over a mock service, and a task that answers each request with what a
//! routing function returns. Every request is recorded so that a test can
//! assert what was (not) written.

use std::sync::{Arc, Mutex};

use http::{Request, Response};
use kube::client::Body;
use serde_json::{Value, json};

use crate::cluster::Kube;

/// One recorded request: method, path and query, and the body.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub uri: String,
    pub body: String,
}

impl Seen {
    /// A write: anything but GET (watches are GETs).
    pub fn is_write(&self) -> bool {
        self.method != "GET"
    }
}

/// The requests the double has answered so far.
#[derive(Clone, Default)]
pub struct Log(Arc<Mutex<Vec<Seen>>>);

impl Log {
    pub fn all(&self) -> Vec<Seen> {
        self.0.lock().unwrap().clone()
    }

    /// How many requests with `method` had a URI containing `part`.
    pub fn count(&self, method: &str, part: &str) -> usize {
        self.all()
            .iter()
            .filter(|s| s.method == method && s.uri.contains(part))
            .count()
    }
}

/// A `Kube` (namespace "shop", no request timeout) whose every request is
/// answered by `route(method, uri, body) -> (status, json)`.
pub fn kube(
    route: impl Fn(&str, &str, &str) -> (u16, Value) + Send + Sync + 'static,
) -> (Kube, Log) {
    let (service, handle) = tower_test::mock::pair::<Request<Body>, Response<Body>>();
    let log = Log::default();
    let seen = log.clone();
    tokio::spawn(async move {
        let mut handle = Box::pin(handle);
        while let Some((req, send)) = handle.next_request().await {
            let method = req.method().to_string();
            let uri = req.uri().to_string();
            let body = req.into_body().collect_bytes().await.unwrap_or_default();
            let body = String::from_utf8_lossy(&body).to_string();
            let (code, reply) = route(&method, &uri, &body);
            seen.0.lock().unwrap().push(Seen { method, uri, body });
            let resp = Response::builder()
                .status(code)
                .header("content-type", "application/json")
                .body(Body::from(serde_json::to_vec(&reply).unwrap()))
                .unwrap();
            send.send_response(resp);
        }
    });
    let client = kube::Client::new(service, "shop");
    (
        Kube::new(
            client,
            "https://double.invalid".into(),
            "shop".into(),
            None,
            0,
        ),
        log,
    )
}

/// A `Status` body as the API server sends with an error code.
pub fn status(code: u16, reason: &str, message: &str) -> Value {
    json!({
        "kind": "Status", "apiVersion": "v1", "metadata": {},
        "status": "Failure", "code": code, "reason": reason, "message": message,
        "details": { "causes": [ { "reason": "DisruptionBudget", "message": message } ] }
    })
}

/// A list body of `kind` (e.g. "PodList") with `items`.
pub fn list(api_version: &str, kind: &str, items: Vec<Value>) -> Value {
    json!({ "apiVersion": api_version, "kind": kind, "metadata": { "resourceVersion": "1" }, "items": items })
}

/// `obj` as the API server would send it, with `apiVersion` and `kind`.
pub fn object<T: serde::Serialize>(api_version: &str, kind: &str, obj: &T) -> Value {
    let mut v = serde_json::to_value(obj).unwrap();
    v["apiVersion"] = json!(api_version);
    v["kind"] = json!(kind);
    v
}
