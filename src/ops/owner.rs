//! Writes to a StatefulSet that another controller manages. An operator
//! that owns the set (its controller ownerReference) reconciles the spec
//! back: a partition raised by `rollout pause` is 0 again seconds later,
//! and the next template change rolls every pod at once. So before
//! writing, such a set needs `--force-owned` or an interactive yes
//! ([`confirm_owned`]); after every write an operation relies on, the set
//! is watched for a short settle window and the write must still be there
//! ([`check_held`]). Both decisions are pure functions in `plan::owner`.

use std::time::Duration;

use k8s_openapi::api::apps::v1::StatefulSet;

use crate::cluster::Kube;
use crate::cluster::set;
use crate::cluster::wait::{Next, WaitError, watch_set};
use crate::error::Failure;
use crate::plan::owner::{Field, controller_owner, reverted};
use crate::render::prompt;

/// How long a written set is watched for a revert: 3 s. Operators
/// reconcile an owned object within a second or two of its change (they
/// watch it); a revert later than that is still caught by the next
/// operation's read. Short, because every write of every operation pays it.
pub const SETTLE_WINDOW: Duration = Duration::from_secs(3);

/// Before writing `set` (doing `action`, e.g. "pause the rollout"): when
/// another object controls it, warns on stderr naming the owner and the
/// risk, then proceeds with `force_owned`, asks on a terminal, and refuses
/// otherwise (exit 1, nothing written). A dry run only warns.
pub fn confirm_owned(
    set: &StatefulSet,
    action: &str,
    force_owned: bool,
    dry_run: bool,
) -> Result<(), Failure> {
    let Some(owner) = controller_owner(set) else {
        return Ok(());
    };
    let ns = set.metadata.namespace.as_deref().unwrap_or("default");
    let name = set.metadata.name.as_deref().unwrap_or_default();
    eprintln!(
        "warning: statefulset {name} in namespace {ns} is controlled by {owner}. Its controller \
         may put back what kubectl-sts writes (the partition, the pod template), and then a \
         template change rolls every pod at once. Change the rollout through {} {} if it \
         supports that.",
        owner.kind, owner.name
    );
    if force_owned || dry_run {
        return Ok(());
    }
    if !prompt::interactive() {
        return Err(Failure::Refused(format!(
            "not changing statefulset {name} in namespace {ns}: it is controlled by {owner}, \
             which may revert the change. Nothing was changed. If its controller leaves the \
             set's partition and template alone (or is paused), re-run with --force-owned"
        )));
    }
    if prompt::confirm(
        &format!(
            "statefulset {name} is controlled by {} {}. {action} anyway?",
            owner.kind, owner.name
        ),
        action,
        false,
    )? {
        Ok(())
    } else {
        Err(Failure::Refused(format!(
            "not changing statefulset {name} in namespace {ns} (controlled by {owner}); nothing \
             was changed"
        )))
    }
}

/// After a write the operation relies on: watches the set for `window`
/// (Ctrl-C ends it early, the check then rests on one read) and fails when `fields` of `written` (the API
/// server's answer to the write) were changed back meanwhile, or differ in
/// a consistent read at the end. Errors: `Refused` (exit 1) naming what was
/// reverted, the likely cause (the controlling owner, or another writer
/// such as a GitOps controller) and what to do.
pub async fn check_held(
    kube: &Kube,
    written: &StatefulSet,
    fields: &[Field],
    window: Duration,
) -> Result<StatefulSet, Failure> {
    let ns = written.metadata.namespace.as_deref().unwrap_or("default");
    let name = written.metadata.name.as_deref().unwrap_or_default();
    let seen = watch_set(
        kube,
        ns,
        name,
        window,
        |_| {},
        |now, _, _| {
            let r = reverted(written, now, fields);
            if r.is_empty() {
                Next::Wait {
                    status: "the write holds".into(),
                    recheck: None,
                }
            } else {
                Next::Done(r)
            }
        },
    )
    .await;
    let why = match seen {
        Ok(r) => r,
        // Ctrl-C ends the window early: the verdict is the read below, and
        // the operation's next wait sees the press (`ops::interrupt`).
        Err(WaitError::Deadline { .. } | WaitError::Interrupted { .. }) => {
            // Rule 6: the verdict rests on a consistent read.
            let now = set::get(kube, ns, name).await?;
            let r = reverted(written, &now, fields);
            if r.is_empty() {
                return Ok(now);
            }
            r
        }
        Err(WaitError::SetDeleted { .. }) => {
            vec!["the statefulset was deleted".to_string()]
        }
        Err(WaitError::Api(f)) => return Err(f),
    };
    let cause = match controller_owner(written) {
        Some(o) => format!(
            "its controller {o} most likely reconciled it back. Make the change through {} {} \
             (or pause that operator) and check the set with: {}",
            o.kind,
            o.name,
            crate::hint::command("status", name, ns)
        ),
        None => format!(
            "something else writes this set (a GitOps controller with self-heal, a Helm or other \
             operator, a script). Find it (kubectl get statefulset {name} -n {ns} \
             --show-managed-fields -o yaml) and stop it before trying again"
        ),
    };
    Err(Failure::Refused(format!(
        "the change to statefulset {name} in namespace {ns} did not stick: within {}s of the \
         write, {}; {cause}",
        window.as_secs(),
        why.join("; ")
    )))
}
