//! The reads behind `status`: one GET of the StatefulSet (or one LIST of
//! them) plus one LIST per related kind, never a request per object or per
//! namespace. The sets' operation Leases: one GET for a named set, one LIST
//! for a namespace or for all of them (`-A`). PVs: one LIST whenever a set
//! has claim templates (bound claims, and Released volumes that still hold
//! an ordinal's data).

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::coordination::v1::Lease;
use k8s_openapi::api::core::v1::{PersistentVolume, PersistentVolumeClaim, Pod, Service};
use k8s_openapi::jiff::Timestamp;

use super::Kube;
use crate::error::Failure;
use crate::plan::selector;
use crate::plan::status::Snapshot;

#[derive(Debug, Clone)]
pub enum Scope {
    One { ns: String, name: String },
    Namespace(String),
    All,
}

impl Scope {
    /// What `VERB [NAME] [-A]` reads: the named set in `ns`, every set of
    /// `ns`, or every set of every namespace.
    pub fn of(name: Option<&str>, all_namespaces: bool, ns: &str) -> Scope {
        match (name, all_namespaces) {
            (Some(name), _) => Scope::One {
                ns: ns.to_string(),
                name: name.to_string(),
            },
            (None, true) => Scope::All,
            (None, false) => Scope::Namespace(ns.to_string()),
        }
    }

    pub fn ns(&self) -> Option<&str> {
        match self {
            Scope::One { ns, .. } | Scope::Namespace(ns) => Some(ns),
            Scope::All => None,
        }
    }
}

/// The StatefulSets of `scope`: one GET, or one LIST. A missing named set is
/// an error that suggests `kubectl sts VERB -A` to look elsewhere.
pub async fn sets_in_scope(
    kube: &Kube,
    scope: &Scope,
    verb: &str,
) -> Result<Vec<StatefulSet>, Failure> {
    match scope {
        Scope::One { ns, name } => match kube.get_opt::<StatefulSet>(ns, name).await? {
            Some(s) => Ok(vec![s]),
            None => Err(Failure::NotFound(format!(
                "statefulset {name:?} not found in namespace {ns:?}. List the StatefulSets \
                 there with: kubectl sts status -n {ns}, or search every namespace with: \
                 kubectl sts {verb} -A"
            ))),
        },
        _ => kube.list_pruned::<StatefulSet>(scope.ns(), None).await,
    }
}

/// Everything `status` shows for `scope`; `with_leases` false skips the
/// Lease read (`pvc list` shows no operation).
pub async fn fetch(kube: &Kube, scope: &Scope, with_leases: bool) -> Result<Snapshot, Failure> {
    let ns = scope.ns();
    let sets = sets_in_scope(kube, scope, "status").await?;
    let mut snap = Snapshot {
        sets,
        pods: vec![],
        pvcs: vec![],
        pvs: Some(vec![]),
        services: Some(vec![]),
        leases: Some(vec![]),
        now: Timestamp::now(),
        warnings: vec![],
    };
    if snap.sets.is_empty() {
        return Ok(snap);
    }

    let has_templates = snap.sets.iter().any(|s| {
        s.spec
            .volume_claim_templates
            .as_ref()
            .is_some_and(|t| !t.is_empty())
    });
    let pods_selector = match scope {
        Scope::One { .. } => Some(selector::to_query(&snap.sets[0].spec.selector)),
        _ => None,
    };

    let pods = kube.list_pruned::<Pod>(ns, pods_selector.as_deref());
    let pvcs = async {
        if has_templates {
            kube.list_pruned::<PersistentVolumeClaim>(ns, None).await
        } else {
            Ok(vec![])
        }
    };
    let services = async {
        match scope {
            Scope::One { ns, .. } => {
                let svc = snap.sets[0]
                    .spec
                    .service_name
                    .clone()
                    .filter(|s| !s.is_empty());
                match svc {
                    Some(name) => Ok(kube
                        .get_opt::<Service>(ns, &name)
                        .await?
                        .into_iter()
                        .collect()),
                    None => Ok(vec![]),
                }
            }
            _ => kube.list_pruned::<Service>(ns, None).await,
        }
    };
    let leases = async {
        match scope {
            _ if !with_leases => Ok(vec![]),
            Scope::One { ns, name } => {
                Ok(
                    super::lease::get(kube, ns, &crate::plan::lease::lease_name(name))
                        .await?
                        .into_iter()
                        .collect(),
                )
            }
            _ => {
                let selector = crate::plan::lease::selector();
                kube.list_pruned::<Lease>(ns, Some(&selector)).await
            }
        }
    };
    // PVs matter to claim templates: bound claims, and Released volumes
    // whose claimRef names a claim (even one that no longer exists).
    let pvs = async {
        if has_templates {
            kube.list_cluster_pruned::<PersistentVolume>().await
        } else {
            Ok(vec![])
        }
    };
    let (pods, pvcs, services, leases, pvs) = tokio::join!(pods, pvcs, services, leases, pvs);
    snap.pods = pods?;
    snap.pvcs = pvcs?;
    snap.services = optional(services, "services", &mut snap.warnings)?;
    snap.pvs = optional(pvs, "persistentvolumes", &mut snap.warnings)?;
    snap.leases = match leases {
        Ok(v) => Some(v),
        Err(Failure::Forbidden(msg)) => {
            snap.warnings.push(format!(
                "leases could not be read, so whether an operation holds a set is not shown: \
                 {msg}"
            ));
            None
        }
        Err(e) => return Err(e),
    };
    Ok(snap)
}

/// A read the report can do without: forbidden becomes a warning, anything
/// else is still an error.
fn optional<T>(
    res: Result<Vec<T>, Failure>,
    what: &str,
    warnings: &mut Vec<String>,
) -> Result<Option<Vec<T>>, Failure> {
    match res {
        Ok(v) => Ok(Some(v)),
        Err(Failure::Forbidden(msg)) => {
            warnings.push(format!(
                "{what} could not be read, so their columns are empty: {msg}"
            ));
            Ok(None)
        }
        Err(e) => Err(e),
    }
}
