//! The doctor's table view: per set a summary line, then each finding with
//! its severity, check ID, message and fix; `-o wide` adds the objects, the
//! evidence and why it matters. Checks that did not run are listed with the
//! reason, so a missing RBAC right is never mistaken for a clean bill.

use std::io::{self, Write};

use crate::plan::doctor::{Check, DoctorReport, Finding, SetReport, Severity};
use crate::render::{Paint, Style};

pub struct Options {
    pub wide: bool,
    pub style: Style,
}

/// `--list-checks`: one row per check.
pub fn write_checks(out: &mut dyn Write, checks: &[&Check]) -> io::Result<()> {
    let st = Style { color: false };
    let mut t = super::table(&st, &["CHECK", "SEVERITY", "FINDS"]);
    for c in checks {
        t.add_row(vec![c.id, c.severity.as_str(), c.summary]);
    }
    super::write_table(out, &t, "")
}

/// `-o name`: the sets with a finding that fails the run.
pub fn write_names(
    out: &mut dyn Write,
    r: &DoctorReport,
    threshold: Option<Severity>,
) -> io::Result<()> {
    for s in &r.stateful_sets {
        let failing =
            threshold.is_some_and(|t| s.findings.iter().any(|f| !f.silenced && f.severity >= t));
        if failing {
            writeln!(out, "statefulset.apps/{}", s.name)?;
        }
    }
    Ok(())
}

pub fn write_report(out: &mut dyn Write, r: &DoctorReport, o: &Options) -> io::Result<()> {
    for (i, s) in r.stateful_sets.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        write_set(out, s, o)?;
    }
    if !r.stateful_sets.is_empty() {
        let sum = &r.summary;
        writeln!(out)?;
        writeln!(
            out,
            "{} error(s), {} warning(s), {} info(s){}",
            sum.errors,
            sum.warnings,
            sum.infos,
            if sum.silenced > 0 {
                format!(", {} silenced", sum.silenced)
            } else {
                String::new()
            }
        )?;
    }
    Ok(())
}

fn count(s: &SetReport, sev: Severity) -> usize {
    s.findings
        .iter()
        .filter(|f| !f.silenced && f.severity == sev)
        .count()
}

fn write_set(out: &mut dyn Write, s: &SetReport, o: &Options) -> io::Result<()> {
    let st = &o.style;
    let (e, w, i) = (
        count(s, Severity::Error),
        count(s, Severity::Warning),
        count(s, Severity::Info),
    );
    let verdict = match (e, w, i) {
        (0, 0, 0) => st.paint("no findings", Paint::Green),
        _ => format!("{e} error(s), {w} warning(s), {i} info(s)"),
    };
    writeln!(
        out,
        "{} {}/{}: {verdict}",
        st.paint("statefulset", Paint::Bold),
        s.namespace,
        s.name
    )?;
    for f in &s.findings {
        write_finding(out, f, o)?;
    }
    for sk in &s.skipped {
        writeln!(
            out,
            "  {} {}: {}",
            st.paint("not run:", Paint::Yellow),
            sk.checks.join(", "),
            sk.reason
        )?;
    }
    Ok(())
}

fn write_finding(out: &mut dyn Write, f: &Finding, o: &Options) -> io::Result<()> {
    let st = &o.style;
    let sev = match (f.silenced, f.severity) {
        (true, _) => st.paint("silenced", Paint::Dim),
        (false, Severity::Error) => st.paint("error", Paint::Red),
        (false, Severity::Warning) => st.paint("warning", Paint::Yellow),
        (false, Severity::Info) => "info".to_string(),
    };
    // Pad on the plain word: color codes would skew the width.
    let pad = " ".repeat(8usize.saturating_sub(match (f.silenced, f.severity) {
        (true, _) => 8,
        (false, s) => s.as_str().len(),
    }));
    writeln!(out, "  {sev}{pad} {}: {}", f.check, f.message)?;
    if o.wide {
        writeln!(out, "           objects: {}", f.objects.join(", "))?;
        for e in &f.evidence {
            writeln!(out, "           evidence: {e}")?;
        }
        if !f.why.is_empty() {
            writeln!(out, "           why: {}", f.why)?;
        }
    }
    if !f.fix.is_empty() && !f.silenced {
        writeln!(out, "           fix: {}", f.fix)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::doctor::{Skipped, Summary};

    fn report() -> DoctorReport {
        let finding = |check: &'static str, severity, silenced| Finding {
            check,
            severity,
            message: format!("{check} message"),
            objects: vec!["statefulset/web".into(), "service/web".into()],
            evidence: vec!["spec.clusterIP: 10.0.0.7".into()],
            why: "peers cannot find each other".into(),
            fix: "kubectl edit service web -n shop".into(),
            silenced,
        };
        DoctorReport {
            api_version: "kubectl-sts/v1",
            kind: "DoctorReport",
            stateful_sets: vec![SetReport {
                namespace: "shop".into(),
                name: "web".into(),
                findings: vec![
                    finding("service-not-headless", Severity::Error, false),
                    finding("pdb-missing", Severity::Warning, true),
                ],
                skipped: vec![Skipped {
                    checks: vec!["zonal-storage-immediate-binding"],
                    reason: "storageclasses could not be read: forbidden".into(),
                }],
            }],
            summary: Summary {
                errors: 1,
                warnings: 0,
                infos: 0,
                silenced: 1,
            },
            warnings: vec![],
        }
    }

    fn render(wide: bool) -> String {
        let mut out = vec![];
        let o = Options {
            wide,
            style: Style { color: false },
        };
        write_report(&mut out, &report(), &o).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn table_shows_findings_fixes_and_checks_not_run() {
        let t = render(false);
        assert!(
            t.contains("statefulset shop/web: 1 error(s), 0 warning(s), 0 info(s)"),
            "{t}"
        );
        assert!(
            t.contains("  error    service-not-headless: service-not-headless message"),
            "{t}"
        );
        assert!(t.contains("fix: kubectl edit service web -n shop"), "{t}");
        assert!(t.contains("  silenced pdb-missing"), "{t}");
        assert!(
            t.contains(
                "not run: zonal-storage-immediate-binding: storageclasses could not be read"
            ),
            "{t}"
        );
        assert!(!t.contains("evidence:"), "{t}");
        assert!(
            t.contains("1 error(s), 0 warning(s), 0 info(s), 1 silenced"),
            "{t}"
        );
    }

    #[test]
    fn wide_adds_objects_evidence_and_why() {
        let t = render(true);
        assert!(t.contains("objects: statefulset/web, service/web"), "{t}");
        assert!(t.contains("evidence: spec.clusterIP: 10.0.0.7"), "{t}");
        assert!(t.contains("why: peers cannot find each other"), "{t}");
    }

    #[test]
    fn names_are_the_sets_that_fail_the_run() {
        let mut out = vec![];
        write_names(&mut out, &report(), Some(Severity::Error)).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "statefulset.apps/web\n");
        let mut out = vec![];
        write_names(&mut out, &report(), None).unwrap();
        assert!(out.is_empty());
    }
}
