//! Recovery rules for the claims of a set that are being deleted. A claim is
//! held Terminating by its finalizers: `kubernetes.io/pvc-protection` while a
//! pod uses it, and any other controller's finalizer (a snapshot taken from
//! it, a provisioner) for as long as that controller wants. Meanwhile the
//! StatefulSet controller does not create the pod of that ordinal, so a
//! deleted pod never comes back. Each finding names the finalizers that hold
//! the claim, who owns them (`plan::finalizers`), and the data at stake.

use super::*;
use crate::plan::finalizers::{check_text, owner_text};
use crate::plan::names::pvc_ordinal;

use super::pods::finalizer_action;

/// Every claim of `set`'s templates that is being deleted and either stuck
/// (no user, older than [`CLAIM_STUCK_AFTER_SECS`]), used by a pod (the
/// protection working, explained), or blocking a live ordinal from getting
/// its pod (held by a finalizer other than pvc-protection: reported at
/// once, since that finalizer is not released by the pod going away).
pub fn claims_stuck_terminating(
    snap: &Snapshot,
    set: &StatefulSet,
    opts: &Options,
    now: Timestamp,
) -> Vec<Finding> {
    let ns = set.metadata.namespace.as_deref().unwrap_or_default();
    let set_name = name(&set.metadata);
    let live = live_ordinals(set);
    let mut out = Vec::new();
    for c in &snap.pvcs {
        if c.metadata.namespace.as_deref() != Some(ns) {
            continue;
        }
        let Some(deleted) = c.metadata.deletion_timestamp.as_ref() else {
            continue;
        };
        let claim = name(&c.metadata);
        let Some((tpl, ord)) = templates(set).iter().find_map(|t| {
            let tn = name(&t.metadata);
            Some((tn, pvc_ordinal(claim, tn, set_name)?))
        }) else {
            continue;
        };
        let finalizers = c.metadata.finalizers.clone().unwrap_or_default();
        let others = finalizers.iter().any(|f| f != PVC_PROTECTION);
        let users = users_of(snap, ns, claim);
        let pod = pod_name(set_name, ord);
        let blocked = live.contains(&ord)
            && !snap
                .pods
                .iter()
                .any(|p| p.metadata.namespace.as_deref() == Some(ns) && name(&p.metadata) == pod);
        let age = now.as_second() - deleted.0.as_second();
        // pvc-protection lets go within a second of the last user leaving;
        // give any claim that much time, unless another finalizer already
        // keeps an ordinal without its pod.
        if users.is_empty() && age < CLAIM_STUCK_AFTER_SECS && !(others && blocked) {
            continue;
        }
        let held = format!(
            "held by finalizer{} {}",
            if finalizers.len() == 1 { "" } else { "s" },
            finalizers.join(", ")
        );
        let mut f = if blocked {
            Finding::new(
                Problem::PodBlockedByClaim,
                ns,
                set_name,
                format!("persistentvolumeclaim/{claim}"),
                format!(
                    "ordinal {ord} has no pod: the StatefulSet controller does not create {pod} \
                     while its PVC {claim} is being deleted ({held})"
                ),
            )
        } else {
            Finding::new(
                Problem::ClaimStuckTerminating,
                ns,
                set_name,
                format!("persistentvolumeclaim/{claim}"),
                format!("PVC {claim} is Terminating, {held}"),
            )
        };
        f.evidence.push(format!("deletion requested {age}s ago"));
        for fin in &finalizers {
            f.evidence.push(format!("finalizer {}", owner_text(fin)));
        }
        if blocked {
            f.evidence.push(format!(
                "pod {pod} (live ordinal {ord}, claim template {tpl}) does not exist"
            ));
        } else if live.contains(&ord) {
            f.evidence.push(format!(
                "it belongs to live ordinal {ord} (template {tpl}): once it is gone, pod {pod} \
                 needs it recreated (kubernetes#74374)"
            ));
        }
        let (pv_text, keep) = volume_text(snap, c);
        f.evidence.push(pv_text.clone());

        if !users.is_empty() {
            let names: Vec<String> = users
                .iter()
                .map(|p| format!("{} ({})", name(&p.metadata), pod_state(p)))
                .collect();
            f.evidence.push(format!("used by pod {}", names.join(", ")));
            f.risk = "this is the protection working: the claim goes when its pods go".into();
            f.refusal = Some(format!(
                "no action: the claim is in use by {}; it is deleted when that pod is. If the \
                 deletion was a mistake, the claim cannot be undeleted: back up its data first",
                names.join(", ")
            ));
            out.push(f);
            continue;
        }
        for fin in &finalizers {
            f.advice
                .push(format!("{fin}: {}", check_text(fin, ns, claim)));
        }
        f.risk = format!(
            "removing the finalizer lets the claim be deleted at once ({pv_text}){}{}",
            if blocked {
                format!(
                    "; the controller then creates {pod} with a new, empty claim from template \
                     {tpl}"
                )
            } else {
                String::new()
            },
            keep
        );
        if blocked {
            f.advice.push(format!(
                "once the claim is gone, the controller creates {pod} and a new claim {claim}; \
                 watch with: kubectl sts status {set_name} -n {ns}"
            ));
        }
        finalizer_action(
            &mut f,
            "persistentvolumeclaim",
            &c.metadata,
            finalizers,
            opts.remove_finalizers,
        );
        out.push(f);
    }
    out
}

/// The claim's volume and what deleting the claim does to it, plus how to
/// keep the data when the reclaim policy deletes it.
fn volume_text(snap: &Snapshot, c: &PersistentVolumeClaim) -> (String, String) {
    let Some(pv) = c
        .spec
        .as_ref()
        .and_then(|s| s.volume_name.as_deref())
        .filter(|v| !v.is_empty())
    else {
        return (
            "it is not bound to a volume: no data at stake".into(),
            String::new(),
        );
    };
    if snap.pvs.is_none() {
        return (
            format!(
                "bound to PersistentVolume {pv}, whose reclaim policy could not be read (with \
                 Delete, its data goes with the claim)"
            ),
            String::new(),
        );
    }
    let policy = find_pv(snap, pv)
        .and_then(|v| v.spec.as_ref()?.persistent_volume_reclaim_policy.clone())
        .unwrap_or_else(|| "Delete".into());
    if policy == "Delete" {
        (
            format!(
                "bound to PersistentVolume {pv} with reclaimPolicy Delete: the volume and its \
                 data are deleted with the claim"
            ),
            format!(
                ". To keep the data, first set the reclaim policy to Retain: kubectl patch pv \
                 {pv} -p '{{\"spec\":{{\"persistentVolumeReclaimPolicy\":\"Retain\"}}}}'"
            ),
        )
    } else {
        (
            format!(
                "bound to PersistentVolume {pv} with reclaimPolicy {policy}: the volume and its \
                 data are kept (Released), but a new claim does not bind to it by itself"
            ),
            String::new(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{node, now, snap, with_claim};
    use super::*;
    use crate::plan::finalizers::SNAPSHOT_SOURCE;
    use crate::plan::fixtures::*;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;

    fn terminating_claim(users: bool, remove: bool, deleted: &str) -> Vec<Finding> {
        let s = sts("web", 1, &["data"]);
        let mut c = pvc("data", "web", 0, "1Gi");
        c.metadata.deletion_timestamp = Some(Time(deleted.parse().unwrap()));
        c.metadata.finalizers = Some(vec![PVC_PROTECTION.into()]);
        c.metadata.resource_version = Some("9".into());
        let pods = if users {
            vec![with_claim(pod(&s, 0, REV_A), "data-web-0")]
        } else {
            vec![]
        };
        let mut sn = snap(s, pods, vec![node("node-0", "True")]);
        sn.pvcs = vec![c];
        diagnose(
            &sn,
            &Options {
                confirm_node_down: vec![],
                remove_finalizers: remove,
            },
            now(),
        )
    }

    #[test]
    fn claim_stuck_on_pvc_protection() {
        // Used by a pod: explained, never touched.
        let f = terminating_claim(true, true, "2026-01-01T00:00:00Z");
        assert_eq!(f.len(), 1);
        assert!(f[0].action.is_none());
        assert!(
            f[0].evidence
                .iter()
                .any(|e| e.contains("used by pod web-0"))
        );
        // No user, long ago: finalizer removal only with --remove-finalizers.
        let f = terminating_claim(false, false, "2026-01-01T00:00:00Z");
        assert!(f[0].action.is_none());
        assert!(
            f[0].refusal
                .as_ref()
                .unwrap()
                .contains("--remove-finalizers")
        );
        let f = terminating_claim(false, true, "2026-01-01T00:00:00Z");
        assert!(
            matches!(&f[0].action, Some(Action::RemoveFinalizers { kind, remove, resource_version, .. })
            if kind == "persistentvolumeclaim" && remove == &vec![PVC_PROTECTION.to_string()] && resource_version == "9")
        );
        // Just deleted: the protection controller has not had its chance yet.
        assert!(terminating_claim(false, true, "2026-01-01T00:09:50Z").is_empty());
    }

    /// (finalizers, pod web-1 exists, users, deleted at, remove flag) ->
    /// (problem, action proposed).
    #[test]
    fn terminating_claims_by_finalizer_and_pod() {
        const LONG_AGO: &str = "2026-01-01T00:00:00Z";
        const JUST_NOW: &str = "2026-01-01T00:09:50Z";
        /// (finalizers, pod web-1 exists, it is scheduled (a user), deleted at, --remove-finalizers)
        type Case = (&'static [&'static str], bool, bool, &'static str, bool);
        const SNAP: &[&str] = &[SNAPSHOT_SOURCE];
        const PROT: &[&str] = &[PVC_PROTECTION];
        const BOTH: &[&str] = &[PVC_PROTECTION, SNAPSHOT_SOURCE];
        const BLOCKED: Problem = Problem::PodBlockedByClaim;
        const STUCK: Problem = Problem::ClaimStuckTerminating;
        let cases: &[(Case, Option<(Problem, bool)>)] = &[
            // The snapshot finalizer keeps ordinal 1 without a pod:
            // reported at once, removal only on request.
            (
                (SNAP, false, false, JUST_NOW, false),
                Some((BLOCKED, false)),
            ),
            ((SNAP, false, false, JUST_NOW, true), Some((BLOCKED, true))),
            // Only pvc-protection, no pod: it lets go within seconds.
            ((PROT, false, false, JUST_NOW, true), None),
            ((PROT, false, false, LONG_AGO, true), Some((BLOCKED, true))),
            // The pod exists (Pending, unscheduled: not a user): stuck only when old.
            ((SNAP, true, false, JUST_NOW, true), None),
            ((SNAP, true, false, LONG_AGO, true), Some((STUCK, true))),
            // In use by the running pod: the protection working, never touched.
            ((BOTH, true, true, LONG_AGO, true), Some((STUCK, false))),
        ];
        for (i, &((fins, pod_exists, users, deleted, remove), want)) in cases.iter().enumerate() {
            let s = sts("web", 3, &["data"]);
            let mut c = pvc("data", "web", 1, "1Gi");
            c.metadata.deletion_timestamp = Some(Time(deleted.parse().unwrap()));
            c.metadata.finalizers = Some(fins.iter().map(|f| f.to_string()).collect());
            let mut pods = vec![pod(&s, 0, REV_A), pod(&s, 2, REV_A)];
            if pod_exists {
                let mut p = with_claim(pod(&s, 1, REV_A), "data-web-1");
                if !users {
                    p.spec.as_mut().unwrap().node_name = None;
                }
                pods.push(p);
            }
            let mut sn = snap(s, pods, vec![node("node-0", "True")]);
            sn.pvs = Some(vec![pv_for(&c, "Delete")]);
            sn.pvcs = vec![c];
            let opts = Options {
                confirm_node_down: vec![],
                remove_finalizers: remove,
            };
            let f: Vec<Finding> = diagnose(&sn, &opts, now())
                .into_iter()
                .filter(|f| f.object == "persistentvolumeclaim/data-web-1")
                .collect();
            let got = f.first().map(|f| (f.problem, f.action.is_some()));
            assert_eq!(got, want, "case {i}: {f:#?}");
            let Some(f) = f.first() else { continue };
            let ev = f.evidence.join("\n");
            for fin in fins {
                assert!(ev.contains(fin), "case {i}: {ev}");
            }
            if f.action.is_some() {
                assert!(
                    f.risk.contains("reclaimPolicy Delete"),
                    "case {i}: {}",
                    f.risk
                );
                assert!(f.risk.contains("Retain"), "case {i}: {}", f.risk);
            }
        }
    }

    #[test]
    fn a_snapshot_finalizer_is_explained_with_its_owner_and_what_to_look_for() {
        let s = sts("web", 3, &["data"]);
        let mut c = pvc("data", "web", 1, "1Gi");
        c.metadata.deletion_timestamp = Some(Time(now()));
        c.metadata.finalizers = Some(vec![SNAPSHOT_SOURCE.into()]);
        let mut sn = snap(
            s.clone(),
            vec![pod(&s, 0, REV_A), pod(&s, 2, REV_A)],
            vec![],
        );
        sn.pvcs = vec![c];
        let f = diagnose(&sn, &Options::default(), now());
        assert_eq!(f.len(), 1, "{f:#?}");
        let f = &f[0];
        assert!(f.summary.contains("ordinal 1 has no pod"), "{}", f.summary);
        assert!(f.summary.contains(SNAPSHOT_SOURCE), "{}", f.summary);
        assert!(!f.summary.contains(PVC_PROTECTION), "{}", f.summary);
        assert!(f.evidence.iter().any(|e| e.contains("snapshot controller")));
        assert!(
            f.advice
                .iter()
                .any(|a| a.contains("kubectl get volumesnapshot -n shop")),
            "{:#?}",
            f.advice
        );
        assert!(
            f.refusal
                .as_deref()
                .unwrap()
                .contains("--remove-finalizers")
        );
    }
}
