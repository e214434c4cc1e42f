//! Test helpers shared by the check groups, and the tests of what
//! [`diagnose`] adds to the checks: severity order, silencing, skipped
//! checks, `--fail-on`.

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::jiff::Timestamp;

use super::*;
use crate::plan::fixtures::{REV_A, pod, sts};

/// "Now" of every doctor test.
pub const NOW: &str = "2026-06-01T12:00:00Z";

/// A world of `sets` and `pods` where every other kind was read and is
/// empty; `edit` fills in what a test needs.
pub fn world_with(sets: Vec<StatefulSet>, pods: Vec<Pod>, edit: impl FnOnce(&mut World)) -> World {
    let mut w = World {
        pods,
        ..World::new(sets, NOW.parse().unwrap())
    };
    edit(&mut w);
    w
}

/// `checks` on the first set of `w`.
pub fn run(w: &World, checks: &'static [Check]) -> SetReport {
    let checks: Vec<&Check> = checks.iter().collect();
    diagnose_set(&Facts::new(w, &w.sets[0]), &checks)
}

/// The IDs `checks` report for the first set of `w`, in report order.
pub fn ids(w: &World, checks: &'static [Check]) -> Vec<&'static str> {
    run(w, checks).findings.iter().map(|f| f.check).collect()
}

fn finding(check: &'static str, severity: Severity, f: &Facts<'_>) -> Finding {
    Finding::new(check, severity, f, format!("{check} found"))
}

fn info_check(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    Ok(vec![finding("t-info", Severity::Info, f)])
}

fn error_check(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    Ok(vec![finding("t-error", Severity::Error, f)])
}

fn pdb_check(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    f.pdbs()?;
    Ok(vec![finding("t-pdb", Severity::Warning, f)])
}

fn node_check(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    f.nodes()?;
    Ok(vec![])
}

const TEST_CHECKS: &[Check] = &[
    Check {
        id: "t-info",
        severity: Severity::Info,
        summary: "",
        run: info_check,
    },
    Check {
        id: "t-error",
        severity: Severity::Error,
        summary: "",
        run: error_check,
    },
    Check {
        id: "t-pdb",
        severity: Severity::Warning,
        summary: "",
        run: pdb_check,
    },
    Check {
        id: "t-node",
        severity: Severity::Warning,
        summary: "",
        run: node_check,
    },
];

fn silenced(ids: &str) -> StatefulSet {
    let mut s = sts("web", 3, &["data"]);
    s.metadata.annotations = Some([(silence_annotation(), ids.to_string())].into());
    s
}

#[test]
fn findings_come_errors_first() {
    let w = world_with(vec![sts("web", 3, &["data"])], vec![], |_| {});
    assert_eq!(ids(&w, TEST_CHECKS), vec!["t-error", "t-pdb", "t-info"]);
}

#[test]
fn silenced_findings_are_reported_but_do_not_fail() {
    let w = world_with(vec![silenced("t-error, t-pdb")], vec![], |_| {});
    let r = run(&w, TEST_CHECKS);
    let marks: Vec<(&str, bool)> = r.findings.iter().map(|f| (f.check, f.silenced)).collect();
    assert_eq!(
        marks,
        vec![("t-error", true), ("t-pdb", true), ("t-info", false)]
    );
    let report = DoctorReport {
        api_version: "kubectl-sts/v1",
        kind: "DoctorReport",
        stateful_sets: vec![r],
        summary: Summary::default(),
        warnings: vec![],
    };
    assert!(!fails(&report, Some(Severity::Warning)));
    assert!(fails(&report, Some(Severity::Info)));
    assert!(!fails(&report, None));
}

#[test]
fn a_misspelt_silenced_id_is_reported() {
    let w = world_with(vec![silenced("t-eror")], vec![], |_| {});
    let r = run(&w, TEST_CHECKS);
    let f = r
        .findings
        .iter()
        .find(|f| f.check == "silence-unknown-check")
        .expect("reported");
    assert!(f.message.contains("t-eror"), "{}", f.message);
    assert!(!r.findings.iter().any(|f| f.silenced));
}

#[test]
fn unreadable_kinds_skip_their_checks_grouped_by_reason() {
    let w = world_with(vec![sts("web", 3, &["data"])], vec![], |w| {
        w.pdbs = Read::Unavailable("poddisruptionbudgets: forbidden".into());
        w.nodes = Read::Unavailable("nodes: forbidden".into());
    });
    let r = run(&w, TEST_CHECKS);
    assert_eq!(
        r.skipped,
        vec![
            Skipped {
                checks: vec!["t-pdb"],
                reason: "poddisruptionbudgets: forbidden".into()
            },
            Skipped {
                checks: vec!["t-node"],
                reason: "nodes: forbidden".into()
            },
        ]
    );
    assert_eq!(
        r.findings.iter().map(|f| f.check).collect::<Vec<_>>(),
        vec!["t-error", "t-info"]
    );
}

#[test]
fn fail_on_compares_with_the_worst_unsilenced_finding() {
    let w = world_with(vec![sts("web", 3, &["data"])], vec![], |_| {});
    let checks: &'static [Check] = &TEST_CHECKS[2..3];
    let report = DoctorReport {
        api_version: "kubectl-sts/v1",
        kind: "DoctorReport",
        stateful_sets: vec![run(&w, checks)],
        summary: Summary::default(),
        warnings: vec![],
    };
    assert!(fails(&report, Some(Severity::Warning)));
    assert!(!fails(&report, Some(Severity::Error)));
}

#[test]
fn a_sets_pods_are_those_it_owns_in_its_namespace() {
    let web = sts("web", 2, &["data"]);
    let api = sts("api", 1, &[]);
    let mut elsewhere = pod(&web, 1, REV_A);
    elsewhere.metadata.namespace = Some("other".into());
    let w = world_with(
        vec![web.clone(), api.clone()],
        vec![pod(&web, 0, REV_A), pod(&api, 0, REV_A), elsewhere],
        |_| {},
    );
    let f = Facts::new(&w, &w.sets[0]);
    let names: Vec<&str> = f
        .pods
        .iter()
        .map(|p| p.metadata.name.as_deref().unwrap())
        .collect();
    assert_eq!(names, vec!["web-0"]);
}

#[test]
fn check_ids_are_unique_and_lowercase_words() {
    let all = checks();
    let mut seen = std::collections::BTreeSet::new();
    for c in &all {
        assert!(seen.insert(c.id), "duplicate check ID {}", c.id);
        assert!(
            c.id.chars().all(|ch| ch.is_ascii_lowercase() || ch == '-'),
            "{}",
            c.id
        );
        assert!(!c.summary.is_empty(), "{} has no summary", c.id);
    }
}

#[test]
fn the_readme_documents_every_check() {
    let readme = include_str!("../../../README.md");
    for c in checks() {
        assert!(
            readme.contains(&format!("`{}`", c.id)),
            "README.md does not document check {}",
            c.id
        );
    }
}

#[test]
fn now_parses() {
    let _: Timestamp = NOW.parse().unwrap();
}
