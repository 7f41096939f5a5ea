# Quickstart: Create and encrypt a Linux VM with the Azure CLI
# https://learn.microsoft.com/azure/virtual-machines/linux/disk-encryption-cli-quickstart
# Transcribed from MicrosoftDocs/azure-compute-docs,
# articles/virtual-machines/linux/disk-encryption-cli-quickstart.md (ms.date 07/14/2026),
# each code block in the page's order. The page asks the reader to replace
# <your-unique-keyvault-name>; this transcription uses "learn-ade-kv".

## Create a resource group
az group create --name "myResourceGroup" --location "eastus"

## Create a virtual machine
az vm create \
    --resource-group "myResourceGroup" \
    --name "myVM" \
    --image "Canonical:UbuntuServer:20.04-LTS:latest" \
    --size "Standard_D2S_V3"\
    --generate-ssh-keys

## Create a key vault configured for encryption keys
az keyvault create --name "learn-ade-kv" --resource-group "myResourceGroup" --location "eastus" --enabled-for-disk-encryption

## Encrypt the virtual machine
az vm encryption enable -g "MyResourceGroup" --name "myVM" --disk-encryption-keyvault "learn-ade-kv"

## Monitor the progress
az vm encryption show --name "myVM" -g "MyResourceGroup"
