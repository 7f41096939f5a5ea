//! A call travelling from one actor to another: the operation written over the lane, a token
//! that carries it across, and the result under the lane once it arrives.

use yew::prelude::*;

/// Radius of the travelling token.
const R: i32 = 20;

#[derive(Properties, PartialEq)]
pub struct MessageProps {
    /// The operation and its object, e.g. `secret set vm1-bek`.
    pub operation: AttrValue,
    /// The result as the service reports it, e.g. `200 OK`.
    pub result: AttrValue,
    /// Lane start and end (x) and height (y) in stage units.
    pub from: i32,
    pub to: i32,
    pub y: i32,
}

#[function_component]
pub fn Message(props: &MessageProps) -> Html {
    // CSS owns the motion (and honours prefers-reduced-motion): the token starts at the caller
    // and is moved by --travel to the callee.
    let start = props.from + R + 8;
    let travel = props.to - props.from - 2 * R - 22;
    let mid = (props.from + props.to) / 2;
    html! {
        <g class="message ok" data-testid="message">
            <text class="message-label" x={mid.to_string()} y={(props.y - 34).to_string()}>
                {&props.operation}
            </text>
            <g transform={format!("translate({start} {})", props.y)}>
                <g class="token" style={format!("--travel: {travel}px")}>
                    <circle r={R.to_string()} />
                    // A key: bow, shaft, two teeth.
                    <circle class="key" cx="-6" cy="0" r="6" />
                    <path class="key" d="M0 0 h13 M9 0 v5 M13 0 v5" />
                </g>
            </g>
            <text class="message-result" x={mid.to_string()} y={(props.y + 50).to_string()}>
                {"✓ "}{&props.result}
            </text>
        </g>
    }
}
