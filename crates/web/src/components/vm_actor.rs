//! A virtual machine: its power and lock state, its OS disk and how that disk is encrypted, and
//! the ADE extension when it has one. A VM stuck at the recovery screen says so in words.
//!
//! Four rows, each text fitted to its room (shortened with an ellipsis, the whole text in a
//! tooltip and the inspector): the name; the power state and the health verdict, side by side so
//! the verdict never covers the name; the OS disk with its lock and the ADE extension; how the
//! disk is encrypted.

use keyfall_core::{AssetId, PowerState, Vm};
use yew::prelude::*;

use super::stage::ActorProps;
use super::verdict_badge::verdict_icon;
use super::widgets::{actor_class, fitted_text, select_handlers};
use crate::layout::{Face, num, text_width, translate};
use crate::shared::Selection;
use crate::view::{key_usable, secret_usable, target_label};

/// The VM's state as (css class, icon, word), most serious first.
fn power_state(vm: &Vm) -> (&'static str, &'static str, &'static str) {
    if vm.shut_down_by_cmk {
        ("dark", "■", "dark: no key")
    } else if vm.power == PowerState::Running && vm.at_recovery_screen {
        ("locked", "⚠", "boot locked")
    } else {
        match vm.power {
            PowerState::Running => ("running", "▶", "running"),
            PowerState::Stopped => ("stopped", "■", "stopped"),
            PowerState::Deallocated => ("deallocated", "❚❚", "deallocated"),
        }
    }
}

/// Text size of the badges and the lines under the name.
const PX: f64 = 18.0;
const PAD: f64 = 14.0;

#[function_component]
pub fn VmActor(props: &ActorProps) -> Html {
    let p = &props.placed;
    let Some(vm) = props.world.world.vm(&p.name) else {
        return html! {};
    };
    let (state_class, state_icon, state_word) = power_state(vm);
    let unlocked = vm.volume_key_in_memory();
    let (enc_word, enc_detail) = match (&vm.ade, &vm.cmk) {
        (Some(ade), _) => {
            let kek = ade.kek.as_ref().map_or_else(
                || "no KEK".to_owned(),
                |k| {
                    format!(
                        "KEK {}",
                        target_label(&props.world, &k.vault, &k.name, Some(&k.version))
                    )
                },
            );
            ("ADE", format!("{} · {kek}", ade.vault))
        }
        (None, Some(cmk)) => ("CMK", format!("DES {}", cmk.des)),
        (None, None) => ("SSE", "platform-managed key".to_owned()),
    };
    let lock_word = if vm.ade.is_none() && vm.cmk.is_none() {
        "not ADE"
    } else if unlocked {
        "unlocked"
    } else {
        "locked"
    };
    // The volume key as a token on the disk: a key "in memory" while the VM runs with its disk
    // unlocked (a deallocate drops it: that is why a running VM survives a KEK delete), else a
    // sealed envelope (the wrapped BEK in the vault), with a red padlock when the BEK or the KEK
    // that sealed it can no longer be used.
    let token = vm.ade.as_ref().map(|ade| {
        let bek_ok = secret_usable(
            &props.world.world,
            &ade.vault,
            &ade.secret_name,
            &ade.secret_version,
        );
        let kek_ok = ade
            .kek
            .as_ref()
            .is_none_or(|k| key_usable(&props.world.world, &k.vault, &k.name, &k.version));
        if unlocked {
            (
                "in-memory",
                "volume key in memory: the running VM reads its disk without the vault",
            )
        } else if bek_ok && kek_ok {
            (
                "sealed",
                "BEK sealed in the vault: the platform opens it at boot",
            )
        } else {
            (
                "sealed lost",
                "BEK sealed for good: its secret or KEK cannot be used now",
            )
        }
    });
    let name = p.name.clone();
    let sel = Selection::Vm(name.clone());
    let class = actor_class(
        &format!("vm vm-{state_class}"),
        &props.role,
        props.selected.as_ref() == Some(&sel),
    );
    let (onclick, onkeydown) = select_handlers(&props.on_select, sel, false);
    let verdict = props
        .health
        .get(&AssetId::Vm(name.clone()))
        .map(|h| h.verdict);
    let title = if props.show_subscription {
        format!("{name} · {}", vm.subscription)
    } else {
        name.clone()
    };
    // What the screen shows: a login prompt when running, the recovery screen when the OS
    // volume key could not be unwrapped at boot, nothing when off or dark.
    let screen = match state_class {
        "running" => "on",
        "locked" => "recovery",
        _ => "off",
    };
    let detail = if state_class == "locked" {
        "At recovery: VmBootLocked".to_owned()
    } else if state_class == "dark" {
        format!("{enc_word} key unreachable: offline")
    } else {
        format!("{enc_word}: {enc_detail}")
    };
    // Row 2: the verdict at the right, the power state in the room left of it.
    let verdict_w = verdict.map_or(0.0, |v| {
        text_width(&format!("{} {}", verdict_icon(v), v.name()), PX, Face::Bold) + 24.0
    });
    let power_room = p.w - 2.0 * PAD - verdict_w - if verdict.is_some() { 8.0 } else { 0.0 };
    let power_text = format!("{state_icon} {state_word}");
    let power_w = (text_width(&power_text, PX, Face::Bold) + 24.0).min(power_room);
    let has_ext = vm.ade.is_some() || vm.used_ade;
    let name_room = p.w - 66.0 - PAD - if has_ext { 68.0 } else { 0.0 };
    html! {
        <g {class} data-actor={name.clone()} data-power={state_class} data-lock={lock_word}
            role="button" tabindex="0"
            transform={translate(p.x, p.y)} {onclick} {onkeydown}>
            <rect class="actor-box" width={num(p.w)} height={num(p.h)} rx="16" />
            // Monitor icon; its screen shows the VM's state.
            <g class={format!("icon screen-{screen}")} transform="translate(14 10)">
                <rect class="screen" x="2" y="2" width="36" height="24" rx="3" />
                <rect class="icon-line" x="0" y="0" width="40" height="28" rx="4" />
                <path class="icon-line" d="M14 36 h12 M20 28 v8" />
                if screen == "recovery" {
                    <text class="screen-mark" x="20" y="21" text-anchor="middle">{"!"}</text>
                }
            </g>
            { fitted_text("actor-name", 66.0, 34.0, &title, name_room, 22.0, Face::Bold) }
            <g class={format!("power {state_class}")} transform={translate(PAD, 48.0)}>
                <rect class="badge" width={num(power_w)} height="34" rx="10" />
                { fitted_text("", 12.0, 24.0, &power_text, power_w - 20.0, PX, Face::Bold) }
            </g>
            if let Some(v) = verdict {
                <g class={format!("stage-verdict verdict-{}", v.name())}
                    transform={translate(p.w - PAD - verdict_w, 48.0)}>
                    <rect width={num(verdict_w)} height="34" rx="17" />
                    <text x={num(verdict_w / 2.0)} y="24" text-anchor="middle">{format!("{} {}", verdict_icon(v), v.name())}</text>
                </g>
            }
            // The OS disk with its lock; the shackle's move is a CSS transition. The disk's
            // own name is in the tooltip and the inspector: on the VM it is "OS disk".
            <g class={if unlocked { "disk unlocked" } else { "disk locked" }} transform={translate(PAD, 92.0)}>
                <path class="cylinder" d="M0 6 a14 5 0 0 0 28 0 v24 a14 5 0 0 1 -28 0 z" />
                <ellipse class="cylinder-top" cx="14" cy="6" rx="14" ry="5" />
                <g transform="translate(36 6)">
                    <path class="lock-shackle" d="M4 9 v-4 a5 5 0 0 1 10 0 v4" />
                    <rect class="lock-body" x="0" y="9" width="18" height="14" rx="3" />
                </g>
                if let Some((class, tip)) = token {
                    <g class={format!("bek-token {class}")} transform="translate(62 4)" data-token={class}>
                        <title>{tip}</title>
                        // A key: bow and bit.
                        <g class="key-glyph">
                            <circle cx="7" cy="13" r="6" />
                            <path d="M13 13 h14 M22 13 v6 M27 13 v5" />
                        </g>
                        // An envelope: body and flap.
                        <g class="envelope-glyph">
                            <rect x="0" y="3" width="30" height="21" rx="3" />
                            <path d="M1 5 l14 10 l14 -10" />
                        </g>
                        <g class="red-padlock">
                            <path d="M20 16 v-3 a4 4 0 0 1 8 0 v3" />
                            <rect x="18" y="16" width="12" height="10" rx="2" />
                        </g>
                    </g>
                }
                <text class="disk-name" x={if token.is_some() { "100" } else { "64" }} y="26">
                    <title>{format!("{} · {lock_word}", vm.disk_name)}</title>
                    {format!("OS disk · {lock_word}")}
                </text>
            </g>
            if has_ext {
                <g class="extension" transform={translate(p.w - PAD - 60.0, 12.0)}>
                    <title>{"Azure Disk Encryption extension"}</title>
                    <rect width="60" height="34" rx="10" />
                    <text x="30" y="24" text-anchor="middle">{"ADE"}</text>
                </g>
            }
            { fitted_text("disk-detail", PAD, 154.0, &detail, p.w - 2.0 * PAD, PX, Face::Sans) }
        </g>
    }
}
