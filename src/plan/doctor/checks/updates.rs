//! How a new pod template reaches the pods, how far back `rollout undo`
//! can go, and the pod management of quorum systems. Kubernetes docs,
//! "StatefulSet > Update strategies", "> Pod Management Policies" and
//! "> Revision history".

use crate::plan::doctor::{Check, Facts, Finding, Severity, Unavailable};
use crate::plan::rollout::{intent_annotation, read_intent};
use crate::plan::set::{Strategy, partition, replicas, revisions, strategy};

use super::{containers, quorum_system};

pub const ALL: &[Check] = &[
    Check {
        id: "update-on-delete",
        severity: Severity::Info,
        summary: "updateStrategy OnDelete: a new pod template reaches a pod only when that pod is \
                  deleted by hand",
        run: on_delete,
    },
    Check {
        id: "update-partition-left",
        severity: Severity::Warning,
        summary: "a partition above 0 with no rollout pending: the next template change reaches \
                  only the ordinals at or above it",
        run: partition_left,
    },
    Check {
        id: "update-history-limit-low",
        severity: Severity::Warning,
        summary: "revisionHistoryLimit below 2: `rollout undo` may find no good revision to go \
                  back to",
        run: history_limit_low,
    },
    Check {
        id: "update-parallel-quorum",
        severity: Severity::Warning,
        summary: "podManagementPolicy Parallel on a quorum system: members start, and are \
                  removed on scale-down, several at once",
        run: parallel_quorum,
    },
    Check {
        id: "update-even-quorum",
        severity: Severity::Info,
        summary: "an even replica count for a quorum system: it tolerates no more failures than \
                  one member fewer",
        run: even_quorum,
    },
];

/// `image: IMAGE (QUORUM)` of the container whose image made the set a
/// quorum system.
fn quorum_evidence(f: &Facts<'_>, system: &str) -> String {
    let c = containers(f.set).iter().find(|c| {
        c.image.as_deref().is_some_and(|i| {
            i.rsplit('/')
                .next()
                .and_then(|l| l.split(['@', ':']).next())
                == Some(system)
        })
    });
    match c {
        Some(c) => format!(
            "container {}: image: {} (a {system} member: writes need a majority)",
            c.name,
            c.image.as_deref().unwrap_or_default()
        ),
        None => format!("pod template image: {system}"),
    }
}

/// Under OnDelete the controller never replaces a pod for a new template
/// (Kubernetes docs, "StatefulSet > Update strategies").
fn on_delete(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    if strategy(f.set) != Strategy::OnDelete {
        return Ok(vec![]);
    }
    let mut finding = Finding::new(
        "update-on-delete",
        Severity::Info,
        f,
        "updateStrategy is OnDelete: pods take a new template only when deleted".into(),
    )
    .evidence("spec.updateStrategy.type: OnDelete");
    if let (Some(cur), Some(upd)) = revisions(f.set)
        && cur != upd
    {
        finding = finding.evidence(format!(
            "status.currentRevision: {cur}, status.updateRevision: {upd} (pods still at the old \
             template until deleted)"
        ));
    }
    Ok(vec![
        finding
            .why(
                "the next template change (a new image, a config fix) reaches no pod until each \
                 is deleted by hand, so the set runs mixed versions for as long as nobody does; \
                 `kubectl sts rollout` and `rollout canary` step a partition, which needs \
                 RollingUpdate",
            )
            .fix(format!(
                "switch to RollingUpdate with the partition at replicas, so that nothing changes \
                 until a canary walks it down: kubectl patch statefulset {name} -n {ns} -p \
                 '{{\"spec\":{{\"updateStrategy\":{{\"type\":\"RollingUpdate\",\
                 \"rollingUpdate\":{{\"partition\":{n}}}}}}}}}', then `kubectl sts rollout \
                 canary {name} -n {ns}`; or keep OnDelete on purpose and silence this check",
                name = f.name(),
                ns = f.ns(),
                n = replicas(f.set)
            )),
    ])
}

/// With currentRevision equal to updateRevision no rollout is pending, so
/// a partition above 0 only holds back the next one.
fn partition_left(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    let p = partition(f.set);
    if strategy(f.set) != Strategy::RollingUpdate || p <= 0 {
        return Ok(vec![]);
    }
    let (Some(cur), Some(upd)) = revisions(f.set) else {
        return Ok(vec![]);
    };
    if cur != upd {
        return Ok(vec![]);
    }
    let (name, ns) = (f.name(), f.ns());
    let start = crate::plan::set::live_ordinals(f.set).start;
    let mut finding = Finding::new(
        "update-partition-left",
        Severity::Warning,
        f,
        format!("the partition is {p} with no rollout pending"),
    )
    .evidence(format!("spec.updateStrategy.rollingUpdate.partition: {p}"))
    .evidence(format!(
        "status.currentRevision = status.updateRevision: {upd}"
    ));
    let intent = read_intent(f.set).ok().flatten();
    if let Some(i) = &intent {
        finding = finding.evidence(format!(
            "metadata.annotations[{}]: {}",
            intent_annotation(),
            i.describe()
        ));
    }
    let mut fix = format!("kubectl sts rollout {name} -n {ns} --partition 0");
    if let Some(i) = intent.filter(|i| i.operation == "pause") {
        fix = format!(
            "kubectl sts rollout resume {name} -n {ns} (restores the recorded partition {}), or \
             {fix}",
            i.previous_partition.unwrap_or(0)
        );
    }
    Ok(vec![
        finding
            .why(format!(
                "a forgotten pause or canary: the next template change reaches only ordinals >= \
                 {}, and the rest keep the old template without any rollout showing as stuck",
                start.saturating_add(p)
            ))
            .fix(fix),
    ])
}

/// The controller keeps `revisionHistoryLimit` revisions that no pod runs
/// (default 10); `rollout undo` restores one of them.
fn history_limit_low(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    let Some(limit) = f.set.spec.revision_history_limit.filter(|l| *l < 2) else {
        return Ok(vec![]);
    };
    Ok(vec![
        Finding::new(
            "update-history-limit-low",
            Severity::Warning,
            f,
            format!("revisionHistoryLimit is {limit}"),
        )
        .evidence(format!("spec.revisionHistoryLimit: {limit} (default 10)"))
        .why(
            "the controller deletes the revisions no pod runs beyond this limit: with 0 the \
             previous template is gone once the rollout completes, with 1 only the newest old \
             one is kept, which may be the bad revision itself; `kubectl sts rollout undo` then \
             has no good template to go back to",
        )
        .fix(format!(
            "kubectl patch statefulset {} -n {} -p '{{\"spec\":{{\"revisionHistoryLimit\":10}}}}'",
            f.name(),
            f.ns()
        )),
    ])
}

/// Parallel creates and deletes pods without waiting for the others
/// (Kubernetes docs, "StatefulSet > Parallel Pod Management").
fn parallel_quorum(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    if f.set.spec.pod_management_policy.as_deref() != Some("Parallel") {
        return Ok(vec![]);
    }
    let Some(system) = quorum_system(f.set) else {
        return Ok(vec![]);
    };
    Ok(vec![
        Finding::new(
            "update-parallel-quorum",
            Severity::Warning,
            f,
            format!("podManagementPolicy is Parallel for a {system} cluster"),
        )
        .evidence("spec.podManagementPolicy: Parallel")
        .evidence(quorum_evidence(f, system))
        .why(
            "all members start together, which some quorum systems cannot bootstrap from \
             (they expect members to join one by one), and a scale-down removes several \
             members at once without waiting for any: the rest may lose their majority",
        )
        .fix(format!(
            "podManagementPolicy cannot be changed in place: recreate the set with \
             podManagementPolicy: OrderedReady (`kubectl delete statefulset {} -n {} \
             --cascade=orphan`, then apply it again; the pods and claims stay); if the \
             system's documentation asks for Parallel, silence this check",
            f.name(),
            f.ns()
        )),
    ])
}

/// A majority of 2k members is k+1, so 2k tolerate k-1 failures, as many
/// as 2k-1 members do.
fn even_quorum(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    let n = replicas(f.set);
    if n == 0 || n % 2 == 1 {
        return Ok(vec![]);
    }
    let Some(system) = quorum_system(f.set) else {
        return Ok(vec![]);
    };
    Ok(vec![
        Finding::new(
            "update-even-quorum",
            Severity::Info,
            f,
            format!("{n} replicas for a {system} cluster"),
        )
        .evidence(format!("spec.replicas: {n}"))
        .evidence(quorum_evidence(f, system))
        .why(format!(
            "a majority of {n} is {}, so {n} members tolerate {} failure(s), as many as {} \
             member(s) do, with one more member to fail and to wait for",
            n / 2 + 1,
            n / 2 - 1,
            n - 1
        ))
        .fix(format!(
            "run {} or {} members: change the {system} membership the way its documentation \
             says, then `kubectl scale statefulset {} -n {} --replicas N`",
            n - 1,
            n + 1,
            f.name(),
            f.ns()
        )),
    ])
}

#[cfg(test)]
mod tests {
    use k8s_openapi::api::apps::v1::{StatefulSet, StatefulSetUpdateStrategy};

    use super::*;
    use crate::plan::doctor::tests::{ids, run, world_with};
    use crate::plan::fixtures::{REV_B, sts, with_partition, with_update_revision};

    use crate::plan::doctor::checks::with_image;

    fn on_delete_set() -> StatefulSet {
        let mut s = sts("web", 3, &["data"]);
        s.spec.update_strategy = Some(StatefulSetUpdateStrategy {
            type_: Some("OnDelete".into()),
            rolling_update: None,
        });
        s
    }

    fn edit(mut s: StatefulSet, e: impl FnOnce(&mut StatefulSet)) -> StatefulSet {
        e(&mut s);
        s
    }

    fn paused(s: StatefulSet) -> StatefulSet {
        edit(s, |s| {
            s.metadata.annotations = Some(
                [(
                    intent_annotation(),
                    r#"{"operation":"pause","targetRevision":"web-aaaaaaaaa","targetPartition":3,
                        "lastVerifiedPartition":3,"startedAt":"2026-05-01T00:00:00Z",
                        "previousPartition":0}"#
                        .to_string(),
                )]
                .into(),
            )
        })
    }

    fn web() -> StatefulSet {
        sts("web", 3, &["data"])
    }

    fn zk(replicas: i32) -> StatefulSet {
        with_image(sts("zk", replicas, &["data"]), "zookeeper:3.9")
    }

    fn parallel(s: StatefulSet) -> StatefulSet {
        edit(s, |s| {
            s.spec.pod_management_policy = Some("Parallel".into())
        })
    }

    #[test]
    fn update_checks() {
        let cases: Vec<(&str, StatefulSet, Vec<&str>)> = vec![
            ("healthy", web(), vec![]),
            ("OnDelete", on_delete_set(), vec!["update-on-delete"]),
            (
                "partition 2, nothing pending",
                with_partition(web(), 2),
                vec!["update-partition-left"],
            ),
            (
                "partition 2 during a rollout",
                with_update_revision(with_partition(web(), 2), REV_B),
                vec![],
            ),
            (
                "paused",
                paused(with_partition(web(), 3)),
                vec!["update-partition-left"],
            ),
            (
                "revisionHistoryLimit 1",
                edit(web(), |s| s.spec.revision_history_limit = Some(1)),
                vec!["update-history-limit-low"],
            ),
            (
                "revisionHistoryLimit 2",
                edit(web(), |s| s.spec.revision_history_limit = Some(2)),
                vec![],
            ),
            (
                "Parallel zookeeper",
                parallel(zk(3)),
                vec!["update-parallel-quorum"],
            ),
            (
                "Parallel postgres",
                parallel(with_image(web(), "postgres:16")),
                vec![],
            ),
            ("OrderedReady zookeeper", zk(3), vec![]),
            ("4 zookeepers", zk(4), vec!["update-even-quorum"]),
            ("0 zookeepers", zk(0), vec![]),
            (
                "4 postgres",
                with_image(sts("web", 4, &[]), "postgres:16"),
                vec![],
            ),
        ];
        for (what, set, want) in cases {
            let w = world_with(vec![set], vec![], |_| {});
            assert_eq!(ids(&w, ALL), want, "{what}");
        }
    }

    #[test]
    fn fixes_use_the_rollout_commands() {
        let fix = |s: StatefulSet| {
            let w = world_with(vec![s], vec![], |_| {});
            run(&w, ALL).findings[0].fix.clone()
        };
        assert_eq!(
            fix(with_partition(web(), 2)),
            "kubectl sts rollout web -n shop --partition 0"
        );
        assert!(fix(paused(with_partition(web(), 3))).starts_with(
            "kubectl sts rollout resume web -n shop (restores the recorded partition 0)"
        ));
        assert!(fix(on_delete_set()).contains("\"partition\":3"));
        let w = world_with(vec![parallel(zk(4))], vec![], |_| {});
        let r = run(&w, ALL);
        assert_eq!(
            r.findings[1].evidence,
            vec![
                "spec.replicas: 4",
                "container main: image: zookeeper:3.9 (a zookeeper member: writes need a majority)"
            ]
        );
        assert!(
            r.findings[1]
                .why
                .contains("4 members tolerate 1 failure(s), as many as 3")
        );
    }
}
