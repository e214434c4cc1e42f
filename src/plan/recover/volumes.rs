//! Recovery rules for a pod waiting on its volumes: a missing claim of a
//! live ordinal (kubernetes#74374), an unbound claim, a volume node affinity
//! conflict, and a volume still attached to another (dead) node.

use super::*;

/// A Pending pod of a live ordinal: missing claim (#74374), unbound claim,
/// or a volume node affinity conflict.
pub fn pending_volumes(snap: &Snapshot, set: &StatefulSet, p: &Pod) -> Vec<Finding> {
    let mut out = Vec::new();
    if phase(p) != "Pending" || p.metadata.deletion_timestamp.is_some() {
        return out;
    }
    let Some(ord) = ordinal_of(set, p) else {
        return out;
    };
    let ns = p.metadata.namespace.as_deref().unwrap_or_default();
    let set_name = name(&set.metadata);
    let pod = name(&p.metadata);
    let sched = scheduling_message(p);
    let live = live_ordinals(set).contains(&ord);
    for tpl in templates(set) {
        let claim = pvc_name(name(&tpl.metadata), set_name, ord);
        match find_claim(snap, ns, &claim) {
            None => {
                let mut f = Finding::new(
                    Problem::MissingClaim,
                    ns,
                    set_name,
                    format!("persistentvolumeclaim/{claim}"),
                    format!("pod {pod} is Pending because its PVC {claim} does not exist"),
                );
                f.evidence.push(format!(
                    "pod {pod} is Pending{}",
                    sched.as_ref().map(|m| format!(": {m}")).unwrap_or_default()
                ));
                f.evidence.push(format!(
                    "no PVC {claim} in namespace {ns} (claim template {})",
                    name(&tpl.metadata)
                ));
                f.risk = "a new, empty volume is provisioned: the data of the deleted claim is \
                          not restored (restore from a backup or a snapshot if it matters)"
                    .into();
                if !live {
                    f.refusal = Some(format!(
                        "ordinal {ord} is outside the live range {:?}; nothing to recreate",
                        live_ordinals(set)
                    ));
                } else {
                    let manifest = claim_from_template(set, tpl, ord);
                    f.action = Some(Action::CreateClaim {
                        claim: claim.clone(),
                        size: claim_size(&manifest),
                        storage_class: claim_class(&manifest),
                        access_modes: manifest
                            .spec
                            .as_ref()
                            .and_then(|s| s.access_modes.clone())
                            .unwrap_or_default(),
                        labels: manifest.metadata.labels.clone().unwrap_or_default(),
                        manifest: Box::new(manifest),
                    });
                }
                out.push(f);
            }
            Some(c) if c.metadata.deletion_timestamp.is_some() => {
                // Reported by claims_stuck_terminating; the pod waits for it.
            }
            Some(c) if claim_phase(c) != "Bound" => {
                out.push(unbound_claim(snap, set_name, pod, c, sched.as_deref()));
            }
            Some(_) => {}
        }
    }
    if let Some(f) = affinity_conflict(snap, set_name, p, sched.as_deref()) {
        out.push(f);
    }
    out
}

fn unbound_claim(
    snap: &Snapshot,
    set_name: &str,
    pod: &str,
    c: &PersistentVolumeClaim,
    sched: Option<&str>,
) -> Finding {
    let ns = c.metadata.namespace.as_deref().unwrap_or_default();
    let claim = name(&c.metadata);
    let mut f = Finding::new(
        Problem::UnboundClaim,
        ns,
        set_name,
        format!("persistentvolumeclaim/{claim}"),
        format!(
            "pod {pod} is Pending on PVC {claim}, which is {}",
            claim_phase(c)
        ),
    );
    let class = claim_class(c);
    f.evidence.push(format!(
        "PVC {claim}: {}, requests {}, class {}",
        claim_phase(c),
        claim_size(c),
        class.as_deref().unwrap_or("<default>")
    ));
    if let Some(m) = sched {
        f.evidence.push(format!("scheduler: {m}"));
    }
    let wanted = c.spec.as_ref().and_then(|s| s.volume_name.clone());
    match (&snap.pvs, wanted) {
        (None, _) => f
            .evidence
            .push("PersistentVolumes could not be read".into()),
        (Some(_), Some(v)) => match find_pv(snap, &v) {
            None => f
                .evidence
                .push(format!("it names PV {v}, which does not exist")),
            Some(pv) => f.evidence.push(format!(
                "it names PV {v}, which is {} (claimRef {})",
                pv.status
                    .as_ref()
                    .and_then(|s| s.phase.as_deref())
                    .unwrap_or("?"),
                pv.spec
                    .as_ref()
                    .and_then(|s| s.claim_ref.as_ref())
                    .map(|r| format!(
                        "{}/{}",
                        r.namespace.as_deref().unwrap_or(""),
                        r.name.as_deref().unwrap_or("")
                    ))
                    .unwrap_or_else(|| "none".into())
            )),
        },
        (Some(pvs), None) => {
            let available: Vec<String> = pvs
                .iter()
                .filter(|v| {
                    v.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Available")
                        && v.spec.as_ref().and_then(|s| s.storage_class_name.clone()) == class
                })
                .map(|v| {
                    format!(
                        "{} ({})",
                        name(&v.metadata),
                        v.spec
                            .as_ref()
                            .and_then(|s| s.capacity.as_ref())
                            .and_then(|c| c.get("storage"))
                            .map(|q| q.0.as_str())
                            .unwrap_or("?")
                    )
                })
                .collect();
            f.evidence.push(if available.is_empty() {
                format!(
                    "no Available PV of class {}; the claim waits for a provisioner",
                    class.as_deref().unwrap_or("<default>")
                )
            } else {
                format!("Available PVs of that class: {}", available.join(", "))
            });
        }
    }
    f.risk = "none taken: binding is the job of the provisioner and the PV controller".into();
    f.refusal = Some(
        "no automatic action: check the StorageClass's provisioner, its events (kubectl describe \
         pvc), and the capacity and access modes of the Available PVs"
            .into(),
    );
    f.advice
        .push(format!("kubectl describe pvc {claim} -n {ns}"));
    f
}

fn affinity_conflict(
    snap: &Snapshot,
    set_name: &str,
    p: &Pod,
    sched: Option<&str>,
) -> Option<Finding> {
    let ns = p.metadata.namespace.as_deref().unwrap_or_default();
    let pod = name(&p.metadata);
    let nodes = snap.nodes.as_ref();
    let mut evidence = Vec::new();
    // The scheduler's words: "volume node affinity conflict" (older) or
    // "didn't match PersistentVolume's node affinity" (1.37).
    let mut conflict = sched.is_some_and(|m| {
        m.contains("volume node affinity conflict")
            || m.contains("PersistentVolume's node affinity")
    });
    for claim in claims_of(p) {
        let Some(c) = find_claim(snap, ns, &claim) else {
            continue;
        };
        let Some(pv_name) = c.spec.as_ref().and_then(|s| s.volume_name.clone()) else {
            continue;
        };
        let Some(pv) = find_pv(snap, &pv_name) else {
            continue;
        };
        let Some(terms) = pv
            .spec
            .as_ref()
            .and_then(|s| s.node_affinity.as_ref())
            .and_then(|a| a.required.as_ref())
            .map(|r| &r.node_selector_terms)
        else {
            continue;
        };
        let matching: Vec<String> = nodes
            .map(|ns| {
                ns.iter()
                    .filter(|n| terms.iter().any(|t| term_matches(t, n)))
                    .map(|n| {
                        let (st, _) = find_node(snap, name(&n.metadata));
                        format!("{} ({})", name(&n.metadata), short(st))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let on_node = node_of(p).and_then(|nn| {
            nodes?
                .iter()
                .find(|n| name(&n.metadata) == nn)
                .map(|n| (nn, terms.iter().any(|t| term_matches(t, n))))
        });
        if let Some((nn, false)) = on_node {
            conflict = true;
            evidence.push(format!(
                "pod is bound to node {nn}, which PV {pv_name} does not allow"
            ));
        }
        let ready_matching = nodes.is_some_and(|ns| {
            ns.iter().any(|n| {
                terms.iter().any(|t| term_matches(t, n))
                    && find_node(snap, name(&n.metadata)).0 == NodeState::Ready
            })
        });
        if nodes.is_some() && !ready_matching {
            conflict = true;
        }
        evidence.push(format!(
            "PV {pv_name} (of PVC {claim}) may only be used on nodes matching {}; those are: {}",
            describe_terms(terms),
            if nodes.is_none() {
                "unknown (nodes could not be read)".to_string()
            } else if matching.is_empty() {
                "none".to_string()
            } else {
                matching.join(", ")
            }
        ));
    }
    if !conflict || evidence.is_empty() {
        return None;
    }
    let mut f = Finding::new(
        Problem::VolumeNodeAffinityConflict,
        ns,
        set_name,
        format!("pod/{pod}"),
        format!("pod {pod} is Pending: its volume can only be used where it cannot run"),
    );
    if let Some(m) = sched {
        f.evidence.push(format!("scheduler: {m}"));
    }
    f.evidence.extend(evidence);
    f.risk = "none taken: moving data between zones or nodes is a decision for a person".into();
    f.refusal = Some(
        "no automatic action: bring back a node that the PV allows (or capacity in its zone), \
         or restore the data to a new volume where the pod can run"
            .into(),
    );
    Some(f)
}

fn short(s: NodeState) -> &'static str {
    match s {
        NodeState::Ready => "Ready",
        NodeState::NotReady => "NotReady",
        NodeState::Unknown => "Unknown",
        NodeState::Gone => "gone",
        NodeState::Unreadable => "?",
    }
}

fn describe_terms(terms: &[NodeSelectorTerm]) -> String {
    terms
        .iter()
        .map(|t| {
            t.match_expressions
                .iter()
                .flatten()
                .chain(t.match_fields.iter().flatten())
                .map(|r| match r.values.as_deref() {
                    Some(v) if !v.is_empty() => {
                        format!("{} {} [{}]", r.key, r.operator, v.join(","))
                    }
                    _ => format!("{} {}", r.key, r.operator),
                })
                .collect::<Vec<_>>()
                .join(" and ")
        })
        .collect::<Vec<_>>()
        .join(" or ")
}

/// Node selector term semantics (core/v1 NodeSelectorTerm): all requirements
/// of a term hold; fields support metadata.name only.
pub fn term_matches(t: &NodeSelectorTerm, n: &Node) -> bool {
    let labels = n.metadata.labels.clone().unwrap_or_default();
    let exprs = t.match_expressions.iter().flatten();
    let fields = t.match_fields.iter().flatten();
    let has_any = t.match_expressions.as_ref().is_some_and(|v| !v.is_empty())
        || t.match_fields.as_ref().is_some_and(|v| !v.is_empty());
    has_any
        && exprs
            .into_iter()
            .all(|r| req_matches(r, labels.get(&r.key)))
        && fields
            .into_iter()
            .all(|r| r.key == "metadata.name" && req_matches(r, n.metadata.name.as_ref()))
}

fn req_matches(r: &NodeSelectorRequirement, value: Option<&String>) -> bool {
    let values = r.values.as_deref().unwrap_or(&[]);
    match r.operator.as_str() {
        "In" => value.is_some_and(|v| values.contains(v)),
        "NotIn" => value.is_none_or(|v| !values.contains(v)),
        "Exists" => value.is_some(),
        "DoesNotExist" => value.is_none(),
        "Gt" | "Lt" => {
            let (Some(v), Some(bound)) = (
                value.and_then(|v| v.parse::<i64>().ok()),
                values.first().and_then(|b| b.parse::<i64>().ok()),
            ) else {
                return false;
            };
            if r.operator == "Gt" {
                v > bound
            } else {
                v < bound
            }
        }
        _ => false,
    }
}

/// A pod stuck in ContainerCreating because a volume is still attached to
/// another node (Multi-Attach).
pub fn multi_attach(snap: &Snapshot, set: &StatefulSet, p: &Pod) -> Option<Finding> {
    if p.metadata.deletion_timestamp.is_some() || !container_creating(p) {
        return None;
    }
    let ns = p.metadata.namespace.as_deref().unwrap_or_default();
    let pod = name(&p.metadata);
    let here = node_of(p)?;
    let event = snap.events.iter().find(|e| {
        e.involved_object.name.as_deref() == Some(pod)
            && e.involved_object.namespace.as_deref() == Some(ns)
            && e.reason.as_deref() == Some("FailedAttachVolume")
            && e.message
                .as_deref()
                .is_some_and(|m| m.contains("Multi-Attach"))
    });
    let attachments = snap.attachments.as_ref()?;
    for claim in claims_of(p) {
        let Some(pv) =
            find_claim(snap, ns, &claim).and_then(|c| c.spec.as_ref()?.volume_name.clone())
        else {
            continue;
        };
        let Some(va) = attachments.iter().find(|va| {
            va.spec.source.persistent_volume_name.as_deref() == Some(pv.as_str())
                && va.spec.node_name != here
        }) else {
            continue;
        };
        // Without the Multi-Attach event a second attachment can be a
        // detach in progress; only report what the kubelet complains about.
        let ev = event?;
        let other = va.spec.node_name.as_str();
        let va_name = name(&va.metadata);
        let (state, _) = find_node(snap, other);
        let mut f = Finding::new(
            Problem::MultiAttach,
            ns,
            name(&set.metadata),
            format!("volumeattachment/{va_name}"),
            format!(
                "pod {pod} waits in ContainerCreating: volume {pv} (PVC {claim}) is still attached to node {other}"
            ),
        );
        f.evidence.push(format!(
            "event FailedAttachVolume: {}",
            ev.message.as_deref().unwrap_or_default()
        ));
        f.evidence.push(format!(
            "VolumeAttachment {va_name}: volume {pv} on node {other} (attached: {})",
            va.status.as_ref().map(|s| s.attached).unwrap_or(false)
        ));
        f.evidence
            .push(format!("node {other} is {}", state.describe()));
        let users: Vec<String> = snap
            .pods
            .iter()
            .filter(|q| node_of(q) == Some(other) && claims_of(q).contains(&claim))
            .map(|q| name(&q.metadata).to_string())
            .collect();
        if !users.is_empty() {
            f.evidence.push(format!(
                "pods on {other} still using it: {}",
                users.join(", ")
            ));
        }
        f.risk = format!(
            "if node {other} still runs something that writes to {pv}, detaching it under that \
             writer corrupts data; the attach/detach controller force-detaches on its own after \
             6 minutes of the node being unhealthy"
        );
        if let Some(since) = &va.metadata.deletion_timestamp {
            // What the fix would do is already done: a second DELETE changes
            // nothing. Say what the deletion waits on.
            let finalizers = va.metadata.finalizers.clone().unwrap_or_default();
            f.evidence.push(format!(
                "VolumeAttachment {va_name} is already being deleted (since {})",
                since.0
            ));
            f.refusal = Some(if finalizers.is_empty() {
                format!(
                    "no new action: VolumeAttachment {va_name} is already being deleted; the \
                     deletion is finishing"
                )
            } else {
                format!(
                    "no new action: the deletion of VolumeAttachment {va_name} was already \
                     requested; it is {}",
                    held_text("VolumeAttachment", va_name, "", &finalizers)
                )
            });
            if state == NodeState::Gone && !finalizers.is_empty() {
                f.advice.push(format!(
                    "last resort, only if the CSI driver cannot detach from the deleted node \
                     {other} and nothing else uses {pv}: remove the finalizer by hand (kubectl \
                     patch volumeattachment {va_name} --type=json -p \
                     '[{{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}}]'); the \
                     driver then never detaches the volume from the storage backend itself"
                ));
            }
            return Some(f);
        }
        if state.down() {
            f.action = Some(Action::DeleteVolumeAttachment {
                name: va_name.to_string(),
                uid: va.metadata.uid.clone().unwrap_or_default(),
                resource_version: va.metadata.resource_version.clone().unwrap_or_default(),
                node: other.to_string(),
                persistent_volume: pv.clone(),
            });
            f.advice.push(if state == NodeState::Gone {
                format!(
                    "node {other} no longer exists, so it cannot be tainted: deleting the \
                     VolumeAttachment lets the CSI driver's attacher detach the volume (its \
                     finalizer keeps the object until it has)"
                )
            } else {
                format!(
                    "proper path: kubectl taint node {other} \
                     {OUT_OF_SERVICE_TAINT}=nodeshutdown:NoExecute once it is powered off (and \
                     remove the taint afterwards)"
                )
            });
        } else {
            f.refusal = Some(format!(
                "node {other} is {}: the volume may be in use there; deleting the \
                 VolumeAttachment is refused. Stop whatever uses {claim} on {other} first",
                state.describe()
            ));
        }
        return Some(f);
    }
    None
}
