//! One pod of a restart: re-read, gate, evict (waiting out
//! PodDisruptionBudget refusals until the deadline), then wait for a
//! verified replacement.

use std::time::{Duration, Instant};

use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::jiff::Timestamp;

use super::{Options, PodResult, pod_result};
use crate::cluster::Kube;
use crate::cluster::evict::{self, Evicted};
use crate::cluster::set;
use crate::cluster::wait::{Next, WaitError, watch_set};
use crate::duration::human;
use crate::error::Failure;
use crate::ops::check::{CheckError, CheckGate, pod_state};
use crate::ops::interrupt::Interrupt;
use crate::ops::progress::{PodBar, Ui};
use crate::ops::retry::CONFLICT_ATTEMPTS;
use crate::ops::{gate, record};
use crate::plan::check::{Checks, before_subject};
use crate::plan::health::{Replacement, replacement};
use crate::plan::restart::{
    self as rplan, DonePod, Intent, Phase, RESTART_ANNOTATION, Step, explain_429, pdbs_for,
    recorded_intent, retry_delay,
};

/// How the eviction loop ended.
enum Evicting {
    Evicted {
        pod: Box<Pod>,
        want: Option<String>,
    },
    /// The pod was replaced after this restart started: only verify it.
    AlreadyReplaced,
}

/// Backoff state while a PodDisruptionBudget answers 429.
#[derive(Default)]
struct BudgetWait {
    attempt: u32,
    last_message: String,
}

pub(super) struct Ctx<'a> {
    pub(super) kube: &'a Kube,
    pub(super) ns: &'a str,
    pub(super) set_name: &'a str,
    pub(super) opts: &'a Options,
    pub(super) deadline: Instant,
    pub(super) window: Duration,
    pub(super) intent: &'a Intent,
    pub(super) ui: &'a Ui,
    pub(super) interrupted: &'a Interrupt,
    /// The intent annotation is on the set.
    pub(super) recorded: std::cell::Cell<bool>,
    /// This run evicted (or deleted) a pod.
    pub(super) evicted: std::cell::Cell<bool>,
    /// `--check`s (given or recorded).
    pub(super) checks: Option<&'a Checks>,
    /// The pod this run replaced last: what a `new` check re-checks right
    /// before the next disruption.
    pub(super) last_replaced: std::cell::RefCell<Vec<String>>,
}

impl Ctx<'_> {
    fn interrupted(&self) -> bool {
        self.interrupted.is_set()
    }

    fn what(&self) -> String {
        format!("statefulset {:?} in namespace {:?}", self.set_name, self.ns)
    }

    /// Evicts `step`'s pod once the disruption gate allows it, then waits
    /// for a verified replacement.
    pub(super) async fn restart(&self, step: &Step) -> Result<PodResult, Failure> {
        let mut bar = self.ui.pod(&step.pod);
        let (pod, want) = match self.evict_when_allowed(step, &mut bar).await? {
            Evicting::Evicted { pod, want } => (pod, want),
            Evicting::AlreadyReplaced => {
                bar.abandon("already replaced; verifying");
                return self.verify(step).await;
            }
        };
        let evicted_at = Instant::now();
        bar.phase(Phase::Evicted, "");
        let old_uid = pod.metadata.uid.clone().unwrap_or_default();
        let new_uid = self
            .wait_replacement(step, &old_uid, want.as_deref(), &mut bar)
            .await?;
        self.check_after(step).await?;
        self.mark_done(&step.pod, &new_uid).await?;
        let mut r = pod_result(step, "restarted");
        r.new_uid = Some(new_uid);
        r.revision = want;
        r.seconds = Some(evicted_at.elapsed().as_secs());
        Ok(r)
    }

    /// The eviction loop: each round re-reads the set (rule 6), passes the
    /// disruption gate, records the intent before the first eviction (rule
    /// 8) and sends one guarded eviction. 409/404 re-decide (rule 5); 429
    /// waits for the budget until the deadline (rule 4).
    async fn evict_when_allowed(&self, step: &Step, bar: &mut PodBar) -> Result<Evicting, Failure> {
        let mut budget = BudgetWait::default();
        let mut conflicts = 0;
        loop {
            if self.interrupted() {
                bar.abandon("interrupted before eviction");
                return Err(Failure::Interrupted(format!(
                    "interrupted before evicting {}; nothing is half-done. Resume with: {}",
                    step.pod, self.opts.resume
                )));
            }
            let set = set::get(self.kube, self.ns, self.set_name).await?;
            let pods = set::pods(self.kube, &set).await?;
            let refs: Vec<&Pod> = pods.iter().collect();
            let Some(pod) = refs
                .iter()
                .find(|p| p.metadata.name.as_deref() == Some(step.pod.as_str()))
                .map(|p| (*p).clone())
            else {
                bar.abandon("missing");
                return Err(self.gate_failure(Failure::Refused(format!(
                    "not evicting {}: it does not exist (the StatefulSet controller must create \
                     it first)",
                    step.pod
                ))));
            };
            // Replaced by someone else since the plan, after our start.
            if pod.metadata.uid.as_deref() != Some(step.uid.as_str())
                && created_after(&pod, self.intent.started())
            {
                return Ok(Evicting::AlreadyReplaced);
            }
            // The rest of the set is healthy (the pod itself may be the
            // unhealthy one, rule 3) and no claim of it loses its data.
            if let Err(e) = gate::may_take_down(self.kube, &set, &refs, &pod).await {
                bar.abandon("not evicted");
                return Err(self.gate_failure(e));
            }
            // The application's own checks, right before the disruption.
            if let Err(e) = self.check_before(step, &refs).await {
                bar.abandon("not evicted: check failed");
                return Err(e);
            }
            let want = rplan::expected_revision(&set, step.ordinal);
            // Rule 8: the record says which pod (and UID) goes now, before it
            // goes, so a re-run after an interruption verifies its
            // replacement instead of restarting it again.
            let evicting = DonePod {
                pod: step.pod.clone(),
                uid: pod.metadata.uid.clone().unwrap_or_default(),
            };
            // The gate's reads may have taken a while: check again right
            // before the record and the eviction.
            if self.interrupted() {
                bar.abandon("interrupted before eviction");
                return Err(Failure::Interrupted(format!(
                    "interrupted before evicting {}; nothing is half-done. Resume with: {}",
                    step.pod, self.opts.resume
                )));
            }
            let fallback = self.intent.clone();
            record::update(
                self.kube,
                self.ns,
                self.set_name,
                RESTART_ANNOTATION,
                |cur| {
                    let mut i = same_run(cur, &fallback)?;
                    i.evicting = Some(evicting.clone());
                    i.checks = fallback.checks.clone();
                    Ok(Some(i))
                },
            )
            .await?;
            self.recorded.set(true);
            let res = if self.opts.disable_eviction {
                evict::delete(self.kube, self.ns, &pod, false).await?
            } else {
                evict::evict(self.kube, self.ns, &pod, false).await?
            };
            match res {
                Evicted::Yes => {
                    self.evicted.set(true);
                    return Ok(Evicting::Evicted {
                        pod: Box::new(pod),
                        want,
                    });
                }
                Evicted::Conflict | Evicted::Gone => {
                    conflicts += 1;
                    if conflicts >= CONFLICT_ATTEMPTS {
                        bar.abandon("conflicts");
                        return Err(Failure::Conflict(format!(
                            "pod {} in namespace {:?} kept changing while it was being evicted; \
                             nothing was evicted. Resume with: {}",
                            step.pod, self.ns, self.opts.resume
                        )));
                    }
                }
                Evicted::Blocked { causes, .. } => {
                    self.wait_out_budget(step, &pod, &causes, &mut budget, bar)
                        .await?
                }
            }
        }
    }

    /// A 429: says which PodDisruptionBudget blocks (once per new message),
    /// then sleeps the backoff delay, or until the deadline, which ends the
    /// restart (exit 3) with nothing evicted for this pod.
    async fn wait_out_budget(
        &self,
        step: &Step,
        pod: &Pod,
        causes: &[String],
        wait: &mut BudgetWait,
        bar: &mut PodBar,
    ) -> Result<(), Failure> {
        let budgets = evict::budgets(self.kube, self.ns).await?;
        let msg = explain_429(&step.pod, causes, &pdbs_for(&budgets, pod));
        if msg != wait.last_message {
            self.ui
                .line(&format!("{msg} Waiting and retrying until the deadline."));
            wait.last_message = msg.clone();
        }
        bar.set(&format!(
            "blocked by PodDisruptionBudget, retry {}",
            wait.attempt + 1
        ));
        let delay = retry_delay(wait.attempt);
        wait.attempt += 1;
        let until = (Instant::now() + delay).min(self.deadline);
        tokio::select! {
            _ = tokio::time::sleep_until(until.into()) => {}
            _ = self.interrupted.wait() => {}
        }
        if self.interrupted() || Instant::now() < self.deadline {
            return Ok(());
        }
        bar.abandon("not evicted: blocked by PodDisruptionBudget");
        let done = self.done_count().await;
        let recorded = if done > 0 {
            format!(
                " {done} pod(s) restarted so far are recorded on {} (annotation \
                 {RESTART_ANNOTATION}).",
                self.what()
            )
        } else {
            String::new()
        };
        Err(Failure::TimedOut(format!(
            "timed out after {}: {msg} Nothing was evicted for {}.{recorded} Wait for the budget \
             to allow a disruption (kubectl get pdb -n {}), then resume with: {}",
            human(self.opts.timeout),
            step.pod,
            self.ns,
            self.opts.resume
        )))
    }

    /// A pod replaced by an interrupted run: evict nothing, just check that
    /// its replacement is Ready and stable.
    pub(super) async fn verify(&self, step: &Step) -> Result<PodResult, Failure> {
        let mut bar = self.ui.pod(&step.pod);
        let t = Instant::now();
        let set = set::get(self.kube, self.ns, self.set_name).await?;
        let want = rplan::expected_revision(&set, step.ordinal);
        // The UID the interrupted run evicted, when it recorded one; else
        // any pod created after the start will do.
        let old_uid = rplan::evicted_uid(self.intent, &step.pod);
        let new_uid = self
            .wait_replacement(step, &old_uid, want.as_deref(), &mut bar)
            .await?;
        self.check_after(step).await?;
        self.mark_done(&step.pod, &new_uid).await?;
        let mut r = pod_result(step, "verified");
        r.new_uid = Some(new_uid);
        r.revision = want;
        r.seconds = Some(t.elapsed().as_secs());
        Ok(r)
    }

    async fn wait_replacement(
        &self,
        step: &Step,
        old_uid: &str,
        want: Option<&str>,
        bar: &mut PodBar,
    ) -> Result<String, Failure> {
        let evicted_note = if old_uid.is_empty() {
            format!("{} was replaced by an earlier run", step.pod)
        } else {
            format!(
                "{} was evicted; the StatefulSet controller recreates it on its own",
                step.pod
            )
        };
        if self.interrupted() {
            bar.abandon("interrupted");
            return Err(Failure::Interrupted(format!(
                "interrupted: {evicted_note}. No other pod was touched. Resume with: {}",
                self.opts.resume
            )));
        }
        let remaining = self.deadline.saturating_duration_since(Instant::now());
        let window = self.window;
        let started = self.intent.started();
        let outcome = watch_set(
            self.kube,
            self.ns,
            self.set_name,
            remaining,
            |_| {},
            |_set, pods, now| {
                let pod = pods
                    .iter()
                    .find(|p| p.metadata.name.as_deref() == Some(step.pod.as_str()))
                    .copied();
                // Verifying: a pod from before the start is not a replacement.
                let old = match pod {
                    Some(p) if old_uid.is_empty() && !created_after(p, started) => {
                        p.metadata.uid.clone().unwrap_or_default()
                    }
                    _ => old_uid.to_string(),
                };
                let r = replacement(&old, pod, want, window, started, now);
                bar.phase(rplan::phase(&r, pod), &r.describe());
                match r {
                    Replacement::Done => Next::Done(Ok(pod
                        .and_then(|p| p.metadata.uid.clone())
                        .unwrap_or_default())),
                    Replacement::Failing(_) | Replacement::WrongRevision { .. } => Next::Done(Err(
                        (r.describe(), pod.and_then(|p| p.metadata.uid.clone())),
                    )),
                    Replacement::Stabilizing { remaining } => Next::Wait {
                        status: r.describe(),
                        recheck: Some(remaining.min(Duration::from_secs(1))),
                    },
                    _ => Next::Wait {
                        status: r.describe(),
                        recheck: None,
                    },
                }
            },
        )
        .await;
        match outcome {
            Ok(Ok(uid)) => {
                bar.finish("stable");
                Ok(uid)
            }
            Ok(Err((why, uid))) => {
                bar.abandon(&why);
                let events = self.events(&step.pod, uid.as_deref()).await;
                Err(Failure::Api(format!(
                    "restart of {} halted: the new {} is {why}.{events}\nNo other pod was touched. \
                     Look at it with `{}`, fix the cause, then resume with: {}",
                    self.what(),
                    step.pod,
                    crate::hint::command("status", self.set_name, self.ns),
                    self.opts.resume
                )))
            }
            Err(WaitError::Deadline { last, .. }) => {
                bar.abandon("timed out");
                Err(Failure::TimedOut(format!(
                    "timed out after {} waiting for the replacement of {} ({last}): \
                     {evicted_note}. No other pod was touched. Resume with: {}",
                    human(self.opts.timeout),
                    step.pod,
                    self.opts.resume
                )))
            }
            Err(WaitError::Interrupted { last }) => {
                bar.abandon("interrupted");
                Err(Failure::Interrupted(format!(
                    "interrupted while waiting for the replacement of {} ({last}): \
                     {evicted_note}. No other pod was touched. Resume with: {}",
                    step.pod, self.opts.resume
                )))
            }
            Err(WaitError::SetDeleted { .. }) => Err(Failure::NotFound(format!(
                "{} was deleted during the restart; {evicted_note}",
                self.what()
            ))),
            Err(WaitError::Api(f)) => Err(f),
        }
    }

    /// The checks right before `step`'s pod goes down (`ops::check`).
    async fn check_before(&self, step: &Step, pods: &[&Pod]) -> Result<(), Failure> {
        let Some(checks) = self.checks else {
            return Ok(());
        };
        let all = names_of(pods);
        let subject = before_subject(
            checks.on,
            &self.last_replaced.borrow(),
            std::slice::from_ref(&step.pod),
        );
        let first = !self.evicted.get();
        match self
            .gate(checks)
            .run(&all, &subject, self.deadline, first)
            .await
        {
            Ok(()) => Ok(()),
            Err(e) => {
                let what = format!("not evicting {}", step.pod);
                Err(self.check_failure(e, &what, first).await)
            }
        }
    }

    /// The checks once `step`'s replacement is Ready and stable.
    async fn check_after(&self, step: &Step) -> Result<(), Failure> {
        let Some(checks) = self.checks else {
            return Ok(());
        };
        let set = set::get(self.kube, self.ns, self.set_name).await?;
        let pods = set::pods(self.kube, &set).await?;
        let all = names_of(&pods.iter().collect::<Vec<_>>());
        let subject = vec![step.pod.clone()];
        let res = self
            .gate(checks)
            .run(&all, &subject, self.deadline, false)
            .await;
        *self.last_replaced.borrow_mut() = subject;
        match res {
            Ok(()) => Ok(()),
            Err(e) => {
                let what = format!("restart of {} halted after {}", self.what(), step.pod);
                Err(self.check_failure(e, &what, false).await)
            }
        }
    }

    fn gate<'b>(&'b self, checks: &'b Checks) -> CheckGate<'b> {
        CheckGate {
            kube: self.kube,
            ns: self.ns,
            set: self.set_name,
            checks,
        }
    }

    /// A failed check as the restart reports it: the check's output, the
    /// pod's state, and how to go on. `untouched`: no pod was taken down.
    async fn check_failure(&self, e: CheckError, what: &str, untouched: bool) -> Failure {
        let nothing = if untouched {
            "Nothing was evicted by this run."
        } else {
            "No other pod was touched."
        };
        match e {
            CheckError::Interrupted => Failure::Interrupted(format!(
                "interrupted while checking: {what}. {nothing} Resume with: {}",
                self.opts.resume
            )),
            CheckError::CannotRun { .. } if untouched => Failure::Refused(format!(
                "{what}: {}. {nothing} Fix the --check (or the permission), then run again",
                e.describe()
            )),
            e => {
                let state = match e.pod() {
                    Some(p) => pod_state(self.kube, self.ns, p).await,
                    None => String::new(),
                };
                Failure::Api(format!(
                    "{what}: {}\n{state}\n{nothing} Fix the cause, then resume with: {}",
                    e.describe(),
                    self.opts.resume
                ))
            }
        }
    }

    fn gate_failure(&self, e: Failure) -> Failure {
        match e {
            Failure::Refused(m) => Failure::Refused(format!(
                "{m}. Check with `{}`, then resume with: {}",
                crate::hint::command("status", self.set_name, self.ns),
                self.opts.resume
            )),
            other => other,
        }
    }

    async fn events(&self, pod: &str, uid: Option<&str>) -> String {
        match evict::pod_events(self.kube, self.ns, pod, uid).await {
            Ok(ev) if !ev.is_empty() => {
                let lines: Vec<String> = ev
                    .iter()
                    .rev()
                    .take(8)
                    .rev()
                    .map(|e| {
                        format!(
                            "\n  {} {}: {}",
                            e.type_.as_deref().unwrap_or("-"),
                            e.reason.as_deref().unwrap_or("-"),
                            e.message.as_deref().unwrap_or("").trim()
                        )
                    })
                    .collect();
                format!("\nEvents of {pod}:{}", lines.concat())
            }
            Ok(_) => format!("\nNo events for {pod}."),
            Err(e) => format!("\n(could not read the events of {pod}: {e})"),
        }
    }

    async fn mark_done(&self, pod: &str, uid: &str) -> Result<(), Failure> {
        let entry = DonePod {
            pod: pod.to_string(),
            uid: uid.to_string(),
        };
        let fallback = self.intent.clone();
        record::update(
            self.kube,
            self.ns,
            self.set_name,
            RESTART_ANNOTATION,
            move |cur| {
                let mut i = same_run(cur, &fallback)?;
                i.done.retain(|d| d.pod != entry.pod);
                i.done.push(entry.clone());
                Ok(Some(i))
            },
        )
        .await
    }

    async fn done_count(&self) -> usize {
        match set::get(self.kube, self.ns, self.set_name).await {
            Ok(s) => recorded_intent(&s)
                .ok()
                .flatten()
                .map_or(0, |i| i.done.len()),
            Err(_) => 0,
        }
    }
}

fn created_after(p: &Pod, started: Option<Timestamp>) -> bool {
    p.metadata
        .creation_timestamp
        .as_ref()
        .zip(started)
        .is_some_and(|(c, s)| c.0 > s)
}

/// The restart record to update: the one on the set when it is this run's
/// (same start), this run's own when there is none; another run's record
/// is refused, never merged into.
fn same_run(cur: Option<Intent>, mine: &Intent) -> Result<Intent, String> {
    match cur {
        None => Ok(mine.clone()),
        Some(c) if c.started_at == mine.started_at => Ok(c),
        Some(c) => Err(format!(
            "it now records a restart started at {} (this one started at {})",
            c.started_at, mine.started_at
        )),
    }
}

/// The pods' names, in the order given.
fn names_of(pods: &[&Pod]) -> Vec<String> {
    pods.iter()
        .filter_map(|p| p.metadata.name.clone())
        .collect()
}
