//! `kubectl sts rollout`: Guided canary rollouts by stepping the partition down (not implemented yet).

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use crate::cli::GlobalArgs;

/// Arguments are accepted so that `--help` works; running refuses.
#[derive(Debug, Args)]
pub struct RolloutArgs {
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

pub async fn run(_g: &GlobalArgs, _args: &RolloutArgs) -> Result<ExitCode> {
    super::not_implemented("rollout")
}
