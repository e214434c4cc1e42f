//! `kubectl sts pvc resize`: flags to `ops::resize::Options`, the plan
//! table and the report; the printed commands repeat the connection flags.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

use super::{ResizeArgs, dash};
use crate::args::{DryRun, GlobalArgs, OutputFormat};
use crate::cluster::Kube;
use crate::error::Failure;
use crate::ops::lease::with_lease;
use crate::ops::resize::{self, Applied};
use crate::plan::resize::ResizePlan;
use crate::plan::status::REPORT_API_VERSION;
use crate::render::{self, Style};

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ResizeReport {
    api_version: &'static str,
    kind: &'static str,
    dry_run: &'static str,
    plan: Option<ResizePlan>,
    #[serde(flatten)]
    applied: Applied,
}

pub(super) async fn resize_cmd(
    g: &GlobalArgs,
    kube: &Kube,
    ns: &str,
    a: &ResizeArgs,
) -> Result<ExitCode> {
    let name = a.name.as_str();
    let opts = resize::Options {
        size: a.size.clone(),
        template: a.template.clone(),
        restart_pods: a.restart_pods,
        timeout: a.timeout,
        dry_run: a.write.dry_run,
        yes: a.write.yes,
        connection: connection_flags(g),
        checks: a.checks.checks()?,
        snapshot: a.snapshot.clone(),
    };
    // `--yes` only when given: safe to print before the confirmation.
    crate::hint::set_resume(opts.resume_command(ns, name));
    let mut report = ResizeReport {
        api_version: REPORT_API_VERSION,
        kind: "PvcResizeReport",
        dry_run: match a.write.dry_run {
            None => "none",
            Some(DryRun::Client) => "client",
            Some(DryRun::Server) => "server",
        },
        plan: None,
        applied: Applied::default(),
    };
    let dry = a.write.dry_run.is_some();
    let planned = match resize::start(kube, ns, name, &opts).await? {
        resize::Start::Resume(m) => {
            // Interrupted between delete and create: finish from the record.
            let resumed = resize::resume(kube, ns, name, &m, &opts);
            report.applied.recreated =
                Some(with_lease(kube, ns, name, "pvc resize", dry, resumed).await?);
            return finish(g, &report);
        }
        resize::Start::Plan(p) => p,
    };
    if matches!(g.output, OutputFormat::Table | OutputFormat::Wide) {
        write_plan(&planned.plan, &Style::for_stdout(g.color))?;
    }
    report.plan = Some(planned.plan.clone());
    if planned.plan.nothing_to_do() {
        eprintln!(
            "Nothing to do: every claim and claim template already requests {}, and every resize \
             is finished.",
            a.size
        );
        return finish(g, &report);
    }
    if a.write.dry_run == Some(DryRun::Client) {
        let mut ordinals: Vec<i32> = planned.plan.claims.iter().map(|c| c.ordinal).collect();
        ordinals.dedup();
        crate::ops::snapshot::before_change(
            kube,
            &planned.set,
            &ordinals,
            &a.snapshot,
            "pvc resize",
            a.write.dry_run,
        )
        .await?;
        eprintln!("Dry run (client): nothing was sent to the API server.");
        return finish(g, &report);
    }
    report.applied = with_lease(
        kube,
        ns,
        name,
        "pvc resize",
        dry,
        resize::apply(kube, &planned, &opts),
    )
    .await?;
    finish(g, &report)
}

/// The flags that pick the cluster, the identity and the output: a printed
/// command must act where this run acted.
pub(super) fn connection_flags(g: &GlobalArgs) -> String {
    g.connection().flags()
}

fn finish(g: &GlobalArgs, report: &ResizeReport) -> Result<ExitCode> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match g.output {
        OutputFormat::Json => render::write_json(&mut out, report)?,
        OutputFormat::Yaml => render::write_yaml(&mut out, report)?,
        OutputFormat::Name => {
            for c in &report.applied.resized {
                writeln!(out, "persistentvolumeclaim/{c}")?;
            }
        }
        _ => {
            if let Some(r) = &report.applied.recreated {
                writeln!(
                    out,
                    "statefulset.apps recreated with the new claim template sizes (uid {} -> {}); pods kept: {}",
                    r.old_uid,
                    r.new_uid,
                    r.pods_kept.join(", ")
                )?;
                writeln!(
                    out,
                    "original manifest saved in {}",
                    r.saved_manifest.display()
                )?;
            }
        }
    }
    out.flush()?;
    // File systems still waiting for their pods: the job is not done.
    if let Some(left) = report.applied.remaining() {
        return Err(Failure::Refused(left).into());
    }
    Ok(ExitCode::SUCCESS)
}

fn write_plan(plan: &ResizePlan, style: &Style) -> Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "Resize plan for statefulset {}/{} to {}:",
        plan.namespace, plan.stateful_set, plan.size
    )?;
    let mut t = render::table(
        style,
        &[
            "ORDINAL",
            "PVC",
            "REQUESTED",
            "CAPACITY",
            "NEW",
            "STORAGECLASS",
            "ACTION",
        ],
    );
    for c in &plan.claims {
        t.add_row(vec![
            c.ordinal.to_string(),
            c.claim.clone(),
            c.from.clone(),
            dash(c.capacity.as_deref()),
            c.to.clone(),
            c.storage_class.clone(),
            match c.action.as_str() {
                "patch" => "grow",
                "lower" => "lower the failed request",
                "restart" => "at size; file system waits for a pod restart",
                "wait" => "at size; volume still growing",
                _ => "already at size",
            }
            .into(),
        ]);
    }
    render::write_table(&mut out, &t, "  ")?;
    for tc in &plan.templates {
        writeln!(
            out,
            "  claim template {:?}: {} -> {} (the StatefulSet is deleted with --cascade=orphan and recreated)",
            tc.template, tc.from, tc.to
        )?;
    }
    for n in &plan.notes {
        writeln!(out, "  note: {n}")?;
    }
    out.flush()?;
    Ok(())
}
