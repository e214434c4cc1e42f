//! The problems `status` reports, as values: one constructor per severity,
//! and the rules that need no pod or claim (the update strategy).

use super::{Problem, Severity};
use crate::plan::set::Strategy;

/// An update strategy that is neither RollingUpdate nor OnDelete is worth a
/// line: the partition verbs do not apply, and Recreate takes every pod
/// down at once on a template change.
pub(super) fn strategy_problem(strategy: &Strategy, obj: &str) -> Option<Problem> {
    match strategy {
        // Common and deliberate; OnDeletePending says when pods wait for a delete.
        Strategy::RollingUpdate | Strategy::OnDelete => None,
        Strategy::Recreate => Some(info(
            "UpdateStrategyRecreate",
            obj,
            "update strategy is Recreate (Kubernetes 1.37 alpha, feature gate \
             StatefulSetRecreateStrategy): a template change deletes every pod at once; \
             rollout --partition, pause and canary do not apply"
                .into(),
        )),
        Strategy::Other(t) => Some(warn(
            "UpdateStrategyUnknown",
            obj,
            format!(
                "update strategy {t:?} is not known to kubectl-sts: how the controller applies a \
                 template change is not known; rollout --partition, pause and canary refuse"
            ),
        )),
    }
}

pub(super) fn storage_request(
    r: Option<&k8s_openapi::api::core::v1::VolumeResourceRequirements>,
) -> Option<String> {
    r?.requests.as_ref()?.get("storage").map(|q| q.0.clone())
}

pub(super) fn int_or_string(
    v: &k8s_openapi::apimachinery::pkg::util::intstr::IntOrString,
) -> String {
    use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
    match v {
        IntOrString::Int(i) => i.to_string(),
        IntOrString::String(s) => s.clone(),
    }
}

pub(super) fn warn(code: &'static str, object: &str, message: String) -> Problem {
    Problem {
        severity: Severity::Warning,
        code,
        object: object.to_string(),
        message,
    }
}

pub(super) fn info(code: &'static str, object: &str, message: String) -> Problem {
    Problem {
        severity: Severity::Info,
        code,
        object: object.to_string(),
        message,
    }
}

/// A failed volume expansion: the resizer's message and the way out. A
/// request may be lowered to any size strictly above `status.capacity`
/// (recovery from volume expansion failure, KEP-1790, GA in Kubernetes
/// 1.34); waiting does not help a size the storage cannot give.
pub(super) fn resize_failed(vi: &super::VolumeInfo, ns: &str, pod_name: &str) -> String {
    let set = pod_name.rsplit_once('-').map_or(pod_name, |(s, _)| s);
    let cap = vi.capacity.as_deref().unwrap_or("?");
    format!(
        "PVC {}: the expansion to {} failed: {}. If the storage cannot give that size, lower the \
         request to one strictly above the capacity {cap} (Kubernetes 1.32+): kubectl sts pvc \
         resize {set} -n {ns} --size <more than {cap}>",
        vi.claim_name,
        vi.requested.as_deref().unwrap_or("?"),
        vi.resize_message
            .as_deref()
            .unwrap_or("the resizer gave no message; see the claim's events")
    )
}
