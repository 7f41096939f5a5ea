//! The stage: keyfall-stage draws it (the same tree the CLI writes out as an SVG file), and this
//! component turns the tree into Yew's virtual DOM, with the click and keyboard handlers of the
//! elements that select something. The travelling message is keyed by call, so Yew replaces it
//! and its CSS animation starts again; which call travels is the playback's `shown`.

use std::rc::Rc;

use keyfall_core::AssetId;
use keyfall_stage::draw::{Frame, present, purged_by, stage};
use keyfall_stage::layout::{Layout, arrange};
use keyfall_stage::scene::{El, Node};
use yew::html::{onclick, onkeydown};
use yew::prelude::*;
use yew::virtual_dom::{Key, VList, VTag, VText};

use super::widgets::select_handlers;
use crate::playback::{Now, Playback};
use crate::shared::Selection;

#[derive(Properties, PartialEq)]
pub struct StageProps {
    /// The world, the current step's calls (the last one started travels), every actor the
    /// stage will show (`Playback::cast`) and the speed.
    pub play: Playback,
    /// Nothing to play yet: say how to start.
    #[prop_or_default]
    pub hint: bool,
    pub selected: Option<Selection>,
    pub on_select: Callback<Selection>,
}

#[function_component]
pub fn Stage(props: &StageProps) -> Html {
    let play = &props.play;
    let planned = use_memo(play.cast.clone(), |c| arrange(c));
    // The planned places of the actors the world holds now: calls route around these only.
    let lay = use_memo((planned, play.now.world.clone()), |(planned, w)| {
        present(planned, &w.world)
    });
    // The current step's records: their events say what was purged.
    let purged = use_memo(play.now.records.clone(), |records| purged_by(records));
    let frame = Frame {
        selected: props.selected.as_ref(),
        hint: props.hint,
        message_ms: play.speed.message_ms(),
        ..frame_of(&play.now, &lay, &purged)
    };
    vnode(Node::El(stage(&frame)), &props.on_select)
}

/// The drawing's input for what the playback shows `now`: nothing selected, no hint.
pub(super) fn frame_of<'a>(now: &'a Now, layout: &'a Layout, purged: &'a [AssetId]) -> Frame<'a> {
    Frame {
        world: &now.world.world,
        layout,
        health: &now.health,
        purged,
        calls: &now.calls,
        shown: now.shown,
        selected: None,
        hint: false,
        generation: now.world.generation,
        message_ms: 900,
    }
}

/// A node of the drawing as a virtual DOM node. A list stays a list (a fragment), so the
/// elements after a varying run keep their places between renders.
fn vnode(node: Node, on_select: &Callback<Selection>) -> Html {
    match node {
        Node::Text(t) => VText::new(t).into(),
        Node::List(items) => VList::with_children(
            items.into_iter().map(|n| vnode(n, on_select)).collect(),
            None,
        )
        .into(),
        Node::El(e) => element(e, on_select),
    }
}

fn element(e: El, on_select: &Callback<Selection>) -> Html {
    let mut tag = VTag::new(e.tag);
    for (name, value) in e.attrs {
        tag.add_attribute(name, value);
    }
    tag.key = e.key.map(Key::from);
    if let Some(pick) = e.pick {
        let (click, key) = select_handlers(on_select, pick.selection, pick.nested);
        tag.add_listener(Rc::new(onclick::Wrapper::new(click)));
        tag.add_listener(Rc::new(onkeydown::Wrapper::new(key)));
    }
    tag.add_children(e.children.into_iter().map(|c| vnode(c, on_select)));
    tag.into()
}
