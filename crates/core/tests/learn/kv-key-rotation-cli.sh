# Configure cryptographic key auto-rotation in Azure Key Vault (Azure CLI)
# https://learn.microsoft.com/azure/key-vault/keys/how-to-configure-key-rotation
# Transcribed from the page's Azure CLI sections: the rotation policy given as JSON to
# `az keyvault key rotation-policy update --value`, and rotation on demand. The page's
# prerequisites (a vault and a key, and the "Key Vault Crypto Officer" role the page says rotation
# management needs) are written first.

## Prerequisite: a vault, the Crypto Officer role and a key
az group create --name myResourceGroup --location eastus
az keyvault create --name learn-rotation-kv --resource-group myResourceGroup --location eastus
vaultId=$(az keyvault show --name learn-rotation-kv --query id -o tsv)
az role assignment create --role "Key Vault Crypto Officer" --assignee admin@contoso.com --scope $vaultId
az keyvault key create --vault-name learn-rotation-kv --name myKey --kty RSA

## Set rotation policy (the page's example policy)
az keyvault key rotation-policy update --vault-name learn-rotation-kv --name myKey --value '{
  "lifetimeActions": [
    {
      "trigger": {
        "timeAfterCreate": "P18M",
        "timeBeforeExpiry": null
      },
      "action": {
        "type": "Rotate"
      }
    },
    {
      "trigger": {
        "timeBeforeExpiry": "P30D"
      },
      "action": {
        "type": "Notify"
      }
    }
  ],
  "attributes": {
    "expiryTime": "P2Y"
  }
}'

## Show it back
az keyvault key rotation-policy show --vault-name learn-rotation-kv --name myKey

## Rotation on demand
az keyvault key rotate --vault-name learn-rotation-kv --name myKey
