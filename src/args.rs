//! Flag types shared by every verb: kubectl's global flags, output format,
//! dry-run mode and confirmation. A leaf module: the cluster and operation
//! layers take these plain values, never the verb definitions.

use std::time::Duration;

use clap::builder::ValueHint;
use clap::{Args, ValueEnum};

use crate::duration::parse_duration;

/// Flags spelled as kubectl spells them, accepted before or after the verb.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Path to the kubeconfig file to use
    #[arg(long, global = true, value_name = "PATH")]
    pub kubeconfig: Option<String>,

    /// The name of the kubeconfig context to use
    #[arg(long, global = true, value_name = "NAME")]
    pub context: Option<String>,

    /// The name of the kubeconfig cluster to use
    #[arg(long, global = true, value_name = "NAME")]
    pub cluster: Option<String>,

    /// The name of the kubeconfig user to use
    #[arg(long, global = true, value_name = "NAME")]
    pub user: Option<String>,

    /// Namespace (default: the context's namespace)
    #[arg(short = 'n', long, global = true, value_name = "NAMESPACE")]
    pub namespace: Option<String>,

    /// Look in every namespace
    #[arg(short = 'A', long, global = true)]
    pub all_namespaces: bool,

    /// Username to impersonate for the operation
    #[arg(long = "as", global = true, value_name = "USER")]
    pub as_user: Option<String>,

    /// Group to impersonate for the operation; repeat for several groups
    #[arg(long = "as-group", global = true, value_name = "GROUP")]
    pub as_group: Vec<String>,

    /// How long to wait for one API request before giving up (e.g. 5s, 1m). 0 means no limit.
    /// Watches are bounded by the operation's --timeout instead. A request that passes it
    /// fails the command (exit 1), naming the API server
    #[arg(long, global = true, value_name = "DURATION", default_value = DEFAULT_REQUEST_TIMEOUT, value_parser = parse_request_timeout)]
    pub request_timeout: RequestTimeout,

    /// Do not verify the API server's certificate (insecure)
    #[arg(long, global = true)]
    pub insecure_skip_tls_verify: bool,

    /// The address and port of the Kubernetes API server; overrides the kubeconfig
    /// cluster's, and works without any kubeconfig
    #[arg(short = 's', long, global = true, value_name = "URL")]
    pub server: Option<String>,

    /// Path to a cert file for the certificate authority; overrides the kubeconfig
    /// cluster's CA and insecure-skip-tls-verify
    #[arg(long, global = true, value_name = "PATH", value_hint = ValueHint::FilePath)]
    pub certificate_authority: Option<String>,

    /// Name to check the server certificate against, instead of the server's host
    #[arg(long, global = true, value_name = "NAME")]
    pub tls_server_name: Option<String>,

    /// Bearer token for authentication to the API server; replaces the kubeconfig
    /// user's credentials. Printed commands show it as "$TOKEN", never its value
    #[arg(long, global = true, value_name = "TOKEN", value_parser = parse_token)]
    pub token: Option<String>,

    /// Path to a client certificate file for TLS; overrides the kubeconfig user's
    #[arg(long, global = true, value_name = "PATH", value_hint = ValueHint::FilePath)]
    pub client_certificate: Option<String>,

    /// Path to a client key file for TLS; overrides the kubeconfig user's
    #[arg(long, global = true, value_name = "PATH", value_hint = ValueHint::FilePath)]
    pub client_key: Option<String>,

    /// Do not ask the server for compressed responses (kubectl-sts never asks; accepted
    /// for kubectl compatibility and repeated in printed commands)
    #[arg(long, global = true)]
    pub disable_compression: bool,

    /// Output format
    #[arg(short = 'o', long, global = true, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,

    /// When to use colors: auto means on a terminal and NO_COLOR unset
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Log level; 6 or more prints every API request to stderr
    #[arg(
        short = 'v',
        long = "v",
        global = true,
        value_name = "LEVEL",
        default_value_t = 0
    )]
    pub verbosity: u8,
}

/// The per-request deadline when `--request-timeout` is not given: a hung
/// connection must not hang an operation past its `--timeout` (kubectl's
/// default is no limit, which suits one read, not a long operation).
pub const DEFAULT_REQUEST_TIMEOUT: &str = "30s";

impl GlobalArgs {
    /// The flags a printed command repeats to reach the same cluster as
    /// the same user, with the same output (`plan::command`).
    pub fn connection(&self) -> crate::plan::command::Connection {
        crate::plan::command::Connection {
            kubeconfig: self.kubeconfig.clone(),
            context: self.context.clone(),
            cluster: self.cluster.clone(),
            user: self.user.clone(),
            as_user: self.as_user.clone(),
            as_group: self.as_group.clone(),
            // The default is not repeated: a later version's default applies.
            // An explicit `0` (no limit) is repeated as `0s`.
            request_timeout: (Ok(self.request_timeout)
                != parse_request_timeout(DEFAULT_REQUEST_TIMEOUT))
            .then(|| self.request_timeout.0.unwrap_or_default()),
            insecure_skip_tls_verify: self.insecure_skip_tls_verify,
            server: self.server.clone(),
            certificate_authority: self.certificate_authority.clone(),
            tls_server_name: self.tls_server_name.clone(),
            token: self.token.is_some(),
            client_certificate: self.client_certificate.clone(),
            client_key: self.client_key.clone(),
            disable_compression: self.disable_compression,
            output: (self.output != OutputFormat::Table).then(|| {
                self.output
                    .to_possible_value()
                    .map(|v| v.get_name().to_string())
                    .unwrap_or_default()
            }),
        }
    }
}

/// `--token`: an empty value is a usage error rather than kubectl's "no
/// token". A printed command passes `--token "$TOKEN"`; run with TOKEN unset
/// it must stop, not silently act as the kubeconfig's user.
fn parse_token(s: &str) -> Result<String, String> {
    if s.trim().is_empty() {
        return Err(format!(
            "the token is empty; when it comes from a variable (printed commands use {}), \
             set that variable to the bearer token first",
            crate::plan::command::TOKEN_PLACEHOLDER
        ));
    }
    Ok(s.to_string())
}

/// `--request-timeout`: `None` means no limit, as kubectl's `0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestTimeout(pub Option<Duration>);

fn parse_request_timeout(s: &str) -> Result<RequestTimeout, String> {
    let d = parse_duration(s)?;
    Ok(RequestTimeout((!d.is_zero()).then_some(d)))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Human-readable tables
    Table,
    /// Tables with more columns
    Wide,
    /// The documented JSON report
    Json,
    /// The documented report as YAML
    Yaml,
    /// kind/name of each object, one per line
    Name,
}

/// Flags of every command that writes (safety rule 15).
#[derive(Debug, Clone, Args)]
pub struct WriteArgs {
    /// Only show what would be done: `client` sends nothing, `server` sends
    /// each write with dryRun=All so the API server validates it
    #[arg(long, value_enum, num_args = 0..=1, default_missing_value = "client", value_name = "MODE")]
    pub dry_run: Option<DryRun>,

    /// Answer yes to confirmation prompts; required when not on a terminal
    #[arg(short = 'y', long)]
    pub yes: bool,
}

/// `--force-owned`, on every command that writes a StatefulSet's spec.
#[derive(Debug, Clone, Args)]
pub struct OwnedArgs {
    /// Write the StatefulSet even when another object controls it (a
    /// controller ownerReference, e.g. an operator's custom resource), whose
    /// controller may put the change back; without a terminal it is required
    #[arg(long)]
    pub force_owned: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DryRun {
    Client,
    Server,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// `--check` and its timing, flattened into every verb that takes pods down
/// (restart, rollout canary, rollout NAME --partition, pvc resize
/// --restart-pods, recover --fix). The spec syntax is `plan::check`'s.
#[derive(Debug, Clone, Default, Args)]
pub struct CheckArgs {
    /// Application health check that must pass after each replaced pod is Ready and stable, and
    /// again right before the next pod goes down; repeatable. `exec:[CONTAINER:]COMMAND` (exit 0
    /// passes) or `http[s]://:PORT/PATH [status=CODE] [body=TEXT]` (2xx passes) through the API
    /// server. {pod} {ordinal} {namespace} {set} are expanded. Recorded, so a resumed run reuses
    /// them
    #[arg(long = "check", value_name = "SPEC", value_parser = parse_check)]
    pub check: Vec<String>,

    /// Which pods the checks run on: the pod just replaced, every pod, or every pod but the one
    /// going down or just replaced
    #[arg(long, value_enum, default_value_t = CheckOn::New, value_name = "WHICH")]
    pub check_on: CheckOn,

    /// Limit of one check attempt (exec or HTTP request)
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_check_timeout)]
    pub check_timeout: Duration,

    /// Attempts after a failing one, 1s apart doubling up to 10s, while the step's deadline
    /// allows; then the step fails (exit 1)
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub check_retries: u32,
}

/// `--snapshot`: VolumeSnapshots of the claims of the pods about to change
/// (every claim, for a resize), ready before the first write.
#[derive(Debug, Clone, Args, Default)]
pub struct SnapshotArgs {
    /// Before the first change, take a VolumeSnapshot of the claims of each pod about to change
    /// (every claim for a resize) and wait until all are ready; a failed snapshot stops the
    /// operation with nothing changed
    #[arg(long)]
    pub snapshot: bool,

    /// With --snapshot: the VolumeSnapshotClass (default: the default class of the claims' CSI
    /// driver)
    #[arg(long, value_name = "CLASS", requires = "snapshot")]
    pub snapshot_class: Option<String>,

    /// With --snapshot: how long to wait for the snapshots to be ready
    #[arg(long, value_name = "DURATION", default_value = "10m", value_parser = parse_duration)]
    pub snapshot_timeout: Duration,
}

/// A `--check` spec is checked when parsed: a bad one is a usage error
/// (exit 2) before anything is read.
fn parse_check(s: &str) -> Result<String, String> {
    crate::plan::check::parse(s).map(|_| s.to_string())
}

fn parse_check_timeout(s: &str) -> Result<Duration, String> {
    let d = parse_duration(s)?;
    if d.is_zero() {
        return Err("must be more than 0".into());
    }
    Ok(d)
}

/// `--check-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum CheckOn {
    #[default]
    New,
    All,
    Others,
}

impl CheckArgs {
    /// The parsed checks, `None` without `--check` (specs were checked by
    /// clap already; an error here names the spec).
    pub fn checks(&self) -> Result<Option<crate::plan::check::Checks>, crate::error::Failure> {
        use crate::plan::check::{Checks, Scope};
        if self.check.is_empty() {
            return Ok(None);
        }
        let on = match self.check_on {
            CheckOn::New => Scope::New,
            CheckOn::All => Scope::All,
            CheckOn::Others => Scope::Others,
        };
        Checks::parse(&self.check, on, self.check_timeout, self.check_retries)
            .map(Some)
            .map_err(crate::error::Failure::Config)
    }
}
