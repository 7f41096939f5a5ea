//! The one authorization point for every vault call (architecture invariant).
//!
//! [`World::authorize`] answers Allow (with the [`Via`] that allowed it) or a [`Denied`] naming the
//! missing permission. The same value feeds the audit log, the red arrow in the animation and the
//! explainer. Nothing else in the core decides who may touch a vault.

use serde::Serialize;

use crate::command::{KeyPerm, Role, SecretPerm};
use crate::error::Denied;
use crate::world::{ADMIN, PLATFORM_ADE, PLATFORM_ARM, PLATFORM_COMPUTE, World};

/// What a call needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Op {
    /// A data-plane key operation (R9).
    Key(KeyPerm),
    /// A data-plane secret operation (R9).
    Secret(SecretPerm),
    /// A control-plane action (`Microsoft.KeyVault/vaults/write`), granted to the subscription owner.
    Control(&'static str),
}

impl Op {
    /// `keys/wrapKey`, `secrets/get`: how access policies name the permission.
    pub fn policy_name(self) -> String {
        match self {
            Op::Key(p) => format!("keys/{}", key_perm_name(p)),
            Op::Secret(p) => format!("secrets/{}", secret_perm_name(p)),
            Op::Control(a) => a.to_owned(),
        }
    }

    /// The RBAC data action that grants it (R11).
    pub fn data_action(self) -> String {
        let base = "Microsoft.KeyVault/vaults";
        match self {
            Op::Key(KeyPerm::Get | KeyPerm::List) => format!("{base}/keys/read"),
            Op::Key(KeyPerm::WrapKey) => format!("{base}/keys/wrap/action"),
            Op::Key(KeyPerm::UnwrapKey) => format!("{base}/keys/unwrap/action"),
            Op::Key(p) => format!(
                "{base}/keys/{}/action",
                key_perm_name(p).to_ascii_lowercase()
            ),
            Op::Secret(SecretPerm::Get) => format!("{base}/secrets/getSecret/action"),
            Op::Secret(SecretPerm::List) => format!("{base}/secrets/readMetadata/action"),
            Op::Secret(SecretPerm::Set) => format!("{base}/secrets/setSecret/action"),
            Op::Secret(p) => format!("{base}/secrets/{}/action", secret_perm_name(p)),
            Op::Control(a) => a.to_owned(),
        }
    }
}

/// Through what an access was allowed: the "effective access" view and the explainer show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Via {
    /// The principal's access policy entry.
    Policy,
    /// An RBAC role assignment on the vault.
    Role(Role),
    /// A vault switch a platform identity acts through (`enabledForDiskEncryption`, R10).
    Switch(&'static str),
    /// Ownership of the vault's subscription (control plane only).
    Owner,
}

impl std::fmt::Display for Via {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Via::Policy => f.write_str("access policy"),
            Via::Role(r) => write!(f, "role {}", role_name(*r)),
            Via::Switch(s) => write!(f, "vault switch {s}"),
            Via::Owner => f.write_str("subscription owner"),
        }
    }
}

/// One row of the effective-access view: this principal can do this to this vault, via that.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Access {
    /// The vault.
    pub vault: String,
    /// The principal.
    pub principal: String,
    /// The permission (`secrets/get`, `keys/unwrapKey`).
    pub capability: String,
    /// What grants it.
    pub via: Via,
}

/// Every key permission, in R9's order.
pub const ALL_KEY_PERMS: [KeyPerm; 20] = [
    KeyPerm::Get,
    KeyPerm::List,
    KeyPerm::Update,
    KeyPerm::Create,
    KeyPerm::Import,
    KeyPerm::Delete,
    KeyPerm::Recover,
    KeyPerm::Backup,
    KeyPerm::Restore,
    KeyPerm::Decrypt,
    KeyPerm::Encrypt,
    KeyPerm::UnwrapKey,
    KeyPerm::WrapKey,
    KeyPerm::Verify,
    KeyPerm::Sign,
    KeyPerm::Purge,
    KeyPerm::Release,
    KeyPerm::Rotate,
    KeyPerm::GetRotationPolicy,
    KeyPerm::SetRotationPolicy,
];

/// Every secret permission, in R9's order.
pub const ALL_SECRET_PERMS: [SecretPerm; 8] = [
    SecretPerm::Get,
    SecretPerm::List,
    SecretPerm::Set,
    SecretPerm::Delete,
    SecretPerm::Recover,
    SecretPerm::Backup,
    SecretPerm::Restore,
    SecretPerm::Purge,
];

/// How the az CLI spells a key permission.
pub fn key_perm_name(p: KeyPerm) -> &'static str {
    match p {
        KeyPerm::Get => "get",
        KeyPerm::List => "list",
        KeyPerm::Update => "update",
        KeyPerm::Create => "create",
        KeyPerm::Import => "import",
        KeyPerm::Delete => "delete",
        KeyPerm::Recover => "recover",
        KeyPerm::Backup => "backup",
        KeyPerm::Restore => "restore",
        KeyPerm::Decrypt => "decrypt",
        KeyPerm::Encrypt => "encrypt",
        KeyPerm::UnwrapKey => "unwrapKey",
        KeyPerm::WrapKey => "wrapKey",
        KeyPerm::Verify => "verify",
        KeyPerm::Sign => "sign",
        KeyPerm::Purge => "purge",
        KeyPerm::Release => "release",
        KeyPerm::Rotate => "rotate",
        KeyPerm::GetRotationPolicy => "getrotationpolicy",
        KeyPerm::SetRotationPolicy => "setrotationpolicy",
    }
}

/// How the az CLI spells a secret permission.
pub fn secret_perm_name(p: SecretPerm) -> &'static str {
    match p {
        SecretPerm::Get => "get",
        SecretPerm::List => "list",
        SecretPerm::Set => "set",
        SecretPerm::Delete => "delete",
        SecretPerm::Recover => "recover",
        SecretPerm::Backup => "backup",
        SecretPerm::Restore => "restore",
        SecretPerm::Purge => "purge",
    }
}

/// The role's display name, as `az role assignment create --role` takes it.
pub fn role_name(r: Role) -> &'static str {
    match r {
        Role::KeyVaultAdministrator => "Key Vault Administrator",
        Role::KeyVaultReader => "Key Vault Reader",
        Role::KeyVaultCryptoOfficer => "Key Vault Crypto Officer",
        Role::KeyVaultCryptoUser => "Key Vault Crypto User",
        Role::KeyVaultCryptoServiceEncryptionUser => "Key Vault Crypto Service Encryption User",
        Role::KeyVaultSecretsOfficer => "Key Vault Secrets Officer",
        Role::KeyVaultSecretsUser => "Key Vault Secrets User",
    }
}

/// The RBAC role table (R11): does this role grant this data-plane operation?
pub fn role_grants(role: Role, op: Op) -> bool {
    use KeyPerm as K;
    use SecretPerm as S;
    match (role, op) {
        (_, Op::Control(_)) => false,
        (Role::KeyVaultAdministrator, _) => true,
        (Role::KeyVaultReader, Op::Key(p)) => matches!(p, K::Get | K::List | K::GetRotationPolicy),
        (Role::KeyVaultReader, Op::Secret(p)) => matches!(p, S::List),
        (Role::KeyVaultCryptoOfficer, Op::Key(_)) => true,
        (Role::KeyVaultCryptoUser, Op::Key(p)) => matches!(
            p,
            K::Get
                | K::List
                | K::Encrypt
                | K::Decrypt
                | K::WrapKey
                | K::UnwrapKey
                | K::Sign
                | K::Verify
        ),
        (Role::KeyVaultCryptoServiceEncryptionUser, Op::Key(p)) => {
            matches!(p, K::Get | K::List | K::WrapKey | K::UnwrapKey)
        }
        (Role::KeyVaultSecretsOfficer, Op::Secret(_)) => true,
        (Role::KeyVaultSecretsUser, Op::Secret(p)) => matches!(p, S::Get | S::List),
        _ => false,
    }
}

/// What a vault switch grants the platform identity behind it (R10, R16).
fn switch_grants(principal: &str, op: Op) -> Option<&'static str> {
    match (principal, op) {
        (
            PLATFORM_ADE,
            Op::Secret(SecretPerm::Get | SecretPerm::Set)
            | Op::Key(KeyPerm::UnwrapKey | KeyPerm::WrapKey),
        ) => Some("enabledForDiskEncryption"),
        (PLATFORM_COMPUTE, Op::Secret(SecretPerm::Get)) => Some("enabledForDeployment"),
        (PLATFORM_ARM, Op::Secret(SecretPerm::Get)) => Some("enabledForTemplateDeployment"),
        _ => None,
    }
}

impl World {
    /// The one authorization point: may `principal` perform `op` on `vault`?
    ///
    /// Control-plane actions go to the subscription owner. Data-plane operations are allowed by a
    /// vault switch for the platform identity behind it (R10), then by the access policy (R9) or,
    /// when the vault uses RBAC, by a role assignment (R11; policies are then ignored). A denial
    /// names what was missing; its `operation` and `object` are filled in by the caller.
    pub fn authorize(&self, principal: &str, vault: &str, op: Op) -> Result<Via, Denied> {
        let denied = |missing: String| Denied {
            principal: principal.to_owned(),
            operation: op.policy_name(),
            object: vault.to_owned(),
            missing,
        };
        // Records what authorizing reads: the vault's own fields and this principal's entries.
        let Some(v) = self.vaults.get_authorizing(vault, principal) else {
            return Err(denied(op.data_action()));
        };
        if let Op::Control(action) = op {
            return self
                .authorize_subscription(principal, &v.subscription, action)
                .map_err(|mut d| {
                    d.object = vault.to_owned();
                    d
                });
        }
        if let Some(switch) = switch_grants(principal, op) {
            let on = match switch {
                "enabledForDiskEncryption" => v.enabled_for_disk_encryption,
                "enabledForDeployment" => v.enabled_for_deployment,
                _ => v.enabled_for_template_deployment,
            };
            if on {
                return Ok(Via::Switch(switch));
            }
            // A platform identity given nothing else is denied for want of the switch: that is
            // the lesson (R10), so it is what the denial names.
            let has_other = if v.rbac {
                v.role_assignments
                    .iter()
                    .any(|(p, r)| p == principal && role_grants(*r, op))
            } else {
                policy_allows(v, principal, op)
            };
            if !has_other {
                return Err(denied(switch.to_owned()));
            }
        }
        if v.rbac {
            v.role_assignments
                .iter()
                .find(|(p, r)| p == principal && role_grants(*r, op))
                .map(|(_, r)| Via::Role(*r))
                .ok_or_else(|| denied(op.data_action()))
        } else if policy_allows(v, principal, op) {
            Ok(Via::Policy)
        } else {
            Err(denied(op.policy_name()))
        }
    }

    /// Control-plane check for a subscription: only its owner may act (Entra roles beyond
    /// ownership are not modelled).
    pub(crate) fn authorize_subscription(
        &self,
        principal: &str,
        subscription: &str,
        action: &'static str,
    ) -> Result<Via, Denied> {
        let owner = self
            .subscriptions
            .get(subscription)
            .map(|s| s.owner.as_str())
            .unwrap_or(ADMIN);
        if owner == principal {
            Ok(Via::Owner)
        } else {
            Err(Denied {
                principal: principal.to_owned(),
                operation: action.to_owned(),
                object: subscription.to_owned(),
                missing: action.to_owned(),
            })
        }
    }

    /// Who can do what in `vault`, and through what: every data-plane permission of every known
    /// principal, asked of [`World::authorize`] itself so the view cannot disagree with it.
    pub fn effective_access(&self, vault: &str) -> Vec<Access> {
        let mut out = Vec::new();
        let ops = ALL_KEY_PERMS
            .iter()
            .map(|p| Op::Key(*p))
            .chain(ALL_SECRET_PERMS.iter().map(|p| Op::Secret(*p)));
        let ops: Vec<Op> = ops.collect();
        for principal in self.principals.keys() {
            for op in &ops {
                if let Ok(via) = self.authorize(principal, vault, *op) {
                    out.push(Access {
                        vault: vault.to_owned(),
                        principal: principal.clone(),
                        capability: op.policy_name(),
                        via,
                    });
                }
            }
        }
        out
    }
}

fn policy_allows(v: &crate::world::Vault, principal: &str, op: Op) -> bool {
    v.policies
        .iter()
        .find(|p| p.principal == principal)
        .is_some_and(|p| match op {
            Op::Key(k) => p.keys.contains(&k),
            Op::Secret(s) => p.secrets.contains(&s),
            Op::Control(_) => false,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_table_matches_r11() {
        // R11
        let svc = Role::KeyVaultCryptoServiceEncryptionUser;
        assert!(role_grants(svc, Op::Key(KeyPerm::WrapKey)));
        assert!(role_grants(svc, Op::Key(KeyPerm::UnwrapKey)));
        assert!(!role_grants(svc, Op::Key(KeyPerm::Delete)));
        assert!(!role_grants(svc, Op::Secret(SecretPerm::Get)));
        assert!(!role_grants(
            Role::KeyVaultReader,
            Op::Secret(SecretPerm::Get)
        ));
        assert!(role_grants(
            Role::KeyVaultSecretsUser,
            Op::Secret(SecretPerm::Get)
        ));
        assert!(role_grants(
            Role::KeyVaultAdministrator,
            Op::Key(KeyPerm::Purge)
        ));
        assert!(!role_grants(
            Role::KeyVaultCryptoOfficer,
            Op::Secret(SecretPerm::Get)
        ));
    }

    #[test]
    fn names_follow_azure() {
        assert_eq!(Op::Key(KeyPerm::WrapKey).policy_name(), "keys/wrapKey");
        assert_eq!(
            Op::Secret(SecretPerm::Get).data_action(),
            "Microsoft.KeyVault/vaults/secrets/getSecret/action"
        );
    }
}
