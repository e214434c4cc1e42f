//! `restart --via-template`: what `kubectl rollout restart` does (a new
//! pod template annotation; the controller rolls the pods itself, ignoring
//! PodDisruptionBudgets and capped by the partition), with the warnings it
//! does not give and the disruption gate it does not apply.

use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::jiff::Timestamp;

use super::restart::Report;
use super::{gate, owner};
use crate::cluster::Kube;
use crate::cluster::evict;
use crate::cluster::set;
use crate::error::Failure;
use crate::plan::health::check_set;
use crate::plan::owner::Field;
use crate::plan::restart as rplan;
use crate::render::prompt;

/// How `--via-template` runs.
#[derive(Debug, Clone)]
pub struct TemplateOptions {
    /// `--dry-run` (either mode): nothing is changed.
    pub dry_run: bool,
    /// `--dry-run=server`: the template patch is sent with dryRun=All, so
    /// the API server validates it (admission, the resourceVersion).
    pub server_dry_run: bool,
    pub yes: bool,
    /// `--force-owned`: write a set another object controls.
    pub force_owned: bool,
    /// The `kubectl sts status` command to follow the rollout with.
    pub status: String,
}

/// `--via-template`: what `kubectl rollout restart` does, with the warnings
/// it does not give. A set another object controls needs `--force-owned`
/// or a yes on a terminal, and the template write must still be there
/// after the settle window (`ops::owner`).
pub async fn via_template(
    kube: &Kube,
    ns: &str,
    name: &str,
    o: &TemplateOptions,
) -> Result<Report, Failure> {
    let (dry_run, yes) = (o.dry_run, o.yes);
    let set = set::get(kube, ns, name).await?;
    let warnings = rplan::via_template_warnings(&set);
    for x in &warnings {
        eprintln!("warning: {x}");
    }
    owner::confirm_owned(
        &set,
        "Restart through the pod template",
        o.force_owned,
        dry_run,
    )?;
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
             changed; check with `{}`",
            unhealthy.join("; "),
            o.status
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
        if o.server_dry_run {
            let rv = set.metadata.resource_version.clone().unwrap_or_default();
            if evict::restart_template(kube, ns, name, &rv, &at, true)
                .await?
                .is_none()
            {
                return Err(Failure::Conflict(format!(
                    "statefulset {name:?} in namespace {ns:?} changed while the server dry run was \
                     sent; nothing was changed. Re-run the command"
                )));
            }
        }
        eprintln!(
            "Would set the pod template annotation {}={at} on statefulset {name} in namespace {ns}{}.",
            rplan::RESTARTED_AT_ANNOTATION,
            if o.server_dry_run {
                " (the API server accepted it with dryRun=All)"
            } else {
                ""
            }
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
            crate::hint::rerun_command()
        )
    })?;
    let rv = set.metadata.resource_version.clone().unwrap_or_default();
    let Some(written) = evict::restart_template(kube, ns, name, &rv, &at, false).await? else {
        return Err(Failure::Conflict(format!(
            "statefulset {name:?} in namespace {ns:?} changed while it was being patched; nothing \
             was changed. Re-run the command"
        )));
    };
    owner::check_held(kube, &written, &[Field::Template], owner::SETTLE_WINDOW).await?;
    report.started_at = Some(at);
    eprintln!(
        "statefulset {name}: pod template annotated; the controller now rolls the pods itself. \
         Follow it with `{}`.",
        o.status
    );
    Ok(report)
}
