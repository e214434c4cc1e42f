//! `kubectl sts pvc list|orphans|resize`: PVC bindings per ordinal, orphaned
//! PVCs (find and delete), and resizing with the claim templates recreated.
//! Decisions live in plan::orphans and plan::resize; writes in cluster::pvc.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{PersistentVolume, PersistentVolumeClaim, Pod};
use k8s_openapi::jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::args::{DryRun, GlobalArgs, OutputFormat, WriteArgs};
use crate::cluster::Kube;
use crate::cluster::pvc as io;
use crate::cluster::status::{Scope, fetch};
use crate::cluster::wait::{Next, WaitError, watch_set};
use crate::duration::{human, parse_duration};
use crate::error::Failure;
use crate::plan::names::pod_name;
use crate::plan::orphans::{self, Orphan, Verdict, World};
use crate::plan::resize::{self, ResizePlan, TemplateChange};
use crate::plan::status::{REPORT_API_VERSION, VolumeInfo, build_report};
use crate::render::{self, Style, prompt};

#[derive(Debug, Args)]
pub struct PvcArgs {
    #[command(subcommand)]
    pub command: PvcCommand,
}

#[derive(Debug, Subcommand)]
pub enum PvcCommand {
    /// The PVC of every ordinal and claim template, with its PV and resize state
    #[command(after_help = EXAMPLES_LIST)]
    List(ListArgs),
    /// Find PVCs left behind by scale-downs and deleted StatefulSets; --delete removes them
    #[command(after_help = EXAMPLES_ORPHANS)]
    Orphans(OrphansArgs),
    /// Grow every PVC of a StatefulSet and recreate it with the new claim template sizes
    #[command(after_help = EXAMPLES_RESIZE)]
    Resize(ResizeArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// StatefulSet name
    pub name: String,
}

#[derive(Debug, Args)]
pub struct OrphansArgs {
    /// Only PVCs of this StatefulSet (live or deleted); all of the namespace when omitted
    pub name: Option<String>,

    /// Delete the orphans after showing the plan and asking for confirmation
    #[arg(long)]
    pub delete: bool,

    #[command(flatten)]
    pub write: WriteArgs,
}

#[derive(Debug, Args)]
pub struct ResizeArgs {
    /// StatefulSet name
    pub name: String,

    /// New storage request, e.g. 20Gi (only growing is possible)
    #[arg(long, value_name = "QUANTITY")]
    pub size: String,

    /// Only this claim template (default: every template)
    #[arg(long, value_name = "TEMPLATE")]
    pub template: Option<String>,

    /// Restart, one at a time through the Eviction API (as `kubectl sts
    /// restart`), the pods whose file system waits for a restart
    #[arg(long)]
    pub restart_pods: bool,

    /// How long to wait for each PVC to grow, and for the pods to be adopted
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = parse_duration)]
    pub timeout: Duration,

    #[command(flatten)]
    pub write: WriteArgs,
}

const EXAMPLES_LIST: &str = "\
Examples:
  # Every claim of StatefulSet web, per ordinal
  kubectl sts pvc list web -n shop

  # With access modes, PV phase and reclaim policy
  kubectl sts pvc list web -o wide";

const EXAMPLES_ORPHANS: &str = "\
Examples:
  # Orphaned PVCs in every namespace (one LIST per kind)
  kubectl sts pvc orphans -A

  # Orphans of StatefulSet web, deleted after typing their number
  kubectl sts pvc orphans web -n shop --delete

  # Let the API server validate the deletions without doing them
  kubectl sts pvc orphans -n shop --delete --dry-run=server

Exit codes: 0 done (skipped PVCs are listed with their reason), 1 failed or refused.";

const EXAMPLES_RESIZE: &str = "\
Examples:
  # Grow every claim of web to 20Gi, then recreate web with 20Gi templates
  kubectl sts pvc resize web --size 20Gi -n shop

  # Only the claims of template wal, without prompting
  kubectl sts pvc resize db --template wal --size 50Gi --yes

  # Show the plan only
  kubectl sts pvc resize web --size 20Gi --dry-run

The StatefulSet manifest is saved under $XDG_STATE_HOME/kubectl-sts/resize/
before it is deleted (propagationPolicy=Orphan, pods keep running); if the
command is interrupted before the set is recreated, run it again to finish.
Exit codes: 0 done, 1 failed or refused, 3 timed out, 130 interrupted.";

/// Flag combinations that make no sense; checked before any request.
pub fn validate(args: &PvcArgs, g: &GlobalArgs) -> Result<(), String> {
    if g.all_namespaces && g.namespace.is_some() {
        return Err("-n/--namespace and -A/--all-namespaces cannot be used together".into());
    }
    match &args.command {
        PvcCommand::Orphans(a) if a.name.is_some() && g.all_namespaces => Err(
            "a StatefulSet name cannot be combined with -A/--all-namespaces; use -n NAMESPACE"
                .into(),
        ),
        PvcCommand::Orphans(a) if !a.delete && a.write.dry_run.is_some() => {
            Err("--dry-run only applies with --delete".into())
        }
        PvcCommand::List(_) | PvcCommand::Resize(_) if g.all_namespaces => Err(
            "-A/--all-namespaces is not supported here: name one StatefulSet with -n NAMESPACE"
                .into(),
        ),
        _ => Ok(()),
    }
}

pub async fn run(g: &GlobalArgs, args: &PvcArgs) -> Result<ExitCode> {
    let kube = crate::client::connect(g).await?;
    let ns = g
        .namespace
        .clone()
        .unwrap_or_else(|| kube.default_ns.clone());
    let code = match &args.command {
        PvcCommand::List(a) => list(g, &kube, &ns, a).await,
        PvcCommand::Orphans(a) => orphans_cmd(g, &kube, &ns, a).await,
        PvcCommand::Resize(a) => resize_cmd(g, &kube, &ns, a).await,
    };
    if g.verbosity >= 6 {
        eprintln!("api: {} requests", kube.request_count());
    }
    code
}

// ---------------------------------------------------------------- list

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

async fn list(g: &GlobalArgs, kube: &Kube, ns: &str, a: &ListArgs) -> Result<ExitCode> {
    let scope = Scope::One {
        ns: ns.to_string(),
        name: a.name.clone(),
    };
    let snap = fetch(kube, &scope).await?;
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
                }
                render::write_table(&mut out, &t, "")?;
            }
        }
    }
    out.flush()?;
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    Ok(ExitCode::SUCCESS)
}

fn short_mode(m: &str) -> &str {
    match m {
        "ReadWriteOnce" => "RWO",
        "ReadOnlyMany" => "ROX",
        "ReadWriteMany" => "RWX",
        "ReadWriteOncePod" => "RWOP",
        other => other,
    }
}

fn dash(s: Option<&str>) -> String {
    s.filter(|s| !s.is_empty()).unwrap_or("-").to_string()
}

// ---------------------------------------------------------------- orphans

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

#[derive(Debug, Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct DeleteOutcome {
    /// "none", "client" or "server".
    dry_run: &'static str,
    deleted: Vec<String>,
    skipped: Vec<Skipped>,
    failed: Vec<Skipped>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Skipped {
    namespace: String,
    name: String,
    reason: String,
}

/// Test-only hook: when set to a path, `--delete` waits (up to 2 minutes)
/// after confirmation and before its re-checks until that file exists,
/// creating `<path>.waiting` first, so an e2e test can change the cluster
/// between listing and deleting.
const PAUSE_HOOK: &str = "KUBECTL_STS_TEST_PAUSE_BEFORE_DELETE";

async fn orphans_cmd(g: &GlobalArgs, kube: &Kube, ns: &str, a: &OrphansArgs) -> Result<ExitCode> {
    let scope_ns = (!g.all_namespaces).then_some(ns);
    let inputs = io::orphan_inputs(kube, scope_ns).await?;
    let pvs: Option<HashMap<String, &PersistentVolume>> = inputs.pvs.as_ref().map(|v| {
        v.iter()
            .filter_map(|p| Some((p.metadata.name.clone()?, p)))
            .collect()
    });
    let world = World {
        sets: &inputs.sets,
        pods: &inputs.pods,
        pvs: pvs.as_ref(),
    };
    let found = orphans::find(&inputs.pvcs, &world, a.name.as_deref());
    let mut report = OrphanReport {
        api_version: REPORT_API_VERSION,
        kind: orphans::REPORT_KIND,
        namespace: scope_ns.map(str::to_string),
        stateful_set: a.name.clone(),
        orphans: found,
        delete: None,
        warnings: inputs.warnings,
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
        }
        out.flush()?;
    }
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }

    if a.delete && !report.orphans.is_empty() {
        let outcome = delete_orphans(kube, &report.orphans, &a.write, human_out).await?;
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
        let age = o
            .created
            .as_deref()
            .and_then(|c| c.parse::<Timestamp>().ok())
            .map(|c| {
                human(Duration::from_secs(
                    now.duration_since(c).as_secs().max(0) as u64
                ))
            })
            .unwrap_or_else(|| "-".into());
        row.extend([
            o.name.clone(),
            o.reason.as_str().to_string(),
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

async fn delete_orphans(
    kube: &Kube,
    list: &[Orphan],
    w: &WriteArgs,
    human_out: bool,
) -> Result<DeleteOutcome> {
    let n = list.len();
    let mut outcome = DeleteOutcome {
        dry_run: match w.dry_run {
            None => "none",
            Some(DryRun::Client) => "client",
            Some(DryRun::Server) => "server",
        },
        ..Default::default()
    };
    if w.dry_run == Some(DryRun::Client) {
        eprintln!(
            "Dry run (client): {n} PVCs would be deleted; nothing was sent to the API server."
        );
        return Ok(outcome);
    }
    let server_dry = w.dry_run == Some(DryRun::Server);
    if !server_dry {
        let lost = list
            .iter()
            .filter(|o| o.pv_reclaim_policy.as_deref() == Some("Delete"))
            .count();
        let question = format!(
            "Delete {n} PVCs?{}",
            if lost > 0 {
                format!(" {lost} of them have reclaimPolicy Delete: their data is destroyed.")
            } else {
                String::new()
            }
        );
        if !prompt::confirm_typed(
            &question,
            &n.to_string(),
            &format!("delete {n} PVCs"),
            w.yes,
        )? {
            return Err(Failure::Refused(format!(
                "the confirmation did not match {n}; nothing was deleted"
            ))
            .into());
        }
    }
    pause_hook().await?;
    for o in list {
        let (ns, name) = (o.namespace.as_str(), o.name.as_str());
        let skip = |reason: String| Skipped {
            namespace: ns.into(),
            name: name.into(),
            reason,
        };
        // Every piece of evidence again, on a fresh consistent read.
        let (fresh, sets, pods) = io::fresh_view(kube, ns, name).await?;
        let Some(fresh) = fresh else {
            outcome.skipped.push(skip("already gone".into()));
            continue;
        };
        if fresh.metadata.uid.as_deref() != Some(o.uid.as_str()) {
            outcome.skipped.push(skip(
                "replaced by a new PVC of the same name since it was listed".into(),
            ));
            continue;
        }
        let sets: Vec<&StatefulSet> = sets.iter().collect();
        let pods: Vec<&Pod> = pods.iter().collect();
        let rv = fresh.metadata.resource_version.clone().unwrap_or_default();
        match orphans::classify(&fresh, &sets, &pods, None) {
            Verdict::Orphan(f) if f.reason == o.reason && f.stateful_set == o.stateful_set => {}
            Verdict::Orphan(f) => {
                outcome.skipped.push(skip(format!(
                    "evidence changed: now {} of {}",
                    f.reason.as_str(),
                    f.stateful_set
                )));
                continue;
            }
            Verdict::Keep(why) => {
                outcome.skipped.push(skip(why));
                continue;
            }
            Verdict::NotClaim => {
                outcome
                    .skipped
                    .push(skip("no longer matches a StatefulSet claim".into()));
                continue;
            }
        }
        match io::delete_pvc(kube, ns, name, &o.uid, &rv, server_dry).await {
            Ok(()) => {
                if human_out {
                    println!(
                        "persistentvolumeclaim/{name} deleted{}",
                        if server_dry { " (server dry run)" } else { "" }
                    );
                }
                outcome.deleted.push(format!("{ns}/{name}"));
            }
            Err(Failure::Conflict(_)) => outcome.skipped.push(skip(
                "changed between the check and the delete (409 Conflict); re-run to re-check"
                    .into(),
            )),
            Err(Failure::NotFound(_)) => outcome.skipped.push(skip("already gone".into())),
            Err(e) => outcome.failed.push(skip(e.to_string())),
        }
    }
    if human_out {
        for s in &outcome.skipped {
            println!("persistentvolumeclaim/{} skipped: {}", s.name, s.reason);
        }
    }
    Ok(outcome)
}

async fn pause_hook() -> Result<()> {
    let Some(path) = std::env::var_os(PAUSE_HOOK) else {
        return Ok(());
    };
    let path = PathBuf::from(path);
    let mut waiting = path.clone().into_os_string();
    waiting.push(".waiting");
    std::fs::write(&waiting, b"")
        .with_context(|| format!("{PAUSE_HOOK}: cannot create {waiting:?}"))?;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    while !path.exists() {
        if tokio::time::Instant::now() > deadline {
            return Err(Failure::TimedOut(format!("{PAUSE_HOOK}: {path:?} never appeared")).into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

// ---------------------------------------------------------------- resize

/// The record of a resize between deleting and recreating the StatefulSet:
/// the annotation cannot live on a deleted object, so a file does.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Pending {
    namespace: String,
    name: String,
    old_uid: String,
    manifest: PathBuf,
    templates: Vec<TemplateChange>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ResizeReport {
    api_version: &'static str,
    kind: &'static str,
    dry_run: &'static str,
    plan: Option<ResizePlan>,
    resized: Vec<String>,
    needs_restart: Vec<String>,
    /// Pods restarted by --restart-pods so their file systems could grow.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    restarted: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    restart_command: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    recreated: Option<Recreated>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Recreated {
    saved_manifest: PathBuf,
    old_uid: String,
    new_uid: String,
    pods_kept: Vec<String>,
}

fn state_dir() -> PathBuf {
    let base = std::env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("kubectl-sts").join("resize")
}

fn marker_path(ns: &str, name: &str) -> PathBuf {
    state_dir().join(format!("{ns}-{name}.pending.json"))
}

fn read_marker(ns: &str, name: &str) -> Result<Option<Pending>> {
    let p = marker_path(ns, name);
    match std::fs::read(&p) {
        Ok(b) => Ok(Some(serde_json::from_slice(&b).with_context(|| {
            format!("cannot read resize record {}", p.display())
        })?)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read resize record {}", p.display())),
    }
}

async fn resize_cmd(g: &GlobalArgs, kube: &Kube, ns: &str, a: &ResizeArgs) -> Result<ExitCode> {
    let name = a.name.as_str();
    let dry_run = a.write.dry_run;
    let mut report = ResizeReport {
        api_version: REPORT_API_VERSION,
        kind: "PvcResizeReport",
        dry_run: match dry_run {
            None => "none",
            Some(DryRun::Client) => "client",
            Some(DryRun::Server) => "server",
        },
        plan: None,
        resized: vec![],
        needs_restart: vec![],
        restarted: vec![],
        restart_command: None,
        recreated: None,
    };
    let marker = read_marker(ns, name)?;
    let set = kube.get_opt::<StatefulSet>(ns, name).await?;
    let set = match (set, marker) {
        (None, Some(m)) => {
            // Interrupted between delete and create: finish from the record.
            let rec = resume_recreate(kube, ns, name, &m, a).await?;
            report.recreated = Some(rec);
            return finish(g, &report);
        }
        (None, None) => {
            return Err(Failure::NotFound(format!(
                "statefulset {name:?} not found in namespace {ns:?}. List the StatefulSets there \
                 with: kubectl sts status -n {ns}"
            ))
            .into());
        }
        (Some(s), Some(m)) => {
            if s.metadata.uid.as_deref() != Some(m.old_uid.as_str()) {
                eprintln!(
                    "statefulset {ns}/{name} was already recreated after an earlier resize; \
                     removing the record {}",
                    marker_path(ns, name).display()
                );
            }
            // Same UID: the earlier run stopped before deleting; plan afresh.
            let _ = std::fs::remove_file(marker_path(ns, name));
            s
        }
        (Some(s), None) => s,
    };

    let pvcs = kube.list::<PersistentVolumeClaim>(Some(ns), None).await?;
    let (classes, default_class) = io::storage_classes(kube).await?;
    let plan = resize::plan(
        &set,
        &pvcs,
        &classes,
        default_class.as_deref(),
        &a.size,
        a.template.as_deref(),
    )
    .map_err(|errs| {
        Failure::Refused(format!(
            "cannot resize statefulset {name} in namespace {ns}; nothing was changed:\n  - {}",
            errs.join("\n  - ")
        ))
    })?;
    let human_out = matches!(g.output, OutputFormat::Table | OutputFormat::Wide);
    if human_out {
        write_plan(&plan, &Style::for_stdout(g.color))?;
    }
    report.plan = Some(plan.clone());
    if plan.nothing_to_do() {
        eprintln!(
            "Nothing to do: every claim and claim template already requests {}.",
            a.size
        );
        return finish(g, &report);
    }
    if dry_run == Some(DryRun::Client) {
        eprintln!("Dry run (client): nothing was sent to the API server.");
        return finish(g, &report);
    }
    let server_dry = dry_run == Some(DryRun::Server);

    // The set must be settled before it is deleted and recreated.
    if !plan.templates.is_empty() {
        refuse_unsettled(kube, &set, "nothing was changed").await?;
    }
    if !server_dry {
        let q = format!(
            "Grow {} PVCs to {}{}?",
            plan.patches().count(),
            a.size,
            if plan.templates.is_empty() {
                String::new()
            } else {
                format!(
                    " and recreate statefulset {name} with the new claim template sizes (pods keep running)"
                )
            }
        );
        if !prompt::confirm(
            &q,
            &format!("resize the PVCs of statefulset {name}"),
            a.write.yes,
        )? {
            return Err(Failure::Refused("not confirmed; nothing was changed".into()).into());
        }
    }

    // 1. The claims, one at a time, in ordinal order.
    let steps: Vec<_> = plan.patches().cloned().collect();
    let pb = progress_bar(steps.len() as u64);
    for step in &steps {
        pb.set_message(format!("{}: {} -> {}", step.claim, step.from, step.to));
        let fresh = kube
            .get_opt::<PersistentVolumeClaim>(ns, &step.claim)
            .await?
            .ok_or_else(|| {
                Failure::NotFound(format!(
                    "PVC {:?} in namespace {ns:?} disappeared; nothing more was changed",
                    step.claim
                ))
            })?;
        if let Some(state) = resize::resizing(&fresh) {
            return Err(Failure::Refused(format!(
                "PVC {} in namespace {ns} started resizing ({state}) since the plan was made; \
                 stopped. Re-run when it settles",
                step.claim
            ))
            .into());
        }
        let rv = fresh.metadata.resource_version.clone().unwrap_or_default();
        io::patch_pvc_size(kube, ns, &step.claim, &rv, &step.to, server_dry).await?;
        if server_dry {
            pb.inc(1);
            continue;
        }
        let claim = step.claim.clone();
        let pbc = pb.clone();
        let res = io::wait_resized(kube, ns, &step.claim, &step.to, a.timeout, false, |s| {
            pbc.set_message(format!("{claim}: {s}"))
        })
        .await;
        let resume = format!("kubectl sts pvc resize {name} -n {ns} --size {}", a.size);
        match res {
            Ok(io::Resized::Done) => {
                pb.suspend(|| eprintln!("{}: resized to {}", step.claim, step.to));
                report.resized.push(step.claim.clone());
            }
            Ok(io::Resized::NeedsRestart) => {
                let pod = pod_name(name, step.ordinal);
                pb.suspend(|| {
                    eprintln!(
                        "{}: volume grown to {}; the file system waits for pod {pod} to restart",
                        step.claim, step.to
                    )
                });
                report.resized.push(step.claim.clone());
                if !report.needs_restart.contains(&pod) {
                    report.needs_restart.push(pod);
                }
            }
            Err(io::PvcWaitError::Deadline { limit, last }) => {
                pb.finish_and_clear();
                return Err(Failure::TimedOut(format!(
                    "PVC {} in namespace {ns} did not finish resizing within {} ({last}); stopped \
                     there, the StatefulSet is unchanged. Check its events (kubectl describe pvc \
                     {} -n {ns}) and re-run: {resume}",
                    step.claim,
                    human(limit),
                    step.claim
                ))
                .into());
            }
            Err(io::PvcWaitError::Interrupted { last }) => {
                pb.finish_and_clear();
                return Err(Failure::Interrupted(format!(
                    "interrupted while PVC {} was resizing ({last}); the StatefulSet is unchanged. \
                     Resume with: {resume}",
                    step.claim
                ))
                .into());
            }
            Err(e) => {
                pb.finish_and_clear();
                return Err(Failure::Api(format!(
                    "PVC {} in namespace {ns}: {e}; stopped there, the StatefulSet is unchanged. \
                     Re-run when fixed: {resume}",
                    step.claim
                ))
                .into());
            }
        }
        pb.inc(1);
    }
    pb.finish_and_clear();
    // Claims already grown earlier may still wait for a restart.
    for c in plan.claims.iter().filter(|c| c.action == "none") {
        if let Some(p) = pvcs
            .iter()
            .find(|p| p.metadata.name.as_deref() == Some(c.claim.as_str()))
            && resize::resizing(p).as_deref() == Some("FileSystemResizePending")
        {
            let pod = pod_name(name, c.ordinal);
            if !report.needs_restart.contains(&pod) {
                report.needs_restart.push(pod);
            }
        }
    }

    // 2. The claim templates: delete (orphaning the pods) and recreate.
    if !plan.templates.is_empty() {
        report.recreated = recreate(kube, ns, name, &plan.templates, a, server_dry).await?;
    }
    if !report.needs_restart.is_empty() {
        report.needs_restart.sort();
        let pods = report.needs_restart.clone();
        let only: String = pods.iter().map(|p| format!(" --pod {p}")).collect();
        let cmd = format!("kubectl sts restart {name} -n {ns}{only}");
        if a.restart_pods && dry_run.is_none() {
            restart_and_finish(kube, ns, name, &pods, &plan, &cmd, a).await?;
            report.restarted = pods;
            report.needs_restart.clear();
        } else {
            eprintln!(
                "These pods must restart to finish the file system resize: {}. Run: {cmd} \
                 (or re-run with --restart-pods)",
                pods.join(", ")
            );
            report.restart_command = Some(cmd);
        }
    }
    finish(g, &report)
}

/// `--restart-pods`: restarts `pods` with the safe restart engine (one at a
/// time, Eviction API, health gates), then waits until their claims reach
/// the new size.
async fn restart_and_finish(
    kube: &Kube,
    ns: &str,
    name: &str,
    pods: &[String],
    plan: &ResizePlan,
    resume: &str,
    a: &ResizeArgs,
) -> Result<()> {
    let opts = crate::ops::restart::Options {
        min_ready: Duration::ZERO,
        timeout: a.timeout,
        last: None,
        disable_eviction: false,
        dry_run: None,
        yes: a.write.yes,
        resume: format!("{resume} --yes"),
    };
    crate::ops::restart::restart_pods(kube, ns, name, Some(pods.to_vec()), &opts).await?;
    for c in &plan.claims {
        if !pods.contains(&pod_name(name, c.ordinal)) {
            continue;
        }
        match io::wait_resized(kube, ns, &c.claim, &c.to, a.timeout, true, |_| {}).await {
            Ok(_) => eprintln!("{}: file system resized to {}", c.claim, c.to),
            Err(e) => {
                return Err(Failure::TimedOut(format!(
                    "PVC {} in namespace {ns}: the pod was restarted but the file system resize \
                     did not finish ({e}); check its events: kubectl describe pvc {} -n {ns}",
                    c.claim, c.claim
                ))
                .into());
            }
        }
    }
    Ok(())
}

fn finish(g: &GlobalArgs, report: &ResizeReport) -> Result<ExitCode> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match g.output {
        OutputFormat::Json => render::write_json(&mut out, report)?,
        OutputFormat::Yaml => render::write_yaml(&mut out, report)?,
        OutputFormat::Name => {
            for c in &report.resized {
                writeln!(out, "persistentvolumeclaim/{c}")?;
            }
        }
        _ => {
            if let Some(r) = &report.recreated {
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
            if c.action == "patch" {
                "grow".into()
            } else {
                "already at size".into()
            },
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

fn progress_bar(n: u64) -> indicatif::ProgressBar {
    let pb =
        indicatif::ProgressBar::with_draw_target(Some(n), indicatif::ProgressDrawTarget::stderr());
    if let Ok(s) = indicatif::ProgressStyle::with_template("{spinner} [{pos}/{len}] {wide_msg}") {
        pb.set_style(s);
    }
    pb.enable_steady_tick(Duration::from_millis(200));
    pb
}

/// Refuses to delete and recreate a set that is not settled (rule 1): a
/// rollout in flight or a pod down would be harder to reason about after
/// the set is recreated.
async fn refuse_unsettled(kube: &Kube, set: &StatefulSet, changed: &str) -> Result<()> {
    let ns = set.metadata.namespace.clone().unwrap_or_default();
    let name = set.metadata.name.clone().unwrap_or_default();
    let sel = crate::plan::selector::to_query(&set.spec.selector);
    let pods = kube.list::<Pod>(Some(&ns), Some(&sel)).await?;
    let pods: Vec<&Pod> = pods.iter().collect();
    let bad = crate::plan::health::check_set(set, &pods, None);
    let st = set.status.clone().unwrap_or_default();
    let mut reasons: Vec<String> = bad.into_iter().map(|u| u.reason).collect();
    if st.current_revision.is_some() && st.current_revision != st.update_revision {
        reasons.push(format!(
            "a rollout is in progress (current revision {}, update revision {})",
            st.current_revision.unwrap_or_default(),
            st.update_revision.unwrap_or_default()
        ));
    }
    if reasons.is_empty() {
        return Ok(());
    }
    Err(Failure::Refused(format!(
        "statefulset {name} in namespace {ns} is not settled, so it will not be deleted and \
         recreated; {changed}: {}. Check with: kubectl sts status {name} -n {ns}",
        reasons.join("; ")
    ))
    .into())
}

/// Saves the manifest and the record, deletes the set orphaning its pods,
/// recreates it with the new template sizes and waits for the pods to be
/// adopted with their UIDs unchanged.
async fn recreate(
    kube: &Kube,
    ns: &str,
    name: &str,
    changes: &[TemplateChange],
    a: &ResizeArgs,
    server_dry: bool,
) -> Result<Option<Recreated>> {
    let set = kube
        .get_opt::<StatefulSet>(ns, name)
        .await?
        .ok_or_else(|| {
            Failure::NotFound(format!(
                "statefulset {name:?} in namespace {ns:?} disappeared"
            ))
        })?;
    let uid = set.metadata.uid.clone().unwrap_or_default();
    let rv = set.metadata.resource_version.clone().unwrap_or_default();
    // Again right before the delete, on this fresh read (rule 1).
    refuse_unsettled(
        kube,
        &set,
        &format!(
            "the PVCs are resized but the claim templates are not; re-run `kubectl sts pvc \
             resize {name} -n {ns} --size {}` once it is settled",
            a.size
        ),
    )
    .await?;
    if server_dry {
        io::delete_set_orphaning(kube, ns, name, &uid, &rv, true).await?;
        eprintln!(
            "Dry run (server): the PVC patches and the StatefulSet deletion were accepted; the \
             recreate is not sent since the set still exists."
        );
        return Ok(None);
    }
    let sel = crate::plan::selector::to_query(&set.spec.selector);
    let before: BTreeMap<String, String> = kube
        .list::<Pod>(Some(ns), Some(&sel))
        .await?
        .into_iter()
        .filter(|p| {
            p.metadata
                .owner_references
                .iter()
                .flatten()
                .any(|r| r.controller == Some(true) && r.uid == uid)
        })
        .filter_map(|p| Some((p.metadata.name?, p.metadata.uid?)))
        .collect();

    // Save first: nothing is deleted unless the record is on disk.
    let dir = state_dir();
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let stamp = Timestamp::now().strftime("%Y%m%dT%H%M%SZ").to_string();
    let manifest = dir.join(format!("{ns}-{name}-{stamp}.yaml"));
    let mut saved = set.clone();
    saved.metadata.managed_fields = None;
    std::fs::write(&manifest, serde_norway::to_string(&saved)?)
        .with_context(|| format!("cannot save the manifest to {}", manifest.display()))?;
    let pending = Pending {
        namespace: ns.into(),
        name: name.into(),
        old_uid: uid.clone(),
        manifest: manifest.clone(),
        templates: changes.to_vec(),
    };
    let marker = marker_path(ns, name);
    std::fs::write(&marker, serde_json::to_vec_pretty(&pending)?)
        .with_context(|| format!("cannot write {}", marker.display()))?;
    eprintln!("Saved statefulset {ns}/{name} to {}", manifest.display());

    io::delete_set_orphaning(kube, ns, name, &uid, &rv, false).await?;
    let rec = finish_recreate(kube, ns, name, &saved, changes, &before, &manifest, a).await?;
    Ok(Some(rec))
}

async fn resume_recreate(
    kube: &Kube,
    ns: &str,
    name: &str,
    m: &Pending,
    a: &ResizeArgs,
) -> Result<Recreated> {
    let text = std::fs::read_to_string(&m.manifest)
        .with_context(|| format!("cannot read the saved manifest {}", m.manifest.display()))?;
    let saved: StatefulSet = serde_norway::from_str(&text)
        .with_context(|| format!("cannot parse the saved manifest {}", m.manifest.display()))?;
    eprintln!(
        "statefulset {ns}/{name} does not exist, and an earlier resize saved it to {} before \
         deleting it.",
        m.manifest.display()
    );
    if m.templates.iter().any(|t| t.to != a.size) {
        eprintln!(
            "note: the earlier run used other sizes than --size {}; the recorded sizes are used",
            a.size
        );
    }
    let sizes: Vec<String> = m
        .templates
        .iter()
        .map(|t| format!("{} -> {}", t.template, t.to))
        .collect();
    if a.write.dry_run.is_some() {
        eprintln!(
            "Dry run: it would be recreated with claim templates {}.",
            sizes.join(", ")
        );
        return Err(Failure::Refused("dry run: nothing was changed".into()).into());
    }
    if !prompt::confirm(
        &format!("Recreate it now with claim templates {}?", sizes.join(", ")),
        &format!("recreate statefulset {name}"),
        a.write.yes,
    )? {
        return Err(Failure::Refused(format!(
            "not confirmed; statefulset {name} is still missing. Re-run to recreate it, or apply {} yourself",
            m.manifest.display()
        ))
        .into());
    }
    let sel = crate::plan::selector::to_query(&saved.spec.selector);
    let before: BTreeMap<String, String> = kube
        .list::<Pod>(Some(ns), Some(&sel))
        .await?
        .into_iter()
        .filter_map(|p| Some((p.metadata.name?, p.metadata.uid?)))
        .collect();
    finish_recreate(
        kube,
        ns,
        name,
        &saved,
        &m.templates,
        &before,
        &m.manifest,
        a,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn finish_recreate(
    kube: &Kube,
    ns: &str,
    name: &str,
    saved: &StatefulSet,
    changes: &[TemplateChange],
    before: &BTreeMap<String, String>,
    manifest: &Path,
    a: &ResizeArgs,
) -> Result<Recreated> {
    let resume = format!("kubectl sts pvc resize {name} -n {ns} --size {}", a.size);
    // The orphan finalizer keeps the old object until the garbage collector
    // has released the pods; creating before that would conflict.
    let gone = watch_set(
        kube,
        ns,
        name,
        a.timeout,
        |_| {},
        |_, _, _| Next::<()>::Wait {
            status: "waiting for the old StatefulSet to be gone".into(),
            recheck: None,
        },
    )
    .await;
    match gone {
        Err(WaitError::SetDeleted { .. }) => {}
        Err(WaitError::Interrupted { .. }) => {
            return Err(Failure::Interrupted(format!(
                "interrupted while statefulset {name} was being deleted; its pods keep running. \
                 Finish with: {resume} (it recreates the set from {})",
                manifest.display()
            ))
            .into());
        }
        Err(e) => {
            return Err(Failure::TimedOut(format!(
                "statefulset {name} in namespace {ns} was not gone in time ({e}); its pods keep \
                 running. Finish with: {resume} (it recreates the set from {})",
                manifest.display()
            ))
            .into());
        }
        Ok(()) => unreachable!("the decision never finishes"),
    }
    let new = resize::recreated(saved, changes);
    let created = io::create_set(kube, ns, &new, false).await.map_err(|e| {
        Failure::Api(format!(
            "{e}. The StatefulSet is deleted (its pods keep running); finish with: {resume}, or \
             apply {} yourself",
            manifest.display()
        ))
    })?;
    let _ = std::fs::remove_file(marker_path(ns, name));
    let new_uid = created.metadata.uid.clone().unwrap_or_default();
    eprintln!("Recreated statefulset {ns}/{name}; waiting for its pods to be adopted");
    let adopted = watch_set(
        kube,
        ns,
        name,
        a.timeout,
        |s| eprintln!("  {s}"),
        |_, pods, _| {
            let pending = resize::adoption_pending(before, pods, &new_uid);
            if pending.is_empty() {
                Next::Done(())
            } else {
                Next::Wait {
                    status: pending.join(", "),
                    recheck: None,
                }
            }
        },
    )
    .await;
    if let Err(e) = adopted {
        return Err(Failure::Api(format!(
            "statefulset {name} in namespace {ns} was recreated (uid {new_uid}) but its pods were \
             not all adopted with their UIDs unchanged: {e}. Check with: kubectl sts status {name} -n {ns}"
        ))
        .into());
    }
    Ok(Recreated {
        saved_manifest: manifest.to_path_buf(),
        old_uid: saved.metadata.uid.clone().unwrap_or_default(),
        new_uid,
        pods_kept: before.keys().cloned().collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    fn parse(args: &[&str]) -> Result<(), String> {
        let cli = Cli::try_parse_from(args).map_err(|e| e.to_string())?;
        let Command::Pvc(a) = &cli.command else {
            panic!()
        };
        validate(a, &cli.global)
    }

    #[test]
    fn flags() {
        assert!(parse(&["kubectl-sts", "pvc", "orphans", "-A"]).is_ok());
        assert!(parse(&["kubectl-sts", "pvc", "orphans", "web", "-A"]).is_err());
        assert!(parse(&["kubectl-sts", "pvc", "orphans", "--dry-run"]).is_err());
        assert!(
            parse(&[
                "kubectl-sts",
                "pvc",
                "orphans",
                "--delete",
                "--dry-run=server"
            ])
            .is_ok()
        );
        assert!(parse(&["kubectl-sts", "pvc", "list", "web", "-A"]).is_err());
        assert!(
            parse(&[
                "kubectl-sts",
                "pvc",
                "resize",
                "web",
                "--size",
                "2Gi",
                "--template",
                "data",
                "-y"
            ])
            .is_ok()
        );
        assert!(parse(&["kubectl-sts", "pvc", "resize", "web"]).is_err());
    }
}
