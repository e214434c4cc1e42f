//! `kubectl sts pvc restore`: flags to `ops::restore::Options`, the plan
//! and the report.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

use super::{RestoreArgs, dash};
use crate::args::{DryRun, GlobalArgs, OutputFormat};
use crate::cluster::Kube;
use crate::ops::lease::with_lease;
use crate::ops::restore::{self, Plan, Restored, Start};
use crate::plan::status::REPORT_API_VERSION;
use crate::render;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct RestoreReport {
    api_version: &'static str,
    kind: &'static str,
    dry_run: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    plan: Option<Plan>,
    #[serde(skip_serializing_if = "Option::is_none")]
    restored: Option<Restored>,
}

pub(super) async fn restore_cmd(
    g: &GlobalArgs,
    kube: &Kube,
    ns: &str,
    a: &RestoreArgs,
) -> Result<ExitCode> {
    let name = a.name.as_str();
    let opts = restore::Options {
        ordinal: a.ordinal,
        from: a.from.clone(),
        template: a.template.clone(),
        discard_old: a.discard_old,
        again: a.again,
        timeout: a.timeout,
        dry_run: a.write.dry_run,
        yes: a.write.yes,
        connection: super::resize_cmd::connection_flags(g),
    };
    let mut report = RestoreReport {
        api_version: REPORT_API_VERSION,
        kind: "PvcRestoreReport",
        dry_run: match a.write.dry_run {
            None => "none",
            Some(DryRun::Client) => "client",
            Some(DryRun::Server) => "server",
        },
        plan: None,
        restored: None,
    };
    let dry = a.write.dry_run.is_some();
    let human = matches!(g.output, OutputFormat::Table | OutputFormat::Wide);
    match restore::start(kube, ns, name, &opts).await? {
        Start::Done(m) => {
            eprintln!("{m}");
            return Ok(ExitCode::SUCCESS);
        }
        Start::Resume(r) => {
            let done = restore::resume(kube, *r, &opts);
            report.restored = Some(with_lease(kube, ns, name, "pvc restore", dry, done).await?);
        }
        Start::Plan(p) => {
            if human {
                write_plan(&p.plan)?;
            }
            report.plan = Some(p.plan.clone());
            if a.write.dry_run == Some(DryRun::Client) {
                eprintln!("Dry run (client): nothing was sent to the API server.");
            } else {
                let done = restore::apply(kube, &p, &opts);
                report.restored = Some(with_lease(kube, ns, name, "pvc restore", dry, done).await?);
            }
        }
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match g.output {
        OutputFormat::Json => render::write_json(&mut out, &report)?,
        OutputFormat::Yaml => render::write_yaml(&mut out, &report)?,
        OutputFormat::Name => {
            if let Some(r) = &report.restored {
                writeln!(out, "persistentvolumeclaim/{}", r.claim)?;
            }
        }
        _ => {
            if let Some(r) = report.restored.as_ref().filter(|r| !r.claim.is_empty()) {
                writeln!(
                    out,
                    "claim {} restored from {} (volume {}); pod {} is Ready on it; pods kept: {}",
                    r.claim,
                    r.snapshot,
                    dash(r.volume.as_deref()),
                    r.pod,
                    r.others_kept.join(", ")
                )?;
                if let Some(k) = &r.kept_as {
                    writeln!(
                        out,
                        "the replaced volume is kept under claim {k} (reclaim policy Retain); \
                         delete that claim when its data is no longer needed"
                    )?;
                }
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_plan(p: &Plan) -> Result<()> {
    let mut out = std::io::stdout().lock();
    let t = &p.target;
    writeln!(
        out,
        "Restore plan for statefulset {}/{}, ordinal {}:",
        p.namespace, p.stateful_set, t.ordinal
    )?;
    writeln!(
        out,
        "  snapshot:  {}{}",
        t.snapshot,
        if t.source_claim != t.claim {
            format!(" (taken of claim {}, another ordinal)", t.source_claim)
        } else {
            String::new()
        }
    )?;
    writeln!(
        out,
        "  claim:     {} (now volume {}, {}) -> a new claim of {} from the snapshot",
        t.claim,
        p.old_volume,
        dash(p.old_size.as_deref()),
        t.size
    )?;
    writeln!(
        out,
        "  old data:  {}",
        match &p.keep_as {
            Some(k) => format!(
                "volume {} set to reclaim policy Retain and kept under claim {k}",
                p.old_volume
            ),
            None => format!(
                "volume {} DELETED with its claim (--discard-old; reclaim policy {})",
                p.old_volume, p.old_reclaim_policy
            ),
        }
    )?;
    writeln!(
        out,
        "  pod:       {} evicted (PodDisruptionBudgets apply), recreated on the restored claim",
        t.pod
    )?;
    writeln!(
        out,
        "  others:    {} keep running; the old claim is held terminating (so nothing recreates \
         the pod) and statefulset {} is deleted with --cascade=orphan while the claim is \
         replaced, then recreated from its saved manifest",
        if p.other_pods.is_empty() {
            "no other pod".to_string()
        } else {
            p.other_pods.join(", ")
        },
        p.stateful_set
    )?;
    out.flush()?;
    Ok(())
}
