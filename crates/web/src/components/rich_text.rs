//! Narration text with the scenario format's inline marks. Every span becomes a text node: lesson
//! text is never parsed as HTML.

use keyfall_core::{Span, inline_spans};
use yew::prelude::*;

/// The paragraphs of `text`. A plain function, not a component: it has no state, and every
/// component type carries its own copy of Yew's lifecycle code into the wasm.
pub fn rich_text(text: &str) -> Html {
    let paragraphs = text
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|para| {
            let spans = inline_spans(para).into_iter().map(|s| match s {
                Span::Text(t) => html! { {t} },
                Span::Code(t) => html! { <code>{t}</code> },
                Span::Emph(t) => html! { <em>{t}</em> },
                Span::Strong(t) => html! { <strong>{t}</strong> },
            });
            let quote = para.trim_start().starts_with('>');
            html! { <p class={quote.then_some("quote")}>{ for spans }</p> }
        });
    html! { <>{ for paragraphs }</> }
}
