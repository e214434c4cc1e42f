//! The checks, one group per file. Each group lists its checks in `ALL`;
//! [`all`] is the order they run and are documented in.

use super::Check;

mod disruption;
mod lifecycle;
mod placement;
mod pods;
mod probes;
mod service;
mod storage;
mod updates;

/// Every check, in group order: service, disruption, probes, placement,
/// storage, updates, lifecycle, pods.
pub fn all() -> Vec<&'static Check> {
    [
        service::ALL,
        disruption::ALL,
        probes::ALL,
        placement::ALL,
        storage::ALL,
        updates::ALL,
        lifecycle::ALL,
        pods::ALL,
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The containers of the set's pod template (init containers left out).
pub(super) fn containers(
    set: &k8s_openapi::api::apps::v1::StatefulSet,
) -> &[k8s_openapi::api::core::v1::Container] {
    set.spec
        .template
        .spec
        .as_ref()
        .map(|s| s.containers.as_slice())
        .unwrap_or_default()
}

/// Images of systems that need a majority of their members up (Raft, Zab,
/// Paxos): for them, losing half the pods stops writes. Matched against the
/// last path segment of an image, before its tag.
const QUORUM_IMAGES: &[&str] = &[
    "zookeeper",
    "etcd",
    "consul",
    "vault",
    "cockroach",
    "nats",
    "rabbitmq",
    "mongo",
    "mongodb",
    "kafka",
    "redpanda",
    "elasticsearch",
    "opensearch",
    "cassandra",
    "scylla",
    "cp-kafka",
    "cp-zookeeper",
    "consul-enterprise",
    "vault-enterprise",
];

/// The quorum system the set's template suggests (the first container
/// image whose name is one of [`QUORUM_IMAGES`], e.g. `zookeeper` for
/// `docker.io/library/zookeeper:3.9`), or `None`.
pub(super) fn quorum_system(set: &k8s_openapi::api::apps::v1::StatefulSet) -> Option<&'static str> {
    containers(set).iter().find_map(|c| {
        let image = c.image.as_deref()?;
        let last = image.rsplit('/').next()?;
        let name = last.split(['@', ':']).next()?;
        QUORUM_IMAGES.iter().find(|q| name == **q).copied()
    })
}

/// `s` with one container, `main`, running `image`.
#[cfg(test)]
pub(super) fn with_image(
    mut s: k8s_openapi::api::apps::v1::StatefulSet,
    image: &str,
) -> k8s_openapi::api::apps::v1::StatefulSet {
    s.spec.template.spec = Some(k8s_openapi::api::core::v1::PodSpec {
        containers: vec![k8s_openapi::api::core::v1::Container {
            name: "main".into(),
            image: Some(image.into()),
            ..Default::default()
        }],
        ..Default::default()
    });
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::fixtures::sts;

    #[test]
    fn quorum_systems_are_recognised_by_image_name() {
        for (image, want) in [
            ("zookeeper:3.9", Some("zookeeper")),
            ("registry.k8s.io/etcd:3.5.12-0", Some("etcd")),
            ("quay.io/coreos/etcd@sha256:abc", Some("etcd")),
            ("bitnami/kafka", Some("kafka")),
            ("postgres:16", None),
            ("example.com/etcd-backup-ui:1", None),
            ("confluentinc/cp-zookeeper:7.6.0", Some("cp-zookeeper")),
            ("myetcd:1", None),
        ] {
            assert_eq!(
                quorum_system(&with_image(sts("q", 3, &[]), image)),
                want,
                "{image}"
            );
        }
    }
}
