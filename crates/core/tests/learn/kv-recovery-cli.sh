# Azure Key Vault recovery management with soft delete and purge protection (Azure CLI tab)
# https://learn.microsoft.com/azure/key-vault/general/key-vault-recovery
# Transcribed from MicrosoftDocs/azure-docs, articles/key-vault/general/key-vault-recovery.md, the
# Azure CLI tab's key vault, key and secret blocks in the page's order ({SUBSCRIPTION ID} and the
# other braces filled in; the certificate blocks are left out: certificates are not modelled).
# The vault is made first, as the page's prerequisites ask, in access-policy mode, since the page
# grants recover and purge with set-policy.

## Prerequisite: a key vault with a key and a secret
az group create --name ContosoRG --location westus
az keyvault create --name ContosoVault --resource-group ContosoRG --location westus --enable-rbac-authorization false
az keyvault key create --vault-name ContosoVault --name ContosoFirstKey
az keyvault secret set --vault-name ContosoVault --name SQLPassword --value "hVFkk965BuUv"
subscriptionId=$(az account show --query id -o tsv)

## Verify if a key-vault has soft-delete enabled
az keyvault show --subscription $subscriptionId -g ContosoRG -n ContosoVault

## Grant access to purge and recover keys
az keyvault set-policy --upn user@contoso.com --subscription $subscriptionId -g ContosoRG -n ContosoVault  --key-permissions recover purge

## Delete key
az keyvault key delete --subscription $subscriptionId --vault-name ContosoVault --name ContosoFirstKey

## List deleted keys
az keyvault key list-deleted --subscription $subscriptionId --vault-name ContosoVault

## Recover deleted key
az keyvault key recover --subscription $subscriptionId --vault-name ContosoVault --name ContosoFirstKey

## Delete secret
az keyvault secret delete --subscription $subscriptionId --vault-name ContosoVault --name SQLPassword

## List deleted secrets
az keyvault secret list-deleted --subscription $subscriptionId --vault-name ContosoVault

## Purge soft-deleted secret
az keyvault secret purge --subscription $subscriptionId --vault-name ContosoVault --name SQLPassword

## Enable purge-protection on key-vault
az keyvault update --subscription $subscriptionId -g ContosoRG -n ContosoVault --enable-purge-protection true

## Delete key vault (recoverable if soft delete is enabled)
az keyvault delete --subscription $subscriptionId -g ContosoRG -n ContosoVault

## List all soft-deleted key vaults
az keyvault list-deleted --subscription $subscriptionId --resource-type vault

## Recover soft-deleted key-vault
az keyvault recover --subscription $subscriptionId -n ContosoVault
