//! Property tests of the pure planners over values the API server accepts
//! but a fresh test cluster never shows: any replicas, partition and
//! `spec.ordinals.start` up to 2147483647, any step. The planners must
//! never panic, never wrap, and stay inside the live ordinal range.

use proptest::prelude::*;

use super::fixtures::{REV_A, pod, sts, with_partition, with_start};
use super::restart;
use super::rollout::{PlanError, plan_canary};
use super::set::{live_ordinals, updated_ordinals};
use k8s_openapi::api::core::v1::Pod;

fn set(replicas: i32, start: i32, partition: i32) -> k8s_openapi::api::apps::v1::StatefulSet {
    with_start(
        with_partition(sts("web", replicas, &["data"]), partition),
        start,
    )
}

proptest! {
    #[test]
    fn live_and_updated_ordinals_stay_in_range(
        replicas in any::<i32>(),
        start in 0..=i32::MAX,
        partition in any::<i32>(),
    ) {
        let s = set(replicas, start, partition);
        let live = live_ordinals(&s);
        prop_assert!(live.start <= live.end);
        prop_assert_eq!(live.start, start);
        let upd = updated_ordinals(&s, partition);
        prop_assert!(upd.start >= live.start && upd.end <= live.end || upd.is_empty());
    }

    #[test]
    fn canary_steps_walk_down_inside_the_live_range(
        replicas in 0..=2000i32,
        start in prop_oneof![0..=10i32, (i32::MAX - 10)..=i32::MAX],
        from in prop_oneof![-10..=2010i32, any::<i32>()],
        to in prop_oneof![0..=2000i32, any::<i32>()],
        step in prop_oneof![1..=5i32, any::<i32>()],
    ) {
        let s = set(replicas, start, from);
        match plan_canary(&s, from, to, step) {
            Err(PlanError::Refused(_)) | Err(PlanError::NothingToDo(_)) => {}
            Ok(steps) => {
                let live = live_ordinals(&s);
                let mut last = from.clamp(0, replicas);
                prop_assert!(!steps.is_empty());
                for st in &steps {
                    prop_assert!(st.partition < last && st.partition >= to);
                    for o in &st.ordinals {
                        prop_assert!(live.contains(o), "ordinal {} outside {:?}", o, live);
                    }
                    last = st.partition;
                }
                prop_assert_eq!(last, to);
            }
        }
    }

    #[test]
    fn restart_plans_each_live_ordinal_once(
        replicas in 0..=50i32,
        start in prop_oneof![0..=10i32, (i32::MAX - 60)..=i32::MAX],
    ) {
        let s = set(replicas, start, 0);
        let live = live_ordinals(&s);
        let pods: Vec<Pod> = live.clone().map(|o| pod(&s, o, REV_A)).collect();
        let refs: Vec<&Pod> = pods.iter().collect();
        let plan = restart::plan(&s, &refs, None, None, None);
        if let Ok(p) = plan {
            let mut ords: Vec<i32> = p.steps.iter().map(|st| st.ordinal).collect();
            ords.sort();
            prop_assert_eq!(ords, live.collect::<Vec<_>>());
        }
    }
}

proptest! {
    #[test]
    fn rollout_decision_never_panics(
        replicas in 0..=40i32,
        start in prop_oneof![0..=10i32, (i32::MAX - 50)..=i32::MAX],
        partition in any::<i32>(),
        window in 0..=3600u64,
    ) {
        let s = set(replicas, start, partition);
        let pods: Vec<Pod> = live_ordinals(&s).map(|o| pod(&s, o, REV_A)).collect();
        let refs: Vec<&Pod> = pods.iter().collect();
        let now = "2026-11-29T10:00:00Z".parse().unwrap();
        let _ = super::rollout::decide(
            &s,
            &refs,
            partition,
            std::time::Duration::from_secs(window),
            &Default::default(),
            None,
            now,
        );
        let _ = super::health::check_set(&s, &refs, None);
    }
}
