//! Probes of the pod template's containers. Readiness is what every health
//! gate of a StatefulSet waits for: the controller's ordered rollout, a
//! PodDisruptionBudget's healthy count and `kubectl sts restart`'s wait for
//! the replacement. Kubernetes docs, "Configure Liveness, Readiness and
//! Startup Probes" (defaults: periodSeconds 10, timeoutSeconds 1,
//! successThreshold 1, failureThreshold 3).

use k8s_openapi::api::core::v1::Probe;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::plan::doctor::{Check, Facts, Finding, Severity, Unavailable};
use crate::plan::set;

#[cfg(test)]
mod tests;

pub const ALL: &[Check] = &[
    Check {
        id: "readiness-probe-missing",
        severity: Severity::Warning,
        summary: "no container has a readiness probe: Ready only means the process started",
        run: readiness_missing,
    },
    Check {
        id: "liveness-same-as-readiness",
        severity: Severity::Warning,
        summary: "a container's liveness probe is identical to its readiness probe",
        run: liveness_same,
    },
    Check {
        id: "min-ready-seconds-zero",
        severity: Severity::Info,
        summary: "spec.minReadySeconds is 0 and the readiness probe can pass within seconds of start",
        run: min_ready_zero,
    },
];

/// Below this many seconds from container start to the earliest Ready, a
/// replica may count as up before it joined its peers.
const QUICK_READY_SECONDS: i32 = 10;

fn set_path(f: &Facts<'_>) -> String {
    format!("statefulset {}", f.name())
}

/// Kubernetes docs, "Pod Lifecycle > Container probes": a container without
/// a readiness probe is Ready as soon as it started.
fn readiness_missing(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    let cs = super::containers(f.set);
    if cs.is_empty() || cs.iter().any(|c| c.readiness_probe.is_some()) {
        return Ok(vec![]);
    }
    let names: Vec<&str> = cs.iter().map(|c| c.name.as_str()).collect();
    Ok(vec![
        Finding::new(
            "readiness-probe-missing",
            Severity::Warning,
            f,
            format!(
                "no container of {} has a readiness probe ({})",
                f.name(),
                names.join(", ")
            ),
        )
        .evidence(format!(
            "spec.template.spec.containers[*].readinessProbe: (none) in {}",
            names.join(", ")
        ))
        .why(
            "a pod is then Ready as soon as its processes start: the rolling update moves to \
             the next ordinal, PodDisruptionBudgets count it healthy and `kubectl sts restart` \
             continues before the replica serves or has caught up with its peers",
        )
        .fix(format!(
            "add a readinessProbe that passes only when the replica serves (e.g. \
             spec.template.spec.containers[name={}].readinessProbe: {{exec: {{command: [...]}}, \
             periodSeconds: 5}}): kubectl edit statefulset {} -n {}",
            names[0],
            f.name(),
            f.ns()
        )),
    ])
}

/// What decides when a probe fails: its handler and its timing, with the
/// API defaults filled in. Initial delay and success threshold are left
/// out (a liveness probe's successThreshold must be 1).
fn failure_rule(p: &Probe) -> impl PartialEq + '_ {
    (
        (&p.exec, &p.http_get, &p.tcp_socket, &p.grpc),
        p.period_seconds.unwrap_or(10),
        p.timeout_seconds.unwrap_or(1),
        p.failure_threshold.unwrap_or(3),
    )
}

fn port(p: &IntOrString) -> String {
    match p {
        IntOrString::Int(i) => i.to_string(),
        IntOrString::String(s) => s.clone(),
    }
}

fn handler_text(p: &Probe) -> String {
    if let Some(h) = &p.http_get {
        format!(
            "httpGet port {} path {}",
            port(&h.port),
            h.path.as_deref().unwrap_or("/")
        )
    } else if let Some(e) = &p.exec {
        format!("exec {}", e.command.clone().unwrap_or_default().join(" "))
    } else if let Some(t) = &p.tcp_socket {
        format!("tcpSocket port {}", port(&t.port))
    } else if let Some(g) = &p.grpc {
        format!("grpc port {}", g.port)
    } else {
        "(no handler)".into()
    }
}

/// Kubernetes docs, "Configure Liveness, Readiness and Startup Probes":
/// a liveness probe that fails whenever readiness does restarts a replica
/// that was only busy or waiting on a dependency.
fn liveness_same(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    let mut out = vec![];
    for c in super::containers(f.set) {
        let (Some(live), Some(ready)) = (&c.liveness_probe, &c.readiness_probe) else {
            continue;
        };
        if failure_rule(live) != failure_rule(ready) {
            continue;
        }
        let name = &c.name;
        out.push(
            Finding::new(
                "liveness-same-as-readiness",
                Severity::Warning,
                f,
                format!("container {name:?} has the same liveness and readiness probe"),
            )
            .evidence(format!(
                "container {name}: livenessProbe and readinessProbe: {}, periodSeconds {}, \
                 timeoutSeconds {}, failureThreshold {}",
                handler_text(live),
                live.period_seconds.unwrap_or(10),
                live.timeout_seconds.unwrap_or(1),
                live.failure_threshold.unwrap_or(3)
            ))
            .why(
                "when a slow disk or a peer makes the check fail, the kubelet restarts the \
                 replica instead of only taking it out of the Service's endpoints; replicas \
                 waiting on the same dependency restart together and may lose quorum",
            )
            .fix(format!(
                "make the livenessProbe of container {name} check only that the process \
                 responds (e.g. a tcpSocket or a cheap local endpoint) and give it a larger \
                 failureThreshold than the readinessProbe: kubectl edit statefulset {} -n {}",
                f.name(),
                f.ns()
            )),
        );
    }
    Ok(out)
}

/// Seconds from container start to the earliest Ready by this probe, as
/// `initialDelaySeconds + periodSeconds * successThreshold`.
fn ready_after(p: &Probe) -> i32 {
    p.initial_delay_seconds.unwrap_or(0).saturating_add(
        p.period_seconds
            .unwrap_or(10)
            .saturating_mul(p.success_threshold.unwrap_or(1)),
    )
}

/// Kubernetes docs, "StatefulSet > Minimum ready seconds": a pod counts as
/// available only minReadySeconds after it became Ready, and a rolling
/// update waits for that before the next ordinal.
fn min_ready_zero(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    if set::replicas(f.set) <= 1 || f.set.spec.min_ready_seconds.unwrap_or(0) > 0 {
        return Ok(vec![]);
    }
    // The pod is Ready when its slowest probed container is.
    let Some((name, secs, probe)) = super::containers(f.set)
        .iter()
        .filter_map(|c| {
            let p = c.readiness_probe.as_ref()?;
            Some((c.name.as_str(), ready_after(p), p))
        })
        .max_by_key(|(_, s, _)| *s)
    else {
        return Ok(vec![]);
    };
    if secs >= QUICK_READY_SECONDS {
        return Ok(vec![]);
    }
    Ok(vec![
        Finding::new(
            "min-ready-seconds-zero",
            Severity::Info,
            f,
            format!(
                "spec.minReadySeconds is 0 and the readiness probe of container {name:?} can \
                 pass {secs}s after start"
            ),
        )
        .evidence(format!(
            "{}: spec.minReadySeconds: {}",
            set_path(f),
            f.set
                .spec
                .min_ready_seconds
                .map_or("(unset)".into(), |s| s.to_string())
        ))
        .evidence(format!(
            "container {name}: readinessProbe initialDelaySeconds {}, periodSeconds {}, \
             successThreshold {}",
            probe.initial_delay_seconds.unwrap_or(0),
            probe.period_seconds.unwrap_or(10),
            probe.success_threshold.unwrap_or(1)
        ))
        .why(
            "a replica may report Ready before it has joined its peers or caught up, and the \
             rolling update then takes down the next ordinal; two replicas can be out of the \
             cluster at once",
        )
        .fix(format!(
            "kubectl patch statefulset {} -n {} --type merge -p '{{\"spec\":{{\"minReadySeconds\":30}}}}' \
             (10-30 s, longer than the replica needs to rejoin)",
            f.name(),
            f.ns()
        )),
    ])
}
