# Use the Azure CLI to enable server-side encryption with customer-managed keys for managed disks
# https://learn.microsoft.com/azure/virtual-machines/linux/disks-enable-customer-managed-keys-cli
# Transcribed from MicrosoftDocs/azure-docs,
# articles/virtual-machines/linux/disks-enable-customer-managed-keys-cli.md and its include
# includes/virtual-machines-disks-encryption-create-key-vault-cli.md, in the page's order, with
# the page's variables (values filled in as the page asks). Two fixes a reader must make to paste
# it at all are marked: the include's `az disk-encryption-set create -n $diskEncryptionSetName`
# line has no trailing backslash (bash would run `-l ...` as a command of its own).
# Without --enable-rbac-authorization false, today's az makes an RBAC vault, so the include's
# key create and set-policy lines fail as they do on Azure; the transcription creates the vault as
# the page did when it was written (access policies), and says so.

## Create an instance of Azure Key Vault and encryption key
subscriptionId=$(az account show --query id -o tsv)
rgName=yourResourceGroupName
location=westcentralus
keyVaultName=yourKeyVaultName
keyName=yourKeyName
diskEncryptionSetName=yourDiskEncryptionSetName
diskName=yourDiskName

az account set --subscription $subscriptionId

az group create --name $rgName --location $location
az keyvault create -n $keyVaultName \
-g $rgName \
-l $location \
--enable-purge-protection true \
--enable-rbac-authorization false

az keyvault key create --vault-name $keyVaultName \
-n $keyName \
--protection software

## Create an instance of a DiskEncryptionSet
keyVaultId=$(az keyvault show --name $keyVaultName --query [id] -o tsv)

keyVaultKeyUrl=$(az keyvault key show --vault-name $keyVaultName --name $keyName --query [key.kid] -o tsv)

# fixed: the page's line lacks the trailing backslash
az disk-encryption-set create -n $diskEncryptionSetName \
-l $location \
-g $rgName \
--source-vault $keyVaultId \
--key-url $keyVaultKeyUrl \
--enable-auto-key-rotation false

## Grant the DiskEncryptionSet resource access to the key vault
desIdentity=$(az disk-encryption-set show -n $diskEncryptionSetName -g $rgName --query [identity.principalId] -o tsv)

az keyvault set-policy -n $keyVaultName \
-g $rgName \
--object-id $desIdentity \
--key-permissions wrapkey unwrapkey get

## Create a VM using a Marketplace image, encrypting the OS and data disks with customer-managed keys
vmName=yourVMName
vmSize=Standard_DS3_V2
image=Ubuntu2204

diskEncryptionSetId=$(az disk-encryption-set show -n $diskEncryptionSetName -g $rgName --query [id] -o tsv)

az vm create -g $rgName -n $vmName -l $location --image $image --size $vmSize --generate-ssh-keys --os-disk-encryption-set $diskEncryptionSetId --data-disk-sizes-gb 128 128 --data-disk-encryption-sets $diskEncryptionSetId $diskEncryptionSetId

## Change the key of a DiskEncryptionSet to rotate the key
az keyvault key rotate --vault-name $keyVaultName --name $keyName
keyVaultKeyUrl=$(az keyvault key show --vault-name $keyVaultName --name $keyName --query [key.kid] -o tsv)
az disk-encryption-set update -n $diskEncryptionSetName -g $rgName --key-url $keyVaultKeyUrl --source-vault $keyVaultId
