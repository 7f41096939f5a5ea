//! The grammar: one table row per command form, and the parser that walks it.
//!
//! A row names the command's words (`az keyvault key create`), its positional arguments (only the
//! `sim` verbs have any), its flags in canonical order, and a function that builds the [`Command`]
//! from the arguments once they have been checked generically (known flags, no duplicates, required
//! flags present, right number of values). Keeping the forms in data gives suggestions and
//! completion the list of words valid at each position for free.

use super::ParseError;
use super::lexer::Token;
use super::suggest::closest;
use super::values;
use crate::asset::PointRef;
use crate::command::{
    AzCopy, BackupItem, Command, DesCreate, DiskCreate, DiskGrant, DiskOp, EncryptionEnable,
    Expectation, KeyCreate, KeyRef, ObjectOp, ObjectRef, PrincipalRef, RoleAssignment,
    RoleAssignmentDelete, SecretSet, SetPolicy, VaultCreate, VaultRef, VaultUpdate, VersionRef,
    VmCreate,
};
use crate::error::ErrorCode;
use crate::vocab::{
    KeyEncryptionAlgorithm, KeyPerm, KeyType, ObjectKind, Power, Role, SecretPerm, Sku, VolumeType,
};

/// How many values a flag takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Arity {
    /// Exactly one: `--name kv`.
    One,
    /// A boolean that may stand alone (`--enable-purge-protection` means true), like az's
    /// three-state flags.
    OptBool,
    /// A switch that takes no value: `--yes`.
    Bare,
    /// One or more (argparse `nargs=+`): `--key-permissions get wrapKey`.
    Many,
}

/// One flag of a command form.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Flag {
    /// The long name with its dashes, as printed: `--vault-name`.
    pub long: &'static str,
    pub arity: Arity,
    pub required: bool,
    /// Required unless `--id` names the object instead (az's 'Id' argument group).
    pub or_id: bool,
    /// The words the flag's values are taken from, when it has a fixed vocabulary: completion
    /// offers them and help lists them. Empty for free text.
    pub choices: &'static [&'static str],
    /// A list flag that may stand with no value (argparse `nargs='*'`), meaning an empty list.
    pub none_ok: bool,
}

impl Flag {
    const fn new(long: &'static str, arity: Arity, required: bool) -> Flag {
        Flag {
            long,
            arity,
            required,
            or_id: false,
            choices: &[],
            none_ok: false,
        }
    }

    /// The same flag, its values taken from `choices` (a vocabulary's `NAMES`).
    const fn of(self, choices: &'static [&'static str]) -> Flag {
        Flag { choices, ..self }
    }

    /// The same list flag, allowed with no value (argparse `nargs='*'`).
    const fn or_none(self) -> Flag {
        Flag {
            none_ok: true,
            ..self
        }
    }
}

// The table's words for flags: required or optional, one value, a boolean, a bare switch or a list.
const fn req(long: &'static str) -> Flag {
    Flag::new(long, Arity::One, true)
}
/// Required, unless `--id` is given.
const fn req_or_id(long: &'static str) -> Flag {
    Flag {
        or_id: true,
        ..Flag::new(long, Arity::One, true)
    }
}
const fn opt(long: &'static str) -> Flag {
    Flag::new(long, Arity::One, false)
}
const fn boolean(long: &'static str) -> Flag {
    Flag::new(long, Arity::OptBool, false)
}
const fn bare(long: &'static str) -> Flag {
    Flag::new(long, Arity::Bare, false)
}
const fn many(long: &'static str) -> Flag {
    Flag::new(long, Arity::Many, false)
}

/// Short aliases the real az CLI has: on the commands whose words start with the given ones, the
/// short flag stands for the long one when the command has it. Printed long.
pub(crate) const SHORT: &[(&[&str], &str, &str)] = &[
    (&[], "-n", "--name"),
    (&[], "-g", "--resource-group"),
    (&[], "-l", "--location"),
    // azure-cli vm `_params.py`: `vm show|list --show-details -d`.
    (&["az", "vm"], "-d", "--show-details"),
    // azure-cli resource `_params.py`: `provider register --namespace -n`.
    (&["az", "provider"], "-n", "--namespace"),
    // azure-cli profile `_params.py`: `account set --subscription -s`.
    (&["az", "account"], "-s", "--subscription"),
    // azure-cli keyvault `_params.py`: `--version -v` on the key and secret commands that
    // take a version, `--file -f` on backup, restore and download, key create's
    // `--protection -p`, download's `--encoding -e`.
    (&["az", "keyvault"], "-v", "--version"),
    (&["az", "keyvault"], "-f", "--file"),
    (&["az", "keyvault", "key", "create"], "-p", "--protection"),
    (&["az", "keyvault"], "-e", "--encoding"),
    // azure-cli core: a command registered with `confirmation=True` takes `--yes -y`.
    (&[], "-y", "--yes"),
    // azure-cli backup `_params.py`: `vault_name_type`, `container_name_type`,
    // `item_name_type`, `policy_name_type`, `rp_name_type`, restore-disks'
    // `--target-resource-group -t`.
    (&["az", "backup"], "-v", "--vault-name"),
    (&["az", "backup"], "-c", "--container-name"),
    (&["az", "backup"], "-i", "--item-name"),
    (&["az", "backup"], "-p", "--policy-name"),
    (&["az", "backup"], "-r", "--rp-name"),
    (&["az", "backup"], "-t", "--target-resource-group"),
    // azure-cli vm `_params.py`: the disk and snapshot scope's `--size-gb -z`.
    (&["az", "disk"], "-z", "--size-gb"),
];

/// az's words when `set-policy` or `delete-policy` names no principal or more than one.
const PRINCIPAL_USAGE: &str = "specify exactly one: --object-id, --spn, --upn";

/// Other long names az gives a flag (its `options_list`), on the commands whose words start
/// with the given ones: the alias stands for the flag Keyfall prints. Like [`SHORT`], read only
/// where the command has the flag.
pub(crate) const LONG_ALIASES: &[(&[&str], &str, &str)] = &[
    // azure-cli role `_params.py`: `options_list=['--display-name', '--name', '-n']`.
    (
        &["az", "ad", "sp", "create-for-rbac"],
        "--display-name",
        "--name",
    ),
    // azure-cli keyvault `_params.py`: `options_list=['--description', '--content-type']`.
    (
        &["az", "keyvault", "secret", "set"],
        "--description",
        "--content-type",
    ),
    // azure-cli vm `aaz/latest/disk/_grant_access.py`: `["-n", "--name", "--disk-name"]`,
    // `["--access", "--access-level"]`.
    (&["az", "disk", "grant-access"], "--disk-name", "--name"),
    (
        &["az", "disk", "grant-access"],
        "--access",
        "--access-level",
    ),
    // azure-cli vm `aaz/latest/disk_encryption_set/_update.py`:
    // `["--auto-rotation", "--enable-auto-key-rotation"]`.
    (
        &["az", "disk-encryption-set", "update"],
        "--auto-rotation",
        "--enable-auto-key-rotation",
    ),
];

/// The long flag `name` stands for in `spec`: itself, or the flag a short form or a long alias
/// stands for.
pub(crate) fn long_flag<'a>(spec: &Spec, name: &'a str) -> &'a str {
    SHORT
        .iter()
        .chain(LONG_ALIASES)
        .find(|(words, alias, long)| {
            *alias == name
                && spec.path.starts_with(words)
                && spec.flags.iter().any(|f| f.long == *long)
        })
        .map_or(name, |(_, _, long)| long)
}

/// What each flag (and `sim` positional) means, for `help`: the line of the longest command
/// prefix that matches wins (`key|secret` matches either word; `{kind}` reads `key` or
/// `secret`). In az's words where az has them (azure-cli `_params.py`), shortened. Every flag of
/// every form must have one: a test holds the table to that.
pub(crate) static FLAG_HELP: &[(&[&str], &str, &str)] = &[
    (&[], "--resource-group", "Name of resource group."),
    (
        &[],
        "--location",
        "Location (a region, such as westeurope). For a deleted vault, where it was.",
    ),
    (&[], "--subscription", "Name or ID of subscription."),
    (
        &["az", "ad"],
        "--name",
        "Display name of the service principal.",
    ),
    (
        &["az", "role"],
        "--assignee",
        "Represent a user, group, or service principal: object id, sign-in name or service principal name.",
    ),
    (
        &["az", "role", "assignment", "list"],
        "--all",
        "Show all assignments under the current subscription.",
    ),
    (
        &["az", "role"],
        "--role",
        "Role name or id: the name, the definition's GUID, or its /subscriptions/.../roleDefinitions/GUID id.",
    ),
    (
        &["az", "role"],
        "--assignee-object-id",
        "Use this parameter instead of '--assignee' to bypass Graph API invocation: the principal's object id.",
    ),
    (
        &["az", "role"],
        "--assignee-principal-type",
        "Use with --assignee-object-id to avoid errors caused by propagation latency in Microsoft Graph (the type is not checked).",
    ),
    (
        &["az", "role"],
        "--resource-group",
        "Use it only if the role or assignment was added at the level of a resource group.",
    ),
    (
        &["az", "role", "assignment", "delete"],
        "--yes",
        "Currently no-op.",
    ),
    (
        &["az", "role"],
        "--scope",
        "Scope at which the role assignment applies: an ARM id (subscription, resource group, vault, key or secret); Keyfall also takes a vault's name.",
    ),
    (
        &["az", "login"],
        "--use-device-code",
        "Use CLI's old authentication flow based on device code.",
    ),
    (&["az", "login"], "--tenant", "The Microsoft Entra tenant."),
    (
        &["az", "provider"],
        "--namespace",
        "The resource namespace, aka 'provider'.",
    ),
    (
        &["az", "provider"],
        "--wait",
        "Wait for the registration to finish.",
    ),
    (&["az", "keyvault"], "--name", "Name of the Vault."),
    (
        &["az", "keyvault", "list-deleted"],
        "--resource-type",
        "When --resource-type is not present the command will list all deleted Vaults and HSMs (Keyfall has no HSMs).",
    ),
    (&["az", "group"], "--name", "Name of resource group."),
    (&["az", "group"], "--yes", "Do not prompt for confirmation."),
    (
        &["az", "account"],
        "--all",
        "List all subscriptions, rather than just 'Enabled' ones.",
    ),
    (
        &["az", "account"],
        "--refresh",
        "Retrieve up-to-date subscriptions from server.",
    ),
    (
        &["az", "keyvault"],
        "--sku",
        "SKU details: premium holds HSM-protected keys.",
    ),
    (
        &["az", "keyvault"],
        "--enabled-for-disk-encryption",
        "Property to specify whether Azure Disk Encryption is permitted to retrieve secrets from the vault and unwrap keys.",
    ),
    (
        &["az", "keyvault"],
        "--enabled-for-deployment",
        "Property to specify whether Azure Virtual Machines are permitted to retrieve certificates stored as secrets from the key vault.",
    ),
    (
        &["az", "keyvault"],
        "--enabled-for-template-deployment",
        "Property to specify whether Azure Resource Manager is permitted to retrieve secrets from the key vault.",
    ),
    (
        &["az", "keyvault"],
        "--retention-days",
        "Soft delete data retention days. It accepts >=7 and <=90.",
    ),
    (
        &["az", "keyvault"],
        "--enable-purge-protection",
        "Protection against purge: only the Key Vault service may delete for good, after the retention. Enabling it is irreversible.",
    ),
    (
        &["az", "keyvault"],
        "--enable-rbac-authorization",
        "Authorize data actions with Azure RBAC role assignments; the access policies are then ignored.",
    ),
    (
        &["az", "keyvault"],
        "--no-self-perms",
        "Don't add permissions for the current user/service principal in the new vault.",
    ),
    (
        &["az", "keyvault"],
        "--spn",
        "Name of a service principal that will receive permissions.",
    ),
    (
        &["az", "keyvault"],
        "--upn",
        "Name of a user principal that will receive permissions.",
    ),
    (
        &["az", "keyvault"],
        "--object-id",
        "A GUID that identifies the principal that will receive permissions.",
    ),
    (
        &["az", "keyvault"],
        "--key-permissions",
        "Space-separated list of key permissions to assign (all for every one).",
    ),
    (
        &["az", "keyvault"],
        "--secret-permissions",
        "Space-separated list of secret permissions to assign (all for every one).",
    ),
    (
        &["az", "keyvault"],
        "--vault-name",
        "Name of the Key Vault.",
    ),
    (&["az", "keyvault", OBJECT], "--name", "Name of the {kind}."),
    (
        &["az", "keyvault", OBJECT],
        "--id",
        "Id of the {kind}, https://VAULT.vault.azure.net/{kind}s/NAME[/VERSION]. If specified all other 'Id' arguments should be omitted.",
    ),
    (
        &["az", "keyvault", OBJECT],
        "--version",
        "The {kind} version. If omitted, uses the latest version; @N is the N-th.",
    ),
    (
        &["az", "keyvault", OBJECT],
        "--enabled",
        "Enable the {kind}.",
    ),
    (
        &["az", "keyvault", "secret", "download"],
        "--overwrite",
        "Overwrite the file if it exists.",
    ),
    // `key create` and `secret set`.
    (
        &["az", "keyvault", OBJECT],
        "--disabled",
        "Create {kind} in disabled state.",
    ),
    (
        &["az", "keyvault", OBJECT],
        "--expires",
        "Expiration UTC date (YYYY-MM-DD).",
    ),
    (
        &["az", "keyvault", OBJECT],
        "--not-before",
        "The {kind} is not usable before this UTC date (YYYY-MM-DD).",
    ),
    (
        &["az", "keyvault", OBJECT],
        "--file",
        "Local file of the {kind}'s backup.",
    ),
    // azure-cli keyvault `_params.py`, `keyvault key download` and `keyvault secret download`.
    (
        &["az", "keyvault", OBJECT, "download"],
        "--file",
        "File to receive the {kind} contents.",
    ),
    (
        &["az", "keyvault", "key", "download"],
        "--encoding",
        "Encoding of the key, default: PEM.",
    ),
    (
        &["az", "keyvault", "secret", "download"],
        "--encoding",
        "Encoding of the secret. By default, will look for the 'file-encoding' tag on the secret. Otherwise will assume 'utf-8'.",
    ),
    (
        &["az", "keyvault", "key"],
        "--kty",
        "The type of key to create.",
    ),
    (
        &["az", "keyvault", "key"],
        "--size",
        "The key size in bits. For example: 2048, 3072, or 4096 for RSA.",
    ),
    (
        &["az", "keyvault", "key"],
        "--protection",
        "Specifies the type of key protection.",
    ),
    (
        &["az", "keyvault", "key"],
        "--ops",
        "Space-separated list of permitted JSON web key operations (accepted, not enforced).",
    ),
    (
        &["az", "keyvault", "key", "rotation-policy"],
        "--value",
        "The rotation policy JSON (lifetimeActions, attributes.expiryTime), camelCase or snake_case. Keyfall has no files: paste it inline.",
    ),
    (
        &["az", "keyvault", "secret"],
        "--value",
        "Plain text secret value.",
    ),
    (
        &["az", "keyvault", "secret"],
        "--content-type",
        "Type of the secret value such as a password.",
    ),
    (
        &["az", "keyvault", "secret"],
        "--tags",
        "Space-separated tags: key[=value] [key[=value] ...].",
    ),
    (&["az", "vm"], "--name", "The name of the Virtual Machine."),
    (
        &["az", "vm"],
        "--image",
        "The name of the operating system image (any name).",
    ),
    (
        &["az", "vm"],
        "--os-disk-encryption-set",
        "Name or ID of disk encryption set for OS disk.",
    ),
    // az vm create's flags, from azure-cli vm `_params.py` (the help texts shortened).
    (
        &["az", "vm"],
        "--size",
        "The VM size to be created (Standard_DS1_v2 unless given). Recorded, not modelled.",
    ),
    (&["az", "vm"], "--admin-username", "Username for the VM."),
    (
        &["az", "vm"],
        "--admin-password",
        "Password for the VM if authentication type is 'Password'; Keyfall never keeps or shows it.",
    ),
    (
        &["az", "vm"],
        "--generate-ssh-keys",
        "Generate SSH public and private key files if missing (nothing is written here).",
    ),
    (
        &["az", "vm"],
        "--encryption-at-host",
        "Enable Host Encryption for the VM or VMSS: temp disks and the caches of OS and data disks are encrypted on the host. The subscription needs the EncryptionAtHost feature.",
    ),
    (
        &["az", "vm", "update"],
        "--set",
        "Update an object by specifying a property path and value to set: Keyfall takes securityProfile.encryptionAtHost=true|false.",
    ),
    (
        &["az", "vm", "delete"],
        "--yes",
        "Do not prompt for confirmation.",
    ),
    (
        &["az", "feature"],
        "--namespace",
        "The resource namespace, aka 'provider'.",
    ),
    (&["az", "feature"], "--name", "The feature name."),
    (
        &["az", "vm"],
        "--data-disk-sizes-gb",
        "Space-separated empty managed data disk sizes in GB to create.",
    ),
    (
        &["az", "vm"],
        "--data-disk-encryption-sets",
        "Names or IDs (space delimited) of disk encryption sets for data disks.",
    ),
    (
        &["az", "vm"],
        "--show-details",
        "Show public ip address, FQDN, and power states.",
    ),
    (
        &["az", "vm"],
        "--disk-encryption-keyvault",
        "Name or ID of the key vault where the generated encryption key will be placed.",
    ),
    (
        &["az", "vm"],
        "--key-encryption-keyvault",
        "Name or ID of the key vault where the key encryption key is located. If missing, --disk-encryption-keyvault.",
    ),
    (
        &["az", "vm"],
        "--key-encryption-key",
        "Key vault key name or URL used to encrypt the disk encryption key.",
    ),
    (
        &["az", "vm"],
        "--key-encryption-algorithm",
        "How the key encryption key wraps the disk encryption key.",
    ),
    (
        &["az", "vm"],
        "--volume-type",
        "Type of volume that the encryption operation is performed on.",
    ),
    (
        &["az", "vm"],
        "--encrypt-format-all",
        "Encrypt-format data disks. Use only in Linux VMs.",
    ),
    (
        &["az", "vm"],
        "--force",
        "Continue by ignoring client side validation errors.",
    ),
    (
        &["az", "vm"],
        "--aad-client-id",
        "Client ID of an AAD app with permissions to write secrets to the key vault (the legacy flow).",
    ),
    (
        &["az", "vm"],
        "--aad-client-secret",
        "Client secret of that AAD app; Keyfall never keeps or shows it.",
    ),
    (
        &["az", "vm"],
        "--aad-client-cert-thumbprint",
        "Thumbprint of the AAD app's certificate, instead of its secret (recorded).",
    ),
    (
        &["az", "disk"],
        "--name",
        "The name of the managed disk (a VM's are Keyfall's `VM-os`, `VM-dataN`).",
    ),
    // az disk's flags, from azure-cli vm `_params.py` (the help texts shortened).
    (
        &["az", "disk", "create"],
        "--upload-type",
        "Create the disk for upload scenario: 'Upload' for an empty disk AzCopy fills; 'UploadWithSecurityData' also takes a VM guest state.",
    ),
    (
        &["az", "disk", "create"],
        "--for-upload",
        "Create the disk for uploading blobs. Replaced by \"--upload-type Upload\".",
    ),
    (
        &["az", "disk", "create"],
        "--upload-size-bytes",
        "The size (in bytes) of the contents of the upload including the VHD footer: a managed disk's diskSizeBytes + 512.",
    ),
    (
        &["az", "disk", "create"],
        "--source",
        "Source to create the disk from: a managed disk's name or ID (createOption Copy, which keeps ADE's UDE flag).",
    ),
    (
        &["az", "disk", "create"],
        "--size-gb",
        "Size in GB of an empty disk (Keyfall does not model empty disks; `az vm create --data-disk-sizes-gb` makes them).",
    ),
    (
        &["az", "disk", "create"],
        "--os-type",
        "The Operating System type of the Disk.",
    ),
    (
        &["az", "disk", "create"],
        "--sku",
        "Underlying storage SKU. Recorded, not modelled.",
    ),
    (
        &["az", "disk", "create"],
        "--hyper-v-generation",
        "The hypervisor generation of the Virtual Machine. Recorded, not modelled.",
    ),
    (
        &["az", "disk", "grant-access"],
        "--access-level",
        "Access level: Read (the default) to copy from the disk, Write to upload into it.",
    ),
    (
        &["az", "disk", "grant-access"],
        "--duration-in-seconds",
        "Time duration in seconds until the SAS access expires.",
    ),
    (
        &["az", "disk", "delete"],
        "--yes",
        "Do not prompt for confirmation.",
    ),
    (
        &["az", "vm", "create"],
        "--attach-os-disk",
        "Attach an existing OS disk to the VM: the name or ID of a managed disk.",
    ),
    (
        &["az", "vm", "create"],
        "--os-type",
        "Type of OS installed on a custom VHD. Required with --attach-os-disk.",
    ),
    (
        &["azcopy"],
        "SOURCE",
        "The source's SAS URL, as `az disk grant-access` printed it.",
    ),
    (
        &["azcopy"],
        "DESTINATION",
        "The destination's SAS URL, from `az disk grant-access --access-level Write`.",
    ),
    (
        &["azcopy"],
        "--blob-type",
        "Defines the type of blob at the destination: a managed disk is a PageBlob.",
    ),
    (
        &["az", "disk-encryption-set"],
        "--name",
        "Name of disk encryption set.",
    ),
    (
        &["az", "disk-encryption-set"],
        "--source-vault",
        "Name or ID of the KeyVault containing the key or secret.",
    ),
    (
        &["az", "disk-encryption-set"],
        "--key-url",
        "URL pointing to a key or secret in KeyVault.",
    ),
    (
        &["az", "disk-encryption-set"],
        "--enable-auto-key-rotation",
        "Enable automatic rotation of keys.",
    ),
    (
        &["az", "backup"],
        "--name",
        "Name of the Recovery services vault.",
    ),
    (
        &["az", "backup"],
        "--vault-name",
        "Name of the Recovery services vault.",
    ),
    (
        &["az", "backup"],
        "--container-name",
        "Name of the backup container (the VM's name).",
    ),
    (
        &["az", "backup"],
        "--item-name",
        "Name of the backed up item.",
    ),
    (
        &["az", "backup"],
        "--backup-management-type",
        "The backup management type: Keyfall backs up Azure VMs only (AzureIaasVM).",
    ),
    (
        &["az", "backup"],
        "--workload-type",
        "The type of the backed up workload: Keyfall backs up Azure VMs only (VM).",
    ),
    (
        &["az", "backup"],
        "--vm",
        "Name or ID of the Virtual Machine to be protected.",
    ),
    (
        &["az", "backup"],
        "--policy-name",
        "Name of the backup policy.",
    ),
    (
        &["az", "backup"],
        "--rp-name",
        "Name of the recovery point.",
    ),
    (
        &["az", "backup"],
        "--retain-until",
        "The date until which this backed up copy will be available for retrieval, in UTC (dd-mm-yyyy).",
    ),
    (
        &["az", "backup"],
        "--target-resource-group",
        "The resource group to which the managed disks are restored (recorded).",
    ),
    (
        &["az", "backup"],
        "--storage-account",
        "Name or ID of the staging storage account the VM configuration is restored to.",
    ),
    (
        &["az", "backup", "recoverypoint"],
        "--name",
        "Name of the recovery point.",
    ),
    (
        &["az", "backup"],
        "--force",
        "Force completion of the requested action: delete the vault's backup items first.",
    ),
    (
        &["az", "backup"],
        "--delete-backup-data",
        "Option to delete existing backed up data in the Recovery services vault.",
    ),
    (
        &["az", "backup"],
        "--yes",
        "Do not prompt for confirmation.",
    ),
    (
        &["sim"],
        "PRINCIPAL",
        "Who runs the command: a user, service principal or managed identity, by name.",
    ),
    (&["sim"], "COMMAND", "An az command."),
    (
        &["sim"],
        "DURATION",
        "A duration such as 30d, 6h, 15m or 1d12h.",
    ),
    (&["sim"], "VM", "The VM's name."),
    (&["sim"], "PATH", "A file path inside the VM."),
    (
        &["sim"],
        "CONTENT",
        "The file's text (quote it if it has spaces).",
    ),
    (&["sim"], "RSV", "The Recovery Services vault."),
    (&["sim"], "ITEM", "The backed up item (the VM's name)."),
    (&["sim"], "RP", "The recovery point."),
    (
        &["sim"],
        "--vault",
        "The key vault to restore the key and the secret into.",
    ),
    (&["sim"], "--name", "Name of the new VM."),
    (
        &["sim"],
        "CODE",
        "An error code, such as Forbidden, KeyNotFound or VmBootLocked.",
    ),
];

/// Command groups, for `help`: their words, whether `help` alone lists their commands under a
/// heading of their own (rather than under the group above), and a line about them. Every group
/// a form belongs to must be here: a test holds the table to that.
pub(crate) static GROUPS: &[(&[&str], bool, &str)] = &[
    (
        &["az"],
        true,
        "Sign in and pick a subscription (accepted; Keyfall is signed in).",
    ),
    (
        &["az", "account"],
        false,
        "Manage Azure subscription information.",
    ),
    (&["az", "provider"], false, "Manage resource providers."),
    (
        &["az", "feature"],
        false,
        "Manage resource provider features.",
    ),
    (&["az", "group"], false, "Manage resource groups."),
    (
        &["az", "ad"],
        true,
        "Manage Microsoft Entra ID entities needed for Azure role-based access control.",
    ),
    (
        &["az", "ad", "sp"],
        false,
        "Manage Microsoft Entra service principals.",
    ),
    (
        &["az", "role"],
        false,
        "Manage Azure role-based access control (Azure RBAC).",
    ),
    (
        &["az", "role", "assignment"],
        true,
        "Manage role assignments.",
    ),
    (
        &["az", "keyvault"],
        true,
        "Manage Key Vault vaults, keys and secrets.",
    ),
    (&["az", "keyvault", "key"], true, "Manage keys."),
    (
        &["az", "keyvault", "key", "rotation-policy"],
        false,
        "Manage key's rotation policy.",
    ),
    (&["az", "keyvault", "secret"], true, "Manage secrets."),
    (
        &["az", "vm"],
        true,
        "Manage Linux or Windows virtual machines.",
    ),
    (
        &["az", "vm", "encryption"],
        true,
        "Manage encryption of VM disks.",
    ),
    (
        &["az", "disk-encryption-set"],
        true,
        "Disk Encryption Set resource.",
    ),
    (&["az", "disk"], true, "Manage Azure Managed Disks."),
    (
        &["azcopy"],
        true,
        "AzCopy, the storage copy tool Learn's disk copies use (not part of az).",
    ),
    (&["az", "backup"], true, "Manage Azure Backups."),
    (
        &["az", "backup", "vault"],
        false,
        "Online storage entity in Azure used to hold data such as backup copies, recovery points and backup policies.",
    ),
    (
        &["az", "backup", "protection"],
        false,
        "Manage protection of your items, enable protection or disable it, or take on-demand backups.",
    ),
    (
        &["az", "backup", "recoverypoint"],
        false,
        "A snapshot of data at that point-of-time, stored in Recovery Services Vault, from which you can restore information.",
    ),
    (
        &["az", "backup", "item"],
        false,
        "An item which is already protected or backed up to an Azure Recovery services vault with an associated policy.",
    ),
    (
        &["az", "backup", "job"],
        false,
        "Entity which contains details of the job.",
    ),
    (
        &["az", "backup", "restore"],
        false,
        "Restore backed up items from recovery points in a Recovery Services vault.",
    ),
    (
        &["sim"],
        true,
        "Keyfall's own verbs: the clock, files inside VMs, acting as someone else, checks.",
    ),
    (
        &["sim", "expect"],
        false,
        "Check what the previous command did.",
    ),
];

/// az commands outside the part of Azure Keyfall models, by their first words, and what they are
/// about. They are real az, so the parser answers "not modelled in Keyfall" rather than "unknown
/// command"; a word missing from both lists is a typo and gets a suggestion.
pub(crate) static UNMODELLED: &[(&[&str], &str)] = &[
    (&["az", "network"], "networking"),
    (&["az", "storage"], "storage accounts"),
    (&["az", "aks"], "Kubernetes clusters"),
    (&["az", "acr"], "container registries"),
    (&["az", "webapp"], "App Service"),
    (&["az", "functionapp"], "Azure Functions"),
    (&["az", "appservice"], "App Service"),
    (&["az", "sql"], "Azure SQL"),
    (&["az", "cosmosdb"], "Cosmos DB"),
    (
        &["az", "monitor"],
        "Azure Monitor (Keyfall shows the vault's audit log and the Activity log itself)",
    ),
    (&["az", "identity"], "managed identities"),
    (&["az", "policy"], "Azure Policy"),
    (&["az", "lock"], "resource locks"),
    (&["az", "deployment"], "template deployments"),
    (&["az", "resource"], "generic resource commands"),
    (&["az", "vmss"], "virtual machine scale sets"),
    (&["az", "snapshot"], "snapshots"),
    (&["az", "image"], "VM images"),
    (&["az", "sig"], "image galleries"),
    (&["az", "disk", "update"], "managed disk updates"),
    (&["az", "disk-access"], "disk access resources"),
    (&["az", "sshkey"], "SSH key resources"),
    (&["az", "bastion"], "Azure Bastion"),
    (&["az", "extension"], "az CLI extensions"),
    (&["az", "ad", "signed-in-user"], "Entra ID user lookups"),
    (&["az", "ad", "user"], "Entra ID users"),
    (&["az", "ad", "group"], "Entra ID groups"),
    (&["az", "ad", "app"], "Entra ID app registrations"),
    (&["az", "keyvault", "certificate"], "Key Vault certificates"),
    (
        &["az", "keyvault", "network-rule"],
        "Key Vault firewall rules",
    ),
    (
        &["az", "keyvault", "private-endpoint-connection"],
        "private endpoints",
    ),
    (&["az", "vm", "open-port"], "network security rules"),
    (&["az", "vm", "list-ip-addresses"], "networking"),
    (
        &["az", "vm", "extension"],
        "VM extensions other than disk encryption",
    ),
    (
        &["az", "vm", "run-command"],
        "commands inside a VM (Keyfall has `sim write` and `sim read`)",
    ),
    (&["az", "vm", "user"], "VM user accounts"),
    (&["az", "vm", "identity"], "managed identities"),
    (
        &["az", "vm", "disk"],
        "attaching data disks to a running VM",
    ),
    (&["az", "vm", "resize"], "resizing a VM"),
    (&["az", "vm", "redeploy"], "redeploying a VM"),
];

/// If `tokens` start with an az command Keyfall does not model, the error that says so, at the
/// word that names it.
fn unmodelled(tokens: &[Token]) -> Option<ParseError> {
    let (words, about) = UNMODELLED.iter().find(|(words, _)| {
        words.len() <= tokens.len() && words.iter().zip(tokens).all(|(w, t)| *w == t.text)
    })?;
    let command: Vec<&str> = tokens
        .iter()
        .take_while(|t| !t.is_flag())
        .map(|t| t.text.as_str())
        .collect();
    Some(ParseError {
        line: 1,
        column: tokens[words.len() - 1].col,
        message: format!(
            "`{}` is real az, but not modelled in Keyfall ({about}): Keyfall simulates Key Vault, \
             disk encryption, Disk Encryption Sets and Azure Backup; leave this line out",
            command.join(" ")
        ),
        suggestion: None,
    })
}

/// One command form.
#[derive(Debug)]
pub(crate) struct Spec {
    /// The command's words, `az`/`sim` included.
    pub path: &'static [&'static str],
    /// One line for `help`, in az's words where az has them; `{kind}` stands for `key` or
    /// `secret` in a row whose words include [`OBJECT`].
    pub summary: &'static str,
    /// A line that runs this form (`{kind}` as in `summary`); a test parses every example.
    pub example: &'static str,
    /// Names of the positional arguments, for usage messages.
    pub positionals: &'static [&'static str],
    /// Flags in the order the printer writes them.
    pub flags: &'static [Flag],
    /// Builds the command from checked arguments.
    pub build: fn(&Args<'_>) -> Result<Command, ParseError>,
}

const NAME_OPT: &[Flag] = &[opt("--name")];
/// A vault by name, and az's optional `--resource-group` on the `az keyvault` group
/// ("Proceed only if Key Vault belongs to the specified resource group", azure-cli keyvault
/// `_params.py`). Keyfall accepts it and does not check it: vault names are global here, as
/// their DNS names are in Azure.
const NAME_OPT_RG: &[Flag] = &[req("--name"), opt("--resource-group")];
const NAME_RG: &[Flag] = &[req("--name"), req("--resource-group")];
const NAME_RG_LOC: &[Flag] = &[req("--name"), req("--resource-group"), req("--location")];
/// A key or secret by `--vault-name` and `--name`, or by its identifier `--id` (az's 'Id'
/// argument group, azure-cli keyvault `_params.py`).
const VAULT_ITEM_OR_ID: &[Flag] = &[req_or_id("--vault-name"), req_or_id("--name"), opt("--id")];
const VAULT_ITEM_VERSION: &[Flag] = &[
    req_or_id("--vault-name"),
    req_or_id("--name"),
    opt("--version"),
    opt("--id"),
];
const VAULT_ITEM_ATTRS: &[Flag] = &[
    req_or_id("--vault-name"),
    req_or_id("--name"),
    opt("--id"),
    opt("--version"),
    boolean("--enabled"),
    opt("--expires"),
    opt("--not-before"),
];
const VAULT_ITEM_FILE: &[Flag] = &[
    req_or_id("--vault-name"),
    req_or_id("--name"),
    opt("--id"),
    req("--file"),
];
/// az's `JsonWebKeyOperation` words for `az keyvault key create --ops`.
const KEY_OPS: &[&str] = &[
    "encrypt",
    "decrypt",
    "sign",
    "verify",
    "wrapKey",
    "unwrapKey",
    "import",
    "export",
];
/// `az keyvault key|secret download`: the object, a version, the file and az's encodings
/// (azure-cli keyvault `_params.py`: `key_format_values`, `secret_encoding_values`).
const KEY_DOWNLOAD: &[Flag] = &[
    req_or_id("--vault-name"),
    req_or_id("--name"),
    opt("--id"),
    opt("--version"),
    req("--file"),
    opt("--encoding").of(KEY_ENCODINGS),
];
const SECRET_DOWNLOAD: &[Flag] = &[
    req_or_id("--vault-name"),
    req_or_id("--name"),
    opt("--id"),
    opt("--version"),
    req("--file"),
    opt("--encoding").of(SECRET_ENCODINGS),
    bare("--overwrite"),
];
const KEY_ENCODINGS: &[&str] = &["PEM", "DER"];
/// `--os-type`'s values (azure-cli: `get_enum_type(['Windows', 'Linux'])`).
const OS_TYPES: &[&str] = &["Windows", "Linux"];
const SECRET_ENCODINGS: &[&str] = &["utf-8", "utf-16le", "utf-16be", "ascii", "base64", "hex"];
/// az's words for `az keyvault key create --protection`.
const PROTECTIONS: &[&str] = &["software", "hsm"];
const VAULT_ONLY: &[Flag] = &[req("--vault-name")];
const VAULT_FILE: &[Flag] = &[req("--vault-name"), req("--file")];
const ROLE_ASSIGNMENT: &[Flag] = &[
    opt("--assignee"),
    opt("--assignee-object-id"),
    opt("--assignee-principal-type").of(&["User", "Group", "ServicePrincipal", "ForeignGroup"]),
    req("--role").of(Role::NAMES),
    req("--scope"),
    opt("--resource-group"),
];
/// azure-cli `delete_role_assignments` takes no `--assignee-object-id`: `--assignee` resolves
/// an object id too. `--yes` is a no-op since az 2.68.
const ROLE_DELETE: &[Flag] = &[
    opt("--assignee"),
    opt("--role").of(Role::NAMES),
    opt("--scope"),
    opt("--resource-group"),
    bare("--yes"),
];
const BACKUP_ITEM: &[Flag] = &[
    req("--vault-name"),
    req("--resource-group"),
    req("--container-name"),
    req("--item-name"),
    BACKUP_TYPE,
    WORKLOAD_TYPE,
];
/// `--backup-management-type` and `--workload-type`, which az's backup commands that name an
/// item take (azure-cli backup `_params.py`, `allowed_backup_management_types` and
/// `allowed_workload_types`). Keyfall backs up Azure VMs only: `AzureIaasVM` and `VM`
/// ([`Args::vm_backups_only`]).
const BACKUP_TYPE: Flag = opt("--backup-management-type").of(BACKUP_MANAGEMENT_TYPES);
const WORKLOAD_TYPE: Flag = opt("--workload-type").of(WORKLOAD_TYPES);
const BACKUP_MANAGEMENT_TYPES: &[&str] = &["AzureIaasVM", "AzureStorage", "AzureWorkload"];
const WORKLOAD_TYPES: &[&str] = &[
    "VM",
    "AzureFileShare",
    "SAPHANA",
    "SAPASE",
    "MSSQL",
    "SAPHanaDatabase",
    "SQLDataBase",
    "SAPAseDatabase",
    "SAPHanaDBInstance",
];

/// The word of `az keyvault key|secret <op>` that names the kind of object: either word matches,
/// and the command built is about the kind given ([`Args::kind`]).
pub(crate) const OBJECT: &str = "key|secret";

/// The words a command word of the table stands for: itself, or each of its `|` alternatives.
pub(crate) fn alternatives(word: &'static str) -> impl Iterator<Item = &'static str> {
    word.split('|')
}

/// Does the typed `text` match the table's command word `word`?
pub(crate) fn word_matches(word: &'static str, text: &str) -> bool {
    alternatives(word).any(|w| w == text)
}

/// `az vm <power> --name N --resource-group RG`.
fn vm_power(a: &Args<'_>, power: Power) -> Result<Command, ParseError> {
    Ok(Command::vm_power(
        power,
        &a.str("--name")?,
        &a.str("--resource-group")?,
    ))
}

/// `spec!([words], [positionals], summary, example, flags, build)`; the positionals may be left
/// out. The summary and the example are `help`'s; every flag needs a line in [`FLAG_HELP`].
macro_rules! spec {
    ([$($word:tt)+], [$($pos:literal)*], $summary:literal, $example:literal, $flags:expr, $build:expr) => {
        Spec {
            path: &[$($word),+],
            positionals: &[$($pos),*],
            summary: $summary,
            example: $example,
            flags: $flags,
            build: $build,
        }
    };
    ([$($word:tt)+], $summary:literal, $example:literal, $flags:expr, $build:expr) => {
        spec!([$($word)+], [], $summary, $example, $flags, $build)
    };
}

/// Every command form. No form's words are a prefix of another's, so matching words stops at the
/// first complete form.
pub(crate) static SPECS: &[Spec] = &[
    // ---- Entra ID and RBAC ----
    spec!(["az" "ad" "sp" "create-for-rbac"],
        "Create a service principal and configure its access to Azure resources.",
        "az ad sp create-for-rbac --name ade-app", NAME_OPT, |a| Ok(Command::SpCreate { name: a.opt_str("--name") })),
    spec!(["az" "role" "assignment" "create"],
        "Create a new role assignment for a user, group, or service principal.",
        "az role assignment create --assignee ade-app --role \"Key Vault Crypto User\" --scope kv-ade", ROLE_ASSIGNMENT, |a| {
        // `--scope` is required (azure-cli PR 27651), so `-g` can only be redundant.
        a.scope_or_group()?;
        Ok(Command::RoleAssignmentCreate(RoleAssignment {
            assignee: a.assignee()?,
            role: a.role("--role")?,
            scope: a.str("--scope")?,
        }))
    }),
    spec!(["az" "role" "assignment" "delete"],
        "Delete a role assignment.",
        "az role assignment delete --assignee ade-app --role \"Key Vault Crypto User\" --scope kv-ade", ROLE_DELETE, |a| {
        let role = if a.has("--role") { Some(a.role("--role")?) } else { None };
        let d = RoleAssignmentDelete {
            assignee: a.opt_str("--assignee"),
            role,
            scope: a.opt_str("--scope"),
            resource_group: a.opt_str("--resource-group"),
        };
        // azure-cli PR 30470 (az 2.68): no filter deletes nothing; before it, every
        // assignment in the subscription.
        if d.assignee.is_none() && d.role.is_none() && d.scope.is_none() && d.resource_group.is_none() {
            return Err(a.error_at_end(
                "Please provide at least one of these arguments: --ids, --assignee, --role, --resource-group, --scope".to_owned(),
            ));
        }
        // azure-cli `_build_role_scope`.
        a.scope_or_group()?;
        Ok(Command::RoleAssignmentDelete(d))
    }),
    // azure-cli role `custom.py` `list_role_assignments`: without --scope or --all, the
    // subscription's own assignments; --all every one under it.
    spec!(["az" "role" "assignment" "list"],
        "List role assignments.",
        "az role assignment list --assignee admin@contoso.com --all",
        &[opt("--assignee"), opt("--scope"), opt("--resource-group"), bare("--all")],
        |a| {
        // azure-cli `list_role_assignments`.
        if a.has("--all") && (a.has("--scope") || a.has("--resource-group")) {
            return Err(a.error_at_end("group or scope are not required when --all is used".to_owned()));
        }
        a.scope_or_group()?;
        Ok(Command::RoleAssignmentList {
            assignee: a.opt_str("--assignee"),
            scope: a.opt_str("--scope"),
            resource_group: a.opt_str("--resource-group"),
            all: a.has("--all"),
        })
    }),
    // ---- Signing in: accepted, nothing to do here ----
    spec!(["az" "login"],
        "Log in to Azure (accepted; Keyfall is always signed in as admin).",
        "az login", &[bare("--use-device-code"), opt("--tenant")], |_| Ok(Command::Login)),
    spec!(["az" "account" "set"],
        "Set a subscription to be the current active subscription.",
        "az account set --subscription sub-1", &[req("--subscription")], |a| Ok(Command::AccountSet {
        subscription: a.str("--subscription")?,
    })),
    // azure-cli resource `custom.py`: `create_resource_group`, `get_resource_group`,
    // `list_resource_groups`, `delete_resource_group` (`--yes` skips az's prompt).
    spec!(["az" "group" "create"],
        "Create a new resource group.",
        "az group create --name rg --location westeurope", &[req("--name"), req("--location")], |a| Ok(Command::GroupCreate {
        name: a.str("--name")?,
        location: a.str("--location")?,
    })),
    spec!(["az" "group" "show"],
        "Gets a resource group.",
        "az group show --name rg", &[req("--name")], |a| Ok(Command::GroupShow {
        name: a.str("--name")?,
    })),
    spec!(["az" "group" "list"],
        "List resource groups.",
        "az group list", &[], |_| Ok(Command::GroupList)),
    spec!(["az" "group" "delete"],
        "Delete a resource group (Keyfall: only an empty one).",
        "az group delete --name rg --yes", &[req("--name"), bare("--yes")], |a| Ok(Command::GroupDelete {
        name: a.str("--name")?,
    })),
    // azure-cli profile `custom.py`: `show_subscription`, `list_subscriptions` (`--all` and
    // `--refresh` change nothing with one subscription).
    spec!(["az" "account" "show"],
        "Get the details of a subscription.",
        "az account show", &[opt("--subscription")], |a| {
        a.opt_value("--subscription", |v| subscription(a, v))?;
        Ok(Command::AccountShow)
    }),
    spec!(["az" "account" "list"],
        "Get a list of subscriptions for the logged in account.",
        "az account list", &[bare("--all"), bare("--refresh")], |_| Ok(Command::AccountList)),
    spec!(["az" "provider" "register"],
        "Register a provider (accepted; every provider is registered).",
        "az provider register --namespace Microsoft.KeyVault", &[req("--namespace"), bare("--wait")], |a| Ok(Command::ProviderRegister {
        namespace: a.str("--namespace")?,
        wait: a.has("--wait"),
    })),
    // ---- Key vaults ----
    spec!(
        ["az" "keyvault" "create"],
        "Create a Vault.",
        "az keyvault create --name kv-ade --resource-group rg --location westeurope --enabled-for-disk-encryption true",
        &[
            req("--name"),
            req("--resource-group"),
            opt("--location"),
            opt("--subscription"),
            opt("--sku").of(Sku::NAMES),
            boolean("--enabled-for-disk-encryption"),
            boolean("--enabled-for-deployment"),
            boolean("--enabled-for-template-deployment"),
            opt("--retention-days"),
            boolean("--enable-purge-protection"),
            boolean("--enable-rbac-authorization"),
            // azure-cli keyvault `_params.py`: `get_three_state_flag()`.
            boolean("--no-self-perms"),
        ],
        |a| Ok(Command::VaultCreate(VaultCreate {
            name: a.str("--name")?,
            resource_group: a.str("--resource-group")?,
            location: a.opt_str("--location").unwrap_or_default(),
            subscription: a.opt_str("--subscription"),
            sku: a.opt_value("--sku", |v| a.word(v, "--sku", "vault SKU", Sku::ALL, Sku::NAMES))?,
            enabled_for_disk_encryption: a.opt_bool("--enabled-for-disk-encryption")?,
            enabled_for_deployment: a.opt_bool("--enabled-for-deployment")?,
            enabled_for_template_deployment: a.opt_bool("--enabled-for-template-deployment")?,
            retention_days: a.opt_u32("--retention-days")?,
            enable_purge_protection: a.opt_bool("--enable-purge-protection")?,
            enable_rbac_authorization: a.opt_bool("--enable-rbac-authorization")?,
            no_self_perms: a.opt_bool("--no-self-perms")?.unwrap_or(false),
        }))
    ),
    spec!(
        ["az" "keyvault" "update"],
        "Update the properties of a Vault.",
        "az keyvault update --name kv-ade --enable-purge-protection true",
        &[
            req("--name"),
            opt("--resource-group"),
            boolean("--enabled-for-disk-encryption"),
            boolean("--enabled-for-deployment"),
            boolean("--enabled-for-template-deployment"),
            boolean("--enable-purge-protection"),
            boolean("--enable-rbac-authorization"),
        ],
        |a| Ok(Command::VaultUpdate(VaultUpdate {
            name: a.str("--name")?,
            enabled_for_disk_encryption: a.opt_bool("--enabled-for-disk-encryption")?,
            enabled_for_deployment: a.opt_bool("--enabled-for-deployment")?,
            enabled_for_template_deployment: a.opt_bool("--enabled-for-template-deployment")?,
            enable_purge_protection: a.opt_bool("--enable-purge-protection")?,
            enable_rbac_authorization: a.opt_bool("--enable-rbac-authorization")?,
        }))
    ),
    spec!(
        ["az" "keyvault" "set-policy"],
        "Update security policy settings for a Key Vault.",
        "az keyvault set-policy --name kv-ade --spn ade-app --key-permissions get wrapKey --secret-permissions set",
        &[
            req("--name"),
            opt("--resource-group"),
            opt("--spn"),
            opt("--upn"),
            opt("--object-id"),
            // azure-cli keyvault `_params.py`: `nargs='*'`, so a flag with no value sets an
            // empty list (and takes that category's permissions away).
            many("--key-permissions").of(KeyPerm::NAMES).or_none(),
            many("--secret-permissions").of(SecretPerm::NAMES).or_none(),
        ],
        |a| {
            let principal = a.principal()?;
            let key_permissions = a.perms("--key-permissions", "key permission", KeyPerm::ALL, KeyPerm::NAMES)?;
            let secret_permissions = a.perms("--secret-permissions", "secret permission", SecretPerm::ALL, SecretPerm::NAMES)?;
            // azure-cli `validate_policy_permissions`.
            if key_permissions.is_none() && secret_permissions.is_none() {
                return Err(a.error_at_end(
                    "specify at least one: --key-permissions, --secret-permissions, --certificate-permissions --storage-permissions".to_owned(),
                ));
            }
            Ok(Command::SetPolicy(SetPolicy {
                vault: a.str("--name")?,
                principal,
                key_permissions,
                secret_permissions,
            }))
        }
    ),
    spec!(
        ["az" "keyvault" "delete-policy"],
        "Delete security policy settings for a Key Vault.",
        "az keyvault delete-policy --name kv-ade --spn ade-app",
        &[req("--name"), opt("--resource-group"), opt("--spn"), opt("--upn"), opt("--object-id")],
        |a| Ok(Command::DeletePolicy { vault: a.str("--name")?, principal: a.principal()? })
    ),
    spec!(["az" "keyvault" "delete"],
        "Delete a Vault (soft delete: it can be recovered until it is purged).",
        "az keyvault delete --name kv-ade", NAME_OPT_RG, |a| Ok(Command::VaultDelete { name: a.str("--name")? })),
    spec!(["az" "keyvault" "recover"],
        "Recover a Vault.",
        "az keyvault recover --name kv-ade", &[req("--name"), opt("--resource-group"), opt("--location")], |a| Ok(Command::VaultRecover { name: a.str("--name")? })),
    spec!(["az" "keyvault" "purge"],
        "Permanently delete the specified Vault. Aka Purges the deleted Vault.",
        "az keyvault purge --name kv-ade", &[req("--name"), opt("--location")], |a| Ok(Command::VaultPurge { name: a.str("--name")? })),
    spec!(["az" "keyvault" "show"],
        "Show details of a Vault.",
        "az keyvault show --name kv-ade", NAME_OPT_RG, |a| Ok(Command::VaultShow { name: a.str("--name")? })),
    spec!(["az" "keyvault" "list"],
        "List Vaults within a subscription, or a resource group.",
        "az keyvault list --resource-group rg", &[opt("--resource-group")], |a| Ok(Command::VaultList {
        resource_group: a.opt_str("--resource-group"),
    })),
    // azure-cli keyvault `custom.py` `list_deleted_vault`: `--resource-type vault|hsm`, both
    // when omitted; Keyfall has no Managed HSM.
    spec!(["az" "keyvault" "list-deleted"],
        "Get information about the deleted Vaults or HSMs in a subscription.",
        "az keyvault list-deleted --resource-type vault", &[opt("--resource-type").of(&["vault", "hsm"])], |a| {
        a.opt_value("--resource-type", |v| match v.text.as_str() {
            "vault" => Ok(()),
            "hsm" => Err(a.error(v.col, "Managed HSM is not modelled in Keyfall: it has no deleted HSMs to list".to_owned())),
            _ => Err(a.bad(v, "--resource-type", "vault or hsm")),
        })?;
        Ok(Command::VaultListDeleted)
    }),
    spec!(["az" "keyvault" "show-deleted"],
        "Show details of a deleted Vault.",
        "az keyvault show-deleted --name kv-ade", &[req("--name"), opt("--location")], |a| Ok(Command::VaultShowDeleted {
        name: a.str("--name")?,
    })),
    // ---- Keys ----
    spec!(
        ["az" "keyvault" "key" "create"],
        "Create a new key, stores it, then returns key parameters and attributes to the client.",
        "az keyvault key create --vault-name kv-ade --name kek --kty RSA --size 3072",
        &[
            req("--vault-name"),
            req("--name"),
            opt("--kty").of(KeyType::NAMES),
            opt("--size"),
            opt("--protection").of(PROTECTIONS),
            many("--ops").of(KEY_OPS),
            opt("--expires"),
            opt("--not-before"),
            boolean("--disabled"),
        ],
        |a| {
            let kty = a.opt_value("--kty", |v| a.word(v, "--kty", "key type", KeyType::ALL, KeyType::NAMES))?;
            // `--ops`: az's JsonWebKeyOperation words, accepted and not kept (not enforced).
            a.opt_list("--ops", |v| a.word(v, "--ops", "key operation", KEY_OPS, KEY_OPS))?;
            Ok(Command::KeyCreate(KeyCreate {
                vault: a.str("--vault-name")?,
                name: a.str("--name")?,
                kty: a.protected_kty(kty)?,
                size: a.opt_u32("--size")?,
                expires: a.opt_date("--expires")?,
                not_before: a.opt_date("--not-before")?,
                disabled: a.opt_bool("--disabled")?.unwrap_or(false),
            }))
        }
    ),
    spec!(["az" "keyvault" "key" "rotate"],
        "Rotate the key based on the key policy by generating a new version of the key.",
        "az keyvault key rotate --vault-name kv-ade --name kek", VAULT_ITEM_OR_ID, |a| {
        let (vault, name) = a.item()?;
        Ok(Command::KeyRotate { vault, name })
    }),
    spec!(
        ["az" "keyvault" "key" "rotation-policy" "update"],
        "Update the rotation policy of a Key Vault key.",
        r#"az keyvault key rotation-policy update --vault-name kv-ade --name kek --value '{"lifetimeActions":[{"trigger":{"timeAfterCreate":"P90D"},"action":{"type":"Rotate"}}],"attributes":{"expiryTime":"P1Y"}}'"#,
        &[req_or_id("--vault-name"), req_or_id("--name"), opt("--id"), req("--value")],
        |a| {
            let (vault, name) = a.item()?;
            let policy = a.value("--value", |v| {
                super::rotation::policy(&v.text).map_err(|m| a.error(v.col, m))
            })?;
            Ok(Command::KeyRotationPolicyUpdate { vault, name, policy })
        }
    ),
    spec!(["az" "keyvault" "key" "rotation-policy" "show"],
        "Get the rotation policy of a Key Vault key.",
        "az keyvault key rotation-policy show --vault-name kv-ade --name kek", VAULT_ITEM_OR_ID, |a| {
        let (vault, name) = a.item()?;
        Ok(Command::KeyRotationPolicyShow { vault, name })
    }),
    // ---- Secrets ----
    spec!(
        ["az" "keyvault" "secret" "set"],
        "Create a secret (if one doesn't exist) or update a secret in a KeyVault.",
        "az keyvault secret set --vault-name kv-ade --name payroll-db --value s3cret",
        &[
            req("--vault-name"),
            req("--name"),
            opt("--value"),
            opt("--content-type"),
            many("--tags"),
            opt("--expires"),
            opt("--not-before"),
            boolean("--disabled"),
        ],
        |a| {
            // azure-cli `process_secret_set_namespace`: the value or a file, one of them.
            // Keyfall keeps no local files of text to read a value from.
            let Some(value) = a.opt_str("--value") else {
                return Err(a.error_at_end(
                    "incorrect usage: [Required] --value VALUE | --file PATH".to_owned(),
                ));
            };
            Ok(Command::SecretSet(SecretSet {
                vault: a.str("--vault-name")?,
                name: a.str("--name")?,
                value,
                content_type: a.opt_str("--content-type"),
                tags: a.opt_list("--tags", |v| a.tag(v))?.unwrap_or_default(),
                expires: a.opt_date("--expires")?,
                not_before: a.opt_date("--not-before")?,
                disabled: a.opt_bool("--disabled")?.unwrap_or(false),
            }))
        }
    ),
    // ---- What keys and secrets share: `az keyvault key|secret <op>` ----
    spec!(["az" "keyvault" OBJECT "show"],
        "Get a {kind}'s attributes: its current version, or the one --version names.",
        "az keyvault {kind} show --vault-name kv-ade --name my{kind}", VAULT_ITEM_VERSION, |a| {
        a.object(ObjectOp::Show { version: a.item_version()? })
    }),
    spec!(["az" "keyvault" OBJECT "list-versions"],
        "List the identifiers and properties of a {kind}'s versions.",
        "az keyvault {kind} list-versions --vault-name kv-ade --name my{kind}", VAULT_ITEM_OR_ID, |a| a.object(ObjectOp::ListVersions)),
    spec!(["az" "keyvault" OBJECT "set-attributes"],
        "The update {kind} operation changes specified attributes of a stored {kind}.",
        "az keyvault {kind} set-attributes --vault-name kv-ade --name my{kind} --enabled false", VAULT_ITEM_ATTRS, |a| {
        a.object(ObjectOp::SetAttributes {
            version: a.item_version()?,
            enabled: a.opt_bool("--enabled")?,
            expires: a.opt_date("--expires")?,
            not_before: a.opt_date("--not-before")?,
        })
    }),
    spec!(["az" "keyvault" OBJECT "delete"],
        "Delete a {kind} from the vault (soft delete: recover it, or purge it).",
        "az keyvault {kind} delete --vault-name kv-ade --name my{kind}", VAULT_ITEM_OR_ID, |a| a.object(ObjectOp::Delete)),
    spec!(["az" "keyvault" OBJECT "recover"],
        "Recover a deleted {kind} to its latest version.",
        "az keyvault {kind} recover --vault-name kv-ade --name my{kind}", VAULT_ITEM_OR_ID, |a| a.object(ObjectOp::Recover)),
    spec!(["az" "keyvault" OBJECT "purge"],
        "Permanently delete the specified {kind}.",
        "az keyvault {kind} purge --vault-name kv-ade --name my{kind}", VAULT_ITEM_OR_ID, |a| a.object(ObjectOp::Purge)),
    spec!(["az" "keyvault" OBJECT "backup"],
        "Request that a backup of the specified {kind} be downloaded to the client.",
        "az keyvault {kind} backup --vault-name kv-ade --name my{kind} --file my{kind}.blob", VAULT_ITEM_FILE, |a| {
        a.object(ObjectOp::Backup { file: a.str("--file")? })
    }),
    spec!(["az" "keyvault" "key" "download"],
        "Download the public part of a stored key.",
        "az keyvault key download --vault-name kv-ade --name kek --file kek.pem", KEY_DOWNLOAD, |a| {
        a.object(a.download(KEY_ENCODINGS)?)
    }),
    spec!(["az" "keyvault" "secret" "download"],
        "Download a secret from a KeyVault.",
        "az keyvault secret download --vault-name kv-ade --name payroll-db --file payroll-db.txt", SECRET_DOWNLOAD, |a| {
        a.object(a.download(SECRET_ENCODINGS)?)
    }),
    spec!(["az" "keyvault" OBJECT "show-deleted"],
        "Get the specified deleted {kind}.",
        "az keyvault {kind} show-deleted --vault-name kv-ade --name my{kind}", VAULT_ITEM_OR_ID, |a| a.object(ObjectOp::ShowDeleted)),
    spec!(["az" "keyvault" OBJECT "list"],
        "List the {kind}s in the specified vault.",
        "az keyvault {kind} list --vault-name kv-ade", VAULT_ONLY, |a| Ok(Command::ObjectList {
        kind: a.kind(),
        vault: a.str("--vault-name")?,
        deleted: false,
    })),
    spec!(["az" "keyvault" OBJECT "list-deleted"],
        "List the deleted {kind}s in the specified vault.",
        "az keyvault {kind} list-deleted --vault-name kv-ade", VAULT_ONLY, |a| Ok(Command::ObjectList {
        kind: a.kind(),
        vault: a.str("--vault-name")?,
        deleted: true,
    })),
    spec!(["az" "keyvault" OBJECT "restore"],
        "Restore a backed up {kind} to a vault.",
        "az keyvault {kind} restore --vault-name kv-ade --file my{kind}.blob", VAULT_FILE, |a| Ok(Command::ObjectRestore {
        kind: a.kind(),
        vault: a.str("--vault-name")?,
        file: a.str("--file")?,
    })),
    // ---- Virtual machines and ADE ----
    spec!(
        ["az" "vm" "create"],
        "Create an Azure Virtual Machine.",
        "az vm create --name vm1 --resource-group rg --location westeurope --image Ubuntu2204",
        &[
            req("--name"),
            req("--resource-group"),
            opt("--location"),
            opt("--image"),
            opt("--attach-os-disk"),
            opt("--os-type").of(OS_TYPES),
            opt("--subscription"),
            opt("--os-disk-encryption-set"),
            opt("--size"),
            opt("--admin-username"),
            opt("--admin-password"),
            bare("--generate-ssh-keys"),
            boolean("--encryption-at-host"),
            many("--data-disk-sizes-gb"),
            many("--data-disk-encryption-sets"),
        ],
        |a| Ok(Command::VmCreate(VmCreate {
            name: a.str("--name")?,
            resource_group: a.str("--resource-group")?,
            location: a.opt_str("--location").unwrap_or_default(),
            image: a.opt_str("--image").unwrap_or_default(),
            attach_os_disk: a.opt_str("--attach-os-disk"),
            os_type: a.opt_choice("--os-type")?,
            subscription: a.opt_str("--subscription"),
            os_disk_encryption_set: a.opt_str("--os-disk-encryption-set"),
            size: a.opt_str("--size"),
            admin_username: a.opt_str("--admin-username"),
            admin_password: a.has("--admin-password"),
            generate_ssh_keys: a.has("--generate-ssh-keys"),
            encryption_at_host: a.opt_bool("--encryption-at-host")?,
            data_disk_sizes_gb: a
                .opt_list("--data-disk-sizes-gb", |v| {
                    v.text.parse().map_err(|_| a.bad(v, "--data-disk-sizes-gb", "sizes in GB, such as 128 256"))
                })?
                .unwrap_or_default(),
            data_disk_encryption_sets: a
                .opt_list("--data-disk-encryption-sets", |v| Ok(v.text.clone()))?
                .unwrap_or_default(),
        }))
    ),
    spec!(["az" "vm" "show"],
        "Get the details of a VM.",
        "az vm show --name vm1 --resource-group rg --show-details",
        &[req("--name"), req("--resource-group"), bare("--show-details")],
        |a| Ok(Command::VmShow {
            vm: a.str("--name")?,
            resource_group: a.str("--resource-group")?,
            details: a.has("--show-details"),
        })
    ),
    spec!(["az" "vm" "list"],
        "List details of Virtual Machines.",
        "az vm list --resource-group rg",
        &[opt("--resource-group"), bare("--show-details")],
        |a| Ok(Command::VmList {
            resource_group: a.opt_str("--resource-group"),
            details: a.has("--show-details"),
        })
    ),
    spec!(
        ["az" "vm" "encryption" "enable"],
        "Enable disk encryption on the OS disk and/or data disks. Encrypt mounted disks.",
        "az vm encryption enable --name vm1 --resource-group rg --disk-encryption-keyvault kv-ade --key-encryption-key kek",
        &[
            req("--name"),
            req("--resource-group"),
            req("--disk-encryption-keyvault"),
            opt("--key-encryption-keyvault"),
            opt("--key-encryption-key"),
            opt("--key-encryption-algorithm").of(KeyEncryptionAlgorithm::NAMES),
            opt("--volume-type").of(VolumeType::NAMES),
            bare("--encrypt-format-all"),
            bare("--force"),
            opt("--aad-client-id"),
            opt("--aad-client-secret"),
            opt("--aad-client-cert-thumbprint"),
        ],
        build_encryption_enable
    ),
    spec!(
        ["az" "vm" "encryption" "disable"],
        "Disable disk encryption on the OS disk and/or data disks. Decrypt mounted disks.",
        "az vm encryption disable --name vm1 --resource-group rg --volume-type DATA",
        &[req("--name"), req("--resource-group"), opt("--volume-type").of(VolumeType::NAMES), bare("--force")],
        |a| Ok(Command::EncryptionDisable {
            vm: a.str("--name")?,
            resource_group: a.str("--resource-group")?,
            volume_type: a.volume_type()?,
            force: a.has("--force"),
        })
    ),
    spec!(["az" "vm" "encryption" "show"],
        "Show encryption status.",
        "az vm encryption show --name vm1 --resource-group rg", NAME_RG, |a| Ok(Command::EncryptionShow {
        vm: a.str("--name")?,
        resource_group: a.str("--resource-group")?,
    })),
    spec!(["az" "vm" "restart"],
        "Restart VMs.",
        "az vm restart --name vm1 --resource-group rg", NAME_RG, |a| vm_power(a, Power::Restart)),
    spec!(["az" "vm" "stop"],
        "Power off (stop) a running VM. The VM continues to be billed.",
        "az vm stop --name vm1 --resource-group rg", NAME_RG, |a| vm_power(a, Power::Stop)),
    spec!(["az" "vm" "deallocate"],
        "Deallocate a VM so that computing resources are no longer allocated; the next start unlocks its disks again.",
        "az vm deallocate --name vm1 --resource-group rg", NAME_RG, |a| vm_power(a, Power::Deallocate)),
    spec!(["az" "vm" "start"],
        "Start a stopped VM.",
        "az vm start --name vm1 --resource-group rg", NAME_RG, |a| vm_power(a, Power::Start)),
    // Encryption at host (docs/fidelity.md, "Encryption at host"): az's `update_vm` takes
    // `--encryption-at-host` and the generic `--set`, of which Keyfall reads the one property.
    spec!(["az" "vm" "update"],
        "Update the properties of a VM: encryption at host, on a deallocated VM.",
        "az vm update --name vm1 --resource-group rg --set securityProfile.encryptionAtHost=true",
        &[req("--name"), req("--resource-group"), opt("--set"), boolean("--encryption-at-host")],
        |a| {
            let set = a.opt_value("--set", |v| {
                let (path, value) = v.text.split_once('=').unwrap_or((&v.text, ""));
                if !path.eq_ignore_ascii_case("securityProfile.encryptionAtHost") {
                    return Err(a.bad(v, "--set", "securityProfile.encryptionAtHost=true|false (the one property Keyfall updates)"));
                }
                match value.to_ascii_lowercase().as_str() {
                    "true" => Ok(true),
                    "false" => Ok(false),
                    _ => Err(a.bad(v, "--set", "securityProfile.encryptionAtHost=true|false")),
                }
            })?;
            let flag = a.opt_bool("--encryption-at-host")?;
            let Some(encryption_at_host) = set.or(flag) else {
                return Err(a.error_at_end(
                    "`az vm update` in Keyfall needs --set securityProfile.encryptionAtHost=true|false or --encryption-at-host".to_owned(),
                ));
            };
            Ok(Command::VmUpdate {
                vm: a.str("--name")?,
                resource_group: a.str("--resource-group")?,
                encryption_at_host,
            })
        }
    ),
    spec!(["az" "vm" "delete"],
        "Delete a VM and, in Keyfall, its disks.",
        "az vm delete --name vm1 --resource-group rg --yes",
        &[req("--name"), req("--resource-group"), bare("--yes")],
        |a| Ok(Command::VmDelete {
            vm: a.str("--name")?,
            resource_group: a.str("--resource-group")?,
        })
    ),
    spec!(["az" "feature" "register"],
        "Register a preview feature (Keyfall knows Microsoft.Compute/EncryptionAtHost).",
        "az feature register --namespace Microsoft.Compute --name EncryptionAtHost",
        &[req("--namespace"), req("--name")],
        |a| Ok(Command::Feature {
            op: crate::command::FeatureOp::Register,
            namespace: a.str("--namespace")?,
            name: a.str("--name")?,
        })
    ),
    spec!(["az" "feature" "show"],
        "Get the details of a preview feature.",
        "az feature show --namespace Microsoft.Compute --name EncryptionAtHost",
        &[req("--namespace"), req("--name")],
        |a| Ok(Command::Feature {
            op: crate::command::FeatureOp::Show,
            namespace: a.str("--namespace")?,
            name: a.str("--name")?,
        })
    ),
    spec!(["az" "disk" "show"],
        "Gets information about a disk.",
        "az disk show --name vm1-os --resource-group rg", NAME_RG, |a| Ok(Command::Disk(DiskOp::Show {
        name: a.str("--name")?,
        resource_group: a.str("--resource-group")?,
    }))),
    spec!(
        ["az" "disk" "create"],
        "Create a managed disk.",
        "az disk create --name vm1-os-new --resource-group rg --upload-type Upload --upload-size-bytes 32212255232 --os-type Linux",
        &[
            req("--name"),
            req("--resource-group"),
            opt("--location"),
            opt("--upload-type").of(&["Upload", "UploadWithSecurityData"]),
            // azure-cli vm `_params.py`: a deprecated three-state flag.
            boolean("--for-upload"),
            opt("--upload-size-bytes"),
            opt("--source"),
            opt("--size-gb"),
            opt("--os-type").of(OS_TYPES),
            opt("--sku").of(&["Premium_LRS", "StandardSSD_LRS", "Standard_LRS", "PremiumV2_LRS", "Premium_ZRS", "StandardSSD_ZRS", "UltraSSD_LRS"]),
            opt("--hyper-v-generation").of(&["V1", "V2"]),
        ],
        |a| Ok(Command::Disk(DiskOp::Create(DiskCreate {
            name: a.str("--name")?,
            resource_group: a.str("--resource-group")?,
            location: a.opt_str("--location").unwrap_or_default(),
            upload_type: a.opt_choice("--upload-type")?,
            for_upload: a.opt_bool("--for-upload")?.unwrap_or(false),
            upload_size_bytes: a.opt_whole("--upload-size-bytes")?,
            source: a.opt_str("--source"),
            size_gb: a.opt_u32("--size-gb")?,
            os_type: a.opt_choice("--os-type")?,
            sku: a.opt_choice("--sku")?,
            hyper_v_generation: a.opt_choice("--hyper-v-generation")?,
        })))
    ),
    spec!(["az" "disk" "grant-access"],
        "Grant a resource read access to a managed disk.",
        "az disk grant-access --name vm1-os --resource-group rg --duration-in-seconds 3600",
        &[req("--name"), req("--resource-group"), opt("--access-level").of(&["Read", "Write"]), req("--duration-in-seconds")],
        |a| Ok(Command::Disk(DiskOp::GrantAccess(DiskGrant {
            name: a.str("--name")?,
            resource_group: a.str("--resource-group")?,
            write: a.opt_choice("--access-level")?.as_deref() == Some("Write"),
            duration_secs: a.opt_whole("--duration-in-seconds")?.ok_or_else(|| a.missing("--duration-in-seconds"))?,
        })))
    ),
    spec!(["az" "disk" "revoke-access"],
        "Revoke a resource's read access to a managed disk.",
        "az disk revoke-access --name vm1-os --resource-group rg", NAME_RG, |a| Ok(Command::Disk(DiskOp::RevokeAccess {
        name: a.str("--name")?,
        resource_group: a.str("--resource-group")?,
    }))),
    spec!(["az" "disk" "delete"],
        "Delete a managed disk.",
        "az disk delete --name vm1-os --resource-group rg --yes",
        &[req("--name"), req("--resource-group"), bare("--yes")],
        |a| Ok(Command::Disk(DiskOp::Delete {
            name: a.str("--name")?,
            resource_group: a.str("--resource-group")?,
        }))
    ),
    spec!(["az" "disk" "list"],
        "List managed disks.",
        "az disk list --resource-group rg", &[opt("--resource-group")], |a| Ok(Command::Disk(DiskOp::List {
        resource_group: a.opt_str("--resource-group"),
    }))),
    spec!(["azcopy" "copy"], ["SOURCE" "DESTINATION"],
        "Copies source data to a destination location (AzCopy v10).",
        "azcopy copy \"$src\" \"$dst\" --blob-type PageBlob",
        &[opt("--blob-type").of(&["Detect", "BlockBlob", "PageBlob", "AppendBlob"])],
        |a| Ok(Command::AzCopy(AzCopy {
            source: a.pos(0)?.text.clone(),
            destination: a.pos(1)?.text.clone(),
            blob_type: a.opt_choice("--blob-type")?,
        }))
    ),
    // ---- Disk Encryption Sets ----
    spec!(
        ["az" "disk-encryption-set" "create"],
        "Create a disk encryption set.",
        "az disk-encryption-set create --name des1 --resource-group rg --location westeurope --source-vault kv-ade --key-url https://kv-ade.vault.azure.net/keys/kek",
        &[
            req("--name"),
            req("--resource-group"),
            opt("--location"),
            // azure-cli vm `operations/disk_encryption_set.py`: only `--key-url` is required.
            opt("--source-vault"),
            req("--key-url"),
            boolean("--enable-auto-key-rotation"),
        ],
        build_des_create
    ),
    spec!(["az" "disk-encryption-set" "show"],
        "Get information about a disk encryption set.",
        "az disk-encryption-set show --name des1 --resource-group rg", NAME_RG, |a| Ok(Command::DesShow {
        name: a.str("--name")?,
        resource_group: a.str("--resource-group")?,
    })),
    spec!(
        ["az" "disk-encryption-set" "update"],
        "Update a disk encryption set.",
        "az disk-encryption-set update --name des1 --resource-group rg --key-url https://kv-ade.vault.azure.net/keys/kek/@2 --source-vault kv-ade",
        &[
            req("--name"),
            req("--resource-group"),
            opt("--source-vault"),
            opt("--key-url"),
            boolean("--enable-auto-key-rotation"),
        ],
        build_des_update
    ),
    // ---- Azure Backup ----
    spec!(["az" "backup" "vault" "create"],
        "Create a new Recovery Services vault or update an existing one.",
        "az backup vault create --name rsv --resource-group rg --location westeurope", NAME_RG_LOC, |a| Ok(Command::BackupVaultCreate {
        name: a.str("--name")?,
        resource_group: a.str("--resource-group")?,
        location: a.str("--location")?,
    })),
    spec!(
        ["az" "backup" "protection" "enable-for-vm"],
        "Start protecting a previously unprotected Azure VM as per the specified policy to a Recovery services vault.",
        "az backup protection enable-for-vm --vault-name rsv --resource-group rg --vm vm1 --policy-name DefaultPolicy",
        &[req("--vault-name"), req("--resource-group"), req("--vm"), req("--policy-name")],
        |a| Ok(Command::BackupProtect {
            vault: a.str("--vault-name")?,
            resource_group: a.str("--resource-group")?,
            vm: a.str("--vm")?,
            policy: a.str("--policy-name")?,
        })
    ),
    spec!(["az" "backup" "protection" "backup-now"],
    "Perform an on-demand backup of a backed up item.",
    "az backup protection backup-now --vault-name rsv --resource-group rg --container-name vm1 --item-name vm1 --retain-until 18-10-2027",
    // azure-cli backup `custom_base.py` `backup_now`: `container_name=None`, the item found by
    // its name.
    &[
        req("--vault-name"),
        req("--resource-group"),
        opt("--container-name"),
        req("--item-name"),
        opt("--retain-until"),
        BACKUP_TYPE,
        WORKLOAD_TYPE,
    ],
    |a| Ok(Command::BackupNow(
        a.backup_item()?,
        a.opt_value("--retain-until", |v| {
            retain_until(&v.text).ok_or_else(|| {
                a.error(
                    v.col,
                    format!(
                        "Input '{}' is not valid. Valid example: 31-12-2017, 31-12-2017-05:30:00",
                        v.text
                    ),
                )
            })
        })?,
    ))),
    spec!(["az" "backup" "recoverypoint" "list"],
        "List all recovery points of a backed up item.",
        "az backup recoverypoint list --vault-name rsv --resource-group rg --container-name vm1 --item-name vm1", BACKUP_ITEM, |a| Ok(Command::RecoveryPointList(a.backup_item()?))),
    spec!(
        ["az" "backup" "restore" "restore-disks"],
        "Restore disks of the backed VM from the specified recovery point.",
        "az backup restore restore-disks --vault-name rsv --resource-group rg --container-name vm1 --item-name vm1 --rp-name rp-1 --storage-account sa1",
        &[
            req("--vault-name"),
            req("--resource-group"),
            req("--container-name"),
            req("--item-name"),
            req("--rp-name"),
            req("--storage-account"),
            opt("--target-resource-group"),
        ],
        |a| Ok(Command::RestoreDisks {
            item: a.backup_item()?,
            rp: a.str("--rp-name")?,
            storage_account: a.str("--storage-account")?,
            target_resource_group: a.opt_str("--target-resource-group"),
        })
    ),
    // azure-cli backup `commands.py`: `vault delete` and `protection disable` ask for
    // confirmation (`--yes`); `custom.py` `delete_vault` (`--force`), `disable_protection`.
    spec!(["az" "backup" "vault" "delete"],
        "Delete an existing Recovery services vault.",
        "az backup vault delete --name rsv --resource-group rg --yes",
        &[req("--name"), req("--resource-group"), bare("--force"), bare("--yes")],
        |a| Ok(Command::BackupVaultDelete {
            name: a.str("--name")?,
            resource_group: a.str("--resource-group")?,
            force: a.has("--force"),
        })
    ),
    spec!(["az" "backup" "protection" "disable"],
        "Stop protecting a backed up Azure VM.",
        "az backup protection disable --vault-name rsv --resource-group rg --container-name vm1 --item-name vm1 --yes",
        &[
            req("--vault-name"),
            req("--resource-group"),
            req("--container-name"),
            req("--item-name"),
            boolean("--delete-backup-data"),
            bare("--yes"),
            BACKUP_TYPE,
            WORKLOAD_TYPE,
        ],
        |a| Ok(Command::BackupProtectionDisable {
            item: a.backup_item()?,
            delete_backup_data: a.opt_bool("--delete-backup-data")?.unwrap_or(false),
        })
    ),
    spec!(["az" "backup" "recoverypoint" "show"],
        "Shows details of a particular recovery point.",
        "az backup recoverypoint show --vault-name rsv --resource-group rg --container-name vm1 --item-name vm1 --name rp-1",
        &[
            req("--vault-name"),
            req("--resource-group"),
            req("--container-name"),
            req("--item-name"),
            req("--name"),
            BACKUP_TYPE,
            WORKLOAD_TYPE,
        ],
        |a| Ok(Command::RecoveryPointShow {
            item: a.backup_item()?,
            name: a.str("--name")?,
        })
    ),
    spec!(["az" "backup" "vault" "show"],
        "Show details of a particular Recovery service vault.",
        "az backup vault show --name rsv --resource-group rg", NAME_RG, |a| Ok(Command::BackupVaultShow {
        name: a.str("--name")?,
        resource_group: a.str("--resource-group")?,
    })),
    spec!(["az" "backup" "vault" "list"],
        "List Recovery service vaults within a subscription.",
        "az backup vault list --resource-group rg", &[opt("--resource-group")], |a| Ok(Command::BackupVaultList {
        resource_group: a.opt_str("--resource-group"),
    })),
    spec!(["az" "backup" "item" "list"],
        "List all backed up items within a container.",
        "az backup item list --vault-name rsv --resource-group rg",
        &[
            req("--vault-name"),
            req("--resource-group"),
            BACKUP_TYPE,
            WORKLOAD_TYPE,
        ],
        |a| {
            a.vm_backups_only()?;
            Ok(Command::BackupItemList {
                vault: a.str("--vault-name")?,
                resource_group: a.str("--resource-group")?,
            })
        }
    ),
    spec!(["az" "backup" "job" "list"],
        "List all backup jobs of a Recovery Services vault.",
        "az backup job list --vault-name rsv --resource-group rg",
        &[req("--vault-name"), req("--resource-group")],
        |a| Ok(Command::BackupJobList {
            vault: a.str("--vault-name")?,
            resource_group: a.str("--resource-group")?,
        })
    ),
    // ---- Simulation verbs ----
    // `sim as` is parsed by `parse_command` itself (it nests a command); this row makes the word
    // known to suggestions and usage messages.
    spec!(["sim" "as"], ["PRINCIPAL" "COMMAND"],
        "Run an az command as another principal (a user, an app, a managed identity).",
        "sim as ade-app az keyvault secret list --vault-name kv-ade", &[], |a| Err(a.error_at_end("`sim as` needs a command".into()))),
    spec!(["sim" "advance"], ["DURATION"],
        "Move the simulated clock forward (retention, expiry and scheduled backups run).",
        "sim advance 30d", &[], |a| {
        let v = a.pos(0)?;
        values::duration(&v.text)
            .map(Command::Advance)
            .ok_or_else(|| a.bad(v, "sim advance", "a duration such as 30d, 6h, 15m or 1d12h"))
    }),
    spec!(["sim" "write"], ["VM" "PATH" "CONTENT"],
        "Write a file inside a VM's OS disk (encrypted at rest when the disk is).",
        "sim write vm1 /data/payroll.csv \"alice,100\"", &[], |a| Ok(Command::Write {
        vm: a.pos(0)?.text.clone(),
        path: a.pos(1)?.text.clone(),
        content: a.pos(2)?.text.clone(),
    })),
    spec!(["sim" "read"], ["VM" "PATH"],
        "Read a file inside a VM: it works only while the VM runs with its disk unlocked.",
        "sim read vm1 /data/payroll.csv", &[], |a| Ok(Command::Read {
        vm: a.pos(0)?.text.clone(),
        path: a.pos(1)?.text.clone(),
    })),
    spec!(["sim" "restore-keys"], ["RSV" "ITEM" "RP"],
        "Restore the key and secret a recovery point saved into a key vault (Backup's key restore procedure).",
        "sim restore-keys rsv vm1 rp-1 --vault kv-ade", &[req("--vault")], |a| Ok(Command::RestoreKeys {
        point: point(a)?,
        vault: a.str("--vault")?,
    })),
    spec!(["sim" "restore-vm"], ["RSV" "ITEM" "RP"],
        "Create a VM from a recovery point's disks, as the portal's Restore VM does.",
        "sim restore-vm rsv vm1 rp-1 --name vm1-restored", &[req("--name")], |a| Ok(Command::RestoreVm {
        point: point(a)?,
        name: a.str("--name")?,
    })),
    spec!(["sim" "expect" "ok"],
        "Check that the previous command succeeded (lessons and tests use it).",
        "sim expect ok", &[], |_| Ok(Command::Expect(Expectation::Ok))),
    spec!(["sim" "expect" "error"], ["CODE"],
        "Check that the previous command failed with the error CODE (or an inner code of it).",
        "sim expect error Forbidden", &[], |a| {
        let code = a.word(a.pos(0)?, "sim expect error", "error code", ErrorCode::ALL, ErrorCode::NAMES)?;
        Ok(Command::Expect(Expectation::Error(code)))
    }),
];

fn build_encryption_enable(a: &Args<'_>) -> Result<Command, ParseError> {
    // The app's credentials are checked by az against the VM it reads (azure-cli `encrypt_vm`),
    // so by the world, not here.
    let vault = a.value("--disk-encryption-keyvault", |v| {
        a.vault_ref(v, "--disk-encryption-keyvault")
    })?;
    let key_encryption_keyvault = a.opt_value("--key-encryption-keyvault", |v| {
        a.vault_ref(v, "--key-encryption-keyvault")
    })?;
    let key_encryption_key = a.opt_value("--key-encryption-key", |v| {
        // az reads a value holding `://` as a key identifier, anything else as a key name
        // (azure-cli `encrypt_vm`).
        if !v.text.contains("://") {
            return Ok(KeyRef::Name(v.text.clone()));
        }
        let (url_vault, name, version) = values::key_url(&v.text).ok_or_else(|| {
            a.bad(
                v,
                "--key-encryption-key",
                "a key name, or a key identifier such as https://kv.vault.azure.net/keys/kek[/VERSION]",
            )
        })?;
        // The command keeps the KEK's vault once, so the identifier must agree with the vault
        // az names for the KEK: `--key-encryption-keyvault`, or else the disk-encryption vault.
        let (flag, kek_vault) = match &key_encryption_keyvault {
            Some(k) => ("--key-encryption-keyvault", k),
            None => ("--disk-encryption-keyvault", &vault),
        };
        if !url_vault.eq_ignore_ascii_case(kek_vault.name()) {
            return Err(a.error(
                v.col,
                format!(
                    "--key-encryption-key points into vault {} but {flag} is {}",
                    super::shown(url_vault),
                    super::shown(kek_vault.name())
                ),
            ));
        }
        Ok(KeyRef::Url {
            vault: url_vault.to_owned(),
            name: name.to_owned(),
            version: version.map(str::to_owned),
        })
    })?;
    Ok(Command::EncryptionEnable(EncryptionEnable {
        vm: a.str("--name")?,
        resource_group: a.str("--resource-group")?,
        vault,
        key_encryption_keyvault,
        key_encryption_key,
        key_encryption_algorithm: a.opt_value("--key-encryption-algorithm", |v| {
            a.word(
                v,
                "--key-encryption-algorithm",
                "key encryption algorithm",
                KeyEncryptionAlgorithm::ALL,
                KeyEncryptionAlgorithm::NAMES,
            )
        })?,
        volume_type: a.volume_type()?,
        encrypt_format_all: a.has("--encrypt-format-all"),
        force: a.has("--force"),
        // The secret itself is dropped here on purpose: it is never stored, shown or logged.
        aad_client_id: a.opt_str("--aad-client-id"),
        aad_client_secret: a.has("--aad-client-secret"),
        aad_client_cert_thumbprint: a.opt_str("--aad-client-cert-thumbprint"),
    }))
}

/// The `RSV ITEM RP` of `sim restore-keys` and `sim restore-vm`.
fn point(a: &Args<'_>) -> Result<PointRef, ParseError> {
    Ok(PointRef::new(
        &a.pos(0)?.text,
        &a.pos(1)?.text,
        &a.pos(2)?.text,
    ))
}

/// `backup-now --retain-until` as azure-cli backup `_validators.py` `datetime_type` reads it:
/// `%d-%m-%Y` or `%d-%m-%Y-%H:%M:%S` (strptime, so `1-1-2027` too). Keyfall keeps the date; the
/// time of day is checked and dropped.
fn retain_until(text: &str) -> Option<crate::time::Date> {
    let (day, time) = match text.splitn(4, '-').collect::<Vec<_>>().as_slice() {
        [d, m, y] => ((*d, *m, *y), None),
        [d, m, y, t] => ((*d, *m, *y), Some(*t)),
        _ => return None,
    };
    let num = |t: &str, max_len: usize| {
        (!t.is_empty() && t.len() <= max_len && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse::<u16>().ok())
            .flatten()
    };
    if let Some(t) = time {
        let hms: Vec<&str> = t.split(':').collect();
        let ok = matches!(hms.as_slice(), [h, m, s]
            if num(h, 2).is_some_and(|h| h < 24)
                && num(m, 2).is_some_and(|m| m < 60)
                && num(s, 2).is_some_and(|s| s < 60));
        if !ok {
            return None;
        }
    }
    let (d, m, y) = (num(day.0, 2)?, num(day.1, 2)?, day.2);
    if y.len() != 4 {
        return None;
    }
    values::date(&format!("{y}-{m:02}-{d:02}"))
}

/// `--source-vault`, a vault's name or ARM id (az's `--source-vault`: "Name or ID of the
/// KeyVault"), as the vault's name.
fn source_vault(a: &Args<'_>) -> Result<Option<String>, ParseError> {
    a.opt_value("--source-vault", |v| {
        Ok(match a.vault_ref(v, "--source-vault")? {
            VaultRef::Name(n) | VaultRef::Id { name: n, .. } => n,
        })
    })
}

fn build_des_create(a: &Args<'_>) -> Result<Command, ParseError> {
    let source_vault = match source_vault(a)? {
        Some(v) => v,
        None => key_url_vault(a),
    };
    let (key, key_version) = des_key_url(a, &source_vault)?;
    Ok(Command::DesCreate(DesCreate {
        name: a.str("--name")?,
        resource_group: a.str("--resource-group")?,
        // Without `--location`, az's `AAZResourceLocationArg` takes the group's.
        location: a.opt_str("--location").unwrap_or_default(),
        source_vault,
        key,
        key_version,
        enable_auto_key_rotation: a.opt_bool("--enable-auto-key-rotation")?,
    }))
}

/// `az disk-encryption-set update`: a new `--key-url` (its vault is `--source-vault`'s, or the
/// URL's own), `--enable-auto-key-rotation`.
fn build_des_update(a: &Args<'_>) -> Result<Command, ParseError> {
    let source_vault = source_vault(a)?;
    let key_url = match a.get("--key-url").and_then(|g| g.values.first()) {
        Some(_) => {
            let vault = match &source_vault {
                Some(s) => s.clone(),
                None => key_url_vault(a),
            };
            let (key, version) = des_key_url(a, &vault)?;
            Some((vault, key, version))
        }
        None => None,
    };
    Ok(Command::DesUpdate {
        name: a.str("--name")?,
        resource_group: a.str("--resource-group")?,
        key_url,
        enable_auto_key_rotation: a.opt_bool("--enable-auto-key-rotation")?,
    })
}

/// The vault `--key-url` names in its host, for a set given no `--source-vault`.
fn key_url_vault(a: &Args<'_>) -> String {
    a.get("--key-url")
        .and_then(|g| g.values.first())
        .and_then(|v| values::key_url(&v.text))
        .map(|(vault, _, _)| vault.to_owned())
        .unwrap_or_default()
}

/// `--key-url` in `source_vault`: the key's name and the version segment.
fn des_key_url(
    a: &Args<'_>,
    source_vault: &str,
) -> Result<(String, Option<VersionRef>), ParseError> {
    a.value("--key-url", |v| {
        let (vault, key, version) = values::key_url(&v.text).ok_or_else(|| {
            a.bad(
                v,
                "--key-url",
                "a key URL such as https://kv.vault.azure.net/keys/kek[/VERSION]",
            )
        })?;
        // The command keeps only the vault name, so the URL must agree with it; vault names are
        // DNS labels and compare without case.
        if !vault.eq_ignore_ascii_case(source_vault) {
            return Err(a.error(
                v.col,
                format!(
                    "--key-url points into vault {} but --source-vault is {}",
                    super::shown(vault),
                    super::shown(source_vault)
                ),
            ));
        }
        // The version segment reads as `--version` does, so `@2` names the second version.
        let version = match version {
            Some(t) => Some(values::version(t, false).ok_or_else(|| {
                a.bad(
                    v,
                    "--key-url",
                    "a version id, or @N for the N-th version, after the key's name",
                )
            })?),
            None => None,
        };
        Ok((key.to_owned(), version))
    })
}

/// One value given on the line, with where it starts.
#[derive(Debug, Clone)]
pub(crate) struct Val {
    pub text: String,
    pub col: usize,
    pub quoted: bool,
}

/// One flag given on the line.
#[derive(Debug)]
pub(crate) struct Given {
    pub long: &'static str,
    /// Column of the flag itself.
    pub col: usize,
    pub values: Vec<Val>,
}

/// The arguments of one command, checked against its [`Spec`].
#[derive(Debug)]
pub(crate) struct Args<'s> {
    spec: &'s Spec,
    /// The kind of object the line named, for `az keyvault key|secret <op>`.
    kind: Option<ObjectKind>,
    given: Vec<Given>,
    positionals: Vec<Val>,
    /// Column just past the command's last word, where "missing ..." errors point.
    end: usize,
}

impl Args<'_> {
    /// `az keyvault key create`, for messages: the words as typed.
    pub fn command_name(&self) -> String {
        let words: Vec<&str> = self
            .spec
            .path
            .iter()
            .map(|w| match self.kind {
                Some(kind) if *w == OBJECT => kind.name(),
                _ => w,
            })
            .collect();
        words.join(" ")
    }

    /// The kind of object an `az keyvault key|secret <op>` line is about. `parse_command` sets
    /// it for every row whose words include [`OBJECT`] (the word matched one of `key` and
    /// `secret`, so it is always known there) and for the `az keyvault key ..` and
    /// `az keyvault secret ..` rows, the only rows that ask.
    pub fn kind(&self) -> ObjectKind {
        debug_assert!(self.kind.is_some(), "kind asked of a row without {OBJECT}");
        self.kind.unwrap_or(ObjectKind::Key)
    }

    /// The protected item `az backup` commands name with four flags; its container is the item's name where az lets it be left out
    /// (`backup-now`).
    pub fn backup_item(&self) -> Result<BackupItem, ParseError> {
        self.vm_backups_only()?;
        let item = self.str("--item-name")?;
        Ok(BackupItem {
            vault: self.str("--vault-name")?,
            resource_group: self.str("--resource-group")?,
            container: self
                .opt_str("--container-name")
                .unwrap_or_else(|| item.clone()),
            item,
        })
    }

    /// `--backup-management-type` and `--workload-type`, which az's backup commands take: Keyfall
    /// backs up Azure VMs only, so any value but `AzureIaasVM` and `VM` is refused.
    pub fn vm_backups_only(&self) -> Result<(), ParseError> {
        for (long, vm) in [
            ("--backup-management-type", "AzureIaasVM"),
            ("--workload-type", "VM"),
        ] {
            if let Some(g) = self.get(long) {
                let v = &g.values[0];
                if !v.text.eq_ignore_ascii_case(vm) {
                    return Err(self.error(
                        v.col,
                        format!(
                            "{long} {}: Keyfall backs up Azure VMs only ({long} {vm})",
                            super::shown(&v.text)
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// `download`'s op: the version, the file and the encoding spelt as az spells it.
    pub fn download(&self, encodings: &'static [&'static str]) -> Result<ObjectOp, ParseError> {
        let encoding = self.opt_value("--encoding", |v| {
            self.word(v, "--encoding", "encoding", encodings, encodings)
        })?;
        Ok(ObjectOp::Download {
            version: self.item_version()?,
            file: self.str("--file")?,
            encoding: encoding.map(str::to_owned),
            overwrite: self.has("--overwrite"),
        })
    }

    /// `az keyvault key|secret <op>` on `--vault-name` and `--name`.
    pub fn object(&self, op: ObjectOp) -> Result<Command, ParseError> {
        // Recover, purge and show-deleted take the recovery id (`deletedkeys/NAME`) as `--id`.
        let deleted = matches!(
            op,
            ObjectOp::Recover | ObjectOp::Purge | ObjectOp::ShowDeleted
        );
        let (vault, name) = match self.object_id(deleted)? {
            Some((vault, name, _)) => (vault, name),
            None => (self.str("--vault-name")?, self.str("--name")?),
        };
        Ok(Command::Object {
            kind: self.kind(),
            object: ObjectRef { vault, name },
            op,
        })
    }

    /// `--kty` as `--protection` makes it, as az's `validate_key_type` does: `hsm` turns the type
    /// (RSA by default) into its `-HSM` form; `software` refuses an `-HSM` type, with az's text.
    pub fn protected_kty(&self, kty: Option<KeyType>) -> Result<Option<KeyType>, ParseError> {
        let Some(g) = self.get("--protection") else {
            return Ok(kty);
        };
        let Some(v) = g.values.first() else {
            return Err(self.missing("--protection"));
        };
        match v.text.to_ascii_lowercase().as_str() {
            "hsm" => Ok(Some(match kty.unwrap_or(KeyType::Rsa) {
                KeyType::Rsa | KeyType::RsaHsm => KeyType::RsaHsm,
                KeyType::Ec | KeyType::EcHsm => KeyType::EcHsm,
                // az sends `oct-HSM`, a Managed HSM's type; the vault refuses oct either way.
                KeyType::Oct => KeyType::Oct,
            })),
            "software" => match kty {
                Some(KeyType::RsaHsm | KeyType::EcHsm) => Err(self.error(
                    v.col,
                    "The key type {} is invalid for software protected keys. Omit --protection"
                        .to_owned(),
                )),
                other => Ok(other),
            },
            _ => Err(self.unknown_word(v, "--protection", "key protection", PROTECTIONS)),
        }
    }

    /// The vault and name `--id` names, or else `--vault-name` and `--name`.
    pub fn item(&self) -> Result<(String, String), ParseError> {
        match self.object_id(false)? {
            Some((vault, name, _)) => Ok((vault, name)),
            None => Ok((self.str("--vault-name")?, self.str("--name")?)),
        }
    }

    /// The version `--id` names, or else `--version`.
    pub fn item_version(&self) -> Result<Option<crate::command::VersionRef>, ParseError> {
        match self.object_id(false)? {
            Some((_, _, version)) => Ok(version),
            None => self.opt_version("--version"),
        }
    }

    /// `--id https://VAULT.vault.azure.net/keys/NAME[/VERSION]` (`secrets/` for a secret; with
    /// `deleted`, also the recovery id `deletedkeys/NAME`), as vault, name and version; `None`
    /// without `--id`. az: "If specified all other 'Id' arguments should be omitted."
    fn object_id(
        &self,
        deleted: bool,
    ) -> Result<Option<(String, String, Option<crate::command::VersionRef>)>, ParseError> {
        let Some(g) = self.get("--id") else {
            return Ok(None);
        };
        if let Some(other) = ["--vault-name", "--name", "--version"]
            .iter()
            .find_map(|long| self.get(long))
        {
            return Err(self.error(
                other.col,
                format!(
                    "{} conflicts with --id: give --id, or --vault-name and --name",
                    other.long
                ),
            ));
        }
        let Some(v) = g.values.first() else {
            return Err(self.missing("--id"));
        };
        // Rows without the OBJECT word (`key rotate`) are about keys.
        let (live, gone) = match self.kind.unwrap_or(ObjectKind::Key) {
            ObjectKind::Key => ("keys", "deletedkeys"),
            ObjectKind::Secret => ("secrets", "deletedsecrets"),
        };
        let parsed = values::object_url(&v.text, live).or_else(|| {
            deleted
                .then(|| values::object_url(&v.text, gone))
                .flatten()
                .filter(|(_, _, version)| version.is_none())
        });
        let what = if deleted {
            format!("https://VAULT.vault.azure.net/{live}/NAME or {gone}/NAME")
        } else {
            format!("https://VAULT.vault.azure.net/{live}/NAME[/VERSION]")
        };
        let (vault, name, version) = parsed.ok_or_else(|| self.bad(v, "--id", &what))?;
        let version = match version {
            Some(text) => Some(
                values::version(text, false)
                    .ok_or_else(|| self.bad(v, "--id", "a version id in the URL"))?,
            ),
            None => None,
        };
        Ok(Some((vault.to_owned(), name.to_owned(), version)))
    }

    pub fn error(&self, column: usize, message: String) -> ParseError {
        ParseError {
            line: 1,
            column,
            message,
            suggestion: None,
        }
    }

    pub fn error_at_end(&self, message: String) -> ParseError {
        self.error(self.end, message)
    }

    /// A value that does not fit its flag.
    pub fn bad(&self, v: &Val, flag: &str, expected: &str) -> ParseError {
        self.error(
            v.col,
            format!(
                "bad value {} for {flag}: expected {expected}",
                super::shown(&v.text)
            ),
        )
    }

    pub fn get(&self, long: &str) -> Option<&Given> {
        self.given.iter().find(|g| g.long == long)
    }

    pub fn has(&self, long: &str) -> bool {
        self.get(long).is_some()
    }

    fn missing(&self, long: &str) -> ParseError {
        self.error_at_end(format!(
            "missing required flag {long} for `{}`",
            self.command_name()
        ))
    }

    /// The value of a one-value flag, converted by `f`.
    pub fn opt_value<T>(
        &self,
        long: &str,
        f: impl FnOnce(&Val) -> Result<T, ParseError>,
    ) -> Result<Option<T>, ParseError> {
        match self.get(long).and_then(|g| g.values.first()) {
            Some(v) => f(v).map(Some),
            None => Ok(None),
        }
    }

    /// The value of a required flag, converted by `f`.
    pub fn value<T>(
        &self,
        long: &str,
        f: impl FnOnce(&Val) -> Result<T, ParseError>,
    ) -> Result<T, ParseError> {
        self.opt_value(long, f)?.ok_or_else(|| self.missing(long))
    }

    pub fn str(&self, long: &str) -> Result<String, ParseError> {
        self.value(long, |v| Ok(v.text.clone()))
    }

    pub fn opt_str(&self, long: &str) -> Option<String> {
        self.get(long)
            .and_then(|g| g.values.first())
            .map(|v| v.text.clone())
    }

    /// A boolean flag: absent is `None`, bare is `Some(true)`.
    pub fn opt_bool(&self, long: &str) -> Result<Option<bool>, ParseError> {
        match self.get(long) {
            None => Ok(None),
            Some(g) => match g.values.first() {
                None => Ok(Some(true)),
                Some(v) => self
                    .word(v, long, "value", values::BOOLS, values::BOOL_NAMES)
                    .map(Some),
            },
        }
    }

    pub fn opt_u32(&self, long: &str) -> Result<Option<u32>, ParseError> {
        self.opt_whole(long)
    }

    /// A whole number: plain digits (`parse` alone would accept a leading `+`).
    pub fn opt_whole<T: std::str::FromStr>(&self, long: &str) -> Result<Option<T>, ParseError> {
        self.opt_value(long, |v| {
            // `parse` accepts a leading `+`; a count is plain digits.
            v.text
                .bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| v.text.parse().ok())
                .flatten()
                .ok_or_else(|| self.bad(v, long, "a whole number"))
        })
    }

    pub fn opt_version(
        &self,
        long: &str,
    ) -> Result<Option<crate::command::VersionRef>, ParseError> {
        self.opt_value(long, |v| {
            values::version(&v.text, v.quoted).ok_or_else(|| {
                self.bad(
                    v,
                    long,
                    "a version id, a prefix of one, or @N counting from @1",
                )
            })
        })
    }

    /// `--volume-type` of `az vm encryption enable|disable`.
    pub fn volume_type(&self) -> Result<Option<VolumeType>, ParseError> {
        self.opt_value("--volume-type", |v| {
            self.word(
                v,
                "--volume-type",
                "volume type",
                VolumeType::ALL,
                VolumeType::NAMES,
            )
        })
    }

    /// A key vault by name or by Resource Manager id; a value starting with `/` must be an id.
    pub fn vault_ref(&self, v: &Val, long: &str) -> Result<VaultRef, ParseError> {
        if !v.text.starts_with('/') {
            return Ok(VaultRef::Name(v.text.clone()));
        }
        values::vault_id(&v.text)
            .map(|(subscription, resource_group, name)| VaultRef::Id {
                subscription: subscription.to_owned(),
                resource_group: resource_group.to_owned(),
                name: name.to_owned(),
            })
            .ok_or_else(|| {
                self.bad(
                    v,
                    long,
                    "a vault name, or an id such as /subscriptions/SUB/resourceGroups/RG/providers/Microsoft.KeyVault/vaults/NAME",
                )
            })
    }

    pub fn opt_date(&self, long: &str) -> Result<Option<crate::time::Date>, ParseError> {
        self.opt_value(long, |v| {
            values::date_time(&v.text).ok_or_else(|| {
                self.bad(
                    v,
                    long,
                    "a UTC date as YYYY-MM-DD or YYYY-MM-DDT00:00:00Z (Keyfall keeps dates to the day: midnight only)",
                )
            })
        })
    }

    /// `--assignee` or `--assignee-object-id` (azure-cli role `custom.py`: one of them, else
    /// "usage error: --assignee STRING | --assignee-object-id GUID"); `--assignee-principal-type`
    /// only with `--assignee-object-id`.
    pub fn assignee(&self) -> Result<String, ParseError> {
        let object_id = self.opt_str("--assignee-object-id");
        let assignee = match (self.opt_str("--assignee"), &object_id) {
            (Some(a), None) => a,
            (None, Some(a)) => a.clone(),
            _ => {
                return Err(self.error_at_end(
                    "usage error: --assignee STRING | --assignee-object-id GUID".to_owned(),
                ));
            }
        };
        if object_id.is_none() && self.has("--assignee-principal-type") {
            return Err(self.error_at_end(
                "usage error: --assignee-object-id GUID --assignee-principal-type TYPE".to_owned(),
            ));
        }
        Ok(assignee)
    }

    /// azure-cli role `_build_role_scope`: a group with a scope is one scope too many.
    pub fn scope_or_group(&self) -> Result<(), ParseError> {
        match (self.has("--scope"), self.opt_str("--resource-group")) {
            (true, Some(group)) => Err(self.error_at_end(format!(
                "Resource group \"{group}\" is redundant because scope is supplied"
            ))),
            _ => Ok(()),
        }
    }

    pub fn role(&self, long: &str) -> Result<Role, ParseError> {
        self.value(long, |v| {
            Role::from_arg(&v.text).ok_or_else(|| {
                let mut e = self.error(
                    v.col,
                    format!("unknown role {} for {long}", super::shown(&v.text)),
                );
                let names = Role::ALL.iter().map(|r| r.name());
                e.suggestion = closest(&v.text, names).map(|n| format!("\"{n}\""));
                e
            })
        })
    }

    /// A word from a fixed vocabulary, ignoring case, with a suggestion when it is a near miss.
    /// `all` and `names` are a vocabulary's values and their words, in the same order.
    pub fn word<T: Copy>(
        &self,
        v: &Val,
        long: &str,
        what: &str,
        all: &[T],
        names: &[&str],
    ) -> Result<T, ParseError> {
        match crate::vocab::position(names, &v.text) {
            Some(i) => Ok(all[i]),
            None => Err(self.unknown_word(v, long, what, names)),
        }
    }

    /// A flag's value from its fixed choices (`Flag::of`), spelt as the table spells it.
    pub fn opt_choice(&self, long: &str) -> Result<Option<String>, ParseError> {
        let names = self
            .spec
            .flags
            .iter()
            .find(|f| f.long == long)
            .map_or(&[][..], |f| f.choices);
        self.opt_value(long, |v| {
            self.word(v, long, "value", names, names).map(str::to_owned)
        })
    }

    /// The error for a word missing from a vocabulary of `names`; apart from [`Args::word`] so
    /// that one copy in the wasm serves every vocabulary.
    fn unknown_word(&self, v: &Val, long: &str, what: &str, names: &[&str]) -> ParseError {
        let mut message = format!("unknown {what} {} for {long}", super::shown(&v.text));
        // Short vocabularies fit in the message; twenty permissions would drown it.
        if names.len() <= 8 {
            message.push_str(": expected one of ");
            message.push_str(&names.join(", "));
        }
        let mut e = self.error(v.col, message);
        e.suggestion = closest(&v.text, names.iter().copied()).map(str::to_owned);
        e
    }

    /// A permission list; `all` stands for every permission, as in az.
    pub fn perms<T: Copy>(
        &self,
        long: &str,
        what: &str,
        all: &[T],
        names: &[&str],
    ) -> Result<Option<Vec<T>>, ParseError> {
        let Some(g) = self.get(long) else {
            return Ok(None);
        };
        let mut out = Vec::with_capacity(g.values.len());
        for v in &g.values {
            if v.text.eq_ignore_ascii_case("all") {
                out.extend_from_slice(all);
                continue;
            }
            let mut e = match self.word(v, long, what, all, names) {
                Ok(p) => {
                    out.push(p);
                    continue;
                }
                Err(e) => e,
            };
            let parts: Vec<&str> = v.text.split(',').map(str::trim).collect();
            if parts.len() > 1
                && parts
                    .iter()
                    .all(|p| crate::vocab::position(names, p).is_some())
            {
                // `get,list` is how the portal and ARM templates write lists; az wants words.
                e.message = format!("{long} takes permissions separated by spaces, not commas");
                e.suggestion = Some(parts.join(" "));
            } else if e.suggestion.is_none() {
                e.suggestion = closest(&v.text, ["all"]).map(str::to_owned);
            }
            return Err(e);
        }
        Ok(Some(out))
    }

    /// A many-value flag, each value converted by `f`.
    pub fn opt_list<T>(
        &self,
        long: &str,
        mut f: impl FnMut(&Val) -> Result<T, ParseError>,
    ) -> Result<Option<Vec<T>>, ParseError> {
        let Some(g) = self.get(long) else {
            return Ok(None);
        };
        let mut out = Vec::with_capacity(g.values.len());
        for v in &g.values {
            out.push(f(v)?);
        }
        Ok(Some(out))
    }

    /// One `--tags` item: `key=value`, or `key` alone for an empty value, as az takes them.
    pub fn tag(&self, v: &Val) -> Result<(String, String), ParseError> {
        let (k, val) = v.text.split_once('=').unwrap_or((&v.text, ""));
        if k.is_empty() {
            return Err(self.bad(v, "--tags", "key=value"));
        }
        Ok((k.to_owned(), val.to_owned()))
    }

    /// Exactly one of `--spn`, `--upn`, `--object-id`.
    pub fn principal(&self) -> Result<PrincipalRef, ParseError> {
        let mut found: Option<(&Given, PrincipalRef)> = None;
        for g in &self.given {
            let Some(text) = g.values.first().map(|v| v.text.clone()) else {
                continue;
            };
            let p = match g.long {
                "--spn" => PrincipalRef::Spn(text),
                "--upn" => PrincipalRef::Upn(text),
                "--object-id" => PrincipalRef::ObjectId(text),
                _ => continue,
            };
            // azure-cli keyvault `validate_principal`, for two principals and for none.
            if found.is_some() {
                return Err(self.error(g.col, PRINCIPAL_USAGE.to_owned()));
            }
            found = Some((g, p));
        }
        found
            .map(|(_, p)| p)
            .ok_or_else(|| self.error_at_end(PRINCIPAL_USAGE.to_owned()))
    }

    /// The i-th positional argument.
    pub fn pos(&self, i: usize) -> Result<&Val, ParseError> {
        self.positionals
            .get(i)
            .ok_or_else(|| self.missing_positional(i))
    }

    fn missing_positional(&self, i: usize) -> ParseError {
        let name = self.spec.positionals.get(i).copied().unwrap_or("argument");
        self.error_at_end(format!("missing {name}: usage `{}`", usage(self.spec)))
    }
}

/// `sim write VM PATH CONTENT`
pub(crate) fn usage(spec: &Spec) -> String {
    let mut out = spec.path.join(" ");
    for p in spec.positionals {
        out.push(' ');
        out.push_str(p);
    }
    for f in spec.flags.iter().filter(|f| f.required) {
        out.push(' ');
        out.push_str(f.long);
        out.push(' ');
        out.push_str(&f.long[2..].to_ascii_uppercase());
    }
    out
}

/// Every form a command may take; inside `sim as` (`nested`), only az's.
pub(crate) fn forms(nested: bool) -> Vec<&'static Spec> {
    SPECS
        .iter()
        .filter(|s| !nested || s.path[0] == "az")
        .collect()
}

/// Parses a command from `tokens`, which are not empty. `end` is the column just past the last
/// token. Inside `sim as`, `nested` is true and only `az` commands are allowed.
pub(crate) fn parse_command(
    tokens: &[Token],
    end: usize,
    nested: bool,
) -> Result<Command, ParseError> {
    let error = |column, message| ParseError {
        line: 1,
        column,
        message,
        suggestion: None,
    };

    if let Some(e) = unmodelled(tokens) {
        return Err(e);
    }
    // Walk the command words down the table until one form is complete.
    let mut candidates = forms(nested);
    let mut depth = 0;
    let spec = loop {
        if let Some(spec) = candidates.iter().find(|s| s.path.len() == depth) {
            break *spec;
        }
        let mut words: Vec<&str> = Vec::new();
        for s in &candidates {
            for w in alternatives(s.path[depth]) {
                if !words.contains(&w) {
                    words.push(w);
                }
            }
        }
        let so_far = tokens[..depth]
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let Some(tok) = tokens.get(depth) else {
            return Err(error(
                end,
                format!(
                    "incomplete command `{so_far}`: expected one of {}",
                    words.join(", ")
                ),
            ));
        };
        if tok.is_flag() && depth > 0 {
            return Err(error(
                tok.col,
                format!(
                    "incomplete command `{so_far}`: expected one of {}",
                    words.join(", ")
                ),
            ));
        }
        let next: Vec<&Spec> = candidates
            .iter()
            .copied()
            .filter(|s| word_matches(s.path[depth], &tok.text))
            .collect();
        if next.is_empty() {
            let message = if depth == 0 && nested {
                format!(
                    "`sim as` runs an az command, not {}",
                    super::shown(&tok.text)
                )
            } else if depth == 0 {
                format!(
                    "unknown command {}: a line starts with az, sim or #",
                    super::shown(&tok.text)
                )
            } else {
                format!(
                    "unknown subcommand {} for `{so_far}`",
                    super::shown(&tok.text)
                )
            };
            let mut e = error(tok.col, message);
            e.suggestion = closest(&tok.text, words.iter().copied()).map(str::to_owned);
            return Err(e);
        }
        candidates = next;
        depth += 1;
    };

    if spec.path == ["sim", "as"] {
        let principal = match tokens.get(depth) {
            Some(t) if !t.is_flag() => t.text.clone(),
            Some(t) => {
                return Err(error(
                    t.col,
                    "`sim as` needs a principal before the command".into(),
                ));
            }
            None => {
                return Err(error(
                    end,
                    "missing PRINCIPAL: usage `sim as PRINCIPAL COMMAND`".into(),
                ));
            }
        };
        let rest = &tokens[depth + 1..];
        if rest.is_empty() {
            return Err(error(
                end,
                "missing COMMAND: usage `sim as PRINCIPAL COMMAND`".into(),
            ));
        }
        let command = parse_command(rest, end, true)?;
        return Ok(Command::As {
            principal,
            command: Box::new(command),
        });
    }

    // The kind is the word matched for OBJECT, or the row's own `key`/`secret` word: `key
    // download` and `secret download` are rows of their own (their encodings differ) and still
    // read an `--id` of their kind.
    let kind = match spec.path.iter().position(|w| *w == OBJECT) {
        Some(i) => ObjectKind::from_name(&tokens[i].text),
        None if spec.path.starts_with(&["az", "keyvault"]) => {
            spec.path.get(2).and_then(|w| ObjectKind::from_name(w))
        }
        None => None,
    };
    let args = collect_args(spec, kind, &tokens[depth..], end)?;
    (spec.build)(&args)
}

/// A `--subscription` value: Keyfall's one subscription, by name or GUID, or az's error.
fn subscription(a: &Args<'_>, v: &Val) -> Result<(), ParseError> {
    if crate::world::subscription_key(&v.text) == crate::world::DEFAULT_SUBSCRIPTION {
        Ok(())
    } else {
        // azure-cli `Profile.get_subscription`: "Subscription '{}' not found."
        Err(a.error(
            v.col,
            format!(
                "Subscription '{}' not found. Keyfall has one subscription, {} ({}).",
                v.text,
                crate::world::DEFAULT_SUBSCRIPTION,
                crate::world::SUBSCRIPTION_ID
            ),
        ))
    }
}

/// Checks the words after the command's name against its flags and positionals.
fn collect_args<'s>(
    spec: &'s Spec,
    kind: Option<ObjectKind>,
    tokens: &[Token],
    end: usize,
) -> Result<Args<'s>, ParseError> {
    let mut args = Args {
        spec,
        kind,
        given: Vec::new(),
        positionals: Vec::new(),
        end,
    };
    let mut i = 0;
    while let Some(tok) = tokens.get(i) {
        i += 1;
        if !tok.is_flag() {
            if args.positionals.len() < spec.positionals.len() {
                args.positionals.push(Val {
                    text: tok.text.clone(),
                    col: tok.col,
                    quoted: tok.quoted,
                });
                continue;
            }
            let mut message = format!(
                "unexpected argument {} for `{}`",
                super::shown(&tok.text),
                args.command_name()
            );
            // Right after a flag's value, the likeliest cause is a value with an unquoted space.
            if i >= 2 && !tokens[i - 2].is_flag() {
                message.push_str(" (quote values that contain spaces)");
            }
            return Err(args.error(tok.col, message));
        }

        // `--flag=value` carries its value in the same word.
        let (name, inline) = match tok.eq {
            Some(eq) => (
                &tok.text[..eq.at],
                Some(Val {
                    text: tok.text[eq.at + 1..].to_owned(),
                    col: eq.col,
                    quoted: eq.quoted,
                }),
            ),
            None => (tok.text.as_str(), None),
        };
        let long = long_flag(spec, name);
        if long == "--subscription"
            && spec.path.first() == Some(&"az")
            && !spec.flags.iter().any(|f| f.long == long)
        {
            // az takes `--subscription` on every Resource Manager and Key Vault command; with
            // one subscription it only has to name it.
            let v = match inline {
                Some(v) => v,
                None => match tokens.get(i).filter(|t| !t.is_flag()) {
                    Some(t) => {
                        i += 1;
                        Val {
                            text: t.text.clone(),
                            col: t.col,
                            quoted: t.quoted,
                        }
                    }
                    None => {
                        return Err(args.error(tok.col, "--subscription needs a value".to_owned()));
                    }
                },
            };
            subscription(&args, &v)?;
            continue;
        }
        let Some(flag) = spec.flags.iter().find(|f| f.long == long) else {
            let mut e = args.error(
                tok.col,
                format!(
                    "unknown flag {} for `{}`",
                    super::shown(name),
                    args.command_name()
                ),
            );
            e.suggestion = closest(name, spec.flags.iter().map(|f| f.long)).map(str::to_owned);
            return Err(e);
        };
        if let Some(first) = args.get(flag.long) {
            return Err(args.error(
                tok.col,
                format!(
                    "duplicate flag {}: already given at column {}",
                    flag.long, first.col
                ),
            ));
        }

        let mut values = Vec::new();
        let next_value = |i: usize| tokens.get(i).filter(|t| !t.is_flag());
        match (flag.arity, inline) {
            (Arity::Bare, Some(v)) => {
                return Err(args.error(v.col, format!("{} takes no value", flag.long)));
            }
            (Arity::Bare, None) => {}
            (_, Some(v)) => values.push(v),
            (Arity::One, None) => match next_value(i) {
                Some(t) => {
                    values.push(Val {
                        text: t.text.clone(),
                        col: t.col,
                        quoted: t.quoted,
                    });
                    i += 1;
                }
                None => return Err(args.error(tok.col, format!("{} needs a value", flag.long))),
            },
            (Arity::OptBool, None) => {
                if let Some(t) = next_value(i) {
                    values.push(Val {
                        text: t.text.clone(),
                        col: t.col,
                        quoted: t.quoted,
                    });
                    i += 1;
                }
            }
            (Arity::Many, None) => {
                while let Some(t) = next_value(i) {
                    values.push(Val {
                        text: t.text.clone(),
                        col: t.col,
                        quoted: t.quoted,
                    });
                    i += 1;
                }
                if values.is_empty() && !flag.none_ok {
                    return Err(
                        args.error(tok.col, format!("{} needs at least one value", flag.long))
                    );
                }
            }
        }
        args.given.push(Given {
            long: flag.long,
            col: tok.col,
            values,
        });
    }

    // Positionals first: the usage message for them is the more helpful one.
    if args.positionals.len() < spec.positionals.len() {
        return Err(args.missing_positional(args.positionals.len()));
    }
    if let Some(flag) = spec
        .flags
        .iter()
        .find(|f| f.required && !args.has(f.long) && !(f.or_id && args.has("--id")))
    {
        return Err(args.missing(flag.long));
    }
    Ok(args)
}
