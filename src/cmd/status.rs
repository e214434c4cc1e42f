//! `kubectl sts status [NAME] [-A]`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use k8s_openapi::jiff::Timestamp;

use crate::args::{GlobalArgs, OutputFormat};
use crate::cluster::status::{Scope, report};
use crate::render::{self, Style, status as view};

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// StatefulSet name; all StatefulSets of the namespace when omitted
    pub name: Option<String>,
}

pub async fn run(g: &GlobalArgs, args: &StatusArgs) -> Result<ExitCode> {
    let kube = crate::client::connect(g).await?;
    let ns = g
        .namespace
        .clone()
        .unwrap_or_else(|| kube.default_ns.clone());
    let scope = Scope::of(args.name.as_deref(), g.all_namespaces, &ns);
    let report = report(&kube, &scope).await?;

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match g.output {
        OutputFormat::Json => render::write_json(&mut out, &report)?,
        OutputFormat::Yaml => render::write_yaml(&mut out, &report)?,
        OutputFormat::Name => view::write_names(&mut out, &report)?,
        OutputFormat::Table | OutputFormat::Wide => {
            if report.stateful_sets.is_empty() {
                match &scope {
                    Scope::All => eprintln!("No StatefulSets found in any namespace."),
                    _ => eprintln!("No StatefulSets found in namespace {ns:?}."),
                }
            }
            let opts = view::Options {
                wide: g.output == OutputFormat::Wide,
                now: Timestamp::now(),
                style: Style::for_stdout(g.color),
            };
            view::write_table_report(&mut out, &report, &opts)?;
        }
    }
    out.flush()?;
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    if g.verbosity >= 6 {
        eprintln!("api: {} requests", kube.request_count());
    }
    Ok(ExitCode::SUCCESS)
}
