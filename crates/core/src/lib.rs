//! The Keyfall simulation core.
//!
//! This crate runs the Azure disk-encryption and backup key lifecycle in memory: vaults, keys,
//! secrets, VMs, disks, recovery points and the platform identities that move keys between them.
//!
//! It is fully deterministic and performs no I/O: it has no clock (time is a [`SimTime`] handed in
//! or advanced by commands), no source of randomness but one seeded ChaCha generator inside the
//! world, no networking, no files and no knowledge of the DOM. The same seed and the same commands
//! give byte-identical keys, ciphertexts, events, audit logs and activity logs on every machine.
//!
//! The shape follows the sans-IO cores of quinn-proto and str0m: hand the [`World`] a [`Command`]
//! with [`World::apply`], then drain [`Event`]s with [`World::poll_event`].

mod activity;
mod asset;
mod audit;
mod authz;
mod challenge;
mod codec;
mod command;
mod crypto;
pub mod editor;
mod error;
mod event;
mod export;
mod health;
mod lang;
mod large_world;
mod lessons;
mod output;
mod reference;
mod run;
mod scenario;
mod share;
mod shell;
mod time;
mod vocab;
mod world;

pub use activity::ActivityEntry;
pub use asset::{AssetId, PointRef};
pub use audit::{AuditEntry, reason_phrase};
pub use authz::{
    Access, AccessModel, AccessPolicy, InheritedGrant, Missing, Op, RoleGrant, Via, authorize,
    authorize_control, data_plane_ops, role_definition,
};
pub use challenge::{Challenge, ChallengeError, Fault, FaultKind, Grade, Level, Symptom};
pub use command::{
    AzCopy, BackupItem, Command, DesCreate, EncryptionEnable, Expectation, KeyCreate, KeyRef,
    LifetimeAction, ObjectOp, ObjectRef, PolicyAction, PolicyTrigger, PrincipalRef, RoleAssignment,
    RoleAssignmentDelete, RotationPolicySpec, SecretSet, SetPolicy, VaultCreate, VaultRef,
    VaultUpdate, VersionRef, VmCreate,
};
pub use crypto::{DecryptFailed, Disk, SimRng, SymKey};
pub use error::{Denied, ErrorCode, SimError};
pub use event::{Call, CallResult, Event};
pub use export::{az_line_or_comment, export_az};
pub use health::{
    AssetHealth, Blamed, Cause, FailedCall, HealthDiff, HealthReport, Verdict, VerdictChange,
};
pub use lang::{
    Completion, Help, HelpItem, HelpSection, ParseError, Script, ScriptLine, command_forms,
    complete, help, help_request, parse_line, parse_script,
};
pub use large_world::{LARGE_WORLD_SEED, large_world, large_world_script};
pub use lessons::{builtin_lessons, lesson_titles};
pub use output::{Format, Globals};
pub use reference::reference_markdown;
pub use run::{EXPECTATION_FAILED, Ran, Record, Runner, scenario_commands};
pub use scenario::{
    CommandLine, Goal, Scenario, ScenarioError, Span, Step, inline_spans, parse_scenario,
};
pub use share::{MAX_TEXT, Share, ShareBranch, ShareError, ShareMode, ShareSource};
pub use shell::{Env, needs_shell};
pub use time::{Date, Period, SimDuration, SimTime};
pub use vocab::{
    KeyEncryptionAlgorithm, KeyPerm, KeyType, ObjectKind, Power, Role, SecretPerm, Sku, Switch,
    VolumeType,
};
pub use world::{
    ADMIN, AZURE_BACKUP, AdeSettings, Attributes, BackupJob, CmkSettings, DataDisk, Deletion,
    DiskEncryptionSet, KekRef, Key, KeyVersion, NameMap, Outcome, PLATFORM_ADE, PLATFORM_ARM,
    PLATFORM_COMPUTE, PowerState, Principal, PrincipalKind, ProtectedItem, RecoveryPoint,
    RecoveryServicesVault, RestoredRefs, RotationPolicy, RpAde, SUBSCRIPTION_ID, Secret,
    SecretVersion, Subscription, Vault, Vm, VmProfile, World, ade_retirement, geography, key_url,
    secret_url, subscription_id,
};
