use k8s_openapi::api::apps::v1::{
    StatefulSet, StatefulSetPersistentVolumeClaimRetentionPolicy as Retention,
};
use k8s_openapi::api::core::v1::{PersistentVolume, PersistentVolumeClaim, Pod};
use k8s_openapi::api::storage::v1::StorageClass;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};

use super::*;
use crate::plan::doctor::Read;
use crate::plan::doctor::tests::{ids, run, world_with};
use crate::plan::fixtures::{REV_A, pending_pvc, pod, pv_for, pvc, sts, terminating, with_start};

fn class(name: &str, expand: Option<bool>, reclaim: Option<&str>, default: bool) -> StorageClass {
    StorageClass {
        metadata: ObjectMeta {
            name: Some(name.into()),
            annotations: default
                .then(|| [(DEFAULT_CLASS_ANNOTATION.to_string(), "true".to_string())].into()),
            ..Default::default()
        },
        provisioner: "ebs.csi.aws.com".into(),
        allow_volume_expansion: expand,
        reclaim_policy: reclaim.map(str::to_string),
        ..Default::default()
    }
}

fn retention(mut s: StatefulSet, deleted: &str, scaled: &str) -> StatefulSet {
    s.spec.persistent_volume_claim_retention_policy = Some(Retention {
        when_deleted: Some(deleted.into()),
        when_scaled: Some(scaled.into()),
    });
    s
}

fn no_class(mut s: StatefulSet) -> StatefulSet {
    for t in s.spec.volume_claim_templates.as_mut().unwrap() {
        t.spec.as_mut().unwrap().storage_class_name = None;
    }
    s
}

fn in_class(mut c: PersistentVolumeClaim, class: &str) -> PersistentVolumeClaim {
    c.spec.as_mut().unwrap().storage_class_name = Some(class.into());
    c
}

fn pending_pod(set: &StatefulSet, ordinal: i32) -> Pod {
    let mut p = pod(set, ordinal, REV_A);
    p.status.as_mut().unwrap().phase = Some("Pending".into());
    p
}

fn created(mut c: PersistentVolumeClaim, at: &str) -> PersistentVolumeClaim {
    c.metadata.creation_timestamp = Some(Time(at.parse().unwrap()));
    c
}

struct Case {
    what: &'static str,
    set: StatefulSet,
    pods: Vec<Pod>,
    claims: Vec<PersistentVolumeClaim>,
    pvs: Vec<PersistentVolume>,
    classes: Vec<StorageClass>,
    want: Vec<&'static str>,
}

fn web() -> StatefulSet {
    sts("web", 2, &["data"])
}

fn running(set: &StatefulSet) -> Vec<Pod> {
    crate::plan::set::live_ordinals(set)
        .map(|o| pod(set, o, REV_A))
        .collect()
}

fn bound(n: i32) -> Vec<PersistentVolumeClaim> {
    (0..n).map(|o| pvc("data", "web", o, "1Gi")).collect()
}

fn volumes(claims: &[PersistentVolumeClaim], reclaim: &str) -> Vec<PersistentVolume> {
    claims.iter().map(|c| pv_for(c, reclaim)).collect()
}

fn expandable() -> Vec<StorageClass> {
    vec![class("standard", Some(true), Some("Delete"), true)]
}

/// A healthy two-replica set with bound claims, volumes retained and an
/// expandable class; `edit` breaks one thing.
fn case(what: &'static str, want: Vec<&'static str>, edit: impl FnOnce(&mut Case)) -> Case {
    let set = web();
    let claims = bound(2);
    let mut c = Case {
        what,
        pods: running(&set),
        pvs: volumes(&claims, "Delete"),
        claims,
        set,
        classes: expandable(),
        want,
    };
    edit(&mut c);
    c
}

fn world(c: &Case) -> crate::plan::doctor::World {
    world_with(vec![c.set.clone()], c.pods.clone(), |w| {
        w.pvcs = Read::Got(c.claims.clone());
        w.pvs = Read::Got(c.pvs.clone());
        w.storage_classes = Read::Got(c.classes.clone());
    })
}

#[test]
fn storage_checks() {
    let cases = vec![
        case("healthy", vec![], |_| {}),
        case("no templates", vec![], |c| {
            c.set = sts("web", 2, &[]);
            c.classes = vec![class("standard", None, None, true)];
        }),
        // Expansion.
        case(
            "class not expandable",
            vec!["storage-class-no-expansion"],
            |c| {
                c.classes = vec![class("standard", Some(false), Some("Delete"), false)];
            },
        ),
        case(
            "default class of a template without class",
            vec!["storage-class-no-expansion"],
            |c| {
                c.set = no_class(web());
                c.classes = vec![
                    class("standard", Some(true), None, false),
                    class("slow", None, None, true),
                ];
            },
        ),
        case(
            "existing claims in another class",
            vec!["storage-class-no-expansion"],
            |c| {
                c.claims = bound(2).into_iter().map(|p| in_class(p, "old")).collect();
                c.classes.push(class("old", None, None, false));
            },
        ),
        case("class that does not exist", vec![], |c| {
            c.classes = vec![];
        }),
        // Retention.
        case("retention Delete, volumes Retain", vec![], |c| {
            c.set = retention(web(), "Delete", "Delete");
            c.pvs = volumes(&c.claims, "Retain");
        }),
        case(
            "whenScaled Delete, volumes Delete",
            vec!["storage-retention-deletes-data"],
            |c| c.set = retention(web(), "Retain", "Delete"),
        ),
        case(
            "whenDeleted Delete, unbound claim, class Delete",
            vec!["storage-retention-deletes-data"],
            |c| {
                c.set = retention(web(), "Delete", "Retain");
                c.claims = vec![pending_pvc("data", "web", 0)];
                c.pvs = vec![];
                c.pods = vec![];
            },
        ),
        case("whenDeleted Delete, no claims, class Retain", vec![], |c| {
            c.set = retention(web(), "Delete", "Retain");
            c.claims = vec![];
            c.pvs = vec![];
            c.pods = vec![];
            c.classes = vec![class("standard", Some(true), Some("Retain"), false)];
        }),
        // Leftovers.
        case(
            "claims of ordinals 2 and 3",
            vec!["storage-leftover-claims"],
            |c| {
                c.claims = bound(4);
                c.pvs = volumes(&c.claims, "Retain");
            },
        ),
        case("terminating claim of ordinal 2", vec![], |c| {
            c.claims.push(terminating(pvc("data", "web", 2, "1Gi")));
        }),
        case("another set's claims", vec![], |c| {
            c.claims.push(pvc("data", "web-0", 5, "1Gi"));
        }),
        case(
            "claim below ordinals.start",
            vec!["storage-leftover-claims"],
            |c| {
                c.set = with_start(web(), 1);
                c.claims = bound(3);
                c.pods = running(&c.set);
            },
        ),
        // Missing.
        case(
            "Pending pod without its claim",
            vec!["storage-claim-missing"],
            |c| {
                c.claims = bound(1);
                c.pods[1] = pending_pod(&c.set, 1);
            },
        ),
        case("no pod and no claim yet", vec![], |c| {
            c.claims = bound(1);
            c.pods.truncate(1);
        }),
        case(
            "Running pod without its claim",
            vec!["storage-claim-missing"],
            |c| {
                c.claims = bound(1);
            },
        ),
        // Pending.
        case(
            "claim Pending with its pod",
            vec!["storage-claim-pending"],
            |c| {
                c.claims[1] = pending_pvc("data", "web", 1);
                c.pods[1] = pending_pod(&c.set, 1);
            },
        ),
        case("claim Pending for a minute", vec![], |c| {
            c.claims[1] = created(pending_pvc("data", "web", 1), "2026-06-01T11:59:00Z");
            c.pods[1] = pending_pod(&c.set, 1);
        }),
        case("claim Pending without a pod", vec![], |c| {
            c.claims[1] = pending_pvc("data", "web", 1);
            c.pods.truncate(1);
        }),
    ];
    for c in cases {
        assert_eq!(ids(&world(&c), ALL), c.want, "{}", c.what);
    }
}

#[test]
fn findings_name_the_objects() {
    let c = case("", vec![], |c| {
        c.set = retention(web(), "Retain", "Delete");
        c.classes = vec![class("standard", None, Some("Delete"), false)];
        c.claims = bound(3);
        c.pvs = volumes(&c.claims, "Delete");
    });
    let r = run(&world(&c), ALL);
    let by = |id: &str| r.findings.iter().find(|f| f.check == id).unwrap();
    let expand = by("storage-class-no-expansion");
    assert!(expand.fix.contains("kubectl patch storageclass standard"));
    assert!(
        expand
            .evidence
            .contains(&"storageclass standard: allowVolumeExpansion: (unset: false)".into())
    );
    let keep = by("storage-retention-deletes-data");
    assert!(
        keep.objects
            .contains(&"persistentvolume/pv-data-web-0".into())
    );
    assert!(
        keep.evidence.contains(
            &"persistentvolume pv-data-web-2 (claim data-web-2): persistentVolumeReclaimPolicy: \
              Delete"
                .into()
        ),
        "{:?}",
        keep.evidence
    );
    assert!(
        keep.fix.contains("\"whenScaled\":\"Retain\""),
        "{}",
        keep.fix
    );
    assert!(!keep.fix.contains("whenDeleted"), "{}", keep.fix);
    assert!(keep.fix.contains("kubectl patch pv pv-data-web-0"));
    let left = by("storage-leftover-claims");
    assert_eq!(
        left.objects,
        vec!["statefulset/web", "persistentvolumeclaim/data-web-2"]
    );
    assert!(left.fix.contains("kubectl sts pvc orphans web -n shop"));
}

#[test]
fn a_missing_claim_is_an_error_only_when_its_pod_cannot_run() {
    let c = case("", vec![], |c| {
        c.claims = vec![];
        c.pods[1] = pending_pod(&c.set, 1);
    });
    let r = run(&world(&c), ALL);
    let sev: Vec<(Severity, &str)> = r
        .findings
        .iter()
        .map(|f| (f.severity, f.message.as_str()))
        .collect();
    assert_eq!(
        sev,
        vec![
            (
                Severity::Error,
                "claim data-web-1 of pod web-1 does not exist"
            ),
            (
                Severity::Warning,
                "claim data-web-0 of pod web-0 does not exist"
            ),
        ]
    );
    assert!(
        r.findings[0]
            .fix
            .starts_with("kubectl sts recover web -n shop")
    );
}

#[test]
fn unreadable_kinds_skip_only_the_checks_that_read_them() {
    let c = case("", vec![], |c| c.set = retention(web(), "Delete", "Retain"));
    let w = world_with(vec![c.set.clone()], c.pods.clone(), |w| {
        w.pvcs = Read::Got(c.claims.clone());
        w.pvs = Read::Unavailable("persistentvolumes: forbidden".into());
        w.storage_classes = Read::Unavailable("storageclasses: forbidden".into());
    });
    let r = run(&w, ALL);
    assert!(r.findings.is_empty());
    let skipped: Vec<(&str, Vec<&str>)> = r
        .skipped
        .iter()
        .map(|s| (s.reason.as_str(), s.checks.clone()))
        .collect();
    assert_eq!(
        skipped,
        vec![
            (
                "storageclasses: forbidden",
                vec!["storage-class-no-expansion"]
            ),
            (
                "persistentvolumes: forbidden",
                vec!["storage-retention-deletes-data"]
            ),
        ]
    );
    let w = world_with(vec![c.set.clone()], c.pods.clone(), |w| {
        w.pvcs = Read::Unavailable("persistentvolumeclaims: forbidden".into());
    });
    assert_eq!(run(&w, ALL).skipped[0].checks.len(), ALL.len());
}
