use super::*;
use crate::plan::fixtures::*;
use k8s_openapi::api::policy::v1::{PodDisruptionBudgetSpec, PodDisruptionBudgetStatus};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{
    LabelSelector, LabelSelectorRequirement, ObjectMeta, Time,
};

fn names(p: &Plan) -> Vec<&str> {
    p.steps.iter().map(|s| s.pod.as_str()).collect()
}

fn healthy(n: i32) -> (StatefulSet, Vec<Pod>) {
    let s = sts("web", n, &[]);
    let pods = (0..n).map(|o| pod(&s, o, REV_A)).collect();
    (s, pods)
}

fn created(mut p: Pod, at: &str, uid: &str) -> Pod {
    p.metadata.creation_timestamp = Some(Time(at.parse().unwrap()));
    p.metadata.uid = Some(uid.into());
    p
}

#[test]
fn order_is_highest_ordinal_first_with_unhealthy_first_and_last_at_the_end() {
    struct Case {
        what: &'static str,
        unhealthy: &'static [i32],
        last: Option<&'static str>,
        want: &'static [&'static str],
    }
    let cases = [
        Case {
            what: "all healthy",
            unhealthy: &[],
            last: None,
            want: &["web-3", "web-2", "web-1", "web-0"],
        },
        Case {
            what: "unhealthy first",
            unhealthy: &[1],
            last: None,
            want: &["web-1", "web-3", "web-2", "web-0"],
        },
        Case {
            what: "two unhealthy keep descending order",
            unhealthy: &[0, 2],
            last: None,
            want: &["web-2", "web-0", "web-3", "web-1"],
        },
        Case {
            what: "primary last",
            unhealthy: &[],
            last: Some("web-3"),
            want: &["web-2", "web-1", "web-0", "web-3"],
        },
        Case {
            what: "an unhealthy primary still goes last, never first",
            unhealthy: &[2],
            last: Some("web-2"),
            want: &["web-3", "web-1", "web-0", "web-2"],
        },
    ];
    for c in cases {
        let (s, mut pods) = healthy(4);
        for &u in c.unhealthy {
            pods[u as usize] = not_ready(pods[u as usize].clone());
        }
        let refs: Vec<&Pod> = pods.iter().collect();
        let p = plan(&s, &refs, None, c.last, None).unwrap();
        assert_eq!(names(&p), c.want, "{}", c.what);
    }
}

#[test]
fn order_respects_ordinals_start_and_missing_pods() {
    let s = with_start(sts("web", 3, &[]), 5);
    let pods = [pod(&s, 5, REV_A), pod(&s, 7, REV_A)];
    let refs: Vec<&Pod> = pods.iter().collect();
    let p = plan(&s, &refs, None, None, None).unwrap();
    assert_eq!(names(&p), ["web-6", "web-7", "web-5"]);
    assert_eq!(p.steps[0].unhealthy.as_deref(), Some("missing"));
}

#[test]
fn only_limits_the_pods_and_bad_names_are_refused() {
    let (s, pods) = healthy(3);
    let refs: Vec<&Pod> = pods.iter().collect();
    let only = vec!["web-0".to_string(), "web-2".to_string()];
    let p = plan(&s, &refs, Some(&only), None, None).unwrap();
    assert_eq!(names(&p), ["web-2", "web-0"]);
    let err = plan(&s, &refs, Some(&["web-3".to_string()]), None, None).unwrap_err();
    assert!(err.contains("web-0..web-2"), "{err}");
    let err = plan(&s, &refs, None, Some("db-0"), None).unwrap_err();
    assert!(err.starts_with("--last db-0: not a pod"), "{err}");
}

#[test]
fn resume_skips_pods_done_or_created_after_the_start() {
    let (s, mut pods) = healthy(3);
    pods[2] = created(pods[2].clone(), "2026-03-01T10:00:05Z", "new-2");
    pods[1] = created(pods[1].clone(), "2026-03-01T10:00:09Z", "new-1");
    // Created in the start's own second: not taken for a restarted pod.
    pods[0] = created(pods[0].clone(), "2026-03-01T10:00:00Z", "old-0");
    let intent = Intent {
        started_at: "2026-03-01T10:00:00Z".into(),
        done: vec![DonePod {
            pod: "web-2".into(),
            uid: "new-2".into(),
        }],
        evicting: None,
        checks: None,
    };
    let refs: Vec<&Pod> = pods.iter().collect();
    let p = plan(&s, &refs, None, None, Some(&intent)).unwrap();
    let actions: Vec<_> = p.steps.iter().map(|s| s.action.clone()).collect();
    assert_eq!(actions, [Action::Done, Action::Verify, Action::Restart]);

    // Interrupted right after evicting web-0, whose replacement came up in
    // the start's own second: the recorded old UID tells it apart, so it is
    // verified, not restarted a second time.
    let intent = Intent {
        evicting: Some(DonePod {
            pod: "web-0".into(),
            uid: "uid-web-0".into(),
        }),
        ..intent
    };
    let p = plan(&s, &refs, None, None, Some(&intent)).unwrap();
    let actions: Vec<_> = p.steps.iter().map(|s| s.action.clone()).collect();
    assert_eq!(actions, [Action::Done, Action::Verify, Action::Verify]);
    // The pod still has the recorded UID: the eviction did not happen.
    let intent = Intent {
        evicting: Some(DonePod {
            pod: "web-0".into(),
            uid: "old-0".into(),
        }),
        ..intent
    };
    let p = plan(&s, &refs, None, None, Some(&intent)).unwrap();
    let actions: Vec<_> = p.steps.iter().map(|s| s.action.clone()).collect();
    assert_eq!(actions, [Action::Done, Action::Verify, Action::Restart]);
}

#[test]
fn intent_round_trips_and_bad_annotations_are_errors() {
    let i = Intent::new("2026-03-01T10:00:00.700Z".parse().unwrap());
    assert_eq!(i.started_at, "2026-03-01T10:00:00Z");
    let mut s = sts("web", 1, &[]);
    assert_eq!(recorded_intent(&s), Ok(None));
    s.metadata.annotations = Some([(RESTART_ANNOTATION.to_string(), i.to_json())].into());
    assert_eq!(recorded_intent(&s), Ok(Some(i)));
    s.metadata.annotations = Some([(RESTART_ANNOTATION.to_string(), "yes".into())].into());
    assert!(
        recorded_intent(&s)
            .unwrap_err()
            .contains(RESTART_ANNOTATION)
    );
}

#[test]
fn replacement_revision_is_the_pods_own_unless_an_update_is_pending_there() {
    // No pending rollout: current = update.
    let s = sts("web", 3, &[]);
    assert_eq!(expected_revision(&s, 2).as_deref(), Some(REV_A));
    // Rollout paused at partition 2: ordinals 0,1 come back at current,
    // 2 at update.
    let s = with_partition(with_update_revision(sts("web", 3, &[]), REV_B), 2);
    assert_eq!(expected_revision(&s, 1).as_deref(), Some(REV_A));
    assert_eq!(expected_revision(&s, 2).as_deref(), Some(REV_B));
    // The partition counts from spec.ordinals.start.
    let s = with_start(
        with_partition(with_update_revision(sts("web", 3, &[]), REV_B), 1),
        5,
    );
    assert_eq!(expected_revision(&s, 5).as_deref(), Some(REV_A));
    assert_eq!(expected_revision(&s, 6).as_deref(), Some(REV_B));
    // OnDelete: every recreated pod takes the update revision.
    let mut s = with_update_revision(sts("web", 3, &[]), REV_B);
    s.spec.update_strategy.as_mut().unwrap().type_ = Some("OnDelete".into());
    s.spec.update_strategy.as_mut().unwrap().rolling_update = None;
    assert_eq!(expected_revision(&s, 0).as_deref(), Some(REV_B));
}

#[test]
fn plan_warns_when_a_restart_also_updates_a_pod() {
    let s = with_partition(with_update_revision(sts("web", 2, &[]), REV_B), 1);
    let pods = [pod(&s, 0, REV_A), pod(&s, 1, REV_A)];
    let refs: Vec<&Pod> = pods.iter().collect();
    let p = plan(&s, &refs, None, None, None).unwrap();
    assert_eq!(p.warnings.len(), 1, "{:?}", p.warnings);
    assert!(p.warnings[0].starts_with("web-1 runs revision web-aaaaaaaaa"));
    assert_eq!(p.steps[0].want_revision.as_deref(), Some(REV_B));
}

fn pdb(name: &str, sel: Option<LabelSelector>, allowed: i32) -> PodDisruptionBudget {
    PodDisruptionBudget {
        metadata: ObjectMeta {
            name: Some(name.into()),
            ..Default::default()
        },
        spec: Some(PodDisruptionBudgetSpec {
            max_unavailable: Some(IntOrString::Int(0)),
            selector: sel,
            ..Default::default()
        }),
        status: Some(PodDisruptionBudgetStatus {
            disruptions_allowed: Some(allowed),
            current_healthy: Some(3),
            desired_healthy: Some(3),
            expected_pods: Some(3),
            ..Default::default()
        }),
    }
}

#[test]
fn pdb_selectors_match_like_the_api_server() {
    let s = sts("web", 1, &[]);
    let p = pod(&s, 0, REV_A);
    let by_label = |k: &str, v: &str| LabelSelector {
        match_labels: labels(&[(k, v)]),
        ..Default::default()
    };
    let expr = |op: &str, vals: &[&str]| LabelSelector {
        match_expressions: Some(vec![LabelSelectorRequirement {
            key: "app".into(),
            operator: op.into(),
            values: Some(vals.iter().map(|v| v.to_string()).collect()),
        }]),
        ..Default::default()
    };
    let cases = [
        (None, false),
        (Some(LabelSelector::default()), true),
        (Some(by_label("app", "web")), true),
        (Some(by_label("app", "db")), false),
        (Some(expr("In", &["db", "web"])), true),
        (Some(expr("NotIn", &["web"])), false),
        (Some(expr("Exists", &[])), true),
        (Some(expr("DoesNotExist", &[])), false),
    ];
    for (i, (sel, want)) in cases.into_iter().enumerate() {
        assert_eq!(
            crate::plan::selector::selects(sel.as_ref(), p.metadata.labels.as_ref()),
            want,
            "case {i}"
        );
    }
    let budgets = [
        pdb("web-pdb", Some(by_label("app", "web")), 0),
        pdb("db-pdb", Some(by_label("app", "db")), 1),
    ];
    let covering = pdbs_for(&budgets, &p);
    assert_eq!(covering.len(), 1);
    let msg = explain_429(
        "web-0",
        &["The disruption budget web-pdb needs 3 healthy pods and has 3 currently".into()],
        &covering,
    );
    assert_eq!(
        msg,
        "eviction of web-0 refused (429): the PodDisruptionBudget web-pdb (maxUnavailable 0; \
         allows 0 disruptions, 3 healthy of 3 needed) forbids it now. API server: The \
         disruption budget web-pdb needs 3 healthy pods and has 3 currently."
    );
}

#[test]
fn retry_delay_backs_off_and_is_capped() {
    let got: Vec<u64> = (0..7).map(|a| retry_delay(a).as_secs()).collect();
    assert_eq!(got, [1, 2, 4, 8, 15, 15, 15]);
}

#[test]
fn phases_follow_the_replacement() {
    let s = sts("web", 1, &[]);
    let p = pod(&s, 0, REV_A);
    let cases = [
        (
            Replacement::OldPodPresent { terminating: false },
            Phase::Evicted,
        ),
        (
            Replacement::OldPodPresent { terminating: true },
            Phase::Terminating,
        ),
        (Replacement::Absent, Phase::Terminating),
        (Replacement::NotReady("Pending".into()), Phase::Scheduled),
        (
            Replacement::Stabilizing {
                remaining: Duration::from_secs(3),
            },
            Phase::Ready,
        ),
        (Replacement::Done, Phase::Stable),
    ];
    for (r, want) in cases {
        assert_eq!(phase(&r, Some(&p)), want, "{r:?}");
    }
    let mut unscheduled = p.clone();
    unscheduled.spec.as_mut().unwrap().node_name = None;
    assert_eq!(
        phase(&Replacement::NotReady("Pending".into()), Some(&unscheduled)),
        Phase::Created
    );
}

#[test]
fn via_template_warns_about_the_partition() {
    let w = via_template_warnings(&with_partition(sts("web", 4, &[]), 2));
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(w[0].contains("ignoring PodDisruptionBudgets"));
    assert!(
        w[1].starts_with("the partition is 2: pods web-0..web-1 stay unrestarted"),
        "{}",
        w[1]
    );
    assert_eq!(via_template_warnings(&sts("web", 4, &[])).len(), 1);
}

#[test]
fn a_verification_rules_out_the_uid_the_interrupted_run_evicted() {
    let mut i = Intent::new(Timestamp::now());
    assert_eq!(evicted_uid(&i, "web-2"), "", "nothing recorded");
    i.evicting = Some(DonePod {
        pod: "web-2".into(),
        uid: "old-uid".into(),
    });
    assert_eq!(evicted_uid(&i, "web-2"), "old-uid");
    assert_eq!(evicted_uid(&i, "web-1"), "", "another pod's eviction");
}
