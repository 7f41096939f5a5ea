//! ADE's retirement as a health risk: the boot tried on a fork whose calendar reads
//! 15 September 2028 (Learn's retirement notice: "encrypted disks will fail to unlock after VM
//! reboots"), so the risk comes from the same failed call the VM will meet on that day.

use crate::error::ErrorCode;
use crate::world::{Vm, World, ade_retirement};

use super::checks::vm_cycle;
use super::explain::try_check;

/// For a VM still encrypted with ADE before the retirement, whose boot on the retirement date
/// fails with the retirement's call: the note the report shows.
pub(super) fn ade_risk(w: &World, vm: &Vm) -> Option<String> {
    if vm.ade.is_none() || w.ade_retired() {
        return None;
    }
    let mut on_the_day = w.fork();
    on_the_day.fx.now = ade_retirement();
    let cycle = vm_cycle(vm.name.clone());
    let Err(failure) = try_check(&on_the_day, &cycle) else {
        return None;
    };
    if failure.as_ref().and_then(|f| f.code) != Some(ErrorCode::AdeRetired) {
        return None;
    }
    Some(format!(
        "Azure Disk Encryption retires on {}: from then on {}'s disks fail to unlock at its next boot. Migrate it to encryption at host.",
        ade_retirement().date_string(),
        vm.name
    ))
}
