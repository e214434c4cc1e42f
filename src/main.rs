//! kubectl-sts: parse, run, map the outcome to an exit code.
//!
//! Exit codes: 0 success, 1 the operation failed or was refused, 2 usage
//! error, 3 a wait passed its deadline, 130 interrupted (Ctrl-C).

use std::io::Write as _;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use kubectl_sts::{cli, cmd, error, interrupt, proxy};

fn main() -> ExitCode {
    // SAFETY: the process has one thread here; nothing else reads the environment yet.
    unsafe { proxy::drop_empty_no_proxy_entries() };
    if let Some(words) = cmd::completion::completer_words(std::env::args()) {
        return cmd::completion::complete_main(words, cli::Cli::command());
    }
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(e.exit_code() as u8);
        }
    };
    if let Err(msg) = cli.validate() {
        eprintln!("error: {msg}\n\nFor more information, try '--help'.");
        return ExitCode::from(2);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    // Ctrl-C is ours from here to the end: a press before the first write
    // stops the operation there, not only inside a wait.
    let run = async {
        interrupt::Interrupt::global();
        cli.run().await
    };
    match runtime.block_on(run) {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // Not eprintln!: a closed stderr must not turn the exit code into a panic.
            let _ = writeln!(std::io::stderr(), "{}", error::Report(&e));
            let code = e
                .downcast_ref::<error::Failure>()
                .map_or(1, error::Failure::exit_code);
            ExitCode::from(code)
        }
    }
}

/// `kubectl sts status | head` must not print an error when head exits.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
