//! The permissions panel: one vault's access-policy matrix, switches, purge protection, RBAC role
//! assignments and the effective-access view.
//!
//! The panel never changes the world itself. Every edit becomes a `keyfall_core::Command`, printed
//! by the core's own printer and raised through `on_command`, so it lands in the timeline as the
//! `az` line a person would type. Checkboxes show the world, not the click: a click is prevented
//! from toggling the box, and the box changes only when the command has run and the world says so.

use keyfall_core::{
    Access, AccessPolicy, Command, KeyPerm, PrincipalKind, PrincipalRef, Role, RoleAssignment,
    SecretPerm, SetPolicy, Vault, VaultUpdate, Via, World,
};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::widgets::{button, option, run_lines};
use crate::shared::{WorldRef, distinct_sorted};

/// Props of [`PermissionsPanel`].
#[derive(Debug, Properties, PartialEq)]
pub struct PermissionsProps {
    pub world: WorldRef,
    /// The selected vault; `None` shows the first live vault.
    #[prop_or_default]
    pub vault: Option<String>,
    /// Receives one canonical command line per edit.
    pub on_command: Callback<String>,
}

/// Columns shown before "more": what the ADE, backup and app lessons actually use (R12, R13).
const COMMON_KEY_PERMS: [KeyPerm; 6] = [
    KeyPerm::Get,
    KeyPerm::List,
    KeyPerm::WrapKey,
    KeyPerm::UnwrapKey,
    KeyPerm::Backup,
    KeyPerm::Purge,
];
const COMMON_SECRET_PERMS: [SecretPerm; 5] = [
    SecretPerm::Get,
    SecretPerm::List,
    SecretPerm::Set,
    SecretPerm::Backup,
    SecretPerm::Purge,
];

/// One column of the matrix.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Perm {
    Key(KeyPerm),
    Secret(SecretPerm),
}

impl Perm {
    /// Every permission, keys first, each category in R9 order.
    fn all() -> impl Iterator<Item = Perm> {
        KeyPerm::ALL
            .iter()
            .map(|&p| Perm::Key(p))
            .chain(SecretPerm::ALL.iter().map(|&p| Perm::Secret(p)))
    }
    /// Shown before "more".
    fn common(self) -> bool {
        match self {
            Perm::Key(k) => COMMON_KEY_PERMS.contains(&k),
            Perm::Secret(s) => COMMON_SECRET_PERMS.contains(&s),
        }
    }
    fn category(self) -> &'static str {
        match self {
            Perm::Key(_) => "keys",
            Perm::Secret(_) => "secrets",
        }
    }
    fn name(self) -> &'static str {
        match self {
            Perm::Key(p) => p.name(),
            Perm::Secret(p) => p.name(),
        }
    }
    fn held_by(self, policy: Option<&AccessPolicy>) -> bool {
        policy.is_some_and(|p| match self {
            Perm::Key(k) => p.keys.contains(&k),
            Perm::Secret(s) => p.secrets.contains(&s),
        })
    }
}

/// How commands name a principal: users by UPN, everyone else by service principal name
/// (DESIGN.md conventions).
pub(crate) fn principal_ref(world: &World, name: &str) -> PrincipalRef {
    match world.principals().find(|p| p.name == name).map(|p| p.kind) {
        Some(PrincipalKind::User) => PrincipalRef::Upn(name.to_owned()),
        _ => PrincipalRef::Spn(name.to_owned()),
    }
}

/// The commands that tick (`on`) or untick one box. `set-policy` replaces the category it names
/// and keeps the other, so one line with the full new list is enough; an empty list is the flag
/// alone, as az's `nargs='*'` takes it. Unticking the last box of both categories deletes the
/// entry instead of leaving an empty one.
fn toggle_commands(
    vault: &str,
    who: PrincipalRef,
    policy: Option<&AccessPolicy>,
    perm: Perm,
    on: bool,
) -> Vec<Command> {
    // The new lists in R9 order: what is held, with `perm` ticked or unticked.
    let after = |p: Perm| if p == perm { on } else { p.held_by(policy) };
    let keys: Vec<KeyPerm> = KeyPerm::ALL
        .iter()
        .copied()
        .filter(|k| after(Perm::Key(*k)))
        .collect();
    let secrets: Vec<SecretPerm> = SecretPerm::ALL
        .iter()
        .copied()
        .filter(|s| after(Perm::Secret(*s)))
        .collect();
    if keys.is_empty() && secrets.is_empty() {
        return vec![Command::DeletePolicy {
            vault: vault.to_owned(),
            principal: who,
        }];
    }
    let (key_permissions, secret_permissions) = match perm {
        Perm::Key(_) => (Some(keys), None),
        Perm::Secret(_) => (None, Some(secrets)),
    };
    vec![Command::SetPolicy(SetPolicy {
        vault: vault.to_owned(),
        principal: who,
        key_permissions,
        secret_permissions,
    })]
}

fn select_value(e: &Event) -> Option<String> {
    e.target_dyn_into::<HtmlSelectElement>().map(|s| s.value())
}

/// A select's change handler that stores the picked value in `state`.
fn set_on_change(state: &UseStateHandle<String>) -> Callback<Event> {
    let state = state.clone();
    Callback::from(move |e: Event| {
        if let Some(v) = select_value(&e) {
            state.set(v);
        }
    })
}

/// The permissions panel for one vault.
#[function_component]
pub fn PermissionsPanel(props: &PermissionsProps) -> Html {
    let picked = use_state(|| None::<String>);
    let show_more = use_state(|| false);
    // Principals added with "Add" but not yet granted anything: a row with nothing ticked, so
    // the first tick is the one command that creates the entry.
    let pending = use_state(Vec::<String>::new);
    let add_choice = use_state(String::new);
    let role_principal = use_state(String::new);
    let role_choice = use_state(|| Role::KeyVaultSecretsUser);

    let world: &World = &props.world;
    let live: Vec<&Vault> = world.vaults().filter(|v| v.deleted.is_none()).collect();
    let chosen = (*picked)
        .clone()
        .or_else(|| props.vault.clone())
        .or_else(|| live.first().map(|v| v.name.clone()));
    let Some(vault) = chosen.as_deref().and_then(|n| world.vault(n)) else {
        return html! {
            <section class="panel permissions" aria-label="Permissions">
                <h2 class="panel-title">{"Permissions"}</h2>
                <p class="panel-empty">{"No key vault yet. Create one with "}
                    <code>{"az keyvault create"}</code>{"."}</p>
            </section>
        };
    };

    let on_pick = {
        let picked = picked.clone();
        Callback::from(move |e: Event| picked.set(select_value(&e)))
    };
    let picker = html! {
        <label class="field">
            <span class="field-label">{"Vault"}</span>
            <select data-testid="perm-vault-picker" onchange={on_pick}>
                { for world.vaults().map(|v| {
                    let suffix = if v.deleted.is_some() { " (soft-deleted)" } else { "" };
                    option(&v.name, &format!("{}{suffix}", v.name), v.name == vault.name)
                }) }
            </select>
        </label>
    };

    let at = Panel {
        world,
        vault,
        on_command: &props.on_command,
    };
    html! {
        <section class="panel permissions" aria-label="Permissions" data-vault={vault.name.clone()}>
            <h2 class="panel-title">{"Permissions"}</h2>
            { picker }
            { switches(vault, &props.on_command) }
            { if vault.rbac {
                role_assignments(at, &role_principal, &role_choice)
            } else { html! {} } }
            { matrix(at, &show_more, &pending, &add_choice) }
            { effective_access(world, vault) }
        </section>
    }
}

/// What the panel's sections are drawn from: the world, the vault shown, and where edits go.
#[derive(Clone, Copy)]
struct Panel<'a> {
    world: &'a World,
    vault: &'a Vault,
    on_command: &'a Callback<String>,
}

fn switches(vault: &Vault, on_command: &Callback<String>) -> Html {
    // One `az keyvault update` that sets what `set` sets and leaves every other switch.
    let update = |set: &dyn Fn(&mut VaultUpdate)| {
        let mut args = VaultUpdate {
            name: vault.name.clone(),
            ..VaultUpdate::default()
        };
        set(&mut args);
        Command::VaultUpdate(args).to_string()
    };
    let rows = [
        (
            "enabledForDiskEncryption",
            "Azure Disk Encryption (platform-ade) may get secrets and unwrap keys (R10)",
            vault.enabled_for_disk_encryption,
            update(&|u| u.enabled_for_disk_encryption = Some(!vault.enabled_for_disk_encryption)),
        ),
        (
            "enabledForDeployment",
            "Compute (platform-compute) may get secrets at VM creation",
            vault.enabled_for_deployment,
            update(&|u| u.enabled_for_deployment = Some(!vault.enabled_for_deployment)),
        ),
        (
            "enabledForTemplateDeployment",
            "ARM (platform-arm) may get secrets during template deployment",
            vault.enabled_for_template_deployment,
            update(&|u| {
                u.enabled_for_template_deployment = Some(!vault.enabled_for_template_deployment);
            }),
        ),
    ];
    // The button that turns a one-way setting on.
    let turn_on = |testid: &'static str, line: String, text: &'static str| {
        button(
            "btn small",
            Some(testid),
            None,
            false,
            run_lines(on_command, vec![line]),
            text,
        )
    };
    let purge = {
        let on = vault.purge_protection;
        let tail = if on {
            html! {
                <span class="switch-note">{"Locked: once on, it can never be turned off (R22)."}</span>
            }
        } else {
            let line = update(&|u| u.enable_purge_protection = Some(true));
            turn_on("enable-purge-protection", line, "Turn on (irreversible)")
        };
        let (class, state) = if on {
            ("switch locked", "✓ On (locked)")
        } else {
            ("switch", "○ Off")
        };
        one_way_switch(
            class,
            "purgeProtection",
            on,
            state,
            "Purge protection",
            tail,
        )
    };
    let mode = {
        let on = vault.rbac;
        let (state, name, tail) = if on {
            ("✓ RBAC", "Permission model: Azure RBAC", Html::default())
        } else {
            let line = update(&|u| u.enable_rbac_authorization = Some(true));
            let tail = turn_on("switch-to-rbac", line, "Switch to RBAC (voids policies)");
            ("○ Policies", "Permission model: access policies", tail)
        };
        one_way_switch("switch", "rbac", on, state, name, tail)
    };
    html! {
        <div class="perm-block">
            <h3>{"Vault switches"}</h3>
            <ul class="switches">
                { for rows.into_iter().map(|(name, help, on, cmd)| {
                    // The switch shows the world: it flips when the command has run.
                    let onclick = run_lines(on_command, vec![cmd]);
                    html! {
                        <li class="switch" data-switch={name} data-on={if on { "true" } else { "false" }}>
                            <label>
                                <input type="checkbox" role="switch" checked={on} {onclick}
                                    data-testid={format!("switch-{name}")} />
                                <span class={if on { "switch-state on" } else { "switch-state off" }}>
                                    { if on { "✓ On" } else { "○ Off" } }
                                </span>
                                <span class="switch-name">{ name }</span>
                            </label>
                            <span class="switch-note">{ help }</span>
                        </li>
                    }
                }) }
                { purge }
                { mode }
            </ul>
        </div>
    }
}

/// A vault setting that only goes one way (purge protection, the RBAC model): its state in words,
/// then a note or the button that turns it on.
fn one_way_switch(
    class: &'static str,
    key: &'static str,
    on: bool,
    state: &'static str,
    name: &'static str,
    tail: Html,
) -> Html {
    html! {
        <li {class} data-switch={key} data-on={if on { "true" } else { "false" }}>
            <span class={if on { "switch-state on" } else { "switch-state off" }}>{ state }</span>
            <span class="switch-name">{ name }</span>
            { tail }
        </li>
    }
}

fn role_assignments(
    at: Panel<'_>,
    principal: &UseStateHandle<String>,
    role: &UseStateHandle<Role>,
) -> Html {
    let (vault, on_command) = (at.vault, at.on_command);
    let names: Vec<String> = at.world.principals().map(|p| p.name.clone()).collect();
    let chosen_principal = if names.contains(&**principal) {
        (**principal).clone()
    } else {
        names.first().cloned().unwrap_or_default()
    };
    let on_principal = set_on_change(principal);
    let on_role = {
        let role = role.clone();
        Callback::from(move |e: Event| {
            let picked =
                select_value(&e).and_then(|v| Role::ALL.iter().copied().find(|r| r.name() == v));
            if let Some(r) = picked {
                role.set(r);
            }
        })
    };
    let line = Command::RoleAssignmentCreate(RoleAssignment {
        assignee: chosen_principal.clone(),
        role: **role,
        scope: vault.name.clone(),
    })
    .to_string();
    let add = button(
        "btn",
        Some("role-add"),
        None,
        chosen_principal.is_empty(),
        run_lines(on_command, vec![line]),
        "Assign role",
    );
    html! {
        <div class="perm-block">
            <h3>{"Role assignments (Azure RBAC)"}</h3>
            <p class="note" role="note">
                {"⚠ This vault uses Azure RBAC: its access policies are void and grant nothing (R11)."}
            </p>
            if vault.role_assignments.is_empty() {
                <p class="panel-empty">{"No role assignments on this vault."}</p>
            } else {
                <table class="data-table">
                    <thead><tr><th scope="col">{"Principal"}</th><th scope="col">{"Role"}</th><th scope="col">{"Scope"}</th><th></th></tr></thead>
                    <tbody>
                    { for vault.role_assignments.iter().map(|g| {
                        let (who, r) = (&g.principal, &g.role);
                        let line = Command::RoleAssignmentDelete(RoleAssignment {
                            assignee: who.clone(), role: *r, scope: vault.scope_of(g),
                        }.into()).to_string();
                        let at = match &g.object {
                            None => "this vault".to_owned(),
                            Some((kind, name)) => format!("{kind} {name}"),
                        };
                        let remove = button(
                            "btn small danger",
                            None,
                            Some(format!("Remove {} from {who}", r.name())),
                            false,
                            run_lines(on_command, vec![line]),
                            "✗ Remove",
                        );
                        html! {
                            <tr data-role-assignment={format!("{who}/{}", r.name())}>
                                <td>{ who }</td>
                                <td>{ r.name() }</td>
                                <td>{ at }</td>
                                <td>{ remove }</td>
                            </tr>
                        }
                    }) }
                    </tbody>
                </table>
            }
            <div class="inline-form">
                <select aria-label="Principal" data-testid="role-principal" onchange={on_principal}>
                    { for names.iter().map(|n| option(n, n, *n == chosen_principal)) }
                </select>
                <select aria-label="Role" data-testid="role-role" onchange={on_role}>
                    { for Role::ALL.iter().map(|&r| option(r.name(), r.name(), r == **role)) }
                </select>
                { add }
            </div>
        </div>
    }
}

fn matrix(
    at: Panel<'_>,
    show_more: &UseStateHandle<bool>,
    pending: &UseStateHandle<Vec<String>>,
    add_choice: &UseStateHandle<String>,
) -> Html {
    let Panel {
        world,
        vault,
        on_command,
    } = at;
    let columns: Vec<Perm> = Perm::all().filter(|p| **show_more || p.common()).collect();
    let key_cols = columns.iter().filter(|c| matches!(c, Perm::Key(_))).count();
    let secret_cols = columns.len() - key_cols;

    let mut rows: Vec<(String, Option<&AccessPolicy>)> = vault
        .policies
        .iter()
        .map(|p| (p.principal.clone(), Some(p)))
        .collect();
    for name in pending.iter() {
        if !rows.iter().any(|(n, _)| n == name) {
            rows.push((name.clone(), None));
        }
    }
    let addable: Vec<String> = world
        .principals()
        .map(|p| p.name.clone())
        .filter(|n| !rows.iter().any(|(r, _)| r == n))
        .collect();
    let add_target = if addable.contains(&**add_choice) {
        (**add_choice).clone()
    } else {
        addable.first().cloned().unwrap_or_default()
    };
    let disabled = vault.rbac || vault.deleted.is_some();

    let header = html! {
        <thead>
            <tr>
                <th scope="col" rowspan="2">{"Principal"}</th>
                <th scope="colgroup" colspan={key_cols.to_string()} class="group keys">{"Keys"}</th>
                <th scope="colgroup" colspan={secret_cols.to_string()} class="group secrets">{"Secrets"}</th>
                if !**show_more { <th scope="col" rowspan="2">{"More"}</th> }
                <th scope="col" rowspan="2"><span class="sr-only">{"Remove"}</span></th>
            </tr>
            <tr>
                { for columns.iter().map(|c| html! {
                    <th scope="col" class={format!("perm-col {}", c.category())}>
                        <span class="perm-name">{ c.name() }</span>
                    </th>
                }) }
            </tr>
        </thead>
    };

    let body = rows.iter().map(|(who, policy)| {
        let policy = *policy;
        let who_ref = principal_ref(world, who);
        let hidden: Vec<String> = if **show_more {
            Vec::new()
        } else {
            Perm::all()
                .filter(|p| !columns.contains(p) && p.held_by(policy))
                .map(|p| format!("{}/{}", p.category(), p.name()))
                .collect()
        };
        let cells = columns.iter().map(|perm| {
            let perm = *perm;
            let checked = perm.held_by(policy);
            let lines = toggle_commands(&vault.name, who_ref.clone(), policy, perm, !checked)
                .iter()
                .map(Command::to_string)
                .collect();
            // Keeps the box showing the world until the command has run (module doc).
            let onclick = run_lines(on_command, lines);
            let id = format!("{}/{who}/{}/{}", vault.name, perm.category(), perm.name());
            html! {
                <td class={if checked { "perm-cell granted" } else { "perm-cell" }}>
                    <input type="checkbox" {checked} {disabled} {onclick}
                        data-perm={id.clone()} aria-label={id} />
                </td>
            }
        });
        let remove = if policy.is_some() {
            let line = Command::DeletePolicy {
                vault: vault.name.clone(),
                principal: who_ref.clone(),
            }
            .to_string();
            html! {
                <button class="btn small danger" {disabled}
                    data-remove-policy={who.clone()}
                    aria-label={format!("Remove the access policy of {who}")}
                    onclick={run_lines(on_command, vec![line])}>{"✗"}</button>
            }
        } else {
            let pending = pending.clone();
            let name = who.clone();
            html! {
                <button class="btn small" aria-label={format!("Discard the empty row of {who}")}
                    onclick={Callback::from(move |_| {
                        pending.set(pending.iter().filter(|n| **n != name).cloned().collect());
                    })}>{"✗"}</button>
            }
        };
        html! {
            <tr data-principal={who.clone()}>
                <th scope="row" class="principal">{ who }</th>
                { for cells }
                if !**show_more {
                    <td class="more-count" title={hidden.join(", ")}>
                        { if hidden.is_empty() { String::new() } else { format!("+{}", hidden.len()) } }
                    </td>
                }
                <td>{ remove }</td>
            </tr>
        }
    });

    let toggle_more = {
        let show_more = show_more.clone();
        Callback::from(move |_| show_more.set(!*show_more))
    };
    let on_add_choice = set_on_change(add_choice);
    let on_add = {
        let pending = pending.clone();
        let target = add_target.clone();
        Callback::from(move |_| {
            if !target.is_empty() {
                let mut next = (*pending).clone();
                next.push(target.clone());
                pending.set(next);
            }
        })
    };

    html! {
        <div class="perm-block">
            <h3>{"Access policies"}</h3>
            <div class="matrix-scroll">
                <table class="data-table matrix" data-testid="perm-matrix">
                    { header }
                    <tbody>{ for body }</tbody>
                </table>
            </div>
            <div class="inline-form">
                <button class="btn" data-testid="perm-more" aria-pressed={show_more.to_string()}
                    onclick={toggle_more}>
                    { if **show_more { "▾ Common permissions only" } else { "▸ All permissions (R9)" } }
                </button>
                if !addable.is_empty() && !disabled {
                    <select aria-label="Principal to add" data-testid="perm-add-principal"
                        onchange={on_add_choice}>
                        { for addable.iter().map(|n| option(n, n, *n == add_target)) }
                    </select>
                    <button class="btn" data-testid="perm-add" onclick={on_add}>{"+ Add principal"}</button>
                }
            </div>
        </div>
    }
}

/// Who holds `cap`, in the order `effective_access` gives. A scan, not a map: the list is short,
/// and a map keyed by capability would bring its own code into the wasm.
fn holders<'a>(access: &'a [Access], cap: &'a str) -> impl Iterator<Item = &'a Access> {
    access.iter().filter(move |a| a.capability == cap)
}

/// What reaches what, from `World::effective_access`, which asks the authorization point itself.
fn effective_access(world: &World, vault: &Vault) -> Html {
    let access = world.effective_access(&vault.name);
    let platform = distinct_sorted(
        world
            .principals()
            .filter(|p| p.kind == PrincipalKind::Platform)
            .map(|p| p.name.as_str()),
    );
    let who = |cap: &str| -> Html {
        if holders(&access, cap).next().is_none() {
            return html! { <span class="nobody">{"nobody"}</span> };
        }
        html! { <>{ for holders(&access, cap).map(|a| access_chip(a, platform.contains(&a.principal.as_str()))) }</> }
    };
    // What the lessons turn on: reading, wrapping, backing up (R13) and destroying.
    let key_caps = [
        "keys/get",
        "keys/wrapKey",
        "keys/unwrapKey",
        "keys/backup",
        "keys/delete",
        "keys/purge",
    ];
    let secret_caps = [
        "secrets/get",
        "secrets/list",
        "secrets/set",
        "secrets/backup",
        "secrets/delete",
        "secrets/purge",
    ];
    let is_bek = |s: &keyfall_core::Secret| {
        s.versions.last().is_some_and(|v| {
            v.tags.contains_key("DiskEncryptionKeyFileName")
                || v.content_type.as_deref() == Some("Wrapped BEK")
                || v.content_type.as_deref() == Some("BEK")
        })
    };
    let platform_readers: Vec<&Access> = holders(&access, "secrets/get")
        .filter(|a| platform.contains(&a.principal.as_str()))
        .collect();
    let exposed: Vec<&str> = vault
        .secrets
        .values()
        .filter(|s| !is_bek(s))
        .map(|s| s.name.as_str())
        .collect();
    let blast = if !platform_readers.is_empty() && !exposed.is_empty() {
        let names = distinct_sorted(platform_readers.iter().map(|a| a.principal.as_str()));
        html! {
            <p class="note warn" role="note" data-testid="blast-radius">
                { format!(
                    "⚠ Blast radius (R10): {} can read every secret in {}, including app secrets: {}.",
                    names.join(", "),
                    vault.name,
                    exposed.join(", "),
                ) }
            </p>
        }
    } else {
        html! {}
    };
    let row = |kind: &'static str, name: &str, deleted: bool, caps: &[&'static str]| {
        html! {
            <tr data-object={format!("{kind}:{}/{name}", vault.name)}>
                <th scope="row">
                    { if kind == "key" { "key " } else { "secret " } }{ name }
                    { if deleted { " (soft-deleted)" } else { "" } }
                </th>
                <td>
                    <dl class="caps">
                    { for caps.iter().map(|c| html! {
                        <>
                            <dt>{ c.split('/').nth(1).unwrap_or(c) }</dt>
                            <dd>{ who(c) }</dd>
                        </>
                    }) }
                    </dl>
                </td>
            </tr>
        }
    };
    html! {
        <div class="perm-block" data-testid="effective-access">
            <h3>{"Effective access"}</h3>
            { blast }
            if vault.keys.is_empty() && vault.secrets.is_empty() {
                <p class="panel-empty">{"No keys or secrets in this vault yet."}</p>
            } else {
                <table class="data-table effective">
                    <thead><tr><th scope="col">{"Object"}</th><th scope="col">{"Who can, and through what"}</th></tr></thead>
                    <tbody>
                        { for vault.keys.values().map(|k| row("key", &k.name, k.deleted.is_some(), &key_caps)) }
                        { for vault.secrets.values().map(|s| row("secret", &s.name, s.deleted.is_some(), &secret_caps)) }
                    </tbody>
                </table>
            }
        </div>
    }
}

/// One principal with what grants it access; platform identities are marked, in words too.
pub(crate) fn access_chip(a: &Access, platform: bool) -> Html {
    let (icon, via_class) = match a.via {
        Via::Policy => ("§", "via-policy"),
        Via::Role(_) => ("◆", "via-role"),
        Via::Switch(_) => ("⚡", "via-switch"),
        Via::Owner => ("●", "via-owner"),
    };
    html! {
        <span class={format!("chip {via_class}{}", if platform { " platform" } else { "" })}
            data-access={format!("{}/{}", a.principal, a.capability)}
            title={format!("{} via {}", a.principal, a.via)}>
            { icon }{" "}{ &a.principal }
            <span class="via">{ format!(" ({})", a.via) }</span>
            { if platform { " ⚠ platform" } else { "" } }
        </span>
    }
}
