//! Narration text with the scenario format's inline marks. Every span becomes a text node: lesson
//! text is never parsed as HTML.

use keyfall_core::{Span, inline_spans};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RichTextProps {
    pub text: AttrValue,
}

#[function_component]
pub fn RichText(props: &RichTextProps) -> Html {
    let paragraphs = props
        .text
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
            html! { <p class={classes!(quote.then_some("quote"))}>{ for spans }</p> }
        });
    html! { <>{ for paragraphs }</> }
}
