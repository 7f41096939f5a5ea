# Quickstart: Create and encrypt a Windows VM by using the Azure CLI
# https://learn.microsoft.com/azure/virtual-machines/windows/disk-encryption-cli-quickstart
# Transcribed from MicrosoftDocs/azure-compute-docs,
# articles/virtual-machines/windows/disk-encryption-cli-quickstart.md (ms.date 07/14/2026),
# each code block in the page's order, as the page writes it (names in mixed case included).

## Create a resource group
az group create --name myResourceGroup --location eastus

## Create a virtual machine
az vm create \
    --resource-group myResourceGroup \
    --name myVM \
    --image win2016datacenter \
    --admin-username azureuser \
    --admin-password myPassword12

## Create a key vault configured for encryption keys
az keyvault create --name "myKV" --resource-group "myResourceGroup" --location eastus --enabled-for-disk-encryption

## Encrypt the virtual machine
az vm encryption enable -g MyResourceGroup --name MyVM --disk-encryption-keyvault myKV

## Verify that encryption is enabled
az vm encryption show --name MyVM -g MyResourceGroup
