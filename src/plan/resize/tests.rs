use super::*;
use crate::plan::fixtures::*;
use k8s_openapi::api::core::v1::PersistentVolumeClaimCondition;

fn classes() -> BTreeMap<String, ClassInfo> {
    [
        (
            "standard".to_string(),
            ClassInfo {
                allow_expansion: true,
            },
        ),
        (
            "no-expand".to_string(),
            ClassInfo {
                allow_expansion: false,
            },
        ),
    ]
    .into()
}

fn world(
    replicas: i32,
    templates: &[&str],
    size: &str,
) -> (StatefulSet, Vec<PersistentVolumeClaim>) {
    let set = sts("web", replicas, templates);
    let pvcs = (0..replicas + 1)
        .flat_map(|o| templates.iter().map(move |t| pvc(t, "web", o, size)))
        .collect();
    (set, pvcs)
}

#[test]
fn grows_every_live_claim_in_ordinal_order() {
    let (set, pvcs) = world(3, &["data", "logs"], "1Gi");
    let p = plan(&set, &pvcs, &classes(), None, "2Gi", None).unwrap();
    let names: Vec<_> = p.patches().map(|c| c.claim.as_str()).collect();
    assert_eq!(
        names,
        [
            "data-web-0",
            "logs-web-0",
            "data-web-1",
            "logs-web-1",
            "data-web-2",
            "logs-web-2"
        ]
    );
    assert_eq!(p.templates.len(), 2);
    assert_eq!(p.templates[0].from, "1Gi");
    assert!(p.notes[0].contains("data-web-3"), "{:?}", p.notes);
}

#[test]
fn units_compare_exactly() {
    let (set, pvcs) = world(1, &["data"], "1Gi");
    // 1024Mi == 1Gi: nothing to patch; 1.5Gi grows; 1G (10^9) < 1Gi shrinks.
    let p = plan(&set, &pvcs, &classes(), None, "1024Mi", None).unwrap();
    assert!(p.nothing_to_do(), "{p:?}");
    let p = plan(&set, &pvcs, &classes(), None, "1.5Gi", None).unwrap();
    assert_eq!(p.patches().count(), 1);
    let e = plan(&set, &pvcs, &classes(), None, "1G", None).unwrap_err();
    assert!(e.iter().any(|e| e.contains("shrink")), "{e:?}");
}

#[test]
fn shrink_is_refused() {
    let (set, pvcs) = world(2, &["data"], "5Gi");
    let e = plan(&set, &pvcs, &classes(), None, "2Gi", None).unwrap_err();
    assert!(
        e.iter()
            .any(|e| e.contains("PVC data-web-0 requests 5Gi; 2Gi would shrink it")),
        "{e:?}"
    );
}

#[test]
fn bad_quantity_is_refused() {
    let (set, pvcs) = world(1, &["data"], "1Gi");
    for q in ["2 GB", "abc", "0", "-1Gi"] {
        assert!(plan(&set, &pvcs, &classes(), None, q, None).is_err(), "{q}");
    }
}

#[test]
fn storage_class_must_exist_and_allow_expansion() {
    let (set, mut pvcs) = world(1, &["data"], "1Gi");
    pvcs[0].spec.as_mut().unwrap().storage_class_name = Some("no-expand".into());
    let e = plan(&set, &pvcs, &classes(), None, "2Gi", None).unwrap_err();
    assert!(e[0].contains("does not allow volume expansion"), "{e:?}");
    pvcs[0].spec.as_mut().unwrap().storage_class_name = Some("gone".into());
    let e = plan(&set, &pvcs, &classes(), None, "2Gi", None).unwrap_err();
    assert!(
        e[0].contains("StorageClass \"gone\"") && e[0].contains("does not exist"),
        "{e:?}"
    );
    pvcs[0].spec.as_mut().unwrap().storage_class_name = None;
    assert!(plan(&set, &pvcs, &classes(), Some("standard"), "2Gi", None).is_ok());
}

#[test]
fn already_resizing_is_refused() {
    let (set, mut pvcs) = world(1, &["data"], "1Gi");
    pvcs[0].status.as_mut().unwrap().conditions = Some(vec![PersistentVolumeClaimCondition {
        type_: "Resizing".into(),
        status: "True".into(),
        ..Default::default()
    }]);
    let e = plan(&set, &pvcs, &classes(), None, "2Gi", None).unwrap_err();
    assert!(e[0].contains("already resizing to 1Gi"), "{e:?}");
}

#[test]
fn terminating_claim_is_refused_by_name_and_namespace() {
    let (set, mut pvcs) = world(2, &["data"], "1Gi");
    pvcs[1] = terminating(pvcs[1].clone());
    let e = plan(&set, &pvcs, &classes(), None, "2Gi", None).unwrap_err();
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].contains("PVC data-web-1 in namespace")
            && e[0].contains("being deleted")
            && e[0].contains("pod web-1 must not be restarted"),
        "{e:?}"
    );
    // Also when the claim is already at the size: its pod may still be
    // restarted by --restart-pods.
    let (set, mut pvcs) = world(2, &["data"], "2Gi");
    pvcs[0] = terminating(pvcs[0].clone());
    let e = plan(&set, &pvcs, &classes(), None, "2Gi", None).unwrap_err();
    assert!(e[0].contains("PVC data-web-0"), "{e:?}");
}

#[test]
fn missing_claim_and_unknown_template_are_refused() {
    let (set, pvcs) = world(2, &["data"], "1Gi");
    let e = plan(&set, &pvcs[1..], &classes(), None, "2Gi", None).unwrap_err();
    assert!(
        e[0].contains("PVC data-web-0") && e[0].contains("does not exist"),
        "{e:?}"
    );
    let e = plan(&set, &pvcs, &classes(), None, "2Gi", Some("logs")).unwrap_err();
    assert!(e[0].contains("no claim template \"logs\""), "{e:?}");
}

#[test]
fn one_template_only() {
    let (set, pvcs) = world(2, &["data", "logs"], "1Gi");
    let p = plan(&set, &pvcs, &classes(), None, "3Gi", Some("logs")).unwrap();
    assert!(p.patches().all(|c| c.template == "logs"));
    assert_eq!(p.templates.len(), 1);
}

#[test]
fn resumes_claims_already_grown() {
    let (set, mut pvcs) = world(2, &["data"], "1Gi");
    pvcs[0] = pvc("data", "web", 0, "2Gi");
    let p = plan(&set, &pvcs, &classes(), None, "2Gi", None).unwrap();
    let acts: Vec<_> = p.claims.iter().map(|c| c.action.as_str()).collect();
    assert_eq!(acts, ["none", "patch"]);
}

#[test]
fn progress_states() {
    let mut c = pvc("data", "web", 0, "1Gi");
    c.spec
        .as_mut()
        .unwrap()
        .resources
        .as_mut()
        .unwrap()
        .requests = Some([("storage".to_string(), Quantity("2Gi".into()))].into());
    assert!(matches!(progress(&c, "2Gi"), Progress::Waiting(_)));
    c.status.as_mut().unwrap().conditions = Some(vec![PersistentVolumeClaimCondition {
        type_: "FileSystemResizePending".into(),
        status: "True".into(),
        ..Default::default()
    }]);
    assert_eq!(progress(&c, "2Gi"), Progress::NeedsRestart);
    c.status.as_mut().unwrap().conditions = None;
    c.status.as_mut().unwrap().capacity =
        Some([("storage".to_string(), Quantity("2Gi".into()))].into());
    assert_eq!(progress(&c, "2Gi"), Progress::Done);
}

#[test]
fn recreated_manifest_keeps_spec_and_strips_server_fields() {
    let mut set = sts("web", 3, &["data", "logs"]);
    set.metadata.resource_version = Some("42".into());
    set.metadata.annotations = labels(&[("team", "db")]);
    let changes = vec![TemplateChange {
        template: "logs".into(),
        from: "1Gi".into(),
        to: "4Gi".into(),
    }];
    let r = recreated(&set, &changes);
    assert_eq!(r.metadata.uid, None);
    assert_eq!(r.metadata.resource_version, None);
    assert_eq!(r.metadata.generation, None);
    assert!(r.status.is_none());
    assert_eq!(r.metadata.annotations, set.metadata.annotations);
    assert_eq!(r.metadata.name, set.metadata.name);
    assert_eq!(r.spec.replicas, Some(3));
    let size = |i: usize| {
        r.spec.volume_claim_templates.as_ref().unwrap()[i]
            .spec
            .as_ref()
            .unwrap()
            .resources
            .as_ref()
            .unwrap()
            .requests
            .as_ref()
            .unwrap()["storage"]
            .0
            .clone()
    };
    assert_eq!((size(0), size(1)), ("1Gi".to_string(), "4Gi".to_string()));
}

#[test]
fn adoption() {
    let old = sts("web", 2, &["data"]);
    let p0 = pod(&old, 0, REV_A);
    let p1 = pod(&old, 1, REV_A);
    let before: BTreeMap<String, String> = [&p0, &p1]
        .iter()
        .map(|p| {
            (
                p.metadata.name.clone().unwrap(),
                p.metadata.uid.clone().unwrap(),
            )
        })
        .collect();
    assert_eq!(adoption_pending(&before, &[&p0, &p1], "uid-web").len(), 0);
    let pending = adoption_pending(&before, &[&p0], "new-uid");
    assert_eq!(pending, ["web-0 not adopted yet", "web-1 is gone"]);
}

fn cond(type_: &str, message: &str) -> PersistentVolumeClaimCondition {
    PersistentVolumeClaimCondition {
        type_: type_.into(),
        status: "True".into(),
        message: Some(message.into()),
        ..Default::default()
    }
}

/// A claim requesting `req` with capacity `cap`, in the state `state`:
/// "", "Resizing", "FileSystemResizePending", "Retrying", "Infeasible".
fn claim(req: &str, cap: &str, state: &str) -> PersistentVolumeClaim {
    let mut c = pvc("data", "web", 0, cap);
    c.spec
        .as_mut()
        .unwrap()
        .resources
        .as_mut()
        .unwrap()
        .requests = Some([("storage".to_string(), Quantity(req.into()))].into());
    let st = c.status.as_mut().unwrap();
    match state {
        "" => {}
        "Infeasible" => {
            st.allocated_resources = Some([("storage".to_string(), Quantity(req.into()))].into());
            st.allocated_resource_statuses = Some(
                [(
                    "storage".to_string(),
                    "ControllerResizeInfeasible".to_string(),
                )]
                .into(),
            );
            st.conditions = Some(vec![cond("ControllerResizeError", "no space left in pool")]);
        }
        "Retrying" => {
            st.conditions = Some(vec![cond("ControllerResizeError", "backend timeout")]);
        }
        t => st.conditions = Some(vec![cond(t, "")]),
    }
    c
}

#[test]
fn claim_resize_reads_conditions_and_allocated_statuses() {
    assert_eq!(claim_resize(&claim("1Gi", "1Gi", "")), ClaimResize::Idle);
    assert_eq!(
        claim_resize(&claim("2Gi", "1Gi", "")),
        ClaimResize::Requested
    );
    assert_eq!(
        claim_resize(&claim("2Gi", "1Gi", "Resizing")),
        ClaimResize::Resizing
    );
    assert_eq!(
        claim_resize(&claim("2Gi", "1Gi", "FileSystemResizePending")),
        ClaimResize::FileSystemResizePending
    );
    assert_eq!(
        claim_resize(&claim("5Gi", "1Gi", "Infeasible")),
        ClaimResize::Infeasible {
            message: "no space left in pool".into()
        }
    );
    assert_eq!(
        claim_resize(&claim("5Gi", "1Gi", "Retrying")),
        ClaimResize::Retrying {
            message: "backend timeout".into()
        }
    );
    // An infeasible status without a condition still says why.
    let mut c = claim("5Gi", "1Gi", "Infeasible");
    c.status.as_mut().unwrap().conditions = None;
    assert_eq!(
        claim_resize(&c),
        ClaimResize::Infeasible {
            message: "the resizer marked it ControllerResizeInfeasible".into()
        }
    );
}

/// One row: request, capacity, state, --size, the action or a piece of
/// the refusal.
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Result<Action, &'static str>,
);

#[test]
fn decide_claim_table() {
    let rows: &[Row] = &[
        ("1Gi", "1Gi", "", "2Gi", Ok(Action::Grow)),
        ("1Gi", "1Gi", "", "1Gi", Ok(Action::None)),
        ("2Gi", "1Gi", "", "1Gi", Err("would shrink it")),
        (
            "2Gi",
            "1Gi",
            "FileSystemResizePending",
            "2Gi",
            Ok(Action::Restart),
        ),
        (
            "2Gi",
            "1Gi",
            "FileSystemResizePending",
            "3Gi",
            Err("--restart-pods"),
        ),
        ("2Gi", "1Gi", "Resizing", "2Gi", Ok(Action::Wait)),
        ("2Gi", "1Gi", "", "2Gi", Ok(Action::Wait)),
        (
            "2Gi",
            "1Gi",
            "Resizing",
            "3Gi",
            Err("already resizing to 2Gi"),
        ),
        // A failed request: lower it to anything strictly above capacity.
        ("5Gi", "1Gi", "Infeasible", "3Gi", Ok(Action::Lower)),
        ("5Gi", "1Gi", "Infeasible", "1025Mi", Ok(Action::Lower)),
        ("5Gi", "1Gi", "Retrying", "3Gi", Ok(Action::Lower)),
        (
            "5Gi",
            "1Gi",
            "Infeasible",
            "1Gi",
            Err("strictly above its capacity 1Gi"),
        ),
        (
            "5Gi",
            "1Gi",
            "Infeasible",
            "1024Mi",
            Err("strictly above its capacity 1Gi"),
        ),
        ("5Gi", "1Gi", "Infeasible", "512Mi", Err("less than 5Gi")),
        // The same or a larger size: the way out, never "wait".
        (
            "5Gi",
            "1Gi",
            "Infeasible",
            "5Gi",
            Err("no space left in pool"),
        ),
        ("5Gi", "1Gi", "Infeasible", "8Gi", Err("fails the same way")),
        ("5Gi", "1Gi", "Retrying", "5Gi", Err("resizer retries it")),
    ];
    for (req, cap, state, size, want) in rows {
        let c = claim(req, cap, state);
        let f = ClaimFacts {
            claim: "data-web-0",
            pod: "web-0",
            set: "web",
            ns: "shop",
            requested: req,
            capacity: Some(cap),
            state: claim_resize(&c),
        };
        let got = decide_claim(&f, size);
        let row = format!("{req} cap {cap} {state:?} --size {size}");
        match (want, &got) {
            (Ok(a), Ok(g)) => assert_eq!(a, g, "{row}"),
            (Err(piece), Err(e)) => {
                assert!(e.contains(piece), "{row}: {e}");
                if *state == "Infeasible" {
                    assert!(!e.to_lowercase().contains("wait"), "{row}: {e}");
                }
            }
            _ => panic!("{row}: got {got:?}, want {want:?}"),
        }
    }
}

#[test]
fn plan_lowers_a_failed_request_and_finishes_unfinished_claims() {
    let set = sts("web", 2, &["data"]);
    let pvcs = vec![
        {
            let mut c = claim("5Gi", "1Gi", "Infeasible");
            c.metadata.name = Some("data-web-0".into());
            c
        },
        pvc("data", "web", 1, "1Gi"),
    ];
    let p = plan(&set, &pvcs, &classes(), None, "3Gi", None).unwrap();
    let acts: Vec<_> = p.claims.iter().map(|c| c.action.as_str()).collect();
    assert_eq!(acts, ["lower", "patch"]);
    assert_eq!(p.patches().count(), 2);

    // Already at the size, file system waiting: not "nothing to do".
    let mut c0 = claim("2Gi", "1Gi", "FileSystemResizePending");
    c0.metadata.name = Some("data-web-0".into());
    let mut set2 = sts("web", 1, &["data"]);
    set2.spec.volume_claim_templates.as_mut().unwrap()[0]
        .spec
        .as_mut()
        .unwrap()
        .resources
        .as_mut()
        .unwrap()
        .requests = Some([("storage".to_string(), Quantity("2Gi".into()))].into());
    let p = plan(&set2, &[c0], &classes(), None, "2Gi", None).unwrap();
    assert!(!p.nothing_to_do(), "{p:?}");
    assert_eq!(p.unfinished().count(), 1);
    assert_eq!(p.claims[0].action, "restart");
}

#[test]
fn a_set_with_a_controller_owner_is_not_recreated() {
    let (mut set, pvcs) = world(1, &["data"], "1Gi");
    set.metadata.owner_references = Some(vec![
        k8s_openapi::apimachinery::pkg::apis::meta::v1::OwnerReference {
            api_version: "example.com/v1".into(),
            kind: "Database".into(),
            name: "db".into(),
            uid: "u".into(),
            controller: Some(true),
            ..Default::default()
        },
    ]);
    let e = plan(&set, &pvcs, &classes(), None, "2Gi", None).unwrap_err();
    assert!(e[0].contains("controlled by Database db"), "{e:?}");
}

#[test]
fn progress_ignores_the_old_failure_after_a_request_is_lowered() {
    // Lowered to 3Gi; the resizer has not picked it up: the old error
    // (about 5Gi, still allocated) is not this resize's failure.
    let mut c = claim("3Gi", "1Gi", "Infeasible");
    c.status.as_mut().unwrap().allocated_resources =
        Some([("storage".to_string(), Quantity("5Gi".into()))].into());
    assert!(matches!(progress(&c, "3Gi"), Progress::Waiting(_)));
    // Failed at this very size: a failure.
    let c = claim("3Gi", "1Gi", "Infeasible");
    assert_eq!(
        progress(&c, "3Gi"),
        Progress::Failed("no space left in pool".into())
    );
}
