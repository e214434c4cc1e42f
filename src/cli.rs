//! The command line: kubectl's global flags plus one enum of verbs.
//!
//! Parsing only; `Validate`-style checks that need no cluster live here too,
//! so bad flags exit 2 before any request is made.

use clap::{Parser, Subcommand};

use crate::args::GlobalArgs;
use crate::cmd::status::StatusArgs;

#[derive(Debug, Parser)]
#[command(
    name = "kubectl-sts",
    bin_name = "kubectl sts",
    version,
    about = "Day-2 operations on Kubernetes StatefulSets",
    long_about = "Day-2 operations on Kubernetes StatefulSets: status per ordinal with pods, PVCs \
                  and PVs, guided canary rollouts, safe restarts, PVC clean-up and resizing, and \
                  stuck-pod recovery.",
    after_help = EXAMPLES_TOP,
    propagate_version = true,
    subcommand_required = true,
    arg_required_else_help = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES_TOP: &str = "\
Examples:
  # Every StatefulSet in every namespace, with pods, PVCs and PVs per ordinal
  kubectl sts status -A

  # One StatefulSet as JSON
  kubectl sts status web -n shop -o json";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show StatefulSets with their pods, PVCs and PVs per ordinal, and what looks wrong
    #[command(after_help = EXAMPLES_STATUS)]
    Status(StatusArgs),

    /// Check StatefulSets with their Service, PodDisruptionBudgets, claims, volumes and pods for known mistakes
    #[command(after_help = EXAMPLES_DOCTOR)]
    Doctor(crate::cmd::doctor::DoctorArgs),

    /// Guided canary rollouts by stepping the partition down; status, pause/resume, history, undo
    #[command(after_help = EXAMPLES_ROLLOUT)]
    Rollout(crate::cmd::rollout::RolloutArgs),

    /// Safe rolling restarts, one pod at a time, respecting PodDisruptionBudgets
    #[command(after_help = EXAMPLES_RESTART)]
    Restart(crate::cmd::restart::RestartArgs),

    /// PVC bindings per ordinal, orphaned PVCs (find and delete) and resizing
    #[command(after_help = EXAMPLES_PVC)]
    Pvc(crate::cmd::pvc::PvcArgs),

    /// Find stuck pods and volumes, explain them, and fix them one by one with confirmation
    #[command(after_help = EXAMPLES_RECOVER)]
    Recover(crate::cmd::recover::RecoverArgs),

    /// Shell completion scripts, and the hook that makes `kubectl sts <TAB>` work
    #[command(after_help = crate::cmd::completion::EXAMPLES)]
    Completion(crate::cmd::completion::CompletionArgs),

    /// Print the plugin, kube-rs and API server versions
    #[command(after_help = crate::cmd::version::EXAMPLES)]
    Version(crate::cmd::version::VersionArgs),
}

const EXAMPLES_STATUS: &str = "\
Examples:
  # All StatefulSets of the current namespace
  kubectl sts status

  # One StatefulSet, with more columns
  kubectl sts status web -o wide

  # Every namespace, as the documented JSON report
  kubectl sts status -A -o json

  # Just the names
  kubectl sts status -A -o name";

const EXAMPLES_DOCTOR: &str = "\
Exit codes: 0 nothing at or above --fail-on (default error) was found; 1 something was,
or a read failed; 2 usage error. Silence a check a set knowingly accepts with the
annotation kubectl-sts.io/doctor-silence: \"CHECK-ID,CHECK-ID\" on the StatefulSet.

Examples:
  # Every StatefulSet in every namespace
  kubectl sts doctor -A

  # One StatefulSet, with the evidence and why each finding matters
  kubectl sts doctor web -n shop -o wide

  # Gate a pipeline on warnings too, with the documented JSON report
  kubectl sts doctor -A --fail-on warning -o json

  # Every check ID, its severity and what it finds
  kubectl sts doctor --list-checks";

const EXAMPLES_ROLLOUT: &str = "\
Examples:
  # Update ordinals >= 2 and wait until they are Ready and stable
  kubectl sts rollout web --partition 2

  # Guided canary, one pod a step, asking between steps
  kubectl sts rollout canary web --step 1

  # Is the rollout really done? (exit 0 done, 1 failed, 3 timed out, 130 interrupted)
  kubectl sts rollout status web --timeout 5m

  # Freeze, apply a template, then roll it out or resume
  kubectl sts rollout pause web

  # Revisions, and back to the previous one
  kubectl sts rollout history web
  kubectl sts rollout undo web";

const EXAMPLES_RESTART: &str = "\
Examples:
  # Show the plan (order, PodDisruptionBudgets) without changing anything
  kubectl sts restart web -n shop --dry-run

  # Restart every pod, the primary web-0 last; each new pod stable for 30s
  kubectl sts restart web -n shop --last web-0 --min-ready 30s --yes

  # Restart two pods only
  kubectl sts restart web -n shop --pod web-1 --pod web-2 --yes

  # What `kubectl rollout restart` does (new revision, ignores PDBs)
  kubectl sts restart web -n shop --via-template --yes

Exit codes: 0 done; 1 failed or refused (unhealthy set, failing new pod, no
--yes without a terminal); 2 usage error; 3 timed out (--timeout); 130
interrupted. After 3 or 130, re-running the printed command resumes: pods
already restarted are recorded in the annotation kubectl-sts.io/restart.";

const EXAMPLES_PVC: &str = "\
Examples:
  # The claims of StatefulSet web per ordinal, with PVs and resize state
  kubectl sts pvc list web

  # PVCs left behind by scale-downs and deleted StatefulSets, everywhere
  kubectl sts pvc orphans -A

  # Grow every claim of web to 20Gi and update its claim templates
  kubectl sts pvc resize web --size 20Gi";

const EXAMPLES_RECOVER: &str = "\
Exit codes: 0 nothing needs attention (with --fix: every finding was fixed and the fix
verified by re-reading), 1 something needs attention, an action was refused, or a fix was
only requested (e.g. a deletion held by a finalizer), 2 usage error, 130 interrupted.

Examples:
  # Diagnose every StatefulSet in every namespace (exit 1 when something needs attention)
  kubectl sts recover -A

  # Apply the proposed fixes for one StatefulSet, confirming each
  kubectl sts recover web -n shop --fix

  # Force delete pods stuck on node worker-3, which you know is powered off
  kubectl sts recover web -n shop --fix --confirm-node-down worker-3

  # See what --fix would do, with the API server validating each write
  kubectl sts recover web -n shop --fix --dry-run=server -o yaml";

impl Cli {
    /// Runs the chosen verb; the exit code is the verb's.
    pub async fn run(self) -> anyhow::Result<std::process::ExitCode> {
        use crate::cmd::{completion, doctor, pvc, recover, restart, rollout, status, version};
        use clap::CommandFactory;
        let g = &self.global;
        crate::hint::set_connection(g.connection());
        if self.dry_run() {
            crate::cluster::guard::forbid_writes();
        }
        match &self.command {
            Command::Status(a) => status::run(g, a).await,
            Command::Doctor(a) => doctor::run(g, a).await,
            Command::Rollout(a) => rollout::run(g, a).await,
            Command::Restart(a) => restart::run(g, a).await,
            Command::Pvc(a) => pvc::run(g, a).await,
            Command::Recover(a) => recover::run(g, a).await,
            Command::Completion(a) => completion::run(Cli::command(), a).await,
            Command::Version(a) => version::run(g, a).await,
        }
    }

    /// `--dry-run` (client or server) was given to a verb that writes.
    fn dry_run(&self) -> bool {
        use crate::cmd::pvc::PvcCommand;
        use crate::cmd::rollout::Sub;
        let w = match &self.command {
            Command::Rollout(a) => match &a.command {
                None => Some(&a.write),
                Some(Sub::Canary(c)) => Some(&c.write),
                Some(Sub::Undo(u)) => Some(&u.write),
                Some(Sub::Pause { write, .. } | Sub::Resume { write, .. }) => Some(write),
                Some(Sub::Status { .. } | Sub::History { .. }) => None,
            },
            Command::Restart(a) => Some(&a.write),
            Command::Pvc(a) => match &a.command {
                PvcCommand::Orphans(o) => Some(&o.write),
                PvcCommand::Resize(r) => Some(&r.write),
                PvcCommand::Restore(r) => Some(&r.write),
                PvcCommand::Snapshot(s) => return s.dry_run.is_some(),
                PvcCommand::List(_) | PvcCommand::Snapshots(_) => None,
            },
            Command::Recover(a) => Some(&a.write),
            Command::Status(_)
            | Command::Doctor(_)
            | Command::Completion(_)
            | Command::Version(_) => None,
        };
        w.is_some_and(|w| w.dry_run.is_some())
    }

    /// Checks that flags make sense together; runs before any request.
    pub fn validate(&self) -> Result<(), String> {
        match &self.command {
            Command::Status(a) if a.name.is_some() && self.global.all_namespaces => Err(
                "a StatefulSet name cannot be combined with -A/--all-namespaces; use -n NAMESPACE"
                    .into(),
            ),
            Command::Status(_) if self.global.all_namespaces && self.global.namespace.is_some() => {
                Err("-n/--namespace and -A/--all-namespaces cannot be used together".into())
            }
            Command::Doctor(a) if a.name.is_some() && self.global.all_namespaces => Err(
                "a StatefulSet name cannot be combined with -A/--all-namespaces; use -n NAMESPACE"
                    .into(),
            ),
            Command::Doctor(_) if self.global.all_namespaces && self.global.namespace.is_some() => {
                Err("-n/--namespace and -A/--all-namespaces cannot be used together".into())
            }
            Command::Restart(_) if self.global.all_namespaces => Err(
                "restart works on one StatefulSet: use -n NAMESPACE instead of -A/--all-namespaces"
                    .into(),
            ),
            Command::Recover(a) => a.validate(&self.global),
            Command::Pvc(a) => crate::cmd::pvc::validate(a, &self.global),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::{OutputFormat, RequestTimeout};
    use clap::CommandFactory;
    use std::time::Duration;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    /// Every verb that writes switches the dry-run guard on with
    /// `--dry-run` in either mode; the others never do.
    #[test]
    fn dry_run_of_every_writing_verb_is_seen() {
        let writing: &[&[&str]] = &[
            &["rollout", "web", "--partition", "1"],
            &["rollout", "canary", "web"],
            &["rollout", "pause", "web"],
            &["rollout", "resume", "web"],
            &["rollout", "undo", "web"],
            &["restart", "web"],
            &["restart", "web", "--via-template"],
            &["pvc", "orphans", "--delete"],
            &["pvc", "resize", "web", "--size", "2Gi"],
            &["recover", "web", "--fix"],
        ];
        for args in writing {
            for (mode, want) in [(None, false), (Some("--dry-run"), true)]
                .into_iter()
                .chain([(Some("--dry-run=server"), true)])
            {
                let mut v = vec!["kubectl-sts"];
                v.extend_from_slice(args);
                v.extend(mode);
                let cli = Cli::try_parse_from(&v).unwrap();
                assert_eq!(cli.dry_run(), want, "{v:?}");
            }
        }
        for args in [
            &["status", "web"][..],
            &["rollout", "status", "web"],
            &["pvc", "list", "web"],
        ] {
            let mut v = vec!["kubectl-sts"];
            v.extend_from_slice(args);
            assert!(!Cli::try_parse_from(&v).unwrap().dry_run(), "{v:?}");
        }
    }

    #[test]
    fn global_flags_parse_after_the_verb() {
        let cli = Cli::try_parse_from([
            "kubectl-sts",
            "status",
            "web",
            "-n",
            "shop",
            "--request-timeout",
            "5s",
            "-o",
            "json",
            "--as",
            "jane",
            "--as-group",
            "a",
            "--as-group",
            "b",
        ])
        .unwrap();
        assert_eq!(cli.global.namespace.as_deref(), Some("shop"));
        assert_eq!(
            cli.global.request_timeout,
            RequestTimeout(Some(Duration::from_secs(5)))
        );
        assert_eq!(cli.global.output, OutputFormat::Json);
        assert_eq!(cli.global.as_group, vec!["a", "b"]);
        assert!(
            matches!(cli.command, Command::Status(StatusArgs { name: Some(ref n) }) if n == "web")
        );
    }

    #[test]
    fn connection_flags_parse_as_kubectl_spells_them() {
        let cli = Cli::try_parse_from([
            "kubectl-sts",
            "status",
            "-s",
            "https://h:6443",
            "--token=abc",
            "--certificate-authority",
            "ca.crt",
            "--client-certificate",
            "me.crt",
            "--client-key",
            "me.key",
            "--tls-server-name",
            "kubernetes",
            "--disable-compression",
        ])
        .unwrap();
        let g = &cli.global;
        assert_eq!(g.server.as_deref(), Some("https://h:6443"));
        assert_eq!(g.token.as_deref(), Some("abc"));
        let conn = g.connection();
        assert!(conn.token && conn.disable_compression);
        assert_eq!(conn.certificate_authority.as_deref(), Some("ca.crt"));
        assert_eq!(conn.client_key.as_deref(), Some("me.key"));
        assert!(!conn.flags().contains("abc"), "{}", conn.flags());
    }

    #[test]
    fn an_empty_token_is_a_usage_error_not_a_silent_fallback() {
        let e = Cli::try_parse_from(["kubectl-sts", "status", "--token", ""]).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("\"$TOKEN\""), "{e}");
    }

    #[test]
    fn request_timeout_zero_means_no_limit() {
        let cli = Cli::try_parse_from(["kubectl-sts", "status", "--request-timeout", "0"]).unwrap();
        assert_eq!(cli.global.request_timeout, RequestTimeout(None));
    }

    #[test]
    fn printed_commands_repeat_a_request_timeout_unless_it_is_the_default() {
        let conn = |extra: &[&str]| {
            let mut args = vec!["kubectl-sts", "restart", "web"];
            args.extend_from_slice(extra);
            Cli::try_parse_from(args).unwrap().global.connection()
        };
        assert_eq!(conn(&[]).request_timeout, None);
        assert_eq!(
            conn(&["--request-timeout", "0"]).request_timeout,
            Some(Duration::ZERO)
        );
        assert_eq!(
            conn(&["--request-timeout", "5s"]).request_timeout,
            Some(Duration::from_secs(5))
        );
    }

    #[test]
    fn every_request_has_a_deadline_unless_the_user_lifts_it() {
        let cli = Cli::try_parse_from(["kubectl-sts", "restart", "web"]).unwrap();
        assert_eq!(
            cli.global.request_timeout,
            RequestTimeout(Some(Duration::from_secs(30)))
        );
    }

    #[test]
    fn name_with_all_namespaces_is_refused() {
        let cli = Cli::try_parse_from(["kubectl-sts", "status", "web", "-A"]).unwrap();
        assert!(cli.validate().unwrap_err().contains("-A"));
    }
}
