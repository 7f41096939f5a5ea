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
            let quote = para.trim_start().starts_with('>');
            html! { <p class={quote.then_some("quote")}>{inline(para)}</p> }
        });
    html! { <>{ for paragraphs }</> }
}

/// One line's spans, with no paragraph around them (a list item, a table cell).
pub fn inline(text: &str) -> Html {
    let spans = inline_spans(text).into_iter().map(|s| match s {
        Span::Text(t) => html! { {t} },
        Span::Code(t) => html! { <code>{t}</code> },
        Span::Emph(t) => html! { <em>{t}</em> },
        Span::Strong(t) => html! { <strong>{t}</strong> },
    });
    html! { <>{ for spans }</> }
}
