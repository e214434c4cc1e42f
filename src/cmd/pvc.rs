//! `kubectl sts pvc`: PVC bindings, orphaned PVCs and resizing (not implemented yet).

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use crate::cli::GlobalArgs;

/// Arguments are accepted so that `--help` works; running refuses.
#[derive(Debug, Args)]
pub struct PvcArgs {
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

pub async fn run(_g: &GlobalArgs, _args: &PvcArgs) -> Result<ExitCode> {
    super::not_implemented("pvc")
}
