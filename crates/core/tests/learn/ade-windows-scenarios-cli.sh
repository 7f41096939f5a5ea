# Azure Disk Encryption scenarios on Windows VMs (Azure CLI)
# https://learn.microsoft.com/azure/virtual-machines/windows/disk-encryption-windows
# Transcribed from MicrosoftDocs/azure-compute-docs,
# articles/virtual-machines/windows/disk-encryption-windows.md (ms.date 02/20/2026), its Azure
# CLI blocks in the page's order: encrypt a running VM, then one with a KEK, verify, disable.
# The page's `--volume-type [All|OS|Data]` is a choice to make; this transcription picks OS.
# The resource group, VMs, vault and KEK are the page's prerequisites (the KEK of 3072 bits that
# Windows Server 2022 needs, R2).

## Prerequisites
az group create --name MyVirtualMachineResourceGroup --location eastus
az vm create --resource-group MyVirtualMachineResourceGroup --name MySecureVM --image Win2022Datacenter --admin-username azureuser --admin-password "Sample-Password-1"
az vm create --resource-group MyVirtualMachineResourceGroup --name MyExtraSecureVM --image Win2022Datacenter --admin-username azureuser --admin-password "Sample-Password-1"
az keyvault create --name MySecureVault --resource-group MyVirtualMachineResourceGroup --location eastus --enabled-for-disk-encryption true --enable-rbac-authorization false
az keyvault key create --vault-name MySecureVault --name MyKEK --kty RSA --size 3072
kekUri=$(az keyvault key show --vault-name MySecureVault --name MyKEK --query key.kid -o tsv)

## Encrypt a running VM
az vm encryption enable --resource-group "MyVirtualMachineResourceGroup" --name "MySecureVM" --disk-encryption-keyvault "MySecureVault" --volume-type OS

## Encrypt a running VM using KEK
az vm encryption enable --resource-group "MyVirtualMachineResourceGroup" --name "MyExtraSecureVM" --disk-encryption-keyvault  "MySecureVault" --key-encryption-key "$kekUri" --key-encryption-keyvault "MySecureVault" --volume-type OS

## Verify the disks are encrypted
az vm encryption show --name "MySecureVM" --resource-group "MyVirtualMachineResourceGroup"

## Disable encryption
az vm encryption disable --name "MySecureVM" --resource-group "MyVirtualMachineResourceGroup" --volume-type "all"
