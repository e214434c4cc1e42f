//! The `--check` gate: the one function every operation that takes pods
//! down calls after each replaced pod is Ready and stable, and again right
//! before the next disruption ([`CheckGate::run`]), plus the refusal of
//! checks that cannot run, before the first disruption
//! ([`CheckGate::preflight`]). What a check means, which pods it runs on
//! and when to retry are decided in `plan::check`; one attempt is
//! `cluster::check::attempt`.

use std::time::Instant;

use k8s_openapi::api::core::v1::Pod;

use crate::cluster::Kube;
use crate::cluster::check::{attempt, can_create};
use crate::error::Failure;
use crate::interrupt::Interrupt;
use crate::plan::check::{Checks, Subject, Verdict, expand_probe, retry_after, targets};
use crate::plan::names::pod_ordinal;
use crate::plan::rbac::grant_hint;

/// Why the gate stopped.
#[derive(Debug, Clone)]
pub enum CheckError {
    /// A check never passed on `pod` within its retries and the deadline.
    Failed {
        pod: String,
        spec: String,
        attempts: u32,
        why: String,
    },
    /// A check could not run at all (forbidden, no such container).
    CannotRun {
        pod: String,
        spec: String,
        why: String,
    },
    /// Ctrl-C while checking.
    Interrupted,
}

impl CheckError {
    /// The failing pod, if any.
    pub fn pod(&self) -> Option<&str> {
        match self {
            CheckError::Failed { pod, .. } | CheckError::CannotRun { pod, .. } => Some(pod),
            CheckError::Interrupted => None,
        }
    }

    /// The failure in words, with the check's output tail.
    pub fn describe(&self) -> String {
        match self {
            CheckError::Failed {
                pod,
                spec,
                attempts,
                why,
            } => format!("check `{spec}` failed on pod {pod} ({attempts} attempt(s)): {why}"),
            CheckError::CannotRun { pod, spec, why } => {
                format!("check `{spec}` cannot run on pod {pod}: {why}")
            }
            CheckError::Interrupted => "interrupted while checking".into(),
        }
    }
}

/// The checks of one operation on one StatefulSet.
pub struct CheckGate<'a> {
    pub kube: &'a Kube,
    pub ns: &'a str,
    pub set: &'a str,
    pub checks: &'a Checks,
}

impl CheckGate<'_> {
    /// Before the first disruption: every pod has the containers the exec
    /// checks name, and the user may create `pods/exec` and
    /// `pods/portforward` as the checks need (a SelfSubjectAccessReview).
    /// `Err(Refused)` names the check, the pod or permission, the
    /// namespace, and says that nothing was changed.
    /// `dry`: only the containers are checked (a dry run sends no review).
    pub async fn preflight(&self, pods: &[&Pod], dry: bool) -> Result<(), Failure> {
        for p in pods {
            let name = p.metadata.name.as_deref().unwrap_or_default();
            let have: Vec<&str> = p
                .spec
                .iter()
                .flat_map(|s| s.containers.iter().map(|c| c.name.as_str()))
                .collect();
            for want in self.checks.containers() {
                if !have.contains(&want) {
                    let spec = self
                        .checks
                        .checks
                        .iter()
                        .find(|c| c.spec.contains(&format!("exec:{want}:")))
                        .map_or("", |c| c.spec.as_str());
                    return Err(Failure::Refused(format!(
                        "check `{spec}` names container {want:?}, which pod {name} of \
                         statefulset {} in namespace {} does not have (containers: {}). \
                         Nothing was changed; fix the --check",
                        self.set,
                        self.ns,
                        have.join(", ")
                    )));
                }
            }
        }
        if dry {
            return Ok(());
        }
        let (exec, http) = self.checks.needs();
        for (needed, sub) in [(exec, "exec"), (http, "portforward")] {
            if !needed {
                continue;
            }
            let (allowed, reason) = can_create(self.kube, self.ns, sub).await?;
            if !allowed {
                let hint = grant_hint("create", &format!("pods/{sub}"), Some(self.ns))
                    .map(|h| format!(" That permission is {h}."))
                    .unwrap_or_default();
                return Err(Failure::Refused(format!(
                    "the checks need permission to create pods/{sub} in namespace {}, which you \
                     do not have{}. Nothing was changed.{hint} Check with: kubectl auth can-i \
                     create pods/{sub} -n {}",
                    self.ns,
                    if reason.is_empty() {
                        String::new()
                    } else {
                        format!(" ({reason})")
                    },
                    self.ns
                )));
            }
        }
        Ok(())
    }

    /// Runs every check on the pods `scope` selects from `all` (the set's
    /// pods, by name) for `subject` (`plan::check::targets`), each retried
    /// with backoff while retries and time before `deadline` last. `first`:
    /// no pod was taken down yet, so a check that cannot run stops at once
    /// (otherwise it counts as a failed attempt: the API server may be
    /// briefly unable to reach a node).
    pub async fn run(
        &self,
        all: &[String],
        subject: &[String],
        deadline: Instant,
        first: bool,
    ) -> Result<(), CheckError> {
        let interrupted = Interrupt::global();
        for pod in targets(self.checks.on, all, subject) {
            let ordinal = pod_ordinal(&pod, self.set).unwrap_or(-1);
            let s = Subject {
                pod: &pod,
                ordinal,
                namespace: self.ns,
                set: self.set,
            };
            for check in &self.checks.checks {
                let probe = expand_probe(&check.probe, &s);
                let mut n = 0;
                loop {
                    if interrupted.is_set() {
                        return Err(CheckError::Interrupted);
                    }
                    n += 1;
                    let why = match attempt(self.kube, self.ns, &pod, &probe, self.checks.timeout)
                        .await
                    {
                        Verdict::Pass => {
                            eprintln!("check `{}` on {pod}: passed", check.spec);
                            break;
                        }
                        Verdict::CannotRun(why) if first => {
                            return Err(CheckError::CannotRun {
                                pod,
                                spec: check.spec.clone(),
                                why,
                            });
                        }
                        Verdict::CannotRun(why) | Verdict::Fail(why) => why,
                    };
                    let left = deadline.saturating_duration_since(Instant::now());
                    let Some(wait) = retry_after(n, self.checks.retries, self.checks.timeout, left)
                    else {
                        return Err(CheckError::Failed {
                            pod,
                            spec: check.spec.clone(),
                            attempts: n,
                            why,
                        });
                    };
                    let first_line = why.lines().next().unwrap_or_default();
                    eprintln!(
                        "check `{}` on {pod}: failed ({first_line}); retry {n} of {} in {}s",
                        check.spec,
                        self.checks.retries,
                        wait.as_secs()
                    );
                    tokio::select! {
                        _ = tokio::time::sleep(wait) => {}
                        _ = interrupted.wait() => return Err(CheckError::Interrupted),
                    }
                }
            }
        }
        Ok(())
    }
}

/// The pod's state in a line, for a failed check's report: phase, Ready,
/// and each container's state and restarts.
pub async fn pod_state(kube: &Kube, ns: &str, pod: &str) -> String {
    match kube.get_opt::<Pod>(ns, pod).await {
        Ok(Some(p)) => {
            let st = p.status.unwrap_or_default();
            let ready = st
                .conditions
                .iter()
                .flatten()
                .find(|c| c.type_ == "Ready")
                .map_or("unknown", |c| c.status.as_str())
                .to_string();
            let containers: Vec<String> = st
                .container_statuses
                .iter()
                .flatten()
                .map(|c| format!("{} ready={} restarts={}", c.name, c.ready, c.restart_count))
                .collect();
            format!(
                "pod {pod}: phase {}, Ready={ready}; {}",
                st.phase.as_deref().unwrap_or("unknown"),
                containers.join(", ")
            )
        }
        Ok(None) => format!("pod {pod}: not found"),
        Err(e) => format!("pod {pod}: could not be read ({e})"),
    }
}
