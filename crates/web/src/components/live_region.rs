//! The animation in words, for screen readers: each call, as it starts travelling, is read out
//! ("platform-ade calls unwrapKey on kek/@2: denied, key not found").

use yew::prelude::*;

use crate::view::CallView;

#[derive(Properties, PartialEq)]
pub struct LiveRegionProps {
    pub calls: std::rc::Rc<Vec<CallView>>,
    /// How many have started travelling; the last of them is read.
    pub shown: usize,
}

/// `KeyNotFound` -> `key not found`. Azure's codes are ASCII, so ASCII case rules do.
fn words(code: &str) -> String {
    let mut out = String::new();
    for (i, c) in code.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push(' ');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// One call in a sentence.
pub fn describe(c: &CallView) -> String {
    let result = if c.allowed {
        "allowed".to_owned()
    } else if let Some(missing) = &c.missing {
        format!(
            "denied, {} {}, missing {missing}",
            c.status,
            words(c.code.as_deref().unwrap_or("Forbidden"))
        )
    } else {
        format!("denied, {}", words(c.code.as_deref().unwrap_or("failed")))
    };
    format!(
        "{} calls {} on {}: {result}",
        c.caller, c.operation, c.target
    )
}

#[function_component]
pub fn LiveRegion(props: &LiveRegionProps) -> Html {
    let text = props
        .shown
        .checked_sub(1)
        .and_then(|i| props.calls.get(i))
        .map(describe)
        .unwrap_or_default();
    html! {
        <div class="sr-only" aria-live="polite" data-testid="live">{text}</div>
    }
}
