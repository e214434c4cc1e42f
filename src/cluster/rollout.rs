//! The writes and reads behind `rollout`. Every StatefulSet write carries
//! the resourceVersion it was decided on (`metadata.resourceVersion` in the
//! patch), so the API server answers 409 when the set changed meanwhile
//! (safety rule 5); pod deletes carry Preconditions{uid, resourceVersion}.

use k8s_openapi::api::apps::v1::{ControllerRevision, StatefulSet};
use k8s_openapi::api::core::v1::{Event, Pod};
use kube::api::{Api, DeleteParams, ListParams, Patch, PatchParams, Preconditions};
use serde_json::{Value, json};

use super::Kube;
use crate::args::DryRun;
use crate::error::{Failure, Target};
use crate::plan::health::check_set;
use crate::plan::rollout::{Intent, intent_annotation, step_still_valid};
use crate::plan::selector;

fn set_target(verb: &'static str, ns: &str, name: &str) -> Target {
    Target::new(verb, "statefulsets.apps")
        .ns(Some(ns))
        .name(name)
}

fn params(dry: Option<DryRun>) -> PatchParams {
    PatchParams {
        dry_run: dry == Some(DryRun::Server),
        ..Default::default()
    }
}

/// GET the set, with a message naming the next step when it is missing.
pub async fn get_set(kube: &Kube, ns: &str, name: &str) -> Result<StatefulSet, Failure> {
    kube.get_opt::<StatefulSet>(ns, name).await?.ok_or_else(|| {
        Failure::NotFound(format!(
            "statefulset {name:?} not found in namespace {ns:?}. List the StatefulSets there \
             with: kubectl sts status -n {ns}"
        ))
    })
}

pub async fn list_pods(kube: &Kube, set: &StatefulSet) -> Result<Vec<Pod>, Failure> {
    let ns = set.metadata.namespace.as_deref().unwrap_or("default");
    let sel = selector::to_query(&set.spec.selector);
    kube.list::<Pod>(Some(ns), Some(&sel)).await
}

/// A merge patch of `spec` and the intent annotation (`None` removes it),
/// valid only at `resource_version`.
pub async fn patch_set(
    kube: &Kube,
    set: &StatefulSet,
    partition: Option<i32>,
    intent: Option<Option<&Intent>>,
    dry: Option<DryRun>,
) -> Result<StatefulSet, Failure> {
    let ns = set.metadata.namespace.as_deref().unwrap_or("default");
    let name = set.metadata.name.as_deref().unwrap_or_default();
    let rv = set.metadata.resource_version.clone().unwrap_or_default();
    let mut body = json!({"metadata": {"resourceVersion": rv}});
    if let Some(p) = partition {
        body["spec"] = json!({"updateStrategy": {"rollingUpdate": {"partition": p}}});
    }
    if let Some(i) = intent {
        let v = match i {
            Some(i) => Value::String(serde_json::to_string(i).expect("intent serializes")),
            None => Value::Null,
        };
        body["metadata"]["annotations"] = json!({ intent_annotation(): v });
    }
    let detail = match partition {
        Some(p) => format!("partition={p} resourceVersion={rv}"),
        None => format!("annotation resourceVersion={rv}"),
    };
    let api: Api<StatefulSet> = Api::namespaced(kube.client.clone(), ns);
    kube.call(
        &set_target("patch", ns, name),
        &detail,
        api.patch(name, &params(dry), &Patch::Merge(&body)),
    )
    .await
}

/// Replaces the pod template with `template` (a ControllerRevision's
/// `data.spec.template`), valid only at the set's resourceVersion. A
/// strategic merge patch with `$patch: replace`, as `kubectl rollout undo`
/// sends, so fields of the bad template do not survive.
pub async fn restore_template(
    kube: &Kube,
    set: &StatefulSet,
    template: &Value,
    dry: Option<DryRun>,
) -> Result<StatefulSet, Failure> {
    let ns = set.metadata.namespace.as_deref().unwrap_or("default");
    let name = set.metadata.name.as_deref().unwrap_or_default();
    let rv = set.metadata.resource_version.clone().unwrap_or_default();
    let mut template = template.clone();
    template["$patch"] = json!("replace");
    let body = json!({
        "metadata": {"resourceVersion": rv, "annotations": {intent_annotation(): null}},
        "spec": {"template": template},
    });
    let api: Api<StatefulSet> = Api::namespaced(kube.client.clone(), ns);
    kube.call(
        &set_target("patch", ns, name),
        &format!("template resourceVersion={rv}"),
        api.patch(name, &params(dry), &Patch::Strategic(&body)),
    )
    .await
}

/// The set's ControllerRevisions (owned by it), oldest first.
pub async fn revisions(kube: &Kube, set: &StatefulSet) -> Result<Vec<ControllerRevision>, Failure> {
    let ns = set.metadata.namespace.as_deref().unwrap_or("default");
    let sel = selector::to_query(&set.spec.selector);
    let uid = set.metadata.uid.as_deref();
    let mut revs: Vec<ControllerRevision> = kube
        .list::<ControllerRevision>(Some(ns), Some(&sel))
        .await?
        .into_iter()
        .filter(|r| {
            r.metadata
                .owner_references
                .iter()
                .flatten()
                .any(|o| Some(o.uid.as_str()) == uid)
        })
        .collect();
    revs.sort_by_key(|r| r.revision.unwrap_or(0));
    Ok(revs)
}

/// Deletes a pod only if it is still the one that was decided on.
pub async fn delete_pod(kube: &Kube, pod: &Pod, dry: Option<DryRun>) -> Result<(), Failure> {
    let ns = pod.metadata.namespace.as_deref().unwrap_or("default");
    let name = pod.metadata.name.as_deref().unwrap_or_default();
    let dp = DeleteParams {
        dry_run: dry == Some(DryRun::Server),
        preconditions: Some(Preconditions {
            uid: pod.metadata.uid.clone(),
            resource_version: pod.metadata.resource_version.clone(),
        }),
        ..Default::default()
    };
    let api: Api<Pod> = Api::namespaced(kube.client.clone(), ns);
    let target = Target::new("delete", "pods").ns(Some(ns)).name(name);
    kube.call(
        &target,
        "with preconditions uid+resourceVersion",
        api.delete(name, &dp),
    )
    .await
    .map(|_| ())
}

/// The pod's recent Events, oldest first: one LIST with a field selector.
pub async fn pod_events(
    kube: &Kube,
    ns: &str,
    pod: &str,
    uid: Option<&str>,
) -> Result<Vec<Event>, Failure> {
    let api: Api<Event> = Api::namespaced(kube.client.clone(), ns);
    // The UID keeps out the events of earlier pods of the same name.
    let mut fields = format!("involvedObject.name={pod},involvedObject.kind=Pod");
    if let Some(uid) = uid {
        fields.push_str(&format!(",involvedObject.uid={uid}"));
    }
    let lp = ListParams::default().fields(&fields).limit(100);
    let target = Target::new("list", "events").ns(Some(ns));
    let mut items = kube
        .call(&target, &format!("fieldSelector={fields}"), api.list(&lp))
        .await?
        .items;
    items.sort_by_key(|e| {
        e.last_timestamp
            .as_ref()
            .map(|t| t.0)
            .or(e.event_time.as_ref().map(|t| t.0))
    });
    Ok(items)
}

/// How many times a write is re-decided after 409 before giving up.
pub const CONFLICT_ATTEMPTS: usize = 5;

/// Writes `partition` (and the intent: `Some(None)` removes it, `None`
/// leaves it) on `set` as read at its
/// resourceVersion. On 409 it re-reads the set and re-decides with
/// [`step_still_valid`]: the write is sent again only if the set still rolls
/// out `target_revision` from `expected_partition`; otherwise it stops with
/// the reason, having written nothing. Returns the written set and the number
/// of conflicts met.
pub async fn write_partition(
    kube: &Kube,
    mut set: StatefulSet,
    expected_partition: i32,
    target_revision: &str,
    partition: i32,
    intent: Option<Option<&Intent>>,
    dry: Option<DryRun>,
) -> Result<(StatefulSet, usize), Failure> {
    let ns = set.metadata.namespace.clone().unwrap_or_default();
    let name = set.metadata.name.clone().unwrap_or_default();
    for conflicts in 0..CONFLICT_ATTEMPTS {
        match patch_set(kube, &set, Some(partition), intent, dry).await {
            Ok(s) => return Ok((s, conflicts)),
            Err(Failure::Conflict(_)) => {
                set = get_set(kube, &ns, &name).await?;
                if let Err(why) = step_still_valid(&set, target_revision, expected_partition) {
                    return Err(Failure::Conflict(format!(
                        "statefulset {name:?} in namespace {ns:?} changed while the partition was \
                         being set to {partition}: {why}. Nothing was written; check it with: \
                         kubectl sts rollout status {name} -n {ns}"
                    )));
                }
                // Lowering the partition takes pods down: the set must still be healthy (rule 1).
                if partition < expected_partition {
                    let pods = list_pods(kube, &set).await?;
                    let refs: Vec<&Pod> = pods.iter().collect();
                    if let Some(u) = check_set(&set, &refs, None).into_iter().next() {
                        return Err(Failure::Refused(format!(
                            "statefulset {name:?} in namespace {ns:?} changed while the partition \
                             was being set to {partition}, and it is no longer healthy: {}. \
                             Nothing was written",
                            u.reason
                        )));
                    }
                }
            }
            Err(e) => return Err(e),
        }
    }
    Err(Failure::Conflict(format!(
        "statefulset {name:?} in namespace {ns:?} kept changing ({CONFLICT_ATTEMPTS} conflicts in a \
         row) while the partition was being set to {partition}; nothing was written. Re-run the \
         command"
    )))
}
