//! The records kubectl-sts keeps on a StatefulSet (safety rule 8): one JSON
//! annotation per kind (`kubectl-sts.io/restart`, `kubectl-sts.io/rollout`,
//! the revision history). Each record belongs to one run of one
//! operation; another operation's record is never overwritten or removed
//! by accident. [`merge`] decides, from the annotation as it is at the
//! resourceVersion about to be written, what one update writes; the
//! operation (`ops::record`) re-reads and re-decides on 409 (rule 5).

use serde::Serialize;
use serde::de::DeserializeOwned;

/// What one record update does to its annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Nothing to write (already so, or another run's record left alone).
    Unchanged,
    /// Set the annotation to this JSON, or remove it (`None`).
    Write(Option<String>),
    /// Not written: the text says whose record is there and what to do.
    Refuse(String),
}

/// How a record changes: from the record there now (`None`: absent) to
/// the next one (`Ok(None)`: remove), or `Err(why)` to refuse.
pub type Change<'a, R> = dyn Fn(Option<R>) -> Result<Option<R>, String> + 'a;

/// Decides the write of record `key` whose annotation is `raw` now. An
/// annotation that is not a readable record is never overwritten or
/// removed (it may be a newer kubectl-sts's record, or a user's): refused,
/// with the command that removes it.
pub fn merge<R>(key: &str, raw: Option<&str>, change: &Change<'_, R>) -> Decision
where
    R: Serialize + DeserializeOwned + PartialEq,
{
    let cur: Option<R> = match raw {
        None => None,
        Some(r) => match serde_json::from_str(r) {
            Ok(v) => Some(v),
            Err(e) => {
                return Decision::Refuse(format!(
                    "annotation {key} is not a record kubectl-sts can read ({e}); it was left as \
                     it is. If no operation is in progress, remove it with: kubectl annotate \
                     statefulset NAME -n NAMESPACE {key}-"
                ));
            }
        },
    };
    let was_there = cur.is_some();
    let cur_json = cur.as_ref().and_then(|c| serde_json::to_string(c).ok());
    match change(cur) {
        Err(why) => Decision::Refuse(why),
        Ok(None) if !was_there => Decision::Unchanged,
        Ok(None) => Decision::Write(None),
        Ok(Some(next)) => {
            let next = serde_json::to_string(&next).ok();
            if next == cur_json {
                Decision::Unchanged
            } else {
                Decision::Write(next)
            }
        }
    }
}

/// A change that writes `next` when the record there is absent or belongs
/// to the same run (`mine`); another run's record is refused, named by
/// `describe`.
pub fn set_mine<'a, R>(
    next: R,
    mine: impl Fn(&R) -> bool + 'a,
    describe: impl Fn(&R) -> String + 'a,
) -> impl Fn(Option<R>) -> Result<Option<R>, String> + 'a
where
    R: Clone + 'a,
{
    move |cur| match cur {
        Some(c) if !mine(&c) => Err(format!(
            "the record now on the set belongs to another run ({}); it was left as it is",
            describe(&c)
        )),
        _ => Ok(Some(next.clone())),
    }
}

/// A change that removes the record only when it belongs to this run
/// (`mine`); another run's record stays.
pub fn clear_mine<'a, R>(
    mine: impl Fn(&R) -> bool + 'a,
) -> impl Fn(Option<R>) -> Result<Option<R>, String> + 'a
where
    R: 'a,
{
    move |cur| Ok(cur.filter(|c| !mine(c)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Rec {
        op: String,
        at: String,
        n: u32,
    }

    fn rec(op: &str, at: &str, n: u32) -> Rec {
        Rec {
            op: op.into(),
            at: at.into(),
            n,
        }
    }

    fn json(r: &Rec) -> String {
        serde_json::to_string(r).unwrap()
    }

    fn same_run(a: &Rec) -> impl Fn(&Rec) -> bool + '_ {
        move |b| a.op == b.op && a.at == b.at
    }

    #[test]
    fn table() {
        let mine = rec("canary", "t1", 1);
        let next = rec("canary", "t1", 2);
        let other = rec("pause", "t0", 0);
        let describe = |r: &Rec| format!("{} started at {}", r.op, r.at);
        let set = set_mine(next.clone(), same_run(&mine), describe);
        let clear = clear_mine(same_run(&mine));
        let cases: Vec<(&str, Option<String>, &Change<'_, Rec>, Decision)> =
            vec![
            ("set on absent", None, &set, Decision::Write(Some(json(&next)))),
            (
                "set over my record",
                Some(json(&mine)),
                &set,
                Decision::Write(Some(json(&next))),
            ),
            ("set, already so", Some(json(&next)), &set, Decision::Unchanged),
            (
                "set over another run's record",
                Some(json(&other)),
                &set,
                Decision::Refuse(
                    "the record now on the set belongs to another run (pause started at t0); it \
                     was left as it is"
                        .into(),
                ),
            ),
            ("clear my record", Some(json(&mine)), &clear, Decision::Write(None)),
            ("clear absent", None, &clear, Decision::Unchanged),
            (
                "clear leaves another run's record",
                Some(json(&other)),
                &clear,
                Decision::Unchanged,
            ),
        ];
        for (what, raw, change, want) in cases {
            assert_eq!(merge("k", raw.as_deref(), change), want, "{what}");
        }
    }

    #[test]
    fn an_unreadable_record_is_never_overwritten_or_removed() {
        let set = |_: Option<Rec>| Ok(Some(rec("a", "b", 1)));
        let clear = |_: Option<Rec>| Ok(None);
        for c in [&set as &Change<'_, Rec>, &clear] {
            let Decision::Refuse(why) = merge("kubectl-sts.io/x", Some("{not json"), c) else {
                panic!("an unreadable record must be refused")
            };
            assert!(why.contains("kubectl-sts.io/x-"), "{why}");
        }
    }
}
