//! `kubectl sts pvc list|orphans|resize`: PVC bindings per ordinal, orphaned
//! PVCs (find and delete), and resizing with the claim templates recreated.
//! Flags become an operation's options; the operations are
//! `ops::orphans` and `ops::resize`, the decisions `plan::orphans` and
//! `plan::resize`. This file validates flags and renders the reports.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;
use clap::{Args, Subcommand};
use k8s_openapi::jiff::Timestamp;

mod list;
mod orphans_cmd;
mod resize_cmd;
mod restore_cmd;
mod snapshot_cmd;

use crate::args::{GlobalArgs, WriteArgs};
use crate::duration::{human, parse_duration};

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
    /// Take a VolumeSnapshot of each claim of a StatefulSet (or of some ordinals)
    #[command(after_help = EXAMPLES_SNAPSHOT)]
    Snapshot(PvcSnapshotArgs),
    /// The VolumeSnapshots of a StatefulSet's claims, per ordinal and template
    #[command(after_help = EXAMPLES_SNAPSHOTS)]
    Snapshots(PvcSnapshotsArgs),
    /// Restore one ordinal's claim from a VolumeSnapshot while the other pods keep serving
    #[command(after_help = EXAMPLES_RESTORE)]
    Restore(RestoreArgs),
}

#[derive(Debug, Args)]
pub struct PvcSnapshotArgs {
    /// StatefulSet name
    pub name: String,

    /// Only the claims of this claim template (default: every template)
    #[arg(long, value_name = "TEMPLATE")]
    pub template: Option<String>,

    /// Only this ordinal (repeatable; default: every live ordinal)
    #[arg(long = "ordinal", value_name = "N")]
    pub ordinals: Vec<i32>,

    /// VolumeSnapshotClass (default: the default class of the claims' CSI driver)
    #[arg(long, value_name = "CLASS")]
    pub class: Option<String>,

    /// Wait until every snapshot is ready to use, and report failures per claim
    #[arg(long)]
    pub wait: bool,

    /// With --wait: how long to wait
    #[arg(long, value_name = "DURATION", default_value = "10m", value_parser = parse_duration)]
    pub timeout: Duration,

    /// Only show what would be created: `client` sends nothing, `server` sends each create
    /// with dryRun=All
    #[arg(long, value_enum, num_args = 0..=1, default_missing_value = "client", value_name = "MODE")]
    pub dry_run: Option<crate::args::DryRun>,
}

#[derive(Debug, Args)]
pub struct PvcSnapshotsArgs {
    /// StatefulSet name
    pub name: String,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// StatefulSet name
    pub name: String,

    /// The ordinal whose claim is restored
    #[arg(long, value_name = "N")]
    pub ordinal: i32,

    /// The VolumeSnapshot to restore from (in the set's namespace)
    #[arg(long = "from", value_name = "SNAPSHOT")]
    pub from: String,

    /// The claim template (required when the set has several)
    #[arg(long, value_name = "TEMPLATE")]
    pub template: Option<String>,

    /// Delete the replaced claim's volume instead of keeping it under a new claim name
    /// (asks to type the claim's name)
    #[arg(long)]
    pub discard_old: bool,

    /// Restore again a claim already restored from this snapshot (what was written since is
    /// replaced; without it such a run changes nothing)
    #[arg(long)]
    pub again: bool,

    /// How long to wait for each step (the pod to go, the claims to bind, the pod to be Ready)
    #[arg(long, value_name = "DURATION", default_value = "10m", value_parser = parse_duration)]
    pub timeout: Duration,

    #[command(flatten)]
    pub write: WriteArgs,
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
    /// (claims that a live StatefulSet may own after a rename are left
    /// alone unless named with --claim)
    #[arg(long)]
    pub delete: bool,

    /// With --delete: delete only this orphaned PVC (repeatable); the way
    /// to delete a claim listed as a possible rename
    #[arg(long = "claim", value_name = "PVC")]
    pub claims: Vec<String>,

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

    /// With --restart-pods: checks around each restarted pod (as `restart --check`)
    #[command(flatten)]
    pub checks: crate::args::CheckArgs,

    #[command(flatten)]
    pub snapshot: crate::args::SnapshotArgs,
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

  # One claim listed as a possible rename, deleted on purpose
  kubectl sts pvc orphans -n shop --delete --claim data-web-0

  # Let the API server validate the deletions without doing them
  kubectl sts pvc orphans -n shop --delete --dry-run=server

Exit codes: 0 done (skipped PVCs are listed with their reason), 1 failed or refused.";

const EXAMPLES_SNAPSHOT: &str = "\
Examples:
  # Snapshot every claim of web and wait until all are ready to use
  kubectl sts pvc snapshot web -n shop --wait

  # Only ordinal 1's claim of template data, with a given class
  kubectl sts pvc snapshot db --ordinal 1 --template data --class csi-snap --wait

Snapshots are named <claim>-<YYYYMMDD>-<HHMMSS> (UTC) and labelled
kubectl-sts.io/set, kubectl-sts.io/ordinal and kubectl-sts.io/template.
Refused, with nothing created, when the VolumeSnapshot API is not installed,
a claim is not Bound, or no VolumeSnapshotClass fits the claims' CSI driver.
Exit codes: 0 done, 1 failed or refused (a failed snapshot is named with its
error), 3 timed out waiting, 130 interrupted.";

const EXAMPLES_SNAPSHOTS: &str = "\
Examples:
  # The snapshots of web, per ordinal and template
  kubectl sts pvc snapshots web -n shop

  # With the source claim and why each was taken
  kubectl sts pvc snapshots web -o wide";

const EXAMPLES_RESTORE: &str = "\
Examples:
  # Show the plan of restoring ordinal 1 of db from a snapshot
  kubectl sts pvc restore db --ordinal 1 --from data-db-1-20261130-101500 --dry-run

  # Restore it; the replaced volume is kept under data-db-1-before-restore-<time>
  kubectl sts pvc restore db --ordinal 1 --from data-db-1-20261130-101500

While it runs, the StatefulSet is deleted with propagationPolicy=Orphan (the
other pods keep running) so that nothing recreates the pod with an empty
claim; the manifest is saved under $XDG_STATE_HOME/kubectl-sts/restore/ and
the set is recreated once the restored claim is Bound. If the command stops,
run it again: it resumes from its record.
Exit codes: 0 done, 1 failed or refused, 3 timed out, 130 interrupted.";

const EXAMPLES_RESIZE: &str = "\
Examples:
  # Grow every claim of web to 20Gi, then recreate web with 20Gi templates
  kubectl sts pvc resize web --size 20Gi -n shop

  # Only the claims of template wal, without prompting
  kubectl sts pvc resize db --template wal --size 50Gi --yes

  # Show the plan only
  kubectl sts pvc resize web --size 20Gi --dry-run

  # Finish file system resizes that wait for their pods to restart
  kubectl sts pvc resize db --size 50Gi --restart-pods --yes

  # A failed expansion (the storage refused 500Gi): lower the request,
  # strictly above the current capacity (Kubernetes 1.32+)
  kubectl sts pvc resize db --size 300Gi --yes

The StatefulSet manifest is saved under
$XDG_STATE_HOME/kubectl-sts/resize/<API server>/ before it is deleted
(propagationPolicy=Orphan, pods keep running) and each claim is annotated
kubectl-sts.io/resize-pending until the new set has adopted the pods; if the
command stops before that, run the command it prints to finish.
Exit codes: 0 done, 1 failed or refused (also: file systems still wait for a
pod restart), 3 timed out, 130 interrupted.";

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
        PvcCommand::Orphans(a) if !a.delete && !a.claims.is_empty() => {
            Err("--claim only applies with --delete".into())
        }
        PvcCommand::Orphans(a) if g.all_namespaces && !a.claims.is_empty() => {
            Err("--claim cannot be combined with -A/--all-namespaces; use -n NAMESPACE".into())
        }
        PvcCommand::Snapshot(a) if !a.wait && a.timeout != Duration::from_secs(600) => {
            Err("--timeout only applies with --wait".into())
        }
        PvcCommand::Restore(a) if a.ordinal < 0 => Err("--ordinal must be 0 or more".into()),
        PvcCommand::List(_)
        | PvcCommand::Resize(_)
        | PvcCommand::Snapshot(_)
        | PvcCommand::Snapshots(_)
        | PvcCommand::Restore(_)
            if g.all_namespaces =>
        {
            Err(
                "-A/--all-namespaces is not supported here: name one StatefulSet with -n NAMESPACE"
                    .into(),
            )
        }
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
        PvcCommand::List(a) => list::list(g, &kube, &ns, a).await,
        PvcCommand::Orphans(a) => orphans_cmd::orphans_cmd(g, &kube, &ns, a).await,
        PvcCommand::Resize(a) => resize_cmd::resize_cmd(g, &kube, &ns, a).await,
        PvcCommand::Snapshot(a) => snapshot_cmd::snapshot_cmd(g, &kube, &ns, a).await,
        PvcCommand::Snapshots(a) => snapshot_cmd::snapshots_cmd(g, &kube, &ns, a).await,
        PvcCommand::Restore(a) => restore_cmd::restore_cmd(g, &kube, &ns, a).await,
    };
    if g.verbosity >= 6 {
        eprintln!("api: {} requests", kube.request_count());
    }
    code
}

/// How long ago `created` (RFC 3339) was, as `kubectl get` shows an age;
/// `-` when missing or unreadable.
fn age(created: Option<&str>, now: Timestamp) -> String {
    created
        .and_then(|c| c.parse::<Timestamp>().ok())
        .map(|c| {
            human(Duration::from_secs(
                now.duration_since(c).as_secs().max(0) as u64
            ))
        })
        .unwrap_or_else(|| "-".into())
}

/// `-` for a missing or empty cell.
fn dash(s: Option<&str>) -> String {
    s.filter(|s| !s.is_empty()).unwrap_or("-").to_string()
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
    fn printed_commands_repeat_every_flag_that_changes_the_run() {
        let cli = Cli::try_parse_from([
            "kubectl-sts",
            "--kubeconfig",
            "/home/me/prod config",
            "--context",
            "prod",
            "--cluster",
            "c1",
            "--user",
            "ops",
            "--as",
            "alice",
            "--as-group",
            "sre",
            "--request-timeout",
            "30s",
            "pvc",
            "resize",
            "db",
            "--size",
            "20Gi",
            "--template",
            "wal",
            "--timeout",
            "10m",
            "--yes",
        ])
        .unwrap();
        let Command::Pvc(PvcArgs {
            command: PvcCommand::Resize(a),
        }) = &cli.command
        else {
            panic!()
        };
        let opts = crate::ops::resize::Options {
            size: a.size.clone(),
            template: a.template.clone(),
            restart_pods: a.restart_pods,
            timeout: a.timeout,
            dry_run: a.write.dry_run,
            yes: a.write.yes,
            connection: resize_cmd::connection_flags(&cli.global),
            checks: None,
            snapshot: Default::default(),
        };
        assert_eq!(
            opts.resume_command("shop", "db"),
            "kubectl sts pvc resize db -n shop --size 20Gi --template wal --timeout 600s \
             --kubeconfig '/home/me/prod config' --context prod --cluster c1 --user ops --as \
             alice --as-group sre --yes"
        );
        assert!(
            opts.finish_command("shop", "db")
                .contains("--template wal --restart-pods --timeout 600s"),
            "{}",
            opts.finish_command("shop", "db")
        );
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
