//! Branches: every line of play kept, switchable, and two compared side by side by health.

use std::rc::Rc;

use keyfall_core::{AssetId, HealthReport};
use yew::prelude::*;

use super::verdict_badge::verdict_icon;
use crate::session::Session;
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct BranchesProps {
    /// The branches and which is active, shared with the state (not copied each render).
    pub session: Rc<Session>,
    /// Health of the active branch at the cursor.
    pub health: Rc<HealthReport>,
    pub compare: Option<(usize, Rc<HealthReport>)>,
    /// Receives a switch to a branch, or a comparison started or stopped.
    pub on_action: Callback<Action>,
}

#[function_component]
pub fn Branches(props: &BranchesProps) -> Html {
    let branches = &props.session.branches;
    let ask = |action: Action| props.on_action.reform(move |_: MouseEvent| action.clone());
    let rows = branches.iter().enumerate().map(|(i, b)| {
        let active = i == props.session.active;
        let comparing = props.compare.as_ref().is_some_and(|(c, _)| *c == i);
        html! {
            <li class={if active { "branch active" } else { "branch" }} data-testid="branch-row">
                <span class="branch-name">{format!("{}{} · {} steps", if active { "● " } else { "" }, b.name, b.steps.len())}</span>
                if !active {
                    <button class="small" onclick={ask(Action::SwitchBranch(i))}>{"Switch"}</button>
                    if comparing {
                        <button class="small" onclick={ask(Action::Compare(None))}>{"Stop comparing"}</button>
                    } else {
                        <button class="small" data-testid="compare" onclick={ask(Action::Compare(Some(i)))}>{"Compare"}</button>
                    }
                }
            </li>
        }
    });
    let table = props.compare.as_ref().map(|(other, theirs)| {
        let mut assets: Vec<AssetId> = props.health.assets.iter().map(|a| a.asset.clone()).collect();
        for a in &theirs.assets {
            if !assets.contains(&a.asset) {
                assets.push(a.asset.clone());
            }
        }
        let cell = |h: &HealthReport, asset: &AssetId| match h.get(asset) {
            Some(a) => format!("{} {}", verdict_icon(a.verdict), a.verdict.name()),
            None => "—".to_owned(),
        };
        let rows = assets.iter().map(|a| {
            let mine = cell(&props.health, a);
            let other_cell = cell(theirs, a);
            let differ = mine != other_cell;
            html! {
                <tr class={classes!(differ.then_some("differs"))}>
                    <td><code>{crate::view::short(&a.to_string())}</code></td><td>{mine}</td><td>{other_cell}</td>
                </tr>
            }
        });
        let other_name = branches.get(*other).map(|b| b.name.clone()).unwrap_or_default();
        html! {
            <table class="compare" data-testid="compare-table">
                <thead><tr><th>{"Asset"}</th><th>{"This branch (now)"}</th><th>{format!("{other_name} (end)")}</th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        }
    });
    html! {
        <section class="branches" aria-label="Branches">
            <p class="dim">{"Type a command in the past, or press Branch, to start a new branch; the old one is kept."}</p>
            <ul>{ for rows }</ul>
            { table.unwrap_or_default() }
        </section>
    }
}
