//! The Keyfall playground: a Yew app that draws the simulated world on an SVG stage.
//!
//! The app holds no simulation logic of its own. It hands work to `keyfall-core` from a pure
//! reducer ([`state`]) and draws what comes back: actors from the world, messages from the
//! core's events, verdicts from its health report. Components only render props and raise
//! callbacks. `main.rs` mounts [`App`] on the page; the browser tests in `tests/` mount it into a
//! detached element instead.
//!
//! The pure half (the state and its parts, sessions as text, the stage layout, the about panel's
//! text) has no browser dependency and builds on any target, so its tests run natively with
//! `cargo test`; the browser half (the app, components, hooks) builds for wasm32 only.

pub mod about;
pub mod challenge;
/// The stage layout, from keyfall-stage (the drawing's crate), under the name the app uses.
pub use keyfall_stage::layout;
pub mod console;
pub mod persistence;
pub mod playback;
pub mod session;
pub mod shared;
pub mod state;
pub mod view;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
pub mod bench_hooks;
#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
pub mod hooks;
#[cfg(target_arch = "wasm32")]
pub mod panic_overlay;

#[cfg(target_arch = "wasm32")]
pub use app::App;
/// The speaker-notes window, mounted instead of [`App`] when the page is opened as `?notes`.
#[cfg(target_arch = "wasm32")]
pub use components::NotesWindow;
// The side-panel components and the about panel, public so the browser tests in tests/panels.rs
// and tests/about.rs can mount them.
#[cfg(target_arch = "wasm32")]
pub use components::{
    AboutDialog, AboutDialogProps, AuditLog, AuditLogProps, Inspector, InspectorProps,
    PermissionsPanel, PermissionsProps, RealCommands, RealCommandsProps,
};
