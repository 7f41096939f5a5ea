//! The Keyfall playground: a Yew app that draws the simulated world on an SVG stage.
//!
//! The app holds no simulation logic of its own. It hands work to `keyfall-core` from a pure
//! reducer ([`state`]) and draws what comes back: actors from the world, messages from the
//! core's events, verdicts from its health report. Components only render props and raise
//! callbacks. `main.rs` mounts [`App`] on the page; the browser tests in `tests/` mount it into a
//! detached element instead.

mod app;
pub mod bench_hooks;
mod components;
pub mod hooks;
pub mod layout;
pub mod panic_overlay;
pub mod shared;
pub mod state;

pub use app::App;
/// The speaker-notes window, mounted instead of [`App`] when the page is opened as `?notes`.
pub use components::NotesWindow;
// The side-panel components, public so the browser tests in tests/panels.rs can mount them.
pub use components::{
    AuditLog, AuditLogProps, Inspector, InspectorProps, PermissionsPanel, PermissionsProps,
    RealCommands, RealCommandsProps,
};
