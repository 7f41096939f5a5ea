//! A Disk Encryption Set: the customer-managed key it points at, and whether it rotates with it.

use yew::prelude::*;

use super::stage::ActorProps;
use super::widgets::{ActorRole, actor_class, actor_frame, select_handlers};
use crate::shared::Selection;
use crate::view::target_label;

#[function_component]
pub fn DesActor(props: &ActorProps) -> Html {
    let p = &props.placed;
    let Some(d) = props
        .world
        .world
        .disk_encryption_sets()
        .find(|d| d.name == p.name)
    else {
        return html! {};
    };
    let key = target_label(&props.world, &d.vault, &d.key, Some(&d.key_version));
    let sel = Selection::DiskEncryptionSet(p.name.clone());
    let selected = props.selected.as_ref() == Some(&sel);
    let handlers = select_handlers(&props.on_select, sel, false);
    let body = html! {<>
            <g class="icon" transform="translate(16 16)">
                <circle class="icon-line" cx="12" cy="20" r="9" />
                <path class="icon-line" d="M21 20 h18 M33 20 v7 M39 20 v7" />
            </g>
            <text class="actor-name" x="70" y="34">{p.name.clone()}</text>
            <text class="actor-kind" x="70" y="60">{"Disk Encryption Set"}</text>
            <text class="disk-detail" x="16" y="92">
                {format!("CMK {}/{key}{}", d.vault, if d.auto_rotation { " · auto-rotate" } else { "" })}
            </text>
    </>};
    let class = actor_class("des", &props.role, selected);
    // Named by its visible text, so what a screen reader says is what the room sees.
    actor_frame(class, p, "18", ActorRole::Button, handlers, body)
}
