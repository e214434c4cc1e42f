//! PodDisruptionBudgets (policy/v1) covering the set's pods: the limit the
//! eviction API enforces for node drains and for `kubectl sts restart`.
//! A budget covers the set when its selector selects the pod template's
//! labels. Kubernetes docs, "Specifying a Disruption Budget for your
//! Application"; the arithmetic is the disruption controller's.

use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::plan::doctor::{Check, Facts, Finding, Severity, Unavailable};
use crate::plan::{selector, set};

#[cfg(test)]
mod tests;

pub const ALL: &[Check] = &[
    Check {
        id: "pdb-missing",
        severity: Severity::Warning,
        summary: "no PodDisruptionBudget covers the set's pods (more than one replica)",
        run: missing,
    },
    Check {
        id: "pdb-blocks-disruptions",
        severity: Severity::Error,
        summary: "a PodDisruptionBudget allows zero disruptions: every node drain and restart blocks",
        run: blocks_disruptions,
    },
    Check {
        id: "pdb-breaks-quorum",
        severity: Severity::Error,
        summary: "a PodDisruptionBudget lets more pods of a quorum system go down than its quorum survives",
        run: breaks_quorum,
    },
    Check {
        id: "pdb-overlap",
        severity: Severity::Error,
        summary: "several PodDisruptionBudgets select the set's pods: the eviction API refuses to evict them",
        run: overlap,
    },
];

/// The budgets of the namespace whose selector selects the pod template.
fn covering<'a>(f: &Facts<'a>) -> Result<Vec<&'a PodDisruptionBudget>, Unavailable> {
    let labels = f.template_labels();
    Ok(f.pdbs()?
        .into_iter()
        .filter(|b| selector::selects(b.spec.as_ref().and_then(|s| s.selector.as_ref()), labels))
        .collect())
}

fn pdb_name(b: &PodDisruptionBudget) -> &str {
    b.metadata.name.as_deref().unwrap_or_default()
}

/// `app=web,tier=db`: the template's labels (the set's matchLabels when
/// the template has none), as `--selector` takes them.
fn selector_text(f: &Facts<'_>) -> String {
    f.selector_labels()
        .map(|l| {
            l.iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default()
}

/// `intstr.GetScaledValueFromIntOrPercent(v, total, roundUp=true)`: an
/// integer as is, a percentage of `total` rounded up; `None` for a string
/// that is not a percentage (the controller rejects it too).
fn scaled(v: &IntOrString, total: i32) -> Option<i32> {
    match v {
        IntOrString::Int(i) => Some(*i),
        IntOrString::String(s) => {
            let pct: i64 = s.strip_suffix('%')?.parse().ok()?;
            let n = pct * i64::from(total);
            // Ceiling of n / 100 for either sign.
            let q = n.div_euclid(100) + i64::from(n.rem_euclid(100) != 0);
            i32::try_from(q).ok()
        }
    }
}

fn show(v: &IntOrString) -> String {
    match v {
        IntOrString::Int(i) => i.to_string(),
        IntOrString::String(s) => format!("{s:?}"),
    }
}

/// How many of `n` pods the budget lets be down at once, as the
/// disruption controller computes it against the set's spec.replicas:
/// maxUnavailable first (as the controller does when both are set), then
/// minAvailable; a budget with neither lets every pod go. `None` when the
/// value cannot be computed. Also its evidence line.
fn allowed_down(b: &PodDisruptionBudget, n: i32) -> Option<(i32, String)> {
    let spec = b.spec.as_ref();
    let name = pdb_name(b);
    match (
        spec.and_then(|s| s.max_unavailable.as_ref()),
        spec.and_then(|s| s.min_available.as_ref()),
    ) {
        (Some(m), _) => Some((
            scaled(m, n)?.clamp(0, n),
            format!(
                "poddisruptionbudget {name}: spec.maxUnavailable: {}",
                show(m)
            ),
        )),
        (None, Some(m)) => Some((
            (n - scaled(m, n)?).clamp(0, n),
            format!("poddisruptionbudget {name}: spec.minAvailable: {}", show(m)),
        )),
        (None, None) => Some((
            n,
            format!(
                "poddisruptionbudget {name}: neither spec.maxUnavailable nor spec.minAvailable"
            ),
        )),
    }
}

/// A merge patch that sets maxUnavailable to `to` and drops minAvailable
/// (a budget may set only one of them).
fn patch_max_unavailable(f: &Facts<'_>, name: &str, to: i32) -> String {
    format!(
        "kubectl patch poddisruptionbudget {name} -n {} --type merge -p \
         '{{\"spec\":{{\"maxUnavailable\":{to},\"minAvailable\":null}}}}'",
        f.ns()
    )
}

/// Kubernetes docs, "Specifying a Disruption Budget for your Application":
/// without a budget, a drain may evict every replica at once.
fn missing(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    let n = set::replicas(f.set);
    if n <= 1 || !covering(f)?.is_empty() {
        return Ok(vec![]);
    }
    let name = f.name();
    let sel = selector_text(f);
    Ok(vec![
        Finding::new(
            "pdb-missing",
            Severity::Warning,
            f,
            format!("no PodDisruptionBudget covers the pods of {name}"),
        )
        .evidence(format!("spec.replicas: {n}"))
        .evidence(format!(
            "no PodDisruptionBudget in namespace {:?} selects {sel}",
            f.ns()
        ))
        .why(
            "a node drain or cluster upgrade may evict several replicas at once; a stateful \
             application then loses its data copies or its quorum together",
        )
        .fix(format!(
            "kubectl create poddisruptionbudget {name} -n {ns} --selector={sel} \
             --max-unavailable=1 (or apply {{apiVersion: policy/v1, kind: PodDisruptionBudget, \
             metadata: {{name: {name}, namespace: {ns}}}, spec: {{maxUnavailable: 1, selector: \
             {{matchLabels: {{{labels}}}}}}}}})",
            ns = f.ns(),
            labels = sel.replace('=', ": ").replace(',', ", ")
        )),
    ])
}

/// The eviction API answers 429 while a budget's disruptionsAllowed is 0;
/// a budget that allows 0 with every pod healthy never allows one
/// (Kubernetes docs, "Safely Drain a Node").
fn blocks_disruptions(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    let n = set::replicas(f.set);
    if n == 0 {
        return Ok(vec![]);
    }
    let mut out = vec![];
    for b in covering(f)? {
        let Some((0, limit)) = allowed_down(b, n) else {
            continue;
        };
        let name = pdb_name(b);
        let single = if n == 1 {
            " (with one replica, any budget that keeps it up blocks every drain: accept its \
             downtime or run more replicas)"
        } else {
            ""
        };
        out.push(
            Finding::new(
                "pdb-blocks-disruptions",
                Severity::Error,
                f,
                format!(
                    "PodDisruptionBudget {name:?} allows zero disruptions of {}",
                    f.name()
                ),
            )
            .object("poddisruptionbudget", name)
            .evidence(format!("spec.replicas: {n}"))
            .evidence(limit)
            .why(
                "the eviction API refuses every eviction of these pods even when all are \
                 healthy: `kubectl drain` and node upgrades wait forever, and `kubectl sts \
                 restart` retries until its --timeout",
            )
            .fix(format!("{}{single}", patch_max_unavailable(f, name, 1))),
        );
    }
    Ok(out)
}

/// A Raft/Zab/Paxos system of n members needs n/2+1 of them up; a budget
/// that lets more than n - quorum go lets a drain stop its writes.
fn breaks_quorum(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    let Some(system) = super::quorum_system(f.set) else {
        return Ok(vec![]);
    };
    let n = set::replicas(f.set);
    // Fewer than 3 members survive no loss at all: that is the replica
    // count's problem, not the budget's (pdb-blocks-disruptions covers a
    // budget that forbids every disruption).
    if n < 3 {
        return Ok(vec![]);
    }
    let quorum = n / 2 + 1;
    let tolerated = n - quorum;
    let mut out = vec![];
    for b in covering(f)? {
        let Some((allowed, limit)) = allowed_down(b, n) else {
            continue;
        };
        if allowed <= tolerated {
            continue;
        }
        let name = pdb_name(b);
        out.push(
            Finding::new(
                "pdb-breaks-quorum",
                Severity::Error,
                f,
                format!(
                    "PodDisruptionBudget {name:?} lets {allowed} of {n} {system} pods go down; \
                     the quorum of {quorum} survives only {tolerated}"
                ),
            )
            .object("poddisruptionbudget", name)
            .evidence(format!("spec.replicas: {n}"))
            .evidence(format!("quorum ({system}): {quorum} of {n}"))
            .evidence(limit)
            .evidence(format!("allows down at once: {allowed}"))
            .why(format!(
                "{system} needs a majority of its members up; a drain that evicts {allowed} \
                 pods at once loses the quorum and stops writes until they are back"
            ))
            .fix(patch_max_unavailable(f, name, tolerated)),
        );
    }
    Ok(out)
}

/// The eviction API refuses a pod covered by more than one budget with a
/// 500 "This pod has more than one PodDisruptionBudget, which the eviction
/// subresource does not support." (pkg/registry/core/pod/storage/eviction.go).
fn overlap(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    let budgets = covering(f)?;
    if budgets.len() < 2 {
        return Ok(vec![]);
    }
    let names: Vec<&str> = budgets.iter().map(|b| pdb_name(b)).collect();
    let mut finding = Finding::new(
        "pdb-overlap",
        Severity::Error,
        f,
        format!(
            "{} PodDisruptionBudgets select the pods of {}: {}",
            names.len(),
            f.name(),
            names.join(", ")
        ),
    );
    for b in &budgets {
        let sel = b
            .spec
            .as_ref()
            .and_then(|s| s.selector.as_ref())
            .map(selector::to_query)
            .unwrap_or_default();
        finding = finding
            .object("poddisruptionbudget", pdb_name(b))
            .evidence(format!(
                "poddisruptionbudget {}: spec.selector: {sel:?}",
                pdb_name(b)
            ));
    }
    Ok(vec![
        finding
            .evidence(format!("pod template labels: {}", selector_text(f)))
            .why(
                "the eviction API refuses to evict a pod covered by more than one \
                 PodDisruptionBudget (500 \"This pod has more than one PodDisruptionBudget\"), \
                 so node drains and `kubectl sts restart` fail on every pod of the set",
            )
            .fix(format!(
                "keep one budget for the set: kubectl delete poddisruptionbudget {} -n {} (or \
                 narrow the others' selectors so they no longer select {})",
                names[1..].join(" "),
                f.ns(),
                selector_text(f)
            )),
    ])
}
