//! `kubectl sts pvc list NAME`: read-only, a projection of the status
//! report (`cluster::status::fetch` reads, `plan::status` decides), one row
//! per ordinal and claim template.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

use super::{ListArgs, dash};
use crate::args::{GlobalArgs, OutputFormat};
use crate::cluster::Kube;
use crate::cluster::status::{Scope, fetch};
use crate::error::Failure;
use crate::plan::status::{REPORT_API_VERSION, VolumeInfo, build_report};
use crate::render::{self, Style};

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ListReport {
    api_version: &'static str,
    kind: &'static str,
    namespace: String,
    stateful_set: String,
    replicas: i32,
    ordinals_start: i32,
    claims: Vec<ClaimRow>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ClaimRow {
    ordinal: i32,
    live: bool,
    pod: Option<String>,
    #[serde(flatten)]
    volume: VolumeInfo,
}

pub(super) async fn list(g: &GlobalArgs, kube: &Kube, ns: &str, a: &ListArgs) -> Result<ExitCode> {
    let scope = Scope::One {
        ns: ns.to_string(),
        name: a.name.clone(),
    };
    let snap = fetch(kube, &scope, false).await?;
    let status = build_report(&snap);
    let Some(s) = status.stateful_sets.into_iter().next() else {
        return Err(Failure::NotFound(format!(
            "statefulset {:?} not found in namespace {ns:?}",
            a.name
        ))
        .into());
    };
    let claims: Vec<ClaimRow> = s
        .ordinals
        .into_iter()
        .flat_map(|o| {
            let pod = o.pod.map(|p| p.name);
            o.volumes.into_iter().map(move |v| ClaimRow {
                ordinal: o.ordinal,
                live: o.live,
                pod: pod.clone(),
                volume: v,
            })
        })
        .collect();
    let report = ListReport {
        api_version: REPORT_API_VERSION,
        kind: "PvcList",
        namespace: s.namespace,
        stateful_set: s.name,
        replicas: s.replicas.desired,
        ordinals_start: s.ordinals_start,
        claims,
        warnings: status.warnings,
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match g.output {
        OutputFormat::Json => render::write_json(&mut out, &report)?,
        OutputFormat::Yaml => render::write_yaml(&mut out, &report)?,
        OutputFormat::Name => {
            for c in report
                .claims
                .iter()
                .filter(|c| c.volume.status != "Missing")
            {
                writeln!(out, "persistentvolumeclaim/{}", c.volume.claim_name)?;
            }
        }
        OutputFormat::Table | OutputFormat::Wide => {
            let wide = g.output == OutputFormat::Wide;
            if report.claims.is_empty() {
                eprintln!(
                    "StatefulSet {ns}/{} has no volumeClaimTemplates: no PVCs.",
                    report.stateful_set
                );
            } else {
                let style = Style::for_stdout(g.color);
                let mut h = vec![
                    "ORDINAL",
                    "POD",
                    "TEMPLATE",
                    "PVC",
                    "STATUS",
                    "REQUESTED",
                    "CAPACITY",
                    "STORAGECLASS",
                ];
                if wide {
                    h.extend(["ACCESS MODES", "PV", "PV PHASE", "RECLAIM"]);
                }
                h.push("RESIZE");
                let mut t = render::table(&style, &h);
                for c in &report.claims {
                    let v = &c.volume;
                    let ord = if c.live {
                        c.ordinal.to_string()
                    } else {
                        format!("{} (leftover)", c.ordinal)
                    };
                    let mut row = vec![
                        ord,
                        dash(c.pod.as_deref()),
                        v.template.clone(),
                        v.claim_name.clone(),
                        v.status.clone(),
                        dash(v.requested.as_deref()),
                        dash(v.capacity.as_deref()),
                        dash(v.storage_class.as_deref()),
                    ];
                    if wide {
                        row.push(if v.access_modes.is_empty() {
                            "-".into()
                        } else {
                            v.access_modes
                                .iter()
                                .map(|m| short_mode(m))
                                .collect::<Vec<_>>()
                                .join(",")
                        });
                        row.push(dash(v.volume_name.as_deref()));
                        row.push(dash(v.pv_phase.as_deref()));
                        row.push(dash(v.pv_reclaim_policy.as_deref()));
                    }
                    row.push(dash(v.resize.as_deref()));
                    t.add_row(row);
                    for p in &v.previous_volumes {
                        let mut row = vec![
                            c.ordinal.to_string(),
                            "-".into(),
                            v.template.clone(),
                            v.claim_name.clone(),
                            PREVIOUS.into(),
                            "-".into(),
                            dash(p.capacity.as_deref()),
                            dash(p.storage_class.as_deref()),
                        ];
                        if wide {
                            row.extend(["-".into(), p.name.clone(), p.phase.clone()]);
                            row.push(dash(p.reclaim_policy.as_deref()));
                        } else {
                            // The PV column is wide-only; the name matters here.
                            row[4] = format!("{PREVIOUS}: PV {}", p.name);
                        }
                        row.push("-".into());
                        t.add_row(row);
                    }
                }
                render::write_table(&mut out, &t, "")?;
                let previous: Vec<_> = report
                    .claims
                    .iter()
                    .flat_map(|c| c.volume.previous_volumes.iter().map(move |p| (c, p)))
                    .collect();
                if wide {
                    for (c, p) in &previous {
                        writeln!(
                            out,
                            "\nTo put the data of PV {} back under PVC {} (ordinal {}):",
                            p.name, c.volume.claim_name, c.ordinal
                        )?;
                        for step in &p.rebind {
                            writeln!(out, "  {step}")?;
                        }
                    }
                } else if !previous.is_empty() {
                    eprintln!(
                        "{} previous volume(s) hold data; to rebind them see: {} -o wide",
                        previous.len(),
                        crate::hint::command("pvc list", &report.stateful_set, ns)
                    );
                }
            }
        }
    }
    out.flush()?;
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    Ok(ExitCode::SUCCESS)
}

/// The STATUS of a row that shows a Released volume of the claim.
const PREVIOUS: &str = "previous volume, Released, holds data";

fn short_mode(m: &str) -> &str {
    match m {
        "ReadWriteOnce" => "RWO",
        "ReadOnlyMany" => "ROX",
        "ReadWriteMany" => "RWX",
        "ReadWriteOncePod" => "RWOP",
        other => other,
    }
}
