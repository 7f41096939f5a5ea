//! Builders for worlds in memory: commands as values (the parser lives elsewhere).
#![allow(dead_code)]

use keyfall_core::*;

pub const RG: &str = "rg";

/// A world plus terse helpers that panic with the error on an unexpected outcome.
pub struct Lab {
    pub w: World,
}

impl Lab {
    pub fn new() -> Lab {
        Lab { w: World::new(7) }
    }

    #[track_caller]
    pub fn ok(&mut self, c: Command) -> Outcome {
        match self.w.apply(&c) {
            Ok(o) => o,
            Err(e) => panic!("{c:?} failed: {e}"),
        }
    }

    #[track_caller]
    pub fn err(&mut self, c: Command) -> SimError {
        match self.w.apply(&c) {
            Ok(o) => panic!("{c:?} should fail, got {o:?}"),
            Err(e) => e,
        }
    }

    #[track_caller]
    pub fn code(&mut self, c: Command, code: ErrorCode) -> SimError {
        let e = self.err(c);
        // `Forbidden` holds for its inner codes, as `sim expect error Forbidden` does.
        assert!(e.code.satisfies(code), "want {code}, got {e}");
        e
    }

    pub fn drain(&mut self) -> Vec<Event> {
        std::iter::from_fn(|| self.w.poll_event()).collect()
    }

    /// The health verdict of the asset `id` (`"vm:vm1"`) now.
    pub fn verdict(&self, id: &str) -> Verdict {
        self.w
            .health()
            .get(&asset(id))
            .unwrap_or_else(|| panic!("no health entry for {id}"))
            .verdict
    }

    /// Deletes key `name` and purges it at once (the caller needs `purge`, R22).
    pub fn purge_key(&mut self, vault: &str, name: &str) {
        self.ok(key_delete(vault, name));
        self.ok(key_purge(vault, name));
    }

    pub fn vault(&self, name: &str) -> &Vault {
        self.w.vault(name).expect("vault exists")
    }

    pub fn vm(&self, name: &str) -> &Vm {
        self.w.vm(name).expect("vm exists")
    }

    /// A lab with one vault: `kv` in westeurope, as [`vault_create`] makes it.
    pub fn with_vault() -> Lab {
        let mut l = Lab::new();
        l.ok(vault_create("kv", "westeurope"));
        l
    }

    /// The standard ADE lab: vault `kv` (westeurope, disk encryption on, 7 days), RSA key `kek`,
    /// VM `vm1` with a payroll file, single-pass ADE with the KEK.
    pub fn ade() -> Lab {
        let mut l = Lab::with_vault();
        l.ok(key_create("kv", "kek"));
        l.vm1_with_payroll();
        l.ok(ade_enable("vm1", "kv", Some("kek"), None));
        l
    }

    /// The standard SSE-with-CMK lab (R32): purge-protected vault `kv` with key `cmk`, disk
    /// encryption set `des` (auto-rotation as given) granted get, wrapKey and unwrapKey on `kv`,
    /// and VM `vm1` whose OS disk `des` encrypts.
    pub fn cmk(auto_rotation: Option<bool>) -> Lab {
        let mut l = Lab::new();
        l.ok(vault_create_protected("kv", "westeurope"));
        l.ok(key_create("kv", "cmk"));
        l.ok(des_create(auto_rotation));
        l.ok(set_policy(
            "kv",
            "des",
            Some(vec![KeyPerm::Get, KeyPerm::WrapKey, KeyPerm::UnwrapKey]),
            None,
        ));
        l.ok(cmk_vm_create("vm1"));
        l
    }

    /// Creates `vm1` in westeurope with the payroll file [`Lab::reads_payroll`] reads.
    pub fn vm1_with_payroll(&mut self) {
        self.ok(vm_create("vm1", "westeurope"));
        self.ok(write("vm1", "/data/payroll.csv", "alice,42000"));
    }

    /// Asserts `vm1` reads its payroll file (the one [`Lab::vm1_with_payroll`] wrote) in the
    /// clear.
    #[track_caller]
    pub fn reads_payroll(&mut self) {
        assert_eq!(
            self.ok(read("vm1", "/data/payroll.csv")).lines,
            ["alice,42000"]
        );
    }

    /// Deallocates and starts `vm1`, so the platform fetches and unwraps its key again (R17),
    /// then asserts it reads its payroll file.
    #[track_caller]
    pub fn cold_boots_and_reads(&mut self) {
        self.ok(deallocate("vm1"));
        self.ok(start("vm1"));
        self.reads_payroll();
    }

    /// Deallocates and starts `vm1`, and asserts the start is refused because the platform
    /// cannot fetch or unwrap its key (R17); the refusal, to look at.
    #[track_caller]
    pub fn cold_boot_locked(&mut self) -> SimError {
        self.ok(deallocate("vm1"));
        self.code(start("vm1"), ErrorCode::VmBootLocked)
    }

    /// Grants the admin extra key permissions (on top of the creator policy) in `vault`.
    pub fn grant_admin_keys(&mut self, vault: &str, extra: &[KeyPerm]) {
        let mut keys = vec![
            KeyPerm::Get,
            KeyPerm::List,
            KeyPerm::Create,
            KeyPerm::Update,
            KeyPerm::Import,
            KeyPerm::Delete,
            KeyPerm::Recover,
            KeyPerm::Backup,
            KeyPerm::Restore,
        ];
        keys.extend_from_slice(extra);
        self.ok(set_policy(vault, ADMIN, Some(keys), None));
    }

    pub fn bek_secret(&self, vm: &str) -> (String, String) {
        let a = self.vm(vm).ade.as_ref().expect("ade on");
        (a.secret_name.clone(), a.secret_version.clone())
    }
}

/// `az keyvault create` with `edit` applied to its arguments.
pub fn vault_create_with(
    name: &str,
    location: &str,
    edit: impl FnOnce(&mut VaultCreate),
) -> Command {
    let mut args = vault_create_args(name, location);
    edit(&mut args);
    Command::VaultCreate(args)
}

pub fn vault_create(name: &str, location: &str) -> Command {
    Command::VaultCreate(vault_create_args(name, location))
}

fn vault_create_args(name: &str, location: &str) -> VaultCreate {
    VaultCreate {
        name: name.into(),
        resource_group: RG.into(),
        location: location.into(),
        enabled_for_disk_encryption: Some(true),
        retention_days: Some(7),
        // The lab's vaults use access policies, as most ADE material does; tests of the RBAC
        // default set `Some(true)` or `None` themselves.
        enable_rbac_authorization: Some(false),
        ..VaultCreate::default()
    }
}

/// `az keyvault update` with `edit` applied to its arguments.
pub fn vault_update_with(name: &str, edit: impl FnOnce(&mut VaultUpdate)) -> Command {
    let mut args = vault_update_args(name);
    edit(&mut args);
    Command::VaultUpdate(args)
}

pub fn vault_update(name: &str) -> Command {
    Command::VaultUpdate(vault_update_args(name))
}

fn vault_update_args(name: &str) -> VaultUpdate {
    VaultUpdate {
        name: name.into(),
        ..VaultUpdate::default()
    }
}

/// An RSA 3072 key.
pub fn key_create(vault: &str, name: &str) -> Command {
    key_create_with(vault, name, |_| {})
}

pub fn key_create_with(vault: &str, name: &str, edit: impl FnOnce(&mut KeyCreate)) -> Command {
    let mut args = KeyCreate {
        vault: vault.into(),
        name: name.into(),
        kty: Some(KeyType::Rsa),
        size: Some(3072),
        ..KeyCreate::default()
    };
    edit(&mut args);
    Command::KeyCreate(args)
}

pub fn vm_create(name: &str, location: &str) -> Command {
    Command::VmCreate(VmCreate {
        name: name.into(),
        resource_group: RG.into(),
        location: location.into(),
        image: "Ubuntu2204".into(),
        subscription: None,
        os_disk_encryption_set: None,
        ..Default::default()
    })
}

/// `az vm create` in westeurope with its OS disk encrypted by disk encryption set `des` (R32).
pub fn cmk_vm_create(name: &str) -> Command {
    vm_create_with(name, "westeurope", |a| {
        a.os_disk_encryption_set = Some("des".into())
    })
}

pub fn ade_enable(vm: &str, vault: &str, kek: Option<&str>, app: Option<&str>) -> Command {
    ade_enable_with(vm, vault, kek, app, |_| {})
}

/// `az vm encryption enable` with `edit` applied to its arguments.
pub fn ade_enable_with(
    vm: &str,
    vault: &str,
    kek: Option<&str>,
    app: Option<&str>,
    edit: impl FnOnce(&mut EncryptionEnable),
) -> Command {
    let mut args = EncryptionEnable {
        vm: vm.into(),
        resource_group: RG.into(),
        vault: vault.into(),
        key_encryption_keyvault: None,
        key_encryption_key: kek.map(Into::into),
        key_encryption_algorithm: None,
        volume_type: Some(VolumeType::All),
        encrypt_format_all: false,
        force: false,
        aad_client_id: app.map(Into::into),
        aad_client_secret: app.is_some(),
        aad_client_cert_thumbprint: None,
    };
    edit(&mut args);
    Command::EncryptionEnable(args)
}

/// `az vm encryption disable`, with `--volume-type` and `--force` as given.
pub fn ade_disable(vm: &str, volume_type: Option<VolumeType>, force: bool) -> Command {
    Command::EncryptionDisable {
        vm: vm.into(),
        resource_group: RG.into(),
        volume_type,
        force,
    }
}

pub fn ade_show(vm: &str) -> Command {
    Command::EncryptionShow {
        vm: vm.into(),
        resource_group: RG.into(),
    }
}

/// `az vm create` with `edit` applied to its arguments.
pub fn vm_create_with(name: &str, location: &str, edit: impl FnOnce(&mut VmCreate)) -> Command {
    let Command::VmCreate(mut args) = vm_create(name, location) else {
        unreachable!("vm_create builds a VmCreate")
    };
    edit(&mut args);
    Command::VmCreate(args)
}

pub fn set_policy(
    vault: &str,
    who: &str,
    keys: Option<Vec<KeyPerm>>,
    secrets: Option<Vec<SecretPerm>>,
) -> Command {
    Command::SetPolicy(SetPolicy {
        vault: vault.into(),
        principal: PrincipalRef::Spn(who.into()),
        key_permissions: keys,
        secret_permissions: secrets,
    })
}

pub fn as_(who: &str, c: Command) -> Command {
    Command::As {
        principal: who.into(),
        command: Box::new(c),
    }
}

pub fn write(vm: &str, path: &str, content: &str) -> Command {
    Command::Write {
        vm: vm.into(),
        path: path.into(),
        content: content.into(),
    }
}

pub fn read(vm: &str, path: &str) -> Command {
    Command::Read {
        vm: vm.into(),
        path: path.into(),
    }
}

/// `az keyvault key rotation-policy update` of a policy that rotates every 30 days (R34).
pub fn rotate_every_30_days(vault: &str, key: &str) -> Command {
    Command::KeyRotationPolicyUpdate {
        vault: vault.into(),
        name: key.into(),
        policy: RotationPolicySpec::rotate_every(Period::parse("P30D").expect("period")),
    }
}

/// `az ad sp create-for-rbac --name NAME`.
pub fn sp_create(name: &str) -> Command {
    Command::SpCreate {
        name: Some(name.into()),
    }
}

pub fn deallocate(vm: &str) -> Command {
    Command::vm_power(Power::Deallocate, vm, RG)
}

pub fn start(vm: &str) -> Command {
    Command::vm_power(Power::Start, vm, RG)
}

pub fn restart(vm: &str) -> Command {
    Command::vm_power(Power::Restart, vm, RG)
}

/// `az keyvault key <op>` on `vault`'s key `name`.
pub fn key_op(vault: &str, name: &str, op: ObjectOp) -> Command {
    Command::object(ObjectKind::Key, vault, name, op)
}

/// `az keyvault secret <op>` on `vault`'s secret `name`.
pub fn secret_op(vault: &str, name: &str, op: ObjectOp) -> Command {
    Command::object(ObjectKind::Secret, vault, name, op)
}

/// `az keyvault key rotate`.
pub fn key_rotate(vault: &str, name: &str) -> Command {
    Command::KeyRotate {
        vault: vault.into(),
        name: name.into(),
    }
}

pub fn key_delete(vault: &str, name: &str) -> Command {
    key_op(vault, name, ObjectOp::Delete)
}

pub fn key_purge(vault: &str, name: &str) -> Command {
    key_op(vault, name, ObjectOp::Purge)
}

pub fn key_recover(vault: &str, name: &str) -> Command {
    key_op(vault, name, ObjectOp::Recover)
}

pub fn key_attrs(vault: &str, name: &str, enabled: Option<bool>, expires: Option<Date>) -> Command {
    key_op(
        vault,
        name,
        ObjectOp::SetAttributes {
            version: None,
            enabled,
            not_before: None,
            expires,
        },
    )
}

pub fn secret_set(vault: &str, name: &str, value: &str) -> Command {
    Command::SecretSet(SecretSet {
        vault: vault.into(),
        name: name.into(),
        value: value.into(),
        content_type: None,
        tags: vec![],
        ..Default::default()
    })
}

pub fn secret_show(vault: &str, name: &str) -> Command {
    secret_op(vault, name, ObjectOp::Show { version: None })
}

pub fn advance_days(n: u64) -> Command {
    Command::Advance(SimDuration::days(n))
}

pub fn advance_hours(n: u64) -> Command {
    Command::Advance(SimDuration::hours(n))
}

pub fn rsv_create(name: &str) -> Command {
    Command::BackupVaultCreate {
        name: name.into(),
        resource_group: RG.into(),
        location: "westeurope".into(),
    }
}

pub fn protect(rsv: &str, vm: &str) -> Command {
    Command::BackupProtect {
        vault: rsv.into(),
        resource_group: RG.into(),
        vm: vm.into(),
        policy: "DefaultPolicy".into(),
    }
}

pub fn backup_now(rsv: &str, vm: &str) -> Command {
    Command::BackupNow(
        BackupItem {
            vault: rsv.into(),
            resource_group: RG.into(),
            container: vm.into(),
            item: vm.into(),
        },
        None,
    )
}

pub fn restore_vm(rsv: &str, vm: &str, rp: &str, name: &str) -> Command {
    Command::RestoreVm {
        point: PointRef::new(rsv, vm, rp),
        name: name.into(),
    }
}

pub fn restore_keys(rsv: &str, vm: &str, rp: &str, vault: &str) -> Command {
    Command::RestoreKeys {
        point: PointRef::new(rsv, vm, rp),
        vault: vault.into(),
    }
}

/// Gives Azure Backup what R13 asks for in `vault`.
pub fn backup_policy(vault: &str) -> Command {
    set_policy(
        vault,
        AZURE_BACKUP,
        Some(vec![KeyPerm::Get, KeyPerm::List, KeyPerm::Backup]),
        Some(vec![SecretPerm::Get, SecretPerm::List, SecretPerm::Backup]),
    )
}

pub fn date(year: u16, month: u8, day: u8) -> Date {
    Date { year, month, day }
}

/// An asset id written as text (`vm:vm1`), as scenario goals and the web's `data-asset` write it.
pub fn asset(id: &str) -> AssetId {
    AssetId::parse(id).unwrap_or_else(|| panic!("{id} is not an asset id"))
}

/// `az disk-encryption-set create --name des` on the first version of key `cmk` of vault `kv` in
/// westeurope (`--key-url .../keys/cmk/@1`: Azure takes only a versioned key URL, R32).
pub fn des_create(auto_rotation: Option<bool>) -> Command {
    Command::DesCreate(DesCreate {
        name: "des".into(),
        resource_group: RG.into(),
        location: "westeurope".into(),
        source_vault: "kv".into(),
        key: "cmk".into(),
        key_version: Some(VersionRef::Ordinal(1)),
        enable_auto_key_rotation: auto_rotation,
    })
}

/// `tests/rules/`, one script per DOMAIN.md rule and situation.
pub fn rules_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules")
}

/// `(file name, text)` of every `.kf` file in `tests/rules/`, sorted by name.
pub fn rule_scripts() -> Vec<(String, String)> {
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(rules_dir())
        .expect("tests/rules exists")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "kf"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p
                .file_name()
                .and_then(|n| n.to_str())
                .expect("utf-8 file name")
                .to_owned();
            let text = std::fs::read_to_string(&p).expect("readable script");
            (name, text)
        })
        .collect()
}

/// The rule script whose file name starts with `prefix` (`"r31_"`), as `(file name, text)`.
pub fn rule_script(prefix: &str) -> (String, String) {
    rule_scripts()
        .into_iter()
        .find(|(f, _)| f.starts_with(prefix))
        .unwrap_or_else(|| panic!("no rule script {prefix}*"))
}

/// `az keyvault create` of `name` in `location` with purge protection on (R22).
pub fn vault_create_protected(name: &str, location: &str) -> Command {
    vault_create_with(name, location, |a| a.enable_purge_protection = Some(true))
}

/// Runs `line` and reads what az printed for it as JSON, asserting it succeeded.
#[track_caller]
pub fn run_json(r: &mut Runner, line: &str) -> serde_json::Value {
    let rec = run_ok(r, line);
    serde_json::from_str(&rec.output.join("\n")).expect("json")
}

/// A session (seed 1) that has run `setup`, every line of it successfully.
#[track_caller]
pub fn session(setup: &str) -> Runner {
    let mut r = Runner::new(1);
    run_ok(&mut r, setup);
    r
}

/// A session with group `rg` in `location`, a purge-protected access-policy vault `kv` and its
/// key `cmk`, a Disk Encryption Set's key; returned with the key's identifier.
#[track_caller]
pub fn cmk_session(location: &str) -> (Runner, String) {
    let mut r = session(&format!(
        "az group create -n rg -l {location}
         az keyvault create -n kv -g rg --enable-purge-protection true --enable-rbac-authorization false
         az keyvault key create --vault-name kv -n cmk"
    ));
    let kid = run_ok(
        &mut r,
        "az keyvault key show --vault-name kv -n cmk --query key.kid -o tsv",
    );
    (r, kid.output.join("\n"))
}

/// Runs `text` (one line or a block), asserting that it parsed and that every line succeeded;
/// returns the last line's record.
pub fn run_ok(r: &mut Runner, text: &str) -> Record {
    let ran = r.run_text(1, text);
    assert_all_ok(&ran, text);
    ran.records.last().expect("ran").clone()
}

/// Asserts that `ran` parsed to its end and that every line succeeded; `what` says which text
/// failed.
#[track_caller]
pub fn assert_all_ok(ran: &Ran, what: &str) {
    assert_eq!(ran.error, None, "{what}");
    for rec in &ran.records {
        assert!(
            rec.ok,
            "{what} line {}: {} -> {}",
            rec.line,
            rec.command,
            rec.outcome()
        );
    }
}

/// Fails, showing the whole `text`, unless it holds `part`.
#[track_caller]
pub fn holds(text: &str, part: &str) {
    assert!(text.contains(part), "{part:?} is not in:\n{text}");
}

/// Fails, showing the whole `text`, unless it begins with `start`.
#[track_caller]
pub fn begins(text: &str, start: &str) {
    assert!(text.starts_with(start), "{start:?} does not begin:\n{text}");
}
