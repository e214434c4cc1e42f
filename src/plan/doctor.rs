//! `kubectl sts doctor`: checks of a StatefulSet together with its Service,
//! PodDisruptionBudgets, claims, PersistentVolumes, StorageClasses, nodes
//! and pods. Each check is a pure function over [`Facts`] (the objects read
//! for one set) with a stable ID; [`diagnose`] runs them all, marks the
//! ones a set silences, and reports the ones whose inputs could not be read.
//! The report is a documented, stable shape (docs/doctor-report.md).

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{Node, PersistentVolume, PersistentVolumeClaim, Pod, Service};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::api::storage::v1::StorageClass;
use k8s_openapi::jiff::Timestamp;
use serde::Serialize;

use super::ANNOTATION_PREFIX;

mod checks;
#[cfg(test)]
mod tests;

pub use checks::all as checks;

/// The annotation on a StatefulSet listing the check IDs its owners accept
/// (comma or space separated): those findings are reported as silenced and
/// never fail the run.
pub fn silence_annotation() -> String {
    format!("{ANNOTATION_PREFIX}doctor-silence")
}

/// How much a finding matters; ordered, so `--fail-on` compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One problem found by one check.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// The check's stable ID (see [`checks`]).
    pub check: &'static str,
    pub severity: Severity,
    /// One line: what is wrong.
    pub message: String,
    /// The objects involved, as `kind/name` (namespaced ones in the set's
    /// namespace).
    pub objects: Vec<String>,
    /// The field values the finding rests on, e.g. `spec.clusterIP: 10.0.0.7`.
    pub evidence: Vec<String>,
    /// Why it matters for a stateful application.
    pub why: String,
    /// A concrete command or manifest change.
    pub fix: String,
    /// Accepted by the set's owners (the silence annotation): reported, but
    /// never counted by `--fail-on`.
    pub silenced: bool,
}

impl Finding {
    /// A finding of `check` about the set (its `statefulset/NAME` comes
    /// first in `objects`).
    pub fn new(check: &'static str, severity: Severity, f: &Facts<'_>, message: String) -> Self {
        Finding {
            check,
            severity,
            message,
            objects: vec![format!("statefulset/{}", f.name())],
            evidence: vec![],
            why: String::new(),
            fix: String::new(),
            silenced: false,
        }
    }

    pub fn object(mut self, kind: &str, name: &str) -> Self {
        let o = format!("{kind}/{name}");
        if !self.objects.contains(&o) {
            self.objects.push(o);
        }
        self
    }

    pub fn evidence(mut self, e: impl Into<String>) -> Self {
        self.evidence.push(e.into());
        self
    }

    pub fn why(mut self, why: impl Into<String>) -> Self {
        self.why = why.into();
        self
    }

    pub fn fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = fix.into();
        self
    }
}

/// A kind of object a check reads that could not be read (forbidden, or its
/// API group is not served).
#[derive(Debug, Clone, PartialEq)]
pub struct Unavailable(pub String);

/// A list read for the report: its objects, or why it could not be read.
#[derive(Debug, Clone)]
pub enum Read<T> {
    Got(Vec<T>),
    Unavailable(String),
}

impl<T> Read<T> {
    fn in_ns<'a>(&'a self, ns: &str) -> Result<Vec<&'a T>, Unavailable>
    where
        T: k8s_openapi::Metadata<Ty = k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta>,
    {
        match self {
            Read::Got(v) => Ok(v
                .iter()
                .filter(|o| o.metadata().namespace.as_deref().unwrap_or_default() == ns)
                .collect()),
            Read::Unavailable(why) => Err(Unavailable(why.clone())),
        }
    }

    fn all(&self) -> Result<&[T], Unavailable> {
        match self {
            Read::Got(v) => Ok(v),
            Read::Unavailable(why) => Err(Unavailable(why.clone())),
        }
    }
}

/// Everything read for the sets in scope: one list per kind.
#[derive(Debug, Clone)]
pub struct World {
    pub sets: Vec<StatefulSet>,
    /// Pods of the namespaces in scope (a set's pods are picked by owner).
    pub pods: Vec<Pod>,
    pub services: Read<Service>,
    pub pdbs: Read<PodDisruptionBudget>,
    pub pvcs: Read<PersistentVolumeClaim>,
    pub pvs: Read<PersistentVolume>,
    pub storage_classes: Read<StorageClass>,
    pub nodes: Read<Node>,
    pub now: Timestamp,
}

impl World {
    /// `sets` with nothing else read yet (every other kind empty).
    pub fn new(sets: Vec<StatefulSet>, now: Timestamp) -> Self {
        World {
            sets,
            pods: vec![],
            services: Read::Got(vec![]),
            pdbs: Read::Got(vec![]),
            pvcs: Read::Got(vec![]),
            pvs: Read::Got(vec![]),
            storage_classes: Read::Got(vec![]),
            nodes: Read::Got(vec![]),
            now,
        }
    }
}

/// The objects one set's checks look at. Accessors of kinds that may be
/// unreadable return [`Unavailable`], which a check passes up with `?`: the
/// check is then reported as not run, with the reason.
pub struct Facts<'a> {
    pub set: &'a StatefulSet,
    /// The pods the set owns.
    pub pods: Vec<&'a Pod>,
    pub now: Timestamp,
    world: &'a World,
}

impl<'a> Facts<'a> {
    pub fn new(world: &'a World, set: &'a StatefulSet) -> Self {
        let pods = world
            .pods
            .iter()
            .filter(|p| p.metadata.namespace == set.metadata.namespace && super::set::owns(set, p))
            .collect();
        Facts {
            set,
            pods,
            now: world.now,
            world,
        }
    }

    pub fn name(&self) -> &'a str {
        self.set.metadata.name.as_deref().unwrap_or_default()
    }

    pub fn ns(&self) -> &'a str {
        self.set.metadata.namespace.as_deref().unwrap_or_default()
    }

    /// The pod template's labels: what a Service, PodDisruptionBudget or
    /// spread constraint must select to cover the set's pods.
    pub fn template_labels(&self) -> Option<&'a BTreeMap<String, String>> {
        self.set
            .spec
            .template
            .metadata
            .as_ref()
            .and_then(|m| m.labels.as_ref())
    }

    /// The template's labels, or the set's matchLabels when the template
    /// has none: the labels a suggested selector names.
    pub fn selector_labels(&self) -> Option<&'a BTreeMap<String, String>> {
        self.template_labels()
            .or(self.set.spec.selector.match_labels.as_ref())
    }

    /// Services of the set's namespace.
    pub fn services(&self) -> Result<Vec<&'a Service>, Unavailable> {
        self.world.services.in_ns(self.ns())
    }

    /// PodDisruptionBudgets of the set's namespace.
    pub fn pdbs(&self) -> Result<Vec<&'a PodDisruptionBudget>, Unavailable> {
        self.world.pdbs.in_ns(self.ns())
    }

    /// Claims of the set's namespace (all of them: a check picks the set's
    /// by name, `<template>-<set>-<ordinal>`).
    pub fn claims(&self) -> Result<Vec<&'a PersistentVolumeClaim>, Unavailable> {
        self.world.pvcs.in_ns(self.ns())
    }

    pub fn pvs(&self) -> Result<&'a [PersistentVolume], Unavailable> {
        self.world.pvs.all()
    }

    pub fn storage_classes(&self) -> Result<&'a [StorageClass], Unavailable> {
        self.world.storage_classes.all()
    }

    pub fn nodes(&self) -> Result<&'a [Node], Unavailable> {
        self.world.nodes.all()
    }
}

/// A check: a stable ID, the most it reports, one line on what it looks
/// for (the README's table of checks), and the function.
pub struct Check {
    pub id: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub run: fn(&Facts<'_>) -> Result<Vec<Finding>, Unavailable>,
}

/// Checks that could not run for one reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Skipped {
    pub checks: Vec<&'static str>,
    pub reason: String,
}

/// The doctor's verdict on one set.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SetReport {
    pub namespace: String,
    pub name: String,
    /// Errors first, then warnings, then infos; in check order within each.
    pub findings: Vec<Finding>,
    /// Checks not run because what they read could not be read.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<Skipped>,
}

/// Counts of unsilenced findings per severity, and of silenced ones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub silenced: usize,
}

/// `kubectl sts doctor -o json|yaml` (docs/doctor-report.md).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DoctorReport {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub stateful_sets: Vec<SetReport>,
    pub summary: Summary,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// The IDs a set silences through [`silence_annotation`].
pub fn silenced_ids(set: &StatefulSet) -> BTreeSet<String> {
    set.metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(&silence_annotation()))
        .map(|v| {
            v.split(|c: char| c == ',' || c.is_whitespace())
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Runs `checks` on one set: findings sorted by severity, silenced ones
/// marked, checks whose inputs were unreadable grouped by reason. An
/// unknown ID in the silence annotation is itself an info finding (a typo
/// there would silence nothing).
pub fn diagnose_set(facts: &Facts<'_>, checks: &[&Check]) -> SetReport {
    let silenced = silenced_ids(facts.set);
    let mut findings = vec![];
    let mut skipped: Vec<Skipped> = vec![];
    for c in checks {
        match (c.run)(facts) {
            Ok(found) => findings.extend(found),
            Err(Unavailable(reason)) => match skipped.iter_mut().find(|s| s.reason == reason) {
                Some(s) => s.checks.push(c.id),
                None => skipped.push(Skipped {
                    checks: vec![c.id],
                    reason,
                }),
            },
        }
    }
    let unknown: Vec<&String> = silenced
        .iter()
        .filter(|id| !checks.iter().any(|c| c.id == id.as_str()))
        .collect();
    if !unknown.is_empty() {
        let list = unknown
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        findings.push(
            Finding::new(
                "silence-unknown-check",
                Severity::Info,
                facts,
                format!("the silence annotation names checks that do not exist: {list}"),
            )
            .evidence(format!(
                "metadata.annotations[{}]: {list}",
                silence_annotation()
            ))
            .why("a misspelt ID silences nothing; the finding it was meant for still counts")
            .fix("use the IDs of `kubectl sts doctor --help` (listed in the README)"),
        );
    }
    for f in &mut findings {
        f.silenced = silenced.contains(f.check);
    }
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    SetReport {
        namespace: facts.ns().to_string(),
        name: facts.name().to_string(),
        findings,
        skipped,
    }
}

/// Every set of `world` through every check, in the API's order.
pub fn diagnose(world: &World, warnings: Vec<String>) -> DoctorReport {
    let stateful_sets: Vec<SetReport> = world
        .sets
        .iter()
        .map(|s| diagnose_set(&Facts::new(world, s), &checks()))
        .collect();
    report_of(stateful_sets, warnings)
}

/// The report of sets already diagnosed (kept in their order), with the
/// counts of their findings: unsilenced ones per severity, and silenced
/// ones. A report built namespace by namespace is the same as one built at
/// once.
pub fn report_of(stateful_sets: Vec<SetReport>, warnings: Vec<String>) -> DoctorReport {
    let mut summary = Summary::default();
    for f in stateful_sets.iter().flat_map(|s| &s.findings) {
        match (f.silenced, f.severity) {
            (true, _) => summary.silenced += 1,
            (false, Severity::Error) => summary.errors += 1,
            (false, Severity::Warning) => summary.warnings += 1,
            (false, Severity::Info) => summary.infos += 1,
        }
    }
    DoctorReport {
        api_version: super::status::REPORT_API_VERSION,
        kind: "DoctorReport",
        stateful_sets,
        summary,
        warnings,
    }
}

/// Whether the run fails under `--fail-on`: some unsilenced finding at or
/// above `threshold` (`None`: `--fail-on never`).
pub fn fails(report: &DoctorReport, threshold: Option<Severity>) -> bool {
    let Some(t) = threshold else {
        return false;
    };
    report
        .stateful_sets
        .iter()
        .flat_map(|s| &s.findings)
        .any(|f| !f.silenced && f.severity >= t)
}
