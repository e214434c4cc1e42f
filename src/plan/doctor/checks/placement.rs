//! Where the set's pods and volumes land: spread over nodes and zones, and
//! volumes provisioned in a zone before the scheduler chose one. Kubernetes
//! docs, "Pod Topology Spread Constraints", "Assigning Pods to Nodes >
//! Inter-pod affinity and anti-affinity" and "Storage Classes > Volume
//! Binding Mode".

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{NodeSelectorTerm, PersistentVolumeClaim};
use k8s_openapi::api::storage::v1::StorageClass;

use crate::plan::doctor::{Check, Facts, Finding, Severity, Unavailable};
use crate::plan::{names, selector, set};

#[cfg(test)]
mod tests;

pub const ALL: &[Check] = &[
    Check {
        id: "node-spread-missing",
        severity: Severity::Warning,
        summary: "no pod anti-affinity or topology spread: all replicas may run on one node",
        run: node_spread_missing,
    },
    Check {
        id: "zone-spread-missing",
        severity: Severity::Info,
        summary: "the nodes span several zones but the set spreads its replicas only over nodes",
        run: zone_spread_missing,
    },
    Check {
        id: "storage-binding-immediate",
        severity: Severity::Warning,
        summary: "a claim template's StorageClass is zonal and binds Immediate (not WaitForFirstConsumer)",
        run: binding_immediate,
    },
];

const HOSTNAME: &str = "kubernetes.io/hostname";
const ZONE: &str = "topology.kubernetes.io/zone";
const ZONE_KEYS: &[&str] = &[ZONE, "failure-domain.beta.kubernetes.io/zone"];
const DEFAULT_CLASS: &[&str] = &[
    "storageclass.kubernetes.io/is-default-class",
    "storageclass.beta.kubernetes.io/is-default-class",
];

fn labels_text(f: &Facts<'_>) -> String {
    f.selector_labels()
        .map(|l| {
            l.iter()
                .map(|(k, v)| format!("\"{k}\":\"{v}\""))
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default()
}

/// The topology keys the set's own pods are spread over: pod anti-affinity
/// terms (required or preferred) on the hostname or a zone, and topology
/// spread constraints on any key, each only if its selector selects the
/// pod template's labels (one that selects other pods spreads nothing).
fn spread_keys<'a>(f: &Facts<'a>) -> Vec<&'a str> {
    let Some(spec) = f.set.spec.template.spec.as_ref() else {
        return vec![];
    };
    let labels = f.template_labels();
    let anti = spec
        .affinity
        .as_ref()
        .and_then(|a| a.pod_anti_affinity.as_ref());
    let required = anti
        .and_then(|a| {
            a.required_during_scheduling_ignored_during_execution
                .as_ref()
        })
        .into_iter()
        .flatten();
    let preferred = anti
        .and_then(|a| {
            a.preferred_during_scheduling_ignored_during_execution
                .as_ref()
        })
        .into_iter()
        .flatten()
        .map(|w| &w.pod_affinity_term);
    let mut keys: Vec<&str> = required
        .chain(preferred)
        .filter(|t| t.topology_key == HOSTNAME || ZONE_KEYS.contains(&t.topology_key.as_str()))
        .filter(|t| selector::selects(t.label_selector.as_ref(), labels))
        .map(|t| t.topology_key.as_str())
        .collect();
    keys.extend(
        spec.topology_spread_constraints
            .iter()
            .flatten()
            .filter(|c| selector::selects(c.label_selector.as_ref(), labels))
            .map(|c| c.topology_key.as_str()),
    );
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// `node-0: web-0, web-1` per node (or zone, through `place`) the set's
/// pods run on, for evidence.
fn pods_by(f: &Facts<'_>, place: impl Fn(&str) -> Option<String>) -> String {
    let mut by: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for p in &f.pods {
        let Some(node) = p.spec.as_ref().and_then(|s| s.node_name.as_deref()) else {
            continue;
        };
        if let Some(at) = place(node) {
            by.entry(at)
                .or_default()
                .push(p.metadata.name.as_deref().unwrap_or_default());
        }
    }
    by.iter()
        .map(|(at, pods)| format!("{at}: {}", pods.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A merge patch adding one topology spread constraint on `key` for the
/// set's pods (a template change: the pods are replaced by a rollout).
fn spread_fix(f: &Facts<'_>, key: &str) -> String {
    format!(
        "kubectl patch statefulset {} -n {} -p '{{\"spec\":{{\"template\":{{\"spec\":\
         {{\"topologySpreadConstraints\":[{{\"maxSkew\":1,\"topologyKey\":\"{key}\",\
         \"whenUnsatisfiable\":\"ScheduleAnyway\",\"labelSelector\":{{\"matchLabels\":{{{}}}}}}}]}}}}}}}}' \
         (DoNotSchedule makes it a rule; the template change rolls the pods)",
        f.name(),
        f.ns(),
        labels_text(f)
    )
}

fn node_spread_missing(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    let n = set::replicas(f.set);
    if n <= 1 || !spread_keys(f).is_empty() {
        return Ok(vec![]);
    }
    let mut finding = Finding::new(
        "node-spread-missing",
        Severity::Warning,
        f,
        format!(
            "nothing spreads the {n} replicas of {} over nodes: all may run on one",
            f.name()
        ),
    )
    .evidence(format!("spec.replicas: {n}"))
    .evidence(
        "spec.template.spec.affinity.podAntiAffinity: no term on kubernetes.io/hostname or a \
         zone that selects the pod template's labels",
    )
    .evidence(
        "spec.template.spec.topologySpreadConstraints: none that selects the pod template's labels",
    );
    let placed = pods_by(f, |node| Some(node.to_string()));
    if !placed.is_empty() {
        finding = finding.evidence(format!("pods by node: {placed}"));
    }
    Ok(vec![
        finding
            .why(
                "the scheduler may put several replicas on the same node; one node failure or \
                 drain then takes down several copies of the data, or the quorum, at once",
            )
            .fix(spread_fix(f, HOSTNAME)),
    ])
}

fn zone_spread_missing(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    let keys = spread_keys(f);
    // No spreading at all is node-spread-missing's finding.
    if set::replicas(f.set) <= 1 || keys != [HOSTNAME] {
        return Ok(vec![]);
    }
    let zone_of: BTreeMap<&str, &str> = f
        .nodes()?
        .iter()
        .filter_map(|n| {
            let zone = n.metadata.labels.as_ref()?.get(ZONE)?;
            Some((n.metadata.name.as_deref()?, zone.as_str()))
        })
        .collect();
    let mut zones: BTreeMap<&str, usize> = BTreeMap::new();
    for z in zone_of.values() {
        *zones.entry(z).or_default() += 1;
    }
    if zones.len() < 2 {
        return Ok(vec![]);
    }
    let counted = zones
        .iter()
        .map(|(z, c)| format!("{z} ({c} node{})", if *c == 1 { "" } else { "s" }))
        .collect::<Vec<_>>()
        .join(", ");
    let mut finding = Finding::new(
        "zone-spread-missing",
        Severity::Info,
        f,
        format!(
            "the replicas of {} are spread over nodes but not over the {} zones",
            f.name(),
            zones.len()
        ),
    )
    .evidence(format!("nodes by {ZONE}: {counted}"))
    .evidence(format!(
        "the set's pod anti-affinity and topology spread constraints use only {HOSTNAME}"
    ));
    let placed = pods_by(f, |node| zone_of.get(node).map(|z| z.to_string()));
    if !placed.is_empty() {
        finding = finding.evidence(format!("pods by zone: {placed}"));
    }
    Ok(vec![
        finding
            .why(
                "the scheduler may place every replica in one zone; a zone outage then takes \
                 down the whole set. Zonal volumes keep a pod in the zone of its volume, so \
                 spreading applies to pods whose claims are new",
            )
            .fix(spread_fix(f, ZONE)),
    ])
}

fn is_default(c: &StorageClass) -> bool {
    let a = c.metadata.annotations.as_ref();
    DEFAULT_CLASS
        .iter()
        .any(|k| a.and_then(|a| a.get(*k)).map(String::as_str) == Some("true"))
}

/// The class a claim template provisions from, as admission picks it: its
/// storageClassName, or the default class (the newest, when several are
/// marked default). `None` for `""` (static binding) or no such class.
fn class_of<'a>(
    template: &PersistentVolumeClaim,
    classes: &'a [StorageClass],
) -> Option<(&'a StorageClass, String)> {
    match template
        .spec
        .as_ref()
        .and_then(|s| s.storage_class_name.as_deref())
    {
        Some("") => None,
        Some(name) => classes
            .iter()
            .find(|c| c.metadata.name.as_deref() == Some(name))
            .map(|c| (c, format!("spec.storageClassName: {name}"))),
        None => classes
            .iter()
            .filter(|c| is_default(c))
            .max_by_key(|c| {
                (
                    c.metadata.creation_timestamp.as_ref().map(|t| t.0),
                    c.metadata.name.clone(),
                )
            })
            .map(|c| {
                let name = c.metadata.name.as_deref().unwrap_or_default();
                (
                    c,
                    format!("spec.storageClassName: (unset: default class {name})"),
                )
            }),
    }
}

/// `topology.kubernetes.io/zone in (a, b)` for the first term.
fn term_text(t: &NodeSelectorTerm) -> String {
    t.match_expressions
        .iter()
        .flatten()
        .map(|e| {
            format!(
                "{} {} ({})",
                e.key,
                e.operator,
                e.values.clone().unwrap_or_default().join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why `class` is zonal: its allowedTopologies, or a bound volume of the
/// template's claims with a node affinity. `None` when neither.
fn zonal_evidence(
    f: &Facts<'_>,
    class: &StorageClass,
    templates: &[&str],
) -> Result<Option<String>, Unavailable> {
    let name = class.metadata.name.as_deref().unwrap_or_default();
    if let Some(topo) = class.allowed_topologies.as_ref().filter(|t| !t.is_empty()) {
        let terms = topo
            .iter()
            .flat_map(|t| t.match_label_expressions.iter().flatten())
            .map(|e| format!("{} in ({})", e.key, e.values.join(", ")))
            .collect::<Vec<_>>()
            .join("; ");
        return Ok(Some(format!(
            "storageclass {name}: allowedTopologies: {terms}"
        )));
    }
    let claims = f.claims()?;
    let volumes: Vec<&str> = claims
        .iter()
        .filter(|c| {
            let claim = c.metadata.name.as_deref().unwrap_or_default();
            templates
                .iter()
                .any(|t| names::pvc_ordinal(claim, t, f.name()).is_some())
        })
        .filter_map(|c| c.spec.as_ref()?.volume_name.as_deref())
        .collect();
    if volumes.is_empty() {
        return Ok(None);
    }
    Ok(f.pvs()?.iter().find_map(|pv| {
        let pv_name = pv.metadata.name.as_deref()?;
        let spec = pv.spec.as_ref()?;
        if !volumes.contains(&pv_name) || spec.storage_class_name.as_deref() != Some(name) {
            return None;
        }
        let term = spec
            .node_affinity
            .as_ref()?
            .required
            .as_ref()?
            .node_selector_terms
            .first()?;
        Some(format!(
            "persistentvolume {pv_name}: spec.nodeAffinity: {}",
            term_text(term)
        ))
    }))
}

/// A class and the claim templates that use it, each with its evidence.
type ClassUse<'a> = (&'a StorageClass, Vec<(&'a str, String)>);

/// Kubernetes docs, "Storage Classes > Volume Binding Mode": Immediate
/// binding provisions a zonal volume before the pod is scheduled, "without
/// knowledge of the Pod's scheduling requirements", which can leave the pod
/// unschedulable.
fn binding_immediate(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    let templates = f
        .set
        .spec
        .volume_claim_templates
        .as_deref()
        .unwrap_or_default();
    if templates.is_empty() {
        return Ok(vec![]);
    }
    let classes = f.storage_classes()?;
    // One finding per class, naming every template that uses it.
    let mut by_class: BTreeMap<&str, ClassUse<'_>> = BTreeMap::new();
    for t in templates {
        let Some((class, how)) = class_of(t, classes) else {
            continue;
        };
        let mode = class.volume_binding_mode.as_deref().unwrap_or("Immediate");
        if mode != "Immediate" {
            continue;
        }
        let template = t.metadata.name.as_deref().unwrap_or_default();
        by_class
            .entry(class.metadata.name.as_deref().unwrap_or_default())
            .or_insert((class, vec![]))
            .1
            .push((template, how));
    }
    let mut out = vec![];
    for (name, (class, uses)) in by_class {
        let template_names: Vec<&str> = uses.iter().map(|(t, _)| *t).collect();
        let Some(zonal) = zonal_evidence(f, class, &template_names)? else {
            continue;
        };
        let mut finding = Finding::new(
            "storage-binding-immediate",
            Severity::Warning,
            f,
            format!(
                "StorageClass {name:?} of claim template {} is zonal and binds Immediate",
                template_names.join(", ")
            ),
        )
        .object("storageclass", name);
        for (t, how) in &uses {
            finding = finding.evidence(format!("volumeClaimTemplates {t}: {how}"));
        }
        let mode = class
            .volume_binding_mode
            .as_deref()
            .map_or("(unset: Immediate)".to_string(), str::to_string);
        out.push(
            finding
                .evidence(format!("storageclass {name}: volumeBindingMode: {mode}"))
                .evidence(zonal)
                .why(
                    "each new claim gets a volume in a zone picked before its pod is scheduled; \
                     the pod must then run in that zone, and when anti-affinity, a zone spread \
                     or node capacity rule it out, the pod stays Pending",
                )
                .fix(format!(
                    "volumeBindingMode is immutable: create a new class (`kubectl get \
                     storageclass {name} -o yaml`, set metadata.name to {name}-wait and \
                     volumeBindingMode: WaitForFirstConsumer, `kubectl create -f`) and use it \
                     in spec.volumeClaimTemplates[].spec.storageClassName for new claims (the \
                     templates are immutable: `kubectl delete statefulset {} -n {} \
                     --cascade=orphan` and apply the changed set; existing claims keep their \
                     volumes)",
                    f.name(),
                    f.ns()
                )),
        );
    }
    Ok(out)
}
