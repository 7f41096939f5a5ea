//! Light and dark themes: the system's `prefers-color-scheme` by default, overridden by the
//! toggle (saved in localStorage) or by a share link's `theme` option (not saved: it is the
//! sender's choice for this view). The theme in effect is a `data-theme` attribute on `<html>`.

use yew::prelude::*;

const THEME_KEY: &str = "keyfall.theme";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    pub fn key(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
    fn from_key(key: &str) -> Option<Theme> {
        match key {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }
}

/// What the system prefers.
fn system_theme() -> Theme {
    let light = gloo::utils::window()
        .match_media("(prefers-color-scheme: light)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches());
    if light { Theme::Light } else { Theme::Dark }
}

/// Returns the explicit choice (None: follow the system), the theme in effect, and a toggle.
#[hook]
pub fn use_theme(from_link: Option<String>) -> (Option<Theme>, Theme, Callback<()>) {
    let chosen = use_state(|| {
        from_link
            .as_deref()
            .and_then(Theme::from_key)
            .or_else(|| super::storage::load(THEME_KEY).and_then(|k| Theme::from_key(&k)))
    });
    use_effect_with(*chosen, |chosen| {
        // The attribute always names the theme in effect, so the CSS needs one selector per
        // theme rather than a media query repeated beside every override.
        let theme = chosen.unwrap_or_else(system_theme);
        if let Some(root) = gloo::utils::document().document_element() {
            // Failing to set an attribute leaves the dark default: harmless.
            let _ = root.set_attribute("data-theme", theme.key());
        }
    });
    let effective = chosen.unwrap_or_else(system_theme);
    let toggle = {
        let chosen = chosen.clone();
        Callback::from(move |_| {
            let next = match chosen.unwrap_or_else(system_theme) {
                Theme::Dark => Theme::Light,
                Theme::Light => Theme::Dark,
            };
            // Not saving is harmless: the toggle still works for this visit.
            let _ = super::storage::save(THEME_KEY, next.key());
            chosen.set(Some(next));
        })
    };
    (*chosen, effective, toggle)
}
