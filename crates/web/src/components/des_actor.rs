//! A Disk Encryption Set: the customer-managed key it points at, and whether it rotates with it.

use yew::prelude::*;

use crate::layout::{Placed, num, translate};
use crate::shared::{Selection, WorldRef};
use crate::state::target_label;

#[derive(Properties, PartialEq)]
pub struct DesActorProps {
    pub placed: Placed,
    pub world: WorldRef,
    #[prop_or_default]
    pub role: AttrValue,
    pub selected: bool,
    pub on_select: Callback<Selection>,
}

#[function_component]
pub fn DesActor(props: &DesActorProps) -> Html {
    let p = &props.placed;
    let Some(d) = props
        .world
        .world
        .disk_encryption_sets()
        .find(|d| d.name == p.name)
    else {
        return html! {};
    };
    let name = p.name.clone();
    let key = target_label(&props.world, &d.vault, &d.key, Some(&d.key_version));
    let select = {
        let cb = props.on_select.clone();
        let name = name.clone();
        move || cb.emit(Selection::DiskEncryptionSet(name.clone()))
    };
    let onclick = {
        let select = select.clone();
        Callback::from(move |_: MouseEvent| select())
    };
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            e.prevent_default();
            select();
        }
    });
    let class = classes!(
        "actor",
        "des",
        (!props.role.is_empty()).then(|| props.role.to_string()),
        props.selected.then_some("selected"),
    );
    html! {
        // Named by its visible text, so what a screen reader says is what the room sees.
        <g {class} data-actor={name.clone()} role="button" tabindex="0"
            transform={translate(p.x, p.y)} {onclick} {onkeydown}>
            <rect class="actor-box" width={num(p.w)} height={num(p.h)} rx="18" />
            <g class="icon" transform="translate(16 16)">
                <circle class="icon-line" cx="12" cy="20" r="9" />
                <path class="icon-line" d="M21 20 h18 M33 20 v7 M39 20 v7" />
            </g>
            <text class="actor-name" x="70" y="34">{name.clone()}</text>
            <text class="actor-kind" x="70" y="60">{"Disk Encryption Set"}</text>
            <text class="disk-detail" x="16" y="92">
                {format!("CMK {}/{key}{}", d.vault, if d.auto_rotation { " · auto-rotate" } else { "" })}
            </text>
        </g>
    }
}
