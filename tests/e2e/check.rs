//! `--check` against the real control plane: kwok serves exec and
//! port-forward for its pods (tests/cluster/up.sh): an exec runs its
//! command on this machine, and port 8080 of every pod forwards to the
//! cluster's CHECK_HTTP_PORT, where a test listens. A test makes a pod's
//! check pass or fail with a file named after the pod (exec) or with the
//! answers of its own HTTP server.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::Duration;

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, ListParams};

use crate::audit_log::Span;
use crate::harness::*;

fn sets(client: &kube::Client, ns: &str) -> Api<StatefulSet> {
    Api::namespaced(client.clone(), ns)
}

/// name -> uid of the live pods of `web`.
async fn uids(client: &kube::Client, ns: &str) -> BTreeMap<String, String> {
    Api::<Pod>::namespaced(client.clone(), ns)
        .list(&ListParams::default().labels("app=web"))
        .await
        .unwrap()
        .items
        .into_iter()
        .filter(|p| p.metadata.deletion_timestamp.is_none())
        .map(|p| (p.metadata.name.unwrap(), p.metadata.uid.unwrap()))
        .collect()
}

async fn partition(client: &kube::Client, ns: &str) -> i32 {
    sets(client, ns)
        .get("web")
        .await
        .unwrap()
        .spec
        .update_strategy
        .unwrap()
        .rolling_update
        .unwrap()
        .partition
        .unwrap_or(0)
}

/// A directory of this test's own, for the files exec checks look at.
fn check_dir(ns: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ksts-e2e-check-{ns}"));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// An exec check that passes on a pod when `dir/ok-POD` exists, and says
/// otherwise on stdout.
fn file_check(dir: &std::path::Path) -> String {
    let d = dir.display();
    format!(
        "exec:nginx:sh -c 'test -e {d}/ok-{{pod}} || {{ echo replica {{pod}} is 900s behind; \
         exit 1; }}'"
    )
}

/// A ready 3-replica `web`, paused, with a new template: a canary replaces
/// web-2, then web-1, then web-0.
async fn paused_set(prefix: &str) -> (kube::Client, String) {
    crate::rollout::paused_with_new_template(prefix, None).await
}

/// Runs a canary whose check fails on web-1: it halts after step 2 with
/// the partition frozen at 1.
async fn halted_canary(client: &kube::Client, ns: &str, dir: &std::path::Path) -> String {
    halted(client, ns, dir, &["rollout", "canary", "web"]).await
}

/// Runs `verb` (a canary, or a partition lowered to 0) with a check that
/// fails on web-1: it halts once web-1 is replaced, the partition frozen
/// at 1 and web-0 untouched.
async fn halted(client: &kube::Client, ns: &str, dir: &std::path::Path, verb: &[&str]) -> String {
    std::fs::write(dir.join("ok-web-2"), "").unwrap();
    let before = uids(client, ns).await;
    let check = file_check(dir);
    let out = sts(&[
        verb,
        &[
            "-n",
            ns,
            "--yes",
            "--timeout",
            "60s",
            "--check",
            &check,
            "--check-retries",
            "1",
            "--check-timeout",
            "5s",
        ],
    ]
    .concat());
    let (o, e) = (stdout(&out), stderr(&out));
    assert_eq!(out.status.code(), Some(1), "stdout:\n{o}\nstderr:\n{e}");
    // The check's own output, the failing pod and the way on.
    assert!(o.contains("BAD CANARY: pod web-1"), "{o}\n{e}");
    assert!(o.contains("replica web-1 is 900s behind"), "{o}\n{e}");
    assert!(
        o.contains("To roll back: kubectl sts rollout undo web"),
        "{o}"
    );
    assert!(e.contains("check `exec:nginx:"), "{e}");
    // Frozen: web-1 was replaced by step 2, web-0 never touched.
    assert_eq!(partition(client, ns).await, 1);
    let after = uids(client, ns).await;
    assert_eq!(after["web-0"], before["web-0"], "web-0 must not be touched");
    assert_ne!(after["web-1"], before["web-1"]);
    assert_ne!(after["web-2"], before["web-2"]);
    format!("{o}\n{e}")
}

#[tokio::test]
async fn canary_halts_at_the_step_whose_check_fails() {
    let (client, ns) = paused_set("chk-canary").await;
    let dir = check_dir(&ns);
    halted_canary(&client, &ns, &dir).await;
    // `status` shows the checks of the operation in progress.
    let out = sts(&["status", "web", "-n", &ns]);
    assert!(
        stdout(&out).contains("Checks:     `exec:nginx:"),
        "{}",
        stdout(&out)
    );
}

#[tokio::test]
async fn a_partition_lowered_with_a_check_is_walked_one_ordinal_at_a_time() {
    let (client, ns) = paused_set("chk-partition").await;
    let dir = check_dir(&ns);
    // One write of partition 0 would let the controller replace web-1 and
    // web-0 with no check between them: web-0 must stay untouched.
    let out = halted(&client, &ns, &dir, &["rollout", "web", "--partition", "0"]).await;
    assert!(out.contains("one ordinal at a time"), "{out}");
}

#[tokio::test]
async fn a_resumed_canary_reuses_the_recorded_checks() {
    let (client, ns) = paused_set("chk-resume").await;
    let dir = check_dir(&ns);
    halted_canary(&client, &ns, &dir).await;
    let halted = uids(&client, &ns).await;
    // Resumed without --check: the recorded check still fails on web-1.
    let out = sts(&[
        "rollout",
        "canary",
        "web",
        "-n",
        &ns,
        "--yes",
        "--timeout",
        "60s",
    ]);
    let (o, e) = (stdout(&out), stderr(&out));
    assert_eq!(out.status.code(), Some(1), "{o}\n{e}");
    assert!(e.contains("using the recorded checks"), "{e}");
    assert!(e.contains("replica web-1 is 900s behind"), "{o}\n{e}");
    assert_eq!(uids(&client, &ns).await, halted, "nothing may be touched");
    assert_eq!(partition(&client, &ns).await, 1);
    // The application caught up: the same command finishes the canary,
    // checking web-1 and then web-0 with the recorded check.
    std::fs::write(dir.join("ok-web-1"), "").unwrap();
    std::fs::write(dir.join("ok-web-0"), "").unwrap();
    let out = sts(&[
        "rollout",
        "canary",
        "web",
        "-n",
        &ns,
        "--yes",
        "--timeout",
        "60s",
    ]);
    let (o, e) = (stdout(&out), stderr(&out));
    assert_eq!(out.status.code(), Some(0), "{o}\n{e}");
    assert!(e.contains("on web-0: passed"), "{e}");
    assert_eq!(partition(&client, &ns).await, 0);
    let done = uids(&client, &ns).await;
    assert_ne!(done["web-0"], halted["web-0"]);
}

/// An HTTP server on the cluster's check port: 503 "catching up" until
/// `ready`, then 200 "ok"; counts the requests it refused.
fn serve(ready: Arc<AtomicBool>, refused: Arc<AtomicU32>) {
    let kc = env().kubeconfig;
    let ports = std::fs::read_to_string(kc.parent().unwrap().join("ports")).unwrap();
    let port = ports
        .lines()
        .find_map(|l| l.strip_prefix("CHECK_HTTP_PORT="))
        .expect("CHECK_HTTP_PORT in the cluster's ports file (tests/cluster/up.sh)")
        .to_string();
    let listener = TcpListener::bind(format!("127.0.0.1:{port}")).unwrap();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut c) = conn else { continue };
            let mut buf = [0u8; 4096];
            let mut req = Vec::new();
            while !req.windows(4).any(|w| w == b"\r\n\r\n") {
                match c.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => req.extend_from_slice(&buf[..n]),
                }
            }
            let (status, body) = if ready.load(Ordering::SeqCst) {
                ("200 OK", "ok")
            } else {
                refused.fetch_add(1, Ordering::SeqCst);
                ("503 Service Unavailable", "catching up")
            };
            let _ = write!(
                c,
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
}

#[tokio::test]
async fn a_restart_gated_by_an_http_check_waits_until_it_passes() {
    let client = client().await;
    let ns = namespace(&client, "chk-http").await;
    let (svc, set) = web_set("web", 2, &[]);
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "web").await;
    let before = uids(&client, &ns).await;
    let ready = Arc::new(AtomicBool::new(false));
    let refused = Arc::new(AtomicU32::new(0));
    serve(ready.clone(), refused.clone());
    let ns2 = ns.clone();
    let run = tokio::task::spawn_blocking(move || {
        sts(&[
            "restart",
            "web",
            "-n",
            &ns2,
            "--yes",
            "--timeout",
            "60s",
            "--check",
            "http://:8080/ready/{pod} body=ok",
            "--check-retries",
            "30",
            "--check-timeout",
            "5s",
        ])
    });
    // While the check fails, no pod goes down.
    let r = refused.clone();
    wait_for(Duration::from_secs(20), "two refused checks", || async {
        r.load(Ordering::SeqCst) >= 2
    })
    .await;
    assert_eq!(
        uids(&client, &ns).await,
        before,
        "a pod went down while the check failed"
    );
    ready.store(true, Ordering::SeqCst);
    let out = run.await.unwrap();
    let (o, e) = (stdout(&out), stderr(&out));
    assert_eq!(out.status.code(), Some(0), "{o}\n{e}");
    assert!(e.contains("failed (status 503 (expected 2xx)"), "{e}");
    assert!(
        e.contains("check `http://:8080/ready/{pod} body=ok` on web-0: passed"),
        "{e}"
    );
    let after = uids(&client, &ns).await;
    for p in ["web-0", "web-1"] {
        assert_ne!(after[p], before[p], "{p} was not restarted");
    }
}

#[tokio::test]
async fn a_check_that_cannot_run_is_refused_before_any_pod_is_touched() {
    let client = client().await;
    let ns = namespace(&client, "chk-refuse").await;
    let (svc, set) = web_set("web", 2, &[]);
    create_set(&client, &ns, Some(&svc), &set).await;
    wait_ready(&client, &ns, "web").await;
    let before = uids(&client, &ns).await;
    let span = Span::start(&client, &ns).await;
    let out = sts(&[
        "restart",
        "web",
        "-n",
        &ns,
        "--yes",
        "--check",
        "exec:postgres:pg_isready",
    ]);
    let writes = span.writes().await;
    let e = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{e}");
    assert!(
        e.contains("names container \"postgres\", which pod web-")
            && e.contains("Nothing was changed"),
        "{e}"
    );
    assert_eq!(uids(&client, &ns).await, before);
    // Only the operation's Lease was written (taken and released).
    let other: Vec<String> = writes
        .iter()
        .filter(|w| w.resource != "leases")
        .map(|w| w.describe())
        .collect();
    assert!(other.is_empty(), "writes: {other:?}");
}
