//! `kubectl sts pvc snapshot` and `pvc snapshots`: flags to
//! `ops::snapshot`, and the tables. Decisions: `plan::snapshot`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use k8s_openapi::jiff::Timestamp;
use serde::Serialize;

use super::{PvcSnapshotArgs, PvcSnapshotsArgs, age, dash};
use crate::args::{DryRun, GlobalArgs, OutputFormat};
use crate::cluster::snapshot::{self as io, SnapshotApi};
use crate::cluster::{Kube, set};
use crate::error::Failure;
use crate::ops::snapshot::{self, Taken};
use crate::plan::snapshot::{self as plan, Row};
use crate::plan::status::REPORT_API_VERSION;
use crate::render::{self, Style};

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SnapshotReport {
    api_version: &'static str,
    kind: &'static str,
    namespace: String,
    stateful_set: String,
    dry_run: &'static str,
    snapshots: Vec<Taken>,
}

pub(super) async fn snapshot_cmd(
    g: &GlobalArgs,
    kube: &Kube,
    ns: &str,
    a: &PvcSnapshotArgs,
) -> Result<ExitCode> {
    let set = set::get(kube, ns, &a.name).await?;
    let live: Vec<i32> = crate::plan::set::live_ordinals(&set).collect();
    let ordinals = if a.ordinals.is_empty() {
        live
    } else {
        if let Some(o) = a.ordinals.iter().find(|o| !live.contains(o)) {
            return Err(Failure::Refused(format!(
                "ordinal {o} is not a live ordinal of statefulset {} in namespace {ns} (live: {}); \
                 nothing was changed",
                a.name,
                crate::plan::set::range_text(&crate::plan::set::live_ordinals(&set))
            ))
            .into());
        }
        let mut o = a.ordinals.clone();
        o.sort_unstable();
        o.dedup();
        o
    };
    let p = snapshot::prepare(
        kube,
        &set,
        &ordinals,
        a.template.as_deref(),
        a.class.as_deref(),
    )
    .await?;
    let opts = snapshot::Options {
        class: a.class.clone(),
        wait: a.wait,
        timeout: a.timeout,
        dry_run: a.dry_run,
        reason: "manual".into(),
    };
    let taken = snapshot::take(kube, &p, &opts).await?;
    let report = SnapshotReport {
        api_version: REPORT_API_VERSION,
        kind: "PvcSnapshotReport",
        namespace: ns.to_string(),
        stateful_set: a.name.clone(),
        dry_run: match a.dry_run {
            None => "none",
            Some(DryRun::Client) => "client",
            Some(DryRun::Server) => "server",
        },
        snapshots: taken,
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match g.output {
        OutputFormat::Json => render::write_json(&mut out, &report)?,
        OutputFormat::Yaml => render::write_yaml(&mut out, &report)?,
        OutputFormat::Name => {
            for t in &report.snapshots {
                writeln!(out, "volumesnapshot.snapshot.storage.k8s.io/{}", t.name)?;
            }
        }
        _ => {
            let style = Style::for_stdout(g.color);
            let mut t = render::table(
                &style,
                &["SNAPSHOT", "ORDINAL", "TEMPLATE", "CLAIM", "CLASS", "READY"],
            );
            for s in &report.snapshots {
                t.add_row(vec![
                    s.name.clone(),
                    s.ordinal.to_string(),
                    s.template.clone(),
                    s.claim.clone(),
                    s.class.clone(),
                    match (&s.error, s.ready) {
                        (Some(e), _) => format!("error: {e}"),
                        (None, Some(r)) => r.to_string(),
                        (None, None) => "-".into(),
                    },
                ]);
            }
            render::write_table(&mut out, &t, "")?;
            match a.dry_run {
                Some(DryRun::Client) => writeln!(out, "(dry run: nothing was created)")?,
                Some(DryRun::Server) => writeln!(
                    out,
                    "(server dry run: the API server accepted them; nothing was created)"
                )?,
                None if !a.wait => writeln!(
                    out,
                    "Created; follow them with: kubectl sts pvc snapshots {} -n {ns}",
                    a.name
                )?,
                None => {}
            }
        }
    }
    out.flush()?;
    let failed: Vec<String> = report
        .snapshots
        .iter()
        .filter_map(|t| {
            t.error
                .as_ref()
                .map(|e| format!("{} ({}): {e}", t.name, t.claim))
        })
        .collect();
    if !failed.is_empty() {
        return Err(Failure::Api(format!(
            "{} of {} snapshots of statefulset {} in namespace {ns} failed: {}. They are left in \
             place; inspect with kubectl describe volumesnapshot -n {ns} NAME",
            failed.len(),
            report.snapshots.len(),
            a.name,
            failed.join("; ")
        ))
        .into());
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SnapshotsReport {
    api_version: &'static str,
    kind: &'static str,
    namespace: String,
    stateful_set: String,
    snapshots: Vec<Row>,
}

pub(super) async fn snapshots_cmd(
    g: &GlobalArgs,
    kube: &Kube,
    ns: &str,
    a: &PvcSnapshotsArgs,
) -> Result<ExitCode> {
    let set = set::get(kube, ns, &a.name).await?;
    let classes = match io::classes(kube).await? {
        SnapshotApi::Installed(c) => c,
        SnapshotApi::Missing => {
            return Err(Failure::NotFound(format!(
                "the VolumeSnapshot API ({}) is not installed on {}, so statefulset {} in \
                 namespace {ns} has no snapshots; see `kubectl sts pvc snapshot --help`",
                plan::objects::API_VERSION,
                kube.server,
                a.name
            ))
            .into());
        }
    };
    // Labelled snapshots and those taken by hand of the set's claims: the
    // namespace's snapshots are few, one LIST.
    let all = kube
        .list::<plan::objects::VolumeSnapshot>(Some(ns), None)
        .await?;
    let rows = plan::rows(&set, &all, &classes);
    let report = SnapshotsReport {
        api_version: REPORT_API_VERSION,
        kind: "PvcSnapshotList",
        namespace: ns.to_string(),
        stateful_set: a.name.clone(),
        snapshots: rows,
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match g.output {
        OutputFormat::Json => render::write_json(&mut out, &report)?,
        OutputFormat::Yaml => render::write_yaml(&mut out, &report)?,
        OutputFormat::Name => {
            for r in &report.snapshots {
                writeln!(out, "volumesnapshot.snapshot.storage.k8s.io/{}", r.name)?;
            }
        }
        _ if report.snapshots.is_empty() => {
            eprintln!(
                "No snapshots of statefulset {} in namespace {ns}. Take some with: kubectl sts \
                 pvc snapshot {} -n {ns} --wait",
                a.name, a.name
            );
        }
        _ => {
            let wide = g.output == OutputFormat::Wide;
            let style = Style::for_stdout(g.color);
            let mut h = vec![
                "ORDINAL",
                "TEMPLATE",
                "SNAPSHOT",
                "AGE",
                "SIZE",
                "READY",
                "CLASS",
                "DELETION POLICY",
            ];
            if wide {
                h.extend(["SOURCE CLAIM", "REASON"]);
            }
            let mut t = render::table(&style, &h);
            let now = Timestamp::now();
            for r in &report.snapshots {
                let age = age(r.created.as_deref(), now);
                let mut row = vec![
                    r.ordinal.map_or("-".into(), |o| o.to_string()),
                    r.template.clone(),
                    r.name.clone(),
                    age,
                    dash(r.size.as_deref()),
                    r.ready.clone(),
                    dash(r.class.as_deref()),
                    dash(r.deletion_policy.as_deref()),
                ];
                if wide {
                    row.push(r.source_claim.clone());
                    row.push(dash(r.reason.as_deref()));
                }
                t.add_row(row);
            }
            render::write_table(&mut out, &t, "")?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
