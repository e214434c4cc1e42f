//! One claim's side of a resize: where its own resize stands (conditions
//! and `allocatedResourceStatuses`) and what `--size` does with it.

use std::cmp::Ordering;

use k8s_openapi::api::core::v1::PersistentVolumeClaim;

use super::storage;
use crate::plan::quantity;

/// What a resize does with one claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Raise the request to the new size.
    Grow,
    /// Lower a failed request to the new size, still above the capacity:
    /// the recovery from a failed expansion (KEP-1790, GA in Kubernetes
    /// 1.34): the API accepts a request strictly above `status.capacity`.
    Lower,
    /// At the size; the file system waits for its pod to restart
    /// (FileSystemResizePending).
    Restart,
    /// At the size; the volume is still growing: wait for it.
    Wait,
    /// At the size, resize finished.
    None,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Grow => "patch",
            Action::Lower => "lower",
            Action::Restart => "restart",
            Action::Wait => "wait",
            Action::None => "none",
        }
    }
}

/// Where a claim's own resize stands, from its status alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimResize {
    /// Nothing under way: capacity at the request (or unknown).
    Idle,
    /// The request is above the capacity; no resizer has started.
    Requested,
    /// Condition Resizing (controller-side expansion under way).
    Resizing,
    /// Condition FileSystemResizePending: the volume grew, the file system
    /// grows when a pod mounts it again.
    FileSystemResizePending,
    /// The last attempt failed (ControllerResizeError or NodeResizeError
    /// condition) and the resizer retries; `message` is the resizer's.
    Retrying { message: String },
    /// The storage refused the size: `allocatedResourceStatuses.storage`
    /// is ControllerResizeInfeasible or NodeResizeInfeasible; nothing is
    /// retried until the request changes.
    Infeasible { message: String },
}

/// Reads a claim's [`ClaimResize`]: the conditions, and the
/// `allocatedResourceStatuses` of KEP-1790 ("Recover from volume expansion
/// failure"), whose `*Infeasible` values mean "will not be retried".
pub fn claim_resize(c: &PersistentVolumeClaim) -> ClaimResize {
    let Some(st) = c.status.as_ref() else {
        return ClaimResize::Idle;
    };
    let cond = |t: &str| {
        st.conditions
            .iter()
            .flatten()
            .find(|c| c.type_ == t && c.status == "True")
    };
    let alloc = st
        .allocated_resource_statuses
        .as_ref()
        .and_then(|m| m.get("storage"))
        .map(String::as_str);
    let error = cond("ControllerResizeError").or_else(|| cond("NodeResizeError"));
    let message = |fallback: &str| {
        error
            .and_then(|c| c.message.clone())
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| fallback.to_string())
    };
    if let Some(a) = alloc.filter(|a| a.ends_with("Infeasible")) {
        return ClaimResize::Infeasible {
            message: message(&format!("the resizer marked it {a}")),
        };
    }
    if let Some(e) = error {
        return ClaimResize::Retrying {
            message: message(&e.type_),
        };
    }
    if cond("FileSystemResizePending").is_some() || alloc == Some("NodeResizePending") {
        return ClaimResize::FileSystemResizePending;
    }
    if cond("Resizing").is_some() || alloc == Some("ControllerResizeInProgress") {
        return ClaimResize::Resizing;
    }
    let req = c
        .spec
        .as_ref()
        .and_then(|s| storage(s.resources.as_ref()?.requests.as_ref()));
    let cap = storage(st.capacity.as_ref());
    match (req, cap) {
        (Some(r), Some(c)) if quantity::compare(&r, &c) == Some(Ordering::Greater) => {
            ClaimResize::Requested
        }
        _ => ClaimResize::Idle,
    }
}

/// The resizer's message of a failed expansion (a retried or an
/// infeasible one), `None` otherwise.
pub fn failure_message(c: &PersistentVolumeClaim) -> Option<String> {
    match claim_resize(c) {
        ClaimResize::Retrying { message } | ClaimResize::Infeasible { message } => Some(message),
        _ => None,
    }
}

/// What [`decide_claim`] looks at; names are for the messages.
#[derive(Debug, Clone)]
pub struct ClaimFacts<'a> {
    pub claim: &'a str,
    pub pod: &'a str,
    pub set: &'a str,
    pub ns: &'a str,
    /// `spec.resources.requests.storage`.
    pub requested: &'a str,
    /// `status.capacity.storage`, if known.
    pub capacity: Option<&'a str>,
    pub state: ClaimResize,
}

/// What to do with one claim for `--size size`, or why not (safety rule
/// 16: only grow; leave a claim alone while it resizes; a file system
/// waiting for a restart needs one). A failed expansion has a way out: a
/// request may be lowered to any size strictly above `status.capacity`
/// (KEP-1790, GA in Kubernetes 1.34; the API refuses "field can not be
/// less than status.capacity" otherwise), so a lower `--size` above the
/// capacity is the recovery, and waiting is never the advice for an
/// infeasible size.
pub fn decide_claim(f: &ClaimFacts<'_>, size: &str) -> Result<Action, String> {
    let ClaimFacts {
        claim,
        pod,
        set,
        ns,
        requested: req,
        capacity: cap,
        ..
    } = *f;
    let Some(cmp) = quantity::compare(size, req) else {
        return Err(format!(
            "PVC {claim} has an unreadable storage request {req:?}"
        ));
    };
    let cap_text = cap.unwrap_or("unknown");
    let above_cap = cap.and_then(|c| quantity::compare(size, c)) == Some(Ordering::Greater);
    let way_out = |why: &str| {
        format!(
            "PVC {claim}: {why}. The way out is to lower its request to a size the storage can \
             give, strictly above its capacity {cap_text} (the recovery from a failed expansion, \
             Kubernetes 1.32+): kubectl sts pvc resize {set} -n {ns} --size <more than {cap_text}>"
        )
    };
    match (&f.state, cmp) {
        (ClaimResize::Infeasible { message }, _) | (ClaimResize::Retrying { message }, _)
            if cmp == Ordering::Less =>
        {
            if above_cap {
                Ok(Action::Lower)
            } else {
                Err(format!(
                    "PVC {claim}: its expansion to {req} failed ({message}); its request can be \
                     lowered only to a size strictly above its capacity {cap_text}, and {size} is \
                     not (Kubernetes refuses a request at or below status.capacity: volumes never \
                     shrink). Use a --size greater than {cap_text} and less than {req}"
                ))
            }
        }
        (ClaimResize::Infeasible { message }, _) => Err(way_out(&format!(
            "the storage cannot expand it to {req}: {message}; it is not retried, so {}",
            if cmp == Ordering::Equal {
                "it stays at its capacity until the request changes".to_string()
            } else {
                format!("a request larger than {req} fails the same way")
            }
        ))),
        (ClaimResize::Retrying { message }, _) => Err(way_out(&format!(
            "its expansion to {req} failed ({message}) and the resizer retries it; if the error \
             persists, the size is not available"
        ))),
        (_, Ordering::Less) => Err(format!(
            "PVC {claim} requests {req}; {size} would shrink it (only growing is possible)"
        )),
        (ClaimResize::FileSystemResizePending, Ordering::Equal) => Ok(Action::Restart),
        (ClaimResize::Resizing | ClaimResize::Requested, Ordering::Equal) => Ok(Action::Wait),
        (ClaimResize::Idle, Ordering::Equal) => Ok(Action::None),
        (ClaimResize::FileSystemResizePending, Ordering::Greater) => Err(format!(
            "PVC {claim} is already resizing (FileSystemResizePending): its file system waits \
             for pod {pod} to restart; finish that first: kubectl sts pvc resize {set} -n {ns} \
             --size {req} --restart-pods"
        )),
        (ClaimResize::Resizing | ClaimResize::Requested, Ordering::Greater) => Err(format!(
            "PVC {claim} is already resizing to {req} (capacity {cap_text}); wait until it \
             finishes (kubectl sts pvc list {set} -n {ns}), then grow it further"
        )),
        (ClaimResize::Idle, Ordering::Greater) => Ok(Action::Grow),
    }
}
