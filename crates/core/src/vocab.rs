//! The domain's vocabularies: permissions, roles, key types, volume types and vault switches.
//!
//! Each vocabulary is written once, as one table of variants and the words Azure spells them
//! with (a variant Azure spells as it is named needs no word), in the manner of quinn-proto's frame table: [`vocabulary!`] turns the table into the
//! enum, its `ALL` list, its `name` and its `from_name`. The parser, the printer, completion,
//! authorization, the permissions panel and the docs all read these tables, so a word cannot be
//! known to one of them and unknown to another.

use serde::{Deserialize, Serialize};

/// Declares a vocabulary: an enum and the word for each variant, in the table's order. A variant
/// written without `= "word"` is spelt as it is named.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident $(= $word:literal)?, )+
        }
    ) => {
        $(#[$meta])*
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in the vocabulary's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The words, in the order of [`Self::ALL`].
            pub(crate) const NAMES: &'static [&'static str] =
                &[$(crate::vocab::word!($variant $(= $word)?)),+];

            /// The word Azure spells this value with.
            pub const fn name(self) -> &'static str {
                match self {
                    $($name::$variant => crate::vocab::word!($variant $(= $word)?),)+
                }
            }

            /// The value spelt `word`, ignoring ASCII case as az does.
            pub fn from_name(word: &str) -> Option<$name> {
                crate::vocab::position(Self::NAMES, word).map(|i| Self::ALL[i])
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}
pub(crate) use vocabulary;

/// A variant's word: the one its table gives, else its own name.
macro_rules! word {
    ($variant:ident = $word:literal) => {
        $word
    };
    ($variant:ident) => {
        stringify!($variant)
    };
}
pub(crate) use word;

/// Where `word` stands among `words`, ignoring ASCII case. One non-generic search serves every
/// vocabulary.
pub(crate) fn position(words: &[&str], word: &str) -> Option<usize> {
    words.iter().position(|w| w.eq_ignore_ascii_case(word))
}

vocabulary! {
    /// Access-policy key permissions (R9), as `az keyvault set-policy --key-permissions` spells them.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum KeyPerm {
        Get = "get",
        List = "list",
        Update = "update",
        Create = "create",
        Import = "import",
        Delete = "delete",
        Recover = "recover",
        Backup = "backup",
        Restore = "restore",
        Decrypt = "decrypt",
        Encrypt = "encrypt",
        UnwrapKey = "unwrapKey",
        WrapKey = "wrapKey",
        Verify = "verify",
        Sign = "sign",
        Purge = "purge",
        Release = "release",
        Rotate = "rotate",
        GetRotationPolicy = "getrotationpolicy",
        SetRotationPolicy = "setrotationpolicy",
    }
}

vocabulary! {
    /// Access-policy secret permissions (R9), as `--secret-permissions` spells them.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum SecretPerm {
        Get = "get",
        List = "list",
        Set = "set",
        Delete = "delete",
        Recover = "recover",
        Backup = "backup",
        Restore = "restore",
        Purge = "purge",
    }
}

vocabulary! {
    /// Key Vault data-plane RBAC roles (R11), by the display name `az role assignment create
    /// --role` takes.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum Role {
        KeyVaultAdministrator = "Key Vault Administrator",
        KeyVaultReader = "Key Vault Reader",
        KeyVaultCryptoOfficer = "Key Vault Crypto Officer",
        KeyVaultCryptoUser = "Key Vault Crypto User",
        KeyVaultCryptoServiceEncryptionUser = "Key Vault Crypto Service Encryption User",
        KeyVaultCryptoServiceReleaseUser = "Key Vault Crypto Service Release User",
        KeyVaultSecretsOfficer = "Key Vault Secrets Officer",
        KeyVaultSecretsUser = "Key Vault Secrets User",
        KeyVaultCertificatesOfficer = "Key Vault Certificates Officer",
    }
}

impl Role {
    /// A role by name, ignoring case and runs of spaces (`"key vault  reader"`).
    pub fn from_display(text: &str) -> Option<Role> {
        let normalized = text.split_whitespace().collect::<Vec<_>>().join(" ");
        Role::from_name(&normalized)
    }

    /// The built-in role definition's GUID (Learn, "Azure built-in roles for Security").
    pub const fn definition_id(self) -> &'static str {
        match self {
            Role::KeyVaultAdministrator => "00482a5a-887f-4fb3-b363-3b7fe8e74483",
            Role::KeyVaultReader => "21090545-7ca7-4776-b22c-e363652d74d2",
            Role::KeyVaultCryptoOfficer => "14b46e9e-c2b7-41b4-b07b-48a6ebf60603",
            Role::KeyVaultCryptoUser => "12338af0-0e69-4776-bea7-57ae8d297424",
            Role::KeyVaultCryptoServiceEncryptionUser => "e147488a-f6f5-4113-8e2d-b22465e65bf6",
            Role::KeyVaultCryptoServiceReleaseUser => "08bbd89e-9f13-488c-ac41-acfcb10c90ab",
            Role::KeyVaultSecretsOfficer => "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
            Role::KeyVaultSecretsUser => "4633458b-17de-408a-b874-0445c86b69e6",
            Role::KeyVaultCertificatesOfficer => "a4417e6f-fecd-4de8-b567-7b0420556985",
        }
    }

    /// A role as `az role assignment --role` takes it: its name, its definition's GUID, or the
    /// definition's id (`/subscriptions/S/providers/Microsoft.Authorization/roleDefinitions/GUID`),
    /// as azure-cli's `_resolve_role_id` reads them.
    pub fn from_arg(text: &str) -> Option<Role> {
        let lower = text.to_ascii_lowercase();
        let guid = match lower.rsplit_once("/providers/microsoft.authorization/roledefinitions/") {
            Some((_, g)) => g,
            None => lower.as_str(),
        };
        Role::ALL
            .iter()
            .copied()
            .find(|r| r.definition_id() == guid)
            .or_else(|| Role::from_display(text))
    }
}

vocabulary! {
    /// A vault's pricing tier, `az keyvault create --sku`: only premium holds HSM-protected
    /// keys.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum Sku {
        Standard = "standard",
        Premium = "premium",
    }
}

vocabulary! {
    /// Key types `az keyvault key create --kty` accepts.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum KeyType {
        Rsa = "RSA",
        RsaHsm = "RSA-HSM",
        Ec = "EC",
        EcHsm = "EC-HSM",
        Oct = "oct",
    }
}

vocabulary! {
    /// `--volume-type` of `az vm encryption enable`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum VolumeType {
        All = "ALL",
        Os = "OS",
        Data = "DATA",
    }
}

vocabulary! {
    /// `--key-encryption-algorithm` of `az vm encryption enable`: how the KEK wraps the BEK (R2).
    /// az's default is `RSA-OAEP` (azure-cli `encrypt_vm`); the choice is recorded in the BEK
    /// secret's `DiskEncryptionKeyEncryptionAlgorithm` tag (R3).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum KeyEncryptionAlgorithm {
        RsaOaep = "RSA-OAEP",
        RsaOaep256 = "RSA-OAEP-256",
        Rsa15 = "RSA1_5",
    }
}

vocabulary! {
    /// The power verbs of `az vm`, which take a VM's `--name` and `--resource-group` alone.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum Power {
        /// Reboots the guest on its host: the unwrapped key stays with it.
        Restart = "restart",
        /// Powers off and keeps the host, billed (R17).
        Stop = "stop",
        /// Releases the host, and the key with it: the next start unwraps it again (R17).
        Deallocate = "deallocate",
        Start = "start",
    }
}

vocabulary! {
    /// A vault switch through which a platform identity reaches a vault's data plane (R10, R16),
    /// by its ARM property name.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum Switch {
        /// Lets the platform's disk-encryption identity get and set secrets and wrap and unwrap
        /// keys (ADE).
        DiskEncryption = "enabledForDiskEncryption",
        /// Lets the compute platform get secrets (certificates at deployment).
        Deployment = "enabledForDeployment",
        /// Lets Resource Manager get secrets during template deployment.
        TemplateDeployment = "enabledForTemplateDeployment",
    }
}

impl Serialize for Switch {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

vocabulary! {
    /// The two kinds of vault object az manages with the same verbs (`az keyvault key|secret`).
    /// They share their soft-delete lifecycle (R20-R22), listing, versions and backup (R24-R27).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum ObjectKind {
        Key = "key",
        Secret = "secret",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_reads_back_to_its_value() {
        for p in KeyPerm::ALL {
            assert_eq!(KeyPerm::from_name(p.name()), Some(*p));
        }
        for p in SecretPerm::ALL {
            assert_eq!(SecretPerm::from_name(p.name()), Some(*p));
        }
        for r in Role::ALL {
            assert_eq!(Role::from_display(&r.name().to_uppercase()), Some(*r));
        }
        for s in Switch::ALL {
            assert_eq!(Switch::from_name(s.name()), Some(*s));
        }
        for a in KeyEncryptionAlgorithm::ALL {
            assert_eq!(KeyEncryptionAlgorithm::from_name(a.name()), Some(*a));
        }
        assert_eq!(
            KeyEncryptionAlgorithm::from_name("rsa-oaep-256"),
            Some(KeyEncryptionAlgorithm::RsaOaep256)
        );
        assert_eq!(KeyPerm::from_name("WRAPKEY"), Some(KeyPerm::WrapKey));
        assert_eq!(KeyPerm::from_name("wrap"), None);
        assert_eq!(
            Role::from_display("key vault   reader"),
            Some(Role::KeyVaultReader)
        );
    }
}
