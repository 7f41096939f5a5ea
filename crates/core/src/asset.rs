//! Asset ids: how events, the health report, goals and the stage name one thing in the world.
//!
//! Typed everywhere inside; the text form (`vm:vm1`, `key:kv/kek`, `rp:rsv/vm1/rp-1`) exists only
//! in [`Display`](std::fmt::Display), [`AssetId::parse`] and serialisation, so no caller builds
//! an id with `format!` or takes one apart with `split_once`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::vocab::ObjectKind;

/// One thing in the world that events and the health report talk about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AssetId {
    /// A virtual machine (`vm:vm1`).
    Vm(String),
    /// A managed disk (`disk:vm1-os`).
    Disk(String),
    /// A key vault (`vault:kv-ade`).
    Vault(String),
    /// A key or a secret in a vault (`key:kv/kek`, `secret:kv/<guid>`).
    Object {
        kind: ObjectKind,
        vault: String,
        name: String,
    },
    /// A Recovery Services vault (`rsv:rsv1`).
    Rsv(String),
    /// A recovery point of a protected item (`rp:rsv1/vm1/rp-1`).
    RecoveryPoint(PointRef),
    /// A VM protected by a Recovery Services vault (`item:rsv1/vm1`).
    ProtectedItem { rsv: String, item: String },
    /// A principal's access-policy entry in a vault (`policy:kv/ade-app`).
    Policy { vault: String, principal: String },
    /// A principal's role assignment at a scope (`role:kv/ade-app`).
    RoleAssignment { scope: String, principal: String },
    /// One of the admin's backup files (`file:kek.blob`).
    File(String),
    /// A Disk Encryption Set (`des:des1`).
    Des(String),
    /// A principal (`principal:ade-app`).
    Principal(String),
    /// A preview feature of the subscription (`feature:Microsoft.Compute/EncryptionAtHost`).
    Feature(String),
    /// The simulated clock (`clock`).
    Clock,
}

impl AssetId {
    pub fn object(kind: ObjectKind, vault: impl Into<String>, name: impl Into<String>) -> AssetId {
        AssetId::Object {
            kind,
            vault: vault.into(),
            name: name.into(),
        }
    }

    pub fn key(vault: impl Into<String>, name: impl Into<String>) -> AssetId {
        AssetId::object(ObjectKind::Key, vault, name)
    }

    pub fn secret(vault: impl Into<String>, name: impl Into<String>) -> AssetId {
        AssetId::object(ObjectKind::Secret, vault, name)
    }

    pub fn recovery_point(
        rsv: impl Into<String>,
        item: impl Into<String>,
        rp: impl Into<String>,
    ) -> AssetId {
        AssetId::RecoveryPoint(PointRef::new(rsv, item, rp))
    }

    /// The word before the colon: what kind of asset this is.
    pub fn kind(&self) -> &'static str {
        match self {
            AssetId::Vm(_) => "vm",
            AssetId::Disk(_) => "disk",
            AssetId::Vault(_) => "vault",
            AssetId::Object { kind, .. } => kind.name(),
            AssetId::Rsv(_) => "rsv",
            AssetId::RecoveryPoint(_) => "rp",
            AssetId::ProtectedItem { .. } => "item",
            AssetId::Policy { .. } => "policy",
            AssetId::RoleAssignment { .. } => "role",
            AssetId::File(_) => "file",
            AssetId::Des(_) => "des",
            AssetId::Principal(_) => "principal",
            AssetId::Feature(_) => "feature",
            AssetId::Clock => "clock",
        }
    }

    /// What follows the kind in the text form (`kv/kek` of `key:kv/kek`): the name a panel shows
    /// under its kind's heading.
    pub fn path(&self) -> String {
        match self {
            AssetId::Vm(n)
            | AssetId::Disk(n)
            | AssetId::Vault(n)
            | AssetId::Rsv(n)
            | AssetId::Des(n)
            | AssetId::File(n)
            | AssetId::Principal(n)
            | AssetId::Feature(n) => n.clone(),
            AssetId::ProtectedItem { rsv: a, item: b }
            | AssetId::Policy {
                vault: a,
                principal: b,
            }
            | AssetId::RoleAssignment {
                scope: a,
                principal: b,
            }
            | AssetId::Object {
                vault: a, name: b, ..
            } => format!("{a}/{b}"),
            AssetId::RecoveryPoint(p) => p.to_string(),
            AssetId::Clock => String::new(),
        }
    }

    /// The id as written in a scenario's goal or a `data-` attribute; `None` for anything that
    /// is not one.
    pub fn parse(text: &str) -> Option<AssetId> {
        if text == "clock" {
            return Some(AssetId::Clock);
        }
        let (kind, rest) = text.split_once(':')?;
        let name = || (!rest.is_empty() && !rest.contains('/')).then(|| rest.to_owned());
        Some(match kind {
            "vm" => AssetId::Vm(name()?),
            "disk" => AssetId::Disk(name()?),
            "vault" => AssetId::Vault(name()?),
            "rsv" => AssetId::Rsv(name()?),
            "des" => AssetId::Des(name()?),
            "principal" => AssetId::Principal(name()?),
            "file" => AssetId::File(name()?),
            // A feature's name is its namespace and name, `Microsoft.Compute/EncryptionAtHost`.
            "feature" if !rest.is_empty() => AssetId::Feature(rest.to_owned()),
            "item" | "policy" | "role" => {
                // A role's scope may one day be an ARM id with slashes; a principal has none.
                let (a, b) = rest.rsplit_once('/')?;
                if a.is_empty() || b.is_empty() {
                    return None;
                }
                let (a, b) = (a.to_owned(), b.to_owned());
                match kind {
                    "item" => AssetId::ProtectedItem { rsv: a, item: b },
                    "policy" => AssetId::Policy {
                        vault: a,
                        principal: b,
                    },
                    _ => AssetId::RoleAssignment {
                        scope: a,
                        principal: b,
                    },
                }
            }
            "rp" => {
                let mut parts = rest.split('/');
                let (rsv, item, rp) = (parts.next()?, parts.next()?, parts.next()?);
                if parts.next().is_some() || [rsv, item, rp].contains(&"") {
                    return None;
                }
                AssetId::recovery_point(rsv, item, rp)
            }
            _ => {
                // Exact, unlike `from_name`: an id is written one way (`key:`, never `KEY:`).
                let i = ObjectKind::NAMES.iter().position(|w| *w == kind)?;
                let kind = ObjectKind::ALL[i];
                let (vault, name) = rest.split_once('/')?;
                if vault.is_empty() || name.is_empty() || name.contains('/') {
                    return None;
                }
                AssetId::object(kind, vault, name)
            }
        })
    }
}

/// A recovery point, by where it is kept: its Recovery Services vault, the protected item and
/// the point's name, as `sim restore-vm RSV ITEM RP` takes them and `rp:rsv1/vm1/rp-1` writes
/// them. The restores, the health check of a point and its fixes all name a point with it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PointRef {
    pub rsv: String,
    pub item: String,
    pub rp: String,
}

impl PointRef {
    pub fn new(rsv: impl Into<String>, item: impl Into<String>, rp: impl Into<String>) -> PointRef {
        PointRef {
            rsv: rsv.into(),
            item: item.into(),
            rp: rp.into(),
        }
    }
}

impl fmt::Display for PointRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}/{}", self.rsv, self.item, self.rp)
    }
}

impl fmt::Display for AssetId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AssetId::Clock => f.write_str(self.kind()),
            _ => write!(f, "{}:{}", self.kind(), self.path()),
        }
    }
}

impl Serialize for AssetId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for AssetId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        AssetId::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not an asset id")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_print_and_parse_back() {
        for id in [
            AssetId::Vm("vm1".into()),
            AssetId::Disk("vm1-os".into()),
            AssetId::Vault("kv-ade".into()),
            AssetId::key("kv", "kek"),
            AssetId::secret("kv", "0a1b-guid"),
            AssetId::Rsv("rsv".into()),
            AssetId::recovery_point("rsv", "vm1", "rp-1"),
            AssetId::Des("des1".into()),
            AssetId::Principal("ade-app".into()),
            AssetId::File("kek.blob".into()),
            AssetId::Feature("Microsoft.Compute/EncryptionAtHost".into()),
            AssetId::ProtectedItem {
                rsv: "rsv".into(),
                item: "vm1".into(),
            },
            AssetId::Policy {
                vault: "kv".into(),
                principal: "ade-app".into(),
            },
            AssetId::RoleAssignment {
                scope: "kv".into(),
                principal: "ade-app".into(),
            },
            AssetId::Clock,
        ] {
            assert_eq!(AssetId::parse(&id.to_string()), Some(id.clone()), "{id}");
        }
        assert_eq!(AssetId::key("kv", "kek").to_string(), "key:kv/kek");
        assert_eq!(
            AssetId::recovery_point("rsv", "vm1", "rp-1").to_string(),
            "rp:rsv/vm1/rp-1"
        );
    }

    #[test]
    fn malformed_ids_are_refused() {
        for bad in [
            "",
            "vm",
            "vm:",
            "vm:a/b",
            "key:kv",
            "key:/k",
            "key:kv/",
            "rp:a/b",
            "rp:a/b/c/d",
            "lock:x",
            "Vm:vm1",
        ] {
            assert_eq!(AssetId::parse(bad), None, "{bad}");
        }
    }
}
