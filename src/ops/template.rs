//! `restart --via-template`: what `kubectl rollout restart` does (a new
//! pod template annotation; the controller rolls the pods itself, ignoring
//! PodDisruptionBudgets and capped by the partition), with the warnings it
//! does not give and the disruption gate it does not apply.

use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::jiff::Timestamp;

use super::gate;
use super::restart::Report;
use crate::cluster::Kube;
use crate::cluster::evict;
use crate::cluster::set;
use crate::error::Failure;
use crate::plan::health::check_set;
use crate::plan::restart as rplan;
use crate::render::prompt;

/// `--via-template`: what `kubectl rollout restart` does, with the warnings
/// it does not give.
pub async fn via_template(
    kube: &Kube,
    ns: &str,
    name: &str,
    dry_run: bool,
    yes: bool,
) -> Result<Report, Failure> {
    let set = set::get(kube, ns, name).await?;
    let warnings = rplan::via_template_warnings(&set);
    for x in &warnings {
        eprintln!("warning: {x}");
    }
    let at = Timestamp::now().to_string();
    let mut report = Report {
        api_version: "kubectl-sts/v1",
        kind: "RestartReport",
        namespace: ns.into(),
        stateful_set: name.into(),
        method: "template",
        dry_run,
        started_at: Some(at.clone()),
        resumed: false,
        stability_window_seconds: 0,
        pods: vec![],
        pod_disruption_budgets: vec![],
        warnings,
    };
    // The controller replaces every pod at or above the partition: the set
    // must be healthy (rule 1) and none of those pods' claims at risk.
    let pods = set::pods(kube, &set).await?;
    let refs: Vec<&Pod> = pods.iter().collect();
    let rolled = crate::plan::set::updated_ordinals(&set, crate::plan::set::partition(&set));
    let going: Vec<&Pod> = refs
        .iter()
        .copied()
        .filter(|p| crate::plan::pod::ordinal_of(&set, p).is_some_and(|o| rolled.contains(&o)))
        .collect();
    let unhealthy: Vec<String> = check_set(&set, &refs, None)
        .into_iter()
        .map(|u| u.reason)
        .collect();
    let refusal = if !unhealthy.is_empty() {
        Some(Failure::Refused(format!(
            "not restarting statefulset {name} in namespace {ns} through its template: it is not \
             healthy ({}), and the controller would take pods down regardless. Nothing was \
             changed; check with `kubectl sts status {name} -n {ns}`",
            unhealthy.join("; ")
        )))
    } else {
        gate::claims_safe(kube, ns, &going).await.err()
    };
    if let Some(e) = refusal {
        if !dry_run {
            return Err(e);
        }
        eprintln!("warning: the restart would be refused: {e}");
        report
            .warnings
            .push(format!("the restart would be refused: {e}"));
    }
    if dry_run {
        eprintln!(
            "Would set the pod template annotation {}={at} on statefulset {name} in namespace {ns}.",
            rplan::RESTARTED_AT_ANNOTATION
        );
        return Ok(report);
    }
    let q = format!("Set restartedAt on the pod template of statefulset {name} in namespace {ns}?");
    if !prompt::confirm(
        &q,
        &format!("change the pod template of statefulset {name}"),
        yes,
    )? {
        return Err(Failure::Refused("cancelled; nothing was changed".into()));
    }
    crate::ops::interrupt::Interrupt::global().before_write(|| {
        format!(
            "interrupted before the pod template of statefulset {name} in namespace {ns} was \
             changed; nothing was written. Resume with: {}",
            crate::ops::interrupt::rerun_command()
        )
    })?;
    let rv = set.metadata.resource_version.clone().unwrap_or_default();
    if evict::restart_template(kube, ns, name, &rv, &at)
        .await?
        .is_none()
    {
        return Err(Failure::Conflict(format!(
            "statefulset {name:?} in namespace {ns:?} changed while it was being patched; nothing \
             was changed. Re-run the command"
        )));
    }
    report.started_at = Some(at);
    eprintln!(
        "statefulset {name}: pod template annotated; the controller now rolls the pods itself. \
         Follow it with `kubectl sts status {name} -n {ns}`."
    );
    Ok(report)
}
