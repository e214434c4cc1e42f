//! One operation per StatefulSet at a time: every operation that writes
//! takes the set's `coordination.k8s.io/v1` Lease before its first write,
//! renews it while it runs and releases it at the end (`plan::lease` decides
//! who may take it). A second operation on the same set refuses, naming the
//! holder, the operation and since when. A dry run takes no Lease.
//!
//! RBAC: get, create, update and delete on `leases.coordination.k8s.io` in
//! the set's namespace.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use k8s_openapi::api::coordination::v1::{Lease, LeaseSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{MicroTime, ObjectMeta};
use k8s_openapi::jiff::Timestamp;
use kube::Api;
use kube::api::PostParams;

use super::interrupt::Interrupt;
use super::retry::on_conflict;
use crate::cluster::Kube;
use crate::cluster::lease as io;
use crate::error::Failure;
use crate::hint::rerun_command;
use crate::plan::lease::{
    LABEL, LEASE_SECONDS, Take, decide, lease_forbidden, lease_name, operation_annotation,
    started_annotation,
};

/// A Lease this process holds; renewed in the background until
/// [`Held::release`].
pub struct Held {
    ns: String,
    /// `None` when this process already held the Lease (nested operation):
    /// the outer operation renews and releases it.
    own: Option<(Arc<Mutex<Lease>>, tokio::task::JoinHandle<()>)>,
}

/// `user@host (pid N)`: who holds a Lease, as another user reads it.
pub fn identity() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown".into());
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "unknown-host".into());
    format!("{user}@{host} (pid {})", std::process::id())
}

/// Takes the Lease of StatefulSet `ns/set` for `operation` (e.g.
/// `restart`). Refuses (`Failure::Refused`, exit 1) while another holder
/// renews it; takes over, saying so, a Lease whose holder stopped renewing.
/// 409s while taking it are re-read and re-decided.
pub async fn acquire(kube: &Kube, ns: &str, set: &str, operation: &str) -> Result<Held, Failure> {
    let name = lease_name(set);
    let me = identity();
    let now = Timestamp::now();
    let what = format!("lease {name:?} in namespace {ns:?}");
    let (lease, _) = on_conflict(&what, |_| async {
        let current = io::get(kube, ns, &name)
            .await
            .map_err(|e| forbidden(e, ns, set, "get"))?;
        let mine = |mut l: Lease| {
            let ann = l.metadata.annotations.get_or_insert_with(Default::default);
            ann.insert(operation_annotation(), operation.to_string());
            ann.insert(started_annotation(), now.to_string());
            l.metadata
                .labels
                .get_or_insert_with(Default::default)
                .insert(LABEL.0.to_string(), LABEL.1.to_string());
            l.spec = Some(LeaseSpec {
                holder_identity: Some(me.clone()),
                lease_duration_seconds: Some(LEASE_SECONDS),
                acquire_time: Some(MicroTime(now)),
                renew_time: Some(MicroTime(now)),
                ..Default::default()
            });
            l
        };
        let decision = decide(current.as_ref(), Timestamp::now());
        if !matches!(decision, Take::Busy(_)) {
            // Taking the Lease is the operation's first write.
            Interrupt::global().before_write(|| {
                format!(
                    "interrupted before taking {what} for {operation}; nothing was written. \
                     Resume with: {}",
                    rerun_command()
                )
            })?;
        }
        let written = match decision {
            // This process holds it already (an operation inside another,
            // e.g. a resize restarting pods): nested, not a second holder.
            Take::Busy(h) if h.identity == me => return Ok(None),
            Take::Busy(h) => {
                return Err(Failure::Refused(format!(
                    "statefulset {set:?} in namespace {ns:?} is held by another operation: {}. \
                     Nothing was changed. Wait for it to finish (`kubectl get lease {name} -n {ns} \
                     -o yaml` shows the holder and its last renewal); if that process is gone, \
                     the lease expires {LEASE_SECONDS}s after its last renewal and can then be \
                     taken over",
                    h.describe()
                )));
            }
            Take::Create => {
                let l = mine(Lease {
                    metadata: ObjectMeta {
                        name: Some(name.clone()),
                        namespace: Some(ns.to_string()),
                        ..Default::default()
                    },
                    spec: None,
                });
                io::create(kube, ns, &l)
                    .await
                    .map_err(|e| forbidden(e, ns, set, "create"))?
            }
            Take::Free { .. } => io::replace(kube, ns, &mine(current.unwrap()))
                .await
                .map_err(|e| forbidden(e, ns, set, "update"))?,
            Take::Expired { previous, .. } => {
                eprintln!(
                    "warning: taking over lease {name} in namespace {ns}: its holder ({}) \
                     stopped renewing it",
                    previous.describe()
                );
                io::replace(kube, ns, &mine(current.unwrap()))
                    .await
                    .map_err(|e| forbidden(e, ns, set, "update"))?
            }
        };
        written
            .map(Some)
            .ok_or_else(|| Failure::Conflict(what.clone()))
    })
    .await?;
    let Some(lease) = lease else {
        return Ok(Held {
            ns: ns.to_string(),
            own: None,
        });
    };
    let lease = Arc::new(Mutex::new(lease));
    let renew = tokio::spawn(renew_loop(
        kube.client.clone(),
        ns.to_string(),
        lease.clone(),
    ));
    Ok(Held {
        ns: ns.to_string(),
        own: Some((lease, renew)),
    })
}

/// A 403 on the Lease says which permissions the operation needs, exactly,
/// with a Role that grants them; other failures pass through.
fn forbidden(e: Failure, ns: &str, set: &str, verb: &str) -> Failure {
    match e {
        Failure::Forbidden(_) => Failure::Forbidden(lease_forbidden(ns, set, verb)),
        e => e,
    }
}

/// Renews every third of the duration, each request bounded by a timeout;
/// stops at the first failure (the Lease then expires on its own and the
/// operation's own re-reads and guarded writes still protect the set).
async fn renew_loop(client: kube::Client, ns: String, lease: Arc<Mutex<Lease>>) {
    let api: Api<Lease> = Api::namespaced(client, &ns);
    let every = Duration::from_secs((LEASE_SECONDS / 3).max(1) as u64);
    loop {
        tokio::time::sleep(every).await;
        let mut next = lease.lock().unwrap().clone();
        let name = next.metadata.name.clone().unwrap_or_default();
        if let Some(s) = next.spec.as_mut() {
            s.renew_time = Some(MicroTime(Timestamp::now()));
        }
        let pp = PostParams::default();
        match tokio::time::timeout(every, api.replace(&name, &pp, &next)).await {
            Ok(Ok(written)) => *lease.lock().unwrap() = written,
            _ => return,
        }
    }
}

impl Held {
    /// Stops renewing and deletes the Lease if it is still ours (uid and
    /// resourceVersion preconditions), so the next operation need not wait.
    pub async fn release(self, kube: &Kube) -> Result<(), Failure> {
        let Some((lease, renew)) = self.own else {
            return Ok(());
        };
        renew.abort();
        let lease = lease.lock().unwrap().clone();
        io::delete(kube, &self.ns, &lease).await
    }
}

/// Runs `op` holding the Lease of StatefulSet `ns/set` for `operation`,
/// released whatever `op` returns; a dry run (`dry_run`) runs it without one.
/// For operations whose refusals must come before any prompt, the Lease is
/// taken first: a second operation is refused before it asks anything.
pub async fn with_lease<T, E, F>(
    kube: &Kube,
    ns: &str,
    set: &str,
    operation: &str,
    dry_run: bool,
    op: F,
) -> Result<T, E>
where
    F: std::future::Future<Output = Result<T, E>>,
    E: From<Failure>,
{
    if dry_run {
        return op.await;
    }
    let held = acquire(kube, ns, set, operation).await?;
    let result = op.await;
    if let Err(e) = held.release(kube).await {
        eprintln!("warning: could not release the lease of statefulset {set}: {e}");
    }
    result
}
