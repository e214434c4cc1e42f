//! Settling a partition (safety rule 9, stricter than `kubectl rollout
//! status`): watch the set until every pod from the partition up is new, at
//! the update revision, Ready and stable and every pod below it still at the
//! current revision; or a pod fails, the deadline passes, or Ctrl-C.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use k8s_openapi::jiff::Timestamp;

use super::Ctx;
use crate::cluster::wait::{Next, WaitError, watch_set};
use crate::duration::human;
use crate::error::Failure;
use crate::plan::health::stability_window;
use crate::plan::rollout::{PodProgress, Verdict, decide};
use crate::plan::set as facts;

/// How a wait ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Done,
    Failed {
        pod: String,
        reason: String,
    },
    /// The last status, and the first watched pod that was not done.
    Deadline(String, Option<String>),
    Interrupted(String),
}

/// What to wait for.
pub struct Wait<'a> {
    /// The partition to verify; `None`: the set's own, as watched.
    pub partition: Option<i32>,
    /// Pod name -> UID it had before the step (it must come back new).
    pub replaced: &'a BTreeMap<String, String>,
    pub timeout: Duration,
    pub min_ready: Duration,
    /// The operation's start: container restarts after it are failures,
    /// those before it history. `None` for a read-only `rollout status`.
    pub since: Option<Timestamp>,
    /// Pods shown in the progress lines.
    pub watch: &'a [String],
}

/// Watches the set until rule 9 holds for the partition, a pod fails, the
/// deadline passes or Ctrl-C (`cluster::wait::watch_set` selects on the
/// process-wide interrupt). A deleted set is `Failure::NotFound`.
pub async fn wait_partition(ctx: &Ctx, w: &Wait<'_>) -> Result<Outcome, Failure> {
    // A Ctrl-C pressed before this wait (during the settle check of the
    // write) is not lost.
    if crate::ops::interrupt::Interrupt::global().is_set() {
        return Ok(Outcome::Interrupted(
            "Ctrl-C pressed right after the partition was written".into(),
        ));
    }
    let mut progress = Progress::new(w.watch);
    let res = watch_set(
        &ctx.kube,
        &ctx.ns,
        &ctx.name,
        w.timeout,
        |_| {},
        |set, pods, now| {
            let p = w.partition.unwrap_or_else(|| facts::partition(set));
            let window = stability_window(set, w.min_ready);
            match decide(set, pods, p, window, w.replaced, w.since, now) {
                Verdict::Done(v) => {
                    progress.update(&v);
                    Next::Done(Ok(()))
                }
                Verdict::Failed { pod, reason, pods } => {
                    progress.update(&pods);
                    Next::Done(Err((pod, reason)))
                }
                Verdict::Waiting {
                    status,
                    pods,
                    recheck,
                } => {
                    progress.update(&pods);
                    Next::Wait { status, recheck }
                }
            }
        },
    )
    .await;
    progress.finish();
    match res {
        Ok(Ok(())) => Ok(Outcome::Done),
        Ok(Err((pod, reason))) => Ok(Outcome::Failed { pod, reason }),
        Err(WaitError::Deadline { last, .. }) => Ok(Outcome::Deadline(last, progress.pending())),
        Err(WaitError::Interrupted { last }) => Ok(Outcome::Interrupted(last)),
        Err(WaitError::SetDeleted { ns, name }) => Err(Failure::NotFound(format!(
            "statefulset {name:?} in namespace {ns:?} was deleted during the rollout"
        ))),
        Err(WaitError::Api(f)) => Err(f),
    }
}

/// One progress line per pod of interest: a spinner on a terminal, plain
/// lines otherwise. Rollout progress is per rule-9 state, not per restart
/// phase, hence not `ops::progress::Ui`.
struct Progress {
    multi: Option<MultiProgress>,
    bars: BTreeMap<String, ProgressBar>,
    last: BTreeMap<String, String>,
    done: BTreeMap<String, bool>,
    started: Instant,
}

impl Progress {
    fn new(pods: &[String]) -> Self {
        let tty = std::io::stderr().is_terminal();
        let multi = tty.then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr()));
        let mut bars = BTreeMap::new();
        if let Some(m) = &multi {
            let style = ProgressStyle::with_template("{spinner} {prefix:<12} {elapsed:>4} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner());
            for p in pods {
                let b = m.add(ProgressBar::new_spinner());
                b.set_style(style.clone());
                b.set_prefix(p.clone());
                b.enable_steady_tick(Duration::from_millis(120));
                bars.insert(p.clone(), b);
            }
        }
        Self {
            multi,
            bars,
            last: pods.iter().map(|p| (p.clone(), String::new())).collect(),
            done: pods.iter().map(|p| (p.clone(), false)).collect(),
            started: Instant::now(),
        }
    }

    /// The first watched pod, highest ordinal first, that is not done.
    fn pending(&self) -> Option<String> {
        let mut v: Vec<&String> = self
            .done
            .iter()
            .filter(|(_, d)| !**d)
            .map(|(n, _)| n)
            .collect();
        v.sort_by_key(|n| std::cmp::Reverse((n.len(), n.to_string())));
        v.first().map(|n| n.to_string())
    }

    fn update(&mut self, pods: &[PodProgress]) {
        for p in pods {
            if let Some(d) = self.done.get_mut(&p.name) {
                *d = p.done;
            }
            let Some(last) = self.last.get_mut(&p.name) else {
                continue;
            };
            if *last == p.state {
                continue;
            }
            last.clone_from(&p.state);
            match self.bars.get(&p.name) {
                Some(b) if p.done => b.finish_with_message(format!("✓ {}", p.state)),
                Some(b) => b.set_message(p.state.clone()),
                None => eprintln!(
                    "  {:<12} {:>4} {}",
                    p.name,
                    human(self.started.elapsed()),
                    p.state
                ),
            }
        }
    }

    fn finish(&self) {
        for b in self.bars.values() {
            if !b.is_finished() {
                b.abandon();
            }
        }
        if let Some(m) = &self.multi {
            let _ = m.clear();
        }
    }
}
