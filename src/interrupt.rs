//! Ctrl-C (and SIGTERM) for the whole process, installed by `main` before any request:
//! the first press sets a flag that every operation checks before each
//! write, that its waits select on, and that an API read in flight returns
//! on (`cluster::Kube::call`); a second press exits at once (130), as a
//! user pressing it twice expects.
//!
//! Installed at start, not on first use: once tokio listens for SIGINT the
//! default action (killing the process) is gone, so a handler installed
//! lazily by the first wait would leave a press between two waits unseen.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, OnceLock};

use futures::FutureExt;
use futures::channel::oneshot;
use futures::future::Shared;

use crate::error::Failure;

/// A handle on the process's Ctrl-C; cheap to clone.
#[derive(Clone)]
pub struct Interrupt {
    presses: Arc<AtomicU8>,
    signal: Shared<oneshot::Receiver<()>>,
}

static GLOBAL: OnceLock<Interrupt> = OnceLock::new();

/// The next delivery of `sig`; never, when it could not be registered.
#[cfg(unix)]
async fn recv(sig: &mut Option<tokio::signal::unix::Signal>) -> bool {
    match sig.as_mut() {
        Some(s) => s.recv().await.is_some(),
        None => std::future::pending().await,
    }
}

impl Interrupt {
    /// The process-wide handler. `main` calls it first thing inside the
    /// tokio runtime; later callers share it, so a press is never lost.
    /// Must be called inside a tokio runtime.
    pub fn global() -> Self {
        GLOBAL.get_or_init(Self::install).clone()
    }

    fn install() -> Self {
        let presses = Arc::new(AtomicU8::new(0));
        let (tx, rx) = oneshot::channel();
        let p = presses.clone();
        // Registered here, synchronously, rather than on the task's first
        // poll: a press right after start is already ours.
        // SIGTERM (`timeout`, a cancelled CI job, a closing terminal
        // multiplexer) is an interruption too: the same safe stop.
        #[cfg(unix)]
        let (mut sigint, mut sigterm) = {
            use tokio::signal::unix::{SignalKind, signal};
            (
                signal(SignalKind::interrupt()).ok(),
                signal(SignalKind::terminate()).ok(),
            )
        };
        tokio::spawn(async move {
            let mut tx = Some(tx);
            loop {
                #[cfg(unix)]
                let pressed = tokio::select! {
                    r = recv(&mut sigint) => r,
                    r = recv(&mut sigterm) => r,
                };
                #[cfg(not(unix))]
                let pressed = tokio::signal::ctrl_c().await.is_ok();
                if !pressed {
                    return;
                }
                if p.fetch_add(1, Ordering::SeqCst) >= 1 {
                    eprintln!("interrupted twice: exiting now");
                    std::process::exit(130);
                }
                eprintln!(
                    "interrupted: stopping before the next change (press Ctrl-C again to exit \
                     at once)"
                );
                if let Some(tx) = tx.take() {
                    let _ = tx.send(());
                }
            }
        });
        Self {
            presses,
            signal: rx.shared(),
        }
    }

    /// Whether Ctrl-C was pressed.
    pub fn is_set(&self) -> bool {
        self.presses.load(Ordering::SeqCst) > 0
    }

    /// The check before a write: `Err(Failure::Interrupted(message()))`
    /// once Ctrl-C was pressed, so the write is not sent. `message` says
    /// what was not done, the state left, and the resume command.
    pub fn before_write(&self, message: impl FnOnce() -> String) -> Result<(), Failure> {
        if self.is_set() {
            return Err(Failure::Interrupted(message()));
        }
        Ok(())
    }

    /// Resolves on the first Ctrl-C (never, if no handler could be installed).
    pub async fn wait(&self) {
        if self.signal.clone().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}
