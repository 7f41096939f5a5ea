//! An empty Yew app: one component that marks itself ready after its first render, exactly as
//! Keyfall's app does (an effect sets `data-ready` on the root element), so `cargo xtask bench`
//! can time both to the same signal.

use yew::prelude::*;

#[function_component]
fn App() -> Html {
    let root = use_node_ref();
    {
        let root = root.clone();
        use_effect_with((), move |()| {
            if let Some(el) = root.cast::<web_sys::Element>() {
                // Only fails for an invalid attribute name; this one is valid.
                let _ = el.set_attribute("data-ready", "true");
            }
        });
    }
    html! { <div ref={root} data-testid="app">{"empty"}</div> }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
