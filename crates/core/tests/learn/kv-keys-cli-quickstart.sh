# Quickstart: Set and retrieve a key from Azure Key Vault using Azure CLI
# https://learn.microsoft.com/azure/key-vault/keys/quick-create-cli
# Transcribed from MicrosoftDocs/azure-docs, articles/key-vault/keys/quick-create-cli.md with its
# includes (cli-rg-create.md, key-vault/includes/key-vault-creation-cli.md,
# key-vault/includes/rbac/upn-crypto-officer-cli.md), in the page's order. Placeholders filled:
# <your-unique-keyvault-name> = learn-keys-kv, <upn> = admin@contoso.com (Keyfall's signed-in
# user), <subscription-id> = $subscriptionId, read with `az account show`.

## Create a resource group
az group create --name "myResourceGroup" -l "EastUS"

## Create a key vault
az keyvault create --name "learn-keys-kv" --resource-group "myResourceGroup" --enable-rbac-authorization

## Give your user principal access to the vault (RBAC)
# <subscription-id> filled from az itself, as a reader would look it up:
subscriptionId=$(az account show --query id -o tsv)
az role assignment create --role "Key Vault Crypto Officer" --assignee "admin@contoso.com" --scope "/subscriptions/$subscriptionId/resourceGroups/myResourceGroup/providers/Microsoft.KeyVault/vaults/learn-keys-kv"

## Add a key to Key Vault
az keyvault key create --vault-name "learn-keys-kv" -n ExampleKey --protection software

## View the key
az keyvault key show --name "ExampleKey" --vault-name "learn-keys-kv"
