//! A key vault: its switches, its HSM, and shelves of keys and secrets with one chip per version.
//! Soft-deleted objects fade with the days left before purge; when a step purges one its row
//! goes, and a note on its shelf says so while that step is shown, so the room sees it go rather
//! than find it gone.

use keyfall_core::{AssetId, Attributes, Deletion, ObjectKind, SimTime, Vault};
use yew::prelude::*;

use super::stage::ActorProps;
use super::widgets::{ActorRole, actor_class, actor_frame, select_handlers};
use crate::layout::{SHELF_ROW, num, translate};
use crate::shared::Selection;
use crate::view::short;

/// Chips shown per row; older versions are counted, not drawn.
const CHIPS: usize = 3;
const CHIP_W: f64 = 56.0;
const NAME_W: f64 = 150.0;

/// Whole days until a soft-deleted object is purged, rounded up.
fn days_left(d: &Deletion, now: SimTime) -> u64 {
    d.purge_at.0.saturating_sub(now.0).div_ceil(86_400)
}

/// A version chip's state: (css class, icon, word for the label).
fn chip_state(
    a: &Attributes,
    latest: bool,
    now: SimTime,
) -> (&'static str, &'static str, &'static str) {
    if !a.enabled {
        ("disabled", "⊘", "disabled")
    } else if a.exp.is_some_and(|e| e <= now) {
        ("expired", "◷", "expired")
    } else if latest {
        ("current", "", "current")
    } else {
        ("old", "", "older, enabled")
    }
}

struct Row<'a> {
    kind: ObjectKind,
    name: &'a str,
    versions: Vec<&'a Attributes>,
    deleted: Option<&'a Deletion>,
}

fn row(
    r: &Row<'_>,
    y: f64,
    vault: &str,
    now: SimTime,
    selection: Option<&Selection>,
    on_select: &Callback<Selection>,
) -> Html {
    let sel = if r.kind == ObjectKind::Key {
        Selection::Key {
            vault: vault.to_owned(),
            name: r.name.to_owned(),
        }
    } else {
        Selection::Secret {
            vault: vault.to_owned(),
            name: r.name.to_owned(),
        }
    };
    let selected = selection == Some(&sel);
    // The row sits inside the vault's group, which would select the vault.
    let (onclick, onkeydown) = select_handlers(on_select, sel, true);
    let n = r.versions.len();
    let hidden = n.saturating_sub(CHIPS);
    // Chips stay drawn when the object is soft-deleted, so the change is a fade (CSS transition
    // on the same elements) with the retention countdown laid over them.
    let chips = r.versions.iter().enumerate().skip(hidden).map(|(i, a)| {
        let (class, icon, word) = chip_state(a, i + 1 == n, now);
        let x = NAME_W + (i - hidden) as f64 * (CHIP_W + 6.0);
        html! {
            <g class={format!("chip {class}")} transform={translate(x, 2.0)}>
                <title>{format!("version @{} ({word})", i + 1)}</title>
                <rect width={num(CHIP_W)} height="30" rx="8" />
                <text x={num(CHIP_W / 2.0)} y="21" text-anchor="middle">{format!("{icon}@{}", i + 1)}</text>
            </g>
        }
    });
    let countdown = r.deleted.map(|d| {
        let days = days_left(d, now);
        html! {
            <g class="deleted-tag" transform={translate(NAME_W - 4.0, 0.0)}>
                <title>{format!("soft-deleted: purged automatically in {days} days unless recovered")}</title>
                <rect width="204" height="34" rx="9" />
                <text x="12" y="24">{format!("✗ deleted · {days}d left")}</text>
            </g>
        }
    });
    let body = html! {<>
        <g class="chips">{ for chips }</g>
        if hidden > 0 {
            <text class="chip-more" x={num(NAME_W - 8.0)} y="22" text-anchor="end">{format!("+{hidden}")}</text>
        }
        { countdown.unwrap_or_default() }
    </>};
    html! {
        <g class={format!(
                "shelf-row {}{}{}",
                r.kind.name(),
                if r.deleted.is_some() { " soft-deleted" } else { "" },
                if selected { " selected" } else { "" },
            )}
            data-object={AssetId::object(r.kind, vault, r.name).to_string()}
            role="button" tabindex="0"
            transform={translate(16.0, y)} {onclick} {onkeydown}>
            <rect class="row-hit" x="-6" y="-2" width="370" height={num(SHELF_ROW - 4.0)} rx="8" />
            <text class="object-name" x="0" y="23">{short_name(r.name)}</text>
            { body }
        </g>
    }
}

/// Names fit the shelf: long ones keep their head.
fn short_name(name: &str) -> String {
    let s = short(name);
    if s.chars().count() > 12 {
        format!("{}…", s.chars().take(11).collect::<String>())
    } else {
        s
    }
}

#[function_component]
pub fn VaultActor(props: &ActorProps) -> Html {
    let p = &props.placed;
    let Some(v): Option<&Vault> = props.world.world.vault(&p.name) else {
        return html! {};
    };
    let now = props.world.world.now();
    let name = p.name.clone();

    let keys: Vec<Row<'_>> = v
        .keys
        .values()
        .map(|k| Row {
            kind: ObjectKind::Key,
            name: &k.name,
            versions: k.versions.iter().map(|kv| &kv.attributes).collect(),
            deleted: k.deleted.as_ref(),
        })
        .collect();
    let secrets: Vec<Row<'_>> = v
        .secrets
        .values()
        .map(|s| Row {
            kind: ObjectKind::Secret,
            name: &s.name,
            versions: s.versions.iter().map(|sv| &sv.attributes).collect(),
            deleted: s.deleted.as_ref(),
        })
        .collect();

    let mut y = 118.0;
    let mut shelf = |title: &str, kind: ObjectKind, rows: &[Row<'_>]| -> Html {
        let top = y;
        y += 34.0;
        let mut drawn = Vec::new();
        if rows.is_empty() {
            drawn
                .push(html! { <text class="shelf-empty" x="16" y={num(y + 24.0)}>{"none"}</text> });
            y += SHELF_ROW;
        }
        for r in rows {
            let selection = props.selected.as_ref();
            drawn.push(row(r, y, &v.name, now, selection, &props.on_select));
            y += SHELF_ROW;
        }
        // What this step purged from this shelf, as the simulation reported it (`key:kv/kek`).
        // Keyed by the world's generation: a later purge slides its note in afresh.
        let gone: Vec<&str> = props
            .purged
            .iter()
            .filter_map(|id| match id {
                AssetId::Object {
                    kind: k,
                    vault,
                    name,
                } if *k == kind && *vault == v.name => Some(name.as_str()),
                _ => None,
            })
            .collect();
        let note = (!gone.is_empty()).then(|| {
            let names = gone.iter().map(|n| short_name(n)).collect::<Vec<_>>().join(", ");
            html! {
                <text key={props.world.generation.to_string()} class="purged-note" aria-hidden="true"
                    x={num(p.w - 16.0)} y={num(top + 28.0)} text-anchor="end">
                    {format!("✗ {names} purged")}
                </text>
            }
        });
        html! {<>
            <line class="shelf-line" x1="16" x2={num(p.w - 16.0)} y1={num(top + 4.0)} y2={num(top + 4.0)} />
            <text class="shelf-title" x="16" y={num(top + 28.0)}>{format!("{title} ({})", rows.len())}</text>
            { for note }
            { for drawn }
        </>}
    };
    let key_shelf = shelf("Keys", ObjectKind::Key, &keys);
    let secret_shelf = shelf("Secrets", ObjectKind::Secret, &secrets);

    let deleted = v.deleted.as_ref().map(|d| days_left(d, now));
    let mut switches = Vec::new();
    if v.enabled_for_disk_encryption {
        switches.push("ADE");
    }
    if v.enabled_for_deployment {
        switches.push("deploy");
    }
    if v.enabled_for_template_deployment {
        switches.push("template");
    }
    let switch_text = if switches.is_empty() {
        "no switches".to_owned()
    } else {
        format!("on: {}", switches.join(", "))
    };
    let mode = if v.rbac { "RBAC" } else { "policies" };
    let protect = if v.purge_protection {
        " · purge prot."
    } else {
        ""
    };
    let sub = if props.show_subscription {
        format!(" · {}", v.subscription)
    } else {
        String::new()
    };
    let geo = keyfall_core::geography(&v.location).unwrap_or("?");
    let sel = Selection::Vault(name.clone());
    let class = actor_class(
        if deleted.is_some() {
            "vault soft-deleted"
        } else {
            "vault"
        },
        &props.role,
        props.selected.as_ref() == Some(&sel),
    );
    let handlers = select_handlers(&props.on_select, sel, false);
    let label = format!(
        "{name}, key vault in {}: {} keys, {} secrets{}",
        v.location,
        v.keys.len(),
        v.secrets.len(),
        deleted
            .map(|d| format!(", soft-deleted, purged in {d} days"))
            .unwrap_or_default()
    );
    let body = html! {<>
            // Vault door icon.
            <g class="icon" transform="translate(16 16)">
                <rect class="icon-line" width="40" height="40" rx="6" />
                <circle class="icon-line" cx="20" cy="20" r="9" />
                <path class="icon-line" d="M20 8 v4 M20 28 v4 M8 20 h4 M28 20 h4" />
            </g>
            <text class="actor-name" x="70" y="34">{name.clone()}</text>
            <text class="actor-kind" x="70" y="60">{format!("Key Vault · {}{sub}", v.location)}</text>
            <g class="hsm" transform={translate(p.w - 146.0, 14.0)}>
                <rect width="130" height="30" rx="8" />
                <text x="65" y="21" text-anchor="middle">{format!("HSM {}", geo_short(geo))}</text>
            </g>
            <text class="vault-meta" x="16" y="96">{format!("{mode} · {switch_text}{protect}")}</text>
            if let Some(d) = deleted {
                <text class="vault-deleted" x={num(p.w - 16.0)} y="60" text-anchor="end">{format!("✗ deleted · {d}d")}</text>
            }
            { key_shelf }
            { secret_shelf }
    </>};
    // A group, not a button: it holds focusable shelf rows (axe nested-interactive).
    actor_frame(class, p, "18", ActorRole::Group(label), handlers, body)
}

/// Geography names on the HSM badge, short enough to fit.
fn geo_short(geo: &str) -> &str {
    match geo {
        "United States" => "US",
        "United Kingdom" => "UK",
        other => other,
    }
}
