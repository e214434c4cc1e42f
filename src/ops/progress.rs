//! Progress on stderr for operations that take pods down one at a time: one
//! spinner per pod on a terminal, plain lines otherwise (one per phase
//! change), so logs and CI output stay readable.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::plan::restart::Phase;

/// Where progress goes: spinners on a terminal, plain lines otherwise.
pub struct Ui {
    multi: Option<MultiProgress>,
}

impl Ui {
    /// Spinners when stderr is a terminal, plain lines otherwise.
    pub fn for_stderr() -> Self {
        let multi = std::io::stderr()
            .is_terminal()
            .then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr()));
        Self { multi }
    }

    pub fn line(&self, s: &str) {
        match &self.multi {
            Some(m) => {
                let _ = m.println(s);
            }
            None => eprintln!("{s}"),
        }
    }

    pub fn pod(&self, name: &str) -> PodBar {
        let bar = self.multi.as_ref().map(|m| {
            let b = m.add(ProgressBar::new_spinner());
            if let Ok(st) = ProgressStyle::with_template("{spinner} {prefix:.bold} {wide_msg}") {
                b.set_style(st);
            }
            b.set_prefix(name.to_string());
            b.enable_steady_tick(Duration::from_millis(120));
            b
        });
        PodBar {
            name: name.to_string(),
            bar,
            last: None,
        }
    }
}

pub struct PodBar {
    name: String,
    bar: Option<ProgressBar>,
    last: Option<Phase>,
}

impl PodBar {
    pub fn phase(&mut self, p: Phase, detail: &str) {
        let msg = if detail.is_empty() || detail.eq_ignore_ascii_case(p.label()) {
            p.label().to_string()
        } else {
            format!("{}: {detail}", p.label())
        };
        match &self.bar {
            Some(b) => b.set_message(msg),
            None if self.last != Some(p) => eprintln!("{}: {msg}", self.name),
            None => {}
        }
        self.last = Some(p);
    }

    pub fn set(&mut self, msg: &str) {
        match &self.bar {
            Some(b) => b.set_message(msg.to_string()),
            None => eprintln!("{}: {msg}", self.name),
        }
    }

    pub fn finish(&mut self, msg: &str) {
        if let Some(b) = &self.bar {
            b.finish_with_message(msg.to_string());
        }
    }

    pub fn abandon(&mut self, msg: &str) {
        match &self.bar {
            Some(b) => b.abandon_with_message(msg.to_string()),
            None => eprintln!("{}: {msg}", self.name),
        }
    }
}
