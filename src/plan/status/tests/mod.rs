//! Table tests of the status report on hand-built objects.

use super::*;
use crate::plan::fixtures::*;
use crate::plan::pod::REVISION_LABEL;
use k8s_openapi::api::apps::v1::StatefulSetUpdateStrategy;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

mod volumes_and_operations;

struct World {
    sets: Vec<StatefulSet>,
    pods: Vec<Pod>,
    pvcs: Vec<PersistentVolumeClaim>,
    pvs: Option<Vec<PersistentVolume>>,
    services: Option<Vec<Service>>,
    leases: Vec<k8s_openapi::api::coordination::v1::Lease>,
}

impl World {
    /// A healthy set: pods at REV_A, bound claims with Delete PVs, headless Service.
    fn healthy(set: StatefulSet) -> Self {
        let name = set.metadata.name.clone().unwrap();
        let replicas = set.spec.replicas.unwrap();
        let start = set
            .spec
            .ordinals
            .as_ref()
            .and_then(|o| o.start)
            .unwrap_or(0);
        let templates: Vec<String> = set
            .spec
            .volume_claim_templates
            .iter()
            .flatten()
            .map(|t| t.metadata.name.clone().unwrap())
            .collect();
        let ords: Vec<i32> = (start..start + replicas).collect();
        let pods = ords.iter().map(|&o| pod(&set, o, REV_A)).collect();
        let pvcs: Vec<_> = ords
            .iter()
            .flat_map(|&o| templates.iter().map(move |t| (t.clone(), o)))
            .map(|(t, o)| pvc(&t, &name, o, "1Gi"))
            .collect();
        let pvs = pvcs.iter().map(|c| pv_for(c, "Delete")).collect();
        World {
            services: Some(vec![headless(&name)]),
            sets: vec![set],
            pods,
            pvcs,
            pvs: Some(pvs),
            leases: vec![],
        }
    }

    fn report(self) -> StatusReport {
        build_report(&Snapshot {
            sets: self.sets,
            pods: self.pods,
            pvcs: self.pvcs,
            pvs: self.pvs,
            services: self.services,
            leases: Some(self.leases),
            now: "2026-11-29T10:01:00Z".parse().unwrap(),
            warnings: vec![],
        })
    }

    fn set_pod(&mut self, name: &str, f: impl FnOnce(Pod) -> Pod) {
        let i = self
            .pods
            .iter()
            .position(|p| p.metadata.name.as_deref() == Some(name))
            .unwrap();
        let p = self.pods.remove(i);
        self.pods.push(f(p));
    }
}

fn one(r: &StatusReport) -> &SetStatus {
    assert_eq!(r.stateful_sets.len(), 1);
    &r.stateful_sets[0]
}

fn codes(s: &SetStatus) -> Vec<(&'static str, String)> {
    s.problems
        .iter()
        .map(|p| (p.code, p.object.clone()))
        .collect()
}

#[test]
fn healthy_set_has_every_ordinal_pod_and_claim_and_no_problems() {
    let r = World::healthy(sts("web", 3, &["data", "logs"])).report();
    let s = one(&r);
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    assert_eq!(
        s.ordinals.iter().map(|o| o.ordinal).collect::<Vec<_>>(),
        vec![0, 1, 2]
    );
    let o1 = &s.ordinals[1];
    assert!(o1.live);
    let p = o1.pod.as_ref().unwrap();
    assert_eq!(p.name, "web-1");
    assert_eq!(p.revision_role, "current+update");
    assert!(p.ready && p.owned);
    assert_eq!(o1.volumes.len(), 2);
    let v = &o1.volumes[1];
    assert_eq!(v.claim_name, "logs-web-1");
    assert_eq!(v.status, "Bound");
    assert_eq!(v.volume_name.as_deref(), Some("pv-logs-web-1"));
    assert_eq!(v.pv_phase.as_deref(), Some("Bound"));
    assert_eq!(v.pv_reclaim_policy.as_deref(), Some("Delete"));
    assert_eq!(v.resize, None);
    assert_eq!(s.service.state, "headless");
    assert_eq!(s.update_strategy.partition, Some(0));
    assert_eq!(s.pvc_retention_policy.when_scaled, "Retain");
}

#[test]
fn ordinals_start_shifts_pods_and_claims() {
    let r = World::healthy(with_start(sts("web", 2, &["data"]), 5)).report();
    let s = one(&r);
    assert_eq!(s.ordinals_start, 5);
    assert_eq!(
        s.ordinals.iter().map(|o| o.ordinal).collect::<Vec<_>>(),
        vec![5, 6]
    );
    assert_eq!(s.ordinals[0].volumes[0].claim_name, "data-web-5");
    assert!(s.problems.is_empty(), "{:?}", s.problems);
}

#[test]
fn claims_below_ordinals_start_are_leftovers() {
    let mut w = World::healthy(with_start(sts("web", 2, &["data"]), 5));
    w.pvcs.push(pvc("data", "web", 0, "1Gi"));
    let r = w.report();
    let s = one(&r);
    assert_eq!(
        s.ordinals
            .iter()
            .map(|o| (o.ordinal, o.live))
            .collect::<Vec<_>>(),
        vec![(5, true), (6, true), (0, false)]
    );
    assert_eq!(codes(s), vec![("LeftoverPvc", "pvc/data-web-0".into())]);
}

#[test]
fn missing_and_pending_claims_are_flagged() {
    let mut w = World::healthy(sts("web", 3, &["data"]));
    w.pvcs
        .retain(|c| c.metadata.name.as_deref() != Some("data-web-1"));
    w.pvcs
        .retain(|c| c.metadata.name.as_deref() != Some("data-web-2"));
    w.pvcs.push(pending_pvc("data", "web", 2));
    let r = w.report();
    let s = one(&r);
    assert_eq!(s.ordinals[1].volumes[0].status, "Missing");
    assert_eq!(s.ordinals[2].volumes[0].status, "Pending");
    assert_eq!(
        codes(s),
        vec![
            ("PvcMissing", "pvc/data-web-1".into()),
            ("PvcPending", "pvc/data-web-2".into())
        ]
    );
    assert!(s.problems[0].message.contains("kubernetes#74374"));
}

#[test]
fn lost_and_terminating_claims_are_flagged() {
    let mut w = World::healthy(sts("web", 2, &["data"]));
    w.pvcs[0].status.as_mut().unwrap().phase = Some("Lost".into());
    w.pvcs[1] = terminating(w.pvcs[1].clone());
    let r = w.report();
    let s = one(&r);
    assert_eq!(s.ordinals[1].volumes[0].status, "Terminating");
    assert_eq!(
        codes(s),
        vec![
            ("PvcLost", "pvc/data-web-0".into()),
            ("PvcTerminating", "pvc/data-web-1".into())
        ]
    );
}

#[test]
fn pod_not_ready_missing_terminating_and_foreign_are_flagged() {
    let mut w = World::healthy(sts("web", 4, &[]));
    w.set_pod("web-0", not_ready);
    w.pods
        .retain(|p| p.metadata.name.as_deref() != Some("web-1"));
    w.set_pod("web-2", terminating);
    w.set_pod("web-3", |mut p| {
        p.metadata.owner_references = None;
        p
    });
    let r = w.report();
    let s = one(&r);
    assert_eq!(
        codes(s),
        vec![
            ("PodNotReady", "pod/web-0".into()),
            ("PodMissing", "pod/web-1".into()),
            ("PodTerminating", "pod/web-2".into()),
            ("PodNotOwned", "pod/web-3".into()),
        ]
    );
    assert!(
        s.problems[0].message.contains("4 restarts"),
        "{}",
        s.problems[0].message
    );
    assert_eq!(s.ordinals[2].pod.as_ref().unwrap().status, "Terminating");
}

#[test]
fn revisions_are_checked_against_the_partition() {
    // Rollout pending to REV_B with partition 2: ordinals 0,1 must stay at A, 2,3 should be B.
    let set = with_partition(with_update_revision(sts("web", 4, &[]), REV_B), 2);
    let mut w = World::healthy(set);
    w.set_pod("web-0", |p| pod_at(p, REV_B)); // wrong: updated below the partition
    w.set_pod("web-3", |p| pod_at(p, REV_B)); // right
    let r = w.report();
    let s = one(&r);
    assert_eq!(
        codes(s),
        vec![
            ("UpdatedBelowPartition", "pod/web-0".into()),
            ("OutdatedAbovePartition", "pod/web-2".into()),
        ]
    );
    let roles: Vec<_> = s
        .ordinals
        .iter()
        .map(|o| o.pod.as_ref().unwrap().revision_role.clone())
        .collect();
    assert_eq!(roles, vec!["update", "current", "current", "update"]);
}

#[test]
fn partition_counts_from_ordinals_start() {
    // start 3, partition 1: ordinal 3 is index 0 (below), ordinals 4 and 5 are at or above.
    let set = with_partition(
        with_update_revision(with_start(sts("web", 3, &[]), 3), REV_B),
        1,
    );
    let mut w = World::healthy(set);
    w.set_pod("web-3", |p| pod_at(p, REV_B));
    w.set_pod("web-5", |p| pod_at(p, REV_B));
    let r = w.report();
    assert_eq!(
        codes(one(&r)),
        vec![
            ("UpdatedBelowPartition", "pod/web-3".into()),
            ("OutdatedAbovePartition", "pod/web-4".into()),
        ]
    );
    assert!(one(&r).problems[0].message.contains("ordinals < 4"));
}

#[test]
fn no_revision_problems_when_no_rollout_is_pending_or_on_delete() {
    let mut w = World::healthy(with_partition(sts("web", 2, &[]), 1));
    w.set_pod("web-1", |p| pod_at(p, "web-other"));
    assert!(one(&w.report()).problems.is_empty());

    let mut set = with_update_revision(sts("web", 2, &[]), REV_B);
    set.spec.update_strategy = Some(StatefulSetUpdateStrategy {
        type_: Some("OnDelete".into()),
        rolling_update: None,
    });
    let r = World::healthy(set).report();
    let s = one(&r);
    assert_eq!(s.update_strategy.partition, None);
    assert_eq!(
        codes(s),
        vec![("OnDeletePending", "statefulset/web".into())]
    );
    assert!(s.problems[0].message.contains("web-0, web-1"));
}

#[test]
fn scaled_down_set_shows_leftover_claims_after_live_ordinals() {
    let mut w = World::healthy(sts("web", 5, &["data", "logs"]));
    w.sets[0].spec.replicas = Some(2);
    w.pods
        .retain(|p| ["web-0", "web-1"].contains(&p.metadata.name.as_deref().unwrap()));
    let r = w.report();
    let s = one(&r);
    let ords: Vec<_> = s.ordinals.iter().map(|o| (o.ordinal, o.live)).collect();
    assert_eq!(
        ords,
        vec![(0, true), (1, true), (2, false), (3, false), (4, false)]
    );
    assert!(s.ordinals[2].pod.is_none());
    assert_eq!(s.ordinals[4].volumes.len(), 2);
    let leftovers: Vec<_> = s
        .problems
        .iter()
        .filter(|p| p.code == "LeftoverPvc")
        .map(|p| p.object.clone())
        .collect();
    assert_eq!(leftovers.len(), 6, "{leftovers:?}");
    assert!(s.problems.iter().all(|p| p.severity == Severity::Info));
}

#[test]
fn terminating_pod_outside_range_is_reported_not_as_missing() {
    let mut w = World::healthy(sts("web", 3, &["data"]));
    w.sets[0].spec.replicas = Some(2);
    w.set_pod("web-2", terminating);
    let r = w.report();
    let s = one(&r);
    assert_eq!(s.ordinals[2].pod.as_ref().unwrap().name, "web-2");
    assert_eq!(
        codes(s),
        vec![
            ("PodOutsideRange", "pod/web-2".into()),
            ("LeftoverPvc", "pvc/data-web-2".into())
        ]
    );
}

#[test]
fn service_states() {
    let mut w = World::healthy(sts("web", 1, &[]));
    w.services = Some(vec![]);
    assert_eq!(
        codes(one(&w.report())),
        vec![("ServiceMissing", "service/web".into())]
    );

    let mut w = World::healthy(sts("web", 1, &[]));
    w.services.as_mut().unwrap()[0]
        .spec
        .as_mut()
        .unwrap()
        .cluster_ip = Some("10.0.0.1".into());
    assert_eq!(
        codes(one(&w.report())),
        vec![("ServiceNotHeadless", "service/web".into())]
    );

    let mut w = World::healthy(sts("web", 1, &[]));
    w.services = None;
    let r = w.report();
    assert_eq!(one(&r).service.state, "unknown");
    assert!(one(&r).problems.is_empty());
}

#[test]
fn generation_not_observed_is_flagged() {
    let mut w = World::healthy(sts("web", 1, &[]));
    w.sets[0].metadata.generation = Some(3);
    assert_eq!(
        codes(one(&w.report())),
        vec![("GenerationNotObserved", "statefulset/web".into())]
    );
}

#[test]
fn sets_with_prefix_names_and_other_namespaces_do_not_mix() {
    let web = World::healthy(sts("web", 1, &["data"]));
    let web0 = World::healthy(sts("web-0", 2, &["data"]));
    let mut other_ns = World::healthy(sts("web", 1, &["data"]));
    for p in &mut other_ns.pods {
        p.metadata.namespace = Some("other".into());
    }
    for c in &mut other_ns.pvcs {
        c.metadata.namespace = Some("other".into());
    }
    other_ns.sets[0].metadata.namespace = Some("other".into());
    other_ns.services.as_mut().unwrap()[0].metadata.namespace = Some("other".into());

    let mut all = World {
        sets: vec![],
        pods: vec![],
        pvcs: vec![],
        pvs: Some(vec![]),
        services: Some(vec![]),
        leases: vec![],
    };
    for w in [web0, other_ns, web] {
        all.sets.extend(w.sets);
        all.pods.extend(w.pods);
        all.pvcs.extend(w.pvcs);
        all.pvs.as_mut().unwrap().extend(w.pvs.unwrap());
        all.services.as_mut().unwrap().extend(w.services.unwrap());
    }
    let r = all.report();
    let ids: Vec<_> = r
        .stateful_sets
        .iter()
        .map(|s| format!("{}/{}", s.namespace, s.name))
        .collect();
    assert_eq!(ids, vec!["other/web", "shop/web", "shop/web-0"]);
    for s in &r.stateful_sets {
        assert!(
            s.problems.is_empty(),
            "{}/{}: {:?}",
            s.namespace,
            s.name,
            s.problems
        );
    }
    // "web" in shop has one ordinal, even though web-0-0 and data-web-0-1 exist.
    assert_eq!(r.stateful_sets[1].ordinals.len(), 1);
}

#[test]
fn json_report_shape_is_stable() {
    let r = World::healthy(sts("web", 1, &["data"])).report();
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["apiVersion"], "kubectl-sts/v1");
    assert_eq!(v["kind"], "StatusReport");
    let s = &v["statefulSets"][0];
    for key in [
        "namespace",
        "name",
        "replicas",
        "generation",
        "observedGeneration",
        "updateStrategy",
        "podManagementPolicy",
        "currentRevision",
        "updateRevision",
        "minReadySeconds",
        "ordinalsStart",
        "pvcRetentionPolicy",
        "service",
        "volumeClaimTemplates",
        "ordinals",
        "problems",
    ] {
        assert!(s.get(key).is_some(), "missing {key}");
    }
    assert_eq!(s["updateStrategy"]["type"], "RollingUpdate");
    assert_eq!(s["replicas"]["desired"], 1);
    let o = &s["ordinals"][0];
    assert_eq!(o["pod"]["revisionRole"], "current+update");
    assert_eq!(o["volumes"][0]["claimName"], "data-web-0");
    assert_eq!(o["volumes"][0]["pvReclaimPolicy"], "Delete");
    assert!(v.get("warnings").is_none());
    assert!(!serde_json::to_string(&r).unwrap().contains("managedFields"));
}

fn pod_at(mut p: Pod, rev: &str) -> Pod {
    p.metadata
        .labels
        .as_mut()
        .unwrap()
        .insert(REVISION_LABEL.into(), rev.into());
    p
}

/// Every strategy type is named, with whether a partition applies;
/// Recreate and unknown types are flagged, RollingUpdate and OnDelete not.
#[test]
fn update_strategies_without_partition_are_shown() {
    let cases = [
        (None, "RollingUpdate", true, None),
        (Some("OnDelete"), "OnDelete", false, None),
        (
            Some("Recreate"),
            "Recreate",
            false,
            Some(("UpdateStrategyRecreate", Severity::Info)),
        ),
        (
            Some("Surge"),
            "Surge",
            false,
            Some(("UpdateStrategyUnknown", Severity::Warning)),
        ),
    ];
    for (t, kind, has_partition, problem) in cases {
        let mut set = sts("web", 2, &[]);
        if let Some(t) = t {
            set.spec.update_strategy = Some(StatefulSetUpdateStrategy {
                type_: Some(t.into()),
                rolling_update: None,
            });
        }
        let r = World::healthy(set).report();
        let s = one(&r);
        assert_eq!(s.update_strategy.kind, kind);
        assert_eq!(s.update_strategy.has_partition, has_partition, "{kind}");
        assert_eq!(
            s.update_strategy.partition.is_some(),
            has_partition,
            "{kind}"
        );
        let got = s.problems.first().map(|p| (p.code, p.severity.clone()));
        assert_eq!(got, problem, "{kind}: {:#?}", s.problems);
        let json = serde_json::to_value(s).unwrap();
        assert_eq!(json["updateStrategy"]["hasPartition"], has_partition);
    }
}

/// In status: the finalizers that actually hold a Terminating
/// claim are named with their owner, and a missing pod is explained by it.
#[test]
fn ready_pod_with_an_old_oom_kill_is_not_a_problem() {
    use k8s_openapi::api::core::v1::{ContainerState, ContainerStateTerminated};
    let mut w = World::healthy(sts("web", 2, &["data"]));
    w.set_pod("web-1", |mut p| {
        let cs = &mut p
            .status
            .as_mut()
            .unwrap()
            .container_statuses
            .as_mut()
            .unwrap()[0];
        cs.restart_count = 1;
        cs.last_state = Some(ContainerState {
            terminated: Some(ContainerStateTerminated {
                exit_code: 137,
                reason: Some("OOMKilled".into()),
                ..Default::default()
            }),
            ..Default::default()
        });
        p
    });
    let r = w.report();
    let s = one(&r);
    assert!(s.problems.is_empty(), "{:#?}", s.problems);
    assert_eq!(s.ordinals[1].pod.as_ref().unwrap().restarts, 1);
}
