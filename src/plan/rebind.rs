//! How to put a volume that holds data back under a StatefulSet claim:
//! the commands, in order, that an on-call engineer runs by hand. Pure; the
//! status report (a Released volume of an ordinal) and the orphan report (a
//! claim of a renamed set) show them, nothing here writes.
//!
//! The mechanism is Kubernetes' pre-binding: a PersistentVolume whose
//! `spec.claimRef` names a claim (namespace and name, no uid) is bound only
//! to a claim of that name, as soon as one is created that fits (same
//! storage class, access modes, a request no larger than the volume). The
//! StatefulSet controller creates the claim `<template>-<set>-<ordinal>` with
//! the ordinal's pod, so the volume is re-pointed while that pod is stopped
//! and its current claim gone ("Reserving a PersistentVolume",
//! kubernetes.io/docs/concepts/storage/persistent-volumes).

/// One volume to rebind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebind<'a> {
    pub namespace: &'a str,
    /// The PersistentVolume that holds the data.
    pub volume: &'a str,
    /// Its reclaim policy (`None`: unknown).
    pub reclaim_policy: Option<&'a str>,
    /// A claim still bound to the volume that must go first (a claim of a
    /// deleted set), if any.
    pub old_claim: Option<&'a str>,
    /// The claim the volume is for: `<template>-<set>-<ordinal>`.
    pub claim: &'a str,
    /// The live StatefulSet and the ordinal that claim belongs to.
    pub set: &'a str,
    pub ordinal: i32,
    /// The set's replicas now (the pod of `ordinal` runs when it is in range).
    pub replicas: i32,
    /// `spec.ordinals.start` of the set.
    pub start: i32,
    /// Whether `claim` exists now (bound to another, newer volume).
    pub claim_exists: bool,
}

/// The commands, in order, each a line a shell accepts (`#` lines say why).
pub fn steps(r: &Rebind<'_>) -> Vec<String> {
    let (ns, pv, claim, set) = (r.namespace, r.volume, r.claim, r.set);
    let mut out = Vec::new();
    if r.reclaim_policy != Some("Retain") {
        out.push("# keep the volume when its claim goes".to_string());
        out.push(format!(
            "kubectl patch pv {pv} -p '{{\"spec\":{{\"persistentVolumeReclaimPolicy\":\"Retain\"}}}}'"
        ));
    }
    let running = r.ordinal >= r.start && r.ordinal < r.start.saturating_add(r.replicas);
    if running {
        out.push(format!(
            "# stop pod {set}-{} (and every higher ordinal) so its claim can change",
            r.ordinal
        ));
        out.push(format!(
            "kubectl scale statefulset {set} -n {ns} --replicas={}",
            r.ordinal - r.start
        ));
    }
    if let Some(old) = r.old_claim {
        out.push(format!("kubectl delete pvc {old} -n {ns}"));
    }
    if r.claim_exists {
        out.push(format!(
            "# {claim} is bound to a newer volume: delete it (check first that it holds nothing you need)"
        ));
        out.push(format!("kubectl delete pvc {claim} -n {ns}"));
    }
    out.push(format!(
        "# reserve {pv} for {claim}: it binds when the controller creates that claim"
    ));
    out.push(format!(
        "kubectl patch pv {pv} -p '{{\"spec\":{{\"claimRef\":{{\"namespace\":\"{ns}\",\"name\":\"{claim}\",\"uid\":null,\"resourceVersion\":null}}}}}}'"
    ));
    if running {
        out.push(format!(
            "kubectl scale statefulset {set} -n {ns} --replicas={}",
            r.replicas
        ));
    } else {
        out.push(format!(
            "# ordinal {} starts when {set} is scaled to include it",
            r.ordinal
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Rebind<'static> {
        Rebind {
            namespace: "shop",
            volume: "pv-old",
            reclaim_policy: Some("Retain"),
            old_claim: None,
            claim: "data-web-2",
            set: "web",
            ordinal: 2,
            replicas: 3,
            start: 0,
            claim_exists: true,
        }
    }

    fn commands(r: &Rebind<'_>) -> Vec<String> {
        steps(r)
            .into_iter()
            .filter(|s| !s.starts_with('#'))
            .collect()
    }

    #[test]
    fn table_of_rebinds() {
        let reserve = |claim: &str| {
            format!(
                "kubectl patch pv pv-old -p '{{\"spec\":{{\"claimRef\":{{\"namespace\":\"shop\",\"name\":\"{claim}\",\"uid\":null,\"resourceVersion\":null}}}}}}'"
            )
        };
        let retain = "kubectl patch pv pv-old -p '{\"spec\":{\"persistentVolumeReclaimPolicy\":\"Retain\"}}'";
        let cases: Vec<(Rebind<'static>, Vec<String>)> = vec![
            // A Released volume of a live ordinal that got a fresh claim.
            (
                base(),
                vec![
                    "kubectl scale statefulset web -n shop --replicas=2".into(),
                    "kubectl delete pvc data-web-2 -n shop".into(),
                    reserve("data-web-2"),
                    "kubectl scale statefulset web -n shop --replicas=3".into(),
                ],
            ),
            // Ordinal outside the range, no claim: only the reservation.
            (
                Rebind {
                    replicas: 2,
                    claim_exists: false,
                    ..base()
                },
                vec![reserve("data-web-2")],
            ),
            // A renamed set: the old claim (Delete volume) moves to the new name.
            (
                Rebind {
                    reclaim_policy: Some("Delete"),
                    old_claim: Some("data-web-0"),
                    claim: "data-web-v2-0",
                    set: "web-v2",
                    ordinal: 0,
                    ..base()
                },
                vec![
                    retain.into(),
                    "kubectl scale statefulset web-v2 -n shop --replicas=0".into(),
                    "kubectl delete pvc data-web-0 -n shop".into(),
                    "kubectl delete pvc data-web-v2-0 -n shop".into(),
                    reserve("data-web-v2-0"),
                    "kubectl scale statefulset web-v2 -n shop --replicas=3".into(),
                ],
            ),
            // ordinals.start 5: ordinal 6 is the second pod.
            (
                Rebind {
                    ordinal: 6,
                    start: 5,
                    reclaim_policy: None,
                    claim_exists: false,
                    ..base()
                },
                vec![
                    retain.into(),
                    "kubectl scale statefulset web -n shop --replicas=1".into(),
                    reserve("data-web-2"),
                    "kubectl scale statefulset web -n shop --replicas=3".into(),
                ],
            ),
        ];
        for (i, (r, want)) in cases.iter().enumerate() {
            assert_eq!(&commands(r), want, "case {i}");
        }
    }
}
