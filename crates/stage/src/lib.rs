//! The Keyfall stage as plain Rust: where each actor stands ([`layout`]), what the stage shows of
//! a world and a step ([`view`]), and the drawing itself ([`draw`]) as a small element tree
//! ([`scene`]) that the app turns into its virtual DOM and the CLI writes out as a standalone SVG.
//! No Yew and no DOM here, so the app and the CLI draw the same picture.

pub mod draw;
pub mod handout;
pub mod layout;
pub mod scene;
pub mod view;

pub use scene::Selection;
pub mod shot;
pub mod standalone;
