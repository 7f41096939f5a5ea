//! The world's side of authorization: finding the vault or subscription a call is about, and
//! handing its access model to the pure functions of [`crate::authz`].

use crate::authz::{self, Access, AccessModel, Missing, Op, Via};
use crate::error::Denied;

use super::{ADMIN, Vault, World};

impl Vault {
    /// The part of the vault that decides who may use its data plane.
    pub fn access_model(&self) -> AccessModel<'_> {
        AccessModel {
            rbac: self.rbac,
            switches: [
                self.enabled_for_disk_encryption,
                self.enabled_for_deployment,
                self.enabled_for_template_deployment,
            ],
            policies: &self.policies,
            role_assignments: &self.role_assignments,
        }
    }
}

impl World {
    /// May `principal` perform `op` on `vault`? Control-plane actions go to the owner of the
    /// vault's subscription; data-plane operations to [`authz::authorize`]. A denial names what
    /// was missing; its `operation` and `object` are filled in by the caller.
    pub fn authorize(&self, principal: &str, vault: &str, op: Op) -> Result<Via, Denied> {
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
            _ => authz::authorize(&v.access_model(), principal, op),
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
                if let Ok(via) = self.authorize(principal, vault, op) {
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
