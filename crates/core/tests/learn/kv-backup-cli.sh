# Azure Key Vault backup
# https://learn.microsoft.com/azure/key-vault/general/backup
# Transcribed from MicrosoftDocs/azure-docs, articles/key-vault/general/backup.md (ms.date
# 3/18/2021), the Azure CLI tab, in the page's order. The page's block is one block with a `## `
# comment before each command; here each comment heads a block of its own. Its placeholders
# ({AZURE SUBSCRIPTION ID}, {File Path}, {Key Name}, {Key Vault Name}, ...) are filled in with
# what its prerequisites name: a primary vault holding a key and a secret, and a secondary vault
# in the same subscription and geography, both made first. Today's `az keyvault create` makes
# RBAC vaults, so the prerequisites give the signed-in user the Key Vault Administrator role.

## Prerequisites: a primary and a secondary key vault
az group create --name myResourceGroup --location westeurope
az keyvault create --name kv-primary --resource-group myResourceGroup --location westeurope
az keyvault create --name kv-secondary --resource-group myResourceGroup --location northeurope
az role assignment create --assignee admin@contoso.com --role "Key Vault Administrator" \
    --scope /subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/myResourceGroup
az keyvault key create --vault-name kv-primary --name myKey
az keyvault secret set --vault-name kv-primary --name mySecret --value "s3cr3t"

## Log in to Azure
az login

## Set your subscription
az account set --subscription 00000000-0000-4000-8000-000000000001

## Register Key Vault as a provider
az provider register -n Microsoft.KeyVault

## Back up a certificate in Key Vault
az keyvault certificate backup --file myCert.blob --name myCert --vault-name kv-primary --subscription 00000000-0000-4000-8000-000000000001

## Back up a key in Key Vault
az keyvault key backup --file myKey.blob --name myKey --vault-name kv-primary --subscription 00000000-0000-4000-8000-000000000001

## Back up a secret in Key Vault
az keyvault secret backup --file mySecret.blob --name mySecret --vault-name kv-primary --subscription 00000000-0000-4000-8000-000000000001

## Restore a certificate in Key Vault
az keyvault certificate restore --file myCert.blob --vault-name kv-secondary --subscription 00000000-0000-4000-8000-000000000001

## Restore a key in Key Vault
az keyvault key restore --file myKey.blob --vault-name kv-secondary --subscription 00000000-0000-4000-8000-000000000001

## Restore a secret in Key Vault
az keyvault secret restore --file mySecret.blob --vault-name kv-secondary --subscription 00000000-0000-4000-8000-000000000001
