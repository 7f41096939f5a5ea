//! The Key Vault control plane: `az keyvault create|update|set-policy|delete-policy|delete|
//! recover|purge|show` and role assignments on a vault (R9-R11, R20-R22).

use super::*;

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
            enabled_for_disk_encryption,
            enabled_for_deployment,
            enabled_for_template_deployment,
            retention_days,
            enable_purge_protection,
            enable_rbac_authorization,
            no_self_perms,
        } = args;
        let sub = subscription
            .clone()
            .unwrap_or_else(|| DEFAULT_SUBSCRIPTION.to_owned());
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
            w.fx.call(
                who,
                name,
                "vault create",
                "",
                None,
                CallResult::Fail {
                    code: e.code,
                    status: e.status,
                },
            );
            Err(e)
        };
        if self.vaults.contains_key(name) {
            let e = SimError::new(
                ErrorCode::Conflict,
                format!("vault name {name} is in use (a soft-deleted vault keeps its name, R21)"),
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
                },
            );
        }
        let rbac = enable_rbac_authorization.unwrap_or(false);
        let mut policies = Vec::new();
        if !rbac && !no_self_perms {
            // What `az keyvault create` grants its creator: no purge, no rotate, no crypto (R9).
            use KeyPerm as K;
            use SecretPerm as S;
            policies.push(AccessPolicy {
                principal: who.to_owned(),
                keys: inserted([
                    K::Get,
                    K::List,
                    K::Create,
                    K::Update,
                    K::Import,
                    K::Delete,
                    K::Recover,
                    K::Backup,
                    K::Restore,
                ]),
                secrets: inserted([
                    S::Get,
                    S::List,
                    S::Set,
                    S::Delete,
                    S::Recover,
                    S::Backup,
                    S::Restore,
                ]),
            });
        }
        self.vaults.insert(
            name.clone(),
            Arc::new(Vault {
                name: name.clone(),
                resource_group: resource_group.clone(),
                location: location.clone(),
                subscription: sub.clone(),
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
        self.fx.state(
            AssetId::Vault(name.into()),
            format!("created in {location} ({sub})"),
        );
        Ok(Outcome::msg(format!("vault {name} created in {location}")))
    }

    pub(crate) fn vault_update(
        &mut self,
        who: &str,
        args: &VaultUpdate,
    ) -> Result<Outcome, SimError> {
        let VaultUpdate {
            name,
            enabled_for_disk_encryption,
            enabled_for_deployment,
            enabled_for_template_deployment,
            enable_purge_protection,
            enable_rbac_authorization,
        } = args;
        let changes =
            self.vault_call(CallSpec::new(who, name, VOp::VaultPatch, ""), None, |w| {
                let v = w.vault_mut(name)?;
                if enable_purge_protection == &Some(false) && v.purge_protection {
                    return Err(SimError::new(
                        ErrorCode::OperationNotAllowed,
                        "purge protection cannot be turned off once enabled (R22)",
                    ));
                }
                let mut changes = Vec::new();
                let mut set = |field: &mut bool, new: &Option<bool>, label: &str| {
                    if let Some(b) = new
                        && *field != *b
                    {
                        *field = *b;
                        changes.push(format!("{label} = {}", on_off(*b)));
                    }
                };
                set(
                    &mut v.enabled_for_disk_encryption,
                    enabled_for_disk_encryption,
                    "enabledForDiskEncryption",
                );
                set(
                    &mut v.enabled_for_deployment,
                    enabled_for_deployment,
                    "enabledForDeployment",
                );
                set(
                    &mut v.enabled_for_template_deployment,
                    enabled_for_template_deployment,
                    "enabledForTemplateDeployment",
                );
                set(
                    &mut v.purge_protection,
                    enable_purge_protection,
                    "enablePurgeProtection",
                );
                set(
                    &mut v.rbac,
                    enable_rbac_authorization,
                    "enableRbacAuthorization",
                );
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

    pub(crate) fn set_policy(&mut self, who: &str, args: &SetPolicy) -> Result<Outcome, SimError> {
        let (vault, principal) = (args.vault.as_str(), &args.principal);
        let keys = args.key_permissions.as_deref();
        let secrets = args.secret_permissions.as_deref();
        let target = self.principal_of(principal)?;
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
        let target = self.principal_of(principal)?;
        self.vault_call(
            CallSpec::new(who, vault, VOp::VaultAccessPolicy, ""),
            None,
            |w| {
                let v = w.vault_mut(vault)?;
                v.policies.retain(|p| p.principal != target);
                Ok(((), None))
            },
        )?;
        self.fx.state(
            AssetId::Policy {
                vault: vault.to_owned(),
                principal: target.to_owned(),
            },
            "removed",
        );
        Ok(Outcome::msg(format!(
            "access policy for {target} on {vault} removed"
        )))
    }

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
        let role = *role;
        let target = self.resolve_principal(assignee)?;
        let op = if create {
            VOp::RoleAssign
        } else {
            VOp::RoleUnassign
        };
        let detail = format!("{} for {target}", role.name());
        let spec = CallSpec::new(who, scope, op, "").detail(&detail);
        self.vault_call(spec, None, |w| {
            let v = w.vault_mut(scope)?;
            let exists = v
                .role_assignments
                .iter()
                .any(|(p, r)| *p == target && *r == role);
            if create && !exists {
                v.role_assignments.push((target.clone(), role));
            } else if !create {
                if !exists {
                    return Err(SimError::new(
                        ErrorCode::ResourceNotFound,
                        "no such role assignment",
                    ));
                }
                v.role_assignments
                    .retain(|(p, r)| !(*p == target && *r == role));
            }
            Ok(((), None))
        })?;
        let verb = if create { "assigned" } else { "unassigned" };
        self.fx.state(
            AssetId::RoleAssignment {
                scope: scope.to_owned(),
                principal: target.to_owned(),
            },
            format!("{} {verb}", role.name()),
        );
        Ok(Outcome::msg(format!(
            "{} {verb} to {target} on {scope}",
            role.name()
        )))
    }

    pub(crate) fn vault_delete(&mut self, who: &str, name: &str) -> Result<Outcome, SimError> {
        let now = self.now();
        self.vault_call(CallSpec::new(who, name, VOp::VaultDelete, ""), None, |w| {
            let v = w.vault_mut(name)?;
            v.deleted = Some(v.deletion(now));
            // Role assignments are ARM resources deleted with the vault: recovering the vault
            // does not bring them back (R23).
            v.role_assignments.clear();
            Ok(((), None))
        })?;
        self.fx.state(AssetId::Vault(name.into()), "soft-deleted");
        Ok(Outcome::msg(format!("vault {name} soft-deleted")))
    }

    pub(crate) fn vault_recover(&mut self, who: &str, name: &str) -> Result<Outcome, SimError> {
        self.vault_call(CallSpec::new(who, name, VOp::VaultRecover, ""), None, |w| {
            let v = w.vault_mut(name)?;
            if v.deleted.is_none() {
                return Err(SimError::new(
                    ErrorCode::VaultNotFound,
                    format!("no deleted vault named {name}"),
                ));
            }
            v.deleted = None;
            Ok(((), None))
        })?;
        self.fx.state(
            AssetId::Vault(name.into()),
            "recovered with its keys, secrets and access policies, not its role assignments",
        );
        Ok(Outcome::msg(format!("vault {name} recovered")))
    }

    pub(crate) fn vault_purge(&mut self, who: &str, name: &str) -> Result<Outcome, SimError> {
        let now = self.now();
        self.vault_call(CallSpec::new(who, name, VOp::VaultPurge, ""), None, |w| {
            let v = w.vault_mut(name)?;
            let Some(d) = v.deleted else {
                return Err(SimError::new(
                    ErrorCode::VaultNotFound,
                    format!("no deleted vault named {name}"),
                ));
            };
            if v.purge_protection && now < d.purge_at {
                return Err(SimError::new(
                    ErrorCode::PurgeProtected,
                    format!("purge protection: {name} can be purged from {}", d.purge_at),
                ));
            }
            w.vaults.remove(name);
            Ok(((), None))
        })?;
        self.fx.state(AssetId::Vault(name.into()), "purged");
        Ok(Outcome::msg(format!("vault {name} purged")))
    }

    pub(crate) fn vault_show(&mut self, who: &str, name: &str) -> Result<Outcome, SimError> {
        let lines = self.vault_call(CallSpec::new(who, name, VOp::VaultGet, ""), None, |w| {
            let v = w.vault_ref(name)?;
            let mut l = vec![
                format!("name: {}", v.name),
                format!("location: {}", v.location),
                format!("subscription: {}", v.subscription),
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
            l.extend(v.policies.iter().map(policy_line));
            l.extend(
                v.role_assignments
                    .iter()
                    .map(|(p, r)| format!("role {}: {p}", r.name())),
            );
            Ok((l, None))
        })?;
        Ok(Outcome::with(format!("vault {name}"), lines))
    }
}
