//! One file a verb: fetch -> plan -> (confirm -> apply) -> render.

pub mod completion;
pub mod pvc;
pub mod recover;
pub mod restart;
pub mod rollout;
pub mod status;
pub mod version;

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::{Cli, Command};

pub async fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Status(args) => status::run(&cli.global, &args).await,
        Command::Rollout(args) => rollout::run(&cli.global, &args).await,
        Command::Restart(args) => restart::run(&cli.global, &args).await,
        Command::Pvc(args) => pvc::run(&cli.global, &args).await,
        Command::Recover(args) => recover::run(&cli.global, &args).await,
        Command::Completion(args) => completion::run(&cli.global, &args).await,
        Command::Version(args) => version::run(&cli.global, &args).await,
    }
}
