//! Status report tests for what lies beside the pods: claim and volume
//! states, resizes and failed expansions, Released volumes of the set's
//! claims, operation Leases and records.

use super::*;

#[test]
fn resize_states() {
    let mut w = World::healthy(sts("web", 3, &["data"]));
    // 0: requested more than capacity, nothing started yet.
    w.pvcs[0]
        .spec
        .as_mut()
        .unwrap()
        .resources
        .as_mut()
        .unwrap()
        .requests = Some([("storage".to_string(), Quantity("2Gi".into()))].into());
    // 1: expanded, waiting for the pod to restart.
    w.pvcs[1].status.as_mut().unwrap().conditions = Some(vec![
        k8s_openapi::api::core::v1::PersistentVolumeClaimCondition {
            type_: "FileSystemResizePending".into(),
            status: "True".into(),
            ..Default::default()
        },
    ]);
    let r = w.report();
    let s = one(&r);
    assert_eq!(
        s.ordinals[0].volumes[0].resize.as_deref(),
        Some("Requested")
    );
    assert_eq!(
        s.ordinals[1].volumes[0].resize.as_deref(),
        Some("FileSystemResizePending")
    );
    assert_eq!(s.ordinals[2].volumes[0].resize, None);
    let c = codes(s);
    assert!(
        c.contains(&("PvcResizePending", "pvc/data-web-0".into())),
        "{c:?}"
    );
    assert!(
        c.contains(&("PvcResizePending", "pvc/data-web-1".into())),
        "{c:?}"
    );
    assert!(
        c.contains(&("TemplateSmallerThanPvc", "pvc/data-web-0".into())),
        "{c:?}"
    );
    assert!(s.problems.iter().any(|p| p.message.contains("restart")));
}

#[test]
fn missing_pv_flagged_only_when_pvs_were_read() {
    let mut w = World::healthy(sts("web", 1, &["data"]));
    w.pvs = Some(vec![]);
    assert_eq!(
        codes(one(&w.report())),
        vec![("PvMissing", "pvc/data-web-0".into())]
    );

    let mut w = World::healthy(sts("web", 1, &["data"]));
    w.pvs = None;
    let r = w.report();
    assert!(one(&r).problems.is_empty());
    assert_eq!(one(&r).ordinals[0].volumes[0].pv_phase, None);
}

#[test]
fn terminating_claim_names_the_finalizers_that_hold_it() {
    use crate::plan::finalizers::{PVC_PROTECTION, SNAPSHOT_SOURCE};
    // (finalizers, pod web-1 present) -> (in message, not in message, PodMissing explained)
    let cases: [(&[&str], bool, &str, &str); 3] = [
        (
            &[SNAPSHOT_SOURCE],
            false,
            "snapshot controller",
            PVC_PROTECTION,
        ),
        (
            &[PVC_PROTECTION],
            true,
            "pvc-protection controller",
            SNAPSHOT_SOURCE,
        ),
        (
            &[PVC_PROTECTION, SNAPSHOT_SOURCE],
            true,
            "kubectl get volumesnapshot -n shop",
            "no finalizer",
        ),
    ];
    for (fins, pod_present, has, hasnt) in cases {
        let mut w = World::healthy(sts("web", 3, &["data"]));
        for c in w.pvcs.iter_mut() {
            if c.metadata.name.as_deref() == Some("data-web-1") {
                c.metadata.deletion_timestamp = terminating(c.clone()).metadata.deletion_timestamp;
                c.metadata.finalizers = Some(fins.iter().map(|f| f.to_string()).collect());
            }
        }
        if !pod_present {
            w.pods
                .retain(|p| p.metadata.name.as_deref() != Some("web-1"));
        }
        let r = w.report();
        let s = one(&r);
        let p = s
            .problems
            .iter()
            .find(|p| p.code == "PvcTerminating")
            .expect("PvcTerminating");
        assert!(p.message.contains(has), "{fins:?}: {}", p.message);
        assert!(!p.message.contains(hasnt), "{fins:?}: {}", p.message);
        for f in fins {
            assert!(p.message.contains(f), "{}", p.message);
        }
        let vol = &s.ordinals[1].volumes[0];
        assert_eq!(vol.finalizers, fins.to_vec());
        let missing = s.problems.iter().find(|p| p.code == "PodMissing");
        assert_eq!(missing.is_some(), !pod_present);
        if let Some(m) = missing {
            assert!(
                m.message.contains("data-web-1 is being deleted"),
                "{}",
                m.message
            );
            assert!(
                m.message.contains("kubectl sts recover web -n shop"),
                "{}",
                m.message
            );
        }
    }
}

/// In status: a Ready pod with a restart in its past is no problem.

#[test]
fn a_failed_expansion_shows_the_resizer_message_and_the_way_out() {
    let mut w = World::healthy(sts("web", 1, &["data"]));
    w.pvcs[0]
        .spec
        .as_mut()
        .unwrap()
        .resources
        .as_mut()
        .unwrap()
        .requests = Some([("storage".to_string(), Quantity("5Gi".into()))].into());
    let st = w.pvcs[0].status.as_mut().unwrap();
    st.allocated_resource_statuses = Some(
        [(
            "storage".to_string(),
            "ControllerResizeInfeasible".to_string(),
        )]
        .into(),
    );
    st.conditions = Some(vec![
        k8s_openapi::api::core::v1::PersistentVolumeClaimCondition {
            type_: "ControllerResizeError".into(),
            status: "True".into(),
            message: Some("pool has 4Gi free".into()),
            ..Default::default()
        },
    ]);
    let r = w.report();
    let s = one(&r);
    assert_eq!(s.ordinals[0].volumes[0].resize.as_deref(), Some("Failed"));
    let p = s
        .problems
        .iter()
        .find(|p| p.code == "PvcResizePending")
        .unwrap();
    assert!(
        p.message.contains("pool has 4Gi free")
            && p.message.contains("strictly above the capacity 1Gi")
            && p.message
                .contains("kubectl sts pvc resize web -n shop --size"),
        "{}",
        p.message
    );
}

/// A Released PV whose claimRef names ns/claim (the deleted claim's uid).
fn released_pv(name: &str, ns: &str, claim: &str, reclaim: &str) -> PersistentVolume {
    from_json(serde_json::json!({
        "metadata": {"name": name},
        "spec": {
            "persistentVolumeReclaimPolicy": reclaim,
            "storageClassName": "standard",
            "capacity": {"storage": "1Gi"},
            "claimRef": {"namespace": ns, "name": claim, "uid": "uid-old"}
        },
        "status": {"phase": "Released"}
    }))
}

fn from_json<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> T {
    serde_json::from_value(v).unwrap()
}

#[test]
fn released_volumes_are_shown_at_the_ordinal_whose_claim_they_name() {
    // (PV claimRef namespace, claim, phase, replicas) -> (ordinal shown, severity)
    type Case = (
        &'static str,
        &'static str,
        &'static str,
        i32,
        Option<(i32, Severity)>,
    );
    let cases: Vec<Case> = vec![
        // Live ordinal 2 runs on a fresh claim: a warning.
        (
            NS,
            "data-web-2",
            "Released",
            3,
            Some((2, Severity::Warning)),
        ),
        // Ordinal 2 scaled away, its claim deleted: a leftover ordinal, info.
        (NS, "data-web-2", "Released", 2, Some((2, Severity::Info))),
        // Another namespace's claim of the same name: not ours.
        ("other", "data-web-2", "Released", 3, None),
        // Available (already freed for rebinding) or Bound: not old data.
        (NS, "data-web-2", "Available", 3, None),
        (NS, "data-web-2", "Bound", 3, None),
        // Another set's claim.
        (NS, "data-db-2", "Released", 3, None),
    ];
    for (i, (pv_ns, claim, phase, replicas, want)) in cases.into_iter().enumerate() {
        let mut w = World::healthy(sts("web", replicas, &["data"]));
        let mut pv = released_pv("pv-old", pv_ns, claim, "Retain");
        pv.status.as_mut().unwrap().phase = Some(phase.into());
        w.pvs.as_mut().unwrap().push(pv);
        let r = w.report();
        let s = &r.stateful_sets[0];
        let shown: Vec<(i32, &VolumeInfo)> = s
            .ordinals
            .iter()
            .flat_map(|o| o.volumes.iter().map(move |v| (o.ordinal, v)))
            .filter(|(_, v)| !v.previous_volumes.is_empty())
            .collect();
        let problems: Vec<&Problem> = s
            .problems
            .iter()
            .filter(|p| p.code == "PreviousVolumeReleased")
            .collect();
        match want {
            None => {
                assert!(shown.is_empty(), "case {i}: {shown:?}");
                assert!(problems.is_empty(), "case {i}: {problems:?}");
            }
            Some((ord, sev)) => {
                assert_eq!(shown.len(), 1, "case {i}");
                assert_eq!(shown[0].0, ord, "case {i}");
                let p = &shown[0].1.previous_volumes[0];
                assert_eq!(p.name, "pv-old", "case {i}");
                assert_eq!(p.claim_uid.as_deref(), Some("uid-old"), "case {i}");
                assert!(
                    p.rebind
                        .iter()
                        .any(|c| c.contains("kubectl patch pv pv-old")),
                    "case {i}: {:?}",
                    p.rebind
                );
                assert_eq!(problems.len(), 1, "case {i}");
                assert_eq!(problems[0].severity, sev, "case {i}");
                assert_eq!(problems[0].object, "pv/pv-old", "case {i}");
                assert!(
                    problems[0]
                        .message
                        .contains("previous volume, Released, holds data"),
                    "case {i}: {}",
                    problems[0].message
                );
            }
        }
    }
}

#[test]
fn operation_lease_is_shown_with_its_state() {
    use k8s_openapi::api::coordination::v1::Lease;
    let lease = |set: &str, holder: Option<&str>, renewed: &str| -> Lease {
        from_json(serde_json::json!({
            "metadata": {
                "name": format!("kubectl-sts-{set}"),
                "namespace": NS,
                "annotations": {
                    "kubectl-sts.io/operation": "restart",
                    "kubectl-sts.io/started-at": "2026-11-29T09:00:00Z"
                }
            },
            "spec": {
                "holderIdentity": holder,
                "leaseDurationSeconds": 30,
                "renewTime": renewed
            }
        }))
    };
    // now is 10:01:00.
    type Case = (Lease, Option<(bool, &'static str, Severity)>);
    let cases: Vec<Case> = vec![
        (
            lease(
                "web",
                Some("alice@h (pid 1)"),
                "2026-11-29T10:00:45.000000Z",
            ),
            Some((false, "OperationInProgress", Severity::Info)),
        ),
        (
            lease(
                "web",
                Some("alice@h (pid 1)"),
                "2026-11-29T10:00:00.000000Z",
            ),
            Some((true, "OperationAbandoned", Severity::Warning)),
        ),
        // Released (no holder): no operation.
        (lease("web", None, "2026-11-29T10:00:45.000000Z"), None),
        // Another set's Lease.
        (
            lease("db", Some("alice@h (pid 1)"), "2026-11-29T10:00:45.000000Z"),
            None,
        ),
    ];
    for (i, (l, want)) in cases.into_iter().enumerate() {
        let mut w = World::healthy(sts("web", 1, &[]));
        w.leases = vec![l];
        let r = w.report();
        let s = &r.stateful_sets[0];
        match want {
            None => {
                assert_eq!(s.operation, None, "case {i}");
                assert!(s.problems.is_empty(), "case {i}: {:?}", s.problems);
            }
            Some((expired, code, sev)) => {
                let op = s.operation.as_ref().unwrap();
                assert_eq!(op.expired, expired, "case {i}");
                assert_eq!(op.holder, "alice@h (pid 1)", "case {i}");
                assert_eq!(op.started_at.as_deref(), Some("2026-11-29T09:00:00Z"));
                assert_eq!(s.problems.len(), 1, "case {i}");
                assert_eq!(s.problems[0].code, code, "case {i}");
                assert_eq!(s.problems[0].severity, sev, "case {i}");
                assert_eq!(s.problems[0].object, "lease/kubectl-sts-web");
            }
        }
    }
}

#[test]
fn an_interrupted_restart_record_without_an_operation_is_a_warning() {
    let mut set = sts("web", 3, &[]);
    set.metadata.annotations = Some(
        [(
            crate::plan::restart::RESTART_ANNOTATION.to_string(),
            r#"{"startedAt":"2026-11-30T03:35:08Z","done":[{"pod":"web-2","uid":"u2"}],"evicting":{"pod":"web-1","uid":"u1"}}"#
                .to_string(),
        )]
        .into(),
    );
    let r = World::healthy(set).report();
    let s = one(&r);
    let p = s
        .problems
        .iter()
        .find(|p| p.code == "RestartUnfinished")
        .unwrap_or_else(|| panic!("{:#?}", s.problems));
    assert!(
        p.message.contains("started at 2026-11-30T03:35:08Z")
            && p.message.contains("1 pod(s) verified, web-1 evicted")
            && p.message.contains("kubectl sts restart web -n shop --yes"),
        "{}",
        p.message
    );

    // A malformed record is named, never ignored.
    let mut set = sts("web", 3, &[]);
    set.metadata.annotations = Some(
        [(
            crate::plan::restart::RESTART_ANNOTATION.to_string(),
            "not json".to_string(),
        )]
        .into(),
    );
    let r = World::healthy(set).report();
    assert!(
        one(&r)
            .problems
            .iter()
            .any(|p| p.code == "RestartRecordInvalid")
    );
}
