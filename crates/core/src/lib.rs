//! The Keyfall simulation core.
//!
//! This crate runs the Azure disk-encryption and backup key lifecycle in memory: vaults, keys,
//! secrets, VMs, disks, recovery points and the platform identities that move keys between them.
//!
//! It is fully deterministic and performs no I/O: it has no clock (time is a [`SimTime`] handed in
//! or advanced by commands), no source of randomness but one seeded ChaCha generator inside the
//! world, no networking, no files and no knowledge of the DOM. The same seed and the same commands
//! give byte-identical keys, ciphertexts, events and audit logs on every machine.

mod command;
mod crypto;
mod export;
mod lang;
mod lessons;
mod scenario;

pub use command::{
    Command, Date, Expectation, KeyPerm, KeyType, PrincipalRef, Role, SecretPerm, SimDuration,
    VersionRef, VolumeType,
};
pub use crypto::{DecryptFailed, Disk, SimRng, SymKey};
pub use export::export_az;
pub use lang::{ParseError, Script, ScriptLine, parse_line, parse_script};
pub use lessons::builtin_lessons;
pub use scenario::{
    CommandLine, Goal, Scenario, ScenarioError, Span, Step, VERDICTS, inline_spans, parse_scenario,
};
