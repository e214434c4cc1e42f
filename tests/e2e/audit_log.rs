//! The kube-apiserver's audit log as an observer of what kubectl-sts sends:
//! tests/cluster/up.sh records every write request (create, update, patch,
//! delete, deletecollection; evictions are creates of pods/eviction) with
//! its body, and scripts/test passes the log's path in KSTS_E2E_AUDIT_LOG.
//!
//! A [`Span`] brackets a command with two markers: each is a dryRun=All
//! create of a ConfigMap with a unique name in the test's namespace (it
//! changes nothing, and the apiserver audits it like any write), found in
//! the log before the span goes on. The writes of the span are the events
//! between the two markers, in the test's namespace, by the user the plugin
//! runs as (the controllers, kwok and volume-sim have their own users).

use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use k8s_openapi::api::core::v1::ConfigMap;
use kube::api::{Api, PostParams};
use serde_json::{Value, json};

/// The user of the e2e context's client certificate (tests/cluster/up.sh).
pub const PLUGIN_USER: &str = "ksts-admin";

/// Path of the apiserver's audit log; a missing variable fails the test:
/// a check that cannot observe must not pass.
pub fn path() -> PathBuf {
    std::env::var_os("KSTS_E2E_AUDIT_LOG")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            panic!(
                "KSTS_E2E_AUDIT_LOG is not set: run the e2e tests through scripts/test, which \
                 starts the local control plane with its audit log"
            )
        })
}

/// One audited write request.
#[derive(Debug, Clone)]
pub struct Write {
    pub verb: String,
    pub uri: String,
    /// `resource` or `resource/subresource`, e.g. `pods/eviction`.
    pub resource: String,
    pub name: String,
    pub code: i64,
    /// The request body (`requestObject`), `Null` when none was sent.
    pub body: Value,
}

impl Write {
    fn from_event(e: &Value) -> Self {
        let r = &e["objectRef"];
        let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
        let mut resource = s(&r["resource"]);
        if let Some(sub) = r["subresource"].as_str() {
            resource = format!("{resource}/{sub}");
        }
        Write {
            verb: s(&e["verb"]),
            uri: s(&e["requestURI"]),
            resource,
            name: s(&r["name"]),
            code: e["responseStatus"]["code"].as_i64().unwrap_or(0),
            body: e["requestObject"].clone(),
        }
    }

    /// Sent with dryRun=All: in the query, or in the DeleteOptions of a
    /// delete or an eviction (the API server honours either).
    pub fn dry_run(&self) -> bool {
        let all = |v: &Value| {
            v.as_array()
                .is_some_and(|a| a.iter().any(|x| x.as_str() == Some("All")))
        };
        let query = self.uri.split_once('?').map(|(_, q)| q).unwrap_or("");
        query.split('&').any(|kv| kv == "dryRun=All")
            || all(&self.body["dryRun"])
            || all(&self.body["deleteOptions"]["dryRun"])
    }

    /// `VERB resource/name -> code`, for failure messages.
    pub fn describe(&self) -> String {
        format!(
            "{} {} {} -> {} body={}",
            self.verb.to_uppercase(),
            self.resource,
            self.name,
            self.code,
            self.body
        )
    }

    /// Why this write is not guarded as safety rule 5 asks, if it is not:
    /// a delete carries Preconditions{uid, resourceVersion} in its
    /// DeleteOptions, an eviction in its deleteOptions; a merge or
    /// strategic patch carries `metadata.resourceVersion`, a JSON patch a
    /// `test` of `/metadata/resourceVersion`; an update the resourceVersion
    /// of the object it replaces. Creates have nothing to be guarded by
    /// (an existing name is a 409); only the kinds kubectl-sts creates are
    /// accepted: its Lease, a claim recreated by `recover`, the set
    /// recreated by `pvc resize`.
    pub fn unguarded(&self) -> Option<String> {
        let has = |v: &Value| v.as_str().is_some_and(|s| !s.is_empty());
        let preconditions = |p: &Value| has(&p["uid"]) && has(&p["resourceVersion"]);
        let ok = match (self.verb.as_str(), self.resource.as_str()) {
            ("delete", _) => preconditions(&self.body["preconditions"]),
            ("create", "pods/eviction") => {
                preconditions(&self.body["deleteOptions"]["preconditions"])
            }
            // Exceptions, deliberately: creates of what kubectl-sts owns or restores.
            ("create", "leases" | "persistentvolumeclaims" | "statefulsets") => true,
            ("patch", _) => match self.body.as_array() {
                Some(ops) => ops.iter().any(|op| {
                    op["op"] == "test"
                        && op["path"] == "/metadata/resourceVersion"
                        && has(&op["value"])
                }),
                None => has(&self.body["metadata"]["resourceVersion"]),
            },
            ("update", _) => has(&self.body["metadata"]["resourceVersion"]),
            _ => false,
        };
        (!ok).then(|| format!("unguarded write: {}", self.describe()))
    }
}

static SEQ: AtomicU32 = AtomicU32::new(0);

/// A bracket around commands run in namespace `ns`.
pub struct Span {
    client: kube::Client,
    ns: String,
    /// Offset in the log just after the opening marker.
    from: u64,
}

/// Sends a marker and waits until the log holds it; returns the offsets
/// of the start and the end of its line.
async fn mark(client: &kube::Client, ns: &str) -> (u64, u64) {
    let name = format!(
        "ksts-audit-mark-{}-{}",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    );
    let log = path();
    let start = std::fs::metadata(&log)
        .unwrap_or_else(|e| panic!("audit log {}: {e}", log.display()))
        .len();
    let cm: ConfigMap = serde_json::from_value(json!({"metadata": {"name": name}})).unwrap();
    Api::<ConfigMap>::namespaced(client.clone(), ns)
        .create(
            &PostParams {
                dry_run: true,
                field_manager: None,
            },
            &cm,
        )
        .await
        .expect("audit marker (a dry-run ConfigMap create)");
    let needle = format!("\"name\":\"{name}\"");
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let mut f = std::fs::File::open(&log).unwrap();
        f.seek(SeekFrom::Start(start)).unwrap();
        let mut r = BufReader::new(f);
        let mut at = start;
        let mut line = Vec::new();
        // Whole lines only: the apiserver may be writing the last one.
        while r.read_until(b'\n', &mut line).unwrap() > 0 && line.ends_with(b"\n") {
            let end = at + line.len() as u64;
            if String::from_utf8_lossy(&line).contains(&needle) {
                return (at, end);
            }
            at = end;
            line.clear();
        }
        assert!(
            Instant::now() < deadline,
            "audit marker {name} not in {} after 10s: is the apiserver's audit log on?",
            log.display()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

impl Span {
    /// Opens a span in namespace `ns`.
    pub async fn start(client: &kube::Client, ns: &str) -> Span {
        let (_, from) = mark(client, ns).await;
        Span {
            client: client.clone(),
            ns: ns.to_string(),
            from,
        }
    }

    /// Closes the span: the plugin user's writes in the namespace since
    /// [`Span::start`], in the order the API server completed them.
    pub async fn writes(self) -> Vec<Write> {
        self.writes_by(PLUGIN_USER).await
    }

    /// [`Span::writes`] by another user (e.g. a ServiceAccount's token).
    pub async fn writes_by(self, user: &str) -> Vec<Write> {
        let (to, _) = mark(&self.client, &self.ns).await;
        let mut f = std::fs::File::open(path()).unwrap();
        f.seek(SeekFrom::Start(self.from)).unwrap();
        let mut text = String::new();
        f.take(to - self.from).read_to_string(&mut text).unwrap();
        let ns = format!("\"namespace\":\"{}\"", self.ns);
        text.lines()
            .filter(|l| l.contains(&ns) && !l.contains("ksts-audit-mark-"))
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter(|e| {
                e["objectRef"]["namespace"] == self.ns.as_str() && e["user"]["username"] == user
            })
            .map(|e| Write::from_event(&e))
            .collect()
    }
}

/// Panics unless every write in `writes` was sent with dryRun=All.
pub fn assert_all_dry_run(what: &str, writes: &[Write]) {
    let real: Vec<String> = writes
        .iter()
        .filter(|w| !w.dry_run())
        .map(Write::describe)
        .collect();
    assert!(
        real.is_empty(),
        "{what}: write request(s) without dryRun=All:\n  {}",
        real.join("\n  ")
    );
}

/// Panics unless every write in `writes` is guarded ([`Write::unguarded`]).
pub fn assert_all_guarded(what: &str, writes: &[Write]) {
    let bad: Vec<String> = writes.iter().filter_map(Write::unguarded).collect();
    assert!(bad.is_empty(), "{what}:\n  {}", bad.join("\n  "));
}
