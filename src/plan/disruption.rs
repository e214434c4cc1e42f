//! "May this pod go down now?": the one decision every path that takes a pod
//! down goes through (eviction, plain delete, a partition or template write
//! that makes the controller replace it, a recovery delete).
//!
//! Two kinds of reasons say no:
//! - the set is not healthy (safety rule 1, [`check_set`]): another pod is
//!   missing, terminating or not Ready, or the controller lags behind;
//! - a claim the pod mounts would lose its data or its binding when the pod
//!   stops ([`claim_risk`]): the claim is being deleted (the
//!   `kubernetes.io/pvc-protection` finalizer only holds it while a pod uses
//!   it; the moment the pod stops, the claim goes, and with reclaim policy
//!   Delete its volume too, and the controller creates a new empty claim for
//!   the new pod), the claim is Lost, or its PersistentVolume is gone,
//!   Released or Failed.
//!
//! Pure: the caller reads the set, its pods, the pod's claims and their
//! volumes with consistent reads (rule 6) right before the write.

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{PersistentVolume, PersistentVolumeClaim, Pod};

use super::health::check_set;
use super::pod::claims_of;

/// What the caller knows of one claim the pod mounts.
#[derive(Debug, Clone)]
pub struct ClaimFacts<'a> {
    /// The claim name the pod's volume refers to.
    pub name: &'a str,
    /// The claim, or `None` when it does not exist.
    pub claim: Option<&'a PersistentVolumeClaim>,
    /// Its bound volume, as far as it could be read.
    pub volume: Volume<'a>,
}

/// The PersistentVolume of a claim, as read.
#[derive(Debug, Clone, Copy)]
pub enum Volume<'a> {
    Found(&'a PersistentVolume),
    /// The claim names a volume that does not exist.
    Missing,
    /// The claim is not bound yet, so there is no volume to lose.
    Unbound,
    /// The volume could not be read (e.g. no permission to get
    /// persistentvolumes): the claim's own state still decides.
    Unknown,
}

/// One reason a pod may not go down now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocker {
    /// The object concerned: `pod/web-1` or `persistentvolumeclaim/data-web-1`.
    pub object: String,
    pub reason: String,
    /// What to do about it.
    pub next: String,
}

/// Rule 1 and the claim check for taking `target` down. `pods` are the
/// set's pods as just read; `claims` has one entry per claim `target`
/// mounts ([`claims_of`]). `target` itself may be the unhealthy pod (rule 3
/// restarts those first). Empty means it may go down.
pub fn may_take_down(
    set: &StatefulSet,
    pods: &[&Pod],
    target: &Pod,
    claims: &[ClaimFacts<'_>],
) -> Vec<Blocker> {
    let pod = target.metadata.name.as_deref().unwrap_or_default();
    let set_name = set.metadata.name.as_deref().unwrap_or_default();
    let ns = set.metadata.namespace.as_deref().unwrap_or_default();
    let mut out: Vec<Blocker> = check_set(set, pods, Some(pod))
        .into_iter()
        .map(|u| Blocker {
            object: u
                .pod
                .map_or_else(|| format!("statefulset/{set_name}"), |p| format!("pod/{p}")),
            reason: u.reason,
            next: format!(
                "only the pod being replaced may be unavailable; wait until the set is healthy \
                 (kubectl sts status {set_name} -n {ns})"
            ),
        })
        .collect();
    out.extend(claims_at_risk(target, claims));
    out
}

/// The claim check alone, for every claim `pod` mounts: what taking the pod
/// down would do to each claim's data (see the module docs).
pub fn claims_at_risk(pod: &Pod, claims: &[ClaimFacts<'_>]) -> Vec<Blocker> {
    let pod_name = pod.metadata.name.as_deref().unwrap_or_default();
    claims_of(pod)
        .iter()
        .filter_map(|name| {
            let facts = claims.iter().find(|c| c.name == name)?;
            claim_risk(pod_name, facts)
        })
        .collect()
}

/// What stopping `pod` would do to one claim it mounts; `None` when nothing
/// is at risk (a missing claim is not: the controller recreates a template
/// claim, and a pod without its claim is not running anyway).
pub fn claim_risk(pod: &str, c: &ClaimFacts<'_>) -> Option<Blocker> {
    let claim = c.claim?;
    let ns = claim.metadata.namespace.as_deref().unwrap_or_default();
    let pv_name = claim
        .spec
        .as_ref()
        .and_then(|s| s.volume_name.as_deref())
        .filter(|v| !v.is_empty());
    if claim.metadata.deletion_timestamp.is_some() {
        return Some(being_deleted(pod, c, claim, ns, pv_name));
    }
    let phase = claim.status.as_ref().and_then(|s| s.phase.as_deref());
    if phase == Some("Lost") {
        return Some(Blocker {
            object: format!("persistentvolumeclaim/{}", c.name),
            reason: format!(
                "claim {} in namespace {ns} is Lost: its volume is gone; {pod} would not start \
                 again on it",
                c.name
            ),
            next: format!(
                "find or restore the volume first (kubectl describe pvc {} -n {ns})",
                c.name
            ),
        });
    }
    volume_risk(pod, c, ns, pv_name?)
}

/// A claim being deleted goes the moment its last pod stops
/// (`kubernetes.io/pvc-protection` holds it only while a pod uses it), with
/// its volume when the reclaim policy is Delete; the controller then creates
/// a new, empty claim for the new pod (kubernetes#74374).
fn being_deleted(
    pod: &str,
    c: &ClaimFacts<'_>,
    claim: &PersistentVolumeClaim,
    ns: &str,
    pv_name: Option<&str>,
) -> Blocker {
    let (pv_text, keep) = match (c.volume, pv_name) {
        (Volume::Found(pv), Some(name)) => {
            let policy = pv
                .spec
                .as_ref()
                .and_then(|s| s.persistent_volume_reclaim_policy.as_deref())
                .unwrap_or("Delete");
            let keep = if policy == "Delete" {
                format!(
                    "To keep the data, first set its reclaim policy to Retain: kubectl patch pv \
                     {name} -p '{{\"spec\":{{\"persistentVolumeReclaimPolicy\":\"Retain\"}}}}'. "
                )
            } else {
                String::new()
            };
            (
                format!("its PersistentVolume {name} has reclaimPolicy {policy}"),
                keep,
            )
        }
        (_, Some(name)) => (format!("its PersistentVolume is {name}"), String::new()),
        (_, None) => ("it is not bound to a volume".to_string(), String::new()),
    };
    let finalizers = claim.metadata.finalizers.clone().unwrap_or_default();
    let held = if finalizers.is_empty() {
        String::new()
    } else {
        format!(", held by {}", finalizers.join(", "))
    };
    Blocker {
        object: format!("persistentvolumeclaim/{}", c.name),
        reason: format!(
            "claim {} in namespace {ns} is being deleted{held}; {pv_text}. The claim and its \
             data go the moment {pod} stops, and the StatefulSet controller then creates a \
             new, empty claim for the new {pod}",
            c.name
        ),
        next: format!(
            "{keep}Then decide what {pod} should start with: restore the data, or accept \
             an empty volume by deleting {pod} yourself."
        ),
    }
}

/// A bound claim whose volume is gone, Released, Failed or being deleted:
/// the pod may not get its data back after it stops.
fn volume_risk(pod: &str, c: &ClaimFacts<'_>, ns: &str, pv: &str) -> Option<Blocker> {
    let state = match c.volume {
        Volume::Missing => "missing".to_string(),
        Volume::Found(v) if v.metadata.deletion_timestamp.is_some() => "being deleted".into(),
        Volume::Found(v) => {
            let phase = v.status.as_ref().and_then(|s| s.phase.as_deref());
            match phase {
                Some(p @ ("Released" | "Failed")) => p.to_string(),
                _ => return None,
            }
        }
        Volume::Unbound | Volume::Unknown => return None,
    };
    Some(if state == "missing" {
        Blocker {
            object: format!("persistentvolumeclaim/{}", c.name),
            reason: format!(
                "claim {} in namespace {ns} is bound to PersistentVolume {pv}, which does not \
                 exist; {pod} would not start again",
                c.name
            ),
            next: format!("find out what deleted {pv} before taking {pod} down"),
        }
    } else {
        Blocker {
            object: format!("persistentvolume/{pv}"),
            reason: format!(
                "PersistentVolume {pv} of claim {} in namespace {ns} is {state}; {pod} may not \
                 get its data back after a restart",
                c.name
            ),
            next: format!("kubectl describe pv {pv}; fix the binding first"),
        }
    })
}

/// Blockers as one sentence for an error message.
pub fn describe(blockers: &[Blocker]) -> String {
    blockers
        .iter()
        .map(|b| {
            if b.next.is_empty() {
                b.reason.clone()
            } else {
                format!("{} ({})", b.reason, b.next)
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::fixtures::{REV_A, pod, pv_for, pvc, sts, terminating};

    fn facts<'a>(
        name: &'a str,
        claim: Option<&'a PersistentVolumeClaim>,
        volume: Volume<'a>,
    ) -> ClaimFacts<'a> {
        ClaimFacts {
            name,
            claim,
            volume,
        }
    }

    fn with_phase(mut c: PersistentVolumeClaim, phase: &str) -> PersistentVolumeClaim {
        c.status.get_or_insert_with(Default::default).phase = Some(phase.into());
        c
    }

    fn pv_phase(mut pv: PersistentVolume, phase: &str) -> PersistentVolume {
        pv.status.get_or_insert_with(Default::default).phase = Some(phase.into());
        pv
    }

    #[test]
    fn table_of_claim_states() {
        let healthy = pvc("data", "web", 1, "1Gi");
        let pv_delete = pv_for(&healthy, "Delete");
        let pv_retain = pv_for(&healthy, "Retain");
        let mut deleting = terminating(healthy.clone());
        deleting.metadata.finalizers = Some(vec!["kubernetes.io/pvc-protection".into()]);
        let lost = with_phase(healthy.clone(), "Lost");
        let released = pv_phase(pv_delete.clone(), "Released");
        struct Case<'a> {
            what: &'a str,
            facts: ClaimFacts<'a>,
            /// Words the blocker must contain; `None`: nothing at risk.
            want: Option<&'a [&'a str]>,
        }
        let cases = [
            Case {
                what: "bound and healthy",
                facts: facts("data-web-1", Some(&healthy), Volume::Found(&pv_delete)),
                want: None,
            },
            Case {
                what: "missing claim: the controller recreates it",
                facts: facts("data-web-1", None, Volume::Unknown),
                want: None,
            },
            Case {
                what: "being deleted, reclaim Delete",
                facts: facts("data-web-1", Some(&deleting), Volume::Found(&pv_delete)),
                want: Some(&[
                    "being deleted",
                    "kubernetes.io/pvc-protection",
                    "reclaimPolicy Delete",
                    "the moment web-1 stops",
                    "\"persistentVolumeReclaimPolicy\":\"Retain\"",
                ]),
            },
            Case {
                what: "being deleted, reclaim Retain: the pod still comes back empty",
                facts: facts("data-web-1", Some(&deleting), Volume::Found(&pv_retain)),
                want: Some(&["being deleted", "reclaimPolicy Retain", "new, empty claim"]),
            },
            Case {
                what: "being deleted, volume unreadable",
                facts: facts("data-web-1", Some(&deleting), Volume::Unknown),
                want: Some(&["being deleted"]),
            },
            Case {
                what: "Lost",
                facts: facts("data-web-1", Some(&lost), Volume::Missing),
                want: Some(&["is Lost"]),
            },
            Case {
                what: "bound to a volume that is gone",
                facts: facts("data-web-1", Some(&healthy), Volume::Missing),
                want: Some(&["does not exist"]),
            },
            Case {
                what: "volume Released",
                facts: facts("data-web-1", Some(&healthy), Volume::Found(&released)),
                want: Some(&["is Released"]),
            },
            Case {
                what: "volume not readable: the claim decides",
                facts: facts("data-web-1", Some(&healthy), Volume::Unknown),
                want: None,
            },
        ];
        for c in cases {
            let got = claim_risk("web-1", &c.facts);
            match (c.want, got) {
                (None, None) => {}
                (Some(words), Some(b)) => {
                    let text = format!("{} {}", b.reason, b.next);
                    for w in words {
                        assert!(text.contains(w), "{}: {w:?} not in {text}", c.what);
                    }
                }
                (want, got) => panic!("{}: want {want:?}, got {got:?}", c.what),
            }
        }
    }

    #[test]
    fn every_claim_the_pod_mounts_is_checked_and_the_set_must_be_healthy() {
        let s = sts("web", 3, &["data"]);
        let mut target = pod(&s, 1, REV_A);
        // An extra, non-template claim volume.
        target
            .spec
            .as_mut()
            .unwrap()
            .volumes
            .get_or_insert_with(Vec::new)
            .push(k8s_openapi::api::core::v1::Volume {
                name: "shared".into(),
                persistent_volume_claim: Some(
                    k8s_openapi::api::core::v1::PersistentVolumeClaimVolumeSource {
                        claim_name: "shared-archive".into(),
                        read_only: None,
                    },
                ),
                ..Default::default()
            });
        let pods = [pod(&s, 0, REV_A), target.clone(), pod(&s, 2, REV_A)];
        let refs: Vec<&Pod> = pods.iter().collect();
        let data = pvc("data", "web", 1, "1Gi");
        let mut archive = pvc("data", "web", 9, "1Gi");
        archive.metadata.name = Some("shared-archive".into());
        let archive = terminating(archive);
        let claims = [
            facts("data-web-1", Some(&data), Volume::Unknown),
            facts("shared-archive", Some(&archive), Volume::Unknown),
        ];
        let got = may_take_down(&s, &refs, &target, &claims);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].object, "persistentvolumeclaim/shared-archive");

        // Another pod down: rule 1 says no as well; the target itself may be down.
        let pods = [pod(&s, 0, REV_A), target.clone()];
        let refs: Vec<&Pod> = pods.iter().collect();
        let got = may_take_down(&s, &refs, &target, &claims[..1]);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].object, "pod/web-2");
    }
}
