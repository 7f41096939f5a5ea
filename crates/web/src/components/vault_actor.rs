//! The key vault: a vault door, and a shelf with the secrets it holds.

use yew::prelude::*;

use super::stage::{ACTOR_H, ACTOR_W, ACTOR_Y, VAULT_X};
use crate::state::BEK_SECRET;

/// Secret versions shown on the shelf; older ones are summed up in one line.
const SHELF_SLOTS: usize = 4;

#[derive(Properties, PartialEq)]
pub struct VaultActorProps {
    /// Versions of the BEK secret, oldest first.
    pub bek_versions: Vec<String>,
}

#[function_component]
pub fn VaultActor(props: &VaultActorProps) -> Html {
    let versions = &props.bek_versions;
    let hidden = versions.len().saturating_sub(SHELF_SLOTS);
    let shown = versions
        .iter()
        .skip(hidden)
        .rev()
        .enumerate()
        .map(|(i, v)| {
            // The newest version is first on the shelf and lands as the message arrives.
            let class = if i == 0 { "secret newest" } else { "secret" };
            html! {
                <g class={class} key={v.clone()} transform={format!("translate(0 {})", i * 38)}>
                    <rect width="202" height="30" rx="8" />
                    <circle class="secret-dot" cx="15" cy="15" r="5" />
                    <text x="28" y="20">{format!("{BEK_SECRET} / {v}")}</text>
                </g>
            }
        });
    html! {
        <g class="actor vault" data-actor="kv-ade" transform={format!("translate({VAULT_X} {ACTOR_Y})")}>
            <rect class="actor-box" width={ACTOR_W.to_string()} height={ACTOR_H.to_string()} rx="22" />
            <text class="actor-name" x="24" y="48">{"kv-ade"}</text>
            <text class="actor-kind" x="24" y="76">{"Key Vault"}</text>
            <text class="actor-kind" x="24" y="98">{"westeurope"}</text>

            // Vault door icon: door, dial with spokes, hinges.
            <g class="icon" transform="translate(85 116)">
                <rect class="icon-frame" width="80" height="80" rx="10" />
                <circle class="icon-line" cx="40" cy="40" r="18" />
                <path class="icon-line" d="M40 16 v10 M40 54 v10 M16 40 h10 M54 40 h10" />
                <circle class="icon-dot" cx="40" cy="40" r="4" />
                <path class="icon-frame" d="M-6 18 v10 M-6 52 v10" />
            </g>

            <g class="shelf" data-testid="kv-ade-secrets" transform="translate(24 232)">
                <text class="shelf-title" x="0" y="0">{format!("Secrets ({})", versions.len())}</text>
                <g transform="translate(0 14)">
                    if versions.is_empty() {
                        <text class="shelf-empty" x="0" y="24">{"none yet"}</text>
                    }
                    { for shown }
                </g>
                if hidden > 0 {
                    <text class="shelf-more" x="0" y="184">{format!("+ {hidden} older")}</text>
                }
            </g>
        </g>
    }
}
