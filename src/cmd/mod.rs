//! One file a verb: fetch -> plan -> (confirm -> apply) -> render.

pub mod status;

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::{Cli, Command};
use crate::error::Failure;

pub async fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Status(args) => status::run(&cli.global, &args).await,
        Command::Rollout(_) => not_implemented("rollout"),
        Command::Restart(_) => not_implemented("restart"),
        Command::Pvc(_) => not_implemented("pvc"),
        Command::Recover(_) => not_implemented("recover"),
    }
}

/// Verbs that exist in the CLI but not yet in the engine refuse to run, so
/// nothing pretends to work.
fn not_implemented(verb: &str) -> Result<ExitCode> {
    Err(Failure::NotImplemented(format!(
        "`kubectl sts {verb}` is not implemented yet; nothing was changed. Use `kubectl sts status` \
         to inspect StatefulSets meanwhile"
    ))
    .into())
}
