//! An empty Yew app: one component that marks itself ready after its first render, as Keyfall's
//! app does, so `cargo xtask bench` can time both to the same `data-ready` signal.

use yew::prelude::*;

#[function_component]
fn App() -> Html {
    let ready = use_state(|| false);
    {
        let ready = ready.clone();
        use_effect_with((), move |()| ready.set(true));
    }
    html! { <div data-testid="app" data-ready={ready.to_string()}>{"empty"}</div> }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
