//! The partition write against the scripted API double (`ops::double`):
//! a 409 storm, which the real API server cannot produce on cue. Each
//! conflict must be followed by a fresh read and a new decision, never a
//! replay, and the storm must end in a bounded number of writes.

use serde_json::Value;

use super::Ctx;
use super::write::{PartitionWrite, write_partition};
use crate::error::Failure;
use crate::ops::double::{self, object, status};
use crate::ops::retry::CONFLICT_ATTEMPTS;
use crate::plan::fixtures::{REV_A, sts, with_partition};

const SET: &str = "/apis/apps/v1/namespaces/shop/statefulsets/web";

fn paused_web() -> Value {
    let mut s = with_partition(sts("web", 3, &["data"]), 3);
    s.metadata.resource_version = Some("10".into());
    object("apps/v1", "StatefulSet", &s)
}

#[tokio::test]
async fn a_409_storm_on_the_partition_write_rereads_each_time_and_gives_up() {
    let set = paused_web();
    let (kube, log) = double::kube(move |method, uri, _| match method {
        "GET" if uri.starts_with(SET) => (200, set.clone()),
        "PATCH" if uri.starts_with(SET) => {
            (409, status(409, "Conflict", "the object has been modified"))
        }
        _ => (404, status(404, "NotFound", uri)),
    });
    let ctx = Ctx::new(kube, "shop", "web");
    // Raising the partition takes no pod down: only the conflict loop is tested.
    let w = PartitionWrite {
        expected_partition: 3,
        target_revision: REV_A,
        partition: 3,
        intent: None,
        server_dry_run: false,
    };
    let err = write_partition(&ctx, &w)
        .await
        .err()
        .expect("a 409 storm fails");
    assert!(
        matches!(&err, Failure::Conflict(m) if m.contains("\"web\"")),
        "{err:?}"
    );
    let seen = log.all();
    let patches = seen.iter().filter(|s| s.method == "PATCH").count();
    assert_eq!(patches, CONFLICT_ATTEMPTS);
    // Every PATCH follows its own GET (re-read, re-decide) and carries the
    // resourceVersion it was decided on.
    for (i, s) in seen.iter().enumerate().filter(|(_, s)| s.method == "PATCH") {
        assert_eq!(seen[i - 1].method, "GET", "{seen:?}");
        assert!(s.body.contains("\"resourceVersion\":\"10\""), "{}", s.body);
    }
}

#[tokio::test]
async fn a_set_moved_by_someone_else_during_the_storm_is_not_written() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let gets = std::sync::Arc::new(AtomicUsize::new(0));
    let seen_gets = gets.clone();
    let (kube, log) = double::kube(move |method, uri, _| match method {
        "GET" if uri.starts_with(SET) => {
            // After the first conflict the set is found at another partition.
            let n = seen_gets.fetch_add(1, Ordering::SeqCst);
            let mut s = with_partition(sts("web", 3, &["data"]), if n == 0 { 3 } else { 1 });
            s.metadata.resource_version = Some(format!("{}", 10 + n));
            (200, object("apps/v1", "StatefulSet", &s))
        }
        "PATCH" if uri.starts_with(SET) => {
            (409, status(409, "Conflict", "the object has been modified"))
        }
        _ => (404, status(404, "NotFound", uri)),
    });
    let ctx = Ctx::new(kube, "shop", "web");
    let w = PartitionWrite {
        expected_partition: 3,
        target_revision: REV_A,
        partition: 3,
        intent: None,
        server_dry_run: false,
    };
    let err = write_partition(&ctx, &w).await.err().expect("re-decided");
    assert!(
        matches!(&err, Failure::Conflict(m) if m.contains("Nothing was written")),
        "{err:?}"
    );
    assert_eq!(log.count("PATCH", SET), 1, "no replay after the set moved");
    assert_eq!(gets.load(Ordering::SeqCst), 2);
}
