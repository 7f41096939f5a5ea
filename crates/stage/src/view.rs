//! The stage's view model: the calls of a step labelled for the stage, and what depends on what
//! (a VM's disk to its BEK secret to the KEK version that wrapped it, a Disk Encryption Set to its
//! key version), read from the world. Shared by the app's panels and the drawing.

use keyfall_core::{CallResult, Event, ObjectKind, Record, Vault, Vm, VolumeType, World};

use crate::layout::{Anchor, Kind, Layout, shelf_row_y, tie_path};

/// One call of the current step, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct CallView {
    pub caller: String,
    pub callee: String,
    pub operation: String,
    /// `kek/@2`, `vm1-os`, `f6d57ac4…/@1`.
    pub target: String,
    pub allowed: bool,
    pub status: u16,
    /// Azure's code for a failure (`Forbidden` for a denial).
    pub code: Option<String>,
    /// What the caller lacked, for a denial.
    pub missing: Option<String>,
    /// Which command of the step caused it (index into the step's records).
    pub command: usize,
}

/// The calls of `records`, labelled for the stage. Versions are shown as `@N`, their place in the
/// object's version order, when the world still knows the object; else as 8 hex characters.
pub fn calls_of(records: &[Record], world: &World) -> Vec<CallView> {
    let mut out = Vec::new();
    for (i, r) in records.iter().enumerate() {
        for e in &r.events {
            let Event::Call(c) = e else {
                continue;
            };
            out.push(CallView {
                caller: c.caller.clone(),
                callee: c.callee.clone(),
                operation: c.operation.clone(),
                target: target_label(world, &c.callee, &c.object, c.version.as_deref()),
                allowed: c.result == CallResult::Allow,
                status: c.status,
                code: c.result.code().map(|code| code.label()),
                missing: c.result.denied().map(|d| d.missing.to_string()),
                command: i,
            });
        }
    }
    out
}

/// `kek/@2` when the version's place is known, `kek/1a2b3c4d` otherwise; long generated names
/// (ADE's GUID secret names) are cut to 8 characters.
pub fn target_label(world: &World, vault: &str, object: &str, version: Option<&str>) -> String {
    // A BEK secret by its VM's name, as the shelf shows it; the GUID is in the inspector.
    let name = match bek_of(world, vault, object) {
        Some(b) => format!("BEK·{}", b.vm),
        None => short(object),
    };
    let Some(v) = version else {
        return name;
    };
    let place = world.vault(vault).and_then(|vault| {
        let keys = vault
            .keys
            .get(object)
            .and_then(|k| k.versions.iter().position(|kv| kv.id == v));
        let secrets = || {
            vault
                .secrets
                .get(object)
                .and_then(|s| s.versions.iter().position(|sv| sv.id == v))
        };
        keys.or_else(secrets)
    });
    match place {
        Some(p) => format!("{name}/@{}", p + 1),
        None => format!("{name}/{}", v.chars().take(8).collect::<String>()),
    }
}

/// A name short enough for a label: GUID-like names keep their first 8 characters.
pub fn short(name: &str) -> String {
    if name.chars().count() > 20 {
        let head: String = name.chars().take(8).collect();
        format!("{head}…")
    } else {
        name.to_owned()
    }
}

/// A BEK secret as the vault's shelf draws it: the VM it belongs to (its `MachineName` tag, R3)
/// and the KEK version that sealed it (its `DiskEncryptionKeyEncryptionKeyURL` tag), read from
/// the secret's newest version.
#[derive(Debug, Clone, PartialEq)]
pub struct BekView {
    pub vm: String,
    /// `kek@1`: the KEK and the place of the version that wrapped it; `None` for a BEK stored
    /// unwrapped.
    pub stamp: Option<String>,
    /// The KEK version can no longer unwrap it (deleted, disabled, expired, purged, or its
    /// vault gone): the envelope gets a red padlock.
    pub sealed_for_good: bool,
}

/// Vault `name`, unless it is deleted: a deleted vault's keys and secrets cannot be used.
fn live_vault<'a>(world: &'a World, name: &str) -> Option<&'a Vault> {
    world.vault(name).filter(|v| v.deleted.is_none())
}

/// Whether the key version `version` of `vault/key` can be used now.
pub fn key_usable(world: &World, vault: &str, key: &str, version: &str) -> bool {
    let now = world.now();
    live_vault(world, vault)
        .and_then(|v| v.keys.get(key).filter(|k| k.deleted.is_none()))
        .and_then(|k| k.versions.iter().find(|kv| kv.id == version))
        .is_some_and(|kv| kv.attributes.enabled && kv.attributes.exp.is_none_or(|e| e > now))
}

/// Whether the secret version `version` of `vault/secret` can be read now.
pub fn secret_usable(world: &World, vault: &str, secret: &str, version: &str) -> bool {
    live_vault(world, vault)
        .and_then(|v| v.secrets.get(secret).filter(|s| s.deleted.is_none()))
        .and_then(|s| s.versions.iter().find(|sv| sv.id == version))
        .is_some_and(|sv| sv.attributes.enabled)
}

/// `kek@1` for a key version (its place among the key's versions), or `kek@1a2b3c4d` when the
/// world no longer knows the key.
pub fn key_stamp(world: &World, vault: &str, key: &str, version: &str) -> String {
    let place = world
        .vault(vault)
        .and_then(|v| v.keys.get(key))
        .and_then(|k| k.versions.iter().position(|kv| kv.id == version));
    match place {
        Some(p) => format!("{}@{}", short(key), p + 1),
        None => format!(
            "{}@{}",
            short(key),
            version.chars().take(8).collect::<String>()
        ),
    }
}

/// The BEK that `vault/secret` holds, if it is one: its newest version carries ADE's tags.
pub fn bek_of(world: &World, vault: &str, secret: &str) -> Option<BekView> {
    let latest = world.vault(vault)?.secrets.get(secret)?.versions.last()?;
    let vm = latest.tags.get("MachineName")?.clone();
    let kek = latest
        .tags
        .get("DiskEncryptionKeyEncryptionKeyURL")
        .and_then(|url| parse_key_url(url));
    Some(BekView {
        vm,
        stamp: kek.map(|(v, k, ver)| key_stamp(world, v, k, ver)),
        sealed_for_good: kek.is_some_and(|(v, k, ver)| !key_usable(world, v, k, ver)),
    })
}

/// `(vault, key, version)` of `https://kv.vault.azure.net/keys/kek/<version>`.
pub fn parse_key_url(url: &str) -> Option<(&str, &str, &str)> {
    let rest = url.strip_prefix("https://")?;
    let (vault, path) = rest.split_once(".vault.azure.net/keys/")?;
    let (key, version) = path.split_once('/')?;
    Some((vault, key, version.trim_end_matches('/')))
}

/// Where a disk's data is first encrypted on its way from the VM to storage: what the stage's
/// encryption lane marks. Learn's "Server-side encryption of Azure managed disks" sets them side
/// by side: Azure Disk Encryption encrypts inside the guest (BitLocker or DM-Crypt, its key in
/// Key Vault); encryption at host encrypts on the VM's host, so the data flows encrypted to
/// storage; server-side encryption encrypts in storage, at rest, with a platform-managed key or a
/// customer-managed key through a Disk Encryption Set. Every managed disk also has SSE at rest,
/// so the path after the site is encrypted all the way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Site {
    Guest,
    Host,
    Storage,
}

impl Site {
    /// The stations of a disk's data path, in the order the data passes them.
    pub const PATH: [Site; 3] = [Site::Guest, Site::Host, Site::Storage];

    /// The station's word on the lane.
    pub fn word(self) -> &'static str {
        match self {
            Site::Guest => "guest",
            Site::Host => "host",
            Site::Storage => "storage",
        }
    }
}

/// Where one disk of a VM is encrypted, and with which key.
#[derive(Debug, Clone, PartialEq)]
pub struct DiskEncryption {
    /// The disk's name (`vm1-os`, `vm1-data0`).
    pub disk: String,
    pub site: Site,
    /// The key as the lane shows it: the KEK version that wraps the BEK (`kek@2`, as the
    /// BEK's envelope stamps it), the Disk Encryption Set, or the platform's key.
    pub key: String,
    /// The whole story in words, for the tooltip.
    pub says: String,
}

/// Where each disk of `vm` is encrypted, its OS disk first, then its data disks by LUN.
pub fn disk_encryption(world: &World, vm: &Vm) -> Vec<DiskEncryption> {
    let at_host = vm.profile.encryption_at_host == Some(true);
    // SSE's key in storage: a customer-managed key through a DES, or the platform's.
    let sse_key = |des: Option<&str>| match des {
        Some(d) => (
            format!("DES {d}"),
            format!("a customer-managed key through {d}"),
        ),
        None => (
            "platform key".to_owned(),
            "a platform-managed key".to_owned(),
        ),
    };
    let one = |disk: &str, in_guest: bool, des: Option<&str>| {
        let (key, sse) = sse_key(des);
        match (&vm.ade, in_guest) {
            (Some(ade), true) => {
                let os = if vm.is_windows() {
                    "BitLocker"
                } else {
                    "DM-Crypt"
                };
                let (key, wrap) = match &ade.kek {
                    Some(k) => {
                        let stamp = key_stamp(world, &k.vault, &k.name, &k.version);
                        (stamp.clone(), format!(", wrapped by {stamp}"))
                    }
                    None => ("no KEK".to_owned(), String::new()),
                };
                DiskEncryption {
                    disk: disk.to_owned(),
                    site: Site::Guest,
                    key,
                    says: format!(
                        "{disk}: encrypted inside the guest by Azure Disk Encryption ({os}), its key a BEK secret in {}{wrap}; in storage, SSE with {sse} as well",
                        ade.vault
                    ),
                }
            }
            _ if at_host => DiskEncryption {
                disk: disk.to_owned(),
                site: Site::Host,
                key,
                says: format!(
                    "{disk}: encrypted at the host with {sse}, before the data reaches storage (encryption at host)"
                ),
            },
            _ => DiskEncryption {
                disk: disk.to_owned(),
                site: Site::Storage,
                key,
                says: format!(
                    "{disk}: encrypted in storage, at rest, with {sse} (server-side encryption); the guest and the host see it unencrypted"
                ),
            },
        }
    };
    let data_in_guest = vm
        .ade
        .as_ref()
        .is_some_and(|a| a.volume_type != VolumeType::Os);
    let os_des = vm.cmk.as_ref().map(|c| c.des.as_str());
    let mut out = vec![one(&vm.disk_name, true, os_des)];
    out.extend(
        vm.profile
            .data_disks
            .iter()
            .map(|d| one(&d.name, data_in_guest, d.des.as_deref())),
    );
    out
}

/// One end of a drawn relationship.
#[derive(Debug, Clone, PartialEq)]
pub enum End {
    /// An actor's box: a VM (its OS disk) or a Disk Encryption Set.
    Actor(String),
    /// A row on a vault's shelf.
    Row {
        vault: String,
        kind: ObjectKind,
        name: String,
    },
}

/// A relationship the stage keeps drawn: a disk to its BEK secret, a BEK to the KEK version
/// that wrapped it, a Disk Encryption Set to its key version.
#[derive(Debug, Clone, PartialEq)]
pub struct Tie {
    /// `bek`, `kek` or `cmk`.
    pub kind: &'static str,
    pub from: End,
    pub to: End,
    /// The far end can no longer serve it: the stage draws it red and dashed.
    pub broken: bool,
    /// What it is, in words, for the tooltip.
    pub title: String,
}

/// Every relationship of `world` the stage draws, from the VMs' ADE settings and the Disk
/// Encryption Sets, broken as soon as a delete or disable makes its far end unusable (before any
/// deallocate shows it).
pub fn ties_of(world: &World) -> Vec<Tie> {
    let mut out = Vec::new();
    for vm in world.vms() {
        let Some(ade) = &vm.ade else { continue };
        let bek_ok = secret_usable(world, &ade.vault, &ade.secret_name, &ade.secret_version);
        let bek_row = End::Row {
            vault: ade.vault.clone(),
            kind: ObjectKind::Secret,
            name: ade.secret_name.clone(),
        };
        out.push(Tie {
            kind: "bek",
            from: End::Actor(vm.name.clone()),
            to: bek_row.clone(),
            broken: !bek_ok,
            title: format!(
                "{}'s OS disk → its BEK in {}{}",
                vm.name,
                ade.vault,
                if bek_ok { "" } else { ": gone or disabled" }
            ),
        });
        if let Some(k) = &ade.kek {
            let ok = key_usable(world, &k.vault, &k.name, &k.version);
            out.push(Tie {
                kind: "kek",
                from: bek_row,
                to: End::Row {
                    vault: k.vault.clone(),
                    kind: ObjectKind::Key,
                    name: k.name.clone(),
                },
                broken: !ok,
                title: format!(
                    "BEK · {} sealed with {}{}",
                    vm.name,
                    key_stamp(world, &k.vault, &k.name, &k.version),
                    if ok {
                        ""
                    } else {
                        ": that KEK version cannot unwrap it now"
                    }
                ),
            });
        }
    }
    for d in world.disk_encryption_sets() {
        let ok = key_usable(world, &d.vault, &d.key, &d.key_version);
        out.push(Tie {
            kind: "cmk",
            from: End::Actor(d.name.clone()),
            to: End::Row {
                vault: d.vault.clone(),
                kind: ObjectKind::Key,
                name: d.key.clone(),
            },
            broken: !ok,
            title: format!(
                "{} uses {}{}",
                d.name,
                key_stamp(world, &d.vault, &d.key, &d.key_version),
                if ok { "" } else { ": unusable now" }
            ),
        });
    }
    out
}

/// The ties of `world` placed on `lay`: each with its SVG path, for the actors the layout holds
/// now (a tie to an actor not drawn is left out).
pub fn placed_ties(world: &World, lay: &Layout) -> Vec<(Tie, String)> {
    let end = |e: &End| -> Option<Anchor<'_>> {
        match e {
            End::Actor(name) => {
                // A VM or a DES, never a caller of the same name (a DES's identity is named
                // after it).
                let at = lay
                    .actors
                    .iter()
                    .find(|a| &a.name == name && matches!(a.kind, Kind::Vm | Kind::Des))?;
                let y = match at.kind {
                    // The OS disk's row (vm_actor draws it at 92, 36 high).
                    Kind::Vm => at.y + 110.0,
                    _ => at.y + at.h / 2.0,
                };
                Some(Anchor { at, y })
            }
            End::Row { vault, kind, name } => {
                let at = lay.actors.iter().find(|a| &a.name == vault)?;
                let v = world.vault(vault)?;
                let index = match kind {
                    ObjectKind::Key => v.keys.values().position(|k| &k.name == name),
                    ObjectKind::Secret => v.secrets.values().position(|s| &s.name == name),
                };
                let y = at.y + shelf_row_y(at.key_rows, v.keys.len(), *kind, index);
                Some(Anchor { at, y })
            }
        }
    };
    ties_of(world)
        .into_iter()
        .filter_map(|t| {
            let d = tie_path(end(&t.from)?, end(&t.to)?);
            Some((t, d))
        })
        .collect()
}
