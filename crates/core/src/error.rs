//! What a failed command reports: Azure's own error codes and HTTP statuses.

use serde::{Deserialize, Serialize};

use crate::authz::Missing;

crate::vocab::vocabulary! {
    /// The codes a failed command reports (DOMAIN.md, "Error codes to use"), each by the word
    /// Azure spells it with (its name, unless the row says otherwise), which is also what `sim
    /// expect error CODE` takes. Some are Azure's *inner* codes, which Azure nests under a
    /// top-level code ([`ErrorCode::top`]): a disabled key answers `Forbidden` with the inner
    /// error `KeyDisabled`. A [`SimError`] carries the most specific code it has.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    #[non_exhaustive]
    pub enum ErrorCode {
        /// 403: the call is refused (a disabled object's inner codes and the denials below nest
        /// under it; alone, an expired key asked to wrap, or purge under purge protection).
        Forbidden,
        /// Inner code under `Forbidden`: the vault's access policies (or the vault switch a
        /// platform identity acts through) do not grant the operation (R9, R10).
        ForbiddenByPolicy,
        /// Inner code under `Forbidden`: no role assignment grants the data action (R11).
        ForbiddenByRbac,
        /// 403: Azure Resource Manager refuses a control-plane action the caller has no role for.
        AuthorizationFailed,
        /// 404: no live key of that name or version.
        KeyNotFound,
        /// 404: no live secret of that name or version.
        SecretNotFound,
        /// 404: no live vault of that name.
        VaultNotFound,
        /// 404: no VM, Recovery Services vault, recovery point, Disk Encryption Set or principal
        /// of that name.
        ResourceNotFound,
        /// 404: Resource Manager's answer for a resource group that does not exist ("Resource
        /// group 'x' could not be found.").
        ResourceGroupNotFound,
        /// 409: the name is in use, live or soft-deleted (R21, R26).
        Conflict,
        /// 400: a parameter Azure rejects (EC key for ADE R2, retention range R20...).
        BadParameter,
        /// 400: Compute's code for a request property it rejects: a disk encryption set's key
        /// URL without its version segment (R32).
        InvalidParameter,
        /// 400: a request the service refuses as such (turning purge protection off, R22).
        BadRequest,
        /// 405: the operation is not allowed on this resource (purging a deleted vault under
        /// purge protection, R22: "Operation 'DeletedVaultPurge' is not allowed.").
        MethodNotAllowed,
        /// Inner code under `Forbidden`: the key version is disabled (R7).
        KeyDisabled,
        /// Inner code under `Forbidden`: the secret version is disabled (R8).
        SecretDisabled,
        /// 400: "Cannot decrypt backup blob": wrong geography or subscription (R25).
        BackupBlobInvalid,
        /// Azure Backup lacks its key-vault permissions (R13).
        UserErrorKeyVaultPermissionsNotConfigured,
        /// A restore could not retrieve the secret or key its recovery point references (R29).
        DiskEncryptionInternalError,
        /// Keyfall's own name, not an Azure code: the VM is powered on but its guest waits at
        /// the BitLocker recovery screen (or the dm-crypt prompt), because the platform could
        /// not unwrap its key at start (R17).
        VmBootLocked,
        /// Keyfall's own name, not an Azure code: past 15 September 2028 the platform no
        /// longer unlocks an ADE disk at a boot, because Azure Disk Encryption has retired.
        AdeRetired,
        /// 403: Azure Storage refuses a SAS that is no longer valid: expired, or revoked by `az
        /// disk revoke-access` ("Signature not valid in the specified time frame").
        AuthenticationFailed,
        /// 403: Azure Storage refuses a SAS without the permission the request needs (AzCopy
        /// writing through a Read SAS).
        AuthorizationPermissionMismatch,
        /// Not a service error: az refused before sending anything, with its own text (`set-policy`
        /// on an RBAC vault, a vault not enabled for disk encryption...). No HTTP status.
        CliError,
        /// The VM reported a failure when processing an extension: the ADE extension refused the
        /// operation (on Linux, disabling encryption while the OS volume is encrypted). It comes
        /// as the failed result of a long-running operation, not as an HTTP error status.
        VmExtensionProvisioningError = "VMExtensionProvisioningError",
    }
}

impl ErrorCode {
    /// The top-level code Azure answers with: `Forbidden` for the inner codes, else the code.
    pub const fn top(self) -> ErrorCode {
        match self {
            ErrorCode::ForbiddenByPolicy
            | ErrorCode::ForbiddenByRbac
            | ErrorCode::KeyDisabled
            | ErrorCode::SecretDisabled => ErrorCode::Forbidden,
            code => code,
        }
    }

    /// The inner code, when this code is one.
    pub fn inner(self) -> Option<ErrorCode> {
        (self.top() != self).then_some(self)
    }

    /// Whether `sim expect error expected` holds for an error with this code: the code itself,
    /// or its top-level code (`Forbidden` holds for a `KeyDisabled`).
    pub fn satisfies(self, expected: ErrorCode) -> bool {
        self == expected || self.top() == expected
    }

    /// The HTTP status Azure answers with for this code; 0 when no error status comes back: a CLI
    /// error sends nothing, and a failed long-running operation reports its error in its result.
    pub const fn status(self) -> u16 {
        // Matched on the code itself, every variant named, so a new code must say its status.
        match self {
            ErrorCode::Forbidden
            | ErrorCode::ForbiddenByPolicy
            | ErrorCode::ForbiddenByRbac
            | ErrorCode::KeyDisabled
            | ErrorCode::SecretDisabled
            | ErrorCode::AuthorizationFailed
            | ErrorCode::AuthenticationFailed
            | ErrorCode::AuthorizationPermissionMismatch => 403,
            ErrorCode::KeyNotFound
            | ErrorCode::SecretNotFound
            | ErrorCode::VaultNotFound
            | ErrorCode::ResourceNotFound
            | ErrorCode::ResourceGroupNotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::Conflict => 409,
            ErrorCode::BadParameter
            | ErrorCode::InvalidParameter
            | ErrorCode::BadRequest
            | ErrorCode::BackupBlobInvalid
            | ErrorCode::UserErrorKeyVaultPermissionsNotConfigured => 400,
            ErrorCode::DiskEncryptionInternalError
            | ErrorCode::VmBootLocked
            | ErrorCode::AdeRetired => 500,
            ErrorCode::CliError | ErrorCode::VmExtensionProvisioningError => 0,
        }
    }

    /// How a reader sees it: `Forbidden (KeyDisabled)` for an inner code, `AuthorizationFailed`,
    /// `VmBootLocked (Keyfall's name)`, `az CLI error`.
    pub fn label(self) -> String {
        match (self, self.inner()) {
            (_, Some(inner)) => format!("{} ({inner})", self.top()),
            (ErrorCode::VmBootLocked, None) => "VmBootLocked (Keyfall's name)".to_owned(),
            (ErrorCode::CliError, None) => "az CLI error".to_owned(),
            (code, None) => code.name().to_owned(),
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

    /// A refusal carrying the denial: `Forbidden` with the inner code of the model that refused
    /// on the data plane, `AuthorizationFailed` from Resource Manager on the control plane.
    pub fn forbidden(d: Denied) -> SimError {
        let code = d.missing.code();
        SimError {
            code,
            status: code.status(),
            message: format!("{d}"),
            denied: Some(Box::new(d)),
        }
    }

    /// An error az raises itself, before sending any request (`ERROR: ...` in a terminal).
    pub fn cli(message: impl Into<String>) -> SimError {
        SimError::new(ErrorCode::CliError, message)
    }
}

impl From<Denied> for SimError {
    fn from(d: Denied) -> SimError {
        SimError::forbidden(d)
    }
}

impl std::fmt::Display for SimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.code == ErrorCode::CliError {
            write!(f, "az: ERROR: {}", self.message)
        } else if self.status == 0 {
            write!(f, "{}: {}", self.code.label(), self.message)
        } else {
            write!(
                f,
                "({}) {}: {}",
                self.status,
                self.code.label(),
                self.message
            )
        }
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
        assert_eq!(ErrorCode::MethodNotAllowed.status(), 405);
        assert_eq!(ErrorCode::CliError.status(), 0);
        assert_eq!(
            ErrorCode::VmExtensionProvisioningError.name(),
            "VMExtensionProvisioningError"
        );
        assert_eq!(ErrorCode::VmExtensionProvisioningError.status(), 0);
    }

    #[test]
    fn inner_codes_nest_under_forbidden() {
        // R7, R8: a disabled key or secret is `Forbidden` with the inner error naming it.
        for inner in [
            ErrorCode::KeyDisabled,
            ErrorCode::SecretDisabled,
            ErrorCode::ForbiddenByPolicy,
            ErrorCode::ForbiddenByRbac,
        ] {
            assert_eq!(inner.top(), ErrorCode::Forbidden);
            assert_eq!(inner.inner(), Some(inner));
            assert_eq!(inner.status(), 403);
            assert!(inner.satisfies(ErrorCode::Forbidden));
            assert!(inner.satisfies(inner));
            assert!(!ErrorCode::Forbidden.satisfies(inner));
        }
        assert_eq!(ErrorCode::AuthorizationFailed.inner(), None);
        assert!(!ErrorCode::AuthorizationFailed.satisfies(ErrorCode::Forbidden));
        assert_eq!(ErrorCode::KeyDisabled.label(), "Forbidden (KeyDisabled)");
    }

    #[test]
    fn denials_carry_the_inner_code_of_the_model_that_refused() {
        // R9, R11: access policies answer ForbiddenByPolicy, RBAC ForbiddenByRbac.
        let denied = |missing| Denied {
            principal: "ade-app".into(),
            operation: "wrapKey".into(),
            object: "kv/kek".into(),
            missing,
        };
        let wrap = crate::authz::Op::Key(crate::vocab::KeyPerm::WrapKey);
        let e = SimError::forbidden(denied(Missing::Policy(wrap)));
        assert_eq!((e.code, e.status), (ErrorCode::ForbiddenByPolicy, 403));
        assert!(e.to_string().contains("keys/wrapKey"), "{e}");
        let e = SimError::forbidden(denied(Missing::DataAction(wrap)));
        assert_eq!(e.code, ErrorCode::ForbiddenByRbac);
        assert!(e.to_string().contains("keys/wrap/action"), "{e}");
        let e = SimError::forbidden(denied(Missing::Control("Microsoft.KeyVault/vaults/write")));
        assert_eq!((e.code, e.status), (ErrorCode::AuthorizationFailed, 403));
    }
}
