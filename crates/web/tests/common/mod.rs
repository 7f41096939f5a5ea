//! What the native reducer and session tests share: a legacy (dual-pass) ADE session, typed line
//! by line.

use std::rc::Rc;

use keyfall_web::state::{Action, State};

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
