use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::objects::{SnapshotError, VolumeSnapshotStatus};
use super::*;
use crate::plan::fixtures::sts;

fn class(name: &str, driver: &str, default: bool) -> VolumeSnapshotClass {
    VolumeSnapshotClass {
        metadata: ObjectMeta {
            name: Some(name.into()),
            annotations: default.then(|| {
                BTreeMap::from([(DEFAULT_CLASS_ANNOTATION.to_string(), "true".to_string())])
            }),
            ..Default::default()
        },
        driver: driver.into(),
        deletion_policy: "Delete".into(),
        ..Default::default()
    }
}

fn source(claim: &str, ordinal: i32, template: &str) -> Source {
    Source {
        claim: claim.into(),
        ordinal,
        template: template.into(),
        driver: Some("csi.example".into()),
        size: Some("1Gi".into()),
        refusal: None,
    }
}

fn snap(
    claim: &str,
    ready: Option<bool>,
    error: Option<&str>,
    size: Option<&str>,
) -> VolumeSnapshot {
    let at: Timestamp = "2026-11-30T10:00:00Z".parse().unwrap();
    let mut s = build("web", &source(claim, 1, "data"), "standard", at, "manual");
    s.status = Some(VolumeSnapshotStatus {
        bound_volume_snapshot_content_name: Some("content".into()),
        ready_to_use: ready,
        restore_size: size.map(|q| Quantity(q.into())),
        error: error.map(|m| SnapshotError {
            message: Some(m.into()),
            time: None,
        }),
        creation_time: Some("2026-11-30T10:00:01Z".into()),
    });
    s
}

#[test]
fn names_are_readable_and_bounded() {
    let at: Timestamp = "2026-11-30T10:15:07Z".parse().unwrap();
    assert_eq!(
        snapshot_name("data-web-1", at),
        "data-web-1-20261130-101507"
    );
    let long = "a".repeat(300);
    let n = snapshot_name(&long, at);
    assert_eq!(n.len(), 253);
    assert!(n.ends_with("-20261130-101507"));
    assert_eq!(
        kept_claim_name("data-web-1", at),
        "data-web-1-before-restore-20261130-101507"
    );
}

#[test]
fn built_snapshots_carry_set_ordinal_template_and_size() {
    let at: Timestamp = "2026-11-30T10:15:07Z".parse().unwrap();
    let s = build(
        "web",
        &source("data-web-2", 2, "data"),
        "standard",
        at,
        "pvc resize",
    );
    let l = s.metadata.labels.unwrap();
    assert_eq!(l[SET_LABEL], "web");
    assert_eq!(l[ORDINAL_LABEL], "2");
    assert_eq!(l[TEMPLATE_LABEL], "data");
    let a = s.metadata.annotations.unwrap();
    assert_eq!(a[SOURCE_SIZE_ANNOTATION], "1Gi");
    assert_eq!(a[REASON_ANNOTATION], "pvc resize");
    assert_eq!(
        s.spec.source.persistent_volume_claim_name.as_deref(),
        Some("data-web-2")
    );
    assert_eq!(
        s.spec.volume_snapshot_class_name.as_deref(),
        Some("standard")
    );
    let json = serde_json::to_value(build(
        "web",
        &source("data-web-2", 2, "data"),
        "standard",
        at,
        "manual",
    ))
    .unwrap();
    assert_eq!(json["apiVersion"], "snapshot.storage.k8s.io/v1");
    assert_eq!(json["kind"], "VolumeSnapshot");
}

#[test]
fn class_choice() {
    let classes = [
        class("fast", "csi.example", true),
        class("slow", "csi.example", false),
        class("other", "csi.other", false),
    ];
    let cases: &[(&str, Option<&str>, Result<&str, &str>)] = &[
        ("csi.example", None, Ok("fast")),
        ("csi.example", Some("slow"), Ok("slow")),
        ("csi.other", None, Ok("other")),
        (
            "csi.example",
            Some("other"),
            Err("is for CSI driver csi.other"),
        ),
        (
            "csi.example",
            Some("nope"),
            Err("does not exist; classes for it: fast, slow"),
        ),
        (
            "csi.none",
            None,
            Err("no VolumeSnapshotClass is for CSI driver csi.none"),
        ),
    ];
    for (driver, requested, want) in cases {
        let got = pick_class(driver, &classes, *requested, "claims data-web-0");
        match (want, &got) {
            (Ok(w), Ok(g)) => assert_eq!(w, g),
            (Err(w), Err(g)) => assert!(g.contains(w), "{driver} {requested:?}: {g}"),
            _ => panic!("{driver} {requested:?}: {got:?}"),
        }
    }
    // Two classes, no default: the user picks.
    let two = [class("a", "d", false), class("b", "d", false)];
    assert!(
        pick_class("d", &two, None, "x")
            .unwrap_err()
            .contains("--snapshot-class")
    );
}

#[test]
fn states() {
    assert_eq!(
        state(&snap("data-web-1", Some(true), None, Some("1Gi"))),
        State::Ready
    );
    assert_eq!(
        state(&snap("data-web-1", Some(false), Some("disk on fire"), None)),
        State::Failed("disk on fire".into())
    );
    assert!(matches!(
        state(&snap("data-web-1", None, None, None)),
        State::Pending(_)
    ));
}

#[test]
fn restore_checks() {
    let set = sts("web", 3, &["data"]);
    let ready = snap("data-web-1", Some(true), None, Some("1Gi"));
    let t = check_restore(&set, 1, "data", &ready).unwrap();
    assert_eq!(t.claim, "data-web-1");
    assert_eq!(t.pod, "web-1");
    assert_eq!(t.size, "1Gi");
    // The template asks for more than the snapshot: the controller's size.
    let small = snap("data-web-1", Some(true), None, Some("512Mi"));
    assert_eq!(check_restore(&set, 1, "data", &small).unwrap().size, "1Gi");
    let big = snap("data-web-1", Some(true), None, Some("2Gi"));
    assert_eq!(check_restore(&set, 1, "data", &big).unwrap().size, "2Gi");
    // Another ordinal of the same template: accepted.
    assert_eq!(
        check_restore(&set, 2, "data", &ready).unwrap().source_claim,
        "data-web-1"
    );

    let refused: &[(&str, i32, &str, VolumeSnapshot, &str)] = &[
        (
            "out of range",
            3,
            "data",
            ready.clone(),
            "not a live ordinal",
        ),
        (
            "not ready",
            1,
            "data",
            snap("data-web-1", Some(false), None, None),
            "not ready to use",
        ),
        (
            "failed",
            1,
            "data",
            snap("data-web-1", None, Some("boom"), None),
            "failed and cannot be restored: boom",
        ),
        (
            "another set",
            1,
            "data",
            {
                let mut s = snap("data-db-1", Some(true), None, Some("1Gi"));
                s.metadata.labels = None;
                s
            },
            "not a claim of statefulset web",
        ),
        (
            "labelled for another set",
            1,
            "data",
            {
                let mut s = ready.clone();
                s.metadata
                    .labels
                    .as_mut()
                    .unwrap()
                    .insert(SET_LABEL.into(), "db".into());
                s
            },
            "not a claim of statefulset web",
        ),
    ];
    for (what, ordinal, template, s, want) in refused {
        let e = check_restore(&set, *ordinal, template, s).unwrap_err();
        assert!(e.contains(want), "{what}: {e}");
    }
    // Another template of the same set.
    let two = sts("web", 3, &["data", "wal"]);
    let e = check_restore(&two, 1, "wal", &ready).unwrap_err();
    assert!(e.contains("template \"data\""), "{e}");
}

#[test]
fn templates_are_picked_or_named() {
    let one = sts("web", 3, &["data"]);
    let two = sts("web", 3, &["data", "wal"]);
    let none = sts("web", 3, &[]);
    assert_eq!(pick_template(&one, None).unwrap(), "data");
    assert_eq!(pick_template(&two, Some("wal")).unwrap(), "wal");
    assert!(
        pick_template(&two, None)
            .unwrap_err()
            .contains("--template")
    );
    assert!(
        pick_template(&two, Some("x"))
            .unwrap_err()
            .contains("data, wal")
    );
    assert!(
        pick_template(&none, None)
            .unwrap_err()
            .contains("no volumeClaimTemplates")
    );
}

#[test]
fn rows_list_the_sets_snapshots_by_ordinal() {
    let set = sts("web", 3, &["data"]);
    let mut s2 = snap("data-web-2", Some(true), None, Some("1Gi"));
    s2.metadata.name = Some("data-web-2-x".into());
    s2.metadata
        .labels
        .as_mut()
        .unwrap()
        .insert(ORDINAL_LABEL.into(), "2".into());
    let mut by_hand = snap("data-web-0", Some(false), Some("quota"), None);
    by_hand.metadata.labels = None;
    by_hand.metadata.name = Some("manual".into());
    let mut foreign = snap("data-db-0", Some(true), None, None);
    foreign.metadata.labels = None;
    let classes = [class("standard", "csi.example", true)];
    let rows = rows(
        &set,
        &[
            s2,
            snap("data-web-1", Some(true), None, Some("1Gi")),
            by_hand,
            foreign,
        ],
        &classes,
    );
    let got: Vec<(Option<i32>, &str, &str)> = rows
        .iter()
        .map(|r| (r.ordinal, r.name.as_str(), r.ready.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (Some(0), "manual", "error: quota"),
            (Some(1), "data-web-1-20261130-100000", "true"),
            (Some(2), "data-web-2-x", "true"),
        ]
    );
    assert_eq!(rows[1].deletion_policy.as_deref(), Some("Delete"));
    assert_eq!(rows[1].size.as_deref(), Some("1Gi"));
}
