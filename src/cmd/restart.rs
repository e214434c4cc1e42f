//! `kubectl sts restart NAME`: flags -> [`Options`] -> the restart
//! operation (`crate::ops::restart`) -> the report, rendered.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;
use clap::Args;

use crate::args::{CheckArgs, GlobalArgs, OutputFormat, WriteArgs};
use crate::duration::parse_duration;
use crate::ops::lease::with_lease;
use crate::ops::restart::{Options, Report, restart_pods};
use crate::ops::template::{TemplateOptions, via_template};
use crate::plan::command::CommandLine;
use crate::plan::restart as rplan;
use crate::render::{self, Style};

#[derive(Debug, Args)]
pub struct RestartArgs {
    /// StatefulSet name
    pub name: String,

    /// Restart only this pod; repeat for several (default: every pod)
    #[arg(long = "pod", value_name = "POD")]
    pub pods: Vec<String>,

    /// Restart this pod (e.g. the primary or leader) last, never first
    #[arg(long, value_name = "POD")]
    pub last: Option<String>,

    /// Each new pod must stay Ready this long before the next pod (at least
    /// the StatefulSet's minReadySeconds)
    #[arg(long, value_name = "DURATION", default_value = "0s", value_parser = parse_duration)]
    pub min_ready: Duration,

    /// Stop after this long (exit 3), leaving a command that resumes
    #[arg(long, value_name = "DURATION", default_value = "30m", value_parser = parse_duration)]
    pub timeout: Duration,

    /// Delete pods (with preconditions) instead of evicting them:
    /// PodDisruptionBudgets do NOT apply
    #[arg(long)]
    pub disable_eviction: bool,

    /// Do what `kubectl rollout restart` does instead: set the restartedAt
    /// annotation of the pod template (new revision, rolled by the
    /// controller, ignoring PodDisruptionBudgets and capped by the partition)
    #[arg(long, conflicts_with_all = ["pods", "last", "disable_eviction", "min_ready"])]
    pub via_template: bool,

    /// With --via-template: change the pod template even when another
    /// object controls the set (a controller ownerReference, e.g. an
    /// operator), whose controller may put it back
    #[arg(long, requires = "via_template")]
    pub force_owned: bool,

    #[command(flatten)]
    pub write: WriteArgs,

    #[command(flatten)]
    pub checks: CheckArgs,

    #[command(flatten)]
    pub snapshot: crate::args::SnapshotArgs,
}

pub async fn run(g: &GlobalArgs, args: &RestartArgs) -> Result<ExitCode> {
    let kube = crate::client::connect(g).await?;
    let ns = g
        .namespace
        .clone()
        .unwrap_or_else(|| kube.default_ns.clone());
    let report = if args.via_template {
        let dry = args.write.dry_run.is_some();
        let o = TemplateOptions {
            dry_run: dry,
            server_dry_run: args.write.dry_run == Some(crate::args::DryRun::Server),
            yes: args.write.yes,
            force_owned: args.force_owned,
            status: crate::hint::command("status", &args.name, &ns).to_string(),
        };
        let op = via_template(&kube, &ns, &args.name, &o);
        with_lease(&kube, &ns, &args.name, "restart --via-template", dry, op).await?
    } else {
        let resume = resume_command(g, &ns, args);
        let opts = Options {
            min_ready: args.min_ready,
            timeout: args.timeout,
            last: args.last.clone(),
            disable_eviction: args.disable_eviction,
            dry_run: args.write.dry_run,
            yes: args.write.yes,
            resume,
            checks: args.checks.checks()?,
            snapshot: args.snapshot.clone(),
        };
        let only = (!args.pods.is_empty()).then(|| args.pods.clone());
        restart_pods(&kube, &ns, &args.name, only, &opts).await?
    };

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match g.output {
        OutputFormat::Json => render::write_json(&mut out, &report)?,
        OutputFormat::Yaml => render::write_yaml(&mut out, &report)?,
        OutputFormat::Name => {
            for p in &report.pods {
                writeln!(out, "pod/{}", p.name)?;
            }
        }
        OutputFormat::Table | OutputFormat::Wide => write_table(&mut out, &report, g)?,
    }
    out.flush()?;
    if g.verbosity >= 6 {
        eprintln!("api: {} requests", kube.request_count());
    }
    Ok(ExitCode::SUCCESS)
}

fn write_table(out: &mut dyn Write, r: &Report, g: &GlobalArgs) -> std::io::Result<()> {
    if r.method == "template" {
        return writeln!(
            out,
            "statefulset.apps/{} restarted through its pod template ({}={}){}",
            r.stateful_set,
            rplan::RESTARTED_AT_ANNOTATION,
            r.started_at.as_deref().unwrap_or(""),
            if r.dry_run { " (dry run)" } else { "" }
        );
    }
    let style = Style::for_stdout(g.color);
    let wide = g.output == OutputFormat::Wide;
    let mut header = vec!["POD", "RESULT", "OLD UID", "NEW UID", "REVISION", "TOOK"];
    if r.pods.iter().any(|p| p.server_dry_run.is_some()) {
        header.push("SERVER DRY RUN");
    }
    let mut t = render::table(&style, &header);
    let short = |u: &str| {
        if wide || u.len() <= 8 {
            u.to_string()
        } else {
            u[..8].to_string()
        }
    };
    for p in &r.pods {
        let mut row = vec![
            p.name.clone(),
            match &p.unhealthy {
                Some(u) => format!("{} (was {u})", p.result),
                None => p.result.to_string(),
            },
            p.old_uid
                .as_deref()
                .map(short)
                .unwrap_or_else(|| "-".into()),
            p.new_uid
                .as_deref()
                .map(short)
                .unwrap_or_else(|| "-".into()),
            p.revision.clone().unwrap_or_else(|| "-".into()),
            p.seconds
                .map(|s| format!("{s}s"))
                .unwrap_or_else(|| "-".into()),
        ];
        if let Some(s) = &p.server_dry_run {
            row.push(s.clone());
        }
        t.add_row(row);
    }
    render::write_table(out, &t, "")
}

/// The command that resumes a restart run with these flags: every flag
/// that changes what the run does, and `--yes` (the plan was confirmed).
fn resume_command(g: &GlobalArgs, ns: &str, a: &RestartArgs) -> String {
    let mut c = CommandLine::new("restart", &a.name, ns, &g.connection());
    for p in &a.pods {
        c = c.opt("--pod", p);
    }
    c.opt_some("--last", a.last.as_deref())
        .duration("--min-ready", a.min_ready)
        .duration("--timeout", a.timeout)
        .flag("--disable-eviction", a.disable_eviction)
        .flag("--yes", true)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    fn resume_for(args: &[&str]) -> String {
        let cli = Cli::try_parse_from(args).unwrap();
        let Command::Restart(a) = &cli.command else {
            panic!("not a restart")
        };
        resume_command(&cli.global, "shop", a)
    }

    #[test]
    fn resume_command_repeats_the_flags_that_matter_and_confirms() {
        assert_eq!(
            resume_for(&["kubectl-sts", "restart", "web"]),
            "kubectl sts restart web -n shop --min-ready 0s --timeout 1800s --yes"
        );
        assert_eq!(
            resume_for(&[
                "kubectl-sts",
                "--context",
                "prod",
                "restart",
                "web",
                "--pod",
                "web-1",
                "--last",
                "web-0",
                "--min-ready",
                "1m",
                "--timeout",
                "5m",
                "--disable-eviction",
            ]),
            "kubectl sts restart web -n shop --context prod --pod web-1 --last web-0 \
             --min-ready 60s --timeout 300s --disable-eviction --yes"
        );
    }

    /// Every flag that changes what a restart does survives the printed
    /// resume command: parsed back, it gives the same options.
    #[test]
    fn resume_command_parses_back_to_the_same_settings() {
        let runs: &[&[&str]] = &[
            &["kubectl-sts", "restart", "web"],
            &[
                "kubectl-sts",
                "--kubeconfig",
                "/tmp/my kube/config",
                "--context",
                "prod",
                "--as",
                "jane",
                "--as-group",
                "ops",
                "--request-timeout",
                "10s",
                "-o",
                "json",
                "restart",
                "web",
                "--pod",
                "web-1",
                "--pod",
                "web-2",
                "--last",
                "web-2",
                "--min-ready",
                "1500ms",
                "--timeout",
                "7m",
                "--disable-eviction",
            ],
            &[
                "kubectl-sts",
                "-s",
                "https://10.0.0.1:6443",
                "--token",
                "s3cr3t-token",
                "--certificate-authority",
                "/etc/k8s/ca.crt",
                "--tls-server-name",
                "kubernetes.default",
                "--client-certificate",
                "/etc/k8s/me.crt",
                "--client-key",
                "/etc/k8s/me.key",
                "--disable-compression",
                "--insecure-skip-tls-verify",
                "restart",
                "web",
            ],
        ];
        for run in runs {
            let first = Cli::try_parse_from(*run).unwrap();
            let Command::Restart(a) = &first.command else {
                panic!("not a restart")
            };
            let printed = resume_command(&first.global, "shop", a);
            assert!(
                !printed.contains("s3cr3t"),
                "a token in plain text: {printed}"
            );
            let mut words = shell_words::split(&printed).unwrap();
            assert_eq!(&words[..2], ["kubectl", "sts"]);
            words[1] = "kubectl-sts".into();
            let again = Cli::try_parse_from(&words[1..]).unwrap();
            let Command::Restart(b) = &again.command else {
                panic!("not a restart: {printed}")
            };
            assert_eq!(
                again.global.connection(),
                first.global.connection(),
                "{printed}"
            );
            assert_eq!(again.global.namespace.as_deref(), Some("shop"));
            assert_eq!(
                (&b.name, &b.pods, &b.last, b.min_ready, b.timeout),
                (&a.name, &a.pods, &a.last, a.min_ready, a.timeout),
                "{printed}"
            );
            assert_eq!(b.disable_eviction, a.disable_eviction, "{printed}");
            assert!(b.write.yes, "the plan was confirmed: {printed}");
        }
    }
}
