use super::*;
use crate::plan::fixtures::*;
use k8s_openapi::api::apps::v1::StatefulSetUpdateStrategy;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;

fn now() -> Timestamp {
    "2026-01-01T00:10:00Z".parse().unwrap()
}

fn parts(steps: &[Step]) -> Vec<i32> {
    steps.iter().map(|s| s.partition).collect()
}

#[test]
fn canary_steps_walk_down_from_the_highest_ordinal() {
    let s = sts("web", 5, &[]);
    let steps = plan_canary(&s, 5, 0, 1).unwrap();
    assert_eq!(parts(&steps), vec![4, 3, 2, 1, 0]);
    assert_eq!(steps[0].ordinals, vec![4]);
    assert_eq!(parts(&plan_canary(&s, 5, 0, 2).unwrap()), vec![3, 1, 0]);
    assert_eq!(plan_canary(&s, 5, 0, 2).unwrap()[1].ordinals, vec![2, 1]);
    assert_eq!(parts(&plan_canary(&s, 5, 3, 1).unwrap()), vec![4, 3]);
}

#[test]
fn canary_partition_above_replicas_starts_at_replicas() {
    let s = sts("web", 3, &[]);
    assert_eq!(parts(&plan_canary(&s, 10, 0, 1).unwrap()), vec![2, 1, 0]);
}

#[test]
fn canary_with_ordinals_start_names_shifted_ordinals() {
    let s = with_start(sts("web", 3, &[]), 5);
    let steps = plan_canary(&s, 3, 0, 1).unwrap();
    assert_eq!(parts(&steps), vec![2, 1, 0]);
    assert_eq!(steps[0].ordinals, vec![7]);
    assert_eq!(steps[2].ordinals, vec![5]);
}

#[test]
fn canary_refusals_and_nothing_to_do() {
    let s = sts("web", 3, &[]);
    assert!(matches!(
        plan_canary(&s, 0, 0, 1),
        Err(PlanError::NothingToDo(_))
    ));
    assert!(matches!(
        plan_canary(&s, 3, 0, 0),
        Err(PlanError::Refused(_))
    ));
    assert!(matches!(
        plan_canary(&s, 3, 4, 1),
        Err(PlanError::Refused(_))
    ));
    let zero = sts("web", 0, &[]);
    assert!(matches!(
        plan_canary(&zero, 0, 0, 1),
        Err(PlanError::NothingToDo(_))
    ));
    let one = sts("web", 1, &[]);
    assert_eq!(parts(&plan_canary(&one, 1, 0, 3).unwrap()), vec![0]);
    let mut od = sts("web", 3, &[]);
    od.spec.update_strategy = Some(StatefulSetUpdateStrategy {
        type_: Some("OnDelete".into()),
        rolling_update: None,
    });
    assert!(
        matches!(plan_canary(&od, 3, 0, 1), Err(PlanError::Refused(m)) if m.contains("OnDelete"))
    );
}

fn renewed(mut p: Pod, since: &str) -> Pod {
    p.metadata.uid = Some(format!("{}-new", p.metadata.uid.unwrap()));
    p.status.as_mut().unwrap().conditions.as_mut().unwrap()[0].last_transition_time =
        Some(Time(since.parse().unwrap()));
    p
}

fn rolling(partition: i32) -> StatefulSet {
    with_update_revision(with_partition(sts("web", 3, &[]), partition), REV_B)
}

fn replaced(names: &[&str]) -> BTreeMap<String, String> {
    names
        .iter()
        .map(|n| (n.to_string(), format!("uid-{n}")))
        .collect()
}

#[test]
fn step_is_done_only_with_new_ready_stable_pods_at_update_revision() {
    let s = rolling(2);
    let w = Duration::from_secs(30);
    let old = [pod(&s, 0, REV_A), pod(&s, 1, REV_A), pod(&s, 2, REV_A)];
    let refs: Vec<&Pod> = old.iter().collect();
    let r = replaced(&["web-2"]);
    assert!(matches!(
        decide(&s, &refs, 2, w, &r, None, now()),
        Verdict::Waiting { .. }
    ));

    let fresh = renewed(pod(&s, 2, REV_B), "2026-01-01T00:09:50Z");
    let pods = [pod(&s, 0, REV_A), pod(&s, 1, REV_A), fresh];
    let refs: Vec<&Pod> = pods.iter().collect();
    match decide(&s, &refs, 2, w, &r, None, now()) {
        Verdict::Waiting {
            recheck, status, ..
        } => {
            assert!(status.contains("web-2: Ready, stable in 21s"), "{status}");
            assert!(recheck.unwrap() >= Duration::from_secs(20));
        }
        v => panic!("{v:?}"),
    }
    let stable = renewed(pod(&s, 2, REV_B), "2026-01-01T00:09:00Z");
    let pods = [pod(&s, 0, REV_A), pod(&s, 1, REV_A), stable];
    let refs: Vec<&Pod> = pods.iter().collect();
    assert!(matches!(
        decide(&s, &refs, 2, w, &r, None, now()),
        Verdict::Done(_)
    ));
}

#[test]
fn pod_below_partition_at_update_revision_is_not_done() {
    // #119685/#121534: counts can look fine while the wrong pods were updated.
    let s = rolling(2);
    let pods = [
        pod(&s, 0, REV_A),
        pod(&s, 1, REV_B),
        renewed(pod(&s, 2, REV_B), "2026-01-01T00:00:00Z"),
    ];
    let refs: Vec<&Pod> = pods.iter().collect();
    match decide(&s, &refs, 2, Duration::ZERO, &BTreeMap::new(), None, now()) {
        Verdict::Waiting { status, .. } => {
            assert!(status.contains("web-1: at revision"), "{status}")
        }
        v => panic!("{v:?}"),
    }
}

#[test]
fn crashing_canary_fails_the_step() {
    let s = rolling(2);
    let pods = [
        pod(&s, 0, REV_A),
        pod(&s, 1, REV_A),
        not_ready(renewed(pod(&s, 2, REV_B), "2026-01-01T00:00:00Z")),
    ];
    let refs: Vec<&Pod> = pods.iter().collect();
    // Restarted after the operation started: the canary failed.
    let since = Some("2025-12-31T00:00:00Z".parse().unwrap());
    match decide(
        &s,
        &refs,
        2,
        Duration::ZERO,
        &replaced(&["web-2"]),
        since,
        now(),
    ) {
        Verdict::Failed { pod, reason, .. } => {
            assert_eq!(pod, "web-2");
            assert!(
                reason.contains("restarted during the operation"),
                "{reason}"
            );
        }
        v => panic!("{v:?}"),
    }
    // Read-only (`rollout status`): restarts are history; the pod is
    // waited for as not Ready, not called failed.
    assert!(matches!(
        decide(
            &s,
            &refs,
            2,
            Duration::ZERO,
            &replaced(&["web-2"]),
            None,
            now()
        ),
        Verdict::Waiting { .. }
    ));
}

#[test]
fn same_uid_back_is_not_a_replacement() {
    let s = rolling(2);
    let mut same = pod(&s, 2, REV_B);
    same.metadata.uid = Some("uid-web-2".into());
    let pods = [pod(&s, 0, REV_A), pod(&s, 1, REV_A), same];
    let refs: Vec<&Pod> = pods.iter().collect();
    assert!(matches!(
        decide(
            &s,
            &refs,
            2,
            Duration::ZERO,
            &replaced(&["web-2"]),
            None,
            now()
        ),
        Verdict::Waiting { .. }
    ));
}

#[test]
fn unobserved_generation_and_partition_above_replicas() {
    let mut s = rolling(5);
    let pods: Vec<Pod> = (0..3).map(|o| pod(&s, o, REV_A)).collect();
    let refs: Vec<&Pod> = pods.iter().collect();
    assert!(matches!(
        decide(&s, &refs, 5, Duration::ZERO, &BTreeMap::new(), None, now()),
        Verdict::Done(_)
    ));
    s.metadata.generation = Some(2);
    assert!(
        matches!(decide(&s, &refs, 5, Duration::ZERO, &BTreeMap::new(), None, now()), Verdict::Waiting { status, .. } if status.contains("generation 2"))
    );
}

#[test]
fn on_delete_ignores_the_partition_and_names_old_pods() {
    let mut s = rolling(3);
    s.spec.update_strategy = Some(StatefulSetUpdateStrategy {
        type_: Some("OnDelete".into()),
        rolling_update: None,
    });
    let pods = [pod(&s, 0, REV_A), pod(&s, 1, REV_B), pod(&s, 2, REV_A)];
    let refs: Vec<&Pod> = pods.iter().collect();
    assert!(matches!(
        decide(&s, &refs, 3, Duration::ZERO, &BTreeMap::new(), None, now()),
        Verdict::Waiting { .. }
    ));
    assert_eq!(pods_at(&s, &refs, REV_A), vec!["web-0", "web-2"]);
}

#[test]
fn parallel_and_start_and_empty_sets() {
    let mut s = with_start(rolling(1), 3);
    s.spec.pod_management_policy = Some("Parallel".into());
    let pods = [
        pod(&s, 3, REV_A),
        renewed(pod(&s, 4, REV_B), "2026-01-01T00:00:00Z"),
        renewed(pod(&s, 5, REV_B), "2026-01-01T00:00:00Z"),
    ];
    let refs: Vec<&Pod> = pods.iter().collect();
    assert!(matches!(
        decide(
            &s,
            &refs,
            1,
            Duration::ZERO,
            &replaced(&["web-4", "web-5"]),
            None,
            now()
        ),
        Verdict::Done(_)
    ));
    assert!(matches!(
        decide(&s, &refs, 0, Duration::ZERO, &BTreeMap::new(), None, now()),
        Verdict::Waiting { .. }
    ));
    let zero = with_update_revision(sts("web", 0, &[]), REV_B);
    assert!(matches!(
        decide(&zero, &[], 0, Duration::ZERO, &BTreeMap::new(), None, now()),
        Verdict::Done(v) if v.is_empty()
    ));
}

#[test]
fn a_409_re_decision_checks_revision_and_partition() {
    let s = rolling(3);
    assert!(step_still_valid(&s, REV_B, 3).is_ok());
    assert!(
        step_still_valid(&s, REV_A, 3)
            .unwrap_err()
            .contains("update revision")
    );
    assert!(
        step_still_valid(&s, REV_B, 2)
            .unwrap_err()
            .contains("someone else")
    );
    // Any partition >= replicas freezes the set the same way.
    assert!(step_still_valid(&rolling(7), REV_B, 3).is_ok());
}

#[test]
fn uids_to_replace_skips_pods_already_updated() {
    let s = rolling(1);
    let pods = [pod(&s, 0, REV_A), pod(&s, 1, REV_B), pod(&s, 2, REV_A)];
    let refs: Vec<&Pod> = pods.iter().collect();
    let got = uids_to_replace(&s, &refs, &[1, 2], REV_B);
    assert_eq!(got.keys().collect::<Vec<_>>(), vec!["web-2"]);
}

#[test]
fn intent_round_trips_and_bad_annotation_is_explained() {
    let mut s = sts("web", 3, &[]);
    let i = Intent {
        operation: "canary".into(),
        target_revision: REV_B.into(),
        target_partition: 0,
        last_verified_partition: 2,
        started_at: "2026-01-01T00:00:00Z".into(),
        previous_partition: Some(3),
        paused_from: Some(0),
        checks: None,
    };
    s.metadata.annotations =
        Some([(intent_annotation(), serde_json::to_string(&i).unwrap())].into());
    assert_eq!(read_intent(&s).unwrap(), Some(i));
    s.metadata.annotations = Some([(intent_annotation(), "{".to_string())].into());
    assert!(read_intent(&s).unwrap_err().contains("kubectl annotate"));
}
