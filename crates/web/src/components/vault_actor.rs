//! A key vault: its switches, its HSM, and shelves of keys and secrets with one chip per version.
//! Soft-deleted objects show the days left before purge in place of their chips; when a step
//! purges one its row goes, and a note in the row's place says so while that step is shown, so
//! the room sees it go rather than find it gone. The key shelf keeps as many rows as the vault
//! ever holds keys (`Placed::key_rows`), so the secret shelf never moves.

use keyfall_core::{AssetId, Attributes, Deletion, ObjectKind, SimTime, Vault};
use yew::prelude::*;

use super::stage::ActorProps;
use super::widgets::{ActorRole, actor_class, actor_frame, fitted_text, select_handlers};
use crate::layout::{
    CHIPS, Face, SHELF_ROW, SHELF_TITLE, SHELF_TOP, fit, num, text_width, translate,
};
use crate::shared::Selection;
use crate::view::{BekView, bek_of, short};

const CHIP_W: f64 = 46.0;
/// Where the chips start in a row; the object's name is fitted left of it.
const NAME_W: f64 = 96.0;
const PAD: f64 = 14.0;
const PX: f64 = 18.0;

/// Whole days until a soft-deleted object is purged, rounded up.
fn days_left(d: &Deletion, now: SimTime) -> u64 {
    d.purge_at.0.saturating_sub(now.0).div_ceil(86_400)
}

/// The share (0 to 1) of a soft-deleted object's retention still to run.
pub fn retention_left(d: &Deletion, now: SimTime) -> f64 {
    let total = d.purge_at.0.saturating_sub(d.deleted_at.0);
    if total == 0 {
        return 0.0;
    }
    d.purge_at.0.saturating_sub(now.0) as f64 / total as f64
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
    /// A BEK secret: drawn as "BEK · vm1" with an envelope stamped with its KEK version, in
    /// place of the GUID and the version chips (both in the tooltip and the inspector).
    bek: Option<BekView>,
}

/// A BEK's envelope: the stamp's text and the envelope's width.
fn envelope(b: &BekView) -> (String, f64) {
    let stamp = b.stamp.clone().unwrap_or_else(|| "no KEK".to_owned());
    let (stamp, _) = fit(&stamp, 104.0, PX, Face::Bold);
    let w = text_width(&stamp, PX, Face::Bold) + 12.0 + if b.sealed_for_good { 14.0 } else { 0.0 };
    (stamp, w)
}

fn row(
    r: &Row<'_>,
    y: f64,
    width: f64,
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
    let n = if r.bek.is_some() { 0 } else { r.versions.len() };
    let hidden = n.saturating_sub(CHIPS);
    // Chips stay drawn when the object is soft-deleted, so the change is a fade (CSS transition
    // on the same elements) to the retention countdown drawn in their place.
    let chips = r.versions[..n].iter().enumerate().skip(hidden).map(|(i, a)| {
        let (class, icon, word) = chip_state(a, i + 1 == n, now);
        let x = NAME_W + (i - hidden) as f64 * (CHIP_W + 4.0);
        html! {
            <g class={format!("chip {class}")} transform={translate(x, 2.0)}>
                <title>{format!("version @{} ({word})", i + 1)}</title>
                <rect width={num(CHIP_W)} height="30" rx="8" />
                <text x={num(CHIP_W / 2.0)} y="21" text-anchor="middle">{format!("{icon}@{}", i + 1)}</text>
            </g>
        }
    });
    let tag = r.deleted.map(|d| {
        let days = days_left(d, now);
        let text = format!("✗ {days}d left");
        (text_width(&text, PX, Face::Bold) + 16.0, text, days)
    });
    let env = r.bek.as_ref().map(envelope);
    let name_room = match (&tag, &env) {
        (Some((w, ..)), _) => width - w - 8.0,
        (None, Some((_, w))) => width - w - 6.0,
        (None, None) if hidden > 0 => NAME_W - 40.0,
        (None, None) => NAME_W - 8.0,
    };
    // The sealed envelope, right-aligned, stamped with the KEK version that wrapped the BEK;
    // a red padlock on it once that version can no longer open it.
    let envelope = env.filter(|_| tag.is_none()).zip(r.bek.as_ref()).map(|((stamp, w), b)| {
        let lost = b.sealed_for_good;
        let tip = match &b.stamp {
            Some(k) if lost => format!("BEK of {} wrapped with {k}, which cannot unwrap it now", b.vm),
            Some(k) => format!("BEK of {} wrapped (sealed) with {k}", b.vm),
            None => format!("BEK of {} stored without a KEK", b.vm),
        };
        html! {
            <g class={format!("envelope{}", if lost { " lost" } else { "" })}
                transform={translate(width - w, 0.0)} data-stamp={stamp.clone()}>
                <title>{tip}</title>
                <rect width={num(w)} height="31" rx="4" />
                <path class="flap" d={format!("M2 2 L{} 10 L{} 2", num(w / 2.0), num(w - 2.0))} />
                <text x="6" y="26">{stamp}</text>
                if lost {
                    <g class="red-padlock" transform={translate(w - 15.0, 10.0)}>
                        <path d="M3 7 v-3 a4 4 0 0 1 8 0 v3" />
                        <rect x="1" y="7" width="12" height="10" rx="2" />
                    </g>
                }
            </g>
        }
    });
    let shown_name = match &r.bek {
        Some(b) => format!("BEK · {}", b.vm),
        None => short(r.name),
    };
    let countdown = tag.map(|(w, text, days)| {
        // The share of retention left, as a bar that drains inside the tag.
        let left = r.deleted.map_or(1.0, |d| retention_left(d, now));
        html! {
            <g class="deleted-tag" transform={translate(width - w, 0.0)}>
                <title>{format!("soft-deleted: purged automatically in {days} days unless recovered")}</title>
                <rect width={num(w)} height="34" rx="9" />
                <rect class="retention" x="3" y="3" width={num((w - 6.0) * left)} height="28" rx="7" />
                <text x="8" y="24">{text}</text>
            </g>
        }
    });
    let face = if r.bek.is_some() {
        Face::Sans
    } else {
        Face::Mono
    };
    let (name, cut) = fit(&shown_name, name_room, PX, face);
    html! {
        <g class={format!(
                "shelf-row {}{}{}",
                r.kind.name(),
                if r.deleted.is_some() { " soft-deleted" } else { "" },
                if selected { " selected" } else { "" },
            )}
            data-object={AssetId::object(r.kind, vault, r.name).to_string()}
            role="button" tabindex="0"
            transform={translate(PAD, y)} {onclick} {onkeydown}>
            <rect class="row-hit" x="-6" y="-2" width={num(width + 12.0)} height={num(SHELF_ROW - 2.0)} rx="8" />
            <text class={if r.bek.is_some() { "object-name bek-name" } else { "object-name" }} x="0" y="23">
                if cut || r.bek.is_some() || r.name.chars().count() > name.chars().count() {
                    <title>{if r.bek.is_some() { format!("secret {}, versions: {}", r.name, r.versions.len()) } else { r.name.to_owned() }}</title>
                }
                {name}
            </text>
            <g class="chips">{ for chips }</g>
            if hidden > 0 {
                <text class="chip-more" x={num(NAME_W - 6.0)} y="22" text-anchor="end">{format!("+{hidden}")}</text>
            }
            { envelope.unwrap_or_default() }
            { countdown.unwrap_or_default() }
        </g>
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
            bek: None,
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
            bek: bek_of(&props.world.world, &v.name, &s.name),
        })
        .collect();

    let width = p.w - 2.0 * PAD;
    let mut y = SHELF_TOP;
    let mut shelf = |title: &str, kind: ObjectKind, rows: &[Row<'_>], keep: usize| -> Html {
        let top = y;
        let heading = format!("{title} ({})", rows.len());
        let mut drawn = Vec::new();
        if rows.is_empty() {
            // An empty shelf says so on its title line.
            let x = PAD + text_width(&heading, PX, Face::Caps) + 12.0;
            drawn.push(
                html! { <text class="shelf-empty" x={num(x)} y={num(top + 26.0)}>{"none"}</text> },
            );
        }
        y += SHELF_TITLE;
        for r in rows {
            let selection = props.selected.as_ref();
            drawn.push(row(r, y, width, &v.name, now, selection, &props.on_select));
            y += SHELF_ROW;
        }
        // What this step purged from this shelf, as the simulation reported it (`key:kv/kek`),
        // in the place its row had. Keyed by the world's generation: a later purge slides its
        // note in afresh.
        let gone: Vec<String> = props
            .purged
            .iter()
            .filter_map(|id| match id {
                AssetId::Object {
                    kind: k,
                    vault,
                    name,
                } if *k == kind && *vault == v.name => Some(short(name)),
                _ => None,
            })
            .collect();
        let note = (!gone.is_empty()).then(|| {
            let text = format!("✗ {} purged", gone.join(", "));
            let (shown, _) = fit(&text, width, PX, Face::Bold);
            html! {
                <text key={props.world.generation.to_string()} class="purged-note" aria-hidden="true"
                    x={num(PAD)} y={num(y + 24.0)}>
                    <title>{text}</title>
                    {shown}
                </text>
            }
        });
        y = y.max(top + SHELF_TITLE + SHELF_ROW * keep as f64);
        html! {<>
            <line class="shelf-line" x1={num(PAD)} x2={num(p.w - PAD)} y1={num(top + 4.0)} y2={num(top + 4.0)} />
            <text class="shelf-title" x={num(PAD)} y={num(top + 26.0)}>{heading}</text>
            { for note }
            { for drawn }
        </>}
    };
    let key_shelf = shelf("Keys", ObjectKind::Key, &keys, p.key_rows);
    let secret_shelf = shelf("Secrets", ObjectKind::Secret, &secrets, 0);

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
    let hsm = format!("HSM {}", geo_short(geo));
    let hsm_w = text_width(&hsm, PX, Face::Bold) + 16.0;
    // Beside the HSM badge: the subscription, when there are several.
    let aside = sub.trim_start_matches(" · ").to_owned();
    let aside_x = PAD + hsm_w + 8.0;
    // Under it: how access is granted and the switches, or, for a deleted vault, its days left.
    let (meta_class, meta, meta_face) = match deleted {
        Some(d) => (
            "vault-deleted",
            format!("✗ deleted · {d}d left"),
            Face::Bold,
        ),
        None => (
            "vault-meta",
            format!("{mode} · {switch_text}{protect}"),
            Face::Sans,
        ),
    };
    let body = html! {<>
            // Vault door icon.
            <g class="icon" transform="translate(14 10)">
                <rect class="icon-line" width="36" height="36" rx="6" />
                <circle class="icon-line" cx="18" cy="18" r="8" />
                <path class="icon-line" d="M18 7 v4 M18 25 v4 M7 18 h4 M25 18 h4" />
            </g>
            { fitted_text("actor-name", 60.0, 34.0, &name, p.w - 60.0 - PAD, 22.0, Face::Bold) }
            <g class="hsm" transform={translate(PAD, 48.0)}>
                <title>{format!("Key Vault in {}: keys live in the {geo} HSM", v.location)}</title>
                <rect width={num(hsm_w)} height="30" rx="8" />
                <text x="8" y="22">{hsm}</text>
            </g>
            if !aside.is_empty() {
                { fitted_text("vault-sub", aside_x, 70.0, &aside, p.w - aside_x - PAD, PX, Face::Sans) }
            }
            { fitted_text(meta_class, PAD, 102.0, &meta, p.w - 2.0 * PAD, PX, meta_face) }
            { key_shelf }
            { secret_shelf }
    </>};
    // A group, not a button: it holds focusable shelf rows (axe nested-interactive).
    actor_frame(class, p, "16", ActorRole::Group(label), handlers, body)
}

/// Geography names on the HSM badge, short enough to fit.
fn geo_short(geo: &str) -> &str {
    match geo {
        "United States" => "US",
        "United Kingdom" => "UK",
        other => other,
    }
}
