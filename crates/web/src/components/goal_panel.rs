//! Goal mode: what to reach (asset + verdict), par, how many commands the user has used, whether
//! the checker says it is met, and the hint on request.

use yew::prelude::*;

use super::rich_text::rich_text;
use crate::view::GoalStatus;

#[derive(Properties, PartialEq)]
pub struct GoalPanelProps {
    pub goal: GoalStatus,
    pub hint: bool,
    pub on_hint: Callback<()>,
}

#[function_component]
pub fn GoalPanel(props: &GoalPanelProps) -> Html {
    let g = &props.goal;
    let conditions = g.conditions.iter().map(|(asset, want, now)| {
        let held = *now == Some(*want);
        html! {
            <li class={if held { "held" } else { "open" }}>
                <span aria-hidden="true">{if held { "✓ " } else { "○ " }}</span>
                <code>{asset.to_string()}</code>{format!(" → {want} (now {})", now.map_or("missing", |v| v.name()))}
            </li>
        }
    });
    let (status, class) = if g.met {
        let par = match g.used.cmp(&g.goal.par) {
            std::cmp::Ordering::Less => "under par!",
            std::cmp::Ordering::Equal => "at par",
            std::cmp::Ordering::Greater => "over par",
        };
        (format!("✓ Goal met in {} command(s), {par}", g.used), "met")
    } else {
        (
            format!(
                "○ Not met yet · {} command(s) used, par {}",
                g.used, g.goal.par
            ),
            "open",
        )
    };
    let on_hint = props.on_hint.reform(|_: MouseEvent| ());
    html! {
        <section class={format!("goal {class}")} data-testid="goal" data-met={g.met.to_string()} aria-live="polite">
            <h3>{"Your turn"}</h3>
            <ul>{ for conditions }</ul>
            <p class="goal-status" data-testid="goal-status">{status}</p>
            if let Some(hint) = &g.goal.hint {
                if props.hint {
                    <p class="hint">{ rich_text(hint) }</p>
                } else {
                    <button class="small" data-testid="hint" onclick={on_hint}>{"Show hint"}</button>
                }
            }
        </section>
    }
}
