//! Ctrl-C for operations: the process-wide handler lives in
//! [`crate::interrupt`] (a leaf module, so `cluster::Kube::call` can race
//! reads against it); operations use it from here.

pub use crate::interrupt::Interrupt;
