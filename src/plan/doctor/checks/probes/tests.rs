use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{Container, HTTPGetAction, PodSpec, Probe, TCPSocketAction};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::*;
use crate::plan::doctor::tests::{ids, run, world_with};
use crate::plan::fixtures::sts;

fn http(path: &str) -> Probe {
    Probe {
        http_get: Some(HTTPGetAction {
            path: Some(path.into()),
            port: IntOrString::Int(8080),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn tcp() -> Probe {
    Probe {
        tcp_socket: Some(TCPSocketAction {
            port: IntOrString::Int(8080),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// `p` with initialDelaySeconds, periodSeconds and successThreshold.
fn timed(mut p: Probe, delay: i32, period: i32, success: i32) -> Probe {
    p.initial_delay_seconds = Some(delay);
    p.period_seconds = Some(period);
    p.success_threshold = Some(success);
    p
}

fn container(name: &str, readiness: Option<Probe>, liveness: Option<Probe>) -> Container {
    Container {
        name: name.into(),
        readiness_probe: readiness,
        liveness_probe: liveness,
        ..Default::default()
    }
}

fn web(replicas: i32, min_ready: Option<i32>, containers: Vec<Container>) -> StatefulSet {
    let mut s = sts("web", replicas, &["data"]);
    s.spec.min_ready_seconds = min_ready;
    s.spec.template.spec = Some(PodSpec {
        containers,
        ..Default::default()
    });
    s
}

#[test]
fn probe_checks() {
    let slow = || timed(http("/ready"), 10, 10, 1);
    let quick = || timed(http("/ready"), 0, 2, 1);
    let mut lenient = http("/ready");
    lenient.failure_threshold = Some(10);
    let cases: Vec<(&str, StatefulSet, Vec<&str>)> = vec![
        (
            "readiness only, slow",
            web(3, None, vec![container("db", Some(slow()), None)]),
            vec![],
        ),
        (
            "liveness on another handler",
            web(3, None, vec![container("db", Some(slow()), Some(tcp()))]),
            vec![],
        ),
        (
            "no probes at all",
            web(3, None, vec![container("db", None, Some(tcp()))]),
            vec!["readiness-probe-missing"],
        ),
        (
            "one of two containers probed",
            web(
                3,
                None,
                vec![
                    container("db", Some(slow()), None),
                    container("sidecar", None, None),
                ],
            ),
            vec![],
        ),
        (
            "a template without containers",
            web(3, None, vec![]),
            vec![],
        ),
        (
            "identical liveness and readiness",
            web(3, None, vec![container("db", Some(slow()), Some(slow()))]),
            vec!["liveness-same-as-readiness"],
        ),
        (
            "same handler, defaults spelt out",
            web(
                3,
                None,
                vec![container(
                    "db",
                    Some(http("/ready")),
                    Some({
                        let mut p = http("/ready");
                        p.period_seconds = Some(10);
                        p.failure_threshold = Some(3);
                        p.initial_delay_seconds = Some(30);
                        p
                    }),
                )],
            ),
            vec!["liveness-same-as-readiness"],
        ),
        (
            "same handler, more lenient liveness",
            web(
                3,
                None,
                vec![container("db", Some(http("/ready")), Some(lenient))],
            ),
            vec![],
        ),
        (
            "quick readiness, minReadySeconds 0",
            web(3, Some(0), vec![container("db", Some(quick()), None)]),
            vec!["min-ready-seconds-zero"],
        ),
        (
            "quick readiness, minReadySeconds unset",
            web(3, None, vec![container("db", Some(quick()), None)]),
            vec!["min-ready-seconds-zero"],
        ),
        (
            "quick readiness, minReadySeconds 20",
            web(3, Some(20), vec![container("db", Some(quick()), None)]),
            vec![],
        ),
        (
            "quick readiness, one replica",
            web(1, None, vec![container("db", Some(quick()), None)]),
            vec![],
        ),
        (
            "default timing: ready after 10 s",
            web(3, None, vec![container("db", Some(http("/ready")), None)]),
            vec![],
        ),
        (
            "the slowest probed container decides",
            web(
                3,
                None,
                vec![
                    container("db", Some(quick()), None),
                    container("agent", Some(timed(tcp(), 5, 5, 2)), None),
                ],
            ),
            vec![],
        ),
        (
            "successThreshold counts",
            web(
                3,
                None,
                vec![container("db", Some(timed(tcp(), 0, 4, 3)), None)],
            ),
            vec![],
        ),
    ];
    for (what, set, want) in cases {
        let w = world_with(vec![set], vec![], |_| {});
        assert_eq!(ids(&w, ALL), want, "{what}");
    }
}

#[test]
fn findings_name_the_container() {
    let same = timed(http("/health"), 0, 5, 1);
    let set = web(
        3,
        None,
        vec![
            container("db", Some(timed(tcp(), 20, 10, 1)), Some(http("/live"))),
            container("proxy", Some(same.clone()), Some(same)),
        ],
    );
    let w = world_with(vec![set], vec![], |_| {});
    let r = run(&w, ALL);
    assert_eq!(r.findings.len(), 1);
    let f = &r.findings[0];
    assert_eq!(f.check, "liveness-same-as-readiness");
    assert!(f.message.contains("\"proxy\""), "{}", f.message);
    assert!(
        f.evidence[0].starts_with(
            "container proxy: livenessProbe and readinessProbe: httpGet port 8080 path /health"
        ),
        "{:?}",
        f.evidence
    );

    let set = web(
        2,
        None,
        vec![container("db", Some(timed(tcp(), 1, 2, 1)), None)],
    );
    let w = world_with(vec![set], vec![], |_| {});
    let f = &run(&w, ALL).findings[0];
    assert_eq!(f.check, "min-ready-seconds-zero");
    assert!(f.message.contains("3s"), "{}", f.message);
    assert!(
        f.fix.starts_with("kubectl patch statefulset web -n shop"),
        "{}",
        f.fix
    );
}
