use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::policy::v1::{PodDisruptionBudget, PodDisruptionBudgetSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::*;
use crate::plan::doctor::Read;
use crate::plan::doctor::tests::{ids, run, world_with};
use crate::plan::fixtures::{NS, labels, sts};

/// A set `web` of `replicas` whose template is labelled app=web and runs `image`.
fn web(replicas: i32, image: &str) -> StatefulSet {
    let mut s = sts("web", replicas, &["data"]);
    s.spec.template.metadata = Some(ObjectMeta {
        labels: labels(&[("app", "web")]),
        ..Default::default()
    });
    crate::plan::doctor::checks::with_image(s, image)
}

enum Limit {
    Max(IntOrString),
    Min(IntOrString),
    Neither,
}

fn int(i: i32) -> IntOrString {
    IntOrString::Int(i)
}

fn pct(s: &str) -> IntOrString {
    IntOrString::String(s.into())
}

fn pdb(name: &str, app: &str, limit: Limit) -> PodDisruptionBudget {
    let (max_unavailable, min_available) = match limit {
        Limit::Max(v) => (Some(v), None),
        Limit::Min(v) => (None, Some(v)),
        Limit::Neither => (None, None),
    };
    PodDisruptionBudget {
        metadata: ObjectMeta {
            name: Some(name.into()),
            namespace: Some(NS.into()),
            ..Default::default()
        },
        spec: Some(PodDisruptionBudgetSpec {
            max_unavailable,
            min_available,
            selector: Some(LabelSelector {
                match_labels: labels(&[("app", app)]),
                ..Default::default()
            }),
            ..Default::default()
        }),
        status: None,
    }
}

fn world(set: StatefulSet, pdbs: Vec<PodDisruptionBudget>) -> crate::plan::doctor::World {
    world_with(vec![set], vec![], |w| w.pdbs = Read::Got(pdbs))
}

#[test]
fn scaled_values_round_up_like_the_disruption_controller() {
    for (v, total, want) in [
        (int(2), 5, Some(2)),
        (pct("0%"), 5, Some(0)),
        (pct("1%"), 3, Some(1)),
        (pct("50%"), 3, Some(2)),
        (pct("50%"), 4, Some(2)),
        (pct("90%"), 3, Some(3)),
        (pct("100%"), 7, Some(7)),
        (pct("abc"), 3, None),
        (pct("3"), 3, None),
    ] {
        assert_eq!(scaled(&v, total), want, "{v:?} of {total}");
    }
}

#[test]
fn disruption_checks() {
    use Limit::*;
    let cases: Vec<(&str, StatefulSet, Vec<PodDisruptionBudget>, Vec<&str>)> = vec![
        (
            "one budget allowing one",
            web(3, "postgres:16"),
            vec![pdb("web", "web", Max(int(1)))],
            vec![],
        ),
        (
            "no budget",
            web(3, "postgres:16"),
            vec![],
            vec!["pdb-missing"],
        ),
        (
            "no budget, one replica",
            web(1, "postgres:16"),
            vec![],
            vec![],
        ),
        (
            "a budget for other pods",
            web(2, "postgres:16"),
            vec![pdb("api", "api", Max(int(1)))],
            vec!["pdb-missing"],
        ),
        (
            "maxUnavailable 0",
            web(3, "postgres:16"),
            vec![pdb("web", "web", Max(int(0)))],
            vec!["pdb-blocks-disruptions"],
        ),
        (
            "maxUnavailable 0%",
            web(3, "postgres:16"),
            vec![pdb("web", "web", Max(pct("0%")))],
            vec!["pdb-blocks-disruptions"],
        ),
        (
            "maxUnavailable 10% rounds up to 1",
            web(3, "postgres:16"),
            vec![pdb("web", "web", Max(pct("10%")))],
            vec![],
        ),
        (
            "minAvailable = replicas",
            web(3, "postgres:16"),
            vec![pdb("web", "web", Min(int(3)))],
            vec!["pdb-blocks-disruptions"],
        ),
        (
            "minAvailable 100%",
            web(3, "postgres:16"),
            vec![pdb("web", "web", Min(pct("100%")))],
            vec!["pdb-blocks-disruptions"],
        ),
        (
            "minAvailable 90% of 3 rounds up to 3",
            web(3, "postgres:16"),
            vec![pdb("web", "web", Min(pct("90%")))],
            vec!["pdb-blocks-disruptions"],
        ),
        (
            "minAvailable 2 of 3",
            web(3, "postgres:16"),
            vec![pdb("web", "web", Min(int(2)))],
            vec![],
        ),
        (
            "minAvailable 1 of 1",
            web(1, "postgres:16"),
            vec![pdb("web", "web", Min(int(1)))],
            vec!["pdb-blocks-disruptions"],
        ),
        (
            "zookeeper: maxUnavailable 2 of 3",
            web(3, "zookeeper:3.9"),
            vec![pdb("web", "web", Max(int(2)))],
            vec!["pdb-breaks-quorum"],
        ),
        (
            "zookeeper: maxUnavailable 1 of 3",
            web(3, "zookeeper:3.9"),
            vec![pdb("web", "web", Max(int(1)))],
            vec![],
        ),
        (
            "etcd: maxUnavailable 2 of 5",
            web(5, "etcd:3.5"),
            vec![pdb("web", "web", Max(int(2)))],
            vec![],
        ),
        (
            "etcd: minAvailable 50% of 5 (3)",
            web(5, "etcd:3.5"),
            vec![pdb("web", "web", Min(pct("50%")))],
            vec![],
        ),
        (
            "etcd: minAvailable 50% of 4 (2)",
            web(4, "etcd:3.5"),
            vec![pdb("web", "web", Min(pct("50%")))],
            vec!["pdb-breaks-quorum"],
        ),
        (
            "etcd: a budget without a limit",
            web(3, "etcd:3.5"),
            vec![pdb("web", "web", Neither)],
            vec!["pdb-breaks-quorum"],
        ),
        (
            "postgres: maxUnavailable 2 of 3 is no quorum matter",
            web(3, "postgres:16"),
            vec![pdb("web", "web", Max(int(2)))],
            vec![],
        ),
        (
            "zookeeper of 2: no quorum finding",
            web(2, "zookeeper:3.9"),
            vec![pdb("web", "web", Max(int(1)))],
            vec![],
        ),
        (
            "two budgets",
            web(3, "postgres:16"),
            vec![
                pdb("web-a", "web", Max(int(1))),
                pdb("web-b", "web", Max(int(1))),
            ],
            vec!["pdb-overlap"],
        ),
    ];
    for (what, set, pdbs, want) in cases {
        assert_eq!(ids(&world(set, pdbs), ALL), want, "{what}");
    }
}

#[test]
fn findings_name_the_budgets_and_the_fix() {
    let r = run(
        &world(
            web(3, "postgres:16"),
            vec![pdb("strict", "web", Limit::Min(IntOrString::Int(3)))],
        ),
        ALL,
    );
    let f = &r.findings[0];
    assert!(
        f.objects
            .contains(&"poddisruptionbudget/strict".to_string())
    );
    assert!(
        f.evidence
            .contains(&"poddisruptionbudget strict: spec.minAvailable: 3".to_string()),
        "{:?}",
        f.evidence
    );
    assert!(
        f.fix
            .starts_with("kubectl patch poddisruptionbudget strict -n shop"),
        "{}",
        f.fix
    );

    let r = run(&world(web(3, "postgres:16"), vec![]), ALL);
    assert!(
        r.findings[0].fix.starts_with(
            "kubectl create poddisruptionbudget web -n shop --selector=app=web --max-unavailable=1"
        ),
        "{}",
        r.findings[0].fix
    );

    let r = run(
        &world(
            web(5, "zookeeper:3.9"),
            vec![pdb(
                "zk",
                "web",
                Limit::Max(IntOrString::String("60%".into())),
            )],
        ),
        ALL,
    );
    let f = &r.findings[0];
    assert_eq!(f.check, "pdb-breaks-quorum");
    assert!(
        f.evidence
            .contains(&"quorum (zookeeper): 3 of 5".to_string())
    );
    assert!(f.evidence.contains(&"allows down at once: 3".to_string()));
    assert!(f.fix.contains("\"maxUnavailable\":2"), "{}", f.fix);

    let r = run(
        &world(
            web(3, "postgres:16"),
            vec![
                pdb("a", "web", Limit::Max(IntOrString::Int(1))),
                pdb("b", "web", Limit::Max(IntOrString::Int(1))),
                pdb("c", "web", Limit::Max(IntOrString::Int(1))),
            ],
        ),
        ALL,
    );
    let f = &r.findings[0];
    assert_eq!(
        f.objects,
        vec![
            "statefulset/web",
            "poddisruptionbudget/a",
            "poddisruptionbudget/b",
            "poddisruptionbudget/c"
        ]
    );
    assert!(
        f.fix
            .contains("kubectl delete poddisruptionbudget b c -n shop"),
        "{}",
        f.fix
    );
}

#[test]
fn unreadable_budgets_skip_every_disruption_check() {
    let w = world_with(vec![web(3, "zookeeper:3.9")], vec![], |w| {
        w.pdbs = Read::Unavailable("poddisruptionbudgets: forbidden".into())
    });
    let r = run(&w, ALL);
    assert!(r.findings.is_empty());
    assert_eq!(
        r.skipped[0].checks,
        vec![
            "pdb-missing",
            "pdb-blocks-disruptions",
            "pdb-breaks-quorum",
            "pdb-overlap"
        ]
    );
}
