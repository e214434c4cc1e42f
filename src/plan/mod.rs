//! Pure decisions: no I/O, no clock, no client. Each takes API objects (and
//! `now` where time matters) and returns a value that the commands render or
//! act on, so every rule is unit-tested without a cluster.

pub mod health;
pub mod names;
pub mod quantity;
pub mod selector;
pub mod status;

#[cfg(test)]
pub mod fixtures;
