//! What works, what is at risk, what is broken (DESIGN.md "Health").
//!
//! Nothing here is a rule table: every verdict comes from running the real operations on a
//! clone of the world (deallocate + start, restore-vm, advancing the clock) and reading the calls
//! that failed. Fixes are suggested only after they were tried on a clone and made the check pass.
//!
//! - `report`: the report's types ([`HealthReport`], [`Verdict`], [`HealthDiff`]).
//! - `checks`: each asset's check ([`World::health`]), tried on forks.
//! - `explain`: the failed call a check saw, and the audited change behind it.
//! - `fixes`: commands that might repair a failed call, kept only when they work on a fork.
//! - `retirement`: ADE's retirement on 2028-09-15, tried as a boot (or restore) on a fork set to
//!   that day: at risk within `retirement::HORIZON`
//!   (90 days) of it, a note further off.
//! - `matrix`: [`World::what_if`] and the what-if matrix, which reruns only the checks whose
//!   recorded reads meet what a command changed.

mod checks;
mod explain;
mod fixes;
mod matrix;
mod report;
mod retirement;

pub use report::{
    AssetHealth, Blamed, Cause, FailedCall, HealthDiff, HealthReport, Verdict, VerdictChange,
};
