//! The watch-driven wait primitive against the real controller.

use std::time::{Duration, Instant};

use kubectl_sts::cluster::Kube;
use kubectl_sts::cluster::wait::{Next, WaitError, watch_set};
use kubectl_sts::plan::health::check_set;
use kubectl_sts::plan::set::live_ordinals;

use crate::harness::*;

fn kube(client: kube::Client) -> Kube {
    Kube::new(client, "e2e".into(), "default".into(), None, 0)
}

#[tokio::test]
async fn watch_set_returns_once_every_pod_is_ready() {
    let client = client().await;
    let ns = namespace(&client, "wait-ready").await;
    let (svc, set) = web_set("web", 2, &[]);
    create_set(&client, &ns, Some(&svc), &set).await;
    let k = kube(client);
    let mut statuses = Vec::new();
    let ready = watch_set(
        &k,
        &ns,
        "web",
        Duration::from_secs(60),
        |s| statuses.push(s.to_string()),
        |set, pods, _now| {
            let problems = check_set(set, pods, None);
            if problems.is_empty() {
                Next::Done(live_ordinals(set).count())
            } else {
                Next::Wait {
                    status: problems[0].reason.clone(),
                    recheck: None,
                }
            }
        },
    )
    .await
    .expect("set becomes ready");
    assert_eq!(ready, 2);
}

#[tokio::test]
async fn watch_set_stops_at_its_deadline() {
    let client = client().await;
    let ns = namespace(&client, "wait-deadline").await;
    let (svc, mut set) = web_set("web", 1, &[]);
    set.spec
        .template
        .metadata
        .as_mut()
        .unwrap()
        .labels
        .as_mut()
        .unwrap()
        .insert("ksts.test/fault".into(), "never-ready".into());
    create_set(&client, &ns, Some(&svc), &set).await;
    let k = kube(client);
    let started = Instant::now();
    let err = watch_set(
        &k,
        &ns,
        "web",
        Duration::from_secs(3),
        |_| {},
        |set, pods, _| {
            let problems = check_set(set, pods, None);
            if problems.is_empty() {
                Next::Done(())
            } else {
                Next::Wait {
                    status: problems[0].reason.clone(),
                    recheck: None,
                }
            }
        },
    )
    .await
    .expect_err("a never-ready pod never passes the gate");
    let took = started.elapsed();
    assert!(
        took >= Duration::from_secs(3) && took < Duration::from_secs(6),
        "{took:?}"
    );
    match err {
        WaitError::Deadline { last, .. } => assert!(last.contains("web-0"), "{last}"),
        other => panic!("expected a deadline, got {other:?}"),
    }
}
