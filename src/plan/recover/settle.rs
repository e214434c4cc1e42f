//! After `--fix`: findings that needed no action of their own because
//! another fix removed their object. A pod stuck Terminating only because
//! a finalizer held it is gone once the finalizer is removed; its
//! "stuck-terminating" finding (no force delete on a Ready node) must not
//! keep the run failing, nor read as if the pod were still there.

use super::{Action, Finding, Outcome, Problem};

/// Marks as `resolved` each finding without an outcome about an object
/// being deleted (a pod stuck Terminating, a pod or claim held by
/// finalizers) when another finding on the same object was `applied` with
/// an action whose verified effect is that the object is gone (a force
/// delete, or the removal of the finalizers of an object being deleted).
pub fn resolved_by_other_fixes(findings: &mut [Finding]) {
    let gone: Vec<(String, String, String)> = findings
        .iter()
        .filter(|f| f.outcome.as_ref().is_some_and(|o| o.result == "applied"))
        .filter(|f| {
            matches!(
                f.action,
                Some(Action::ForceDeletePod { .. } | Action::RemoveFinalizers { .. })
            )
        })
        .map(|f| {
            (
                f.namespace.clone(),
                f.object.clone(),
                f.problem.code().to_string(),
            )
        })
        .collect();
    for f in findings.iter_mut() {
        let deleting = matches!(
            f.problem,
            Problem::StuckTerminating
                | Problem::PodHeldByFinalizers
                | Problem::ClaimStuckTerminating
        );
        if f.outcome.is_some() || !deleting {
            continue;
        }
        if let Some((_, object, by)) = gone
            .iter()
            .find(|(ns, object, _)| *ns == f.namespace && *object == f.object)
        {
            f.outcome = Some(Outcome {
                result: "resolved".into(),
                message: format!("{object} is gone: the fix of {by} removed it"),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(
        problem: Problem,
        object: &str,
        action: Option<Action>,
        result: Option<&str>,
    ) -> Finding {
        let mut f = Finding::new(problem, "shop", "web", object.into(), "s".into());
        f.action = action;
        f.outcome = result.map(|r| Outcome {
            result: r.into(),
            message: String::new(),
        });
        f
    }

    fn remove_finalizers(name: &str) -> Option<Action> {
        Some(Action::RemoveFinalizers {
            kind: "pod".into(),
            name: name.into(),
            uid: "u".into(),
            resource_version: "1".into(),
            remove: vec!["x/hold".into()],
            current: vec!["x/hold".into()],
        })
    }

    #[test]
    fn a_stuck_pod_removed_by_another_fix_is_resolved() {
        let cases: &[(&str, Option<&str>, &str, Option<&str>)] = &[
            // (object of the fix, its result, object of the stuck finding, want)
            ("pod/web-0", Some("applied"), "pod/web-0", Some("resolved")),
            ("pod/web-0", Some("requested"), "pod/web-0", None),
            ("pod/web-0", Some("refused"), "pod/web-0", None),
            ("pod/web-1", Some("applied"), "pod/web-0", None),
        ];
        for (fixed, result, stuck, want) in cases {
            let mut fs = vec![
                finding(Problem::StuckTerminating, stuck, None, None),
                finding(
                    Problem::PodHeldByFinalizers,
                    fixed,
                    remove_finalizers(fixed.trim_start_matches("pod/")),
                    *result,
                ),
            ];
            resolved_by_other_fixes(&mut fs);
            assert_eq!(
                fs[0].outcome.as_ref().map(|o| o.result.as_str()),
                *want,
                "{fixed} {result:?} -> {stuck}"
            );
        }
    }

    #[test]
    fn other_problems_and_findings_with_an_outcome_are_left_alone() {
        let mut fs = vec![
            finding(Problem::UnboundClaim, "pod/web-0", None, None),
            finding(
                Problem::StuckTerminating,
                "pod/web-0",
                None,
                Some("declined"),
            ),
            finding(
                Problem::PodHeldByFinalizers,
                "pod/web-0",
                remove_finalizers("web-0"),
                Some("applied"),
            ),
        ];
        resolved_by_other_fixes(&mut fs);
        assert!(fs[0].outcome.is_none());
        assert_eq!(fs[1].outcome.as_ref().unwrap().result, "declined");
    }
}
