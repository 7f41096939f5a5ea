//! The header's session controls: presenter mode, share, export and import of scenario files,
//! the theme, and what the simulation models.

use yew::prelude::*;

use crate::hooks::{Theme, read_file};

use super::widgets::menu;

#[derive(Properties, PartialEq)]
pub struct SessionMenuProps {
    pub theme: Theme,
    pub read_only: bool,
    pub on_presenter: Callback<()>,
    pub on_share: Callback<()>,
    pub on_export: Callback<()>,
    /// The session as a page to hand out or print (keyfall-stage's handout).
    pub on_handout: Callback<()>,
    pub on_import: Callback<(String, String)>,
    pub on_error: Callback<String>,
    pub on_theme: Callback<()>,
    pub on_edit_copy: Callback<()>,
    pub on_about: Callback<()>,
    /// Opens or closes the scenario editor.
    pub on_editor: Callback<()>,
    pub editor_open: bool,
}

#[function_component]
pub fn SessionMenu(props: &SessionMenuProps) -> Html {
    let onchange = {
        let on_import = props.on_import.clone();
        let on_error = props.on_error.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                read_file(file, on_import.clone(), on_error.clone());
            }
            // Picking the same file again after fixing it must fire `change` again.
            input.set_value("");
        })
    };
    let (theme_icon, next_theme) = match props.theme {
        Theme::Dark => ("☀", "light"),
        Theme::Light => ("☾", "dark"),
    };
    html! {
        <div class="session-menu" role="toolbar" aria-label="Session">
            if props.read_only {
                <span class="badge" data-testid="read-only">{"View only"}</span>
                <button data-testid="edit-copy" onclick={props.on_edit_copy.reform(|_| ())}>{"Edit a copy"}</button>
            }
            <button data-testid="presenter-toggle" title="Presenter mode (p)" onclick={props.on_presenter.reform(|_| ())}>
                <span aria-hidden="true">{"▣ "}</span>{"Present"}
            </button>
            // A pencil alone: at 1280 px the header has room for one more icon, not one more word.
            <button data-testid="editor-open" aria-label="Scenario editor"
                title="Scenario editor: write a scenario, or make the open lesson yours"
                aria-pressed={props.editor_open.to_string()} onclick={props.on_editor.reform(|_| ())}>
                <span aria-hidden="true">{"✎"}</span>
            </button>
            <button data-testid="share" onclick={props.on_share.reform(|_| ())}>
                {"Share"}
            </button>
            { menu("Export".to_owned(), "export-menu", Some("Download the session"), "menu", None, html! { <>
                <button data-testid="export" title="Download the session as a .kf scenario file"
                    onclick={pick(&props.on_export)}>{"Scenario (.kf)"}</button>
                <button data-testid="export-handout" title="Download the session as a handout to print: the narration, each command's outcome and the stage after each step"
                    onclick={pick(&props.on_handout)}>{"Handout (.html)"}</button>
            </> }) }
            <label class="button" title="Open a .kf scenario or a script of commands (or drop it on the page)">
                {"Import"}
                <input type="file" class="sr-only" accept=".kf,.txt,.sh,.az,text/plain" data-testid="import"
                    aria-label="Import a scenario file" {onchange} />
            </label>
            <button data-testid="theme" aria-label={format!("Switch to the {next_theme} theme")}
                title={format!("Switch to the {next_theme} theme")} onclick={props.on_theme.reform(|_| ())}>
                <span aria-hidden="true">{theme_icon}</span>
            </button>
            <button data-testid="about-open" title="About this simulation: what is modelled (a)"
                onclick={props.on_about.reform(|_| ())}>{"About"}</button>
        </div>
    }
}

/// A menu item's click: closes its menu, then does what it says.
fn pick(action: &Callback<()>) -> Callback<MouseEvent> {
    let action = action.clone();
    Callback::from(move |e: MouseEvent| {
        let item: web_sys::Element = e.target_unchecked_into();
        if let Ok(Some(menu)) = item.closest("details") {
            let _ = menu.remove_attribute("open");
        }
        action.emit(());
    })
}
