//! One component per file; each takes props and raises callbacks, none holds app state.

mod controls;
mod message;
mod narration;
mod result_panel;
mod stage;
mod vault_actor;
mod vm_actor;

pub use controls::Controls;
pub use message::Message;
pub use narration::Narration;
pub use result_panel::ResultPanel;
pub use stage::Stage;
pub use vault_actor::VaultActor;
pub use vm_actor::VmActor;
