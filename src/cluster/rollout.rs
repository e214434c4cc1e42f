//! The writes and reads behind `rollout`. Every StatefulSet write carries
//! the resourceVersion it was decided on (`metadata.resourceVersion` in the
//! patch), so the API server answers 409 when the set changed meanwhile
//! (safety rule 5); pod deletes carry Preconditions{uid, resourceVersion}.
//! Plain values only: the operation decides, this module sends.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{ControllerRevision, StatefulSet};
use k8s_openapi::api::core::v1::{Event, Pod};
use kube::api::{Api, DeleteParams, ListParams, Patch, PatchParams, Preconditions};
use serde_json::{Value, json};

use super::Kube;
use crate::error::{Failure, Target};
use crate::plan::selector;

fn set_target(verb: &'static str, ns: &str, name: &str) -> Target {
    Target::new(verb, "statefulsets.apps")
        .ns(Some(ns))
        .name(name)
}

fn params(server_dry_run: bool) -> PatchParams {
    PatchParams {
        dry_run: server_dry_run,
        ..Default::default()
    }
}

/// Annotation changes of one write: a value sets the key, `None` removes it.
pub type Annotations = BTreeMap<String, Option<String>>;

fn annotations_json(a: &Annotations) -> Value {
    a.iter()
        .map(|(k, v)| {
            (
                k.clone(),
                v.clone().map(Value::String).unwrap_or(Value::Null),
            )
        })
        .collect::<serde_json::Map<_, _>>()
        .into()
}

/// A merge patch of the partition (when given) and `annotations`, valid only
/// at the set's resourceVersion. `server_dry_run` sends it with dryRun=All.
pub async fn patch_set(
    kube: &Kube,
    set: &StatefulSet,
    partition: Option<i32>,
    annotations: &Annotations,
    server_dry_run: bool,
) -> Result<StatefulSet, Failure> {
    let ns = set.metadata.namespace.as_deref().unwrap_or("default");
    let name = set.metadata.name.as_deref().unwrap_or_default();
    let rv = set.metadata.resource_version.clone().unwrap_or_default();
    let mut body = json!({"metadata": {"resourceVersion": rv}});
    if let Some(p) = partition {
        body["spec"] = json!({"updateStrategy": {"rollingUpdate": {"partition": p}}});
    }
    if !annotations.is_empty() {
        body["metadata"]["annotations"] = annotations_json(annotations);
    }
    let detail = match partition {
        Some(p) => format!("partition={p} resourceVersion={rv}"),
        None => format!("annotation resourceVersion={rv}"),
    };
    let api: Api<StatefulSet> = Api::namespaced(kube.client.clone(), ns);
    kube.call(
        &set_target("patch", ns, name),
        &detail,
        api.patch(name, &params(server_dry_run), &Patch::Merge(&body)),
    )
    .await
}

/// Replaces the pod template with `template` (a ControllerRevision's
/// `data.spec.template`), and sets the partition (when given) and
/// `annotations`, in one write valid only at the set's resourceVersion. A
/// strategic merge patch with `$patch: replace`, as `kubectl rollout undo`
/// sends, so fields of the bad template do not survive.
pub async fn restore_template(
    kube: &Kube,
    set: &StatefulSet,
    template: &Value,
    partition: Option<i32>,
    annotations: &Annotations,
    server_dry_run: bool,
) -> Result<StatefulSet, Failure> {
    let ns = set.metadata.namespace.as_deref().unwrap_or("default");
    let name = set.metadata.name.as_deref().unwrap_or_default();
    let rv = set.metadata.resource_version.clone().unwrap_or_default();
    let mut template = template.clone();
    template["$patch"] = json!("replace");
    let mut body = json!({
        "metadata": {"resourceVersion": rv, "annotations": annotations_json(annotations)},
        "spec": {"template": template},
    });
    if let Some(p) = partition {
        body["spec"]["updateStrategy"] = json!({"rollingUpdate": {"partition": p}});
    }
    let api: Api<StatefulSet> = Api::namespaced(kube.client.clone(), ns);
    kube.call(
        &set_target("patch", ns, name),
        &format!("template resourceVersion={rv}"),
        api.patch(name, &params(server_dry_run), &Patch::Strategic(&body)),
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
pub async fn delete_pod(kube: &Kube, pod: &Pod, server_dry_run: bool) -> Result<(), Failure> {
    let ns = pod.metadata.namespace.as_deref().unwrap_or("default");
    let name = pod.metadata.name.as_deref().unwrap_or_default();
    let dp = DeleteParams {
        dry_run: server_dry_run,
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
