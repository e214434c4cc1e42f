//! Pure decisions: no I/O, no clock, no client. Each takes API objects (and
//! `now` where time matters) and returns a value that the commands render or
//! act on, so every rule is unit-tested without a cluster.

pub mod check;
pub mod command;
pub mod disruption;
pub mod doctor;
pub mod features;
pub mod finalizers;
pub mod health;
pub mod lease;
pub mod names;
pub mod orphans;
pub mod owner;
pub mod pod;
pub mod quantity;
pub mod rbac;
pub mod rebind;
pub mod record;
pub mod recover;
pub mod resize;
pub mod restart;
pub mod restore;
pub mod rollout;
pub mod selector;
pub mod set;
pub mod snapshot;
pub mod status;
pub mod stuck;

#[cfg(test)]
pub mod fixtures;
#[cfg(test)]
mod props;

/// Prefix of the annotations in which operations record their intent on the
/// StatefulSet (safety rule 8), e.g. `kubectl-sts.io/rollout`.
pub const ANNOTATION_PREFIX: &str = "kubectl-sts.io/";

/// `items` grouped by namespace (cluster-scoped objects under ""), for the
/// verdicts that look at one namespace's objects together.
pub fn by_ns<T>(items: &[T]) -> std::collections::HashMap<&str, Vec<&T>>
where
    T: k8s_openapi::Metadata<Ty = k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta>,
{
    let mut m: std::collections::HashMap<&str, Vec<&T>> = std::collections::HashMap::new();
    for i in items {
        m.entry(i.metadata().namespace.as_deref().unwrap_or_default())
            .or_default()
            .push(i);
    }
    m
}
