//! The virtual machine: a monitor for the VM, and its OS disk with a lock and the first bytes
//! it stores, so the change from plaintext to ciphertext is visible.

use yew::prelude::*;

use super::stage::{ACTOR_H, ACTOR_W, ACTOR_Y, VM_X};
use crate::state::DISK_NAME;

#[derive(Properties, PartialEq)]
pub struct VmActorProps {
    pub encrypted: bool,
    /// The start of the disk as stored, one string per line.
    pub on_disk: Vec<String>,
}

#[function_component]
pub fn VmActor(props: &VmActorProps) -> Html {
    let (disk_class, disk_state) = if props.encrypted {
        ("disk encrypted", "encrypted")
    } else {
        ("disk plain", "plaintext")
    };
    let lines = props.on_disk.iter().enumerate().map(|(i, line)| {
        html! { <text class="on-disk" x="16" y={(134 + 24 * i).to_string()}>{line}</text> }
    });
    html! {
        <g class="actor vm" data-actor="vm1" transform={format!("translate({VM_X} {ACTOR_Y})")}>
            <rect class="actor-box" width={ACTOR_W.to_string()} height={ACTOR_H.to_string()} rx="22" />
            <text class="actor-name" x="24" y="48">{"vm1"}</text>
            <text class="actor-kind" x="24" y="76">{"Virtual machine"}</text>
            <text class="actor-kind" x="24" y="98">{"Ubuntu 22.04"}</text>

            // Monitor icon: screen, prompt, stand.
            <g class="icon" transform="translate(75 118)">
                <rect class="icon-frame" width="100" height="62" rx="8" />
                <path class="icon-line" d="M18 20 l12 10 l-12 10 M38 42 h22" />
                <path class="icon-frame" d="M40 62 v12 M60 62 v12 M28 76 h44" />
            </g>

            // The OS disk: a cylinder, a padlock that closes when the disk is encrypted, and
            // what the first bytes on the platter look like.
            <g class={disk_class} data-testid="vm1-disk" data-state={disk_state} transform="translate(16 218)">
                <rect class="disk-plate" width="218" height="194" rx="14" />
                <g transform="translate(16 18)">
                    <path class="cylinder" d="M0 9 a22 8 0 0 0 44 0 v40 a22 8 0 0 1 -44 0 z" />
                    <ellipse class="cylinder-top" cx="22" cy="9" rx="22" ry="8" />
                </g>
                <text class="disk-name" x="74" y="38">{DISK_NAME}</text>
                <g transform="translate(74 50)">
                    <rect class="lock-body" x="0" y="9" width="20" height="16" rx="3" />
                    if props.encrypted {
                        <path class="lock-shackle" d="M4 9 v-4 a6 6 0 0 1 12 0 v4" />
                    } else {
                        <path class="lock-shackle" d="M4 9 v-4 a6 6 0 0 1 12 0 v-2" />
                    }
                    <text class="disk-state" x="28" y="24">{disk_state}</text>
                </g>
                <line class="divider" x1="16" x2="202" y1="90" y2="90" />
                <text class="on-disk-title" x="16" y="112">{format!("sector 0 ({})", if props.encrypted { "ciphertext" } else { "plaintext" })}</text>
                { for lines }
            </g>
        </g>
    }
}
