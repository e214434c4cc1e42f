//! Writes of the restart: evictions (so PodDisruptionBudgets apply, rule 4),
//! a guarded plain delete for `--disable-eviction`, the intent annotation
//! and the restartedAt template annotation, both guarded by resourceVersion
//! (rule 5). Refusals that the caller must decide on (429, 409, 404) come
//! back as values, not as errors.

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{Event, Pod};
use k8s_openapi::api::policy::v1::{Eviction, PodDisruptionBudget};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{DeleteOptions, ObjectMeta, Preconditions};
use kube::api::{Api, DeleteParams, ListParams, Patch, PatchParams, PostParams};
use kube::core::Request;
use serde_json::{Value, json};

use super::Kube;
use crate::error::{Failure, Target};

/// Field manager of our writes, visible in managedFields.
pub const FIELD_MANAGER: &str = "kubectl-sts";

/// What the API server answered to an eviction or a guarded delete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Evicted {
    /// Accepted: the pod is being deleted (or would be, with dry-run).
    Yes,
    /// 429: a PodDisruptionBudget forbids it now. `causes` are the API
    /// server's messages (e.g. "The disruption budget web needs 3 healthy
    /// pods and has 3 currently").
    Blocked {
        message: String,
        causes: Vec<String>,
    },
    /// 409: the pod changed since it was read (precondition failed).
    Conflict,
    /// 404: the pod is gone.
    Gone,
}

/// Splits the outcomes the caller decides on from real errors; the rest go
/// through `Kube::call`'s translation.
fn outcome<T>(r: Result<T, kube::Error>) -> Result<Evicted, kube::Error> {
    match r {
        Ok(_) => Ok(Evicted::Yes),
        Err(kube::Error::Api(s)) if s.code == 429 => Ok(Evicted::Blocked {
            message: s.message.clone(),
            causes: s
                .details
                .as_ref()
                .map(|d| d.causes.iter().map(|c| c.message.clone()).collect())
                .unwrap_or_default(),
        }),
        Err(e) => Err(e),
    }
}

/// 409 and 404 go through `Kube::call`'s translation (so `-v 6` logs the real
/// code) and come back here as values.
fn settle(r: Result<Evicted, Failure>) -> Result<Evicted, Failure> {
    match r {
        Err(Failure::Conflict(_)) => Ok(Evicted::Conflict),
        Err(Failure::NotFound(_)) => Ok(Evicted::Gone),
        other => other,
    }
}

fn preconditions(pod: &Pod) -> Preconditions {
    Preconditions {
        uid: pod.metadata.uid.clone(),
        resource_version: pod.metadata.resource_version.clone(),
    }
}

/// POSTs an Eviction for `pod` with Preconditions{uid, resourceVersion}, so
/// a pod recreated under the same name, or changed since the decision, is
/// never evicted by mistake. Built by hand: kube's `Api::evict` (5.0) sends
/// `delete_options` in snake case, which the API server ignores, so its
/// preconditions would be lost.
pub async fn evict(kube: &Kube, ns: &str, pod: &Pod, dry_run: bool) -> Result<Evicted, Failure> {
    let name = pod.metadata.name.clone().unwrap_or_default();
    let body = Eviction {
        metadata: ObjectMeta {
            name: Some(name.clone()),
            namespace: Some(ns.to_string()),
            ..Default::default()
        },
        delete_options: Some(DeleteOptions {
            preconditions: Some(preconditions(pod)),
            ..Default::default()
        }),
    };
    let target = Target::new("create", "pods/eviction")
        .ns(Some(ns))
        .name(&name);
    let pp = PostParams {
        dry_run,
        field_manager: None,
    };
    let client = kube.client.clone();
    let url = format!("/api/v1/namespaces/{ns}/pods");
    let fut = async move {
        let data = serde_json::to_vec(&body).map_err(kube::Error::SerdeError)?;
        let req = Request::new(url)
            .create_subresource("eviction", &name, &pp, data)
            .map_err(kube::Error::BuildRequest)?;
        outcome(client.request::<Value>(req).await)
    };
    settle(
        kube.call(&target, if dry_run { "dryRun=All" } else { "" }, fut)
            .await,
    )
}

/// `--disable-eviction`: a plain delete with Preconditions{uid,
/// resourceVersion}; PodDisruptionBudgets do not apply.
pub async fn delete(kube: &Kube, ns: &str, pod: &Pod, dry_run: bool) -> Result<Evicted, Failure> {
    let name = pod.metadata.name.clone().unwrap_or_default();
    let api: Api<Pod> = Api::namespaced(kube.client.clone(), ns);
    let dp = DeleteParams {
        dry_run,
        preconditions: Some(kube::api::Preconditions {
            uid: pod.metadata.uid.clone(),
            resource_version: pod.metadata.resource_version.clone(),
        }),
        ..Default::default()
    };
    let target = Target::new("delete", "pods").ns(Some(ns)).name(&name);
    let fut = async { outcome(api.delete(&name, &dp).await) };
    settle(kube.call(&target, "with preconditions", fut).await)
}

/// The PodDisruptionBudgets of `ns` (consistent list).
pub async fn budgets(kube: &Kube, ns: &str) -> Result<Vec<PodDisruptionBudget>, Failure> {
    kube.list::<PodDisruptionBudget>(Some(ns), None).await
}

/// Events about one pod (of that UID when given: not those of the pod it
/// replaced), oldest first, for a halted restart's report.
pub async fn pod_events(
    kube: &Kube,
    ns: &str,
    pod: &str,
    uid: Option<&str>,
) -> Result<Vec<Event>, Failure> {
    let api: Api<Event> = Api::namespaced(kube.client.clone(), ns);
    let mut fields = format!("involvedObject.kind=Pod,involvedObject.name={pod}");
    if let Some(u) = uid {
        fields.push_str(&format!(",involvedObject.uid={u}"));
    }
    let target = Target::new("list", "events").ns(Some(ns));
    let list = kube
        .call(
            &target,
            &format!("fieldSelector={fields}"),
            api.list(&ListParams::default().fields(&fields)),
        )
        .await?;
    let mut items = list.items;
    items.sort_by_key(|e| {
        e.last_timestamp
            .as_ref()
            .map(|t| t.0)
            .or(e.event_time.as_ref().map(|t| t.0))
    });
    Ok(items)
}

/// Sets (or with `None` removes) an annotation on StatefulSet `name`,
/// guarded by the resourceVersion the caller decided on. `Ok(None)` on 409:
/// the caller re-reads and re-decides.
pub async fn annotate_set(
    kube: &Kube,
    ns: &str,
    name: &str,
    resource_version: &str,
    key: &str,
    value: Option<&str>,
) -> Result<Option<StatefulSet>, Failure> {
    let patch = json!({
        "metadata": {
            "resourceVersion": resource_version,
            "annotations": { key: value }
        }
    });
    patch_set(kube, ns, name, patch, &format!("annotation {key}"), false).await
}

/// `--via-template`: sets the restartedAt annotation of the pod template as
/// `kubectl rollout restart` does, guarded by resourceVersion.
pub async fn restart_template(
    kube: &Kube,
    ns: &str,
    name: &str,
    resource_version: &str,
    at: &str,
    server_dry_run: bool,
) -> Result<Option<StatefulSet>, Failure> {
    let patch = json!({
        "metadata": { "resourceVersion": resource_version },
        "spec": { "template": { "metadata": { "annotations": {
            crate::plan::restart::RESTARTED_AT_ANNOTATION: at
        }}}}
    });
    patch_set(
        kube,
        ns,
        name,
        patch,
        "template annotation restartedAt",
        server_dry_run,
    )
    .await
}

async fn patch_set(
    kube: &Kube,
    ns: &str,
    name: &str,
    patch: Value,
    detail: &str,
    server_dry_run: bool,
) -> Result<Option<StatefulSet>, Failure> {
    let api: Api<StatefulSet> = Api::namespaced(kube.client.clone(), ns);
    let pp = PatchParams {
        field_manager: Some(FIELD_MANAGER.into()),
        dry_run: server_dry_run,
        ..Default::default()
    };
    let target = Target::new("patch", "statefulsets.apps")
        .ns(Some(ns))
        .name(name);
    match kube
        .call(&target, detail, api.patch(name, &pp, &Patch::Merge(&patch)))
        .await
    {
        Ok(s) => Ok(Some(s)),
        Err(Failure::Conflict(_)) => Ok(None),
        Err(e) => Err(e),
    }
}
