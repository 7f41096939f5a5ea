//! A Disk Encryption Set: the customer-managed key it points at, and whether it rotates with it.

use yew::prelude::*;

use super::stage::ActorProps;
use super::widgets::{ActorRole, actor_class, actor_frame, fitted_text, select_handlers};
use crate::layout::Face;
use crate::shared::Selection;
use crate::view::target_label;

#[function_component]
pub fn DesActor(props: &ActorProps) -> Html {
    let p = &props.placed;
    let Some(d) = props.world.world.disk_encryption_set(&p.name) else {
        return html! {};
    };
    let key = target_label(&props.world, &d.vault, &d.key, Some(&d.key_version));
    let sel = Selection::DiskEncryptionSet(p.name.clone());
    let selected = props.selected.as_ref() == Some(&sel);
    let handlers = select_handlers(&props.on_select, sel, false);
    let body = html! {<>
            <g class="icon" transform="translate(14 8)">
                <circle class="icon-line" cx="12" cy="20" r="9" />
                <path class="icon-line" d="M21 20 h18 M33 20 v7 M39 20 v7" />
            </g>
            { fitted_text("actor-name", 66.0, 34.0, &p.name, p.w - 66.0 - 14.0, 22.0, Face::Bold) }
            <text class="actor-kind" x="66" y="62">
                {if d.auto_rotation { "DES · auto-rotates" } else { "Disk Encryption Set" }}
            </text>
            { fitted_text("disk-detail", 14.0, 96.0, &format!("CMK {}/{key}", d.vault), p.w - 28.0, 18.0, Face::Sans) }
    </>};
    let class = actor_class("des", &props.role, selected);
    // Named by its visible text, so what a screen reader says is what the room sees.
    actor_frame(class, p, "18", ActorRole::Button, handlers, body)
}
