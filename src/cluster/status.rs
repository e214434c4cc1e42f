//! The reads behind `status`: one GET of the StatefulSet (or one LIST of
//! them) plus one LIST per related kind, never a request per object or per
//! namespace. The sets' operation Leases: one GET for a named set, one LIST
//! for a namespace or for all of them (`-A`). PVs: one LIST whenever a set
//! has claim templates (bound claims, and Released volumes that still hold
//! an ordinal's data). With many sets the report is built namespace by
//! namespace as the pages arrive ([`report`]).

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::coordination::v1::Lease;
use k8s_openapi::api::core::v1::{PersistentVolume, PersistentVolumeClaim, Pod, Service};
use k8s_openapi::jiff::Timestamp;

use super::Kube;
use super::prune::stream::{self, Pages, PvStore, next_namespace};
use crate::error::Failure;
use crate::plan::selector;
use crate::plan::status::{Snapshot, StatusReport, build_report};

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
                "statefulset {name:?} not found in namespace {ns:?}{}. List the StatefulSets \
                 there with: kubectl sts status -n {ns}, or search every namespace with: \
                 kubectl sts {verb} -A",
                super::set::in_flight(kube, ns, name).await
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

/// The status report of `scope`. One set: [`fetch`] and the report. Many
/// sets (`-A`, or a namespace): the same LISTs, read page by page, and each
/// namespace's sets reported with its own objects as soon as they are all
/// read, then dropped (see [`stream`]); the report is the same.
pub async fn report(kube: &Kube, scope: &Scope) -> Result<StatusReport, Failure> {
    if let Scope::One { .. } = scope {
        return Ok(build_report(&fetch(kube, scope, true).await?));
    }
    let sets = sets_in_scope(kube, scope, "status").await?;
    let now = Timestamp::now();
    if sets.is_empty() {
        return by_namespace(Kinds::none(), now, vec![]).await;
    }
    let has_templates = sets.iter().any(|s| {
        s.spec
            .volume_claim_templates
            .as_ref()
            .is_some_and(|t| !t.is_empty())
    });
    let ns = scope.ns();
    let none = || Pages::from_vec(vec![]);
    let mut kinds = Kinds {
        sets: Pages::from_vec(sets),
        pods: stream::namespaced(kube, ns, None),
        pvcs: if has_templates {
            stream::namespaced(kube, ns, None)
        } else {
            none()
        },
        services: stream::namespaced(kube, ns, None),
        leases: stream::namespaced(kube, ns, Some(crate::plan::lease::selector())),
        pvs: Some(PvStore::default()),
    };
    let mut warnings = vec![];
    let pvs = async {
        if has_templates {
            stream::read_pvs(kube).await
        } else {
            Ok(PvStore::default())
        }
    };
    let (pods, pvcs, services, leases, pvs) = tokio::join!(
        kinds.pods.fill_past(None),
        kinds.pvcs.fill_past(None),
        kinds.services.fill_past(None),
        kinds.leases.fill_past(None),
        pvs,
    );
    pods?;
    pvcs?;
    if optional(
        services.map(|()| Vec::<()>::new()),
        "services",
        &mut warnings,
    )?
    .is_none()
    {
        kinds.services.set_unreadable(String::new());
    }
    kinds.pvs = optional(pvs.map(|s| vec![s]), "persistentvolumes", &mut warnings)?
        .map(|mut v| v.pop().unwrap_or_default());
    match leases {
        Ok(()) => {}
        Err(Failure::Forbidden(msg)) => {
            warnings.push(format!(
                "leases could not be read, so whether an operation holds a set is not shown: \
                 {msg}"
            ));
            kinds.leases.set_unreadable(String::new());
        }
        Err(e) => return Err(e),
    }
    by_namespace(kinds, now, warnings).await
}

/// What a status report reads per namespace: pages of the namespaced kinds
/// (a kind marked unreadable is shown as unknown), and the
/// PersistentVolumes of the whole cluster (`None`: they could not be read).
pub struct Kinds {
    pub sets: Pages<StatefulSet>,
    pub pods: Pages<Pod>,
    pub pvcs: Pages<PersistentVolumeClaim>,
    pub services: Pages<Service>,
    pub leases: Pages<Lease>,
    pub pvs: Option<PvStore>,
}

impl Kinds {
    /// Nothing to report.
    pub fn none() -> Self {
        Kinds {
            sets: Pages::from_vec(vec![]),
            pods: Pages::from_vec(vec![]),
            pvcs: Pages::from_vec(vec![]),
            services: Pages::from_vec(vec![]),
            leases: Pages::from_vec(vec![]),
            pvs: None,
        }
    }
}

/// The status report of `kinds`, one namespace at a time, with `warnings`
/// about what could not be read: each namespace's objects are reported
/// and dropped before the next namespace's are taken. Sets are in the
/// order of [`build_report`] (namespace, then name). Errors: those of the
/// LISTs.
pub async fn by_namespace(
    mut kinds: Kinds,
    now: Timestamp,
    warnings: Vec<String>,
) -> Result<StatusReport, Failure> {
    let mut report = build_report(&Snapshot {
        sets: vec![],
        pods: vec![],
        pvcs: vec![],
        pvs: None,
        services: None,
        leases: None,
        now,
        warnings,
    });
    let mut last: Option<String> = None;
    loop {
        let next = next_namespace(
            &mut [
                &mut kinds.sets,
                &mut kinds.pods,
                &mut kinds.pvcs,
                &mut kinds.services,
                &mut kinds.leases,
            ],
            last.as_deref(),
        )
        .await?;
        let Some(ns) = next else {
            break;
        };
        let sets = kinds.sets.take(&ns);
        let pods = kinds.pods.take(&ns);
        let pvcs = kinds.pvcs.take(&ns);
        let services = kinds.services.take(&ns);
        let leases = kinds.leases.take(&ns);
        if !sets.is_empty() {
            let snap = Snapshot {
                sets,
                pods,
                pvs: match &kinds.pvs {
                    Some(store) => Some(store.for_ns(&ns, &pvcs)?),
                    None => None,
                },
                pvcs,
                services: kinds.services.unreadable().is_none().then_some(services),
                leases: kinds.leases.unreadable().is_none().then_some(leases),
                now,
                warnings: vec![],
            };
            report
                .stateful_sets
                .extend(build_report(&snap).stateful_sets);
        }
        last = Some(ns);
    }
    // LIST order puts namespace `a-b` before `a`; the report sorts by name.
    report
        .stateful_sets
        .sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    Ok(report)
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
