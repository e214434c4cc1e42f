//! `kubectl sts doctor [NAME | -A]`: reads (`cluster::doctor`), checks
//! (`plan::doctor`), renders (`render::doctor`), and exits 1 when a finding
//! reaches `--fail-on`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, ValueEnum};

use crate::args::{GlobalArgs, OutputFormat};
use crate::cluster::status::Scope;
use crate::plan::doctor::{self, Severity};
use crate::render::{self, Style, doctor as view};

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// StatefulSet name; all StatefulSets of the namespace when omitted
    pub name: Option<String>,

    /// Exit 1 when a finding at or above this severity was found (silenced
    /// findings never count)
    #[arg(long, value_enum, default_value_t = FailOn::Error, value_name = "SEVERITY")]
    pub fail_on: FailOn,

    /// Print every check (ID, severity, what it finds) and exit
    #[arg(long, conflicts_with = "name")]
    pub list_checks: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Exit 1 on an error
    Error,
    /// Exit 1 on a warning or an error
    Warning,
    /// Exit 1 on any finding
    Info,
    /// Always exit 0 once the report is printed
    Never,
}

impl FailOn {
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

pub async fn run(g: &GlobalArgs, args: &DoctorArgs) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.list_checks {
        view::write_checks(&mut out, &doctor::checks())?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let kube = crate::client::connect(g).await?;
    let ns = g
        .namespace
        .clone()
        .unwrap_or_else(|| kube.default_ns.clone());
    let scope = Scope::of(args.name.as_deref(), g.all_namespaces, &ns);
    let report = crate::cluster::doctor::report(&kube, &scope).await?;
    let threshold = args.fail_on.threshold();

    match g.output {
        OutputFormat::Json => render::write_json(&mut out, &report)?,
        OutputFormat::Yaml => render::write_yaml(&mut out, &report)?,
        OutputFormat::Name => view::write_names(&mut out, &report, threshold)?,
        OutputFormat::Table | OutputFormat::Wide => {
            if report.stateful_sets.is_empty() {
                match &scope {
                    Scope::All => eprintln!("No StatefulSets found in any namespace."),
                    _ => eprintln!("No StatefulSets found in namespace {ns:?}."),
                }
            }
            let opts = view::Options {
                wide: g.output == OutputFormat::Wide,
                style: Style::for_stdout(g.color),
            };
            view::write_report(&mut out, &report, &opts)?;
        }
    }
    out.flush()?;
    if g.verbosity >= 6 {
        eprintln!("api: {} requests", kube.request_count());
    }
    Ok(if doctor::fails(&report, threshold) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
