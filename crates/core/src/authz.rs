//! The one authorization point for every vault call (architecture invariant), as pure functions.
//!
//! [`authorize`] takes a vault's access model, the caller and the operation, and answers with the
//! [`Via`] that allowed the call or the [`Missing`] permission that would have. It knows nothing of
//! the world: the world looks the vault up (recording what it read, for the what-if matrix),
//! builds an [`AccessModel`] view and asks. The same answer feeds the audit log, the red arrow on
//! the stage and the explainer. Nothing else in the core decides who may touch a vault.

use std::collections::BTreeSet;

use serde::{Serialize, Serializer};

use crate::error::ErrorCode;
use crate::vocab::{KeyPerm, ObjectKind, Role, SecretPerm, Switch};

/// The signed-in user who owns every subscription and runs commands by default.
pub const ADMIN: &str = "admin@contoso.com";
/// Azure Disk Encryption's platform identity, acting through `enabledForDiskEncryption`.
pub const PLATFORM_ADE: &str = "platform-ade";
/// The Compute resource provider, acting through `enabledForDeployment`.
pub const PLATFORM_COMPUTE: &str = "platform-compute";
/// Azure Resource Manager, acting through `enabledForTemplateDeployment`.
pub const PLATFORM_ARM: &str = "platform-arm";
/// The Backup Management Service, Azure Backup's identity (R13).
pub const AZURE_BACKUP: &str = "azure-backup";

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
            Op::Key(p) => format!("keys/{}", p.name()),
            Op::Secret(p) => format!("secrets/{}", p.name()),
            Op::Control(a) => a.to_owned(),
        }
    }

    /// The RBAC data action that grants it (R11), as Azure's resource provider operations
    /// name it (Learn, "Azure permissions for Security", Microsoft.KeyVault).
    pub const fn data_action(self) -> &'static str {
        use KeyPerm as K;
        use SecretPerm as S;
        match self {
            Op::Key(K::Get | K::List) => "Microsoft.KeyVault/vaults/keys/read",
            Op::Key(K::Update) => "Microsoft.KeyVault/vaults/keys/update/action",
            Op::Key(K::Create) => "Microsoft.KeyVault/vaults/keys/create/action",
            Op::Key(K::Import) => "Microsoft.KeyVault/vaults/keys/import/action",
            Op::Key(K::Delete) => "Microsoft.KeyVault/vaults/keys/delete",
            Op::Key(K::Recover) => "Microsoft.KeyVault/vaults/keys/recover/action",
            Op::Key(K::Backup) => "Microsoft.KeyVault/vaults/keys/backup/action",
            Op::Key(K::Restore) => "Microsoft.KeyVault/vaults/keys/restore/action",
            Op::Key(K::Decrypt) => "Microsoft.KeyVault/vaults/keys/decrypt/action",
            Op::Key(K::Encrypt) => "Microsoft.KeyVault/vaults/keys/encrypt/action",
            Op::Key(K::UnwrapKey) => "Microsoft.KeyVault/vaults/keys/unwrap/action",
            Op::Key(K::WrapKey) => "Microsoft.KeyVault/vaults/keys/wrap/action",
            Op::Key(K::Verify) => "Microsoft.KeyVault/vaults/keys/verify/action",
            Op::Key(K::Sign) => "Microsoft.KeyVault/vaults/keys/sign/action",
            Op::Key(K::Purge) => "Microsoft.KeyVault/vaults/keys/purge/action",
            Op::Key(K::Release) => "Microsoft.KeyVault/vaults/keys/release/action",
            Op::Key(K::Rotate) => "Microsoft.KeyVault/vaults/keys/rotate/action",
            Op::Key(K::GetRotationPolicy) => "Microsoft.KeyVault/vaults/keyrotationpolicies/read",
            Op::Key(K::SetRotationPolicy) => "Microsoft.KeyVault/vaults/keyrotationpolicies/write",
            Op::Secret(S::Get) => "Microsoft.KeyVault/vaults/secrets/getSecret/action",
            Op::Secret(S::List) => "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
            Op::Secret(S::Set) => "Microsoft.KeyVault/vaults/secrets/setSecret/action",
            Op::Secret(S::Delete) => "Microsoft.KeyVault/vaults/secrets/delete",
            Op::Secret(S::Recover) => "Microsoft.KeyVault/vaults/secrets/recover/action",
            Op::Secret(S::Backup) => "Microsoft.KeyVault/vaults/secrets/backup/action",
            Op::Secret(S::Restore) => "Microsoft.KeyVault/vaults/secrets/restore/action",
            Op::Secret(S::Purge) => "Microsoft.KeyVault/vaults/secrets/purge/action",
            Op::Control(a) => a,
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
    Switch(Switch),
    /// Ownership of the vault's subscription (control plane only).
    Owner,
}

impl std::fmt::Display for Via {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Via::Policy => f.write_str("access policy"),
            Via::Role(r) => write!(f, "role {}", r.name()),
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

/// One access-policy entry (R9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessPolicy {
    /// The principal it grants.
    pub principal: String,
    /// Key permissions.
    pub keys: BTreeSet<KeyPerm>,
    /// Secret permissions.
    pub secrets: BTreeSet<SecretPerm>,
}

impl AccessPolicy {
    fn allows(&self, op: Op) -> bool {
        match op {
            Op::Key(k) => self.keys.contains(&k),
            Op::Secret(s) => self.secrets.contains(&s),
            Op::Control(_) => false,
        }
    }
}

/// A role assignment on a vault, or on one key or secret in it (R11).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct RoleGrant {
    /// The assignee.
    pub principal: String,
    /// The built-in role.
    pub role: Role,
    /// The key or secret the assignment is scoped to; `None` for the whole vault.
    pub object: Option<(ObjectKind, String)>,
}

/// A role assignment above any vault: on a subscription, or on one resource group in it. Every
/// vault below inherits it (R11).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct InheritedGrant {
    /// The assignee.
    pub principal: String,
    /// The built-in role.
    pub role: Role,
    /// The subscription.
    pub subscription: String,
    /// The resource group, or `None` for the whole subscription.
    pub resource_group: Option<String>,
}

/// What decides access to one vault's data plane: its permission model, its switches, its
/// access policies and the role assignments that reach it. A borrowed view, so authorization
/// needs no world.
#[derive(Debug, Clone, Copy)]
pub struct AccessModel<'a> {
    /// Azure RBAC rather than access policies (R11); the other model's entries are kept but
    /// ignored.
    pub rbac: bool,
    /// The switches' state, in [`Switch::ALL`]'s order.
    pub switches: [bool; 3],
    /// Access-policy entries (R9).
    pub policies: &'a [AccessPolicy],
    /// Role assignments on the vault and on its keys and secrets (R11).
    pub role_assignments: &'a [RoleGrant],
    /// Role assignments on subscriptions and resource groups; those above this vault apply.
    pub inherited: &'a [InheritedGrant],
    /// The vault's subscription.
    pub subscription: &'a str,
    /// The vault's resource group.
    pub resource_group: &'a str,
}

impl AccessModel<'_> {
    fn switch(&self, s: Switch) -> bool {
        self.switches[s as usize]
    }

    fn policy_allows(&self, principal: &str, op: Op) -> bool {
        self.policies
            .iter()
            .find(|p| p.principal == principal)
            .is_some_and(|p| p.allows(op))
    }

    /// The first role reaching `principal` that grants `op` on `object` (`None` for a call on
    /// the vault as a whole, such as a list): assignments on the object, the vault, its resource
    /// group or its subscription.
    fn role_allowing(&self, principal: &str, op: Op, object: Option<&str>) -> Option<Role> {
        let kind = match op {
            Op::Key(_) => ObjectKind::Key,
            Op::Secret(_) => ObjectKind::Secret,
            Op::Control(_) => return None,
        };
        let reaches = |g: &RoleGrant| match &g.object {
            None => true,
            Some((k, name)) => *k == kind && object == Some(name.as_str()),
        };
        let local = self
            .role_assignments
            .iter()
            .filter(|g| g.principal == principal && reaches(g))
            .map(|g| g.role);
        let inherited = self
            .inherited
            .iter()
            .filter(|g| {
                g.principal == principal
                    && g.subscription == self.subscription
                    && g.resource_group
                        .as_deref()
                        .is_none_or(|rg| rg.eq_ignore_ascii_case(self.resource_group))
            })
            .map(|g| g.role);
        local.chain(inherited).find(|r| role_grants(*r, op))
    }
}

/// What would have allowed a denied call. Typed, so the explainer and the fixes know whether a
/// switch, a policy permission, a role's data action or a control-plane action was lacking; the
/// words Azure uses come from `Display` alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Missing {
    /// An access-policy permission (`keys/wrapKey`, `secrets/get`).
    Policy(Op),
    /// The RBAC data action a role would grant (`Microsoft.KeyVault/vaults/keys/wrap/action`).
    DataAction(Op),
    /// A vault switch the platform identity acts through (R10).
    Switch(Switch),
    /// A control-plane action (`Microsoft.KeyVault/vaults/write`).
    Control(&'static str),
}

impl Missing {
    /// The code Azure refuses with: the data plane's inner code for the model that refused
    /// (a switch is part of the access-policy model), Resource Manager's on the control plane.
    pub fn code(self) -> ErrorCode {
        match self {
            Missing::Policy(_) | Missing::Switch(_) => ErrorCode::ForbiddenByPolicy,
            Missing::DataAction(_) => ErrorCode::ForbiddenByRbac,
            Missing::Control(_) => ErrorCode::AuthorizationFailed,
        }
    }
}

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Missing::Policy(op) => f.write_str(&op.policy_name()),
            Missing::DataAction(op) => f.write_str(op.data_action()),
            Missing::Switch(s) => f.write_str(s.name()),
            Missing::Control(a) => f.write_str(a),
        }
    }
}

impl Serialize for Missing {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A built-in role's definition: its role definition id and its `dataActions`, copied from
/// Azure's built-in role definitions (Learn, "Azure built-in roles for Security").
pub const fn role_definition(role: Role) -> (&'static str, &'static [&'static str]) {
    match role {
        Role::KeyVaultAdministrator => (
            "00482a5a-887f-4fb3-b363-3b7fe8e74483",
            &["Microsoft.KeyVault/vaults/*"],
        ),
        Role::KeyVaultReader => (
            "21090545-7ca7-4776-b22c-e363652d74d2",
            &[
                "Microsoft.KeyVault/vaults/*/read",
                "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
            ],
        ),
        Role::KeyVaultCryptoOfficer => (
            "14b46e9e-c2b7-41b4-b07b-48a6ebf60603",
            &[
                "Microsoft.KeyVault/vaults/keys/*",
                "Microsoft.KeyVault/vaults/keyrotationpolicies/*",
            ],
        ),
        Role::KeyVaultCryptoUser => (
            "12338af0-0e69-4776-bea7-57ae8d297424",
            &[
                "Microsoft.KeyVault/vaults/keys/read",
                "Microsoft.KeyVault/vaults/keys/update/action",
                "Microsoft.KeyVault/vaults/keys/backup/action",
                "Microsoft.KeyVault/vaults/keys/encrypt/action",
                "Microsoft.KeyVault/vaults/keys/decrypt/action",
                "Microsoft.KeyVault/vaults/keys/wrap/action",
                "Microsoft.KeyVault/vaults/keys/unwrap/action",
                "Microsoft.KeyVault/vaults/keys/sign/action",
                "Microsoft.KeyVault/vaults/keys/verify/action",
            ],
        ),
        Role::KeyVaultCryptoServiceEncryptionUser => (
            "e147488a-f6f5-4113-8e2d-b22465e65bf6",
            &[
                "Microsoft.KeyVault/vaults/keys/read",
                "Microsoft.KeyVault/vaults/keys/wrap/action",
                "Microsoft.KeyVault/vaults/keys/unwrap/action",
            ],
        ),
        Role::KeyVaultCryptoServiceReleaseUser => (
            "08bbd89e-9f13-488c-ac41-acfcb10c90ab",
            &["Microsoft.KeyVault/vaults/keys/release/action"],
        ),
        Role::KeyVaultSecretsOfficer => (
            "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
            &["Microsoft.KeyVault/vaults/secrets/*"],
        ),
        Role::KeyVaultSecretsUser => (
            "4633458b-17de-408a-b874-0445c86b69e6",
            &[
                "Microsoft.KeyVault/vaults/secrets/getSecret/action",
                "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
            ],
        ),
        Role::KeyVaultCertificatesOfficer => (
            "a4417e6f-fecd-4de8-b567-7b0420556985",
            &[
                "Microsoft.KeyVault/vaults/certificatecas/*",
                "Microsoft.KeyVault/vaults/certificates/*",
                "Microsoft.KeyVault/vaults/certificatecontacts/write",
            ],
        ),
    }
}

/// Whether an action matches a role's action pattern, where `*` stands for any run of
/// characters, as in role definitions (`Microsoft.KeyVault/vaults/*/read`).
fn action_matches(pattern: &str, action: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern.eq_ignore_ascii_case(action),
        Some((head, tail)) => {
            action.len() >= head.len() + tail.len()
                && action[..head.len()].eq_ignore_ascii_case(head)
                && action[action.len() - tail.len()..].eq_ignore_ascii_case(tail)
        }
    }
}

/// The RBAC role table (R11): does this role grant this data-plane operation? Read off the
/// role's `dataActions`, so the table is Azure's own.
pub fn role_grants(role: Role, op: Op) -> bool {
    if let Op::Control(_) = op {
        return false;
    }
    let action = op.data_action();
    role_definition(role)
        .1
        .iter()
        .any(|pattern| action_matches(pattern, action))
}

/// The vault switch through which `principal`, a platform identity, may perform `op` (R10, R16).
fn switch_granting(principal: &str, op: Op) -> Option<Switch> {
    match (principal, op) {
        (
            PLATFORM_ADE,
            Op::Secret(SecretPerm::Get | SecretPerm::Set)
            | Op::Key(KeyPerm::UnwrapKey | KeyPerm::WrapKey),
        ) => Some(Switch::DiskEncryption),
        (PLATFORM_COMPUTE, Op::Secret(SecretPerm::Get)) => Some(Switch::Deployment),
        (PLATFORM_ARM, Op::Secret(SecretPerm::Get)) => Some(Switch::TemplateDeployment),
        _ => None,
    }
}

/// May `principal` perform the data-plane operation `op` on the vault `access` describes?
///
/// A vault switch allows the platform identity behind it (R10); otherwise the access policy
/// (R9) or, when the vault uses RBAC, a role assignment (R11; policies are then ignored).
/// Control-plane operations are never granted here: see [`authorize_control`].
pub fn authorize(
    access: &AccessModel<'_>,
    principal: &str,
    op: Op,
    object: Option<&str>,
) -> Result<Via, Missing> {
    if let Op::Control(action) = op {
        return Err(Missing::Control(action));
    }
    let by_model = || {
        if access.rbac {
            access
                .role_allowing(principal, op, object)
                .map(Via::Role)
                .ok_or(Missing::DataAction(op))
        } else if access.policy_allows(principal, op) {
            Ok(Via::Policy)
        } else {
            Err(Missing::Policy(op))
        }
    };
    match switch_granting(principal, op) {
        Some(switch) if access.switch(switch) => Ok(Via::Switch(switch)),
        // A platform identity given nothing else is denied for want of the switch: that is the
        // lesson (R10), so it is what the denial names.
        Some(switch) => by_model().map_err(|_| Missing::Switch(switch)),
        None => by_model(),
    }
}

/// May `principal` perform the control-plane `action` in a subscription owned by `owner`? Only
/// the owner may (Entra roles beyond ownership are not modelled).
pub fn authorize_control(
    owner: &str,
    principal: &str,
    action: &'static str,
) -> Result<Via, Missing> {
    if owner == principal {
        Ok(Via::Owner)
    } else {
        Err(Missing::Control(action))
    }
}

/// Every data-plane operation, keys first, in R9's order: what the effective-access view asks
/// about.
pub fn data_plane_ops() -> impl Iterator<Item = Op> {
    KeyPerm::ALL
        .iter()
        .map(|p| Op::Key(*p))
        .chain(SecretPerm::ALL.iter().map(|p| Op::Secret(*p)))
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
    fn roles_grant_their_built_in_data_actions() {
        // R11: Learn's built-in role definitions. Crypto User updates and backs up keys but
        // cannot delete them; the Reader lists secrets but cannot read a value; the Release
        // User only releases; Certificates Officer grants nothing on keys or secrets.
        let grants = |role, op| role_grants(role, op);
        let user = Role::KeyVaultCryptoUser;
        assert!(grants(user, Op::Key(KeyPerm::Update)));
        assert!(grants(user, Op::Key(KeyPerm::Backup)));
        assert!(!grants(user, Op::Key(KeyPerm::Delete)));
        assert!(!grants(user, Op::Key(KeyPerm::Create)));
        let reader = Role::KeyVaultReader;
        assert!(grants(reader, Op::Key(KeyPerm::GetRotationPolicy)));
        assert!(grants(reader, Op::Secret(SecretPerm::List)));
        assert!(!grants(reader, Op::Secret(SecretPerm::Get)));
        assert!(!grants(reader, Op::Key(KeyPerm::UnwrapKey)));
        let release = Role::KeyVaultCryptoServiceReleaseUser;
        let released: Vec<Op> = data_plane_ops().filter(|op| grants(release, *op)).collect();
        assert_eq!(released, [Op::Key(KeyPerm::Release)]);
        let certs = Role::KeyVaultCertificatesOfficer;
        assert_eq!(data_plane_ops().filter(|op| grants(certs, *op)).count(), 0);
        // Crypto Officer holds every key operation, purge and rotation policy included.
        let officer = Role::KeyVaultCryptoOfficer;
        assert!(KeyPerm::ALL.iter().all(|p| grants(officer, Op::Key(*p))));
        assert!(!grants(officer, Op::Secret(SecretPerm::List)));
    }

    #[test]
    fn data_actions_are_azures_names() {
        // R11: delete has no `/action`; rotation policies are their own resource type.
        for (op, action) in [
            (Op::Key(KeyPerm::Delete), "keys/delete"),
            (
                Op::Key(KeyPerm::SetRotationPolicy),
                "keyrotationpolicies/write",
            ),
            (Op::Secret(SecretPerm::Delete), "secrets/delete"),
            (Op::Key(KeyPerm::Create), "keys/create/action"),
        ] {
            let want = format!("Microsoft.KeyVault/vaults/{action}");
            assert_eq!(op.data_action(), want, "{op:?}");
        }
    }

    fn policy(principal: &str, keys: &[KeyPerm], secrets: &[SecretPerm]) -> AccessPolicy {
        AccessPolicy {
            principal: principal.to_owned(),
            keys: keys.iter().copied().collect(),
            secrets: secrets.iter().copied().collect(),
        }
    }

    fn model<'a>(
        rbac: bool,
        policies: &'a [AccessPolicy],
        roles: &'a [RoleGrant],
    ) -> AccessModel<'a> {
        AccessModel {
            rbac,
            switches: [false; 3],
            policies,
            role_assignments: roles,
            inherited: &[],
            subscription: "sub1",
            resource_group: "rg",
        }
    }

    fn grant(principal: &str, role: Role, object: Option<(ObjectKind, &str)>) -> RoleGrant {
        RoleGrant {
            principal: principal.to_owned(),
            role,
            object: object.map(|(k, n)| (k, n.to_owned())),
        }
    }

    const WRAP: Op = Op::Key(KeyPerm::WrapKey);
    const GET_SECRET: Op = Op::Secret(SecretPerm::Get);

    /// Asks `m` for each (principal, operation) on the vault and checks the answer.
    #[track_caller]
    fn answers(m: &AccessModel<'_>, cases: &[(&str, Op, Result<Via, Missing>)]) {
        for (who, op, want) in cases {
            assert_eq!(
                &authorize(m, who, *op, None),
                want,
                "{who} asking for {op:?}"
            );
        }
    }

    #[test]
    fn access_policy_grants_exactly_its_permissions_r9() {
        let policies = [policy("ade-app", &[KeyPerm::WrapKey], &[SecretPerm::Set])];
        let m = model(false, &policies, &[]);
        answers(
            &m,
            &[
                ("ade-app", WRAP, Ok(Via::Policy)),
                ("ade-app", GET_SECRET, Err(Missing::Policy(GET_SECRET))),
                ("someone-else", WRAP, Err(Missing::Policy(WRAP))),
            ],
        );
        assert_eq!(
            authorize(&m, "ade-app", GET_SECRET, None).map_err(|e| e.to_string()),
            Err("secrets/get".to_owned())
        );
    }

    #[test]
    fn rbac_vault_ignores_policies_and_names_the_data_action_r11() {
        let policies = [policy("ade-app", &[KeyPerm::WrapKey], &[])];
        let roles = [grant(
            "des-identity",
            Role::KeyVaultCryptoServiceEncryptionUser,
            None,
        )];
        let m = model(true, &policies, &roles);
        let denied = authorize(&m, "ade-app", WRAP, None);
        assert_eq!(denied, Err(Missing::DataAction(WRAP)));
        assert_eq!(
            denied.map_err(|e| e.to_string()),
            Err("Microsoft.KeyVault/vaults/keys/wrap/action".to_owned())
        );
        assert_eq!(
            authorize(&m, "des-identity", WRAP, None),
            Ok(Via::Role(Role::KeyVaultCryptoServiceEncryptionUser))
        );
        // The same entries in access-policy mode: the policy counts, the role does not.
        let m = model(false, &policies, &roles);
        answers(
            &m,
            &[
                ("ade-app", WRAP, Ok(Via::Policy)),
                ("des-identity", WRAP, Err(Missing::Policy(WRAP))),
            ],
        );
    }

    #[test]
    fn platform_identities_act_through_their_switch_r10() {
        let mut m = model(false, &[], &[]);
        let (disk, deploy, template) = (
            Switch::DiskEncryption,
            Switch::Deployment,
            Switch::TemplateDeployment,
        );
        let purge = Op::Key(KeyPerm::Purge);
        assert_eq!(
            authorize(&m, PLATFORM_ADE, WRAP, None),
            Err(Missing::Switch(disk))
        );
        m.switches[disk as usize] = true;
        // The switch speaks for platform-ade only, and only for what ADE does.
        answers(
            &m,
            &[
                (PLATFORM_ADE, WRAP, Ok(Via::Switch(disk))),
                (PLATFORM_ADE, purge, Err(Missing::Policy(purge))),
                (PLATFORM_COMPUTE, GET_SECRET, Err(Missing::Switch(deploy))),
                (PLATFORM_ARM, GET_SECRET, Err(Missing::Switch(template))),
            ],
        );
        m.switches[template as usize] = true;
        assert_eq!(
            authorize(&m, PLATFORM_ARM, GET_SECRET, None),
            Ok(Via::Switch(template))
        );
    }

    #[test]
    fn a_platform_identity_with_its_own_grant_needs_no_switch_r10() {
        let policies = [policy(PLATFORM_ADE, &[], &[SecretPerm::Get])];
        let m = model(false, &policies, &[]);
        let disk = Switch::DiskEncryption;
        // What it lacks is still named as the switch: that is R10's lesson.
        answers(
            &m,
            &[
                (PLATFORM_ADE, GET_SECRET, Ok(Via::Policy)),
                (PLATFORM_ADE, WRAP, Err(Missing::Switch(disk))),
            ],
        );
    }

    #[test]
    fn roles_reach_down_from_subscription_group_vault_and_object_r11() {
        // R11: an assignment applies at its scope and everything below it.
        let get = Op::Secret(SecretPerm::Get);
        let denied = Some(Missing::DataAction(get));
        let (secret_db, key_db) = ((ObjectKind::Secret, "db"), (ObjectKind::Key, "db"));
        // An object-scoped role reaches that object only, and not a key of the same name.
        for (role, scope, asked, want) in [
            (Role::KeyVaultSecretsUser, secret_db, "db", None),
            (Role::KeyVaultSecretsUser, secret_db, "other", denied),
            (Role::KeyVaultAdministrator, key_db, "db", denied),
        ] {
            let roles = [grant("app", role, Some(scope))];
            let m = model(true, &[], &roles);
            let got = authorize(&m, "app", get, Some(asked)).err();
            assert_eq!(got, want, "{role:?} on {scope:?}, asked for secret {asked}");
        }
        let inherited = |rg: Option<&str>, sub: &str| InheritedGrant {
            principal: "app".to_owned(),
            role: Role::KeyVaultSecretsUser,
            subscription: sub.to_owned(),
            resource_group: rg.map(str::to_owned),
        };
        for (grant, reaches) in [
            (inherited(None, "sub1"), true),
            (inherited(Some("RG"), "sub1"), true),
            (inherited(Some("other-rg"), "sub1"), false),
            (inherited(None, "sub2"), false),
        ] {
            let grants = [grant];
            let m = AccessModel {
                inherited: &grants,
                ..model(true, &[], &[])
            };
            assert_eq!(
                authorize(&m, "app", get, Some("db")).is_ok(),
                reaches,
                "{:?}",
                grants[0]
            );
        }
    }

    #[test]
    fn control_plane_goes_to_the_subscription_owner_only() {
        let write = "Microsoft.KeyVault/vaults/write";
        assert_eq!(authorize_control(ADMIN, ADMIN, write), Ok(Via::Owner));
        assert_eq!(
            authorize_control(ADMIN, "ade-app", write),
            Err(Missing::Control(write))
        );
        // No access policy or role grants a control-plane action through `authorize`.
        let roles = [grant("ade-app", Role::KeyVaultAdministrator, None)];
        let m = model(true, &[], &roles);
        assert_eq!(
            authorize(&m, "ade-app", Op::Control(write), None),
            Err(Missing::Control(write))
        );
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
