//! The Key Vault control plane: `az keyvault create|update|set-policy|delete-policy|delete|
//! recover|purge|show` and role assignments on a vault (R9-R11, R20-R22).

use super::*;
use crate::command::RoleAssignmentDelete;
use crate::vocab::Role;
use crate::world::role_scope;

impl World {
    // ---- control plane ----

    pub(crate) fn vault_create(
        &mut self,
        who: &str,
        args: &VaultCreate,
    ) -> Result<Outcome, SimError> {
        let VaultCreate {
            name,
            resource_group,
            location,
            subscription,
            sku,
            enabled_for_disk_encryption,
            enabled_for_deployment,
            enabled_for_template_deployment,
            retention_days,
            enable_purge_protection,
            enable_rbac_authorization,
            no_self_perms,
        } = args;
        let location = &self.location_or_group(location, resource_group)?;
        let sub = subscription
            .as_deref()
            .map_or(DEFAULT_SUBSCRIPTION, crate::world::subscription_key)
            .to_owned();
        if let Err(mut d) =
            self.authorize_subscription(who, &sub, "Microsoft.KeyVault/vaults/write")
        {
            d.operation = "vault create".into();
            d.object = name.clone();
            self.fx.call(
                who,
                name,
                "vault create",
                "",
                None,
                CallResult::Deny(d.clone()),
            );
            return Err(SimError::forbidden(d));
        }
        let fail = |w: &mut World, e: SimError| {
            w.fx.call(who, name, "vault create", "", None, CallResult::failed(&e));
            Err(e)
        };
        // az reads the vault first and stops if it exists (azure-cli `create_vault`); that
        // read is a real call, audited as VaultGet.
        if self.vaults.get(name).is_some_and(|v| v.deleted.is_none()) {
            self.vault_call(CallSpec::new(who, name, VOp::VaultGet, ""), None, |_| {
                Ok(((), None))
            })?;
            return Err(SimError::cli(format!(
                "The specified vault: {name} already exists"
            )));
        }
        if self.vaults.contains_key(name) {
            let e = SimError::new(
                ErrorCode::Conflict,
                format!(
                    "A vault with the same name already exists in deleted state. You need to either recover or purge existing key vault. ({name}, R21)"
                ),
            );
            return fail(self, e);
        }
        if geography(location).is_none() {
            let e = SimError::new(
                ErrorCode::BadParameter,
                format!("unknown location {location}"),
            );
            return fail(self, e);
        }
        let retention = retention_days.unwrap_or(90);
        if !(7..=90).contains(&retention) {
            let e = SimError::new(
                ErrorCode::BadParameter,
                format!("retention must be 7 to 90 days, not {retention} (R20)"),
            );
            return fail(self, e);
        }
        // A `--subscription` the admin names is one the admin owns (DESIGN.md conventions).
        if !self.subscriptions.contains_key(&sub) {
            Arc::make_mut(&mut self.subscriptions).insert(
                sub.clone(),
                Subscription {
                    name: sub.clone(),
                    owner: who.to_owned(),
                    role_assignments: Vec::new(),
                },
            );
        }
        // New vaults use Azure RBAC unless told otherwise: az 2.61 and later (azure-cli PR
        // 28886) and Key Vault API 2026-02-01 (R11).
        let rbac = enable_rbac_authorization.unwrap_or(true);
        let mut policies = Vec::new();
        if !rbac && !no_self_perms {
            // `az keyvault create` gives its creator keys, secrets and certificates `all` (API
            // 2019-09-01 and later), and `all` includes purge (R9).
            policies.push(AccessPolicy {
                principal: who.to_owned(),
                keys: inserted(KeyPerm::ALL.iter().copied()),
                secrets: inserted(SecretPerm::ALL.iter().copied()),
            });
        }
        self.vaults.insert(
            name.clone(),
            Arc::new(Vault {
                name: name.clone(),
                resource_group: resource_group.clone(),
                location: location.clone(),
                subscription: sub.clone(),
                sku: sku.unwrap_or(Sku::Standard),
                enabled_for_disk_encryption: enabled_for_disk_encryption.unwrap_or(false),
                enabled_for_deployment: enabled_for_deployment.unwrap_or(false),
                enabled_for_template_deployment: enabled_for_template_deployment.unwrap_or(false),
                retention_days: retention,
                purge_protection: enable_purge_protection.unwrap_or(false),
                rbac,
                policies,
                role_assignments: Vec::new(),
                keys: NameMap::default(),
                secrets: NameMap::default(),
                deleted: None,
            }),
        );
        self.vault_call(CallSpec::new(who, name, VOp::VaultCreate, ""), None, |_| {
            Ok(((), None))
        })?;
        Ok(self.changed(
            AssetId::Vault(name.into()),
            format!("created in {location} ({sub})"),
            format!("vault {name} created in {location}"),
        ))
    }

    pub(crate) fn vault_update(
        &mut self,
        who: &str,
        args: &VaultUpdate,
    ) -> Result<Outcome, SimError> {
        let name = &args.name;
        self.vault_listed(name)?;
        // az reads the vault, changes what was asked and sends the whole vault back
        // (azure-cli `update_vault_setter`): a `VaultGet` before the `VaultPut`.
        self.vault_call(CallSpec::new(who, name, VOp::VaultGet, ""), None, |_| {
            Ok(((), None))
        })?;
        let changes =
            self.vault_call(CallSpec::new(who, name, VOp::VaultPatch, ""), None, |w| {
                let v = w.vault_mut(name)?;
                if args.enable_purge_protection == Some(false) && v.purge_protection {
                    return Err(SimError::new(
                        ErrorCode::BadRequest,
                        "The property \"enablePurgeProtection\" cannot be set to false. Enabling the purge protection for a vault is an irreversible action. (R22)",
                    ));
                }
                let settings = [
                    (
                        &mut v.enabled_for_disk_encryption,
                        args.enabled_for_disk_encryption,
                        "enabledForDiskEncryption",
                    ),
                    (
                        &mut v.enabled_for_deployment,
                        args.enabled_for_deployment,
                        "enabledForDeployment",
                    ),
                    (
                        &mut v.enabled_for_template_deployment,
                        args.enabled_for_template_deployment,
                        "enabledForTemplateDeployment",
                    ),
                    (
                        &mut v.purge_protection,
                        args.enable_purge_protection,
                        "enablePurgeProtection",
                    ),
                    (
                        &mut v.rbac,
                        args.enable_rbac_authorization,
                        "enableRbacAuthorization",
                    ),
                ];
                let mut changes = Vec::new();
                for (field, new, label) in settings {
                    if let Some(b) = new
                        && *field != b
                    {
                        *field = b;
                        changes.push(format!("{label} = {}", on_off(b)));
                    }
                }
                Ok((changes, None))
            })?;
        for c in &changes {
            self.fx.state(AssetId::Vault(name.into()), c.clone());
        }
        Ok(Outcome::with(format!("vault {name} updated"), changes))
    }

    fn principal_of(&self, p: &PrincipalRef) -> Result<String, SimError> {
        match p {
            PrincipalRef::Spn(n) | PrincipalRef::Upn(n) | PrincipalRef::ObjectId(n) => {
                self.resolve_principal(n)
            }
        }
    }

    /// What az does before changing access policies (azure-cli `set_policy`, `delete_policy`):
    /// it reads the vault, and refuses an RBAC vault itself, sending nothing more (R11).
    fn policy_precheck(&mut self, who: &str, vault: &str, verb: &str) -> Result<(), SimError> {
        let rbac = self.vault_call(CallSpec::new(who, vault, VOp::VaultGet, ""), None, |w| {
            Ok((w.vault_ref(vault)?.rbac, None))
        })?;
        if rbac {
            return Err(SimError::cli(format!(
                "Cannot {verb} policies to a vault with '--enable-rbac-authorization' specified"
            )));
        }
        Ok(())
    }

    pub(crate) fn set_policy(&mut self, who: &str, args: &SetPolicy) -> Result<Outcome, SimError> {
        let (vault, principal) = (args.vault.as_str(), &args.principal);
        let keys = args.key_permissions.as_deref();
        let secrets = args.secret_permissions.as_deref();
        self.vault_listed(vault)?;
        let target = self.principal_of(principal)?;
        self.policy_precheck(who, vault, "set")?;
        let line = self.vault_call(
            CallSpec::new(who, vault, VOp::VaultAccessPolicy, ""),
            None,
            |w| {
                let v = w.vault_mut(vault)?;
                let idx = match v.policies.iter().position(|p| p.principal == target) {
                    Some(i) => i,
                    None => {
                        v.policies.push(AccessPolicy {
                            principal: target.clone(),
                            keys: BTreeSet::new(),
                            secrets: BTreeSet::new(),
                        });
                        v.policies.len() - 1
                    }
                };
                let entry = &mut v.policies[idx];
                // `set-policy` replaces the categories it names and keeps the others.
                if let Some(k) = keys {
                    entry.keys = inserted(k.iter().copied());
                }
                if let Some(s) = secrets {
                    entry.secrets = inserted(s.iter().copied());
                }
                Ok((policy_line(entry), None))
            },
        )?;
        self.fx.state(
            AssetId::Policy {
                vault: vault.to_owned(),
                principal: target.to_owned(),
            },
            line.clone(),
        );
        Ok(Outcome::with(
            format!("access policy for {target} on {vault} set"),
            vec![line],
        ))
    }

    pub(crate) fn delete_policy(
        &mut self,
        who: &str,
        vault: &str,
        principal: &PrincipalRef,
    ) -> Result<Outcome, SimError> {
        self.vault_listed(vault)?;
        let target = self.principal_of(principal)?;
        self.policy_precheck(who, vault, "delete")?;
        if !self
            .vault_ref(vault)?
            .policies
            .iter()
            .any(|p| p.principal == target)
        {
            return Err(SimError::cli("No matching policies found"));
        }
        self.vault_call(
            CallSpec::new(who, vault, VOp::VaultAccessPolicy, ""),
            None,
            |w| {
                let v = w.vault_mut(vault)?;
                v.policies.retain(|p| p.principal != target);
                Ok(((), None))
            },
        )?;
        Ok(self.changed(
            AssetId::Policy {
                vault: vault.to_owned(),
                principal: target.to_owned(),
            },
            "removed",
            format!("access policy for {target} on {vault} removed"),
        ))
    }

    /// `az role assignment create|delete`: a built-in role at a subscription, resource group,
    /// vault, key or secret scope (R11). An Azure Resource Manager operation, granted to the
    /// subscription's owner.
    pub(crate) fn role_assignment(
        &mut self,
        who: &str,
        args: &RoleAssignment,
        create: bool,
    ) -> Result<Outcome, SimError> {
        let RoleAssignment {
            assignee,
            role,
            scope,
        } = args;
        let target = self.resolve_principal(assignee)?;
        let at = self.resolve_scope(scope)?;
        // azure-cli role `delete_role_assignments` lists the assignments at the scope first and
        // stops when none matches, before any request to delete.
        if !create && !self.holds_assignment(&at, &target, *role) {
            return Err(no_matched_assignment());
        }
        self.set_assignment(who, at, scope, &target, *role, create)
    }

    /// Creates or deletes (`create`) `target`'s `role` at `at`, which `scope` names: one request,
    /// through the vault's gate for a vault's scope, else Resource Manager's. A delete is only
    /// asked of an assignment that is there.
    fn set_assignment(
        &mut self,
        who: &str,
        at: ScopeTarget,
        scope: &str,
        target: &str,
        role: Role,
        create: bool,
    ) -> Result<Outcome, SimError> {
        let verb = if create { "assigned" } else { "unassigned" };
        match at {
            ScopeTarget::Vault { vault, object } => {
                let op = if create {
                    VOp::RoleAssign
                } else {
                    VOp::RoleUnassign
                };
                let grant = RoleGrant {
                    principal: target.to_owned(),
                    role,
                    object,
                };
                let detail = format!("{} for {target}", role.name());
                let spec = CallSpec::new(who, &vault, op, "").detail(&detail);
                self.vault_call(spec, None, |w| {
                    toggle(&mut w.vault_mut(&vault)?.role_assignments, grant, create);
                    Ok(((), None))
                })?;
            }
            ScopeTarget::Above {
                subscription,
                resource_group,
            } => {
                let operation = if create {
                    "Microsoft.Authorization/roleAssignments/write"
                } else {
                    "Microsoft.Authorization/roleAssignments/delete"
                };
                let sub_id = crate::world::subscription_id(&subscription);
                let resource = match &resource_group {
                    None => format!(
                        "/subscriptions/{sub_id}/providers/Microsoft.Authorization/roleAssignments"
                    ),
                    Some(rg) => format!(
                        "/subscriptions/{sub_id}/resourceGroups/{rg}/providers/Microsoft.Authorization/roleAssignments"
                    ),
                };
                let detail = format!("{} for {target}", role.name());
                let grant = InheritedGrant {
                    principal: target.to_owned(),
                    role,
                    subscription: subscription.clone(),
                    resource_group,
                };
                if let Err(mut d) = self.authorize_subscription(who, &subscription, operation) {
                    d.operation = "role assignment".into();
                    d.object = scope.to_owned();
                    let e = SimError::forbidden(d);
                    self.fx
                        .activity_entry(who, operation, resource, e.status, e.message.clone());
                    return Err(e);
                }
                // `resolve_scope` found the subscription.
                if let Some(s) = Arc::make_mut(&mut self.subscriptions).get_mut(&subscription) {
                    toggle(&mut s.role_assignments, grant, create);
                }
                self.fx
                    .activity_entry(who, operation, resource, 200, detail);
            }
        }
        Ok(self.changed(
            AssetId::RoleAssignment {
                scope: scope.to_owned(),
                principal: target.to_owned(),
            },
            format!("{} {verb}", role.name()),
            format!("{} {verb} to {target} at {scope}", role.name()),
        ))
    }

    pub(crate) fn vault_delete(&mut self, who: &str, name: &str) -> Result<Outcome, SimError> {
        self.vault_listed(name)?;
        let now = self.now();
        let change = ("soft-deleted", "soft-deleted");
        self.vault_lifecycle(who, name, VOp::VaultDelete, change, |w| {
            let v = w.vault_mut(name)?;
            v.deleted = Some(v.deletion(now));
            // Role assignments are ARM resources deleted with the vault: recovering the vault
            // does not bring them back (R23).
            v.role_assignments.clear();
            Ok(())
        })
    }

    pub(crate) fn vault_recover(&mut self, who: &str, name: &str) -> Result<Outcome, SimError> {
        self.deleted_vault_listed(name)?;
        let change = (
            "recovered with its keys, secrets and access policies, not its role assignments",
            "recovered",
        );
        self.vault_lifecycle(who, name, VOp::VaultRecover, change, |w| {
            let v = w.vault_mut(name)?;
            if v.deleted.is_none() {
                return Err(no_deleted_vault(name));
            }
            v.deleted = None;
            Ok(())
        })
    }

    pub(crate) fn vault_purge(&mut self, who: &str, name: &str) -> Result<Outcome, SimError> {
        self.deleted_vault_listed(name)?;
        let now = self.now();
        self.vault_lifecycle(who, name, VOp::VaultPurge, ("purged", "purged"), |w| {
            let v = w.vault_mut(name)?;
            let Some(d) = v.deleted else {
                return Err(no_deleted_vault(name));
            };
            if v.purge_protection && now < d.purge_at {
                return Err(SimError::new(
                    ErrorCode::MethodNotAllowed,
                    format!(
                        "Operation 'DeletedVaultPurge' is not allowed. (Purge protection: {name} is purged automatically on {}, R22)",
                        d.purge_at
                    ),
                ));
            }
            w.vaults.remove(name);
            Ok(())
        })
    }

    /// `az role assignment delete`: every assignment made exactly at the scope (`--scope`, else
    /// the resource group's, else the subscription's) that matches the filters given goes, each
    /// by a request of its own, as azure-cli `delete_role_assignments` lists them and deletes
    /// each by id. When none matches, az stops before any request.
    pub(crate) fn role_assignment_delete(
        &mut self,
        who: &str,
        args: &RoleAssignmentDelete,
    ) -> Result<Outcome, SimError> {
        let scope = role_scope(args.scope.as_deref(), args.resource_group.as_deref());
        let at = self.resolve_scope(&scope)?;
        let principal = match &args.assignee {
            Some(a) => Some(self.resolve_principal(a)?),
            None => None,
        };
        let matched: Vec<(String, Role)> = self
            .assignments_at(&at)
            .into_iter()
            .filter(|(p, r)| {
                principal.as_ref().is_none_or(|want| want == p)
                    && args.role.is_none_or(|want| want == *r)
            })
            .collect();
        if matched.is_empty() {
            return Err(no_matched_assignment());
        }
        // az prints nothing for a delete: what went is said in the message alone.
        let mut done = Vec::new();
        for (principal, role) in matched {
            let one = self.set_assignment(who, at.clone(), &scope, &principal, role, false)?;
            done.push(one.message);
        }
        Ok(Outcome::msg(done.join("; ")))
    }

    /// The assignments made exactly at `at` (not inherited from above it): principal and role.
    fn assignments_at(&self, at: &ScopeTarget) -> Vec<(String, Role)> {
        match at {
            ScopeTarget::Vault { vault, object } => self.vaults.get(vault).map(|v| {
                v.role_assignments
                    .iter()
                    .filter(|g| g.object == *object)
                    .map(|g| (g.principal.clone(), g.role))
                    .collect()
            }),
            ScopeTarget::Above {
                subscription,
                resource_group,
            } => self.subscriptions.get(subscription).map(|s| {
                s.role_assignments
                    .iter()
                    .filter(|g| g.resource_group == *resource_group)
                    .map(|g| (g.principal.clone(), g.role))
                    .collect()
            }),
        }
        .unwrap_or_default()
    }

    /// Whether `principal` holds `role` exactly at `at` (not inherited from above it).
    fn holds_assignment(&self, at: &ScopeTarget, principal: &str, role: Role) -> bool {
        self.assignments_at(at)
            .iter()
            .any(|(p, r)| p == principal && *r == role)
    }

    /// azure-cli `validate_resource_group_name`, which `show`, `update`, `delete`, `set-policy`
    /// and `delete-policy` run first: without `-g`, az finds the vault's resource group by
    /// listing the subscription's live vaults, and stops when none has the name. Keyfall keeps
    /// no `-g` (vault names are global here), so it answers the same when one was given.
    fn vault_listed(&self, name: &str) -> Result<(), SimError> {
        if self.vaults.get(name).is_some_and(|v| v.deleted.is_none()) {
            Ok(())
        } else {
            Err(SimError::cli(format!(
                "The Vault '{name}' not found within subscription."
            )))
        }
    }

    /// azure-cli `validate_deleted_vault_or_hsm_name`, which `recover`, `purge` and
    /// `show-deleted` run first: az lists the subscription's deleted vaults and, when none has
    /// the name (a live vault's included), stops before any request to the vault.
    fn deleted_vault_listed(&self, name: &str) -> Result<(), SimError> {
        if self.vaults.get(name).is_some_and(|v| v.deleted.is_some()) {
            Ok(())
        } else {
            Err(no_deleted_vault(name))
        }
    }

    /// Delete, recover or purge vault `name` through the gate as `op`: `apply` changes the
    /// world, and the vault's change is recorded as `change.0` and answered with
    /// "vault NAME `change.1`".
    fn vault_lifecycle(
        &mut self,
        who: &str,
        name: &str,
        op: VOp,
        change: (&str, &str),
        apply: impl FnOnce(&mut World) -> Result<(), SimError>,
    ) -> Result<Outcome, SimError> {
        self.vault_call(CallSpec::new(who, name, op, ""), None, |w| {
            apply(w).map(|()| ((), None))
        })?;
        let (change, done) = change;
        Ok(self.changed(
            AssetId::Vault(name.into()),
            change,
            format!("vault {name} {done}"),
        ))
    }

    /// `az keyvault list [-g RG]` (the live vaults of the subscription, az's `list_vault`) and
    /// `az keyvault list-deleted` (the soft-deleted ones, `list_deleted_vault`, R21): Resource
    /// Manager reads of the subscription, so no vault's audit log records them. The caller needs
    /// `Microsoft.KeyVault/vaults/read` (`deletedVaults/read`) on the subscription.
    pub(crate) fn vault_list(
        &mut self,
        who: &str,
        resource_group: Option<&str>,
        deleted: bool,
    ) -> Result<Outcome, SimError> {
        let (operation, action) = if deleted {
            (
                "vault list-deleted",
                "Microsoft.KeyVault/deletedVaults/read",
            )
        } else {
            ("vault list", "Microsoft.KeyVault/vaults/read")
        };
        let sub = DEFAULT_SUBSCRIPTION;
        if let Err(mut d) = self.authorize_subscription(who, sub, action) {
            d.operation = operation.into();
            self.fx
                .call(who, sub, operation, "", None, CallResult::Deny(d.clone()));
            return Err(SimError::forbidden(d));
        }
        let lines: Vec<String> = self
            .vaults
            .values()
            .filter(|v| v.subscription == sub)
            .filter(|v| resource_group.is_none_or(|rg| v.resource_group.eq_ignore_ascii_case(rg)))
            .filter_map(|v| match (deleted, v.deleted) {
                (false, None) => Some(format!(
                    "{} location={} resourceGroup={}",
                    v.name, v.location, v.resource_group
                )),
                (true, Some(d)) => Some(format!(
                    "{} location={} deletionDate={} scheduledPurgeDate={}",
                    v.name, v.location, d.deleted_at, d.purge_at
                )),
                _ => None,
            })
            .collect();
        self.fx
            .call(who, sub, operation, "", None, CallResult::Allow);
        let head = match (deleted, resource_group) {
            (true, _) => format!("deleted vaults in {sub}"),
            (false, Some(rg)) => format!("vaults in {sub}/{rg}"),
            (false, None) => format!("vaults in {sub}"),
        };
        Ok(Outcome::with(head, lines))
    }

    /// `az keyvault show-deleted --name N`: a soft-deleted vault, when it was deleted and when it
    /// is purged; a live or unknown vault is 404 (R21). az: `get_deleted_vault`.
    pub(crate) fn vault_show_deleted(
        &mut self,
        who: &str,
        name: &str,
    ) -> Result<Outcome, SimError> {
        self.deleted_vault_listed(name)?;
        let lines = self.vault_call(
            CallSpec::new(who, name, VOp::VaultGetDeleted, ""),
            None,
            |w| {
                let not_found = || {
                    SimError::new(
                        ErrorCode::VaultNotFound,
                        format!("deleted vault {name} not found"),
                    )
                };
                let v = w.vaults.get(name).ok_or_else(not_found)?;
                let d = v.deleted.ok_or_else(not_found)?;
                Ok((
                    vec![
                        format!("name: {}", v.name),
                        format!("location: {}", v.location),
                        format!("deletionDate: {}", d.deleted_at),
                        format!("scheduledPurgeDate: {}", d.purge_at),
                        format!("purgeProtectionEnabled: {}", on_off(v.purge_protection)),
                    ],
                    None,
                ))
            },
        )?;
        Ok(Outcome::with(format!("deleted vault {name}"), lines))
    }

    pub(crate) fn vault_show(&mut self, who: &str, name: &str) -> Result<Outcome, SimError> {
        self.vault_listed(name)?;
        let lines = self.vault_call(CallSpec::new(who, name, VOp::VaultGet, ""), None, |w| {
            let v = w.vault_ref(name)?;
            let mut l = vec![
                format!("name: {}", v.name),
                format!("location: {}", v.location),
                format!("subscription: {}", v.subscription),
                format!("sku: {}", v.sku.name()),
                format!(
                    "enabledForDiskEncryption: {}",
                    on_off(v.enabled_for_disk_encryption)
                ),
                format!("enabledForDeployment: {}", on_off(v.enabled_for_deployment)),
                format!(
                    "enabledForTemplateDeployment: {}",
                    on_off(v.enabled_for_template_deployment)
                ),
                format!("softDeleteRetentionInDays: {}", v.retention_days),
                format!("enablePurgeProtection: {}", on_off(v.purge_protection)),
                format!("enableRbacAuthorization: {}", on_off(v.rbac)),
            ];
            // Role assignments are Resource Manager resources of their own, not part of the
            // vault: `az role assignment list --scope` shows them.
            l.extend(v.policies.iter().map(policy_line));
            Ok((l, None))
        })?;
        Ok(Outcome::with(format!("vault {name}"), lines))
    }
}

/// What recover and purge answer for a vault that is not soft-deleted.
fn no_deleted_vault(name: &str) -> SimError {
    SimError::cli(format!(
        "No deleted Vault or HSM was found with name {name}"
    ))
}

/// azure-cli role `delete_role_assignments`, when no assignment matches its filters.
fn no_matched_assignment() -> SimError {
    SimError::cli("No matched assignments were found to delete")
}

/// A role assignment created (kept once if it is already there) or deleted.
fn toggle<T: PartialEq>(assignments: &mut Vec<T>, grant: T, create: bool) {
    if !create {
        assignments.retain(|g| *g != grant);
    } else if !assignments.contains(&grant) {
        assignments.push(grant);
    }
}
