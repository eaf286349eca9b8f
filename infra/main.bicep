// Entry point for `azd up`: creates the resource group and deploys FuncSession into it.
// Everything inside the group is in modules/resources.bicep, which can also be deployed on its
// own with `az deployment group create` into a group you already have.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; names the resource group and seeds the resource names.')
param environmentName string

@minLength(1)
@description('Azure region for every resource. It must offer the Flex Consumption plan.')
param location string

@secure()
@minLength(44)
@description('Session signing key ring: base64 keys of at least 32 bytes, comma-separated. The first key signs, every key verifies. Generated once by the preprovision hook; keep it across deployments.')
param signingKeys string

@description('Browser origins allowed to call the API with credentials, comma-separated (for example https://app.example.com). Empty allows none.')
param allowedOrigins string = ''

@description('Object id of the principal that provisions; it may read the signing-key secret so a provision from another machine reuses the key. azd fills it in.')
param deployerPrincipalId string = ''

var tags = {
  'azd-env-name': environmentName
}

resource resourceGroup 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module resources 'modules/resources.bicep' = {
  name: 'funcsession-resources'
  scope: resourceGroup
  params: {
    environmentName: environmentName
    location: location
    signingKeys: signingKeys
    allowedOrigins: allowedOrigins
    deployerPrincipalId: deployerPrincipalId
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup.name
output AZURE_FUNCTION_APP_NAME string = resources.outputs.functionAppName
output AZURE_KEY_VAULT_NAME string = resources.outputs.keyVaultName
output AZURE_STORAGE_ACCOUNT_NAME string = resources.outputs.storageAccountName
output AZURE_DASHBOARD_ID string = resources.outputs.dashboardId
output API_BASE_URL string = resources.outputs.apiBaseUrl
