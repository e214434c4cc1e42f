//! Operations: every long-running, resumable change to a StatefulSet, on
//! one skeleton. A verb (`crate::cmd`) turns flags into an operation's
//! options and renders its report; the operation owns the loop:
//!
//! 1. plan: read the set (`cluster::set`), decide the steps (`crate::plan`);
//!    a client dry run ends here;
//! 2. confirm, as the operation's [`Confirmation`] says (rule 15);
//! 3. record intent on the set (`record`, rule 8);
//! 4. for each step: stop if Ctrl-C was pressed (`interrupt`); re-read and
//!    re-decide; pass the disruption gate (`gate`: rule 1 and the claim
//!    check) before anything that takes a pod down; one guarded write
//!    (resourceVersion or Preconditions, re-decided on 409 by `retry`);
//!    settle: watch until verified, the deadline, or Ctrl-C (`cluster::wait`);
//!    mark the step done in the record;
//! 5. clear the record.
//!
//! Shared pieces live here; each operation is one module.

pub mod check;
#[cfg(test)]
pub mod double;
pub mod gate;
pub mod interrupt;
pub mod lease;
pub mod orphans;
pub mod owner;
pub mod pause;
pub mod progress;
pub mod record;
pub mod recover;
pub mod resize;
pub mod restart;
pub mod restore;
pub mod retry;
pub mod rollout;
pub mod snapshot;
pub mod template;
pub mod undo;

/// How an operation asks before it disrupts (safety rule 15); one value per
/// operation, so the policy is visible in one place. Every policy needs a
/// terminal or `--yes`; none applies to a dry run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmation {
    /// One yes/no for the whole plan (restart, partition, resume, undo).
    Once,
    /// The user types a number (how many objects are deleted): orphan claims.
    Typed,
    /// A yes/no before each step (recover fixes).
    EachStep,
    /// One yes/no for the first step, then one between steps (canary).
    BetweenSteps,
}
