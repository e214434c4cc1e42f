//! The pod template's lifecycle settings: how long a member gets to shut
//! down, what it asks the scheduler for, and which software a new pod
//! runs. Kubernetes docs, "Pod Lifecycle > Termination of Pods", "Resource
//! Management for Pods and Containers" and "Images > Image names".

use std::collections::BTreeSet;

use k8s_openapi::api::core::v1::Container;

use crate::plan::doctor::{Check, Facts, Finding, Severity, Unavailable};

use super::{containers, quorum_system};

pub const ALL: &[Check] = &[
    Check {
        id: "lifecycle-short-grace-period",
        severity: Severity::Warning,
        summary: "terminationGracePeriodSeconds below 30 for a set with claims or a database \
                  image: it may be killed before it has flushed",
        run: short_grace_period,
    },
    Check {
        id: "lifecycle-no-resource-requests",
        severity: Severity::Warning,
        summary: "a container requests no cpu or no memory: evicted first under node pressure, \
                  placed without regard to its needs",
        run: no_resource_requests,
    },
    Check {
        id: "lifecycle-mutable-image-tag",
        severity: Severity::Warning,
        summary: "an image without a tag or with `latest`, not pinned by digest: a restarted pod \
                  may run other software than its peers",
        run: mutable_image_tag,
    },
];

/// The kubelet's default when the field is unset.
const DEFAULT_GRACE_SECS: i64 = 30;

/// Image names (last path segment, before the tag) of databases and other
/// stores that flush on shutdown, matched as prefixes (`postgres` matches
/// `postgresql`, `mongo` matches `mongodb`).
const DATABASE_IMAGES: &[&str] = &[
    "postgres",
    "postgis",
    "timescaledb",
    "mysql",
    "mariadb",
    "percona",
    "mongo",
    "redis",
    "valkey",
    "kafka",
    "zookeeper",
    "etcd",
    "elasticsearch",
    "opensearch",
    "cassandra",
    "scylla",
    "cockroach",
    "clickhouse",
    "influxdb",
    "neo4j",
    "couchdb",
    "rabbitmq",
    "minio",
    "yugabyte",
];

/// The name of an image without registry, path, tag or digest:
/// `postgres` for `docker.io/library/postgres:16@sha256:...`.
fn image_name(image: &str) -> &str {
    let last = image.rsplit('/').next().unwrap_or(image);
    last.split(['@', ':']).next().unwrap_or(last)
}

/// The image without its tag: `registry:5000/redis` for
/// `registry:5000/redis:latest` (a registry port is not a tag).
fn repository(image: &str) -> &str {
    let slash = image.rfind('/').map_or(0, |i| i + 1);
    match image[slash..].find(':') {
        Some(i) => &image[..slash + i],
        None => image,
    }
}

/// The first container whose image looks like a database or a quorum
/// system: its name and image.
fn database<'a>(f: &Facts<'a>) -> Option<(&'a str, &'a str)> {
    let quorum = quorum_system(f.set);
    containers(f.set).iter().find_map(|c| {
        let image = c.image.as_deref()?;
        let name = image_name(image);
        (DATABASE_IMAGES.iter().any(|d| name.starts_with(d)) || Some(name) == quorum)
            .then_some((c.name.as_str(), image))
    })
}

/// On deletion the kubelet sends SIGTERM, waits the grace period, then
/// SIGKILL (Kubernetes docs, "Pod Lifecycle > Termination of Pods").
fn short_grace_period(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    let grace = f
        .set
        .spec
        .template
        .spec
        .as_ref()
        .and_then(|s| s.termination_grace_period_seconds);
    let Some(grace) = grace.filter(|g| *g < DEFAULT_GRACE_SECS) else {
        return Ok(vec![]);
    };
    let templates: Vec<&str> = f
        .set
        .spec
        .volume_claim_templates
        .iter()
        .flatten()
        .filter_map(|t| t.metadata.name.as_deref())
        .collect();
    let db = database(f);
    if templates.is_empty() && db.is_none() {
        return Ok(vec![]);
    }
    let mut finding = Finding::new(
        "lifecycle-short-grace-period",
        Severity::Warning,
        f,
        format!("terminationGracePeriodSeconds is {grace}"),
    )
    .evidence(format!(
        "spec.template.spec.terminationGracePeriodSeconds: {grace} (default \
         {DEFAULT_GRACE_SECS})"
    ));
    if !templates.is_empty() {
        finding = finding.evidence(format!("claim templates: {}", templates.join(", ")));
    }
    if let Some((c, image)) = db {
        finding = finding.evidence(format!("container {c}: image: {image}"));
    }
    Ok(vec![
        finding
            .why(format!(
                "every restart, rollout and drain kills the process {grace}s after SIGTERM: a \
                 database killed before it flushed recovers from its log on the next start, \
                 or loses the writes it had acknowledged"
            ))
            .fix(format!(
                "kubectl patch statefulset {} -n {} -p \
                 '{{\"spec\":{{\"template\":{{\"spec\":{{\"terminationGracePeriodSeconds\":60}}}}}}}}' \
                 (at least {DEFAULT_GRACE_SECS}, more if a clean shutdown takes longer; a \
                 template change, rolled out like any other)",
                f.name(),
                f.ns()
            )),
    ])
}

/// The resources a container requests; a limit without a request counts
/// as the request (the API server copies it).
fn missing_requests(c: &Container) -> Vec<&'static str> {
    let r = c.resources.as_ref();
    ["cpu", "memory"]
        .into_iter()
        .filter(|k| {
            let has = |m: Option<&std::collections::BTreeMap<String, _>>| {
                m.is_some_and(|m| m.contains_key(*k))
            };
            !has(r.and_then(|r| r.requests.as_ref())) && !has(r.and_then(|r| r.limits.as_ref()))
        })
        .collect()
}

/// Warning, not info: the kubelet evicts first the pods whose usage exceeds
/// their requests (Kubernetes docs, "Node-pressure Eviction"), and for a
/// member of a replicated store an eviction is a failover.
fn no_resource_requests(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    let missing: Vec<(&str, Vec<&str>)> = containers(f.set)
        .iter()
        .map(|c| (c.name.as_str(), missing_requests(c)))
        .filter(|(_, m)| !m.is_empty())
        .collect();
    if missing.is_empty() {
        return Ok(vec![]);
    }
    let names: Vec<&str> = missing.iter().map(|(n, _)| *n).collect();
    let mut finding = Finding::new(
        "lifecycle-no-resource-requests",
        Severity::Warning,
        f,
        format!(
            "container(s) {} request no {}",
            names.join(", "),
            if missing.iter().any(|(_, m)| m.len() == 2) {
                "cpu or memory"
            } else {
                missing[0].1[0]
            }
        ),
    );
    for (c, m) in &missing {
        finding = finding.evidence(format!(
            "container {c}: resources.requests: no {}",
            m.join(", no ")
        ));
    }
    Ok(vec![
        finding
            .why(
                "the scheduler places the pod without reserving what it needs, and under node \
                 memory pressure the kubelet evicts it before pods that stay within their \
                 requests: for a database member that is a failover at a bad moment",
            )
            .fix(format!(
                "kubectl set resources statefulset {} -n {} -c {} --requests=cpu=...,memory=... \
                 (its usual use; a template change, rolled out like any other)",
                f.name(),
                f.ns(),
                names[0]
            )),
    ])
}

/// Whether `image` names mutable content: no tag, or `latest`, and no
/// digest (Kubernetes docs, "Images > Image names": without a tag,
/// `latest` is assumed).
fn mutable(image: &str) -> bool {
    if image.contains('@') {
        return false;
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.split_once(':') {
        None => true,
        Some((_, tag)) => tag == "latest",
    }
}

/// The digests the set's pods run for container `name` (from
/// `status.containerStatuses[].imageID`).
fn running_digests(f: &Facts<'_>, name: &str) -> BTreeSet<String> {
    f.pods
        .iter()
        .filter_map(|p| p.status.as_ref()?.container_statuses.as_ref())
        .flatten()
        .filter(|s| s.name == name)
        .filter_map(|s| s.image_id.rsplit_once('@').map(|(_, d)| d.to_string()))
        .collect()
}

fn mutable_image_tag(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    let spec = f.set.spec.template.spec.as_ref();
    let init = spec
        .and_then(|s| s.init_containers.as_deref())
        .unwrap_or_default();
    let mutable: Vec<(&str, &str)> = init
        .iter()
        .chain(containers(f.set))
        .filter_map(|c| Some((c.name.as_str(), c.image.as_deref()?)))
        .filter(|(_, i)| mutable(i))
        .collect();
    let Some((first, first_image)) = mutable.first().copied() else {
        return Ok(vec![]);
    };
    let mut finding = Finding::new(
        "lifecycle-mutable-image-tag",
        Severity::Warning,
        f,
        format!(
            "image(s) by mutable tag: {}",
            mutable
                .iter()
                .map(|(c, i)| format!("{c}={i}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    for (c, i) in &mutable {
        finding = finding.evidence(format!("container {c}: image: {i}"));
        let digests = running_digests(f, c);
        if digests.len() > 1 {
            finding = finding.evidence(format!(
                "the pods already run {} different images for container {c}: {}",
                digests.len(),
                digests.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
    }
    let repo = repository(first_image);
    // The digest every pod runs, when they agree, pins what runs now.
    let digests: Vec<String> = running_digests(f, first).into_iter().collect();
    let pinned = match digests.as_slice() {
        [d] => format!("{repo}@{d}"),
        _ => format!("{repo}:<version>"),
    };
    Ok(vec![
        finding
            .why(
                "a restart or a rescheduling pulls whatever the tag points to then: a member \
                 may come back running other software than its peers, with no template \
                 change and no rollout to show or undo it",
            )
            .fix(format!(
                "pin a version tag or a digest: kubectl set image statefulset {} -n {} \
                 {first}={pinned} (a template change, rolled out like any other)",
                f.name(),
                f.ns()
            )),
    ])
}

#[cfg(test)]
mod tests;
