//! One or two sentences under the stage that say what the picture shows, in plain words.

use yew::prelude::*;

use crate::state::{BEK_SECRET, DISK_NAME, Encryption};

#[derive(Properties, PartialEq)]
pub struct NarrationProps {
    pub encryption: Option<Encryption>,
}

#[function_component]
pub fn Narration(props: &NarrationProps) -> Html {
    let body = match &props.encryption {
        None => html! {<>
            {name(DISK_NAME)}{" holds payroll data in plaintext. To encrypt it, Azure Disk \
              Encryption generates a 256-bit volume key (the BEK), seals every sector with \
              AES-256-GCM and stores the BEK in "}{name("kv-ade")}{" as the secret "}
            {name(BEK_SECRET)}{"."}
        </>},
        Some(e) => html! {<>
            {name(DISK_NAME)}{format!(" is encrypted: {} sectors sealed under a fresh BEK, now \
              kept in ", e.sectors)}{name("kv-ade")}{" as "}
            {name(&format!("{BEK_SECRET}/{}", e.bek_version))}
            {". Without that secret, nobody can read the disk."}
        </>},
    };
    html! { <p class="narration" data-testid="narration" aria-live="polite">{body}</p> }
}

/// A resource name, kept on one line (names like `kv-ade` must not break at the hyphen).
fn name(text: &str) -> Html {
    html! { <span class="name">{text.to_owned()}</span> }
}
