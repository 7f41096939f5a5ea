//! One component per file; each takes props and raises callbacks, none holds app state.

pub mod audit_log;
mod controls;
mod export_file;
pub mod inspector;
mod message;
mod narration;
pub mod permissions;
pub mod real_commands;
mod result_panel;
mod stage;
mod vault_actor;
mod vm_actor;

pub use audit_log::{AuditLog, AuditLogProps};
pub use controls::Controls;
pub use inspector::{Inspector, InspectorProps};
pub use message::Message;
pub use narration::Narration;
pub use permissions::{PermissionsPanel, PermissionsProps};
pub use real_commands::{RealCommands, RealCommandsProps};
pub use result_panel::ResultPanel;
pub use stage::Stage;
pub use vault_actor::VaultActor;
pub use vm_actor::VmActor;
