//! The estate a challenge starts from: a resource group, two key vaults (Azure Disk Encryption
//! with a KEK, or SSE with a customer-managed key through a Disk Encryption Set), their VMs, and a
//! Recovery Services vault protecting every VM with one recovery point. Everything varies with
//! the seed; everything is built with az commands, in the order a platform team would run them.

use crate::crypto::SimRng;
use crate::run::Runner;

use super::ChallengeError;

/// The estate's organisation, and the short code its resources are named with: a vault's name
/// (`kv-pay-ade1`) must fit its box on the stage whole, so the room can read and type it.
const ORGS: &[(&str, &str)] = &[
    ("payroll", "pay"),
    ("crm", "crm"),
    ("billing", "bill"),
    ("hr", "hr"),
    ("shop", "shp"),
    ("ledger", "gl"),
    ("claims", "clm"),
    ("fleet", "flt"),
    ("intranet", "int"),
    ("portal", "web"),
];
const REGIONS: &[&str] = &[
    "westeurope",
    "northeurope",
    "uksouth",
    "eastus",
    "westus2",
    "francecentral",
    "germanywestcentral",
    "australiaeast",
    "canadacentral",
];
const ROLES: &[&str] = &[
    "web", "app", "api", "db", "sql", "files", "batch", "report", "jump", "cache", "queue", "etl",
];
const IMAGES: &[&str] = &["Ubuntu2204", "Win2022Datacenter"];
const KEKS: &[&str] = &["kek", "ade-kek", "disk-kek"];
const CMKS: &[&str] = &["cmk", "disk-cmk", "sse-key"];
/// Soft-delete retention, in days (R20): the default and two common choices.
const RETENTION: &[u32] = &[7, 30, 90];

/// The one admin of the subscription, who builds the estate.
pub(super) const ADMIN: &str = "admin@contoso.com";
/// The role a Disk Encryption Set's identity needs on an RBAC vault (R32).
pub(super) const DES_ROLE: &str = "Key Vault Crypto Service Encryption User";
/// The access-policy permissions a Disk Encryption Set's identity needs (R32).
pub(super) const DES_KEY_PERMISSIONS: &str = "get wrapKey unwrapKey";

/// What protects a vault's VMs' disks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Use {
    /// Azure Disk Encryption, the BEK wrapped by a KEK in this vault.
    Ade,
    /// SSE with a customer-managed key in this vault, through a Disk Encryption Set.
    Cmk,
}

/// One key vault of the estate and what depends on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct VaultPlan {
    pub(super) name: String,
    pub(super) uses: Use,
    /// Azure RBAC (az's default today) or access policies.
    pub(super) rbac: bool,
    /// The KEK or the customer-managed key.
    pub(super) key: String,
    /// The Disk Encryption Set, for a CMK vault.
    pub(super) des: Option<String>,
    pub(super) vms: Vec<String>,
    /// The vault's Resource Manager id, as `--scope` takes it.
    pub(super) id: String,
}

/// The estate as planned, and the az lines that built it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Estate {
    pub(super) org: String,
    pub(super) region: String,
    pub(super) group: String,
    pub(super) rsv: String,
    pub(super) vaults: Vec<VaultPlan>,
    pub(super) lines: Vec<String>,
}

pub(super) fn pick<'a, T>(rng: &mut SimRng, from: &'a [T]) -> &'a T {
    &from[(rng.next_u64() % from.len() as u64) as usize]
}

pub(super) fn coin(rng: &mut SimRng) -> bool {
    rng.next_u64() & 1 == 1
}

/// Fisher-Yates, from the seeded generator.
pub(super) fn shuffle<T>(rng: &mut SimRng, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        let j = (rng.next_u64() % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

/// Runs one line on `runner`; every estate and fault line must succeed.
pub(super) fn run(runner: &mut Runner, line: &str) -> Result<Vec<String>, ChallengeError> {
    let ran = runner.run_text(1, line);
    if let Some(e) = ran.error {
        return Err(ChallengeError(format!("{line}: {e}")));
    }
    match ran.records.iter().find(|r| !r.ok) {
        Some(r) => Err(ChallengeError(format!("{line}: {}", r.outcome()))),
        None => Ok(ran
            .records
            .last()
            .map(|r| r.output.clone())
            .unwrap_or_default()),
    }
}

/// Builds the estate on `runner` (a fresh world), choosing everything with `rng`: `vaults` key
/// vaults (two or three), each with `vms` VMs at most.
pub(super) fn build(
    rng: &mut SimRng,
    runner: &mut Runner,
    vaults: usize,
    vms: u64,
) -> Result<Estate, ChallengeError> {
    let &(org, code) = pick(rng, ORGS);
    let org = org.to_owned();
    let region = pick(rng, REGIONS).to_string();
    let group = format!("rg-{code}-{}", pick(rng, &["prod", "live", "core"]));
    let mut roles: Vec<&str> = ROLES.to_vec();
    shuffle(rng, &mut roles);
    let mut roles = roles.into_iter();
    // One vault of each use, then a third of either if asked for three. No level asks today
    // (a third vault does not fit the projected stage at the lessons' size), but the coin is
    // still drawn, so that every seed keeps the puzzle it has always given.
    let third = if coin(rng) { Use::Ade } else { Use::Cmk };
    let mut uses = vec![Use::Ade, Use::Cmk, third];
    uses.truncate(vaults.clamp(2, 3));
    shuffle(rng, &mut uses);
    // The subscription's id, for role assignments' scopes, asked of a world of its own: the
    // estate's world runs only the lines the puzzle hands out.
    let subscription = run(&mut Runner::new(0), "az account show --query id -o tsv")?
        .first()
        .cloned()
        .unwrap_or_default();
    let mut lines = Vec::new();
    let mut emit = |runner: &mut Runner, line: String| -> Result<Vec<String>, ChallengeError> {
        let out = run(runner, &line)?;
        lines.push(line);
        Ok(out)
    };
    emit(
        runner,
        format!("az group create --name {group} --location {region}"),
    )?;
    let mut vaults = Vec::new();
    let (mut ade_n, mut cmk_n) = (0, 0);
    for uses in uses {
        let n = match uses {
            Use::Ade => {
                ade_n += 1;
                ade_n
            }
            Use::Cmk => {
                cmk_n += 1;
                cmk_n
            }
        };
        let kind = match uses {
            Use::Ade => "ade",
            Use::Cmk => "cmk",
        };
        let name = format!("kv-{code}-{kind}{n}");
        let id = crate::lang::values::vault_id_text(&subscription, &group, &name);
        let rbac = coin(rng);
        let retention = pick(rng, RETENTION);
        let count = 1 + rng.next_u64() % vms;
        let vm_names: Vec<String> = (0..count)
            .map(|_| format!("{}-01", roles.next().unwrap_or("vm")))
            .collect();
        let switch = match uses {
            Use::Ade => " --enabled-for-disk-encryption true",
            // A Disk Encryption Set needs purge protection on its vault (R32).
            Use::Cmk => " --enable-purge-protection true",
        };
        emit(
            runner,
            format!(
                "az keyvault create --name {name} --resource-group {group} --location {region}{switch} --retention-days {retention} --enable-rbac-authorization {rbac}"
            ),
        )?;
        if rbac {
            // Nobody has data access to an RBAC vault until a role says so (R11).
            emit(
                runner,
                format!(
                    "az role assignment create --assignee {ADMIN} --role \"Key Vault Administrator\" --scope {id}"
                ),
            )?;
        }
        let key = match uses {
            Use::Ade => pick(rng, KEKS),
            Use::Cmk => pick(rng, CMKS),
        }
        .to_string();
        emit(
            runner,
            format!(
                "az keyvault key create --vault-name {name} --name {key} --kty RSA --size 3072"
            ),
        )?;
        let mut des = None;
        match uses {
            Use::Ade => {
                for vm in &vm_names {
                    let image = pick(rng, IMAGES);
                    emit(
                        runner,
                        format!(
                            "az vm create --name {vm} --resource-group {group} --location {region} --image {image}"
                        ),
                    )?;
                    emit(
                        runner,
                        format!(
                            "az vm encryption enable --name {vm} --resource-group {group} --disk-encryption-keyvault {name} --key-encryption-key {key} --volume-type ALL"
                        ),
                    )?;
                }
                // Azure Backup copies the KEK and the BEK into each recovery point (R13, R28).
                let grant = if rbac {
                    format!(
                        "az role assignment create --assignee azure-backup --role \"Key Vault Administrator\" --scope {id}"
                    )
                } else {
                    format!(
                        "az keyvault set-policy --name {name} --spn azure-backup --key-permissions get list backup --secret-permissions get list backup"
                    )
                };
                emit(runner, grant)?;
            }
            Use::Cmk => {
                // A Disk Encryption Set takes a versioned key URL (R32): the key's kid.
                emit(
                    runner,
                    format!(
                        "kid=$(az keyvault key show --vault-name {name} --name {key} --query key.kid -o tsv)"
                    ),
                )?;
                let set = format!("des-{code}-{n}");
                emit(
                    runner,
                    format!(
                        "az disk-encryption-set create --name {set} --resource-group {group} --location {region} --source-vault {name} --key-url $kid"
                    ),
                )?;
                emit(runner, des_grant(rbac, &name, &set, &id))?;
                for vm in &vm_names {
                    let image = pick(rng, IMAGES);
                    emit(
                        runner,
                        format!(
                            "az vm create --name {vm} --resource-group {group} --location {region} --image {image} --os-disk-encryption-set {set}"
                        ),
                    )?;
                }
                des = Some(set);
            }
        }
        vaults.push(VaultPlan {
            name,
            uses,
            rbac,
            key,
            des,
            vms: vm_names,
            id,
        });
    }
    let rsv = format!("rsv-{code}");
    emit(
        runner,
        format!("az backup vault create --name {rsv} --resource-group {group} --location {region}"),
    )?;
    for vm in vaults.iter().flat_map(|v| &v.vms) {
        emit(
            runner,
            format!(
                "az backup protection enable-for-vm --vault-name {rsv} --resource-group {group} --vm {vm} --policy-name DefaultPolicy"
            ),
        )?;
        emit(
            runner,
            format!(
                "az backup protection backup-now --vault-name {rsv} --resource-group {group} --container-name {vm} --item-name {vm}"
            ),
        )?;
    }
    Ok(Estate {
        org,
        region,
        group,
        rsv,
        vaults,
        lines,
    })
}

/// The command that gives a Disk Encryption Set's identity what it needs on its vault (R32).
pub(super) fn des_grant(rbac: bool, vault: &str, des: &str, id: &str) -> String {
    if rbac {
        format!("az role assignment create --assignee {des} --role \"{DES_ROLE}\" --scope {id}")
    } else {
        format!(
            "az keyvault set-policy --name {vault} --spn {des} --key-permissions {DES_KEY_PERMISSIONS}"
        )
    }
}
