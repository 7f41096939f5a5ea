//! A call travelling from caller to callee: a lane, a token that carries it across (CSS
//! animation; with `prefers-reduced-motion` it does not travel, the lane just lights up), and a
//! label with the operation, the object version and the result, in words and icons.

use yew::prelude::*;

use crate::layout::Placed;
use crate::state::CallView;

#[derive(Properties, PartialEq)]
pub struct MessageProps {
    pub call: CallView,
    pub from: Placed,
    pub to: Placed,
    /// How long the travel takes.
    pub ms: u32,
}

/// Points on the facing edges of two boxes.
fn endpoints(a: &Placed, b: &Placed) -> ((f64, f64), (f64, f64)) {
    let dx = b.cx() - a.cx();
    let dy = b.cy() - a.cy();
    let edge = |p: &Placed, sx: f64, sy: f64| {
        if sx.abs() * p.h > sy.abs() * p.w {
            (p.cx() + p.w / 2.0 * sx.signum(), p.cy())
        } else {
            (p.cx(), p.cy() + p.h / 2.0 * sy.signum())
        }
    };
    (edge(a, dx, dy), edge(b, -dx, -dy))
}

/// The result as the label's second line.
pub fn result_text(c: &CallView) -> String {
    if c.allowed {
        format!("✓ {} allowed", c.status)
    } else if let Some(m) = &c.missing {
        format!("✗ {} denied · missing {m}", c.status)
    } else {
        format!("✗ {} {}", c.status, c.code.as_deref().unwrap_or("failed"))
    }
}

#[function_component]
pub fn Message(props: &MessageProps) -> Html {
    let c = &props.call;
    let result = if c.allowed { "allow" } else { "deny" };
    let op_line = format!("{} {}", c.operation, c.target);
    let res_line = result_text(c);
    // Labels are sized from their text: monospace-ish estimate of the widest line.
    let chars = op_line.chars().count().max(res_line.chars().count()) as f64;
    let lw = chars * 12.5 + 28.0;
    let self_call = props.from.name == props.to.name;
    let (lane, (lx, ly), travel) = if self_call {
        // A call within one actor (extension -> its VM): a loop over the box.
        let p = &props.from;
        let (x, y) = (p.cx(), p.y);
        (
            format!("M{} {y} c -40 -70 120 -70 80 0", x - 40.0),
            (x, y - 72.0),
            (80.0, 0.0, x - 40.0, y),
        )
    } else {
        let ((x1, y1), (x2, y2)) = endpoints(&props.from, &props.to);
        (
            format!("M{x1} {y1} L{x2} {y2}"),
            ((x1 + x2) / 2.0, (y1 + y2) / 2.0 - 34.0),
            (x2 - x1, y2 - y1, x1, y1),
        )
    };
    let (dx, dy, sx, sy) = travel;
    let aria = format!("{} to {}: {}; {}", c.caller, c.callee, op_line, res_line);
    html! {
        <g class={classes!("message", result)} data-message="" data-op={c.operation.clone()}
            data-result={result} data-status={c.status.to_string()} role="img" aria-label={aria}>
            <path class="lane" d={lane} />
            <g transform={format!("translate({sx} {sy})")}>
                <g class="token" style={format!("--dx: {dx}px; --dy: {dy}px; animation-duration: {}ms", props.ms)}>
                    <circle r="13" />
                </g>
            </g>
            <g class="message-label" transform={format!("translate({} {})", lx - lw / 2.0, ly - 32.0)}>
                <rect width={lw.to_string()} height="62" rx="10" />
                <text class="op" x="14" y="26">{op_line}</text>
                <text class="res" x="14" y="52">{res_line}</text>
            </g>
        </g>
    }
}
