//! The claims of the live range and around it: leftovers of a
//! scale-down, and claims missing or unbound under a pod that needs them.

use k8s_openapi::api::core::v1::Pod;

use super::{SetClaim, listed, name_of, phase, set_claims, templates};
use crate::duration::human;
use crate::plan::doctor::{Facts, Finding, Severity, Unavailable};
use crate::plan::names::pvc_name;
use crate::plan::pod::ordinal_of;
use crate::plan::set::{live_ordinals, range_text};

/// A claim younger than this may still be binding (provisioning takes time).
const PENDING_AFTER_SECS: i64 = 300;

/// With `whenScaled: Retain` (the default) the claims of removed ordinals
/// stay (Kubernetes docs, "StatefulSet > PersistentVolumeClaim retention").
/// Info, not warning: keeping them is Kubernetes' intended behaviour, so a
/// scale-up finds its data again; the finding is about the cost and about
/// the stale data a later scale-up brings back.
pub(super) fn leftover_claims(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    let live = live_ordinals(f.set);
    let left: Vec<SetClaim<'_>> = set_claims(f)?
        .into_iter()
        .filter(|c| !live.contains(&c.ordinal))
        .collect();
    if left.is_empty() {
        return Ok(vec![]);
    }
    let names: Vec<String> = left.iter().map(|c| name_of(c.claim).to_string()).collect();
    let mut finding = Finding::new(
        "storage-leftover-claims",
        Severity::Info,
        f,
        format!(
            "{} claim(s) of ordinals outside the live range {}: {}",
            names.len(),
            range_text(&live),
            listed(&names)
        ),
    );
    for n in &names {
        finding = finding.object("persistentvolumeclaim", n);
    }
    Ok(vec![
        finding
            .evidence(format!(
                "live ordinals: {} (spec.replicas: {})",
                range_text(&live),
                crate::plan::set::replicas(f.set)
            ))
            .evidence(format!("claims outside them: {}", listed(&names)))
            .why(
                "the volumes are still paid for, and a later scale-up gives the new pod of that \
                 ordinal the old, stale data, which a replicated database may refuse or \
                 replay",
            )
            .fix(format!(
                "review them with `kubectl sts pvc orphans {name} -n {ns}` and delete the ones \
                 not needed with `kubectl sts pvc orphans {name} -n {ns} --delete`",
                name = f.name(),
                ns = f.ns()
            )),
    ])
}

fn pod_at<'a>(f: &Facts<'a>, ordinal: i32) -> Option<&'a Pod> {
    f.pods
        .iter()
        .copied()
        .find(|p| ordinal_of(f.set, p) == Some(ordinal))
}

fn pod_phase(p: &Pod) -> &str {
    p.status
        .as_ref()
        .and_then(|s| s.phase.as_deref())
        .unwrap_or("Unknown")
}

/// The controller creates a pod's claims before the pod, so an existing
/// pod without one of its claims lost it afterwards. A Pending pod stays
/// Pending on clusters whose controller does not recreate it
/// (kubernetes#74374); a Running one still has the volume mounted, but its
/// next start gets a new, empty volume. A live ordinal without a pod is
/// left alone: the controller creates claim and pod together.
pub(super) fn claim_missing(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    if templates(f).is_empty() {
        return Ok(vec![]);
    }
    let claims = f.claims()?;
    let mut out = vec![];
    for ordinal in live_ordinals(f.set) {
        let Some(p) = pod_at(f, ordinal) else {
            continue;
        };
        if p.metadata.deletion_timestamp.is_some() {
            continue;
        }
        let pod = p.metadata.name.as_deref().unwrap_or_default();
        for t in templates(f) {
            let claim = pvc_name(name_of(t), f.name(), ordinal);
            if claims.iter().any(|c| name_of(c) == claim) {
                continue;
            }
            let phase = pod_phase(p);
            let running = phase == "Running";
            let finding = Finding::new(
                "storage-claim-missing",
                if running {
                    Severity::Warning
                } else {
                    Severity::Error
                },
                f,
                format!("claim {claim} of pod {pod} does not exist"),
            )
            .object("pod", pod)
            .object("persistentvolumeclaim", &claim)
            .evidence(format!(
                "no claim {claim} in namespace {} (claim template {}, ordinal {ordinal})",
                f.ns(),
                name_of(t)
            ))
            .evidence(format!("pod {pod}: status.phase: {phase}"));
            out.push(if running {
                finding
                    .why(format!(
                        "pod {pod} still has the old volume mounted, but when it is next \
                         recreated the controller provisions a new, empty claim in its place"
                    ))
                    .fix(format!(
                        "before pod {pod} restarts, back up its data or create claim {claim} \
                         bound to the volume it uses (spec.volumeName); `kubectl sts recover \
                         {} -n {}` recreates the claim once the pod is Pending",
                        f.name(),
                        f.ns()
                    ))
            } else {
                finding
                    .why(format!(
                        "pod {pod} cannot start without its volume, so ordinal {ordinal} stays \
                         down (and under OrderedReady the ordinals after it too); a recreated \
                         claim starts empty"
                    ))
                    .fix(format!(
                        "kubectl sts recover {} -n {} (recreates the claim from the claim \
                         template; restore the data from a backup if it matters)",
                        f.name(),
                        f.ns()
                    ))
            });
        }
    }
    Ok(out)
}

/// A claim stays Pending when no volume can be provisioned or matched
/// (no such StorageClass, a provisioner error, a topology conflict). A
/// claim without a pod is left alone: with WaitForFirstConsumer it binds
/// only once its pod is scheduled.
pub(super) fn claim_pending(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    let live = live_ordinals(f.set);
    let mut out = vec![];
    for c in set_claims(f)? {
        if !live.contains(&c.ordinal) || phase(c.claim) != "Pending" {
            continue;
        }
        let age = c
            .claim
            .metadata
            .creation_timestamp
            .as_ref()
            .map(|t| f.now.as_second() - t.0.as_second());
        if age.is_some_and(|a| a < PENDING_AFTER_SECS) {
            continue;
        }
        let Some(p) = pod_at(f, c.ordinal) else {
            continue;
        };
        let claim = name_of(c.claim);
        let pod = p.metadata.name.as_deref().unwrap_or_default();
        let class = c
            .claim
            .spec
            .as_ref()
            .and_then(|s| s.storage_class_name.as_deref())
            .unwrap_or("(unset)");
        let mut finding = Finding::new(
            "storage-claim-pending",
            Severity::Warning,
            f,
            format!("claim {claim} of pod {pod} is Pending"),
        )
        .object("persistentvolumeclaim", claim)
        .object("pod", pod)
        .evidence(format!(
            "persistentvolumeclaim {claim}: status.phase: Pending, storageClassName: {class}"
        ));
        if let Some(a) = age {
            let age = human(std::time::Duration::from_secs(a.max(0) as u64));
            finding = finding.evidence(format!("persistentvolumeclaim {claim}: Pending for {age}"));
        }
        out.push(
            finding
                .evidence(format!("pod {pod}: status.phase: {}", pod_phase(p)))
                .why(format!(
                    "pod {pod} cannot start until the claim is bound, so ordinal {} stays down",
                    c.ordinal
                ))
                .fix(format!(
                    "kubectl describe pvc {claim} -n {ns} (its events say why no volume \
                     binds); `kubectl sts recover {name} -n {ns}` explains the usual causes",
                    name = f.name(),
                    ns = f.ns()
                )),
        );
    }
    Ok(out)
}
