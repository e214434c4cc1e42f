//! kubectl-sts as a library: the binary (`src/main.rs`) only parses the
//! command line and maps the outcome to an exit code.
//!
//! Layout: `cli` (flags), `client` (kubeconfig -> Client), `cluster` (thin
//! reads and writes), `plan` (pure decisions), `cmd` (one file per verb),
//! `render` (tables, reports, prompts).

// A closed stdout or stderr (`kubectl sts restart ... 2>&1 | head`) must not
// abort an operation between an eviction and its verification: std's
// `println!`/`eprintln!` panic when the write fails, so these, which shadow
// them in every module below, drop the error and the operation runs on to
// its exit code (with its record on the set to resume from).
macro_rules! println {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

macro_rules! eprintln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

pub mod args;
pub mod cause;
pub mod cli;
pub mod client;
pub mod cluster;
pub mod cmd;
pub mod duration;
pub mod error;
pub mod hint;
pub mod interrupt;
pub mod ops;
pub mod plan;
pub mod proxy;
pub mod render;
