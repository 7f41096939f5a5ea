//! What a command produces besides its change to the world's state: the clock it reads, the
//! random draws it makes, the events it queues and the audit and Activity log entries it writes.
//! They travel as one value, [`Effects`], so a handler borrows them beside the state it changes,
//! and `apply_as` keeps them (events and logs stay on the record, R14) whether or not the change
//! is kept.

use std::collections::VecDeque;

use crate::activity::{ActivityEntry, FAILED, SUCCEEDED};
use crate::asset::AssetId;
use crate::audit::{AuditEntry, reason_phrase};
use crate::crypto::SimRng;
use crate::event::{Call, CallResult, Event};
use crate::time::SimTime;

#[derive(Debug, Clone)]
pub(crate) struct Effects {
    /// The simulated clock.
    pub(crate) now: SimTime,
    /// The one source of randomness (keys, nonces, ids), drawn from the seed.
    rng: SimRng,
    /// Events not yet polled, oldest first.
    events: VecDeque<Event>,
    /// The audit log, oldest first.
    audit: Vec<AuditEntry>,
    /// Entries before `audit[0]`: nonzero only in a fork, which leaves them out.
    audit_base: u64,
    /// The Activity log (Resource Manager operations), oldest first.
    activity: Vec<ActivityEntry>,
    /// Entries before `activity[0]`, as `audit_base`.
    activity_base: u64,
}

/// The part of [`Effects`] that only grows: taken out of a world while a copy of it runs a
/// command, and given back whichever way the command ends.
#[derive(Debug, Default)]
pub(crate) struct Log {
    events: VecDeque<Event>,
    audit: Vec<AuditEntry>,
    activity: Vec<ActivityEntry>,
}

impl Effects {
    pub(crate) fn new(rng: SimRng) -> Effects {
        Effects {
            now: SimTime::ZERO,
            rng,
            events: VecDeque::new(),
            audit: Vec::new(),
            audit_base: 0,
            activity: Vec::new(),
            activity_base: 0,
        }
    }

    /// The same clock and generator with an empty log whose entry ids keep counting from this
    /// one's, so a fork's entries read as they would here.
    pub(crate) fn fork(&self) -> Effects {
        Effects {
            now: self.now,
            rng: self.rng.clone(),
            events: VecDeque::new(),
            audit: Vec::new(),
            audit_base: self.audit_next_id() - 1,
            activity: Vec::new(),
            activity_base: self.activity_base + self.activity.len() as u64,
        }
    }

    pub(crate) fn take_log(&mut self) -> Log {
        Log {
            events: std::mem::take(&mut self.events),
            audit: std::mem::take(&mut self.audit),
            activity: std::mem::take(&mut self.activity),
        }
    }

    pub(crate) fn put_log(&mut self, log: Log) {
        self.events = log.events;
        self.audit = log.audit;
        self.activity = log.activity;
    }

    pub(crate) fn rng(&mut self) -> &mut SimRng {
        &mut self.rng
    }

    /// A GUID-like name from the seeded generator (BEK secret names, R1; object ids).
    pub(crate) fn guid(&mut self) -> String {
        let h = self.rng.hex(16);
        format!(
            "{}-{}-{}-{}-{}",
            &h[0..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..32]
        )
    }

    pub(crate) fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    pub(crate) fn audit(&self) -> &[AuditEntry] {
        &self.audit
    }

    pub(crate) fn activity(&self) -> &[ActivityEntry] {
        &self.activity
    }

    /// The id the next audit entry gets.
    fn audit_next_id(&self) -> u64 {
        self.audit_base + self.audit.len() as u64 + 1
    }

    /// Queues a state-change event.
    pub(crate) fn state(&mut self, object: AssetId, change: impl Into<String>) {
        self.events.push_back(Event::State {
            time: self.now,
            object,
            change: change.into(),
        });
    }

    /// Queues a call between actors.
    pub(crate) fn call(
        &mut self,
        caller: &str,
        callee: &str,
        operation: &str,
        object: &str,
        version: Option<String>,
        result: CallResult,
    ) {
        let status = match &result {
            CallResult::Allow => 200,
            CallResult::Deny(_) => 403,
            CallResult::Fail { status, .. } => *status,
        };
        self.events.push_back(Event::Call(Call {
            time: self.now,
            caller: caller.to_owned(),
            callee: callee.to_owned(),
            operation: operation.to_owned(),
            object: object.to_owned(),
            version,
            result,
            status,
        }));
    }

    /// Writes an audit entry (R14) for a call that answered with HTTP `status`.
    pub(crate) fn audit_entry(
        &mut self,
        caller: &str,
        vault: &str,
        operation: &str,
        request_uri: String,
        status: u16,
        description: String,
    ) {
        let id = self.audit_next_id();
        self.audit.push(AuditEntry {
            id,
            time: self.now,
            caller: caller.to_owned(),
            vault: vault.to_owned(),
            operation_name: operation.to_owned(),
            request_uri,
            http_status_code: status,
            result_signature: reason_phrase(status),
            result_description: description,
        });
    }

    /// Writes an Activity log event for a Resource Manager operation that answered with HTTP
    /// `status`.
    pub(crate) fn activity_entry(
        &mut self,
        caller: &str,
        operation: &'static str,
        resource_id: String,
        status: u16,
        description: String,
    ) {
        let id = self.activity_base + self.activity.len() as u64 + 1;
        let audit_before = self.audit_next_id() - 1;
        self.activity.push(ActivityEntry {
            id,
            event_timestamp: self.now,
            caller: caller.to_owned(),
            operation_name: operation,
            resource_id,
            status: if (200..300).contains(&status) {
                SUCCEEDED
            } else {
                FAILED
            },
            sub_status: reason_phrase(status),
            description,
            audit_before,
        });
    }
}
