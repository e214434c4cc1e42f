//! Which revision `rollout undo` goes back to (safety rule 10). A second
//! `undo` must never re-apply a bad template, so the
//! choice is made from a record on the set, not from revision numbers
//! alone: the last revision that was fully rolled out and healthy
//! (`lastGood`), and the revisions a canary or a rollback found bad
//! (`halted`). Pure: the caller reads the record and the revisions.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::super::ANNOTATION_PREFIX;

/// The annotation holding a [`History`] as JSON.
pub fn history_annotation() -> String {
    format!("{ANNOTATION_PREFIX}rollout-history")
}

/// What kubectl-sts learnt about the set's revisions (ControllerRevision
/// names), kept across operations.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct History {
    /// The last revision every pod ran, Ready, when an operation started or
    /// after one completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_good: Option<String>,
    /// Revisions a canary halted on, or that a rollback left: never picked
    /// by `undo` without `--to-revision`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub halted: Vec<String>,
}

impl History {
    /// `rev` is the last good revision; it is no longer halted.
    pub fn good(mut self, rev: &str) -> Self {
        self.last_good = Some(rev.to_string());
        self.halted.retain(|h| h != rev);
        self
    }

    /// `rev` was found bad (a halted canary, a rolled-back template).
    pub fn halt(mut self, rev: &str) -> Self {
        if !self.halted.iter().any(|h| h == rev) {
            self.halted.push(rev.to_string());
        }
        if self.last_good.as_deref() == Some(rev) {
            self.last_good = None;
        }
        self
    }
}

/// One ControllerRevision as `undo` sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rev {
    pub number: i64,
    pub name: String,
}

/// What `undo` without `--to-revision` does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UndoTarget {
    /// Restore the template of this revision.
    To(Rev),
    /// The template is already at the last good revision: nothing to undo.
    Nothing(Rev),
    /// No revision qualifies; the text says why.
    None(String),
}

/// The revision `undo` goes back to. `revs` oldest first; `update` is the
/// set's update revision. The recorded last good revision wins when it still
/// exists; without a record, the newest revision other than `update` that
/// is not recorded as halted (what `kubectl rollout undo` picks, minus the
/// bad ones).
pub fn undo_target(revs: &[Rev], update: &str, history: &History) -> UndoTarget {
    if let Some(good) = &history.last_good
        && let Some(r) = revs.iter().find(|r| &r.name == good)
    {
        return if r.name == update {
            UndoTarget::Nothing(r.clone())
        } else {
            UndoTarget::To(r.clone())
        };
    }
    match revs
        .iter()
        .rev()
        .find(|r| r.name != update && !history.halted.contains(&r.name))
    {
        Some(r) => UndoTarget::To(r.clone()),
        None if history.halted.is_empty() => {
            UndoTarget::None("it has no earlier revision to roll back to".into())
        }
        None => UndoTarget::None(format!(
            "every earlier revision is recorded as halted ({})",
            history.halted.join(", ")
        )),
    }
}

/// What differs between two pod templates (ControllerRevision
/// `data.spec.template`), as JSON paths with both values, at most `limit`
/// lines: shown before `undo` writes, so `--to-revision` to anywhere is a
/// decision made on what changes. Containers are matched by position.
pub fn template_diff(from: &Value, to: &Value, limit: usize) -> Vec<String> {
    let mut out = Vec::new();
    walk("", from, to, &mut out);
    let more = out.len().saturating_sub(limit);
    out.truncate(limit);
    if more > 0 {
        out.push(format!("... and {more} more"));
    }
    out
}

fn walk(path: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
    if a == b {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                let n = Value::Null;
                walk(
                    &format!("{path}.{k}"),
                    x.get(k).unwrap_or(&n),
                    y.get(k).unwrap_or(&n),
                    out,
                );
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                walk(&format!("{path}[{i}]"), p, q, out);
            }
        }
        _ => out.push(format!("{}: {a} -> {b}", path.trim_start_matches('.'))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_diff_names_each_changed_field() {
        let a = serde_json::json!({"metadata": {"labels": {"app": "web"}},
            "spec": {"containers": [{"name": "nginx", "image": "nginx:1"}]}});
        let b = serde_json::json!({"metadata": {"labels": {"app": "web", "v": "2"}},
            "spec": {"containers": [{"name": "nginx", "image": "nginx:2"}]}});
        assert_eq!(
            template_diff(&a, &b, 10),
            vec![
                r#"metadata.labels.v: null -> "2""#.to_string(),
                r#"spec.containers[0].image: "nginx:1" -> "nginx:2""#.to_string(),
            ]
        );
        assert_eq!(template_diff(&a, &a, 10), Vec::<String>::new());
        assert_eq!(
            template_diff(&a, &b, 1)[1],
            "... and 1 more",
            "the list is capped"
        );
    }

    fn revs(names: &[(i64, &str)]) -> Vec<Rev> {
        names
            .iter()
            .map(|(n, s)| Rev {
                number: *n,
                name: s.to_string(),
            })
            .collect()
    }

    fn rev(n: i64, s: &str) -> Rev {
        Rev {
            number: n,
            name: s.into(),
        }
    }

    #[test]
    fn undo_picks_the_recorded_last_good_revision() {
        let cases: Vec<(&str, Vec<Rev>, &str, History, UndoTarget)> = vec![
            (
                "no record: the newest other revision",
                revs(&[(1, "a"), (2, "b")]),
                "b",
                History::default(),
                UndoTarget::To(rev(1, "a")),
            ),
            (
                "after undo the template is the last good one: nothing to undo",
                revs(&[(2, "b"), (3, "a")]),
                "a",
                History::default().good("a").halt("b"),
                UndoTarget::Nothing(rev(3, "a")),
            ),
            (
                "the halted revision is never picked without a record of good",
                revs(&[(1, "a"), (2, "b"), (3, "c")]),
                "c",
                History {
                    last_good: None,
                    halted: vec!["b".into()],
                },
                UndoTarget::To(rev(1, "a")),
            ),
            (
                "last good wins over a newer revision",
                revs(&[(1, "a"), (2, "b"), (3, "c")]),
                "c",
                History::default().good("a"),
                UndoTarget::To(rev(1, "a")),
            ),
            (
                "a last good revision that was pruned falls back",
                revs(&[(2, "b"), (3, "c")]),
                "c",
                History::default().good("a"),
                UndoTarget::To(rev(2, "b")),
            ),
            (
                "only halted revisions left",
                revs(&[(2, "b"), (3, "c")]),
                "c",
                History::default().halt("b"),
                UndoTarget::None("every earlier revision is recorded as halted (b)".into()),
            ),
            (
                "a single revision",
                revs(&[(1, "a")]),
                "a",
                History::default(),
                UndoTarget::None("it has no earlier revision to roll back to".into()),
            ),
        ];
        for (what, revs, update, h, want) in cases {
            assert_eq!(undo_target(&revs, update, &h), want, "{what}");
        }
    }

    #[test]
    fn good_and_halt_keep_the_record_consistent() {
        let h = History::default().good("a").halt("a");
        assert_eq!(h.last_good, None);
        assert_eq!(h.halted, vec!["a".to_string()]);
        let h = h.good("a");
        assert_eq!(h.last_good.as_deref(), Some("a"));
        assert!(h.halted.is_empty());
        let h = h.halt("b").halt("b");
        assert_eq!(h.halted, vec!["b".to_string()]);
    }

    #[test]
    fn history_round_trips_as_camel_case_json() {
        let h = History::default().good("web-1").halt("web-2");
        let s = serde_json::to_string(&h).unwrap();
        assert_eq!(s, r#"{"lastGood":"web-1","halted":["web-2"]}"#);
        assert_eq!(serde_json::from_str::<History>(&s).unwrap(), h);
    }
}
