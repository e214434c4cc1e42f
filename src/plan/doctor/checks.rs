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
