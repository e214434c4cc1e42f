//! Safety rule 5: a write that meets 409 Conflict is never replayed as is;
//! the whole attempt (consistent re-read, re-decision, guarded write) runs
//! again, a bounded number of times. The one conflict loop of every
//! operation.

use std::future::Future;

use crate::error::Failure;

/// How many times an attempt is re-decided after 409 before giving up.
pub const CONFLICT_ATTEMPTS: usize = 5;

/// Runs `attempt` until it ends without [`Failure::Conflict`], at most
/// [`CONFLICT_ATTEMPTS`] times. `attempt` must re-read what it decides on:
/// it is called afresh each time. Returns the result and how many conflicts
/// were met. After the last conflict the error names `what` (e.g.
/// `statefulset "web" in namespace "shop"`) and says nothing more was
/// written.
pub async fn on_conflict<T, F, Fut>(what: &str, mut attempt: F) -> Result<(T, usize), Failure>
where
    F: FnMut(usize) -> Fut,
    Fut: Future<Output = Result<T, Failure>>,
{
    for n in 0..CONFLICT_ATTEMPTS {
        match attempt(n).await {
            Err(Failure::Conflict(_)) => continue,
            Ok(t) => return Ok((t, n)),
            Err(e) => return Err(e),
        }
    }
    Err(Failure::Conflict(format!(
        "{what} kept changing ({CONFLICT_ATTEMPTS} conflicts in a row, 409) while it was being \
         written; each time it was re-read and the write re-decided, and nothing more was \
         written. Re-run the command"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run<T>(f: impl Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(f)
    }

    #[test]
    fn retries_conflicts_then_succeeds() {
        let (v, conflicts) = run(on_conflict("set", |n| async move {
            if n < 2 {
                Err(Failure::Conflict("409".into()))
            } else {
                Ok(n)
            }
        }))
        .unwrap();
        assert_eq!((v, conflicts), (2, 2));
    }

    #[test]
    fn gives_up_after_the_bound_and_names_the_object() {
        let mut calls = 0;
        let err = run(on_conflict("statefulset \"web\"", |_| {
            calls += 1;
            async { Err::<(), _>(Failure::Conflict("409".into())) }
        }))
        .unwrap_err();
        assert_eq!(calls, CONFLICT_ATTEMPTS);
        assert!(matches!(&err, Failure::Conflict(m) if m.contains("statefulset \"web\"")));
    }

    #[test]
    fn other_errors_stop_at_once() {
        let mut calls = 0;
        let err = run(on_conflict("set", |_| {
            calls += 1;
            async { Err::<(), _>(Failure::Forbidden("no".into())) }
        }))
        .unwrap_err();
        assert_eq!(calls, 1);
        assert!(matches!(err, Failure::Forbidden(_)));
    }
}
