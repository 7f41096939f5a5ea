# Quickstart: Set and retrieve a secret from Azure Key Vault using Azure CLI
# https://learn.microsoft.com/azure/key-vault/secrets/quick-create-cli
# Transcribed from MicrosoftDocs/azure-docs, articles/key-vault/secrets/quick-create-cli.md, in the
# page's order. This version of the page creates the vault without a role assignment and without
# --enable-rbac-authorization: with today's az (RBAC by default) the secret set is refused, and
# that refusal is what this transcription checks.

az login

## Create a resource group
az group create --name "ContosoResourceGroup" --location eastus

## Create a Key Vault
az keyvault create --name "Contoso-Vault2" --resource-group "ContosoResourceGroup" --location eastus

## Add a secret to Key Vault
az keyvault secret set --vault-name "Contoso-Vault2" --name "ExamplePassword" --value "hVFkk965BuUv"
