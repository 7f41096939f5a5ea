//! Custom hooks: every side effect of the session features (the URL, localStorage, the notes
//! window's channel, keys, file drops, the theme) lives here, outside the pure reducer.

mod use_autosave;
mod use_file_drop;
mod use_notes_channel;
mod use_playback_timers;
mod use_presenter_keys;
mod use_theme;

pub mod storage;

pub mod boot;

pub use use_autosave::{replace_fragment, use_autosave};
pub use use_file_drop::{read_file, use_file_drop};
pub use use_notes_channel::{
    NOTES_CHANNEL, NotesMsg, StepInfo, use_notes_channel, use_speaker_notes,
};
pub use use_playback_timers::use_playback_timers;
pub use use_presenter_keys::{PresenterKeys, toggle_full_screen, use_presenter_keys};
pub use use_theme::{Theme, use_theme};
