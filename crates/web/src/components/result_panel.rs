//! What the last encryption produced, with the checks that prove it was real.

use yew::prelude::*;

use crate::state::{BEK_SECRET, DISK_NAME, Encryption, SEED};

#[derive(Properties, PartialEq)]
pub struct ResultPanelProps {
    pub encryption: Option<Encryption>,
}

#[function_component]
pub fn ResultPanel(props: &ResultPanelProps) -> Html {
    let Some(e) = &props.encryption else {
        return html! {
            <section class="result empty" data-testid="result" aria-live="polite">
                <h2>{"Result"}</h2>
                <p>{format!("Nothing encrypted yet: {DISK_NAME} is plaintext.")}</p>
            </section>
        };
    };
    html! {
        <section class="result" data-testid="result" aria-live="polite">
            <h2>{format!("Result #{}", e.run)}</h2>
            <dl>
                <dt>{"Disk"}</dt>
                <dd>{DISK_NAME}</dd>
                <dt>{"Sectors"}</dt>
                <dd data-testid="sectors">
                    {format!("{} · {} B → {} B", e.sectors, e.plaintext_len, e.stored_len)}
                </dd>
                <dt>{"Sector 0"}</dt>
                <dd><code class="hex" data-testid="ciphertext">{&e.first_bytes_hex}</code></dd>
                <dt>{"BEK"}</dt>
                // The version names the key; its value stays hidden, as in the portal.
                <dd data-testid="bek">{format!("{BEK_SECRET} / {}", e.bek_version)}</dd>
                <dt>{"With BEK"}</dt>
                <dd data-testid="round-trip">{check(e.round_trip, "plaintext back", "round trip FAILED")}</dd>
                <dt>{"Wrong key"}</dt>
                <dd data-testid="wrong-key">{check(e.wrong_key_rejected, "rejected", "ACCEPTED (bug)")}</dd>
            </dl>
            <p class="seed">{format!("seed {SEED} · same clicks, same bytes")}</p>
        </section>
    }
}

/// A check result as symbol and words, so it never relies on colour alone.
fn check(ok: bool, pass: &str, fail: &str) -> Html {
    if ok {
        html! { <span class="check ok">{"✓ "}{pass}</span> }
    } else {
        html! { <span class="check bad">{"✗ "}{fail}</span> }
    }
}
