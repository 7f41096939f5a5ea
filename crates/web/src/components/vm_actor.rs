//! A virtual machine: its power and lock state, its OS disk and how that disk is encrypted, and
//! the ADE extension when it has one. A VM stuck at the recovery screen says so in words.

use keyfall_core::{AssetId, PowerState, Vm};
use yew::prelude::*;

use super::stage::ActorProps;
use super::verdict_badge::verdict_icon;
use super::widgets::{actor_class, select_handlers};
use crate::layout::{num, translate};
use crate::shared::Selection;
use crate::view::target_label;

/// The VM's state as (css class, word), most serious first.
fn power_state(vm: &Vm) -> (&'static str, &'static str, &'static str) {
    if vm.shut_down_by_cmk {
        ("dark", "■", "dark: CMK key lost")
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
                || "BEK only, no KEK".to_owned(),
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
    let sub = if props.show_subscription {
        format!(" · {}", vm.subscription)
    } else {
        String::new()
    };
    // What the screen shows: a login prompt when running, the recovery screen when the OS
    // volume key could not be unwrapped at boot, nothing when off or dark.
    let screen = match state_class {
        "running" => "on",
        "locked" => "recovery",
        _ => "off",
    };
    let detail = if state_class == "locked" {
        "Recovery screen: VmBootLocked".to_owned()
    } else if state_class == "dark" {
        format!("{enc_word}: key unreachable, disks offline")
    } else {
        format!("{enc_word}: {enc_detail}")
    };
    html! {
        <g {class} data-actor={name.clone()} data-power={state_class} data-lock={lock_word}
            role="button" tabindex="0"
            transform={translate(p.x, p.y)} {onclick} {onkeydown}>
            <rect class="actor-box" width={num(p.w)} height={num(p.h)} rx="18" />
            // Monitor icon; its screen shows the VM's state.
            <g class={format!("icon screen-{screen}")} transform="translate(16 16)">
                <rect class="screen" x="2" y="2" width="36" height="24" rx="3" />
                <rect class="icon-line" x="0" y="0" width="40" height="28" rx="4" />
                <path class="icon-line" d="M14 36 h12 M20 28 v8" />
                if screen == "recovery" {
                    <text class="screen-mark" x="20" y="21" text-anchor="middle">{"!"}</text>
                }
            </g>
            <text class="actor-name" x="70" y="34">{name.clone()}</text>
            <text class="actor-kind" x="70" y="60">{format!("VM · {}{sub}", vm.location)}</text>
            if let Some(v) = verdict {
                <g class={format!("stage-verdict verdict-{}", v.name())}
                    transform={translate(p.w - 14.0, 14.0)}>
                    <rect x={num(-(v.name().chars().count() as f64) * 12.5 - 42.0)}
                        width={num(v.name().chars().count() as f64 * 12.5 + 42.0)} height="32" rx="16" />
                    <text x="-14" y="23" text-anchor="end">{format!("{} {}", verdict_icon(v), v.name())}</text>
                </g>
            }
            <g class={format!("power {state_class}")} transform="translate(16 78)">
                <rect class="badge" width={num(p.w - 108.0)} height="36" rx="10" />
                <text x="14" y="25">{format!("{state_icon} {state_word}")}</text>
            </g>
            // The OS disk with its lock; the shackle's move is a CSS transition.
            <g class={if unlocked { "disk unlocked" } else { "disk locked" }} transform="translate(16 126)">
                <path class="cylinder" d="M0 6 a14 5 0 0 0 28 0 v24 a14 5 0 0 1 -28 0 z" />
                <ellipse class="cylinder-top" cx="14" cy="6" rx="14" ry="5" />
                <g transform="translate(38 4)">
                    <path class="lock-shackle" d="M4 9 v-4 a5 5 0 0 1 10 0 v4" />
                    <rect class="lock-body" x="0" y="9" width="18" height="14" rx="3" />
                </g>
                <text class="disk-name" x="66" y="20">{format!("{} · {lock_word}", vm.disk_name)}</text>
                <text class="disk-detail" x="0" y="58">{detail}</text>
            </g>
            if vm.ade.is_some() || vm.used_ade {
                <g class="extension" transform={translate(p.w - 84.0, 78.0)}>
                    <title>{"Azure Disk Encryption extension"}</title>
                    <rect width="68" height="36" rx="10" />
                    <text x="34" y="25" text-anchor="middle">{"ADE"}</text>
                </g>
            }
        </g>
    }
}
