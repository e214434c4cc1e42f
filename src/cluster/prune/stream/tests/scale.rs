//! The per-namespace reports against the all-at-once ones on a generated
//! data set of any size (`KSTS_SCALE_SETS`), with their times.

use std::time::Instant;

use super::*;

/// The `scripts/bench-scale` data set, pruned as listed: `sets`
/// namespaces `scale-NNNNN`, each with StatefulSet `db` (10 replicas,
/// claim template `data`), its 10 pods Pending and unschedulable, 11
/// claims pre-bound to 11 PVs (ordinal 10 an orphan).
fn bench_world(sets: usize) -> Cluster {
    let mut c = Cluster {
        sets: vec![],
        pods: vec![],
        pvcs: vec![],
        pvs: vec![],
        services: vec![],
        nodes: vec![node("kwok-node-0", "True")],
        attachments: vec![],
    };
    for i in 0..sets {
        let ns = format!("scale-{i:05}");
        let mut set = relabel(sts("db", 10, &["data"]), &ns);
        set.metadata.uid = Some(format!("uid-db-{ns}"));
        for o in 0..10 {
            let mut p = relabel(pod(&set, o, REV_A), &ns);
            let spec = p.spec.get_or_insert_with(PodSpec::default);
            spec.node_name = None;
            spec.volumes = Some(vec![Volume {
                name: "data".into(),
                persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                    claim_name: format!("data-db-{o}"),
                    read_only: None,
                }),
                ..Default::default()
            }]);
            p.status = Some(PodStatus {
                phase: Some("Pending".into()),
                conditions: Some(vec![PodCondition {
                    type_: "PodScheduled".into(),
                    status: "False".into(),
                    reason: Some("Unschedulable".into()),
                    message: Some("0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims.".into()),
                    ..Default::default()
                }]),
                ..Default::default()
            });
            c.pods.push(p);
        }
        for o in 0..=10 {
            let mut claim = relabel(pvc("data", "db", o, "1Gi"), &ns);
            let pv_name = format!("pv-{ns}-{o}");
            claim.spec.as_mut().unwrap().volume_name = Some(pv_name.clone());
            claim.status = Some(PersistentVolumeClaimStatus {
                phase: Some("Pending".into()),
                ..Default::default()
            });
            let mut v = pv(&pv_name, Some(&ns), "Pending");
            v.spec.as_mut().unwrap().claim_ref.as_mut().unwrap().name = claim.metadata.name.clone();
            c.pvcs.push(claim);
            c.pvs.push(v);
        }
        c.sets.push(set);
    }
    c.sets = in_list_order(c.sets);
    c.pods = in_list_order(c.pods);
    c.pvcs = in_list_order(c.pvcs);
    c.pvs.sort_by(|a, b| a.metadata.name.cmp(&b.metadata.name));
    c
}

fn sets_from_env() -> usize {
    std::env::var("KSTS_SCALE_SETS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30)
}

fn secs(t: Instant) -> f64 {
    t.elapsed().as_secs_f64()
}

/// Recover and doctor give the same result on the whole data set at once
/// and namespace by namespace (30 sets by default, so it runs in every
/// `cargo test`), and print how long each took: with
/// `KSTS_SCALE_SETS=1000 cargo test --release --lib scale_ -- --nocapture`
/// it is the 10,000-pod data set of the README's Performance section.
#[tokio::test]
async fn scale_recover_and_doctor_whole_and_by_namespace() {
    let sets = sets_from_env();
    let c = bench_world(sets);
    println!(
        "{sets} sets, {} pods, {} claims, {} PVs",
        c.pods.len(),
        c.pvcs.len(),
        c.pvs.len()
    );
    {
        use crate::cluster::recover::{Kinds, by_namespace};
        use crate::plan::recover::{Options, Snapshot, diagnose};
        let opts = Options::default();
        let t = Instant::now();
        let whole = diagnose(
            &Snapshot {
                sets: c.sets.clone(),
                pods: c.pods.clone(),
                pvcs: c.pvcs.clone(),
                pvs: Some(c.pvs.clone()),
                nodes: Some(c.nodes.clone()),
                attachments: Some(vec![]),
                ..Default::default()
            },
            &opts,
            now(),
        );
        println!("recover, whole: {:.2}s ({} findings)", secs(t), whole.len());
        let t = Instant::now();
        let kinds = Kinds {
            sets: paged(c.sets.clone(), 500),
            pods: paged(c.pods.clone(), 500),
            pvcs: paged(c.pvcs.clone(), 500),
            pvs: Some(store_of(&c.pvs)),
        };
        let base = Snapshot {
            nodes: Some(c.nodes.clone()),
            attachments: Some(vec![]),
            ..Default::default()
        };
        let (_, found) = by_namespace(kinds, base, &opts, now(), &Given(vec![]))
            .await
            .unwrap();
        println!("recover, by namespace: {:.2}s", secs(t));
        assert_eq!(found, whole);
    }
    {
        use crate::cluster::doctor::{Kinds, by_namespace};
        use crate::plan::doctor::{Read, World, diagnose};
        let t = Instant::now();
        let whole = diagnose(
            &World {
                pods: c.pods.clone(),
                pvcs: Read::Got(c.pvcs.clone()),
                pvs: Read::Got(c.pvs.clone()),
                nodes: Read::Got(c.nodes.clone()),
                ..World::new(c.sets.clone(), now())
            },
            vec![],
        );
        println!("doctor, whole: {:.2}s", secs(t));
        let t = Instant::now();
        let kinds = Kinds {
            sets: paged(c.sets.clone(), 500),
            pods: paged(c.pods.clone(), 500),
            services: paged(vec![], 500),
            pdbs: paged(vec![], 500),
            pvcs: paged(c.pvcs.clone(), 500),
            pvs: Ok(store_of(&c.pvs)),
        };
        let base = World {
            nodes: Read::Got(c.nodes.clone()),
            ..World::new(vec![], now())
        };
        let report = by_namespace(kinds, base).await.unwrap();
        println!("doctor, by namespace: {:.2}s", secs(t));
        assert_eq!(report, whole);
    }
}
