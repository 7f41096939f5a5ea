//! The inspector: everything about the selected object, who can reach it, and a few actions.
//!
//! Values are the one thing it does not show by default. A secret version's value is rendered only
//! after that version's "Reveal" click (not hidden with CSS: absent from the DOM), and key material
//! never, because Key Vault never lets it out of the HSM either.

use keyfall_core::{
    Access, AssetId, Attributes, BackupItem, Command, Deletion, Key, ObjectKind, ObjectOp,
    PointRef, Power, PowerState, PrincipalKind, RecoveryPoint, Secret, SimTime, Vault, VersionRef,
    Vm, World, key_url, secret_url,
};
use yew::prelude::*;

use super::permissions::{access_chip, principal_ref};
use super::widgets::run_lines;
use crate::shared::{Selection, WorldRef};

/// Props of [`Inspector`].
#[derive(Debug, Properties, PartialEq)]
pub struct InspectorProps {
    pub world: WorldRef,
    #[prop_or_default]
    pub selection: Option<Selection>,
    /// Raised when the user follows a reference (a VM's KEK, a point's secret...).
    pub on_select: Callback<Selection>,
    /// Receives one canonical command line per action button.
    pub on_command: Callback<String>,
}

/// Everything a section renderer needs; built once per render.
struct Ctx<'a> {
    world: &'a World,
    on_select: &'a Callback<Selection>,
    on_command: &'a Callback<String>,
    revealed: &'a UseStateHandle<Vec<String>>,
}

impl Ctx<'_> {
    fn action(&self, label: &'static str, cmd: Command, danger: bool) -> Html {
        let line = cmd.to_string();
        html! {
            <button class={if danger { "btn small danger" } else { "btn small" }}
                data-action={label} title={line.clone()}
                onclick={run_lines(self.on_command, vec![line])}>{ label }</button>
        }
    }

    /// A key's or secret's place in the soft-delete lifecycle, as buttons: Recover and Purge
    /// while it is deleted, Backup and Delete while it lives.
    fn lifecycle_actions(&self, kind: ObjectKind, vault: &str, name: &str, deleted: bool) -> Html {
        let cmd = |op| Command::object(kind, vault, name, op);
        if deleted {
            html! {
                <>
                    { self.action("Recover", cmd(ObjectOp::Recover), false) }
                    { self.action("Purge", cmd(ObjectOp::Purge), true) }
                </>
            }
        } else {
            let file = format!("{name}.blob");
            html! {
                <>
                    { self.action("Backup", cmd(ObjectOp::Backup { file }), false) }
                    { self.action("Delete", cmd(ObjectOp::Delete), true) }
                </>
            }
        }
    }

    fn link(&self, label: String, to: Selection) -> Html {
        let cb = self.on_select.clone();
        html! {
            <button class="link" onclick={Callback::from(move |_| cb.emit(to.clone()))}>{ label }</button>
        }
    }

    fn platform(&self, name: &str) -> bool {
        self.world
            .principals()
            .any(|p| p.name == name && p.kind == PrincipalKind::Platform)
    }

    /// Who can reach objects of `kind` (`keys`, `secrets`) in `vault`, and through what.
    fn reach(&self, vault: &str, kind: &str) -> Html {
        let access: Vec<Access> = self
            .world
            .effective_access(vault)
            .into_iter()
            .filter(|a| a.capability.starts_with(kind))
            .collect();
        let mut principals: Vec<&str> = access.iter().map(|a| a.principal.as_str()).collect();
        principals.dedup();
        html! {
            <div class="reach" data-testid="inspector-reach">
                <h4>{"Who can reach it"}</h4>
                if access.is_empty() {
                    <p class="panel-empty">{"Nobody (no policy, role or switch grants access)."}</p>
                } else {
                    <dl class="caps">
                    { for principals.iter().map(|p| {
                        let caps: Vec<&Access> = access.iter().filter(|a| a.principal == *p).collect();
                        let platform = self.platform(p);
                        html! {
                            <>
                                <dt>{ caps.first().map(|a| access_chip(a, platform)).unwrap_or_default() }</dt>
                                <dd>{ caps.iter().map(|a| a.capability.split('/').nth(1).unwrap_or(&a.capability))
                                    .collect::<Vec<_>>().join(", ") }</dd>
                            </>
                        }
                    }) }
                    </dl>
                }
            </div>
        }
    }
}

fn date(t: SimTime) -> String {
    t.to_string()
}

fn yes_no(b: bool) -> &'static str {
    if b { "✓ yes" } else { "✗ no" }
}

/// A term and its value. Generic only in this one-line shim, so the markup is built once.
fn row(label: &'static str, value: impl Into<Html>) -> Html {
    term(label, value.into())
}

fn term(label: &'static str, value: Html) -> Html {
    html! { <><dt>{ label }</dt><dd>{ value }</dd></> }
}

/// The head of a key or secret version: id, whether it is current, attributes and URL.
fn version_head(id: &str, current: bool, a: &Attributes, url: String) -> Html {
    html! {
        <>
            <code class="version-id">{ id.to_owned() }</code>
            { if current { " · current" } else { "" } }
            <div>{ attributes(a) }</div>
            <div class="url"><code>{ url }</code></div>
        </>
    }
}

fn deletion_row(d: &Option<Deletion>, now: SimTime) -> Html {
    match d {
        None => row("State", "✓ live"),
        Some(d) => {
            let days = d
                .purge_at
                .secs()
                .saturating_sub(now.secs())
                .div_ceil(86_400);
            row(
                "State",
                format!(
                    "⚠ soft-deleted {}; purged {} (in {days} d)",
                    d.deleted_at.date_string(),
                    d.purge_at.date_string()
                ),
            )
        }
    }
}

fn attributes(a: &Attributes) -> Html {
    html! {
        <>
            <span class={if a.enabled { "badge ok" } else { "badge bad" }}>
                { if a.enabled { "✓ enabled" } else { "✗ disabled" } }
            </span>
            {" created "}{ date(a.created) }
            { a.nbf.map(|t| format!(" · nbf {}", t.date_string())).unwrap_or_default() }
            { a.exp.map(|t| format!(" · exp {}", t.date_string())).unwrap_or_default() }
        </>
    }
}

/// The inspector panel.
#[function_component]
pub fn Inspector(props: &InspectorProps) -> Html {
    // Revealed secret versions, as `vault/secret/version`. Cleared when the selection changes, so a
    // value revealed once does not stay on screen for the next object.
    // A Vec, not a set: a handful of entries at most, and the app already has Vec<String> state.
    let revealed = use_state(Vec::<String>::new);
    {
        let revealed = revealed.clone();
        use_effect_with(props.selection.clone(), move |_| {
            revealed.set(Vec::new());
        });
    }
    let ctx = Ctx {
        world: &props.world,
        on_select: &props.on_select,
        on_command: &props.on_command,
        revealed: &revealed,
    };
    let body = match &props.selection {
        None => {
            html! { <p class="panel-empty">{"Click an actor, a key or a secret to inspect it."}</p> }
        }
        Some(sel) => match sel {
            Selection::Vault(v) => ctx.world.vault(v).map(|v| vault(&ctx, v)),
            Selection::Key { vault, name } => ctx
                .world
                .vault(vault)
                .and_then(|v| v.keys.get(name).map(|k| key(&ctx, v, k))),
            Selection::Secret { vault, name } => ctx
                .world
                .vault(vault)
                .and_then(|v| v.secrets.get(name).map(|s| secret(&ctx, v, s))),
            Selection::Vm(n) => ctx.world.vm(n).map(|vm| vm_view(&ctx, vm)),
            Selection::Principal(n) => principal(&ctx, n),
            Selection::RecoveryVault(n) => recovery_vault(&ctx, n),
            Selection::RecoveryPoint(point) => recovery_point(&ctx, point),
            Selection::DiskEncryptionSet(n) => des(&ctx, n),
            Selection::Disk(n) => disk(&ctx, n),
        }
        .unwrap_or_else(|| {
            html! { <p class="panel-empty" data-testid="inspector-gone">
            {"This object no longer exists (purged, or not created in this branch)."}</p> }
        }),
    };
    html! {
        <section class="panel inspector" aria-label="Inspector" data-testid="inspector">
            <h2 class="panel-title">{"Inspector"}</h2>
            { body }
        </section>
    }
}

fn vault(ctx: &Ctx<'_>, v: &Vault) -> Html {
    let sw = |b: bool| if b { "✓ on" } else { "○ off" };
    let actions = if v.deleted.is_some() {
        html! {
            <>
                { ctx.action("Recover", Command::VaultRecover { name: v.name.clone() }, false) }
                { ctx.action("Purge", Command::VaultPurge { name: v.name.clone() }, true) }
            </>
        }
    } else {
        html! {
            <>
                { ctx.action("Show", Command::VaultShow { name: v.name.clone() }, false) }
                { ctx.action("Delete", Command::VaultDelete { name: v.name.clone() }, true) }
            </>
        }
    };
    html! {
        <div class="inspect" data-inspect={format!("vault:{}", v.name)}>
            <h3>{"Key vault "}{ &v.name }</h3>
            <dl class="props">
                { row("Location", format!("{} · resource group {}", v.location, v.resource_group)) }
                { row("Subscription", v.subscription.clone()) }
                { deletion_row(&v.deleted, ctx.world.now()) }
                { row("Retention", format!("{} days", v.retention_days)) }
                { row("Purge protection", if v.purge_protection { "✓ on (locked, permanent)" } else { "○ off" }) }
                { row("Permission model", if v.rbac { "Azure RBAC (policies void)" } else { "Access policies" }) }
                { row("enabledForDiskEncryption", sw(v.enabled_for_disk_encryption)) }
                { row("enabledForDeployment", sw(v.enabled_for_deployment)) }
                { row("enabledForTemplateDeployment", sw(v.enabled_for_template_deployment)) }
                { row("Access policies", v.policies.iter().map(|p| p.principal.clone()).collect::<Vec<_>>().join(", ")) }
                if v.rbac {
                    { row("Role assignments", v.role_assignments.iter()
                        .map(|g| match &g.object {
                            None => format!("{}: {}", g.principal, g.role.name()),
                            Some((kind, name)) => format!("{}: {} on {kind} {name}", g.principal, g.role.name()),
                        }).collect::<Vec<_>>().join("; ")) }
                }
            </dl>
            <h4>{"Keys"}</h4>
            <ul class="refs">
                { for v.keys.values().map(|k| html! { <li>{ ctx.link(format!("key {}", k.name),
                    Selection::Key { vault: v.name.clone(), name: k.name.clone() }) }</li> }) }
            </ul>
            <h4>{"Secrets"}</h4>
            <ul class="refs">
                { for v.secrets.values().map(|s| html! { <li>{ ctx.link(format!("secret {}", s.name),
                    Selection::Secret { vault: v.name.clone(), name: s.name.clone() }) }</li> }) }
            </ul>
            <div class="actions">{ actions }</div>
        </div>
    }
}

fn key(ctx: &Ctx<'_>, v: &Vault, k: &Key) -> Html {
    let (vn, kn) = (v.name.clone(), k.name.clone());
    let latest = k.latest().map(|l| l.id.clone());
    let actions = if k.deleted.is_some() {
        ctx.lifecycle_actions(ObjectKind::Key, &vn, &kn, true)
    } else {
        let attrs = |enabled: bool| {
            let op = ObjectOp::SetAttributes {
                version: latest.clone().map(VersionRef::Id),
                enabled: Some(enabled),
                not_before: None,
                expires: None,
            };
            Command::object(ObjectKind::Key, &vn, &kn, op)
        };
        let latest_enabled = k.latest().is_some_and(|l| l.attributes.enabled);
        html! {
            <>
                { ctx.action("Rotate", Command::KeyRotate { vault: vn.clone(), name: kn.clone() }, false) }
                { if latest_enabled { ctx.action("Disable current version", attrs(false), true) }
                  else { ctx.action("Enable current version", attrs(true), false) } }
                { ctx.lifecycle_actions(ObjectKind::Key, &vn, &kn, false) }
            </>
        }
    };
    html! {
        <div class="inspect" data-inspect={format!("key:{}/{}", v.name, k.name)}>
            <h3>{"Key "}{ &k.name }{" in "}{ ctx.link(v.name.clone(), Selection::Vault(v.name.clone())) }</h3>
            <dl class="props">
                { row("Type", format!("{:?} {} bits", k.kty, k.size)) }
                { deletion_row(&k.deleted, ctx.world.now()) }
                { row("Rotation policy", match (&k.rotation_policy, k.rotation_due()) {
                    (None, _) => "none".to_owned(),
                    (Some(_), Some(due)) => format!("next rotation {} (last {})", due.date_string(), k.last_rotation.date_string()),
                    (Some(_), None) => "set, no rotation scheduled".to_owned(),
                }) }
                { row("Key material", "HSM-protected: never leaves the vault, so it cannot be revealed") }
            </dl>
            <h4>{ format!("Versions ({}), newest first", k.versions.len()) }</h4>
            <ol class="versions" reversed=true>
                { for k.versions.iter().rev().enumerate().map(|(i, ver)| html! {
                    <li data-version={ver.id.clone()}>
                        { version_head(&ver.id, i == 0, &ver.attributes, key_url(&v.name, &k.name, &ver.id)) }
                    </li>
                }) }
            </ol>
            { ctx.reach(&v.name, "keys/") }
            <div class="actions">{ actions }</div>
        </div>
    }
}

fn secret(ctx: &Ctx<'_>, v: &Vault, s: &Secret) -> Html {
    let actions = ctx.lifecycle_actions(ObjectKind::Secret, &v.name, &s.name, s.deleted.is_some());
    let versions = s.versions.iter().rev().enumerate().map(|(i, ver)| {
        let id = format!("{}/{}/{}", v.name, s.name, ver.id);
        let shown = ctx.revealed.contains(&id);
        let toggle = {
            let revealed = ctx.revealed.clone();
            let id = id.clone();
            Callback::from(move |_| {
                let mut next = (*revealed).clone();
                if next.contains(&id) {
                    next.retain(|r| *r != id);
                } else {
                    next.push(id.clone());
                }
                revealed.set(next);
            })
        };
        html! {
            <li data-version={ver.id.clone()}>
                { version_head(&ver.id, i == 0, &ver.attributes, secret_url(&v.name, &s.name, &ver.id)) }
                { ver.content_type.as_ref().map(|c| html! { <div>{"Content type: "}{ c }</div> }).unwrap_or_default() }
                if !ver.tags.is_empty() {
                    <dl class="tags" aria-label="Tags (readable by anyone with get or list, R3)">
                        { for ver.tags.iter().map(|(k, val)| html! {
                            <><dt>{ k }</dt><dd data-tag={k.clone()}>{ val }</dd></>
                        }) }
                    </dl>
                }
                <div class="secret-value">
                    {"Value: "}
                    // The value is rendered only after Reveal: never present (even hidden) before.
                    if shown {
                        <code data-testid="secret-value" data-revealed="true">{ ver.value() }</code>
                    } else {
                        <code data-testid="secret-value" data-revealed="false" aria-label="masked">{"•••••"}</code>
                    }
                    <button class="btn small" data-testid="reveal" aria-pressed={shown.to_string()}
                        onclick={toggle}>{ if shown { "Hide" } else { "Reveal" } }</button>
                </div>
            </li>
        }
    });
    html! {
        <div class="inspect" data-inspect={format!("secret:{}/{}", v.name, s.name)}>
            <h3>{"Secret "}{ &s.name }{" in "}{ ctx.link(v.name.clone(), Selection::Vault(v.name.clone())) }</h3>
            <dl class="props">{ deletion_row(&s.deleted, ctx.world.now()) }</dl>
            <p class="note">{"Tags and content type are readable by anyone with get or list (R3)."}</p>
            <h4>{ format!("Versions ({}), newest first", s.versions.len()) }</h4>
            <ol class="versions" reversed=true>{ for versions }</ol>
            { ctx.reach(&v.name, "secrets/") }
            <div class="actions">{ actions }</div>
        </div>
    }
}

fn vm_view(ctx: &Ctx<'_>, vm: &Vm) -> Html {
    let (name, rg) = (vm.name.clone(), vm.resource_group.clone());
    let power = match vm.power {
        PowerState::Running if vm.at_recovery_screen => {
            "⚠ running, stuck at the recovery screen (R17)"
        }
        PowerState::Running if vm.shut_down_by_cmk => {
            "✗ shut down: its customer-managed key is unusable (R33)"
        }
        PowerState::Running => "▶ running",
        PowerState::Stopped => "■ stopped (still allocated)",
        PowerState::Deallocated => "○ deallocated",
    };
    let lock = if vm.is_up() {
        "✓ volume unlocked"
    } else if vm.volume_key_in_memory() {
        "volume key held on the host"
    } else {
        "✗ locked: the key must be fetched from the vault at start"
    };
    let ade = match &vm.ade {
        None => html! { row("ADE", if vm.used_ade { "off (was enabled once)" } else { "off" }) },
        Some(a) => html! {
            <>
                { row("ADE vault", ctx.link(a.vault.clone(), Selection::Vault(a.vault.clone()))) }
                { row("BEK secret", ctx.link(a.secret_name.clone(),
                    Selection::Secret { vault: a.vault.clone(), name: a.secret_name.clone() })) }
                { row("secretUrl (R4)", html! { <code class="url">{ &a.secret_url }</code> }) }
                { row("KEK", match &a.kek {
                    Some(k) => html! { <>{ ctx.link(k.name.clone(),
                        Selection::Key { vault: k.vault.clone(), name: k.name.clone() }) }
                        {" "}<code class="url">{ &k.url }</code></> },
                    None => html! { "none (BEK only)" },
                }) }
                { row("Volume type", format!("{:?}", a.volume_type)) }
                { row("Flow", a.aad_client_id.as_ref()
                    .map(|app| format!("legacy dual-pass with AAD app {app} (R15)"))
                    .unwrap_or_else(|| "single-pass, through the platform (R16)".to_owned())) }
            </>
        },
    };
    let cmk = vm.cmk.as_ref().map(|c| html! {
        <>
            { row("Disk Encryption Set", ctx.link(c.des.clone(), Selection::DiskEncryptionSet(c.des.clone()))) }
            { row("CMK key version", html! { <code>{ &c.key_version }</code> }) }
            { c.access_lost_since.map(|t| row("Key access lost", format!("⚠ since {t} (R33)"))).unwrap_or_default() }
            { c.rotation_pending_since.map(|t| row("Rotation pending", format!("since {t} (R34)"))).unwrap_or_default() }
        </>
    }).unwrap_or_default();
    let reach = vm
        .ade
        .as_ref()
        .map(|a| ctx.reach(&a.vault, "secrets/"))
        .unwrap_or_default();
    html! {
        <div class="inspect" data-inspect={format!("vm:{}", vm.name)}>
            <h3>{"VM "}{ &vm.name }</h3>
            <dl class="props">
                { row("Power", power) }
                { row("Boot / lock", lock) }
                { row("Location", format!("{} · {} · {}", vm.location, vm.resource_group, vm.subscription)) }
                { row("Image", format!("{}{}", vm.image, if vm.is_windows() { " (BitLocker)" } else { " (dm-crypt)" })) }
                { row("OS disk", format!("{} · {} encrypted sectors", vm.disk_name, vm.disk().sectors().len())) }
                { ade }
                { cmk }
            </dl>
            { reach }
            <div class="actions">
                { ctx.action("Restart", Command::vm_power(Power::Restart, &name, &rg), false) }
                { ctx.action("Deallocate", Command::vm_power(Power::Deallocate, &name, &rg), true) }
                { ctx.action("Start", Command::vm_power(Power::Start, &name, &rg), false) }
                { ctx.action("Encryption show", Command::EncryptionShow { vm: name.clone(), resource_group: rg.clone() }, false) }
            </div>
        </div>
    }
}

fn principal(ctx: &Ctx<'_>, name: &str) -> Option<Html> {
    let p = ctx.world.principals().find(|p| p.name == name)?;
    let vaults: Vec<&Vault> = ctx.world.vaults().collect();
    let holdings = vaults.iter().map(|v| {
        let policy = v.policies.iter().find(|pol| pol.principal == p.name);
        let roles: Vec<&str> = v
            .role_assignments
            .iter()
            .filter(|g| g.principal == p.name)
            .map(|g| g.role.name())
            .collect();
        let caps: Vec<String> = ctx
            .world
            .effective_access(&v.name)
            .into_iter()
            .filter(|a| a.principal == p.name)
            .map(|a| format!("{} ({})", a.capability, a.via))
            .collect();
        html! {
            <li data-vault={v.name.clone()}>
                { ctx.link(v.name.clone(), Selection::Vault(v.name.clone())) }
                <div>{"Policy: "}{ match policy {
                    Some(pol) => format!("keys [{}] · secrets [{}]{}",
                        pol.keys.iter().map(|k| k.name()).collect::<Vec<_>>().join(", "),
                        pol.secrets.iter().map(|s| s.name()).collect::<Vec<_>>().join(", "),
                        if v.rbac { " (void: RBAC vault)" } else { "" }),
                    None => "none".to_owned(),
                } }</div>
                if !roles.is_empty() { <div>{"Roles: "}{ roles.join(", ") }</div> }
                <div>{"Can: "}{ if caps.is_empty() { "nothing".to_owned() } else { caps.join(", ") } }</div>
            </li>
        }
    });
    let kind = match p.kind {
        PrincipalKind::User => "user",
        PrincipalKind::ServicePrincipal => "service principal",
        PrincipalKind::Platform => "platform identity",
        PrincipalKind::ManagedIdentity => "managed identity",
    };
    let as_ref = principal_ref(ctx.world, &p.name);
    Some(html! {
        <div class="inspect" data-inspect={format!("principal:{}", p.name)}>
            <h3>{"Principal "}{ &p.name }</h3>
            <dl class="props">
                { row("Kind", kind) }
                { row("Object id", html! { <code>{ &p.object_id }</code> }) }
                { row("Named in commands as", format!("{as_ref:?}")) }
            </dl>
            <h4>{"On every vault"}</h4>
            <ul class="holdings">{ for holdings }</ul>
        </div>
    })
}

fn recovery_vault(ctx: &Ctx<'_>, name: &str) -> Option<Html> {
    let rsv = ctx.world.recovery_vault(name)?;
    Some(html! {
        <div class="inspect" data-inspect={format!("rsv:{}", rsv.name)}>
            <h3>{"Recovery Services vault "}{ &rsv.name }</h3>
            <dl class="props">
                { row("Location", format!("{} · {} · {}", rsv.location, rsv.resource_group, rsv.subscription)) }
            </dl>
            { for rsv.items.values().map(|item| html! {
                <div class="item" data-item={item.vm.clone()}>
                    <h4>{ format!("{} (policy {})", item.vm, item.policy) }</h4>
                    <ul class="refs">
                        { for item.points.iter().map(|p| html! { <li>{ ctx.link(
                            format!("{} · {}", p.name, p.time),
                            Selection::RecoveryPoint(PointRef::new(&rsv.name, &item.vm, &p.name))) }</li> }) }
                    </ul>
                    <div class="actions">{ ctx.action("Back up now", Command::BackupNow(BackupItem {
                        vault: rsv.name.clone(), resource_group: rsv.resource_group.clone(),
                        container: item.vm.clone(), item: item.vm.clone() }, None), false) }</div>
                </div>
            }) }
        </div>
    })
}

fn recovery_point(ctx: &Ctx<'_>, point: &PointRef) -> Option<Html> {
    let PointRef {
        rsv: rsv_name,
        item,
        rp,
    } = point;
    let rsv = ctx.world.recovery_vault(rsv_name)?;
    let p: &RecoveryPoint = rsv.items.get(item)?.points.iter().find(|p| p.name == *rp)?;
    let refs = p.ade.as_ref().map(|a| {
        let s = &a.settings;
        let secret_ok = ctx.world.vault(&s.vault).is_some_and(|v| v.has_secret_version(&s.secret_name, &s.secret_version));
        let kek_ok = s.kek.as_ref().map(|k| ctx.world.vault(&k.vault).is_some_and(|v| v.has_key_version(&k.name, &k.version)));
        html! {
            <>
                { row("BEK secret", html! { <>{ ctx.link(s.secret_name.clone(),
                    Selection::Secret { vault: s.vault.clone(), name: s.secret_name.clone() }) }
                    {" "}<code class="url">{ &s.secret_url }</code>
                    {" "}{ if secret_ok { "✓ present in the vault" } else { "✗ missing from the vault (R29)" } }</> }) }
                { row("KEK", match &s.kek {
                    Some(k) => html! { <>{ ctx.link(k.name.clone(), Selection::Key { vault: k.vault.clone(), name: k.name.clone() }) }
                        {" "}<code class="url">{ &k.url }</code>
                        {" "}{ if kek_ok == Some(true) { "✓ present in the vault" } else { "✗ missing from the vault (R29)" } }</> },
                    None => html! { "none (BEK only)" },
                }) }
                { row("Protected copies", "BEK secret copy and KEK backup blob, sealed by the service (R28)") }
            </>
        }
    }).unwrap_or_else(|| row("Encryption", if p.cmk.is_some() { "SSE with a customer-managed key" } else { "platform-managed keys (R31)" }));
    let target_vault = p
        .ade
        .as_ref()
        .map(|a| a.settings.vault.clone())
        .unwrap_or_default();
    Some(html! {
        <div class="inspect" data-inspect={AssetId::RecoveryPoint(point.clone()).to_string()}>
            <h3>{"Recovery point "}{ rp }{" of "}{ item }</h3>
            <dl class="props">
                { row("Taken", p.time.to_string()) }
                { row("In", ctx.link(rsv_name.to_owned(), Selection::RecoveryVault(rsv_name.to_owned()))) }
                { row("Snapshot", format!("disk snapshot, still encrypted · {} · {} · {}", p.image, p.location, p.subscription)) }
                { refs }
                { p.restored.as_ref().map(|r| row("Keys restored", format!("into {} as {}/{}", r.vault, r.secret_name, r.secret_version))).unwrap_or_default() }
            </dl>
            <div class="actions">
                if !target_vault.is_empty() {
                    { ctx.action("Restore keys", Command::RestoreKeys { point: point.clone(), vault: target_vault.clone() }, false) }
                }
                { ctx.action("Restore VM", Command::RestoreVm { point: point.clone(), name: format!("{item}-restored") }, false) }
            </div>
        </div>
    })
}

/// A managed disk no VM holds, as `az disk show` describes it: plain rows, built in one loop
/// (each `html!` block costs the wasm its own code).
fn disk(ctx: &Ctx<'_>, name: &str) -> Option<Html> {
    let d = ctx.world.managed_disks().find(|d| d.name == name)?;
    let sas = ctx.world.disk_sas(name);
    let rows = [
        ("Location", format!("{} · {}", d.location, d.resource_group)),
        ("diskState", d.state(sas).to_owned()),
        (
            "OS type",
            d.os_type
                .clone()
                .unwrap_or_else(|| "none (a data disk)".to_owned()),
        ),
        ("diskSizeBytes", d.size_bytes.to_string()),
        ("createOption", d.create_option.clone()),
        (
            "SAS",
            sas.map_or_else(
                || "none open".to_owned(),
                |s| format!("{} until {}", s.level(), s.expires),
            ),
        ),
        ("UDE flag (ADE ever enabled)", yes_no(d.ude).to_owned()),
        (
            "Disk Encryption Set",
            d.cmk.as_ref().map_or_else(
                || "none (platform-managed key)".to_owned(),
                |c| c.des.clone(),
            ),
        ),
    ];
    Some(html! {
        <div class="inspect" data-inspect={format!("disk:{}", d.name)}>
            <h3>{"Managed disk "}{ &d.name }</h3>
            <dl class="props">{ for rows.into_iter().map(|(label, value)| row(label, value)) }</dl>
        </div>
    })
}

fn des(ctx: &Ctx<'_>, name: &str) -> Option<Html> {
    let d = ctx.world.disk_encryption_set(name)?;
    let users: Vec<&str> = ctx
        .world
        .vms()
        .filter(|vm| vm.cmk.as_ref().is_some_and(|c| c.des == d.name))
        .map(|vm| vm.name.as_str())
        .collect();
    Some(html! {
        <div class="inspect" data-inspect={format!("des:{}", d.name)}>
            <h3>{"Disk Encryption Set "}{ &d.name }</h3>
            <dl class="props">
                { row("Location", format!("{} · {}", d.location, d.resource_group)) }
                { row("Key", html! { <>{ ctx.link(format!("{}/{}", d.vault, d.key),
                    Selection::Key { vault: d.vault.clone(), name: d.key.clone() }) }
                    {" "}<code class="url">{ key_url(&d.vault, &d.key, &d.key_version) }</code></> }) }
                { row("Auto-rotation", yes_no(d.auto_rotation)) }
                { row("Identity", ctx.link(d.name.clone(), Selection::Principal(d.name.clone()))) }
                { row("Disks using it", if users.is_empty() { "none".to_owned() } else { users.join(", ") }) }
            </dl>
            { ctx.reach(&d.vault, "keys/") }
        </div>
    })
}
