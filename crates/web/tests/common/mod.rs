//! What the web crate's tests share: worlds built from fixture lines, a legacy (dual-pass) ADE
//! session typed line by line, and (in the browser) a fresh root element to mount into.
#![allow(dead_code)]

use std::rc::Rc;

use keyfall_core::{World, parse_line};
use keyfall_web::state::{Action, State};

/// Applies one fixture line; a line that does not parse or does not succeed fails the test, so a
/// fixture cannot quietly build a smaller world than the test believes.
pub fn apply(world: &mut World, line: &str) {
    let cmd = parse_line(line)
        .unwrap_or_else(|e| panic!("{line}: {e}"))
        .expect("a command, not a comment");
    world.apply(&cmd).unwrap_or_else(|e| panic!("{line}: {e}"));
}

/// A world with `seed` after each of `lines`, applied with [`apply`].
pub fn world_of<L: AsRef<str>>(seed: u64, lines: &[L]) -> World {
    let mut w = World::new(seed);
    for line in lines {
        apply(&mut w, line.as_ref());
    }
    w
}

/// A new element attached to the test page's body, for a component or the app to render into.
#[cfg(target_arch = "wasm32")]
pub fn new_root() -> web_sys::Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("a div");
    document
        .body()
        .expect("the test page has a body")
        .append_child(&root)
        .expect("the root attaches");
    root
}

/// The legacy ADE flow (R15), typed as six console lines.
pub const LEGACY: &[&str] = &[
    "az ad sp create-for-rbac --name ade-app",
    "az keyvault create --name kv-ade --resource-group rg --location westeurope --enabled-for-disk-encryption true --enable-rbac-authorization false",
    "az keyvault key create --vault-name kv-ade --name kek --kty RSA --size 3072",
    "az keyvault set-policy --name kv-ade --spn ade-app --secret-permissions set",
    "az vm create --name vm1 --resource-group rg --location westeurope --image Ubuntu2204",
    "az vm encryption enable --name vm1 --resource-group rg --disk-encryption-keyvault kv-ade --key-encryption-key kek --aad-client-id ade-app --aad-client-secret ***",
];

/// `state` after each action in turn.
pub fn run(state: Rc<State>, actions: impl IntoIterator<Item = Action>) -> Rc<State> {
    actions.into_iter().fold(state, |s, a| s.reduce(a))
}

/// Each line submitted at the console.
pub fn typed(lines: &[&str]) -> Vec<Action> {
    lines
        .iter()
        .map(|l| Action::Submit((*l).to_owned()))
        .collect()
}
