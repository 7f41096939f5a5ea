//! A principal on the stage: the admin, an app's service principal, a managed identity or a
//! platform service (`platform-ade`, `azure-backup`).

use yew::prelude::*;

use super::stage::ActorProps;
use super::widgets::{ActorRole, actor_class, actor_frame, select_handlers};
use crate::layout::{Face, Kind, fit};
use crate::shared::Selection;

#[function_component]
pub fn PrincipalActor(props: &ActorProps) -> Html {
    let p = &props.placed;
    let (kind, icon) = match p.kind {
        Kind::User => ("User", "person"),
        Kind::ServicePrincipal => ("Service principal", "app"),
        Kind::ManagedIdentity => ("Managed identity", "app"),
        _ => ("Azure platform", "cloud"),
    };
    let sel = Selection::Principal(p.name.clone());
    let class = actor_class(
        &format!("principal kind-{icon}"),
        &props.role,
        props.selected.as_ref() == Some(&sel),
    );
    let handlers = select_handlers(&props.on_select, sel, false);
    // The admin's UPN is long: the stage shows the part before the `@`, the tooltip all of it.
    let short = p.name.split('@').next().unwrap_or(&p.name);
    let (name, cut) = fit(short, p.w - 56.0 - 12.0, 18.0, Face::Bold);
    let body = html! {<>
        <g class="icon" transform="translate(12 12)">{ icon_for(icon) }</g>
        <text class="actor-name" x="56" y="27">
            if short != p.name || cut {
                <title>{p.name.clone()}</title>
            }
            {name}
        </text>
        <text class="actor-kind" x="56" y="50">{kind}</text>
    </>};
    // Named by its visible text, so what a screen reader says is what the room sees.
    actor_frame(class, p, "16", ActorRole::Button, handlers, body)
}

fn icon_for(icon: &str) -> Html {
    match icon {
        "person" => html! {<>
            <circle class="icon-line" cx="18" cy="11" r="8" />
            <path class="icon-line" d="M3 36 a15 13 0 0 1 30 0" />
        </>},
        "app" => html! {<>
            <rect class="icon-line" x="2" y="4" width="32" height="28" rx="5" />
            <path class="icon-line" d="M2 13 h32 M9 8.5 h1 M14 8.5 h1" />
        </>},
        _ => html! {
            <path class="icon-line" d="M9 32 h20 a8 8 0 0 0 0 -16 a11 11 0 0 0 -21 -2 a8 8 0 0 0 1 18 z" />
        },
    }
}
