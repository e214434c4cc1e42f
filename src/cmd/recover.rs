//! `kubectl sts recover [NAME | -A] [--fix]`: diagnose stuck pods and
//! volumes; with `--fix`, apply the proposed actions one by one, each with
//! its own confirmation, re-reading the evidence just before acting.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use comfy_table::Color;
use k8s_openapi::jiff::Timestamp;
use serde::Serialize;

use crate::args::{DryRun, GlobalArgs, OutputFormat, WriteArgs};
use crate::cluster::Kube;
use crate::cluster::recover::{
    create_pvc, delete_pod, delete_volume_attachment, fetch, remove_finalizers,
};
use crate::cluster::status::Scope;
use crate::cluster::wait::{Next, WaitError, watch_set};
use crate::error::Failure;
use crate::plan::health::{Replacement, replacement};
use crate::plan::recover::{Action, Finding, Options, Outcome, diagnose, same_action};
use crate::plan::status::REPORT_API_VERSION;
use crate::render::{self, Style, prompt, table, write_table};

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

    /// How long to wait for the pod that replaces a deleted broken pod to be Ready at the
    /// update revision (e.g. 90s, 5m)
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = crate::duration::parse_duration)]
    pub timeout: std::time::Duration,

    #[command(flatten)]
    pub write: WriteArgs,
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
    let scope = match (&args.name, g.all_namespaces) {
        (Some(name), _) => Scope::One {
            ns: ns.clone(),
            name: name.clone(),
        },
        (None, true) => Scope::All,
        (None, false) => Scope::Namespace(ns.clone()),
    };
    let opts = Options {
        confirm_node_down: args.confirm_node_down.clone(),
        remove_finalizers: args.remove_finalizers,
    };
    let snap = fetch(&kube, &scope).await?;
    for w in &snap.warnings {
        eprintln!("warning: {w}");
    }
    let mut findings = diagnose(&snap, &opts, Timestamp::now());
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
        let total = findings.iter().filter(|f| f.action.is_some()).count();
        let mut n = 0;
        for f in findings.iter_mut() {
            if f.action.is_none() {
                continue;
            }
            n += 1;
            let mut done = None;
            let outcome = fix_one(&kube, f, &opts, args, (n, total), &mut done).await?;
            // Report the action as sent (fresh resourceVersion), not as planned.
            if let Some(a) = done {
                f.action = Some(a);
            }
            if !structured {
                println!("{}: {} ({})", f.object, outcome.result, outcome.message);
            }
            f.outcome = Some(outcome);
        }
        if total == 0 && !findings.is_empty() {
            eprintln!("Nothing can be fixed automatically; see the reasons above.");
        }
    }

    let healthy = findings
        .iter()
        .all(|f| f.outcome.as_ref().is_some_and(|o| o.result == "applied"));
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

fn outcome(result: &str, message: impl Into<String>) -> Outcome {
    Outcome {
        result: result.into(),
        message: message.into(),
    }
}

/// Confirm, re-read, re-decide, act. Refusals and failures of one action
/// are recorded and the next finding is handled; only unreachable API
/// servers and interruptions stop the run.
async fn fix_one(
    kube: &Kube,
    f: &Finding,
    opts: &Options,
    args: &RecoverArgs,
    (n, total): (usize, usize),
    sent: &mut Option<Action>,
) -> Result<Outcome> {
    let planned = f.action.clone().expect("only findings with an action");
    let what = planned.describe();
    eprintln!("[{n}/{total}] {}: {}", f.object, f.summary);
    let dry = args.write.dry_run;
    if dry.is_none() {
        let answer = if let Action::RemoveFinalizers { name, .. } = &planned {
            prompt::confirm_typed(&format!("{what}? {}.", f.risk), name, &what, args.write.yes)
        } else {
            prompt::confirm(&format!("{what}?"), &what, args.write.yes)
        };
        match answer {
            Ok(true) => {}
            Ok(false) => return Ok(outcome("declined", "not confirmed; nothing was changed")),
            Err(Failure::Refused(msg)) => return Ok(outcome("refused", msg)),
            Err(e) => return Err(e.into()),
        }
    }

    // Rules 5 and 6: re-read the evidence (consistent reads) and act only if
    // the same action is still proposed, with the fresh resourceVersion.
    let scope = Scope::One {
        ns: f.namespace.clone(),
        name: f.stateful_set.clone(),
    };
    let fresh = match fetch(kube, &scope).await {
        Ok(s) => s,
        Err(e @ Failure::Unreachable(_)) => return Err(e.into()),
        Err(e) => return Ok(outcome("skipped", format!("re-reading failed: {e}"))),
    };
    let now = diagnose(&fresh, opts, Timestamp::now());
    let Some(current) = now.iter().find(|x| x.id == f.id) else {
        return Ok(outcome(
            "skipped",
            "the evidence changed: the problem is gone on re-reading",
        ));
    };
    let action = match &current.action {
        Some(a) if same_action(a, &planned) => a.clone(),
        Some(a) => {
            return Ok(outcome(
                "skipped",
                format!(
                    "the evidence changed: now the action would be to {}; re-run to decide again",
                    a.describe()
                ),
            ));
        }
        None => {
            return Ok(outcome(
                "skipped",
                format!(
                    "the evidence changed: {}",
                    current
                        .refusal
                        .clone()
                        .unwrap_or_else(|| "no action is proposed any more".into())
                ),
            ));
        }
    };
    if dry == Some(DryRun::Client) {
        return Ok(outcome(
            "dry-run",
            format!("would {} (evidence re-checked)", action.describe()),
        ));
    }
    let server_dry = dry == Some(DryRun::Server);
    *sent = Some(action.clone());
    let ns = f.namespace.as_str();
    let res = match &action {
        Action::DeletePod {
            pod,
            uid,
            resource_version,
        } => delete_pod(kube, ns, pod, uid, resource_version, None, server_dry).await,
        Action::ForceDeletePod {
            pod,
            uid,
            resource_version,
            ..
        } => delete_pod(kube, ns, pod, uid, resource_version, Some(0), server_dry).await,
        Action::CreateClaim { manifest, .. } => create_pvc(kube, ns, manifest, server_dry).await,
        Action::DeleteVolumeAttachment {
            name,
            uid,
            resource_version,
            ..
        } => delete_volume_attachment(kube, name, uid, resource_version, server_dry).await,
        Action::RemoveFinalizers {
            kind,
            name,
            resource_version,
            remove,
            current,
            ..
        } => {
            remove_finalizers(
                kube,
                kind,
                ns,
                name,
                resource_version,
                current,
                remove,
                server_dry,
            )
            .await
        }
    };
    match res {
        Ok(()) if server_dry => Ok(outcome(
            "dry-run",
            format!(
                "the API server accepted: {} (dryRun=All)",
                action.describe()
            ),
        )),
        Ok(()) => match &action {
            Action::DeletePod { pod, uid, .. } => {
                wait_replacement(kube, ns, &f.stateful_set, pod, uid, args.timeout).await
            }
            _ => Ok(outcome("applied", done_message(&action))),
        },
        Err(e @ Failure::Unreachable(_)) => Err(e.into()),
        Err(Failure::Conflict(_)) => Ok(outcome(
            "skipped",
            "the object changed between the re-read and the write (precondition failed); \
             nothing was changed. Re-run to decide again",
        )),
        // A failed JSON patch `test` (resourceVersion or finalizers moved) is a 422.
        Err(Failure::Invalid(_)) if action.is_finalizer_removal() => Ok(outcome(
            "skipped",
            "the object changed between the re-read and the patch (its resourceVersion or \
             finalizers no longer match); nothing was changed. Re-run to decide again",
        )),
        Err(e) => Ok(outcome("failed", e.to_string())),
    }
}

/// Rule 2 for the #67250 fix: the deleted pod counts as fixed only when a
/// new pod (new UID) is Ready at the update revision. Watch-driven, bounded
/// by `--timeout`.
async fn wait_replacement(
    kube: &Kube,
    ns: &str,
    set: &str,
    pod: &str,
    old_uid: &str,
    limit: std::time::Duration,
) -> Result<Outcome> {
    eprintln!(
        "deleted {pod}; waiting for its replacement (up to {})",
        crate::duration::human(limit)
    );
    let since = Some(k8s_openapi::jiff::Timestamp::now());
    let res = watch_set(
        kube,
        ns,
        set,
        limit,
        |_| {},
        |s, pods, now| {
            let want = s.status.as_ref().and_then(|st| st.update_revision.clone());
            let p = pods
                .iter()
                .copied()
                .find(|p| p.metadata.name.as_deref() == Some(pod));
            match replacement(
                old_uid,
                p,
                want.as_deref(),
                std::time::Duration::ZERO,
                since,
                now,
            ) {
                Replacement::Done => Next::Done(Ok(want.unwrap_or_default())),
                Replacement::Failing(r) => Next::Done(Err(r)),
                other => Next::Wait {
                    status: other.describe(),
                    recheck: None,
                },
            }
        },
    )
    .await;
    match res {
        Ok(Ok(rev)) => Ok(outcome(
            "applied",
            format!("deleted {pod}; its replacement is Ready at revision {rev}"),
        )),
        Ok(Err(reason)) => Ok(outcome(
            "failed",
            format!(
                "deleted {pod}, but its replacement fails too ({reason}): the current template is \
                 broken as well; see kubectl sts status {set} -n {ns}"
            ),
        )),
        Err(WaitError::Deadline { last, .. }) => Ok(outcome(
            "failed",
            format!(
                "deleted {pod}; its replacement was not Ready within --timeout ({last}); see \
                 kubectl sts status {set} -n {ns}"
            ),
        )),
        Err(WaitError::Interrupted { last }) => Err(Failure::Interrupted(format!(
            "interrupted while waiting for the replacement of {pod} ({last}); the pod was \
             deleted and the controller recreates it. Check with: kubectl sts status {set} -n {ns}"
        ))
        .into()),
        Err(WaitError::SetDeleted { .. }) => Ok(outcome(
            "failed",
            format!("deleted {pod}, but statefulset {set} was deleted meanwhile"),
        )),
        Err(WaitError::Api(e)) => Err(e.into()),
    }
}

fn done_message(a: &Action) -> String {
    match a {
        Action::DeletePod { pod, .. } => format!(
            "deleted {pod}; the controller recreates it at the update revision (watch with: \
             kubectl sts status)"
        ),
        Action::ForceDeletePod {
            pod,
            node,
            releases,
            ..
        } => format!(
            "force deleted {pod} from node {node}{}; remove any out-of-service taint once the \
             node is repaired",
            if releases.is_empty() {
                String::new()
            } else {
                format!(", released {}", releases.join(", "))
            }
        ),
        Action::CreateClaim { claim, .. } => {
            format!("created {claim}; the pod starts once it is bound")
        }
        Action::DeleteVolumeAttachment { name, .. } => {
            format!("deleted VolumeAttachment {name}; the volume can now attach to the new node")
        }
        Action::RemoveFinalizers { kind, name, .. } => {
            format!("removed the finalizers from {kind} {name}")
        }
    }
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
