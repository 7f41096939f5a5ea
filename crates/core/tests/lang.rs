//! The command language through its public API: every command form DESIGN.md lists, the
//! conventions scripts rely on, and the errors people see when they mistype.

use keyfall_core::{
    BackupItem, Command, Date, DesCreate, EncryptionEnable, ErrorCode, Expectation, KeyCreate,
    KeyEncryptionAlgorithm, KeyPerm, KeyRef, KeyType, ObjectKind, ObjectOp, ParseError, PointRef,
    Power, PrincipalRef, Role, RoleAssignment, RoleAssignmentDelete, SecretPerm, SecretSet,
    SetPolicy, SimDuration, Sku, VaultCreate, VaultRef, VaultUpdate, VersionRef, VmCreate,
    VolumeType, parse_line, parse_script,
};

fn parse(line: &str) -> Command {
    match parse_line(line) {
        Ok(Some(c)) => c,
        other => panic!("{line}\n  gave {other:?}"),
    }
}

fn error(line: &str) -> ParseError {
    match parse_line(line) {
        Err(e) => e,
        other => panic!("{line}\n  should fail, gave {other:?}"),
    }
}

/// Parses `line`, checks the command and that the canonical line is `canonical`.
fn check(line: &str, expected: Command, canonical: &str) {
    let c = parse(line);
    assert_eq!(c, expected, "{line}");
    assert_eq!(c.to_string(), canonical);
    assert_eq!(parse(canonical), expected);
}

/// Parses a line that is already canonical.
fn check_canonical(line: &str, expected: Command) {
    check(line, expected, line);
}

fn s(text: &str) -> String {
    text.to_owned()
}

/// A date flag's value, as the command holds it.
fn on(year: u16, month: u8, day: u8) -> Option<Date> {
    Some(Date { year, month, day })
}

// ---- Every command form ----

/// The session set-up lines of Learn's blocks (azure-cli profile and resource `_params.py`:
/// `account set --subscription -s`, `provider register --namespace -n [--wait]`).
#[test]
fn sign_in_lines() {
    check(
        "az login --use-device-code --tenant contoso",
        Command::Login,
        "az login",
    );
    check_canonical("az login", Command::Login);
    check(
        "az account set -s sub1",
        Command::AccountSet {
            subscription: s("sub1"),
        },
        "az account set --subscription sub1",
    );
    check(
        "az provider register -n Microsoft.KeyVault --wait",
        Command::ProviderRegister {
            namespace: s("Microsoft.KeyVault"),
            wait: true,
        },
        "az provider register --namespace Microsoft.KeyVault --wait",
    );
    // `-s` is `--subscription` only where az has it so.
    check_error(
        "az keyvault create -n kv -g rg -l westeurope -s sub2",
        46,
        "unknown flag -s for `az keyvault create`",
        None,
    );
}

#[test]
fn entra_and_rbac() {
    check_canonical(
        "az ad sp create-for-rbac --name ade-app",
        Command::SpCreate {
            name: Some(s("ade-app")),
        },
    );
    // azure-cli `create_service_principal_for_rbac`: the name is optional.
    check_canonical("az ad sp create-for-rbac", Command::SpCreate { name: None });
    check_canonical(
        r#"az role assignment create --assignee ade-app --role "Key Vault Crypto Service Encryption User" --scope kv-ade"#,
        Command::RoleAssignmentCreate(RoleAssignment {
            assignee: s("ade-app"),
            role: Role::KeyVaultCryptoServiceEncryptionUser,
            scope: s("kv-ade"),
        }),
    );
    check(
        "az role assignment delete --assignee ade-app --role 'key vault  secrets user' --scope kv-ade",
        Command::RoleAssignmentDelete(
            RoleAssignment {
                assignee: s("ade-app"),
                role: Role::KeyVaultSecretsUser,
                scope: s("kv-ade"),
            }
            .into(),
        ),
        r#"az role assignment delete --assignee ade-app --role "Key Vault Secrets User" --scope kv-ade"#,
    );
}

#[test]
fn role_assignment_delete_takes_any_of_its_filters() {
    // azure-cli `delete_role_assignments(cmd, ids, assignee, role, resource_group_name, scope,
    // include_inherited, yes)`: each filter is optional; `--yes` is a no-op (az 2.68).
    check(
        "az role assignment delete --assignee ade-app --scope kv-ade --yes",
        Command::RoleAssignmentDelete(RoleAssignmentDelete {
            assignee: s("ade-app").into(),
            role: None,
            scope: s("kv-ade").into(),
            resource_group: None,
        }),
        "az role assignment delete --assignee ade-app --scope kv-ade",
    );
    check(
        "az role assignment delete --role 'Key Vault Reader' -g rg",
        Command::RoleAssignmentDelete(RoleAssignmentDelete {
            assignee: None,
            role: Role::KeyVaultReader.into(),
            scope: None,
            resource_group: s("rg").into(),
        }),
        r#"az role assignment delete --role "Key Vault Reader" --resource-group rg"#,
    );
}

#[test]
fn role_assignment_delete_refuses_no_filter_and_a_scope_with_a_group() {
    // azure-cli PR 30470 (az 2.68): with no filter, az deletes nothing and says so; `--yes`
    // is no filter.
    let none = "Please provide at least one of these arguments: --ids, --assignee, --role, --resource-group, --scope";
    check_error("az role assignment delete", 26, none, None);
    check_error("az role assignment delete --yes", 32, none, None);
    // azure-cli `_build_role_scope`.
    check_error(
        "az role assignment delete --scope kv -g rg",
        43,
        "Resource group \"rg\" is redundant because scope is supplied",
        None,
    );
    // Only `create` takes `--assignee-object-id`.
    assert!(
        error("az role assignment delete --assignee-object-id 0000 --scope kv")
            .message
            .contains("--assignee-object-id"),
    );
}

#[test]
fn vaults() {
    check(
        "az keyvault create --name kv-ade --resource-group rg --location westeurope --enabled-for-disk-encryption true --retention-days 7 --enable-purge-protection --enable-rbac-authorization FALSE",
        Command::VaultCreate(VaultCreate {
            name: s("kv-ade"),
            resource_group: s("rg"),
            location: s("westeurope"),
            subscription: None,
            sku: None,
            enabled_for_disk_encryption: Some(true),
            enabled_for_deployment: None,
            enabled_for_template_deployment: None,
            retention_days: Some(7),
            enable_purge_protection: Some(true),
            enable_rbac_authorization: Some(false),
            no_self_perms: false,
        }),
        "az keyvault create --name kv-ade --resource-group rg --location westeurope --enabled-for-disk-encryption true --retention-days 7 --enable-purge-protection true --enable-rbac-authorization false",
    );
    check(
        "az keyvault create -n kv2 -g rg -l eastus --subscription sub2 --no-self-perms --enabled-for-deployment=true --enabled-for-template-deployment false --sku Premium",
        Command::VaultCreate(VaultCreate {
            name: s("kv2"),
            resource_group: s("rg"),
            location: s("eastus"),
            subscription: Some(s("sub2")),
            sku: Some(Sku::Premium),
            enabled_for_disk_encryption: None,
            enabled_for_deployment: Some(true),
            enabled_for_template_deployment: Some(false),
            retention_days: None,
            enable_purge_protection: None,
            enable_rbac_authorization: None,
            no_self_perms: true,
        }),
        "az keyvault create --name kv2 --resource-group rg --location eastus --subscription sub2 --sku premium --enabled-for-deployment true --enabled-for-template-deployment false --no-self-perms",
    );
    check_canonical(
        "az keyvault update --name kv-ade --enabled-for-disk-encryption false --enabled-for-deployment true --enabled-for-template-deployment true --enable-purge-protection true --enable-rbac-authorization false",
        Command::VaultUpdate(VaultUpdate {
            name: s("kv-ade"),
            enabled_for_disk_encryption: Some(false),
            enabled_for_deployment: Some(true),
            enabled_for_template_deployment: Some(true),
            enable_purge_protection: Some(true),
            enable_rbac_authorization: Some(false),
        }),
    );
    check(
        "az keyvault set-policy --name kv-ade --spn ade-app --key-permissions wrapkey GET --secret-permissions set",
        Command::SetPolicy(SetPolicy {
            vault: s("kv-ade"),
            principal: PrincipalRef::Spn(s("ade-app")),
            key_permissions: Some(vec![KeyPerm::WrapKey, KeyPerm::Get]),
            secret_permissions: Some(vec![SecretPerm::Set]),
        }),
        "az keyvault set-policy --name kv-ade --spn ade-app --key-permissions wrapKey get --secret-permissions set",
    );
    check_canonical(
        "az keyvault set-policy --name kv-ade --upn admin@contoso.com --key-permissions purge rotate getrotationpolicy",
        Command::SetPolicy(SetPolicy {
            vault: s("kv-ade"),
            principal: PrincipalRef::Upn(s("admin@contoso.com")),
            key_permissions: Some(vec![
                KeyPerm::Purge,
                KeyPerm::Rotate,
                KeyPerm::GetRotationPolicy,
            ]),
            secret_permissions: None,
        }),
    );
    assert_eq!(
        parse("az keyvault set-policy --name kv --object-id 1234 --secret-permissions all"),
        Command::SetPolicy(SetPolicy {
            vault: s("kv"),
            principal: PrincipalRef::ObjectId(s("1234")),
            key_permissions: None,
            secret_permissions: Some(vec![
                SecretPerm::Get,
                SecretPerm::List,
                SecretPerm::Set,
                SecretPerm::Delete,
                SecretPerm::Recover,
                SecretPerm::Backup,
                SecretPerm::Restore,
                SecretPerm::Purge,
            ]),
        })
    );
    check_canonical(
        "az keyvault delete-policy --name kv-ade --spn ade-app",
        Command::DeletePolicy {
            vault: s("kv-ade"),
            principal: PrincipalRef::Spn(s("ade-app")),
        },
    );
    // The verbs that take only the vault's name.
    for (verb, expected) in [
        ("delete", Command::VaultDelete { name: s("kv-ade") }),
        ("recover", Command::VaultRecover { name: s("kv-ade") }),
        ("purge", Command::VaultPurge { name: s("kv-ade") }),
        ("show", Command::VaultShow { name: s("kv-ade") }),
        (
            "show-deleted",
            Command::VaultShowDeleted { name: s("kv-ade") },
        ),
    ] {
        check_canonical(&format!("az keyvault {verb} --name kv-ade"), expected);
    }
    let list = |group: Option<&str>| Command::VaultList {
        resource_group: group.map(s),
    };
    check_canonical("az keyvault list", list(None));
    check_canonical("az keyvault list --resource-group rg", list(Some("rg")));
    check(
        "az keyvault list -g rg",
        list(Some("rg")),
        "az keyvault list --resource-group rg",
    );
    check_canonical("az keyvault list-deleted", Command::VaultListDeleted);
    check(
        "az keyvault show-deleted -n kv-ade -l westeurope",
        Command::VaultShowDeleted { name: s("kv-ade") },
        "az keyvault show-deleted --name kv-ade",
    );
}

/// az's `keyvault` group takes an optional `-g/--resource-group` on the vault commands, and
/// `recover` and `purge` an optional `-l/--location` (azure-cli keyvault `_params.py`,
/// `recover_vault_or_hsm`, `purge_vault_or_hsm`). Keyfall accepts them and names vaults by their
/// global name, so the canonical line leaves them out.
#[test]
fn vault_commands_take_azs_resource_group_and_location() {
    check(
        // The ADE key-vault page's own line.
        "az keyvault update -n kv-ade -g rg --enabled-for-disk-encryption true",
        Command::VaultUpdate(VaultUpdate {
            name: s("kv-ade"),
            enabled_for_disk_encryption: Some(true),
            enabled_for_deployment: None,
            enabled_for_template_deployment: None,
            enable_purge_protection: None,
            enable_rbac_authorization: None,
        }),
        "az keyvault update --name kv-ade --enabled-for-disk-encryption true",
    );
    check(
        "az keyvault set-policy -n kv-ade -g rg --spn ade-app --key-permissions wrapKey",
        Command::SetPolicy(SetPolicy {
            vault: s("kv-ade"),
            principal: PrincipalRef::Spn(s("ade-app")),
            key_permissions: Some(vec![KeyPerm::WrapKey]),
            secret_permissions: None,
        }),
        "az keyvault set-policy --name kv-ade --spn ade-app --key-permissions wrapKey",
    );
    check(
        "az keyvault delete-policy --resource-group rg --name kv-ade --upn a@contoso.com",
        Command::DeletePolicy {
            vault: s("kv-ade"),
            principal: PrincipalRef::Upn(s("a@contoso.com")),
        },
        "az keyvault delete-policy --name kv-ade --upn a@contoso.com",
    );
    for (line, canonical) in [
        (
            "az keyvault delete -n kv-ade -g rg",
            "az keyvault delete --name kv-ade",
        ),
        (
            "az keyvault show -g rg -n kv-ade",
            "az keyvault show --name kv-ade",
        ),
        (
            "az keyvault recover -n kv-ade -g rg -l westeurope",
            "az keyvault recover --name kv-ade",
        ),
        (
            "az keyvault purge --name kv-ade --location westeurope",
            "az keyvault purge --name kv-ade",
        ),
    ] {
        assert_eq!(parse(line).to_string(), canonical, "{line}");
    }
    // az's `purge_vault_or_hsm` has no resource group: a deleted vault is found by location.
    check_error(
        "az keyvault purge -n kv-ade -g rg",
        29,
        "unknown flag -g for `az keyvault purge`",
        None,
    );
}

#[test]
fn keys() {
    let key = |name: &str, kty| KeyCreate {
        vault: s("kv-ade"),
        name: s(name),
        kty,
        ..KeyCreate::default()
    };
    let vk = |f: fn(String, String) -> Command| f(s("kv-ade"), s("kek"));
    check(
        "az keyvault key create --vault-name kv-ade --name kek --kty rsa-hsm --size 3072",
        Command::KeyCreate(KeyCreate {
            size: Some(3072),
            ..key("kek", Some(KeyType::RsaHsm))
        }),
        "az keyvault key create --vault-name kv-ade --name kek --kty RSA-HSM --size 3072",
    );
    check_canonical(
        "az keyvault key create --vault-name kv-ade --name k2",
        Command::KeyCreate(key("k2", None)),
    );
    // `--protection` is read into `--kty` as az's `validate_key_type` does; `--ops` is accepted;
    // `--expires` and `--not-before` take az's date-time forms at midnight.
    check(
        "az keyvault key create --vault-name kv-ade --name k3 --protection hsm --ops wrapKey unwrapKey --expires 2027-01-01T00:00:00Z --not-before 2026-02-01",
        Command::KeyCreate(KeyCreate {
            expires: on(2027, 1, 1),
            not_before: on(2026, 2, 1),
            ..key("k3", Some(KeyType::RsaHsm))
        }),
        "az keyvault key create --vault-name kv-ade --name k3 --kty RSA-HSM --expires 2027-01-01 --not-before 2026-02-01",
    );
    check(
        "az keyvault key create --vault-name kv-ade --name k4 --kty EC --protection hsm",
        Command::KeyCreate(key("k4", Some(KeyType::EcHsm))),
        "az keyvault key create --vault-name kv-ade --name k4 --kty EC-HSM",
    );
    check(
        "az keyvault key create --vault-name kv-ade --name k5 --protection software",
        Command::KeyCreate(key("k5", None)),
        "az keyvault key create --vault-name kv-ade --name k5",
    );
    let e = error(
        "az keyvault key create --vault-name kv --name k --kty RSA-HSM --protection software",
    );
    assert_eq!(
        e.message,
        "The key type {} is invalid for software protected keys. Omit --protection"
    );
    error("az keyvault key create --vault-name kv --name k --protection cloud");
    error("az keyvault key create --vault-name kv --name k --ops wrap");
    check_canonical(
        "az keyvault key rotate --vault-name kv-ade --name kek",
        vk(|vault, name| Command::KeyRotate { vault, name }),
    );
    let policy = Command::KeyRotationPolicyUpdate {
        vault: s("kv-ade"),
        name: s("kek"),
        policy: keyfall_core::RotationPolicySpec::rotate_every(
            keyfall_core::Period::parse("P90D").expect("period"),
        ),
    };
    check_canonical(
        r#"az keyvault key rotation-policy update --vault-name kv-ade --name kek --value '{"lifetimeActions":[{"trigger":{"timeAfterCreate":"P90D"},"action":{"type":"Rotate"}}]}'"#,
        policy.clone(),
    );
    assert_eq!(
        parse(
            r#"az keyvault key rotation-policy update --vault-name kv-ade --name kek --value '{"lifetime_actions":[{"action":"rotate","time_after_create":"P90D"}]}'"#
        ),
        policy
    );
}

#[test]
fn secrets() {
    check(
        r#"az keyvault secret set --vault-name kv --name bek --value "s3cret value" --tags DiskEncryptionKeyFileName=LinuxPassPhraseFileName 'MachineName=vm 1' flag --content-type BEK"#,
        Command::SecretSet(SecretSet {
            vault: s("kv"),
            name: s("bek"),
            value: s("s3cret value"),
            content_type: Some(s("BEK")),
            tags: vec![
                (s("DiskEncryptionKeyFileName"), s("LinuxPassPhraseFileName")),
                (s("MachineName"), s("vm 1")),
                (s("flag"), s("")),
            ],
            ..Default::default()
        }),
        r#"az keyvault secret set --vault-name kv --name bek --value "s3cret value" --content-type BEK --tags DiskEncryptionKeyFileName=LinuxPassPhraseFileName "MachineName=vm 1" flag="#,
    );
    check_canonical(
        r#"az keyvault secret set --vault-name kv --name empty --value """#,
        Command::SecretSet(SecretSet {
            vault: s("kv"),
            name: s("empty"),
            value: s(""),
            content_type: None,
            tags: vec![],
            ..Default::default()
        }),
    );
}

#[test]
fn secret_set_takes_its_dates_and_disabled_and_asks_for_a_value() {
    // azure-cli `_params.py` (`secret set`: `--expires`, `--not-before`, `--disabled`) and
    // `process_secret_set_namespace` ("incorrect usage: [Required] --value VALUE | --file PATH").
    check(
        "az keyvault secret set --vault-name kv --name s --value v --disabled true --expires 2027-01-01",
        Command::SecretSet(SecretSet {
            vault: s("kv"),
            name: s("s"),
            value: s("v"),
            expires: Some(Date {
                year: 2027,
                month: 1,
                day: 1,
            }),
            disabled: true,
            ..Default::default()
        }),
        "az keyvault secret set --vault-name kv --name s --value v --expires 2027-01-01 --disabled",
    );
    check_error(
        "az keyvault secret set --vault-name kv --name s",
        48,
        "incorrect usage: [Required] --value VALUE | --file PATH",
        None,
    );
}

#[test]
fn verbs_keys_and_secrets_share() {
    // `az keyvault key|secret <op>`: one command, the same verbs and flags for both kinds.
    for kind in ObjectKind::ALL.iter().copied() {
        let az = |rest: &str| format!("az keyvault {kind} {rest}");
        let object = |op| Command::object(kind, "kv", "obj", op);
        for (verb, op) in [
            ("delete", ObjectOp::Delete),
            ("recover", ObjectOp::Recover),
            ("purge", ObjectOp::Purge),
            ("list-versions", ObjectOp::ListVersions),
            ("show", ObjectOp::Show { version: None }),
            ("show-deleted", ObjectOp::ShowDeleted),
        ] {
            check_canonical(
                &az(&format!("{verb} --vault-name kv --name obj")),
                object(op),
            );
        }
        check_canonical(
            &az("show --vault-name kv --name obj --version @2"),
            object(ObjectOp::Show {
                version: Some(VersionRef::Ordinal(2)),
            }),
        );
        check_canonical(
            &az(
                "set-attributes --vault-name kv --name obj --version 3f2a --enabled false --expires 2027-01-01",
            ),
            object(ObjectOp::SetAttributes {
                version: Some(VersionRef::Id(s("3f2a"))),
                enabled: Some(false),
                not_before: None,
                expires: on(2027, 1, 1),
            }),
        );
        check(
            &az(
                "set-attributes --vault-name kv --name obj --expires 2027-01-01T00:00:00Z --not-before 2026-06-01T00Z",
            ),
            object(ObjectOp::SetAttributes {
                version: None,
                enabled: None,
                expires: on(2027, 1, 1),
                not_before: on(2026, 6, 1),
            }),
            &az(
                "set-attributes --vault-name kv --name obj --expires 2027-01-01 --not-before 2026-06-01",
            ),
        );
        // az takes any time of day; Keyfall's dates have none, so it takes midnight only.
        error(&az(
            "set-attributes --vault-name kv --name obj --expires 2027-01-01T12:30:00Z",
        ));
        error(&az(
            "set-attributes --vault-name kv --name obj --not-before 2027-01-01Z",
        ));
        check_canonical(
            &az("set-attributes --vault-name kv --name obj --enabled true"),
            object(ObjectOp::SetAttributes {
                version: None,
                enabled: Some(true),
                not_before: None,
                expires: None,
            }),
        );
        check_canonical(
            &az("backup --vault-name kv --name obj --file obj.blob"),
            object(ObjectOp::Backup {
                file: s("obj.blob"),
            }),
        );
        for (verb, deleted) in [("list", false), ("list-deleted", true)] {
            check_canonical(
                &az(&format!("{verb} --vault-name kv")),
                Command::ObjectList {
                    kind,
                    vault: s("kv"),
                    deleted,
                },
            );
        }
        check_canonical(
            &az("restore --vault-name kv-other --file obj.blob"),
            Command::ObjectRestore {
                kind,
                vault: s("kv-other"),
                file: s("obj.blob"),
            },
        );
    }
}

#[test]
fn vms_and_ade() {
    check(
        "az vm create -n vm1 -g rg -l westeurope --image Ubuntu2204 --os-disk-encryption-set des1 --subscription sub1",
        Command::VmCreate(VmCreate {
            name: s("vm1"),
            resource_group: s("rg"),
            location: s("westeurope"),
            image: s("Ubuntu2204"),
            subscription: Some(s("sub1")),
            os_disk_encryption_set: Some(s("des1")),
            ..Default::default()
        }),
        "az vm create --name vm1 --resource-group rg --location westeurope --image Ubuntu2204 --subscription sub1 --os-disk-encryption-set des1",
    );
    let enable = |edit: fn(&mut EncryptionEnable)| {
        let mut a = EncryptionEnable {
            vm: s("vm1"),
            resource_group: s("rg"),
            vault: VaultRef::Name(s("kv-ade")),
            key_encryption_keyvault: None,
            key_encryption_key: None,
            key_encryption_algorithm: None,
            volume_type: None,
            encrypt_format_all: false,
            force: false,
            aad_client_id: None,
            aad_client_secret: false,
            aad_client_cert_thumbprint: None,
        };
        edit(&mut a);
        Command::EncryptionEnable(a)
    };
    check_canonical(
        "az vm encryption enable --name vm1 --resource-group rg --disk-encryption-keyvault kv-ade",
        enable(|_| {}),
    );
    // The legacy flow: the secret is read and dropped, and printed as ***.
    check(
        "az vm encryption enable --name vm1 --resource-group rg --disk-encryption-keyvault kv-ade --key-encryption-key kek --volume-type os --aad-client-id ade-app --aad-client-secret 'p@ss word'",
        enable(|a| {
            a.key_encryption_key = Some(KeyRef::Name(s("kek")));
            a.volume_type = Some(VolumeType::Os);
            a.aad_client_id = Some(s("ade-app"));
            a.aad_client_secret = true;
        }),
        "az vm encryption enable --name vm1 --resource-group rg --disk-encryption-keyvault kv-ade --key-encryption-key kek --volume-type OS --aad-client-id ade-app --aad-client-secret ***",
    );
    // azure-cli `encrypt_vm` and `_params.py`: vaults by name or id, the KEK by name or
    // identifier, the wrap algorithm, and two switches.
    check(
        "az vm encryption enable -n vm1 -g rg --force --disk-encryption-keyvault /subscriptions/sub1/resourcegroups/rg/providers/microsoft.keyvault/vaults/kv-ade --key-encryption-keyvault kv-kek --key-encryption-key https://KV-KEK.vault.azure.net/keys/kek/0a1b --key-encryption-algorithm rsa-oaep-256 --encrypt-format-all",
        enable(|a| {
            a.vault = VaultRef::Id {
                subscription: s("sub1"),
                resource_group: s("rg"),
                name: s("kv-ade"),
            };
            a.key_encryption_keyvault = Some(VaultRef::Name(s("kv-kek")));
            a.key_encryption_key = Some(KeyRef::Url {
                vault: s("KV-KEK"),
                name: s("kek"),
                version: Some(s("0a1b")),
            });
            a.key_encryption_algorithm = Some(KeyEncryptionAlgorithm::RsaOaep256);
            a.encrypt_format_all = true;
            a.force = true;
        }),
        "az vm encryption enable --name vm1 --resource-group rg --disk-encryption-keyvault /subscriptions/sub1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-ade --key-encryption-keyvault kv-kek --key-encryption-key https://KV-KEK.vault.azure.net/keys/kek/0a1b --key-encryption-algorithm RSA-OAEP-256 --encrypt-format-all --force",
    );
    check_canonical(
        "az vm encryption enable --name vm1 --resource-group rg --disk-encryption-keyvault kv-ade --key-encryption-key https://kv-ade.vault.azure.net/keys/kek",
        enable(|a| {
            a.key_encryption_key = Some(KeyRef::Url {
                vault: s("kv-ade"),
                name: s("kek"),
                version: None,
            })
        }),
    );
    // `--key-encryption-keyvault` alone parses: az's own validator refuses it (a CLI error).
    check_canonical(
        "az vm encryption enable --name vm1 --resource-group rg --disk-encryption-keyvault kv-ade --key-encryption-keyvault kv-kek",
        enable(|a| a.key_encryption_keyvault = Some(VaultRef::Name(s("kv-kek")))),
    );
    check_canonical(
        "az vm encryption disable --name vm1 --resource-group rg --volume-type OS --force",
        Command::EncryptionDisable {
            vm: s("vm1"),
            resource_group: s("rg"),
            volume_type: Some(VolumeType::Os),
            force: true,
        },
    );
    let vr = |f: fn(String, String) -> Command| f(s("vm1"), s("rg"));
    for (words, expected) in [
        (
            "vm encryption disable",
            vr(|vm, resource_group| Command::EncryptionDisable {
                vm,
                resource_group,
                volume_type: None,
                force: false,
            }),
        ),
        (
            "vm encryption show",
            vr(|vm, resource_group| Command::EncryptionShow { vm, resource_group }),
        ),
    ] {
        check_canonical(
            &format!("az {words} --name vm1 --resource-group rg"),
            expected,
        );
    }
    for &power in Power::ALL {
        check_canonical(
            &format!("az vm {} --name vm1 --resource-group rg", power.name()),
            Command::vm_power(power, "vm1", "rg"),
        );
    }
}

#[test]
fn disk_encryption_sets() {
    let des = |key_version, enable_auto_key_rotation| {
        Command::DesCreate(DesCreate {
            name: s("des1"),
            resource_group: s("rg"),
            location: s("westeurope"),
            source_vault: s("kv-cmk"),
            key: s("cmk"),
            key_version,
            enable_auto_key_rotation,
        })
    };
    check(
        "az disk-encryption-set create --name des1 -g rg -l westeurope --source-vault kv-cmk --key-url https://KV-CMK.vault.azure.net/keys/cmk/0a1b2c/ --enable-auto-key-rotation",
        des(Some(VersionRef::Id(s("0a1b2c"))), Some(true)),
        "az disk-encryption-set create --name des1 --resource-group rg --location westeurope --source-vault kv-cmk --key-url https://kv-cmk.vault.azure.net/keys/cmk/0a1b2c --enable-auto-key-rotation true",
    );
    check_canonical(
        "az disk-encryption-set create --name des1 --resource-group rg --location westeurope --source-vault kv-cmk --key-url https://kv-cmk.vault.azure.net/keys/cmk",
        des(None, None),
    );
    // Keyfall's `@N` names the N-th version in the URL as `--version @N` does.
    check_canonical(
        "az disk-encryption-set create --name des1 --resource-group rg --location westeurope --source-vault kv-cmk --key-url https://kv-cmk.vault.azure.net/keys/cmk/@2",
        des(Some(VersionRef::Ordinal(2)), None),
    );
    // azure-cli vm `operations/disk_encryption_set.py`: `--source-vault` may be left out; the
    // key URL names the vault.
    check(
        "az disk-encryption-set create --name des1 --resource-group rg --location westeurope --key-url https://kv-cmk.vault.azure.net/keys/cmk/@2",
        des(Some(VersionRef::Ordinal(2)), None),
        "az disk-encryption-set create --name des1 --resource-group rg --location westeurope --source-vault kv-cmk --key-url https://kv-cmk.vault.azure.net/keys/cmk/@2",
    );
}

#[test]
fn azure_backup() {
    check_canonical(
        "az backup vault create --name rsv --resource-group rg --location westeurope",
        Command::BackupVaultCreate {
            name: s("rsv"),
            resource_group: s("rg"),
            location: s("westeurope"),
        },
    );
    check_canonical(
        "az backup protection enable-for-vm --vault-name rsv --resource-group rg --vm vm1 --policy-name DefaultPolicy",
        Command::BackupProtect {
            vault: s("rsv"),
            resource_group: s("rg"),
            vm: s("vm1"),
            policy: s("DefaultPolicy"),
        },
    );
    let item = BackupItem {
        vault: s("rsv"),
        resource_group: s("rg"),
        container: s("vm1"),
        item: s("vm1"),
    };
    let flags = "--vault-name rsv --resource-group rg --container-name vm1 --item-name vm1";
    check_canonical(
        &format!("az backup protection backup-now {flags}"),
        Command::BackupNow(item.clone(), None),
    );
    check_canonical(
        &format!("az backup recoverypoint list {flags}"),
        Command::RecoveryPointList(item.clone()),
    );
    check_canonical(
        &format!("az backup restore restore-disks {flags} --rp-name rp-1 --storage-account sa1"),
        Command::RestoreDisks {
            item,
            rp: s("rp-1"),
            storage_account: s("sa1"),
            target_resource_group: None,
        },
    );
}

#[test]
fn simulation_verbs() {
    check_canonical(
        "sim as ade-app az keyvault key delete --vault-name kv-ade --name kek",
        Command::As {
            principal: s("ade-app"),
            command: Box::new(Command::object(
                ObjectKind::Key,
                "kv-ade",
                "kek",
                ObjectOp::Delete,
            )),
        },
    );
    check_canonical("sim advance 30d", Command::Advance(SimDuration::days(30)));
    check_canonical("sim advance 6h", Command::Advance(SimDuration::hours(6)));
    check_canonical("sim advance 15m", Command::Advance(SimDuration(900)));
    check_canonical(
        "sim advance 1d12h",
        Command::Advance(SimDuration::hours(36)),
    );
    check(
        "sim advance 36h",
        Command::Advance(SimDuration::hours(36)),
        "sim advance 1d12h",
    );
    check(
        r#"sim write vm1 /data/payroll.csv "alice,42000""#,
        Command::Write {
            vm: s("vm1"),
            path: s("/data/payroll.csv"),
            content: s("alice,42000"),
        },
        r#"sim write vm1 /data/payroll.csv "alice,42000""#,
    );
    check_canonical(
        r#"sim write vm1 /data/notes.txt "a \"quoted\" # not a comment""#,
        Command::Write {
            vm: s("vm1"),
            path: s("/data/notes.txt"),
            content: s(r#"a "quoted" # not a comment"#),
        },
    );
    check_canonical(
        "sim read vm1 /data/payroll.csv",
        Command::Read {
            vm: s("vm1"),
            path: s("/data/payroll.csv"),
        },
    );
    check_canonical(
        "sim restore-keys rsv vm1 rp-1 --vault kv-ade",
        Command::RestoreKeys {
            point: PointRef::new("rsv", "vm1", "rp-1"),
            vault: s("kv-ade"),
        },
    );
    check(
        "sim restore-vm rsv vm1 rp-1 -n vm1-restored",
        Command::RestoreVm {
            point: PointRef::new("rsv", "vm1", "rp-1"),
            name: s("vm1-restored"),
        },
        "sim restore-vm rsv vm1 rp-1 --name vm1-restored",
    );
    check_canonical("sim expect ok", Command::Expect(Expectation::Ok));
    check_canonical(
        "sim expect error UserErrorKeyVaultPermissionsNotConfigured",
        Command::Expect(Expectation::Error(
            ErrorCode::UserErrorKeyVaultPermissionsNotConfigured,
        )),
    );
}

#[test]
fn expect_error_takes_only_real_codes() {
    let e =
        parse_line("sim expect error KeyNotFuond").expect_err("a misspelt code is a parse error");
    assert_eq!((e.line, e.column), (1, 18));
    assert!(e.message.contains("unknown error code"), "{}", e.message);
    assert_eq!(e.suggestion.as_deref(), Some("KeyNotFound"));
    // az's codes are case-sensitive words, but a case slip is read as the code it names.
    assert_eq!(
        parse_line("sim expect error forbidden").map(|c| c.map(|c| c.to_string())),
        Ok(Some("sim expect error Forbidden".to_owned()))
    );
}

// ---- Conventions ----

#[test]
fn comments_and_blank_lines() {
    assert_eq!(parse_line(""), Ok(None));
    assert_eq!(parse_line("   \t "), Ok(None));
    assert_eq!(parse_line("# a comment"), Ok(None));
    assert_eq!(parse_line("   # indented comment"), Ok(None));
    assert_eq!(
        parse("sim expect ok # trailing"),
        Command::Expect(Expectation::Ok)
    );
    assert_eq!(
        parse("sim expect ok#glued"),
        Command::Expect(Expectation::Ok)
    );
    assert_eq!(
        parse("az keyvault show --name \"kv#1\""),
        Command::VaultShow { name: s("kv#1") },
    );
}

#[test]
fn quoted_values_are_never_flags_or_ordinals() {
    assert_eq!(
        parse(r#"az keyvault show --name "-odd""#),
        Command::VaultShow { name: s("-odd") }
    );
    assert_eq!(
        parse(r#"az keyvault key show --vault-name kv --name k --version="@3""#),
        Command::object(
            ObjectKind::Key,
            "kv",
            "k",
            ObjectOp::Show {
                version: Some(VersionRef::Id(s("@3")))
            }
        )
    );
    let c = Command::object(
        ObjectKind::Key,
        "kv",
        "k",
        ObjectOp::Show {
            version: Some(VersionRef::Id(s("@3"))),
        },
    );
    assert_eq!(
        c.to_string(),
        r#"az keyvault key show --vault-name kv --name k --version "@3""#
    );
}

#[test]
fn scripts_keep_file_line_numbers() {
    let script = parse_script(
        "\u{feff}# lesson 3\r\naz keyvault create -n kv -g rg -l westeurope\r\n\r\nsim advance 1d # wait\nsim expect ok\n",
    )
    .expect("parses");
    let lines: Vec<usize> = script.lines.iter().map(|l| l.line).collect();
    assert_eq!(lines, [2, 4, 5]);
    assert_eq!(script.lines[1].command, Command::Advance(SimDuration::DAY));
    assert_eq!(
        script.to_string(),
        "az keyvault create --name kv --resource-group rg --location westeurope\nsim advance 1d\nsim expect ok\n"
    );
    assert_eq!(
        parse_script(&script.to_string()).map(|s| s.lines.len()),
        Ok(3)
    );
}

#[test]
fn scripts_stop_at_the_first_error_with_its_file_line() {
    let e = parse_script("sim expect ok\n\n# typo below\naz keyvault key create --vault-nme kv --name kek\nsim bogus\n")
        .expect_err("line 4 is wrong");
    assert_eq!((e.line, e.column), (4, 24));
    assert_eq!(
        e.to_string(),
        "4:24: unknown flag --vault-nme for `az keyvault key create` (did you mean --vault-name?)"
    );
}

// ---- Errors ----

/// Checks an error's column, message and suggestion.
fn check_error(line: &str, column: usize, message: &str, suggestion: Option<&str>) {
    let e = error(line);
    assert_eq!(
        (
            e.line,
            e.column,
            e.message.as_str(),
            e.suggestion.as_deref()
        ),
        (1, column, message, suggestion),
        "{line}"
    );
}

#[test]
fn typo_in_a_command_word() {
    check_error(
        "azz vm start",
        1,
        "unknown command azz: a line starts with az, sim or #",
        Some("az"),
    );
    check_error(
        "az keyvalt show --name kv",
        4,
        "unknown subcommand keyvalt for `az`",
        Some("keyvault"),
    );
    check_error(
        "az keyvault key delte --vault-name kv --name kek",
        17,
        "unknown subcommand delte for `az keyvault key`",
        Some("delete"),
    );
    check_error(
        "sim expect eror Forbidden",
        12,
        "unknown subcommand eror for `sim expect`",
        Some("error"),
    );
    check_error(
        "sim avance 1d",
        5,
        "unknown subcommand avance for `sim`",
        Some("advance"),
    );
    check_error(
        "az vm explode --name vm1",
        7,
        "unknown subcommand explode for `az vm`",
        None,
    );
}

#[test]
fn incomplete_commands_list_what_may_follow() {
    check_error(
        "az backup protection",
        21,
        "incomplete command `az backup protection`: expected one of enable-for-vm, backup-now, disable",
        None,
    );
    check_error(
        "az keyvault --name kv",
        13,
        "incomplete command `az keyvault`: expected one of create, update, set-policy, delete-policy, delete, recover, purge, show, list, list-deleted, show-deleted, key, secret",
        None,
    );
}

#[test]
fn typo_in_a_flag() {
    let e = error("az keyvault key create --vault-nme kv-ade --name kek");
    assert_eq!(
        e.to_string(),
        "1:24: unknown flag --vault-nme for `az keyvault key create` (did you mean --vault-name?)"
    );
    check_error(
        "az keyvault key show --vault-name kv --name k --vers @1",
        47,
        "unknown flag --vers for `az keyvault key show`",
        Some("--version"),
    );
    check_error(
        "az vm start -x vm1",
        13,
        "unknown flag -x for `az vm start`",
        None,
    );
    // A short alias is only valid where its long flag is.
    check_error(
        "az keyvault key restore --vault-name kv -n x",
        41,
        "unknown flag -n for `az keyvault key restore`",
        None,
    );
}

#[test]
fn typo_in_a_value() {
    check_error(
        "az keyvault set-policy --name kv --spn app --key-permissions get wrapKeyy",
        66,
        "unknown key permission wrapKeyy for --key-permissions",
        Some("wrapKey"),
    );
    check_error(
        "az keyvault set-policy --name kv --spn app --secret-permissions get,list",
        65,
        "--secret-permissions takes permissions separated by spaces, not commas",
        Some("get list"),
    );
    check_error(
        "az keyvault set-policy --name kv --spn app --key-permissions al",
        62,
        "unknown key permission al for --key-permissions",
        Some("all"),
    );
    check_error(
        r#"az role assignment create --assignee app --role "Key Vault Crypto Servce Encryption User" --scope kv"#,
        49,
        r#"unknown role "Key Vault Crypto Servce Encryption User" for --role"#,
        Some(r#""Key Vault Crypto Service Encryption User""#),
    );
    check_error(
        "az keyvault key set-attributes --vault-name kv --name k --enabled ture",
        67,
        "unknown value ture for --enabled: expected one of true, false",
        Some("true"),
    );
    check_error(
        "az keyvault key create --vault-name kv --name k --kty RSB",
        55,
        "unknown key type RSB for --kty: expected one of RSA, RSA-HSM, EC, EC-HSM, oct",
        Some("RSA"),
    );
    check_error(
        "az keyvault key set-attributes --vault-name kv --name k --expires 2027-02-30",
        67,
        "bad value 2027-02-30 for --expires: expected a UTC date as YYYY-MM-DD or YYYY-MM-DDT00:00:00Z (Keyfall keeps dates to the day: midnight only)",
        None,
    );
    check_error(
        "az keyvault key show --vault-name kv --name k --version @0",
        57,
        "bad value @0 for --version: expected a version id, a prefix of one, or @N counting from @1",
        None,
    );
    check_error(
        "sim advance 3days",
        13,
        "bad value 3days for sim advance: expected a duration such as 30d, 6h, 15m or 1d12h",
        None,
    );
    check_error(
        "sim advance 1h1d",
        13,
        "bad value 1h1d for sim advance: expected a duration such as 30d, 6h, 15m or 1d12h",
        None,
    );
    check_error(
        "az keyvault create -n kv -g rg -l westeurope --retention-days seven",
        63,
        "bad value seven for --retention-days: expected a whole number",
        None,
    );
    // The column of a `--flag=value` value is the value's own.
    check_error(
        "az keyvault key show --vault-name kv --name k --version=@x",
        57,
        "bad value @x for --version: expected a version id, a prefix of one, or @N counting from @1",
        None,
    );
}

#[test]
fn missing_things_point_past_the_end() {
    check_error(
        "az keyvault key create --vault-name kv   # no --name",
        39,
        "missing required flag --name for `az keyvault key create`",
        None,
    );
    check_error(
        "sim write vm1 /data/x",
        22,
        "missing CONTENT: usage `sim write VM PATH CONTENT`",
        None,
    );
    check_error(
        "sim restore-keys rsv vm1 rp-1",
        30,
        "missing required flag --vault for `sim restore-keys`",
        None,
    );
    check_error("az vm start --name", 13, "--name needs a value", None);
    check_error(
        "az vm start --name --resource-group rg",
        13,
        "--name needs a value",
        None,
    );
    // azure-cli keyvault `validate_principal` and `validate_policy_permissions`.
    check_error(
        "az keyvault set-policy --name kv --key-permissions get",
        55,
        "specify exactly one: --object-id, --spn, --upn",
        None,
    );
    check_error(
        "az keyvault set-policy --name kv --spn app",
        43,
        "specify at least one: --key-permissions, --secret-permissions, --certificate-permissions --storage-permissions",
        None,
    );
}

#[test]
fn flags_that_clash() {
    check_error(
        "az vm start -n vm1 -g rg --name vm2",
        26,
        "duplicate flag --name: already given at column 13",
        None,
    );
    check_error(
        "az keyvault set-policy --name kv --spn app --upn someone",
        44,
        "specify exactly one: --object-id, --spn, --upn",
        None,
    );
    // There is no such flag in az: the version comes with a key identifier (azure-cli
    // `_params.py`).
    check_error(
        "az vm encryption enable -n vm1 -g rg --disk-encryption-keyvault kv --key-encryption-key-version @1",
        68,
        "unknown flag --key-encryption-key-version for `az vm encryption enable`",
        Some("--key-encryption-keyvault"),
    );
    check_error(
        "az vm encryption enable -n vm1 -g rg --disk-encryption-keyvault kv1 --key-encryption-key https://kv2.vault.azure.net/keys/k",
        90,
        "--key-encryption-key points into vault kv2 but --disk-encryption-keyvault is kv1",
        None,
    );
    check_error(
        "az vm encryption enable -n vm1 -g rg --disk-encryption-keyvault kv1 --key-encryption-key https://kv1.vault.azure.net/secrets/k",
        90,
        "bad value https://kv1.vault.azure.net/secrets/k for --key-encryption-key: expected a key name, or a key identifier such as https://kv.vault.azure.net/keys/kek[/VERSION]",
        None,
    );
    check_error(
        "az vm encryption enable -n vm1 -g rg --disk-encryption-keyvault /subscriptions/s/vaults/kv",
        65,
        "bad value /subscriptions/s/vaults/kv for --disk-encryption-keyvault: expected a vault name, or an id such as /subscriptions/SUB/resourceGroups/RG/providers/Microsoft.KeyVault/vaults/NAME",
        None,
    );
    check_error(
        "az vm encryption enable -n vm1 -g rg --disk-encryption-keyvault kv --key-encryption-algorithm RSA-OEAP",
        95,
        "unknown key encryption algorithm RSA-OEAP for --key-encryption-algorithm: expected one of RSA-OAEP, RSA-OAEP-256, RSA1_5",
        Some("RSA-OAEP"),
    );
    check_error(
        "az vm encryption disable -n vm1 -g rg --force true",
        47,
        "unexpected argument true for `az vm encryption disable`",
        None,
    );
    check_error(
        "az disk-encryption-set create -n d -g rg -l westeurope --source-vault kv1 --key-url https://kv2.vault.azure.net/keys/k",
        85,
        "--key-url points into vault kv2 but --source-vault is kv1",
        None,
    );
}

#[test]
fn stray_words() {
    check_error(
        "az vm start vm1",
        13,
        "unexpected argument vm1 for `az vm start`",
        None,
    );
    check_error(
        "az keyvault key create --vault-name kv --name my key",
        50,
        "unexpected argument key for `az keyvault key create` (quote values that contain spaces)",
        None,
    );
}

#[test]
fn unterminated_quotes_point_at_the_quote() {
    check_error(
        r#"az keyvault show --name "kv"#,
        25,
        "unterminated quote",
        None,
    );
    check_error("sim write vm1 /x 'abc", 18, "unterminated quote", None);
}

#[test]
fn sim_as_nests_with_columns_in_the_outer_line() {
    check_error(
        "sim as ade-app az keyvault key create --vault-nam kv --name kek",
        39,
        "unknown flag --vault-nam for `az keyvault key create`",
        Some("--vault-name"),
    );
    check_error(
        "sim as ade-app az keyvault key create --vault-name kv",
        54,
        "missing required flag --name for `az keyvault key create`",
        None,
    );
    check_error(
        "sim as ade-app sim advance 1d",
        16,
        "`sim as` runs an az command, not sim",
        None,
    );
    check_error(
        "sim as ade-app",
        15,
        "missing COMMAND: usage `sim as PRINCIPAL COMMAND`",
        None,
    );
    check_error(
        "sim as",
        7,
        "missing PRINCIPAL: usage `sim as PRINCIPAL COMMAND`",
        None,
    );
}

#[test]
fn columns_count_chars_and_messages_stay_readable() {
    // "é" is two bytes but one column.
    check_error(
        "az keyvault show --nàme kv",
        18,
        "unknown flag --nàme for `az keyvault show`",
        Some("--name"),
    );
    let e = error("az vm start --name vm1 -g rg \u{7}bell");
    assert_eq!(e.column, 30);
    assert!(e.message.contains("\\u{7}bell"), "{}", e.message);
    let long = format!("az vm start --{}", "x".repeat(100_000));
    let e = error(&long);
    assert_eq!((e.column, e.suggestion), (13, None));
    assert!(e.message.chars().count() < 120, "{}", e.message);
}

#[test]
fn errors_are_std_errors() {
    fn takes(_: &dyn std::error::Error) {}
    takes(&error("nope"));
}

/// az's 'Id' argument group (azure-cli keyvault `_params.py`): `--id` names a key or secret by
/// its identifier instead of `--vault-name`/`--name`, a versioned one selects that version, and
/// recover, purge and show-deleted take the recovery id (`deletedkeys/NAME`). The canonical line
/// names the object by vault and name.
#[test]
fn objects_by_id() {
    let show = |kind, version| Command::object(kind, "kv", "kek", ObjectOp::Show { version });
    check(
        "az keyvault key show --id https://kv.vault.azure.net/keys/kek",
        show(ObjectKind::Key, None),
        "az keyvault key show --vault-name kv --name kek",
    );
    check(
        "az keyvault key show --id https://kv.vault.azure.net/keys/kek/3f2a",
        show(ObjectKind::Key, Some(VersionRef::Id(s("3f2a")))),
        "az keyvault key show --vault-name kv --name kek --version 3f2a",
    );
    check(
        "az keyvault secret show --id https://kv.vault.azure.net/secrets/kek/3f2a",
        show(ObjectKind::Secret, Some(VersionRef::Id(s("3f2a")))),
        "az keyvault secret show --vault-name kv --name kek --version 3f2a",
    );
    check(
        "az keyvault key set-attributes --id https://kv.vault.azure.net/keys/kek/3f2a --enabled false",
        Command::object(
            ObjectKind::Key,
            "kv",
            "kek",
            ObjectOp::SetAttributes {
                version: Some(VersionRef::Id(s("3f2a"))),
                enabled: Some(false),
                not_before: None,
                expires: None,
            },
        ),
        "az keyvault key set-attributes --vault-name kv --name kek --version 3f2a --enabled false",
    );
    for (verb, op) in [
        ("delete", ObjectOp::Delete),
        ("list-versions", ObjectOp::ListVersions),
        (
            "backup",
            ObjectOp::Backup {
                file: s("kek.blob"),
            },
        ),
    ] {
        let file = if verb == "backup" {
            " --file kek.blob"
        } else {
            ""
        };
        check(
            &format!("az keyvault key {verb} --id https://kv.vault.azure.net/keys/kek{file}"),
            Command::object(ObjectKind::Key, "kv", "kek", op),
            &format!("az keyvault key {verb} --vault-name kv --name kek{file}"),
        );
    }
    for (verb, op) in [
        ("recover", ObjectOp::Recover),
        ("purge", ObjectOp::Purge),
        ("show-deleted", ObjectOp::ShowDeleted),
    ] {
        check(
            &format!("az keyvault secret {verb} --id https://kv.vault.azure.net/deletedsecrets/s"),
            Command::object(ObjectKind::Secret, "kv", "s", op),
            &format!("az keyvault secret {verb} --vault-name kv --name s"),
        );
    }
    check(
        "az keyvault key rotate --id https://kv.vault.azure.net/keys/kek",
        Command::KeyRotate {
            vault: s("kv"),
            name: s("kek"),
        },
        "az keyvault key rotate --vault-name kv --name kek",
    );
    // Neither both ways at once, nor a key's id for a secret, nor a recovery id for a live read.
    let e = error("az keyvault key show --id https://kv.vault.azure.net/keys/kek --name kek");
    assert!(e.message.contains("--name conflicts with --id"), "{e:?}");
    let e = error("az keyvault secret show --id https://kv.vault.azure.net/keys/kek");
    assert!(e.message.contains("--id"), "{e:?}");
    error("az keyvault key show --id https://kv.vault.azure.net/deletedkeys/kek");
    error("az keyvault key show");
}

#[test]
fn no_self_perms_is_a_three_state_flag() {
    // azure-cli keyvault `_params.py`: `no_self_perms`, `arg_type=get_three_state_flag()`.
    for (flag, want) in [
        ("--no-self-perms", true),
        ("--no-self-perms=true", true),
        ("--no-self-perms false", false),
    ] {
        let line = format!("az keyvault create -n kv -g rg -l westeurope {flag}");
        match parse_line(&line) {
            Ok(Some(Command::VaultCreate(a))) => assert_eq!(a.no_self_perms, want, "{flag}"),
            other => panic!("{flag}: {other:?}"),
        }
    }
}

#[test]
fn a_permission_flag_with_no_value_is_an_empty_list() {
    // azure-cli keyvault `_params.py`: `--key-permissions` and `--secret-permissions` take
    // `nargs='*'`; set-policy then sets that category to nothing.
    let line = "az keyvault set-policy --name kv --spn app --key-permissions";
    match parse_line(line) {
        Ok(Some(Command::SetPolicy(a))) => {
            assert_eq!(a.key_permissions, Some(Vec::new()));
            assert_eq!(a.secret_permissions, None);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn role_assignment_names_its_assignee_as_az_asks() {
    // azure-cli role `custom.py` `create_role_assignment`: one of --assignee and
    // --assignee-object-id, and --assignee-principal-type only with the object id.
    let line = "az role assignment create --role \"Key Vault Reader\" --scope kv --assignee app --assignee-principal-type ServicePrincipal";
    check_error(
        line,
        line.len() + 1,
        "usage error: --assignee-object-id GUID --assignee-principal-type TYPE",
        None,
    );
    let line = "az role assignment create --role \"Key Vault Reader\" --scope kv --assignee app --assignee-object-id 0";
    check_error(
        line,
        line.len() + 1,
        "usage error: --assignee STRING | --assignee-object-id GUID",
        None,
    );
    let ok = "az role assignment create --role \"Key Vault Reader\" --scope kv --assignee-object-id 0 --assignee-principal-type ServicePrincipal";
    assert!(
        matches!(parse_line(ok), Ok(Some(Command::RoleAssignmentCreate(_)))),
        "{ok}"
    );
}

#[test]
fn for_upload_is_a_three_state_flag() {
    // azure-cli vm `_params.py`: `for_upload`, `arg_type=get_three_state_flag()` (deprecated).
    let base = "az disk create --name d --resource-group rg --location westeurope --upload-size-bytes 136365212160";
    for (flag, kept) in [
        ("--for-upload", true),
        ("--for-upload true", true),
        ("--for-upload false", false),
    ] {
        let printed = parse_line(&format!("{base} {flag}"))
            .expect("parses")
            .expect("a command")
            .to_string();
        assert_eq!(printed.contains("--for-upload"), kept, "{flag}: {printed}");
    }
}

#[test]
fn long_aliases_stand_for_the_flag_az_gives_them() {
    // az's `options_list`: each alias parses to the same command as the flag it stands for, and
    // the line prints back with the flag.
    for (alias, long, line) in [
        (
            "--display-name",
            "--name",
            "az ad sp create-for-rbac --name app",
        ),
        (
            "--description",
            "--content-type",
            "az keyvault secret set --vault-name kv --name s --value v --content-type text/plain",
        ),
        (
            "--disk-name",
            "--name",
            "az disk grant-access --name d --resource-group rg --duration-in-seconds 60",
        ),
        (
            "--access",
            "--access-level",
            "az disk grant-access --name d --resource-group rg --access-level Write --duration-in-seconds 60",
        ),
        (
            "--auto-rotation",
            "--enable-auto-key-rotation",
            "az disk-encryption-set update --name des1 --resource-group rg --enable-auto-key-rotation true",
        ),
    ] {
        let aliased = line.replacen(&format!("{long} "), &format!("{alias} "), 1);
        assert_ne!(aliased, line);
        let parsed = parse_line(&aliased).expect("parses").expect("a command");
        assert_eq!(parsed.to_string(), line, "{aliased}");
    }
    // Where az has no such alias, it is refused.
    assert!(parse_line("az keyvault key create --vault-name kv --name k --description x").is_err());
}
