//! One file a verb: flags -> options -> an operation (`crate::ops`) or a
//! read -> render. The dispatcher is `Cli::run`.

pub mod completion;
pub mod doctor;
pub mod pvc;
pub mod recover;
pub mod restart;
pub mod rollout;
pub mod status;
pub mod version;
