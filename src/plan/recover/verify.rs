//! Did a fix take effect? After `recover --fix` sends a write, the object is
//! read again until [`effect`] says `Done`, or the bound passes. A DELETE
//! that the API server accepted may only have set a deletionTimestamp: the
//! object stays while finalizers hold it (a VolumeAttachment is held by its
//! CSI driver's attacher until the volume is detached), so "accepted" is
//! never reported as "fixed".

use super::*;
use crate::plan::finalizers::{check_text, owner_text};

/// The object a fix wrote, as read again (`None`: it does not exist).
#[derive(Debug, Clone, Copy)]
pub enum Reread<'a> {
    Pod(Option<&'a Pod>),
    Claim(Option<&'a PersistentVolumeClaim>),
    Attachment(Option<&'a VolumeAttachment>),
}

/// What the re-read says about a fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// The fix took effect; what was seen.
    Done(String),
    /// Not yet; what is awaited.
    Waiting(String),
    /// The deletion was accepted but finalizers keep the object: it goes
    /// only when their owners let go. `message` names them, their owners
    /// and what to check.
    Held {
        finalizers: Vec<String>,
        message: String,
    },
}

impl Effect {
    pub fn is_done(&self) -> bool {
        matches!(self, Effect::Done(_))
    }
}

/// The effect of `action` on the object as re-read; pure.
pub fn effect(action: &Action, now: Reread) -> Effect {
    match (action, now) {
        (Action::DeletePod { pod, uid, .. }, Reread::Pod(p)) => match p {
            None => Effect::Waiting(format!(
                "pod {pod} is gone; waiting for the controller to create it again"
            )),
            Some(p) if p.metadata.uid.as_deref() != Some(uid) => Effect::Done(format!(
                "pod {pod} was replaced (new UID {})",
                p.metadata.uid.as_deref().unwrap_or("?")
            )),
            Some(p) => deleting("pod", pod, &p.metadata),
        },
        (Action::ForceDeletePod { pod, uid, node, .. }, Reread::Pod(p)) => match p {
            None => Effect::Done(format!(
                "pod {pod} is gone from node {node}; the controller creates it again"
            )),
            Some(p) if p.metadata.uid.as_deref() != Some(uid) => Effect::Done(format!(
                "pod {pod} is gone from node {node} and was created again (new UID {})",
                p.metadata.uid.as_deref().unwrap_or("?")
            )),
            Some(p) => deleting("pod", pod, &p.metadata),
        },
        (Action::CreateClaim { claim, .. }, Reread::Claim(c)) => match c {
            None => Effect::Waiting(format!("PVC {claim} is not visible yet")),
            Some(c) if c.metadata.deletion_timestamp.is_some() => Effect::Waiting(format!(
                "PVC {claim} was created but is being deleted again"
            )),
            Some(c) if claim_phase(c) == "Bound" => Effect::Done(format!(
                "PVC {claim} is Bound to PersistentVolume {}",
                c.spec
                    .as_ref()
                    .and_then(|s| s.volume_name.as_deref())
                    .unwrap_or("?")
            )),
            Some(c) => Effect::Waiting(format!(
                "PVC {claim} exists but is {}: waiting for its provisioner to bind it",
                claim_phase(c)
            )),
        },
        (Action::DeleteVolumeAttachment { name, uid, .. }, Reread::Attachment(va)) => match va {
            Some(va) if va.metadata.uid.as_deref() == Some(uid) => {
                deleting("VolumeAttachment", name, &va.metadata)
            }
            _ => Effect::Done(format!("VolumeAttachment {name} is gone")),
        },
        (
            Action::RemoveFinalizers {
                kind,
                name,
                uid,
                remove,
                ..
            },
            now,
        ) => {
            let meta = match now {
                Reread::Pod(p) => p.map(|p| &p.metadata),
                Reread::Claim(c) => c.map(|c| &c.metadata),
                Reread::Attachment(v) => v.map(|v| &v.metadata),
            };
            match meta {
                Some(m) if m.uid.as_deref() == Some(uid) => {
                    let left = m.finalizers.clone().unwrap_or_default();
                    if left.iter().any(|f| remove.contains(f)) {
                        Effect::Waiting(format!("{kind} {name} still has {}", remove.join(", ")))
                    } else {
                        deleting(kind, name, m)
                    }
                }
                _ => Effect::Done(format!("{kind} {name} is gone")),
            }
        }
        // The re-read was of another kind than the action writes: a bug in
        // the caller, reported as not verified rather than as a success.
        (a, _) => Effect::Waiting(format!("{} could not be verified", a.describe())),
    }
}

/// An object still there with the UID the fix wrote: held by finalizers
/// (named, with their owners), still terminating, or not deleted at all.
fn deleting(kind: &str, name: &str, m: &ObjectMeta) -> Effect {
    let finalizers = m.finalizers.clone().unwrap_or_default();
    if m.deletion_timestamp.is_none() {
        return Effect::Waiting(format!("{kind} {name} is still there, not being deleted"));
    }
    if finalizers.is_empty() {
        return Effect::Waiting(format!(
            "{kind} {name} is being deleted (waiting for the deletion to finish)"
        ));
    }
    Effect::Held {
        message: held_text(
            kind,
            name,
            m.namespace.as_deref().unwrap_or(""),
            &finalizers,
        ),
        finalizers,
    }
}

/// `still held by F (owned by O): ... Next: ...` for an object whose
/// deletion its finalizers block.
pub fn held_text(kind: &str, name: &str, ns: &str, finalizers: &[String]) -> String {
    let owners: Vec<String> = finalizers.iter().map(|f| owner_text(f)).collect();
    let checks: Vec<String> = finalizers.iter().map(|f| check_text(f, ns, name)).collect();
    format!(
        "still held by {}: {kind} {name} is marked for deletion and goes only when {} let{} go. \
         Next: {}",
        owners.join(", "),
        if finalizers.len() == 1 { "it" } else { "they" },
        if finalizers.len() == 1 { "s" } else { "" },
        checks.join("; ")
    )
}

/// The outcome of a fix whose write was accepted, from its last effect:
/// `applied` only when verified; `requested` when finalizers hold the
/// object; `unverified` when the bound passed while waiting.
pub fn outcome_of(action: &Action, last: &Effect, waited: &str) -> Outcome {
    match last {
        Effect::Done(seen) => Outcome {
            result: "applied".into(),
            message: format!("{}: {seen}", action.done_text()),
        },
        Effect::Held { message, .. } => Outcome {
            result: "requested".into(),
            message: message.clone(),
        },
        Effect::Waiting(what) => Outcome {
            result: "unverified".into(),
            message: format!(
                "{} was sent, but its effect was not seen within {waited}: {what}. Re-run \
                 kubectl sts recover to see where it stands",
                action.describe()
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::multi_attach_with;
    use super::*;
    use crate::plan::finalizers::PVC_PROTECTION;
    use crate::plan::fixtures::*;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;

    const ATTACHER: &str = "external-attacher/volume-sim-ksts-test";

    fn va(uid: &str, deleting: bool, finalizers: &[&str]) -> VolumeAttachment {
        let mut v = VolumeAttachment::default();
        v.metadata.name = Some("csi-123".into());
        v.metadata.uid = Some(uid.into());
        v.metadata.deletion_timestamp = deleting.then(|| Time(super::super::tests::now()));
        v.metadata.finalizers = Some(finalizers.iter().map(|f| f.to_string()).collect());
        v
    }

    fn delete_va() -> Action {
        Action::DeleteVolumeAttachment {
            name: "csi-123".into(),
            uid: "uid-va".into(),
            resource_version: "7".into(),
            node: "node-0".into(),
            persistent_volume: "pv-1".into(),
        }
    }

    fn kind(e: &Effect) -> &'static str {
        match e {
            Effect::Done(_) => "done",
            Effect::Waiting(_) => "waiting",
            Effect::Held { .. } => "held",
        }
    }

    /// The VolumeAttachment as re-read after the DELETE -> effect.
    #[test]
    fn a_deleted_attachment_counts_only_once_it_is_gone() {
        let cases: &[(Option<VolumeAttachment>, &str)] = &[
            (None, "done"),
            // Recreated by the attach/detach controller: a new object.
            (Some(va("uid-new", false, &[])), "done"),
            // The DELETE only set a deletionTimestamp: the attacher holds it.
            (Some(va("uid-va", true, &[ATTACHER])), "held"),
            (Some(va("uid-va", true, &[])), "waiting"),
            (Some(va("uid-va", false, &[])), "waiting"),
        ];
        for (i, (now, want)) in cases.iter().enumerate() {
            let e = effect(&delete_va(), Reread::Attachment(now.as_ref()));
            assert_eq!(kind(&e), *want, "case {i}: {e:?}");
        }
        let e = effect(
            &delete_va(),
            Reread::Attachment(Some(&va("uid-va", true, &[ATTACHER]))),
        );
        let o = outcome_of(&delete_va(), &e, "15s");
        assert_eq!(o.result, "requested");
        assert!(
            o.message.starts_with(&format!(
                "still held by {ATTACHER} (owned by the CSI driver's attacher)"
            )),
            "{}",
            o.message
        );
        assert!(o.message.contains("Next: "), "{}", o.message);
        let o = outcome_of(&delete_va(), &Effect::Waiting("x".into()), "5m");
        assert_eq!(o.result, "unverified");
        let o = outcome_of(&delete_va(), &Effect::Done("gone".into()), "5m");
        assert_eq!(o.result, "applied");
    }

    /// Pods, claims and finalizer removals, as re-read -> effect.
    #[test]
    fn every_fix_is_verified_on_the_object_it_wrote() {
        let s = sts("web", 2, &["data"]);
        let old = pod(&s, 1, REV_A);
        let uid = old.metadata.uid.clone().unwrap();
        let mut new = pod(&s, 1, REV_A);
        new.metadata.uid = Some("uid-new".into());
        let mut held = terminating(old.clone());
        held.metadata.finalizers = Some(vec!["example.com/guard".into()]);
        let force = Action::ForceDeletePod {
            pod: "web-1".into(),
            uid: uid.clone(),
            resource_version: "1".into(),
            node: "node-0".into(),
            releases: vec![],
        };
        let delete = Action::DeletePod {
            pod: "web-1".into(),
            uid: uid.clone(),
            resource_version: "1".into(),
        };
        let claim = pvc("data", "web", 1, "1Gi");
        let mut unbound = claim.clone();
        unbound.status.as_mut().unwrap().phase = Some("Pending".into());
        let create = Action::CreateClaim {
            claim: "data-web-1".into(),
            size: "1Gi".into(),
            storage_class: None,
            access_modes: vec![],
            labels: Default::default(),
            manifest: Box::new(claim.clone()),
        };
        let mut claim_held = claim.clone();
        claim_held.metadata.uid = Some("uid-c".into());
        claim_held.metadata.deletion_timestamp = Some(Time(super::super::tests::now()));
        claim_held.metadata.finalizers = Some(vec![PVC_PROTECTION.into()]);
        let remove = Action::RemoveFinalizers {
            kind: "persistentvolumeclaim".into(),
            name: "data-web-1".into(),
            uid: "uid-c".into(),
            resource_version: "3".into(),
            remove: vec![PVC_PROTECTION.into()],
            current: vec![PVC_PROTECTION.into()],
        };
        let mut claim_other = claim_held.clone();
        claim_other.metadata.finalizers = Some(vec!["example.com/backup".into()]);
        let cases: Vec<(&Action, Reread, &str)> = vec![
            (&force, Reread::Pod(None), "done"),
            (&force, Reread::Pod(Some(&new)), "done"),
            (&force, Reread::Pod(Some(&held)), "held"),
            (&force, Reread::Pod(Some(&old)), "waiting"),
            (&delete, Reread::Pod(None), "waiting"),
            (&delete, Reread::Pod(Some(&new)), "done"),
            (&delete, Reread::Pod(Some(&held)), "held"),
            (&create, Reread::Claim(None), "waiting"),
            (&create, Reread::Claim(Some(&unbound)), "waiting"),
            (&create, Reread::Claim(Some(&claim)), "done"),
            (&remove, Reread::Claim(None), "done"),
            (&remove, Reread::Claim(Some(&claim_held)), "waiting"),
            (&remove, Reread::Claim(Some(&claim_other)), "held"),
            // A re-read of the wrong kind is never a success.
            (&create, Reread::Pod(None), "waiting"),
        ];
        for (i, (a, now, want)) in cases.into_iter().enumerate() {
            let e = effect(a, now);
            assert_eq!(kind(&e), want, "case {i}: {e:?}");
        }
    }

    #[test]
    fn an_attachment_already_being_deleted_proposes_nothing_and_says_what_it_waits_on() {
        let f = multi_attach_with(None, true, |v| {
            v.metadata.deletion_timestamp = Some(Time(super::super::tests::now()));
            v.metadata.finalizers = Some(vec![ATTACHER.into()]);
        });
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(f[0].action.is_none(), "{f:#?}");
        let r = f[0].refusal.as_deref().unwrap();
        assert!(r.starts_with("no new action"), "{r}");
        assert!(r.contains(ATTACHER), "{r}");
        assert!(r.contains("the CSI driver's attacher"), "{r}");
        assert!(
            f[0].advice.iter().any(|a| a.contains("last resort")),
            "{:#?}",
            f[0].advice
        );
        // Not yet deleted, node gone: the DELETE is proposed.
        let f = multi_attach_with(None, true, |v| {
            v.metadata.finalizers = Some(vec![ATTACHER.into()]);
        });
        assert!(matches!(
            f[0].action,
            Some(Action::DeleteVolumeAttachment { .. })
        ));
    }

    #[test]
    fn a_pod_already_force_deleted_but_held_is_not_force_deleted_again() {
        let s = sts("web", 1, &[]);
        let mut p = terminating(pod(&s, 0, REV_A));
        p.metadata.finalizers = Some(vec!["example.com/guard".into()]);
        let sn = super::super::tests::snap(s, vec![p.clone()], vec![]);
        let opts = Options {
            confirm_node_down: vec![],
            remove_finalizers: false,
        };
        let now = super::super::tests::now();
        let f = diagnose(&sn, &opts, now);
        let stuck = f
            .iter()
            .find(|f| f.problem == Problem::StuckTerminating)
            .unwrap();
        assert!(matches!(stuck.action, Some(Action::ForceDeletePod { .. })));
        p.metadata.deletion_grace_period_seconds = Some(0);
        let mut sn2 = sn.clone();
        sn2.pods = vec![p];
        let f = diagnose(&sn2, &opts, now);
        let stuck = f
            .iter()
            .find(|f| f.problem == Problem::StuckTerminating)
            .unwrap();
        assert!(stuck.action.is_none(), "{stuck:#?}");
        assert!(
            stuck
                .refusal
                .as_deref()
                .unwrap()
                .contains("already force deleted"),
            "{stuck:#?}"
        );
    }
}
