//! Is the set under an operation? The set's `kubectl-sts-<set>` Lease
//! (`plan::lease` decides who holds it) as the status report shows it:
//! holder, operation, since when, and whether it looks abandoned (past its
//! duration without renewal: the next operation takes it over).

use k8s_openapi::api::coordination::v1::Lease;
use k8s_openapi::jiff::Timestamp;
use serde::Serialize;

use super::{Problem, info, warn};
use crate::plan::lease::{Take, decide, lease_name};

/// The operation holding the set's Lease.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    /// The Lease's name, `kubectl-sts-<set>`.
    pub lease: String,
    /// `user@host (pid N)`.
    pub holder: String,
    /// `restart`, `rollout canary` ...; empty when not recorded.
    pub operation: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renewed_at: Option<String>,
    pub lease_duration_seconds: i32,
    /// Past its duration without renewal: looks abandoned.
    pub expired: bool,
}

/// The operation recorded on `lease` at `now`; `None` when the Lease is
/// absent or released.
pub fn operation(lease: Option<&Lease>, now: Timestamp) -> Option<Operation> {
    let l = lease?;
    let (h, expired) = match decide(Some(l), now) {
        Take::Busy(h) => (h, false),
        Take::Expired { previous, .. } => (previous, true),
        Take::Create | Take::Free { .. } => return None,
    };
    let spec = l.spec.as_ref();
    Some(Operation {
        lease: l.metadata.name.clone().unwrap_or_default(),
        holder: h.identity,
        operation: h.operation,
        started_at: Some(h.started_at).filter(|s| !s.is_empty()),
        renewed_at: spec
            .and_then(|s| s.renew_time.as_ref().or(s.acquire_time.as_ref()))
            .map(|t| t.0.to_string()),
        lease_duration_seconds: spec
            .and_then(|s| s.lease_duration_seconds)
            .unwrap_or(crate::plan::lease::LEASE_SECONDS),
        expired,
    })
}

/// The Lease of `set` among `leases` (those of its namespace).
pub fn lease_of<'a>(leases: &[&'a Lease], set: &str) -> Option<&'a Lease> {
    let name = lease_name(set);
    leases
        .iter()
        .find(|l| l.metadata.name.as_deref() == Some(name.as_str()))
        .copied()
}

/// `restart by alice@host (pid 1) since T`.
pub fn describe(op: &Operation) -> String {
    format!(
        "{} by {} since {}",
        if op.operation.is_empty() {
            "an operation"
        } else {
            &op.operation
        },
        op.holder,
        op.started_at.as_deref().unwrap_or("an unknown time")
    )
}

/// Information while the holder renews; a warning when it looks abandoned.
pub(super) fn operation_problem(op: &Operation, set: &str, ns: &str) -> Problem {
    let obj = format!("lease/{}", op.lease);
    if op.expired {
        warn(
            "OperationAbandoned",
            &obj,
            format!(
                "{} looks abandoned: Lease {} was last renewed at {}, more than its {}s ago. \
                 Check the set (kubectl sts status {set} -n {ns}); re-running the operation \
                 resumes it and takes the Lease over",
                describe(op),
                op.lease,
                op.renewed_at.as_deref().unwrap_or("an unknown time"),
                op.lease_duration_seconds
            ),
        )
    } else {
        info(
            "OperationInProgress",
            &obj,
            format!(
                "{} holds Lease {}: other kubectl-sts operations on {set} refuse until it ends",
                describe(op),
                op.lease
            ),
        )
    }
}

/// A restart record on `set` with no live operation holding it: a restart
/// that was interrupted (Ctrl-C, a killed process, a lost connection) and
/// left pods restarted and others not. Re-running the restart resumes it
/// without restarting the verified pods twice (safety rule 8). `None` while
/// an operation holds the set (it is shown as that operation) or without a
/// record.
pub(super) fn unfinished_restart(
    set: &k8s_openapi::api::apps::v1::StatefulSet,
    op: Option<&Operation>,
    name: &str,
    ns: &str,
) -> Option<Problem> {
    if op.is_some_and(|o| !o.expired) {
        return None;
    }
    let obj = format!("statefulset/{name}");
    match crate::plan::restart::recorded_intent(set) {
        Ok(None) => None,
        Ok(Some(i)) => Some(warn(
            "RestartUnfinished",
            &obj,
            format!(
                "a restart started at {} did not finish ({} pod(s) verified{}); re-run it to \
                 resume: kubectl sts restart {name} -n {ns} --yes (add the flags of the first run)",
                i.started_at,
                i.done.len(),
                i.evicting
                    .as_ref()
                    .map(|e| format!(", {} evicted and not yet verified", e.pod))
                    .unwrap_or_default()
            ),
        )),
        Err(e) => Some(warn("RestartRecordInvalid", &obj, e)),
    }
}

/// The checks an operation in progress uses, from its record on `set`
/// (a restart's, else a rollout's), in words; `None` without any.
pub fn recorded_checks(set: &k8s_openapi::api::apps::v1::StatefulSet) -> Option<String> {
    let restart = crate::plan::restart::recorded_intent(set)
        .ok()
        .flatten()
        .and_then(|i| i.checks)
        .map(|c| ("restart", c));
    let rollout = || {
        crate::plan::rollout::read_intent(set)
            .ok()
            .flatten()
            .and_then(|i| i.checks)
            .map(|c| ("rollout", c))
    };
    restart.or_else(rollout).map(|(op, c)| {
        format!(
            "{} (recorded by the {op})",
            crate::plan::check::describe_record(&c)
        )
    })
}
