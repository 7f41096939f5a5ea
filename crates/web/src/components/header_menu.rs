//! The header's controls (lessons, session) behind a menu button where the page is narrow: a
//! disclosure button with `aria-expanded`, Escape closes and gives the focus back to it, and so
//! does a click on one of its buttons or anywhere outside. Wide, the button is hidden and the
//! controls sit in the header's row as before (`web/styles/app.css` decides which).

use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HeaderMenuProps {
    pub children: Html,
}

#[function_component]
pub fn HeaderMenu(props: &HeaderMenuProps) -> Html {
    let open = use_state(|| false);
    let toggle_ref = use_node_ref();
    let controls_ref = use_node_ref();
    let close = {
        let (open, toggle_ref) = (open.clone(), toggle_ref.clone());
        move |refocus: bool| {
            open.set(false);
            if refocus && let Some(b) = toggle_ref.cast::<web_sys::HtmlElement>() {
                let _ = b.focus();
            }
        }
    };
    let onclick = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    // Escape closes an open menu, and only that: closed, Escape is the page's (dialogs).
    let onkeydown = {
        let (close, is_open) = (close.clone(), *open);
        Callback::from(move |e: KeyboardEvent| {
            if is_open && e.key() == "Escape" {
                e.stop_propagation();
                close(true);
            }
        })
    };
    // A button in the menu did its work: the menu has done its.
    let on_menu_click = {
        let close = close.clone();
        Callback::from(move |e: MouseEvent| {
            let on_button = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("button").ok().flatten())
                .is_some();
            if on_button {
                close(false);
            }
        })
    };
    // Focus leaving the header (a click elsewhere, Tab past the end) closes it.
    let onfocusout = {
        let (open, controls_ref) = (open.clone(), controls_ref.clone());
        Callback::from(move |e: FocusEvent| {
            // Not `current_target`: Yew listens at the root and hands its events on.
            let header = controls_ref.cast::<web_sys::Element>();
            let to = e
                .related_target()
                .and_then(|t| t.dyn_into::<web_sys::Node>().ok());
            let inside = match (header, to) {
                (Some(h), Some(to)) => h.contains(Some(&to)),
                _ => false,
            };
            if !inside {
                open.set(false);
            }
        })
    };
    html! {
        <div ref={controls_ref} class={classes!("header-controls", open.then_some("open"))} {onkeydown} {onfocusout}>
            <button ref={toggle_ref} class="menu-toggle" data-testid="menu-toggle"
                aria-expanded={open.to_string()} aria-controls="header-menu" {onclick}>
                <span aria-hidden="true">{"☰ "}</span>{"Menu"}
            </button>
            <div id="header-menu" class="header-menu" data-testid="header-menu" onclick={on_menu_click}>
                {props.children.clone()}
            </div>
        </div>
    }
}
