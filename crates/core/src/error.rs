//! What a failed command reports: Azure's own error codes and HTTP statuses.

use serde::{Deserialize, Serialize};

use crate::authz::Missing;

crate::vocab::vocabulary! {
    /// Azure's error codes, as Keyfall reports them (DOMAIN.md, "Error codes to use"), each by
    /// the word Azure spells it with, which is also what `sim expect error CODE` takes.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    #[non_exhaustive]
    pub enum ErrorCode {
        /// 403: the caller lacks a permission; [`SimError::denied`] names it.
        Forbidden = "Forbidden",
        /// 404: no live key of that name or version.
        KeyNotFound = "KeyNotFound",
        /// 404: no live secret of that name or version.
        SecretNotFound = "SecretNotFound",
        /// 404: no live vault of that name.
        VaultNotFound = "VaultNotFound",
        /// 404: no VM, Recovery Services vault, recovery point, Disk Encryption Set or principal
        /// of that name.
        ResourceNotFound = "ResourceNotFound",
        /// 409: the name is in use, live or soft-deleted (R21, R26).
        Conflict = "Conflict",
        /// 400: a parameter Azure rejects (region mismatch R5, EC key for ADE R2, retention range
        /// R20...).
        BadParameter = "BadParameter",
        /// 403: the key version is disabled (R7).
        KeyDisabled = "KeyDisabled",
        /// 403: the secret version is disabled (R8).
        SecretDisabled = "SecretDisabled",
        /// 400: "Cannot decrypt backup blob": wrong geography or subscription (R25).
        BackupBlobInvalid = "BackupBlobInvalid",
        /// 403: purge protection forbids purging before retention ends (R22).
        PurgeProtected = "PurgeProtected",
        /// Azure Backup lacks its key-vault permissions (R13).
        UserErrorKeyVaultPermissionsNotConfigured = "UserErrorKeyVaultPermissionsNotConfigured",
        /// A restore could not retrieve the secret or key its recovery point references (R29).
        DiskEncryptionInternalError = "DiskEncryptionInternalError",
        /// The VM is powered on but waits at the BitLocker recovery screen (R17).
        VmBootLocked = "VmBootLocked",
        /// The operation is not allowed in this state (wrap with an expired key R7, purge
        /// protection off R22).
        OperationNotAllowed = "OperationNotAllowed",
    }
}

impl ErrorCode {
    /// The HTTP status Azure answers with for this code.
    pub const fn status(self) -> u16 {
        match self {
            ErrorCode::Forbidden
            | ErrorCode::KeyDisabled
            | ErrorCode::SecretDisabled
            | ErrorCode::PurgeProtected
            | ErrorCode::OperationNotAllowed => 403,
            ErrorCode::KeyNotFound
            | ErrorCode::SecretNotFound
            | ErrorCode::VaultNotFound
            | ErrorCode::ResourceNotFound => 404,
            ErrorCode::Conflict => 409,
            ErrorCode::BadParameter
            | ErrorCode::BackupBlobInvalid
            | ErrorCode::UserErrorKeyVaultPermissionsNotConfigured => 400,
            ErrorCode::DiskEncryptionInternalError | ErrorCode::VmBootLocked => 500,
        }
    }
}

/// A call refused by the one authorization point: who, doing what, on what, lacking what.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Denied {
    /// The caller (`ade-app`, `platform-ade`, `admin@contoso.com`).
    pub principal: String,
    /// The operation as the event names it (`wrapKey`, `secret get`).
    pub operation: String,
    /// The object, `vault/name` (`kv-ade/kek`), or the vault alone for vault-level calls.
    pub object: String,
    /// What would have allowed it: an access-policy permission (`keys/wrapKey`), a vault switch
    /// (`enabledForDiskEncryption`), an RBAC data action, or a control-plane action.
    pub missing: Missing,
}

impl std::fmt::Display for Denied {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} may not {} on {}: missing {}",
            self.principal, self.operation, self.object, self.missing
        )
    }
}

/// A failed command: Azure's code and status, a readable message, and the denial if one caused it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SimError {
    /// Azure's error code.
    pub code: ErrorCode,
    /// HTTP status.
    pub status: u16,
    /// What happened, in words.
    pub message: String,
    /// The denial behind a `Forbidden` (or a backup job's permission failure); boxed to keep
    /// `Result<_, SimError>` small.
    pub denied: Option<Box<Denied>>,
}

impl SimError {
    /// An error with the code's usual status.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> SimError {
        SimError {
            code,
            status: code.status(),
            message: message.into(),
            denied: None,
        }
    }

    /// A 403 Forbidden carrying the denial.
    pub fn forbidden(d: Denied) -> SimError {
        SimError {
            code: ErrorCode::Forbidden,
            status: 403,
            message: format!("Forbidden: {d}"),
            denied: Some(Box::new(d)),
        }
    }
}

impl From<Denied> for SimError {
    fn from(d: Denied) -> SimError {
        SimError::forbidden(d)
    }
}

impl std::fmt::Display for SimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "({}) {} {}", self.status, self.code, self.message)
    }
}

impl std::error::Error for SimError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_spell_like_azure_and_carry_statuses() {
        assert_eq!(ErrorCode::KeyNotFound.name(), "KeyNotFound");
        assert_eq!(ErrorCode::KeyNotFound.status(), 404);
        assert_eq!(ErrorCode::Conflict.status(), 409);
        assert_eq!(ErrorCode::BackupBlobInvalid.status(), 400);
        let e = SimError::forbidden(Denied {
            principal: "ade-app".into(),
            operation: "wrapKey".into(),
            object: "kv/kek".into(),
            missing: Missing::Policy(crate::authz::Op::Key(crate::vocab::KeyPerm::WrapKey)),
        });
        assert_eq!(e.status, 403);
        assert!(e.to_string().contains("keys/wrapKey"));
    }
}
