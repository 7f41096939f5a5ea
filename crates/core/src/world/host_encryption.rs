//! Encryption at host, the subscription feature it needs, and the retirement of Azure Disk
//! Encryption on 15 September 2028 (docs/fidelity.md, "Encryption at host and ADE's
//! retirement", cites the Learn pages each rule comes from).

use crate::asset::AssetId;
use crate::command::FeatureOp;
use crate::error::{ErrorCode, SimError};
use crate::time::{Date, SimDuration, SimTime};

use super::{Outcome, PowerState, World};

/// The one preview feature Keyfall models, as `az feature` names it.
pub(crate) const EAH_FEATURE: &str = "Microsoft.Compute/EncryptionAtHost";

/// Learn's CLI page: the state turns Registered "(takes a few minutes)"; Keyfall takes five.
const REGISTRATION_SECS: u64 = 300;

/// The day ADE retires: from then on "encrypted disks will fail to unlock after VM reboots"
/// (Learn's retirement notice on every ADE page).
pub fn ade_retirement() -> SimTime {
    SimTime::from_date(Date {
        year: 2028,
        month: 9,
        day: 15,
    })
}

/// Azure's answer to a VM that asks for encryption at host in a subscription without the
/// feature (`InvalidParameter`, target `securityProfile.encryptionAtHost`).
fn feature_not_enabled() -> SimError {
    SimError::new(
        ErrorCode::InvalidParameter,
        format!(
            "The property 'securityProfile.encryptionAtHost' is not valid because the '{EAH_FEATURE}' feature is not enabled for this subscription."
        ),
    )
}

impl World {
    /// The registration state `az feature show` prints: `NotRegistered`, `Registering` for a
    /// few minutes after `az feature register`, then `Registered`.
    pub fn feature_state(&self, feature: &str) -> &'static str {
        let key = if feature.eq_ignore_ascii_case(EAH_FEATURE) {
            EAH_FEATURE
        } else {
            feature
        };
        match self.features.get(key) {
            None => "NotRegistered",
            Some(at) if self.now() < at.plus(SimDuration(REGISTRATION_SECS)) => "Registering",
            Some(_) => "Registered",
        }
    }

    /// `az feature register` and `az feature show`.
    pub(crate) fn feature_command(
        &mut self,
        who: &str,
        op: FeatureOp,
        namespace: &str,
        name: &str,
    ) -> Result<Outcome, SimError> {
        let feature = format!("{namespace}/{name}");
        if !feature.eq_ignore_ascii_case(EAH_FEATURE) {
            // Resource Manager's answer to a name it does not know (`FeatureNotFound`).
            return Err(SimError::new(
                ErrorCode::ResourceNotFound,
                format!(
                    "The feature '{name}' could not be found. Keyfall models one feature: {EAH_FEATURE}."
                ),
            ));
        }
        match op {
            FeatureOp::Show => Ok(Outcome::msg(format!(
                "{EAH_FEATURE}: {}",
                self.feature_state(EAH_FEATURE)
            ))),
            FeatureOp::Register => {
                let sub = super::DEFAULT_SUBSCRIPTION;
                self.authorize_subscription(
                    who,
                    sub,
                    "Microsoft.Features/providers/features/register/action",
                )
                .map_err(SimError::forbidden)?;
                if !self.features.contains_key(EAH_FEATURE) {
                    let now = self.now();
                    std::sync::Arc::make_mut(&mut self.features)
                        .insert(EAH_FEATURE.to_owned(), now);
                    self.fx
                        .state(AssetId::Feature(EAH_FEATURE.to_owned()), "registered");
                }
                // azure-cli `register_feature` prints this after every registration.
                Ok(Outcome::msg(
                    "Once the feature 'EncryptionAtHost' is registered, invoking 'az provider register -n Microsoft.Compute' is required to get the change propagated",
                ))
            }
        }
    }

    /// Whether the subscription may set `securityProfile.encryptionAtHost`.
    pub(crate) fn require_eah_feature(&self) -> Result<(), SimError> {
        if self.feature_state(EAH_FEATURE) == "Registered" {
            Ok(())
        } else {
            Err(feature_not_enabled())
        }
    }

    /// `az vm update --set securityProfile.encryptionAtHost=B`: only on a deallocated VM, never
    /// on one that has or had ADE.
    pub(crate) fn vm_update_eah(
        &mut self,
        who: &str,
        vm_name: &str,
        on: bool,
    ) -> Result<Outcome, SimError> {
        let vm = self.vm_ref(vm_name)?;
        let (sub, power, used_ade) = (vm.subscription.clone(), vm.power, vm.used_ade);
        let disk_name = vm.disk_name.clone();
        let current = vm.profile.encryption_at_host.unwrap_or(false);
        self.require_owner(who, &sub, "Microsoft.Compute/virtualMachines/write")?;
        if on {
            self.require_eah_feature()?;
        }
        if on == current {
            return Ok(Outcome::msg(format!(
                "{vm_name}: securityProfile.encryptionAtHost is {on} already"
            )));
        }
        if power != PowerState::Deallocated {
            // The Compute API's refusal, as terraform-provider-azurerm quotes it.
            return Err(SimError::new(
                ErrorCode::Conflict,
                "'securityProfile.encryptionAtHost' can be updated only when VM is in deallocated state",
            ));
        }
        if on && used_ade {
            return Err(super::disk::ude_refusal(vm_name, &disk_name));
        }
        self.vm_mut(vm_name)?.profile.encryption_at_host = Some(on);
        let change = if on {
            "encryption at host enabled: temp disk and disk caches encrypted on the host"
        } else {
            "encryption at host disabled"
        };
        Ok(self.changed(
            AssetId::Vm(vm_name.into()),
            change,
            format!("{vm_name} updated: securityProfile.encryptionAtHost={on}"),
        ))
    }

    /// `az vm delete`: the VM goes; its disks stay, unattached (the API's default
    /// `deleteOption` is Detach, and Learn's migration deletes the old disk on its own). Backup
    /// items and their recovery points stay too.
    pub(crate) fn vm_delete(&mut self, who: &str, vm_name: &str) -> Result<Outcome, SimError> {
        let vm = self.vm_ref(vm_name)?.clone();
        self.require_owner(
            who,
            &vm.subscription,
            "Microsoft.Compute/virtualMachines/delete",
        )?;
        self.vms.remove(vm_name);
        self.keep_disks_of(&vm);
        Ok(self.changed(
            AssetId::Vm(vm_name.into()),
            format!("deleted; its disk {} stays, unattached", vm.disk_name),
            format!("VM {vm_name} deleted"),
        ))
    }

    /// Whether ADE has retired: an ADE disk no longer unlocks at a boot.
    pub fn ade_retired(&self) -> bool {
        self.now() >= ade_retirement()
    }

    /// Past the retirement, the platform refuses to unlock an ADE disk at a boot.
    pub(crate) fn ade_retired_error(vm_name: &str) -> SimError {
        SimError::new(
            ErrorCode::AdeRetired,
            format!(
                "Azure Disk Encryption retired on {}: the platform no longer unlocks {vm_name}'s ADE-encrypted disks after a reboot. Migrate to encryption at host.",
                ade_retirement().date_string()
            ),
        )
    }
}
