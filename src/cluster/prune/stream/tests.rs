//! Reports built one namespace at a time equal the reports built from
//! every object at once, whatever the page size; and the in-memory scale
//! check (`cargo test --release --lib scale_ -- --ignored --nocapture`)
//! that times both on the `scripts/bench-scale` data set.

use std::cmp::Ordering;

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{
    Node, ObjectReference, PersistentVolume, PersistentVolumeClaim, PersistentVolumeClaimStatus,
    PersistentVolumeClaimVolumeSource, PersistentVolumeSpec, PersistentVolumeStatus, Pod,
    PodCondition, PodSpec, PodStatus, Service, Volume,
};
use k8s_openapi::api::storage::v1::{
    VolumeAttachment, VolumeAttachmentSource, VolumeAttachmentSpec,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::jiff::Timestamp;

use super::super::Prune;
use super::super::tests::{node, served};
use super::*;
use crate::plan::fixtures::{REV_A, pod, pvc, sts};

fn now() -> Timestamp {
    "2026-01-02T00:00:00Z".parse().unwrap()
}

#[test]
fn namespaces_are_in_the_order_of_their_keys() {
    let cases = [
        ("a", "a", Ordering::Equal),
        ("a", "b", Ordering::Less),
        // `a-b/x` < `a/x`: '-' sorts before '/'.
        ("a-b", "a", Ordering::Less),
        ("a", "a-b", Ordering::Greater),
        // `a/x` < `a0/x`: '/' sorts before digits.
        ("a", "a0", Ordering::Less),
        ("shop", "shop-eu", Ordering::Greater),
        ("", "a", Ordering::Less),
    ];
    for (a, b, want) in cases {
        assert_eq!(ns_order(a, b), want, "{a:?} vs {b:?}");
    }
}

/// The LIST key of a namespaced object.
fn key<K: k8s_openapi::Metadata<Ty = ObjectMeta>>(o: &K) -> Vec<u8> {
    let m = o.metadata();
    let mut k = m.namespace.clone().unwrap_or_default().into_bytes();
    k.push(b'/');
    k.extend(m.name.clone().unwrap_or_default().into_bytes());
    k
}

fn in_list_order<K: k8s_openapi::Metadata<Ty = ObjectMeta>>(mut v: Vec<K>) -> Vec<K> {
    v.sort_by_key(|o| key(o));
    v
}

/// `items` served in pages of `size`, as a LIST with continue tokens.
fn paged<K>(items: Vec<K>, size: usize) -> Pages<K>
where
    K: k8s_openapi::Metadata<Ty = ObjectMeta> + Clone + Send + Sync + 'static,
{
    let items = std::sync::Arc::new(items);
    Pages::new(move |token, _page| {
        let items = items.clone();
        Box::pin(async move {
            let start: usize = token.map_or(0, |t| t.parse().unwrap());
            let end = (start + size).min(items.len());
            let next = (end < items.len()).then(|| end.to_string());
            Ok((ready(items[start..end].to_vec()), next))
        })
    })
}

#[tokio::test]
async fn each_namespace_comes_once_with_all_its_objects() {
    let pod_in = |ns: &str, name: &str| Pod {
        metadata: ObjectMeta {
            namespace: Some(ns.into()),
            name: Some(name.into()),
            ..Default::default()
        },
        ..Default::default()
    };
    let pods = in_list_order(vec![
        pod_in("a", "p1"),
        pod_in("a", "p2"),
        pod_in("a", "p3"),
        pod_in("a-b", "p1"),
        pod_in("c", "p1"),
    ]);
    let claims = in_list_order(vec![
        PersistentVolumeClaim {
            metadata: pod_in("b", "c1").metadata,
            ..Default::default()
        },
        PersistentVolumeClaim {
            metadata: pod_in("a", "c1").metadata,
            ..Default::default()
        },
    ]);
    for size in [1, 2, 3, 500] {
        let mut p = paged(pods.clone(), size);
        let mut c = paged(claims.clone(), size);
        let mut seen = vec![];
        let mut last: Option<String> = None;
        while let Some(ns) = next_namespace(&mut [&mut p, &mut c], last.as_deref())
            .await
            .unwrap()
        {
            seen.push((ns.clone(), p.take(&ns).len(), c.take(&ns).len()));
            last = Some(ns);
        }
        let want = [
            ("a-b".to_string(), 1, 0),
            ("a".to_string(), 3, 1),
            ("b".to_string(), 0, 1),
            ("c".to_string(), 1, 0),
        ];
        assert_eq!(seen, want, "pages of {size}");
    }
}

#[tokio::test]
async fn objects_out_of_namespace_order_stop_the_report() {
    let pod_in = |ns: &str| Pod {
        metadata: ObjectMeta {
            namespace: Some(ns.into()),
            name: Some("p".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    let mut p = paged(vec![pod_in("b"), pod_in("a")], 1);
    let first = next_namespace(&mut [&mut p], None).await.unwrap().unwrap();
    assert_eq!(first, "b");
    p.take("b");
    let err = next_namespace(&mut [&mut p], Some("b")).await.unwrap_err();
    assert!(err.to_string().contains("not in namespace order"), "{err}");
}

fn pv(name: &str, claim_ns: Option<&str>, phase: &str) -> PersistentVolume {
    PersistentVolume {
        metadata: ObjectMeta {
            name: Some(name.into()),
            ..Default::default()
        },
        spec: Some(PersistentVolumeSpec {
            claim_ref: claim_ns.map(|ns| ObjectReference {
                namespace: Some(ns.into()),
                name: Some(format!("claim-of-{name}")),
                ..Default::default()
            }),
            storage_class_name: Some("standard".into()),
            ..Default::default()
        }),
        status: Some(PersistentVolumeStatus {
            phase: Some(phase.into()),
            ..Default::default()
        }),
    }
}

#[test]
fn a_namespace_gets_the_volumes_its_rules_can_look_at() {
    let mut store = PvStore::default();
    let pvs = [
        pv("pv-a", Some("a"), "Bound"),
        pv("pv-b", Some("b"), "Bound"),
        pv("pv-free", None, "Available"),
        pv("pv-moved", Some("b"), "Bound"),
        pv("pv-released", Some("a"), "Released"),
    ];
    for v in &pvs {
        store.push(v).unwrap();
    }
    assert_eq!(store.len(), 5);
    // A claim of `a` that names a volume whose claimRef is in `b`.
    let mut claim = pvc("data", "web", 0, "1Gi");
    claim.metadata.namespace = Some("a".into());
    claim.spec.as_mut().unwrap().volume_name = Some("pv-moved".into());
    let names = |v: Vec<PersistentVolume>| -> Vec<String> {
        v.into_iter().map(|p| p.metadata.name.unwrap()).collect()
    };
    let cases: [(&str, Vec<PersistentVolumeClaim>, &[&str]); 3] = [
        (
            "a",
            vec![claim],
            &["pv-a", "pv-free", "pv-moved", "pv-released"],
        ),
        ("b", vec![], &["pv-b", "pv-free", "pv-moved"]),
        ("c", vec![], &["pv-free"]),
    ];
    for (ns, claims, want) in cases {
        assert_eq!(
            names(store.for_ns(ns, &claims).unwrap()),
            want,
            "namespace {ns}"
        );
    }
    // What comes back is the volume as it was stored.
    assert_eq!(store.for_ns("b", &[]).unwrap()[0], pvs[1]);
}

#[test]
fn a_stored_volume_reads_back_equal() {
    let s = served();
    let mut store = PvStore::default();
    let mut pvs = s.pvs.clone();
    for v in &mut pvs {
        v.prune();
        store.push(v).unwrap();
    }
    let claims = s.pvcs.clone();
    let back = store.for_ns(crate::plan::fixtures::NS, &claims).unwrap();
    assert_eq!(back, pvs);
}

/// Several namespaces of the module's served cluster: `shop`, `shop-eu`
/// (listed before `shop`), `a` (a claim of a live ordinal Pending, an
/// Available volume it could use, a pod waiting for its volume with a
/// Multi-Attach), and `gone` (claims of a deleted set and their volumes).
struct Cluster {
    sets: Vec<StatefulSet>,
    pods: Vec<Pod>,
    pvcs: Vec<PersistentVolumeClaim>,
    pvs: Vec<PersistentVolume>,
    services: Vec<Service>,
    nodes: Vec<Node>,
    attachments: Vec<VolumeAttachment>,
}

fn relabel<K: k8s_openapi::Metadata<Ty = ObjectMeta>>(mut o: K, ns: &str) -> K {
    o.metadata_mut().namespace = Some(ns.into());
    o
}

fn cluster() -> Cluster {
    let mut c = Cluster {
        sets: vec![],
        pods: vec![],
        pvcs: vec![],
        pvs: vec![],
        services: vec![],
        nodes: vec![],
        attachments: vec![],
    };
    for ns in ["shop", "shop-eu", "a", "gone"] {
        let s = served();
        let pv_name = |v: &str| format!("{ns}-{v}");
        if ns != "gone" {
            c.sets.extend(s.sets.into_iter().map(|o| relabel(o, ns)));
            c.pods.extend(s.pods.into_iter().map(|o| relabel(o, ns)));
            c.services
                .extend(s.services.into_iter().map(|o| relabel(o, ns)));
        }
        for mut claim in s.pvcs {
            claim.metadata.namespace = Some(ns.into());
            let spec = claim.spec.as_mut().unwrap();
            spec.volume_name = spec.volume_name.as_deref().map(pv_name);
            if ns == "a" && claim.metadata.name.as_deref() == Some("data-web-0") {
                spec.volume_name = None;
                claim.status = Some(PersistentVolumeClaimStatus {
                    phase: Some("Pending".into()),
                    ..Default::default()
                });
            }
            c.pvcs.push(claim);
        }
        for mut v in s.pvs {
            v.metadata.name = v.metadata.name.as_deref().map(pv_name);
            if let Some(r) = v.spec.as_mut().unwrap().claim_ref.as_mut() {
                r.namespace = Some(ns.into());
            }
            c.pvs.push(v);
        }
        if c.nodes.is_empty() {
            c.nodes = s.nodes;
        }
    }
    c.pvs.push(pv("zz-free", None, "Available"));
    // In `a`, a new pod of ordinal 3 on node-0 waits for a volume that a
    // VolumeAttachment still holds on node-1.
    let set = c
        .sets
        .iter()
        .find(|s| s.metadata.namespace.as_deref() == Some("a"))
        .unwrap();
    let mut waiting = relabel(pod(set, 3, REV_A), "a");
    let spec = waiting.spec.as_mut().unwrap();
    spec.volumes = Some(vec![Volume {
        name: "data".into(),
        persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
            claim_name: "data-web-3".into(),
            read_only: None,
        }),
        ..Default::default()
    }]);
    waiting.status = Some(PodStatus {
        phase: Some("Pending".into()),
        conditions: Some(vec![PodCondition {
            type_: "PodScheduled".into(),
            status: "True".into(),
            ..Default::default()
        }]),
        ..Default::default()
    });
    c.pods.push(waiting);
    c.attachments.push(VolumeAttachment {
        metadata: ObjectMeta {
            name: Some("csi-1".into()),
            uid: Some("uid-csi-1".into()),
            resource_version: Some("7".into()),
            ..Default::default()
        },
        spec: VolumeAttachmentSpec {
            attacher: "csi.example.com".into(),
            node_name: "node-1".into(),
            source: VolumeAttachmentSource {
                persistent_volume_name: Some("a-pv-data-web-3".into()),
                ..Default::default()
            },
        },
        status: None,
    });
    c.sets = in_list_order(c.sets);
    c.pods = in_list_order(c.pods);
    c.pvcs = in_list_order(c.pvcs);
    c.services = in_list_order(c.services);
    c.pvs.sort_by(|a, b| a.metadata.name.cmp(&b.metadata.name));
    c
}

fn store_of(pvs: &[PersistentVolume]) -> PvStore {
    let mut s = PvStore::default();
    for v in pvs {
        s.push(v).unwrap();
    }
    s
}

const PAGE_SIZES: [usize; 4] = [1, 2, 5, 500];

#[tokio::test]
async fn status_by_namespace_is_the_status_of_everything() {
    use crate::cluster::status::{Kinds, by_namespace};
    use crate::plan::status::{Snapshot, build_report};
    let c = cluster();
    let whole = build_report(&Snapshot {
        sets: c.sets.clone(),
        pods: c.pods.clone(),
        pvcs: c.pvcs.clone(),
        pvs: Some(c.pvs.clone()),
        services: Some(c.services.clone()),
        leases: Some(vec![]),
        now: now(),
        warnings: vec!["w".into()],
    });
    assert_eq!(whole.stateful_sets.len(), 3);
    for size in PAGE_SIZES {
        let kinds = Kinds {
            sets: paged(c.sets.clone(), size),
            pods: paged(c.pods.clone(), size),
            pvcs: paged(c.pvcs.clone(), size),
            services: paged(c.services.clone(), size),
            leases: paged(vec![], size),
            pvs: Some(store_of(&c.pvs)),
        };
        let report = by_namespace(kinds, now(), vec!["w".into()]).await.unwrap();
        assert_eq!(report, whole, "pages of {size}");
    }
}

#[tokio::test]
async fn orphans_by_namespace_are_the_orphans_of_everything() {
    use crate::cluster::pvc::orphans_by_namespace;
    use crate::plan::orphans::{World, find};
    let c = cluster();
    let map: std::collections::HashMap<String, &PersistentVolume> = c
        .pvs
        .iter()
        .map(|p| (p.metadata.name.clone().unwrap(), p))
        .collect();
    let world = World {
        sets: &c.sets,
        pods: &c.pods,
        pvs: Some(&map),
    };
    let whole = find(&c.pvcs, &world, None);
    // Ordinal 3 of the live sets (in `a` a waiting pod mounts it), and
    // every claim of the deleted set.
    assert_eq!(whole.len(), 2 + 5, "{whole:#?}");
    let store = store_of(&c.pvs);
    for size in PAGE_SIZES {
        let found = orphans_by_namespace(
            paged(c.sets.clone(), size),
            paged(c.pvcs.clone(), size),
            paged(c.pods.clone(), size),
            Some(&store),
            None,
        )
        .await
        .unwrap();
        assert_eq!(found, whole, "pages of {size}");
    }
}

/// Attachments kept in memory, as read from the API.
struct Given(Vec<VolumeAttachment>);

impl crate::cluster::recover::ReadAttachments for Given {
    fn read<'s>(
        &'s self,
        snap: &'s mut crate::plan::recover::Snapshot,
    ) -> BoxFuture<'s, Result<(), Failure>> {
        Box::pin(async move {
            snap.attachments = Some(self.0.clone());
            Ok(())
        })
    }
}

#[tokio::test]
async fn recover_by_namespace_finds_what_recover_of_everything_finds() {
    use crate::cluster::recover::{Kinds, by_namespace};
    use crate::plan::recover::{Options, Snapshot, diagnose};
    let c = cluster();
    let opts = Options::default();
    let whole = diagnose(
        &Snapshot {
            sets: c.sets.clone(),
            pods: c.pods.clone(),
            pvcs: c.pvcs.clone(),
            pvs: Some(c.pvs.clone()),
            nodes: Some(c.nodes.clone()),
            attachments: Some(c.attachments.clone()),
            ..Default::default()
        },
        &opts,
        now(),
    );
    // The pod stuck terminating of each live set.
    assert_eq!(whole.len(), 3, "{whole:#?}");
    for size in PAGE_SIZES {
        let kinds = Kinds {
            sets: paged(c.sets.clone(), size),
            pods: paged(c.pods.clone(), size),
            pvcs: paged(c.pvcs.clone(), size),
            pvs: Some(store_of(&c.pvs)),
        };
        let base = Snapshot {
            nodes: Some(c.nodes.clone()),
            attachments: Some(vec![]),
            warnings: vec!["w".into()],
            ..Default::default()
        };
        let given = Given(c.attachments.clone());
        let (snap, found) = by_namespace(kinds, base, &opts, now(), &given)
            .await
            .unwrap();
        assert_eq!(found, whole, "pages of {size}");
        assert_eq!(snap.sets.len(), c.sets.len());
        assert_eq!(snap.warnings, ["w"]);
    }
}

#[tokio::test]
async fn doctor_by_namespace_is_the_doctor_of_everything() {
    use crate::cluster::doctor::{Kinds, by_namespace};
    use crate::plan::doctor::{Read, World, diagnose};
    let c = cluster();
    let whole = diagnose(
        &World {
            pods: c.pods.clone(),
            services: Read::Got(c.services.clone()),
            pdbs: Read::Got(vec![]),
            pvcs: Read::Got(c.pvcs.clone()),
            pvs: Read::Got(c.pvs.clone()),
            storage_classes: Read::Got(vec![]),
            nodes: Read::Got(c.nodes.clone()),
            ..World::new(c.sets.clone(), now())
        },
        vec![],
    );
    assert!(whole.summary.errors + whole.summary.warnings > 0);
    for size in PAGE_SIZES {
        let kinds = Kinds {
            sets: paged(c.sets.clone(), size),
            pods: paged(c.pods.clone(), size),
            services: paged(c.services.clone(), size),
            pdbs: paged(vec![], size),
            pvcs: paged(c.pvcs.clone(), size),
            pvs: Ok(store_of(&c.pvs)),
        };
        let base = World {
            nodes: Read::Got(c.nodes.clone()),
            ..World::new(vec![], now())
        };
        let report = by_namespace(kinds, base).await.unwrap();
        assert_eq!(report, whole, "pages of {size}");
    }
    // PodDisruptionBudgets that could not be read: the same reason in
    // every set's skipped checks, as from one list.
    let unread = |w: &mut World| w.pdbs = Read::Unavailable("forbidden".into());
    let mut world = World {
        pods: c.pods.clone(),
        services: Read::Got(c.services.clone()),
        pvcs: Read::Got(c.pvcs.clone()),
        pvs: Read::Got(c.pvs.clone()),
        nodes: Read::Got(c.nodes.clone()),
        ..World::new(c.sets.clone(), now())
    };
    unread(&mut world);
    let whole = diagnose(&world, vec![]);
    let mut pdbs = paged(vec![], 2);
    pdbs.set_unreadable("forbidden".into());
    let kinds = Kinds {
        sets: paged(c.sets.clone(), 2),
        pods: paged(c.pods.clone(), 2),
        services: paged(c.services.clone(), 2),
        pdbs,
        pvcs: paged(c.pvcs.clone(), 2),
        pvs: Ok(store_of(&c.pvs)),
    };
    let base = World {
        nodes: Read::Got(c.nodes.clone()),
        ..World::new(vec![], now())
    };
    assert_eq!(by_namespace(kinds, base).await.unwrap(), whole);
}

// ------------------------------------------------------------- at scale

mod reader;
mod scale;
