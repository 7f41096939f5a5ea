//! ADE's retirement as a dated risk: the boot (or restore) tried on a fork whose calendar reads
//! 15 September 2028 (Learn's retirement notice: "encrypted disks will fail to unlock after VM
//! reboots"), so the risk comes from the same failed call the asset will meet on that day.
//!
//! A dated break is at risk only within [`HORIZON`] of its date, the window in which the report
//! already calls a scheduled break at risk (a soft-deleted secret's purge, at most 90 days
//! away). Further off it is a note with the date: "Until that date, you can continue to use
//! Azure Disk Encryption without disruption", and an at-risk verdict held for years would hide
//! every what-if that turns an ADE VM at risk today (docs/fidelity.md, "Encryption at host and
//! ADE's retirement").

use crate::error::ErrorCode;
use crate::time::SimDuration;
use crate::world::{World, ade_retirement};

use super::checks::Check;
use super::explain::{Failure, try_check};

/// How far ahead of its date a dated break turns a verdict `at-risk`: 90 days, the longest
/// retention a vault can have (R20), so a scheduled purge and the retirement count alike.
pub(super) const HORIZON: SimDuration = SimDuration::days(90);

/// The retirement as it meets one asset, seen before the date.
pub(super) struct Retirement {
    /// Whole days until the date (at least 1).
    pub(super) days: u64,
    /// Within [`HORIZON`]: the verdict is at risk.
    pub(super) near: bool,
    /// The failed call on the day (`unlock ADE disk ... -> 500 AdeRetired`).
    pub(super) failure: Option<Box<Failure>>,
}

impl Retirement {
    /// The note the report shows: the date, how many days are left when it is near, what fails
    /// then, and what to do.
    pub(super) fn note(&self, what_fails: &str, advice: &str) -> String {
        let left = match (self.near, self.days) {
            (false, _) => String::new(),
            (true, 1) => " (in 1 day)".to_owned(),
            (true, n) => format!(" (in {n} days)"),
        };
        format!(
            "Azure Disk Encryption retires on {}{left}: from then on {what_fails}. {advice}",
            ade_retirement().date_string()
        )
    }
}

/// Whether a check's failure is the retirement's own call.
pub(super) fn retired(outcome: &Result<(), Option<Box<Failure>>>) -> bool {
    matches!(outcome, Err(Some(f)) if f.code() == Some(ErrorCode::AdeRetired))
}

/// The note for an asset the retirement has reached.
pub(super) fn retired_note(what: &str) -> String {
    format!(
        "Azure Disk Encryption retired on {}: {what}.",
        ade_retirement().date_string()
    )
}

/// Whether `check`, which works today, fails with the retirement's own call when tried on the
/// retirement date. `None` on or after the date (the asset's own check then meets it) and when
/// the asset does not depend on ADE. `far` says whether to look when the date is beyond
/// [`HORIZON`] (only for a note: the verdict does not depend on it).
pub(super) fn retirement_risk(w: &World, check: Check<'_>, far: bool) -> Option<Retirement> {
    let (now, date) = (w.now(), ade_retirement());
    if now >= date {
        return None;
    }
    let days = (date.secs() - now.secs()).div_ceil(SimDuration::DAY.secs());
    let near = date.secs() - now.secs() <= HORIZON.secs();
    if !near && !far {
        return None;
    }
    let mut on_the_day = w.fork();
    on_the_day.fx.now = date;
    let Err(failure) = try_check(&on_the_day, check) else {
        return None;
    };
    if failure.as_ref().and_then(|f| f.code()) != Some(ErrorCode::AdeRetired) {
        return None;
    }
    Some(Retirement {
        days,
        near,
        failure,
    })
}
