//! The SVG stage: actors laid out on one canvas, and the messages that travel between them.

use yew::prelude::*;

use super::{Message, VaultActor, VmActor};
use crate::state::BEK_SECRET;

/// The stage in SVG user units. About as wide as the stage is in CSS pixels on a 1280 px
/// screen, so 16 units of text read as 16 px on a projector.
const WIDTH: i32 = 840;
const HEIGHT: i32 = 460;

/// Where actors stand, and the lane a message travels along between them.
pub(crate) const ACTOR_Y: i32 = 16;
pub(crate) const ACTOR_W: i32 = 250;
pub(crate) const ACTOR_H: i32 = 428;
pub(crate) const VM_X: i32 = 16;
pub(crate) const VAULT_X: i32 = WIDTH - 16 - ACTOR_W;
const LANE_Y: i32 = 230;

#[derive(Properties, PartialEq)]
pub struct StageProps {
    /// Encryption runs so far; a new value sends a new message.
    pub run: u32,
    /// The start of sector 0 as stored, one string per line: plaintext or ciphertext hex.
    pub on_disk: Vec<String>,
    pub encrypted: bool,
    pub bek_versions: Vec<String>,
}

#[function_component]
pub fn Stage(props: &StageProps) -> Html {
    let lane_from = VM_X + ACTOR_W;
    let lane_to = VAULT_X;
    let mid = (lane_from + lane_to) / 2;
    html! {
        <svg
            class="stage"
            data-testid="stage"
            viewBox={format!("0 0 {WIDTH} {HEIGHT}")}
            role="img"
            aria-label="vm1 and key vault kv-ade"
        >
            <defs>
                <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5"
                    markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                    <path d="M0 0 L10 5 L0 10 z" class="arrow-head" />
                </marker>
            </defs>
            <line class="lane" x1={(lane_from + 6).to_string()} y1={LANE_Y.to_string()}
                x2={(lane_to - 6).to_string()} y2={LANE_Y.to_string()} marker-end="url(#arrow)" />
            <text class="lane-label" x={mid.to_string()} y={(LANE_Y + 110).to_string()}>
                {"HTTPS · Key Vault REST API"}
            </text>
            <VmActor encrypted={props.encrypted} on_disk={props.on_disk.clone()} />
            <VaultActor bek_versions={props.bek_versions.clone()} />
            if props.run > 0 {
                // The key makes Yew build a fresh element per run, which restarts the CSS animation.
                <Message key={props.run} operation={format!("secret set {BEK_SECRET}")}
                    result="200 OK" from={lane_from} to={lane_to} y={LANE_Y} />
            }
        </svg>
    }
}
