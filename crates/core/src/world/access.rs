//! The world's side of authorization: finding the vault or subscription a call is about, and
//! handing its access model to the pure functions of [`crate::authz`].

use crate::authz::{self, Access, AccessModel, Missing, Op, RoleGrant, Via};
use crate::error::{Denied, ErrorCode, SimError};
use crate::lang::values::{ArmId, ArmIdError, arm_id};
use crate::vocab::ObjectKind;

use super::{ADMIN, Vault, World};

impl Vault {
    /// The vault's Azure Resource Manager id: the `--scope` of a role assignment on it.
    pub fn arm_id(&self) -> String {
        crate::activity::vault_id(&self.subscription, &self.resource_group, &self.name)
    }

    /// The `--scope` that names a role assignment of this vault: the vault's name for the vault
    /// itself (Keyfall's shorthand), the key's or secret's ARM id otherwise.
    pub fn scope_of(&self, grant: &RoleGrant) -> String {
        match &grant.object {
            None => self.name.clone(),
            Some((kind, name)) => format!("{}/{}s/{name}", self.arm_id(), kind.name()),
        }
    }
}

/// What a role assignment's `--scope` names (R11).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ScopeTarget {
    /// A subscription, or a resource group in it.
    Above {
        subscription: String,
        resource_group: Option<String>,
    },
    /// A vault, or one key or secret in it.
    Vault {
        vault: String,
        object: Option<(ObjectKind, String)>,
    },
}

/// The scope `az role assignment delete|list` works at (azure-cli role `_build_role_scope`):
/// `--scope`, else the resource group's, else the current subscription's.
pub(crate) fn role_scope(scope: Option<&str>, group: Option<&str>) -> String {
    let sub = super::subscription_id(super::DEFAULT_SUBSCRIPTION);
    match (scope, group) {
        (Some(scope), _) => scope.to_owned(),
        (None, Some(group)) => format!("/subscriptions/{sub}/resourceGroups/{group}"),
        (None, None) => format!("/subscriptions/{sub}"),
    }
}

impl World {
    /// The part of the world that decides who may use `v`'s data plane.
    pub fn access_model<'a>(&'a self, v: &'a Vault) -> AccessModel<'a> {
        AccessModel {
            rbac: v.rbac,
            switches: [
                v.enabled_for_disk_encryption,
                v.enabled_for_deployment,
                v.enabled_for_template_deployment,
            ],
            policies: &v.policies,
            role_assignments: &v.role_assignments,
            inherited: self
                .subscriptions
                .get(&v.subscription)
                .map_or(&[], |s| s.role_assignments.as_slice()),
            subscription: &v.subscription,
            resource_group: &v.resource_group,
        }
    }

    /// Reads a role assignment's `--scope`: an ARM id (`/subscriptions/S`, `.../resourceGroups/G`,
    /// `.../providers/Microsoft.KeyVault/vaults/V`, `.../vaults/V/keys/K` or `/secrets/N`), or a
    /// vault's name as a shorthand. Segment names are matched as ARM does, ignoring case.
    pub(crate) fn resolve_scope(&self, scope: &str) -> Result<ScopeTarget, SimError> {
        let not_found = || {
            SimError::new(
                ErrorCode::ResourceNotFound,
                format!("the scope '{scope}' names no resource Keyfall has"),
            )
        };
        if !scope.starts_with('/') {
            return if self.vaults.contains_key(scope) {
                Ok(ScopeTarget::Vault {
                    vault: scope.to_owned(),
                    object: None,
                })
            } else {
                Err(not_found())
            };
        }
        let id = match arm_id(scope) {
            Ok(id) => id,
            Err(ArmIdError::NoSubscription) => {
                return Err(SimError::new(
                    ErrorCode::BadParameter,
                    format!(
                        "'{scope}' is not a valid scope: it starts with /subscriptions/ID, or is a vault's name"
                    ),
                ));
            }
            Err(ArmIdError::Unknown) => return Err(not_found()),
        };
        let subscription = match id {
            ArmId::Subscription(s)
            | ArmId::ResourceGroup {
                subscription: s, ..
            } => s,
            ArmId::Vault { subscription, .. } => subscription,
        };
        // `az account show --query id` gives the subscription's GUID; Keyfall's ids say `sub1`.
        let subscription = super::subscription_key(subscription);
        if !self.subscriptions.contains_key(subscription) {
            return Err(not_found());
        }
        match id {
            ArmId::Subscription(_) => Ok(ScopeTarget::Above {
                subscription: subscription.to_owned(),
                resource_group: None,
            }),
            ArmId::ResourceGroup { group, .. } => Ok(ScopeTarget::Above {
                subscription: subscription.to_owned(),
                resource_group: Some(group.to_owned()),
            }),
            ArmId::Vault {
                group,
                vault,
                object,
                ..
            } => {
                let v = self
                    .vaults
                    .get(vault)
                    .filter(|v| {
                        v.subscription == subscription
                            && v.resource_group.eq_ignore_ascii_case(group)
                    })
                    .ok_or_else(not_found)?;
                Ok(ScopeTarget::Vault {
                    vault: v.name.clone(),
                    object: object.map(|(kind, name)| (kind, name.to_owned())),
                })
            }
        }
    }
    /// May `principal` perform `op` on `vault`? Control-plane actions go to the owner of the
    /// vault's subscription; data-plane operations to [`authz::authorize`]. A denial names what
    /// was missing; its `operation` and `object` are filled in by the caller.
    /// `object` is the key or secret the call is about, if any: role assignments scoped to it
    /// count.
    pub fn authorize(
        &self,
        principal: &str,
        vault: &str,
        op: Op,
        object: Option<&str>,
    ) -> Result<Via, Denied> {
        let denied = |missing: Missing| Denied {
            principal: principal.to_owned(),
            operation: op.policy_name(),
            object: vault.to_owned(),
            missing,
        };
        // Records what authorizing reads: the vault's own fields and this principal's entries.
        let Some(v) = self.vaults.get_authorizing(vault, principal) else {
            return Err(denied(Missing::DataAction(op)));
        };
        match op {
            Op::Control(action) => {
                authz::authorize_control(self.owner_of(&v.subscription), principal, action)
            }
            _ => authz::authorize(&self.access_model(v), principal, op, object),
        }
        .map_err(denied)
    }

    /// Control-plane check for a subscription: only its owner may act.
    pub(crate) fn authorize_subscription(
        &self,
        principal: &str,
        subscription: &str,
        action: &'static str,
    ) -> Result<Via, Denied> {
        authz::authorize_control(self.owner_of(subscription), principal, action).map_err(
            |missing| Denied {
                principal: principal.to_owned(),
                operation: action.to_owned(),
                object: subscription.to_owned(),
                missing,
            },
        )
    }

    fn owner_of(&self, subscription: &str) -> &str {
        self.subscriptions
            .get(subscription)
            .map_or(ADMIN, |s| s.owner.as_str())
    }

    /// Who can do what in `vault`, and through what: every data-plane permission of every known
    /// principal, asked of [`World::authorize`] itself so the view cannot disagree with it.
    pub fn effective_access(&self, vault: &str) -> Vec<Access> {
        let mut out = Vec::new();
        for principal in self.principals.keys() {
            for op in authz::data_plane_ops() {
                if let Ok(via) = self.authorize(principal, vault, op, None) {
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
