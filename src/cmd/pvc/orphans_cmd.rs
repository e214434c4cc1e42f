//! `kubectl sts pvc orphans`: flags to `ops::orphans`, the table of
//! orphans, the claims that may belong to a renamed set, and the report.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use k8s_openapi::jiff::Timestamp;
use serde::Serialize;

use super::{OrphansArgs, age, dash};
use crate::args::{GlobalArgs, OutputFormat};
use crate::cluster::Kube;
use crate::error::Failure;
use crate::ops;
use crate::ops::orphans::DeleteOutcome;
use crate::plan::orphans::{self, Orphan};
use crate::plan::status::REPORT_API_VERSION;
use crate::render::{self, Style};

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct OrphanReport {
    api_version: &'static str,
    kind: &'static str,
    /// The namespace searched, or `None` for all namespaces.
    namespace: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stateful_set: Option<String>,
    orphans: Vec<Orphan>,
    #[serde(skip_serializing_if = "Option::is_none")]
    delete: Option<DeleteOutcome>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<String>,
}

pub(super) async fn orphans_cmd(
    g: &GlobalArgs,
    kube: &Kube,
    ns: &str,
    a: &OrphansArgs,
) -> Result<ExitCode> {
    let scope_ns = (!g.all_namespaces).then_some(ns);
    let found = ops::orphans::find(kube, scope_ns, a.name.as_deref()).await?;
    let mut report = OrphanReport {
        api_version: REPORT_API_VERSION,
        kind: orphans::REPORT_KIND,
        namespace: scope_ns.map(str::to_string),
        stateful_set: a.name.clone(),
        orphans: found.orphans,
        delete: None,
        warnings: found.warnings,
    };
    let human_out = matches!(g.output, OutputFormat::Table | OutputFormat::Wide);
    let style = Style::for_stdout(g.color);
    let now = Timestamp::now();
    let where_ = match scope_ns {
        Some(n) => format!("namespace {n:?}"),
        None => "any namespace".into(),
    };
    if human_out {
        let mut out = std::io::stdout().lock();
        if report.orphans.is_empty() {
            eprintln!("No orphaned PVCs found in {where_}.");
        } else {
            write_orphans(
                &mut out,
                &report.orphans,
                g.output == OutputFormat::Wide,
                scope_ns.is_none(),
                &style,
                now,
            )?;
            write_renames(&mut out, &report.orphans)?;
        }
        out.flush()?;
    }
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }

    if a.delete && !report.orphans.is_empty() {
        let opts = ops::orphans::DeleteOptions {
            dry_run: a.write.dry_run,
            yes: a.write.yes,
        };
        let (go, held) =
            orphans::select(&report.orphans, &a.claims, ns).map_err(Failure::Refused)?;
        let go: Vec<Orphan> = go.into_iter().cloned().collect();
        let mut outcome = if go.is_empty() {
            DeleteOutcome {
                dry_run: ops::orphans::dry_run_name(opts.dry_run),
                ..Default::default()
            }
        } else {
            ops::orphans::delete(kube, &go, opts).await?
        };
        outcome.skipped.splice(
            0..0,
            held.into_iter().map(|(o, reason)| ops::orphans::Skipped {
                namespace: o.namespace.clone(),
                name: o.name.clone(),
                reason,
            }),
        );
        if human_out {
            let mut out = std::io::stdout().lock();
            let server = if outcome.dry_run == "server" {
                " (server dry run)"
            } else {
                ""
            };
            for d in &outcome.deleted {
                let name = d.split_once('/').map_or(d.as_str(), |(_, n)| n);
                writeln!(out, "persistentvolumeclaim/{name} deleted{server}")?;
            }
            for s in &outcome.skipped {
                writeln!(
                    out,
                    "persistentvolumeclaim/{} skipped: {}",
                    s.name, s.reason
                )?;
            }
            out.flush()?;
        }
        report.delete = Some(outcome);
    }

    if !human_out {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        match g.output {
            OutputFormat::Json => render::write_json(&mut out, &report)?,
            OutputFormat::Yaml => render::write_yaml(&mut out, &report)?,
            _ => {
                for o in &report.orphans {
                    writeln!(out, "persistentvolumeclaim/{}", o.name)?;
                }
            }
        }
        out.flush()?;
    }
    match &report.delete {
        Some(d) if !d.failed.is_empty() => Err(Failure::Api(format!(
            "{} of {} PVCs could not be deleted: {}",
            d.failed.len(),
            report.orphans.len(),
            d.failed
                .iter()
                .map(|f| format!("{}/{}: {}", f.namespace, f.name, f.reason))
                .collect::<Vec<_>>()
                .join("; ")
        ))
        .into()),
        Some(d) if d.interrupted => Err(Failure::Interrupted(format!(
            "interrupted: {} PVCs deleted, the rest left alone. Re-run to list and delete what \
             is left",
            d.deleted.len()
        ))
        .into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}

fn write_orphans(
    out: &mut dyn Write,
    list: &[Orphan],
    wide: bool,
    all_ns: bool,
    style: &Style,
    now: Timestamp,
) -> std::io::Result<()> {
    let mut h = vec![];
    if all_ns {
        h.push("NAMESPACE");
    }
    h.extend([
        "PVC",
        "REASON",
        "STATEFULSET",
        "SIZE",
        "AGE",
        "PV",
        "RECLAIM",
        "RETENTION POLICY",
    ]);
    if wide {
        h.extend(["STORAGECLASS", "EVIDENCE"]);
    }
    let mut t = render::table(style, &h);
    for o in list {
        let mut row = vec![];
        if all_ns {
            row.push(o.namespace.clone());
        }
        let age = age(o.created.as_deref(), now);
        row.extend([
            o.name.clone(),
            match &o.possible_rename {
                Some(r) => format!(
                    "{} (renamed to {}?)",
                    o.reason.as_str(),
                    r.live_stateful_set
                ),
                None => o.reason.as_str().to_string(),
            },
            format!("{} (ordinal {})", o.stateful_set, o.ordinal),
            dash(o.capacity.as_deref().or(o.requested.as_deref())),
            age,
            dash(o.volume_name.as_deref()),
            o.on_delete.clone(),
            match (&o.retention_policy, o.retention_would_delete) {
                (Some(p), Some(true)) => format!("{p} (would have deleted it)"),
                (Some(p), _) => format!("{p} (kept it)"),
                _ => "unknown (set gone)".into(),
            },
        ]);
        if wide {
            row.push(dash(o.storage_class.as_deref()));
            row.push(o.evidence.join("; "));
        }
        t.add_row(row);
    }
    render::write_table(out, &t, "")
}

/// Under the table: each claim that a live set may own after a rename, why,
/// and the commands that move its data there before anything is deleted.
fn write_renames(out: &mut dyn Write, list: &[Orphan]) -> std::io::Result<()> {
    for o in list {
        let Some(r) = &o.possible_rename else {
            continue;
        };
        writeln!(
            out,
            "\n{}/{}: {} Left out of --delete. To move its data to {} (claim {}):",
            o.namespace, o.name, r.message, r.live_stateful_set, r.target_claim
        )?;
        for step in &r.migration {
            writeln!(out, "  {step}")?;
        }
        writeln!(
            out,
            "  # or, if the data is not needed: kubectl sts pvc orphans -n {} --delete --claim {}",
            o.namespace, o.name
        )?;
    }
    Ok(())
}
