//! Ctrl-C for the whole process: the first press sets a flag that every
//! operation checks before each write and that its waits select on; a
//! second press exits at once (130), as a user pressing it twice expects.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, OnceLock};

use futures::FutureExt;
use futures::channel::oneshot;
use futures::future::Shared;

/// A handle on the process's Ctrl-C; cheap to clone.
#[derive(Clone)]
pub struct Interrupt {
    presses: Arc<AtomicU8>,
    signal: Shared<oneshot::Receiver<()>>,
}

static GLOBAL: OnceLock<Interrupt> = OnceLock::new();

impl Interrupt {
    /// The process-wide handler, installed on first use (inside the tokio
    /// runtime). Every caller shares it, so a press is never lost between
    /// two waits.
    pub fn global() -> Self {
        GLOBAL.get_or_init(Self::install).clone()
    }

    fn install() -> Self {
        let presses = Arc::new(AtomicU8::new(0));
        let (tx, rx) = oneshot::channel();
        let p = presses.clone();
        tokio::spawn(async move {
            let mut tx = Some(tx);
            while tokio::signal::ctrl_c().await.is_ok() {
                if p.fetch_add(1, Ordering::SeqCst) >= 1 {
                    eprintln!("interrupted twice: exiting now");
                    std::process::exit(130);
                }
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

    /// Resolves on the first Ctrl-C (never, if no handler could be installed).
    pub async fn wait(&self) {
        if self.signal.clone().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}
