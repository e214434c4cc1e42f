use super::*;
use crate::plan::fixtures::*;
use k8s_openapi::api::apps::v1::StatefulSetPersistentVolumeClaimRetentionPolicy;
use k8s_openapi::api::core::v1::{PersistentVolumeClaimVolumeSource, PodSpec, Volume};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::OwnerReference;

/// A claim as the controller makes it: with the set's selector labels.
fn claim(t: &str, set: &str, o: i32) -> PersistentVolumeClaim {
    let mut c = pvc(t, set, o, "1Gi");
    c.metadata.labels = labels(&[("app", set)]);
    c
}

/// A pod (any name) whose volumes reference `claims`.
fn pod_using(name: &str, phase: &str, claims: &[&str]) -> Pod {
    let mut p = Pod::default();
    p.metadata.name = Some(name.into());
    p.metadata.namespace = Some(NS.into());
    p.spec = Some(PodSpec {
        volumes: Some(
            claims
                .iter()
                .map(|c| Volume {
                    name: format!("v-{c}"),
                    persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                        claim_name: c.to_string(),
                        read_only: None,
                    }),
                    ..Default::default()
                })
                .collect(),
        ),
        ..Default::default()
    });
    p.status = Some(k8s_openapi::api::core::v1::PodStatus {
        phase: Some(phase.into()),
        ..Default::default()
    });
    p
}

fn names(sets: &[StatefulSet], pvcs: &[PersistentVolumeClaim], pods: &[Pod]) -> Vec<String> {
    let w = World {
        sets,
        pods,
        pvs: None,
    };
    find(pvcs, &w, None).into_iter().map(|o| o.name).collect()
}

fn verdict(sets: &[StatefulSet], c: &PersistentVolumeClaim, pods: &[Pod]) -> Verdict {
    let s: Vec<&StatefulSet> = sets.iter().collect();
    let p: Vec<&Pod> = pods.iter().collect();
    classify(c, &s, &p, None)
}

#[test]
fn scaled_down_ordinals_per_template() {
    let set = sts("web", 2, &["data", "logs"]);
    let pvcs: Vec<_> = (0..5)
        .flat_map(|o| [claim("data", "web", o), claim("logs", "web", o)])
        .collect();
    let got = names(&[set], &pvcs, &[]);
    assert_eq!(
        got,
        [
            "data-web-2",
            "data-web-3",
            "data-web-4",
            "logs-web-2",
            "logs-web-3",
            "logs-web-4"
        ]
    );
}

#[test]
fn orphan_carries_reason_size_pv_and_policy() {
    let mut set = sts("web", 1, &["data"]);
    set.spec.persistent_volume_claim_retention_policy =
        Some(StatefulSetPersistentVolumeClaimRetentionPolicy {
            when_scaled: Some("Delete".into()),
            when_deleted: Some("Retain".into()),
        });
    let c = claim("data", "web", 1);
    let pv = pv_for(&c, "Retain");
    let pvs: HashMap<String, &PersistentVolume> = [("pv-data-web-1".to_string(), &pv)].into();
    let Verdict::Orphan(o) = classify(&c, &[&set], &[], Some(&pvs)) else {
        panic!("not an orphan")
    };
    assert_eq!(o.reason, Reason::ScaledDown);
    assert_eq!(o.requested.as_deref(), Some("1Gi"));
    assert_eq!(o.volume_name.as_deref(), Some("pv-data-web-1"));
    assert_eq!(o.pv_reclaim_policy.as_deref(), Some("Retain"));
    assert!(o.on_delete.starts_with("Retain: the PV is kept"));
    assert_eq!(o.retention_policy.as_deref(), Some("whenScaled: Delete"));
    assert_eq!(o.retention_would_delete, Some(true));
    assert_eq!(o.live_range.as_deref(), Some("0..0"));
    let pv = pv_for(&c, "Delete");
    let pvs: HashMap<String, &PersistentVolume> = [("pv-data-web-1".to_string(), &pv)].into();
    let Verdict::Orphan(o) = classify(&c, &[&set], &[], Some(&pvs)) else {
        panic!()
    };
    assert_eq!(o.on_delete, "Delete: deleting the PVC destroys the data");
}

#[test]
fn recheck_skips_when_the_evidence_or_the_data_risk_changed() {
    let set = sts("web", 1, &["data"]);
    let c = claim("data", "web", 1);
    let of = |policy: &str| {
        let pv = pv_for(&c, policy);
        let pvs: HashMap<String, &PersistentVolume> = [("pv-data-web-1".to_string(), &pv)].into();
        classify(&c, &[&set], &[], Some(&pvs))
    };
    let Verdict::Orphan(retain) = of("Retain") else {
        panic!()
    };
    let Verdict::Orphan(delete) = of("Delete") else {
        panic!()
    };
    // Same evidence: go. Data risk lowered: go.
    assert_eq!(recheck(&retain, &of("Retain")), Ok(()));
    assert_eq!(recheck(&delete, &of("Retain")), Ok(()));
    assert_eq!(recheck(&delete, &of("Delete")), Ok(()));
    // Retain when confirmed, Delete now: skipped, saying why.
    let e = recheck(&retain, &of("Delete")).unwrap_err();
    assert!(
        e.contains("pv-data-web-1 now has reclaimPolicy Delete (listed with Retain)"),
        "{e}"
    );
    // Listed without PVs (unknown policy), Delete now: skipped too.
    let Verdict::Orphan(unknown) = verdict(std::slice::from_ref(&set), &c, &[]) else {
        panic!()
    };
    assert!(recheck(&unknown, &of("Delete")).is_err());
    // Another volume, a pod, the set scaled back up: skipped.
    let mut moved = (*retain).clone();
    moved.volume_name = Some("pv-other".into());
    assert!(
        recheck(&moved, &of("Retain"))
            .unwrap_err()
            .contains("pv-data-web-1")
    );
    let used = verdict(
        std::slice::from_ref(&set),
        &c,
        &[pod_using("r", "Pending", &["data-web-1"])],
    );
    assert_eq!(
        recheck(&retain, &used).unwrap_err(),
        "referenced by pod r (Pending)"
    );
    assert!(recheck(&retain, &verdict(&[sts("web", 2, &["data"])], &c, &[])).is_err());
}

#[test]
fn default_retention_would_not_have_deleted() {
    let set = sts("web", 1, &["data"]);
    let Verdict::Orphan(o) = verdict(&[set], &claim("data", "web", 3), &[]) else {
        panic!()
    };
    assert_eq!(o.retention_would_delete, Some(false));
    assert_eq!(o.retention_policy.as_deref(), Some("whenScaled: Retain"));
    assert!(o.on_delete.contains("unknown"));
}

#[test]
fn ordinals_start_shifts_the_live_range() {
    let set = with_start(sts("web", 2, &["data"]), 3);
    let pvcs: Vec<_> = (0..7).map(|o| claim("data", "web", o)).collect();
    // live: 3, 4; below start and above the range are orphans.
    assert_eq!(
        names(&[set], &pvcs, &[]),
        [
            "data-web-0",
            "data-web-1",
            "data-web-2",
            "data-web-5",
            "data-web-6"
        ]
    );
}

#[test]
fn scaled_to_zero_every_claim_is_an_orphan() {
    let set = sts("web", 0, &["data"]);
    let Verdict::Orphan(o) = verdict(&[set], &claim("data", "web", 0), &[]) else {
        panic!()
    };
    assert_eq!(o.live_range.as_deref(), Some("(empty: 0 replicas)"));
}

#[test]
fn referenced_by_a_pod_in_any_phase_is_kept() {
    let set = sts("web", 1, &["data"]);
    let c = claim("data", "web", 2);
    for phase in ["Pending", "Running", "Succeeded", "Failed", "Unknown"] {
        let p = pod_using("other", phase, &["data-web-2"]);
        assert_eq!(
            verdict(std::slice::from_ref(&set), &c, &[p]),
            Verdict::Keep(format!("referenced by pod other ({phase})"))
        );
    }
    // A pod using another claim does not protect it.
    let p = pod_using("other", "Running", &["data-web-1"]);
    assert!(matches!(verdict(&[set], &c, &[p]), Verdict::Orphan(_)));
}

#[test]
fn terminating_is_kept() {
    let set = sts("web", 1, &["data"]);
    let c = terminating(claim("data", "web", 2));
    assert_eq!(
        verdict(&[set], &c, &[]),
        Verdict::Keep("already terminating".into())
    );
}

#[test]
fn live_ordinal_is_never_an_orphan_even_without_a_pod() {
    let set = sts("web", 3, &["data"]);
    assert!(matches!(
        verdict(&[set], &claim("data", "web", 1), &[]),
        Verdict::Keep(_)
    ));
}

#[test]
fn missing_selector_labels_is_not_a_claim() {
    let set = sts("web", 1, &["data"]);
    let mut c = claim("data", "web", 4);
    c.metadata.labels = None;
    assert_eq!(verdict(&[set], &c, &[]), Verdict::NotClaim);
}

#[test]
fn other_owner_is_kept() {
    let set = sts("web", 1, &["data"]);
    let mut c = claim("data", "web", 4);
    c.metadata.owner_references = Some(vec![OwnerReference {
        kind: "Database".into(),
        name: "pg".into(),
        ..Default::default()
    }]);
    assert_eq!(
        verdict(&[set], &c, &[]),
        Verdict::Keep("owned by Database pg".into())
    );
}

#[test]
fn names_that_do_not_fit_the_pattern_are_ignored() {
    let set = sts("web", 1, &["data"]);
    for n in [
        "data-web-01",
        "data-web-x",
        "data-web",
        "web-3",
        "datax-web-3",
    ] {
        let mut c = claim("data", "web", 9);
        c.metadata.name = Some(n.into());
        assert_eq!(
            verdict(std::slice::from_ref(&set), &c, &[]),
            Verdict::NotClaim,
            "{n}"
        );
    }
}

#[test]
fn set_name_that_prefixes_another() {
    // "web" (1 replica) and "web-0" (2 replicas): data-web-0-1 is live
    // ordinal 1 of web-0, not a claim of web.
    let web = sts("web", 1, &["data"]);
    let web0 = sts("web-0", 2, &["data"]);
    let pvcs = vec![
        claim("data", "web", 0),
        claim("data", "web", 1),
        claim("data", "web-0", 0),
        claim("data", "web-0", 1),
        claim("data", "web-0", 2),
    ];
    assert_eq!(
        names(&[web, web0], &pvcs, &[]),
        ["data-web-1", "data-web-0-2"]
    );
}

#[test]
fn claim_matching_two_sets_is_an_orphan_only_outside_both_ranges() {
    // "data-web-x-2" is template "data" of "web-x" and template "data-web" of "x".
    let a = sts("web-x", 1, &["data"]);
    let mut b = sts("x", 3, &["data-web"]);
    b.spec.selector.match_labels = labels(&[("app", "web-x")]);
    let c = claim("data", "web-x", 2);
    assert!(matches!(
        verdict(&[a.clone(), b], &c, &[]),
        Verdict::Keep(ref m) if m.contains("statefulset x")
    ));
    let mut b = sts("x", 1, &["data-web"]);
    b.spec.selector.match_labels = labels(&[("app", "web-x")]);
    assert!(matches!(verdict(&[a, b], &c, &[]), Verdict::Orphan(_)));
}

#[test]
fn names_with_dashes() {
    let set = sts("my-db", 1, &["pg-data", "wal"]);
    let pvcs = vec![
        claim("pg-data", "my-db", 0),
        claim("pg-data", "my-db", 1),
        claim("wal", "my-db", 1),
    ];
    assert_eq!(
        names(&[set], &pvcs, &[]),
        ["pg-data-my-db-1", "wal-my-db-1"]
    );
}

#[test]
fn deleted_set_by_name_and_label() {
    let other = sts("api", 1, &["data"]);
    let c = claim("pg-data", "my-db", 2);
    let Verdict::Orphan(o) = verdict(&[other], &c, &[]) else {
        panic!()
    };
    assert_eq!(o.reason, Reason::StatefulsetDeleted);
    assert_eq!(
        (o.template.as_str(), o.stateful_set.as_str()),
        ("pg-data", "my-db")
    );
    assert_eq!(o.ordinal, 2);
    assert_eq!(o.retention_would_delete, None);
    assert!(o.evidence.iter().any(|e| e.contains("label app=my-db")));
}

#[test]
fn deleted_set_needs_label_or_owner_evidence() {
    let mut c = claim("data", "web", 0);
    c.metadata.labels = labels(&[("tier", "db")]);
    assert_eq!(verdict(&[], &c, &[]), Verdict::NotClaim);
    c.metadata.owner_references = Some(vec![OwnerReference {
        kind: "StatefulSet".into(),
        name: "web".into(),
        ..Default::default()
    }]);
    let Verdict::Orphan(o) = verdict(&[], &c, &[]) else {
        panic!()
    };
    assert_eq!(o.stateful_set, "web");
}

#[test]
fn deleted_set_claim_still_used_is_kept() {
    let c = claim("data", "web", 0);
    let p = pod_using("web-0", "Running", &["data-web-0"]);
    assert!(matches!(verdict(&[], &c, &[p]), Verdict::Keep(_)));
}

#[test]
fn deleted_pattern_matching_a_live_set_name_is_not_claimed() {
    // "data-web-3": set "web" exists but has no template "data".
    let set = sts("web", 1, &["logs"]);
    assert_eq!(
        verdict(&[set], &claim("data", "web", 3), &[]),
        Verdict::NotClaim
    );
}

#[test]
fn only_set_filter() {
    let a = sts("a", 1, &["data"]);
    let b = sts("b", 1, &["data"]);
    let pvcs = vec![claim("data", "a", 1), claim("data", "b", 1)];
    let w = World {
        sets: &[a, b],
        pods: &[],
        pvs: None,
    };
    let got: Vec<_> = find(&pvcs, &w, Some("b"))
        .into_iter()
        .map(|o| o.name)
        .collect();
    assert_eq!(got, ["data-b-1"]);
}

#[test]
fn other_namespaces_do_not_count() {
    let set = sts("web", 1, &["data"]);
    let mut c = claim("data", "web", 0);
    c.metadata.namespace = Some("elsewhere".into());
    // In "elsewhere" there is no set "web": a deleted-set orphan there.
    let w = World {
        sets: &[set],
        pods: &[],
        pvs: None,
    };
    let got = find(&[c], &w, None);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].reason, Reason::StatefulsetDeleted);
}

#[test]
fn splits() {
    assert_eq!(
        name_splits("data-web-x-2"),
        [("data", "web-x", 2), ("data-web", "x", 2)]
    );
    assert!(name_splits("web-2").is_empty());
    assert!(name_splits("a-b-02").is_empty());
    assert!(name_splits("-b-2").is_empty());
}

#[test]
fn a_claim_marked_by_a_resize_in_flight_is_kept() {
    // The set is deleted for a resize and the pod of ordinal 1 is gone
    // meanwhile: without the mark the claim looks like an orphan.
    let mut c = claim("data", "web", 1);
    assert!(matches!(verdict(&[], &c, &[]), Verdict::Orphan(_)));
    let mark = r#"{"statefulSet":"web","started":"2026-11-30T01:00:00Z","resume":"kubectl sts pvc resize web -n shop --size 2Gi"}"#;
    c.metadata.annotations = labels(&[(crate::plan::resize::record::PENDING_ANNOTATION, mark)]);
    match verdict(&[], &c, &[]) {
        Verdict::Keep(why) => assert!(
            why.contains("resize or restore of statefulset web")
                && why.contains("kubectl sts pvc resize web -n shop --size 2Gi"),
            "{why}"
        ),
        v => panic!("{v:?}"),
    }
}

/// A live set selecting `app=<selects>` with claim templates `templates`.
fn live(name: &str, selects: &str, templates: &[&str]) -> StatefulSet {
    let mut s = sts(name, 3, templates);
    s.spec.selector.match_labels = labels(&[("app", selects)]);
    s
}

#[test]
fn claims_of_a_deleted_set_that_a_live_set_may_own_are_possible_renames() {
    let c = claim("data", "web", 0);
    // (live sets, expected live set and message, or None: a plain orphan)
    type Case = (Vec<StatefulSet>, Option<(&'static str, &'static str)>);
    let cases: Vec<Case> = vec![
        // The rename: same selector, same template.
        (
            vec![live("web-v2", "web", &["data"])],
            Some((
                "web-v2",
                "a live StatefulSet web-v2 selects these labels (app=web): renamed?",
            )),
        ),
        // Same selector, another template name.
        (
            vec![live("web-v2", "web", &["pgdata"])],
            Some((
                "web-v2",
                "a live StatefulSet web-v2 selects these labels (app=web): renamed?",
            )),
        ),
        // Another selector, the same template name.
        (
            vec![live("db", "db", &["data"])],
            Some((
                "db",
                "a live StatefulSet db has a claim template named \"data\" too: renamed?",
            )),
        ),
        // The selector wins over the template when both exist.
        (
            vec![live("db", "db", &["data"]), live("web-v2", "web", &["x"])],
            Some((
                "web-v2",
                "a live StatefulSet web-v2 selects these labels (app=web): renamed?",
            )),
        ),
        // Nothing in common: a plain orphan.
        (vec![live("db", "db", &["pgdata"])], None),
        (vec![], None),
    ];
    for (i, (sets, want)) in cases.into_iter().enumerate() {
        let Verdict::Orphan(o) = verdict(&sets, &c, &[]) else {
            panic!("case {i}: not an orphan")
        };
        assert_eq!(o.reason, Reason::StatefulsetDeleted, "case {i}");
        match want {
            None => assert_eq!(o.possible_rename, None, "case {i}"),
            Some((set, msg)) => {
                let r = o.possible_rename.as_ref().expect("a possible rename");
                assert_eq!(r.live_stateful_set, set, "case {i}");
                assert_eq!(r.message, msg, "case {i}");
                assert_eq!(r.target_claim, format!("data-{set}-0"), "case {i}");
            }
        }
    }
}

#[test]
fn a_possible_rename_says_how_to_move_the_data() {
    let c = claim("data", "web", 1);
    let pv = pv_for(&c, "Delete");
    let pvs: HashMap<String, &PersistentVolume> = [("pv-data-web-1".to_string(), &pv)].into();
    let v2 = live("web-v2", "web", &["data"]);
    let Verdict::Orphan(o) = classify(&c, &[&v2], &[], Some(&pvs)) else {
        panic!()
    };
    let steps: Vec<&str> = o
        .possible_rename
        .as_ref()
        .unwrap()
        .migration
        .iter()
        .map(String::as_str)
        .filter(|s| !s.starts_with('#'))
        .collect();
    assert_eq!(
        steps,
        [
            "kubectl patch pv pv-data-web-1 -p '{\"spec\":{\"persistentVolumeReclaimPolicy\":\"Retain\"}}'",
            "kubectl scale statefulset web-v2 -n shop --replicas=1",
            "kubectl delete pvc data-web-1 -n shop",
            "kubectl delete pvc data-web-v2-1 -n shop",
            "kubectl patch pv pv-data-web-1 -p '{\"spec\":{\"claimRef\":{\"namespace\":\"shop\",\"name\":\"data-web-v2-1\",\"uid\":null,\"resourceVersion\":null}}}'",
            "kubectl scale statefulset web-v2 -n shop --replicas=3",
        ]
    );
    // No volume bound: nothing to move.
    let pending = {
        let mut p = c.clone();
        p.spec.as_mut().unwrap().volume_name = None;
        p
    };
    let Verdict::Orphan(o) = verdict(std::slice::from_ref(&v2), &pending, &[]) else {
        panic!()
    };
    assert!(o.possible_rename.unwrap().migration[0].contains("no data to move"));
}

#[test]
fn delete_leaves_possible_renames_alone_unless_named() {
    let plain = match verdict(&[], &claim("data", "gone", 0), &[]) {
        Verdict::Orphan(o) => *o,
        v => panic!("{v:?}"),
    };
    let renamed = match verdict(
        &[live("web-v2", "web", &["data"])],
        &claim("data", "web", 0),
        &[],
    ) {
        Verdict::Orphan(o) => *o,
        v => panic!("{v:?}"),
    };
    let list = vec![plain.clone(), renamed.clone()];
    let names = |v: &[&Orphan]| v.iter().map(|o| o.name.clone()).collect::<Vec<_>>();

    // No names: the plain orphan goes, the possible rename is held back.
    let (go, held) = select(&list, &[], "shop").unwrap();
    assert_eq!(names(&go), ["data-gone-0"]);
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].0.name, "data-web-0");
    assert!(held[0].1.contains("renamed?"), "{}", held[0].1);
    assert!(
        held[0].1.contains("--delete --claim data-web-0"),
        "{}",
        held[0].1
    );
    // Named: exactly those, the possible rename included.
    let (go, held) = select(&list, &["data-web-0".into()], "shop").unwrap();
    assert_eq!(names(&go), ["data-web-0"]);
    assert!(held.is_empty());
    // A name that is no orphan: refused, nothing goes.
    let e = select(
        &list,
        &["data-web-0".into(), "data-web-v2-0".into()],
        "shop",
    )
    .unwrap_err();
    assert!(
        e.starts_with("data-web-v2-0 is not among the orphaned PVCs found in namespace shop")
            && e.contains("kubectl sts pvc orphans -n shop"),
        "{e}"
    );
    // A rename that appeared after listing: the re-check skips the delete.
    let now_renamed = Verdict::Orphan(Box::new(Orphan {
        possible_rename: renamed.possible_rename.clone(),
        ..plain.clone()
    }));
    let e = recheck(&plain, &now_renamed).unwrap_err();
    assert!(
        e.starts_with("evidence changed: a live StatefulSet web-v2"),
        "{e}"
    );
    // Listed (and named) as a possible rename: the re-check lets it go.
    assert_eq!(
        recheck(&renamed, &Verdict::Orphan(Box::new(renamed.clone()))),
        Ok(())
    );
}
