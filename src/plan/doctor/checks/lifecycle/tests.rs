use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{Container, Pod, PodSpec, ResourceRequirements};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

use super::*;
use crate::plan::doctor::tests::{ids, run, world_with};
use crate::plan::fixtures::{REV_A, pod, sts};

/// A container `name` running `image` that requests `requests`
/// (`[("cpu", "1")]`).
fn container(name: &str, image: &str, requests: &[(&str, &str)]) -> Container {
    Container {
        name: name.into(),
        image: Some(image.into()),
        resources: Some(ResourceRequirements {
            requests: Some(
                requests
                    .iter()
                    .map(|(k, v)| (k.to_string(), Quantity(v.to_string())))
                    .collect(),
            ),
            ..Default::default()
        }),
        ..Default::default()
    }
}

const BOTH: &[(&str, &str)] = &[("cpu", "500m"), ("memory", "1Gi")];

/// A set with claim templates `templates`, containers `cs` and
/// terminationGracePeriodSeconds `grace`.
fn set(templates: &[&str], cs: Vec<Container>, grace: Option<i64>) -> StatefulSet {
    let mut s = sts("db", 2, templates);
    s.spec.template.spec = Some(PodSpec {
        containers: cs,
        termination_grace_period_seconds: grace,
        ..Default::default()
    });
    s
}

fn good() -> Vec<Container> {
    vec![container("main", "postgres:16.3", BOTH)]
}

#[test]
fn lifecycle_checks() {
    let with_limit = {
        let mut c = container("main", "app:1.2", &[("cpu", "1")]);
        c.resources.as_mut().unwrap().limits =
            Some([("memory".to_string(), Quantity("1Gi".into()))].into());
        c
    };
    let cases: Vec<(&str, StatefulSet, Vec<&str>)> = vec![
        ("healthy", set(&["data"], good(), None), vec![]),
        (
            "grace 10 with claims",
            set(&["data"], good(), Some(10)),
            vec!["lifecycle-short-grace-period"],
        ),
        (
            "grace 10, redis without claims",
            set(&[], vec![container("main", "redis:7.2", BOTH)], Some(10)),
            vec!["lifecycle-short-grace-period"],
        ),
        (
            "grace 10, quorum system without claims",
            set(
                &[],
                vec![container("main", "cp-zookeeper:7.6", BOTH)],
                Some(10),
            ),
            vec!["lifecycle-short-grace-period"],
        ),
        (
            "grace 10, stateless web server",
            set(&[], vec![container("main", "nginx:1.27", BOTH)], Some(10)),
            vec![],
        ),
        ("grace 30", set(&["data"], good(), Some(30)), vec![]),
        (
            "no memory request",
            set(
                &["data"],
                vec![container("main", "postgres:16.3", &[("cpu", "1")])],
                None,
            ),
            vec!["lifecycle-no-resource-requests"],
        ),
        (
            "a limit stands for the request",
            set(&["data"], vec![with_limit], None),
            vec![],
        ),
        (
            "no tag",
            set(&["data"], vec![container("main", "postgres", BOTH)], None),
            vec!["lifecycle-mutable-image-tag"],
        ),
        (
            "latest in an init container",
            {
                let mut s = set(&["data"], good(), None);
                s.spec.template.spec.as_mut().unwrap().init_containers =
                    Some(vec![container("init", "busybox:latest", &[])]);
                s
            },
            vec!["lifecycle-mutable-image-tag"],
        ),
        (
            "registry port is not a tag",
            set(
                &["data"],
                vec![container("main", "registry:5000/postgres", BOTH)],
                None,
            ),
            vec!["lifecycle-mutable-image-tag"],
        ),
        (
            "latest pinned by digest",
            set(
                &["data"],
                vec![container("main", "postgres:latest@sha256:abc", BOTH)],
                None,
            ),
            vec![],
        ),
    ];
    for (what, set, want) in cases {
        let w = world_with(vec![set], vec![], |_| {});
        assert_eq!(ids(&w, ALL), want, "{what}");
    }
}

fn running_digest(set: &StatefulSet, ordinal: i32, digest: &str) -> Pod {
    let mut p = pod(set, ordinal, REV_A);
    p.status
        .as_mut()
        .unwrap()
        .container_statuses
        .as_mut()
        .unwrap()[0]
        .image_id = format!("docker.io/library/redis@{digest}");
    p
}

#[test]
fn the_fix_pins_the_digest_the_pods_run() {
    let s = set(&[], vec![container("main", "docker.io/redis", &[])], None);
    let pods = vec![
        running_digest(&s, 0, "sha256:aaa"),
        running_digest(&s, 1, "sha256:aaa"),
    ];
    let w = world_with(vec![s.clone()], pods, |_| {});
    let r = run(&w, ALL);
    let by = |id: &str| r.findings.iter().find(|f| f.check == id).unwrap();
    assert_eq!(
        by("lifecycle-mutable-image-tag").fix,
        "pin a version tag or a digest: kubectl set image statefulset db -n shop \
         main=docker.io/redis@sha256:aaa (a template change, rolled out like any other)"
    );
    let requests = by("lifecycle-no-resource-requests");
    assert_eq!(
        requests.message,
        "container(s) main request no cpu or memory"
    );
    assert_eq!(
        requests.evidence,
        vec!["container main: resources.requests: no cpu, no memory"]
    );
    assert!(requests.fix.contains("-c main --requests="));

    let pods = vec![
        running_digest(&s, 0, "sha256:aaa"),
        running_digest(&s, 1, "sha256:bbb"),
    ];
    let w = world_with(vec![s], pods, |_| {});
    let r = run(&w, ALL);
    let f = r
        .findings
        .iter()
        .find(|f| f.check == "lifecycle-mutable-image-tag")
        .unwrap();
    assert!(
        f.fix.contains("main=docker.io/redis:<version>"),
        "{}",
        f.fix
    );
    assert!(
        f.evidence.contains(
            &"the pods already run 2 different images for container main: sha256:aaa, \
              sha256:bbb"
                .to_string()
        ),
        "{:?}",
        f.evidence
    );
}

#[test]
fn image_names() {
    assert_eq!(
        image_name("docker.io/library/postgres:16@sha256:x"),
        "postgres"
    );
    assert_eq!(
        repository("registry:5000/redis:latest"),
        "registry:5000/redis"
    );
    assert_eq!(repository("registry:5000/redis"), "registry:5000/redis");
    assert!(mutable("redis") && mutable("redis:latest") && mutable("r:5000/redis"));
    assert!(!mutable("redis:7") && !mutable("redis@sha256:x"));
}
