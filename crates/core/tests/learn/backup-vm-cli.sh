# Back up a virtual machine in Azure with the CLI (quickstart)
# https://learn.microsoft.com/azure/backup/quick-backup-vm-cli
# Transcribed from MicrosoftDocs/azure-docs, articles/backup/quick-backup-vm-cli.md, in the page's
# order. The page protects an existing VM from the VM quickstart (myResourceGroup, myVM, eastus);
# those lines come first. The alternative block that pipes `az vm show` into `tr` is left out
# (Keyfall runs no pipes). The retain-until date is moved from 2017 to after Keyfall's clock.
# In the clean-up block the page ends `--name myRecoveryServicesVault \` with a backslash before
# `az group delete`, which bash joins into one az line that az refuses ("unrecognized
# arguments"); the transcription ends the line there. az asks for confirmation of the disable
# and the delete (no --yes on the page); Keyfall's console cannot ask and runs them.

## Prerequisite: the VM quickstart's VM
az group create --name myResourceGroup --location eastus
az vm create --resource-group myResourceGroup --name myVM --image Ubuntu2204 --generate-ssh-keys

## Create a Recovery Services vault
az backup vault create --resource-group myResourceGroup \
    --name myRecoveryServicesVault \
    --location eastus

## Enable backup for an Azure VM
az backup protection enable-for-vm \
    --resource-group myResourceGroup \
    --vault-name myRecoveryServicesVault \
    --vm myVM \
    --policy-name DefaultPolicy

## Start a backup job
az backup protection backup-now \
    --resource-group myResourceGroup \
    --vault-name myRecoveryServicesVault \
    --container-name myVM \
    --item-name myVM \
    --retain-until 18-10-2027

## Monitor the backup job
az backup job list \
    --resource-group myResourceGroup \
    --vault-name myRecoveryServicesVault \
    --output table

## Clean up deployment
az backup protection disable \
    --resource-group myResourceGroup \
    --vault-name myRecoveryServicesVault \
    --container-name myVM \
    --item-name myVM \
    --delete-backup-data true
az backup vault delete \
    --resource-group myResourceGroup \
    --name myRecoveryServicesVault
az group delete --name myResourceGroup
