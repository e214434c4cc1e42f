//! kubectl-sts as a library: the binary (`src/main.rs`) only parses the
//! command line and maps the outcome to an exit code.
//!
//! Layout: `cli` (flags), `client` (kubeconfig -> Client), `cluster` (thin
//! reads and writes), `plan` (pure decisions), `cmd` (one file per verb),
//! `render` (tables, reports, prompts).

pub mod args;
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
pub mod render;
