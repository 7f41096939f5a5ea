//! The actors: a VM, a key vault with its shelves, a Recovery Services vault, a Disk Encryption
//! Set, a managed disk no VM holds and a principal. Each is a group placed by the layout, selectable by click or keyboard,
//! its box drawn first and its text fitted to its room (shortened with an ellipsis, the whole
//! text in a tooltip and the inspector).

use keyfall_core::{
    AssetId, Attributes, Deletion, ObjectKind, PointRef, PowerState, SimTime, Vault, Vm, World,
    geography,
};

use super::{Frame, circle, fitted_text, sized_rect, verdict_icon};
use crate::layout::{
    CHIPS, DISK_ROW, Face, Kind, Placed, RSV_ROW, RSV_TOP, SHELF_ROW, SHELF_TITLE, SHELF_TOP, fit,
    num, text_width, translate,
};
use crate::scene::{El, Node, Selection, el, list, maybe, text};
use crate::view::{
    BekView, DiskEncryption, Site, bek_of, disk_encryption, key_stamp, key_usable, secret_usable,
    short,
};

/// Text size of the badges and the lines under the names.
const PX: f64 = 18.0;
const PAD: f64 = 14.0;

/// One actor to draw, with what the stage knows about it.
pub(super) struct Ctx<'a> {
    pub f: &'a Frame<'a>,
    pub placed: &'a Placed,
    /// Part in the call travelling now: `"speaking"`, `"listening"` or empty.
    pub role: &'static str,
    /// More than one subscription: boxes name theirs.
    pub show_subscription: bool,
}

/// How an actor's group presents itself to assistive technology.
enum Role {
    /// Named by its visible text.
    Button,
    /// Holds focusable parts of its own (axe nested-interactive), so it is a labelled group.
    Group(String),
}

impl Ctx<'_> {
    /// The actor's group; `None` when the world does not hold it at this step.
    pub fn draw(&self) -> Option<El> {
        match self.placed.kind {
            Kind::Vm => self.vm(),
            Kind::Vault => self.vault(),
            Kind::RecoveryVault => self.rsv(),
            Kind::Des => self.des(),
            Kind::Disk => self.disk(),
            _ => Some(self.principal()),
        }
    }

    fn selected(&self, sel: &Selection) -> bool {
        self.f.selected == Some(sel)
    }

    /// The class list of an actor: `actor`, its kind and state classes, its part in the call
    /// travelling now and `selected`.
    fn class(&self, kinds: &str, sel: &Selection) -> String {
        let mut class = format!("actor {kinds}");
        if !self.role.is_empty() {
            class.push(' ');
            class.push_str(self.role);
        }
        if self.selected(sel) {
            class.push_str(" selected");
        }
        class
    }

    /// An actor's group: placed, selectable, with its box drawn first and `body` over it.
    fn frame(&self, kinds: &str, sel: Selection, corner: &str, role: Role, body: Vec<Node>) -> El {
        self.framed(self.group(kinds, &sel), sel, corner, role, body)
    }

    /// An actor's group with its classes and name, for the attributes of its own that come
    /// before [`Ctx::framed`]'s.
    fn group(&self, kinds: &str, sel: &Selection) -> El {
        el("g")
            .class(self.class(kinds, sel))
            .attr("data-actor", self.placed.name.clone())
    }

    /// The actor's group `g` placed, selectable, with its box drawn first and `body` over it.
    fn framed(&self, g: El, sel: Selection, corner: &str, role: Role, body: Vec<Node>) -> El {
        let p = self.placed;
        let (role, label) = match role {
            Role::Button => ("button", None),
            Role::Group(label) => ("group", Some(label)),
        };
        g.attr("role", role)
            .attr("tabindex", "0")
            .attr_opt("aria-label", label)
            .attr("transform", translate(p.x, p.y))
            .pick(sel, false)
            .child(
                el("rect")
                    .class("actor-box")
                    .attr("width", num(p.w))
                    .attr("height", num(p.h))
                    .attr("rx", corner),
            )
            .children(body)
    }

    fn vm(&self) -> Option<El> {
        let p = self.placed;
        let world = self.f.world;
        let vm = world.vm(&p.name)?;
        let (state_class, state_icon, state_word) = power_state(vm);
        let unlocked = vm.volume_key_in_memory();
        // Where each disk is encrypted; the card draws its OS disk's.
        let sites = disk_encryption(world, vm);
        let lock_word = if vm.ade.is_none() && vm.cmk.is_none() {
            "not ADE"
        } else if unlocked {
            "unlocked"
        } else {
            "locked"
        };
        // The volume key as a token on the disk: a key "in memory" while the VM runs with its
        // disk unlocked (a deallocate drops it: that is why a running VM survives a KEK delete),
        // else a sealed envelope (the wrapped BEK in the vault), with a red padlock when the BEK
        // or the KEK that sealed it can no longer be used.
        let token = vm.ade.as_ref().map(|ade| {
            let bek_ok = secret_usable(world, &ade.vault, &ade.secret_name, &ade.secret_version);
            let kek_ok = ade
                .kek
                .as_ref()
                .is_none_or(|k| key_usable(world, &k.vault, &k.name, &k.version));
            if unlocked {
                (
                    "in-memory",
                    "volume key in memory: the running VM reads its disk without the vault",
                )
            } else if bek_ok && kek_ok {
                (
                    "sealed",
                    "BEK sealed in the vault: the platform opens it at boot",
                )
            } else {
                (
                    "sealed lost",
                    "BEK sealed for good: its secret or KEK cannot be used now",
                )
            }
        });
        let name = p.name.clone();
        let sel = Selection::Vm(name.clone());
        let verdict = self
            .f
            .health
            .get(&AssetId::Vm(name.clone()))
            .map(|h| h.verdict);
        let title = if self.show_subscription {
            format!("{name} · {}", vm.subscription)
        } else {
            name.clone()
        };
        // What the screen shows: a login prompt when running, the recovery screen when the OS
        // volume key could not be unwrapped at boot, nothing when off or dark.
        let screen = match state_class {
            "running" => "on",
            "locked" => "recovery",
            _ => "off",
        };
        // A VM that cannot read its disk says why on the disk's row, in place of the lock word.
        let alarm = match state_class {
            "locked" => Some("boot: VmBootLocked"),
            "dark" => Some("offline: key unreachable"),
            _ => None,
        };
        // Row 2: the verdict at the right, the power state in the room left of it.
        let verdict_text = verdict.map(|v| format!("{} {}", verdict_icon(v), v.name()));
        let verdict_w = verdict_text
            .as_ref()
            .map_or(0.0, |t| text_width(t, PX, Face::Bold) + 24.0);
        let power_room = p.w - 2.0 * PAD - verdict_w - if verdict.is_some() { 8.0 } else { 0.0 };
        let power_text = format!("{state_icon} {state_word}");
        let power_w = (text_width(&power_text, PX, Face::Bold) + 24.0).min(power_room);
        let has_ext = vm.ade.is_some() || vm.used_ade;
        let name_room = p.w - 66.0 - PAD - if has_ext { 68.0 } else { 0.0 };

        // Monitor icon; its screen shows the VM's state.
        let monitor = el("g")
            .class(format!("icon screen-{screen}"))
            .attr("transform", "translate(14 10)")
            .child(rect("screen", "2", "2", "36", "24", "3"))
            .child(rect("icon-line", "0", "0", "40", "28", "4"))
            .child(path("icon-line", "M14 36 h12 M20 28 v8"))
            .child(maybe((screen == "recovery").then(|| {
                el("text")
                    .class("screen-mark")
                    .attr("x", "20")
                    .attr("y", "21")
                    .attr("text-anchor", "middle")
                    .child(text("!"))
            })));
        let mut body: Vec<Node> = vec![
            monitor.into(),
            name_text(66.0, &title, name_room).into(),
            el("g")
                .class(format!("power {state_class}"))
                .attr("transform", translate(PAD, 48.0))
                .child(
                    el("rect")
                        .class("badge")
                        .attr("width", num(power_w))
                        .attr("height", "34")
                        .attr("rx", "10"),
                )
                .child(fitted_text(
                    "",
                    12.0,
                    24.0,
                    &power_text,
                    power_w - 20.0,
                    PX,
                    Face::Bold,
                ))
                .into(),
        ];
        body.push(maybe(verdict.zip(verdict_text).map(|(v, t)| {
            el("g")
                .class(format!("stage-verdict verdict-{}", v.name()))
                .attr("transform", translate(p.w - PAD - verdict_w, 48.0))
                .child(sized_rect(num(verdict_w), "34", "17"))
                .child(middle_text(num(verdict_w / 2.0), "24", t))
        })));
        // The OS disk with its lock; the shackle's move is a CSS transition. The disk's own name
        // is in the tooltip and the inspector: on the VM it is "OS disk".
        let mut disk = with_cylinder(
            el("g")
                .class(if unlocked {
                    "disk unlocked"
                } else {
                    "disk locked"
                })
                .attr("transform", translate(PAD, 92.0)),
        )
        .child(
            el("g")
                .attr("transform", "translate(36 6)")
                .child(path("lock-shackle", "M4 9 v-4 a5 5 0 0 1 10 0 v4"))
                .child(rect("lock-body", "0", "9", "18", "14", "3")),
        );
        disk = disk.child(maybe(token.map(|(class, tip)| {
            el("g")
                .class(format!("bek-token {class}"))
                .attr("transform", "translate(62 4)")
                .attr("data-token", class)
                .child(el("title").child(text(tip)))
                // A key: bow and bit.
                .child(
                    el("g")
                        .class("key-glyph")
                        .child(circle("", "7", "13", "6"))
                        .child(el("path").attr("d", "M13 13 h14 M22 13 v6 M27 13 v5")),
                )
                // An envelope: body and flap.
                .child(
                    el("g")
                        .class("envelope-glyph")
                        .child(
                            el("rect")
                                .attr("x", "0")
                                .attr("y", "3")
                                .attr("width", "30")
                                .attr("height", "21")
                                .attr("rx", "3"),
                        )
                        .child(el("path").attr("d", "M1 5 l14 10 l14 -10")),
                )
                .child(
                    el("g")
                        .class("red-padlock")
                        .child(el("path").attr("d", "M20 16 v-3 a4 4 0 0 1 8 0 v3"))
                        .child(
                            el("rect")
                                .attr("x", "18")
                                .attr("y", "16")
                                .attr("width", "12")
                                .attr("height", "10")
                                .attr("rx", "2"),
                        ),
                )
        })));
        // "OS disk · unlocked", fitted to the room right of the lock (and the token).
        let disk_x = if token.is_some() { 100.0 } else { 64.0 };
        // Else the lock and the key: the KEK version as the BEK's envelope stamps it, or what
        // SSE uses.
        let (disk_text, disk_face) = match (alarm, &vm.ade, sites.first()) {
            (Some(a), ..) => (a.to_owned(), Face::Bold),
            (None, Some(ade), Some(d)) if ade.kek.is_some() => {
                (format!("{lock_word} · KEK {}", d.key), Face::Sans)
            }
            (None, Some(_), Some(d)) => (format!("{lock_word} · {}", d.key), Face::Sans),
            (None, None, Some(d)) => (format!("OS disk · {}", d.key), Face::Sans),
            (None, ..) => (format!("OS disk · {lock_word}"), Face::Sans),
        };
        let (disk_shown, _) = fit(&disk_text, p.w - PAD - disk_x - PAD, PX, disk_face);
        disk = disk.child(
            el("text")
                .class("disk-name")
                .attr("x", num(disk_x))
                .attr("y", "26")
                .child(el("title").child(text(format!("{} · {disk_text}", vm.disk_name))))
                .child(text(disk_shown)),
        );
        body.push(disk.into());
        body.push(maybe(has_ext.then(|| {
            el("g")
                .class("extension")
                .attr("transform", translate(p.w - PAD - 60.0, 12.0))
                .child(el("title").child(text("Azure Disk Encryption extension")))
                .child(sized_rect("60", "34", "10"))
                .child(middle_text("30", "24", "ADE"))
        })));
        let os = sites.first();
        body.push(maybe(os.map(|d| {
            encryption_lane(d).attr("transform", translate(PAD, 132.0))
        })));
        let g = self
            .group(&format!("vm vm-{state_class}"), &sel)
            .attr("data-power", state_class)
            .attr("data-lock", lock_word)
            .attr_opt("data-encrypted-at", os.map(|d| d.site.word()));
        Some(self.framed(g, sel, "16", Role::Button, body))
    }

    fn vault(&self) -> Option<El> {
        let p = self.placed;
        let world = self.f.world;
        let v: &Vault = world.vault(&p.name)?;
        let now = world.now();
        let name = p.name.clone();
        let keys = Row::shelf(world, v, ObjectKind::Key, v.keys.values(), |k| {
            (
                &k.name,
                k.versions.iter().map(|kv| &kv.attributes).collect(),
                &k.deleted,
            )
        });
        let secrets = Row::shelf(world, v, ObjectKind::Secret, v.secrets.values(), |s| {
            (
                &s.name,
                s.versions.iter().map(|sv| &sv.attributes).collect(),
                &s.deleted,
            )
        });

        let width = p.w - 2.0 * PAD;
        let mut y = SHELF_TOP;
        let mut shelf = |title: &str, kind: ObjectKind, rows: &[Row<'_>], keep: usize| {
            let top = y;
            let heading = format!("{title} ({})", rows.len());
            let mut out: Vec<Node> = vec![
                el("line")
                    .class("shelf-line")
                    .attr("x1", num(PAD))
                    .attr("x2", num(p.w - PAD))
                    .attr("y1", num(top + 4.0))
                    .attr("y2", num(top + 4.0))
                    .into(),
                el("text")
                    .class("shelf-title")
                    .attr("x", num(PAD))
                    .attr("y", num(top + 26.0))
                    .child(text(heading.clone()))
                    .into(),
            ];
            let mut drawn: Vec<Node> = Vec::new();
            if rows.is_empty() {
                // An empty shelf says so on its title line.
                let x = PAD + text_width(&heading, PX, Face::Caps) + 12.0;
                drawn.push(shelf_empty(x, top + 26.0, "none"));
            }
            y += SHELF_TITLE;
            for r in rows {
                drawn.push(self.row(r, y, width, &v.name, now).into());
                y += SHELF_ROW;
            }
            // What this step purged from this shelf, as the simulation reported it
            // (`key:kv/kek`), in the place its row had. Keyed by the world's generation: a later
            // purge slides its note in afresh.
            let gone: Vec<String> = self
                .f
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
            out.push(maybe((!gone.is_empty()).then(|| {
                let note = format!("✗ {} purged", gone.join(", "));
                let (shown, _) = fit(&note, width, PX, Face::Bold);
                el("text")
                    .key(self.f.generation.to_string())
                    .class("purged-note")
                    .attr("aria-hidden", "true")
                    .attr("x", num(PAD))
                    .attr("y", num(y + 24.0))
                    .child(el("title").child(text(note)))
                    .child(text(shown))
            })));
            y = y.max(top + SHELF_TITLE + SHELF_ROW * keep as f64);
            out.push(list(drawn));
            out
        };
        // Capitals in the text itself, not by CSS: resvg (the CLI's PNG) ignores
        // `text-transform`, and the SVG, the PNG and the page must agree.
        let key_shelf = shelf("KEYS", ObjectKind::Key, &keys, p.key_rows);
        let secret_shelf = shelf("SECRETS", ObjectKind::Secret, &secrets, 0);

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
        let geo = geography(&v.location).unwrap_or("?");
        let sel = Selection::Vault(name.clone());
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
        // Under the HSM badge: how access is granted and the switches, or, for a deleted vault,
        // its days left.
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
        let mut body: Vec<Node> = vec![
            // Vault door icon.
            el("g")
                .class("icon")
                .attr("transform", "translate(14 10)")
                .child(
                    el("rect")
                        .class("icon-line")
                        .attr("width", "36")
                        .attr("height", "36")
                        .attr("rx", "6"),
                )
                .child(circle("icon-line", "18", "18", "8"))
                .child(path("icon-line", "M18 7 v4 M18 25 v4 M7 18 h4 M25 18 h4"))
                .into(),
            name_text(60.0, &name, p.w - 60.0 - PAD).into(),
            el("g")
                .class("hsm")
                .attr("transform", translate(PAD, 48.0))
                .child(el("title").child(text(format!(
                    "Key Vault in {}: keys live in the {geo} HSM",
                    v.location
                ))))
                .child(sized_rect(num(hsm_w), "30", "8"))
                .child(el("text").attr("x", "8").attr("y", "22").child(text(hsm)))
                .into(),
        ];
        // Beside the HSM badge: the subscription, when there are several.
        body.push(maybe(self.show_subscription.then(|| {
            let aside_x = PAD + hsm_w + 8.0;
            fitted_text(
                "vault-sub",
                aside_x,
                70.0,
                &v.subscription,
                p.w - aside_x - PAD,
                PX,
                Face::Sans,
            )
        })));
        body.push(
            fitted_text(
                meta_class,
                PAD,
                102.0,
                &meta,
                p.w - 2.0 * PAD,
                PX,
                meta_face,
            )
            .into(),
        );
        body.push(list(key_shelf));
        body.push(list(secret_shelf));
        let kinds = if deleted.is_some() {
            "vault soft-deleted"
        } else {
            "vault"
        };
        // A group, not a button: it holds focusable shelf rows (axe nested-interactive).
        Some(self.frame(kinds, sel, "16", Role::Group(label), body))
    }

    fn row(&self, r: &Row<'_>, y: f64, width: f64, vault: &str, now: SimTime) -> El {
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
        let selected = self.selected(&sel);
        let n = if r.bek.is_some() { 0 } else { r.versions.len() };
        let hidden = n.saturating_sub(CHIPS);
        // Chips stay drawn when the object is soft-deleted, so the change is a fade (CSS
        // transition on the same elements) to the retention countdown drawn in their place.
        let chips = r.versions[..n]
            .iter()
            .enumerate()
            .skip(hidden)
            .map(|(i, a)| {
                let (class, icon, word) = chip_state(a, i + 1 == n, now);
                let x = NAME_W + (i - hidden) as f64 * (CHIP_W + 4.0);
                el("g")
                    .class(format!("chip {class}"))
                    .attr("transform", translate(x, 2.0))
                    .child(el("title").child(text(format!("version @{} ({word})", i + 1))))
                    .child(sized_rect(num(CHIP_W), "30", "8"))
                    .child(middle_text(
                        num(CHIP_W / 2.0),
                        "21",
                        format!("{icon}@{}", i + 1),
                    ))
                    .into()
            });
        let tag = r.deleted.map(|d| {
            let days = days_left(d, now);
            let t = format!("✗ {days}d left");
            (text_width(&t, PX, Face::Bold) + 16.0, t, days)
        });
        let env = r.bek.as_ref().map(envelope);
        let name_room = match (&tag, &env) {
            (Some((w, ..)), _) => width - w - 8.0,
            (None, Some((_, w))) => width - w - 6.0,
            (None, None) if hidden > 0 => NAME_W - 40.0,
            (None, None) => NAME_W - 8.0,
        };
        let shown_name = match &r.bek {
            Some(b) => format!("BEK · {}", b.vm),
            None => short(r.name),
        };
        let face = if r.bek.is_some() {
            Face::Sans
        } else {
            Face::Mono
        };
        let (name, cut) = fit(&shown_name, name_room, PX, face);
        let tip =
            (cut || r.bek.is_some() || r.name.chars().count() > name.chars().count()).then(|| {
                match &r.bek {
                    Some(_) => format!("secret {}, versions: {}", r.name, r.versions.len()),
                    None => r.name.to_owned(),
                }
            });
        let mut g = el("g")
            .class(format!(
                "shelf-row {}{}{}",
                r.kind.name(),
                if r.deleted.is_some() {
                    " soft-deleted"
                } else {
                    ""
                },
                if selected { " selected" } else { "" },
            ))
            .attr(
                "data-object",
                AssetId::object(r.kind, vault, r.name).to_string(),
            )
            .attr("role", "button")
            .attr("tabindex", "0")
            .attr("transform", translate(PAD, y))
            // The row sits inside the vault's group, which would select the vault.
            .pick(sel, true)
            .child(
                el("rect")
                    .class("row-hit")
                    .attr("x", "-6")
                    .attr("y", "-2")
                    .attr("width", num(width + 12.0))
                    .attr("height", num(SHELF_ROW - 2.0))
                    .attr("rx", "8"),
            )
            .child(
                el("text")
                    .class(if r.bek.is_some() {
                        "object-name bek-name"
                    } else {
                        "object-name"
                    })
                    .attr("x", "0")
                    .attr("y", "23")
                    .title_opt(tip)
                    .child(text(name)),
            )
            .child(el("g").class("chips").children(chips));
        g = g.child(chips_more(hidden, NAME_W - 6.0));
        // The sealed envelope, right-aligned, stamped with the KEK version that wrapped the BEK;
        // a red padlock on it once that version can no longer open it.
        let sealed = match (&tag, env, &r.bek) {
            (None, Some(env), Some(b)) => Some((env, b)),
            _ => None,
        };
        g = g.child(maybe(sealed.map(|((stamp, w), b)| {
            let lost = b.sealed_for_good;
            let tip = match &b.stamp {
                Some(k) if lost => format!(
                    "BEK of {} wrapped with {k}, which cannot unwrap it now",
                    b.vm
                ),
                Some(k) => format!("BEK of {} wrapped (sealed) with {k}", b.vm),
                None => format!("BEK of {} stored without a KEK", b.vm),
            };
            let e = el("g")
                .class(format!("envelope{}", if lost { " lost" } else { "" }))
                .attr("transform", translate(width - w, 0.0))
                .attr("data-stamp", stamp.clone())
                .child(el("title").child(text(tip)))
                .child(sized_rect(num(w), "31", "4"))
                .child(path(
                    "flap",
                    &format!("M2 2 L{} 10 L{} 2", num(w / 2.0), num(w - 2.0)),
                ))
                .child(el("text").attr("x", "6").attr("y", "26").child(text(stamp)));
            e.child(maybe(lost.then(|| {
                el("g")
                    .class("red-padlock")
                    .attr("transform", translate(w - 15.0, 10.0))
                    .child(el("path").attr("d", "M3 7 v-3 a4 4 0 0 1 8 0 v3"))
                    .child(
                        el("rect")
                            .attr("x", "1")
                            .attr("y", "7")
                            .attr("width", "12")
                            .attr("height", "10")
                            .attr("rx", "2"),
                    )
            })))
        })));
        g = g.child(maybe(tag.map(|(w, t, days)| {
            // The share of retention left, as a bar that drains inside the tag.
            let left = r.deleted.map_or(1.0, |d| retention_left(d, now));
            el("g")
                .class("deleted-tag")
                .attr("transform", translate(width - w, 0.0))
                .child(el("title").child(text(format!(
                    "soft-deleted: purged automatically in {days} days unless recovered"
                ))))
                .child(sized_rect(num(w), "34", "9"))
                .child(
                    el("rect")
                        .class("retention")
                        .attr("x", "3")
                        .attr("y", "3")
                        .attr("width", num((w - 6.0) * left))
                        .attr("height", "28")
                        .attr("rx", "7"),
                )
                .child(el("text").attr("x", "8").attr("y", "24").child(text(t)))
        })));
        g
    }

    fn rsv(&self) -> Option<El> {
        let p = self.placed;
        let r = self.f.world.recovery_vault(&p.name)?;
        let name = p.name.clone();
        let mut y = RSV_TOP;
        let mut rows: Vec<Node> = Vec::new();
        if r.items.is_empty() {
            rows.push(shelf_empty(PAD, y + 26.0, "nothing protected"));
        }
        // The points start after the longest item name, so a name is never cut to `win…`
        // (it could be any VM's), as long as one point still fits beside it.
        let longest = r
            .items
            .keys()
            .map(|item| text_width(item, PX, Face::Mono))
            .fold(0.0, f64::max);
        let points_x = (longest + 16.0).clamp(POINTS_X, p.w - 2.0 * PAD - RP_W);
        // Room for the newest points; older ones are counted.
        let room = ((p.w - 2.0 * PAD - points_x + 6.0) / (RP_W + 6.0))
            .floor()
            .max(1.0) as usize;
        for (item, pi) in &r.items {
            // When points are left out, the last slot counts them, so the name keeps its room;
            // a card with one slot counts them before it instead.
            let slot = |i: usize| points_x + i as f64 * (RP_W + 6.0);
            // The count, right-aligned in the gap after `n` chips.
            let after = |n: usize| slot(n) + 28.0;
            let (shown, more_x, item_room) = if pi.points.len() <= room {
                (pi.points.len(), None, points_x - 8.0)
            } else if after(room) <= p.w - PAD {
                (room, Some(after(room)), points_x - 8.0)
            } else if room >= 2 {
                (room - 1, Some(after(room - 1)), points_x - 8.0)
            } else if text_width(item, PX, Face::Mono) + 8.0 <= points_x - 40.0 {
                (room, Some(points_x - 6.0), points_x - 40.0)
            } else {
                // No room for the count beside a whole name: the vault's label counts them.
                (room, None, points_x - 8.0)
            };
            let hidden = pi.points.len() - shown;
            let chips = pi.points.iter().skip(hidden).enumerate().map(|(i, rp)| {
                let point = PointRef::new(&r.name, item, &rp.name);
                let asset = AssetId::RecoveryPoint(point.clone());
                let verdict = self.f.health.get(&asset).map(|a| a.verdict);
                let icon = verdict.map(verdict_icon).unwrap_or("");
                let word = verdict.map(|v| v.name()).unwrap_or("unknown");
                let sel = Selection::RecoveryPoint(point);
                let selected = self.selected(&sel);
                let class = format!(
                    "chip rp verdict-{word}{}",
                    if selected { " selected" } else { "" }
                );
                el("g")
                    .class(class)
                    .attr("data-object", asset.to_string())
                    .attr("role", "button")
                    .attr("tabindex", "0")
                    .attr("transform", translate(slot(i), 0.0))
                    .pick(sel, true)
                    .child(sized_rect(num(RP_W), "32", "8"))
                    .child(middle_text(
                        num(RP_W / 2.0),
                        "22",
                        format!("{icon} {}", rp.name),
                    ))
                    .into()
            });
            let mut g = el("g")
                .class("rsv-item")
                .attr("transform", translate(PAD, y))
                .child(fitted_text(
                    "object-name",
                    0.0,
                    22.0,
                    item,
                    item_room,
                    PX,
                    Face::Mono,
                ));
            if let Some(x) = more_x {
                g = g.child(chips_more(hidden, x));
            }
            rows.push(g.children(chips).into());
            y += RSV_ROW;
        }
        let points: usize = r.items.values().map(|i| i.points.len()).sum();
        let sub = if self.show_subscription {
            format!(" · {}", r.subscription)
        } else {
            String::new()
        };
        let sel = Selection::RecoveryVault(name.clone());
        // A group, not a button: it holds focusable recovery points (axe nested-interactive).
        let role = Role::Group(format!(
            "{name}, Recovery Services vault: {} protected, {points} recovery points",
            r.items.len()
        ));
        let mut body: Vec<Node> = vec![
            // Shield icon.
            el("g")
                .class("icon")
                .attr("transform", "translate(14 8)")
                .child(path(
                    "icon-line",
                    "M20 2 l16 6 v12 c0 10 -7 16 -16 19 c-9 -3 -16 -9 -16 -19 v-12 z",
                ))
                .child(path("icon-line", "M13 20 l5 5 l9 -10"))
                .into(),
            name_text(64.0, &format!("{name}{sub}"), p.w - 64.0 - PAD).into(),
        ];
        body.push(list(rows));
        Some(self.frame("rsv", sel, "16", role, body))
    }

    fn des(&self) -> Option<El> {
        let p = self.placed;
        let d = self.f.world.disk_encryption_set(&p.name)?;
        // Stamped as the VM card and the envelopes stamp a key version (`cmk@1`).
        let key = key_stamp(self.f.world, &d.vault, &d.key, &d.key_version);
        let sel = Selection::DiskEncryptionSet(p.name.clone());
        let body: Vec<Node> = vec![
            el("g")
                .class("icon")
                .attr("transform", "translate(14 8)")
                .child(circle("icon-line", "12", "20", "9"))
                .child(path("icon-line", "M21 20 h18 M33 20 v7 M39 20 v7"))
                .into(),
            name_text(66.0, &p.name, p.w - 66.0 - PAD).into(),
            el("text")
                .class("actor-kind")
                .attr("x", "66")
                .attr("y", "62")
                .child(text(if d.auto_rotation {
                    "DES · auto-rotates"
                } else {
                    "Disk Encryption Set"
                }))
                .into(),
            fitted_text(
                "disk-detail",
                PAD,
                96.0,
                &format!("CMK {}/{key}", d.vault),
                p.w - 2.0 * PAD,
                PX,
                Face::Sans,
            )
            .into(),
        ];
        // Named by its visible text, so what a screen reader says is what the room sees.
        Some(self.frame("des", sel, "18", Role::Button, body))
    }

    /// A managed disk no VM holds: its name, its `diskState` as a chip, the SAS open on it, and
    /// ADE's UDE flag as a badge (the flag encryption at host refuses); what it is in the
    /// state's tooltip.
    fn disk(&self) -> Option<El> {
        let p = self.placed;
        let world = self.f.world;
        let d = world.managed_disks().find(|d| d.name == p.name)?;
        let sas = world.disk_sas(&d.name);
        let state = d.state(sas);
        let sel = Selection::Disk(p.name.clone());
        // What it is, in the state's tooltip: the card has room for its name and state only.
        let what = format!(
            "managed disk {} · {} · {} GiB (diskSizeBytes {}) · createOption {}",
            d.name,
            d.os_type.as_deref().unwrap_or("data disk"),
            d.size_bytes >> 30,
            d.size_bytes,
            d.create_option
        );
        let name_room = p.w - 66.0 - PAD - if d.ude { 68.0 } else { 0.0 };
        let mut body: Vec<Node> = vec![
            with_cylinder(el("g").class("icon").attr("transform", "translate(18 6)")).into(),
            name_text(66.0, &p.name, name_room).into(),
        ];
        body.push(maybe(d.ude.then(|| {
            el("g")
                .class("ude")
                .attr("transform", translate(p.w - PAD - 60.0, 12.0))
                .child(el("title").child(text(
                    "UDE flag: Azure Disk Encryption was enabled on this disk (the flag stays through decryption and copies), so encryption at host refuses it",
                )))
                .child(sized_rect("60", "34", "10"))
                .child(middle_text("30", "24", "UDE"))
        })));
        // The state, then the SAS open on the disk, in the row under the name: the state in
        // bold, the SAS in the regular face, so both fit a card as narrow as a Recovery
        // Services vault.
        let tag = |class: String, x: f64, w: f64, word: El, tip: String| {
            el("g")
                .class(class)
                .attr("transform", translate(x, DISK_ROW))
                .child(el("title").child(text(tip)))
                .child(sized_rect(num(w), "34", "10"))
                .child(word.attr("x", "9").attr("y", "24"))
        };
        let state_w = text_width(state, PX, Face::Bold) + 18.0;
        body.push(
            tag(
                format!("disk-state state-{}", state.to_ascii_lowercase()),
                PAD,
                state_w,
                el("text").child(text(state)),
                format!("diskState {state} · {what}"),
            )
            .into(),
        );
        let level = sas.map(|s| s.level());
        body.push(maybe(sas.zip(level).map(|(s, level)| {
            let x = PAD + state_w + 6.0;
            let room = p.w - PAD - x;
            let (shown, _) = fit(&format!("{level} SAS"), room - 18.0, PX, Face::Sans);
            let w = (text_width(&shown, PX, Face::Sans) + 18.0).min(room);
            let does = if s.write { "writes" } else { "reads" };
            tag(
                format!("sas sas-{}", level.to_ascii_lowercase()),
                x,
                w,
                el("text").class("sas-word").child(text(shown)),
                format!(
                    "a {level} SAS is open until {}: AzCopy {does} the disk through it",
                    s.expires
                ),
            )
        })));
        let g = self
            .group("managed-disk", &sel)
            .attr("data-disk-state", state)
            .attr("data-ude", d.ude.to_string())
            .attr_opt("data-sas", level);
        Some(self.framed(g, sel, "16", Role::Button, body))
    }

    fn principal(&self) -> El {
        let p = self.placed;
        let (kind, icon) = match p.kind {
            Kind::User => ("User", "person"),
            Kind::ServicePrincipal => ("Service principal", "app"),
            Kind::ManagedIdentity => ("Managed identity", "app"),
            _ => ("Azure platform", "cloud"),
        };
        let sel = Selection::Principal(p.name.clone());
        // The admin's UPN is long: the stage shows the part before the `@`, the tooltip all of
        // it.
        let short = p.name.split('@').next().unwrap_or(&p.name);
        let (name, cut) = fit(short, p.w - 56.0 - 12.0, 18.0, Face::Bold);
        let tip = (short != p.name || cut).then(|| p.name.clone());
        let body: Vec<Node> = vec![
            el("g")
                .class("icon")
                .attr("transform", "translate(12 12)")
                .children(icon_for(icon))
                .into(),
            el("text")
                .class("actor-name")
                .attr("x", "56")
                .attr("y", "27")
                .title_opt(tip)
                .child(text(name))
                .into(),
            el("text")
                .class("actor-kind")
                .attr("x", "56")
                .attr("y", "50")
                .child(text(kind))
                .into(),
        ];
        // Named by its visible text, so what a screen reader says is what the room sees.
        self.frame(
            &format!("principal kind-{icon}"),
            sel,
            "16",
            Role::Button,
            body,
        )
    }
}

/// Where a disk's data is encrypted, as a lane of the three places its data passes (guest, host,
/// storage): the place that encrypts it is a filled pill with a padlock, the links after it are
/// solid (the data travels encrypted), those before it dashed and dim (it is still plain). The
/// disk's row above it names the key.
fn encryption_lane(d: &DiskEncryption) -> El {
    const LINK: f64 = 22.0;
    const H: f64 = 30.0;
    let here = Site::PATH.iter().position(|s| *s == d.site).unwrap_or(0);
    let mut x = 0.0;
    let mut parts: Vec<Node> = Vec::new();
    for (i, site) in Site::PATH.iter().enumerate() {
        if i > 0 {
            // The data reaching this place is encrypted once it has passed the site.
            let class = if i > here {
                "site-link enc"
            } else {
                "site-link plain"
            };
            parts.push(
                path(
                    class,
                    &format!(
                        "M{} 15 h{} m-5 -5 l5 5 l-5 5",
                        num(x + 3.0),
                        num(LINK - 6.0)
                    ),
                )
                .into(),
            );
            x += LINK;
        }
        let word = site.word();
        if i == here {
            let w = text_width(word, PX, Face::Bold) + 42.0;
            parts.push(
                el("g")
                    .class("site here")
                    .attr("transform", translate(x, 0.0))
                    .child(sized_rect(num(w), num(H), "15").class("site-pill"))
                    .child(
                        el("g")
                            .class("site-lock")
                            .attr("transform", "translate(10 5)")
                            .child(el("path").attr("d", "M3 8 v-3 a4 4 0 0 1 8 0 v3"))
                            .child(
                                el("rect")
                                    .attr("x", "1")
                                    .attr("y", "8")
                                    .attr("width", "12")
                                    .attr("height", "10")
                                    .attr("rx", "2"),
                            ),
                    )
                    .child(el("text").attr("x", "30").attr("y", "22").child(text(word)))
                    .into(),
            );
            x += w;
        } else {
            let class = if i > here { "site enc" } else { "site plain" };
            parts.push(
                el("text")
                    .class(class)
                    .attr("x", num(x + 4.0))
                    .attr("y", "22")
                    .child(text(word))
                    .into(),
            );
            x += text_width(word, PX, Face::Sans) + 8.0;
        }
    }
    el("g")
        .class("encryption-lane")
        .attr("data-site", d.site.word())
        .child(el("title").child(text(d.says.clone())))
        .children(parts)
}

fn rect(class: &str, x: &str, y: &str, w: &str, h: &str, rx: &str) -> El {
    el("rect")
        .class(class)
        .attr("x", x)
        .attr("y", y)
        .attr("width", w)
        .attr("height", h)
        .attr("rx", rx)
}

/// A text centred on `x` (a badge's or a chip's label).
fn middle_text(x: impl Into<String>, y: &str, t: impl Into<String>) -> El {
    el("text")
        .attr("x", x)
        .attr("y", y)
        .attr("text-anchor", "middle")
        .child(text(t))
}

/// How many older chips are counted rather than drawn (`+2`), right-aligned at `x`; nothing
/// when every chip is drawn.
fn chips_more(hidden: usize, x: f64) -> Node {
    maybe((hidden > 0).then(|| {
        el("text")
            .class("chip-more")
            .attr("x", num(x))
            .attr("y", "22")
            .attr("text-anchor", "end")
            .child(text(format!("+{hidden}")))
    }))
}

/// What an empty shelf says, at `(x, y)`.
fn shelf_empty(x: f64, y: f64, says: &str) -> Node {
    el("text")
        .class("shelf-empty")
        .attr("x", num(x))
        .attr("y", num(y))
        .child(text(says))
        .into()
}

/// An actor's name on its first line, at `x`, fitted to `room`.
fn name_text(x: f64, name: &str, room: f64) -> El {
    fitted_text("actor-name", x, 34.0, name, room, 22.0, Face::Bold)
}

/// `g` with a disk drawn in it: a cylinder 28 wide and 35 high from its origin.
fn with_cylinder(g: El) -> El {
    g.child(path(
        "cylinder",
        "M0 6 a14 5 0 0 0 28 0 v24 a14 5 0 0 1 -28 0 z",
    ))
    .child(
        el("ellipse")
            .class("cylinder-top")
            .attr("cx", "14")
            .attr("cy", "6")
            .attr("rx", "14")
            .attr("ry", "5"),
    )
}

fn path(class: &str, d: &str) -> El {
    el("path").class(class).attr("d", d)
}

fn icon_for(icon: &str) -> Vec<Node> {
    match icon {
        "person" => vec![
            circle("icon-line", "18", "11", "8").into(),
            path("icon-line", "M3 36 a15 13 0 0 1 30 0").into(),
        ],
        "app" => vec![
            rect("icon-line", "2", "4", "32", "28", "5").into(),
            path("icon-line", "M2 13 h32 M9 8.5 h1 M14 8.5 h1").into(),
        ],
        _ => vec![
            path(
                "icon-line",
                "M9 32 h20 a8 8 0 0 0 0 -16 a11 11 0 0 0 -21 -2 a8 8 0 0 0 1 18 z",
            )
            .into(),
        ],
    }
}

/// The VM's state as (css class, icon, word), most serious first.
fn power_state(vm: &Vm) -> (&'static str, &'static str, &'static str) {
    if vm.shut_down_by_cmk {
        ("dark", "■", "dark: no key")
    } else if vm.power == PowerState::Running && vm.at_recovery_screen {
        ("locked", "⚠", "boot locked")
    } else {
        match vm.power {
            PowerState::Running => ("running", "▶", "running"),
            PowerState::Stopped => ("stopped", "■", "stopped"),
            PowerState::Deallocated => ("deallocated", "❚❚", "deallocated"),
        }
    }
}

const CHIP_W: f64 = 46.0;
/// Where the chips start in a shelf row; the object's name is fitted left of them.
const NAME_W: f64 = 96.0;
const RP_W: f64 = 84.0;
/// Where the recovery points of an item start; its name is fitted left of them.
const POINTS_X: f64 = 92.0;

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

impl<'a> Row<'a> {
    /// The rows of a shelf of vault `v`: its keys or its secrets, each read by `parts` as its
    /// name, its versions' attributes and its deletion. A secret that holds a BEK is drawn as one.
    fn shelf<O: 'a>(
        world: &World,
        v: &Vault,
        kind: ObjectKind,
        objects: impl Iterator<Item = &'a O>,
        parts: impl Fn(&'a O) -> (&'a String, Vec<&'a Attributes>, &'a Option<Deletion>),
    ) -> Vec<Row<'a>> {
        objects
            .map(parts)
            .map(|(name, versions, deleted)| Row {
                kind,
                name,
                versions,
                deleted: deleted.as_ref(),
                bek: match kind {
                    ObjectKind::Secret => bek_of(world, &v.name, name),
                    ObjectKind::Key => None,
                },
            })
            .collect()
    }
}

/// A BEK's envelope: the stamp's text and the envelope's width.
fn envelope(b: &BekView) -> (String, f64) {
    let stamp = b.stamp.clone().unwrap_or_else(|| "no KEK".to_owned());
    let (stamp, _) = fit(&stamp, 104.0, PX, Face::Bold);
    let w = text_width(&stamp, PX, Face::Bold) + 12.0 + if b.sealed_for_good { 14.0 } else { 0.0 };
    (stamp, w)
}

/// Geography names on the HSM badge, short enough to fit.
fn geo_short(geo: &str) -> &str {
    match geo {
        "United States" => "US",
        "United Kingdom" => "UK",
        other => other,
    }
}
