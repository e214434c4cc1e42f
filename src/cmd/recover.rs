//! `kubectl sts recover [NAME | -A] [--fix]`: diagnose stuck pods and
//! volumes; with `--fix`, apply the proposed actions one by one, each with
//! its own confirmation, re-reading the evidence just before acting. This
//! file maps flags to `ops::recover::Options` and renders the report; the
//! engine is `ops::recover`, the rules `plan::recover`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use comfy_table::Color;
use serde::Serialize;

use crate::args::{GlobalArgs, OutputFormat, WriteArgs};
use crate::cluster::status::Scope;
use crate::ops::recover;
use crate::plan::recover::{Action, Finding, Options as Rules};
use crate::plan::status::REPORT_API_VERSION;
use crate::render::{self, Style, table, write_table};

#[derive(Debug, Args)]
pub struct RecoverArgs {
    /// StatefulSet name; every StatefulSet of the namespace when omitted
    pub name: Option<String>,

    /// Apply the proposed actions one by one, each after its own confirmation
    #[arg(long)]
    pub fix: bool,

    /// State that NODE is really down (powered off, not just unreachable): allows force
    /// deleting the pods stuck Terminating on it. Without it, only a node with the
    /// node.kubernetes.io/out-of-service taint or a deleted Node allows that. Must match the
    /// node name exactly; repeat for several nodes
    #[arg(long, value_name = "NODE")]
    pub confirm_node_down: Vec<String>,

    /// Also offer removing finalizers that block a deletion (last resort; each removal asks
    /// for the object's name)
    #[arg(long)]
    pub remove_finalizers: bool,

    /// How long each fix may take to show its effect on re-reading (e.g. 90s, 5m): the pod
    /// that replaces a deleted broken pod Ready at the update revision, a deleted object gone,
    /// a created claim Bound. A deletion still held by finalizers is reported after at most 15s
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = crate::duration::parse_duration)]
    pub timeout: std::time::Duration,

    #[command(flatten)]
    pub write: WriteArgs,

    /// With --fix: checks around each broken pod it deletes
    #[command(flatten)]
    pub checks: crate::args::CheckArgs,
}

impl RecoverArgs {
    /// Flag combinations that make no sense; checked before any request.
    pub fn validate(&self, g: &GlobalArgs) -> Result<(), String> {
        if self.name.is_some() && g.all_namespaces {
            return Err(
                "a StatefulSet name cannot be combined with -A/--all-namespaces; use -n NAMESPACE"
                    .into(),
            );
        }
        if g.all_namespaces && g.namespace.is_some() {
            return Err("-n/--namespace and -A/--all-namespaces cannot be used together".into());
        }
        if !self.fix && self.write.dry_run.is_none() {
            if self.write.yes {
                return Err("--yes only answers the prompts of --fix; add --fix".into());
            }
            if self.remove_finalizers {
                return Err("--remove-finalizers only makes sense with --fix".into());
            }
        }
        if self.confirm_node_down.iter().any(|n| n.trim().is_empty()) {
            return Err("--confirm-node-down needs a node name".into());
        }
        Ok(())
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Report<'a> {
    api_version: &'static str,
    kind: &'static str,
    /// True when nothing needs attention (after `--fix`: every finding fixed).
    healthy: bool,
    findings: &'a [Finding],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    warnings: &'a [String],
}

pub async fn run(g: &GlobalArgs, args: &RecoverArgs) -> Result<ExitCode> {
    let kube = crate::client::connect(g).await?;
    let ns = g
        .namespace
        .clone()
        .unwrap_or_else(|| kube.default_ns.clone());
    let scope = Scope::of(args.name.as_deref(), g.all_namespaces, &ns);
    let opts = recover::Options {
        scope: scope.clone(),
        rules: Rules {
            confirm_node_down: args.confirm_node_down.clone(),
            remove_finalizers: args.remove_finalizers,
        },
        dry_run: args.write.dry_run,
        yes: args.write.yes,
        timeout: args.timeout,
        checks: args.checks.checks()?,
    };
    let (snap, mut findings) = recover::diagnose(&kube, &opts).await?;
    for w in &snap.warnings {
        eprintln!("warning: {w}");
    }
    let style = Style::for_stdout(g.color);
    let acting = args.fix || args.write.dry_run.is_some();
    let structured = matches!(g.output, OutputFormat::Json | OutputFormat::Yaml);

    if snap.sets.is_empty() {
        match &scope {
            Scope::All => eprintln!("No StatefulSets found in any namespace."),
            _ => eprintln!("No StatefulSets found in namespace {ns:?}."),
        }
    }
    let stdout = std::io::stdout();
    if !structured {
        let mut out = std::io::BufWriter::new(stdout.lock());
        match g.output {
            OutputFormat::Name => {
                for f in &findings {
                    writeln!(out, "{}", f.object)?;
                }
            }
            _ => write_findings(&mut out, &findings, &scope, &style, acting)?,
        }
        out.flush()?;
    }

    if acting {
        let total = recover::fix_all(&kube, &opts, &mut findings, |f| {
            if let (false, Some(o)) = (structured, &f.outcome) {
                println!("{}: {} ({})", f.object, o.result, o.message);
            }
        })
        .await?;
        crate::plan::recover::resolved_by_other_fixes(&mut findings);
        for f in &findings {
            if let (false, Some(o)) = (structured, &f.outcome)
                && o.result == "resolved"
            {
                println!("{}: {} ({})", f.object, o.result, o.message);
            }
        }
        if total == 0 && !findings.is_empty() {
            eprintln!("Nothing can be fixed automatically; see the reasons above.");
        }
    }

    // Resolved: another applied fix removed the object (verified by it).
    let healthy = findings.iter().all(|f| {
        f.outcome
            .as_ref()
            .is_some_and(|o| o.result == "applied" || o.result == "resolved")
    });
    if structured {
        let report = Report {
            api_version: REPORT_API_VERSION,
            kind: "RecoverReport",
            healthy,
            findings: &findings,
            warnings: &snap.warnings,
        };
        let mut out = std::io::BufWriter::new(stdout.lock());
        if g.output == OutputFormat::Json {
            render::write_json(&mut out, &report)?;
        } else {
            render::write_yaml(&mut out, &report)?;
        }
        out.flush()?;
    }
    if g.verbosity >= 6 {
        eprintln!("api: {} requests", kube.request_count());
    }
    Ok(if healthy {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn short_action(f: &Finding) -> &'static str {
    match &f.action {
        Some(Action::DeletePod { .. }) => "delete pod",
        Some(Action::ForceDeletePod { .. }) => "force delete pod",
        Some(Action::CreateClaim { .. }) => "create PVC",
        Some(Action::DeleteVolumeAttachment { .. }) => "delete VolumeAttachment",
        Some(Action::RemoveFinalizers { .. }) => "remove finalizers",
        None if f.refusal.as_deref().is_some_and(|r| r.contains("refused")) => "refused",
        None => "none (explained)",
    }
}

fn write_findings(
    out: &mut dyn Write,
    findings: &[Finding],
    scope: &Scope,
    style: &Style,
    acting: bool,
) -> std::io::Result<()> {
    if findings.is_empty() {
        writeln!(out, "No problems found: nothing needs recovery.")?;
        return Ok(());
    }
    let all = matches!(scope, Scope::All);
    let mut header = vec![];
    if all {
        header.push("NAMESPACE");
    }
    header.extend(["STATEFULSET", "OBJECT", "PROBLEM", "PROPOSED ACTION"]);
    let mut t = table(style, &header);
    for f in findings {
        let mut row = vec![];
        if all {
            row.push(style.cell(&f.namespace, None));
        }
        row.push(style.cell(&f.stateful_set, None));
        row.push(style.cell(&f.object, None));
        row.push(style.cell(f.problem.code(), Some(Color::Yellow)));
        let color = if f.action.is_some() {
            Color::Green
        } else {
            Color::Red
        };
        row.push(style.cell(short_action(f), Some(color)));
        t.add_row(row);
    }
    write_table(out, &t, "")?;
    for f in findings {
        writeln!(out)?;
        writeln!(out, "{} ({}): {}", f.object, f.namespace, f.summary)?;
        for e in &f.evidence {
            writeln!(out, "  evidence: {e}")?;
        }
        writeln!(out, "  risk:     {}", f.risk)?;
        match (&f.action, &f.refusal) {
            (Some(a), _) => writeln!(
                out,
                "  action:   {}{}",
                a.describe(),
                if acting { "" } else { " (run with --fix)" }
            )?,
            (None, Some(r)) if r.starts_with("no ") => writeln!(out, "  action:   {r}")?,
            (None, Some(r)) => writeln!(out, "  action:   none: {r}")?,
            (None, None) => writeln!(out, "  action:   none")?,
        }
        for a in &f.advice {
            writeln!(out, "  advice:   {a}")?;
        }
    }
    Ok(())
}
