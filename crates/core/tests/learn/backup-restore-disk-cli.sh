# Restore a disk and create a recovered VM in Azure (tutorial, Azure CLI)
# https://learn.microsoft.com/azure/backup/tutorial-restore-disk
# Transcribed from MicrosoftDocs/azure-docs, articles/backup/tutorial-restore-disk.md, in the
# page's order, after the backup quickstart it requires. The storage account lines are real az
# outside Keyfall's part of Azure: pasted, they are answered "not modelled in Keyfall".

## Prerequisite: a VM protected with Azure Backup, with a recovery point
az group create --name myResourceGroup --location eastus
az vm create --resource-group myResourceGroup --name myVM --image Ubuntu2204 --generate-ssh-keys
az backup vault create --resource-group myResourceGroup --name myRecoveryServicesVault --location eastus
az backup protection enable-for-vm --resource-group myResourceGroup --vault-name myRecoveryServicesVault --vm myVM --policy-name DefaultPolicy
az backup protection backup-now --resource-group myResourceGroup --vault-name myRecoveryServicesVault --container-name myVM --item-name myVM --retain-until 18-10-2027

## List available recovery points
rp=$(az backup recoverypoint list \
    --resource-group myResourceGroup \
    --vault-name myRecoveryServicesVault \
    --container-name myVM \
    --item-name myVM \
    --query [0].name \
    --output tsv)

## Create a storage account (not modelled)
az storage account create \
    --resource-group myResourceGroup \
    --name mystorageaccount \
    --sku Standard_LRS

## Restore a VM disk
az backup restore restore-disks \
    --resource-group myResourceGroup \
    --vault-name myRecoveryServicesVault \
    --container-name myVM \
    --item-name myVM \
    --storage-account mystorageaccount \
    --rp-name $rp \
    --target-resource-group myResourceGroup

## Monitor the restore job
az backup job list \
    --resource-group myResourceGroup \
    --vault-name myRecoveryServicesVault \
    --output table
