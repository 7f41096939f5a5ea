//! Where each actor stands on the stage. Pure: a function of the world, no Yew, so it is tested
//! without a browser and the stage component only draws what it is given.
//!
//! Columns read left to right the way keys travel: principals | VMs and Disk Encryption Sets |
//! key vaults | Recovery Services vaults. A top row holds the platform services. Regions are
//! horizontal bands, so a VM and the vault it must share a region with (R5) sit side by side;
//! empty columns collapse so a small world is drawn large.

use std::collections::BTreeMap;

use keyfall_core::{
    AZURE_BACKUP, PLATFORM_ADE, PLATFORM_ARM, PLATFORM_COMPUTE, PrincipalKind, World, geography,
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
}

impl Placed {
    pub fn cx(&self) -> f64 {
        self.x + self.w / 2.0
    }
    pub fn cy(&self) -> f64 {
        self.y + self.h / 2.0
    }
}

/// A region drawn behind its actors.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub label: String,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    pub actors: Vec<Placed>,
    pub bands: Vec<Band>,
    pub width: f64,
    pub height: f64,
    /// More than one subscription: boxes name theirs.
    pub show_subscriptions: bool,
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
}

pub const PRINCIPAL_W: f64 = 230.0;
pub const PRINCIPAL_H: f64 = 66.0;
pub const VM_W: f64 = 300.0;
pub const VM_H: f64 = 196.0;
pub const VAULT_W: f64 = 390.0;
pub const RSV_W: f64 = 270.0;
pub const DES_W: f64 = 300.0;
pub const DES_H: f64 = 110.0;
/// One shelf row (a key or a secret with its version chips).
pub const SHELF_ROW: f64 = 40.0;
const GAP_X: f64 = 56.0;
const GAP_Y: f64 = 26.0;
const BAND_PAD: f64 = 22.0;
const BAND_LABEL: f64 = 34.0;

/// Height of a vault's box for `keys` and `secrets` rows.
pub fn vault_height(keys: usize, secrets: usize) -> f64 {
    // Header, HSM line, two shelf titles, at least one row each ("none").
    132.0 + 2.0 * 34.0 + SHELF_ROW * (keys.max(1) + secrets.max(1)) as f64
}

/// Height of a Recovery Services vault's box for `items` protected items.
pub fn rsv_height(items: usize) -> f64 {
    96.0 + 46.0 * items.max(1) as f64
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

/// Named in an access policy, a role assignment or the audit log.
fn mentioned(world: &World, name: &str) -> bool {
    world.vaults().any(|v| {
        v.policies.iter().any(|p| p.principal == name)
            || v.role_assignments.iter().any(|(p, _)| p == name)
    }) || world.audit().iter().any(|a| a.caller == name)
}

pub fn layout(world: &World) -> Layout {
    let mut out = Layout {
        show_subscriptions: world.subscriptions().count() > 1,
        ..Layout::default()
    };

    // Which columns have anything in them.
    let has_vaults = world.vaults().next().is_some();
    let has_rsvs = world.recovery_vaults().next().is_some();
    let platforms: Vec<&str> = [PLATFORM_ADE, PLATFORM_COMPUTE, PLATFORM_ARM, AZURE_BACKUP]
        .into_iter()
        .filter(|p| platform_shown(world, p))
        .collect();

    let mut x = 0.0;
    let col1 = x;
    x += PRINCIPAL_W + GAP_X;
    let col2 = x;
    // The VM column stays even when empty: platform-ade stands at its top.
    x += VM_W + GAP_X;
    let col3 = x;
    if has_vaults
        || platforms
            .iter()
            .any(|p| *p == PLATFORM_COMPUTE || *p == PLATFORM_ARM)
    {
        x += VAULT_W + GAP_X;
    }
    let col4 = x;
    if has_rsvs || platforms.contains(&AZURE_BACKUP) {
        x += RSV_W + GAP_X;
    }
    out.width = x - GAP_X;

    // Column 1: people and apps, then managed identities.
    let mut y = 0.0;
    let mut principals: Vec<_> = world
        .principals()
        .filter(|p| p.kind != PrincipalKind::Platform)
        .collect();
    principals.sort_by_key(|p| (p.kind, p.name.clone()));
    for p in principals {
        let kind = match p.kind {
            PrincipalKind::User => Kind::User,
            PrincipalKind::ServicePrincipal => Kind::ServicePrincipal,
            _ => Kind::ManagedIdentity,
        };
        if kind == Kind::ManagedIdentity && !mentioned(world, &p.name) {
            // A DES's identity is drawn on the DES until it calls or is granted something.
            continue;
        }
        out.actors.push(Placed {
            name: p.name.clone(),
            kind,
            x: col1,
            y,
            w: PRINCIPAL_W,
            h: PRINCIPAL_H,
        });
        y += PRINCIPAL_H + GAP_Y;
    }
    let col1_bottom = y;

    // Top row: platform services above the columns they serve.
    let mut compute_x = col3;
    for p in &platforms {
        let (px, w) = match *p {
            n if n == PLATFORM_ADE => (col2, VM_W),
            n if n == AZURE_BACKUP => (col4, RSV_W),
            _ => {
                let at = compute_x;
                compute_x += (VAULT_W - 20.0) / 2.0 + 20.0;
                (at, (VAULT_W - 20.0) / 2.0)
            }
        };
        out.actors.push(Placed {
            name: (*p).to_owned(),
            kind: Kind::Platform,
            x: px,
            y: 0.0,
            w,
            h: PRINCIPAL_H,
        });
    }
    let top = PRINCIPAL_H + GAP_Y * 1.5;

    // Regions, grouped by geography so Europe's regions sit together.
    let mut regions: BTreeMap<(String, String), Vec<Placed>> = BTreeMap::new();
    fn region<'a>(
        regions: &'a mut BTreeMap<(String, String), Vec<Placed>>,
        loc: &str,
    ) -> &'a mut Vec<Placed> {
        let geo = geography(loc).unwrap_or("Other").to_owned();
        regions.entry((geo, loc.to_owned())).or_default()
    }
    for vm in world.vms() {
        region(&mut regions, &vm.location).push(Placed {
            name: vm.name.clone(),
            kind: Kind::Vm,
            x: col2,
            y: 0.0,
            w: VM_W,
            h: VM_H,
        });
    }
    for d in world.disk_encryption_sets() {
        region(&mut regions, &d.location).push(Placed {
            name: d.name.clone(),
            kind: Kind::Des,
            x: col2,
            y: 0.0,
            w: DES_W,
            h: DES_H,
        });
    }
    for v in world.vaults() {
        region(&mut regions, &v.location).push(Placed {
            name: v.name.clone(),
            kind: Kind::Vault,
            x: col3,
            y: 0.0,
            w: VAULT_W,
            h: vault_height(v.keys.len(), v.secrets.len()),
        });
    }
    for r in world.recovery_vaults() {
        region(&mut regions, &r.location).push(Placed {
            name: r.name.clone(),
            kind: Kind::RecoveryVault,
            x: col4,
            y: 0.0,
            w: RSV_W,
            h: rsv_height(r.items.len()),
        });
    }

    let mut y = top;
    let band_x = col2 - BAND_PAD;
    let band_w = out.width - col2 + 2.0 * BAND_PAD;
    for ((geo, loc), mut actors) in regions {
        let band_top = y;
        let inner = band_top + BAND_LABEL + BAND_PAD / 2.0;
        // Stack each column from the band's top.
        let mut bottoms: BTreeMap<i64, f64> = BTreeMap::new();
        for a in &mut actors {
            let col = a.x as i64;
            let at = *bottoms.get(&col).unwrap_or(&inner);
            a.y = at;
            bottoms.insert(col, at + a.h + GAP_Y);
        }
        let bottom = bottoms.values().copied().fold(inner, f64::max) - GAP_Y + BAND_PAD;
        out.bands.push(Band {
            label: format!("{loc} · {geo}"),
            x: band_x,
            y: band_top,
            w: band_w,
            h: bottom - band_top,
        });
        out.actors.extend(actors);
        y = bottom + GAP_Y;
    }
    out.height = (y - GAP_Y).max(col1_bottom - GAP_Y).max(PRINCIPAL_H);
    out
}
