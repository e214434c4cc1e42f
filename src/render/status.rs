//! The human view of a status report: a summary per StatefulSet, a pod table
//! and a volume table per ordinal, then the problems in plain words.

use std::io::{self, Write};

use comfy_table::Color;
use k8s_openapi::jiff::Timestamp;

use super::{Paint, Style, table, write_table};
use crate::duration::human;
use crate::plan::status::{OrdinalStatus, SetStatus, Severity, StatusReport};

pub struct Options {
    pub wide: bool,
    pub now: Timestamp,
    pub style: Style,
}

pub fn write_table_report(out: &mut dyn Write, r: &StatusReport, o: &Options) -> io::Result<()> {
    for (i, s) in r.stateful_sets.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        write_set(out, s, o)?;
    }
    Ok(())
}

pub fn write_names(out: &mut dyn Write, r: &StatusReport) -> io::Result<()> {
    for s in &r.stateful_sets {
        writeln!(out, "statefulset.apps/{}", s.name)?;
    }
    Ok(())
}

fn write_set(out: &mut dyn Write, s: &SetStatus, o: &Options) -> io::Result<()> {
    let st = &o.style;
    let r = &s.replicas;
    let health = if s.problems.iter().any(|p| p.severity == Severity::Warning) {
        st.paint("needs attention", Paint::Yellow)
    } else {
        st.paint("healthy", Paint::Green)
    };
    writeln!(
        out,
        "{} {}/{}: {} desired, {} ready, {} updated, {} current ({health})",
        st.paint("StatefulSet", Paint::Bold),
        s.namespace,
        s.name,
        r.desired,
        r.ready,
        r.updated,
        r.current
    )?;
    let mut strategy = s.update_strategy.kind.clone();
    if let Some(p) = s.update_strategy.partition {
        strategy.push_str(&format!(", partition {p}"));
    }
    if let Some(m) = &s.update_strategy.max_unavailable {
        strategy.push_str(&format!(", maxUnavailable {m}"));
    }
    if !s.update_strategy.has_partition {
        // Said where the strategy is shown: the partition verbs do not apply.
        strategy = format!(
            "{} (no partition: rollout --partition, pause and canary do not apply)",
            st.paint(&strategy, Paint::Yellow)
        );
    }
    writeln!(
        out,
        "  Update:     {strategy}; {} pod management; minReadySeconds {}{}",
        s.pod_management_policy,
        s.min_ready_seconds,
        if s.ordinals_start != 0 {
            format!("; ordinals start at {}", s.ordinals_start)
        } else {
            String::new()
        }
    )?;
    if s.current_revision == s.update_revision {
        writeln!(
            out,
            "  Revision:   {} (current = update)",
            dash(&s.current_revision)
        )?;
    } else {
        writeln!(
            out,
            "  Revisions:  current {}, update {} (rollout pending)",
            dash(&s.current_revision),
            dash(&s.update_revision)
        )?;
    }
    let svc = match s.service.state.as_str() {
        "none" => "none (spec.serviceName is empty)".to_string(),
        state => format!("{} ({})", s.service.name, state),
    };
    writeln!(out, "  Service:    {svc}")?;
    writeln!(
        out,
        "  PVC policy: whenDeleted={}, whenScaled={}",
        s.pvc_retention_policy.when_deleted, s.pvc_retention_policy.when_scaled
    )?;
    if !s.volume_claim_templates.is_empty() {
        let t: Vec<String> = s
            .volume_claim_templates
            .iter()
            .map(|t| {
                format!(
                    "{} ({}, {})",
                    t.name,
                    t.requested.as_deref().unwrap_or("?"),
                    t.storage_class.as_deref().unwrap_or("default class")
                )
            })
            .collect();
        writeln!(out, "  Claims:     {}", t.join(", "))?;
    }
    if let Some(op) = &s.operation {
        let state = if op.expired {
            st.paint(
                &format!(
                    "looks abandoned: Lease not renewed since {}",
                    op.renewed_at.as_deref().unwrap_or("an unknown time")
                ),
                Paint::Yellow,
            )
        } else {
            format!("Lease renewed {} ago", age(op.renewed_at.as_deref(), o.now))
        };
        writeln!(
            out,
            "  Operation:  {} ({state})",
            crate::plan::status::describe_operation(op)
        )?;
    }
    if let Some(c) = &s.checks {
        writeln!(out, "  Checks:     {c}")?;
    }
    writeln!(out)?;

    if s.ordinals.is_empty() {
        writeln!(out, "  No pods (0 replicas) and no leftover PVCs.")?;
    } else {
        write_pods(out, s, o)?;
        if !s.volume_claim_templates.is_empty() {
            writeln!(out)?;
            write_volumes(out, s, o)?;
        }
    }

    writeln!(out)?;
    if s.problems.is_empty() {
        writeln!(out, "  No problems found.")?;
    } else {
        writeln!(out, "  Problems:")?;
        for p in &s.problems {
            let mark = match p.severity {
                Severity::Warning => st.paint("!", Paint::Yellow),
                Severity::Info => st.paint("i", Paint::Dim),
            };
            writeln!(out, "    {mark} {}", p.message)?;
        }
    }
    Ok(())
}

fn ordinal_label(o: &OrdinalStatus) -> String {
    if o.live {
        o.ordinal.to_string()
    } else {
        format!("{} (leftover)", o.ordinal)
    }
}

fn write_pods(out: &mut dyn Write, s: &SetStatus, o: &Options) -> io::Result<()> {
    let st = &o.style;
    let mut header = vec![
        "ORDINAL", "POD", "STATUS", "READY", "RESTARTS", "AGE", "REVISION", "NODE",
    ];
    if o.wide {
        header.extend(["IP", "UID"]);
    }
    let mut t = table(st, &header);
    for ord in &s.ordinals {
        let mut row = vec![st.cell(ordinal_label(ord), None)];
        match &ord.pod {
            None if ord.live => {
                row.push(st.cell(crate::plan::names::pod_name(&s.name, ord.ordinal), None));
                row.push(st.cell("<missing>", Some(Color::Red)));
                row.extend((0..5).map(|_| st.cell("-", None)));
                if o.wide {
                    row.extend([st.cell("-", None), st.cell("-", None)]);
                }
            }
            None => continue,
            Some(p) => {
                let status_color = if p.ready && !p.terminating {
                    Color::Green
                } else {
                    Color::Yellow
                };
                row.push(st.cell(&p.name, None));
                row.push(st.cell(&p.status, Some(status_color)));
                row.push(st.cell(
                    format!("{}/{}", p.ready_containers, p.containers),
                    Some(if p.ready { Color::Green } else { Color::Red }),
                ));
                row.push(st.cell(p.restarts, (p.restarts > 0).then_some(Color::Yellow)));
                row.push(st.cell(age(p.created.as_deref(), o.now), None));
                let rev = match (p.revision.as_deref(), p.revision_role.as_str()) {
                    (None, _) => "-".to_string(),
                    (Some(r), "current+update") => r.to_string(),
                    (Some(r), role) => format!("{r} ({role})"),
                };
                row.push(st.cell(rev, None));
                row.push(st.cell(p.node.as_deref().unwrap_or("-"), None));
                if o.wide {
                    row.push(st.cell(p.ip.as_deref().unwrap_or("-"), None));
                    row.push(st.cell(&p.uid, None));
                }
            }
        }
        t.add_row(row);
    }
    write_table(out, &t, "  ")
}

fn write_volumes(out: &mut dyn Write, s: &SetStatus, o: &Options) -> io::Result<()> {
    let st = &o.style;
    let mut header = vec![
        "ORDINAL",
        "PVC",
        "STATUS",
        "REQUESTED",
        "CAPACITY",
        "PV",
        "PV STATUS",
        "RECLAIM",
    ];
    if o.wide {
        header.extend(["CLASS", "ACCESS MODES", "RESIZE"]);
    } else {
        header.push("CLASS");
    }
    let mut t = table(st, &header);
    for ord in &s.ordinals {
        for v in &ord.volumes {
            let color = match v.status.as_str() {
                "Bound" => Color::Green,
                "Missing" | "Lost" => Color::Red,
                _ => Color::Yellow,
            };
            let mut capacity = v.capacity.clone().unwrap_or_else(|| "-".into());
            if !o.wide
                && let Some(r) = &v.resize
            {
                capacity.push_str(&format!(" ({r})"));
            }
            let mut row = vec![
                st.cell(ordinal_label(ord), None),
                st.cell(&v.claim_name, None),
                st.cell(&v.status, Some(color)),
                st.cell(v.requested.as_deref().unwrap_or("-"), None),
                st.cell(capacity, None),
                st.cell(v.volume_name.as_deref().unwrap_or("-"), None),
                st.cell(v.pv_phase.as_deref().unwrap_or("-"), None),
                st.cell(
                    v.pv_reclaim_policy.as_deref().unwrap_or("-"),
                    (v.pv_reclaim_policy.as_deref() == Some("Delete") && !ord.live)
                        .then_some(Color::Yellow),
                ),
                st.cell(v.storage_class.as_deref().unwrap_or("-"), None),
            ];
            if o.wide {
                row.push(st.cell(
                    if v.access_modes.is_empty() {
                        "-".to_string()
                    } else {
                        v.access_modes.join(",")
                    },
                    None,
                ));
                row.push(st.cell(v.resize.as_deref().unwrap_or("-"), None));
            }
            t.add_row(row);
            // The volumes that still hold this claim's old data.
            for p in &v.previous_volumes {
                let mut row = vec![
                    st.cell(ordinal_label(ord), None),
                    st.cell(&v.claim_name, None),
                    st.cell("previous volume", Some(Color::Yellow)),
                    st.cell("-", None),
                    st.cell(p.capacity.as_deref().unwrap_or("-"), None),
                    st.cell(&p.name, None),
                    st.cell(&p.phase, Some(Color::Yellow)),
                    st.cell(p.reclaim_policy.as_deref().unwrap_or("-"), None),
                    st.cell(p.storage_class.as_deref().unwrap_or("-"), None),
                ];
                if o.wide {
                    row.extend([st.cell("-", None), st.cell("-", None)]);
                }
                t.add_row(row);
            }
        }
    }
    write_table(out, &t, "  ")
}

fn dash(s: &str) -> &str {
    if s.is_empty() { "-" } else { s }
}

fn age(created: Option<&str>, now: Timestamp) -> String {
    let Some(ts) = created.and_then(|c| c.parse::<Timestamp>().ok()) else {
        return "-".into();
    };
    let secs = now.as_second().saturating_sub(ts.as_second()).max(0) as u64;
    human(std::time::Duration::from_secs(secs))
}
