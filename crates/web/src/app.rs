//! The app root: owns the state, lays out the stage and the side panel.

use yew::prelude::*;

use crate::components::{Controls, Narration, ResultPanel, Stage};
use crate::state::{Action, SEED, State};

#[function_component]
pub fn App() -> Html {
    let state = use_reducer(|| State::new(SEED));
    // Tests and the end-to-end suite wait for this flag instead of guessing how long wasm
    // takes to start: it turns true only after the first render reached the DOM.
    let ready = use_state(|| false);
    {
        let ready = ready.clone();
        use_effect_with((), move |_| ready.set(true));
    }

    let on_encrypt = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::EncryptDisk))
    };

    html! {
        <div class="app" data-testid="app" data-ready={ready.to_string()}>
            <header class="app-header">
                <h1 class="brand">
                    <span class="brand-mark" aria-hidden="true">{"◆"}</span>
                    {"Keyfall"}
                </h1>
                <p class="tagline">{"Azure Disk Encryption and Key Vault, simulated with real AES-256-GCM"}</p>
            </header>
            <main class="layout">
                <section class="stage-panel" aria-label="Stage">
                    <Stage
                        run={state.runs()}
                        on_disk={state.on_disk()}
                        encrypted={state.last.is_some()}
                        bek_versions={state.bek_versions.clone()}
                    />
                    <Narration encryption={state.last.clone()} />
                </section>
                <aside class="side-panel">
                    <Controls on_encrypt={on_encrypt} runs={state.runs()} />
                    <ResultPanel encryption={state.last.clone()} />
                </aside>
            </main>
        </div>
    }
}
