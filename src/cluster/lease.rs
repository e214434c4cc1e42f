//! The Lease that gives one operation a StatefulSet at a time: GET, create,
//! resourceVersion-guarded update, and a delete with Preconditions.

use k8s_openapi::api::coordination::v1::Lease;
use kube::Api;
use kube::api::{DeleteParams, PostParams, Preconditions};

use super::Kube;
use crate::error::{Failure, Target};

fn target(verb: &'static str, ns: &str, name: &str) -> Target {
    Target::new(verb, "leases.coordination.k8s.io")
        .ns(Some(ns))
        .name(name)
}

/// The Lease `ns/name`, if it exists.
pub async fn get(kube: &Kube, ns: &str, name: &str) -> Result<Option<Lease>, Failure> {
    kube.get_opt(ns, name).await
}

/// Creates `lease`; `Ok(None)` when someone created it first (409).
pub async fn create(kube: &Kube, ns: &str, lease: &Lease) -> Result<Option<Lease>, Failure> {
    let name = lease.metadata.name.clone().unwrap_or_default();
    let api: Api<Lease> = Api::namespaced(kube.client.clone(), ns);
    match kube
        .call(
            &target("create", ns, &name),
            "",
            api.create(&PostParams::default(), lease),
        )
        .await
    {
        Ok(l) => Ok(Some(l)),
        Err(Failure::Conflict(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Replaces `lease` as read (its resourceVersion guards the write);
/// `Ok(None)` on 409: someone else changed it.
pub async fn replace(kube: &Kube, ns: &str, lease: &Lease) -> Result<Option<Lease>, Failure> {
    let name = lease.metadata.name.clone().unwrap_or_default();
    let api: Api<Lease> = Api::namespaced(kube.client.clone(), ns);
    match kube
        .call(
            &target("update", ns, &name),
            "",
            api.replace(&name, &PostParams::default(), lease),
        )
        .await
    {
        Ok(l) => Ok(Some(l)),
        Err(Failure::Conflict(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Deletes the Lease only if it is still the one we hold (uid and
/// resourceVersion); a changed or missing Lease is left alone.
pub async fn delete(kube: &Kube, ns: &str, lease: &Lease) -> Result<(), Failure> {
    let name = lease.metadata.name.clone().unwrap_or_default();
    let api: Api<Lease> = Api::namespaced(kube.client.clone(), ns);
    let dp = DeleteParams {
        preconditions: Some(Preconditions {
            uid: lease.metadata.uid.clone(),
            resource_version: lease.metadata.resource_version.clone(),
        }),
        ..Default::default()
    };
    match kube
        .call(&target("delete", ns, &name), "", api.delete(&name, &dp))
        .await
    {
        Ok(_) | Err(Failure::Conflict(_)) | Err(Failure::NotFound(_)) => Ok(()),
        Err(e) => Err(e),
    }
}
