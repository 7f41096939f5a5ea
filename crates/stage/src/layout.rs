//! Where each actor stands on the stage, and the path a call takes between two of them. Pure: a
//! function of the world, no Yew, so it is tested without a DOM and the stage only draws it.
//!
//! A top row holds the identities that call (people, apps, platform services). Below a corridor
//! kept free for message labels, each region is a band read left to right the way keys travel:
//! VMs (in a grid), Disk Encryption Sets and managed disks of their own | key vaults | Recovery
//! Services vaults. A VM and the vault it must share a region with (R5) therefore sit side by
//! side. Regions of one geography sit in a row; with more than one geography each is drawn as a
//! labelled area around its regions.
//! The grid shapes and how many areas share a row are chosen to fill a projector-shaped (wide)
//! stage, so a small world is drawn large and six VMs still fit.
//!
//! What is placed is a [`Cast`]: every actor a stage will show, not only those of one world. A
//! lesson's cast is gathered from every step of the lesson before it plays, so each actor keeps
//! its place and size from the first step to the last (an actor not created yet has its place
//! kept empty), and the drawing never re-zooms under a speaker. Sizes are in stage units, drawn
//! at about one pixel each in presenter mode at 1280x720: the smallest text on the stage is
//! [`MIN_FONT`] units, and the lessons' casts are held (by tests) to a size that keeps it at 14 px
//! or more on that screen.

use keyfall_core::{
    AZURE_BACKUP, ObjectKind, PLATFORM_ADE, PLATFORM_ARM, PLATFORM_COMPUTE, PrincipalKind, World,
    geography,
};

/// What an actor is, which decides its drawing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    User,
    ServicePrincipal,
    ManagedIdentity,
    /// A platform identity (`platform-ade`, `azure-backup`...).
    Platform,
    Vm,
    Vault,
    RecoveryVault,
    Des,
    /// A managed disk no VM holds (a VM's OS disk is drawn on its card).
    Disk,
}

/// An actor's box in stage units.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub name: String,
    pub kind: Kind,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    /// A vault's key shelf: the rows it keeps, the most keys it holds in the cast, so its
    /// secret shelf stays where it is when a key goes.
    pub key_rows: usize,
}

impl Placed {
    pub fn cx(&self) -> f64 {
        self.x + self.w / 2.0
    }
    pub fn cy(&self) -> f64 {
        self.y + self.h / 2.0
    }
    fn rect(&self) -> Rect {
        Rect::new(self.x, self.y, self.w, self.h)
    }
}

/// A labelled area drawn behind its actors: a region, or a geography around its regions.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub label: String,
    /// What the title says when the label does not fit ("northeurope" for "northeurope
    /// region").
    pub short: String,
    /// A geography's area (drawn fainter, around region bands) rather than a region.
    pub geography: bool,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Band {
    /// Where the stage draws the title's baseline start.
    pub fn title_at(&self) -> (f64, f64) {
        (self.x + 14.0, self.y + 24.0)
    }

    /// The title as drawn: the label, or its short form, fitted to the band's width.
    pub fn title(&self) -> String {
        let face = if self.geography {
            Face::Caps
        } else {
            Face::Bold
        };
        let room = self.w - 28.0;
        match fit(&self.label, room, BAND_FONT, face) {
            (whole, false) => whole,
            _ => fit(&self.short, room, BAND_FONT, face).0,
        }
    }

    /// The area the title covers, with a little room around it.
    fn title_rect(&self) -> Rect {
        let (x, y) = self.title_at();
        let face = if self.geography {
            Face::Caps
        } else {
            Face::Bold
        };
        let w = text_width(&self.title(), BAND_FONT, face);
        Rect::new(x - 6.0, y - 22.0, w + 12.0, 30.0)
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    pub actors: Vec<Placed>,
    /// Geography areas first, so regions draw over them.
    pub bands: Vec<Band>,
    pub width: f64,
    pub height: f64,
    /// More than one subscription: boxes name theirs.
    pub show_subscriptions: bool,
}

/// Room around the drawing inside the SVG viewBox.
pub const MARGIN: f64 = 16.0;

/// The smallest font on the stage, in stage units (CSS holds every stage text to it or more).
pub const MIN_FONT: f64 = 18.0;
/// Region and geography titles.
pub const BAND_FONT: f64 = 20.0;

pub const PRINCIPAL_W: f64 = 264.0;
pub const PRINCIPAL_H: f64 = 62.0;
pub const VM_W: f64 = 340.0;
pub const VM_H: f64 = 168.0;
/// A vault's width: enough for its header, and for three version chips when a key or secret
/// of the cast has that many.
pub const VAULT_W: f64 = 240.0;
pub const VAULT_W_WIDE: f64 = 280.0;
pub const RSV_W: f64 = 300.0;
pub const DES_W: f64 = VM_W;
pub const DES_H: f64 = 112.0;
/// A managed disk of its own: as wide as a Recovery Services vault, whose column it may share
/// (a growing cast lines it up in the VMs' column, as wide as a VM).
pub const DISK_W: f64 = RSV_W;
pub const DISK_H: f64 = 92.0;
/// Where a disk's state and SAS chips stand, under its name.
pub const DISK_ROW: f64 = 48.0;
/// Where a vault's shelves start, below its header.
pub const SHELF_TOP: f64 = 114.0;
/// A shelf's title line ("KEYS (1)").
pub const SHELF_TITLE: f64 = 34.0;
/// One shelf row (a key or a secret with its version chips).
pub const SHELF_ROW: f64 = 36.0;
/// Version chips drawn per shelf row; older versions are counted, not drawn.
pub const CHIPS: usize = 3;
/// Where a recovery services vault's items start, and the height of one.
pub const RSV_TOP: f64 = 58.0;
pub const RSV_ROW: f64 = 44.0;
const GAP_X: f64 = 16.0;
const GAP_Y: f64 = 14.0;
const BAND_PAD: f64 = 12.0;
const BAND_LABEL: f64 = 32.0;
/// Between the top row and the regions: the labels of calls from above land here.
const CORRIDOR: f64 = 66.0;
/// Boxes per column of VMs and DESs in a growing cast (free play).
const GROWING_ROWS: usize = 3;
/// Width over height of the stage panel (presenter mode at 1280x720 is about 1.95, the full
/// app about 2.3); the layout aims for it.
const STAGE_ASPECT: f64 = 2.05;

/// `v` as SVG number text, rounded to a tenth of a stage unit (far below a pixel at any zoom).
///
/// Built from integers on purpose: printing an `f64` (`{x}`, `to_string`) pulls Rust's float
/// formatting, about 17 KB of wasm, into the page, and the stage is its only user.
pub fn num(v: f64) -> String {
    let tenths = (v * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let t = tenths.unsigned_abs();
    match t % 10 {
        0 => format!("{sign}{}", t / 10),
        d => format!("{sign}{}.{d}", t / 10),
    }
}

/// An SVG `transform` moving to `(x, y)`.
pub fn translate(x: f64, y: f64) -> String {
    format!("translate({} {})", num(x), num(y))
}

/// The typefaces of the stage, for estimating a text's width without a DOM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    Sans,
    Bold,
    Mono,
    /// Bold capitals with letter spacing (shelf and geography titles).
    Caps,
}

/// A text's width in stage units at `px`, from the advance widths of DejaVu Sans (the font the
/// CLI's pictures use, and the widest of those the stage asks for, so that a text said to fit
/// does fit in the app too). Kerning is left out: it only narrows a text.
pub fn text_width(text: &str, px: f64, face: Face) -> f64 {
    let units: u32 = text
        .chars()
        .map(|c| match face {
            Face::Mono => u32::from(MONO_ADVANCE),
            Face::Sans => u32::from(advance(c).0),
            Face::Bold => u32::from(advance(c).1),
            // Letter spacing of 0.06 em after every character (stage.css).
            Face::Caps => u32::from(advance(c.to_ascii_uppercase()).1) + CAPS_SPACING,
        })
        .sum();
    f64::from(units) / f64::from(UNITS_PER_EM) * px
}

/// `c`'s advance in DejaVu Sans and DejaVu Sans Bold, in font units. A character the font lacks
/// is drawn from a fallback font: counted as a whole em.
fn advance(c: char) -> (u16, u16) {
    match c {
        ' '..='~' => ADVANCES[c as usize - 0x20],
        _ => EXTRA_ADVANCES
            .iter()
            .find(|(x, ..)| *x == c)
            .map_or((UNITS_PER_EM, UNITS_PER_EM), |(_, a, b)| (*a, *b)),
    }
}

/// The font units of an em in DejaVu Sans.
pub const UNITS_PER_EM: u16 = 2048;
/// Every character of DejaVu Sans Mono.
pub const MONO_ADVANCE: u16 = 1233;
const CAPS_SPACING: u32 = 123;

/// The advance of each printable ASCII character (from `' '` to `'~'`) in DejaVu Sans and
/// DejaVu Sans Bold, in font units, measured from assets/fonts/ (tests/metrics.rs holds it to
/// the fonts).
pub const ADVANCES: [(u16, u16); 95] = [
    (651, 713),
    (821, 934),
    (942, 1067),
    (1716, 1716),
    (1303, 1425),
    (1946, 2052),
    (1597, 1786),
    (563, 627),
    (799, 936),
    (799, 936),
    (1024, 1071),
    (1716, 1716),
    (651, 778),
    (739, 850),
    (651, 778),
    (690, 748),
    (1303, 1425),
    (1303, 1425),
    (1303, 1425),
    (1303, 1425),
    (1303, 1425),
    (1303, 1425),
    (1303, 1425),
    (1303, 1425),
    (1303, 1425),
    (1303, 1425),
    (690, 819),
    (690, 819),
    (1716, 1716),
    (1716, 1716),
    (1716, 1716),
    (1087, 1188),
    (2048, 2048),
    (1401, 1585),
    (1405, 1561),
    (1430, 1503),
    (1577, 1700),
    (1294, 1399),
    (1178, 1399),
    (1587, 1681),
    (1540, 1714),
    (604, 762),
    (604, 762),
    (1343, 1587),
    (1141, 1305),
    (1767, 2038),
    (1532, 1714),
    (1612, 1741),
    (1235, 1501),
    (1612, 1741),
    (1423, 1577),
    (1300, 1475),
    (1251, 1397),
    (1499, 1663),
    (1401, 1585),
    (2025, 2259),
    (1403, 1579),
    (1251, 1483),
    (1403, 1485),
    (799, 936),
    (690, 748),
    (799, 936),
    (1716, 1716),
    (1024, 1024),
    (1024, 1024),
    (1255, 1382),
    (1300, 1466),
    (1126, 1214),
    (1300, 1466),
    (1260, 1389),
    (721, 891),
    (1300, 1466),
    (1298, 1458),
    (569, 702),
    (569, 702),
    (1186, 1362),
    (569, 702),
    (1995, 2134),
    (1298, 1458),
    (1253, 1407),
    (1300, 1466),
    (1300, 1466),
    (842, 1010),
    (1067, 1219),
    (803, 979),
    (1298, 1458),
    (1212, 1335),
    (1675, 1892),
    (1212, 1321),
    (1212, 1335),
    (1075, 1192),
    (1303, 1458),
    (690, 748),
    (1303, 1458),
    (1716, 1716),
];

/// The other characters the stage draws (separators, icons), as `ADVANCES`.
pub const EXTRA_ADVANCES: [(char, u16, u16); 12] = [
    ('·', 651, 778),
    ('…', 2048, 2048),
    ('✓', 1716, 1716),
    ('✗', 1716, 1716),
    ('⚠', 1836, 1836),
    ('☠', 1836, 1836),
    ('▶', 1575, 1575),
    ('■', 1935, 1935),
    ('❚', 1716, 1716),
    ('⊘', 1716, 1716),
    ('◷', 1787, 1787),
    ('→', 1716, 1716),
];

/// `text` as it fits in `room` units at `px`: whole, or its head and an ellipsis. The flag says
/// whether it was shortened (the full text then belongs in a tooltip).
pub fn fit(text: &str, room: f64, px: f64, face: Face) -> (String, bool) {
    if text_width(text, px, face) <= room {
        return (text.to_owned(), false);
    }
    let mut head: String = text.to_owned();
    while !head.is_empty() {
        head.pop();
        let shown = format!("{}…", head.trim_end());
        if text_width(&shown, px, face) <= room {
            return (shown, true);
        }
    }
    ("…".to_owned(), true)
}

/// Height of a vault's box for `keys` and `secrets` rows. An empty shelf is its title line alone
/// ("SECRETS (0) none").
pub fn vault_height(keys: usize, secrets: usize) -> f64 {
    let shelf = |n: usize| SHELF_TITLE + SHELF_ROW * n as f64;
    SHELF_TOP + shelf(keys) + shelf(secrets) + 8.0
}

/// Width of a vault's box whose objects have at most `versions` versions.
pub fn vault_width(versions: usize) -> f64 {
    if versions >= CHIPS {
        VAULT_W_WIDE
    } else {
        VAULT_W
    }
}

/// The middle of row `index` of a vault's `kind` shelf, from the top of the vault's box, as
/// `vault_actor` draws it: the key shelf first, then the secret shelf under as many key rows as
/// the vault ever holds (`key_rows`) or holds now (`keys_now`). A row that is gone (`None`) is
/// the middle of its shelf's title line.
pub fn shelf_row_y(
    key_rows: usize,
    keys_now: usize,
    kind: ObjectKind,
    index: Option<usize>,
) -> f64 {
    let mut top = SHELF_TOP;
    if kind == ObjectKind::Secret {
        top += SHELF_TITLE + SHELF_ROW * key_rows.max(keys_now) as f64;
    }
    match index {
        Some(i) => top + SHELF_TITLE + SHELF_ROW * i as f64 + 15.0,
        None => top + 18.0,
    }
}

/// Height of a Recovery Services vault's box for `items` protected items.
pub fn rsv_height(items: usize) -> f64 {
    RSV_TOP + RSV_ROW * items.max(1) as f64 + 6.0
}

impl Layout {
    /// The actor a caller or callee name refers to: `vm1/ade-extension` is drawn on `vm1`,
    /// `admin` is the admin's UPN.
    pub fn find(&self, name: &str) -> Option<&Placed> {
        let base = name.split('/').next().unwrap_or(name);
        self.actors
            .iter()
            .find(|a| a.name == name)
            .or_else(|| self.actors.iter().find(|a| a.name == base))
            .or_else(|| {
                self.actors
                    .iter()
                    .find(|a| a.kind == Kind::User && base == "admin")
            })
    }

    /// The SVG viewBox `(x, y, w, h)`: the content with a margin all round, nothing more.
    pub fn view_box(&self) -> (f64, f64, f64, f64) {
        (
            -MARGIN,
            -MARGIN,
            self.width + 2.0 * MARGIN,
            self.height + 2.0 * MARGIN,
        )
    }

    fn bounds(&self) -> Rect {
        let (x, y, w, h) = self.view_box();
        Rect::new(x, y, w, h)
    }
}

/// Whether a platform identity appears on stage: `platform-ade` always (it is what ADE is about);
/// the others once the world uses them.
fn platform_shown(world: &World, name: &str) -> bool {
    match name {
        n if n == PLATFORM_ADE => true,
        n if n == AZURE_BACKUP => {
            world.recovery_vaults().next().is_some() || mentioned(world, name)
        }
        n if n == PLATFORM_COMPUTE => {
            world.vaults().any(|v| v.enabled_for_deployment) || mentioned(world, name)
        }
        n if n == PLATFORM_ARM => {
            world.vaults().any(|v| v.enabled_for_template_deployment) || mentioned(world, name)
        }
        _ => mentioned(world, name),
    }
}

/// Named in an access policy, a role assignment, the audit log or the Activity log.
fn mentioned(world: &World, name: &str) -> bool {
    world.vaults().any(|v| {
        v.policies.iter().any(|p| p.principal == name)
            || v.role_assignments.iter().any(|g| g.principal == name)
    }) || world.audit().iter().any(|a| a.caller == name)
        || world.activity().iter().any(|a| a.caller == name)
}

/// Boxes of one kind in a region, sorted by name, each with the most it must hold: for a vault
/// (versions of one object, keys, secrets), for a Recovery Services vault (protected items).
/// One type for every kind, so merging casts is one piece of code.
type Column = Vec<(String, [usize; 3])>;

/// What one region holds, before placing.
#[derive(Debug, Clone, Default, PartialEq)]
struct Region {
    vms: Column,
    des: Column,
    /// Managed disks no VM holds, drawn under the VMs and sets.
    disks: Column,
    vaults: Column,
    rsvs: Column,
}

impl Region {
    fn columns(&self) -> [&Column; 5] {
        [&self.vms, &self.des, &self.disks, &self.vaults, &self.rsvs]
    }
}

/// Regions keyed by (geography, region), kept sorted by key. A sorted Vec, not a BTreeMap: a
/// binary search and an insert are all it needs, and a map of this type would bring its own copy
/// of the B-tree code into the wasm.
type Regions = Vec<((String, String), Region)>;

/// Every actor a stage shows, before placing: the top row of callers and what each region
/// holds, with the largest size each box needs. Gathered from one world ([`Cast::of`]) or from
/// many ([`Cast::absorb`]): a lesson's cast holds every actor of every step, so nothing moves
/// while it plays.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cast {
    /// Who calls, by kind, then by name (platform services in a fixed order).
    top: Vec<(String, Kind)>,
    regions: Regions,
    /// The most subscriptions seen at once.
    subscriptions: usize,
    /// Planned from a whole lesson: nothing will be added, so the top row may spread over the
    /// width and the regions centre under it. A cast that grows (free play) keeps every box at
    /// the left instead, so that what is added goes to the right of what is there.
    pub planned: bool,
    /// Regions in the order they were first seen: a growing cast (free play) lays them out in
    /// this order, so a new region goes after those already on stage.
    seen: Vec<(String, String)>,
}

const PLATFORMS: [&str; 4] = [PLATFORM_ADE, PLATFORM_COMPUTE, PLATFORM_ARM, AZURE_BACKUP];

/// Where a top-row actor sorts: users, service principals, managed identities, then the
/// platform services in the order of `PLATFORMS`.
fn top_rank(name: &str, kind: Kind) -> usize {
    match kind {
        Kind::User => 0,
        Kind::ServicePrincipal => 1,
        Kind::ManagedIdentity => 2,
        _ => 3 + PLATFORMS.iter().position(|p| *p == name).unwrap_or(0),
    }
}

/// Adds `other`'s boxes to `mine`, in name order, and raises each size to the larger of the
/// two. True if anything changed.
fn absorb_column(mine: &mut Column, other: &Column) -> bool {
    let mut changed = false;
    for (name, size) in other {
        match mine.binary_search_by(|(n, _)| n.as_str().cmp(name)) {
            Ok(i) => {
                for (old, new) in mine[i].1.iter_mut().zip(size) {
                    if new > old {
                        *old = *new;
                        changed = true;
                    }
                }
            }
            Err(i) => {
                mine.insert(i, (name.clone(), *size));
                changed = true;
            }
        }
    }
    changed
}

impl Cast {
    /// The actors `world` shows now.
    pub fn of(world: &World) -> Cast {
        let mut cast = Cast::default();
        // Top row: who calls. The world keeps principals by name, so one pass per kind gives
        // the order without a sort (each sorted type costs the wasm a sort routine of its own).
        for (of, kind) in [
            (PrincipalKind::User, Kind::User),
            (PrincipalKind::ServicePrincipal, Kind::ServicePrincipal),
            (PrincipalKind::ManagedIdentity, Kind::ManagedIdentity),
        ] {
            for p in world.principals().filter(|p| p.kind == of) {
                if kind == Kind::ManagedIdentity && !mentioned(world, &p.name) {
                    // A DES's identity is drawn on the DES until it calls or is granted something.
                    continue;
                }
                cast.top.push((p.name.clone(), kind));
            }
        }
        for p in PLATFORMS {
            if platform_shown(world, p) {
                cast.top.push((p.to_owned(), Kind::Platform));
            }
        }
        // Regions, grouped by geography so Europe's regions sit together. The world keeps
        // each kind by name, so every column comes sorted.
        for vm in world.vms() {
            region(&mut cast.regions, &vm.location)
                .vms
                .push((vm.name.clone(), [0; 3]));
        }
        for d in world.disk_encryption_sets() {
            region(&mut cast.regions, &d.location)
                .des
                .push((d.name.clone(), [0; 3]));
        }
        for d in world.managed_disks() {
            region(&mut cast.regions, &d.location)
                .disks
                .push((d.name.clone(), [0; 3]));
        }
        for v in world.vaults() {
            let versions = v
                .keys
                .values()
                .map(|k| k.versions.len())
                .chain(v.secrets.values().map(|s| s.versions.len()))
                .max()
                .unwrap_or(0);
            region(&mut cast.regions, &v.location)
                .vaults
                .push((v.name.clone(), [versions, v.keys.len(), v.secrets.len()]));
        }
        for r in world.recovery_vaults() {
            region(&mut cast.regions, &r.location)
                .rsvs
                .push((r.name.clone(), [r.items.len(), 0, 0]));
        }
        cast.subscriptions = world.subscriptions().count();
        cast
    }

    /// Adds the actors of `other` that this cast lacks, and grows boxes to the larger of the
    /// two sizes. True if anything changed.
    pub fn absorb(&mut self, other: &Cast) -> bool {
        let mut changed = false;
        for (name, kind) in &other.top {
            if self.top.iter().any(|(n, _)| n == name) {
                continue;
            }
            let rank = (top_rank(name, *kind), name);
            let at = self
                .top
                .iter()
                .position(|(n, k)| (top_rank(n, *k), n) > rank)
                .unwrap_or(self.top.len());
            self.top.insert(at, (name.clone(), *kind));
            changed = true;
        }
        for (key, r) in &other.regions {
            let i = match self.regions.binary_search_by(|(k, _)| k.cmp(key)) {
                Ok(i) => i,
                Err(i) => {
                    self.regions.insert(i, (key.clone(), Region::default()));
                    self.seen.push(key.clone());
                    changed = true;
                    i
                }
            };
            let mine = &mut self.regions[i].1;
            changed |= absorb_column(&mut mine.vms, &r.vms);
            changed |= absorb_column(&mut mine.des, &r.des);
            changed |= absorb_column(&mut mine.disks, &r.disks);
            changed |= absorb_column(&mut mine.vaults, &r.vaults);
            changed |= absorb_column(&mut mine.rsvs, &r.rsvs);
        }
        if other.subscriptions > self.subscriptions {
            self.subscriptions = other.subscriptions;
            changed = true;
        }
        changed
    }

    /// Whether an actor of this name is in the cast's top row or any region.
    pub fn has(&self, name: &str) -> bool {
        self.top.iter().any(|(n, _)| n == name)
            || self
                .regions
                .iter()
                .any(|(_, r)| r.columns().iter().any(|c| c.iter().any(|(n, _)| n == name)))
    }
}

/// The region `loc` is in, added if new.
fn region<'a>(regions: &'a mut Regions, loc: &str) -> &'a mut Region {
    let key = (geography(loc).unwrap_or("Other").to_owned(), loc.to_owned());
    let i = match regions.binary_search_by(|(k, _)| k.cmp(&key)) {
        Ok(i) => i,
        Err(i) => {
            regions.insert(i, (key, Region::default()));
            i
        }
    };
    &mut regions[i].1
}

/// A laid-out group (region or geography) in its own coordinates, origin at its top-left.
struct Block {
    w: f64,
    h: f64,
    actors: Vec<Placed>,
    bands: Vec<Band>,
}

impl Block {
    fn shift(&mut self, dx: f64, dy: f64) {
        for a in &mut self.actors {
            a.x += dx;
            a.y += dy;
        }
        for b in &mut self.bands {
            b.x += dx;
            b.y += dy;
        }
    }
}

/// How a cast is arranged: VM-grid height, vaults side by side in a region, areas per row.
#[derive(Debug, Clone, Copy)]
struct Shape {
    vm_rows: usize,
    vault_cols: usize,
    per_row: usize,
    /// Every vault as wide as one with many versions: a growing cast (free play) does not
    /// widen a vault, and move what stands right of it, when a third version appears.
    wide_vaults: bool,
    /// Disk Encryption Sets under the vaults (whose keys they use) rather than under the VMs.
    des_under_vaults: bool,
    /// Recovery Services vaults under the vaults (and sets) rather than in a column of their
    /// own. With the one above, what lets a challenge's estate (several VMs, sets and vaults)
    /// fill a wide stage.
    rsv_under_vaults: bool,
    /// Managed disks of their own under the Recovery Services vaults (the region's right
    /// column, often shorter than the VMs') rather than under the VMs and sets.
    disks_right: bool,
}

/// A box to place in a grid: name, width, height, kept key rows.
type Item = (String, f64, f64, usize);

/// `items` in a grid of `cols` columns from `(x, y)`, each cell as wide as the widest box and
/// as tall as its row's tallest. Returns the grid's width and height.
fn grid(
    actors: &mut Vec<Placed>,
    items: &[Item],
    kind: Kind,
    cols: usize,
    (x, y): (f64, f64),
) -> (f64, f64) {
    if items.is_empty() {
        return (0.0, 0.0);
    }
    let cols = cols.clamp(1, items.len());
    let w = items.iter().map(|i| i.1).fold(0.0, f64::max);
    let mut top = y;
    for row in items.chunks(cols) {
        let h = row.iter().map(|i| i.2).fold(0.0, f64::max);
        for (c, (name, _, ih, key_rows)) in row.iter().enumerate() {
            actors.push(Placed {
                name: name.clone(),
                kind,
                x: x + c as f64 * (w + GAP_X),
                y: top,
                w,
                h: *ih,
                key_rows: *key_rows,
            });
        }
        top += h + GAP_Y;
    }
    (cols as f64 * (w + GAP_X) - GAP_X, top - GAP_Y - y)
}

/// One region's band: VM grid with `vm_rows` rows at most and DESs under it, then the vaults in
/// `vault_cols` columns, then the RSVs.
fn region_block(label: String, short: String, r: &Region, shape: Shape) -> Block {
    let mut actors = Vec::new();
    let top = BAND_LABEL + BAND_PAD / 2.0;
    let mut x = BAND_PAD;
    let mut bottom = top;
    let mut under_vaults: Vec<Item> = Vec::new();
    let mut right_disks: Vec<Item> = Vec::new();
    if !r.vms.is_empty() || !r.des.is_empty() || !r.disks.is_empty() {
        let cols = r.vms.len().div_ceil(shape.vm_rows.max(1)).max(1);
        let items = |c: &Column, w: f64, h: f64| -> Vec<Item> {
            c.iter().map(|(n, _)| (n.clone(), w, h, 0)).collect()
        };
        let vms = items(&r.vms, VM_W, VM_H);
        let des = items(&r.des, DES_W, DES_H);
        let disks = items(&r.disks, DISK_W, DISK_H);
        if shape.wide_vaults {
            // A growing cast: VMs, DESs, then disks down columns of three, so what is added
            // goes under or right of what is there, in columns as wide as a VM.
            let mut y = top;
            let mut col = 0.0;
            let kinds = vms
                .iter()
                .map(|v| (v, Kind::Vm))
                .chain(des.iter().map(|d| (d, Kind::Des)))
                .chain(disks.iter().map(|d| (d, Kind::Disk)));
            for (k, ((name, w, h, _), kind)) in kinds.enumerate() {
                if k > 0 && k % GROWING_ROWS == 0 {
                    col += 1.0;
                    y = top;
                }
                actors.push(Placed {
                    name: name.clone(),
                    kind,
                    x: x + col * (VM_W + GAP_X),
                    y,
                    w: *w,
                    h: *h,
                    key_rows: 0,
                });
                y += h + GAP_Y;
                bottom = bottom.max(y - GAP_Y);
            }
            x += (col + 1.0) * (VM_W + GAP_X);
        } else {
            let (w1, h1) = grid(&mut actors, &vms, Kind::Vm, cols, (x, top));
            let mut below = if h1 > 0.0 { top + h1 + GAP_Y } else { top };
            let mut w = w1;
            bottom = bottom.max(top + h1);
            if shape.des_under_vaults {
                under_vaults = des;
            } else {
                let (w2, h2) = grid(&mut actors, &des, Kind::Des, cols, (x, below));
                bottom = bottom.max(below + h2);
                w = w.max(w2);
                if h2 > 0.0 {
                    below += h2 + GAP_Y;
                }
            }
            // Disks of their own under the VMs (and sets), in as many columns as the VMs, or
            // at the right.
            let disks = if shape.disks_right {
                right_disks = disks;
                Vec::new()
            } else {
                disks
            };
            let (w3, h3) = grid(&mut actors, &disks, Kind::Disk, cols, (x, below));
            if h3 > 0.0 {
                bottom = bottom.max(below + h3);
                w = w.max(w3);
            }
            x += w + GAP_X;
        }
    }
    let vaults: Vec<_> = r
        .vaults
        .iter()
        .map(|(name, [versions, keys, secrets])| {
            let versions = if shape.wide_vaults { CHIPS } else { *versions };
            let (w, h) = (vault_width(versions), vault_height(*keys, *secrets));
            (name.clone(), w, h, *keys)
        })
        .collect();
    let (mut w, h) = grid(
        &mut actors,
        &vaults,
        Kind::Vault,
        shape.vault_cols,
        (x, top),
    );
    let rsvs: Vec<_> = r
        .rsvs
        .iter()
        .map(|(n, [items, ..])| (n.clone(), RSV_W, rsv_height(*items), 0))
        .collect();
    let mut below = if h > 0.0 { top + h + GAP_Y } else { top };
    bottom = bottom.max(top + h);
    if shape.des_under_vaults || shape.rsv_under_vaults {
        // Sets, then Recovery Services vaults, in rows under the vaults, as many a row as the
        // vaults' width holds.
        let room = |vaults_w: f64, item_w: f64| {
            (((vaults_w + GAP_X) / (item_w + GAP_X)).floor() as usize).max(1)
        };
        let (rsvs_under, disks_under): (&[Item], &[Item]) = if shape.rsv_under_vaults {
            (&rsvs, &right_disks)
        } else {
            (&[], &[])
        };
        for (items, kind) in [
            (under_vaults.as_slice(), Kind::Des),
            (rsvs_under, Kind::RecoveryVault),
            (disks_under, Kind::Disk),
        ] {
            let Some(first) = items.first() else {
                continue;
            };
            let (w2, h2) = grid(&mut actors, items, kind, room(w, first.1), (x, below));
            w = w.max(w2);
            bottom = bottom.max(below + h2);
            below += h2 + GAP_Y;
        }
    }
    if w > 0.0 {
        x += w + GAP_X;
    }
    if !shape.rsv_under_vaults {
        let (w1, h1) = grid(&mut actors, &rsvs, Kind::RecoveryVault, 1, (x, top));
        let below = if h1 > 0.0 { top + h1 + GAP_Y } else { top };
        let (w2, h2) = grid(&mut actors, &right_disks, Kind::Disk, 1, (x, below));
        let w = w1.max(w2);
        if w > 0.0 {
            bottom = bottom.max(top + h1).max(below + h2);
            x += w + GAP_X;
        }
    }
    let w = (x - GAP_X + BAND_PAD).max(2.0 * BAND_PAD + VAULT_W);
    let h = bottom + BAND_PAD;
    Block {
        w,
        h,
        actors,
        bands: vec![Band {
            label,
            short,
            geography: false,
            x: 0.0,
            y: 0.0,
            w,
            h,
        }],
    }
}

/// Lays `blocks` out in rows of `per_row`, each row as tall as its tallest block.
fn rows_of(mut blocks: Vec<Block>, per_row: usize, gap: f64) -> Block {
    let mut out = Block {
        w: 0.0,
        h: 0.0,
        actors: Vec::new(),
        bands: Vec::new(),
    };
    let mut y = 0.0;
    let per_row = per_row.max(1);
    while !blocks.is_empty() {
        let rest = blocks.split_off(per_row.min(blocks.len()));
        let row_h = blocks.iter().map(|b| b.h).fold(0.0, f64::max);
        let mut x = 0.0;
        for mut b in blocks {
            // A block's own area comes first; those of one row share a height, so the row
            // reads as one strip.
            if let Some(band) = b.bands.first_mut() {
                band.h = band.h.max(row_h);
            }
            b.shift(x, y);
            x += b.w + gap;
            out.actors.extend(b.actors);
            out.bands.extend(b.bands);
        }
        out.w = out.w.max(x - gap);
        y += row_h + gap;
        blocks = rest;
    }
    out.h = (y - gap).max(0.0);
    out
}

/// The stage for what `world` shows now (free play: the stage grows with the world).
pub fn layout(world: &World) -> Layout {
    arrange(&Cast::of(world))
}

/// The stage for `cast`: of every arrangement tried, the one drawn largest on a wide stage.
pub fn arrange(cast: &Cast) -> Layout {
    if !cast.planned {
        return arrange_growing(cast);
    }
    let regions = &cast.regions;
    // Keys sort by geography first, so equal geographies are neighbours.
    let mut geographies: Vec<&str> = regions.iter().map(|((g, _), _)| g.as_str()).collect();
    geographies.dedup();
    let geographies = geographies.len();
    let most_vms = regions.iter().map(|(_, r)| r.vms.len()).max().unwrap_or(0);
    let most_vaults = regions
        .iter()
        .map(|(_, r)| r.vaults.len())
        .max()
        .unwrap_or(0);
    let units = if geographies > 1 {
        geographies
    } else {
        regions.len()
    };
    let mut best: Option<(f64, Layout)> = None;
    // Disks at the right are tried only when there are disks: without, the shapes are the same.
    let has_disks = regions.iter().any(|(_, r)| !r.disks.is_empty());
    let disk_places: &[bool] = if has_disks { &[false, true] } else { &[false] };
    for (des_under_vaults, rsv_under_vaults, &disks_right) in
        [(false, false), (true, false), (false, true), (true, true)]
            .into_iter()
            .flat_map(|(d, r)| disk_places.iter().map(move |k| (d, r, k)))
    {
        for vm_rows in 1..=most_vms.max(1) {
            for vault_cols in 1..=most_vaults.clamp(1, 3) {
                for per_row in 1..=units.max(1) {
                    let shape = Shape {
                        vm_rows,
                        vault_cols,
                        per_row,
                        wide_vaults: false,
                        des_under_vaults,
                        rsv_under_vaults,
                        disks_right,
                    };
                    let l = arrange_as(regions, &cast.top, geographies > 1, shape, cast.planned);
                    // The scale the stage draws at is limited by the wider of the two ratios.
                    let mut cost =
                        (l.width + 2.0 * MARGIN).max((l.height + 2.0 * MARGIN) * STAGE_ASPECT);
                    // Areas stacked under others are a last resort: calls from the top row
                    // cannot reach the lower ones without crossing the upper.
                    if per_row < units {
                        cost *= 1.1;
                    }
                    // These shapes read less plainly (sets away from their VMs, backups away
                    // from the vaults' right), so they must draw clearly larger to be chosen.
                    if des_under_vaults || rsv_under_vaults {
                        cost *= 1.04;
                    }
                    if best.as_ref().is_none_or(|(c, _)| cost < *c - 0.5) {
                        best = Some((cost, l));
                    }
                }
            }
        }
    }
    let mut out = best.map(|(_, l)| l).unwrap_or_default();
    out.show_subscriptions = cast.subscriptions > 1;
    out
}

/// The stage for a cast that grows as it is played (free play): one shape whatever it holds,
/// so an actor keeps its place when others are added. Each region is a column of VMs (a new VM
/// goes under the others), a column of vaults and one of Recovery Services vaults; geographies
/// are always framed (a second one does not reframe the first) and regions and geographies
/// stand in the order they were first seen, a new one to the right. The top row keeps room for
/// four callers from the start.
fn arrange_growing(cast: &Cast) -> Layout {
    let mut regions: Vec<((String, String), Region)> = Vec::with_capacity(cast.regions.len());
    let mut geos: Vec<&str> = Vec::new();
    for (g, _) in &cast.seen {
        if !geos.contains(&g.as_str()) {
            geos.push(g);
        }
    }
    for (geo, _) in &cast.regions {
        if !geos.contains(&geo.0.as_str()) {
            geos.push(&geo.0);
        }
    }
    for g in &geos {
        let order = cast.seen.iter().filter(|(sg, _)| sg == g).chain(
            cast.regions
                .iter()
                .map(|(k, _)| k)
                .filter(|(sg, _)| sg == g),
        );
        for key in order {
            if regions.iter().any(|(k, _)| k == key) {
                continue;
            }
            if let Some((_, r)) = cast.regions.iter().find(|(k, _)| k == key) {
                regions.push((key.clone(), r.clone()));
            }
        }
    }
    let shape = Shape {
        vm_rows: GROWING_ROWS,
        vault_cols: 1,
        per_row: geos.len().max(1),
        wide_vaults: true,
        des_under_vaults: false,
        rsv_under_vaults: false,
        disks_right: false,
    };
    let mut out = arrange_as(&regions, &cast.top, true, shape, false);
    out.width = out.width.max(4.0 * (PRINCIPAL_W + GAP_X) - GAP_X);
    out.show_subscriptions = cast.subscriptions > 1;
    out
}

/// The whole stage for one shape.
fn arrange_as(
    regions: &[((String, String), Region)],
    top: &[(String, Kind)],
    frame_geographies: bool,
    shape: Shape,
    spread: bool,
) -> Layout {
    // Regions come sorted by geography, so each geography's blocks are a run.
    let mut by_geo: Vec<(&str, Vec<Block>)> = Vec::new();
    for ((geo, loc), r) in regions {
        // Inside a geography's area the region need not name it again.
        let label = if frame_geographies {
            format!("{loc} region")
        } else {
            format!("{loc} region · {geo}")
        };
        let block = region_block(label, loc.clone(), r, shape);
        match by_geo.last_mut() {
            Some((g, blocks)) if g == geo => blocks.push(block),
            _ => by_geo.push((geo, vec![block])),
        }
    }
    let below = if frame_geographies {
        // Each geography: its regions in a row, inside a labelled area.
        let geos: Vec<Block> = by_geo
            .into_iter()
            .map(|(geo, blocks)| {
                let n = blocks.len();
                let mut inner = rows_of(blocks, n, GAP_X);
                inner.shift(BAND_PAD, BAND_LABEL + BAND_PAD / 2.0);
                let w = inner.w + 2.0 * BAND_PAD;
                let h = inner.h + BAND_LABEL + BAND_PAD * 1.5;
                let mut bands = vec![Band {
                    label: format!("{geo} geography"),
                    short: geo.to_owned(),
                    geography: true,
                    x: 0.0,
                    y: 0.0,
                    w,
                    h,
                }];
                bands.extend(inner.bands);
                Block {
                    w,
                    h,
                    actors: inner.actors,
                    bands,
                }
            })
            .collect();
        rows_of(geos, shape.per_row, GAP_X)
    } else {
        rows_of(
            by_geo.into_iter().flat_map(|(_, blocks)| blocks).collect(),
            shape.per_row,
            GAP_X,
        )
    };

    // The top row spreads across the width below it, wrapping when it has too many boxes.
    let natural = top.len() as f64 * (PRINCIPAL_W + GAP_X) - GAP_X;
    let width = below
        .w
        .max(natural.min(4.0 * (PRINCIPAL_W + GAP_X) - GAP_X))
        .max(PRINCIPAL_W);
    let per_line = (((width + GAP_X) / (PRINCIPAL_W + GAP_X)).floor() as usize).max(1);
    let mut actors = Vec::new();
    let mut y = 0.0;
    for line in top.chunks(per_line) {
        let n = line.len() as f64;
        // Space between boxes: spread over the width, so platform services stand over the
        // columns they serve instead of bunching at the left.
        let gap = if n > 1.0 && spread {
            (width - n * PRINCIPAL_W) / (n - 1.0)
        } else {
            GAP_X
        };
        for (i, (name, kind)) in line.iter().enumerate() {
            actors.push(Placed {
                name: name.clone(),
                kind: *kind,
                x: i as f64 * (PRINCIPAL_W + gap),
                y,
                w: PRINCIPAL_W,
                h: PRINCIPAL_H,
                key_rows: 0,
            });
        }
        y += PRINCIPAL_H + GAP_Y;
    }
    let below_top = if top.is_empty() {
        0.0
    } else {
        y - GAP_Y + CORRIDOR
    };
    // Centre the regions under a wider top row.
    let mut below = below;
    below.shift(
        if spread { (width - below.w) / 2.0 } else { 0.0 },
        below_top,
    );
    actors.extend(below.actors);
    Layout {
        actors,
        bands: below.bands,
        width,
        height: if below.h > 0.0 {
            below_top + below.h
        } else {
            (y - GAP_Y).max(PRINCIPAL_H)
        },
        show_subscriptions: false,
    }
}

/// Where a drawn relationship meets a box: the box and the height (stage units, absolute) on its
/// side.
#[derive(Debug, Clone, Copy)]
pub struct Anchor<'a> {
    pub at: &'a Placed,
    pub y: f64,
}

/// The path of a relationship from `a` to `b` (see `view::ties_of`): out of the sides the two
/// boxes face each other with, vertically along the gap beside `b`, into `b`. Two rows of one
/// box are joined by a bracket out of its right side. Drawn under the actors, so only what runs
/// between boxes shows.
pub fn tie_path(a: Anchor<'_>, b: Anchor<'_>) -> String {
    let (pa, pb) = (a.at, b.at);
    let half = GAP_X / 2.0;
    let (sx, mx, ex) = if pa.name == pb.name {
        let x = pa.x + pa.w;
        (x, x + half + 2.0, x)
    } else if pb.x >= pa.x + pa.w {
        (pa.x + pa.w, pb.x - half, pb.x)
    } else if pb.x + pb.w <= pa.x {
        (pa.x, pb.x + pb.w + half, pb.x + pb.w)
    } else {
        // One above the other: along their left sides.
        let x = pa.x.min(pb.x) - half;
        (pa.x, x, pb.x)
    };
    format!(
        "M{} {}H{}V{}H{}",
        num(sx),
        num(a.y),
        num(mx),
        num(b.y),
        num(ex)
    )
}

/// An axis-aligned rectangle in stage units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn new(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect { x, y, w, h }
    }
    pub fn grow(self, by: f64) -> Rect {
        Rect::new(
            self.x - by,
            self.y - by,
            self.w + 2.0 * by,
            self.h + 2.0 * by,
        )
    }
    pub fn contains(&self, (px, py): (f64, f64)) -> bool {
        px > self.x && px < self.x + self.w && py > self.y && py < self.y + self.h
    }
    fn overlap(&self, o: &Rect) -> f64 {
        let w = (self.x + self.w).min(o.x + o.w) - self.x.max(o.x);
        let h = (self.y + self.h).min(o.y + o.h) - self.y.max(o.y);
        w.max(0.0) * h.max(0.0)
    }
    /// Moved the least distance needed to lie inside `outer`.
    fn clamp_into(self, outer: &Rect) -> Rect {
        let x = self.x.min(outer.x + outer.w - self.w).max(outer.x);
        let y = self.y.min(outer.y + outer.h - self.h).max(outer.y);
        Rect::new(x, y, self.w, self.h)
    }
}

/// The path a call takes on stage, and where its label sits.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    /// SVG path data from the caller's edge to the callee's.
    pub d: String,
    pub start: (f64, f64),
    pub end: (f64, f64),
    /// The label's box, on or beside the path, clear of boxes where that is possible.
    pub label: Rect,
    /// Sampled points of the path, for tests.
    pub points: Vec<(f64, f64)>,
}

/// Points where a line between two boxes leaves and enters them: on facing edges, straight across
/// where the boxes overlap in x or y, so calls between neighbours are short and level.
fn anchors(a: &Placed, b: &Placed) -> ((f64, f64), (f64, f64)) {
    let (ar, br) = (a.rect(), b.rect());
    let x_lo = ar.x.max(br.x);
    let x_hi = (ar.x + ar.w).min(br.x + br.w);
    let y_lo = ar.y.max(br.y);
    let y_hi = (ar.y + ar.h).min(br.y + br.h);
    if x_hi - x_lo > 40.0 && (ar.y + ar.h <= br.y || br.y + br.h <= ar.y) {
        let x = (x_lo + x_hi) / 2.0;
        return if ar.y < br.y {
            ((x, ar.y + ar.h), (x, br.y))
        } else {
            ((x, ar.y), (x, br.y + br.h))
        };
    }
    if y_hi - y_lo > 40.0 && (ar.x + ar.w <= br.x || br.x + br.w <= ar.x) {
        let y = (y_lo + y_hi) / 2.0;
        return if ar.x < br.x {
            ((ar.x + ar.w, y), (br.x, y))
        } else {
            ((ar.x, y), (br.x + br.w, y))
        };
    }
    let dx = b.cx() - a.cx();
    let dy = b.cy() - a.cy();
    let edge = |p: &Placed, sx: f64, sy: f64| {
        if sx.abs() * p.h > sy.abs() * p.w {
            (p.cx() + p.w / 2.0 * sx.signum(), p.cy())
        } else {
            (p.cx(), p.cy() + p.h / 2.0 * sy.signum())
        }
    };
    (edge(a, dx, dy), edge(b, -dx, -dy))
}

fn quad(a: (f64, f64), c: (f64, f64), b: (f64, f64), t: f64) -> (f64, f64) {
    let u = 1.0 - t;
    (
        u * u * a.0 + 2.0 * u * t * c.0 + t * t * b.0,
        u * u * a.1 + 2.0 * u * t * c.1 + t * t * b.1,
    )
}

const SAMPLES: usize = 64;

/// A point in stage units.
type Pt = (f64, f64);

impl Layout {
    /// The route of a call from `from` to `to` with a label of `label_w` x `label_h`.
    ///
    /// A straight line when it crosses no other box, else the least bent curve that avoids
    /// them; the label goes where it covers the least of any box (box headers, where names and
    /// verdict badges are, count three times), and always inside the viewBox.
    pub fn route(&self, from: &Placed, to: &Placed, label_w: f64, label_h: f64) -> Route {
        let bounds = self.bounds();
        if from.name == to.name {
            // A call within one actor (extension -> its VM): a loop over the box's top edge,
            // or under its bottom edge for an actor in the top row, where the loop and its
            // label would leave the picture or cover the actor's name.
            let up = from.y - 100.0 >= bounds.y;
            let (y, dir) = if up {
                (from.y, -1.0)
            } else {
                (from.y + from.h, 1.0)
            };
            let x = from.cx();
            let bulge = num(dir * 70.0);
            let d = format!(
                "M{} {} c -40 {bulge} 120 {bulge} 80 0",
                num(x - 40.0),
                num(y)
            );
            let points = (0..=SAMPLES)
                .map(|i| {
                    let t = i as f64 / SAMPLES as f64;
                    quad((x - 40.0, y), (x, y + dir * 100.0), (x + 40.0, y), t)
                })
                .collect();
            let (cy, beside) = (from.cy(), 16.0 + label_w / 2.0);
            let label = self.place_label(
                &[
                    (x, y + dir * (52.0 + label_h / 2.0)),
                    (x, y + dir * 52.0),
                    (from.x + from.w + beside, cy),
                    (from.x - beside, cy),
                ],
                label_w,
                label_h,
                &bounds,
            );
            return Route {
                d,
                start: (x - 40.0, y),
                end: (x + 40.0, y),
                label,
                points,
            };
        }
        let others: Vec<Rect> = self
            .actors
            .iter()
            .filter(|p| p.name != from.name && p.name != to.name)
            .map(|p| p.rect().grow(8.0))
            .collect();
        let ends = [from.rect().grow(-3.0), to.rect().grow(-3.0)];
        // Facing edges first; over the tops (or under the bottoms) when boxes stand between,
        // e.g. from the first VM of a grid row to the vault at its end.
        let top = |p: &Placed| (p.cx(), p.y);
        let bottom = |p: &Placed| (p.cx(), p.y + p.h);
        let down = |a: &Placed, b: &Placed| {
            if a.y + a.h <= b.y {
                (bottom(a), top(b))
            } else {
                (top(a), bottom(b))
            }
        };
        let pairs = [
            (anchors(from, to), 0.0),
            // Straight down from the top row into the corridor and on to the callee's top.
            (down(from, to), 60.0),
            ((top(from), top(to)), 150.0),
            ((bottom(from), bottom(to)), 250.0),
        ];
        let mut best: Option<(f64, Pt, Pt, Pt, Vec<Pt>)> = None;
        for ((a, b), penalty) in pairs {
            let (dx, dy) = (b.0 - a.0, b.1 - a.1);
            // Not `hypot`: libm's careful version is code the wasm would carry for lengths
            // that are never near overflow.
            let len = (dx * dx + dy * dy).sqrt().max(1.0);
            // Positive bends go up for a call to the right: above boxes, where the corridor is.
            let perp = (dy / len, -dx / len);
            let mid = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
            for bend in [
                0.0, 0.15, -0.15, 0.3, -0.3, 0.45, -0.45, 0.6, -0.6, 0.8, -0.8, 1.0, -1.0,
            ] {
                // A quadratic's peak is half its control point's offset.
                let c = (mid.0 + perp.0 * bend * len, mid.1 + perp.1 * bend * len);
                let points: Vec<Pt> = (0..=SAMPLES)
                    .map(|i| quad(a, c, b, i as f64 / SAMPLES as f64))
                    .collect();
                let mut hits = 0;
                for (i, p) in points.iter().enumerate() {
                    let inner = i > 2 && i < SAMPLES - 2;
                    if others.iter().any(|r| r.contains(*p))
                        || (inner && ends.iter().any(|r| r.contains(*p)))
                        || !bounds.contains(*p)
                    {
                        hits += 1;
                    }
                }
                let cost = hits as f64 * 1000.0 + bend.abs() * 100.0 + penalty;
                if best.as_ref().is_none_or(|(c0, ..)| cost < *c0) {
                    best = Some((cost, a, c, b, points));
                }
            }
        }
        // The loops always run (three pairs, bend 0 first), so there is a best.
        let Some((_, a, c, b, points)) = best else {
            return Route {
                d: String::new(),
                start: (from.cx(), from.cy()),
                end: (to.cx(), to.cy()),
                label: Rect::new(bounds.x, bounds.y, label_w, label_h),
                points: Vec::new(),
            };
        };
        let mid = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len = (dx * dx + dy * dy).sqrt().max(1.0);
        let perp = (dy / len, -dx / len);
        let d = if c == mid {
            format!("M{} {} L{} {}", num(a.0), num(a.1), num(b.0), num(b.1))
        } else {
            format!(
                "M{} {} Q{} {} {} {}",
                num(a.0),
                num(a.1),
                num(c.0),
                num(c.1),
                num(b.0),
                num(b.1)
            )
        };
        let mut spots = Vec::new();
        for t in [0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74] {
            let p = quad(a, c, b, t);
            spots.push(p);
            let off = label_h / 2.0 + 8.0;
            spots.push((p.0 + perp.0 * off, p.1 + perp.1 * off));
            spots.push((p.0 - perp.0 * off, p.1 - perp.1 * off));
        }
        let label = self.place_label(&spots, label_w, label_h, &bounds);
        Route {
            d,
            start: a,
            end: b,
            label,
            points,
        }
    }

    /// The first of `spots` (label centres, best first) where the label covers the least.
    fn place_label(&self, spots: &[(f64, f64)], w: f64, h: f64, bounds: &Rect) -> Rect {
        let mut best: Option<(f64, Rect)> = None;
        for (i, (cx, cy)) in spots.iter().enumerate() {
            let r = Rect::new(cx - w / 2.0, cy - h / 2.0, w, h).clamp_into(bounds);
            let mut cost = i as f64 * 40.0;
            for a in &self.actors {
                let body = a.rect();
                let header = Rect::new(a.x, a.y, a.w, 90.0_f64.min(a.h));
                cost += r.overlap(&body) + 2.0 * r.overlap(&header);
            }
            // A region's or geography's title reads like an actor's name: keep it uncovered too.
            for b in &self.bands {
                cost += 2.0 * r.overlap(&b.title_rect());
            }
            if best.as_ref().is_none_or(|(c, _)| cost < *c) {
                best = Some((cost, r));
            }
        }
        best.map_or(Rect::new(bounds.x, bounds.y, w, h), |(_, r)| r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_labels_stay_off_region_titles() {
        let lay = Layout {
            bands: vec![Band {
                label: "westeurope region · Europe".to_owned(),
                short: "westeurope".to_owned(),
                geography: false,
                x: 0.0,
                y: 0.0,
                w: 900.0,
                h: 500.0,
            }],
            width: 900.0,
            height: 500.0,
            ..Layout::default()
        };
        let bounds = Rect::new(0.0, 0.0, 900.0, 500.0);
        // The first spot, normally preferred, would sit on the title; the second is clear.
        let spots = [(160.0, 24.0), (160.0, 260.0)];
        let r = lay.place_label(&spots, 240.0, 60.0, &bounds);
        assert_eq!(r.overlap(&lay.bands[0].title_rect()), 0.0, "{r:?}");
        assert_eq!((r.x, r.y), (40.0, 230.0));
    }

    #[test]
    fn a_call_within_a_top_row_actor_is_labelled_clear_of_it() {
        // platform-ade unlocking a disk itself: over its box the loop would leave the picture
        // and the label be pushed back onto its name; both go under the box, in the gap above
        // the region.
        let actor = |name: &str, x: f64, y: f64, w: f64, h: f64| Placed {
            name: name.to_owned(),
            kind: Kind::Platform,
            x,
            y,
            w,
            h,
            key_rows: 0,
        };
        let platform = actor("platform-ade", 356.0, 0.0, 264.0, 62.0);
        let lay = Layout {
            actors: vec![
                actor("admin", 0.0, 0.0, 264.0, 62.0),
                platform.clone(),
                actor("vm1", 12.0, 166.0, 340.0, 168.0),
            ],
            width: 900.0,
            height: 500.0,
            ..Layout::default()
        };
        let route = lay.route(&platform, &platform, 260.0, 58.0);
        let label = route.label;
        for a in &lay.actors {
            assert_eq!(label.overlap(&a.rect()), 0.0, "{label:?} covers {}", a.name);
        }
        // The loop itself stays in the picture: under the box, not over the top edge.
        let top = lay.bounds().y;
        assert!(
            route.points.iter().all(|p| p.1 >= top),
            "{:?}",
            route.points
        );
    }

    #[test]
    fn num_prints_tenths_without_float_formatting() {
        assert_eq!(num(0.0), "0");
        assert_eq!(num(390.0), "390");
        assert_eq!(num(12.25), "12.3");
        assert_eq!(num(-0.44), "-0.4");
        assert_eq!(num(-28.0), "-28");
        assert_eq!(num(1.96), "2");
        assert_eq!(translate(16.0, 118.5), "translate(16 118.5)");
    }
}
